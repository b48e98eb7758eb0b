"""``planwatch targets``, ``planwatch report`` and ``planwatch track``: judging targets and reporting.

The commands read statements and document facts from the store (``--db``), or
from extractor JSONL files (``--from-jsonl FILE ... --documents documents.jsonl``)
so they work without a database. Judging is pure and reproducible: "today" is
the latest delivered date among the documents unless ``--today`` is given.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from planwatch.errors import PlanWatchError
from planwatch.exporters import Exporter
from planwatch.model import DocumentFacts, Judgement, Statement
from planwatch.track.render import REPORTS, TARGETS

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file.")]
JsonlOption = Annotated[
    list[Path] | None,
    typer.Option("--from-jsonl", help="Read statements from extractor JSONL files instead of the store."),
]
DocsOption = Annotated[
    Path | None, typer.Option("--documents", help="documents.jsonl with the facts (with --from-jsonl).")
]
TodayOption = Annotated[
    str | None, typer.Option("--today", help="Judge as of this date (YYYY-MM-DD); default: latest delivered.")
]
OutOption = Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")]
RegionPrefixOption = Annotated[
    str | None, typer.Option("--region", help="Region (full name or its prefix).")
]
PeriodOption = Annotated[str | None, typer.Option("--period", help="2020, or a span 2016-2020.")]


#: ``--format`` choices: the registered formats (``planwatch.track.render``), ``table`` printed here.
TargetFormat = Enum("TargetFormat", {f: f for f in ("table", *TARGETS.formats)}, type=str)  # type: ignore[misc]
ReportFormat = Enum("ReportFormat", {f: f for f in REPORTS.formats}, type=str)  # type: ignore[misc]
TARGETS_DEFAULT = TargetFormat("table")
REPORT_DEFAULT = ReportFormat("md")


def _fail(message: str) -> NoReturn:
    typer.echo(f"planwatch: {message}", err=True)
    raise typer.Exit(1)


def _load(
    db: str | None, jsonl: list[Path] | None, documents: Path | None
) -> tuple[list[tuple[Statement, DocumentFacts]], Mapping[str, Any] | None, dict[str, str] | None]:
    """Statements with facts, the indicators to use (None: the packaged ones), the documents' texts."""
    from planwatch.track.records import load_pairs

    if jsonl:
        if documents is None:
            _fail("--from-jsonl needs --documents documents.jsonl")
        return load_pairs(jsonl, documents), None, None
    from planwatch.service import load_from_store, load_texts, store_indicators
    from planwatch.store.db import open_store, transaction

    engine = open_store(db)
    with transaction(engine) as session:
        return load_from_store(session), store_indicators(session), load_texts(session)


def _in_period(target_period: str, wanted: str | None) -> bool:
    """``--period``: the same period, or (a span asked for) any period inside it."""
    from planwatch.track.compare import parse_period

    if not wanted:
        return True
    if target_period == wanted:
        return True
    w, p = parse_period(wanted), parse_period(target_period)
    return bool(w and p and w.years > 1 and w.start <= p.start and p.end <= w.end)


def _judged(
    db: str | None, jsonl: list[Path] | None, documents: Path | None, today: str | None,
    region: str | None, period: str | None, status: str | None,
) -> tuple[list[Judgement], dict[str, DocumentFacts], date]:
    """The targets judged and filtered, the facts by document, and the date judged at.

    Errors users see (:class:`PlanWatchError`, a malformed ``--today``) end the command with a message.
    """
    from planwatch.track import default_today, judge

    try:
        pairs, indicators, texts = _load(db, jsonl, documents)
        try:
            when = date.fromisoformat(today) if today else default_today(f for _, f in pairs)
        except ValueError:
            _fail(f"--today {today!r}: expected YYYY-MM-DD")
        judged = judge(pairs, today=when, indicators=indicators, texts=texts)
    except PlanWatchError as e:
        _fail(str(e))
    out = [
        j for j in judged
        if (region is None or (j.region or "").startswith(region))
        and _in_period(j.target.period, period)
        and (status is None or j.status == status)
    ]
    return out, {f.doc: f for _, f in pairs}, when


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _export(exporter: Exporter, value: object, output: Path | None) -> None:
    """``value`` in ``exporter``'s format: to ``-o FILE`` or stdout; a file format needs ``-o``."""
    if exporter.to_file:
        exporter.write(value, _xlsx_output(output))
    else:
        _write(exporter.write(value), output)


def _xlsx_output(output: Path | None) -> Path:
    """``-o FILE``, which ``--format xlsx`` needs (a workbook is not written to stdout)."""
    if output is None:
        _fail("--format xlsx needs -o FILE")
    return output


