"""Run the ``examples`` of ``rules/zh/linking.yaml``: does a target sentence link to an evidence sentence?

Each example is two short texts holding their figure (``建设筹集保障房1万套以上``, ``新增10个集团``):
the last number with its unit and comparator words; the rest is the text around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.track.link_rules import LinkExample, LinkRules, load_link_rules
from planwatch.track.match import Idf, confidence
from planwatch.track.words import Profile, profile

_FIGURE = re.compile(
    r"\d[\d.]*(?:万|亿|千)?(?:%|平方公里|平方米|公顷|公里|亿元|元|[个座家所条套项名人张处堂节])?"
    r"(?:以上|以内|左右)?"
)


@dataclass(frozen=True)
class ExampleResult:
    example: LinkExample
    confidence: float

    @property
    def ok(self) -> bool:
        return (self.confidence > 0) == self.example.link


def figure_profile(text: str, rules: LinkRules) -> Profile:
    """The profile of the last figure of ``text`` (the others are figures too)."""
    found = list(_FIGURE.finditer(text))
    if not found:
        raise ValueError(f"linking example {text!r}: no figure")
    m = found[-1]
    return profile(text, m.start(), m.end(), "", [(f.start(), f.end()) for f in found], rules)


def run_examples(rules: LinkRules | None = None) -> list[ExampleResult]:
    """Every example of the linking rules with the confidence the matcher gives it."""
    rules = rules or load_link_rules()
    out = []
    for ex in rules.examples:
        t, e = figure_profile(ex.target, rules), figure_profile(ex.evidence, rules)
        out.append(ExampleResult(ex, confidence(t, e, Idf.of([t, e]), rules)))
    return out
