"""The subject of a figure whose own words do not fully name it, from the figures before it.

- a clause that only ranks (``全市第一``, ``增速全市第二``) names nothing: a figure after it still
  belongs to the subject before it (``规上工业增加值2330亿元、全市第一，增长6.5%``);
- a count with no words of its own counts what the last figure of its unit counted
  (``小巨人”企业210家、占全市28.3%，一年增加76家``);
- a share that starts with 占 takes the subject before it (``…企业210家、占全市28.3%``);
- the next items of a list share the verb of the first (``新增公办义务教育学位3.5万座、学前教育学位5040座``);
- a phrase that starts with the end of the subject before it is that subject shortened
  (``民营经济增加值同比增长5%，增加值占GDP比重达到27.5%``).
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.extract.indicators import Namer
from planwatch.model import Statement


def only_ranking(text: str, start: int, end: int, n: Namer) -> bool:
    """Whether ``text[start:end]`` holds nothing but ranking clauses (and the breaks between them)."""
    if end - start > 40:
        return False
    parts = ["".join(p.split()) for p in n.clause_break.split(text[start:end])]
    parts = [p for p in parts if p]
    return bool(parts) and all(n.ranking.match(p) for p in parts)


def is_ranking(words: str, n: Namer) -> bool:
    """Whether a clause's words only rank (``稳居全市第二``)."""
    return bool(words) and n.ranking.match("".join(words.split())) is not None


def level_subject(done: Sequence[Statement], sent_start: int, unit: str, n: Namer) -> str:
    """What a count with no words of its own counts, given the figures before it in its sentence.

    After a share of (…企业210家、占全市28.3%，一年增加76家) it is the subject of the last figure of
    the same unit; after a rate it is the rate's subject (国高企业数量增幅近200%、达到1703家);
    otherwise the subject of the figure just before.
    """
    prev = done[-1]
    if prev.unit == unit or prev.measure == "level":
        return prev.indicator
    if prev.measure == "share" and any(w in prev.indicator for w in n.share_of):
        for s in reversed(done):
            if s.start < sent_start:
                break
            if s.unit == unit:
                return s.indicator
    for word in n.generic_longest_first:
        if prev.indicator.endswith(word) and len(prev.indicator) > len(word):
            return prev.indicator[: -len(word)]
    return prev.indicator


def with_shared_verb(prev: str, indicator: str, n: Namer) -> str:
    """``indicator`` with the verb that starts ``prev`` (the list's first item), unless it has a verb."""
    m = n.shared_verb.match(prev)
    if (m is None or not indicator or len(indicator) >= n.subject_max or n.verb_start.match(indicator)
            or n.shared_verb.match(indicator) or any(t in indicator for t in n.totals)):
        return indicator
    return m[0] + indicator


def total_of(subject: str, n: Namer) -> str:
    """The subject of a total (总量, 总数) without the verb of the figure before: 新增国高企业476家，
    总量超过1800家 -> 国高企业总量 (the total is of all of them, not of the new ones)."""
    m = n.shared_verb.match(subject)
    return subject[m.end():] if m and m.end() < len(subject) else subject


def share_needs_subject(indicator: str, subject: str, n: Namer) -> bool:
    """Whether a share's phrase starts with 占 (占全市) and ``subject`` before it may complete it."""
    return bool(n.share_of) and indicator.startswith(n.share_of) and 0 < len(subject) <= n.subject_max


def completed(prev: str, indicator: str, n: Namer) -> str:
    """``indicator`` completed when it starts with the last characters of ``prev`` and goes on
    (增加值占GDP比重 after 民营经济增加值); not when ``prev`` starts with a verb (新增民营企业)."""
    if len(prev) > n.subject_max:
        return indicator
    longest = min(len(prev), len(indicator)) - 1
    for k in range(longest, n.anaphora_min - 1, -1):
        if indicator.startswith(prev[-k:]):
            # 新增民营企业…，民营企业总数: the words before are a verb, the subject is restated, not shortened
            return indicator if n.verb_start.match(prev) else prev[:-k] + indicator
    return indicator
