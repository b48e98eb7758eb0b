"""Link every target to the figures that report on it: profiles, matches, one-to-one assignment.

``link_all`` is the linking step of ``judge``: for each target it returns the figures (by ``id`` of
their :class:`~planwatch.track.link.Item`) that may serve as its evidence, with the link's confidence.
Only figures that could be evidence at all (region, kind, measure, unit, period: ``link.admissible``)
are scored, and only those sharing a word or the canonical id with the target (an inverted index), so
the cost grows with the matches, not with targets × figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planwatch.track.compare import space_for
from planwatch.track.link import Item, admissible
from planwatch.track.link_rules import LinkRules, load_link_rules
from planwatch.track.match import Edge, Idf, assign, confidence, narrower, similarity
from planwatch.track.rules import Indicator, TrackingRules
from planwatch.track.words import Profile, indicator_profile, profile


@dataclass(frozen=True)
class Links:
    """The links of every target, which figures cover only part of their year, and which links are
    to a figure counting only part of the target's object (by ``(id(target), id(figure))``)."""

    by_target: Mapping[int, Mapping[int, float]]
    part_year: frozenset[int]
    narrower: frozenset[tuple[int, int]] = frozenset()

    def of(self, target: Item) -> Mapping[int, float]:
        return self.by_target.get(id(target), {})


def profiles(
    items: Sequence[Item], texts: Mapping[str, str] | None, rules: LinkRules
) -> dict[int, Profile]:
    """The profile of every item: from its document's text when given, else from its indicator words."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i in items:
        spans[i.statement.doc].append((i.statement.start, i.statement.end))
    for v in spans.values():
        v.sort()
    out: dict[int, Profile] = {}
    for i in items:
        s = i.statement
        text = (texts or {}).get(s.doc)
        if text is not None and text[s.start:s.end] == s.text:
            out[id(i)] = profile(text, s.start, s.end, s.indicator, spans[s.doc], rules)
        else:
            out[id(i)] = indicator_profile(s.indicator, rules)
    return out


def vocabulary(
    items: Sequence[Item], texts: Mapping[str, str] | None, link_rules: LinkRules | None = None
) -> tuple[int, Counter[str]]:
    """The number of profiles of ``items`` and how many of them hold each word: a partition's share
    of the word weights (:meth:`Idf.from_counts` over the sums of every partition)."""
    prof = profiles(items, texts, link_rules or load_link_rules())
    df: Counter[str] = Counter()
    for p in prof.values():
        df.update(p.weights.keys())
    return len(prof), df


def _key(item: Item, p: Profile) -> object:
    """Targets with the same key say the same thing: they share the figures linked to them. The same
    nouns at another stage (新开工9所学校 / 完成10所学校) are another thing."""
    s = item.statement
    return (s.canonical or (tuple(sorted(p.nouns)), tuple(sorted(p.stages))), s.measure, s.period)


def _place(region: str | None, rules: LinkRules) -> str:
    """The short name of a region's own level (广东省深圳市盐田区 → 盐田), to tell "where" from "which"."""
    name = region or ""
    for _ in range(4):  # drop the province and city before the region's own name
        cut = next((name.index(sfx) + len(sfx) for sfx in rules.region_suffixes
                    if sfx in name and name.index(sfx) + len(sfx) < len(name)), None)
        if cut is None:
            break
        name = name[cut:]
    for sfx in rules.region_suffixes:
        if name.endswith(sfx) and len(name) - len(sfx) >= 2:
            return name[: -len(sfx)]
    return name if len(name) >= 2 else ""


def _implausible(target: Item, item: Item, rules: LinkRules) -> bool:
    """A level far below its target (1/10) is another thing's figure, not a miss (unit-free check)."""
    t, s = target.statement, item.statement
    if t.measure != "level" or t.direction == "down" or t.value <= 0 or t.unit != s.unit:
        return False
    return s.value * rules.implausible_ratio < t.value


def link_all(
    items: Sequence[Item],
    rules: TrackingRules,
    indicators: Mapping[str, Indicator],
    texts: Mapping[str, str] | None = None,
    link_rules: LinkRules | None = None,
    idf: Idf | None = None,
) -> Links:
    """Links of every target of ``items`` to the other items (see the module's docstring).

    ``idf``: the word weights to use (by default, from the profiles of ``items``); tracking by
    region gives the weights of the whole store (:func:`vocabulary` summed over its regions)."""
    lr = link_rules or load_link_rules()
    prof = profiles(items, texts, lr)
    idf = Idf.of(prof.values()) if idf is None else idf
    words: dict[tuple[str | None, str], list[Item]] = defaultdict(list)
    for i in items:
        if i.statement.kind == "target":
            continue
        for w in prof[id(i)].weights:
            words[(i.region, w)].append(i)
        if i.statement.canonical:
            words[(i.region, "#" + i.statement.canonical)].append(i)
    # a headline target also answers to its indicator's name and synonyms (indicators.tsv)
    names = {k: [indicator_profile(n, lr) for n in (i.name, *i.synonyms)] for k, i in indicators.items()}
    edges: list[Edge] = []
    narrow: set[tuple[int, int]] = set()
    index = {id(i): n for n, i in enumerate(items)}  # stable ids: the assignment breaks ties by them
    for target in items:
        t = target.statement
        if t.kind != "target":
            continue
        tp = prof[id(target)]
        keys = [*tp.weights, *(["#" + t.canonical] if t.canonical else [])]
        keys += [w for p in names.get(t.canonical or "", ()) for w in p.weights]
        seen: set[int] = set()
        space = space_for(t, rules, indicators)
        for w in keys:
            for item in words.get((target.region, w), ()):
                if id(item) in seen:
                    continue
                seen.add(id(item))
                adm = admissible(target, item, rules, space)
                if adm is None:
                    continue
                ep = prof[id(item)]
                same = bool(t.canonical) and item.statement.canonical == t.canonical
                if _implausible(target, item, lr):
                    continue
                c = max(confidence(p, ep, idf, lr, same_canonical=same, level=t.measure == "level",
                                   headline=bool(t.canonical) and not same)
                        for p in (tp, *names.get(t.canonical or "", ())))
                if c <= 0:
                    continue
                score = c + similarity(tp, ep, idf) if same else c
                if not same and narrower(tp, ep, idf, lr.kinds_share, _place(target.region, lr)):
                    narrow.add((id(target), id(item)))
                edges.append(Edge(index[id(target)], index[id(item)], (t.doc, item.statement.doc),
                                  _key(target, tp), score, direct=adm[0] == "direct"))
    linked = assign(edges)
    # the confidence shown is the link's, not the assignment's tie-breaking score
    shown = {id(items[t]): {id(items[e]): min(1.0, s) for e, s in m.items()} for t, m in linked.items()}
    part = frozenset(k for k, p in prof.items() if p.part_year)
    return Links(shown, part, frozenset(narrow))
