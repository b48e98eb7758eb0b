"""What a figure is about, as weighted words: the profile a link between two figures is judged on.

A figure's words come from its indicator words and the clause around it in its document: the clause
before the figure (back to the previous figure or punctuation), the words right after it (``66条河流``),
and, when its own clause names nothing (``增长6.5%``, ``全市第一``), the subject of an earlier clause of
the sentence (``规上工业增加值2330亿元、全市第一，增长6.5%``). Words are cut by jieba (rjieba, which
ships jieba's dictionary), rewritten by the synonyms of ``rules/zh/linking.yaml`` and weighted: nouns 1,
verbs less, noise dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import rjieba

from planwatch.track.link_rules import LinkRules, load_link_rules

#: Where a clause ends; ``、`` ends a list item (a figure's own words) but not its sentence.
CLAUSE_END = "，,；;。：:！？!?\n"
SENTENCE_END = "。；;！？!?\n"
FULL_STOP = "。！？!?\n"
LIST_SEP = "、"
#: The dictionary frequency given to the rules' words, high enough that jieba keeps them whole
#: (占比达70% → 占比 / 达, not 占 / 比达).
WORD_FREQ = 100_000
#: How far back a figure's sentence may start.
MAX_SENTENCE = 240
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_SCALED_UNIT = re.compile(r"^[万亿]")  # 万套, 亿元, 万平方米: the rest of a figure
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGITS = re.compile(r"^[\d.%％]+$")


@dataclass(frozen=True)
class Profile:
    """The words of one figure, with what its clause says about it."""

    weights: Mapping[str, float]
    head: str | None  # the object the figure counts: the last noun before it (学位, 公园, 住房)
    added: bool  # says "added in the year" (新增, 一年增加)
    total: bool  # says "total" (总数, 累计, 达到) and not "added"
    flow: bool  # names any act done in the year (新建, 完成, 新增 …)
    stages: frozenset[int]  # the stage groups (开工 / 建成 / 供应 / 筹集) its words name
    part_year: bool  # the sentence opens with part of the year (1—9月, 前三季度)
    broad: bool = False  # counts every kind of the object (各类人才)
    channel: frozenset[str] = frozenset()  # the channels it names (引进)
    several: bool = False  # its own words list several kinds (雏鹰、瞪羚企业)

    @property
    def nouns(self) -> frozenset[str]:
        return frozenset(w for w, v in self.weights.items() if v >= 0.99)


@cache
def _segmenter(rules: LinkRules, others: bool = True) -> rjieba.Jieba:
    """jieba with the rules' words kept whole, and (``others``) the synonyms' other names."""
    jieba = rjieba.Jieba()
    for w in (*rules.words, *(old for old, _ in rules.synonyms if others)):
        if len(w) >= 2:
            jieba.add_word(w, WORD_FREQ, None)
    return jieba


def _tokens(text: str, rules: LinkRules, others: bool = True) -> list[str]:
    words = _segmenter(rules, others).cut(text, False)
    return [w for w in (t.strip() for t in _join_singles(words)) if w]


@cache
def _rewrites(rules: LinkRules) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Synonyms as word sequences (other name → the one form), by first word, longest first."""
    out: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for old, new in rules.synonyms:
        seq = tuple(_tokens(old, rules))
        if seq:
            out.setdefault(seq[0], []).append((seq, tuple(_tokens(new, rules, others=False))))
    for v in out.values():
        v.sort(key=lambda p: -len(p[0]))
    return out


def cut(text: str, rules: LinkRules) -> list[str]:
    """The words of ``text`` after synonyms, without noise, digits, punctuation and single characters.

    Synonyms rewrite whole words only: ``幼教`` is 学前教育 in 幼教集团, not inside 中小幼教育集团.
    """
    tokens = _tokens(text, rules)
    rewrites = _rewrites(rules)
    words: list[str] = []
    i = 0
    while i < len(tokens):
        for seq, new in rewrites.get(tokens[i], ()):
            if tuple(tokens[i:i + len(seq)]) == seq:
                words.extend(new)
                i += len(seq)
                break
        else:
            words.append(tokens[i])
            i += 1
    return [w for w in words if len(w) >= 2 and _WORDLIKE.search(w) and not _DIGITS.match(w)
            and not _SCALED_UNIT.match(w) and w not in rules.noise]


def _join_singles(words: Sequence[str]) -> list[str]:
    """Runs of single characters the dictionary does not know make one word (瞪/羚 → 瞪羚)."""
    out: list[str] = []
    run = ""
    for w in [*words, ""]:
        if len(w) == 1 and _CJK.match(w):
            run += w
            continue
        if run:
            out.append(run)
            run = ""
        if w:
            out.append(w)
    return out


def _add(weights: dict[str, float], words: Sequence[str], weight: float, rules: LinkRules) -> None:
    for w in words:
        v = weight * (rules.verb_weight if w in rules.verbs else 1.0)
        if v > weights.get(w, 0.0):
            weights[w] = v


def _names(words: Sequence[str], rules: LinkRules) -> list[str]:
    return [w for w in words if w not in rules.verbs]


def head_of(words: Sequence[str], rules: LinkRules) -> str | None:
    """The last noun of ``words`` that is not a measure word (比例, 增长, 总额)."""
    for w in reversed(words):
        if w not in rules.verbs and w not in rules.measure_words:
            return w
    return None


def _has_any(text: str, words: Sequence[str]) -> bool:
    return any(w in text for w in words)


def _acts(texts: Sequence[str], rules: LinkRules) -> str:
    """The first of ``texts`` that names an act (its own clause, else the list's lead, else the
    sentence before): what is said to be done to the figure's object."""
    for text in texts:
        if _has_any(text, rules.flow) or _has_any(text, rules.added) or _has_any(text, rules.totals):
            return text
    return ""


