"""Indicator phrase (what a figure measures) and its canonical id (indicators.tsv).

The phrase is the text before the figure in its clause with years, scope words and
verbs stripped (indicators.yaml). When nothing but verbs is left, when the left words
end a list of examples (``等``) or a list (``和``), or when they are very short, the
noun after the unit names the figure (``新建【4座】公厕``). Canonical ids come from
synonyms contained in the phrase, for an indicator of the same measure and a
compatible unit.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from planwatch.extract.rulebook import Indicator, Rulebook, alternation, last_match
from planwatch.extract.rulebook import load as load_rules

_EDGE = " \t\r\n\u3000\"'‘’「」()（）—-·"
#: characters :func:`_edges` may remove (a phrase whose ends are none of these is left as it is)
_EDGE_OR_QUOTE = frozenset(_EDGE + "“”")


@dataclass(frozen=True)
class Namer:
    """Compiled indicator rules of one language."""

    clause_break: re.Pattern[str]
    segment_break: re.Pattern[str]
    sentence_break: re.Pattern[str]
    strip: re.Pattern[str]
    leading: re.Pattern[str]
    trailing: re.Pattern[str]  # reversed words, matched at the start of the reversed phrase
    verbs: re.Pattern[str]
    defer: re.Pattern[str]
    short_left: int
    generic: frozenset[str]
    generic_longest_first: tuple[str, ...]
    right_stop: re.Pattern[str]
    right_lead: re.Pattern[str]
    respectively: re.Pattern[str]
    owned: re.Pattern[str]  # reversed owned_measures, matched at the start of the reversed phrase
    owner_marker: str
    list_sep: re.Pattern[str]
    list_break: re.Pattern[str]
    candidates: tuple[tuple[str, Indicator], ...]  # (synonym, indicator), longest synonym first
    firsts: re.Pattern[str]  # the first character of some synonym
    prefix: int  # length of the shortest synonym
    by_prefix: dict[str, tuple[tuple[str, Indicator], ...]]  # the candidates by their first `prefix` chars
    longest: int  # length of the longest synonym
    all_synonyms: str  # every synonym, NUL-separated (is a phrase part of some synonym?)
    unit_groups: tuple[frozenset[str], ...]
    ranking: re.Pattern[str]  # a clause that only ranks (全市第一)
    share_of: tuple[str, ...]  # a share phrase starting with one of these needs a subject (占全市)
    shared_verb: re.Pattern[str]  # the verb a list's first item lends the next items (新增)
    shared_after: re.Pattern[str]  # a clause opened by these takes the verb too (其中)
    verb_start: re.Pattern[str]  # a phrase that starts with a verb of its own
    totals: tuple[str, ...]  # a list item starting with these is a total, it takes no shared verb
    anaphora_min: int
    subject_max: int  # a subject longer than this is not lent to the figures after it
    patterns: tuple[tuple[re.Pattern[str], Indicator], ...]  # canonical.yaml patterns
    any_pattern: re.Pattern[str]  # some pattern matches (checked first: most phrases match none)


@functools.cache
def namer(lang: str = "zh") -> Namer:
    """Build (once) the indicator rules of ``lang``."""
    return build_namer(load_rules(lang))


def build_namer(rules: Rulebook) -> Namer:
    """The indicator rules of a rulebook."""
    ind, can = rules.indicators, rules.canonical
    pairs: list[tuple[str, Indicator]] = []
    for i in rules.headline:
        for syn in i.synonyms:
            pairs.append((syn, i))
            if i.measure == "growth":
                for suffix in can.growth_suffixes:
                    stem = syn[: -len(suffix)]
                    if syn.endswith(suffix) and len(stem) >= 3:
                        pairs.append((stem, i))
    pairs.sort(key=lambda p: (-len(p[0]), p[1].id))
    patterns = tuple((re.compile(p), i) for i in rules.headline for p in i.patterns)
    prefix = min((len(p[0]) for p in pairs), default=1)
    first_chars = sorted({p[0][0] for p in pairs})
    return Namer(
        clause_break=re.compile(ind.clause_breaks),
        segment_break=re.compile(ind.segment_breaks),
        sentence_break=re.compile(ind.sentence_breaks),
        strip=re.compile("|".join(f"(?:{p})" for p in ind.strip_patterns) or "(?!)"),
        leading=re.compile(f"^(?:{alternation(ind.leading)})+"),
        trailing=re.compile(alternation([w[::-1] for w in ind.trailing])),  # matched on reversed text
        verbs=re.compile(f"^(?:{alternation(ind.verbs)})+$"),
        defer=re.compile(f"(?:{alternation(ind.defer_to_right)})$"),
        short_left=ind.short_left,
        generic=frozenset(ind.generic),
        generic_longest_first=tuple(sorted(set(ind.generic), key=lambda w: (-len(w), w))),
        right_stop=re.compile(f"{alternation(ind.right_stops)}|[0-9０-９]"),
        right_lead=re.compile(f"^(?:{alternation([*ind.right_lead, *ind.defer_to_right])})"),
        respectively=re.compile(alternation(ind.respectively)),
        owned=re.compile(alternation([w[::-1] for w in ind.owned_measures])),
        owner_marker=ind.owner_marker,
        list_sep=re.compile(ind.list_separators),
        list_break=re.compile(ind.list_breaks),
        candidates=tuple(pairs),
        firsts=re.compile(f"[{''.join(map(re.escape, first_chars))}]" if first_chars else "(?!)"),
        prefix=prefix,
        by_prefix={k: tuple(p for p in pairs if p[0][:prefix] == k) for k in {p[0][:prefix] for p in pairs}},
        longest=max((len(p[0]) for p in pairs), default=0),
        all_synonyms="\0".join(p[0] for p in pairs),
        unit_groups=tuple(frozenset(g) for g in can.unit_groups),
        ranking=re.compile(ind.ranking_clause),
        share_of=tuple(ind.share_of),
        shared_verb=re.compile(f"^(?:{alternation(ind.shared_verbs)})"),
        shared_after=re.compile(f"^(?:{alternation(ind.shared_after)})"),
        verb_start=re.compile(f"^(?:{alternation(ind.verbs)})"),
        anaphora_min=ind.anaphora_min,
        subject_max=ind.subject_max,
        totals=tuple(ind.totals),
        patterns=patterns,
        any_pattern=re.compile("|".join(f"(?:{p.pattern})" for p, _ in patterns) or "(?!)"),
    )


def _unspaced(s: str) -> str:
    """``s`` without white space: what removing the regex ``\\s`` gives (it is exactly
    ``str.isspace``), several times faster than a regex substitution."""
    return "".join(s.split())


def _edges(s: str) -> str:
    """Strip unbalanced quotes/brackets and spaces at the edges of a phrase."""
    if not s or (s[0] not in _EDGE_OR_QUOTE and s[-1] not in _EDGE_OR_QUOTE):
        return s  # the common case: nothing to strip
    for _ in range(4):
        s = s.strip(_EDGE)
        if s.startswith("“") and "”" not in s:
            s = s[1:]
        elif s.endswith("”") and "“" not in s:
            s = s[:-1]
        elif s.startswith("”"):
            s = s[1:]
        elif s.endswith("“"):
            s = s[:-1]
        else:
            break
    return s


def trim(phrase: str, n: Namer) -> str:
    """Remove years, scope words at the start and verbs/links at the end."""
    return _trim_words(n.strip.sub("", _unspaced(phrase)), n)


def _trim_words(phrase: str, n: Namer) -> str:
    """:func:`trim` of a phrase already without spaces and strip patterns."""
    for _ in range(4):
        before = phrase
        phrase = _edges(phrase)
        m = n.leading.match(phrase)
        if m:
            phrase = phrase[m.end():]
        m = n.trailing.match(phrase[::-1])
        if m:
            phrase = phrase[: len(phrase) - m.end()]
        if phrase == before:
            break
    return phrase


def right_noun(text: str, end: int, n: Namer, limit: int = 24) -> str:
    """The noun after a quantity expression, up to a clause break or a stop word."""
    window = _unspaced(text[end:end + limit])
    m = n.right_lead.match(window)
    if m:
        window = window[m.end():]
    b = n.clause_break.search(window)
    if b:
        window = window[: b.start()]
    if window.startswith("“") and "”" in window:
        close = window.index("”") + 1
        rest = n.right_stop.search(window, close)
        return window[: rest.start()] if rest else window
    s = n.right_stop.search(window)
    if s:
        window = window[: s.start()]
    return _edges(window)


def phrase(
    text: str, clause_start: int, start: int, end: int, n: Namer, percent: bool = False
) -> tuple[str, str]:
    """The indicator phrase of the quantity at ``[start, end)`` and where it came from.

    The source is ``left``, ``right`` (the noun after the unit, possibly with the verb before),
    ``verb`` (only verbs, nothing after), ``generic`` (a word like 总数 that needs the subject
    before it) or ``none``. A percent is named by the words before it whenever there are any.
    """
    raw = _unspaced(text[clause_start:start])
    stripped = n.strip.sub("", raw)
    left = _trim_words(stripped, n)
    owned = n.owned.match(left[::-1]) if text.startswith(n.owner_marker, end) else None
    if owned is not None:
        owner = right_noun(text, end, n)
        if owner:
            return owner + left[len(left) - owned.end():], "right"
    if left in n.generic:
        return left, "generic"
    # the left words end a list of names (培育十四中、五十七中【2所】区级品牌高中): the noun names it
    last_of_list = clause_start > 0 and n.list_sep.fullmatch(text[clause_start - 1]) is not None
    deferred = (bool(n.defer.search(stripped)) or bool(left and n.defer.search(left))
                or last_of_list)
    verbs_only = bool(left) and bool(n.verbs.match(left))
    if left and not verbs_only and (percent or (not deferred and len(left) > n.short_left)):
        return left, "left"
    noun = right_noun(text, end, n)
    if noun and (not left or verbs_only or deferred or len(noun) >= 2):
        return (left + noun if verbs_only else noun), "right"
    if verbs_only:
        return left, "verb"
    if left:
        return left, "left"
    return "", "none"


def items_before(text: str, start: int, pos: int, n: Namer) -> list[str] | None:
    """The list before 分别 (``内、外资到位额``), each item completed with the shared tail.

    ``[]`` when nothing stands before 分别 in its clause, None when what stands there is no list.
    """
    window = text[start:pos]
    brk = last_match(n.list_break, window)
    raw = trim(window[brk.end():] if brk else window, n)
    if not raw:
        return []
    items = [trim(x, n) for x in n.list_sep.split(raw)]
    items = [x for x in items if x]
    if len(items) < 2:
        return None
    tail = items[-1]
    return [x + tail[len(x):] if len(x) <= 2 < len(tail) else x for x in items]


def _unit_ok(ind: Indicator, unit: str, groups: tuple[frozenset[str], ...]) -> bool:
    if ind.unit == unit or unit in ind.units:
        return True
    return any(ind.unit in g and unit in g for g in groups)


def _synonyms_in(where: str, n: Namer) -> list[tuple[str, Indicator]]:
    """Every synonym standing in ``where`` (with its indicator), in the order they start.

    The regex finds the offsets where some synonym may start (by its first character); only
    the synonyms sharing the text's next ``n.prefix`` characters are tried there. (A regex
    alternation of all synonyms would retry every synonym at every offset.)
    """
    found: list[tuple[str, Indicator]] = []
    for hit in n.firsts.finditer(where):
        i = hit.start()
        for syn, ind in n.by_prefix.get(where[i:i + n.prefix], ()):
            if where.startswith(syn, i):
                found.append((syn, ind))
    return found


def canonical(indicator: str, measure: str, unit: str, n: Namer, context: str = "") -> str | None:
    """The indicators.tsv id named by ``indicator`` for a figure of ``measure`` and ``unit``.

    A synonym in ``context`` (the words before the figure) counts too when it extends the
    indicator phrase (民营企业 + 达到); block words are looked for in both.
    """
    flat, full = _unspaced(indicator), _unspaced(context)
    # a synonym of the context must contain the phrase: look only around where the phrase stands,
    # and only when some synonym contains it
    at = full.rfind(flat) if flat and flat in n.all_synonyms else -1
    ctx = full[max(0, at - n.longest):at + len(flat) + n.longest] if at >= 0 else ""
    for where in (flat, ctx):
        if not where:
            continue
        found = _synonyms_in(where, n)
        if where is flat and n.any_pattern.search(flat):
            found += [(m[0], ind) for pat, ind in n.patterns for m in pat.finditer(flat)]
        if len(found) > 1:
            found.sort(key=lambda p: (-len(p[0]), p[1].id))
        for syn, ind in found:
            if ind.measure != measure or (where is ctx and flat not in syn):
                continue
            if not _unit_ok(ind, unit, n.unit_groups):
                continue
            if any(b in flat or b in full for b in ind.block) or any(b in flat for b in ind.block_in_phrase):
                continue
            return ind.id
    return None
