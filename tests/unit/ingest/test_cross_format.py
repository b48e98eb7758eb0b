"""The same report as .txt, GB18030, a portal page, DOCX and PDF gives the same facts and outline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planwatch.ingest import load
from planwatch.model import Document, Structure

from .formats import DEV, DOC0, FONT, write_all

try:
    from planwatch.structure import analyse as _analyse
except ImportError:  # pragma: no cover - the structure stage is written in parallel
    _analyse = None  # type: ignore[assignment]
analyse: Callable[[Document], Structure] | None = _analyse

pytestmark = [
    pytest.mark.skipif(analyse is None, reason="planwatch.structure.analyse not available"),
    pytest.mark.skipif(not FONT.exists(), reason="needs fonts-wqy-zenhei (make system-deps)"),
]
DOCS = [DOC0, *sorted(p for p in DEV.glob("*.txt") if p != DOC0)]


def _view(s: Structure) -> tuple[dict, list[tuple[int, str, str]]]:
    facts = s.facts.to_record()
    facts.pop("doc")
    return facts, [(sec.level, sec.title.strip(), sec.label) for sec in s.sections]


@pytest.mark.parametrize("src", DOCS, ids=lambda p: p.name[:3])
def test_every_format_gives_the_same_facts_and_outline(src: Path, tmp_path: Path) -> None:
    assert analyse is not None
    views = {fmt: _view(analyse(load(path))) for fmt, path in write_all(src, tmp_path).items()}
    facts, outline = views["txt"]
    assert outline, "the .txt has an outline"
    for fmt, (f, o) in views.items():
        assert f == facts, fmt
        assert o == outline, fmt
