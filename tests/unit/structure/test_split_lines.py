"""split_lines gives every line with the bounds of its text without surrounding white space."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.structure.layout import Line, split_lines


def _reference(text: str) -> list[Line]:
    out, pos = [], 0
    for seg in text.split("\n"):
        stripped = seg.lstrip()
        lo = pos + len(seg) - len(stripped)
        out.append(Line(pos, pos + len(seg), lo, lo + len(stripped.rstrip())))
        pos += len(seg) + 1
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\r\n\u3000\xa0\x1c年a。", max_size=40))
def test_split_lines_matches_a_plain_split(text: str) -> None:
    lines = split_lines(text)
    assert list(lines) == _reference(text)
    for ln in lines:
        assert text[ln.lo:ln.hi] == text[ln.start:ln.end].strip()
        assert ln.blank == (not text[ln.start:ln.end].strip())
