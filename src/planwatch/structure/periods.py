"""Periods: ``YYYY`` or ``YYYY-YYYY`` strings, Chinese numerals, and the periods a heading names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from planwatch.structure.rules import Rules

MIN_YEAR, MAX_YEAR = 1949, 2100


def cn_number(text: str, numerals: dict[str, int]) -> int | None:
    """Value of a small Chinese numeral (十三 → 13, 二十 → 20, 七 → 7) or of Arabic digits."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    ten = numerals.get("十", 10)
    total, current = 0, 0
    for ch in text:
        if ch not in numerals:
            return None
        value = numerals[ch]
        if value == ten:
            total += (current or 1) * ten
            current = 0
        else:
            current = value
    return total + current


def cn_year(text: str, numerals: dict[str, int]) -> int | None:
    """A year written digit by digit (二〇二二 → 2022) or in Arabic digits."""
    if text.isdigit():
        return int(text)
    digits = [numerals.get(ch) for ch in text]
    if any(d is None or d > 9 for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def make_date(y: str, m: str, d: str, numerals: dict[str, int]) -> str | None:
    """``YYYY-MM-DD`` from the parts of a written date, or None when it is not a real day."""
    year, month, day = cn_year(y, numerals), cn_number(m, numerals), cn_number(d, numerals)
    if year is None or month is None or day is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def period(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}-{end}"


def bounds(p: str) -> tuple[int, int]:
    a, _, b = p.partition("-")
    return int(a), int(b or a)


def _order(p: str) -> tuple[int, int]:
    a, b = bounds(p)
    return b, -a


def sort_periods(periods: Iterable[str]) -> tuple[str, ...]:
    """Distinct periods ordered by end year, the shorter first: a year before the span ending with it
    (2020, 2016-2020) and before the span starting with it (2022, 2022-2026)."""
    return tuple(sorted(set(periods), key=_order))


def five_year_span(n: int, rules: Rules) -> tuple[int, int]:
    """The years of the n-th five-year plan (13 → 2016-2020), from the anchor in the rules."""
    ordinal, start = rules.five_year_anchor
    first = start + 5 * (n - ordinal)
    return first, first + 4


def five_year_in(text: str, rules: Rules) -> tuple[int, int] | None:
    """The five-year plan a text names (第十三个五年 / “十四五”), if any: the first one named."""
    best: tuple[int, tuple[int, int]] | None = None
    for rule in rules.five_year:
        m = rule.search(text)
        if m:
            n = cn_number(m.group("n"), rules.numerals)
            if n and n >= rules.five_year_anchor[0] and (best is None or m.start() < best[0]):
                best = (m.start(), five_year_span(n, rules))
    return best[1] if best else None


def named_periods(text: str, plan_year: int | None, rules: Rules) -> tuple[str, ...]:
    """The periods a heading or title names: explicit years and spans, relative words, five-year plans."""
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in rules.span.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if MIN_YEAR <= a < b <= MAX_YEAR:
            found.append(period(a, b))
            taken.append(m.span())
    for m in rules.year.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        a = int(m.group("a"))
        if MIN_YEAR <= a <= MAX_YEAR:
            found.append(period(a, a))
    for m in rules.year_cn.finditer(text):
        y = cn_year(m.group("a"), rules.numerals)
        if y is not None and MIN_YEAR <= y <= MAX_YEAR:
            found.append(period(y, y))
    if plan_year is not None:
        for rel in rules.relative:
            if rel.rule.search(text):
                found.append(period(plan_year + rel.start, plan_year + rel.end))
    fy = five_year_in(text, rules)
    if fy:
        found.append(period(*fy))
    return tuple(dict.fromkeys(found))
