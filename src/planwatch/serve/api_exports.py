"""API: statements and targets as CSV, XLSX or Parquet, with the JSON endpoints' filters."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from planwatch.serve import queries
from planwatch.serve.deps import get_session
from planwatch.serve.exports import MEDIA_TYPES, Format, render
from planwatch.serve.params import StatementFilters, TargetFilters
from planwatch.serve.schemas import JudgementOut, StatementOut

router = APIRouter(tags=["exports"])
SessionDep = Annotated[Session, Depends(get_session)]


def _export_limit(limit: Annotated[int, Query(ge=1, le=200_000)] = 50_000) -> int:
    """At most how many rows a file holds (a dependency: listed after the filters in the OpenAPI document)."""
    return limit


ExportLimit = Annotated[int, Depends(_export_limit)]

STATEMENT_COLUMNS = (
    "doc",
    "start",
    "end",
    "text",
    "indicator",
    "canonical",
    "value",
    "unit",
    "comparator",
    "kind",
    "measure",
    "direction",
    "period",
    "region",
    "doc_sha",
    "id",
)
TARGET_COLUMNS = (
    "doc",
    "start",
    "end",
    "text",
    "indicator",
    "canonical",
    "region",
    "period",
    "status",
    "reason",
    "value",
    "unit",
    "comparator",
    "evidence_count",
    "evidence",
    "doc_sha",
    "id",
)
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in MEDIA_TYPES.values()},
        "description": "the file",
    },
}


def _file(fmt: Format, name: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Response:
    body = render(fmt, rows, columns, sheet=name)
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def _statement_rows(items: list[StatementOut]) -> list[dict[str, Any]]:
    return [s.model_dump() for s in items]


def _target_rows(items: list[JudgementOut]) -> list[dict[str, Any]]:
    rows = []
    for j in items:
        row = j.model_dump()
        row["evidence_count"] = len(j.evidence)
        row["evidence"] = [
            e.model_dump(include={"doc", "start", "end", "text", "value", "period", "kind", "role"})
            for e in j.evidence
        ]
        rows.append(row)
    return rows


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
    def export_statements(session: SessionDep, filters: StatementFilters, limit: ExportLimit) -> Response:
        items, _ = queries.statements(session, **asdict(filters), limit=limit)
        return _file(fmt, "statements", _statement_rows(items), STATEMENT_COLUMNS)

    @route("targets", "Targets with status and evidence")
    def export_targets(session: SessionDep, filters: TargetFilters, limit: ExportLimit) -> Response:
        items, _ = queries.judgements(session, **asdict(filters), limit=limit)
        return _file(fmt, "targets", _target_rows(items), TARGET_COLUMNS)


_FORMATS: tuple[Format, ...] = ("csv", "xlsx", "parquet")
for _fmt in _FORMATS:
    _register(_fmt)
