"""Whether two figures are about the same thing, and with what confidence; one link per figure.

A target and a later figure *match* when (rules in ``rules/zh/linking.yaml``):

- they share a headline canonical id (confidence 1), or
- their weighted words are alike (a Dice coefficient over words weighted by position and by how rare a
  word is among the figures being linked) at or above the threshold, the target's object noun is
  among the figure's words, they name no opposite stages of a work (开工 / 建成), and an "added in
  the year" target (新增) is not met by a figure that is a total or names no act at all.

Among the matches between one report's targets and another report's figures, each figure serves one
target and each target takes one figure (``scipy.optimize.linear_sum_assignment`` on the confidences),
except that targets saying the same thing (the same canonical id or the same words) share theirs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from planwatch.track.link_rules import LinkRules
from planwatch.track.words import Profile

#: Confidence of a link made by a shared canonical id.
CANONICAL = 1.0


@dataclass(frozen=True)
class Idf:
    """How rare each word is among the figures being linked (rarer words weigh more)."""

    weights: Mapping[str, float]
    default: float

    @classmethod
    def of(cls, profiles: Iterable[Profile]) -> Idf:
        df: Counter[str] = Counter()
        n = 0
        for p in profiles:
            n += 1
            df.update(p.weights.keys())
        return cls.from_counts(df, n)

    @classmethod
    def from_counts(cls, df: Mapping[str, int], n: int) -> Idf:
        """From document frequencies ``df`` over ``n`` profiles (summed over the partitions of a
        store, they give what :meth:`of` gives over all its profiles at once)."""
        weights = {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}
        return cls(weights, math.log(n + 1) + 1.0)

    def __call__(self, word: str) -> float:
        return self.weights.get(word, self.default)


def _covers(words: Iterable[str], head: str) -> bool:
    """The head noun, or a word holding it or held by it (学校 / 中小学校), is among ``words``."""
    return any(head == w or (len(w) >= 2 and (head in w or w in head)) for w in words)


def similarity(t: Profile, e: Profile, idf: Idf) -> float:
    """Weighted Dice coefficient of two profiles' words (0-1)."""
    tw = sum(v * idf(w) for w, v in t.weights.items())
    ew = sum(v * idf(w) for w, v in e.weights.items())
    if tw <= 0 or ew <= 0:
        return 0.0
    shared = sum(min(v, e.weights[w]) * idf(w) for w, v in t.weights.items() if w in e.weights)
    return 2 * shared / (tw + ew)


def compatible(t: Profile, e: Profile, *, level: bool = True, named: bool = False) -> bool:
    """No contradiction between a target's clause and a figure's: stages, added vs total, a channel,
    every kind vs one kind, several kinds. ``level``: the figures are levels (added vs total applies).
    ``named``: both carry the same headline id, which settles what they count (only the stage and
    added vs total are checked then: 引进外资 is 实际使用外资 when the extractor says so)."""
    if t.stages and e.stages and not (t.stages & e.stages):
        return False
    if level and t.added and (e.total or not e.flow):
        return False
    if level and e.added and (t.total or not t.flow):
        return False  # 国高企业突破100家 (a stock) is not met by 新认定国高企业42家
    if named:
        return True
    if e.several and not t.several:
        return False
    return not (e.channel - t.channel or (e.broad and not t.broad))


def _lacking(mine: frozenset[str], other: frozenset[str], idf: Idf) -> float:
    """The share (by IDF) of ``mine`` that ``other`` does not name."""
    total = sum(idf(w) for w in mine)
    gone = sum(idf(w) for w in mine - other if not _covers(other, w))
    return gone / total if total else 0.0


def kinds_differ(t: Profile, e: Profile, idf: Idf, share: float) -> bool:
    """Each names a kind the other does not (瞪羚企业 / 雏鹰企业): the words one has and the other
    lacks weigh at least ``share`` of each side."""
    return _lacking(t.nouns, e.nouns, idf) >= share and _lacking(e.nouns, t.nouns, idf) >= share


