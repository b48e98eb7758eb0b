"""Writers for extracted statements: jsonl (the contract records), csv, a text table, and html.

The html page is self-contained (inline CSS, no scripts, no network): each document's
text with every statement highlighted at its span, coloured by kind; hovering a
highlight shows its fields (``title`` attribute). All text is HTML-escaped.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from planwatch import records
from planwatch.exporters import Exporters
from planwatch.model import RECORD_FIELDS, Document, Statement

KIND_COLOURS = {"target": "#cfe3ff", "actual": "#d4f5d4", "estimate": "#ffe9b3"}


def write_jsonl(statements: Iterable[Statement], out: TextIO) -> None:
    """One contract record (``Statement.to_record()``) a line."""
    records.write_jsonl((s.to_record() for s in statements), out)


def write_csv(statements: Iterable[Statement], out: TextIO, header: bool = True) -> None:
    """The contract fields as CSV columns."""
    w = csv.DictWriter(out, fieldnames=list(RECORD_FIELDS), lineterminator="\n")
    if header:
        w.writeheader()
    for s in statements:
        rec = s.to_record()
        rec["canonical"] = rec["canonical"] or ""
        w.writerow(rec)


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def write_table(statements: Sequence[Statement], out: TextIO) -> None:
    """An aligned plain-text table of the contract fields (CJK counted double width)."""
    rows = [[str(v if v is not None else "") for v in s.to_record().values()] for s in statements]
    head = list(RECORD_FIELDS)
    widths = [max([_width(h), *(_width(r[i]) for r in rows)]) for i, h in enumerate(head)]
    out.write("  ".join(_pad(h, w) for h, w in zip(head, widths, strict=True)).rstrip() + "\n")
    for r in rows:
        out.write("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;line-height:1.8}
h2{border-bottom:1px solid #ccc}
.doc{white-space:pre-wrap;max-width:60em}
mark{padding:0 1px;border-radius:3px;cursor:help}
""" + "".join(f"mark.{k}{{background:{c}}}\n" for k, c in KIND_COLOURS.items()) + """
.legend span{display:inline-block;padding:0 .5em;margin-right:1em;border-radius:3px}
"""


def _title(s: Statement) -> str:
    rec = s.to_record()
    lines = [f"{k}: {rec[k]}" for k in RECORD_FIELDS if k not in ("doc", "start", "end")]
    if s.doubts:
        lines.append("doubts: " + "; ".join(s.doubts))
    return "\n".join(lines)


def document_html(doc: Document, statements: Sequence[Statement]) -> str:
    """One document's text with its statements marked (spans must not overlap; later ones are skipped)."""
    parts: list[str] = []
    pos = 0
    for s in sorted(statements, key=lambda s: (s.start, s.end)):
        if s.start < pos:
            continue
        parts.append(html.escape(doc.text[pos:s.start]))
        parts.append(
            f'<mark class="{html.escape(s.kind)}" title="{html.escape(_title(s), quote=True)}">'
            f"{html.escape(doc.text[s.start:s.end])}</mark>"
        )
        pos = s.end
    parts.append(html.escape(doc.text[pos:]))
    return (
        f"<section><h2>{html.escape(doc.name)} ({len(statements)} statements)</h2>"
        f'<div class="doc">{"".join(parts)}</div></section>'
    )


def write_html(results: Iterable[tuple[Document, Sequence[Statement]]], out: TextIO) -> None:
    """A single self-contained page for the whole run."""
    legend = "".join(f'<span style="background:{c}">{k}</span>' for k, c in KIND_COLOURS.items())
    out.write(
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>PlanWatch statements</title><style>{_CSS}</style></head><body>"
        f'<h1>PlanWatch statements</h1><p class="legend">{legend}</p>'
    )
    for doc, statements in results:
        out.write(document_html(doc, statements))
    out.write("</body></html>\n")


Results = Sequence[tuple[Document, Sequence[Statement]]]


def _statements(results: Results) -> list[Statement]:
    return [s for _, sts in results for s in sts]


#: The statement formats (``planwatch extract --format``): each writes the results of a run to a text stream.
STATEMENTS = Exporters("statements")
STATEMENTS.add("jsonl", lambda results, out: write_jsonl(_statements(results), out))
STATEMENTS.add("csv", lambda results, out: write_csv(_statements(results), out))
STATEMENTS.add("table", lambda results, out: write_table(_statements(results), out))
STATEMENTS.add("html", write_html)
FORMATS = STATEMENTS.formats


def render(fmt: str, results: Results) -> str:
    """All results in one format, as a string."""
    write = STATEMENTS.get(fmt).write  # ValueError for an unknown format, before any work
    buf = io.StringIO()
    write(results, buf)
    return buf.getvalue()
