"""``sentence`` (#12): every target record of ``planwatch targets --format jsonl`` and each of its evidence
items quote the sentence holding the figure — through the store over the Shenzhen tracking corpus, and
from the dev gold's JSONL with ``--texts``; documents are titled from their first lines or their facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.ingest import load
from planwatch.model import Span, Statement
from planwatch.records import sentence_bounds, sentence_of
from planwatch.structure.facts import title_of
from planwatch.structure.rules import rules

from .helpers import GOLD

DATA = Path(__file__).resolve().parents[2] / "data"
TRACKING = DATA / "corpus" / "tracking"
DEV = DATA / "corpus" / "dev"
runner = CliRunner()
GOAL = "“十三五”末,民营企业达到2.6万家,注册资本(金)亿元以上的企业达到130家。"
FOUND = "民营经济保持良好发展态势,新增民营企业6629家,民营企业总数达到2.9万户。"


def invoke(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the tracking corpus, tracked."""
    db = f"sqlite:///{tmp_path_factory.mktemp('sentences') / 'store.db'}"
    invoke("ingest", str(TRACKING), "--db", db)
    invoke("track", "--db", db)
    return db


@pytest.fixture(scope="module")
def tracked(store: str) -> list[dict]:
    """``planwatch targets --format jsonl`` over the store."""
    return [json.loads(x) for x in invoke("targets", "--db", store, "--format", "jsonl").splitlines()]


def test_reports_without_a_title_line_are_titled_from_their_facts(store: str) -> None:
    from planwatch.serve.read import queries
    from planwatch.store.db import open_store, transaction

    engine = open_store(store)
    with transaction(engine) as s:
        docs, _ = queries.list_documents(s, limit=100)
    engine.dispose()
    named = {d.name: (d.title, d.title_from, d.date) for d in docs}
    assert named["baoan-2023-work-report.txt"][:2] == ("广东省深圳市宝安区2023年政府工作报告", "facts")
    assert named["longhua-2025-work-report.txt"][:2] == ("广东省深圳市龙华区2025年政府工作报告", "facts")
    assert all(t[1] == "facts" and t[0].endswith("政府工作报告") for t in named.values())


def _check(item: dict, texts: dict[str, str]) -> None:
    s = item["sentence"]
    assert isinstance(s, str) and item["text"] in s, item
    at = texts[item["doc"]].find(s)
    assert at >= 0 and "\n" not in s.strip()
    assert any(texts[item["doc"]][i:i + len(s)] == s and i <= item["start"] and item["end"] <= i + len(s)
               for i in range(max(0, item["start"] - len(s)), item["start"] + 1))


def test_store_targets_and_their_evidence_carry_their_sentence(tracked: list[dict]) -> None:
    texts = {p.name: load(p).text for p in TRACKING.glob("*.txt")}
    assert len(tracked) > 100
    with_evidence = [r for r in tracked if r["evidence"]]
    assert len(with_evidence) > 30
    for r in tracked:
        assert list(r)[-3:] == ["sentence", "evidence", "reason"]
        _check(r, texts)
        for e in r["evidence"]:
            assert list(e)[-1] == "sentence"
            _check(e, texts)
    # sentences end at their mark: 。！？ closes them (a list item may end at a line break)
    assert sum(r["sentence"].endswith("。") for r in tracked) > len(tracked) // 2


def test_jsonl_records_quote_sentences_given_the_texts() -> None:
    files = [a for f in sorted(GOLD.glob("0*.jsonl")) for a in ("--from-jsonl", str(f))]
    args = [*files, "--documents", str(GOLD / "documents.jsonl"), "--format", "jsonl", "--status", "achieved"]
    plain = [json.loads(x) for x in invoke("targets", *args).splitlines()]
    assert plain and all("sentence" not in r for r in plain)  # the tracking.md record, exactly
    (rec,) = [json.loads(x) for x in invoke("targets", *args, "--texts", str(DEV)).splitlines()]
    assert rec["sentence"] == GOAL
    assert rec["evidence"][0]["sentence"] == FOUND


def test_sentence_bounds_keep_the_figure_and_the_closing_mark() -> None:
    text = "　　一、回顾\n　　全年GDP增长3.5%，排名第一；总量4702亿元。下一句。"
    start = text.index("3.5%")
    st = Statement(doc="d", start=start, end=start + 4, text="3.5%", indicator="GDP", canonical=None,
                   value=3.5, unit="%", comparator="=", kind="actual", measure="growth", direction="up",
                   period="2023")
    whole = "全年GDP增长3.5%，排名第一；总量4702亿元。"
    assert sentence_of(st, text) == whole + "下一句。"  # the line, no span known
    span = Span(text.index("全年"), text.index("。"))
    assert sentence_of(Statement(**{**st.__dict__, "sentence": span}), text) == whole
    lo, hi = sentence_bounds(text, start, start + 4, Span(start + 1, start + 2))  # a span too short: widened
    assert lo <= start and hi >= start + 4
    assert sentence_of(st, None) is None


def test_titles_of_the_dev_reports_from_their_first_lines() -> None:
    def title(name: str) -> str | None:
        return title_of(load(DEV / name).text, None, {}, rules())

    assert title("000_60d02156ec099e48.txt") == (
        "关于河西区2019年国民经济和社会发展计划执行情况与2020年国民经济和社会发展计划草案的报告")
    assert title("002_f9d16f46d232b58f.txt") == "天津市和平区2018年政府工作报告"
    assert title("003_2e2f5eaad98d6f0d.txt") == "河西区经济社会发展第十三个五年规划"  # after a site menu
    assert title("004_855d512fd5322961.txt") == "2022年天津市河西区人民政府工作报告"
    # the Shenzhen reports open with 各位代表: no title in the text; a page title is used when there is one
    body = load(TRACKING / "baoan-2023-work-report.txt").text
    assert title_of(body, None, {}, rules()) is None
    page_title = "深圳市宝安区2023年政府工作报告"
    assert title_of(body, None, {"title": page_title}, rules()) == page_title
