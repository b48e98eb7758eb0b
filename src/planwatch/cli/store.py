"""``planwatch ingest`` and ``planwatch db upgrade|dump|stats``: filling and inspecting the store."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite file (default: $PLANWATCH_DATABASE_URL, "
                              "else planwatch.db in the user data directory)."),
]
OUTCOMES = ("new", "updated", "unchanged", "failed")
ENGINES = ("local", "ray")

db_app = typer.Typer(help="The store: migrate, dump, count.", no_args_is_help=True)


def _counts_text(counts: Counter[str], keys: tuple[str, ...]) -> str:
    return " ".join(f"{k} {counts[k]}" for k in keys)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")] = [],  # noqa: B006
    db: DbOption = None,
    reextract: Annotated[bool, typer.Option(
        "--reextract", help="Run structure and extraction again on every stored document.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-j", min=1,
        help="Processes reading files (default 1; with --engine ray and no --address: the CPUs of "
             "the local Ray, default the machine's cores).")] = None,
    engine_name: Annotated[str, typer.Option(
        "--engine", help="local (a pool of processes) or ray (Ray tasks; pip install 'planwatch[ray]').",
    )] = "local",
    address: Annotated[str | None, typer.Option(
        "--address", help="With --engine ray: the Ray cluster to use (default: start a local Ray).",
    )] = None,
    batch: Annotated[int | None, typer.Option(
        "--batch", min=1,
        help="Documents per transaction (default: those ready, up to 64).")] = None,
    region: Annotated[str | None, typer.Option(
        "--region",
        help="The issuing region of these files (北京市东城区, 全国): wins over what the text says.")] = None,
    year: Annotated[str | None, typer.Option(
        "--year", help="The year these reports plan for (2024): wins over what the text says.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="work_report, plan_report, five_year_plan, evaluation or other.")] = None,
) -> None:
    """Store documents: each file once by content hash, a batch of documents per transaction.

    A file stored before is unchanged; a changed file becomes a new version of
    its source. A file that cannot be read is reported by name and reason, and
    the others go on; the exit code is 1 if any failed.
    """
    from planwatch.pipeline import discover
    from planwatch.store.db import open_store, resolve_url
    from planwatch.store.ingest import ingest_paths
    from planwatch.store.ingest import reextract as run_reextract

    if not paths and not reextract:
        raise typer.BadParameter("give files or folders to ingest, or --reextract")
    given = _given(region, year, kind)
    if given and reextract:
        raise typer.BadParameter("--region/--year/--kind go with files to ingest, not --reextract")
    if engine_name not in ENGINES:
        raise typer.BadParameter(f"--engine is one of {', '.join(ENGINES)}, not {engine_name!r}")
    if address and engine_name != "ray":
        raise typer.BadParameter("--address goes with --engine ray")
    if engine_name == "ray" and reextract:
        raise typer.BadParameter("--engine ray goes with files to ingest, not --reextract")
    console = Console(stderr=True, soft_wrap=True)
    engine = open_store(db)
    keys = ("reextracted", "failed") if reextract else OUTCOMES
    files = [] if reextract else list(discover(paths))
    seen: Counter[str] = Counter()
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
        console=console, transient=False, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("re-extracting" if reextract else "ingesting",
                            total=None if reextract else len(files), counts=_counts_text(seen, keys),
                            rate="")
        clock = [time.perf_counter()]

        def tick(path: Path, outcome: str) -> None:
            seen[outcome] += 1
            rate = sum(seen.values()) / max(time.perf_counter() - clock[0], 1e-6)
            bar.update(task, advance=1, counts=_counts_text(seen, keys), rate=f"{rate:.1f} docs/s")

        if reextract:
            report = run_reextract(engine, progress=tick)
        elif engine_name == "ray":
            report = _ingest_ray(engine, files, workers, address, tick, given, batch, bar, task, clock)
        else:
            report = ingest_paths(engine, files, workers=workers or 1, progress=tick, given=given,
                                  batch=batch)
    engine.dispose()
    console.print(f"{_counts_text(report.counts, keys)}  → {resolve_url(db)}")
    for name, reason in report.failures:
        console.print(f"[red]failed[/red] {name}: {reason}", markup=True, highlight=False)
    if report.failed:
        raise typer.Exit(1)


def _ingest_ray(engine: Any, files: list[Path], workers: int | None, address: str | None,
                tick: Any, given: dict[str, str], batch: int | None, bar: Progress, task: Any,
                clock: list[float]) -> Any:
    """``ingest_paths`` with a Ray runner: a local Ray (``workers`` CPUs) or the one at ``address``."""
    from planwatch.store.ingest import ingest_paths
    from planwatch.store.ray_ingest import RayUnavailable, ray_runner, ray_session

    bar.update(task, description="starting Ray")
    try:
        with ray_session(address, num_cpus=workers) as ray:
            bar.update(task, description="ingesting")
            clock[0] = time.perf_counter()  # docs/s from here, not from Ray's start
            return ingest_paths(engine, files, progress=tick, given=given, batch=batch,
                                runner=ray_runner(ray))
    except RayUnavailable as exc:
        raise typer.BadParameter(str(exc), param_hint="--engine") from exc


def _given(region: str | None, year: str | None, kind: str | None) -> dict[str, str]:
    """The checked meta entries of the facts given on the command line (a clear error otherwise)."""
    if region is None and year is None and kind is None:
        return {}
    from planwatch.structure.given import as_meta

    try:
        return as_meta(region, year, kind)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the database or bring its schema up to date."""
    from planwatch.store.db import current_revision, make_engine, resolve_url, upgrade

    engine = make_engine(db)
    upgrade(engine)
    typer.echo(f"{resolve_url(db)} at revision {current_revision(engine)}")


@db_app.command("dump")
def db_dump(
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
) -> None:
    """Every content row, sorted, one JSON line each: equal dumps mean equal content."""
    from planwatch.store.db import open_store
    from planwatch.store.dump import dump_lines

    engine = open_store(db)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for line in dump_lines(engine):
            out.write(line + "\n")
    finally:
        if output:
            out.close()


@db_app.command("stats")
def db_stats(db: DbOption = None) -> None:
    """Rows per table."""
    from planwatch.store.db import open_store
    from planwatch.store.dump import counts

    for table, n in counts(open_store(db)).items():
        typer.echo(f"{table}\t{n}")


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and ``db`` to ``app``."""
    app.command("ingest")(ingest)
    app.add_typer(db_app, name="db")
