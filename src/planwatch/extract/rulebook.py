"""Load, validate and compile the language rules (``planwatch/rules/zh/*.yaml``).

Rules are data: every word the engine knows lives in a YAML file. Each file has a
schema below (allowed keys and their types); unknown keys and wrong types are
errors, raised as :class:`RuleError` naming the file and the key. Patterns may
refer to other named patterns by ``{Name}``; :func:`expand` resolves them.

The loaded :class:`Rulebook` is cached per language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planwatch.errors import PlanWatchError
from planwatch.headline import read_headline

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

Schema = Any  # a type, a (list, item-schema) tuple, or a dict of key -> (schema, required)

_STR_LIST = (list, str)


def _d(required: bool = True, **keys: Schema) -> dict[str, tuple[Schema, bool]]:
    return {k: (v, required) for k, v in keys.items()}


def _opt(**keys: Schema) -> dict[str, tuple[Schema, bool]]:
    return _d(False, **keys)


#: Schema of each rule file: top-level key -> (schema, required).
SCHEMAS: dict[str, dict[str, tuple[Schema, bool]]] = {
    "numbers": _d(
        patterns=(dict, str),
        max_length=int,
        scales=(list, {**_d(word=str, factor=int), **_opt(not_before=_STR_LIST)}),
    ),
    "units": _d(
        units=(list, {**_d(unit=str, forms=_STR_LIST), **_opt(kind=str)}),
        implied=(list, {**_d(unit=str, before=_STR_LIST), **_opt(requires_scale=bool)}),
    ),
    "comparators": _d(
        comparators=(list, {**_d(words=_STR_LIST, position=str, comparator=str, in_span=bool),
                            **_opt(not_after=_STR_LIST)}),
        range_comparator=str,
    ),
    "exclusions": _d(
        exclusions=(list, {**_d(name=str, reason=str), **_opt(left=str, right=str, unit_kind=str)}),
    ),
    "kinds": _d(
        section_kind=(dict, (str, type(None))),
        year_before_period=str,
        year_after_period=str,
        cues=(list, {**_d(kind=str, words=_STR_LIST), **_opt(sections=_STR_LIST)}),
    ),
    "periods": _d(
        plans=(dict, (list, int)),
        stock_words=_STR_LIST,
        flow_words=_STR_LIST,
        stock_after=str,
        from_words=_STR_LIST,
        span_words=_STR_LIST,
        n_year_total=str,
        explicit_year=str,
        explicit_year_gap=int,
        clause_year=str,
        sentence_year=str,
        named_plan=str,
        named_plan_end=(list, str),
        base_year=str,
        chinese_digits=(dict, int),
    ),
    "measures": _d(
        change_verbs=(dict, _STR_LIST),
        between=_STR_LIST,
        level_suffix=_STR_LIST,
    ),
    "indicators": _d(
        clause_breaks=str,
        sentence_breaks=str,
        segment_breaks=str,
        strip_patterns=_STR_LIST,
        leading=_STR_LIST,
        trailing=_STR_LIST,
        verbs=_STR_LIST,
        defer_to_right=_STR_LIST,
        right_lead=_STR_LIST,
        owned_measures=_STR_LIST,
        owner_marker=str,
        short_left=int,
        generic=_STR_LIST,
        right_stops=_STR_LIST,
        respectively=_STR_LIST,
        list_separators=str,
        list_breaks=str,
        ranking_clause=str,
        share_of=_STR_LIST,
        shared_verbs=_STR_LIST,
        shared_after=_STR_LIST,
        totals=_STR_LIST,
        anaphora_min=int,
        subject_max=int,
    ),
    "canonical": _d(
        growth_suffixes=_STR_LIST,
        unit_groups=(list, _STR_LIST),
        ids=(dict, _opt(extra_synonyms=_STR_LIST, block=_STR_LIST, block_in_phrase=_STR_LIST,
                                   patterns=_STR_LIST, units=_STR_LIST)),
    ),
    "tables": _d(
        cell_separator=str,
        min_cells=int,
        min_figure_columns=int,
        columns=(list, _d(role=str, pattern=str)),
        header_year=str,
        change_columns=_STR_LIST,
        unit_bracket=str,
        name_strip=str,
        span_name_words=_STR_LIST,
        cumulative_open=str,
        cumulative_close=str,
        symbols=(dict, str),
        empty_cells=_STR_LIST,
    ),
    "outline": _d(
        max_heading_chars=int,
        headings=(list, _d(label=str, cue=str)),
        title_review=str,
        title_plan=str,
        title_five_year=str,
        five_year_key=str,
        five_year_heading=str,
    ),
}


class RuleError(PlanWatchError):
    """A rule file is malformed."""


def _check(value: Any, schema: Schema, where: str) -> None:
    """Raise RuleError unless ``value`` fits ``schema``."""
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise RuleError(f"{where}: expected a mapping")
        for key in value:
            if key not in schema:
                raise RuleError(f"{where}: unknown key {key!r}")
        for key, (sub, required) in schema.items():
            if key in value:
                _check(value[key], sub, f"{where}.{key}")
            elif required:
                raise RuleError(f"{where}: missing key {key!r}")
        return
    if isinstance(schema, tuple) and len(schema) == 2 and schema[0] in (list, dict):
        container, item = schema
        if container is list:
            if not isinstance(value, list):
                raise RuleError(f"{where}: expected a list")
            for i, v in enumerate(value):
                _check(v, item, f"{where}[{i}]")
        else:
            if not isinstance(value, dict):
                raise RuleError(f"{where}: expected a mapping")
            for k, v in value.items():
                _check(v, item, f"{where}.{k}")
        return
    if isinstance(schema, tuple):
        if not isinstance(value, schema):
            raise RuleError(f"{where}: expected one of {[t.__name__ for t in schema]}")
        return
    if schema is int and isinstance(value, bool):
        raise RuleError(f"{where}: expected int")
    if not isinstance(value, schema):
        raise RuleError(f"{where}: expected {schema.__name__}, got {type(value).__name__}")


def load_file(path: Path, schema: Mapping[str, tuple[Schema, bool]]) -> dict[str, Any]:
    """Read one YAML rule file and validate it against ``schema``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise RuleError(f"{path.name}: {e}") from e
    _check(data, dict(schema), path.name)
    return dict(data)


