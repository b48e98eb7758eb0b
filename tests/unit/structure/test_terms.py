"""Reports that close a term (换届): the year's and the term's review, five-year goals, the year's targets."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.extract import extract
from planwatch.structure import analyse

from ._docs import DATA, doc_of

FIXTURE = DATA / "fixtures" / "term-city-2021-work-report.txt"
PROVINCE = DATA / "fixtures" / "term-province-2021-work-report.txt"
NATIONAL = DATA / "fixtures" / "term-national-2018-work-report.txt"
GUANGMING = DATA / "corpus" / "tracking" / "guangming-2023-work-report.txt"


def _inspect(path: Path) -> dict:
    result = CliRunner().invoke(app, ["inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    rec: dict = json.loads(result.stdout.splitlines()[0])
    return rec


def _statements(path: Path) -> dict[str, tuple[str, str]]:
    """'indicator figure' -> (kind, period) of every statement of the file."""
    doc = doc_of(path.read_text(encoding="utf-8"), path.name)
    return {f"{s.indicator} {s.text}": (s.kind, s.period) for s in extract(doc, analyse(doc))}


def test_inspect_reads_the_year_and_the_term_it_reviews_and_plans() -> None:
    rec = _inspect(FIXTURE)
    assert rec["kind"] == "work_report"
    assert rec["reviews"] == ["2020", "2016-2020"]
    assert rec["plans"] == ["2021", "2021-2025"]
    tops = [(s["title"], s["label"], s["periods"]) for s in rec["sections"] if s["level"] == 1]
    assert tops == [
        ("过去一年和五年工作回顾", "review", ["2020", "2016-2020"]),
        ("今后五年的主要目标任务", "plan", ["2021-2025"]),
        ("2021年工作安排", "plan", ["2021"]),
    ]


def test_each_figure_of_a_term_report_gets_its_kind_and_period() -> None:
    got = _statements(FIXTURE)
    expected = {
        # the year's review
        "地区生产总值 3.2%": ("actual", "2020"),
        "城镇新增就业 8.6万人": ("actual", "2020"),
        "新开工亿元以上项目 120个": ("actual", "2020"),  # 一年来，…
        # the five-year review: totals and yearly averages over the span, stocks at its end
        "地区生产总值 6.5%": ("actual", "2016-2020"),
        "一般公共预算收入 5.8%": ("actual", "2016-2020"),
        "新增就业 50万人": ("actual", "2016-2020"),
        "城镇居民人均可支配收入 5.6万元": ("actual", "2020"),
        "新增学位 8万个": ("actual", "2016-2020"),
        # five-year goals
        "地区生产总值 6%左右": ("target", "2021-2025"),
        "城镇新增就业 40万人以上": ("target", "2021-2025"),
        # the year's targets
        "地区生产总值 6%以上": ("target", "2021"),
        "城镇新增就业 8万人以上": ("target", "2021"),
        "城镇调查失业率 5.5%以内": ("target", "2021"),
        "新增学位 1.2万个": ("target", "2021"),
    }
    assert {k: got.get(k) for k in expected} == expected


def test_headings_naming_the_year_and_the_plan_and_the_suggestions_for_this_year() -> None:
    """“十三五”时期和2020年工作回顾 / 今后五年奋斗目标和2021年工作安排 / 对今年政府工作的建议."""
    rec = _inspect(PROVINCE)
    assert rec["kind"] == "work_report"
    assert (rec["reviews"], rec["plans"]) == (["2020", "2016-2020"], ["2021", "2021-2025"])
    assert [s["label"] for s in rec["sections"] if s["level"] == 1] == ["review", "plan", "plan"]
    assert _statements(PROVINCE) == {
        "地区生产总值 6.8%": ("actual", "2016-2020"),
        "新增城镇就业 300万人": ("actual", "2016-2020"),
        "地区生产总值 3.6%": ("actual", "2020"),
        "城镇新增就业 62万人": ("actual", "2020"),
        "地区生产总值 6%左右": ("target", "2021-2025"),
        "新增城镇就业 250万人": ("target", "2021-2025"),
        "地区生产总值 6.5%以上": ("target", "2021"),
        "城镇新增就业 60万人以上": ("target", "2021"),
        "新增学位 5万个": ("target", "2021"),
        "新建保障性住房 2万套": ("target", "2021"),
    }


FIVE_YEAR_REVIEW = (
    "各位代表：\n一、过去五年工作回顾\n"
    "　　过去五年，全区地区生产总值年均增长7%，累计新增就业20万人。\n"
    "　　（一）产业结构持续优化。高新技术企业达到800家。\n"
    "　　2020年，面对疫情冲击，全区地区生产总值增长2.5%。全年新增就业3.1万人。\n"
    "二、2021年工作安排\n　　地区生产总值增长6%以上。\n"
)


def test_a_five_year_review_with_a_part_on_its_last_year() -> None:
    doc = doc_of(FIVE_YEAR_REVIEW)
    st = analyse(doc)
    assert (st.facts.reviews, st.facts.plans) == (("2020", "2016-2020"), ("2021",))
    got = {f"{s.indicator} {s.text}": (s.kind, s.period) for s in extract(doc, st)}
    assert got == {
        "地区生产总值 7%": ("actual", "2016-2020"),
        "新增就业 20万人": ("actual", "2016-2020"),
        "高新技术企业 800家": ("actual", "2020"),  # a stock: at the span's end
        "地区生产总值 2.5%": ("actual", "2020"),
        "新增就业 3.1万人": ("actual", "2020"),  # 全年…, after the sentence naming 2020
        "地区生产总值 6%以上": ("target", "2021"),
    }


def test_a_five_year_review_whose_paragraphs_all_name_the_span_is_not_divided() -> None:
    text = FIVE_YEAR_REVIEW.replace("2020年，面对疫情冲击，", "五年来，")
    st = analyse(doc_of(text))
    assert st.facts.reviews == ("2016-2020",)
    assert [s.title for s in st.sections] == ["过去五年工作回顾", "产业结构持续优化", "2021年工作安排"]


def test_a_state_council_report_closing_a_term() -> None:
    """过去五年工作回顾 / 2018年…总体要求和政策取向 / 对2018年政府工作的建议."""
    rec = _inspect(NATIONAL)
    assert (rec["kind"], rec["reviews"], rec["plans"]) == ("work_report", ["2013-2017"], ["2018"])
    assert [s["label"] for s in rec["sections"]] == ["review", "plan", "plan"]
    got = _statements(NATIONAL)
    assert {k: got[k] for k in ("国内生产总值 54万亿元", "国内生产总值 82.7万亿元", "国内生产总值 7.1%")} == {
        "国内生产总值 54万亿元": ("actual", "2012"),  # 从…: the year before the span
        "国内生产总值 82.7万亿元": ("actual", "2017"),  # 增加到…: the span's end
        "国内生产总值 7.1%": ("actual", "2013-2017"),
    }
    assert {v for k, v in got.items() if "万亿" not in k and "7.1%" not in k and "1300万人" not in k} == {
        ("target", "2018")
    }


def test_the_same_words_in_a_one_year_review_stay_one_year() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("过去一年和五年工作回顾", "2020年工作回顾")
    doc = doc_of(text)
    st = analyse(doc)
    assert st.facts.reviews == ("2020",)
    assert not any(s.title in ("过去五年", "五年来") for s in st.sections)  # no zones in a one-year review


def test_a_term_review_starts_when_the_government_was_formed() -> None:
    text = (
        "各位代表：\n本届政府工作回顾\n"
        "　　2019年9月，新区人民政府正式成立。三年多来，我们累计新增企业3000家。\n"
        "2023年工作安排\n　　今年主要预期目标：地区生产总值增长6%。\n"
    )
    st = analyse(doc_of(text))
    assert st.facts.reviews == ("2019-2022",)
    assert st.facts.plans == ("2023",)
    assert st.sections[0].periods == ("2019-2022",)


def test_guangming_2023_year_targets_and_term_goals() -> None:
    rec = _inspect(GUANGMING)
    assert rec["reviews"] == ["2018-2022"]
    assert rec["plans"] == ["2023", "2023-2027"]
    doc = doc_of(GUANGMING.read_text(encoding="utf-8"), GUANGMING.name)
    st = analyse(doc)
    stmts = extract(doc, st)
    text = doc.text
    year_part = text.index("2023年重点工作")
    term_part = text.index("新一届政府工作思路和目标任务")
    gold = [json.loads(line) for line in (DATA / "gold" / "tracking" / "guangming-2023.jsonl").open()]
    by_start = {s.start: s for s in stmts}
    # the gold targets of 2023 are read as targets of 2023 (1000堂: 堂 is not a unit yet)
    found = [by_start[g["start"]] for g in gold if g["start"] in by_start]
    assert len(found) >= len(gold) - 1
    assert {(s.kind, s.period) for s in found} == {("target", "2023")}
    assert Counter((s.kind, s.period) for s in stmts if s.start >= year_part) == Counter(
        {("target", "2023"): sum(1 for s in stmts if s.start >= year_part)}
    )
    # the new term's goals are goals for the term (its span, or its end year for a state)
    term = [s for s in stmts if term_part <= s.start < year_part]
    assert term and all(s.kind == "target" and s.period in ("2023-2027", "2027") for s in term)
    at = {text[s.start - 3:s.end]: s.period for s in term}
    assert at["中小学24所"] == at["、学位3.8万个"] == "2023-2027"  # the items of 新增… over the term
    assert at["、碧道40公里"] == "2023-2027" and at["寿命达84岁"] == "2027"  # a state at the term's end
    # the term's review: no figure of it is a goal
    assert all(s.kind != "target" for s in stmts if s.start < term_part)
