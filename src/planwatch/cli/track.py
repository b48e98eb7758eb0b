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
    from planwatch.track.report import in_period

    return in_period(target_period, wanted)


def _judged(
    db: str | None, jsonl: list[Path] | None, documents: Path | None, today: str | None,
    region: str | None, period: str | None, status: str | None,
) -> tuple[list[Judgement], dict[str, DocumentFacts], date, dict[str, str] | None]:
    """The targets judged and filtered, the facts by document, the date judged at, the documents' texts
    (None when the statements come from JSONL files).

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
    return out, {f.doc: f for _, f in pairs}, when, texts


def _texts_in(folder: Path, names: set[str]) -> dict[str, str]:
    """The canonical texts of the documents ``names`` found in ``folder`` (read as ``ingest`` reads them)."""
    from planwatch.ingest import load

    found = {}
    for name in sorted(names):
        path = folder / name
        if path.is_file():
            try:
                found[name] = load(path).text
            except PlanWatchError as e:
                _fail(str(e))
    return found


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _export(exporter: Exporter, value: object, output: Path | None) -> None:
    """``value`` in ``exporter``'s format: to ``-o FILE`` or stdout; a file format needs ``-o``."""
    if exporter.to_file:
        exporter.write(value, _file_output(output, exporter.fmt))
    else:
        _write(exporter.write(value), output)


def _file_output(output: Path | None, fmt: str) -> Path:
    """``-o FILE``, which ``--format xlsx`` or ``docx`` needs (a workbook is not written to stdout)."""
    if output is None:
        _fail(f"--format {fmt} needs -o FILE")
    return output


def _table(records: list[dict[str, Any]]) -> None:
    """Target records as a table on a terminal; piped, as TSV lines that nothing wraps or splits."""
    from rich.console import Console
    from rich.table import Table

    from planwatch.track.office import field_label
    from planwatch.track.render import TABLE_FIELDS, records_tsv, table_cells
    from planwatch.track.rules import load_rules

    if not _terminal():
        sys.stdout.write(records_tsv(records))
        return
    rules = load_rules()
    table = Table(show_lines=False)
    for col in TABLE_FIELDS:
        table.add_column(field_label(col, rules), overflow="fold", no_wrap=col in ("period", "status"))
    for r in records:
        table.add_row(*table_cells(r, TABLE_FIELDS, rules))
    Console().print(table)


def _terminal() -> bool:
    """Is standard output a terminal (else a pipe or file: plain lines, no wrapping)?"""
    return sys.stdout.isatty()


ScorecardFormat = Enum("ScorecardFormat", {f: f for f in ("table", "tsv")}, type=str)  # type: ignore[misc]
SCORECARD_DEFAULT = ScorecardFormat("table")


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
    texts_dir: Annotated[
        Path | None,
        typer.Option("--texts", help="With --from-jsonl: the documents' folder, to quote sentences."),
    ] = None,
) -> None:
    """List targets with their status, evidence and reason (tracking.md records).

    Each record and each evidence item carries ``sentence``, the sentence holding the figure, when the
    documents' texts are at hand: always from the store, from ``--texts DIR`` with ``--from-jsonl``.
    """
    from planwatch.model import STATUSES
    from planwatch.records import judgement_record

    if status is not None and status not in STATUSES:
        _fail(f"--status {status!r}: one of {', '.join(STATUSES)}")
    judged, _, _, texts = _judged(db, from_jsonl, documents, today, region, period, status)
    if texts is None and texts_dir is not None:
        docs = {d for j in judged for d in (j.target.doc, *(e.statement.doc for e in j.evidence))}
        texts = _texts_in(texts_dir, docs)
    from planwatch.extract.indicators import namer

    records = [judgement_record(j, texts=texts, breaks=namer().sentence_break) for j in judged]
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

    judged, facts, when, texts = _judged(db, from_jsonl, documents, today, region, period, None)
    rep = build_report(judged, facts, region=region, period=period, today=when, texts=texts)
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
    fmt: Annotated[ScorecardFormat, typer.Option(
        "--format", help="table (a terminal) or tsv: tab-separated lines (the default when piped).",
    )] = SCORECARD_DEFAULT,
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
    from planwatch.track.render import one_line
    from planwatch.track.rules import load_rules

    judged, facts, when, _ = _judged(db, from_jsonl, documents, today, region, period, None)
    rules = load_rules()
    names, words = rules.status_labels, rules.report["scorecard"]
    plain = fmt.value == "tsv" or not _terminal()
    console = Console()

    def say(text: str) -> None:
        if plain:
            sys.stdout.write(text + "\n")
        else:
            console.print(text)

    by_region: dict[str, list[Judgement]] = {}
    for j in judged:
        by_region.setdefault(j.region or "?", []).append(j)
    if not by_region:
        say(str(words["empty"]))
    for name in sorted(by_region):
        items = by_region[name]
        counts: Counter[str] = Counter(j.status for j in items)
        line = " · ".join(f"{names.get(s, s)} {counts[s]}" for s in STATUSES if counts[s])
        dates = [f.delivered or f.published for f in facts.values() if f.region == name]
        latest = max((d for d in dates if d), default=when.isoformat())  # 截至: this region's latest
        heading = words["heading"].format(n=len(items), when=latest, counts=line)
        say(f"\n{name}  {heading}" if plain else f"\n[bold]{name}[/bold]  {heading}")
        shown = [j for j in items if show_all or j.status != "no_data"]
        shown.sort(key=lambda j: (STATUSES.index(j.status), j.target.period, j.target.indicator))
        rows: list[tuple[list[str], list[str]]] = [
            ([names.get(j.status, j.status), j.target.period, j.target.indicator, j.target.text, j.reason],
             sorted({f"{e['doc']}:{e['start']}" for e in judgement_record(j)["evidence"]}))
            for j in shown
        ]
        if rows and plain:  # one target a line, tab-separated: reasons and file names never cut
            sys.stdout.write("\t".join(str(c) for c in words["columns"].values()) + "\n")
            for cells, sources in rows:
                sys.stdout.write("\t".join(one_line(c) for c in [*cells, " ".join(sources)]) + "\n")
        elif rows:
            table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
            for key, col in words["columns"].items():
                table.add_column(col, overflow="fold", no_wrap=key in ("period", "target"))
            for cells, sources in rows:
                table.add_row(*cells, "\n".join(sources))
            console.print(table)
        if counts["no_data"] and not show_all:
            say(words["more"].format(n=counts["no_data"]))


def register(app: typer.Typer) -> None:
    """Add ``targets``, ``scorecard``, ``report`` and ``track`` to ``app``."""
    app.command("targets")(targets)
    app.command("scorecard")(scorecard)
    app.command("report")(report)
    app.command("track")(track)
