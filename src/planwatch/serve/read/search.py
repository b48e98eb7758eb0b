"""Full-text search over document text: SQLite FTS5 (trigram tokenizer) or PostgreSQL pg_trgm.

The index (tables, triggers, GIN indexes) is the store's schema, made by Alembic revision ``0006``
(``planwatch.store.search_index``); the app's start-up only catches up rows and planner statistics.
On SQLite the FTS5 table ``document_fts`` holds its own copy of each text, keyed by the document
hash; on PostgreSQL a GIN trigram index on ``document_text.text`` serves ``LIKE '%…%'``.

Documents are listed by name, twenty at a time, and a common phrase is in most of them: the
current documents are first walked in name order (index ``ix_documents_current_name``, revision
``0008``), :data:`WALK` at a time, their text tested with ``LIKE``; when that finds a page of hits it
is the exact answer (the candidates are a prefix of the listing order). Otherwise — a rare phrase —
the trigram index answers (FTS5 ``MATCH``, ``pg_trgm`` GIN for ``LIKE``).

A trigram index needs three characters, and two-character queries are common in Chinese (就业, 绿色).
Neither index can serve them: FTS5's trigram tokenizer matches no row for a two-character ``LIKE``
or ``MATCH`` (SQLite 3.40: it returned no hit, silently), and pg_trgm extracts no trigram from
``'%就业%'`` (a full index scan, then a recheck of every text). A bigram index would (an ``array`` of
each text's bigrams under GIN) but costs ≈ 50 ms of CPU per 18,500-character document to build —
about 80 minutes for 100,000 documents on two CPUs — and as much again in size as the trigram index
(docs/scaling.md). So a two-character query walks at most :data:`SHORT_CANDIDATES` documents in name
order and :data:`SHORT_STATEMENTS` statements in listing order (index range scans, never the
whole table), and says when it stopped there (``partial``): a common two-character word fills a page
from the first few dozen documents; a rare one asks for a longer phrase.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from planwatch.serve.read.quotes import titles_of
from planwatch.serve.schemas import SearchHit

#: Characters of context shown on each side of a match.
CONTEXT = 40
#: Documents tested per step of the walk in name order.
WALK = 100
#: Documents and statements a query shorter than three characters may look at (no index serves it).
SHORT_CANDIDATES = 2000
SHORT_STATEMENTS = 2000


def is_short(q: str) -> bool:
    """Too short for a trigram index (fewer than three characters)."""
    return len(q) < 3


def statement_ids_matching(session: Session, q: str) -> Any | None:
    """A subquery of the ids of statements whose indicator, text or canonical id contains ``q``.

    None where no index serves the query (PostgreSQL, or fewer than three characters): the caller
    then filters with ``LIKE``.
    """
    if session.get_bind().dialect.name != "sqlite" or is_short(q):
        return None
    return text("SELECT id FROM statement_fts WHERE statement_fts MATCH :phrase").bindparams(
        phrase=_fts_phrase(q)
    )


def _escape_like(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(q: str) -> str:
    """``q`` as one FTS5 phrase (quotes doubled), so operators in it are plain text."""
    return '"' + q.replace('"', '""') + '"'


def search_documents(session: Session, q: str, *, limit: int = 20) -> list[SearchHit]:
    """Current documents whose text contains ``q`` (by name, at most ``limit``), with the text around
    the first match; :func:`search_documents_partial` also says whether a short query stopped early."""
    return search_documents_partial(session, q, limit=limit)[0]


def search_documents_partial(session: Session, q: str, *, limit: int = 20) -> tuple[list[SearchHit], bool]:
    """:func:`search_documents` and True when a short query stopped at :data:`SHORT_CANDIDATES`."""
    q = q.strip()
    if not q:
        return [], False
    pattern = f"%{_escape_like(q)}%"
    hits: list[tuple[str, str, str | None, str, str]] = []
    key: tuple[str, str] | None = None
    cap = SHORT_CANDIDATES if is_short(q) else WALK
    seen = 0
    while seen < cap and len(hits) < limit:
        rows, key = _walk(session, pattern, key, min(WALK, cap - seen))
        hits += rows
        seen += WALK
        if key is None:  # every document tested: the answer is exact
            return _hits(session, hits[:limit], q), False
    if len(hits) >= limit:
        return _hits(session, hits[:limit], q), False
    if is_short(q):
        return _hits(session, hits, q), True
    return _hits(session, _indexed(session, q, pattern, limit), q), False


def _walk(
    session: Session, pattern: str, key: tuple[str, str] | None, n: int
) -> tuple[list[tuple[str, str, str | None, str, str]], tuple[str, str] | None]:
    """The next ``n`` current documents by name (after ``key``) whose text matches ``pattern``, and the
    key of the last one looked at (None when there were fewer than ``n`` left)."""
    after = "AND (d.name, d.sha256) > (:name, :sha) " if key else ""
    sql = (
        "SELECT d.sha256, d.name, d.region, d.kind, f.text FROM ("
        f"SELECT d.sha256, d.name, d.region, d.kind FROM documents d WHERE d.superseded_by IS NULL {after}"
        "ORDER BY d.name, d.sha256 LIMIT :n) d JOIN document_text f ON f.sha256 = d.sha256 "
        "WHERE f.text LIKE :pattern ESCAPE '\\' ORDER BY d.name, d.sha256"
    )
    params: dict[str, object] = {"n": n, "pattern": pattern}
    if key:
        params["name"], params["sha"] = key
    rows = [tuple(r) for r in session.execute(text(sql), params)]
    last_sql = (
        "SELECT d.name, d.sha256 FROM documents d WHERE d.superseded_by IS NULL "
        f"{after}ORDER BY d.name, d.sha256 LIMIT 1 OFFSET :skip"
    )
    last = session.execute(text(last_sql), {**params, "skip": n - 1}).first()
    return rows, (str(last[0]), str(last[1])) if last else None


def _indexed(
    session: Session, q: str, pattern: str, limit: int
) -> list[tuple[str, str, str | None, str, str]]:
    """The documents matching ``q`` through the trigram index (three characters or more)."""
    params: dict[str, object] = {"limit": limit}
    if session.get_bind().dialect.name == "sqlite":
        # the matching ids first; then the text of the shown documents only (rowid lookups)
        sql = (
            "SELECT d.sha256, d.name, d.region, d.kind, f.text FROM ("
            "SELECT d.sha256, d.name, d.region, d.kind FROM documents d "
            "WHERE d.superseded_by IS NULL AND d.sha256 IN "
            "(SELECT m.sha256 FROM document_fts m WHERE document_fts MATCH :phrase) "
            "ORDER BY d.name LIMIT :limit) d "
            "JOIN document_text f ON f.sha256 = d.sha256 ORDER BY d.name"
        )
        params["phrase"] = _fts_phrase(q)
    else:
        sql = (
            "SELECT d.sha256, d.name, d.region, d.kind, f.text FROM document_text f "
            "JOIN documents d ON d.sha256 = f.sha256 "
            "WHERE f.text LIKE :pattern ESCAPE '\\' AND d.superseded_by IS NULL "
            "ORDER BY d.name LIMIT :limit"
        )
        params["pattern"] = pattern
    return [tuple(r) for r in session.execute(text(sql), params)]


def _hits(session: Session, rows: list[tuple[str, str, str | None, str, str]], q: str) -> list[SearchHit]:
    hits = []
    for sha, name, region, kind, body in rows:
        pos = body.find(q)
        if pos < 0:  # FTS matched case-insensitively: find it the same way
            pos = body.lower().find(q.lower())
        if pos < 0:
            continue
        hits.append(
            SearchHit(
                doc_sha=sha,
                name=name,
                region=region,
                kind=kind,
                position=pos,
                before=body[max(0, pos - CONTEXT) : pos],
                match=body[pos : pos + len(q)],
                after=body[pos + len(q) : pos + len(q) + CONTEXT],
                matches=body.count(q) or 1,
            )
        )
    named = titles_of(session, (h.doc_sha for h in hits))
    for h in hits:
        if h.doc_sha in named:
            h.title, h.date = named[h.doc_sha].title, named[h.doc_sha].date
    return hits
