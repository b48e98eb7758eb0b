"""Application services over the store: the stages put together for the CLI, the web app and scripts.

Tracking (stage 4) over the store (stage 5), with people's corrections applied, region by region:
``track_dirty`` judges the regions a change marked (``store.dirty``), ``track_regions`` the regions
named, ``track_all`` every region; each reads one region at a time (its statements and texts) and
writes its judgements, status counts and mark in one transaction. ``track_store`` judges everything
in the caller's session and returns the judgements. It lives here, above ``track``, ``store`` and
``review``, so that ``track`` stays pure.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from planwatch.model import DocumentFacts, Judgement, Statement
from planwatch.review.service import corrected_stored
from planwatch.store import dirty, regions
from planwatch.store import repository as repo
from planwatch.store.db import transaction
from planwatch.track import Idf, judge, region_vocabulary
from planwatch.track.judge import document_date
from planwatch.track.report import Report, build_report, in_period
from planwatch.track.rules import Indicator, load_indicators

log = logging.getLogger(__name__)

__all__ = [
    "RegionRun", "load_from_store", "load_region", "load_texts", "local_runner", "ray_runner",
    "region_report", "retrack", "run_regions", "store_indicators", "track_all", "track_dirty",
    "track_regions", "track_store",
]


def load_from_store(session: Session) -> list[tuple[Statement, DocumentFacts]]:
    """Every current statement of the store, corrections applied, paired with its document's facts."""
    facts = {d.sha256: d.facts for d in repo.list_documents(session)}
    found = corrected_stored(session, repo.find_statements(session))
    return [(s.statement, facts[s.doc_sha]) for s in found if s.doc_sha in facts]


def load_texts(session: Session) -> dict[str, str]:
    """The text of every current document by name: the linker reads the words around each figure."""
    return repo.document_texts(session)


def store_indicators(session: Session) -> dict[str, Indicator]:
    """The headline indicators stored in the store, else the packaged ``indicators.tsv``."""
    rows = repo.indicators(session)
    if not rows:
        return load_indicators()
    return {
        r.id: Indicator(r.id, r.name, r.measure, r.unit, r.better, tuple(r.synonyms or ()))
        for r in rows
    }


def track_store(session: Session) -> list[Judgement]:
    """Judge every stored target (corrections applied) region by region in ``session``, save and
    return the judgements (by region)."""
    got = run_regions(_session_unit(session), None, rebuild=True, keep=True).judgements
    assert got is not None
    return got


def retrack(session: Session) -> str | None:
    """Judge the changed regions again after a change people made (the change marked them), without
    risking the change: tracking runs in a
    savepoint, and if it fails the change stays, the old judgements stay, and the failure is
    returned (and logged) instead of raised. None when tracking ran."""
    try:
        with session.begin_nested():
            run_regions(_session_unit(session), None)  # the regions the change marked
    except Exception as exc:  # a failing stage must not cost a person's correction
        log.exception("tracking failed after a change; the change is kept, judgements are stale")
        return f"{type(exc).__name__}: {exc}"
    return None


def region_report(session: Session, region: str, period: str | None = None) -> Report:
    """The 落实情况表 of ``region`` (and ``period``: a year, or a plan span and the years inside it)
    from the stored judgements, with the sentences of its targets and evidence; judged as of the
    latest delivered date in the store."""
    from planwatch.track import default_today

    facts = {d.facts.doc: d.facts for d in repo.list_documents(session)}
    judged = [j for j in repo.judgements(session, region=region) if in_period(j.target.period, period)]
    names = {j.target.doc for j in judged} | {e.statement.doc for j in judged for e in j.evidence}
    return build_report(
        judged, facts, region=region, period=period, today=default_today(facts.values()),
        indicators=store_indicators(session), texts=repo.document_texts(session, names),
    )


# ---------------------------------------------------------------- tracking by region

Unit = Callable[[], AbstractContextManager[Session]]
Pairs = list[tuple[Statement, DocumentFacts]]


