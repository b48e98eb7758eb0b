"""The analysis text: the canonical text, character for character, in simplified Chinese.

Traditional characters become simplified (OpenCC ``t2s``), full-width digits, Latin letters,
``％`` and ``．`` become ASCII. Every change maps one character to one character, so offsets
found in the analysis text hold in the canonical text.

Speed: a ``str.translate`` table built once from OpenCC's own single-character conversions does
the work; pure simplified text never reaches OpenCC. Where a line holds traditional characters,
OpenCC converts the line with its phrase dictionary (better for one-to-many characters such as
乾/干) and that is kept only when it stays aligned, else the per-character table is used.
Simplified text with a few traditional forms (names such as 乾华园, 昇腾) is left as written:
conversion applies only when traditional forms make up ``MIN_TRADITIONAL_SHARE`` of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

#: Code-point ranges whose characters OpenCC may convert.
_RANGES: tuple[tuple[int, int], ...] = (
    (0x2000, 0x206F),  # general punctuation
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # half- and full-width forms
    (0x20000, 0x2A6DF),  # CJK extension B
)
_FULLWIDTH_DIGIT_ZERO, _FULLWIDTH_UPPER_A, _FULLWIDTH_LOWER_A = 0xFF10, 0xFF21, 0xFF41
_FULLWIDTH_PERCENT, _FULLWIDTH_STOP = 0xFF05, 0xFF0E
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Text is converted only when at least this share of its CJK characters are traditional forms.
MIN_TRADITIONAL_SHARE = 0.02


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Full-width digits, letters, percent sign and full stop → ASCII."""
    table: dict[int, str] = {}
    for i in range(10):
        table[_FULLWIDTH_DIGIT_ZERO + i] = chr(ord("0") + i)
    for i in range(26):
        table[_FULLWIDTH_UPPER_A + i] = chr(ord("A") + i)
        table[_FULLWIDTH_LOWER_A + i] = chr(ord("a") + i)
    table[_FULLWIDTH_PERCENT] = "%"
    table[_FULLWIDTH_STOP] = "."
    return table


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """OpenCC's one-character traditional → simplified conversions (those that change)."""
    chars = [chr(c) for lo, hi in _RANGES for c in range(lo, hi + 1) if not 0xD800 <= c <= 0xDFFF]
    converted = _converter().convert("\n".join(chars)).split("\n")
    table: dict[int, str] = {}
    if len(converted) == len(chars):
        for src, dst in zip(chars, converted, strict=True):
            if len(dst) == 1 and dst != src:
                table[ord(src)] = dst
    return table


@lru_cache(maxsize=1)
def _trad_chars() -> frozenset[str]:
    return frozenset(chr(c) for c in t2s_table())


@lru_cache(maxsize=1)
def _fold_chars() -> frozenset[str]:
    return frozenset(chr(c) for c in fold_table())


def _fold(text: str) -> str:
    return text.translate(fold_table()) if not _fold_chars().isdisjoint(text) else text


@lru_cache(maxsize=1)
def _full_table() -> dict[int, str]:
    return {**t2s_table(), **fold_table()}


def _aligned(src: str, dst: str) -> bool:
    """Whether OpenCC's phrase conversion ``dst`` still aligns with ``src`` char for char."""
    if len(src) != len(dst):
        return False
    return all(a == b or (_CJK.match(a) and _CJK.match(b)) for a, b in zip(src, dst, strict=True))


def _convert_line(line: str) -> str:
    if _trad_chars().isdisjoint(line):
        return line
    phrase = _converter().convert(line)
    return phrase if _aligned(line, phrase) else line.translate(t2s_table())


def analysis_text(text: str) -> str:
    """The analysis text of ``text``: same length, simplified, full-width forms folded."""
    if _trad_chars().isdisjoint(text) or not is_traditional(text, MIN_TRADITIONAL_SHARE):
        # Simplified text (a few traditional forms in names such as 乾华园 stay as written).
        return _fold(text)
    out = "".join(_convert_line(line) for line in text.splitlines(keepends=True))
    if len(out) != len(text):  # cannot happen (every step keeps lengths); be safe
        out = text.translate(_full_table())
    return _fold(out)


def is_traditional(text: str, threshold: float = MIN_TRADITIONAL_SHARE) -> bool:
    """Whether at least ``threshold`` of the CJK characters of ``text`` are traditional forms."""
    cjk = _CJK.findall(text)
    if not cjk:
        return False
    trad = _trad_chars()
    return sum(1 for c in cjk if c in trad) / len(cjk) >= threshold
