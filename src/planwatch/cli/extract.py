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
from planwatch.extract.output import STATEMENTS
from planwatch.model import Document, Statement

#: ``--format`` choices: the registered statement formats (``planwatch.extract.output.STATEMENTS``).
Format = Enum("Format", {f: f for f in STATEMENTS.formats}, type=str)  # type: ignore[misc]
DEFAULT_FORMAT = Format("jsonl")


def _documents(paths: Sequence[Path]) -> list[tuple[Path, Document | IngestError]]:
    from planwatch.ingest import iter_documents

    return list(iter_documents(paths))


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
        fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = DEFAULT_FORMAT,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
        ] = None,
    ) -> None:
        """Extract every quantitative statement (jsonl: the contract records, one a line)."""
        code = run(paths, fmt.value, output)
        if code:
            raise typer.Exit(code)
