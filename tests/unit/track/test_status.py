"""Each status, the precedence between them, and which evidence counts (tracking.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planwatch.model import DocumentFacts, Judgement, Statement
from planwatch.track import default_today, judge

from .helpers import SPEC_INDICATORS, facts, st

PLAN = facts("plan.txt", "2020-01-10", kind="plan_report")
REP21 = facts("report2021.txt", "2021-01-12")
REP22 = facts("report2022.txt", "2022-01-11")
JOBS = {"canonical": "new_jobs", "indicator": "新增就业", "unit": "人"}
GDP = {"canonical": "gdp_growth", "indicator": "地区生产总值", "unit": "%", "measure": "growth",
       "direction": "up"}


def at(f: DocumentFacts, s: Statement) -> tuple[Statement, DocumentFacts]:
    return replace(s, doc=f.doc), f


def one(pairs: list[tuple[Statement, DocumentFacts]], today: date | None = None) -> Judgement:
    out = judge(pairs, today=today, indicators=SPEC_INDICATORS)
    assert len(out) == 1
    return out[0]


def roles(j: Judgement) -> list[tuple[str, str, str]]:
    return [(e.role, e.statement.period, e.statement.text) for e in j.evidence]


def test_achieved_by_an_actual_for_the_period() -> None:
    j = one([at(PLAN, st(**JOBS, value=40000, text="4万人")),
             at(REP21, st("actual", **JOBS, value=42000, text="4.2万人"))])
    assert j.status == "achieved"
    assert roles(j) == [("direct", "2020", "4.2万人")]
    assert "2020年" in j.reason and "4.2万人" in j.reason and "4万人" in j.reason


def test_missed_needs_the_period_to_have_ended() -> None:
    pairs = [at(PLAN, st(**JOBS, value=40000)), at(REP21, st("actual", **JOBS, value=35000, text="3.5万人"))]
    assert one(pairs).status == "missed"
    # the same figure before the year is out is not a miss
    assert one(pairs, today=date(2020, 11, 30)).status != "missed"


def test_estimate_for_the_period_is_indirect() -> None:
    target = at(PLAN, st(**GDP, value=5, comparator="~", text="5%左右"))
    ok = one([target, at(REP21, st("estimate", **GDP, value=4.7, text="4.7%左右"))])
    bad = one([target, at(REP21, st("estimate", **GDP, value=4.4, text="4.4%"))])
    assert (ok.status, bad.status) == ("likely_achieved", "likely_missed")
    assert roles(ok) == [("indirect", "2020", "4.7%左右")]


def test_later_actual_wins_and_estimate_is_superseded() -> None:
    j = one([
        at(PLAN, st(**GDP, value=5, comparator="~", text="5%左右")),
        at(REP21, st("estimate", **GDP, value=6, text="6%左右")),
        at(REP22, st("actual", **GDP, value=4, text="4%")),
    ])
    assert j.status == "missed"
    assert roles(j) == [("direct", "2020", "4%"), ("superseded", "2020", "6%左右")]


def test_revised_actual_in_a_later_document_wins() -> None:
    j = one([
        at(PLAN, st(**JOBS, value=40000)),
        at(REP21, st("actual", **JOBS, value=41000, text="4.1万人")),
        at(REP22, st("actual", **JOBS, value=39000, text="3.9万人")),
    ])
    assert j.status == "missed"
    assert roles(j) == [("direct", "2020", "3.9万人"), ("superseded", "2020", "4.1万人")]


def test_direct_evidence_outranks_indirect() -> None:
    j = one([
        at(PLAN, st(**JOBS, value=40000)),
        at(REP21, st("actual", **JOBS, value=45000, text="4.5万人")),
        at(REP22, st("actual", **JOBS, value=30000, text="3万人", period="2021")),
    ])
    assert j.status == "achieved"
    assert roles(j) == [("direct", "2020", "4.5万人")]


def test_level_target_met_early_is_achieved() -> None:
    plan = facts("fyp.txt", None, kind="five_year_plan")
    j = one([at(plan, st(indicator="民营企业", canonical="private_enterprises", value=26000, text="2.6万家")),
             at(REP21, st("actual", indicator="民营企业总数", canonical="private_enterprises", unit="户",
                          value=29000, text="2.9万户", period="2019"))])
    assert j.status == "achieved"
    assert "已达" in j.reason


def test_an_earlier_flow_does_not_count_as_the_target_year() -> None:
    # 新增就业 is a flow: 2019's 4.5万 says nothing of 2020's
    j = one([at(PLAN, st(**JOBS, value=40000)),
             at(REP21, st("actual", **JOBS, value=45000, period="2019"))])
    assert j.status == "no_data"


def test_partial_total_that_already_meets_a_span_target_is_achieved() -> None:
    fyp = facts("fyp.txt", "2016-01-10", kind="five_year_plan")
    j = one([at(fyp, st(**JOBS, value=100000, period="2016-2020")),
             at(REP21, st("actual", **JOBS, value=120000, period="2016-2019"))])
    assert j.status == "achieved"
    assert "累计" in j.reason


def test_a_yearly_flow_is_not_judged_by_a_multi_year_total() -> None:
    j = one([at(PLAN, st(**JOBS, value=40000)),
             at(REP22, st("actual", **JOBS, value=170000, period="2017-2021"))])
    assert j.status == "no_data"


def _plan_2025() -> DocumentFacts:
    return facts("fyp.txt", "2021-01-10", kind="five_year_plan", plans=("2021-2025",))


def test_on_track_when_the_latest_reading_already_meets() -> None:
    kw = {"indicator": "空气质量优良天数比例", "measure": "share", "unit": "%", "canonical": "good_air_ratio"}
    j = one([at(_plan_2025(), st(**kw, value=80, comparator=">=", period="2025")),
             at(REP22, st("actual", **kw, value=85, period="2021"))])
    assert j.status == "on_track"


def test_cumulative_flow_on_and_off_the_linear_path() -> None:
    def run(a: float, b: float) -> Judgement:
        return one([
            at(_plan_2025(), st(**JOBS, value=100000, period="2021-2025", text="10万人")),
            at(REP22, st("actual", **JOBS, value=a, period="2021")),
            at(facts("r23.txt", "2023-01-09"), st("actual", **JOBS, value=b, period="2022")),
        ])

    on, off = run(22000, 21000), run(15000, 15000)
    assert (on.status, off.status) == ("on_track", "at_risk")
    assert "40%" in off.reason and "4万人" in off.reason  # 2 of 5 years: 4万 due
    assert len(on.evidence) == 2


def test_stock_path_from_a_baseline() -> None:
    def run(latest: float) -> Judgement:
        kw = {"indicator": "科技型企业总数", "unit": "家"}
        return one([
            at(_plan_2025(), st(**kw, value=1000, period="2025")),
            at(REP21, st("actual", **kw, value=500, period="2020")),
            at(facts("r23.txt", "2023-01-09"), st("actual", **kw, value=latest, period="2022")),
        ])

    # from 500 in 2020 to 1000 in 2025: 700 due by 2022
    assert run(720).status == "on_track"
    assert run(650).status == "at_risk"


def test_at_risk_without_a_baseline_when_not_met() -> None:
    kw = {"indicator": "科技型企业总数", "unit": "家"}
    j = one([at(_plan_2025(), st(**kw, value=1000, period="2025")),
             at(REP22, st("actual", **kw, value=650, period="2021", text="650家"))])
    assert j.status == "at_risk"
    assert "650家" in j.reason and "2021年" in j.reason


def test_no_data_and_ended_with_only_earlier_figures() -> None:
    kw = {"indicator": "城镇登记失业率", "canonical": "unemployment_rate", "measure": "share", "unit": "%"}
    alone = one([at(PLAN, st(**kw, value=3.6, comparator="<="))])
    early = one([at(PLAN, st(**kw, value=3.6, comparator="<=")),
                 at(REP22, st("actual", **kw, value=3.2, period="2019"))])
    assert alone.status == early.status == "no_data"
    assert alone.evidence == early.evidence == ()
    assert "2019年" in early.reason


def test_same_document_counts_only_for_the_targets_own_period() -> None:
    plan = facts("fyp.txt", None, kind="five_year_plan")
    kw = {"indicator": "民营企业", "canonical": "private_enterprises"}
    baseline = one([at(plan, st(**kw, value=26000)),
                    at(plan, st("actual", **kw, value=30000, period="2019"))])
    same = one([at(plan, st(**kw, value=26000)), at(plan, st("actual", **kw, value=30000, period="2020"))],
               today=date(2021, 6, 1))
    assert baseline.status == "no_data"
    assert same.status == "achieved"


def test_other_regions_are_not_evidence() -> None:
    other = facts("other.txt", "2021-01-12", region="另一个区")
    j = one([at(PLAN, st(**JOBS, value=40000)), at(other, st("actual", **JOBS, value=50000))])
    assert j.status == "no_data"


def test_null_canonical_links_by_name_and_never_across_measures_or_units() -> None:
    target = at(PLAN, st(indicator="全区新建公园", value=5, unit="个"))
    linked = one([target, at(REP21, st("actual", indicator="新建公园", value=6, unit="个"))])
    other = one([target, at(REP21, st("actual", indicator="新建学校", value=6, unit="个"))])
    share = one([target, at(REP21, st("actual", indicator="新建公园", value=6, unit="%", measure="share"))])
    dollars = one([at(PLAN, st(indicator="利用外资", value=2e8, unit="美元")),
                   at(REP21, st("actual", indicator="利用外资", value=3e9, unit="元"))])
    assert linked.status == "achieved"
    assert other.status == share.status == dollars.status == "no_data"


def test_default_today_is_the_latest_delivered_date() -> None:
    fs = [PLAN, REP22, facts("x.txt", None)]
    assert default_today(fs) == date(2022, 1, 11)
    published_only = [DocumentFacts("y.txt", "r", "work_report", None, "2019-03-01")]
    assert default_today(published_only) == date(2019, 3, 1)


def test_judgements_follow_input_order_and_skip_non_targets() -> None:
    a, b = st(**JOBS, value=1, period="2020"), st(**JOBS, value=2, period="2021")
    out = judge([at(PLAN, a), at(REP21, st("actual", **JOBS)), at(PLAN, b)], indicators=SPEC_INDICATORS)
    assert [j.target.value for j in out] == [1, 2]


def test_unreadable_period_is_no_data() -> None:
    j = one([at(PLAN, st(**JOBS, period="十四五"))])
    assert j.status == "no_data"


def test_a_stock_reported_for_a_span_is_its_level_at_the_end() -> None:
    # a five-year review saying "国家高新技术企业156家" over 2017-2021 reports the 2021 level
    kw = {"indicator": "国家高新技术企业", "canonical": "high_tech_enterprises"}
    j = one([at(PLAN, st(**kw, value=143, text="143家")),
             at(REP22, st("actual", **kw, value=156, text="156家", period="2017-2021"))])
    assert j.status == "likely_achieved"
    assert "2021年为156家" in j.reason
    # a flow over the same span is not read that way
    flow = one([at(PLAN, st(**JOBS, value=40000)),
                at(REP22, st("actual", **JOBS, value=170000, period="2017-2021"))])
    assert flow.status == "no_data"


def test_a_figure_left_without_canonical_id_links_by_the_indicators_names() -> None:
    # the extractor labelled the target but not the result: 高新技术企业 is a synonym of high_tech_enterprises
    target = at(PLAN, st(indicator="国家高新技术企业", canonical="high_tech_enterprises", value=143))
    j = one([target, at(REP21, st("actual", indicator="高新技术企业", value=150, text="150家"))])
    assert j.status == "achieved"
    other = one([target, at(REP21, st("actual", indicator="科技型中小企业", value=150))])
    mislabelled = st("actual", indicator="国家高新技术企业", canonical="tech_smes", value=150)
    labelled_otherwise = one([target, at(REP21, mislabelled)])
    assert other.status == labelled_otherwise.status == "no_data"


def test_figures_from_before_the_plan_are_baselines_not_progress() -> None:
    # a 2022 yearly target and a 2021 figure: no progress inside 2022 to judge yet
    kw = {"indicator": "国家高新技术企业", "canonical": "high_tech_enterprises"}
    year_plan = facts("plan2022.txt", "2022-01-10", plans=("2022",))
    j = one([at(year_plan, st(**kw, value=165, comparator=">=", period="2022")),
             at(REP21, st("actual", **kw, value=156, text="156家", period="2021"))], today=date(2022, 6, 30))
    assert j.status == "no_data"
    assert "2021年" in j.reason and "156家" in j.reason
    # the same 2021 figure inside a five-year plan's span (2021-2025) is progress
    kw5 = {"indicator": "科技型企业总数", "unit": "家"}
    k = one([at(_plan_2025(), st(**kw5, value=1000, period="2025")),
             at(REP22, st("actual", **kw5, value=650, period="2021"))])
    assert k.status == "at_risk"


def test_plan_span_holds_the_target() -> None:
    from planwatch.track.judge import plan_span
    from planwatch.track.link import make_items

    fyp = facts("fyp.txt", None, kind="five_year_plan", plans=("2021", "2021-2025", "2026-2030"))
    items = make_items([(st(period="2025"), fyp), (st(period="2027"), fyp), (st(period="2031"), fyp)])
    assert [str(plan_span(i)) for i in items] == ["2021-2025", "2026-2030", "2031"]


def test_the_target_years_own_level_outranks_an_earlier_year_that_met_it() -> None:
    kw = {"indicator": "民营企业", "canonical": "private_enterprises"}
    fyp = facts("fyp.txt", None, kind="five_year_plan", plans=("2016-2020",))
    j = one([at(fyp, st(**kw, value=26000)),
             at(REP21, st("actual", **kw, value=25000, text="2.5万家", period="2020")),
             at(REP22, st("actual", **kw, value=29000, text="2.9万家", period="2019"))])
    assert j.status == "missed"
    assert roles(j) == [("direct", "2020", "2.5万家"), ("superseded", "2019", "2.9万家")]
