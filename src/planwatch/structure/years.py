"""The plan year of a body-only text, from its sentences: 今年是“十四五”规划收官之年, 刚刚过去的2022年,
2023年是… (in a plan or a review section), 2024年主要预期目标是…, 今年是新中国成立70周年.

Each cue votes for a plan year; the year most voted for wins, and a disagreement is reported as unsure.
The cue words are data (``documents.yaml`` ``years``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from planwatch.model import FactDoubt
from planwatch.structure.outline import Node
from planwatch.structure.periods import MAX_YEAR, MIN_YEAR, cn_number, five_year_in, five_year_span
from planwatch.structure.rules import Rules, YearCues


def _fair(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _this_year(what: str, rules: Rules) -> int | None:
    """The year a 今年是… clause names: the first/last year of a plan or of a congress's term, or an
    anniversary."""
    y = rules.years
    m = y.ordinal.search(what)
    if m:
        which = m.group("which")
        named = what[:m.start()]
        span = five_year_in(named, rules)
        bare = y.plan_named.search(named)
        if span is None and bare is not None:
            n = cn_number(bare.group("n"), rules.numerals)
            span = five_year_span(n, rules) if n else None
        if span is not None:
            if which in y.first_words:
                return span[0]
            if which in y.last_words:
                return span[1]
        c = y.congress.search(named)
        if c is not None and which in y.first_words:
            n = cn_number(c.group("n"), rules.numerals)
            if n:
                return y.congress_anchor[1] + 5 * (n - y.congress_anchor[0]) + 1
    a = y.anniversary.search(what)
    if a:
        n = cn_number(a.group("n").translate(_FULL_WIDTH), rules.numerals)
        before = what[:a.start()]
        for event, year in y.events.items():
            if event in before and n:
                return year + n
    return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _label_at(tops: Sequence[Node], offset: int) -> str | None:
    for node in tops:
        if node.start <= offset < max(node.end, node.start):
            return node.cue
    return None


def votes(text: str, body: tuple[int, int], tops: Sequence[Node], rules: Rules) -> Counter[int]:
    """Plan years the body's sentences point to, with how many sentences point to each."""
    y: YearCues = rules.years
    found: Counter[int] = Counter()
    lo, hi = body
    for m in y.this_year.regex.finditer(text, lo, hi):
        year = _this_year(m.group("what"), rules)
        if year is not None and _fair(year):
            found[year] += 1
    for m in y.congress_ahead.regex.finditer(text, lo, hi):
        n = cn_number(m.group("n"), rules.numerals)
        if n:
            found[y.congress_anchor[1] + 5 * (n - y.congress_anchor[0])] += 1
    for m in y.last_year.regex.finditer(text, lo, hi):
        year = int(m.group("y"))
        if _fair(year + 1):
            found[year + 1] += 1
    for m in y.plan_phrase.regex.finditer(text, lo, hi):
        year = int(m.group("y"))
        if _fair(year):
            found[year] += 1
    for m in y.year_is.regex.finditer(text, lo, hi):
        year = int(m.group("y") or m.group("z"))
        label = _label_at(tops, m.start())
        if label == "plan" and _fair(year):
            found[year] += 1
        elif label == "review" and _fair(year + 1):
            found[year + 1] += 1
    return found


def text_year(
    text: str, body: tuple[int, int], tops: Sequence[Node], rules: Rules
) -> tuple[int | None, str | None]:
    """The plan year the body's sentences agree on, and why it is unsure when they do not."""
    found = votes(text, body, tops, rules)
    if not found:
        return None, None
    ranked = found.most_common()
    year, n = ranked[0]
    if len(ranked) > 1 and 2 * ranked[1][1] > n:
        others = ", ".join(f"{o} ({c}×)" for o, c in ranked[1:])
        return year, FactDoubt.year_split.detail(f"{year} ({n}×), {others}")
    return year, None
