"""The issuing region of a document, from its title, its speaker line and the places its whole text names.

Order of evidence: the State Council's words (全国); a division named in the title or the dateline/speaker
lines; the speaker line (我代表光明区人民政府 names it, 我代表区人民政府 fixes its level, and the division
of that level the text names most, with the divisions under it, wins); the file name; the places the text
names. Place names count with their parents: a division whose province or city the text never names is
ranked below one whose parent it names (沿海城区 is not 北海市海城区), and names that are also common words
(新城区, 城区) count only with their parent. A region the evidence does not settle comes with the reason it is
unsure, never as a silent guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from planwatch.model import FactDoubt
from planwatch.structure.gazetteer import OUTLYING, Gazetteer, Place, gazetteer, mentions, short_name
from planwatch.structure.rules import Rules


@dataclass(frozen=True)
class Found:
    """A region and, when the evidence does not settle it, why."""

    region: str | None
    unsure: str | None = None


@dataclass
class _Text:
    """Place mentions of a text, counted once."""

    gz: Gazetteer
    rules: Rules
    text: str
    body: str

    @cached_property
    def counts(self) -> Counter[str]:
        """How often the body names each division (read when first needed)."""
        return Counter(n for _, _, n in mentions(self.gz, self.body))

    def free(self, name: str) -> bool:
        """A name that counts in free text by itself (long enough, not a common word)."""
        return len(name) >= self.rules.min_free_text_chars and name not in self.rules.common_names

    def parent_named(self, p: Place) -> bool:
        """A county-level division counts in free text only when its city is named too (its province
        for a municipality's district or a county the province governs directly)."""
        return p.level < 3 or any(a in self.text for a in (p.ancestors[2:] or p.ancestors))

    def short(self, p: Place) -> str | None:
        if p.level < 3:
            return short_name(p.name, self.rules.suffixes)
        if p.name in self.rules.common_names:
            return None
        for suffix in self.rules.county_suffixes:
            if p.name.endswith(suffix):
                stem = p.name[: -len(suffix)]
                return stem if len(stem) >= 2 and stem not in self.gz.by_name else None
        return None

    def own(self, p: Place) -> int:
        """How often the body names ``p``: by its name or its short form; a name that is also a common
        word (城区) only right after its city's name (汕尾市城区)."""
        if p.name in self.rules.common_names:
            return sum(self.body.count(a + p.name) for a in (p.ancestors[2:] or p.ancestors))
        s = self.short(p)
        return max(self.counts[p.name], self.body.count(s) if s else 0)

    def ancestor_hits(self, p: Place) -> int:
        return sum(self.text.count(a) for a in p.ancestors)


def _places(gz: Gazetteer, name: str) -> tuple[Place, ...]:
    return gz.by_name.get(name, ())


def _deepest(gz: Gazetteer, name: str) -> list[Place]:
    level = max(p.level for p in gz.by_name[name])
    return [p for p in gz.by_name[name] if p.level == level]


def _choose(t: _Text, cands: list[Place], hint: str = "") -> Found:
    """One of the places a name may mean: the one whose parents ``hint`` (the speaker line) or the text
    names; unsure when the text names none of them, or as many of another's."""
    if len(cands) == 1:
        return Found(cands[0].full)

    def key(p: Place) -> tuple[int, int, bool]:
        return sum(a in hint for a in p.ancestors), t.ancestor_hits(p), p.code[:2] not in OUTLYING

    ranked = sorted(cands, key=key, reverse=True)
    best, second = key(ranked[0]), key(ranked[1])
    if best[:2] == second[:2]:
        others = "、".join(p.full for p in ranked[1:])
        why = FactDoubt.region_shared_name.detail(f"{ranked[0].name} is also {others}")
        return Found(ranked[0].full, why)
    return Found(ranked[0].full)


def _level_word(who: str, rules: Rules) -> str | None:
    """The level word ``who`` ends with (新区 before 区), if any."""
    for word in sorted(rules.level_words, key=len, reverse=True):
        if who.endswith(word):
            return word
    return None


def _by_level(t: _Text, word: str) -> Found:
    """The division of the level ``word`` names that the text names most, with the divisions under it."""
    levels, suffix = t.rules.level_words[word]
    cands = [p for p in _pool(t).values() if p.level in levels and p.name.endswith(suffix)]
    cands = [p for p in cands if t.free(p.name) or t.parent_named(p)]
    if not cands:
        return Found(None)
    full_names = {p.name for p in cands}
    children: Counter[str] = Counter()
    for name, c in t.counts.items():
        if name in full_names or not t.free(name):
            continue
        for anc in {a for p in _places(t.gz, name) for a in p.ancestors}:
            children[anc] += c

    def score(p: Place) -> int:
        if p.level == 1:  # its cities (a municipality's districts), by full or short name (杭州, 浦东)
            return t.own(p) + sum(t.own(c) for c in _under(t.gz, p))
        return t.own(p) + children[p.name]

    ranked = sorted(cands, key=lambda p: (t.parent_named(p), score(p), p.code[:2] not in OUTLYING),
                    reverse=True)
    best = ranked[0]
    rivals = [p for p in ranked[1:] if p.name != best.name and t.parent_named(p) >= t.parent_named(best)]
    s = score(best)
    if not t.parent_named(best):
        return Found(best.full, FactDoubt.region_city_unnamed.detail(best.name))
    if best.level == 3 and not t.counts[best.name]:
        return Found(best.full, FactDoubt.region_short_form.detail(best.name))
    if s < t.rules.min_mentions and (rivals or not t.parent_named(best) or best.level < 3):
        return Found(best.full, FactDoubt.region_few_mentions.detail(f"{best.name} {s}×"))
    if rivals and s < t.rules.min_lead * score(rivals[0]):
        return Found(best.full, FactDoubt.region_rival.detail(
            f"{best.name} {s}×, {rivals[0].name} {score(rivals[0])}×"))
    same = [p for p in ranked if p.name == best.name]
    return _choose(t, same) if len(same) > 1 else Found(best.full)


def speaker(t: _Text, zones: tuple[str, ...]) -> Found | None:
    """The region the speaker line gives (我代表光明区一届人民政府 / 我代表区人民政府), if there is one."""
    for zone in zones:
        for m in t.rules.speaker.regex.finditer(zone):
            who = m.group("who").rsplit("届", 1)[-1]  # 新一届区人民政府 speaks for a 区
            named = mentions(t.gz, who)
            if named:
                last = named[-1][2]
                return _choose(t, _deepest(t.gz, last), hint=who[:named[-1][0]])
            word = _level_word(who, t.rules)
            if word is None:
                continue
            if len(who) - len(word) >= 2:  # a division the table does not know (大鹏新区)
                return _unknown(t, who)
            found = _by_level(t, word)
            if found.region is None:
                return Found(None, FactDoubt.region_speaker_unnamed.detail(who))
            return found
    return None


def _unknown(t: _Text, who: str) -> Found:
    """A division the speaker names and the table does not know: under the city the text names most."""
    city = _by_level(t, "市")
    why = FactDoubt.region_not_in_table.detail(who)
    if city.region is None:
        return Found(None, why)
    under = FactDoubt.region_not_in_table.detail(f"{who}, read as under {city.region}")
    return Found(city.region + who, under)


def from_name(t: _Text, name: str) -> Found | None:
    """The division a file name names (东城区2024年政府工作报告.txt), if any."""
    named = mentions(t.gz, name.rsplit(".", 1)[0])
    if not named:
        return None
    n = max(named, key=lambda m: (max(p.level for p in _places(t.gz, m[2])), -m[0]))[2]
    return _choose(t, _deepest(t.gz, n), hint=name)


def free_text(t: _Text) -> Found:
    """No speaker, title or file name: the most named division, from the province down, flagged unsure."""
    top = _by_level_any(t)
    if top is None:
        return Found(None, FactDoubt.region_none)
    return Found(top.full, FactDoubt.region_no_speaker.detail(top.name))


_UNDER: dict[int, dict[str, list[Place]]] = {}


def _provinces(gz: Gazetteer) -> list[Place]:
    return [p for places in gz.by_name.values() for p in places if p.level == 1]


def _under(gz: Gazetteer, parent: Place) -> list[Place]:
    """The divisions one level under ``parent`` (a province's cities, a city's counties), from the table."""
    index = _UNDER.get(id(gz))
    if index is None:
        index = {}
        for places in gz.by_name.values():
            for p in places:
                if p.level == 2 and p.ancestors:
                    index.setdefault(p.ancestors[0], []).append(p)
                elif p.level == 3 and p.ancestors:  # under its city, else under its province
                    index.setdefault((p.ancestors[2:] or p.ancestors)[0], []).append(p)
        _UNDER[id(gz)] = index
    return [p for p in index.get(parent.name, []) if p.full != parent.full]


def _pool(t: _Text) -> dict[str, Place]:
    """Every place a free name of the text may mean, the provinces and cities above them, and the
    provinces the text names by their short form only (浙江)."""
    pool: dict[str, Place] = {p.full: p for p in _provinces(t.gz) if t.own(p)}
    for name in t.counts:
        for p in _places(t.gz, name):
            if t.free(name) or t.parent_named(p):
                pool.setdefault(p.full, p)
            for a in p.ancestors:
                for q in _places(t.gz, a):
                    pool.setdefault(q.full, q)
    for level in (1, 2):  # divisions of a named province or city, named by their short form only (深圳, 宝安)
        for parent in [p for p in pool.values() if p.level == level and t.own(p)]:
            for q in _under(t.gz, parent):
                if q.full not in pool and t.own(q):
                    pool[q.full] = q
    return pool


def _by_level_any(t: _Text) -> Place | None:
    """The province the text names most, then its city, then its county, going down while the lower one
    is named at least as often as the one above it."""
    pool = list(_pool(t).values())
    chosen: Place | None = None
    for level in (1, 2, 3):
        cands = [p for p in pool if p.level == level and t.parent_named(p)
                 and (chosen is None or chosen.name in p.ancestors)]
        if not cands:
            break
        best = max(cands, key=lambda p: (t.own(p), p.code[:2] not in OUTLYING))
        if chosen is not None and t.own(best) < t.own(chosen):
            break
        chosen = best
    return chosen


def issuer(
    text: str, title: str, headlines: str, opening: str, head: str, body: tuple[int, int], doc_name: str,
    rules: Rules,
) -> Found:
    """The issuing government's full name (see the module's docstring), and why it is unsure if it is."""
    if any(rules.national.search(zone) for zone in (title, headlines, opening)):
        return Found(rules.national_name)
    gz = gazetteer(rules)
    t = _Text(gz, rules, text, text[body[0]:body[1]])
    for zone in (title, headlines):
        found = mentions(gz, zone)
        if found:
            name = max(found, key=lambda m: (max(p.level for p in gz.by_name[m[2]]), -m[0]))[2]
            return _choose(t, _deepest(gz, name), hint=zone)
    said = speaker(t, (opening, head))
    if said is not None and said.region is not None and said.unsure is None:
        return said
    named = from_name(t, doc_name)
    if named is not None and named.region is not None and named.unsure is None:
        return named
    if said is not None:
        return said
    return named if named is not None else free_text(t)


def given_region(name: str, rules: Rules) -> str:
    """The full name of a region a person gives (北京市东城区, 东城区, 全国); ValueError naming it when
    the division table does not know it or it means several divisions."""
    name = name.strip()
    if name == rules.national_name:
        return name
    gz = gazetteer(rules)
    named = mentions(gz, name)
    rest = name
    for _, _, n in named:
        rest = rest.replace(n, "", 1)
    if not named or rest:
        raise ValueError(f"unknown region {name!r}: not a division in the table (e.g. 北京市东城区, 全国)")
    last = named[-1][2]
    parents = [n for _, _, n in named[:-1]]
    cands = [p for p in gz.by_name[last] if all(a in p.ancestors or a == p.name for a in parents)]
    exact = [p for p in cands if p.full == name]
    if exact:
        return exact[0].full
    fulls = sorted({p.full for p in cands})
    if len(fulls) != 1:
        which = "、".join(fulls) if fulls else "none"
        raise ValueError(f"ambiguous region {name!r}: give its province or city ({which})")
    return fulls[0]
