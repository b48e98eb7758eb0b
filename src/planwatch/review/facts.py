"""Facts a person gives or corrects for a document: region, year, kind.

They are checked here (:func:`check_given`: a year 1949–2100, a contract kind, a region the store or
the gazetteer knows, resolved to its full name), kept in the document's meta under
:data:`~planwatch.model.GIVEN_FACT_KEYS` — so ``planwatch ingest --reextract`` keeps them — and
applied by the structure stage (``planwatch.structure.analyse`` reads them from the meta).
:func:`edit_facts` records an edit with its audit entry and re-reads the document (structure and
extraction, as ``--reextract`` does for one document); the caller runs tracking again and commits.

Errors are :class:`FactError`: a code and values, which the dashboard words in Chinese
(``fact_errors`` in ``rules/zh/labels.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.model import GIVEN_FACT_KEYS, DocKind
from planwatch.pipeline import process_document
from planwatch.review.records import ReviewError, now
from planwatch.review.schema import AuditRow
from planwatch.store import repository as repo
from planwatch.store.schema import DocumentRow, Region
from planwatch.structure.periods import MAX_YEAR, MIN_YEAR
from planwatch.structure.regions import candidates, full_names
from planwatch.structure.rules import rules

#: The facts a person may give, and the meta key each is kept under.
FIELDS: dict[str, str] = dict(zip(("region", "year", "kind"), GIVEN_FACT_KEYS, strict=True))
#: The document kinds a person may give (the contract's).
KINDS: tuple[str, ...] = get_args(DocKind)
#: The audit events: an edit, and facts given with an upload.
EVENT, GIVE = "facts.edit", "facts.give"
MAX_CHOICES = 6


class FactError(ReviewError):
    """A given fact that cannot be kept: ``code`` names the problem, ``values`` fill its message."""

    def __init__(self, code: str, status: int = 400, **values: Any) -> None:
        super().__init__(f"{code}: {values}", status)
        self.code = code
        self.values = values


def check_year(value: object) -> str:
    text = str(value).strip()
    if not (text.isdigit() and len(text) == 4 and MIN_YEAR <= int(text) <= MAX_YEAR):
        raise FactError("year", value=text[:20], low=MIN_YEAR, high=MAX_YEAR)
    return text


def check_kind(value: object) -> str:
    text = str(value).strip()
    if text not in KINDS:
        raise FactError("kind", value=text[:40], choices=KINDS)
    return text


def resolve_region(session: Session | None, value: object) -> str:
    """The full name of the region ``value`` names: the country, a region the store holds, or a
    division of the gazetteer (``北京市东城区``, ``深圳市宝安区`` → ``广东省深圳市宝安区``)."""
    name = "".join(str(value).split())
    if not name:
        raise FactError("region_unknown", value=name)
    if name == rules().national_name or name in full_names():
        return name
    if session is not None and session.scalar(select(Region.name).where(Region.name == name)):
        return name
    places = candidates(name)
    if len(places) == 1:
        return places[0].full
    if places:
        names = sorted(p.full for p in places)
        raise FactError("region_ambiguous", value=name, choices=tuple(names[:MAX_CHOICES]))
    raise FactError("region_unknown", value=name[:60])


def check_given(session: Session | None, values: Mapping[str, object]) -> dict[str, str | None]:
    """``values`` (``region``/``year``/``kind``) checked: meta key → value, None where a value is
    blank (the fact is no longer given). Fields absent from ``values`` are left out."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise FactError("field", value=", ".join(sorted(unknown))[:60])
    check = {"region": lambda v: resolve_region(session, v), "year": check_year, "kind": check_kind}
    out: dict[str, str | None] = {}
    for field, value in values.items():
        blank = value is None or not str(value).strip()
        out[FIELDS[field]] = None if blank else check[field](value)
    return out


def given_of(meta: Mapping[str, Any]) -> dict[str, str]:
    """The facts a document's meta gives, by field (``region``/``year``/``kind``)."""
    found = {f: str(meta.get(key) or "").strip() for f, key in FIELDS.items()}
    return {f: v for f, v in found.items() if v}


def with_given(meta: Mapping[str, Any], changes: Mapping[str, str | None]) -> dict[str, Any]:
    """``meta`` with ``changes`` (from :func:`check_given`) applied."""
    out = dict(meta)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return dict(sorted(out.items()))


def _facts_record(row: DocumentRow) -> dict[str, Any]:
    return {
        "region": row.region, "kind": row.kind, "reviews": list(row.reviews or ()),
        "plans": list(row.plans or ()), "unsure": list(row.unsure or ()),
        "given": given_of(row.meta or {}),
    }


@dataclass(frozen=True)
class FactsEdit:
    """What an edit did: the document, its facts before and after, and its statements now."""

    sha: str
    name: str
    before: dict[str, Any]
    after: dict[str, Any]
    statements: int
    changed: bool


def _document(session: Session, key: str) -> DocumentRow:
    row = session.get(DocumentRow, key) or session.scalars(
        select(DocumentRow).where(DocumentRow.name == key, DocumentRow.superseded_by.is_(None))
        .order_by(DocumentRow.source).limit(1)).first()
    if row is None:
        raise FactError("no_document", 404)
    return row


def edit_facts(session: Session, key: str, actor: str, values: Mapping[str, object]) -> FactsEdit:
    """Give (or, with a blank value, no longer give) facts of the document ``key`` as ``actor``.

    The meta is updated, the document read again (structure, then extraction) and the edit audited
    (``facts.edit``, facts before and after). Nothing is done when nothing changes.
    """
    row = _document(session, key)
    changes = check_given(session, values)
    meta = with_given(row.meta or {}, changes)
    before = _facts_record(row)
    if meta == dict(sorted((row.meta or {}).items())):
        return FactsEdit(row.sha256, row.name, before, before, -1, False)
    row.meta = meta
    session.flush()
    doc = repo.get_document(session, row.sha256)
    assert doc is not None
    processed = process_document(doc)
    repo.replace_extraction(session, processed)
    session.refresh(row)
    after = _facts_record(row)
    session.add(AuditRow(at=now(), actor=actor, event=EVENT, doc_sha=row.sha256, before=before, after=after))
    session.flush()
    return FactsEdit(row.sha256, row.name, before, after, len(processed.statements), True)


def audit_given(session: Session, sha: str, actor: str, meta: Mapping[str, Any]) -> None:
    """Audit the facts given with a new document (the upload form): ``facts.give``."""
    found = given_of(meta)
    if found:
        session.add(AuditRow(at=now(), actor=actor, event=GIVE, doc_sha=sha, after={"given": found}))


def fact_history(session: Session, sha: str) -> list[dict[str, Any]]:
    """Who gave or changed the document's facts, when, and the facts given before and after."""
    rows = session.scalars(select(AuditRow).where(AuditRow.doc_sha == sha, AuditRow.event.in_((EVENT, GIVE)))
                           .order_by(AuditRow.id))
    return [{"at": r.at, "actor": r.actor, "event": r.event,
             "before": (r.before or {}).get("given", {}), "after": (r.after or {}).get("given", {})}
            for r in rows]