@dataclass
class RegionRun:
    """What a tracking run did: the regions it judged (keys; ``""``: no region), how many targets
    each status got in them, and the regions it dropped (no documents left)."""

    judged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    judgements: list[Judgement] | None = None  # kept only when asked (``track_store``)

    @property
    def targets(self) -> int:
        return sum(self.statuses.values())


def load_region(session: Session, key: str) -> tuple[Pairs, dict[str, str]]:
    """One region's current statements (corrections applied) with their documents' facts, and its
    documents' texts: all that judging it reads of the store."""
    facts = regions.documents(session, key)
    found = corrected_stored(session, regions.statements(session, key))
    return [(s.statement, facts[s.doc_sha]) for s in found if s.doc_sha in facts], regions.texts(session, key)


def _share(pairs: Pairs, texts: dict[str, str]) -> tuple[int, Counter[str], str | None, str | None]:
    n, words = region_vocabulary(pairs, texts)
    spoken = [d for _, f in pairs if (d := document_date(f)) is not None]  # as track.default_today
    delivered = max(spoken).isoformat() if spoken else None
    published = max((f.published for _, f in pairs if f.published), default=None)
    return n, words, delivered, published


def _judge_region(pairs: Pairs, texts: dict[str, str], today: date, indicators: dict[str, Indicator],
                  profiles: int, words: dict[str, int]) -> list[Judgement]:
    return judge(pairs, today=today, indicators=indicators, texts=texts,
                 idf=Idf.from_counts(words, profiles))


def _drop(unit: Unit, key: str, gen: int | None) -> None:
    with unit() as s:
        regions.drop_share(s, key)
        repo.save_judgements(s, [], regions=[dirty.region_of(key)])
        if gen is not None:
            dirty.clear(s, {key: gen})


def run_regions(unit: Unit, wanted: Iterable[str] | None, *, rebuild: bool = False,
                keep: bool = False, runner: Runner | None = None) -> RegionRun:
    """Judge regions one at a time, each in its own ``unit()`` (a transaction, or the caller's session).

    ``wanted``: region keys to judge; None: the dirty ones (marked, or never read by tracking, or
    judged as of another year than today's). ``rebuild``: every region, the word sums built anew.
    Each region's judgements, status counts and mark are written together; the result is what a
    whole-store :func:`planwatch.track.judge` gives for those regions.
    """
    run_ = RegionRun(judgements=[] if keep else None)
    with unit() as s:
        present = set(regions.keys(s))
        seen = regions.tracked(s)
        marks = dirty.marked(s)
        judged_before = set(regions.judged_regions(s)) if rebuild else set()
        indicators = store_indicators(s)
        if rebuild:
            regions.forget_all(s)
    if rebuild:
        todo = set(present) | set(marks) | set(seen) | judged_before
    elif wanted is None:
        todo = set(marks) | (present - set(seen))
    else:
        todo = set(wanted)
    for key in sorted(todo - present):  # no documents left: its judgements and share go
        if key in seen or key in marks or key in judged_before or wanted is not None:
            _drop(unit, key, marks.get(key))
            run_.dropped.append(key)
    runner = runner or local_runner
    read = sorted(todo & present)
    gens: dict[str, int | None] = {}

    # one region alone (a correction, an upload) is read once for both passes; more are read twice,
    # so that memory stays one region's
    kept: dict[str, tuple[Pairs, dict[str, str]]] = {}

    def shares() -> Iterator[tuple[str, tuple[Pairs, dict[str, str]]]]:
        for key in read:
            with unit() as s:
                gens[key] = dirty.marked(s, [key]).get(key)
                loaded = load_region(s, key)
            if len(read) == 1:
                kept[key] = loaded
            yield key, loaded

    for key, share in runner(_share, shares(), ()):
        with unit() as s:
            regions.save_share(s, key, *share)
    with unit() as s:
        ctx = regions.context(s)
        if wanted is None and not rebuild:  # a new year: every region's periods may have ended
            read = sorted(set(read) | {k for k, y in regions.tracked(s).items() if y != ctx.today.year})

    def inputs() -> Iterator[tuple[str, tuple[Pairs, dict[str, str]]]]:
        for key in read:
            if key in kept:
                yield key, kept.pop(key)
                continue
            with unit() as s:
                if key not in gens:
                    gens[key] = dirty.marked(s, [key]).get(key)
                loaded = load_region(s, key)
            yield key, loaded

    extra = (ctx.today, indicators, ctx.profiles, ctx.words)
    for key, judged in runner(_judge_region, inputs(), extra):
        with unit() as s:
            repo.save_judgements(s, judged, regions=[dirty.region_of(key)])
            regions.set_judged(s, key, ctx.today.year)
            gen = gens.get(key)
            if gen is not None:
                dirty.clear(s, {key: gen})
        run_.judged.append(key)
        run_.statuses.update(j.status for j in judged)
        if run_.judgements is not None:
            run_.judgements.extend(judged)
    return run_


