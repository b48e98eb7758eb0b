"""Query parameters shared by the pages, the API and the exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query

from planwatch.model import DocKind, Kind, Measure, Status

#: Enumerated filters take only their values (422 otherwise): the model's own enumerations.
KindParam = Kind
StatusParam = Status
MeasureParam = Measure
DocKindParam = DocKind
#: A page's filter form sends an empty value for "any".
StatusChoice = Annotated[Status | Literal[""] | None, Query()]

Text = Annotated[str | None, Query(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
#: The opaque cursor of keyset pagination: the ``next`` link of the page before (``read.keyset``).
After = Annotated[
    str | None,
    Query(max_length=2000, description="the cursor of the page before (its `next` link); replaces offset"),
]


def clean(value: str | None) -> str | None:
    """A filter value without NUL characters or surrounding blanks; None when nothing is left."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None


@dataclass(frozen=True)
class StatementFilter:
    """The filters of ``/statements`` and its exports, cleaned, as ``queries.statements`` takes them."""

    region: str | None
    canonical: str | None
    indicator: str | None
    kind: str | None
    period: str | None
    measure: str | None
    doc: str | None
    q: str | None


def statement_filter(
    region: Text = None,
    canonical: Text = None,
    indicator: Text = None,
    kind: KindParam | None = None,
    period: Text = None,
    measure: MeasureParam | None = None,
    doc: Text = None,
    q: Text = None,
) -> StatementFilter:
    """The statement filters from the query string (a FastAPI dependency)."""
    return StatementFilter(
        region=clean(region),
        canonical=clean(canonical),
        indicator=clean(indicator),
        kind=kind,
        period=clean(period),
        measure=measure,
        doc=clean(doc),
        q=clean(q),
    )


@dataclass(frozen=True)
class TargetFilter:
    """The target filters of ``/targets`` and its exports, cleaned, as ``queries.judgements`` takes them."""

    region: str | None
    period: str | None
    status: str | None
    canonical: str | None
    indicator: str | None
    doc: str | None


def target_filter(
    region: Text = None,
    period: Text = None,
    status: StatusParam | None = None,
    canonical: Text = None,
    indicator: Text = None,
    doc: Text = None,
) -> TargetFilter:
    """The target filters from the query string (a FastAPI dependency)."""
    return TargetFilter(
        region=clean(region),
        period=clean(period),
        status=status,
        canonical=clean(canonical),
        indicator=clean(indicator),
        doc=clean(doc),
    )


@dataclass(frozen=True)
class Page:
    """Which slice of a listing to return."""

    limit: int
    offset: int
    after: str | None = None


def page(limit: Limit = 100, offset: Offset = 0, after: After = None) -> Page:
    """The page of a filtered listing (a FastAPI dependency, after the filters in the OpenAPI document).

    ``after`` (keyset pagination) is the way through a long listing; ``offset`` still works, but
    reads every row before the page.
    """
    return Page(limit=limit, offset=offset, after=after or None)


StatementFilters = Annotated[StatementFilter, Depends(statement_filter)]
TargetFilters = Annotated[TargetFilter, Depends(target_filter)]
Paging = Annotated[Page, Depends(page)]