def _table(records: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("region", "period", "indicator", "text", "status", "evidence", "reason"):
        table.add_column(col, overflow="fold", no_wrap=col in ("period", "status"))
    for r in records:
        ev = "; ".join(f"{e['period']} {e['text']}" for e in r["evidence"])
        table.add_row(r["region"] or "", r["period"], r["indicator"], r["text"], r["status"], ev, r["reason"])
    Console().print(table)


def targets(
    region: RegionPrefixOption = None,
    period: PeriodOption = None,
    status: Annotated[str | None, typer.Option("--status", help="achieved, missed, ...")] = None,
    fmt: Annotated[TargetFormat, typer.Option("--format", help="Output format.")] = TARGETS_DEFAULT,
    db: DbOption = None,
    output: OutOption = None,
    from_jsonl: JsonlOption = None,
    documents: DocsOption = None,
    today: TodayOption = None,
) -> None:
    """List targets with their status, evidence and reason (tracking.md records)."""
    from planwatch.model import STATUSES
    from planwatch.records import judgement_record

    if status is not None and status not in STATUSES:
        _fail(f"--status {status!r}: one of {', '.join(STATUSES)}")
    judged, _, _ = _judged(db, from_jsonl, documents, today, region, period, status)
    records = [judgement_record(j) for j in judged]
    if fmt.value in TARGETS:
        _export(TARGETS.get(fmt.value), records, output)
    else:
        _table(records)


def report(
    region: Annotated[str, typer.Option("--region", help="Region (full name).")],
    period: Annotated[str | None, typer.Option("--period", help="2020, or a plan span 2016-2020.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = REPORT_DEFAULT,
    db: DbOption = None,
    output: OutOption = None,
    from_jsonl: JsonlOption = None,
    documents: DocsOption = None,
    today: TodayOption = None,
) -> None:
    """The evaluation report (量化指标任务落实情况表) of a region and period."""
    from planwatch.track.report import build_report

    judged, facts, when = _judged(db, from_jsonl, documents, today, region, period, None)
    rep = build_report(judged, facts, region=region, period=period, today=when)
    _export(REPORTS.get(fmt.value), rep, output)


class TrackEngine(StrEnum):
    local = "local"
    ray = "ray"


AllRegionsOption = Annotated[
    bool, typer.Option("--all", help="Judge every region again, not only the changed ones.")]
RegionsOption = Annotated[
    list[str] | None, typer.Option("--region", help="Judge this region again (full name; repeatable).")]
TrackEngineOption = Annotated[TrackEngine, typer.Option(
    "--engine", help="local: in this process; ray: regions as Ray tasks (pip install 'planwatch[ray]').")]
CpusOption = Annotated[
    int | None, typer.Option("--cpus", help="CPUs of the local Ray started (--engine ray).")]


def track(
    db: DbOption = None,
    all_: AllRegionsOption = False,
    region: RegionsOption = None,
    engine_: TrackEngineOption = TrackEngine.local,
    cpus: CpusOption = None,
) -> None:
    """Judge the targets of the regions whose documents, corrections or facts changed since the last
    run (every region with --all), one region at a time, and save the judgements in the store."""
    from planwatch.service import ray_runner, track_all, track_dirty, track_regions
    from planwatch.store.db import open_store

    runner = None
    if engine_ is TrackEngine.ray:
        try:
            import ray  # noqa: F401
        except ImportError:
            _fail("--engine ray needs Ray: pip install 'planwatch[ray]'")
        runner = ray_runner(cpus)
    try:
        engine = open_store(db)
        if all_:
            run = track_all(engine, runner=runner)
        elif region:
            run = track_regions(engine, region, runner=runner)
        else:
            run = track_dirty(engine, runner=runner)
    except PlanWatchError as e:
        _fail(str(e))
    counts = ", ".join(f"{k} {v}" for k, v in sorted(run.statuses.items()))
    n = len(run.judged)
    where = f" in {n} region{'s' if n != 1 else ''}" if n else " (no region changed since the last run)"
    typer.echo(f"{run.targets} targets judged{where}" + (f": {counts}" if counts else ""))


def scorecard(
    region: RegionPrefixOption = None,
    period: PeriodOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the targets without data.")] = False,
    db: DbOption = None,
    from_jsonl: JsonlOption = None,
    documents: DocsOption = None,
    today: TodayOption = None,
) -> None:
    """Each region's scorecard: targets by status, then every judged target with its evidence."""
    from rich.console import Console
    from rich.table import Table

    from planwatch.model import STATUSES
    from planwatch.records import judgement_record
    from planwatch.track.rules import load_rules

    judged, _, when = _judged(db, from_jsonl, documents, today, region, period, None)
    rules = load_rules()
    names, words = rules.status_labels, rules.report["scorecard"]
    console = Console()
    by_region: dict[str, list[Judgement]] = {}
    for j in judged:
        by_region.setdefault(j.region or "?", []).append(j)
    if not by_region:
        console.print("no targets: ingest documents first (planwatch ingest PATH...)")
    for name in sorted(by_region):
        items = by_region[name]
        counts: Counter[str] = Counter(j.status for j in items)
        line = " · ".join(f"{names.get(s, s)} {counts[s]}" for s in STATUSES if counts[s])
        heading = words["heading"].format(n=len(items), when=when, counts=line)
        console.print(f"\n[bold]{name}[/bold]  {heading}")
        shown = [j for j in items if show_all or j.status != "no_data"]
        shown.sort(key=lambda j: (STATUSES.index(j.status), j.target.period, j.target.indicator))
        if shown:
            table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
            for key, col in words["columns"].items():
                table.add_column(col, overflow="fold", no_wrap=key in ("period", "target"))
            for j in shown:
                sources = sorted({f"{e['doc']}:{e['start']}" for e in judgement_record(j)["evidence"]})
                table.add_row(names.get(j.status, j.status), j.target.period, j.target.indicator,
                              j.target.text, j.reason, "\n".join(sources))
            console.print(table)
        if counts["no_data"] and not show_all:
            console.print(words["more"].format(n=counts["no_data"]))


def register(app: typer.Typer) -> None:
    """Add ``targets``, ``scorecard``, ``report`` and ``track`` to ``app``."""
    app.command("targets")(targets)
    app.command("scorecard")(scorecard)
    app.command("report")(report)
    app.command("track")(track)
