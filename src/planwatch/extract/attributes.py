"""Kind, measure/direction and period of a quantity, from its section and the words around it.

Each function takes the text before the figure (its clause or segment) and the
compiled rules; all words come from kinds.yaml, measures.yaml and periods.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from planwatch.extract.rulebook import Rulebook, alternation, last_match
from planwatch.extract.rulebook import load as load_rules

_PERIOD = re.compile(r"[0-9]{4}(?:-[0-9]{4})?")


@dataclass(frozen=True)
class Attributes:
    """Compiled attribute rules of one language."""

    section_kind: dict[str, str | None]
    year_before: str
    year_after: str
    cues: tuple[tuple[re.Pattern[str], str, frozenset[str] | None], ...]
    change: re.Pattern[str]  # ...(verb)(between words)*$ on the text before a figure
    change_dir: dict[str, str]
    level_suffix: re.Pattern[str]
    stock: re.Pattern[str]
    flow: re.Pattern[str]
    stock_after: re.Pattern[str]
    from_word: re.Pattern[str]
    span: re.Pattern[str]
    n_year: re.Pattern[str]
    explicit_year: re.Pattern[str]
    explicit_year_gap: int
    clause_year: re.Pattern[str]
    sentence_year: re.Pattern[str]
    base_year: re.Pattern[str]
    digits: dict[str, int]
    plans: dict[str, tuple[int, int]]
    named_plan: re.Pattern[str]
    named_plan_end: frozenset[str]


@functools.cache
def attributes(lang: str = "zh") -> Attributes:
    """Build (once) the attribute rules of ``lang``."""
    return build_attributes(load_rules(lang))


def build_attributes(rules: Rulebook) -> Attributes:
    """The attribute rules of a rulebook."""
    kinds, meas, per = rules.kinds, rules.measures, rules.periods
    cues = tuple(
        (re.compile(alternation(c.words)), c.kind,
         frozenset(c.sections) if c.sections is not None else None)
        for c in kinds.cues
    )
    change_dir = {w: d for d, words in meas.change_verbs.items() for w in words}
    between = alternation(meas.between)
    return Attributes(
        section_kind=dict(kinds.section_kind),
        year_before=kinds.year_before_period,
        year_after=kinds.year_after_period,
        cues=cues,
        change=re.compile(f"(?P<verb>{alternation(list(change_dir))})(?:{between})*$"),
        change_dir=change_dir,
        level_suffix=re.compile(f"(?:{alternation(list(change_dir))})(?:{alternation(meas.level_suffix)})$"),
        stock=re.compile(alternation(per.stock_words)),
        flow=re.compile(alternation(per.flow_words)),
        stock_after=re.compile(per.stock_after),
        from_word=re.compile(f"(?:{alternation(per.from_words)})$"),
        span=re.compile(alternation(per.span_words)),
        n_year=re.compile(per.n_year_total),
        explicit_year=re.compile(per.explicit_year),
        explicit_year_gap=per.explicit_year_gap,
        clause_year=re.compile(per.clause_year),
        sentence_year=re.compile(per.sentence_year),
        base_year=re.compile(per.base_year),
        digits=dict(per.chinese_digits),
        plans={k: (v[0], v[1]) for k, v in per.plans.items()},
        named_plan=re.compile(per.named_plan),
        named_plan_end=frozenset(per.named_plan_end),
    )


def kind_of(label: str, default: str, segment_left: str, a: Attributes) -> tuple[str, bool]:
    """The kind of a figure; True when it came from the section alone (no cue)."""
    base = a.section_kind.get(label) or default
    best: tuple[int, str] | None = None
    for pat, kind, sections in a.cues:
        if sections is not None and label not in sections:
            continue
        for m in pat.finditer(segment_left):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    if best is not None:
        return best[1], False
    return base, True


def measure_of(unit_kind: str, left: str, a: Attributes) -> tuple[str, str]:
    """``(measure, direction)`` from the unit and the words just before the figure."""
    if unit_kind not in ("percent", "points"):
        return "level", "none"
    tail = left[-12:]
    m = a.change.search(tail)
    if m and not a.level_suffix.search(tail):
        direction = a.change_dir[m["verb"]]
        return ("growth" if unit_kind == "percent" else "delta"), direction
    if unit_kind == "points":
        return "delta", "up"
    return "share", "none"


def kind_by_year(kind: str, base: str, period: str, a: Attributes) -> str:
    """A goal dated before its section's period is a result; a result dated after it is a goal."""
    if period == base or "-" in period or not (_PERIOD.fullmatch(base) and _PERIOD.fullmatch(period)):
        return kind
    year, first, last = int(period), int(base[:4]), int(base[-4:])
    if kind == "target" and year < first:
        return a.year_before
    if kind == "actual" and year > last:
        return a.year_after
    return kind


def _span(start: int, end: int) -> str:
    return f"{start}-{end}" if start != end else str(start)


def period_of(
    base: str, clause_left: str, segment_left: str, measure: str, a: Attributes, plan: bool = False,
    right: str = "", sentence_left: str = "",
) -> str:
    """The period of a figure: the section's period refined by explicit years and span/stock words.

    ``plan``: the figure is a target; in a plan's span its default is the end year (a state
    reached), unless words of work done over the span (flow_words) make it a total.
    """
    m = last_match(a.explicit_year, clause_left)
    if m is not None and not a.base_year.search(clause_left[max(0, m.start() - 3):m.end()]):
        tail = clause_left[m.end():]
        if len(tail) <= a.explicit_year_gap and not a.span.search(tail):
            return m.group("year")
    m = a.clause_year.match(clause_left)
    if m is not None and not a.span.search(clause_left):
        return m.group("year")
    for opening in (sentence_left, segment_left):  # 2021年，… / …；到2027年，…
        m = a.sentence_year.match(opening)
        if m is not None and not a.span.search(opening):
            return m.group("year")
    m = last_match(a.named_plan, segment_left)
    at_end = False  # “十三五”末: a figure with no span word is the state at the end year
    if m is not None and m["plan"] in a.plans:
        base = _span(*a.plans[m["plan"]])
        at_end = m["when"] in a.named_plan_end
    if not _PERIOD.fullmatch(base):
        return ""
    first, _, last = base.partition("-")
    if a.from_word.search(clause_left):
        return str(int(first) - 1)
    if last:
        if a.span.search(clause_left) or measure in ("growth", "delta"):
            return base
        if a.stock.search(clause_left):
            return last
        if a.stock_after.match(right) and not a.flow.search(clause_left):
            return last
        if a.span.search(segment_left):
            return base
        if measure == "share" and a.stock.search(segment_left):
            return last
        if (plan or at_end) and not a.flow.search(clause_left):
            return last
        return base
    nm = a.n_year.search(segment_left)
    if nm:
        n = int(nm["n"]) if nm["n"].isdigit() else a.digits.get(nm["n"], 1)
        y = int(first)
        return _span(y - n + 1, y)
    return base
