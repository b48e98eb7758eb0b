"""A 100,000-document store for the dashboard benchmark (issue #13, items 3 and 4), built once and kept.

Steps, each skipped when already done (a marker file per step under ``--dir``):

1. ``gen``: ``gen_corpus.py --n BASE`` writes BASE realistic documents (default 800);
2. ``ingest``: ``planwatch ingest -j 2`` stores them through the real pipeline, ``planwatch track``
   judges their targets;
3. ``clone``: copies of those documents at SQL level (``INSERT … SELECT``), round after round, until
   the store holds ``--docs`` documents (default 100,000). Round *k* gives every document a new hash
   (``md5(sha:k) || md5(k:sha)``), its name and source with ``~k``, each base district another
   county-level division of the gazetteer (with its city and province rows), and shifts its dates and
   statement/judgement periods by a per-round number of years (−3…+3). Statements are copied for the
   first ``--keep`` (default 20) of each document in text order plus every target judged other than
   ``no_data`` and the statements of its evidence, so a cloned document holds ≈ 40 statements and
   ≈ 20 judgements rather than ≈ 185 and ≈ 70 (the full 18.5 M statement rows would take this 2-CPU
   machine hours, not minutes; the base documents keep all theirs; the share of ``no_data`` targets
   drops accordingly). Judgements and evidence follow their statements. Texts are copied
   (``document_text``, one per document, lz4), so search sees 100,000 texts; sections are not (no page
   reads them). The copied tables' secondary indexes are dropped during the copy and made again after.
4. ``analyze``: ``ANALYZE`` and ``alembic upgrade head`` (the indexes of revision 0008 and later).

PostgreSQL: a private server on 127.0.0.1:54339 with its data in ``--dir``/pg (started with
``scripts/postgres.sh`` the first time, with ``pg_ctl`` afterwards; never wiped), database
``planwatch_test``. SQLite: ``--dir``/store.db (``--backend sqlite``). Prints the store's URL last.

Run::

    python benchmarks/big_store.py                       # PostgreSQL, 100,000 documents
    python benchmarks/big_store.py --backend sqlite
    python benchmarks/big_store.py --url-only            # the URL, starting the server if needed
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PORT = 54339
#: Tables of the copy, in the order they are filled.
SHIFT_YEAR = (
    "CASE WHEN {c} ~ '^[0-9]{{4}}' THEN (substr({c}, 1, 4)::int + :delta)::text || substr({c}, 5) "
    "ELSE {c} END"
)
SHIFT_PERIOD = (
    "CASE WHEN {c} ~ '^[0-9]{{4}}$' THEN ({c}::int + :delta)::text "
    "WHEN {c} ~ '^[0-9]{{4}}-[0-9]{{4}}$' THEN (substr({c}, 1, 4)::int + :delta)::text || '-' "
    "|| (substr({c}, 6, 4)::int + :delta)::text ELSE {c} END"
)
SHIFT_YEAR_SQLITE = (
    "CASE WHEN {c} GLOB '[0-9][0-9][0-9][0-9]*' THEN "
    "CAST(CAST(substr({c}, 1, 4) AS INTEGER) + :delta AS TEXT) || substr({c}, 5) ELSE {c} END"
)
SHIFT_PERIOD_SQLITE = (
    "CASE WHEN {c} GLOB '[0-9][0-9][0-9][0-9]' THEN CAST(CAST({c} AS INTEGER) + :delta AS TEXT) "
    "WHEN {c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]' THEN "
    "CAST(CAST(substr({c}, 1, 4) AS INTEGER) + :delta AS TEXT) || '-' || "
    "CAST(CAST(substr({c}, 6, 4) AS INTEGER) + :delta AS TEXT) ELSE {c} END"
)


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1]


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.getuid() == 0 else cmd


def pg_url(folder: Path) -> str:
    """The URL of the private PostgreSQL server (started, or created, as needed)."""
    data = folder / "pg"
    url = f"postgresql+psycopg://postgres@127.0.0.1:{PORT}/planwatch_test"
    psql = str(_pg_bin() / "psql")
    plain = url.replace("+psycopg", "")
    if subprocess.run([psql, plain, "-Atqc", "select 1"], capture_output=True).returncode == 0:
        return url
    if (data / "PG_VERSION").exists():
        ctl = [str(_pg_bin() / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "-t", "120",
               "-o", f"-p {PORT} -c listen_addresses=127.0.0.1 -k {data}", "start"]
        subprocess.run(_as_owner(ctl), check=True, stdout=subprocess.DEVNULL)
        return url
    env = {**os.environ, "PLANWATCH_PG_PORT": str(PORT), "PLANWATCH_PG_DIR": str(data)}
    env.pop("PLANWATCH_TEST_PG_URL", None)
    subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "start"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return url


def _done(folder: Path, step: str) -> bool:
    return (folder / f"done-{step}").exists()


def _mark(folder: Path, step: str, info: dict[str, Any]) -> None:
    (folder / f"done-{step}").write_text(json.dumps(info, ensure_ascii=False) + "\n")
    print(f"  {step}: {info}", flush=True)


def _region_map(conn: Any, rounds: int) -> dict[tuple[int, str], str]:
    """(round, base district) -> another county-level division; every new one gets its region rows."""
    from sqlalchemy import text

    from planwatch.store.schema import Region
    from planwatch.structure.regions import full_names, hierarchy

    base = sorted(r for (r,) in conn.execute(text("SELECT DISTINCT region FROM documents")) if r)
    counties = sorted(n for n in full_names() if (h := hierarchy(n)) and h[-1].level == 3)
    counties = [c for c in counties if c not in set(base)]
    out: dict[tuple[int, str], str] = {}
    used: set[str] = set()
    i = 0
    for k in range(1, rounds + 1):
        for region in base:
            out[(k, region)] = counties[i % len(counties)]
            used.add(counties[i % len(counties)])
            i += 7  # spread over provinces
    have = {r for (r,) in conn.execute(text("SELECT name FROM regions"))}
    rows = {}
    for name in used:
        for info in hierarchy(name):
            if info.name not in have:
                rows[info.name] = {"name": info.name, "parent": info.parent, "level": info.level,
                                   "adcode": info.adcode}
    # parents first
    for row in sorted(rows.values(), key=lambda r: r["level"] or 0):
        conn.execute(Region.__table__.insert().values(**row))
    return out


def clone(url: str, total: int, keep: int, folder: Path) -> dict[str, Any]:
    """Copy the stored documents round after round until ``total``; returns counts and timings."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    pg = engine.dialect.name == "postgresql"
    year = SHIFT_YEAR if pg else SHIFT_YEAR_SQLITE
    period = SHIFT_PERIOD if pg else SHIFT_PERIOD_SQLITE
    with engine.begin() as conn:
        if not pg:
            conn.connection.driver_connection.create_function(
                "md5", 1, lambda s: __import__("hashlib").md5(s.encode()).hexdigest(), deterministic=True
            )
        conn.execute(text("DROP TABLE IF EXISTS bench_base"))
        conn.execute(text("DROP TABLE IF EXISTS bench_keep"))
        conn.execute(text("DROP TABLE IF EXISTS bench_map"))
        conn.execute(text("CREATE TABLE bench_base AS SELECT sha256, name, region FROM documents "
                          "WHERE superseded_by IS NULL AND sha256 NOT IN "
                          "(SELECT superseded_by FROM documents WHERE superseded_by IS NOT NULL)"))
        conn.execute(text(
            "CREATE TABLE bench_keep AS SELECT id FROM ("
            "SELECT s.id, row_number() OVER (PARTITION BY s.doc_sha ORDER BY s.start, s.id) AS n "
            "FROM statements s JOIN bench_base b ON b.sha256 = s.doc_sha) x WHERE n <= :keep "
            "UNION SELECT statement_id FROM judgements WHERE statement_id IS NOT NULL "
            "AND status <> 'no_data' "
            "UNION SELECT e.statement_id FROM evidence e JOIN judgements j ON j.id = e.judgement_id "
            "WHERE e.statement_id IS NOT NULL AND j.status <> 'no_data'"
        ), {"keep": keep})
        conn.execute(text("CREATE UNIQUE INDEX bench_keep_id ON bench_keep (id)"))
        n_base = conn.execute(text("SELECT count(*) FROM bench_base")).scalar_one()
        have = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
        rounds = -(-(total - have) // n_base)
        mapping = _region_map(conn, rounds)
        conn.execute(text("CREATE TABLE bench_map (k integer, src varchar(200), dst varchar(200))"))
        conn.execute(text("INSERT INTO bench_map VALUES (:k, :src, :dst)"),
                     [{"k": k, "src": s, "dst": d} for (k, s), d in mapping.items()])
        conn.execute(text("CREATE INDEX bench_map_k ON bench_map (k, src)"))
        if pg:
            conn.execute(text("ALTER TABLE document_text ALTER COLUMN text SET COMPRESSION lz4"))
    saved = _drop_indexes(engine, folder) if pg else []
    t0 = time.perf_counter()
    k = 0
    while True:
        with engine.begin() as conn:
            have = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
            if have >= total:
                break
            k += 1
            if not pg:
                conn.connection.driver_connection.create_function(
                    "md5", 1, lambda s: __import__("hashlib").md5(s.encode()).hexdigest(),
                    deterministic=True,
                )
            p = {"k": k, "ks": str(k), "delta": (k % 7) - 3, "limit": total - have}
            conn.execute(text(
                "CREATE TEMP TABLE bench_round AS SELECT b.sha256 AS src, "
                "md5(b.sha256 || ':' || :ks) || md5(:ks || ':' || b.sha256) AS dst, "
                "b.name || '~' || :ks AS name, coalesce(m.dst, b.region) AS region "
                "FROM bench_base b LEFT JOIN bench_map m ON m.k = :k AND m.src = b.region "
                "ORDER BY b.sha256 LIMIT :limit"), p)
            conn.execute(text(
                "INSERT INTO documents (sha256, name, source, version, superseded_by, format, encoding, "
                "meta, region, kind, delivered, published, reviews, plans, unsure, body_start, body_end, "
                "furniture, length) SELECT r.dst, r.name, d.source || '~' || :ks, d.version, NULL, d.format, "
                f"d.encoding, d.meta, r.region, d.kind, {year.format(c='d.delivered')}, "
                f"{year.format(c='d.published')}, d.reviews, d.plans, d.unsure, d.body_start, d.body_end, "
                "d.furniture, d.length FROM bench_round r JOIN documents d ON d.sha256 = r.src"), p)
            conn.execute(text(
                "INSERT INTO document_text (sha256, text, analysis) SELECT r.dst, t.text, t.analysis "
                "FROM bench_round r JOIN document_text t ON t.sha256 = r.src"), p)
            sid = "'c' || :ks || '_' || md5({c})"
            conn.execute(text(
                "INSERT INTO statements (id, doc_sha, doc, start, \"end\", text, indicator, canonical, "
                "value, "
                "unit, comparator, kind, measure, direction, period, doubts, sentence_start, sentence_end) "
                f"SELECT {sid.format(c='s.id')}, r.dst, r.name, s.start, s.\"end\", s.text, s.indicator, "
                "s.canonical, s.value, s.unit, s.comparator, s.kind, s.measure, s.direction, "
                f"{period.format(c='s.period')}, s.doubts, s.sentence_start, s.sentence_end "
                "FROM bench_round r JOIN statements s ON s.doc_sha = r.src "
                "JOIN bench_keep kk ON kk.id = s.id"), p)
            conn.execute(text(
                "INSERT INTO judgements (id, statement_id, doc, start, \"end\", text, indicator, canonical, "
                "region, period, status, reason, target) "
                f"SELECT {sid.format(c='j.id')}, {sid.format(c='j.statement_id')}, r.name, j.start, "
                "j.\"end\", j.text, j.indicator, j.canonical, coalesce(m.dst, j.region), "
                f"{period.format(c='j.period')}, j.status, j.reason, j.target "
                "FROM bench_round r JOIN statements s ON s.doc_sha = r.src "
                "JOIN bench_keep kk ON kk.id = s.id JOIN judgements j ON j.statement_id = s.id "
                "LEFT JOIN bench_map m ON m.k = :k AND m.src = j.region"), p)
            conn.execute(text(
                "INSERT INTO evidence (judgement_id, idx, statement_id, role, region, doc, start, \"end\", "
                "text, value, period, kind, statement) "
                f"SELECT {sid.format(c='e.judgement_id')}, e.idx, "
                f"CASE WHEN ns.id IS NULL THEN NULL ELSE {sid.format(c='e.statement_id')} END, e.role, "
                "coalesce(m.dst, e.region), e.doc || '~' || :ks, e.start, e.\"end\", e.text, e.value, "
                f"{period.format(c='e.period')}, e.kind, e.statement "
                "FROM bench_round r JOIN statements s ON s.doc_sha = r.src "
                "JOIN bench_keep kk ON kk.id = s.id "
                "JOIN judgements j ON j.statement_id = s.id JOIN evidence e ON e.judgement_id = j.id "
                f"LEFT JOIN statements ns ON ns.id = {sid.format(c='e.statement_id')} "
                "LEFT JOIN bench_map m ON m.k = :k AND m.src = e.region"), p)
            conn.execute(text("DROP TABLE bench_round"))
        if k % 5 == 1:
            print(f"  round {k}: {have} documents, {time.perf_counter() - t0:.0f} s", flush=True)
    t_copy = time.perf_counter() - t0
    t1 = time.perf_counter()
    _restore_indexes(engine, folder, saved)
    t_index = time.perf_counter() - t1
    with engine.begin() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("documents", "statements", "judgements", "evidence")}
        for t in ("bench_base", "bench_keep", "bench_map"):
            conn.execute(text(f"DROP TABLE {t}"))
    engine.dispose()
    return {**counts, "rounds": k, "keep": keep, "copy_s": round(t_copy, 1), "indexes_s": round(t_index, 1)}