def narrower(t: Profile, e: Profile, idf: Idf, share: float, place: str = "") -> bool:
    """The figure counts a part of the target's object (新建公园 / 新建口袋公园): it names a kind the
    target does not, and the target names nothing it lacks. Such a figure proves a target met when
    it reaches it on its own, and proves nothing when it falls short. Words naming the region itself
    (``place``: 盐田 in 盐田港集装箱吞吐量) say where, not which part."""
    extra = frozenset(w for w in e.nouns if not (place and place in w))
    return _lacking(extra, t.nouns, idf) >= share and _lacking(t.nouns, e.nouns, idf) == 0


def confidence(
    t: Profile, e: Profile, idf: Idf, rules: LinkRules, *, same_canonical: bool = False,
    level: bool = True, headline: bool = False,
) -> float:
    """How sure PlanWatch is that the two figures are about the same thing (0 = no link).

    ``headline``: the target has a canonical id the figure lacks (a higher bar)."""
    if not compatible(t, e, level=level, named=same_canonical):
        return 0.0  # even a shared canonical id: 国高企业突破100家 is not 新认定国高企业42家
    if same_canonical:
        return CANONICAL
    s = similarity(t, e, idf)
    if kinds_differ(t, e, idf, rules.kinds_share):
        s *= rules.kinds_differ
    if t.head is not None and not _covers(e.weights, t.head):
        s *= rules.head_missing
    floor = rules.canonical_threshold if headline else rules.threshold
    return round(s, 3) if s >= floor else 0.0


@dataclass(frozen=True)
class Edge:
    """A possible link: target ``t`` to figure ``e`` (any hashable ids), its group and confidence."""

    t: int
    e: int
    group: tuple[str, str]  # (target's document, figure's document)
    key: object  # targets with the same key say the same thing and share their figures
    score: float
    direct: bool = False  # the figure is for the target's own period (not progress on a longer one)


def assign(edges: Sequence[Edge]) -> dict[int, dict[int, float]]:
    """Keep, per pair of documents, a one-to-one assignment of the highest total confidence: first
    among the links to figures for the target's own period, then among the other links of the keys
    and figures left (a 2023 result goes to a 2023 target before the term's goal it is progress to)."""
    groups: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for edge in edges:
        groups[edge.group].append(edge)
    out: dict[int, dict[int, float]] = defaultdict(dict)
    for group in groups.values():
        chosen = _one_to_one([e for e in group if e.direct])
        keys, figs = {k for k, _ in chosen}, {f for _, f in chosen}
        chosen |= _one_to_one([e for e in group if not e.direct and e.key not in keys and e.e not in figs])
        for edge in group:
            if (edge.key, edge.e) in chosen:
                out[edge.t][edge.e] = edge.score
    return dict(out)


def _one_to_one(group: Sequence[Edge]) -> set[tuple[object, int]]:
    keys = sorted({e.key for e in group}, key=repr)
    figs = sorted({e.e for e in group})
    if not group:
        return set()
    if len(keys) == 1 or len(figs) == 1:
        return _greedy(group)
    row = {k: i for i, k in enumerate(keys)}
    col = {f: j for j, f in enumerate(figs)}
    m = np.zeros((len(keys), len(figs)))
    for edge in group:
        i, j = row[edge.key], col[edge.e]
        m[i, j] = max(m[i, j], edge.score)
    rows, cols = linear_sum_assignment(m, maximize=True)
    return {(keys[i], figs[j]) for i, j in zip(rows, cols, strict=True) if m[i, j] > 0}


def _greedy(group: Sequence[Edge]) -> set[tuple[object, int]]:
    """One key or one figure: the best edge of each key (or of the one figure)."""
    best: dict[object, Edge] = {}
    for edge in group:
        if edge.key not in best or edge.score > best[edge.key].score:
            best[edge.key] = edge
    figs = {e.e for e in group}
    if len(figs) == 1 and len(best) > 1:
        top = max(best.values(), key=lambda e: e.score)
        return {(top.key, top.e)}
    return {(e.key, e.e) for e in best.values()}
