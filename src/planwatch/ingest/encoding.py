"""Decode the bytes of a text file, decisively for Chinese.

Order: a byte-order mark (UTF-8, UTF-16, UTF-32) wins; then strict UTF-8 (or UTF-8 with a very
few damaged bytes, replaced by U+FFFD); then GB18030 and Big5 (strict), chosen by plausibility —
the share of their non-ASCII characters that are everyday Chinese (the GB2312 level-1 and Big5
level-1 sets, computed from the codecs themselves, plus punctuation): a wrong decoding yields
kana, Greek, box drawing, rare or private-use characters; then charset-normalizer. The result is
checked for binary garbage (NUL and control characters) and for too little Chinese text.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A legacy decoding must have at least this share of its CJK characters among the common ones.
MIN_PLAUSIBILITY = 0.6
#: UTF-8 with at most this share of undecodable bytes (replaced by U+FFFD) is still UTF-8.
MAX_DAMAGED_SHARE = 0.001
#: A document must hold at least this many CJK characters.
MIN_CJK = 2
#: Control characters (other than tab, newlines, form feed) tolerated, as a share of all characters.
MAX_CONTROL_SHARE = 0.01

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
#: Punctuation and symbols of Chinese text: general punctuation, letterlike (℃), number forms,
#: arrows, maths, enclosed numbers (①), geometric shapes (●■), CJK punctuation, full-width forms.
_PUNCT = re.compile(
    r"[\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u25a0-\u25ff\u2600-\u26ff"
    r"\u3000-\u303f\u3200-\u32ff\uff00-\uffef]"
)


class DecodeError(ValueError):
    """The bytes are not readable text; the message is the plain-words reason."""


def _block(codec: str, leads: range, trails: range) -> frozenset[str]:
    out: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                out.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return frozenset(out)


@lru_cache(maxsize=1)
def common_cjk() -> frozenset[str]:
    """The everyday Chinese characters: GB2312 level 1 (simplified) and Big5 level 1 (traditional)."""
    gb = _block("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5 = _block("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
    return frozenset(c for c in gb | big5 if _CJK.match(c))


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are everyday Chinese: common characters
    and CJK or general punctuation and symbols (1.0 when there is none). A wrong decoding gives
    rare characters, kana, Greek, Cyrillic, box drawing or private-use code points instead."""
    wide = _NON_ASCII.findall(text[:20000])
    if not wide:
        return 1.0
    common = common_cjk()
    return sum(1 for c in wide if c in common or _PUNCT.match(c)) / len(wide)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _legacy(data: bytes) -> tuple[str, str] | None:
    """The most plausible of GB18030 and Big5 (strict), if either is plausible."""
    best: tuple[float, str, str] | None = None
    for codec in ("gb18030", "big5", "cp950", "big5hkscs"):
        text = _strict(data, codec)
        if text is None or not _CJK.search(text):
            continue
        score = plausibility(text)
        if score >= MIN_PLAUSIBILITY and (best is None or score > best[0] + 0.02):
            best = (score, text, "big5" if codec in ("cp950", "big5hkscs") else codec)
    return (best[1], best[2]) if best else None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a BOM: NULs in every other byte of ASCII, decodes strictly."""
    sample = data[:4000]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > len(sample) // 8 and other == 0:
            text = _strict(data, codec)
            if text is not None and not _CONTROL.search(text):
                return text, codec
    return None


def check_text(text: str) -> None:
    """Refuse decoded text that is binary garbage or holds no Chinese text."""
    if not text.strip():
        raise DecodeError("no text: the file holds only whitespace")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, MAX_CONTROL_SHARE * len(text)):
        raise DecodeError("binary data, not text (control characters or undecodable bytes)")
    if len(_CJK.findall(text, 0, 200_000)) < MIN_CJK:
        raise DecodeError("no Chinese text found (too little CJK text to be a report)")


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for ``data``; raise :class:`DecodeError` with a reason."""
    if not data:
        raise DecodeError("empty file")
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise DecodeError(f"undecodable: the file starts with a {codec} mark but is not {codec}")
            check_text(text)
            return text, codec
    if declared:
        text = _strict(data, declared)
        if text is not None and plausibility(text) >= MIN_PLAUSIBILITY:
            check_text(text)
            return text, declared
    if b"\x00" in data[:4000]:
        found = _utf16_without_bom(data)
        if found is None:
            raise DecodeError("binary data, not text (NUL bytes)")
        check_text(found[0])
        return found
    text = _strict(data, "utf-8")
    if text is not None:
        check_text(text)
        return text, "utf-8"
    damaged = data.decode("utf-8", errors="replace")
    bad = damaged.count("\ufffd")
    if bad <= max(1, MAX_DAMAGED_SHARE * len(damaged)) and _CJK.search(damaged):
        # UTF-8 with a stray bad byte (e.g. a file cut mid-character): keep it, mark the damage.
        check_text(damaged.replace("\ufffd", " "))
        return damaged, "utf-8"
    legacy = _legacy(data)
    if legacy is not None:
        check_text(legacy[0])
        return legacy
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable: not UTF-8, GB18030 or Big5 text")
    text = str(best)
    check_text(text)
    if _CJK.search(text) and plausibility(text) < MIN_PLAUSIBILITY:
        raise DecodeError("undecodable: the bytes do not read as Chinese text in any known encoding")
    return text, best.encoding
