"""The quality gate: dev scores must not fall below pinned floors.

A baseline (``benchmarks/baseline.json``) holds one floor per gated score and a
sha256 fingerprint of the data the floors were measured on (the dev corpus and
its gold). :func:`judge` compares fresh scores with it; :func:`repin` makes a new
baseline from fresh scores and refuses to lower a floor unless told to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError
from planwatch.evaluate.pipeline import Pipeline, resolve
from planwatch.evaluate.score import ATTRIBUTES, load_records, score

#: The scores the gate holds floors for (keys of ``Scores.to_dict``).
GATED: tuple[str, ...] = (
    "strict_f1", "f1", "span_exact", *(f"{name}_agreement" for name in ATTRIBUTES),
)
#: Slack for float noise; scores are rounded to 4 decimals.
EPSILON = 1e-9


class GateError(PlanWatchError):
    """The baseline cannot be read, or a re-pin would lower a floor."""


@dataclass(frozen=True)
class Baseline:
    """Floors for the gated scores and the fingerprint of the data they hold for."""

    fingerprint: str
    floors: Mapping[str, float | None] = field(default_factory=dict)
    data: tuple[str, ...] = ()
    pinned: str | None = None

    @property
    def is_pinned(self) -> bool:
        return bool(self.floors)

    def to_json(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "data": list(self.data), "pinned": self.pinned,
                "floors": {k: self.floors[k] for k in GATED if k in self.floors}}


@dataclass(frozen=True)
class Verdict:
    """What the gate found: ``ok`` when nothing failed."""

    failures: tuple[str, ...]
    rows: tuple[tuple[str, float | None, float | None], ...]  # (score, value, floor)

    @property
    def ok(self) -> bool:
        return not self.failures


def fingerprint(roots: Sequence[Path]) -> str:
    """sha256 over every file under ``roots``: relative path and content, in a fixed order.

    Paths are taken relative to their root (roots are told apart by position, not
    by name), so the fingerprint does not depend on where the data lives. Hidden
    files (``.DS_Store``, editor droppings) are left out.
    """
    h = hashlib.sha256()
    for i, root in enumerate(Path(r) for r in roots):
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(root).parts))
        else:
            files = [root]
        for p in files:
            rel = p.relative_to(root).as_posix() if root.is_dir() else p.name
            h.update(f"{i}/{rel}".encode())
            h.update(b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file (:class:`GateError` when unreadable or malformed)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        floors = raw.get("floors") or {}
        unknown = sorted(set(floors) - set(GATED))
        if unknown:
            raise GateError(f"{path}: unknown floors {unknown}")
        for k, v in floors.items():
            if v is not None and not (isinstance(v, int | float) and 0 <= v <= 1):
                raise GateError(f"{path}: floor {k}={v!r} is not a number in [0, 1]")
        return Baseline(fingerprint=str(raw["fingerprint"]), floors=dict(floors),
                        data=tuple(raw.get("data") or ()), pinned=raw.get("pinned"))
    except (OSError, ValueError, KeyError, AttributeError) as e:
        raise GateError(f"{path}: not a baseline ({e})") from e


def save_baseline(path: Path, baseline: Baseline) -> None:
    Path(path).write_text(json.dumps(baseline.to_json(), indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")


def dev_scores(corpus: Path, gold: Path, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """The scores of the current extractor on ``corpus`` against ``gold`` (a folder or file of records)."""
    pipeline = pipeline or resolve()
    return score(load_records(gold), pipeline.predict(corpus)).to_dict()


def judge(scores: Mapping[str, Any], baseline: Baseline, data_fingerprint: str) -> Verdict:
    """Every gated score must reach its floor, on the data the floors were pinned on."""
    failures: list[str] = []
    if data_fingerprint != baseline.fingerprint:
        failures.append("the dev corpus or gold changed since the floors were pinned "
                        f"(fingerprint {data_fingerprint[:12]} != {baseline.fingerprint[:12]}): "
                        "re-pin with `benchmarks/gate.py --update`")
    rows = []
    for key in GATED:
        floor, value = baseline.floors.get(key), scores.get(key)
        rows.append((key, value, floor))
        if floor is None:
            continue
        if value is None:
            failures.append(f"{key}: no score (floor {floor})")
        elif value < floor - EPSILON:
            failures.append(f"{key}: {value} < floor {floor}")
    return Verdict(tuple(failures), tuple(rows))


def repin(scores: Mapping[str, Any], old: Baseline | None, data_fingerprint: str, data: Sequence[str],
          *, allow_regression: bool = False) -> Baseline:
    """A baseline whose floors are ``scores``; lowering an old floor needs ``allow_regression``."""
    floors = {k: scores.get(k) for k in GATED}
    if old is not None and not allow_regression:
        lowered = []
        for k in GATED:
            before, after = old.floors.get(k), floors[k]
            if before is not None and (after is None or after < before - EPSILON):
                lowered.append(f"{k}: {before} -> {after}")
        if lowered:
            raise GateError("refusing to lower floors without --allow-regression: " + "; ".join(lowered))
    return Baseline(fingerprint=data_fingerprint, floors=floors, data=tuple(data),
                    pinned=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
