"""Writing rows as CSV, JSON Lines, XLSX or Parquet files for download, in bounded memory.

Every writer takes an *iterable* of rows (read from the store a page at a time) and yields the
file in chunks: CSV and JSON Lines as they go; XLSX (openpyxl ``write_only``) and Parquet (one row
group per page) into a spooled temporary file that stays in memory only while small, then read
back in chunks. No writer holds all the rows.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import IO, Any

from planwatch.exporters import Exporters

#: A download format: one of :data:`FORMATS`.
Format = str
#: Rows per chunk written, bytes per chunk read back, bytes a spooled file keeps in memory.
BATCH = 500
CHUNK = 64 * 1024
SPOOL = 4 * 1024 * 1024
#: Column types of the Parquet files (every other column is text).
INTEGER = frozenset({"start", "end", "evidence_count"})
FLOAT = frozenset({"value"})


def _cell(value: Any) -> Any:
    """Lists and mappings as JSON text; everything else as it is."""
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        yield batch


def csv_chunks(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM, so spreadsheet programs read the Chinese text right."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")
    for batch in _batches(rows):
        buf.seek(0)
        buf.truncate()
        writer.writerows([_cell(row.get(c)) for c in columns] for row in batch)
        yield buf.getvalue().encode("utf-8")


def jsonl_chunks(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[bytes]:
    """One JSON object per line, with ``columns`` in order."""
    for batch in _batches(rows):
        lines = (json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) for row in batch)
        yield ("\n".join(lines) + "\n").encode("utf-8")


#: Fields whose codes a workbook shows in Chinese, and the label group of labels.yaml naming them
#: (``status``: tracking.yaml's one name of each status).
LABELLED = {"kind": "kind", "measure": "measure", "direction": "direction", "role": "role"}


def _office(column: str, value: Any) -> Any:
    """A value as a person reads it in a workbook: Chinese words for codes, evidence one piece a line,
    numbers as numbers, lists joined; text stays text (``text_cell`` types it, no apostrophe)."""
    from planwatch.serve.labels import labels
    from planwatch.track.office import office_value

    table = labels()
    return office_value(column, value, labels={c: table[g] for c, g in LABELLED.items()})


def _read_back(out: IO[bytes]) -> Iterator[bytes]:
    out.seek(0)
    while chunk := out.read(CHUNK):
        yield chunk


def xlsx_chunks(rows: Iterable[dict[str, Any]], columns: Sequence[str], sheet: str) -> Iterator[bytes]:
    """A workbook for people (``track.office``): Chinese headers and words, header row frozen, a filter
    on every column, column widths, evidence as readable lines, numbers as numbers, text as text."""
    from openpyxl import Workbook

    from planwatch.track.office import write_sheet

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    write_sheet(ws, columns, ([_office(c, row.get(c)) for c in columns] for row in rows))
    with tempfile.SpooledTemporaryFile(max_size=SPOOL) as out:
        wb.save(out)
        yield from _read_back(out)


def _arrow_schema(columns: Sequence[str]) -> Any:
    import pyarrow as pa

    def kind(c: str) -> Any:
        return pa.int64() if c in INTEGER else pa.float64() if c in FLOAT else pa.string()

    return pa.schema([(c, kind(c)) for c in columns])


def _text(value: Any) -> str | None:
    value = _cell(value)
    return None if value is None else str(value)


def parquet_chunks(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(columns)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL) as out:
        with pq.ParquetWriter(out, schema) as writer:
            wrote = False
            for batch in _batches(rows):
                data = {c: [r.get(c) if c in INTEGER or c in FLOAT else _text(r.get(c)) for r in batch]
                        for c in columns}
                writer.write_table(pa.table(data, schema=schema))
                wrote = True
            if not wrote:
                writer.write_table(schema.empty_table())
        yield from _read_back(out)


#: The download formats of the API (``/api/export/<name>.<format>``): each yields the file in chunks.
ROWS = Exporters("rows")
ROWS.add("csv", lambda rows, columns, _sheet: csv_chunks(rows, columns), media_type="text/csv; charset=utf-8")
ROWS.add("jsonl", lambda rows, columns, _sheet: jsonl_chunks(rows, columns),
         media_type="application/jsonl; charset=utf-8")
ROWS.add("xlsx", xlsx_chunks, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ROWS.add("parquet", lambda rows, columns, _sheet: parquet_chunks(rows, columns),
         media_type="application/vnd.apache.parquet")
FORMATS: tuple[Format, ...] = ROWS.formats
MEDIA_TYPES: dict[str, str] = {fmt: ROWS.get(fmt).media_type for fmt in FORMATS}


def chunks(
    fmt: Format, rows: Iterable[dict[str, Any]], columns: Sequence[str], sheet: str
) -> Iterator[bytes]:
    """The rows as a file of format ``fmt``, in chunks."""
    out: Iterator[bytes] = ROWS.get(fmt).write(rows, columns, sheet)
    return out


def render(fmt: Format, rows: Iterable[dict[str, Any]], columns: Sequence[str], sheet: str) -> bytes:
    """The whole file at once (for small files and tests)."""
    return b"".join(chunks(fmt, rows, columns, sheet))
