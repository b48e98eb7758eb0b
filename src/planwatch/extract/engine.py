"""Text -> statements: the extraction cascade.

1. find quantity expressions (quantities.py) over ``doc.analysis``;
2. drop figures outside the body, in furniture or in a glossary;
3. for each figure, cut its sentence, segment (up to ；) and clause;
4. kind from the section label and cue words, measure/direction from the verb before it,
   period from the section and the words around it (attributes.py);
5. indicator phrase and canonical id (indicators.py), with the fallbacks of a list read
   "respectively" (分别), a generic word (总数) and a figure with no words of its own;
6. ground: ``doc.text[start:end] == text`` is asserted for every statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from planwatch.extract import attributes as attrs
from planwatch.extract import indicators as ind
from planwatch.extract import quantities as qty
from planwatch.extract import subjects as subj
from planwatch.extract import tables
from planwatch.extract.rulebook import last_match
from planwatch.extract.sections import SectionIndex
from planwatch.model import Document, Doubt, Span, Statement, Structure
from planwatch.structure import analyse as analyse_structure

#: how far (characters) the engine looks back from a figure for its sentence, segment and clause;
#: bounds the work per figure so text without punctuation stays linear
MAX_SENTENCE, MAX_SEGMENT, MAX_CLAUSE = 400, 240, 120
_DIGIT = re.compile(r"[0-9０-９]")


class GroundingError(AssertionError):
    """A statement's text is not the document text at its span (an engine bug)."""


class _Cuts:
    """Where the sentence, segment (；) and clause (，、) around an offset of one text start and end.

    Each lookup is one regex search bounded by the engine's look-back limits (backwards ones on
    the reversed text: the break patterns are single characters), so it costs the same in a short
    note and in a long text; nothing is listed in advance.
    """

    def __init__(self, text: str, n: ind.Namer) -> None:
        self.sentence, self.segment, self.clause = n.sentence_break, n.segment_break, n.clause_break
        self._text = text
        self._n = len(text)
        self._reversed = text[::-1]

    def start(self, breaks: re.Pattern[str], pos: int, floor: int) -> int:
        """Just after the last break before ``pos``, or ``floor`` when there is none from ``floor`` on."""
        floor = max(0, floor)
        m = breaks.search(self._reversed, self._n - pos, self._n - floor)
        return self._n - m.start() if m else floor

    def end(self, breaks: re.Pattern[str], pos: int, stop: int) -> int:
        """The first break from ``pos`` on, or ``stop`` (at most the text's end) if none is before it."""
        m = breaks.search(self._text, pos, stop)
        return m.start() if m else min(self._n, stop)


def _base_period(structure: Structure, section_period: str, label: str) -> str:
    if section_period:
        return section_period
    f = structure.facts
    if label == "plan" and f.plans:
        return f.plans[0]
    if f.reviews and label != "plan":
        return f.reviews[0]
    if f.plans:
        return f.plans[0]
    return ""


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged into sorted disjoint ones."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _keep(
    q: qty.Quantity, structure: Structure, index: SectionIndex, furniture: list[tuple[int, int]]
) -> bool:
    body = structure.body
    if body is not None and not (body.start <= q.start < body.end):
        return False
    if furniture:
        i = bisect.bisect_right(furniture, (q.start, 2**62)) - 1
        if i >= 0 and furniture[i][0] <= q.start < furniture[i][1]:
            return False
    return index.at(q.start)[0] != "glossary"


