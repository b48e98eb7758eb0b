"""A document's facts (region, year, kind) in the dashboard: shown with what is unsure, edited by people.

:func:`apply_edit` is shared by the page form and the API: the edit is checked and audited, the
document read again (``planwatch.review.facts.edit_facts``), then tracking runs over the store as it
does after a statement correction, so the region's judgements use the new periods.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from planwatch.review.doubts import fact_reason
from planwatch.review.facts import FIELDS, FactError, FactsEdit, edit_facts
from planwatch.serve.labels import fact_message, label, text
from planwatch.serve.schemas import DocumentOut


def error_message(err: FactError) -> str:
    """The refusal in Chinese."""
    return fact_message(err.code, **err.values)


def apply_edit(session: Session, key: str, actor: str, values: Mapping[str, object]) -> FactsEdit:
    """Give the facts ``values`` for document ``key`` as ``actor``, track again, commit.

    Raises :class:`FactError` (nothing is changed then).
    """
    from planwatch.service import retrack

    try:
        edit = edit_facts(session, key, actor, values)
    except Exception:
        session.rollback()
        raise
    if edit.changed:
        retrack(session)  # a tracking failure never costs the edit
    session.commit()
    return edit


def form_values(form: Mapping[str, Any]) -> dict[str, str]:
    """The fact fields of a submitted form (blank ones included: they stop giving the fact)."""
    return {f: str(form.get(f) or "").strip() for f in FIELDS if isinstance(form.get(f, ""), str)}


@dataclass(frozen=True)
class FactRow:
    """One fact as the document page shows it."""

    field: str
    name: str  # 地区 / 年份 / 文件类型
    value: str
    given: str | None  # the value a person gave, if any
    unsure: tuple[str, ...]  # why the engine is unsure (Chinese), empty when it is sure


def _shown(doc: DocumentOut, field: str) -> str:
    if field == "region":
        return doc.region or text("region_unknown")
    if field == "kind":
        return label("doc_kind", doc.kind)
    return text("list_separator").join(doc.plans) if doc.plans else "—"


def fact_rows(doc: DocumentOut) -> list[FactRow]:
    """The document's region, year and kind, each with the value given and the engine's doubts."""
    doubts: dict[str, list[str]] = {}
    for entry in doc.unsure:
        field, reason = fact_reason(entry)
        doubts.setdefault(field, []).append(reason or text("fact_unsure_reason"))
    return [
        FactRow(f, label("fact_field", f), _shown(doc, f), doc.given.get(f), tuple(doubts.get(f, ())))
        for f in FIELDS
    ]
