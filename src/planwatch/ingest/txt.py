"""Plain text: the canonical text is the file exactly as decoded (no newline or space changes)."""

from __future__ import annotations

from .encoding import decode


def read_txt(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``; raises ``encoding.DecodeError`` with the reason."""
    return decode(data)