def extract(doc: Document, structure: Structure | None = None, lang: str = "zh") -> list[Statement]:
    """Every quantitative statement of ``doc`` (see shared/spec/statements.md)."""
    if structure is None:
        structure = analyse_structure(doc)
    m, a, n = qty.matcher(lang), attrs.attributes(lang), ind.namer(lang)
    text = doc.analysis
    cuts = _Cuts(text, n)
    facts = structure.facts
    default_kind = "target" if facts.plans and not facts.reviews else "actual"
    index = SectionIndex(structure)
    furniture = _merged((f.start, f.end) for f in structure.furniture)
    quantities = [
        q for q, *_ in qty.find(text, m) if q is not None and _keep(q, structure, index, furniture)
    ]
    out: list[Statement] = []
    run = _Run(doc, structure, index, quantities, out, cuts, default_kind, a, n)
    for idx, q in enumerate(quantities):
        st = _statement(run, q, idx)
        if doc.text[st.start:st.end] != st.text or not st.text:
            raise GroundingError(f"{doc.name}: [{st.start}, {st.end}) does not hold {st.text!r}")
        out.append(st)
    table_statements = tables.extract(doc, structure, lang)
    for st in table_statements:
        if doc.text[st.start:st.end] != st.text or not st.text:
            raise GroundingError(f"{doc.name}: [{st.start}, {st.end}) does not hold {st.text!r}")
    return tables.merge(out, table_statements)


@dataclass(frozen=True)
class _Run:
    """What every figure of one extraction shares: the document, its structure and the rules."""

    doc: Document
    structure: Structure
    index: SectionIndex
    quantities: list[qty.Quantity]
    done: list[Statement]  # the statements so far, in order (the last is the figure before)
    cuts: _Cuts
    default_kind: str
    a: attrs.Attributes
    n: ind.Namer


@dataclass(frozen=True)
class _Place:
    """Where a figure stands: its sentence, segment and clause, and how it relates to the figure before."""

    q: qty.Quantity
    idx: int
    sent: Span
    seg_start: int
    clause_start: int
    prev: Statement | None
    same_sentence: bool
    same_segment: bool
    chained: bool
    opens_item: bool
    clause_left: str
    segment_left: str


def _place(run: _Run, q: qty.Quantity, idx: int) -> _Place:
    text, cuts, n = run.doc.analysis, run.cuts, run.n
    num = q.number_start
    sent = Span(cuts.start(cuts.sentence, num, num - MAX_SENTENCE),
                cuts.end(cuts.sentence, num, q.end + MAX_SENTENCE))
    seg_start = cuts.start(cuts.segment, num, max(sent.start, num - MAX_SEGMENT))
    clause_start = cuts.start(cuts.clause, num, num - MAX_CLAUSE)
    prev = run.done[-1] if run.done else None
    same_sentence = prev is not None and prev.end >= sent.start and prev.end <= num
    same_segment = same_sentence and prev is not None and prev.end >= seg_start
    chained = same_sentence and prev is not None and (
        prev.end >= clause_start - 1 or subj.only_ranking(text, prev.end, clause_start, n))
    if prev is not None and clause_start < prev.end <= num:
        clause_start = prev.end
    opens_item = clause_start > 0 and n.list_sep.fullmatch(text[clause_start - 1]) is not None
    return _Place(q, idx, sent, seg_start, clause_start, prev, same_sentence, same_segment, chained,
                  opens_item, text[clause_start:q.start], text[seg_start:q.start])


def _attributes(run: _Run, p: _Place, doubts: list[str]) -> tuple[str, str, str, str]:
    """``(kind, measure, direction, period)`` of the figure at ``p``."""
    text, q, prev, a = run.doc.analysis, p.q, p.prev, run.a
    label, section_period = run.index.at(q.start)
    kind, from_section = attrs.kind_of(label, run.default_kind, p.segment_left, a)
    if from_section:
        doubts.append(Doubt.kind_from_section.detail(label))
    measure, direction = attrs.measure_of(q.unit_kind, p.clause_left, a)
    if p.chained and prev is not None and measure != "level" and prev.unit == q.unit and len(
        text[prev.end:q.number_start].strip()
    ) <= 2:
        measure, direction = prev.measure, prev.direction
    facts = run.structure.facts
    base = _base_period(run.structure, section_period, label)
    if label == "review" and kind == "target" and not from_section and facts.plans:
        # a target cue in a review-labelled part (今年…主要预期目标是：) speaks of the plan's year
        base = facts.plans[0]
    period = attrs.period_of(base, p.clause_left, p.segment_left, measure, a, plan=kind == "target",
                             right=text[q.end:q.end + 4], sentence_left=text[p.sent.start:q.start])
    if p.same_segment and prev is not None and prev.kind == kind and p.opens_item and (
        not p.clause_left.strip() or _shares_span(prev, p.clause_start, p.clause_left, a)
    ):
        period = prev.period  # the next item of a list shares its verb: 新建2所中学、3所小学
    kind = attrs.kind_by_year(kind, base, period, a)
    if not period:
        doubts.append(Doubt.no_period)
        period = "0000"
    return kind, measure, direction, period


