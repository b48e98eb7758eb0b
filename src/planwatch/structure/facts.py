"""Document facts (shared/spec/documents.md): kind, delivered, published, plan year, reviews and plans."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from planwatch.model import DocKind, SectionLabel
from planwatch.structure.layout import Layout, analyse_layout, is_furniture, is_head_line, split_lines
from planwatch.structure.outline import Node, cue_of
from planwatch.structure.periods import (
    MAX_YEAR,
    MIN_YEAR,
    bounds,
    five_year_in,
    make_date,
    period,
    sort_periods,
)
from planwatch.structure.rules import Rules

#: How much of the body's start counts as its opening paragraph.
OPENING_CHARS = 400
#: A session held from this month on sets goals for the next year (December sessions).
LATE_MONTH = 9
KINDS: tuple[DocKind, ...] = ("work_report", "plan_report", "five_year_plan", "evaluation", "other")


@dataclass(frozen=True)
class Zones:
    """The parts of a page the facts are read from (analysis text)."""

    title: str
    headlines: str  # dateline and speaker lines
    head: str
    opening: str
    furniture: str


def zones(text: str, layout: Layout, meta: Mapping[str, str], rules: Rules) -> Zones:
    """Title (head title lines, else ingest's page title unless it is furniture), head, opening."""
    body = layout.body
    title = "\n".join(text[ln.lo:ln.hi] for ln in layout.title_lines)
    page_title = meta.get("title", "").strip()
    if not title and page_title and not is_furniture(page_title, rules):
        title = page_title
    return Zones(
        title=title,
        headlines="\n".join(text[ln.lo:ln.hi] for ln in layout.head_lines),
        head=text[layout.head.start:layout.head.end],
        opening=text[body.start:min(body.end, body.start + OPENING_CHARS)],
        furniture="\n".join(text[f.start:f.end] for f in layout.furniture),
    )


def kind_of(z: Zones, rules: Rules) -> DocKind:
    """The first kind whose title cues match the title, else whose opening cues match the opening."""
    for zone, attr in ((z.title, "title"), (z.opening, "opening")):
        if not zone:
            continue
        for kc in rules.kinds:
            if kc.kind in KINDS and any(r.search(zone) for r in getattr(kc, attr)):
                return cast(DocKind, kc.kind)
    return "other"


def delivered(z: Zones, rules: Rules) -> str | None:
    """The day of the dateline (——2020年1月7日在…会议上), if the page has one."""
    for zone in (z.head, z.opening):
        m = rules.dateline.search(zone)
        if m:
            return make_date(m.group("y"), m.group("m"), m.group("d"), rules.numerals)
    return None


def published(z: Zones, meta: Mapping[str, str], rules: Rules) -> str | None:
    """The publication date the page states (ingest's meta first, then a labelled date in furniture/head)."""
    value = meta.get("published")
    if value:
        m = rules.published.regex.search("日期:" + value)
        if m:
            return make_date(m.group("y"), m.group("m"), m.group("d"), rules.numerals)
    for zone in (z.furniture, z.head):
        m = rules.published.search(zone)
        if m:
            return make_date(m.group("y"), m.group("m"), m.group("d"), rules.numerals)
    return None


def title_years(title: str, kind: DocKind, rules: Rules) -> tuple[list[int], list[int]]:
    """(review years, plan years) a title names: each year labelled by the cue words after it."""
    found = list(rules.year.finditer(title))
    reviews: list[int] = []
    plans: list[int] = []
    for i, m in enumerate(found):
        year = int(m.group("a"))
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        seg = title[m.end():found[i + 1].start() if i + 1 < len(found) else len(title)]
        label, _ = cue_of(seg, rules)
        if label == "review":
            reviews.append(year)
        elif label == "plan" or kind == "work_report":
            plans.append(year)
    return reviews, plans


def _explicit_years(named: Sequence[str]) -> list[int]:
    return [bounds(p)[0] for p in named if "-" not in p]


def plan_year(
    title_reviews: Sequence[int], title_plans: Sequence[int], day: str | None, pub: str | None,
    tops: Sequence[Node], said: Callable[[], tuple[int | None, str | None]] | None = None,
) -> tuple[int | None, str | None]:
    """The year a report sets goals for, and why it is unsure if it is: from its title, dateline, headings,
    the body's sentences (``said``, called only when needed: :func:`planwatch.structure.years.text_year`),
    its publication date."""
    if title_plans:
        return max(title_plans), None
    if title_reviews:
        return max(title_reviews) + 1, None
    if day:
        y, m = int(day[:4]), int(day[5:7])
        return (y + 1 if m >= LATE_MONTH else y), None
    for node in tops:
        years = _explicit_years(node.named)
        if years and node.cue == "plan":
            return max(years), None
        if years and node.cue == "review":
            return max(years) + 1, None
    found = said() if said is not None else (None, None)
    if found[0] is not None:
        return found
    years = [y for node in tops for y in _explicit_years(node.named)]
    if years:
        return max(years), None
    if pub:
        y, m = int(pub[:4]), int(pub[5:7])
        return (y + 1 if m >= LATE_MONTH else y), None
    return None, None


def periods(
    kind: DocKind, year: int | None, title: str, title_reviews: Sequence[int], title_plans: Sequence[int],
    tops: Sequence[Node], rules: Rules, zones: Sequence[tuple[str | None, Sequence[str]]] = (),
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reviews, plans) of the document: what its top headings name, and the zones (过去五年， / 2020年，)
    of a review or plan heading that names several periods (过去一年和五年工作回顾)."""
    if kind in ("five_year_plan", "evaluation"):
        span = five_year_in(title, rules)
        if span is None:
            return (), ()
        if kind == "five_year_plan":
            return (), (period(*span),)
        last = min(span[1], (year or span[1] + 1) - 1)
        return ((period(span[0], last),) if last >= span[0] else ()), ()
    reviews = [str(y) for y in title_reviews]
    plans = [str(y) for y in title_plans]
    for cue, named in [(n.cue, n.named) for n in tops] + list(zones):
        if cue == "review":
            reviews.extend(named)
        elif cue == "plan":
            plans.extend(named)
    if year is not None and kind in ("work_report", "plan_report"):
        reviews = reviews or [str(year - 1)]
        plans = plans or [str(year)]
        if any(n.cue == "plan" and not n.named for n in tops):  # 今年重点工作 beside 今后五年目标任务
            plans.append(str(year))
    return sort_periods(reviews), sort_periods(plans)


def default_label(kind: DocKind, reviews: Sequence[str], plans: Sequence[str]) -> SectionLabel:
    """The label of a top-level section that names nothing: what the document as a whole does."""
    if kind == "five_year_plan" or (plans and not reviews):
        return "plan"
    if kind == "evaluation" or (reviews and not plans):
        return "review"
    return "other"


def stem(name: str) -> str:
    """A file name without its folder and suffix, read like a title."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


#: How much of a document's start a title is looked for in when its head's end is not known.
TITLE_WINDOW = 2000


def title_of(text: str, head_end: int | None, meta: Mapping[str, str], rules: Rules) -> str | None:
    """The document's title: its head's title lines (a title broken over lines joined up to the line
    that ends it, 关于…与2020年国民经济和社会 / 发展计划草案的报告), else the page's or file's own title
    (HTML ``<title>``, DOCX core properties: ingest's ``meta["title"]``) unless it is furniture.

    ``text`` may be only the document's start; ``head_end`` is where its body starts (the store keeps
    it), None to read the layout from ``text``.
    """
    head = text[:TITLE_WINDOW] if head_end is None else text[:min(head_end, TITLE_WINDOW)]
    lines = [head[ln.lo:ln.hi] for ln in (analyse_layout(head, rules).title_lines if head_end is None
                                         else split_lines(head)) if ln.hi > ln.lo]
    if head_end is not None:
        lines = [t for t in lines
                 if not is_furniture(t, rules) and is_head_line(t, rules) and not _byline(t, rules)]
    parts: list[str] = []
    for t in lines:
        parts.append(t)
        if rules.title_end.search(t):
            break
    if parts:
        return "".join(parts)
    page_title = " ".join(meta.get("title", "").split())
    if page_title and not is_furniture(page_title, rules):
        return page_title
    return None


def _byline(t: str, rules: Rules) -> bool:
    """A dateline or speaker line of the head (not a title)."""
    return bool(rules.dateline.search(t) or rules.dateline_tail.search(t) or rules.author.search(t))
