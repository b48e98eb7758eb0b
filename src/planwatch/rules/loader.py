"""The one reader of the rule files.

* The folder is found one way: ``$PLANWATCH_RULES_DIR`` when set (a folder holding ``<lang>/``),
  else the package's own ``planwatch/rules`` (through :mod:`importlib.resources`); every reader
  also takes an explicit ``folder``.
* Every file has one JSON Schema, ``rules/schemas/<file>.json`` (``additionalProperties: false``
  everywhere: an unknown key is an error).
* Every error is a :class:`~planwatch.errors.RuleError` naming the file and the key path.
* Patterns may name other patterns as ``{Name}``; :func:`expand` resolves them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from planwatch.errors import RuleError
from planwatch.settings import ENV_RULES_DIR, settings

RULES_ENV = ENV_RULES_DIR
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Every rule file of a language, with the stage that compiles it.
FILES: dict[str, str] = {
    "ingest.yaml": "ingest",
    "structure.yaml": "structure",
    "documents.yaml": "structure",
    "indicators.tsv": "headline",
    "numbers.yaml": "extract",
    "units.yaml": "extract",
    "comparators.yaml": "extract",
    "exclusions.yaml": "extract",
    "kinds.yaml": "extract",
    "periods.yaml": "extract",
    "measures.yaml": "extract",
    "indicators.yaml": "extract",
    "canonical.yaml": "extract",
    "tables.yaml": "extract",
    "outline.yaml": "extract",
    "tracking.yaml": "track",
    "linking.yaml": "track",
    "review.yaml": "review",
    "labels.yaml": "serve",
}


def rules_dir(lang: str = "zh", folder: Path | None = None) -> Path:
    """The folder of ``lang``'s rules: ``folder/lang``, ``$PLANWATCH_RULES_DIR/lang`` or the package's."""
    if folder is None:
        folder = settings().rules_dir
    if folder is None:
        folder = Path(str(resources.files("planwatch.rules")))
    return folder / lang


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the rule file ``name`` (``units.yaml``)."""
    text = resources.files("planwatch.rules").joinpath("schemas", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _key_path(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(data: Any, name: str) -> None:
    """Raise :class:`RuleError` (file, key path) unless ``data`` fits the schema of ``name``."""
    errors = sorted(
        jsonschema.Draft202012Validator(schema(name)).iter_errors(data),
        key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path],
                       e.validator != "additionalProperties"),  # an unknown key first: often a typo
    )
    if not errors:
        return
    err = errors[0]
    where = _key_path(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = set(err.schema.get("properties", {}))
        extra = sorted(str(k) for k in err.instance if k not in known)
        key = f"{where}.{extra[0]}" if where else extra[0]
        raise RuleError(name, key, "unknown key")
    if err.validator == "required":
        raise RuleError(name, where or "(top)", err.message.replace("is a required property", "is missing"))
    raise RuleError(name, where or "(top)", err.message)


def _text(name: str, lang: str, folder: Path | None) -> str:
    path = rules_dir(lang, folder) / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise RuleError(str(path), "", e.strerror or str(e)) from e


def read(name: str, lang: str = "zh", folder: Path | None = None) -> dict[str, Any]:
    """Read the YAML rule file ``name`` of ``lang`` and validate it against its schema."""
    try:
        data = yaml.load(_text(name, lang, folder), Loader=_LOADER)
    except yaml.YAMLError as e:
        raise RuleError(name, "", f"not valid YAML: {e}") from e
    validate(data, name)
    out: dict[str, Any] = data
    return out


def load_yaml(path: Path) -> Any:
    """Parse any YAML file without a schema (the extraction spec cases); errors name the file."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as e:
        raise RuleError(str(path), "", str(e)) from e


def read_tsv(name: str, lang: str = "zh", folder: Path | None = None) -> list[dict[str, str]]:
    """Read the TSV rule file ``name`` (a header row, then one row a line), validated like the YAML files."""
    reader = csv.DictReader(io.StringIO(_text(name, lang, folder), newline=""), delimiter="\t")
    rows = [{str(k): (v or "") for k, v in row.items()} for row in reader]
    validate(rows, name)
    return rows


_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand(pattern: str, named: Mapping[str, str], *, file: str = "", group: bool = True,
           _depth: int = 0) -> str:
    """Replace every ``{Name}`` in ``pattern`` by the (expanded) named pattern.

    ``group`` wraps each expansion in ``(?:…)``; names ``named`` does not hold are an error.
    """
    if _depth > 20:
        raise RuleError(file or "rules", "", f"pattern references nest too deep: {pattern}")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in named:
            raise RuleError(file or "rules", "", f"unknown pattern reference {{{name}}}")
        inner = expand(named[name], named, file=file, group=group, _depth=_depth + 1)
        return f"(?:{inner})" if group else inner

    return _REF.sub(sub, pattern)


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 以上 wins over 以)."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in uniq) if uniq else "(?!)"


def compile_pattern(pattern: str, file: str, key: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` with a :class:`RuleError` naming the file and key on a bad pattern."""
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        raise RuleError(file, key, f"bad pattern {pattern!r}: {e}") from e


@dataclass(frozen=True)
class Rule:
    """One compiled pattern of a rule file with its inline examples (``examples`` it must match,
    ``counter`` it must not); ``name`` says where it stands in the file."""

    name: str
    regex: re.Pattern[str]
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text)

    def failures(self) -> list[str]:
        """One message per inline example the pattern gets wrong."""
        return ([f"{self.name}: should match {s!r}" for s in self.examples if not self.search(s)]
                + [f"{self.name}: should not match {s!r}" for s in self.counter if self.search(s)])


def check_examples(rules: Iterable[Rule]) -> list[str]:
    """Run the inline examples of ``rules``; one message per failure (empty when all hold)."""
    return [msg for rule in rules for msg in rule.failures()]
