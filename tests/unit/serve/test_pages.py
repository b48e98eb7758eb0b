"""The server-rendered pages: content, links between them, filters, and escaping of document text."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from planwatch.model import DocumentFacts, Statement, Structure
from planwatch.pipeline import Processed
from planwatch.serve.app import create_app
from planwatch.serve.seed import make_document
from planwatch.store.db import open_store, transaction
from planwatch.store.repository import save_processed

HEXI = "天津市河西区"
DOC_003 = "003_2e2f5eaad98d6f0d.txt"


def test_overview_shows_regions_documents_and_status_counts(client: TestClient) -> None:
    html = client.get("/").text
    assert f'href="/regions/{quote(HEXI, safe="")}"' in html
    for name in ("天津市和平区", "天津市河北区", HEXI):
        assert name in html
    assert "已完成" in html and "可能未完成" in html
    assert "/static/vendor/echarts.min.js" in html and "cdn" not in html.lower()
    assert 'id="overview-chart"' in html


def test_static_assets_are_served_locally(client: TestClient) -> None:
    js = client.get("/static/vendor/echarts.min.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/vendor/echarts.LICENSE").status_code == 200
    # no page loads anything from another host (no CDN): the API docs use the vendored Swagger UI
    for path in ("/", "/api/docs", "/upload", "/indicators/gdp_growth", f"/regions/{quote(HEXI)}"):
        html = client.get(path).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and not [a for a in assets if "//" in a], (path, assets)
        for asset in assets:
            if asset.startswith("/static/"):
                assert client.get(asset).status_code == 200, asset


def test_region_scorecard_groups_by_status_and_domain_and_filters(client: TestClient) -> None:
    html = client.get(f"/regions/{quote(HEXI)}").text
    assert (
        html.index('id="status-achieved"')
        < html.index('id="status-likely_achieved"')
        < html.index('id="status-likely_missed"')
    )
    assert "营商环境" in html and "2.6万家" in html
    # each target opens its evidence: a link to the evidence sentence in another document
    assert re.search(r'class="evlink" href="/documents/[0-9a-f]{64}\?focus=[0-9a-f]+#st-[0-9a-f]+"', html)
    only = client.get(f"/regions/{quote(HEXI)}", params={"period": "2016-2020"}).text
    assert "880亿元" in only and "143家" not in only
    by_indicator = client.get(f"/regions/{quote(HEXI)}", params={"indicator": "高新技术"}).text
    assert "143家" in by_indicator and "2.6万家" not in by_indicator
    by_status = client.get(f"/regions/{quote(HEXI)}", params={"status": "achieved"}).text
    assert "2.6万家" in by_status and "880亿元" not in by_status
    parent = client.get(f"/regions/{quote('天津市')}")
    assert parent.status_code == 200 and "2.6万家" in parent.text


def test_document_view_highlights_every_statement_at_its_span(client: TestClient) -> None:
    doc = client.get(f"/api/documents/{DOC_003}").json()
    statements = client.get(f"/api/documents/{DOC_003}/statements").json()["items"]
    html = client.get(f"/documents/{doc['sha256']}").text
    marks = re.findall(r'<a class="st k-(\w+)[^"]*" id="st-([0-9a-f]+)"[^>]*>([^<]*)</a>', html)
    by_id = {s["id"]: s for s in statements}
    assert len(marks) == len(statements)  # no overlaps in the gold of this document
    for kind, sid, text in marks:
        assert by_id[sid]["kind"] == kind and by_id[sid]["text"] == text


def test_document_view_of_a_target_shows_judgement_and_evidence_link(client: TestClient) -> None:
    target = client.get("/api/targets", params={"status": "achieved"}).json()["items"][0]
    html = client.get(f"/documents/{target['doc_sha']}", params={"focus": target["statement_id"]}).text
    assert 'class="focus" id="focus"' in html
    panel = html[html.index('id="panel-body"') : html.index("全部陈述")]
    assert "已完成" in panel and target["reason"] in panel
    ev = target["evidence"][0]
    link = f"/documents/{ev['doc_sha']}?focus={ev['statement_id']}#st-{ev['statement_id']}"
    assert link in panel
    evidence_page = client.get(link.split("#")[0]).text
    assert f'id="st-{ev["statement_id"]}"' in evidence_page and "current" in evidence_page
    focus = evidence_page[evidence_page.index('<span class="focus"') :]
    assert ev["text"] in focus[: focus.index("</span>")]


def test_indicator_page_has_chart_data_and_table(client: TestClient) -> None:
    html = client.get("/indicators/private_enterprises").text
    assert 'id="indicator-chart"' in html and "2.9万户" in html and "2.6万家" in html
    assert client.get("/indicators").status_code == 200
    assert client.get("/indicators/nope").status_code == 404


def test_search_page_lists_documents_and_statements(client: TestClient) -> None:
    html = client.get("/search", params={"q": "高新技术企业"}).text
    assert "<mark>高新技术企业</mark>" in html and "004_855d512fd5322961.txt" in html and DOC_003 not in html
    assert 'id="statement-hits"' in html
    filtered = client.get("/search", params={"kind": "target", "region": HEXI, "period": "2020"}).text
    assert "陈述" in filtered and "143家" in filtered


def test_unknown_pages_answer_404_in_chinese(client: TestClient) -> None:
    resp = client.get("/documents/ffffffffffffffff")
    assert resp.status_code == 404 and "未找到" in resp.text
    assert client.get("/api/documents/ffffffffffffffff").json() == {"detail": "document not found"}


def _store_hostile(url: str) -> str:
    text = (
        '<script>alert("pw")</script>\n地区生产总值增长<img src=x onerror=alert(1)>6%。'
        "</script><b>注册</b>企业达到1000家。"
    )
    doc = make_document("<i>hostile</i>.txt", text)

    def figure(
        quoted: str, indicator: str, value: float, unit: str, kind: str, measure: str, period: str
    ) -> Statement:
        start = text.index(quoted)
        return Statement(
            doc=doc.name,
            start=start,
            end=start + len(quoted),
            text=quoted,
            indicator=indicator,
            canonical=None,
            value=value,
            unit=unit,
            comparator="=",
            kind=kind,
            measure=measure,
            direction="up",
            period=period,
        )

    sts = (
        figure("6%", "<b>地区生产总值</b>", 6, "%", "target", "growth", "2020"),
        figure("1000家", "</script>企业", 1000, "家", "actual", "level", "2019"),
    )
    engine = open_store(url)
    with transaction(engine) as session:
        save_processed(
            session,
            Processed(
                doc,
                Structure(
                    facts=DocumentFacts(
                        doc=doc.name, region="<em>某区</em>", kind="other", delivered=None, published=None
                    )
                ),
                sts,
            ),
        )
    engine.dispose()
    return doc.sha256


def test_markup_in_a_document_renders_as_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    sha = _store_hostile(url)
    with TestClient(create_app(url, upload_dir=tmp_path / "up")) as c:
        pages = [
            c.get(f"/documents/{sha}").text,
            c.get("/").text,
            c.get("/search", params={"q": "script"}).text,
            c.get(f"/documents/{sha}", params={"focus": "x"}).text,
            c.get("/search", params={"q": "alert"}).text,
        ]
        for html in pages:
            assert "<script>alert" not in html and "<img src=x" not in html and "<b>注册</b>" not in html
            assert "<i>hostile</i>" not in html and "<em>某区</em>" not in html
        doc_html = pages[0]
        assert "&lt;script&gt;alert(&#34;pw&#34;)&lt;/script&gt;" in doc_html
        assert "&lt;img src=x onerror=alert(1)&gt;" in doc_html
        # the side-panel data is JSON inside a script element: it must not close that element
        data = doc_html[doc_html.index('id="statements-data">') :]
        data = data[: data.index("</script>")]
        assert "</" not in data and "\\u003c/script\\u003e" in data
        # the only script elements are the page's own
        assert re.findall(r"<script[^>]*>", doc_html) == [
            '<script type="application/json" id="statements-data">',
            '<script type="application/json" id="labels-data">',
            '<script src="/static/app.js" defer>',
        ]
        marks = re.findall(r'id="st-[0-9a-f]+"[^>]*>([^<]*)</a>', doc_html)
        assert marks == ["6%", "1000家"]


def test_highlighting_survives_overlapping_spans(tmp_path: Path) -> None:
    from planwatch.serve.highlight import pieces
    from planwatch.serve.schemas import StatementOut

    def st(i: str, a: int, b: int) -> StatementOut:
        return StatementOut(
            id=i,
            doc_sha="x",
            doc="d",
            start=a,
            end=b,
            text="",
            indicator="i",
            value=1,
            unit="",
            comparator="=",
            kind="actual",
            measure="level",
            direction="up",
            period="2020",
        )

    text = "0123456789"
    out = pieces(text, [st("a", 2, 5), st("b", 4, 7), st("c", 7, 9)], focus=(3, 8))
    assert "".join(p.text for p in out) == text
    assert [(p.text, p.statement.id) for p in out if p.statement] == [("234", "a"), ("78", "c")]
    opened = [i for i, p in enumerate(out) if p.focus_open]
    closed = [i for i, p in enumerate(out) if p.focus_close]
    assert len(opened) == len(closed) == 1 and out[opened[0]].text.startswith("2")  # widened to the mark
    assert out[closed[0]].text == "78"
    _ = Session


def test_an_empty_store_serves_every_page(tmp_path: Path) -> None:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'empty.db'}", upload_dir=tmp_path / "up")) as c:
        assert "还没有文件" in c.get("/").text
        for path in (
            "/indicators",
            "/search?q=就业",
            "/upload",
            "/api/documents",
            "/api/targets",
            "/api/regions",
            "/api/search?q=就业",
            "/api/statements.csv",
            "/api/targets.parquet",
        ):
            assert c.get(path).status_code == 200, path
        assert c.get("/api/regions").json() == []
