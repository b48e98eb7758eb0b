"""The one region resolver: what a region's name means in the gazetteer (:mod:`.gazetteer`).

- :func:`full_names` — every division's full name (the names documents get);
- :func:`candidates` — the divisions a name written by a person can mean
  (``深圳市宝安区`` → ``广东省深圳市宝安区``; a bare ``龙华区`` → one in 深圳 and one in 海口);
- :func:`hierarchy` — a region's chain of parents, for the store: ``天津市河西区`` is stored
  with its parent ``天津市``; ``浙江省杭州市西湖区`` with ``浙江省杭州市`` and ``浙江省``.

A full name walks up the division codes. Another name is cut at the division names it starts
with (``深圳市宝安区新安街道``: ``深圳市``, ``宝安区``, then a unit below them); when those
names mean one division, a city named without its province gets the province as the parent of
its top unit. A name the gazetteer does not know (``全国`` is the country) stands alone.
No Chinese in this module: the names all come from the gazetteer and the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from planwatch.structure.gazetteer import Place, gazetteer, mentions
from planwatch.structure.rules import rules


@dataclass(frozen=True)
class RegionInfo:
    name: str
    parent: str | None
    level: int | None
    adcode: str | None


@cache
def _places() -> tuple[dict[str, Place], dict[str, Place]]:
    """The gazetteer's places by full name and by code."""
    places = [p for group in gazetteer(rules()).by_name.values() for p in group]
    return {p.full: p for p in places}, {p.code: p for p in places}


@cache
def full_names() -> frozenset[str]:
    """The full name of every division (``广东省深圳市宝安区``)."""
    return frozenset(_places()[0])


def candidates(name: str) -> list[Place]:
    """The places ``name`` can mean: its last division name, those whose parents it names most.

    Empty unless ``name`` is division names end to end.
    """
    gz = gazetteer(rules())
    found = mentions(gz, name)
    if not found or found[-1][1] != len(name) or sum(b - a for a, b, _ in found) != len(name):
        return []
    places = gz.by_name[found[-1][2]]
    level = max(p.level for p in places)
    places = tuple(p for p in places if p.level == level)
    named = [n for _, _, n in found[:-1]]
    scored = [(sum(any(a == n for a in p.ancestors) for n in named), p) for p in places]
    if named:
        scored = [(s, p) for s, p in scored if s == len(named)]  # every name before it is a parent
    best = max((s for s, _ in scored), default=0)
    return [p for s, p in scored if s == best]


def _above(code: str, keep: int) -> str:
    return code[:keep] + "0" * (len(code) - keep)


def _from_full_name(place: Place) -> list[RegionInfo]:
    by_code = _places()[1]
    name, code = place.full, place.code
    chain: list[Place] = []
    for keep in (2, 4):
        above = by_code.get(_above(code, keep))
        if above is not None and above.code != code and name.startswith(above.full) \
                and all(c.full != above.full for c in chain):
            chain.append(above)
    chain.append(place)
    out: list[RegionInfo] = []
    parent: str | None = None
    for p in chain:
        out.append(RegionInfo(p.full, parent, p.level, p.code[:6]))
        parent = p.full
    return out


def _parts(name: str) -> tuple[tuple[str | None, str | None, str | None], str | None]:
    """(province, city, county) of the one division ``name`` starts with, and its code."""
    pos = 0
    for start, end, _ in mentions(gazetteer(rules()), name):
        if start != pos:
            break
        pos = end
    places = candidates(name[:pos]) if pos else []
    if len(places) != 1:
        return (None, None, None), None
    place = places[0]
    by_code = _places()[1]
    code = place.code

    def named(keep: int, level: int) -> str | None:
        if place.level < level:
            return None
        if place.level == level:
            return place.name
        above = by_code.get(_above(code, keep))
        return above.name if above is not None and above.level == level else None

    return (named(2, 1), named(4, 2), named(6, 3)), code[:6]


def _ancestor_code(adcode: str | None, level: int) -> str | None:
    if not adcode or len(adcode) != 6 or not adcode.isdigit():
        return None
    keep = {1: 2, 2: 4, 3: 6}[level]
    return adcode[:keep] + "0" * (6 - keep)


def hierarchy(name: str) -> list[RegionInfo]:
    """The chain of regions from the outermost down to ``name`` itself (last)."""
    name = name.strip()
    if not name:
        return []
    if name == rules().national_name:
        return [RegionInfo(name, None, 0, None)]
    place = _places()[0].get(name)
    if place is not None:
        return _from_full_name(place)
    parts, adcode = _parts(name)
    chain: list[tuple[str, int]] = []
    pos = 0
    for level, part in enumerate(parts, start=1):
        if part and name.startswith(part, pos):
            pos += len(part)
            chain.append((name[:pos], level))
    if not chain:
        return [RegionInfo(name, None, None, None)]
    if pos < len(name):  # a unit below what the gazetteer knows (a street, a new district)
        chain.append((name, min(chain[-1][1] + 1, 4)))
    if chain[0][1] > 1 and parts[0]:  # a city or county named without its province
        chain.insert(0, (parts[0], 1))
    out: list[RegionInfo] = []
    parent: str | None = None
    for full, level in chain:
        code = _ancestor_code(adcode, level) if level <= 3 else None
        if full == name and pos < len(name):
            code = None
        out.append(RegionInfo(full, parent, level, code))
        parent = full
    return out
