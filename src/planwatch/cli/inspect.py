"""``planwatch inspect FILE...``: the facts and outline the structure stage reads from each document."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from planwatch.errors import IngestError, PlanWatchError
from planwatch.model import Document, Structure

LABEL_STYLE = {"review": "green", "plan": "cyan", "glossary": "magenta", "other": "dim"}


def documents(files: list[Path]) -> Iterator[tuple[Path, Document | Exception]]:
    """Each file's Document (or the error reading it); folders are walked."""
    from planwatch.ingest import iter_documents, load

    for path in files:
        if path.is_dir():
            yield from iter_documents([path])
            continue
        try:
            yield path, load(path)
        except (PlanWatchError, OSError, ValueError) as exc:
            yield path, exc


def to_json(st: Structure) -> dict[str, Any]:
    """The documents.md record, the facts the engine is unsure of, then the outline and the furniture."""
    rec = st.facts.to_record()
    rec["unsure"] = list(st.facts.unsure)
    rec["sections"] = [
        {"title": s.title, "level": s.level, "label": s.label, "periods": list(s.periods),
         "start": s.start, "end": s.end}
        for s in st.sections
    ]
    rec["furniture"] = [{"start": f.start, "end": f.end} for f in st.furniture]
    return rec


def render(st: Structure) -> Any:
    """A rich tree of the facts and the outline."""
    from rich.markup import escape
    from rich.tree import Tree

    f = st.facts
    root = Tree(f"[bold]{escape(f.doc)}[/bold]")
    facts = root.add("[bold]facts[/bold]")
    for key in ("region", "kind", "delivered", "published"):
        facts.add(f"{key}: {escape(str(getattr(f, key)))}")
    facts.add(f"reviews: {', '.join(f.reviews) or '-'}")
    facts.add(f"plans: {', '.join(f.plans) or '-'}")
    for doubt in f.unsure:
        facts.add(f"[yellow]unsure[/yellow] {escape(doubt)}")
    if st.body is not None:
        facts.add(f"body: [{st.body.start}, {st.body.end})  furniture: {len(st.furniture)} span(s)")
    outline = root.add("[bold]outline[/bold]")
    nodes: list[Any] = []
    for s in st.sections:
        parent = outline if s.parent is None else nodes[s.parent]
        style = LABEL_STYLE.get(s.label, "")
        periods = ",".join(s.periods) or "-"
        nodes.append(parent.add(
            f"[{style}]{s.label}[/{style}] {escape(s.title)} [dim]({periods}; {s.start}-{s.end})[/dim]"
        ))
    return root


def inspect_files(files: list[Path], as_json: bool) -> int:
    """Analyse each file, print it, report failures on stderr; the exit code (1 if any failed)."""
    from rich.console import Console

    from planwatch.structure import analyse

    console = Console()
    failed = False
    for path, doc in documents(files):
        try:
            if isinstance(doc, Exception):
                raise doc
            st = analyse(doc)
        except IngestError as exc:
            failed = True
            print(f"error: {path}: {exc.reason}", file=sys.stderr)
            continue
        except (PlanWatchError, OSError, ValueError) as exc:
            failed = True
            print(f"error: {path}: {exc}", file=sys.stderr)
            continue
        if as_json:
            sys.stdout.write(json.dumps(to_json(st), ensure_ascii=False) + "\n")
        else:
            console.print(render(st))
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    """Add ``inspect`` to ``app``."""

    @app.command("inspect")
    def inspect(
        files: Annotated[list[Path], typer.Argument(help="Documents or folders (.txt, .html, .pdf, .docx).")],
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per document.")] = False,
    ) -> None:
        """Show each document's facts (region, kind, dates, periods) and outline."""
        code = inspect_files(files, as_json)
        if code:
            raise typer.Exit(code)
