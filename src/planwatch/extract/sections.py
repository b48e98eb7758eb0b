"""Fast lookups of the section label and period governing an offset.

``Structure.label_at`` scans every section on each call; the engine asks for
thousands of offsets, so this index sweeps the sections once into elementary
intervals (each with its label and base period) and answers by bisection.
"""

from __future__ import annotations

import bisect
import heapq

from planwatch.model import Section, Structure


class SectionIndex:
    """Label and first period of the innermost governing section, per offset."""

    def __init__(self, structure: Structure) -> None:
        secs = structure.sections
        points = sorted({p for s in secs for p in (s.start, s.end)})
        order = sorted(range(len(secs)), key=lambda i: secs[i].start)
        self.points = points
        self.labels: list[str] = []
        self.periods: list[str] = []
        active: list[tuple[int, int]] = []  # heap of (end, index)
        live: set[int] = set()
        k = 0
        for p in points:
            while active and active[0][0] <= p:
                live.discard(heapq.heappop(active)[1])
            while k < len(order) and secs[order[k]].start <= p:
                i = order[k]
                if secs[i].end > p:
                    heapq.heappush(active, (secs[i].end, i))
                    live.add(i)
                k += 1
            chain = sorted(live, key=lambda i: (secs[i].level, i))
            self.labels.append(self._label([secs[i] for i in chain]))
            self.periods.append(self._period([secs[i] for i in chain]))

    @staticmethod
    def _label(chain: list[Section]) -> str:
        for s in reversed(chain):
            if s.label != "other":
                return s.label
        return "other"

    @staticmethod
    def _period(chain: list[Section]) -> str:
        for s in reversed(chain):
            if s.periods:
                return s.periods[0]
        return ""

    def at(self, offset: int) -> tuple[str, str]:
        """``(label, period)`` at ``offset`` (``("other", "")`` outside every section)."""
        i = bisect.bisect_right(self.points, offset) - 1
        if i < 0 or i >= len(self.labels):
            return "other", ""
        return self.labels[i], self.periods[i]
