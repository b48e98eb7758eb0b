"""Find quantity expressions: figure, scale word, unit and attached comparator words.

One compiled regex, anchored at a digit, finds every candidate in one pass over
``doc.analysis``; the exclusion rules (exclusions.yaml) then drop the figures
that are dates, ranks, identifiers or descriptors. Everything language-specific
comes from the rulebook.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from planwatch.extract.rulebook import Rulebook, alternation
from planwatch.extract.rulebook import load as load_rules

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
#: how far the exclusion and comparator rules look around a figure
WINDOW = 16
#: the groups of the quantity pattern :func:`find` reads, in this order
_GROUPS = ("num", "pct1", "scale1", "num2", "mid1", "scale", "mid2", "unit", "post")


class Quantity(NamedTuple):
    """A quantity expression found in the text (not yet a statement).

    A named tuple rather than a frozen dataclass: as immutable, and several times cheaper to
    build (one per figure of every document).
    """

    start: int
    end: int
    value: float
    unit: str
    unit_kind: str
    comparator: str
    number_start: int  # where the digits start (``start`` may include a prefix word)
    after_unit: int  # end of figure+scale+unit, before trailing comparator words
    scale: bool


@dataclass(frozen=True)
class Matcher:
    """The compiled quantity matcher of one rulebook."""

    pattern: re.Pattern[str]
    digit: re.Pattern[str]  # a digit: every match of ``pattern`` starts with one
    scales: dict[str, int]
    units: dict[str, tuple[str, str]]  # written form -> (unit, kind)
    comparators: dict[tuple[str, str], tuple[str, bool]]  # (position, word) -> (comparator, in_span)
    before: re.Pattern[str]  # reversed comparator words, matched on the reversed text before a figure
    implied: tuple[tuple[re.Pattern[str], str, bool], ...]
    exclusions: tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None, str | None, str], ...]
    any_left: re.Pattern[str]  # some exclusion's left pattern matches (a cheap first test)
    any_right: re.Pattern[str]
    range_comparator: str
    max_length: int


def _words(rules: Rulebook, position: str) -> list[str]:
    return [w for c in rules.comparators.comparators if c.position == position for w in c.words]


def _guarded_reversed(rules: Rulebook, position: str) -> str:
    """Alternation of the comparator words at ``position``, reversed (to match the reversed text
    before a figure at its start), each followed by its not_after guards."""
    alts: list[tuple[str, str]] = []
    for c in rules.comparators.comparators:
        if c.position != position:
            continue
        guard = "".join(f"(?!{re.escape(x[::-1])})" for x in c.not_after)
        alts += [(w, re.escape(w[::-1]) + guard) for w in c.words]
    alts.sort(key=lambda a: -len(a[0]))
    return "|".join(a for _, a in alts) or "(?!)"


@functools.cache
def matcher(lang: str = "zh") -> Matcher:
    """Build (once) the matcher for ``lang``."""
    return build_matcher(load_rules(lang))


def build_matcher(rules: Rulebook) -> Matcher:
    """The quantity matcher of a rulebook."""
    scales: dict[str, int] = {}
    scale_alts: list[str] = []
    for s in sorted(rules.numbers.scales, key=lambda s: -len(s.word)):
        scales[s.word] = s.factor
        guard = f"(?!{alternation(s.not_before)})" if s.not_before else ""
        scale_alts.append(re.escape(s.word) + guard)
    units: dict[str, tuple[str, str]] = {}
    for u in rules.units.units:
        for form in u.forms:
            units.setdefault(form, (u.unit, u.kind))
    mid = alternation(_words(rules, "between"))
    pattern = (
        f"(?P<num>{{Number}})(?P<pct1>%|％)?(?:(?P<scale1>{'|'.join(scale_alts)})?(?P<rsep>{{RangeSep}})"
        "(?P<num2>{Number}))?"
        f"(?P<mid1>{mid})?(?P<scale>{'|'.join(scale_alts)})?(?P<mid2>{mid})?"
        f"(?P<unit>{alternation(list(units))})?(?P<post>{alternation(_words(rules, 'after'))})?"
    )
    comparators: dict[tuple[str, str], tuple[str, bool]] = {}
    for c in rules.comparators.comparators:
        for w in c.words:
            comparators[(c.position, w)] = (c.comparator, c.in_span)
    implied = tuple(
        (re.compile(f"^(?:{alternation(i.before)})"), i.unit, i.requires_scale)
        for i in rules.units.implied
    )
    exclusions = tuple(
        (
            re.compile(e.left) if e.left is not None else None,
            re.compile(e.right) if e.right is not None else None,
            e.unit_kind,
            e.name,
        )
        for e in rules.exclusions.exclusions
    )
    return Matcher(
        pattern=rules.compile(pattern),
        digit=rules.compile("{Digit}"),
        scales=scales,
        units=units,
        comparators=comparators,
        before=re.compile(_guarded_reversed(rules, "before")),
        implied=implied,
        exclusions=exclusions,
        any_left=re.compile("|".join(f"(?:{e.left})" for e in rules.exclusions.exclusions
                                     if e.left is not None) or "(?!)"),
        any_right=re.compile("|".join(f"(?:{e.right})" for e in rules.exclusions.exclusions
                                      if e.right is not None) or "(?!)"),
        range_comparator=rules.comparators.range_comparator,
        max_length=rules.numbers.max_length,
    )


def parse_number(written: str) -> Decimal | None:
    """The value of a written figure (half/full width, thousands separators)."""
    try:
        return Decimal(written.translate(_FULLWIDTH).replace(",", ""))
    except InvalidOperation:
        return None


def _candidates(text: str, m: Matcher) -> Iterator[re.Match[str]]:
    """The matches of ``m.pattern.finditer(text)``, found faster: a quick scan for the next digit,
    then the full pattern anchored there. (The pattern opens with a repeated group, so the regex
    engine cannot use its fast scan for a first character and tries it at every offset.)"""
    pos = 0
    while (d := m.digit.search(text, pos)) is not None:
        g = m.pattern.match(text, d.start())
        if g is None:
            pos = d.start() + 1
        else:
            yield g
            pos = g.end()


def find(text: str, m: Matcher) -> Iterator[tuple[Quantity | None, int, int, str]]:
    """Every candidate figure: ``(quantity or None, start, end, reason dropped)``."""
    for g in _candidates(text, m):
        num_start, end = g.start(), g.end()
        if g.end("num") - num_start > m.max_length:
            yield None, num_start, end, "too long for a figure"
            continue
        num, pct, scale1, num2, mid1, scale, mid2, unit_form, post = g.group(*_GROUPS)
        if unit_form is None and pct is not None:
            unit_form = pct
        unit, unit_kind = m.units.get(unit_form or "", ("", "none"))
        after_unit = g.start("post") if post is not None else end
        if post is not None and not unit:
            # 以上 etc. after a bare figure belong to whatever follows, not here
            end = after_unit
        if not unit:
            right = text[end:end + WINDOW]
            for pat, implied_unit, needs_scale in m.implied:
                if (scale or not needs_scale) and pat.match(right):
                    unit, unit_kind = implied_unit, "count"
                    break
        if not unit:
            yield None, num_start, end, "no unit"
            continue
        left = text[max(0, num_start - WINDOW):num_start]
        dropped = _excluded(left, text[after_unit:after_unit + WINDOW], unit_kind, m)
        if dropped:
            yield None, num_start, end, dropped
            continue
        number = parse_number(num)
        if number is None:
            yield None, num_start, end, "not a number"
            continue
        comparator, start = "=", num_start
        pre = m.before.match(left[::-1])
        if pre:
            word = pre.group()[::-1]
            comparator, in_span = m.comparators[("before", word)]
            if in_span:
                start = num_start - len(word)
        for mid in (mid1, mid2):
            if mid is not None:
                comparator = m.comparators[("between", mid)][0]
        if post is not None and after_unit < end:
            comparator = m.comparators[("after", post)][0]
        if num2 is not None:
            comparator = m.range_comparator
        value = number * m.scales.get(scale1 or scale or "", 1)
        yield (
            Quantity(start, end, float(value), unit, unit_kind, comparator, num_start, after_unit,
                     scale is not None),
            num_start,
            end,
            "",
        )


def _excluded(left: str, right: str, unit_kind: str, m: Matcher) -> str:
    """The name of the first exclusion rule dropping a figure with these surroundings, or ``""``."""
    if m.any_left.search(left) is None and m.any_right.match(right) is None:
        return ""  # no rule's left or right pattern can hold
    for lpat, rpat, kind, name in m.exclusions:
        if kind is not None and kind != unit_kind:
            continue
        if lpat is not None and not lpat.search(left):
            continue
        if rpat is not None and not rpat.match(right):
            continue
        return name
    return ""
