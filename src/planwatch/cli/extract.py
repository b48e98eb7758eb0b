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


def check_rules(lang: str, specs: Path | None) -> int:
    """Validate and compile the rule files; with ``specs``, run the spec cases too. The exit code."""
    import yaml

    from planwatch.extract import extract, rulebook
    from planwatch.extract.attributes import attributes
    from planwatch.extract.indicators import namer
    from planwatch.extract.quantities import matcher
    from planwatch.model import DocumentFacts, Section, Span, Structure

    try:
        book = rulebook.load(lang)
        matcher(lang), attributes(lang), namer(lang)
    except PlanWatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"rules {lang}: {len(book.files)} files valid, {len(book.indicators)} indicators")
    if _check_linking():
        return 1
    if specs is None:
        return 0
    failed = total = 0
    for path in sorted(specs.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        facts = data.get("facts", {})
        f = DocumentFacts("spec.txt", None, "work_report", None, None,
                          tuple(facts.get("reviews", ["2019"])), tuple(facts.get("plans", ["2020"])))
        for i, case in enumerate(data["cases"]):
            if "not_yet" in case:
                continue
            total += 1
            text = case["input"]
            sec = Section(0, len(text), Span(0, 0), "", 1, case.get("section", "review"),
                          tuple(case.get("periods", ())))
            got = {s.text: s.to_record() for s in reversed(
                extract(Document("spec.txt", text, text), Structure(f, (sec,), body=Span(0, len(text)))))}
            for e in case.get("expect") or []:
                r = got.get(e["text"])
                bad = r is None or any(
                    (want not in r["indicator"]) if k == "indicator_contains" else r[k] != want
                    for k, want in e.items()
                )
                if bad:
                    failed += 1
                    print(f"FAIL {path.name}[{i}] {e['text']}: got {r}", file=sys.stderr)
                    break
    print(f"spec cases: {total - failed}/{total} pass")
    return 1 if failed else 0


def _check_linking() -> int:
    """Validate ``linking.yaml`` and run its examples; the number of failures (1 when invalid)."""
    from planwatch.track.examples import run_examples

    try:
        results = run_examples()
    except PlanWatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    bad = [r for r in results if not r.ok]
    for r in bad:
        want = "link" if r.example.link else "no link"
        print(f"FAIL linking.yaml: {r.example.target} / {r.example.evidence}: want {want}, "
              f"confidence {r.confidence}", file=sys.stderr)
    print(f"linking examples: {len(results) - len(bad)}/{len(results)} pass")
    return len(bad)


def register(app: typer.Typer) -> None:
    """Add ``extract`` and ``rules check`` to ``app``."""
    rules_app = typer.Typer(help="Language rules (planwatch/rules/<lang>/*.yaml).", no_args_is_help=True)
    app.add_typer(rules_app, name="rules")

    @rules_app.command("check")
    def rules_check(
        lang: Annotated[str, typer.Option(help="Rule language folder.")] = "zh",
        specs: Annotated[
            Path | None, typer.Option(help="Folder of spec cases (tests/specs/zh) to run as well.")
        ] = None,
    ) -> None:
        """Validate and compile the extraction rules; optionally run the spec cases."""
        code = check_rules(lang, specs)
        if code:
            raise typer.Exit(code)

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
