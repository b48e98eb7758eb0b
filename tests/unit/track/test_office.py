"""The office's exports on real reports (two consecutive Baoan work reports): the 目标落实情况表 as a Word
document (opened by LibreOffice headless, its first page rendered to PNG), target records as a formatted
workbook (opened with openpyxl) and as TSV, and the CLI's plain layout when its output is piped."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.service import track_store
from planwatch.store.db import open_store, transaction
from planwatch.store.ingest import ingest_paths

from .helpers import DATA

ROOT = Path(__file__).resolve().parents[3]
BAOAN = "广东省深圳市宝安区"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
SHOTS = ROOT / "test-output" / "office"
HEADERS = ("序号", "指标", "目标", "完成情况", "状态", "依据出处")
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of the Baoan 2023 and 2024 work reports, tracked."""
    folder = tmp_path_factory.mktemp("office")
    url = f"sqlite:///{folder / 'store.db'}"
    engine = open_store(url)
    reports = sorted((DATA / "corpus" / "tracking").glob("baoan-*.txt"))
    report = ingest_paths(engine, reports, workers=1)
    assert len(reports) == 2 and not report.failures, report.failures
    with transaction(engine) as s:
        track_store(s)
    engine.dispose()
    return url


def invoke(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def word(store: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("word") / "宝安区2023.docx"
    invoke("report", "--db", store, "--region", BAOAN, "--period", "2023", "--format", "docx", "-o", str(out))
    return out


def test_word_table_is_landscape_chinese_with_a_repeated_header(word: Path) -> None:
    doc = WordDocument(str(word))
    section = doc.sections[0]
    assert section.page_width > section.page_height  # A4 landscape
    assert round(section.page_width.cm, 1) == 29.7
    assert doc.paragraphs[0].text == "广东省深圳市宝安区2023年目标落实情况表"
    table = doc.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADERS
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    fonts = table.rows[1].cells[1].paragraphs[0].runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    seq, _, target, actual, status, source = rows["地区生产总值"]
    assert seq.isdigit() and target.startswith("2023年 7%以上\n原文：") and "地区生产总值增长7%以上" in target
    assert actual.startswith("8.5%（2023年，baoan-2024-work-report.txt 第")
    assert "全区GDP同比增长8.5%" in actual.replace(" ", "")  # the sentence that says it
    assert status == "已完成" and source.startswith("baoan-2023-work-report.txt 第")
    assert {r[4] for r in rows.values()} <= {"已完成", "未完成", "基本完成", "可能未完成", "暂无数据"}
    assert rows["地方一般公共预算收入"][3] == "暂无后续数据"


def test_word_file_opens_in_libreoffice(word: Path, tmp_path: Path) -> None:
    """LibreOffice headless turns it into a PDF whose text holds the Chinese headers and a target;
    its first page is rendered to test-output/office/ (gitignored) for people to look at."""
    if not Path(SOFFICE).exists():
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: scripts/system-deps.sh installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    import pypdfium2 as pdfium

    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(word)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    pdf = tmp_path / (word.stem + ".pdf")
    assert pdf.exists(), done.stdout + done.stderr
    document = pdfium.PdfDocument(str(pdf))
    first = document[0].get_textpage().get_text_range()
    flat = "".join(first.split())
    assert "广东省深圳市宝安区2023年目标落实情况表" in flat
    assert all(h in flat for h in HEADERS)
    assert "地区生产总值" in flat and "已完成" in flat
    assert len(document) > 1
    second = "".join(document[1].get_textpage().get_text_range().split())
    assert second.startswith("序号指标目标完成情况状态依据出处")  # the header row repeats
    SHOTS.mkdir(parents=True, exist_ok=True)
    document[0].render(scale=1.5).to_pil().save(SHOTS / "report-docx-page1.png")


def test_targets_workbook_opened_with_openpyxl(store: str, tmp_path: Path) -> None:
    out = tmp_path / "targets.xlsx"
    invoke("targets", "--db", store, "--region", BAOAN, "--format", "xlsx", "-o", str(out))
    ws = load_workbook(out).active
    assert ws is not None and ws.title == "目标"
    head = [c.value for c in ws[1]]
    assert head[:6] == ["文件", "起始位置", "结束位置", "原文数字", "原句", "指标"]
    assert {"状态", "完成情况（依据）", "判断理由"} <= set(head)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(head)).column_letter}{ws.max_row}"
    assert ws.column_dimensions["A"].width > 10
    col = {h: i for i, h in enumerate(head)}
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    gdp = next(r for r in rows if r[col["指标"]] == "地区生产总值" and r[col["原文数字"]] == "7%以上")
    assert gdp[col["状态"]] == "已完成"
    assert gdp[col["完成情况（依据）"]].startswith("8.5%（2023年，baoan-2024-work-report.txt 第")
    assert isinstance(gdp[col["起始位置"]], int)  # numbers as numbers
    assert {r[col["状态"]] for r in rows} <= {"已完成", "未完成", "基本完成", "暂无数据", "可能未完成"}


