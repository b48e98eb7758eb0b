"""API: statements and targets as CSV, JSON Lines, XLSX or Parquet, with the JSON endpoints' filters.

The files are streamed: rows are read a page at a time and written as they come (``exports``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from enum import Enum
from itertools import chain, islice
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from planwatch.exporters import Exporter
from planwatch.serve.deps import get_session
from planwatch.serve.exports import FORMATS, MEDIA_TYPES, Format, chunks
from planwatch.serve.labels import label
from planwatch.serve.params import StatementFilters, TargetFilters, Text, clean
from planwatch.serve.read import queries
from planwatch.serve.schemas import JudgementOut, StatementOut
from planwatch.service import region_report
from planwatch.track.render import REPORTS

router = APIRouter(tags=["exports"])
SessionDep = Annotated[Session, Depends(get_session)]


def _export_limit(limit: Annotated[int, Query(ge=1, le=200_000)] = 50_000) -> int:
    """At most how many rows a file holds (a dependency: listed after the filters in the OpenAPI document)."""
    return limit


ExportLimit = Annotated[int, Depends(_export_limit)]

#: The columns a statement and a target share first: the span and what it quotes.
SPAN_COLUMNS = ("doc", "start", "end", "text", "indicator", "canonical")
STATEMENT_COLUMNS = (
    *SPAN_COLUMNS, "value", "unit", "comparator", "kind", "measure", "direction", "period", "region",
    "doc_sha", "id",
)
#: A target's sentence, where the read model gives one (``JudgementOut.sentence``), follows its text.
_SENTENCE = ("sentence",) if "sentence" in JudgementOut.model_fields else ()
TARGET_COLUMNS = (
    *SPAN_COLUMNS[:4], *_SENTENCE, *SPAN_COLUMNS[4:], "region", "period", "status", "reason", "value", "unit",
    "comparator", "evidence_count", "evidence", "doc_sha", "id",
)
#: What an evidence item of a download holds (the sentence and document title where the read model has them).
EVIDENCE_FIELDS = {"doc", "start", "end", "text", "value", "period", "kind", "role", "sentence", "title",
                   "doc_title"}
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in MEDIA_TYPES.values()},
        "description": "the file",
    },
}


def sheet_name(name: str) -> str:
    """The Chinese name of a workbook's sheet (tracking.yaml ``report.sheet_<name>``)."""
    from planwatch.track.rules import load_rules

    return str(load_rules().report.get(f"sheet_{name}", name))


#: Rows read from the store per query while a file is written.
PAGE = 2000
#: Reads a page of the listing: (session, offset, limit) -> its rows.
Fetch = Callable[[Session, int, int], list[dict[str, Any]]]


def _rows(request: Request, fetch: Fetch, limit: int) -> Iterator[dict[str, Any]]:
    """Up to ``limit`` rows, a page at a time, from one session (one consistent snapshot)."""
    with request.app.state.sessions() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        elif dialect == "sqlite":  # a read transaction: every page from the same WAL snapshot
            session.connection().exec_driver_sql("BEGIN")
        done = 0
        while done < limit:
            n = min(PAGE, limit - done)
            rows = fetch(session, done, n)
            yield from rows
            if len(rows) < n:
                return
            done += n


