"""Corrections survive re-extraction after a rule file changes: applied, absorbed, never duplicated."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from planwatch.extract import attributes, indicators, quantities, rulebook
from planwatch.review import service
from planwatch.rules.loader import RULES_ENV
from planwatch.rules.loader import rules_dir as packaged_rules
from planwatch.service import load_from_store
from planwatch.store.db import transaction
from planwatch.store.ingest import reextract

PACKAGED = packaged_rules()


def _clear_rule_caches() -> None:
    for f in (rulebook.load, attributes.attributes, indicators.namer, quantities.matcher):
        f.cache_clear()


@pytest.fixture()
def rules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A writable copy of the rule files the extractor reads."""
    copy = tmp_path / "rules"
    shutil.copytree(PACKAGED.parent, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__", "schemas"))
    monkeypatch.setenv(RULES_ENV, str(copy))
    _clear_rule_caches()
    yield copy / "zh"
    _clear_rule_caches()


def _review(engine: Engine) -> service.DocumentReview:
    with transaction(engine) as s:
        r = service.document_review(s, "003_2e2f5eaad98d6f0d.txt", persist=True)
    assert r is not None
    return r


def _exclude(rules: Path, text: str, spans: list[tuple[int, int]]) -> None:
    """Add an exclusion rule dropping the figures right after the given left contexts."""
    path = rules / "exclusions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    left = "(?:" + "|".join(re.escape(text[a - 6:a]) for a, _ in spans) + ")$"
    data["exclusions"].append({"name": "test-drop", "left": left, "reason": "test"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _clear_rule_caches()


def _spans(r: service.DocumentReview) -> Counter[tuple[int, int]]:
    return Counter((i.statement.start, i.statement.end) for i in r.items)


def _state(engine: Engine, r: service.DocumentReview, cid: str) -> str:
    with transaction(engine) as s:
        return {c.id: c.state for c in service.correction_rows(s, [r.sha])}[cid]


def test_corrections_survive_a_rule_change_and_reextract(engine: Engine, rules_dir: Path) -> None:
    first = _review(engine)
    plain = [i for i in first.items if i.statement.text[:1].isdigit()]
    assert len(plain) >= 16
    s0, s1, s2, s3 = plain[0], plain[5], plain[10], plain[15]
    with transaction(engine) as s:
        confirm = service.record(s, first.sha, "confirm", "ann", item=s0.key)
        edit = service.record(s, first.sha, "edit", "ann", item=s1.key,
                              fields={"value": s1.statement.value * 2 + 1, "kind": "actual"})
        delete = service.record(s, first.sha, "delete", "ann", item=s2.key)
    assert confirm and edit and delete

    # rule change 1: the machine no longer finds s2 (deleted by the person) nor s3
    _exclude(rules_dir, first.text, [(s2.statement.start, s2.statement.end),
                                     (s3.statement.start, s3.statement.end)])
    assert reextract(engine).counts["reextracted"] == 1
    r1 = _review(engine)
    machine1 = {(m.statement.start, m.statement.end) for m in r1.machine}
    assert (s2.statement.start, s2.statement.end) not in machine1
    assert (s3.statement.start, s3.statement.end) not in machine1
    assert _state(engine, r1, delete.id) == "absorbed"
    assert _state(engine, r1, confirm.id) == "absorbed"
    assert max(_spans(r1).values()) == 1
    # the person adds the statement the machine now misses, by its span
    with transaction(engine) as s:
        added = service.record(s, r1.sha, "add", "ann", start=s3.statement.start, end=s3.statement.end,
                               fields={k: v for k, v in s3.statement.to_record().items()
                                       if k not in ("doc", "text")})
    assert added is not None and _state(engine, _review(engine), added.id) == "active"

    # rule change 2: back to the original rules; the machine finds s2 and s3 again
    shutil.copy(PACKAGED / "exclusions.yaml", rules_dir / "exclusions.yaml")
    _clear_rule_caches()
    assert reextract(engine).counts["reextracted"] == 1
    r2 = _review(engine)
    spans = _spans(r2)
    assert max(spans.values()) == 1, "a corrected statement is listed twice"
    by_span = {(i.statement.start, i.statement.end): i for i in r2.items}
    assert _state(engine, r2, added.id) == "absorbed"
    assert _state(engine, r2, delete.id) == "active"
    assert (s2.statement.start, s2.statement.end) not in by_span
    assert by_span[(s3.statement.start, s3.statement.end)].correction == added.id
    got = by_span[(s1.statement.start, s1.statement.end)].statement
    assert (got.value, got.kind) == (s1.statement.value * 2 + 1, "actual")
    assert _state(engine, r2, edit.id) == "active"
    assert len(r2.items) == len(r2.machine) - 1  # one deleted, none duplicated
    assert (r2.reviewed, r2.total) == (4, len(r2.machine))  # confirm, edit, delete, add (absorbed)

    # tracking reads the corrected statements
    with transaction(engine) as s:
        loaded = [st for st, _ in load_from_store(s)]
    assert Counter((st.start, st.end) for st in loaded) == spans
    assert any(st.start == s1.statement.start and st.value == got.value for st in loaded)
