"""Run the ``examples`` of ``rules/zh/linking.yaml``: does a target sentence link to an evidence sentence?

Each example is two short texts ending with their figure (``建设筹集保障房1万套以上``); the figure is the
trailing number with its unit and comparator words, the rest is the clause before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.track.link_rules import LinkExample, LinkRules, load_link_rules
from planwatch.track.match import Idf, confidence
from planwatch.track.words import Profile, profile

_FIGURE = re.compile(r"\d[\d.]*[^\d，。；、]*$")


@dataclass(frozen=True)
class ExampleResult:
    example: LinkExample
    confidence: float

    @property
    def ok(self) -> bool:
        return (self.confidence > 0) == self.example.link


def figure_profile(text: str, rules: LinkRules) -> Profile:
    """The profile of the trailing figure of ``text``."""
    m = _FIGURE.search(text)
    if m is None:
        raise ValueError(f"linking example {text!r}: no trailing figure")
    return profile(text, m.start(), m.end(), "", [(m.start(), m.end())], rules)


def run_examples(rules: LinkRules | None = None) -> list[ExampleResult]:
    """Every example of the linking rules with the confidence the matcher gives it."""
    rules = rules or load_link_rules()
    out = []
    for ex in rules.examples:
        t, e = figure_profile(ex.target, rules), figure_profile(ex.evidence, rules)
        out.append(ExampleResult(ex, confidence(t, e, Idf.of([t, e]), rules)))
    return out
