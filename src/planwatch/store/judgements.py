"""Judgements of targets and their evidence, for the tracking stage.

``save_judgements`` replaces the stored judgements of the regions it is given
(all judgements with ``replace="all"``); each judgement keeps the target
statement and every piece of evidence as records (doc, start, end, text,
value, period, kind), and links them to the stored statement rows where the
statement is stored, so a reader can open the sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from planwatch.model import Evidence, Judgement, Statement
from planwatch.records import statement_from_record, statement_json
from planwatch.store import records
from planwatch.store.schema import (
    DocumentRow,
    EvidenceRow,
    JudgementRow,
    RegionStatusCount,
    StatementRow,
)
from planwatch.store.sql import bulk_insert, where_equal

Key = tuple[str, int, int]


Index = dict[Key, list[tuple[str, str | None]]]


def _statement_index(session: Session, wanted: Iterable[Statement]) -> Index:
    """(doc name, start, end) -> [(statement id, region)] over current documents."""
    names = sorted({s.doc for s in wanted})
    index: Index = {}
    for i in range(0, len(names), 500):
        stmt = (
            select(StatementRow.doc, StatementRow.start, StatementRow.end, StatementRow.id,
                   DocumentRow.region)
            .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
            .where(DocumentRow.superseded_by.is_(None), StatementRow.doc.in_(names[i:i + 500]))
            .order_by(StatementRow.doc_sha, StatementRow.id)
        )
        for doc, start, end, sid, region in session.execute(stmt):
            index.setdefault((doc, start, end), []).append((sid, region))
    return index


def _resolve(index: Index, s: Statement, region: str | None) -> str | None:
    found = index.get((s.doc, s.start, s.end), [])
    for sid, reg in found:
        if reg == region:
            return sid
    return found[0][0] if found else None


def save_judgements(
    session: Session, items: Sequence[Judgement], *, replace: Literal["regions", "all"] = "regions",
    regions: Iterable[str | None] = (),
) -> int:
    """Store ``items``, replacing earlier judgements of the same regions (and of ``regions``, which may
    have none left), or all; returns the count. The per-region status counts
    (``region_status_counts``) are replaced with them."""
    if replace == "all":
        session.execute(delete(JudgementRow))
        session.execute(delete(RegionStatusCount))
    else:
        wanted = {j.region for j in items} | set(regions)
        named = sorted(r for r in wanted if r is not None)
        clauses = [JudgementRow.region.in_(named)] if named else []
        if None in wanted:
            clauses.append(JudgementRow.region.is_(None))
        if clauses:
            session.execute(delete(JudgementRow).where(or_(*clauses)))
            session.execute(delete(RegionStatusCount).where(
                RegionStatusCount.region.in_(sorted({r or "" for r in wanted}))))
    counts = Counter((j.region or "", j.target.period, j.status) for j in items)
    if counts:
        bulk_insert(session, RegionStatusCount, [
            {"region": r, "period": p, "status": st, "count": n} for (r, p, st), n in sorted(counts.items())])
    everything = [j.target for j in items] + [e.statement for j in items for e in j.evidence]
    index = _statement_index(session, everything)
    seen: Counter[tuple[str | None, str, int, int]] = Counter()
    jrows: list[dict[str, Any]] = []
    erows: list[dict[str, Any]] = []
    for j in items:
        t = j.target
        key = (j.region, t.doc, t.start, t.end)
        jid = records.judgement_id(j.region, t.doc, t.start, t.end, seen[key])
        seen[key] += 1
        jrows.append({
            "id": jid, "statement_id": _resolve(index, t, j.region), "doc": t.doc, "start": t.start,
            "end": t.end, "text": t.text, "indicator": t.indicator, "canonical": t.canonical,
            "region": j.region, "period": t.period, "status": j.status, "reason": j.reason,
            "target": statement_json(t),
        })
        for n, e in enumerate(j.evidence):
            s = e.statement
            erows.append({
                "judgement_id": jid, "idx": n, "statement_id": _resolve(index, s, e.region),
                "role": e.role, "region": e.region, "doc": s.doc, "start": s.start, "end": s.end,
                "text": s.text, "value": float(s.value), "period": s.period, "kind": s.kind,
                "statement": statement_json(s),
            })
    if jrows:
        bulk_insert(session, JudgementRow, jrows)
    if erows:
        bulk_insert(session, EvidenceRow, erows)
    session.flush()
    return len(jrows)


def status_counts(session: Session, region: str | None = None) -> dict[str, dict[str, int]]:
    """Targets per status, per region (``""`` for judgements without a region), from the counts kept
    with the judgements; ``region``: that region and those below it (by name prefix)."""
    stmt = select(RegionStatusCount.region, RegionStatusCount.status, func.sum(RegionStatusCount.count))
    if region:
        stmt = stmt.where(RegionStatusCount.region.startswith(region, autoescape=True))
    stmt = stmt.group_by(RegionStatusCount.region, RegionStatusCount.status)
    out: dict[str, dict[str, int]] = {}
    for reg, status, n in session.execute(stmt):
        out.setdefault(reg, {})[status] = int(n)
    return out


def judgements(
    session: Session, *, region: str | None = None, period: str | None = None, status: str | None = None
) -> list[Judgement]:
    """Stored judgements matching every filter given, by region, document and span."""
    stmt = where_equal(select(JudgementRow), (JudgementRow.region, region), (JudgementRow.period, period),
                       (JudgementRow.status, status))
    stmt = stmt.order_by(JudgementRow.region, JudgementRow.doc, JudgementRow.start, JudgementRow.end,
                         JudgementRow.id)
    rows = list(session.scalars(stmt))
    evidence: dict[str, list[EvidenceRow]] = {}
    ids = [r.id for r in rows]
    for i in range(0, len(ids), 500):
        for e in session.scalars(select(EvidenceRow).where(EvidenceRow.judgement_id.in_(ids[i:i + 500]))
                                 .order_by(EvidenceRow.judgement_id, EvidenceRow.idx)):
            evidence.setdefault(e.judgement_id, []).append(e)
    return [
        Judgement(
            target=statement_from_record(r.target), region=r.region,
            status=r.status,  # type: ignore[arg-type]
            evidence=tuple(
                Evidence(statement_from_record(e.statement), e.region,
                         e.role)  # type: ignore[arg-type]
                for e in evidence.get(r.id, [])
            ),
            reason=r.reason,
        )
        for r in rows
    ]
