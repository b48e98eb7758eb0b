"""The dashboard's Chinese labels: ``rules/<lang>/labels.yaml`` (read and schema-checked by the rules
loader), with the statuses' one Chinese name each from ``tracking.yaml`` (``labels.status``, which the
CLI and the report show too)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from planwatch.errors import RuleError
from planwatch.model import STATUSES
from planwatch.rules import loader
from planwatch.track.rules import load_rules

LABELS_FILE = "labels.yaml"

#: Every group the templates use, and the codes each must label (``status`` comes from tracking.yaml).
REQUIRED: dict[str, tuple[str, ...]] = {
    "kind": ("target", "actual", "estimate"),
    "measure": ("level", "growth", "share", "delta"),
    "comparator": ("=", ">=", ">", "<=", "<", "~"),
    "direction": ("up", "down", "none"),
    "doc_kind": ("work_report", "plan_report", "five_year_plan", "evaluation", "other"),
    "role": ("direct", "indirect", "superseded"),
    "upload_errors": ("empty", "too_big", "wrong_type", "no_file", "unreadable", "over_budget"),
    "budgets": ("bytes", "expanded", "ratio", "nodes", "depth", "pages", "objects", "chars", "seconds",
                "memory"),
    "fact_field": ("region", "year", "kind"),
    "fact_errors": ("year", "kind", "region_unknown", "region_ambiguous", "field", "no_document"),
    "fact_form": ("title", "edit", "hint", "upload_hint", "region_placeholder", "year_placeholder",
                  "kind_auto", "submit", "engine"),
    "not_found": ("indicator", "region", "document"),
    "quote": ("target", "evidence", "source", "view", "file", "date", "no_evidence", "as_of", "as_of_hint",
              "composed_title", "composed_hint"),
    "security_errors": ("too_large", "bad_length", "host", "token", "local_only", "login", "role",
                        "cross_origin", "csrf"),
    "batch": ("zip_bad", "zip_unsafe", "zip_bomb", "zip_encrypted", "zip_too_many", "member_too_big",
              "member_empty", "too_many", "same_name", "no_files", "bad_facts", "busy", "no_job", "failed",
              "judge_failed", "progress", "judging", "finished"),
}

#: Status codes in the spec's order of precedence (tracking.md).
STATUS_ORDER: tuple[str, ...] = STATUSES


def parse(data: dict[str, Any]) -> dict[str, Any]:
    """Validate ``labels.yaml`` (its schema, then that every group labels all its codes)."""
    loader.validate(data, LABELS_FILE)
    for group, codes in REQUIRED.items():
        missing = [c for c in codes if not isinstance(data[group].get(c), str)]
        if missing:
            raise RuleError(LABELS_FILE, group, f"lacks {missing}")
    return data


def read(folder: Path | None = None, lang: str = "zh") -> dict[str, Any]:
    """Read and validate ``labels.yaml`` of the rules ``folder`` (the packaged one by default)."""
    return parse(loader.read(LABELS_FILE, lang, folder))


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """The label tables, with ``status`` (the one table of status names, in tracking.yaml)."""
    return {**read(), "status": dict(load_rules().status_labels)}


def label(group: str, code: str | None) -> str:
    """The label of ``code`` in ``group``, or the code itself when there is none."""
    if code is None:
        return ""
    table = labels().get(group, {})
    return str(table.get(code, code)) if isinstance(table, dict) else code


def formatted(group: str, key: str, **values: Any) -> str:
    """The label ``key`` of ``group``, formatted with ``values``."""
    return str(labels()[group][key]).format(**values)


def message(key: str, **values: Any) -> str:
    """An upload error message, formatted with ``values``."""
    return formatted("upload_errors", key, **values)


def budget_reason(code: str, **values: Any) -> str:
    """Why a file is over the budget ``code``, in Chinese, formatted with ``values``."""
    return formatted("budgets", code, **values)


def refusal(key: str, **values: Any) -> str:
    """Why a security check refused a page request (``security_errors``), formatted with ``values``."""
    table = labels()["security_errors"]
    return str(table.get(key, key)).format(**values)


def text(key: str) -> str:
    """A top-level label string."""
    return str(labels().get(key, key))


def fact_message(code: str, **values: Any) -> str:
    """The message of a given fact that was refused (``fact_errors``), formatted with ``values``
    (kind codes among the choices are shown with their labels)."""
    choices = values.get("choices")
    if choices is not None and not isinstance(choices, str):
        shape = str(labels().get("fact_kind_choice", "{label} ({code})"))
        shown = [shape.format(label=label("doc_kind", c), code=c) if code == "kind" else str(c)
                 for c in choices]
        values["choices"] = str(labels().get("list_separator", ", ")).join(shown)
    return str(labels()["fact_errors"][code]).format(**values)
