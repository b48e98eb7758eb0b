"""The structure stage's rule engine: loads and validates ``rules/zh/structure.yaml`` and ``documents.yaml``.

All Chinese words the stage relies on live in those two files. Reading and schema validation are
:mod:`planwatch.rules.loader`'s; this module compiles the patterns (expanding ``{date}``/``{numdate}``
with the loader's ``{Name}`` expansion) and keeps every entry with its ``examples``/``counter`` cases
so tests can prove each entry does what it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from planwatch.errors import RuleError
from planwatch.rules import loader
from planwatch.rules.loader import Rule

LABELS = ("review", "plan", "glossary")


@dataclass(frozen=True)
class Numbered:
    """A numbered heading style (一、 （一） 1. …) and its nesting rank."""

    id: str
    rank: float
    rule: Rule


@dataclass(frozen=True)
class Relative:
    """A relative period cue (过去五年) and its year offsets from the plan year."""

    rule: Rule
    start: int
    end: int


@dataclass(frozen=True)
class KindCues:
    kind: str
    title: tuple[Rule, ...]
    opening: tuple[Rule, ...]


@dataclass(frozen=True)
class YearCues:
    """Sentences of a body that tell the plan year (``documents.yaml`` ``years``)."""

    this_year: Rule
    ordinal: Rule
    plan_named: Rule
    first_words: frozenset[str]
    last_words: frozenset[str]
    congress: Rule
    congress_anchor: tuple[int, int]
    congress_ahead: Rule
    anniversary: Rule
    events: dict[str, int]
    last_year: Rule
    year_is: Rule
    plan_phrase: Rule


@dataclass(frozen=True)
class Rules:
    """Everything the structure stage knows about Chinese reports."""

    numerals: dict[str, int]
    max_title_chars: int
    sentence_punct: re.Pattern[str]
    lead_end: re.Pattern[str]
    heading_end: re.Pattern[str]
    numbered: tuple[Numbered, ...]
    numbered_any: re.Pattern[str]  # all numbered styles at once; group ``n<i>`` is ``numbered[i]``
    strong: dict[str, tuple[Rule, ...]]
    weak: dict[str, tuple[Rule, ...]]
    appendix: tuple[Rule, ...]
    span: re.Pattern[str]
    year: re.Pattern[str]
    year_cn: re.Pattern[str]
    relative: tuple[Relative, ...]
    five_year: tuple[Rule, ...]
    five_year_anchor: tuple[int, int]
    zone: Rule  # a paragraph opening that names a period (过去五年， / 2020年，)
    term: Rule  # words naming a term-long review (本届政府, 过去四年)
    term_start: Rule  # the government's formation (2018年10月，…人民政府正式成立): group ``y``
    term_start_window: int
    furniture: tuple[Rule, ...]
    tail_only: Rule
    menu_items: int
    menu_item_chars: int
    date: re.Pattern[str]
    kinds: tuple[KindCues, ...]
    salutation: Rule
    title: Rule
    title_end: Rule
    dateline: Rule
    dateline_tail: Rule
    author: Rule
    max_head_title_chars: int
    published: Rule
    national: Rule
    national_name: str
    issuer_after: Rule
    speaker: Rule
    level_words: dict[str, tuple[tuple[int, ...], str]]
    common_names: frozenset[str]
    county_suffixes: tuple[str, ...]
    min_mentions: int
    min_lead: float
    years: YearCues
    suffixes: tuple[str, ...]
    placeholder_names: frozenset[str]
    min_free_text_chars: int
    all: tuple[Rule, ...] = field(default=(), repr=False)


class _Loader:
    """Compiles entries, remembering each one for the spec-case tests."""

    def __init__(self, templates: dict[str, str]) -> None:
        self.templates = templates
        self.rules: list[Rule] = []

    def compile(self, pattern: Any, where: str) -> re.Pattern[str]:
        if not isinstance(pattern, str) or not pattern:
            raise RuleError(f"{where}: pattern must be a non-empty string")
        expanded = loader.expand(pattern, self.templates, file="structure rules")
        return loader.compile_pattern(expanded, "structure rules", where, re.M)

    def rule(self, entry: Any, where: str, key: str = "pattern") -> Rule:
        if not isinstance(entry, dict) or key not in entry:
            raise RuleError(f"{where}: expected a mapping with '{key}'")
        examples = entry.get("examples", [])
        counter = entry.get("counter", [])
        if not isinstance(examples, list) or not isinstance(counter, list):
            raise RuleError(f"{where}: examples/counter must be lists")
        regex = self.compile(entry[key], where)
        rule = Rule(where, regex, tuple(map(str, examples)), tuple(map(str, counter)))
        self.rules.append(rule)
        return rule

    def rules_of(self, entries: Any, where: str) -> tuple[Rule, ...]:
        if entries is None:
            return ()
        if not isinstance(entries, list):
            raise RuleError(f"{where}: expected a list")
        return tuple(self.rule(e, f"{where}[{i}]") for i, e in enumerate(entries))


def _need(data: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise RuleError(f"{where}: missing '{key}'")
    return data[key]


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(f"{where}: expected an integer")
    return value


def _level_words(data: Any) -> dict[str, tuple[tuple[int, ...], str]]:
    if not isinstance(data, dict):
        raise RuleError("region.level_words: expected a mapping")
    out: dict[str, tuple[tuple[int, ...], str]] = {}
    for word, entry in data.items():
        levels = _need(entry, "levels", f"level_words.{word}")
        if not isinstance(levels, list) or not levels or not all(x in (1, 2, 3) for x in levels):
            raise RuleError(f"region.level_words.{word}: levels must be a list of 1, 2, 3")
        out[str(word)] = (tuple(levels), str(_need(entry, "suffix", f"level_words.{word}")))
    return out


def _year_cues(data: Any, ld: _Loader) -> YearCues:
    def rule(key: str) -> Rule:
        return ld.rule(_need(data, key, "years"), f"years.{key}")

    events = _need(data, "events", "years")
    if not isinstance(events, dict) or not all(isinstance(v, int) for v in events.values()):
        raise RuleError("years.events: expected a mapping of events to years")
    anchor = _need(data, "congress_anchor", "years")
    return YearCues(
        this_year=rule("this_year"), ordinal=rule("ordinal"), plan_named=rule("plan_named"),
        first_words=frozenset(map(str, _need(data, "first_words", "years"))),
        last_words=frozenset(map(str, _need(data, "last_words", "years"))),
        congress=rule("congress"), congress_ahead=rule("congress_ahead"),
        congress_anchor=(_int(_need(anchor, "ordinal", "congress_anchor"), "congress_anchor.ordinal"),
                         _int(_need(anchor, "year", "congress_anchor"), "congress_anchor.year")),
        anniversary=rule("anniversary"), events={str(k): v for k, v in events.items()},
        last_year=rule("last_year"), year_is=rule("year_is"), plan_phrase=rule("plan_phrase"),
    )


def _any(numbered: tuple[Numbered, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<n{i}>{n.rule.regex.pattern})" for i, n in enumerate(numbered)))


def _read(name: str, folder: Path | None, lang: str) -> dict[str, Any]:
    data = loader.read(name, lang, folder)
    if data.get("version") != 1:
        raise RuleError(name, "version", "expected version: 1")
    return data


def load(folder: Path | None = None, lang: str = "zh") -> Rules:
    """Read, validate and compile both rule files of ``folder`` (the packaged ones by default)."""
    st = _read("structure.yaml", folder, lang)
    doc = _read("documents.yaml", folder, lang)
    templates = {"date": _need(doc, "date", "documents"), "numdate": _need(doc, "numdate", "documents")}
    ld = _Loader(templates)

    numerals = _need(st, "numerals", "structure")
    if not isinstance(numerals, dict) or not all(isinstance(v, int) for v in numerals.values()):
        raise RuleError("structure.numerals: expected a mapping of characters to integers")
    hd = _need(st, "headings", "structure")
    numbered = tuple(
        Numbered(str(_need(e, "id", "numbered")), float(_need(e, "rank", "numbered")),
                 ld.rule(e, f"headings.numbered[{e.get('id')}]"))
        for e in _need(hd, "numbered", "headings")
    )
    lb = _need(st, "labels", "structure")
    strong = {
        k: ld.rules_of(_need(_need(lb, k, "labels"), "strong", k), f"labels.{k}.strong") for k in LABELS
    }
    weak = {k: ld.rules_of(_need(lb, k, "labels").get("weak"), f"labels.{k}.weak") for k in LABELS}
    pe = _need(st, "periods", "structure")
    relative = tuple(
        Relative(ld.rule(e, f"periods.relative[{i}]"), _int(_need(e, "from", "relative"), "from"),
                 _int(_need(e, "to", "relative"), "to"))
        for i, e in enumerate(_need(pe, "relative", "periods"))
    )
    fy = _need(pe, "five_year", "periods")
    fu = _need(st, "furniture", "structure")
    tail_only = ld.rule(_need(fu, "tail_only", "furniture"), "furniture.tail_only")
    head = _need(doc, "head", "documents")
    reg = _need(doc, "region", "documents")
    kinds = tuple(
        KindCues(str(_need(k, "kind", "kinds")), ld.rules_of(k.get("title"), f"kinds.{k['kind']}.title"),
                 ld.rules_of(k.get("opening"), f"kinds.{k['kind']}.opening"))
        for k in _need(doc, "kinds", "documents")
    )
    return Rules(
        numerals={str(k): v for k, v in numerals.items()},
        max_title_chars=_int(_need(hd, "max_title_chars", "headings"), "max_title_chars"),
        sentence_punct=ld.compile(_need(hd, "sentence_punct", "headings"), "sentence_punct"),
        lead_end=ld.compile(_need(hd, "lead_end", "headings"), "lead_end"),
        heading_end=ld.compile(_need(hd, "heading_end", "headings"), "heading_end"),
        numbered=numbered,
        numbered_any=_any(numbered),
        strong=strong,
        weak=weak,
        appendix=ld.rules_of(_need(lb, "appendix", "labels"), "labels.appendix"),
        span=ld.compile(_need(pe, "span", "periods"), "periods.span"),
        year=ld.compile(_need(pe, "year", "periods"), "periods.year"),
        year_cn=ld.compile(_need(pe, "year_cn", "periods"), "periods.year_cn"),
        relative=relative,
        five_year=ld.rules_of(_need(fy, "patterns", "five_year"), "periods.five_year"),
        five_year_anchor=(_int(_need(fy, "anchor_ordinal", "five_year"), "anchor_ordinal"),
                          _int(_need(fy, "anchor_start", "five_year"), "anchor_start")),
        zone=ld.rule(_need(pe, "zone", "periods"), "periods.zone"),
        term=ld.rule(_need(pe, "term", "periods"), "periods.term"),
        term_start=ld.rule(_need(pe, "term_start", "periods"), "periods.term_start"),
        term_start_window=_int(_need(pe, "term_start_window", "periods"), "term_start_window"),
        furniture=ld.rules_of(_need(fu, "lines", "furniture"), "furniture.lines"),
        tail_only=tail_only,
        menu_items=_int(_need(fu, "menu_items", "furniture"), "menu_items"),
        menu_item_chars=_int(_need(fu, "menu_item_chars", "furniture"), "menu_item_chars"),
        date=ld.compile(templates["date"], "date"),
        kinds=kinds,
        salutation=ld.rule(_need(head, "salutation", "head"), "head.salutation"),
        title=ld.rule(_need(head, "title", "head"), "head.title"),
        title_end=ld.rule(_need(head, "title_end", "head"), "head.title_end"),
        dateline=ld.rule(_need(head, "dateline", "head"), "head.dateline"),
        dateline_tail=ld.rule(_need(head, "dateline_tail", "head"), "head.dateline_tail"),
        author=ld.rule(_need(head, "author", "head"), "head.author"),
        max_head_title_chars=_int(_need(head, "max_title_chars", "head"), "head.max_title_chars"),
        published=ld.rule(_need(doc, "published", "documents"), "published"),
        national=ld.rule(_need(reg, "national", "region"), "region.national"),
        national_name=str(_need(reg, "national_name", "region")),
        issuer_after=ld.rule(_need(reg, "issuer_after", "region"), "region.issuer_after"),
        speaker=ld.rule(_need(reg, "speaker", "region"), "region.speaker"),
        level_words=_level_words(_need(reg, "level_words", "region")),
        common_names=frozenset(map(str, _need(reg, "common_names", "region"))),
        county_suffixes=tuple(
            sorted(map(str, _need(reg, "county_suffixes", "region")), key=len, reverse=True)),
        min_mentions=_int(_need(reg, "min_mentions", "region"), "region.min_mentions"),
        min_lead=float(_need(reg, "min_lead", "region")),
        years=_year_cues(_need(doc, "years", "documents"), ld),
        suffixes=tuple(map(str, _need(reg, "suffixes", "region"))),
        placeholder_names=frozenset(map(str, _need(reg, "placeholder_names", "region"))),
        min_free_text_chars=_int(_need(reg, "min_free_text_chars", "region"), "min_free_text_chars"),
        all=tuple(ld.rules),
    )


@cache
def rules() -> Rules:
    """The packaged rules, loaded once."""
    return load()


def check(r: Rules | None = None) -> list[str]:
    """Run every entry's inline examples; one message per failure (empty when all hold)."""
    return loader.check_examples((r or rules()).all)
