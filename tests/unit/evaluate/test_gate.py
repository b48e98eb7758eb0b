"""The quality gate: floors, fingerprint, re-pinning — and the gate itself on the current extractor."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planwatch.evaluate.gate import (
    GATED,
    Baseline,
    GateError,
    dev_scores,
    fingerprint,
    judge,
    load_baseline,
    repin,
)
from planwatch.evaluate.pipeline import Pipeline, resolve
from planwatch.evaluate.score import load_records
from planwatch.model import Document, DocumentFacts, Statement, Structure

from conftest import DEV, GOLD  # isort: skip

BASELINE = Path(__file__).parents[3] / "benchmarks" / "baseline.json"
PERFECT = {k: 1.0 for k in GATED}


def fake_pipeline(records: list[dict]) -> Pipeline:
    """Stages that 'extract' exactly ``records``: the gate end to end without the real extractor."""
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(r["doc"], []).append(r)

    def load(path: Path) -> Document:
        text = path.read_text(encoding="utf-8")
        return Document(name=path.name, text=text, analysis=text)

    def analyse(doc: Document) -> Structure:
        return Structure(facts=DocumentFacts(doc.name, None, "other", None, None))

    def extract(doc: Document, structure: Structure) -> list[Statement]:
        assert structure.facts.doc == doc.name
        return [Statement(**{**r, "value": float(r["value"])}) for r in by_doc.get(doc.name, [])]

    return Pipeline(load, analyse, extract)


def test_baseline_holds_the_fingerprint_of_the_dev_data() -> None:
    baseline = load_baseline(BASELINE)
    assert baseline.fingerprint == fingerprint([DEV, GOLD]), (
        "tests/data/corpus/dev or gold/dev changed: re-pin with `benchmarks/gate.py --update`"
    )


def test_fingerprint_sees_content_and_names(tmp_path: Path) -> None:
    corpus, gold = tmp_path / "dev", tmp_path / "gold"
    shutil.copytree(DEV, corpus)
    shutil.copytree(GOLD, gold)
    first = fingerprint([corpus, gold])
    assert first == fingerprint([DEV, GOLD])  # independent of where the folders are
    (corpus / ".DS_Store").write_bytes(b"x")
    assert fingerprint([corpus, gold]) == first
    doc = sorted(corpus.glob("*.txt"))[0]
    doc.write_text(doc.read_text(encoding="utf-8") + " ", encoding="utf-8")
    second = fingerprint([corpus, gold])
    assert second != first
    doc.rename(corpus / "renamed.txt")
    assert fingerprint([corpus, gold]) not in (first, second)


def test_judge_passes_at_or_above_floors_and_fails_below() -> None:
    base = Baseline(fingerprint="fp", floors={"strict_f1": 0.5, "f1": 0.7, "canonical_agreement": 0.9})
    ok = judge({**PERFECT, "strict_f1": 0.5}, base, "fp")
    assert ok.ok and len(ok.rows) == len(GATED)
    bad = judge({**PERFECT, "strict_f1": 0.4999, "canonical_agreement": None}, base, "fp")
    assert not bad.ok
    assert [f.split(":")[0] for f in bad.failures] == ["strict_f1", "canonical_agreement"]
    moved = judge(PERFECT, base, "other")
    assert not moved.ok and "changed since the floors were pinned" in moved.failures[0]


def test_repin_refuses_to_lower_a_floor_unless_allowed() -> None:
    old = Baseline(fingerprint="fp", floors={**PERFECT, "f1": 0.8, "unit_agreement": 0.9})
    with pytest.raises(GateError, match=r"f1: 0.8 -> 0.79"):
        repin({**PERFECT, "f1": 0.79, "unit_agreement": 0.95}, old, "fp", [])
    with pytest.raises(GateError, match="canonical_agreement"):
        repin({**PERFECT, "canonical_agreement": None}, old, "fp", [])
    lowered = repin({**PERFECT, "f1": 0.79}, old, "fp2", ["d"], allow_regression=True)
    assert lowered.floors["f1"] == 0.79 and lowered.fingerprint == "fp2" and lowered.pinned
    raised = repin({**PERFECT, "f1": 0.85}, old, "fp", [])
    assert raised.floors["f1"] == 0.85 and set(raised.floors) == set(GATED)


def test_baseline_round_trip_and_validation(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"fingerprint": "x", "floors": {"f1": 0.5}}), encoding="utf-8")
    assert load_baseline(path).floors == {"f1": 0.5}
    path.write_text(json.dumps({"fingerprint": "x", "floors": {"f2": 0.5}}), encoding="utf-8")
    with pytest.raises(GateError, match="unknown floors"):
        load_baseline(path)
    path.write_text(json.dumps({"fingerprint": "x", "floors": {"f1": 5}}), encoding="utf-8")
    with pytest.raises(GateError, match="not a number in"):
        load_baseline(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(GateError, match="not a baseline"):
        load_baseline(path)


def test_gate_end_to_end_with_stand_in_stages() -> None:
    gold = load_records(GOLD)
    perfect = dev_scores(DEV, GOLD, fake_pipeline(gold))
    assert all(perfect[k] == 1.0 for k in GATED)
    base = repin(perfect, None, fingerprint([DEV, GOLD]), [])
    assert judge(perfect, base, fingerprint([DEV, GOLD])).ok
    half = dev_scores(DEV, GOLD, fake_pipeline(gold[::2]))
    verdict = judge(half, base, fingerprint([DEV, GOLD]))
    assert not verdict.ok and any(f.startswith("f1:") for f in verdict.failures)


def test_the_current_extractor_meets_the_pinned_floors() -> None:
    """The gate itself: ``make test`` fails when a dev score drops under its floor."""
    pipeline = resolve()
    baseline = load_baseline(BASELINE)
    if not baseline.is_pinned:
        pytest.skip("gate not run: no floors pinned in benchmarks/baseline.json "
                    "(pin them with `.venv/bin/python benchmarks/gate.py --update`)")
    verdict = judge(dev_scores(DEV, GOLD, pipeline), baseline, fingerprint([DEV, GOLD]))
    assert verdict.ok, "quality gate failed:\n" + "\n".join(verdict.failures)
