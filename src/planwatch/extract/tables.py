"""Indicator tables: the figures standing in the cells of a 主要指标 table.

Five-year plans and some plan reports carry a table whose header names year and target columns
(``类别 | 指标 | 2020年 | 2025年 | 年均增长/累计 | 属性``) and whose rows give an indicator with its unit
in a bracket (``地区生产总值增长（%）``) and bare figures (``3.5``, ``6左右``, ``[20]``). The quantity
matcher needs a unit next to a figure, so it never sees these cells; this module reads them.

A table row is a line whose cells are split by a tab (DOCX and HTML rows) or by a run of two or
more spaces / full-width spaces (PDF, text). A table starts at a header row: at least
``min_cells`` cells, ``min_figure_columns`` of them naming a figure column (tables.yaml ``columns``).
Every following row line belongs to it; rows shorter than the header are aligned on the right
(a merged category cell spans several rows). Each figure cell becomes one statement:

* span: the figure with its comparator (``6左右``, ``<5.5``, ``≥95``); a cumulative figure in
  brackets (``[20]``, ``〔13.5〕``) spans the digits inside the brackets;
* unit and scale from the column header's bracket (``年均增长（%）``), else the name's bracket
  (``（万人）`` -> 人 × 10000), else a 单位 column, else a % in the cell;
* kind/period from the column: a year before the plan span (or up to the review year) is actual,
  a later one a target; 基期/完成 columns actual, 预计 estimate, 目标/末 the plan's end year,
  年均/累计 columns and bracketed figures the plan span (``2021-2025``);
* measure: percent figures of a name ending in a change verb (or in a 年均 column) are growth,
  other percent figures shares, 个百分点 delta, a figure under a change column (累计下降) a delta.

Cheap when there is no table: a few ``str.find`` scans for a tab or a double (full-width) space.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.extract import indicators as ind
from planwatch.extract import quantities as qty
from planwatch.extract.rulebook import Rulebook, alternation
from planwatch.extract.rulebook import load as load_rules
from planwatch.model import Document, Doubt, Span, Statement, Structure

FIGURE_ROLES = frozenset({"year", "base", "actual", "target", "estimate", "average", "cumulative"})
_ROLE_KIND = {"base": "actual", "actual": "actual", "estimate": "estimate", "target": "target",
              "average": "target", "cumulative": "target"}
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


@dataclass(frozen=True)
class TableRules:
    """The compiled table rules of one language."""

    separator: re.Pattern[str]
    min_cells: int
    min_figure_columns: int
    columns: tuple[tuple[str, re.Pattern[str]], ...]
    header_year: re.Pattern[str]
    change_columns: tuple[str, ...]
    bracket: re.Pattern[str]
    name_strip: re.Pattern[str]
    span_words: tuple[str, ...]
    cell: re.Pattern[str]
    symbols: dict[str, str]
    words: dict[str, str]  # comparator words (before or after a figure) -> comparator
    empty: frozenset[str]
    up: tuple[str, ...]
    down: tuple[str, ...]
    plans: dict[str, tuple[int, int]]
    plan_name: re.Pattern[str]
    units: dict[str, tuple[str, str]]
    scales: tuple[tuple[str, int], ...]  # longest first
    range_comparator: str


@functools.cache
def rules(lang: str = "zh") -> TableRules:
    """Build (once) the table rules of ``lang``."""
    return build_rules(load_rules(lang), qty.matcher(lang))


def build_rules(book: Rulebook, m: qty.Matcher) -> TableRules:
    """The table rules of a rulebook (with its quantity matcher)."""
    t, comps = book.tables, book.comparators.comparators
    before = {w: c.comparator for c in comps if c.position == "before" for w in c.words}
    after = {w: c.comparator for c in comps if c.position == "after" for w in c.words}
    pre = alternation([*t.symbols, *before])
    cell = (
        f"(?P<pre>{pre})?\\s*(?P<open>{t.cumulative_open})?\\s*(?P<num>{{Number}})"
        f"(?:\\s*{{RangeSep}}\\s*(?P<num2>{{Number}}))?\\s*(?P<pct>[%％])?\\s*"
        f"(?P<close>{t.cumulative_close})?\\s*(?P<post>{alternation(list(after))})?\\s*"
    )
    verbs = book.measures.change_verbs
    plans = {k: (v[0], v[1]) for k, v in book.periods.plans.items()}
    return TableRules(
        separator=re.compile(t.cell_separator),
        min_cells=t.min_cells,
        min_figure_columns=t.min_figure_columns,
        columns=tuple((c.role, re.compile(c.pattern)) for c in t.columns),
        header_year=re.compile(t.header_year),
        change_columns=tuple(t.change_columns),
        bracket=re.compile(t.unit_bracket),
        name_strip=re.compile(t.name_strip),
        span_words=tuple(t.span_name_words),
        cell=book.compile(cell),
        symbols=dict(t.symbols),
        words={**before, **after},
        empty=frozenset(t.empty_cells),
        up=tuple(verbs["up"]),
        down=tuple(verbs["down"]),
        plans=plans,
        plan_name=re.compile(alternation(list(plans))),
        units=m.units,
        scales=tuple(sorted(m.scales.items(), key=lambda s: -len(s[0]))),
        range_comparator=m.range_comparator,
    )


Cell = tuple[int, int, str]  # start, end (offsets in the text), stripped text


def cells(text: str, start: int, end: int, r: TableRules) -> list[Cell]:
    """The cells of the line ``text[start:end]`` (empty cells kept: they hold a column's place)."""
    out: list[Cell] = []
    pos = start
    for sep in r.separator.finditer(text, start, end):
        out.append(_cell(text, pos, sep.start()))
        pos = sep.end()
    out.append(_cell(text, pos, end))
    while out and not out[0][2]:
        out.pop(0)
    while out and not out[-1][2]:
        out.pop()
    return out


def _cell(text: str, s: int, e: int) -> Cell:
    raw = text[s:e]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    return s + lead, s + lead + len(body), body


@dataclass(frozen=True)
class Column:
    role: str | None
    year: int | None
    text: str
    unit: str = ""  # a unit the header names for the whole column: 年均增长（%）


def _column(text: str, r: TableRules) -> Column:
    role = next((name for name, pat in r.columns if pat.search(text)), None)
    y = r.header_year.search(text)
    b = r.bracket.search(text)
    return Column(role, int(y.group("year")) if y else None, text, b.group("unit") if b else "")


def header(row: list[Cell], r: TableRules) -> list[Column] | None:
    """The columns of ``row`` if it is a table header, else ``None``."""
    if len(row) < r.min_cells:
        return None
    cols = [_column(c[2], r) for c in row]
    if sum(1 for c in cols if c.role in FIGURE_ROLES) < r.min_figure_columns:
        return None
    if any(c.role is None and r.cell.fullmatch(t) for c, (_, _, t) in zip(cols, row, strict=True)):
        return None  # a data row: a figure outside any figure column
    return cols


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line from offset ``start`` on."""
    n = len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        yield start, end
        start = end + 1


def parse_unit(u: str, r: TableRules) -> tuple[str, str, int] | None:
    """``(unit, unit kind, scale factor)`` of a unit written in a bracket or a 单位 cell."""
    u = u.strip()
    if not u or any(ch.isdigit() for ch in u):
        return None
    if u in r.units:
        return (*r.units[u], 1)
    for word, factor in r.scales:
        rest = u[len(word):]
        if u.startswith(word) and rest:
            unit, kind = r.units.get(rest, (rest, "count"))
            return unit, kind, factor
    return (u, "count", 1) if len(u) <= 8 else None


@dataclass(frozen=True)
class Context:
    """What a table needs from its document: the plan span and the last reviewed year."""

    span: tuple[int, int] | None
    review: int | None


def _context(text: str, header_start: int, structure: Structure, r: TableRules) -> Context:
    span = None
    title = text[max(0, header_start - 200):header_start]
    found = list(r.plan_name.finditer(title))
    if found:
        span = r.plans[found[-1].group()]
    else:
        for p in structure.facts.plans:
            years = [int(y) for y in _YEAR.findall(p)]
            if len(years) == 2:
                span = (years[0], years[1])
                break
    reviews = [int(y) for p in structure.facts.reviews for y in _YEAR.findall(p)]
    return Context(span, max(reviews) if reviews else None)


def _kind_period(col: Column, ctx: Context, cumulative: bool, span_name: bool) -> tuple[str, str]:
    span = ctx.span
    whole = f"{span[0]}-{span[1]}" if span else ""
    if col.role == "year" or (col.role in ("base", "actual", "target", "estimate") and col.year):
        y = col.year or 0
        if col.role in _ROLE_KIND:
            kind = _ROLE_KIND[col.role]
        else:  # before the plan's span, or a year the document reviews: a result
            done = (span is not None and y < span[0]) or (ctx.review is not None and y <= ctx.review)
            kind = "actual" if done else "target"
        period = str(y)
    elif col.role in ("average", "cumulative"):
        kind, period = "target", whole
    elif col.role == "target":
        kind, period = "target", str(span[1]) if span else ""
    elif col.role == "base":
        kind, period = "actual", str(span[0] - 1) if span else ""
    else:  # actual / estimate without a year
        kind = _ROLE_KIND.get(col.role or "", "actual")
        period = str(ctx.review) if ctx.review else (str(span[0] - 1) if span else "")
    if (cumulative or span_name) and span:
        if kind == "target":
            period = whole
        elif cumulative:  # a total of the plan before this one (基期 column of a 十四五 table)
            n = span[1] - span[0] + 1
            period = f"{span[0] - n}-{span[0] - 1}"
    return kind, period


def _measure(name: str, col: Column, unit_kind: str, r: TableRules) -> tuple[str, str]:
    bare = name[:-1] if name.endswith("率") else name
    verb_up = any(bare.endswith(v) for v in r.up)  # the name's own verb wins over the column's
    verb_down = any(bare.endswith(v) for v in r.down) or (
        not verb_up and any(w in col.text for w in r.down))
    change_col = any(w in col.text for w in r.change_columns)
    if unit_kind == "points":
        return "delta", "down" if verb_down else "up"
    if unit_kind == "percent":
        if verb_down or verb_up or col.role == "average" or change_col:
            return "growth", "down" if verb_down else "up"
        return "share", "none"
    if verb_down or verb_up or (change_col and col.role != "average"):
        return "delta", "down" if verb_down else "up"
    return "level", "none"


def _name(row: list[tuple[Column, Cell]], r: TableRules) -> tuple[str, str]:
    """The row's indicator name and the unit its bracket gives (``""`` when none)."""
    named = [c for col, c in row if col.role == "name" and c[2]]
    before: list[Cell] = []
    for col, c in row:
        if col.role in FIGURE_ROLES:
            break
        if col.role in (None, "category", "name") and c[2]:
            before.append(c)
    pick = named[-1] if named else (before[-1] if before else None)
    if pick is None or r.cell.fullmatch(pick[2]):
        return "", ""
    name = r.name_strip.sub("", pick[2])
    b = r.bracket.search(name)
    unit = ""
    if b:
        unit, name = b.group("unit"), name[:b.start()]
    return "".join(name.split()), unit


def _row_statements(
    doc: Document, row: list[Cell], cols: list[Column], line: Span, ctx: Context,
    r: TableRules, n: ind.Namer,
) -> Iterator[Statement]:
    if len(row) > len(cols):
        return
    pairs = list(zip(cols[len(cols) - len(row):], row, strict=True))
    name, unit_text = _name(pairs, r)
    if not name:
        return
    if not unit_text:
        unit_text = next((c[2] for col, c in pairs if col.role == "unit" and c[2]), "")
    parsed = parse_unit(unit_text, r) if unit_text else None
    span_name = any(w in name for w in r.span_words)
    text = doc.analysis
    for col, (s, _e, t) in pairs:
        if col.role not in FIGURE_ROLES or not t or t in r.empty:
            continue
        m = r.cell.fullmatch(text, s, s + len(t))
        if m is None:
            continue
        unit = parse_unit(col.unit, r) if col.unit else parsed
        if unit is None and m.group("pct"):
            unit = (*r.units[m.group("pct")], 1)
        if unit is None:
            continue
        written = qty.parse_number(m.group("num"))
        if written is None:
            continue
        comparator = "="
        if m.group("pre"):
            comparator = r.symbols.get(m.group("pre")) or r.words[m.group("pre")]
        if m.group("post"):
            comparator = r.words[m.group("post")]
        if m.group("num2"):
            comparator = r.range_comparator
        cumulative = bool(m.group("open") and m.group("close"))
        if cumulative and not m.group("pre"):
            start = m.start("num")
            end = max(m.end(g) for g in ("num", "num2", "pct") if m.group(g))
        else:
            start = m.start("pre") if m.group("pre") else m.start("num")
            end = m.end("post") if m.group("post") else max(
                m.end(g) for g in ("num", "num2", "pct", "close") if m.group(g))
        kind, period = _kind_period(col, ctx, cumulative, span_name)
        measure, direction = _measure(name, col, unit[1], r)
        yield Statement(
            doc=doc.name, start=start, end=end, text=doc.text[start:end], indicator=name,
            canonical=ind.canonical(name, measure, unit[0], n), value=float(written * unit[2]),
            unit=unit[0], comparator=comparator,  # type: ignore[arg-type]
            kind=kind, measure=measure, direction=direction,  # type: ignore[arg-type]
            period=period or "0000", doubts=() if period else (Doubt.no_period,), sentence=line,
        )


class _Gaps:
    """Where a cell separator may stand (a tab, two spaces or full-width spaces), found with
    ``str.find`` (much faster than a regex scan); each needle's next hit is remembered, so the text
    is scanned about once per needle."""

    NEEDLES = ("\t", "  ", "\u3000\u3000", " \u3000", "\u3000 ")

    def __init__(self, text: str) -> None:
        self._text = text
        self._next = {n: -2 for n in self.NEEDLES}  # -2: not looked for yet; -1: none left

    def next(self, pos: int) -> int:
        """The offset of the first gap at or after ``pos``, or -1."""
        best = -1
        for needle, at in self._next.items():
            if at != -1 and at < pos:
                at = self._text.find(needle, pos)
                self._next[needle] = at
            if at >= 0 and (best < 0 or at < best):
                best = at
        return best


def extract(doc: Document, structure: Structure, lang: str = "zh") -> list[Statement]:
    """The statements of every indicator table in ``doc`` (none, cheaply, when it has none)."""
    r, text = rules(lang), doc.analysis
    out: list[Statement] = []
    gaps = _Gaps(text)
    pos = 0
    while (g := gaps.next(pos)) >= 0:
        ls = text.rfind("\n", 0, g) + 1
        le = text.find("\n", g)
        le = len(text) if le < 0 else le
        pos = le + 1
        if not text[ls:g].strip():
            pos = g + 2  # an indented line: look for a gap further on in it
            continue
        cols = header(cells(text, ls, le, r), r)
        if cols is None:
            continue
        ctx = _context(text, ls, structure, r)
        pos = _table(doc, structure, le + 1, cols, ctx, r, ind.namer(lang), out)
    return out


def _table(
    doc: Document, structure: Structure, start: int, cols: list[Column], ctx: Context,
    r: TableRules, n: ind.Namer, out: list[Statement],
) -> int:
    """Read the rows after a header into ``out``; return where the table ends."""
    text, body, loose = doc.analysis, structure.body, 0
    for ls, le in _lines(text, start):
        row = cells(text, ls, le, r)
        if len(row) < 2:
            loose += 1
            if loose > 1 or (row and (len(row[0][2]) > 12 or _YEAR.search(row[0][2]))):
                return ls
            continue  # a category line spanning the table (经济发展)
        if header(row, r) is not None:
            return ls
        loose = 0
        if body is not None and not (body.start <= ls < body.end):
            continue
        out.extend(_row_statements(doc, row, cols, Span(ls, le), ctx, r, n))
    return len(text)


def merge(found: list[Statement], tables: list[Statement]) -> list[Statement]:
    """``found`` and the table statements, by start; a table statement replaces one it overlaps."""
    if not tables:
        return found
    spans = sorted((s.start, s.end) for s in tables)
    starts = [a for a, _ in spans]

    def overlaps(st: Statement) -> bool:
        lo = max(0, bisect.bisect_left(starts, st.start) - 1)
        hi = bisect.bisect_left(starts, st.end)
        return any(a < st.end and st.start < b for a, b in spans[lo:hi])

    kept = [s for s in found if not overlaps(s)]
    return sorted([*kept, *tables], key=lambda s: (s.start, s.end))
