"""planwatch.evaluate.score gives exactly the reference checker's numbers on the dev gold."""

from __future__ import annotations

import copy
import random
from collections import Counter

import pytest

from planwatch.evaluate.diff import differences
from planwatch.evaluate.score import ATTRIBUTES, load_records, match, score, score_by_doc

from ._reference import ref, ref_score

from conftest import DEV_DOCS, GOLD  # isort: skip

OTHER_UNITS = ("个", "元", "%", "平方米", "家")
OTHER_PERIODS = ("2018", "2021", "2016-2020")


def perturb(gold: list[dict], seed: int) -> list[dict]:
    """A prediction set derived from gold with every kind of error the scorer must see."""
    rnd = random.Random(seed)
    out: list[dict] = []
    for g in gold:
        p = copy.deepcopy(g)
        roll = rnd.random()
        if roll < 0.08:
            continue  # dropped: a miss
        if roll < 0.14:
            p["start"] += 1  # still overlaps: matched, not span-exact
        elif roll < 0.18:
            p["end"] += 2
        elif roll < 0.21:
            p["start"], p["end"] = p["end"] + 50, p["end"] + 50 + len(p["text"])  # moved away: no match
        elif roll < 0.25:
            p["value"] = p["value"] * 1.5 + 1  # wrong value: no match
        elif roll < 0.26:
            p["value"] = p["value"] * (1 + 5e-5)  # within 0.01%: still matches
        elif roll < 0.27:
            p["value"] = p["value"] * (1 + 5e-4) + 1e-3  # off by 0.05%: no match
        elif roll < 0.31:
            p["unit"] = rnd.choice([u for u in OTHER_UNITS if u != g["unit"]])
        elif roll < 0.35:
            p["kind"] = {"target": "actual", "actual": "estimate", "estimate": "target"}[g["kind"]]
        elif roll < 0.39:
            p["period"] = rnd.choice([x for x in OTHER_PERIODS if x != g["period"]])
        elif roll < 0.42:
            p["comparator"] = "=" if g["comparator"] != "=" else "~"
        elif roll < 0.45:
            p["measure"] = "level" if g["measure"] != "level" else "share"
        elif roll < 0.48:
            p["direction"] = "none" if g["direction"] != "none" else "up"
        elif roll < 0.51:
            p["canonical"] = None if g["canonical"] else "gdp"
        elif roll < 0.54:
            p["indicator"] = " " + g["indicator"][:2] + " "  # contained after removing spaces
        elif roll < 0.57:
            p["indicator"] = "完全不同的指标"
        elif roll < 0.59:
            p["text"] = "若干"  # no digit: left out of scoring
        elif roll < 0.61:
            p["unit"] = " " + g["unit"] + " "  # unit compared stripped
        out.append(p)
        if rnd.random() < 0.05:  # a competing duplicate with a shorter overlap
            dup = copy.deepcopy(g)
            dup["start"] = dup["end"] - 1
            out.append(dup)
    out.append({**gold[0], "doc": "not_in_gold.txt"})  # other documents do not count
    rnd.shuffle(out)
    return out


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_records(GOLD)


def test_folder_loading_skips_documents_and_tracking(gold: list[dict]) -> None:
    assert len(gold) == sum(len(load_records(GOLD / n.replace(".txt", ".jsonl"))) for n in DEV_DOCS)
    assert {g["doc"] for g in gold} == set(DEV_DOCS)
    assert all("start" in g for g in gold)


def test_gold_against_itself_is_perfect(gold: list[dict]) -> None:
    mine = score(gold, gold).to_dict()
    assert mine == ref_score(gold, gold)
    assert mine["matched"] == mine["gold"] == mine["predicted"] == len(gold)
    for key, value in mine.items():
        if key not in ("gold", "predicted", "matched"):
            assert value == 1.0, key


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_perturbed_matches_reference_field_by_field(gold: list[dict], seed: int) -> None:
    pred = perturb(gold, seed)
    mine, theirs = score(gold, pred).to_dict(), ref_score(gold, pred)
    assert list(mine) == list(theirs)
    for key in theirs:
        assert mine[key] == theirs[key], key
    # the perturbation really hurt every figure
    assert mine["recall"] < 1 and mine["precision"] < 1 and mine["span_exact"] < 1
    assert mine["strict_f1"] < mine["f1"]
    for name in ATTRIBUTES:
        assert mine[f"{name}_agreement"] < 1, name


