"""``planwatch rules check``: every rule file of every stage is validated, every inline example run.

Each test copies the packaged rules folder, breaks one file, and points the check at the copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.errors import PlanWatchError, RuleError
from planwatch.rules.loader import FILES, RULES_ENV, read, rules_dir, validate

runner = CliRunner()
SPECS = Path(__file__).resolve().parents[2] / "specs" / "zh"


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(rules_dir(), tmp_path / "zh")
    return tmp_path


def _check(folder: Path, *more: str) -> tuple[int, str, str]:
    res = runner.invoke(app, ["rules", "check", "--rules-dir", str(folder), *more])
    return res.exit_code, res.stdout, res.stderr


def test_packaged_rules_pass_and_run_the_specs() -> None:
    code, out, err = _check(rules_dir().parent, "--specs", str(SPECS))
    assert code == 0, err
    for stage in ("ingest", "structure", "extract", "track", "review", "serve"):
        assert f"rules zh {stage}: valid" in out
    assert "spec cases:" in out


def test_a_failing_spec_case_fails_the_check(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "cases:\n  - input: 新增就业4万人。\n    expect:\n      - {text: 4万人, value: 5}\n",
        encoding="utf-8")
    code, _, err = _check(rules_dir().parent, "--specs", str(tmp_path))
    assert code == 1 and "FAIL bad.yaml[0]" in err


def test_every_rule_file_has_a_schema_and_fits_it() -> None:
    for name in FILES:
        if name.endswith(".yaml"):
            read(name)


@pytest.mark.parametrize("name", [n for n in FILES if n.endswith(".yaml")])
def test_an_unknown_top_level_key_fails_the_check(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path)
    path = folder / "zh" / name
    path.write_text(path.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
    code, _, err = _check(folder)
    assert code == 1
    assert f"error: {name}: bogus_key: unknown key" in err


#: One nested entry per stage: (file, path to a mapping inside it).
NESTED = [
    ("ingest.yaml", ("furniture", "patterns", 0)),
    ("structure.yaml", ("headings", "numbered", 0)),
    ("documents.yaml", ("head", "title")),
    ("units.yaml", ("units", 0)),
    ("numbers.yaml", ("scales", 0)),
    ("canonical.yaml", ("ids", "gdp")),
    ("tracking.yaml", ("tolerance",)),
    ("linking.yaml", ("examples", 0)),
    ("review.yaml", ("doubts", "no_indicator")),
    ("labels.yaml", ("kind",)),
]


@pytest.mark.parametrize(("name", "where"), NESTED, ids=[n for n, _ in NESTED])
def test_an_unknown_nested_key_fails_naming_file_and_key_path(
    tmp_path: Path, name: str, where: tuple[str | int, ...]
) -> None:
    folder = _copy(tmp_path)
    path = folder / "zh" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    node = data
    for k in where:
        node = node[k]
    node["bogus_key"] = 1
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = _check(folder)
    key = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in where).lstrip(".")
    assert code == 1
    assert f"error: {name}: {key}.bogus_key: unknown key" in err


def test_an_unknown_column_of_indicators_tsv_fails_the_check(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "zh" / "indicators.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + "\tbogus_key", *lines[1:]]) + "\n", encoding="utf-8")
    code, _, err = _check(folder)
    assert code == 1 and "error: indicators.tsv: [0].bogus_key: unknown key" in err


def test_a_failing_inline_example_fails_the_check(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "zh" / "ingest.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "examples: ['2020-05-13',", "examples: ['五月十三日', '2020-05-13',", 1), encoding="utf-8")
    code, _, err = _check(folder)
    assert code == 1 and "FAIL ingest.yaml: date: should match '五月十三日'" in err


def test_the_environment_names_the_rules_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy(tmp_path)
    (folder / "zh" / "review.yaml").write_text("doubts: {}\nfacts: []\n", encoding="utf-8")
    monkeypatch.setenv(RULES_ENV, str(folder))
    code, _, err = _check(folder)
    assert code == 1 and "error: review.yaml: doubts" in err
    with pytest.raises(RuleError, match=r"review\.yaml: doubts: 'no_indicator' is missing"):
        read("review.yaml")


def test_rule_errors_are_planwatch_errors() -> None:
    assert issubclass(RuleError, PlanWatchError)
    with pytest.raises(RuleError, match=r"units\.yaml: units\[0\]\.forms: 'x' is not of type 'array'"):
        validate({"units": [{"unit": "个", "forms": "x"}], "implied": []}, "units.yaml")
