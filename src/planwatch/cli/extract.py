"""``planwatch extract PATH...``: the quantitative statements of each document.

Folders are expanded. A file that cannot be read or analysed is reported as
``error: <file>: <reason>`` on stderr; the others go on, and the exit code is 1
at the end if any failed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from planwatch.errors import IngestError, PlanWatchError
from planwatch.model import Document, Statement


class Format(str, Enum):  # noqa: UP042 - typer needs a str-valued Enum for choices
    jsonl = "jsonl"
    csv = "csv"
    table = "table"
    html = "html"


def _documents(paths: Sequence[Path]) -> list[tuple[Path, Document | Exception]]:
    from planwatch import ingest

    iter_documents = getattr(ingest, "iter_documents", None)
    if iter_documents is not None:
        return list(iter_documents([str(p) for p in paths]))
    out: list[tuple[Path, Document | Exception]] = []
    for p in paths:
        files = sorted(f for f in p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
                out.append((f, Document(f.name, text, text)))
            except (OSError, UnicodeDecodeError) as exc:
                out.append((f, IngestError(str(f), str(exc))))
    return out


def run(paths: Sequence[Path], fmt: str, output: Path | None) -> int:
    """Extract from every file; write the result; the exit code."""
    from planwatch.extract import extract
    from planwatch.extract.output import render

    failed = False
    results: list[tuple[Document, Sequence[Statement]]] = []
    for path, item in _documents(paths):
        if isinstance(item, Exception):
            failed = True
            reason = item.reason if isinstance(item, IngestError) else str(item)
            print(f"error: {path}: {reason}", file=sys.stderr)
            continue
        try:
            results.append((item, extract(item)))
        except (PlanWatchError, ValueError, RecursionError) as exc:
            failed = True
            print(f"error: {path}: {exc}", file=sys.stderr)
    text = render(fmt, results)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    """Add ``extract`` to ``app`` (``rules check`` is :mod:`planwatch.cli.rules`)."""
    @app.command("extract")
    def extract_cmd(
        paths: Annotated[list[Path], typer.Argument(help="Documents or folders (.txt, .html, .pdf, .docx).")],
        fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
        ] = None,
    ) -> None:
        """Extract every quantitative statement (jsonl: the contract records, one a line)."""
        code = run(paths, fmt.value, output)
        if code:
            raise typer.Exit(code)