def _file(fmt: Format, name: str, rows: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> Response:
    """The file, streamed: the first rows are read before the response starts, so an empty or
    failing export answers at once (and an error is still an error status)."""
    first = list(islice(rows, 1))
    body = chunks(fmt, chain(first, rows), columns, sheet=sheet_name(name))
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return StreamingResponse(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def _statement_rows(items: list[StatementOut]) -> list[dict[str, Any]]:
    return [s.model_dump() for s in items]


def _target_rows(items: list[JudgementOut]) -> list[dict[str, Any]]:
    rows = []
    for j in items:
        row = j.model_dump()
        row["evidence_count"] = len(j.evidence)
        row["evidence"] = [
            e.model_dump(include=EVIDENCE_FIELDS)
            for e in j.evidence
        ]
        rows.append(row)
    return rows


def _statements_file(fmt: Format, request: Request, filters: Any, limit: int) -> Response:
    def fetch(session: Session, offset: int, n: int) -> list[dict[str, Any]]:
        plain = queries.statement_records(session, **asdict(filters), limit=n, offset=offset)
        if plain is not None:  # no corrections anywhere: straight from SQL
            return plain
        return _statement_rows(queries.statements(session, **asdict(filters), limit=n, offset=offset)[0])

    return _file(fmt, "statements", _rows(request, fetch, limit), STATEMENT_COLUMNS)


def _targets_file(fmt: Format, request: Request, filters: Any, limit: int) -> Response:
    def fetch(session: Session, offset: int, n: int) -> list[dict[str, Any]]:
        return _target_rows(queries.judgements(session, **asdict(filters), limit=n, offset=offset)[0])

    return _file(fmt, "targets", _rows(request, fetch, limit), TARGET_COLUMNS)


def _register(fmt: Format) -> None:
    def route(name: str, summary: str) -> Any:
        return router.get(
            f"/{name}.{fmt}",
            response_class=Response,
            responses=FILE_RESPONSES,
            summary=f"{summary} as {fmt.upper()}",
            operation_id=f"export_{name}_{fmt}",
        )

    @route("statements", "Statements")
    def export_statements(request: Request, filters: StatementFilters, limit: ExportLimit) -> Response:
        return _statements_file(fmt, request, filters, limit)

    @route("targets", "Targets with status and evidence")
    def export_targets(request: Request, filters: TargetFilters, limit: ExportLimit) -> Response:
        return _targets_file(fmt, request, filters, limit)


for _fmt in FORMATS:
    _register(_fmt)

#: ``?format=`` of ``/api/export/<name>``: one of the download formats (``serve.exports.ROWS``).
FormatChoice = Enum("FormatChoice", {f: f for f in FORMATS}, type=str)  # type: ignore[misc]
FormatQuery = Annotated[FormatChoice, Query(alias="format")]
FORMAT_DEFAULT = FormatChoice("csv")


@router.get("/export/statements", response_class=Response, responses=FILE_RESPONSES,
            operation_id="export_statements")
def export_statements_as(request: Request, filters: StatementFilters, limit: ExportLimit,
                         fmt: FormatQuery = FORMAT_DEFAULT) -> Response:
    """Statements in the format asked for (``?format=jsonl`` streams records, one a line)."""
    return _statements_file(fmt.value, request, filters, limit)


@router.get("/export/targets", response_class=Response, responses=FILE_RESPONSES,
            operation_id="export_targets")
def export_targets_as(request: Request, filters: TargetFilters, limit: ExportLimit,
                      fmt: FormatQuery = FORMAT_DEFAULT) -> Response:
    """Targets in the format asked for (``?format=jsonl`` streams records, one a line)."""
    return _targets_file(fmt.value, request, filters, limit)


def _report_file(exporter: Exporter, report: Any) -> bytes:
    """The report in ``exporter``'s format, as bytes (a file format is written to a temporary folder)."""
    if not exporter.to_file:
        return str(exporter.write(report)).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="planwatch-report-") as folder:
        path = Path(folder) / f"report.{exporter.fmt}"
        exporter.write(report, path)
        return path.read_bytes()


def _register_report(fmt: str) -> None:
    exporter = REPORTS.get(fmt)

    @router.get(
        f"/regions/{{name}}/report.{fmt}",
        response_class=Response,
        responses={200: {"content": {exporter.media_type.split(";")[0]: {"schema": {"type": "string",
                                                                                      "format": "binary"}}},
                         "description": "the file"},
                   404: {"description": "no such region"}},
        summary=f"region report {fmt}",
        operation_id=f"export_region_report_{fmt}",
    )
    def export_region_report(name: str, session: SessionDep, period: Text = None) -> Response:
        if not any(r.name == name for r in queries.regions(session)):
            raise HTTPException(404, label("not_found", "region"))
        period = clean(period)
        report = region_report(session, name, period)
        data = _report_file(exporter, report)
        title = f"{report.office_title}.{fmt}"
        disposition = f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{quote(title)}"
        return Response(data, media_type=exporter.media_type, headers={"Content-Disposition": disposition})


for _fmt in REPORTS.formats:
    _register_report(_fmt)
