"""The one reader of indicators.tsv: the packaged table, and a bad table named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.errors import PlanWatchError
from planwatch.headline import headline_indicators, read_headline

SPEC = Path(__file__).parent.parent / "data" / "spec" / "indicators.tsv"


def test_packaged_table_is_the_spec_table() -> None:
    assert headline_indicators() == read_headline(SPEC)
    by_id = {i.id: i for i in headline_indicators()}
    assert len(by_id) == 40
    assert (by_id["unemployment_rate"].better, by_id["unemployment_rate"].measure) == ("down", "share")
    assert "GDP增长" in by_id["gdp_growth"].synonyms


def test_bad_table_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "indicators.tsv"
    bad.write_text("id\tname\tmeasure\tunit\tbetter\tsynonyms\ngdp\t地区生产总值\tlevel\t元\tsideways\t\n",
                   encoding="utf-8")
    with pytest.raises(PlanWatchError, match=r"indicators\.tsv: line 2: indicator gdp: better"):
        read_headline(bad)
    with pytest.raises(PlanWatchError, match=r"nope\.tsv"):
        read_headline(tmp_path / "nope.tsv")
