"""Document facts: the five dev reports against gold, the six Shenzhen reports, and made-up layouts."""

from __future__ import annotations

import pytest

from planwatch.structure import analyse

from ._docs import DEV_DOCS, EXTRA_DOCS, doc_of, structure


@pytest.mark.parametrize("name", DEV_DOCS)
def test_dev_facts_agree_with_gold_on_every_field(name: str, gold_documents: dict[str, dict]) -> None:
    assert structure(name).facts.to_record() == gold_documents[name]


EXTRA_EXPECTED = {
    "baoan-2024-work-report.txt": ("广东省深圳市宝安区", ["2023"], ["2024"]),
    "futian-2023-work-report.txt": ("广东省深圳市福田区", ["2022"], ["2023"]),
    "guangming-2024-work-report.txt": ("广东省深圳市光明区", ["2023"], ["2024"]),
    "longgang-2019-work-report.txt": ("广东省深圳市龙岗区", ["2018"], ["2019"]),
    "longhua-2025-work-report.txt": ("广东省深圳市龙华区", ["2024"], ["2025"]),
    "yantian-2024-work-report.txt": ("广东省深圳市盐田区", ["2023"], ["2024"]),
}


@pytest.mark.parametrize("name", EXTRA_DOCS)
def test_extra_reports_without_title_or_dateline(name: str) -> None:
    rec = structure(name).facts.to_record()
    region, reviews, plans = EXTRA_EXPECTED[name]
    assert rec["region"] == region  # 龙华区 also exists in 海口; 光明区 is newer than older tables
    assert rec["kind"] == "work_report"
    assert rec["delivered"] is None and rec["published"] is None
    assert (rec["reviews"], rec["plans"]) == (reviews, plans)


def test_header_bar_date_is_not_the_publication_date() -> None:
    st = structure("001_599490bf3e5cd4dd.txt")
    # 发布时间, not the 2019年12月3日星期二 of the site's header bar
    assert st.facts.published == "2024-02-06"


PROVINCE = """政府工作报告
——２０２３年１月１２日在浙江省第十四届人民代表大会第一次会议上
浙江省省长　王浩
各位代表：
　　现在，我代表省人民政府，向大会报告工作，请予审议。
　　一、过去五年工作回顾
　　五年来，杭州市、宁波市、杭州市发展很快。全省生产总值增长６％。
　　二、今后五年目标任务
　　全省生产总值年均增长５.５％左右。
　　三、２０２３年重点工作
　　（一）扩大内需。
"""


def test_province_full_width_digits_and_five_year_review() -> None:
    rec = analyse(doc_of(PROVINCE)).facts.to_record()
    assert rec == {
        "doc": "t.txt", "region": "浙江省", "kind": "work_report", "delivered": "2023-01-12",
        "published": None, "reviews": ["2018-2022"], "plans": ["2023", "2023-2027"],
    }


def test_ambiguous_district_resolved_by_the_city_the_text_names() -> None:
    text = """各位代表：
现在，我代表区人民政府，向大会作政府工作报告。
一、2022年工作回顾
在沈阳市委和区委领导下，和平区生产总值增长3%。和平区、沈阳。
二、2023年工作安排
"""
    assert analyse(doc_of(text)).facts.region == "辽宁省沈阳市和平区"
    tianjin = text.replace("沈阳市委", "天津市委").replace("沈阳", "天津")
    assert analyse(doc_of(tianjin)).facts.region == "天津市和平区"


def test_level_named_issuer_counts_divisions_of_that_level() -> None:
    text = """昆山市2024年政府工作报告
各位代表：
现在，我代表市人民政府向大会报告工作。苏州市委领导下，昆山市发展，昆山市很好。
一、2023年工作回顾
"""
    rec = analyse(doc_of(text, meta={"published": "2024-01-20"})).facts.to_record()
    assert rec["region"] == "江苏省苏州市昆山市"
    assert rec["published"] == "2024-01-20"
    assert (rec["reviews"], rec["plans"]) == (["2023"], ["2024"])


def test_state_council_is_national() -> None:
    text = (
        "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n"
        "一、2023年工作回顾\n二、2024年政府工作任务\n"
    )
    rec = analyse(doc_of(text)).facts.to_record()
    got = (rec["region"], rec["kind"], rec["reviews"], rec["plans"])
    assert got == ("全国", "work_report", ["2023"], ["2024"])


