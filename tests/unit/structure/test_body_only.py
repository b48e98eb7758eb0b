"""Facts of body-only texts (files that start at 各位代表): region, kind and plan year, as
``planwatch inspect --json`` gives them, on the Shenzhen reports and on short fixtures of every level."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.structure import analyse
from planwatch.structure.given import as_meta, check_region

from ._docs import DATA, doc_of

runner = CliRunner()
TRACKING = DATA / "corpus" / "tracking"
EXTRA = DATA / "corpus" / "extra"
FIXTURES = DATA / "fixtures" / "facts"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
DISTRICTS = {"baoan": "宝安区", "futian": "福田区", "guangming": "光明区", "longgang": "龙岗区",
             "longhua": "龙华区", "yantian": "盐田区"}


def _gold() -> dict[str, dict[str, object]]:
    """The tracking set's documents.jsonl; for extra, what the file names say."""
    gold: dict[str, dict[str, object]] = {}
    path = DATA / "gold" / "tracking" / "documents.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        gold[f"tracking/{rec['doc']}"] = rec
    for p in sorted(EXTRA.glob("*.txt")):
        district, year = p.stem.split("-")[:2]
        gold[f"extra/{p.name}"] = {"region": f"广东省深圳市{DISTRICTS[district]}", "kind": "work_report",
                                   "plans": [year]}
    return gold


GOLD = _gold()


def _years(plans: object) -> list[str]:
    """The planned years (the gold of the tracking set lists no term span: guangming-2023's new
    government's 2023-2027 goals are read by the structure stage as well)."""
    assert isinstance(plans, list | tuple)
    return [p for p in plans if "-" not in p]


