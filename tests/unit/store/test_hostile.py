"""Hostile files in a batch: each ends within 60 s and 1.5 GB with a clear error, the good file is stored.

The files are built in the test (small on disk, huge once expanded); ``planwatch ingest`` runs
them in a subprocess whose wall time and peak memory (RSS of its whole process tree, from
``getrusage(RUSAGE_CHILDREN)``) are measured.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ingest.hostile import (
    docx_bomb,
    docx_deep,
    docx_text_bomb,
    gzip_bomb,
    markup_html,
    nested_pdf,
    pages_pdf,
)
from sqlalchemy import select

from planwatch.store.db import open_store, transaction
from planwatch.store.schema import DocumentRow

from .fakes import DEV

MEASURE = Path(__file__).with_name("_measure.py")
PLANWATCH = Path(sys.executable).with_name("planwatch")
GOOD = next(DEV.glob("000_*.txt"))
EXPECTED = {
    "bomb.docx": "DOCX expands past 200 MB (limit PLANWATCH_MAX_EXPANDED)",
    "text.docx": "(limit PLANWATCH_MAX_RATIO)",
    "deep.docx": "(limit PLANWATCH_MAX_RATIO)",
    "markup.html": "HTML has more than 1,000,000 elements (limit PLANWATCH_MAX_NODES)",
    "packed.html": "GZIP is compressed more than 200:1",
    "pages.pdf": "PDF has more than 3,000 pages (limit PLANWATCH_MAX_PAGES)",
    "nested.pdf": "",  # pdfium bounds nesting itself: refused as a PDF without text, at once
}


def _ingest(folder: Path, db: Path, **env: str) -> tuple[dict[str, float], str]:
    import os

    proc = subprocess.run(
        [sys.executable, str(MEASURE), str(PLANWATCH), "ingest", "--db", f"sqlite:///{db}", str(folder)],
        capture_output=True, text=True, timeout=300, env={**os.environ, **env},
    )
    return json.loads(proc.stdout), proc.stderr


def _stored(db: Path) -> list[str]:
    engine = open_store(f"sqlite:///{db}")
    try:
        with transaction(engine) as s:
            return sorted(s.scalars(select(DocumentRow.name)))
    finally:
        engine.dispose()


@pytest.mark.slow
def test_hostile_files_fail_fast_and_small_while_the_good_one_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    docx_bomb(folder / "bomb.docx")                      # 4.7 MB → 1 GB of paragraphs
    docx_text_bomb(folder / "text.docx")                 # 270 KB → 100 MB of text
    docx_deep(folder / "deep.docx")                      # 3 KB → 100,000 levels
    markup_html(folder / "markup.html")                  # 50 MB of markup, one sentence
    (folder / "packed.html").write_bytes(gzip_bomb())    # 1 MB gzip → 1 GB
    (folder / "pages.pdf").write_bytes(pages_pdf())      # 100,000 pages
    (folder / "nested.pdf").write_bytes(nested_pdf())    # arrays nested 200,000 deep
    shutil.copy(GOOD, folder / GOOD.name)
    db = tmp_path / "store.db"
    figures, output = _ingest(folder, db)
    print(figures, output)
    assert figures["returncode"] == 1
    assert figures["seconds"] < 60 and figures["peak_mb"] < 1536, figures
    for name, reason in EXPECTED.items():
        line = next((ln for ln in output.splitlines() if f"/{name}: " in ln), "")
        assert line.startswith("failed ") and reason in line, (name, output)
    assert _stored(db) == [GOOD.name]

    # past the ratio check, the text and depth budgets stop the other two just as fast
    figures, output = _ingest(folder, tmp_path / "second.db", PLANWATCH_MAX_RATIO="100000")
    print(figures, output)
    assert figures["seconds"] < 60 and figures["peak_mb"] < 1536, figures
    assert "text.docx: DOCX has more than 5,000,000 characters of text (limit PLANWATCH_MAX_CHARS)" in output
    assert "deep.docx: DOCX is nested deeper than 200 levels (limit PLANWATCH_MAX_DEPTH)" in output
    assert _stored(tmp_path / "second.db") == [GOOD.name]


def test_a_reader_past_its_time_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    markup_html(folder / "slow.html", size=12_000_000)   # under the budgets, but slow to read
    shutil.copy(GOOD, folder / GOOD.name)
    figures, output = _ingest(folder, tmp_path / "store.db", PLANWATCH_PARSE_SECONDS="1")
    assert "slow.html: reading the file took longer than 1 s (limit PLANWATCH_PARSE_SECONDS)" in output
    assert figures["seconds"] < 60
    assert _stored(tmp_path / "store.db") == [GOOD.name]
