"""The store and the ingest folder of the load benchmark (``bench_load.py``).

The real corpus (``tests/data/corpus``: dev, extra, tracking) runs once through the real pipeline
and is stored, its targets judged; copies of those documents — each with a unique last line, so its
own hash, name and source — bring the store to ``total`` documents. The ingest folder holds other
copies, as files, for a ``planwatch ingest`` subprocess to read while the server is under load.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
SETS = ("dev", "extra", "tracking")


def corpus_files() -> list[Path]:
    return sorted(p for name in SETS for p in (CORPUS / name).glob("*.txt"))


def build_store(url: str, total: int) -> dict[str, Any]:
    """Fill the store at ``url`` with ``total`` documents; returns what it holds."""
    from planwatch.pipeline import process
    from planwatch.store.db import open_store, transaction
    from planwatch.store.repository import ensure_indicators, save_processed

    engine = open_store(url)
    done = [process(p) for p in corpus_files()]
    with transaction(engine) as s:
        ensure_indicators(s)
        for p in done:
            save_processed(s, p)
    statements = sum(len(p.statements) for p in done)
    for i in range(len(done), total):
        p = done[i % len(done)]
        name = f"{Path(p.document.name).stem}__{i:05d}.txt"
        mark = f"\n（负载副本 {i}）\n"
        doc = replace(p.document, name=name, text=p.document.text + mark,
                      analysis=p.document.analysis + mark, sha256=f"{i:064x}",
                      source=f"/bench-load/{i}/{name}")
        with transaction(engine) as s:
            save_processed(s, replace(p, document=doc,
                                      statements=tuple(replace(x, doc=name) for x in p.statements)))
        statements += len(p.statements)
    judged = 0
    try:
        from planwatch.service import track_store

        with transaction(engine) as s:
            judged = len(track_store(s))
    except Exception as err:  # serve without judgements, and say so
        print(f"  (tracking not run: {type(err).__name__}: {err})")
    from planwatch.store.search_index import catch_up

    catch_up(engine)
    engine.dispose()
    return {"documents": total, "statements": statements, "judgements": judged}


def ingest_folder(folder: Path, count: int) -> int:
    """Write ``count`` new files (corpus copies with a unique last line) to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = corpus_files()
    for i in range(count):
        src = files[i % len(files)]
        text = src.read_text(encoding="utf-8") + f"\n（并发写入 {i}）\n"
        (folder / f"{src.stem}__ingest{i:04d}.txt").write_text(text, encoding="utf-8")
    return count