_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand(pattern: str, named: Mapping[str, str], _depth: int = 0) -> str:
    """Replace every ``{Name}`` in ``pattern`` by the (expanded) named pattern."""
    if _depth > 20:
        raise RuleError(f"pattern references nest too deep: {pattern}")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in named:
            raise RuleError(f"unknown pattern reference {{{name}}}")
        return "(?:" + expand(named[name], named, _depth + 1) + ")"

    return _REF.sub(sub, pattern)


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 以上 wins over 以)."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in uniq) if uniq else "(?!)"


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last non-overlapping match of ``pattern`` in ``text``."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - we want the last one
        pass
    return found


@dataclass(frozen=True)
class Indicator:
    """One row of indicators.tsv, with the synonyms of canonical.yaml."""

    id: str
    name: str
    measure: str
    unit: str
    synonyms: tuple[str, ...]
    block: tuple[str, ...]
    #: regexes naming the indicator with words between (新增…学位), searched in the phrase
    patterns: tuple[str, ...] = ()
    #: more units a figure of the indicator may be written in (学位 in 座, 外资 in 元)
    units: tuple[str, ...] = ()
    #: words that block the indicator only inside the phrase itself (人均GDP is not GDP)
    block_in_phrase: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rulebook:
    """All rule files of a language, validated."""

    lang: str
    files: Mapping[str, dict[str, Any]]
    indicators: tuple[Indicator, ...]

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self.files[name]

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """Compile ``pattern`` with the named patterns of numbers.yaml expanded."""
        try:
            return re.compile(expand(pattern, self.files["numbers"]["patterns"]), flags)
        except re.error as e:
            raise RuleError(f"bad pattern {pattern!r}: {e}") from e


def _load_indicators(folder: Path, canonical: dict[str, Any]) -> tuple[Indicator, ...]:
    """The headline indicators with the synonyms and block words of canonical.yaml."""
    rows = read_headline(folder / "indicators.tsv")
    extra = canonical["ids"]
    for unknown in sorted(set(extra) - {r.id for r in rows}):
        raise RuleError(f"canonical.yaml: unknown indicator id {unknown!r}")
    out: list[Indicator] = []
    for r in rows:
        ext = extra.get(r.id, {})
        syn = [*r.synonyms, r.name, *ext.get("extra_synonyms", [])]
        for pat in ext.get("patterns", []):
            try:
                re.compile(pat)
            except re.error as e:
                raise RuleError(f"canonical.yaml: {r.id}: bad pattern {pat!r}: {e}") from e
        out.append(Indicator(r.id, r.name, r.measure, r.unit,
                             tuple(dict.fromkeys(syn)), tuple(ext.get("block", [])),
                             tuple(ext.get("patterns", [])), tuple(ext.get("units", [])),
                             tuple(ext.get("block_in_phrase", []))))
    return tuple(out)


@functools.cache
def load(lang: str = "zh") -> Rulebook:
    """Load and validate every rule file of ``lang`` (cached)."""
    folder = RULES_DIR / lang
    files: dict[str, dict[str, Any]] = {}
    for name, schema in SCHEMAS.items():
        path = folder / f"{name}.yaml"
        if not path.exists():
            raise RuleError(f"{path}: missing rule file")
        files[name] = load_file(path, schema)
    book = Rulebook(lang, files, _load_indicators(folder, files["canonical"]))
    for pname in files["numbers"]["patterns"]:
        book.compile("{" + pname + "}")
    return book
