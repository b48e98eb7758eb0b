"""``planwatch gold export``: reviewed statements of fully reviewed documents, valid contract JSONL."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.review import service
from planwatch.store.db import transaction

from .conftest import DATA, DEV, DOC, GOLD

runner = CliRunner()


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _missed(review: service.DocumentReview) -> dict:
    """A statement the machine does not find: from gold if it misses one, else any free digit run."""
    spans = [(i.statement.start, i.statement.end) for i in review.items]

    def free(a: int, b: int) -> bool:
        return all(b <= x or y <= a for x, y in spans)

    gold = [json.loads(line) for line in (GOLD / DOC.replace(".txt", ".jsonl")).read_text().splitlines()]
    found = next((g for g in gold if free(g["start"], g["end"])), None)
    if found is not None:
        return found
    m = next(m for m in re.finditer(r"[0-9]+", review.text) if free(m.start(), m.end()))
    return {"start": m.start(), "end": m.end(), "indicator": "test", "canonical": None,
            "value": int(m.group()), "unit": "个", "comparator": "=", "kind": "actual", "measure": "level",
            "direction": "none", "period": "2020"}


def test_export_of_a_fully_reviewed_document_passes_the_checker(engine: Engine, tmp_path: Path) -> None:
    with transaction(engine) as s:
        review = service.document_review(s, DOC)
    assert review is not None
    out = tmp_path / "gold.jsonl"
    # not reviewed yet: nothing exported
    result = runner.invoke(app, ["gold", "export", "--db", _url(engine), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text() == "" and f"skipped {DOC}: reviewed 0 of" in result.output

    machine = review.items
    missed = _missed(review)
    with transaction(engine) as s:
        for i, item in enumerate(machine):
            if i == 1:
                service.record(s, review.sha, "delete", "ann", item=item.key)
            elif i == 2:
                service.record(s, review.sha, "edit", "ann", item=item.key, fields={"kind": "actual"})
            else:
                service.record(s, review.sha, "confirm", "ann", item=item.key)
        service.record(s, review.sha, "add", "ann", start=missed["start"], end=missed["end"],
                       fields={k: v for k, v in missed.items() if k not in ("doc", "text", "start", "end")})
    args = ["gold", "export", "--db", _url(engine), "--region", "天津", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(machine) - 1 + 1
    assert {r["doc"] for r in records} == {DOC}
    assert [r["start"] for r in records] == sorted(r["start"] for r in records)
    edited = next(r for r in records if r["start"] == machine[2].statement.start)
    assert edited["kind"] == "actual"
    assert any(r["start"] == missed["start"] and r["value"] == missed["value"] for r in records)
    assert all(r["start"] != machine[1].statement.start for r in records)

    check = subprocess.run([sys.executable, str(DATA / "tools_statements.py"), "check", str(DEV), str(out)],
                           capture_output=True, text=True, check=False)
    assert check.stdout.strip() == "ok", check.stdout

    # planwatch score measures the engine against the people who reviewed it
    pred = tmp_path / "machine.jsonl"
    pred.write_text("".join(json.dumps({**i.statement.to_record(), "doc": DOC}, ensure_ascii=False) + "\n"
                            for i in machine), encoding="utf-8")
    scored = runner.invoke(app, ["score", str(out), str(pred), "--json"])
    assert scored.exit_code == 0, scored.output
    figures = json.loads(scored.stdout)
    overall = figures.get("overall", figures)
    assert overall["matched"] == len(machine) - 1
    assert abs(overall["precision"] - (len(machine) - 1) / len(machine)) < 1e-3
    assert overall["recall"] < 1.0
