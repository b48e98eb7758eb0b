"""The tracking rules: ``rules/zh/tracking.yaml`` and ``indicators.tsv``, loaded and validated.

All Chinese words the tracking stage needs (cue words, labels, reason templates,
domains) are data; this module only checks their shape and gives them types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from planwatch.errors import RuleError
from planwatch.headline import Indicator, headline_indicators, read_headline
from planwatch.model import STATUSES
from planwatch.rules import loader

FILE = "tracking.yaml"
REPORT_KEYS = (
    "title", "all_regions", "as_of", "columns", "summary_status", "summary_domain", "count", "total",
    "midterm", "midterm_columns", "sheet_rows", "sheet_summary", "sheet_midterm", "none", "superseded",
    "separator", "scorecard",
)
REASON_KEYS = (
    "achieved", "achieved_early", "achieved_partial", "missed", "likely_achieved", "likely_missed",
    "on_track_met", "on_track_path", "at_risk_path", "at_risk_open", "no_data", "no_data_early",
    "no_data_start", "no_data_undated",
)


@dataclass(frozen=True)
class Domain:
    name: str
    canonical: frozenset[str]
    words: tuple[str, ...]


@dataclass(frozen=True)
class TrackingRules:
    """Everything ``tracking.yaml`` says, typed."""

    relative_tolerance: float
    point_tolerance: float
    point_units: frozenset[str]
    point_measures: frozenset[str]
    unit_groups: tuple[frozenset[str], ...]
    unit_factors: Mapping[str, tuple[str, float]]
    lower_is_better: tuple[str, ...]
    reduction_prefixes: tuple[str, ...]
    fall_names: tuple[str, ...]
    stock_canonical: frozenset[str]
    flow_words: tuple[str, ...]
    stock_words: tuple[str, ...]
    labels: Mapping[str, Any]
    reasons: Mapping[str, str]
    domains: tuple[Domain, ...]
    other_domain: str
    status_labels: Mapping[str, str] = field(default_factory=dict)
    report: Mapping[str, Any] = field(default_factory=dict)


def _get(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in d:
        raise RuleError(where, key, "missing")
    value = d[key]
    if not isinstance(value, kind):
        raise RuleError(where, key, f"expected {kind}, got {type(value).__name__}")
    return value


def _words(d: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    items = _get(d, key, list, where)
    if not all(isinstance(w, str) and w for w in items):
        raise RuleError(where, key, "every entry must be a non-empty string")
    return tuple(items)


def parse_rules(raw: Mapping[str, Any], where: str = "tracking.yaml") -> TrackingRules:
    """Validate the parsed YAML (against its schema, then its sense) and build :class:`TrackingRules`."""
    loader.validate(raw, FILE)
    tol = _get(raw, "tolerance", dict, where)
    link = _get(raw, "linking", dict, where)
    better = _get(raw, "better", dict, where)
    stocks = _get(raw, "stocks", dict, where)
    labels = _get(raw, "labels", dict, where)
    reasons = _get(raw, "reasons", dict, where)
    missing = [k for k in REASON_KEYS if not isinstance(reasons.get(k), str)]
    if missing:
        raise RuleError(where, "reasons", f"missing templates {missing}")
    _get(labels, "linked_by_words", str, f"{where}.labels")
    status_labels = _get(labels, "status", dict, f"{where}.labels")
    if set(status_labels) != set(STATUSES):
        raise RuleError(where, "labels.status", f"needs exactly {STATUSES}")
    factors: dict[str, tuple[str, float]] = {}
    for unit, pair in _get(link, "unit_factors", dict, f"{where}.linking").items():
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], int | float)):
            raise RuleError(where, f"linking.unit_factors.{unit}", "expected [unit, factor]")
        factors[str(unit)] = (str(pair[0]), float(pair[1]))
    domains = []
    for i, dom in enumerate(_get(raw, "domains", list, where)):
        w = f"{where}.domains[{i}]"
        domains.append(
            Domain(
                name=_get(dom, "name", str, w),
                canonical=frozenset(_words(dom, "canonical", w)),
                words=_words(dom, "words", w),
            )
        )
    report = _get(raw, "report", dict, where)
    missing = [k for k in REPORT_KEYS if k not in report]
    if missing:
        raise RuleError(where, "report", f"missing keys {missing}")
    return TrackingRules(
        relative_tolerance=float(_get(tol, "relative", (int, float), f"{where}.tolerance")),
        point_tolerance=float(_get(tol, "points", (int, float), f"{where}.tolerance")),
        point_units=frozenset(_words(tol, "point_units", f"{where}.tolerance")),
        point_measures=frozenset(_words(tol, "point_measures", f"{where}.tolerance")),
        unit_groups=tuple(frozenset(g) for g in _get(link, "unit_groups", list, f"{where}.linking")),
        unit_factors=factors,
        lower_is_better=_words(better, "lower_is_better", f"{where}.better"),
        reduction_prefixes=_words(better, "reduction_prefixes", f"{where}.better"),
        fall_names=_words(better, "fall_names", f"{where}.better"),
        stock_canonical=frozenset(_words(stocks, "canonical", f"{where}.stocks")),
        flow_words=_words(stocks, "flow_words", f"{where}.stocks"),
        stock_words=_words(stocks, "stock_words", f"{where}.stocks"),
        labels=labels,
        reasons={k: str(v) for k, v in reasons.items()},
        domains=tuple(domains),
        other_domain=_get(raw, "other_domain", str, where),
        status_labels={k: str(v) for k, v in status_labels.items()},
        report=report,
    )


def read_rules(folder: Path | None = None, lang: str = "zh") -> TrackingRules:
    """Read, validate and compile ``tracking.yaml`` of the rules ``folder`` (the packaged one by default)."""
    return parse_rules(loader.read(FILE, lang, folder))


@cache
def load_rules() -> TrackingRules:
    """The packaged ``tracking.yaml``, compiled once."""
    return read_rules()


def read_indicators(path: Path) -> dict[str, Indicator]:
    """Read an ``indicators.tsv`` (columns id, name, measure, unit, better, synonyms), by id."""
    return {i.id: i for i in read_headline(path)}


@cache
def load_indicators() -> dict[str, Indicator]:
    """The packaged headline indicators, by id (read once, by ``planwatch.headline``)."""
    return {i.id: i for i in headline_indicators()}
