"""The engine's fast paths give exactly what the plain algorithms they replace give.

Each fast path (bounded backward search for breaks, digit-anchored figure scan, synonym scan by
prefix, the no-op shortcut of edge stripping) is checked against a direct, obviously correct
reference on random texts made of the characters that matter, and on the corpus.
"""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DEV, DEV_DOCS, EXTRA, EXTRA_DOCS
from planwatch.extract import indicators as ind
from planwatch.extract import quantities as qty
from planwatch.extract.engine import _Cuts

N = ind.namer("zh")
M = qty.matcher("zh")
CORPUS = [(DEV / d).read_text(encoding="utf-8") for d in DEV_DOCS] + [
    (EXTRA / d).read_text(encoding="utf-8") for d in EXTRA_DOCS
]

_BREAKY = st.text(alphabet="，,；;。：:！!？?\n、 年增长率5", max_size=80)
_PIECES = [*"0123456789０１２.．,，%％-—至到万亿千百瓦元个家人第约近超余多以上下内 \n",
           "平方米", "百分点", "亿元", "以内", "左右", "千瓦"]
_FIGURES = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_WORDS = [s for s, _ in ind.namer("zh").candidates] + ["增长", "全市", "新", "率", "值"]


def _reference_start(text: str, pattern: str, pos: int, floor: int) -> int:
    """After the last break before ``pos`` (from a full list of break offsets), at least ``floor``."""
    import re

    breaks = [m.start() for m in re.finditer(pattern, text)]
    i = bisect.bisect_left(breaks, pos)
    return max(breaks[i - 1] + 1 if i else 0, floor, 0)


def _reference_end(text: str, pattern: str, pos: int, stop: int) -> int:
    import re

    breaks = [m.start() for m in re.finditer(pattern, text)]
    i = bisect.bisect_left(breaks, pos)
    return min(breaks[i] if i < len(breaks) else len(text), stop)


@settings(max_examples=300, deadline=None)
@given(_BREAKY, st.integers(0, 80), st.integers(-100, 80), st.integers(0, 200))
def test_cuts_agree_with_a_full_list_of_breaks(text: str, pos: int, floor: int, extra: int) -> None:
    pos = min(pos, len(text))
    floor = min(floor, pos)
    cuts = _Cuts(text, N)
    for pattern in (N.sentence_break, N.segment_break, N.clause_break):
        assert cuts.start(pattern, pos, floor) == _reference_start(text, pattern.pattern, pos, floor)
        assert cuts.end(pattern, pos, pos + extra) == _reference_end(text, pattern.pattern, pos, pos + extra)


def test_break_patterns_match_single_characters() -> None:
    """_Cuts searches backwards on the reversed text, which is exact for one-character breaks only."""
    for pattern in (N.sentence_break, N.segment_break, N.clause_break):
        lengths = {len(m.group()) for text in CORPUS for m in pattern.finditer(text)}
        assert lengths == {1}, pattern.pattern


def _spans(matches: object) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(g.start(), g.end(), g.groupdict()) for g in matches]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(_FIGURES)
def test_figure_scan_agrees_with_finditer(text: str) -> None:
    assert _spans(qty._candidates(text, M)) == _spans(M.pattern.finditer(text))


def test_figure_scan_agrees_with_finditer_on_the_corpus() -> None:
    for text in CORPUS:
        assert _spans(qty._candidates(text, M)) == _spans(M.pattern.finditer(text))


def _reference_synonyms(where: str) -> list[tuple[str, ind.Indicator]]:
    return [p for i in range(len(where)) for p in N.candidates if where.startswith(p[0], i)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=6))
def test_synonym_scan_finds_every_occurrence_in_order(words: list[str]) -> None:
    where = "".join(words)
    assert ind._synonyms_in(where, N) == _reference_synonyms(where)


def _reference_edges(s: str) -> str:
    for _ in range(4):
        s = s.strip(ind._EDGE)
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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="“”\"'（）() \u3000—-·地区生产总值", max_size=12))
def test_edge_shortcut_changes_nothing(s: str) -> None:
    assert ind._edges(s) == _reference_edges(s)


def test_unspacing_removes_exactly_the_regex_white_space() -> None:
    import re
    import sys

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert ind._unspaced(every) == re.sub(r"\s+", "", every)
    assert ind._unspaced(" 地区\u3000生产\n总值\xa0") == "地区生产总值"
