"""A minimal outline reader, used only when ``planwatch.structure.analyse`` is not available.

It reads the title lines for the years reviewed and planned, and splits the text at
short heading lines matching the cues of ``outline.yaml`` (review / plan / glossary).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from planwatch.extract.rulebook import load as load_rules
from planwatch.model import Document, DocumentFacts, Section, SectionLabel, Span, Structure

_LINE = re.compile(r"[^\n]*")


def _five_year(key: str, plans: Mapping[str, tuple[int, ...]]) -> str | None:
    span = plans.get(key)
    return f"{span[0]}-{span[1]}" if span else None


def analyse(doc: Document, lang: str = "zh") -> Structure:
    """A rough :class:`Structure` of ``doc``: facts from the title, top-level sections from cue headings."""
    rules = load_rules(lang)
    outline, plans_named = rules.outline, rules.periods.plans
    text = doc.analysis
    head = text[:600]
    reviews: list[str] = []
    plans: list[str] = []
    kind = "other"
    m = re.search(outline.title_review, head)
    if m:
        reviews.append(m["year"])
        kind = "plan_report"
    m = re.search(outline.title_plan, head)
    if m:
        plans.append(m["year"])
        if not reviews:
            reviews.append(str(int(m["year"]) - 1))
            kind = "work_report"
    m = re.search(outline.title_five_year, head)
    if m and not plans:
        span = _five_year(outline.five_year_key.format(n=m["n"]), plans_named)
        if span:
            plans.append(span)
            kind = "five_year_plan"
    five = re.compile(outline.five_year_heading)
    cues = [(h.label, re.compile(h.cue)) for h in outline.headings]
    heads: list[tuple[int, int, SectionLabel, str]] = []
    in_body = False  # headings come after the first paragraph (the title lines are not headings)
    for lm in _LINE.finditer(text):
        line = lm.group().strip()
        if not in_body:
            in_body = line.endswith(("。", ".")) and len(line) > outline.max_heading_chars
            continue
        if not line or len(line) > outline.max_heading_chars or line[-1] in "。；;":
            continue
        for label, cue in cues:
            if cue.search(line):
                heads.append((lm.start(), lm.end(), label, line))
                break
    sections: list[Section] = []
    for i, (s, e, label, title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        periods: tuple[str, ...] = ()
        ym = re.search(r"((?:19|20)\d{2})", title)
        if ym:
            periods = (ym.group(1),)
        elif five.search(title):
            if label == "review" and reviews:
                y = int(reviews[0][-4:])
                periods = (f"{y - 4}-{y}",)
            elif label == "plan" and plans:
                y = int(plans[0][:4])
                periods = (f"{y}-{y + 4}",)
        if not periods and sections and sections[-1].label == label:
            periods = sections[-1].periods
        if label == "review" and periods and periods[0] not in reviews and "-" in periods[0]:
            reviews = [periods[0]]
        if label == "plan" and periods and periods[0] not in plans:
            plans.append(periods[0])
        sections.append(Section(s, end, Span(s, e), title, 1, label, periods))
    facts = DocumentFacts(doc.name, None, kind, None, None, tuple(reviews), tuple(plans))  # type: ignore[arg-type]
    return Structure(facts=facts, sections=tuple(sections), body=Span(0, len(text)))