def profile_parts(
    left: str, right: str, indicator: str, carry: Sequence[str], lead: str, sentence: str,
    rules: LinkRules | None = None, *, follows: bool = False, opening: str = "",
) -> Profile:
    """A profile from the pieces of text around a figure (see :func:`profile`).

    ``follows``: the figure comes after another of its clause, so a ``left`` ending with a join
    (和, 及) belongs to that figure and this one's object follows it. ``sentence`` is the text from the
    start of the figure's segment (up to ；), ``opening`` from the start of its whole sentence (up to
    。): a part of the year opening either covers the figure.
    """
    rules = rules or load_link_rules()
    weights: dict[str, float] = {}
    own = cut(left, rules)
    named = cut(indicator, rules)
    after = cut(right, rules)
    tail = left.rstrip()
    if _names(after, rules) and not _names(own, rules) and not _names(named, rules):
        # 加快实施11个“工业上楼”试点项目: only acts before the figure, the object follows it
        own = own + after
        _add(weights, own, 1.0, rules)
    elif follows and tail.endswith(rules.joins) and _names(after, rules):
        own, named = [w for w in own if w in rules.verbs] + after, []
        _add(weights, own, 1.0, rules)
    elif tail.endswith(rules.examples_end) and _names(after, rules):
        # 建设提升石榴籽公园、科学城智慧公园等10座公园: the left names examples, the object follows
        _add(weights, own, rules.right_weight / 2, rules)
        own = [w for w in own if w in rules.verbs] + after
        _add(weights, own, 1.0, rules)
    else:
        _add(weights, own, 1.0, rules)
        _add(weights, named, 1.0, rules)
        _add(weights, after, rules.right_weight, rules)
    carried: list[str] = []
    ratio = left.lstrip().startswith(rules.share_of)
    if ratio:  # 占地区生产总值比重: the denominator; the subject comes from before
        weights = {w: v * rules.right_weight for w, v in weights.items()}
    if ratio or not (_names(own, rules) or _names(named, rules)):
        for clause in ([lead] if follows else []) + list(carry):
            carried = cut(clause, rules)
            if _names(carried, rules):
                _add(weights, carried, rules.carry_weight, rules)
                break
    head = head_of(own, rules) or head_of(named, rules) or head_of(carried, rules)
    own_names = bool(_names(own, rules) or _names(named, rules))
    said = _acts((left + indicator, lead if follows else "", *([] if own_names else carry[:1])), rules)
    added = _has_any(said, rules.added)
    stages = frozenset(i for i, g in enumerate(rules.stages) if _has_any(said, tuple(g)))
    return Profile(
        weights=weights,
        head=head,
        added=added,
        total=not added and _has_any(said, rules.totals),
        flow=added or _has_any(said, rules.flow),
        stages=stages,
        part_year=any(p.match(o) for p in rules.part_year for o in (sentence, opening) if o),
        broad=_has_any(left + indicator + right, rules.broad),
        channel=frozenset(c for c in rules.channels if c in said),
        several=_several(left if _names(own, rules) else indicator, rules),
    )


def _several(text: str, rules: LinkRules) -> bool:
    """Whether ``text`` lists two or more kinds of things (nouns on both sides of 、/和/及)."""
    parts = [text]
    for sep in rules.kinds_sep:
        parts = [q for p in parts for q in p.split(sep)]
    return sum(1 for p in parts if _names(cut(p, rules), rules)) >= 2


def _back(text: str, start: int, stops: str, limit: int) -> int:
    """The offset just after the last of ``stops`` before ``start`` (at most ``limit`` back)."""
    lo = max(0, start - limit)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in stops:
            return i + 1
    return lo


def _forward(text: str, end: int, stops: str, limit: int) -> int:
    hi = min(len(text), end + limit)
    for i in range(end, hi):
        if text[i] in stops:
            return i
    return hi


def profile(
    text: str, start: int, end: int, indicator: str, figures: Sequence[tuple[int, int]],
    rules: LinkRules | None = None,
) -> Profile:
    """The profile of the figure at ``[start, end)`` of ``text``.

    ``figures`` are the spans of every figure of the document, sorted: a figure's own words stop
    at the figure before it, and a clause's subject is its text before its first figure.
    """
    rules = rules or load_link_rules()
    sent = _back(text, start, SENTENCE_END, MAX_SENTENCE)
    clause = max(sent, _back(text, start, CLAUSE_END, MAX_SENTENCE))
    before = [f for f in figures if clause <= f[0] and f[1] <= start]
    left_from = max([clause, *(f[1] for f in before)])
    lead = text[clause:before[0][0]] if before else ""
    right_to = _forward(text, end, CLAUSE_END + LIST_SEP, 40)
    after = [f[0] for f in figures if end <= f[0] < right_to]
    right = text[end:min([right_to, *after])]
    carry: list[str] = []
    hi = clause
    while hi > sent and len(carry) < rules.carry_clauses:
        lo = max(sent, _back(text, hi - 1, CLAUSE_END, MAX_SENTENCE))
        first = [f[0] for f in figures if lo <= f[0] < hi]
        carry.append(text[lo:min([hi - 1, *first])])
        hi = lo
    whole = _back(text, start, FULL_STOP, MAX_SENTENCE)
    return profile_parts(text[left_from:start].lstrip(LIST_SEP), right, indicator, carry, lead,
                         text[sent:start].lstrip("\u3000 \t"), rules, follows=bool(before),
                         opening=text[whole:start].lstrip("\u3000 \t"))


def indicator_profile(indicator: str, rules: LinkRules | None = None) -> Profile:
    """The profile of a figure known only by its indicator words (no document text)."""
    return profile_parts("", "", indicator, (), "", "", rules)
