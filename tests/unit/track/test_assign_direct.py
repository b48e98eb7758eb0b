"""The one-to-one assignment gives a figure to the target of its own period before a longer one's goal."""

from __future__ import annotations

from planwatch.track.match import Edge, assign

G = ("a.txt", "b.txt")


def test_a_result_goes_to_the_target_of_its_year_before_the_terms_goal() -> None:
    # target 0: 2023 (direct for both figures); target 1: the 2023-2027 goal (progress only)
    edges = [
        Edge(0, 10, G, "year", 0.5, direct=True),
        Edge(1, 10, G, "term", 0.9),
    ]
    assert assign(edges) == {0: {10: 0.5}}


def test_each_tier_keeps_the_best_total_and_the_rest_goes_to_the_longer_goal() -> None:
    edges = [
        Edge(0, 10, G, "year", 0.6, direct=True),
        Edge(0, 11, G, "year", 0.9, direct=True),
        Edge(1, 10, G, "term", 0.95),
        Edge(1, 11, G, "term", 0.5),
    ]
    assert assign(edges) == {0: {11: 0.9}, 1: {10: 0.95}}


def test_without_direct_links_the_assignment_is_unchanged() -> None:
    edges = [
        Edge(0, 10, G, "a", 0.9), Edge(0, 11, G, "a", 0.8),
        Edge(1, 10, G, "b", 0.85), Edge(1, 11, G, "b", 0.3),
    ]
    assert assign(edges) == {0: {11: 0.8}, 1: {10: 0.85}}