def _inspect(*paths: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["inspect", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_corpus_file_gets_the_gold_region_kind_and_plan_year() -> None:
    files = sorted(TRACKING.glob("*.txt")) + sorted(EXTRA.glob("*.txt"))
    recs = _inspect(*files)
    wrong = []
    for path, rec in zip(files, recs, strict=True):
        gold = GOLD[f"{path.parent.name}/{path.name}"]
        got = {"region": rec["region"], "kind": rec["kind"], "plans": _years(rec["plans"])}
        if got != {k: gold[k] for k in ("region", "kind", "plans")} or rec["unsure"]:
            wrong.append((path.name, got, rec["unsure"]))
    assert not wrong


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_facts(name: str) -> None:
    [rec] = _inspect(FIXTURES / name)
    want = EXPECTED[name]
    assert {k: rec[k] for k in ("region", "kind", "reviews", "plans")} == {
        k: want[k] for k in ("region", "kind", "reviews", "plans")}
    assert sorted(u.split(":")[0] for u in rec["unsure"]) == want.get("unsure", [])  # type: ignore[call-overload]


def test_speaker_names_the_district_with_a_term_ordinal() -> None:
    text = ("各位代表：\n现在，我代表光明区一届人民政府向大会作报告，请予审议。\n一、2022年工作回顾\n"
            "在深圳市委领导下，全区生产总值增长5%。\n二、2023年工作安排\n")
    assert analyse(doc_of(text)).facts.region == "广东省深圳市光明区"


def test_same_named_district_without_its_city_is_unsure_not_a_silent_guess() -> None:
    text = "各位代表：\n现在，我代表和平区人民政府，向大会报告工作。\n一、2023年工作回顾\n全区经济增长5%。\n"
    facts = analyse(doc_of(text)).facts
    assert any(u.startswith("region:") for u in facts.unsure)


def test_municipality_and_county_level_city_from_a_level_word() -> None:
    beijing = ("各位代表：\n现在，我代表市人民政府，向大会报告工作。\n一、2023年工作回顾\n"
               "北京城市副中心建设提速，朝阳区、海淀区、通州区发展加快，北京天津河北协同。\n二、2024年主要任务\n")
    assert analyse(doc_of(beijing)).facts.region == "北京市"
    kunshan = ("各位代表：\n现在，我代表市人民政府，向大会报告工作。\n一、2023年工作回顾\n"
               "在苏州市委、市政府和昆山市委领导下，昆山经济增长5%，昆山开发区发展。昆山位居百强县首位。\n"
               "二、2024年工作安排\n")
    assert analyse(doc_of(kunshan)).facts.region == "江苏省苏州市昆山市"


def test_file_name_tells_what_the_text_cannot() -> None:
    text = ("各位代表：\n现在，我代表区人民政府，向大会报告工作。\n一、工作回顾\n全区经济增长5%。\n"
            "二、工作安排\n")
    facts = analyse(doc_of(text, name="东城区2024年政府工作报告.txt")).facts
    got = (facts.region, facts.reviews, facts.plans, facts.unsure)
    assert got == ("北京市东城区", ("2023",), ("2024",), ())
    bare = analyse(doc_of(text)).facts
    assert bare.region is None and bare.plans == ()
    assert sorted(u.split(":")[0] for u in bare.unsure) == ["region", "year"]


def test_given_facts_win_over_the_text() -> None:
    meta = as_meta("北京市东城区", "2024", "work_report")
    assert meta == {"given_region": "北京市东城区", "given_year": "2024", "given_kind": "work_report"}
    text = (FIXTURES / "gulou_nanjing.txt").read_text(encoding="utf-8")
    facts = analyse(doc_of(text, meta=meta)).facts
    got = (facts.region, facts.kind, facts.plans, facts.unsure)
    assert got == ("北京市东城区", "work_report", ("2024",), ())


@pytest.mark.parametrize("bad", ["北京东城", "火星市", "和平区"])
def test_a_given_region_must_be_one_division(bad: str) -> None:
    with pytest.raises(ValueError, match=bad):
        check_region(bad)


def test_given_year_and_kind() -> None:
    assert as_meta(year="二〇二四") == {"given_year": "2024"}
    for bad in ({"year": "1800"}, {"year": "明年"}, {"kind": "speech"}):
        with pytest.raises(ValueError, match=next(iter(bad.values()))):
            as_meta(**bad)  # type: ignore[arg-type]


def test_given_region_short_forms() -> None:
    assert check_region("东城区") == "北京市东城区"
    assert check_region("天津市和平区") == "天津市和平区"
    assert check_region("全国") == "全国"


@pytest.mark.parametrize(("sentence", "year"), [
    ("今年是“十四五”规划收官之年", 2025),
    ("今年是“十四五”开局之年", 2021),
    ("今年是全面贯彻党的二十大精神的开局之年", 2023),
    ("今年是新中国成立70周年", 2019),
    ("今年是改革开放四十周年", 2018),
    ("刚刚过去的2022年，极不平凡", 2023),
    ("我们将迎来党的二十大胜利召开", 2022),
    ("今年将召开党的十九大", 2017),
    ("今年是全面完成“十二五”规划的收官之年", 2015),
    ("今年是全面建成小康社会和“十三五”规划收官之年", 2020),
    ("今年是中国共产党成立100周年，是“十四五”开局之年", 2021),
    ("今年是全面贯彻党的十九大精神的开局之年，是改革开放40周年", 2018),
])
def test_year_from_the_body_s_sentences(sentence: str, year: int) -> None:
    text = (f"各位代表：\n现在，我代表省人民政府，向大会报告工作。\n一、过去一年工作回顾\n{sentence}。"
            "浙江增长5%，全省各地、杭州、宁波发展加快。\n二、今年工作安排\n")
    facts = analyse(doc_of(text)).facts
    assert (facts.reviews, facts.plans, facts.unsure) == ((str(year - 1),), (str(year),), ())


def test_a_division_the_table_does_not_know_is_read_under_its_city_and_flagged() -> None:
    text = ("各位代表：\n现在，我代表大鹏新区人民政府，向大会报告工作。\n一、2023年工作回顾\n"
            "在深圳市委领导下，大鹏新区经济增长4%，深圳东部海滨建设加快。\n二、2024年工作安排\n")
    facts = analyse(doc_of(text)).facts
    assert facts.region == "广东省深圳市大鹏新区"
    assert [u.split(":")[0] for u in facts.unsure] == ["region"]


def test_without_a_speaker_the_places_named_give_an_unsure_region() -> None:
    text = ("一、2023年工作回顾\n浙江全省生产总值增长6%，杭州市、宁波市、温州市发展加快，浙江数字经济领先。\n"
            "二、2024年工作安排\n浙江省生产总值增长5%。\n")
    facts = analyse(doc_of(text)).facts
    assert facts.region == "浙江省"
    assert [u.split(":")[0] for u in facts.unsure] == ["kind", "region"]


def test_a_term_ordinal_before_the_level_word() -> None:
    text = ("各位代表：\n现在，我代表新一届区人民政府，向大会报告工作。\n一、2023年工作回顾\n"
            "在深圳市委领导下，宝安区经济增长4%，宝安区先进制造业加快发展。\n二、2024年工作安排\n")
    assert analyse(doc_of(text)).facts.region == "广东省深圳市宝安区"


def _harder(text: str) -> str:
    """The same report with a speaker that names only its level and headings that name no year."""
    text = re.sub(r"我代表[^，,。]{0,12}?人民政府", "我代表区人民政府", text, count=1)
    lines = []
    for line in text.split("\n"):
        if len(line.strip()) < 40 and re.match(r"^\s*[一二三四五六七八九十]+、", line):
            line = re.sub(r"\d{4}年", "", line)
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("path", sorted(TRACKING.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_facts_hold_when_the_speaker_and_headings_say_less(path: Path) -> None:
    gold = GOLD[f"tracking/{path.name}"]
    facts = analyse(doc_of(_harder(path.read_text(encoding="utf-8")))).facts
    assert (facts.region, _years(facts.plans), facts.unsure) == (gold["region"], gold["plans"], ())


def test_an_unknown_kind_is_unsure() -> None:
    text = "一、2023年工作回顾\n深圳市宝安区生产总值增长5%，宝安区发展加快。\n二、2024年工作安排\n"
    facts = analyse(doc_of(text)).facts
    assert facts.kind == "other" and any(u.startswith("kind:") for u in facts.unsure)
    given = analyse(doc_of(text, meta={"given_kind": "work_report"})).facts
    assert given.kind == "work_report" and not any(u.startswith("kind:") for u in given.unsure)


@pytest.mark.parametrize(("body", "region"), [
    ("上海经济增长5%，浦东新区、黄浦区、徐汇区、闵行区发展加快，长三角一体化，"
     "与苏州、杭州、南京合作。上海金融。", "上海市"),
    ("苏州经济增长5%，姑苏区、吴中区、相城区、昆山市发展加快，沪苏同城化，"
     "与上海合作。苏州制造。江苏全省。", "江苏省苏州市"),
])
def test_a_city_report_beside_a_municipality(body: str, region: str) -> None:
    text = (f"各位代表：\n现在，我代表市人民政府，向大会报告工作。\n一、2023年工作回顾\n{body}\n"
            "二、2024年工作安排\n")
    facts = analyse(doc_of(text)).facts
    assert (facts.region, facts.unsure) == (region, ())