def test_pairs_are_the_reference_pairs(gold: list[dict]) -> None:
    pred = [p for p in perturb(gold, 7) if any(ch.isdigit() for ch in p["text"])]
    pred = [p for p in pred if p["doc"] in set(DEV_DOCS)]
    _, ref_pairs = ref.score(gold, pred)
    mine = match(gold, pred)
    assert [(id(g), id(p)) for g, p in mine] == [(id(g), id(p)) for g, p in ref_pairs]


def test_per_document_scores_match_reference_on_each_document(gold: list[dict]) -> None:
    pred = perturb(gold, 11)
    per_doc = score_by_doc(gold, pred)
    assert list(per_doc) == DEV_DOCS
    for doc, s in per_doc.items():
        g_doc = [g for g in gold if g["doc"] == doc]
        assert s.to_dict() == ref_score(g_doc, pred), doc
    assert sum(s.gold for s in per_doc.values()) == len(gold)


def test_full_width_digits_count_and_texts_without_digits_do_not() -> None:
    g = {"doc": "a.txt", "start": 0, "end": 3, "text": "５万人", "indicator": "就业", "canonical": None,
         "value": 50000, "unit": "人", "comparator": "=", "kind": "actual", "measure": "level",
         "direction": "none", "period": "2020"}
    assert score([g], [g]).f1 == 1.0
    assert score([g], [{**g, "text": "五万人"}]).to_dict() == ref_score([g], [{**g, "text": "五万人"}])
    assert score([g], [{**g, "text": "五万人"}]).predicted == 0


def test_empty_inputs() -> None:
    s = score([], [])
    assert s.to_dict() == ref_score([], [])
    assert s.f1 == 0.0 and s.span_exact is None and s.agreement["unit"] is None


def test_ties_go_to_the_first_prediction_and_larger_overlaps_win() -> None:
    g = {"doc": "a.txt", "start": 10, "end": 14, "text": "5万人", "indicator": "就业", "canonical": None,
         "value": 50000, "unit": "人", "comparator": "=", "kind": "actual", "measure": "level",
         "direction": "none", "period": "2020"}
    left = {**g, "start": 8, "end": 12, "kind": "target"}      # overlap 2
    right = {**g, "start": 12, "end": 16, "period": "2021"}    # overlap 2
    inner = {**g, "start": 11, "end": 14, "unit": "个"}         # overlap 3
    for pred in ([left, right], [right, left], [left, inner, right]):
        _, ref_pairs = ref.score([g], pred)
        assert match([g], pred) == ref_pairs
        assert score([g], pred).to_dict() == ref_score([g], pred)
    assert match([g], [left, right])[0][1] is left
    assert match([g], [right, left])[0][1] is right
    assert match([g], [left, inner, right])[0][1] is inner
    assert score([g], [right, left]).agreement["period"] == 0.0


def test_differences_add_up_to_the_scores(gold: list[dict]) -> None:
    pred = perturb(gold, 5)
    s = score(gold, pred)
    diffs = differences(gold, pred)
    kinds = Counter(d.problem for d in diffs)
    assert kinds["missed"] == s.gold - s.matched > 0
    assert kinds["spurious"] == s.predicted - s.matched > 0
    strict_correct = round(s.strict_recall * s.gold)
    assert sum(d.problem == "attribute" and not d.strict for d in diffs) == s.matched - strict_correct
    span_wrong = sum("span" in d.fields for d in diffs)
    assert s.span_exact == round((s.matched - span_wrong) / s.matched, 4)
    for name in ATTRIBUTES:
        if name != "canonical":  # scored over the pairs whose gold has a canonical id only
            wrong = sum(name in d.fields for d in diffs)
            assert s.agreement[name] == round((s.matched - wrong) / s.matched, 4), name
    assert differences(gold, gold) == []
