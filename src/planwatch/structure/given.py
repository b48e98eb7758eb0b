"""Facts a person gives for a document (``planwatch ingest --region/--year/--kind``, the upload form, an
edit in the dashboard): read from ``Document.meta`` under :data:`planwatch.model.GIVEN_FACT_KEYS` and
checked, so that they win over what the structure stage reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from planwatch.model import GIVEN_FACT_KEYS, DocKind
from planwatch.structure.facts import KINDS
from planwatch.structure.issuer import given_region
from planwatch.structure.periods import MAX_YEAR, MIN_YEAR, cn_year
from planwatch.structure.rules import Rules, rules

REGION_KEY, YEAR_KEY, KIND_KEY = GIVEN_FACT_KEYS


@dataclass(frozen=True)
class Given:
    region: str | None = None
    year: int | None = None
    kind: DocKind | None = None


def check_region(value: str, rule_set: Rules | None = None) -> str:
    """The full name of a given region (北京市东城区, 东城区 when only one division has that name, 全国);
    ValueError naming it otherwise."""
    return given_region(value, rule_set or rules())


def check_year(value: str | int) -> int:
    """The plan year a person gives; ValueError naming it when it is not a year."""
    found = cn_year(str(value).strip().removesuffix("年"), rules().numerals)
    if found is None:
        raise ValueError(f"not a year: {value!r} (e.g. 2024)")
    year = found
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"not a year: {value!r} (between {MIN_YEAR} and {MAX_YEAR})")
    return year


def check_kind(value: str) -> DocKind:
    """A document kind a person gives; ValueError naming it and the kinds otherwise."""
    value = value.strip()
    if value not in KINDS:
        raise ValueError(f"unknown kind {value!r}: one of {', '.join(KINDS)}")
    return cast(DocKind, value)


def given_facts(meta: Mapping[str, str], rule_set: Rules | None = None) -> Given:
    """The facts ``meta`` gives; a value that does not check out is ignored (the CLI and the forms
    check values before they store them). A region the gazetteer does not know is kept as given: the
    dashboard accepts regions already in the store (a 新区 the table lacks), checked when given."""
    out: dict[str, object] = {}

    def region(v: str) -> str:
        try:
            return check_region(v, rule_set)
        except ValueError:
            return v.strip()

    for key, name, check in ((REGION_KEY, "region", region),
                             (YEAR_KEY, "year", check_year), (KIND_KEY, "kind", check_kind)):
        value = meta.get(key)
        if value is None or str(value).strip() == "":
            continue
        try:
            out[name] = check(str(value))
        except ValueError:
            continue
    return Given(**out)  # type: ignore[arg-type]


def as_meta(region: str | None = None, year: str | int | None = None, kind: str | None = None,
            rule_set: Rules | None = None) -> dict[str, str]:
    """Checked meta entries for the facts a person gives (ValueError naming a bad one)."""
    meta: dict[str, str] = {}
    if region:
        meta[REGION_KEY] = check_region(region, rule_set)
    if year is not None and str(year).strip():
        meta[YEAR_KEY] = str(check_year(year))
    if kind:
        meta[KIND_KEY] = check_kind(kind)
    return meta
