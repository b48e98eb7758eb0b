"""The dev gold: every reference judgement of tracking.jsonl, the hand cases of the issue, the counts."""

from __future__ import annotations

from collections import Counter

import pytest

from planwatch.model import Judgement
from planwatch.records import judgement_record
from planwatch.track import judge

from .helpers import SPEC_INDICATORS, gold_pairs

HEXI = "天津市河西区"


@pytest.fixture(scope="module")
def judged() -> list[Judgement]:
    return judge(gold_pairs(), indicators=SPEC_INDICATORS)


def find(judged: list[Judgement], doc: str, start: int) -> Judgement:
    hits = [j for j in judged if j.target.doc.startswith(doc) and j.target.start == start]
    assert len(hits) == 1
    return hits[0]


def spans(j: Judgement) -> list[tuple[str, int, int]]:
    used = [e.statement for e in j.evidence if e.role != "superseded"]
    return [(s.doc, s.start, s.end) for s in used]


def test_every_reference_judgement(judged: list[Judgement], gold_tracking: list[dict]) -> None:
    assert gold_tracking, "tracking.jsonl is empty"
    for g in gold_tracking:
        j = find(judged, g["doc"], g["start"])
        rec = judgement_record(j)
        assert rec["status"] == g["status"], (g["text"], j.reason)
        assert spans(j) == [(e["doc"], e["start"], e["end"]) for e in g["evidence"]], g["text"]
        fields = ("doc", "start", "end", "text", "indicator", "canonical", "region", "period", "status")
        assert {k: rec[k] for k in fields} == {k: g[k] for k in fields}
        assert [{k: e[k] for k in e} for e in rec["evidence"]] == g["evidence"]


@pytest.mark.parametrize(
    ("doc", "start", "status", "evidence", "words"),
    [
        # 2.6万 private enterprises by 2020 (five-year plan) vs 2.9万户 reported for 2019
        ("003", 2575, "achieved", ("000", 2214), ("2019年", "2.9万户", "2.6万家")),
        # 143 national high-tech enterprises in 2020 vs 156 in the review of 2017-2021
        ("000", 7285, "likely_achieved", ("004", 1355), ("156家", "143家")),
        # 880亿元 over 2016-2020 vs 599亿元 over 2017-2021
        ("003", 3373, "likely_missed", ("004", 2279), ("599亿元", "880亿元")),
        # unemployment ceiling 3.6% for 2020 vs 3.6%以下 over 2017-2021
        ("000", 9282, "likely_achieved", ("004", 3801), ("2017-2021年", "3.6%以下")),
    ],
)
def test_hand_cases(
    judged: list[Judgement], doc: str, start: int, status: str, evidence: tuple[str, int],
    words: tuple[str, ...],
) -> None:
    j = find(judged, doc, start)
    assert j.status == status
    assert [(e.statement.doc[:3], e.statement.start) for e in j.evidence] == [evidence]
    assert j.region == HEXI
    for w in words:
        assert w in j.reason


def test_every_judgement_has_a_reason_and_evidence_unless_no_data(judged: list[Judgement]) -> None:
    for j in judged:
        assert j.reason
        assert bool(j.evidence) == (j.status != "no_data"), j.target


def test_counts_per_region_and_status(judged: list[Judgement]) -> None:
    counts = Counter((j.region, j.status) for j in judged)
    # as measured (README / report): the 河北区 and 和平区 reports stand alone, so nothing to judge them by
    assert counts == {
        (HEXI, "achieved"): 1, (HEXI, "likely_achieved"): 6, (HEXI, "likely_missed"): 3,
        (HEXI, "no_data"): 112, ("天津市河北区", "no_data"): 42, ("天津市和平区", "no_data"): 42,
    }
