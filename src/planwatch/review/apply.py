"""Machine statements + corrections -> corrected statements (pure), and its store wrapper.

A correction names a span of a document (its *key*). Applying it:

- the machine statements at the key span are *consumed*: those with exactly the
  key span, or, when there is none, those overlapping it with the value the
  person saw (``before``), so a span that moved by a character still matches;
- ``delete`` adds nothing; ``confirm``, ``edit`` and ``add`` add the settled
  statement (``after``) and also consume every machine statement overlapping it,
  so a statement the machine finds again later is never listed twice.

A correction is *absorbed* when the machine output alone already says the same:
for ``delete``, no machine statement is consumed; for the others, a consumed
machine statement equals ``after`` on every contract field. Absorbed corrections
keep applying (a later rule change cannot undo them), they just change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from planwatch.model import RECORD_FIELDS, Statement
from planwatch.records import statement_from_record

#: Contract fields compared to decide absorption (``doc`` and ``text`` follow from the span).
COMPARED: tuple[str, ...] = tuple(f for f in RECORD_FIELDS if f not in ("doc", "text"))
REL_TOL = 1e-4  # values agree within 0.01% (statements.md)


@dataclass(frozen=True)
class Correction:
    """A correction as :func:`apply` needs it."""

    id: str
    doc_sha: str
    key_start: int
    key_end: int
    action: str
    after: dict[str, Any] | None
    before: dict[str, Any] | None


@dataclass(frozen=True)
class Item:
    """One corrected statement: where it came from and which correction (if any) settled it."""

    key: str  # the machine statement id, or ``c-<correction id>``
    doc_sha: str
    statement: Statement
    correction: str | None = None  # correction id
    action: str | None = None


@dataclass(frozen=True)
class Outcome:
    items: list[Item]
    #: correction id -> ``active`` | ``absorbed``
    states: dict[str, str]
    #: machine statement id -> the correction that consumed it
    consumed: dict[str, str]


def values_agree(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) or a == b


def _overlaps(s: Statement, start: int, end: int) -> bool:
    return s.start < end and start < s.end


def same_statement(machine: Statement, after: dict[str, Any]) -> bool:
    """Whether ``machine`` says what ``after`` says, on every compared contract field."""
    rec = machine.to_record()
    for f in COMPARED:
        if f == "value":
            if not values_agree(float(rec[f]), float(after[f])):
                return False
        elif (rec[f] or None) != (after.get(f) or None):
            return False
    return True


def _consume(machine: dict[str, Statement], c: Correction) -> list[str]:
    exact = [k for k, s in machine.items() if (s.start, s.end) == (c.key_start, c.key_end)]
    if exact:
        return exact
    if c.before is None:
        return []
    value = float(c.before["value"])
    return [k for k, s in machine.items()
            if _overlaps(s, c.key_start, c.key_end) and values_agree(s.value, value)]


def apply(machine: Sequence[tuple[str, str, Statement]], corrections: Iterable[Correction]) -> Outcome:
    """Apply ``corrections`` to ``machine`` statements, given as (id, doc_sha, statement).

    Returns the corrected statements ordered by document and span, the state of each correction,
    and which machine statement each correction consumed.
    """
    by_doc: dict[str, dict[str, Statement]] = {}
    for key, sha, st in machine:
        by_doc.setdefault(sha, {})[key] = st
    consumed: dict[str, str] = {}
    states: dict[str, str] = {}
    added: list[Item] = []
    for c in sorted(corrections, key=lambda c: (c.doc_sha, c.key_start, c.key_end, c.id)):
        left = {k: s for k, s in by_doc.get(c.doc_sha, {}).items() if k not in consumed}
        taken = _consume(left, c)
        if c.action == "delete" or c.after is None:
            states[c.id] = "active" if taken else "absorbed"
        else:
            after = c.after
            agree = any(same_statement(left[k], after) for k in taken)
            extra = [k for k, s in left.items()
                     if k not in taken and _overlaps(s, int(after["start"]), int(after["end"]))]
            agree = agree or any(same_statement(left[k], after) for k in extra)
            taken += extra
            states[c.id] = "absorbed" if agree and len(taken) == 1 else "active"
            doc = next((left[k].doc for k in taken), None)
            st = statement_from_record(after, doc)
            if taken:  # keep the machine's sentence for context
                st = replace(st, sentence=left[taken[0]].sentence)
            added.append(Item(f"c-{c.id}", c.doc_sha, st, c.id, c.action))
        for k in taken:
            consumed[k] = c.id
    items = [Item(key, sha, st) for key, sha, st in machine if key not in consumed] + added
    items.sort(key=lambda i: (i.statement.doc, i.doc_sha, i.statement.start, i.statement.end, i.key))
    return Outcome(items, states, consumed)
