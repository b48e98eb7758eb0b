"""Paging a listing that merges SQL rows with the statements people settled: every window is exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.serve.read.corrected import merge_page, order_key
from planwatch.serve.schemas import StatementOut


def _st(sha: str, start: int, key: str) -> StatementOut:
    return StatementOut(id=key, doc_sha=sha, doc="d", start=start, end=start + 1, text="1",
                        indicator="i", value=1, unit="%", comparator="=", kind="actual",
                        measure="level", direction="none", period="2020")


positions = st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 30)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(positions, positions, st.integers(0, 90), st.integers(1, 25))
def test_every_page_is_the_window_of_the_merged_listing(
    machine: list[tuple[str, int]], people: list[tuple[str, int]], offset: int, limit: int
) -> None:
    rows = sorted((_st(s, n, f"m{i:03d}") for i, (s, n) in enumerate(machine)), key=order_key)
    settled = sorted((_st(s, n, f"c-{i:03d}") for i, (s, n) in enumerate(people)), key=order_key)
    reads: list[tuple[int, int]] = []

    def fetch(start: int, n: int) -> list[StatementOut]:
        reads.append((start, n))
        return rows[start : start + n]

    page = merge_page(fetch, len(rows), settled, offset, limit)
    expected = sorted(rows + settled, key=order_key)[offset : offset + limit]
    assert [s.id for s in page] == [s.id for s in expected]
    assert all(n <= limit + len(settled) for _, n in reads) and len(reads) <= 1
