"""Tracking: judge every target against the results reported later (docs/tracking-method.md).

``judge`` is pure: statements paired with their documents' facts in, judgements out. Running it over
the store (with corrections applied) is ``planwatch.service.track_store``.
"""

from __future__ import annotations

from planwatch.track.judge import default_today, judge, region_vocabulary
from planwatch.track.match import Idf

__all__ = ["Idf", "default_today", "judge", "region_vocabulary"]
