"""``planwatch score`` and ``planwatch check``: score statement records against gold, validate records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from planwatch.errors import PlanWatchError
from planwatch.evaluate.diff import Difference, differences
from planwatch.evaluate.score import Scores, check, load_records, score, score_by_doc

#: The two human tables: (title, ((header, key of ``Scores.to_dict``), ...)).
_TABLES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Matching (strict = unit, comparator, kind, measure, direction and period all agree)", (
        ("gold", "gold"), ("pred", "predicted"), ("match", "matched"),
        ("P", "precision"), ("R", "recall"), ("F1", "f1"),
        ("strict P", "strict_precision"), ("strict R", "strict_recall"), ("strict F1", "strict_f1"),
        ("span=", "span_exact"),
    )),
    ("Attribute agreement on matched pairs", (
        ("unit", "unit_agreement"), ("comparator", "comparator_agreement"), ("kind", "kind_agreement"),
        ("measure", "measure_agreement"), ("direction", "direction_agreement"),
        ("period", "period_agreement"), ("canonical", "canonical_agreement"),
        ("indicator", "indicator_agreement"),
    )),
)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _tables(overall: Scores, per_doc: dict[str, Scores] | None) -> list[Table]:
    """One table of matching figures and one of attribute agreement, a row per document."""
    rows = [(Path(name).stem, s.to_dict()) for name, s in (per_doc or {}).items()]
    tables = []
    for title, columns in _TABLES:
        table = Table(title=title, title_justify="left")
        table.add_column("doc", no_wrap=True)
        for header, _ in columns:
            table.add_column(header, justify="right")
        for i, (name, d) in enumerate(rows):
            table.add_row(name, *(_cell(d[k]) for _, k in columns), end_section=i == len(rows) - 1)
        d = overall.to_dict()
        table.add_row("ALL", *(_cell(d[k]) for _, k in columns), style="bold")
        tables.append(table)
    return tables


def _difference_line(d: Difference) -> str:
    """One difference as a line: problem, where, text, and what disagrees (gold -> predicted)."""
    head = f"{d.problem:<9} {d.doc} [{d.start}:{d.end}] {d.text}"
    if d.problem != "attribute":
        return head
    tag = " (still strict)" if d.strict else ""
    return head + tag + "  " + "; ".join(f"{k}: {g!r} -> {p!r}" for k, (g, p) in d.fields.items())


def _load(path: Path, what: str) -> list[dict[str, Any]]:
    if not path.exists():
        raise typer.BadParameter(f"{path}: no such file or folder", param_hint=what)
    try:
        return load_records(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, PlanWatchError) as e:
        raise typer.BadParameter(f"{path}: not JSONL records ({e})", param_hint=what) from e


def score_command(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file, or a folder of them "
                                              "(documents.jsonl and tracking.jsonl are skipped).")],
    pred: Annotated[Path, typer.Argument(help="Predicted JSONL file, or a folder of them.")],
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", help="Corpus folder: validate the predictions against it first (warnings only).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    per_doc: Annotated[bool, typer.Option("--per-doc", help="Also score each document.")] = False,
    errors: Annotated[bool, typer.Option(
        "--errors", help="Also list missed gold, spurious predictions and attribute disagreements.")] = False,
) -> None:
    """Precision, recall, F1, strict P/R/F1, span_exact and attribute agreement (spec/statements.md).

    Only predictions for documents present in gold count, as in the reference checker.
    With --per-doc or --errors, --json prints {"overall", "documents", "differences"}.
    """
    gold_records, pred_records = _load(gold, "GOLD"), _load(pred, "PRED")
    err = Console(stderr=True)
    if corpus is not None:
        problems = check(corpus, pred_records)
        for line in problems[:20]:
            err.print(f"[yellow]warning[/]: {line}", markup=True, highlight=False)
        if len(problems) > 20:
            err.print(f"[yellow]warning[/]: … {len(problems) - 20} more problems", markup=True)
    overall = score(gold_records, pred_records)
    docs = score_by_doc(gold_records, pred_records) if per_doc else None
    diffs = differences(gold_records, pred_records) if errors else None
    if as_json:
        out: dict[str, Any] = overall.to_dict()
        if docs is not None or diffs is not None:
            out = {"overall": out}
            if docs is not None:
                out["documents"] = {k: v.to_dict() for k, v in docs.items()}
            if diffs is not None:
                out["differences"] = [d.to_dict() for d in diffs]
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        console = Console()
        if not console.is_terminal:
            console = Console(width=max(console.width, 120))
        for table in _tables(overall, docs):
            console.print(table)
        for d in diffs or ():
            console.print(_difference_line(d), highlight=False, markup=False, soft_wrap=True)


def check_command(
    corpus: Annotated[Path, typer.Argument(help="Folder holding the documents the records name.")],
    records: Annotated[Path, typer.Argument(help="JSONL file of statement records, or a folder of them.")],
) -> None:
    """Validate statement records against their documents; print ``ok`` or the problems (exit 1)."""
    if not corpus.is_dir():
        raise typer.BadParameter(f"{corpus}: not a folder", param_hint="CORPUS")
    problems = check(corpus, _load(records, "RECORDS"))
    typer.echo("\n".join(problems) or "ok")
    if problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``score`` and ``check`` to ``app``."""
    app.command("score")(score_command)
    app.command("check")(check_command)
