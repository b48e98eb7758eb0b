"""Comparator semantics: does a figure meet a target?

Values are compared in one *space* per target: base units, with growth and
delta signed by their direction (``下降3%`` is -3), except for falls, which are
compared as sizes of the fall (``压减20%以上`` is met by a fall of 25%).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from planwatch.model import Statement
from planwatch.track.rules import Indicator, TrackingRules

Better = Literal["up", "down"]
_PERIOD = re.compile(r"^\s*(\d{4})(?:\s*[-–—~]\s*(\d{4}))?\s*$")
#: Years a period may name; anything outside (``0000`` of an undated text) is unreadable.
YEARS = range(1900, 2201)
EPS = 1e-12  # relative slack of equality
NUDGE = 1e-9  # relative step past an open bound (超过, 不到)


@dataclass(frozen=True, order=True)
class Period:
    """A year or a span of years, both ends included."""

    start: int
    end: int

    @property
    def years(self) -> int:
        return self.end - self.start + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


def parse_period(text: str | None) -> Period | None:
    """``"2020"`` → 2020-2020, ``"2016-2020"`` → 2016-2020; anything else (``"0000"``) → None."""
    m = _PERIOD.match(text or "")
    if not m:
        return None
    start = int(m.group(1))
    end = int(m.group(2) or start)
    return Period(start, end) if start <= end and start in YEARS and end in YEARS else None


@dataclass(frozen=True)
class Space:
    """How a target's figures are compared: fall sizes or signed values, and which way is better."""

    fall: bool
    better: Better


def _has(words: tuple[str, ...], *texts: str) -> bool:
    return any(w in t for w in words for t in texts)


def space_for(target: Statement, rules: TrackingRules, indicators: Mapping[str, Indicator]) -> Space:
    """The comparison space of ``target`` (docs/tracking-method.md, "Which way is better")."""
    ind = indicators.get(target.canonical or "")
    rated = target.measure in ("growth", "delta")
    if ind is not None:
        better: Better = "down" if ind.better == "down" else "up"
        fall = rated and _has(rules.fall_names, ind.name)
        return Space(fall=fall, better=better)
    if rated and target.direction == "down":
        return Space(fall=True, better="up")
    if any(target.indicator.startswith(p) for p in rules.reduction_prefixes):
        return Space(fall=False, better="up")
    if _has(rules.lower_is_better, target.indicator, target.text):
        return Space(fall=False, better="down")
    return Space(fall=False, better="up")


def common_unit(unit: str, rules: TrackingRules) -> tuple[str, float]:
    """The unit ``unit`` compares in, and the factor to it (公顷 → 平方米 ×10000; 户 → 家)."""
    name, factor = rules.unit_factors.get(unit, (unit, 1.0))
    for group in rules.unit_groups:
        if name in group:
            return min(group), factor
    return name, factor


def position(s: Statement, space: Space, factor: float = 1.0) -> float:
    """``s``'s value in ``space``; an open bound (``超过``/``不到``) is nudged past its figure."""
    v = float(s.value) * factor
    if s.measure in ("growth", "delta"):
        down = s.direction == "down"
        v = (v if down else -v) if space.fall else (-v if down else v)
    flip = space.fall and s.measure in ("growth", "delta") and s.direction == "down"
    nudge = NUDGE * max(1.0, abs(v))
    if s.comparator == ">":
        v += -nudge if flip else nudge
    elif s.comparator == "<":
        v += nudge if flip else -nudge
    return v


def tolerance(target: Statement, rules: TrackingRules, value: float | None = None) -> float:
    """The band of ``~``: 10% of the target, or 0.5 points for a growth/share in %, the wider."""
    base = abs(target.value if value is None else value) * rules.relative_tolerance
    if target.unit in rules.point_units and target.measure in rules.point_measures:
        base = max(base, rules.point_tolerance)
    return base


def meets(
    target: Statement,
    actual: float,
    space: Space,
    rules: TrackingRules,
    *,
    goal: float | None = None,
    factor: float = 1.0,
) -> bool:
    """Whether ``actual`` (already in ``space``) meets ``target``.

    ``goal`` replaces the target's own figure (in ``space``), e.g. a point on
    the linear path; the target's comparator and tolerance still apply.
    """
    t = position_of_target(target, space, factor) if goal is None else goal
    cmp = target.comparator
    eps = EPS * max(1.0, abs(t))
    if cmp == ">=":
        return actual >= t - eps
    if cmp == ">":
        return actual > t + eps
    if cmp == "<=":
        return actual <= t + eps
    if cmp == "<":
        return actual < t - eps
    if cmp == "~":
        tol = tolerance(target, rules, t)
        return actual >= t - tol - eps if space.better == "up" else actual <= t + tol + eps
    return actual >= t - eps if space.better == "up" else actual <= t + eps


def position_of_target(target: Statement, space: Space, factor: float = 1.0) -> float:
    """The target's own figure in ``space`` (no nudging: the comparator carries strictness)."""
    v = float(target.value) * factor
    if target.measure in ("growth", "delta"):
        down = target.direction == "down"
        v = (v if down else -v) if space.fall else (-v if down else v)
    return v


def relation(actual: float, goal: float) -> Literal["above", "below", "equal"]:
    """Where ``actual`` stands against ``goal``, for the reason's wording."""
    if abs(actual - goal) <= NUDGE * 10 * max(1.0, abs(goal)):
        return "equal"
    return "above" if actual > goal else "below"
