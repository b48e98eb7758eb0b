"""The same report saved as GB18030 text, a portal page, DOCX and PDF gives the same facts and outline."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import load
from planwatch.structure import analyse

from ._docs import DEV, doc_of, structure

formats = pytest.importorskip("ingest.formats")


@pytest.mark.parametrize("name", ["000_60d02156ec099e48.txt", "001_599490bf3e5cd4dd.txt"])
def test_facts_and_labels_survive_every_format(
    name: str, tmp_path: Path, gold_documents: dict[str, dict]
) -> None:
    want = {k: v for k, v in gold_documents[name].items() if k != "doc"}
    outline = [(s.title, s.label, s.periods) for s in structure(name).sections]
    for fmt, path in formats.write_all(DEV / name, tmp_path).items():
        st = analyse(load(path))
        got = {k: v for k, v in st.facts.to_record().items() if k != "doc"}
        assert got == want, fmt
        assert [(s.title, s.label, s.periods) for s in st.sections] == outline, fmt


def test_page_title_from_ingest_is_used_when_the_text_has_none() -> None:
    text = "各位代表：\n现在，我代表区人民政府，向大会报告工作。\n一、2023年工作回顾\n"
    meta = {"title": "天津市河西区2024年政府工作报告"}
    st = analyse(doc_of(text, meta=meta))
    assert (st.facts.region, st.facts.kind, st.facts.plans) == ("天津市河西区", "work_report", ("2024",))
    furniture_title = {"title": "丨 网站无障碍 丨 关怀版"}
    assert analyse(doc_of(text, meta=furniture_title)).facts.region is None


def test_traditional_characters_read_like_simplified(tmp_path: Path, gold_documents: dict[str, dict]) -> None:
    name = "004_855d512fd5322961.txt"
    st = analyse(load(formats.write_big5(DEV / name, tmp_path)))
    assert {k: v for k, v in st.facts.to_record().items() if k != "doc"} == {
        k: v for k, v in gold_documents[name].items() if k != "doc"
    }
    want = [(s.start, s.end, s.label, s.periods) for s in structure(name).sections]
    assert [(s.start, s.end, s.label, s.periods) for s in st.sections] == want
