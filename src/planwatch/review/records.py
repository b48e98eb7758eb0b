"""Validating a statement record a person typed, and small shared helpers."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any, get_args

from planwatch.errors import PlanWatchError
from planwatch.model import RECORD_FIELDS, Comparator, Direction, Kind, Measure

PERIOD = re.compile(r"^\d{4}(-\d{4})?$")
EDITABLE: tuple[str, ...] = tuple(f for f in RECORD_FIELDS if f not in ("doc", "text"))
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": get_args(Kind), "measure": get_args(Measure),
    "comparator": get_args(Comparator), "direction": get_args(Direction),
}
MAX_TEXT = 200


class ReviewError(PlanWatchError):
    """A correction that cannot be recorded; ``status`` is the HTTP status that fits."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def settle(base: dict[str, Any], changes: dict[str, Any], doc_text: str, doc: str) -> dict[str, Any]:
    """``base`` with ``changes`` (only editable fields), validated; ``text`` follows the span."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ReviewError(f"unknown field(s): {', '.join(sorted(unknown))}")
    rec = {**base, **changes, "doc": doc}
    try:
        start, end = int(rec["start"]), int(rec["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewError("start and end must be integers") from exc
    if not 0 <= start < end <= len(doc_text):
        raise ReviewError(f"span [{start}, {end}) is outside the document")
    rec["start"], rec["end"], rec["text"] = start, end, doc_text[start:end]
    for f, allowed in CHOICES.items():
        if rec.get(f) not in allowed:
            raise ReviewError(f"{f} must be one of {', '.join(allowed)}")
    try:
        value = float(rec.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ReviewError("value must be a number") from exc
    if not math.isfinite(value):
        raise ReviewError("value must be a finite number")
    rec["value"] = int(value) if value.is_integer() and abs(value) < 2**53 else value
    if not PERIOD.match(str(rec.get("period", ""))):
        raise ReviewError("period must be a year (2020) or a span (2016-2020)")
    for f in ("indicator", "unit"):
        v = str(rec.get(f) or "").strip()
        if not v or len(v) > MAX_TEXT:
            raise ReviewError(f"{f} must be 1-{MAX_TEXT} characters")
        rec[f] = v
    canonical = str(rec.get("canonical") or "").strip()
    if len(canonical) > 100:
        raise ReviewError("canonical is too long")
    rec["canonical"] = canonical or None
    rec["period"] = str(rec["period"])
    return {k: rec[k] for k in RECORD_FIELDS}