def _indicator(run: _Run, p: _Place, measure: str, doubts: list[str]) -> str:
    """The indicator phrase of the figure at ``p`` (``?`` when none is found)."""
    text, q, prev, cuts, n = run.doc.analysis, p.q, p.prev, run.cuts, run.n
    indicator, source = ind.phrase(text, p.clause_start, q.start, q.end, n, q.unit_kind == "percent")
    resp = _respectively(text, q, p.idx, run.quantities, run.done, p.seg_start, p.sent.start, cuts, n)
    if resp:
        indicator, source = resp, "respectively"
    elif source == "generic":
        subject = prev.indicator if p.same_sentence and prev is not None else _previous_clause(
            text, p.clause_start, p.sent.start, cuts, n)
        for word in n.generic_longest_first:
            if subject.endswith(word):
                subject = subject[: -len(word)]
                break
        indicator = subj.total_of(subject, n) + indicator if indicator in n.totals else subject + indicator
    elif source == "verb":
        indicator = _verb_object(run, p, indicator)
    elif source == "none":
        if p.chained and prev is not None:
            indicator = prev.indicator if q.unit_kind in ("percent", "points") \
                else subj.level_subject(run.done, p.sent.start, q.unit, n)
            doubts.append(Doubt.indicator_from_previous_figure)
        else:
            indicator = _previous_clause(text, p.clause_start, p.sent.start, cuts, n)
            if not indicator and p.same_sentence and prev is not None and q.unit_kind == "percent":
                # 地区生产总值4287.86亿元，稳居全市第二，3年突破两个千亿大关，增长11%
                indicator = prev.indicator
            doubts.append(Doubt.indicator_from_previous_clause)
    if source in ("left", "right") and indicator:
        indicator = _with_subject(text, indicator, q, prev, measure, p.clause_start, p.clause_left,
                                  p.sent.start, (p.chained, p.same_segment, p.opens_item), cuts, n)
    if not indicator:
        doubts.append(Doubt.no_indicator)
        return "?"
    if source == "right":
        doubts.append(Doubt.indicator_after_figure)
    return indicator


def _verb_object(run: _Run, p: _Place, indicator: str) -> str:
    """A verb-only phrase (新建) completed by the noun after the next figure of a list, or by the
    clause before."""
    text, q, n = run.doc.analysis, p.q, run.n
    nxt = run.quantities[p.idx + 1] if p.idx + 1 < len(run.quantities) else None
    noun = ""
    if nxt is not None and 0 < nxt.start - q.end <= 8 and n.list_sep.match(text[q.end:nxt.start]):
        noun = ind.right_noun(text, nxt.end, n)
    if noun:
        return indicator + noun
    if not p.same_sentence:
        return _previous_clause(text, p.clause_start, p.sent.start, run.cuts, n) or indicator
    return indicator


def _statement(run: _Run, q: qty.Quantity, idx: int) -> Statement:
    """The statement of the ``idx``-th figure ``q``."""
    doubts: list[str] = []
    p = _place(run, q, idx)
    kind, measure, direction, period = _attributes(run, p, doubts)
    indicator = _indicator(run, p, measure, doubts)
    context_start = p.prev.end if p.same_segment and p.prev is not None else p.seg_start
    text, doc = run.doc.analysis, run.doc
    canonical = ind.canonical(indicator, measure, q.unit, run.n, text[context_start:q.start])
    return Statement(
        doc=doc.name, start=q.start, end=q.end, text=doc.text[q.start:q.end], indicator=indicator,
        canonical=canonical, value=q.value, unit=q.unit, comparator=q.comparator,  # type: ignore[arg-type]
        kind=kind, measure=measure, direction=direction, period=period,  # type: ignore[arg-type]
        doubts=tuple(doubts), sentence=p.sent,
    )


