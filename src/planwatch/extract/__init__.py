"""extract stage: Document (+ Structure) -> grounded quantitative statements.

Public API: :func:`extract`. The engine holds no language words; they live in
``planwatch/rules/zh/*.yaml`` (see :mod:`planwatch.extract.rulebook`).
"""

from __future__ import annotations

from planwatch.extract.engine import GroundingError, extract

__all__ = ["GroundingError", "extract"]
