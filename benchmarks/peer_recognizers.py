"""The peer's half of bench_extract: Microsoft Recognizers-Text (Python port), Chinese culture.

Runs inside .venv-peer, never in the project venv. Reads ``{"texts": [...], "runs": N}``
as JSON on stdin; times the Number, Percentage, Currency and Dimension models over
all texts with the same method as our half (``_timing.median_seconds``); prints JSON.
"""

from __future__ import annotations

import json
import sys
import time

from _timing import figures, median_seconds


def main() -> int:
    job = json.load(sys.stdin)
    texts: list[str] = job["texts"]
    runs = int(job.get("runs", 7))
    t0 = time.perf_counter()
    from recognizers_number import NumberRecognizer
    from recognizers_number_with_unit import NumberWithUnitRecognizer
    from recognizers_text import Culture

    numbers = NumberRecognizer(Culture.Chinese)
    units = NumberWithUnitRecognizer(Culture.Chinese)
    models = {
        "number": numbers.get_number_model(),
        "percentage": numbers.get_percentage_model(),
        "currency": units.get_currency_model(),
        "dimension": units.get_dimension_model(),
    }
    setup = time.perf_counter() - t0
    found = {name: sum(len(m.parse(t)) for t in texts) for name, m in models.items()}

    def one_pass() -> None:
        for text in texts:
            for model in models.values():
                model.parse(text)

    timing = median_seconds(one_pass, runs=runs)
    out = {**figures(sum(len(t) for t in texts), timing), "setup_s": round(setup, 3), "entities": found,
           "python": sys.version.split()[0]}
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
