"""Background jobs of the web app: a batch of uploads stored one file at a time, then judged.

A job stores each file as a single upload does (``serve.upload``: checks, the pipeline in a stoppable
worker within the budgets, idempotent by content, the facts given applied), counting its progress;
a file that fails is reported by name with its reason in Chinese and never stops the batch. When
every file is done, the regions it changed are judged again (``service.track_dirty``, corrections applied) so
that the affected regions' pages and the overview's counts show the new documents at once.

**Single process.** Jobs run on a small thread pool (:data:`WORKERS` at a time, one by default, so
that two judgings never race) and their state is kept in this server process's memory: the last
:data:`KEEP` jobs. With several server processes (``uvicorn --workers``) a job is known only to the
process that took it; the dashboard's default ``make run`` is one process.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from planwatch.serve.batch import Incoming, Refused, batch_message
from planwatch.serve.read import queries
from planwatch.serve.upload import UploadRejected, _process_and_store, given_meta

log = logging.getLogger(__name__)

#: Jobs running at once (ingest itself runs in worker processes; judging is store-wide).
WORKERS = 1
#: Jobs waiting or running before a new one is refused (503).
MAX_QUEUED = 8
#: Finished jobs remembered for their page.
KEEP = 50


@dataclass
class Job:
    """What a job has done so far, as ``GET /api/jobs/{id}`` answers it."""

    id: str
    total: int
    actor: str
    state: str = "queued"  # queued → running → judging → done
    done: int = 0
    current: str | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    judged: int | None = None
    judge_error: str | None = None
    started: float = field(default_factory=time.time)
    ended: float | None = None

    @property
    def finished(self) -> bool:
        return self.state == "done"

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id, "state": self.state, "done": self.done, "total": self.total,
            "current": self.current, "errors": list(self.errors), "documents": list(self.documents),
            "regions": list(self.regions), "judged": self.judged, "judge_error": self.judge_error,
            "finished": self.finished,
            "seconds": round((self.ended or time.time()) - self.started, 1),
        }


class Busy(Exception):
    """Too many jobs waiting: try again later."""


class JobRunner:
    """A bounded pool running batch jobs, and the jobs' state (this process only)."""

    def __init__(self, app: Any, workers: int = WORKERS) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="planwatch-job")
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self.lock:
            job = self.jobs.get(job_id)
            return job.view() if job is not None else None

    def submit(self, files: list[Incoming], refused: list[Refused],
               facts: Mapping[str, Mapping[str, object]], actor: str) -> str:
        """Start a job storing ``files`` with their ``facts`` (by file name); ``refused`` are reported."""
        with self.lock:
            running = sum(1 for j in self.jobs.values() if not j.finished)
            if running >= MAX_QUEUED:
                raise Busy()
            job = Job(uuid.uuid4().hex, len(files) + len(refused), actor)
            job.errors = [{"file": r.file, "reason": r.reason} for r in refused]
            job.done = len(refused)
            self.jobs[job.id] = job
            while len(self.jobs) > KEEP:
                oldest = next(iter(self.jobs))
                if not self.jobs[oldest].finished:
                    break
                self.jobs.popitem(last=False)
        self.pool.submit(self._run, job, files, facts)
        return job.id

    def _update(self, job: Job, **changes: Any) -> None:
        with self.lock:
            for key, value in changes.items():
                setattr(job, key, value)

    def _run(self, job: Job, files: list[Incoming], facts: Mapping[str, Mapping[str, object]]) -> None:
        try:
            self._store_all(job, files, facts)
            self._judge(job)
        except Exception as exc:  # pragma: no cover - a bug: the job ends and says so
            log.exception("job %s failed", job.id)
            self._update(job, judge_error=f"{type(exc).__name__}: {exc}")
        finally:
            self._update(job, state="done", current=None, ended=time.time())

    def _store_all(self, job: Job, files: list[Incoming], facts: Mapping[str, Mapping[str, object]]) -> None:
        folder = self.app.state.upload_dir
        folder.mkdir(parents=True, exist_ok=True)
        self._update(job, state="running")
        for f in files:
            self._update(job, current=f.name)
            try:
                given = given_meta(self.app, facts.get(f.name))
                sha, created, count = _process_and_store(self.app, folder / f.name, f.data, given, job.actor)
                with self.app.state.sessions() as session:
                    doc = queries.get_document(session, sha)
                region = doc.region if doc is not None else None
                with self.lock:
                    job.documents.append({"file": f.name, "sha256": sha, "created": created,
                                          "statements": count, "region": region, "url": f"/documents/{sha}"})
                    if region and region not in job.regions:
                        job.regions.append(region)
            except UploadRejected as err:
                with self.lock:
                    job.errors.append({"file": f.name, "reason": err.message})
            except Exception as exc:  # one file's failure never stops the batch
                log.exception("job %s: %s failed", job.id, f.name)
                with self.lock:
                    reason = batch_message("failed", reason=type(exc).__name__)
                    job.errors.append({"file": f.name, "reason": reason})
            finally:
                with self.lock:
                    job.done += 1

    def _judge(self, job: Job) -> None:
        """Judge the affected regions again (those the stored documents marked dirty), one transaction
        a region, so that they show the new documents' verdicts."""
        if not job.documents:
            return
        self._update(job, state="judging", current=None)
        from planwatch.service import track_dirty

        try:
            run = track_dirty(self.app.state.engine)
            self._update(job, judged=run.targets)
        except Exception as exc:  # the documents stay stored; the judgements are stale
            log.exception("job %s: tracking failed", job.id)
            reason = f"{type(exc).__name__}: {exc}"
            self._update(job, judge_error=batch_message("judge_failed", reason=reason))

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def runner(app: Any) -> JobRunner:
    """The app's job runner, made on first use."""
    found = getattr(app.state, "jobs", None)
    if found is None:
        found = app.state.jobs = JobRunner(app)
    return found
