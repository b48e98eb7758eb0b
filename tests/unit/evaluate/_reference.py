"""The official reference checker, ``tests/data/tools_statements.py``, loaded as a module."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

PATH = Path(__file__).parents[2] / "data" / "tools_statements.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tools_statements_reference", PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = load()


def ref_score(gold: list[dict], pred: list[dict]) -> dict:
    """What ``tools_statements.py score`` prints with ``--json``: predictions limited to gold's docs."""
    docs = {g["doc"] for g in gold}
    result, _ = ref.score(gold, [p for p in pred if p.get("doc") in docs])
    return result