def test_piped_scorecard_keeps_each_target_on_one_line(store: str) -> None:
    """CliRunner's output is not a terminal: tab-separated lines, reasons and file names never cut."""
    out = invoke("scorecard", "--db", store, "--region", BAOAN)
    lines = out.splitlines()
    assert any(line.startswith(f"{BAOAN}  194 项目标") for line in lines)
    assert "状态\t时期\t指标\t目标\t理由\t依据出处" in lines
    gdp = next(line for line in lines if "\t地区生产总值\t7%以上\t" in line)
    status, period, _, _, reason, sources = gdp.split("\t")
    assert (status, period) == ("已完成", "2023")
    assert reason == "2023年为8.5%，高于2023年目标7%以上，已完成"
    assert sources.startswith("baoan-2024-work-report.txt:")  # the file name whole
    assert all(line.count("\t") == 5 for line in lines if "\t" in line)
    assert out == invoke("scorecard", "--db", store, "--region", BAOAN, "--format", "tsv")


def test_targets_tsv_and_piped_table(store: str) -> None:
    tsv = invoke("targets", "--db", store, "--region", BAOAN, "--status", "missed", "--format", "tsv")
    lines = tsv.splitlines()
    assert lines[0] == "地区\t时期\t指标\t原文数字\t原句\t状态\t完成情况（依据）\t判断理由"
    assert len(lines) == 1 + 4 and all(line.count("\t") == 7 for line in lines)
    assert all(line.split("\t")[5] == "未完成" for line in lines[1:])
    assert all(line.split("\t")[3] in line.split("\t")[4] for line in lines[1:])  # the figure in its sentence
    assert invoke("targets", "--db", store, "--region", BAOAN, "--status", "missed") == tsv


def test_region_page_offers_the_word_table(store: str) -> None:
    from urllib.parse import quote

    from fastapi.testclient import TestClient

    from planwatch.serve.app import create_app

    client = TestClient(create_app(store, Path(store.removeprefix("sqlite:///")).parent / "up",
                                   tune_collector=False))
    page = client.get(f"/regions/{quote(BAOAN)}", params={"period": "2023"}).text
    link = f"/api/regions/{quote(BAOAN)}/report.docx?period=2023"
    assert link in page and "落实情况表（Word）" in page
    resp = client.get(link)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert "filename*=UTF-8''" in resp.headers["content-disposition"]
    doc = WordDocument(__import__("io").BytesIO(resp.content))
    assert tuple(c.text for c in doc.tables[0].rows[0].cells) == HEADERS
    assert client.get("/api/regions/nowhere/report.docx").status_code == 404


def test_document_page_says_why_in_chinese(store: str) -> None:
    """Doubts are stored as the engine's reasons; the document page shows review.yaml's words."""
    from fastapi.testclient import TestClient

    from planwatch.review.doubts import label
    from planwatch.serve.app import create_app

    client = TestClient(create_app(store, Path(store.removeprefix("sqlite:///")).parent / "up2",
                                   tune_collector=False))
    items = client.get("/api/statements", params={"limit": 500}).json()["items"]
    doubted = next(s for s in items if s["doubts"])
    reason = doubted["doubts"][0]
    assert label(reason) != reason and any("\u4e00" <= ch <= "\u9fff" for ch in label(reason))
    page = client.get(f"/documents/{doubted['doc_sha']}", params={"focus": doubted["id"]}).text
    assert f'<dd class="doubts">{label(reason)}' in page
    assert reason not in page  # neither in the fields nor in the side panel's data