def _shares_span(prev: Statement, clause_start: int, clause_left: str, a: attrs.Attributes) -> bool:
    """An item right after a total over a span (建成绿道200公里、碧道40公里) is a total too, unless its own
    words make it a stock (…、达到1703家)."""
    return (
        prev.end == clause_start - 1 and "-" in prev.period
        and not _DIGIT.search(clause_left) and not a.stock.search(clause_left)
    )


def _with_subject(
    text: str, indicator: str, q: qty.Quantity, prev: Statement | None, measure: str, clause_start: int,
    clause_left: str, sent_start: int, flags: tuple[bool, bool, bool], cuts: _Cuts, n: ind.Namer,
) -> str:
    """``indicator`` completed from the figure before it (subjects.py): a share of (占全市), a list
    item's shared verb (新增…、…), a shortened subject (…增加值，增加值占GDP比重)."""
    chained, same_segment, opens_item = flags
    if q.unit_kind == "percent" and indicator.startswith(n.share_of):
        subject = prev.indicator if chained and prev is not None else _previous_clause(
            text, clause_start, sent_start, cuts, n)
        return subject + indicator if subj.share_needs_subject(indicator, subject, n) else indicator
    if prev is None or not same_segment:
        return indicator
    if measure == "level" and prev.measure == "level" and (
        opens_item or n.shared_after.match(clause_left.strip())
    ):
        return subj.with_shared_verb(prev.indicator, indicator, n)
    return subj.completed(prev.indicator, indicator, n)


def _previous_clause(text: str, clause_start: int, sent_start: int, cuts: _Cuts, n: ind.Namer) -> str:
    """The subject of the clause before ``clause_start`` in the same sentence (up to its first figure);
    clauses that only rank (全市第一) are passed over."""
    for _ in range(3):
        if clause_start - 1 <= sent_start:
            return ""
        start = cuts.start(cuts.clause, clause_start - 1, sent_start)
        words = _DIGIT.split(text[start:clause_start - 1], maxsplit=1)[0]
        if not subj.is_ranking(words, n):
            return ind.trim(words, n)
        clause_start = start
    return ""


def _respectively(
    text: str, q: qty.Quantity, idx: int, quantities: list[qty.Quantity], done: list[Statement],
    seg_start: int, sent_start: int, cuts: _Cuts, n: ind.Namer,
) -> str:
    """The item of a 分别 list that this figure gives (``内、外资到位额分别达到132亿元和2.9亿美元``)."""
    window = text[seg_start:q.start]
    hit = last_match(n.respectively, window)
    if hit is None:
        return ""
    pos = seg_start + hit.start()
    recent: list[Statement] = []  # statements of this sentence, newest first (bounded by its length)
    for s in reversed(done):
        if s.start < sent_start:
            break
        recent.append(s)
    k = sum(1 for s in recent if pos < s.start)
    start = max(seg_start, sent_start)
    if done and done[-1].end > start and done[-1].end <= pos:
        start = done[-1].end
    items = ind.items_before(text, start, pos, n)
    if items is None:
        return ""
    if items:
        return items[k] if k < len(items) else ""
    # 分别 with no list of its own: the figures before it, in order (年均分别增长10%和8%)
    run = 1
    while (idx + run < len(quantities) and run < 16
           and quantities[idx + run].number_start - quantities[idx + run - 1].end <= 2):
        run += 1
    total = k + run
    before = [s for s in reversed(recent) if s.start < pos]
    if len(before) >= total:
        return before[len(before) - total + k].indicator
    return ""
