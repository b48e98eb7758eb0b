"""Query parameters shared by the pages, the API and the exports."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

KindParam = Literal["target", "actual", "estimate"]
StatusParam = Literal[
    "achieved", "missed", "likely_achieved", "likely_missed", "on_track", "at_risk", "no_data"
]
MeasureParam = Literal["level", "growth", "share", "delta"]
DocKindParam = Literal["work_report", "plan_report", "five_year_plan", "evaluation", "other"]

Text = Annotated[str | None, Query(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def clean(value: str | None) -> str | None:
    """A filter value without NUL characters or surrounding blanks; None when nothing is left."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None