def test_state_council_named_only_in_the_speaker_line() -> None:
    text = (
        "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理\n各位代表：\n"
        "一、2023年工作回顾\n过去一年，国内生产总值增长5.2%。\n二、2024年政府工作任务\n"
    )
    rec = analyse(doc_of(text)).facts.to_record()
    assert (rec["region"], rec["delivered"]) == ("全国", "2024-03-05")


def test_chinese_numeral_dateline_and_municipality() -> None:
    text = """（二〇二一年一月六日在北京市第十五届人民代表大会第四次会议上）
北京市市长　陈吉宁
各位代表：
现在，我代表市人民政府，向大会报告工作。
一、“十三五”时期发展成就
二、“十四五”时期主要目标
三、2021年主要任务
"""
    rec = analyse(doc_of(text)).facts.to_record()
    assert rec["region"] == "北京市" and rec["kind"] == "work_report"
    assert rec["delivered"] == "2021-01-06"
    assert (rec["reviews"], rec["plans"]) == (["2016-2020"], ["2021", "2021-2025"])


def test_december_session_plans_the_next_year() -> None:
    text = (
        "——2022年12月28日在某区人民代表大会会议上\n各位代表：\n"
        "我代表区人民政府作政府工作报告。\n一、过去一年工作回顾\n"
    )
    rec = analyse(doc_of(text)).facts.to_record()
    assert rec["delivered"] == "2022-12-28"
    assert (rec["reviews"], rec["plans"]) == (["2022"], ["2023"])


def test_five_year_plan_from_ordinal_rule() -> None:
    text = "天津市河西区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n第一章 发展基础\n正文。\n"
    rec = analyse(doc_of(text)).facts.to_record()
    assert (rec["kind"], rec["reviews"], rec["plans"]) == ("five_year_plan", [], ["2021-2025"])
    assert rec["region"] == "天津市河西区"


def test_mid_term_evaluation() -> None:
    text = """关于《河西区国民经济和社会发展第十四个五年规划纲要》实施情况中期评估的报告
——2023年12月20日在河西区第十八届人民代表大会常务委员会第十五次会议上
主任、各位副主任、各位委员：
一、规划实施总体情况
"""
    st = analyse(doc_of(text))
    assert st.facts.kind == "evaluation"
    assert st.facts.reviews == ("2021-2023",)
    assert st.body is not None and text[st.body.start:].startswith("主任、各位副主任")


def test_plan_report_title_years_and_labelled_published_date() -> None:
    text = """当前位置：首页 > 政务公开 > 规划计划
关于深圳市2023年国民经济和社会发展计划执行情况与2024年计划草案的报告
发布时间：2024年02月10日  来源：深圳市发展和改革委员会
各位代表：
受市人民政府委托，现将计划执行情况报告如下。
"""
    rec = analyse(doc_of(text)).facts.to_record()
    assert rec == {
        "doc": "t.txt", "region": "广东省深圳市", "kind": "plan_report", "delivered": None,
        "published": "2024-02-10", "reviews": ["2023"], "plans": ["2024"],
    }


def test_empty_and_plain_text_do_not_crash() -> None:
    for text in ("", "\n\n", "没有标题也没有年份的一段话。"):
        st = analyse(doc_of(text))
        assert st.facts.kind == "other" and st.facts.region is None
        assert st.facts.reviews == () and st.facts.plans == ()


def test_portal_of_another_level_does_not_make_the_region() -> None:
    head = "天津市人民政府 2024年1月3日星期三\n首页 新闻 政务公开 互动交流\n"
    titled = head + "关于河西区2023年国民经济和社会发展计划执行情况与2024年计划草案的报告\n各位代表：\n"
    assert analyse(doc_of(titled)).facts.region == "天津市河西区"
    untitled = head + "各位代表：\n受河西区人民政府委托，现将计划执行情况报告如下。天津市的发展。\n"
    assert analyse(doc_of(untitled)).facts.region == "天津市河西区"


def test_other_kinds_keep_the_years_their_title_names() -> None:
    text = "关于上海市2023年预算执行情况和2024年预算草案的报告\n各位代表：\n受市人民政府委托，报告预算。\n"
    rec = analyse(doc_of(text)).facts.to_record()
    got = (rec["region"], rec["kind"], rec["reviews"], rec["plans"])
    assert got == ("上海市", "other", ["2023"], ["2024"])
