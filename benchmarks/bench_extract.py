"""Extraction throughput on the dev corpus, beside Microsoft Recognizers-Text's Chinese recognisers.

Ours: the whole text → records pipeline on documents already loaded
(``planwatch.structure.analyse`` + ``planwatch.extract.extract``), single process.
Theirs: Recognizers-Text's Number, Percentage, Currency and Dimension models
(Culture.Chinese) over the same texts, run in ``.venv-peer``. Both: one untimed
warm-up pass, then the median of ``RUNS`` timed passes over all documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import peer
from _timing import RUNS, figures, median_seconds

from planwatch.evaluate.pipeline import resolve

NAME = "extract"
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "dev"


def _ours(runs: int) -> tuple[dict[str, Any], list[str]]:
    """Our figures and the texts they were measured on (or a skip reason and the raw texts)."""
    pipeline = resolve()
    docs = pipeline.load_corpus(CORPUS)
    statements = sum(len(pipeline.statements(d)) for d in docs)

    def one_pass() -> None:
        for doc in docs:
            pipeline.statements(doc)

    timing = median_seconds(one_pass, runs=runs)
    result = {"docs": len(docs), **figures(sum(len(d.text) for d in docs), timing), "statements": statements}
    return result, [d.text for d in docs]


def _show(label: str, f: dict[str, Any]) -> None:
    if "skipped" in f:
        print(f"  {label:<22} skipped: {f['skipped']}")
    else:
        print(f"  {label:<22} {f['chars_per_s']:>12,.0f} chars/s  {f['ms_per_20k_chars']:>9.2f} ms/20k chars"
              f"  (median of {f['runs']} over {f['chars']:,} chars;"
              f" by CPU time {f['cpu_chars_per_s']:,.0f} chars/s)")


def run(runs: int = RUNS) -> dict[str, Any]:
    """Measure both halves, print them and return the figures."""
    ours, texts = _ours(runs)
    try:
        theirs = peer.measure(texts, runs)
    except peer.PeerUnavailable as e:
        theirs = {"skipped": str(e)}
    print(f"extraction throughput on {CORPUS.name} ({len(texts)} documents), single process:")
    _show("planwatch", ours)
    _show("recognizers-text 1.0.2a2", theirs)
    if "entities" in theirs:
        print(f"  {'':<22} peer entities per pass: {theirs['entities']}")
    result: dict[str, Any] = {"planwatch": ours, "recognizers_text": theirs}
    if "chars_per_s" in ours and "chars_per_s" in theirs:
        result["ratio_ours_over_theirs"] = round(ours["chars_per_s"] / theirs["chars_per_s"], 3)
        result["cpu_ratio_ours_over_theirs"] = round(ours["cpu_chars_per_s"] / theirs["cpu_chars_per_s"], 3)
        print(f"  ratio (ours / theirs): {result['ratio_ours_over_theirs']:.2f}x wall-clock, "
              f"{result['cpu_ratio_ours_over_theirs']:.2f}x CPU time")
    return result
