"""The extraction rules (``planwatch/rules/<lang>/*.yaml``), compiled into typed, frozen rules.

Reading and validation are :mod:`planwatch.rules.loader`'s: each file is checked against its JSON
Schema (``rules/schemas/<file>.json``; unknown keys and wrong types are errors naming the file and
the key). This module only gives the validated data types: one frozen dataclass per file, built
field by field from the file's keys. Patterns may refer to the named patterns of ``numbers.yaml``
by ``{Name}``; :meth:`Rulebook.compile` expands them.

The loaded :class:`Rulebook` is cached per language.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from planwatch.errors import RuleError
from planwatch.headline import Indicator, headline_rows
from planwatch.model import SectionLabel
from planwatch.rules.loader import alternation, compile_pattern, expand, read

__all__ = [
    "EXTRACT_FILES", "Indicator", "RuleError", "Rulebook", "alternation", "expand", "last_match", "load",
]

Words = tuple[str, ...]


# ---- one dataclass per file (field names are the file's keys) ----------------------------------


@dataclass(frozen=True)
class Scale:
    word: str
    factor: int
    not_before: Words = ()


@dataclass(frozen=True)
class Numbers:
    patterns: Mapping[str, str]
    max_length: int
    scales: tuple[Scale, ...]


@dataclass(frozen=True)
class Unit:
    unit: str
    forms: Words
    kind: str = "count"


@dataclass(frozen=True)
class Implied:
    unit: str
    before: Words
    requires_scale: bool = False


@dataclass(frozen=True)
class Units:
    units: tuple[Unit, ...]
    implied: tuple[Implied, ...]


@dataclass(frozen=True)
class Comparator:
    words: Words
    position: str
    comparator: str
    in_span: bool
    not_after: Words = ()


@dataclass(frozen=True)
class Comparators:
    comparators: tuple[Comparator, ...]
    range_comparator: str


@dataclass(frozen=True)
class Exclusion:
    name: str
    reason: str
    left: str | None = None
    right: str | None = None
    unit_kind: str | None = None


@dataclass(frozen=True)
class Exclusions:
    exclusions: tuple[Exclusion, ...]


@dataclass(frozen=True)
class KindCue:
    kind: str
    words: Words
    sections: Words | None = None


@dataclass(frozen=True)
class Kinds:
    section_kind: Mapping[str, str | None]
    year_before_period: str
    year_after_period: str
    cues: tuple[KindCue, ...]


@dataclass(frozen=True)
class Periods:
    plans: Mapping[str, tuple[int, ...]]
    stock_words: Words
    flow_words: Words
    stock_after: str
    from_words: Words
    span_words: Words
    n_year_total: str
    explicit_year: str
    explicit_year_gap: int
    clause_year: str
    sentence_year: str
    named_plan: str
    named_plan_end: Words
    base_year: str
    chinese_digits: Mapping[str, int]


@dataclass(frozen=True)
class Measures:
    change_verbs: Mapping[str, Words]
    between: Words
    level_suffix: Words


@dataclass(frozen=True)
class Indicators:
    """``indicators.yaml``: how an indicator phrase is cut out of the words around a figure."""

    clause_breaks: str
    sentence_breaks: str
    segment_breaks: str
    strip_patterns: Words
    leading: Words
    trailing: Words
    verbs: Words
    defer_to_right: Words
    right_lead: Words
    owned_measures: Words
    owner_marker: str
    short_left: int
    generic: Words
    right_stops: Words
    respectively: Words
    list_separators: str
    list_breaks: str
    ranking_clause: str
    share_of: Words
    shared_verbs: Words
    shared_after: Words
    totals: Words
    anaphora_min: int
    subject_max: int


@dataclass(frozen=True)
class CanonicalId:
    extra_synonyms: Words = ()
    block: Words = ()
    block_in_phrase: Words = ()
    patterns: Words = ()
    units: Words = ()


@dataclass(frozen=True)
class Canonical:
    growth_suffixes: Words
    unit_groups: tuple[Words, ...]
    ids: Mapping[str, CanonicalId]


@dataclass(frozen=True)
class Column:
    role: str
    pattern: str


@dataclass(frozen=True)
class Tables:
    cell_separator: str
    min_cells: int
    min_figure_columns: int
    columns: tuple[Column, ...]
    header_year: str
    change_columns: Words
    unit_bracket: str
    name_strip: str
    span_name_words: Words
    cumulative_open: str
    cumulative_close: str
    symbols: Mapping[str, str]
    empty_cells: Words


@dataclass(frozen=True)
class Heading:
    label: SectionLabel
    cue: str


@dataclass(frozen=True)
class Outline:
    max_heading_chars: int
    headings: tuple[Heading, ...]
    title_review: str
    title_plan: str
    title_five_year: str
    five_year_key: str
    five_year_heading: str


#: The extraction stage's rule files, each with the dataclass it compiles to.
EXTRACT_FILES: dict[str, type] = {
    "numbers": Numbers, "units": Units, "comparators": Comparators, "exclusions": Exclusions,
    "kinds": Kinds, "periods": Periods, "measures": Measures, "indicators": Indicators,
    "canonical": Canonical, "tables": Tables, "outline": Outline,
}

T = TypeVar("T")


def _convert(value: Any, hint: Any) -> Any:
    """``value`` (validated YAML) as the type ``hint``: lists become tuples, mappings of entries
    become mappings of dataclasses."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        return _convert(value, next(a for a in get_args(hint) if a is not type(None)))
    if origin is tuple:
        item = get_args(hint)[0]
        return tuple(_convert(v, item) for v in value)
    if origin is Mapping:
        item = get_args(hint)[1]
        return types.MappingProxyType({k: _convert(v, item) for k, v in value.items()})
    if isinstance(hint, type) and is_dataclass(hint):
        return _build(hint, value)
    return value


