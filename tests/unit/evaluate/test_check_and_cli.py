"""``check`` agrees with the reference validator; the ``score``/``check`` commands print the right things."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.evaluate.score import check, load_records

from ._reference import ref, ref_score

from conftest import DEV, GOLD  # isort: skip

runner = CliRunner()


def broken(gold: list[dict]) -> list[dict]:
    """Gold with one of each problem the validator must report."""
    bad = copy.deepcopy(gold[:12])
    bad[0]["text"] = bad[0]["text"] + "x"          # text != doc[start:end]
    bad[1]["start"] += 1                            # likewise
    bad[2]["kind"] = "goal"
    bad[3]["measure"] = "rate"
    bad[4]["comparator"] = "≥"
    bad[5]["direction"] = "rise"
    bad[6]["value"] = "5"
    bad[7]["period"] = "2020年"
    bad[8]["indicator"] = ""
    bad[9]["doc"] = "missing.txt"
    bad.append(copy.deepcopy(bad[10]))              # duplicate span
    return bad


def flat(output: str) -> str:
    """Console output without rich's box drawing and line wrapping."""
    return re.sub(r"[│╭╮╰╯─\s]+", " ", output)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_gold_is_valid() -> None:
    gold = load_records(GOLD)
    assert check(DEV, gold) == [] == ref.check(str(DEV), gold)


def test_problems_are_those_of_the_reference() -> None:
    bad = broken(load_records(GOLD))
    mine = check(DEV, bad)
    assert len(mine) == 11
    assert mine == ref.check(str(DEV), bad)
    assert mine[-1] == "line 13: duplicate span"


def test_check_survives_what_crashes_the_reference() -> None:
    g = load_records(GOLD)[0]
    no_doc = {k: v for k, v in g.items() if k != "doc"}
    problems = check(DEV, [{**g, "start": "5"}, no_doc, {**g, "value": True}])
    assert problems[0].startswith("line 1: start/end")
    assert problems[1].startswith("line 2: no document")
    assert problems[2] == "line 3: value is not a number"


def test_score_command_json_equals_reference(tmp_path: Path) -> None:
    gold = load_records(GOLD)
    pred = [dict(r, value=r["value"] + 1) if i % 5 == 0 else r for i, r in enumerate(gold)]
    pred_file = write_jsonl(tmp_path / "pred.jsonl", pred)
    res = runner.invoke(app, ["score", str(GOLD), str(pred_file), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out == ref_score(gold, pred)
    assert 0.75 < out["recall"] < 0.85


def test_score_command_per_doc_json_and_table(tmp_path: Path) -> None:
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    gold = load_records(GOLD)
    write_jsonl(pred_dir / "one.jsonl", [r for r in gold if r["doc"].startswith("000")])
    res = runner.invoke(app, ["score", str(GOLD), str(pred_dir), "--json", "--per-doc"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["documents"]["000_60d02156ec099e48.txt"]["f1"] == 1.0
    assert out["documents"]["001_599490bf3e5cd4dd.txt"]["recall"] == 0.0
    assert out["overall"]["precision"] == 1.0 and out["overall"]["recall"] < 0.3
    res = runner.invoke(app, ["score", str(GOLD), str(pred_dir), "--per-doc"])
    assert res.exit_code == 0
    assert "000_60d02156ec099e48" in res.output and "ALL" in res.output and "strict F1" in res.output


def test_score_command_warns_on_invalid_predictions_with_corpus(tmp_path: Path) -> None:
    pred = write_jsonl(tmp_path / "p.jsonl", broken(load_records(GOLD)))
    res = runner.invoke(app, ["score", str(GOLD), str(pred), "--corpus", str(DEV), "--json"])
    assert res.exit_code == 0
    assert "warning" in res.stderr and "kind='goal'" in res.stderr
    assert json.loads(res.stdout)["predicted"] == 12


def test_check_command(tmp_path: Path) -> None:
    res = runner.invoke(app, ["check", str(DEV), str(GOLD)])
    assert res.exit_code == 0 and res.output.strip() == "ok"
    bad = write_jsonl(tmp_path / "bad.jsonl", broken(load_records(GOLD)))
    res = runner.invoke(app, ["check", str(DEV), str(bad)])
    assert res.exit_code == 1
    assert "period '2020年' is not YYYY or YYYY-YYYY" in res.output


def test_unreadable_input_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["score", str(GOLD), str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 2 and "no such file" in flat(res.output)
    garbage = tmp_path / "g.jsonl"
    garbage.write_text("{not json\n", encoding="utf-8")
    res = runner.invoke(app, ["score", str(GOLD), str(garbage)])
    assert res.exit_code == 2 and "not JSONL records" in flat(res.output)


def test_score_command_lists_errors(tmp_path: Path) -> None:
    gold = [r for r in load_records(GOLD) if r["doc"].startswith("003")]
    pred = copy.deepcopy(gold[1:])
    pred[0]["period"] = "1999"
    pred_file = write_jsonl(tmp_path / "p.jsonl", pred)
    gold_file = write_jsonl(tmp_path / "g.jsonl", gold)
    res = runner.invoke(app, ["score", str(gold_file), str(pred_file), "--errors", "--json"])
    diffs = json.loads(res.output)["differences"]
    assert [(d["problem"], d["start"]) for d in diffs if d["problem"] != "attribute"] == [
        ("missed", gold[0]["start"])]
    assert [d for d in diffs if d["problem"] == "attribute"] == [
        {"problem": "attribute", "doc": gold[1]["doc"], "start": gold[1]["start"], "end": gold[1]["end"],
         "text": gold[1]["text"], "fields": {"period": [gold[1]["period"], "1999"]}, "strict": False}]
    res = runner.invoke(app, ["score", str(gold_file), str(pred_file), "--errors"])
    assert f"period: '{gold[1]['period']}' -> '1999'" in res.output
