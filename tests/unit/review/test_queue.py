"""The review queue: least certain first, reasons in Chinese, progress per document."""

from __future__ import annotations

from sqlalchemy import Engine

from planwatch.model import Doubt
from planwatch.review import doubts, service
from planwatch.review.queue import NO_CANONICAL, queue
from planwatch.store.db import transaction


def test_doubt_labels_are_data_and_every_kind_has_one() -> None:
    entries = doubts.doubts()
    assert {d.doubt for d in entries} == set(Doubt)
    assert Doubt.no_headline == NO_CANONICAL
    for d in entries:
        assert doubts.label(d.doubt.detail("x")) == d.label != d.doubt.value
        assert doubts.label(d.doubt) == d.label
        assert doubts.weight((d.doubt.value,)) == d.weight
    assert doubts.label("something new") == "something new" and doubts.weight(("something new",)) == 1
    assert doubts.label("no indicator foundling") == "no indicator foundling"  # a kind, not a prefix


def test_queue_orders_by_doubt_and_counts_progress(engine: Engine) -> None:
    with transaction(engine) as s:
        items, progress = queue(s)
    assert len(progress) == 1 and progress[0].reviewed == 0 and progress[0].total == len(items) > 0
    weights = [q.score for q in items]
    assert weights == sorted(weights, reverse=True) and weights[0] > weights[-1]
    assert all(len(q.labels) == len(q.reasons) for q in items)
    assert any(label != reason for q in items for label, reason in zip(q.labels, q.reasons, strict=True))
    with transaction(engine) as s:
        service.record(s, items[0].doc_sha, "confirm", "ann", item=items[0].key)
        service.record(s, items[1].doc_sha, "delete", "ann", item=items[1].key)
    with transaction(engine) as s:
        after, progress = queue(s)
    assert [q.key for q in after] == [q.key for q in items[2:]]
    assert (progress[0].reviewed, progress[0].total, progress[0].complete) == (2, len(items), False)
