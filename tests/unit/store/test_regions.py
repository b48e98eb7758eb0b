"""Regions and their parents, from the structure stage's gazetteer or, failing it, from cpca."""

from __future__ import annotations

import pytest

from planwatch.store import regions
from planwatch.store.regions import RegionInfo, hierarchy


def _chain(name: str) -> list[tuple[str, str | None, int | None]]:
    return [(r.name, r.parent, r.level) for r in hierarchy(name)]


def test_district_of_a_municipality() -> None:
    assert _chain("天津市河西区") == [("天津市", None, 1), ("天津市河西区", "天津市", 3)]
    assert hierarchy("天津市河西区")[-1].adcode == "120103"


def test_province_city_county() -> None:
    assert _chain("浙江省杭州市西湖区") == [
        ("浙江省", None, 1), ("浙江省杭州市", "浙江省", 2), ("浙江省杭州市西湖区", "浙江省杭州市", 3)]
    assert _chain("广东省深圳市光明区")[-1] == ("广东省深圳市光明区", "广东省深圳市", 3)


def test_unknown_names_stand_alone() -> None:
    assert hierarchy("全国")[0].parent is None and len(hierarchy("全国")) == 1
    assert hierarchy("") == []


@pytest.fixture
def no_structure_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regions, "_places", lambda: ({}, {}, None))


@pytest.mark.usefixtures("no_structure_gazetteer")
def test_cpca_fallback_finds_the_province_of_a_bare_city() -> None:
    assert _chain("深圳市宝安区") == [
        ("广东省", None, 1), ("深圳市", "广东省", 2), ("深圳市宝安区", "深圳市", 3)]
    assert _chain("天津市河西区") == [("天津市", None, 1), ("天津市河西区", "天津市", 3)]
    below = hierarchy("深圳市宝安区新安街道")[-1]
    assert below == RegionInfo("深圳市宝安区新安街道", "深圳市宝安区", 4, None)
