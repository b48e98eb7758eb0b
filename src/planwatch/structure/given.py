"""Facts a person gave for a document: they win over what the structure stage reads.

A person gives a document's region, year or kind (``planwatch ingest --region/--year/--kind``, the
upload form, an edit in the dashboard); they live in ``Document.meta`` under
:data:`~planwatch.model.GIVEN_FACT_KEYS` and so are kept across re-extraction.

- :func:`given` reads them from the meta (a malformed value counts as not given);
- :func:`apply_given` lays them over the facts the engine read: the region and the kind replace the
  engine's; the year makes a work or plan report plan that year and review the year before (a
  multi-year review ending that year, such as a term's, is kept); each given fact drops the
  engine's doubt about it from ``facts.unsure``.

:func:`planwatch.structure.analyse` also reads the given year and kind *before* it names the sections'
periods, so that statements under 今年 or 过去一年 get the given year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import cast, get_args

from planwatch.model import DocKind, DocumentFacts
from planwatch.structure.periods import MAX_YEAR, MIN_YEAR, bounds, sort_periods

__all__ = ["Given", "apply_given", "given"]

#: The document kinds a person may give.
KINDS: tuple[str, ...] = get_args(DocKind)
#: Kinds whose periods follow their year: the year planned, the year before reviewed.
YEARLY: tuple[str, ...] = ("work_report", "plan_report")


@dataclass(frozen=True)
class Given:
    """The facts a person gave (None: not given)."""

    region: str | None = None
    year: int | None = None
    kind: DocKind | None = None

    def fields(self) -> tuple[str, ...]:
        """The names of the fields given, as ``DocumentFacts.unsure`` entries start."""
        return tuple(f for f in ("region", "year", "kind") if getattr(self, f) is not None)


def _year(value: object) -> int | None:
    text = str(value).strip() if value is not None else ""
    if not text.isdigit():
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def given(meta: Mapping[str, object]) -> Given:
    """The facts ``meta`` gives (``given_region``, ``given_year``, ``given_kind``)."""
    region = str(meta.get("given_region") or "").strip() or None
    kind = str(meta.get("given_kind") or "").strip()
    return Given(
        region=region,
        year=_year(meta.get("given_year")),
        kind=cast(DocKind, kind) if kind in KINDS else None,
    )


def _unsure_field(entry: str) -> str:
    """``year`` of ``"year: no year in the text"``."""
    return entry.partition(":")[0].strip()


def _year_periods(facts: DocumentFacts, year: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reviews, plans) of a yearly report for ``year``: engine periods consistent with it are kept."""
    plans = (str(year),)
    kept = [p for p in facts.reviews if bounds(p)[1] == year - 1]
    reviews = sort_periods(kept or [str(year - 1)])
    return reviews, plans


def apply_given(facts: DocumentFacts, meta: Mapping[str, object]) -> DocumentFacts:
    """``facts`` with the facts a person gave in ``meta`` laid over them."""
    g = given(meta)
    if not g.fields():
        return facts
    out = facts
    if g.region is not None:
        out = replace(out, region=g.region)
    if g.kind is not None:
        out = replace(out, kind=g.kind)
    if g.year is not None and out.kind in YEARLY:
        reviews, plans = _year_periods(out, g.year)
        out = replace(out, reviews=reviews, plans=plans)
    gone = set(g.fields())
    return replace(out, unsure=tuple(u for u in out.unsure if _unsure_field(u) not in gone))
