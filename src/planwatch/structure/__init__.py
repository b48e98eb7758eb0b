"""Structure stage: what PlanWatch knows about a document before it reads any figure.

``analyse(doc)`` returns a :class:`~planwatch.model.Structure`: the document's facts (region, kind,
dates, the years it reviews and plans), its outline (sections with level, label and periods), the page
furniture around the report (with a second pasted copy of the report, see ``repeats.py``) and the span
of the report's body (the first copy). A report closing a term (过去一年和五年工作回顾 …) gets the year and
the span in its reviews and plans, and zones of its paragraphs (过去五年，/ 2020年，) their own period
(``outline.py``). Rules are read from
``rules/zh/structure.yaml`` and ``rules/zh/documents.yaml``; matching runs on ``Document.analysis``.

Facts a person gave (``Document.meta`` under :data:`~planwatch.model.GIVEN_FACT_KEYS`) win over what the
text says; the facts the text does not settle are listed in ``DocumentFacts.unsure``.
"""

from __future__ import annotations

from planwatch.model import Document, DocumentFacts, FactDoubt, Structure
from planwatch.structure import facts as _facts
from planwatch.structure.given import Given, given_facts
from planwatch.structure.issuer import issuer
from planwatch.structure.layout import analyse_layout
from planwatch.structure.outline import build, finish, fit_terms, fit_zones, name_periods, prune_zones
from planwatch.structure.rules import Rules, rules
from planwatch.structure.years import text_year

__all__ = ["Given", "analyse", "given_facts"]


def analyse(doc: Document, rule_set: Rules | None = None) -> Structure:
    """Read the facts, outline, furniture and body of ``doc``."""
    rs = rule_set or rules()
    text = doc.analysis or doc.text
    given = given_facts(doc.meta, rs)
    layout = analyse_layout(text, rs)
    body = (layout.body.start, layout.body.end)
    z = _facts.zones(text, layout, doc.meta, rs)
    kind = given.kind or _facts.kind_of(z, rs)
    day = _facts.delivered(z, rs)
    pub = _facts.published(z, doc.meta, rs)
    nodes = build(text, layout, rs)
    tops = [n for n in nodes if n.parent is None]
    name_periods(tops, None, rs)  # the plan year reads only the top headings' periods
    unsure: list[str] = []
    if kind == "other":
        unsure.append(FactDoubt.kind_none)
    if given.year is not None:
        t_reviews: list[int] = []
        t_plans = [given.year]
    else:
        t_reviews, t_plans = _facts.title_years(z.title, kind, rs)
    year, why = _facts.plan_year(t_reviews, t_plans, day, pub, tops, lambda: text_year(text, body, tops, rs))
    if year is None:  # the text cannot tell: the file name can (东城区2024年政府工作报告.txt)
        t_reviews, t_plans = _facts.title_years(_facts.stem(doc.name), kind, rs)
        year, why = _facts.plan_year(t_reviews, t_plans, None, None, ())
        if year is None and kind in ("work_report", "plan_report"):
            why = FactDoubt.year_none
    if why:
        unsure.append(why)
    name_periods(nodes, year, rs)
    fit_terms(nodes, text, rs)
    fit_zones(nodes)
    nodes = prune_zones(nodes, layout.body.end)
    zones = [(nodes[n.zone_of].cue, n.named) for n in nodes if n.zone_of is not None]
    reviews, plans = _facts.periods(kind, year, z.title, t_reviews, t_plans, tops, rs, zones)
    sections = finish(nodes, reviews, plans, _facts.default_label(kind, reviews, plans))
    where: str | None = given.region
    if where is None:
        found = issuer(text, z.title, z.headlines, z.opening, z.head, body, doc.name, rs)
        where = found.region
        if found.unsure:
            unsure.append(found.unsure)
    return Structure(
        facts=DocumentFacts(
            doc=doc.name, region=where, kind=kind, delivered=day, published=pub,
            reviews=reviews, plans=plans, unsure=tuple(unsure),
        ),
        sections=sections,
        furniture=layout.furniture,
        body=layout.body,
    )
