"""Scoring and validation of statement records (``spec/statements.md``, "Matching two sets").

A clean, typed port of the official reference ``tools_statements.py``: the same
greedy matching, the same rounding, the same keys. Records are plain ``dict``
objects as read from JSONL (the contract record, see ``model.RECORD_FIELDS``).

Matching: gold records are visited in ``(doc, start)`` order; each takes the
not-yet-used prediction of the same document whose span overlaps its own and
whose value agrees within 0.01 %, preferring the largest overlap (the first one
found on ties). Predictions whose ``text`` holds no Arabic digit are dropped
before matching, and only predictions for documents present in gold count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from planwatch.model import Comparator, Direction, Kind, Measure
from planwatch.records import read_jsonl

Record = Mapping[str, Any]

KINDS: frozenset[str] = frozenset(get_args(Kind))
MEASURES: frozenset[str] = frozenset(get_args(Measure))
COMPARATORS: frozenset[str] = frozenset(get_args(Comparator))
DIRECTIONS: frozenset[str] = frozenset(get_args(Direction))
PERIOD = re.compile(r"^\d{4}(-\d{4})?$")
#: Half- and full-width Arabic digits (U+FF10..U+FF19).
DIGIT = re.compile("[0-9\uff10-\uff19]")
#: Attributes scored on matched pairs, in the reference's output order.
ATTRIBUTES: tuple[str, ...] = (
    "unit", "comparator", "kind", "measure", "direction", "period", "canonical", "indicator",
)
#: Attributes a matched pair must all agree on to be strictly correct.
CORE: tuple[str, ...] = ("unit", "comparator", "kind", "measure", "direction", "period")
#: Files of a gold folder that hold no statements.
NON_STATEMENT_FILES: frozenset[str] = frozenset({"documents.jsonl", "tracking.jsonl"})
_SPACE = re.compile(r"\s")


def _r4(x: float) -> float:
    return round(x, 4)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores:
    """The scores of one prediction set against one gold set (the reference's keys)."""

    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    strict_precision: float
    strict_recall: float
    strict_f1: float
    span_exact: float | None
    #: ``attribute -> share of matched pairs that agree`` (None when no pair is relevant).
    agreement: Mapping[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A flat dict, key for key and in order what the reference ``score`` returns."""
        out: dict[str, Any] = {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "strict_precision": self.strict_precision, "strict_recall": self.strict_recall,
            "strict_f1": self.strict_f1, "span_exact": self.span_exact,
        }
        for name in ATTRIBUTES:
            out[f"{name}_agreement"] = self.agreement.get(name)
        return out


def same_value(a: Any, b: Any) -> bool:
    """Whether two values agree within 0.01 % (non-numbers never agree)."""
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 1e-4 * max(abs(x), abs(y), 1e-9)


def agrees(name: str, gold: Record, pred: Record) -> bool:
    """Whether ``pred`` agrees with ``gold`` on attribute ``name``."""
    if name == "indicator":
        g = _SPACE.sub("", gold.get(name) or "")
        p = _SPACE.sub("", pred.get(name) or "")
        return bool(g) and bool(p) and (g in p or p in g)
    if name == "unit":
        return bool((gold.get(name) or "").strip() == (pred.get(name) or "").strip())
    return bool(gold.get(name) == pred.get(name))


def _overlaps(a: Record, b: Record) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def scorable(gold: Sequence[Record], pred: Iterable[Record]) -> list[Record]:
    """The predictions that count: for a document present in gold, with a digit in ``text``."""
    docs = {g["doc"] for g in gold}
    return [p for p in pred if p.get("doc") in docs and DIGIT.search(str(p.get("text", "")))]


def match(gold: Sequence[Record], pred: Sequence[Record]) -> list[tuple[Record, Record]]:
    """Greedy one-to-one matching of gold to predictions (predictions already filtered)."""
    by_doc: dict[Any, list[int]] = {}
    for j, p in enumerate(pred):
        by_doc.setdefault(p.get("doc"), []).append(j)
    used: set[int] = set()
    pairs: list[tuple[Record, Record]] = []
    for g in sorted(gold, key=lambda r: (r["doc"], r["start"])):
        best: tuple[int, int] | None = None
        for j in by_doc.get(g["doc"], []):
            p = pred[j]
            if j in used or not _overlaps(p, g) or not same_value(g["value"], p.get("value")):
                continue
            overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if best is None or overlap > best[0]:
                best = (overlap, j)
        if best is not None:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    return pairs


def score_pairs(n_gold: int, n_pred: int, pairs: Sequence[tuple[Record, Record]]) -> Scores:
    """The scores given the counts and the matched pairs."""
    tp = len(pairs)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    strict = sum(all(agrees(f, g, p) for f in CORE) for g, p in pairs)
    sp = strict / n_pred if n_pred else 0.0
    sr = strict / n_gold if n_gold else 0.0
    exact = sum(g["start"] == p["start"] and g["end"] == p["end"] for g, p in pairs)
    agreement: dict[str, float | None] = {}
    for name in ATTRIBUTES:
        rel = [(g, p) for g, p in pairs if name != "canonical" or g.get("canonical")]
        agreement[name] = _r4(sum(agrees(name, g, p) for g, p in rel) / len(rel)) if rel else None
    return Scores(
        gold=n_gold, predicted=n_pred, matched=tp,
        precision=_r4(precision), recall=_r4(recall), f1=_r4(_f1(precision, recall)) if tp else 0.0,
        strict_precision=_r4(sp), strict_recall=_r4(sr), strict_f1=_r4(_f1(sp, sr)) if strict else 0.0,
        span_exact=_r4(exact / tp) if tp else None, agreement=agreement,
    )


def score(gold: Sequence[Record], pred: Iterable[Record]) -> Scores:
    """Score predictions against gold over all documents present in gold."""
    kept = scorable(gold, pred)
    return score_pairs(len(gold), len(kept), match(gold, kept))


def score_by_doc(gold: Sequence[Record], pred: Iterable[Record]) -> dict[str, Scores]:
    """The scores of each document present in gold, in name order."""
    kept = scorable(gold, pred)
    out: dict[str, Scores] = {}
    for doc in sorted({str(g["doc"]) for g in gold}):
        g_doc = [g for g in gold if g["doc"] == doc]
        p_doc = [p for p in kept if p.get("doc") == doc]
        out[doc] = score_pairs(len(g_doc), len(p_doc), match(g_doc, p_doc))
    return out


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Records from a JSONL file, or from every ``*.jsonl`` of a folder in name order.

    In a folder, ``documents.jsonl`` and ``tracking.jsonl`` are skipped: they hold
    document facts and tracking gold, not statements.
    """
    p = Path(path)
    if p.is_dir():
        out: list[dict[str, Any]] = []
        for f in sorted(p.glob("*.jsonl")):
            if f.name not in NON_STATEMENT_FILES:
                out.extend(read_jsonl(f))
        return out
    return read_jsonl(p)


def check(corpus: str | Path, records: Sequence[Record]) -> list[str]:
    """Problems of ``records`` against the documents of ``corpus`` (empty when all is well).

    Checks, like the reference ``check``: the document exists, ``text`` equals
    ``doc[start:end]``, no span is repeated, enum fields hold contract values,
    ``value`` is a number, ``period`` is ``YYYY`` or ``YYYY-YYYY``, ``indicator``
    is not empty. It also reports records whose offsets are missing or not ints.
    """
    root = Path(corpus)
    problems: list[str] = []
    docs: dict[str, str] = {}
    seen: set[tuple[Any, Any, Any]] = set()
    for i, r in enumerate(records):
        where = f"line {i + 1}"
        name = r.get("doc")
        try:
            if not isinstance(name, str) or not name:
                raise KeyError("doc")
            if name not in docs:
                docs[name] = (root / name).read_text(encoding="utf-8")
            text = docs[name]
        except (KeyError, OSError, UnicodeDecodeError) as e:
            problems.append(f"{where}: no document ({e})")
            continue
        start, end = r.get("start"), r.get("end")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            problems.append(f"{where}: start/end {start!r}/{end!r} are not integers")
        elif text[start:end] != r.get("text"):
            problems.append(f"{where}: text {r.get('text')!r} != doc[{start}:{end}] {text[start:end]!r}")
        if (name, start, end) in seen:
            problems.append(f"{where}: duplicate span")
        seen.add((name, start, end))
        for fname, allowed in (("kind", KINDS), ("measure", MEASURES),
                               ("comparator", COMPARATORS), ("direction", DIRECTIONS)):
            if r.get(fname) not in allowed:
                problems.append(f"{where}: {fname}={r.get(fname)!r} not in {sorted(allowed)}")
        value = r.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool):
            problems.append(f"{where}: value is not a number")
        if not PERIOD.match(str(r.get("period", ""))):
            problems.append(f"{where}: period {r.get('period')!r} is not YYYY or YYYY-YYYY")
        if not r.get("indicator"):
            problems.append(f"{where}: empty indicator")
    return problems
