"""API: several files (or a .zip) at once — the facts the engine reads, then a background job.

``POST /api/uploads/preview`` reads each file's facts (region, plan year, kind) without storing it;
``POST /api/uploads`` starts a job storing every file with the facts given per file and judging the
store again at the end; ``GET /api/jobs/{id}`` is the job's progress. The whole request is one body
within the upload limit (20 MB); sign-in, roles and CSRF are those of every upload.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from planwatch.serve.batch import MAX_MEMBERS, batch_message, expand, preview
from planwatch.serve.jobs import Busy, runner
from planwatch.serve.schemas import ErrorOut
from planwatch.serve.upload import MAX_BYTES

router = APIRouter(tags=["uploads"])
FILES_DOC = f"the files (.txt .html .htm .pdf .docx, or a .zip of them; at most {MAX_MEMBERS})"


class FileFacts(BaseModel):
    file: str
    archive: str | None = None
    region: str | None = None
    year: str | None = None
    kind: str | None = None
    unsure: list[str] = []
    error: str | None = None


class PreviewOut(BaseModel):
    """What the engine reads of each file, and the files refused before reading."""

    files: list[FileFacts]


class JobError(BaseModel):
    file: str
    reason: str


class JobDocument(BaseModel):
    file: str
    sha256: str
    created: bool
    statements: int
    region: str | None
    url: str


class JobOut(BaseModel):
    """A batch job: ``done`` of ``total`` files, the one being read, the errors by file, the regions."""

    id: str
    state: str
    done: int
    total: int
    current: str | None
    errors: list[JobError]
    documents: list[JobDocument]
    regions: list[str]
    judged: int | None
    judge_error: str | None
    finished: bool
    seconds: float


class JobStarted(BaseModel):
    job: str
    url: str
    total: int


Files = Annotated[list[UploadFile], File(description=FILES_DOC)]


async def _read(files: list[UploadFile]) -> list[tuple[str | None, bytes]]:
    if not files or not any(f.filename for f in files):
        raise HTTPException(400, batch_message("no_files"))
    if len(files) > MAX_MEMBERS:
        raise HTTPException(413, batch_message("too_many", limit=MAX_MEMBERS))
    return [(f.filename, await f.read(MAX_BYTES + 1)) for f in files]


def _facts(raw: str | None) -> dict[str, dict[str, object]]:
    """``facts``: a JSON object, file name → {region, year, kind} (each optional)."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as err:
        raise HTTPException(400, batch_message("bad_facts")) from err
    if isinstance(value, list):  # [{file, region, year, kind}, …]
        value = {str(v.get("file")): v for v in value if isinstance(v, dict)}
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise HTTPException(400, batch_message("bad_facts"))
    return {str(k): {f: v.get(f) for f in ("region", "year", "kind")} for k, v in value.items()}


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 413: {"model": ErrorOut},
                                           503: {"model": ErrorOut}}


@router.post("/uploads/preview", response_model=PreviewOut, responses=ERRORS,
             summary="读取多个文件（或 .zip）的地区、年份与类型，不入库")
async def preview_uploads(files: Files) -> PreviewOut:
    sent = await _read(files)
    found = await run_in_threadpool(expand, sent)
    rows = await run_in_threadpool(preview, found.files)
    rows += [{"file": r.file, "error": r.reason} for r in found.refused]
    return PreviewOut(files=[FileFacts(**r) for r in rows])


@router.post("/uploads", response_model=JobStarted, status_code=202, responses=ERRORS,
             summary="上传多个文件（或 .zip）并在后台入库、重新评估，返回任务编号")
async def start_uploads(
    request: Request,
    files: Files,
    facts: Annotated[str | None, Form(max_length=200_000, description=(
        "JSON: file name → {region, year, kind} (each optional; blank = as the engine reads it)"))] = None,
) -> JobStarted:
    given = _facts(facts)
    sent = await _read(files)
    found = await run_in_threadpool(expand, sent)
    who = getattr(request.state, "principal", None)
    try:
        job = runner(request.app).submit(found.files, found.refused, given, who.name if who else "local")
    except Busy as err:
        raise HTTPException(503, batch_message("busy"), headers={"Retry-After": "5"}) from err
    return JobStarted(job=job, url=f"/api/jobs/{job}", total=len(found.files) + len(found.refused))


@router.get("/jobs/{job_id}", response_model=JobOut, responses={404: {"model": ErrorOut}},
            summary="后台任务的进度：已处理文件数、出错文件及原因、受影响地区")
def get_job(request: Request, job_id: str) -> JobOut:
    found = runner(request.app).get(job_id)
    if found is None:
        raise HTTPException(404, batch_message("no_job"))
    return JobOut(**found)
