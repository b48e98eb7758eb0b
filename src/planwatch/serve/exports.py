"""Writing rows as CSV, XLSX or Parquet files for download."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Literal

Format = Literal["csv", "xlsx", "parquet"]

MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def _cell(value: Any) -> Any:
    """Lists and mappings as JSON text; everything else as it is."""
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet programs read the Chinese text right."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _safe_xlsx(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula is written as text (leading apostrophe)."""
    value = _cell(value)
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return value


def to_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str], sheet: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(list(columns))
    for row in rows:
        ws.append([_safe_xlsx(row.get(c)) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_parquet(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {c: [_cell(r.get(c)) for r in rows] for c in columns}
    table = pa.table({c: pa.array(v, type=_arrow_type(v)) for c, v in data.items()})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def _arrow_type(values: list[Any]) -> Any:
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pa.bool_()
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.float64()
    return pa.string()


def render(fmt: Format, rows: Sequence[dict[str, Any]], columns: Sequence[str], sheet: str) -> bytes:
    """The rows as a file of format ``fmt``."""
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "xlsx":
        return to_xlsx(rows, columns, sheet)
    return to_parquet(rows, columns)
