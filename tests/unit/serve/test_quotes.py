"""Quoted verdicts (#12): the sentences of a target and its evidence, documents named by title and date,
截至 per region — in the API and on the pages, over the dev corpus (Tianjin reports) and its gold."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

from fastapi.testclient import TestClient

HEXI = "天津市河西区"
GOAL = "“十三五”末,民营企业达到2.6万家,注册资本(金)亿元以上的企业达到130家。"
FOUND = "民营经济保持良好发展态势,新增民营企业6629家,民营企业总数达到2.9万户。"
TITLES = {
    "000_60d02156ec099e48.txt": (
        "关于河西区2019年国民经济和社会发展计划执行情况与2020年国民经济和社会发展计划草案的报告", "2020-01-07"
    ),
    "001_599490bf3e5cd4dd.txt": (
        "关于河北区2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告", "2024-01-10"
    ),
    "002_f9d16f46d232b58f.txt": ("天津市和平区2018年政府工作报告", "2018-02-07"),
    "003_2e2f5eaad98d6f0d.txt": ("河西区经济社会发展第十三个五年规划", None),
    "004_855d512fd5322961.txt": ("2022年天津市河西区人民政府工作报告", "2021-12-11"),
}


def test_documents_carry_their_title_and_date(client: TestClient) -> None:
    docs = client.get("/api/documents").json()["items"]
    assert {d["name"]: (d["title"], d["date"]) for d in docs} == TITLES
    assert all(d["title_from"] == "text" for d in docs)
    one = client.get("/api/documents/000_60d02156ec099e48.txt").json()
    assert one["title"] == TITLES["000_60d02156ec099e48.txt"][0]  # a title broken over two lines, joined


def test_every_target_and_evidence_quotes_the_sentence_holding_its_figure(client: TestClient) -> None:
    items = client.get("/api/targets", params={"region": HEXI, "limit": 500}).json()["items"]
    assert items
    texts = {d["sha256"]: client.get(f"/api/documents/{d['sha256']}").json()["text"]
             for d in client.get("/api/documents").json()["items"]}
    n_evidence = 0
    for j in items:
        for item in (j, *j["evidence"]):
            n_evidence += item is not j
            s, at = item["sentence"], item["sentence_start"]
            assert s and item["text"] in s, item
            assert texts[item["doc_sha"]][at:at + len(s)] == s  # the sentence keeps its source span
            assert at <= item["start"] and item["end"] <= at + len(s)
            assert "\n" not in s
            assert item["doc_title"] == TITLES[item["doc"]][0] and item["doc_date"] == TITLES[item["doc"]][1]
    assert n_evidence >= 7
    achieved = next(j for j in items if j["status"] == "achieved")
    assert achieved["sentence"] == GOAL
    assert achieved["evidence"][0]["sentence"] == FOUND


def test_region_page_renders_each_verdict_quoted(client: TestClient) -> None:
    """The markup contract: .verdict[data-status], blockquote.quote.target / .quote.evidence with the
    figure in <mark>, the source by title and date (file name as a detail), 查看原文 to the figure."""
    html = client.get(f"/regions/{quote(HEXI)}").text
    shape = r'<article class="verdict[^"]*" data-status="(\w+)"[^>]*>(.*?)</article>'
    verdicts = re.findall(shape, html, re.S)
    judged = client.get("/api/targets", params={"region": HEXI, "limit": 500}).json()["items"]
    assert sorted(s for s, _ in verdicts) == sorted(j["status"] for j in judged)
    body = dict((s, b) for s, b in verdicts)["achieved"]
    assert "<details" not in html  # reason and evidence are shown, not collapsed
    target = re.search(r'<blockquote class="quote target"><p>(.*?)</p>(.*?)</blockquote>', body, re.S)
    assert target and "<mark>2.6万家</mark>" in target.group(1)
    assert "河西区经济社会发展第十三个五年规划" in target.group(2)
    assert "003_2e2f5eaad98d6f0d.txt" in target.group(2)
    evidence = re.search(r'<blockquote class="quote evidence"><p>(.*?)</p>(.*?)</blockquote>', body, re.S)
    assert evidence and unescape(evidence.group(1)) == FOUND.replace("2.9万户", "<mark>2.9万户</mark>")
    source = evidence.group(2)
    assert "<cite" in source and TITLES["000_60d02156ec099e48.txt"][0] in source and "2020-01-07" in source
    assert re.search(r'<small class="file">000_60d02156ec099e48.txt</small>', source)
    link = re.search(r'<a class="evlink" href="(/documents/[0-9a-f]{64}\?focus=([0-9a-f]+)#st-\2)">', source)
    assert link and source[link.end():].startswith("查看原文</a>")
    assert link
    page = client.get(link.group(1).split("#")[0]).text
    assert f'id="st-{link.group(2)}"' in page


def test_as_of_is_the_regions_own_latest_date(client: TestClient) -> None:
    regions = {r["name"]: r for r in client.get("/api/regions").json()}
    assert regions[HEXI]["as_of"] == "2021-12-11"  # not 河北区's 2024-01-10
    assert regions["天津市和平区"]["as_of"] == "2018-02-07"
    assert regions["天津市"]["as_of"] == "2024-01-10"  # the regions under it
    html = client.get(f"/regions/{quote(HEXI)}").text
    assert re.search(r'id="as-of"[^>]*>截至 2021-12-11<', html)
    assert "截至 2024-01-10" not in html


def test_pages_name_documents_by_title_with_the_file_as_a_detail(client: TestClient) -> None:
    title, date = TITLES["004_855d512fd5322961.txt"]
    overview = client.get("/").text
    assert title in overview and "004_855d512fd5322961.txt" in overview
    doc = client.get("/documents/004_855d512fd5322961.txt").text
    assert f'<h1 class="docname">{title}</h1>' in doc
    assert f"<title>{title}" in doc and 'id="doc-file">004_855d512fd5322961.txt<' in doc and date in doc
    search = client.get("/search", params={"q": "国家高新技术企业"}).text
    assert title in search
    region = client.get(f"/regions/{quote(HEXI)}").text
    documents = region[region.index("本地区文件"):]
    assert title in documents and "004_855d512fd5322961.txt" in documents