def _build(cls: type[T], data: Mapping[str, Any]) -> T:
    hints = get_type_hints(cls)
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: _convert(v, hints[k]) for k, v in data.items() if k in names})


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last non-overlapping match of ``pattern`` in ``text``."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - we want the last one
        pass
    return found


@dataclass(frozen=True)
class Rulebook:
    """All extraction rule files of a language, validated and typed."""

    lang: str
    numbers: Numbers
    units: Units
    comparators: Comparators
    exclusions: Exclusions
    kinds: Kinds
    periods: Periods
    measures: Measures
    indicators: Indicators
    canonical: Canonical
    tables: Tables
    outline: Outline
    headline: tuple[Indicator, ...]

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """Compile ``pattern`` with the named patterns of numbers.yaml expanded."""
        return compile_pattern(expand(pattern, self.numbers.patterns, file="numbers.yaml"), "extract rules",
                               "", flags)


def _load_indicators(canonical: Canonical, lang: str = "zh", folder: Path | None = None,
                     ) -> tuple[Indicator, ...]:
    """The headline indicators with the synonyms and block words of canonical.yaml."""
    rows = headline_rows(lang, folder)
    for unknown in sorted(set(canonical.ids) - {r.id for r in rows}):
        raise RuleError("canonical.yaml", f"ids.{unknown}", "unknown indicator id")
    out: list[Indicator] = []
    for r in rows:
        ext = canonical.ids.get(r.id, CanonicalId())
        syn = [*r.synonyms, r.name, *ext.extra_synonyms]
        for pat in ext.patterns:
            compile_pattern(pat, "canonical.yaml", f"ids.{r.id}.patterns")
        out.append(replace(r, synonyms=tuple(dict.fromkeys(syn)), block=ext.block, patterns=ext.patterns,
                           units=ext.units, block_in_phrase=ext.block_in_phrase))
    return tuple(out)


def read_book(lang: str = "zh", folder: Path | None = None) -> Rulebook:
    """Read, validate and compile every extraction rule file of ``lang`` (of ``folder`` when given)."""
    parts: dict[str, Any] = {
        name: _build(cls, read(f"{name}.yaml", lang, folder)) for name, cls in EXTRACT_FILES.items()
    }
    book = Rulebook(lang=lang, headline=_load_indicators(parts["canonical"], lang, folder), **parts)
    for pname in book.numbers.patterns:
        book.compile("{" + pname + "}")
    return book


@functools.cache
def load(lang: str = "zh") -> Rulebook:
    """Load and validate every extraction rule file of ``lang`` (cached)."""
    return read_book(lang)
