"""The domain (经济发展, 民生福祉, …) of an indicator, from the tracking rules' domain table."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from planwatch.serve.labels import text


@lru_cache(maxsize=1)
def _table() -> tuple[list[Any], str]:
    try:
        from planwatch.track.rules import load_rules

        rules = load_rules()
    except Exception:  # the tracking rules are absent or broken: group everything as "other"
        return [], text("domain_default")
    return list(rules.domains), rules.other_domain


def domain_of(canonical: str | None, indicator: str) -> str:
    """The first domain listing ``canonical``, else the first whose words occur in ``indicator``."""
    domains, other = _table()
    for dom in domains:
        if canonical and canonical in dom.canonical:
            return str(dom.name)
    for dom in domains:
        if any(word in indicator for word in dom.words):
            return str(dom.name)
    return other


def domain_names() -> list[str]:
    """Every domain name in the table's order, the catch-all last."""
    domains, other = _table()
    return [str(d.name) for d in domains] + [other]