#: ``runner(fn, inputs, extra)`` yields ``(key, fn(*input, *extra))`` for every ``(key, input)``.
Runner = Callable[[Callable[..., Any], Iterator[tuple[str, tuple[Any, ...]]], tuple[Any, ...]],
                  Iterator[tuple[str, Any]]]


def local_runner(fn: Callable[..., Any], inputs: Iterator[tuple[str, tuple[Any, ...]]],
                 extra: tuple[Any, ...]) -> Iterator[tuple[str, Any]]:
    """Each region in this process, one after the other."""
    for key, args in inputs:
        yield key, fn(*args, *extra)


def _engine_unit(engine: Engine) -> Unit:
    return lambda: transaction(engine)


def _session_unit(session: Session) -> Unit:
    return lambda: nullcontext(session)


def track_dirty(engine: Engine, *, runner: Runner | None = None) -> RegionRun:
    """Judge the dirty regions (marked by a change, never judged, or judged as of another year), one
    transaction per region. For the upload job: call it after the documents are stored."""
    return run_regions(_engine_unit(engine), None, runner=runner)


def track_regions(engine: Engine, names: Iterable[str | None], *, runner: Runner | None = None) -> RegionRun:
    """Judge these regions again (None: documents without a region), marked or not."""
    return run_regions(_engine_unit(engine), [dirty.key(n) for n in names], runner=runner)


def track_all(engine: Engine, *, runner: Runner | None = None) -> RegionRun:
    """Judge every region again and build the word sums anew (``planwatch track --all``)."""
    return run_regions(_engine_unit(engine), None, rebuild=True, runner=runner)


def ray_runner(num_cpus: int | None = None, in_flight: int | None = None) -> Runner:
    """Regions as Ray tasks (``planwatch track --engine ray``): the driver reads each region from the
    store and writes its judgements; the tasks judge. Uses the Ray already started in this process,
    else starts a private local one (offline flags: docs/scaling.md) and stops it at the end. At most
    ``in_flight`` regions (default 2 × CPUs) are in the object store at once."""

    def run(fn: Callable[..., Any], inputs: Iterator[tuple[str, tuple[Any, ...]]],
            extra: tuple[Any, ...]) -> Iterator[tuple[str, Any]]:
        import os
        import shutil
        import tempfile

        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        import ray

        temp = None
        if not ray.is_initialized():
            temp = tempfile.mkdtemp(prefix="pwr-", dir="/tmp")
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, num_gpus=0, include_dashboard=False,
                     _node_ip_address="127.0.0.1", _temp_dir=temp, object_store_memory=256 * 2**20,
                     log_to_driver=False, logging_level=logging.ERROR)
        try:
            task = ray.remote(num_cpus=1)(fn)
            refs = [ray.put(x) for x in extra]
            limit = in_flight or 2 * max(1, int(ray.available_resources().get("CPU", 1)))
            pending: dict[Any, str] = {}

            def done(wait_all: bool) -> Iterator[tuple[str, Any]]:
                while pending and (wait_all or len(pending) >= limit):
                    ready, _ = ray.wait(list(pending), num_returns=1)
                    for ref in ready:
                        yield pending.pop(ref), ray.get(ref)

            for key, args in inputs:
                pending[task.remote(*args, *refs)] = key
                yield from done(False)
            yield from done(True)
        finally:
            if temp is not None:
                ray.shutdown()
                shutil.rmtree(temp, ignore_errors=True)

    return run
