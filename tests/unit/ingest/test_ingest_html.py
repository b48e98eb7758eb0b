"""Saved portal pages: the report body without the portal's furniture, and the page's metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import load, load_bytes
from planwatch.ingest.html import extract_body, fallback_text

from .formats import DOC0, HTML_FURNITURE, KEY_SENTENCES, portal_page, report_lines, write_html


@pytest.fixture(scope="module")
def page_doc(tmp_path_factory: pytest.TempPathFactory):
    return load(write_html(DOC0, tmp_path_factory.mktemp("html")))


def test_body_has_the_report_and_no_furniture(page_doc) -> None:
    assert page_doc.format == "html"
    assert not [junk for junk in HTML_FURNITURE if junk in DOC0.read_text("utf-8")]
    for sentence in KEY_SENTENCES:
        assert sentence in page_doc.text
    for junk in HTML_FURNITURE:
        assert junk not in page_doc.text, junk
    # the last paragraph of the report is there, the footer after it is not
    assert page_doc.text.rstrip().endswith(report_lines(DOC0)[-1])


def test_layout_is_one_paragraph_a_line_title_first(page_doc) -> None:
    lines = page_doc.text.split("\n")
    assert lines[0] == report_lines(DOC0)[0]
    assert lines == [ln.replace("\xa0", " ") for ln in report_lines(DOC0)]


def test_meta_title_published_publisher(page_doc) -> None:
    assert page_doc.meta["title"] == report_lines(DOC0)[0]
    assert page_doc.meta["published"] == "2020-05-13"
    assert page_doc.meta["publisher"] == "河西区发展和改革委员会"


def test_header_bar_date_is_not_the_publication_date() -> None:
    page = portal_page("河西区2021年政府工作报告", ["各位代表：", "全年新增就业4万人。"] * 20, published=None)
    doc = load_bytes("page.html", page.encode("utf-8"))
    assert "published" not in doc.meta
    assert "今天是" not in doc.text


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("发布时间：2021年1月8日 10:30", "2021-01-08"),
        ("日期:2019/12/30", "2019-12-30"),
        ("发布日期： 2022.02.15", "2022-02-15"),
    ],
)
def test_publication_date_forms(stamp: str, expected: str) -> None:
    page = portal_page("某区政府工作报告", ["各位代表：", "全年新增就业4万人。"] * 20, published=None)
    page = page.replace('<div class="info">', f'<div class="info"><span>{stamp}</span>')
    assert load_bytes("p.html", page.encode()).meta["published"] == expected


def test_meta_tag_date_when_the_page_states_none() -> None:
    page = portal_page("某区政府工作报告", ["各位代表：", "全年新增就业4万人。"] * 20, published=None)
    page = page.replace("<head>", '<head><meta name="PubDate" content="2023-01-05 09:00">')
    assert load_bytes("p.htm", page.encode()).meta["published"] == "2023-01-05"


def test_gb2312_page_with_declared_charset(tmp_path: Path) -> None:
    doc = load(write_html(DOC0, tmp_path, encoding="gb18030"))
    assert doc.encoding == "gb18030"
    for sentence in KEY_SENTENCES:
        assert sentence in doc.text


def test_html_saved_as_txt_is_read_as_a_page(tmp_path: Path) -> None:
    src = write_html(DOC0, tmp_path)
    lying = tmp_path / "report.txt"
    lying.write_bytes(src.read_bytes())
    doc = load(lying)
    assert doc.format == "html"
    assert KEY_SENTENCES[2] in doc.text and "ICP备" not in doc.text


def test_fallback_when_trafilatura_finds_too_little() -> None:
    # A table layout with <br> line breaks and no <p>: the fallback still finds every line.
    rows = "<br>".join(["各位代表：", *KEY_SENTENCES])
    page = (
        "<html><head><title>报告</title></head><body>"
        '<div class="nav"><a>首页</a><a>政务公开</a></div>'
        f"<table><tr><td>{rows}</td></tr></table>"
        '<div class="footer">版权所有：某区人民政府 津ICP备05004532号</div></body></html>'
    )
    text = extract_body(page)
    for sentence in KEY_SENTENCES:
        assert sentence in text
    assert "ICP" not in text and "政务公开" not in text
    assert "首页" not in fallback_text(page)


def test_page_without_a_report_is_refused() -> None:
    with pytest.raises(Exception) as info:
        load_bytes("empty.html", b"<html><head><title>x</title></head><body><div>   </div></body></html>")
    assert "no Chinese text" in str(info.value) or "no text" in str(info.value)


def test_written_date_is_not_the_publication_date() -> None:
    page = portal_page("某区政府工作报告", ["各位代表：", "全年新增就业4万人。"] * 20, published=None)
    info = "<span>成文日期：2021-01-05</span><span>发布日期：2021-01-20</span>"
    page = page.replace('<div class="info">', f'<div class="info">{info}')
    assert load_bytes("p.html", page.encode()).meta["published"] == "2021-01-20"


def test_title_is_the_heading_the_page_title_repeats_not_the_site_logo() -> None:
    page = portal_page("关于2020年预算执行情况的报告", ["各位代表：", "全年新增就业4万人。"] * 20)
    logo = '<div class="logo"><h1>天津市河西区人民政府</h1></div>'
    page = page.replace('<div class="header">', logo + '<div class="header">')
    doc = load_bytes("p.html", page.encode())
    assert doc.meta["title"] == "关于2020年预算执行情况的报告"
    assert doc.text.startswith("关于2020年预算执行情况的报告\n")


def test_report_tables_survive_as_tab_separated_rows() -> None:
    rows = "<tr><td>指标</td><td>2020年目标</td></tr><tr><td>地区生产总值增速</td><td>5%左右</td></tr>"
    end_of_content = '</div>\n<div class="tools">'
    page = portal_page("某区计划报告", list(KEY_SENTENCES) * 3)
    page = page.replace(end_of_content, f"<table>{rows}</table>{end_of_content}")
    text = load_bytes("p.html", page.encode()).text
    assert "地区生产总值增速\t5%左右" in text.split("\n")


def test_xhtml_page_with_xml_declaration() -> None:
    page = portal_page("某区政府工作报告", list(KEY_SENTENCES) * 3)
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + page.replace("<!DOCTYPE html>\n", "")
    doc = load_bytes("p.xhtml", page.encode())
    assert doc.format == "html"
    assert doc.meta["title"] == "某区政府工作报告" and doc.meta["published"] == "2020-05-13"
    assert KEY_SENTENCES[3] in doc.text and "ICP备" not in doc.text
