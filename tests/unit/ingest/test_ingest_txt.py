"""Plain text in every common Chinese encoding: exact canonical text, aligned analysis text."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import opencc
import pytest

from planwatch.ingest import load, load_bytes
from planwatch.ingest.normalize import analysis_text

from .formats import DEV, DOC0, EXTRA, KEY_SENTENCES, report_lines, traditional, write_big5, write_gb18030

DEV_FILES = sorted(DEV.glob("*.txt"))
EXTRA_FILES = sorted(EXTRA.glob("*.txt"))


@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.name)
def test_txt_text_is_the_file_exactly(path: Path) -> None:
    doc = load(path)
    assert doc.text == path.read_text("utf-8")
    assert len(doc.analysis) == len(doc.text)
    assert doc.name == path.name and doc.source == str(path)
    assert doc.format == "txt" and doc.encoding == "utf-8"
    assert len(doc.sha256) == 64


def test_gold_offsets_hold(gold_statements: list[dict]) -> None:
    texts = {p.name: load(p).text for p in DEV_FILES}
    assert gold_statements
    for rec in gold_statements:
        assert texts[rec["doc"]][rec["start"] : rec["end"]] == rec["text"], rec


@pytest.mark.parametrize("path", EXTRA_FILES, ids=lambda p: p.name)
def test_extra_shenzhen_reports_load(path: Path) -> None:
    doc = load(path)
    assert doc.text == path.read_text("utf-8")
    assert "各位代表" in doc.text[:50]
    # full-width digits and percent signs are folded in the analysis text only
    if "％" in doc.text:
        i = doc.text.index("％")
        assert doc.analysis[i] == "%"


def test_gb18030(tmp_path: Path) -> None:
    doc = load(write_gb18030(DOC0, tmp_path))
    assert doc.encoding == "gb18030"
    assert doc.text == DOC0.read_text("utf-8")


def test_gbk_subset_reads_as_gb18030() -> None:
    text = "各位代表：全年地区生产总值增长6.5%，新增就业4万人。"
    doc = load_bytes("gbk.txt", text.encode("gbk"))
    assert doc.text == text and doc.encoding == "gb18030"


def test_big5_traditional_reads_and_analysis_is_simplified(tmp_path: Path) -> None:
    path = write_big5(DOC0, tmp_path)
    doc = load(path)
    assert doc.encoding == "big5"
    simplified = DOC0.read_text("utf-8")
    assert doc.text != simplified and "國民經濟" in doc.text
    assert len(doc.analysis) == len(doc.text) == len(simplified)
    for sentence in KEY_SENTENCES:
        assert sentence in doc.analysis
    # The few residual differences are one-to-many characters (e.g. 著/着), not misalignment.
    differ = sum(a != b for a, b in zip(doc.analysis, simplified.replace("\xa0", " "), strict=True))
    assert differ < 0.002 * len(simplified)


@pytest.mark.parametrize("bom", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_bom_is_not_part_of_the_text(bom: str) -> None:
    text = "各位代表：\n全年新增就业4万人。\n"
    data = text.encode(bom)
    if bom == "utf-16-be":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    doc = load_bytes("bom.txt", data)
    assert doc.text == text


def test_utf16_without_bom() -> None:
    text = "各位代表：\r\nGDP增长5%，新增就业4万人。\r\n"
    doc = load_bytes("le.txt", text.encode("utf-16-le"))
    assert doc.text == text and doc.encoding == "utf-16-le"


def test_newlines_and_spaces_are_kept() -> None:
    text = "  各位代表：\r\n\r\n　　增长５％。 \n"
    doc = load_bytes("crlf.txt", text.encode("utf-8"))
    assert doc.text == text
    assert doc.analysis == "  各位代表：\r\n\r\n　　增长5%。 \n"


def test_analysis_folds_full_width_and_keeps_length() -> None:
    text = "ＧＤＰ增長３．５％，國民經濟"
    out = analysis_text(text)
    assert out == "GDP增长3.5%，国民经济"
    assert len(out) == len(text)


def test_simplified_text_with_a_few_traditional_names_is_left_alone() -> None:
    text = DOC0.read_text("utf-8")[:3000] + "建成乾华园小区，昇腾人工智能产业规模增长20%。"
    assert analysis_text(text) == text


def test_analysis_grows_linearly_with_the_document() -> None:
    """No quadratic step in the analysis text (simplified or traditional input): eight times the text
    costs about eight times the time, far from the 64 times a quadratic step would (not a timing
    figure — those are benchmarks — but a bound on how the cost grows, robust to a busy machine)."""
    text = "".join(p.read_text("utf-8") for p in EXTRA_FILES[:2])  # ~100 KB on disk
    assert len(text.encode()) > 100_000
    trad = opencc.OpenCC("s2t").convert(text)
    analysis_text(text)  # build the tables once

    def cost(t: str) -> float:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            out = analysis_text(t)
            runs.append(time.perf_counter() - start)
            assert len(out) == len(t)
        return min(runs)

    for sample in (text, trad):
        assert cost(sample * 8) < 24 * cost(sample)


def test_every_report_line_alone_decodes_right_in_gb18030_and_big5() -> None:
    # Decisive even on one short line: a wrong decoding yields kana, rare or private-use characters.
    lines = [
        ln for p in DEV_FILES + EXTRA_FILES for ln in report_lines(p) if sum(c >= "\u4e00" for c in ln) >= 2
    ]
    assert len(lines) > 1000
    wrong = []
    for line in lines:
        for codec, text in (("gb18030", line), ("big5", traditional(line))):
            doc = load_bytes("line.txt", text.encode(codec))
            if (doc.text, doc.encoding) != (text, codec):
                wrong.append((codec, text))
    assert wrong == []


def test_utf8_cut_mid_character_still_reads_as_utf8() -> None:
    data = DOC0.read_bytes()
    cut = data.rstrip(b"!\n")[:-1]  # cut inside the last (three-byte) character
    assert cut.decode("utf-8", errors="replace").endswith("\ufffd")
    doc = load_bytes("cut.txt", cut)
    assert doc.encoding == "utf-8"
    assert doc.text == cut.decode("utf-8", errors="replace")
    assert doc.text.startswith(DOC0.read_text("utf-8")[:1000])
