"""Quality gate: the official scorer on the dev corpus, with floors pinned just below what the engine reaches.

Raise a floor when the engine improves; never lower one to let a regression through.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from conftest import DATA, DEV, DEV_DOCS
from planwatch.extract import extract
from planwatch.model import Document

FLOORS = {
    "f1": 0.995,
    "strict_f1": 0.975,
    "precision": 0.995,
    "recall": 0.995,
    "span_exact": 0.99,
    "unit_agreement": 0.995,
    "comparator_agreement": 0.995,
    "kind_agreement": 0.995,
    "measure_agreement": 0.995,
    "direction_agreement": 0.995,
    "period_agreement": 0.98,
    "canonical_agreement": 0.96,
    "indicator_agreement": 0.93,
}


@pytest.fixture(scope="module")
def scores(gold_statements: list[dict[str, Any]]) -> dict[str, float]:
    spec = importlib.util.spec_from_file_location("tools_statements", DATA / "tools_statements.py")
    assert spec and spec.loader
    tools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tools)
    pred = []
    for name in DEV_DOCS:
        text = (DEV / name).read_text(encoding="utf-8")
        pred += [s.to_record() for s in extract(Document(name, text, text))]
    result, _ = tools.score(gold_statements, pred)
    return dict(result)


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_dev_score_stays_above_its_floor(scores: dict[str, float], metric: str) -> None:
    assert scores[metric] >= FLOORS[metric], f"{metric} = {scores[metric]} < floor {FLOORS[metric]}"


def test_brief_targets_are_met(scores: dict[str, float]) -> None:
    assert scores["strict_f1"] >= 0.90 and scores["f1"] >= 0.97
    for a in ("unit", "comparator", "kind", "measure", "direction", "period", "canonical"):
        assert scores[f"{a}_agreement"] >= 0.95, a
    assert scores["indicator_agreement"] >= 0.85