#: Tables whose secondary indexes are dropped during the copy and made again after it.
COPIED = ("documents", "document_text", "statements", "judgements", "evidence")


def _drop_indexes(engine: Any, folder: Path) -> list[str]:
    """Drop the secondary indexes of the copied tables (saved to ``folder``/indexes.sql first)."""
    from sqlalchemy import text

    with engine.begin() as conn:
        rows = conn.execute(text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(:t) "
            "AND i.indexname NOT IN (SELECT conname FROM pg_constraint)"), {"t": list(COPIED)}).all()
        saved = [d for _, d in rows]
        keep = folder / "indexes.sql"
        if not keep.exists():
            keep.write_text(";\n".join(saved) + ";\n")
        for name, _ in rows:
            conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    return saved


def _restore_indexes(engine: Any, folder: Path, saved: list[str]) -> None:
    from sqlalchemy import text

    if not saved and (folder / "indexes.sql").exists():
        saved = [d for d in (folder / "indexes.sql").read_text().split(";\n") if d.strip()]
    for ddl in saved:
        t0 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("SET maintenance_work_mem = '1GB'"))
            conn.execute(text(ddl.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)))
        print(f"  {ddl[:70]}… {time.perf_counter() - t0:.0f} s", flush=True)


def build(backend: str, folder: Path, total: int, base: int, keep: int) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    url = pg_url(folder) if backend == "postgresql" else f"sqlite:///{folder / 'store.db'}"
    marks = folder / backend
    marks.mkdir(exist_ok=True)
    corpus = folder / "corpus"
    if not _done(folder, "gen"):
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), "--n", str(base),
                        "--out", str(corpus), "--seed", "1"], check=True)
        _mark(folder, "gen", {"documents": base})
    if not _done(marks, "ingest"):
        t0 = time.perf_counter()
        subprocess.run(["planwatch", "ingest", "--db", url, "-j", "2", str(corpus)], check=True,
                       stdout=subprocess.DEVNULL)
        t1 = time.perf_counter()
        subprocess.run(["planwatch", "track", "--db", url], check=True, stdout=subprocess.DEVNULL)
        _mark(marks, "ingest", {"ingest_s": round(t1 - t0, 1), "track_s": round(time.perf_counter() - t1, 1)})
    if not _done(marks, "clone"):
        _mark(marks, "clone", clone(url, total, keep, marks))
    if not _done(marks, "analyze"):
        from sqlalchemy import create_engine, text

        from planwatch.store.db import open_store

        t0 = time.perf_counter()
        open_store(url).dispose()  # migrations to head
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        engine.dispose()
        _mark(marks, "analyze", {"seconds": round(time.perf_counter() - t0, 1)})
    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/pw-big"))
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--base", type=int, default=800)
    ap.add_argument("--keep", type=int, default=20)
    ap.add_argument("--url-only", action="store_true")
    args = ap.parse_args()
    if args.url_only:
        print(pg_url(args.dir) if args.backend == "postgresql" else f"sqlite:///{args.dir / 'store.db'}")
        return
    print(build(args.backend, args.dir, args.docs, args.base, args.keep))


if __name__ == "__main__":
    main()
