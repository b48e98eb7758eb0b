"""The budgets every reader keeps, in one place: each a setting with a sane default.

A file that goes over a budget is refused with :class:`BudgetExceeded`, an :class:`IngestError`
whose reason names the limit and the variable that sets it
(``DOCX expands past 200 MB (limit PLANWATCH_MAX_EXPANDED)``) — never a hang or a swap storm.
``code`` and ``values`` let the upload endpoint say the same in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import IngestError
from ..settings import settings

MB = 2**20


@dataclass(frozen=True)
class Limit:
    """One budget: the environment variable that sets it, its default, and its unit."""

    env: str
    default: int
    unit: str  # "bytes", "count" or "seconds"
    what: str

    def value(self) -> int:
        """The limit in force: the variable if set to a positive integer, else the default."""
        return settings().budget(self.env, self.default)

    def show(self, amount: int | None = None) -> str:
        """``amount`` (default: the limit) in the limit's unit, for a message."""
        n = self.value() if amount is None else amount
        if self.unit == "bytes":
            return f"{n / MB:.0f} MB" if n >= MB else f"{n} bytes"
        if self.unit == "seconds":
            return f"{n} s"
        return f"{n:,}"


#: Every budget, by name. The defaults are far above any real report (a five-year plan is about
#: 100,000 characters in a 2 MB DOCX) and far below what would exhaust a small server.
LIMITS: dict[str, Limit] = {
    "bytes": Limit("PLANWATCH_MAX_BYTES", 50 * MB, "bytes", "bytes on disk"),
    "expanded": Limit("PLANWATCH_MAX_EXPANDED", 200 * MB, "bytes", "bytes after decompression"),
    "ratio": Limit("PLANWATCH_MAX_RATIO", 200, "count", "compression ratio of an archive member"),
    "nodes": Limit("PLANWATCH_MAX_NODES", 1_000_000, "count", "XML/HTML elements"),
    "depth": Limit("PLANWATCH_MAX_DEPTH", 200, "count", "XML/HTML nesting depth"),
    "pages": Limit("PLANWATCH_MAX_PAGES", 3_000, "count", "PDF pages"),
    "objects": Limit("PLANWATCH_MAX_OBJECTS", 100_000, "count", "PDF objects on one page"),
    "chars": Limit("PLANWATCH_MAX_CHARS", 5_000_000, "count", "characters of text"),
    "seconds": Limit("PLANWATCH_PARSE_SECONDS", 120, "seconds", "seconds to read one document"),
    "memory": Limit("PLANWATCH_PARSE_MEMORY", 1536 * MB, "bytes", "memory a reading process may add"),
}


def limit(name: str) -> int:
    """The value in force of the budget ``name``."""
    return LIMITS[name].value()


class BudgetExceeded(IngestError):
    """A file goes over one of the budgets; ``code`` names it, ``fmt`` is the file's format."""

    def __init__(self, path: str, fmt: str, code: str, detail: str | None = None) -> None:
        spec = LIMITS[code]
        reason = detail or _reason(fmt, code, spec)
        super().__init__(path, f"{reason} (limit {spec.env})")
        self.fmt = fmt
        self.code = code
        self.limit_text = spec.show()


def _reason(fmt: str, code: str, spec: Limit) -> str:
    what = fmt.upper() if fmt else "file"
    phrases = {
        "bytes": f"{what} is larger than {spec.show()}",
        "expanded": f"{what} expands past {spec.show()}",
        "ratio": f"{what} is compressed more than {spec.show()}:1 (a decompression bomb?)",
        "nodes": f"{what} has more than {spec.show()} elements",
        "depth": f"{what} is nested deeper than {spec.show()} levels",
        "pages": f"{what} has more than {spec.show()} pages",
        "objects": f"{what} has a page with more than {spec.show()} objects",
        "chars": f"{what} has more than {spec.show()} characters of text",
        "seconds": f"reading the {what} took longer than {spec.show()}",
        "memory": f"reading the {what} needed more than {spec.show()} of memory",
    }
    return phrases[code]


def over(fmt: str, code: str, path: str = "") -> BudgetExceeded:
    """The error for going over ``code`` (the path is filled in by the caller when empty)."""
    return BudgetExceeded(path, fmt, code)
