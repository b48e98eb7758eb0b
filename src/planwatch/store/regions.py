"""A region's place in the administrative hierarchy, from its full name.

``天津市河西区`` is stored with its parent ``天津市``; ``浙江省杭州市西湖区`` with
``浙江省杭州市`` and ``浙江省``. First choice: the structure stage's gazetteer
(``planwatch.structure.gazetteer``, whose full names are the ones documents get),
walking up the division codes. Else the ``cpca`` package's reader: the full name
is cut at the province, city and county names it finds at its start, and a city
named without its province (``深圳市宝安区``) gets the province as the parent of
its top unit. A name neither knows (``全国``) is stored alone, without a parent.
No Chinese in this module: the names all come from those tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class RegionInfo:
    name: str
    parent: str | None
    level: int | None
    adcode: str | None


def _clean(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


@lru_cache(maxsize=1)
def _gazetteer() -> object | None:
    try:
        import cpca
    except Exception:  # pragma: no cover - cpca is a dependency, but the store must not need it
        return None
    return cpca


@lru_cache(maxsize=4096)
def _parts(name: str) -> tuple[tuple[str | None, str | None, str | None], str | None]:
    """(province, city, county) as the gazetteer reads ``name``, and its adcode."""
    cpca = _gazetteer()
    if cpca is None:
        return (None, None, None), None
    frame = cpca.transform([name])  # type: ignore[attr-defined]
    row = frame.iloc[0]
    adcode = _clean(row["adcode"])
    return (_clean(row.iloc[0]), _clean(row.iloc[1]), _clean(row.iloc[2])), adcode


def _ancestor_code(adcode: str | None, level: int) -> str | None:
    if not adcode or len(adcode) != 6 or not adcode.isdigit():
        return None
    keep = {1: 2, 2: 4, 3: 6}[level]
    return adcode[:keep] + "0" * (6 - keep)


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, Any], dict[str, Any], str | None]:
    """The structure gazetteer's places by full name and by code, and the country's name."""
    try:
        from planwatch.structure.gazetteer import gazetteer
        from planwatch.structure.rules import rules

        rs = rules()
        places = [p for group in gazetteer(rs).by_name.values() for p in group]
        national = getattr(rs, "national_name", None)
        return {p.full: p for p in places}, {p.code: p for p in places}, national
    except Exception:  # the store must work without it: fall back on cpca
        return {}, {}, None


def _from_structure(name: str) -> list[RegionInfo] | None:
    by_full, by_code, national = _places()
    if national and name == national:
        return [RegionInfo(name, None, 0, None)]
    place = by_full.get(name)
    if place is None:
        return None
    code = str(place.code)
    chain: list[Any] = []
    for keep in (2, 4):
        above = by_code.get(code[:keep] + "0" * (len(code) - keep))
        if above is not None and above.code != code and name.startswith(above.full) \
                and all(c.full != above.full for c in chain):
            chain.append(above)
    chain.append(place)
    out: list[RegionInfo] = []
    parent: str | None = None
    for p in chain:
        out.append(RegionInfo(p.full, parent, int(p.level), str(p.code)[:6]))
        parent = p.full
    return out


def hierarchy(name: str) -> list[RegionInfo]:
    """The chain of regions from the outermost down to ``name`` itself (last)."""
    name = name.strip()
    if not name:
        return []
    found = _from_structure(name)
    if found is not None:
        return found
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
