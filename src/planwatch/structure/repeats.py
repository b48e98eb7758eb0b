"""A report pasted twice in one file: where its second copy starts.

Collections of reports sometimes hold the same report twice in one file (a page saved with its
printable version, two pastes). The second copy is found by the report's opening words (white space
ignored) recurring later, and confirmed by walking both copies chunk by chunk: most of what follows
must be the first copy again, give or take a changed word or a line broken elsewhere. Everything is
``str.find``/``startswith`` over the text once, so a 5 MB file costs a few passes, never a square.
"""

from __future__ import annotations

import bisect
import re

#: Non-space characters of the body's opening that must recur to suggest a second copy.
PROBE_CHARS = 80
#: A second probe a little later, for a copy pasted without its salutation.
SECOND_PROBE_AT = 160
#: The copies are compared in chunks of this many non-space characters...
CHUNK = 64
#: ...a chunk that differs is looked for this far ahead before it counts as missing.
RESYNC = 400
#: At least this share of the second copy (and of the first, unless the paste is cut short) must be
#: the first copy again, and at least this many characters.
MIN_SHARE = 0.8
MIN_CHARS = 400
#: Candidates tried per probe (a text repeating its opening words everywhere stays cheap).
MAX_TRIES = 8

_RUN = re.compile(r"\S+")


class _Squeezed:
    """A span of text without its white space, with the way back to offsets of the text."""

    def __init__(self, text: str, start: int, end: int) -> None:
        runs = [(m.start(), m.end()) for m in _RUN.finditer(text, start, end)]
        self.origins = [a for a, _ in runs]
        self.starts: list[int] = []
        parts: list[str] = []
        n = 0
        for a, b in runs:
            self.starts.append(n)
            parts.append(text[a:b])
            n += b - a
        self.text = "".join(parts)

    def offset(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.origins[i] + pos - self.starts[i]


def _shared(s: str, q: int) -> int:
    """How many characters from ``q`` on repeat ``s[:q]`` in order (chunks, resynchronised)."""
    i, j, matched, n = 0, q, 0, len(s)
    while i < q and j < n:
        chunk = s[i:min(i + CHUNK, q)]
        k = s.find(chunk, j, j + RESYNC + len(chunk))  # j itself when the copies run in step
        if k >= 0:
            matched += len(chunk)
            j = k + len(chunk)
        i += len(chunk)
    return matched


def _is_copy(s: str, q: int) -> bool:
    first, second = q, len(s) - q
    shared = _shared(s, q)
    need = MIN_SHARE * min(first, second)
    return shared >= max(MIN_CHARS, need)


def second_copy(text: str, start: int, end: int) -> int | None:
    """Where a second copy of ``text[start:end]``'s opening, and of most of what follows it, begins
    (an offset into ``text``), or None when the body is read once."""
    sq = _Squeezed(text, start, end)
    s = sq.text
    for at in (0, SECOND_PROBE_AT):
        probe = s[at:at + PROBE_CHARS]
        if len(probe) < PROBE_CHARS:
            break
        pos = s.find(probe, at + PROBE_CHARS)
        for _ in range(MAX_TRIES):
            if pos < 0:
                break
            q = pos - at
            if q > at and _is_copy(s, q):
                # a copy pasted without the opening lines starts where the probe was found again
                return sq.offset(q if s.startswith(s[:at], q) else pos)
            pos = s.find(probe, pos + 1)
    return None
