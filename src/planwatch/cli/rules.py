"""``planwatch rules check``: validate every rule file of every stage and run every inline example.

Each stage compiles its own files from the rules folder (``--rules-dir``, else ``$PLANWATCH_RULES_DIR``,
else the packaged one): a schema error (an unknown key, a wrong type) or a bad pattern is reported as
``error: <file>: <key>: <reason>``, a failing inline example as ``FAIL <file>: ...``; the exit code is 1
when anything failed. ``--specs`` runs the extraction spec cases (tests/specs/zh) as well.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from planwatch.errors import PlanWatchError


def _ingest(folder: Path | None, lang: str) -> list[str]:
    from planwatch.ingest.rules import check, load

    return [f"ingest.yaml: {f}" for f in check(load(folder, lang))]


def _structure(folder: Path | None, lang: str) -> list[str]:
    from planwatch.structure.rules import check, load

    return [f"structure.yaml/documents.yaml: {f}" for f in check(load(folder, lang))]


def _extract(folder: Path | None, lang: str) -> list[str]:
    from planwatch.extract.attributes import build_attributes
    from planwatch.extract.indicators import build_namer
    from planwatch.extract.quantities import build_matcher
    from planwatch.extract.rulebook import read_book
    from planwatch.extract.tables import build_rules

    book = read_book(lang, folder)
    matcher = build_matcher(book)
    build_attributes(book), build_namer(book), build_rules(book, matcher)
    return []


def _track(folder: Path | None, lang: str) -> list[str]:
    from planwatch.track.examples import run_examples
    from planwatch.track.link_rules import read_link_rules
    from planwatch.track.rules import read_rules

    read_rules(folder, lang)
    out = []
    for r in run_examples(read_link_rules(folder, lang)):
        if not r.ok:
            want = "link" if r.example.link else "no link"
            out.append(f"linking.yaml: {r.example.target} / {r.example.evidence}: want {want}, "
                       f"confidence {r.confidence}")
    return out


def _review(folder: Path | None, lang: str) -> list[str]:
    from planwatch.review.doubts import read

    read(folder, lang)
    return []


def _serve(folder: Path | None, lang: str) -> list[str]:
    from planwatch.serve.labels import read

    read(folder, lang)
    return []


#: Each stage's check: compile its files from a rules folder, return the failing inline examples.
STAGES: dict[str, Callable[[Path | None, str], list[str]]] = {
    "ingest": _ingest, "structure": _structure, "extract": _extract, "track": _track,
    "review": _review, "serve": _serve,
}


def check_rules(lang: str = "zh", folder: Path | None = None, specs: Path | None = None) -> int:
    """Check every stage's rules (and the spec cases with ``specs``); print what failed; the exit code."""
    from planwatch.headline import headline_rows

    failed = False
    try:
        n = len(headline_rows(lang, folder))
    except PlanWatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        failed, n = True, 0
    for stage, run in STAGES.items():
        try:
            failures = run(folder, lang)
        except PlanWatchError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed = True
            continue
        for f in failures:
            print(f"FAIL {f}", file=sys.stderr)
        failed |= bool(failures)
        print(f"rules {lang} {stage}: " + (f"{len(failures)} examples fail" if failures else "valid"))
    print(f"rules {lang}: {n} headline indicators")
    if specs is not None:
        failed |= _specs(specs) != 0
    return 1 if failed else 0


def _specs(specs: Path) -> int:
    """Run the extraction spec cases of ``specs`` (``*.yaml``); the number that fail."""
    from planwatch.extract import extract
    from planwatch.model import Document, DocumentFacts, Section, Span, Structure
    from planwatch.rules.loader import load_yaml

    failed = total = 0
    for path in sorted(specs.glob("*.yaml")):
        data = load_yaml(path)
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
    return failed


def register(app: typer.Typer) -> None:
    """Add ``rules check`` to ``app``."""
    rules_app = typer.Typer(help="Language rules (planwatch/rules/<lang>/*.yaml, *.tsv).",
                            no_args_is_help=True)
    app.add_typer(rules_app, name="rules")

    @rules_app.command("check")
    def rules_check(
        lang: Annotated[str, typer.Option(help="Rule language folder.")] = "zh",
        rules_dir: Annotated[
            Path | None,
            typer.Option("--rules-dir", help="A rules folder holding <lang>/ (default: packaged)."),
        ] = None,
        specs: Annotated[
            Path | None, typer.Option(help="Folder of spec cases (tests/specs/zh) to run as well.")
        ] = None,
    ) -> None:
        """Validate every rule file of every stage and run its inline examples (and the spec cases)."""
        code = check_rules(lang, rules_dir, specs)
        if code:
            raise typer.Exit(code)
