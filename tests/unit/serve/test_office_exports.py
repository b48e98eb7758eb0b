"""Downloads the office uses: the targets workbook in Chinese (opened with openpyxl), records as JSON
Lines by ``?format=``, and the OpenAPI description in Chinese."""

from __future__ import annotations

import io
import json
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from planwatch.serve.openapi import untranslated

HEXI = "天津市河西区"
CJK = re.compile(r"[\u4e00-\u9fff]")
STATUS_WORDS = {"已完成", "未完成", "基本完成", "可能未完成", "进展顺利", "存在风险", "暂无数据"}


def test_targets_workbook_in_chinese_with_frozen_header_and_filters(client: TestClient) -> None:
    resp = client.get("/api/targets.xlsx", params={"region": HEXI})
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws is not None and ws.title == "目标"
    head = [c.value for c in ws[1]]
    assert head[:6] == ["文件", "起始位置", "结束位置", "原文数字", "原句", "指标"]
    assert {"地区", "时期", "状态", "判断理由", "比较符", "完成情况（依据）"} <= set(head)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(head)).column_letter}{ws.max_row}"
    assert ws.column_dimensions["J"].width and ws.column_dimensions["J"].width >= 11
    col = {h: i + 1 for i, h in enumerate(head)}
    statuses = {ws.cell(r, col["状态"]).value for r in range(2, ws.max_row + 1)}
    assert statuses <= STATUS_WORDS and "已完成" in statuses
    private = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["原文数字"]).value == "2.6万家")
    assert ws.cell(private, col["状态"]).value == "已完成"
    evidence = ws.cell(private, col["完成情况（依据）"]).value
    # readable, not JSON: the figure, its period, the document by its title and the place, the sentence
    assert evidence == (
        "2.9万户（2019年，关于河西区2019年国民经济和社会发展计划执行情况"
        "与2020年国民经济和社会发展计划草案的报告 第2214字）："
        "民营经济保持良好发展态势,新增民营企业6629家,民营企业总数达到2.9万户。")
    start, value = ws.cell(private, col["起始位置"]), ws.cell(private, col["数值"])
    assert start.value == 2575 and start.data_type == "n" and value.data_type == "n"
    comparators = [ws.cell(r, col["比较符"]) for r in range(2, ws.max_row + 1)]
    assert {c.value for c in comparators} >= {"=", "<="}  # no apostrophe, never a formula
    assert all(c.data_type == "s" for c in comparators if c.value)


def test_jsonl_by_format_parameter_streams_the_records(client: TestClient) -> None:
    resp = client.get("/api/export/targets", params={"format": "jsonl", "region": HEXI, "limit": 5})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/jsonl")
    records = [json.loads(line) for line in resp.text.splitlines()]
    assert resp.text == client.get("/api/targets.jsonl", params={"region": HEXI, "limit": 5}).text
    assert len(records) == 5 and records[0]["status"] in {"achieved", "missed", "likely_achieved",
                                                           "likely_missed", "on_track", "at_risk", "no_data"}
    assert isinstance(records[0]["evidence"], list)  # data stays data in JSON Lines
    csv = client.get("/api/export/statements", params={"region": HEXI, "limit": 5})
    assert csv.content.startswith("\ufeffdoc,start".encode())  # CSV with a BOM by default
    assert client.get("/api/export/targets", params={"format": "xml"}).status_code == 422


def test_openapi_is_in_chinese(client: TestClient, app: FastAPI) -> None:
    assert untranslated(app) == []
    spec = client.get("/api/openapi.json").json()
    assert CJK.search(spec["info"]["summary"]) and not re.search(r"[A-Za-z]{3,}", spec["info"]["summary"])
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            for text in (op["summary"], op["description"]):
                assert CJK.search(text), (where, text)
                # English words only as names (format, CSV, API, CSRF...), never a sentence
                assert not re.search(r"[A-Za-z]{3,} [a-z]{3,}", text), (where, text)
            for response in op["responses"].values():
                assert CJK.search(response["description"]), (where, response)
