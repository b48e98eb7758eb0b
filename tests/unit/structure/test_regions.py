"""Regions and their parents, from the structure stage's gazetteer (full names, or names it starts)."""

from __future__ import annotations

from planwatch.structure.regions import RegionInfo, candidates, hierarchy


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


def test_a_bare_city_gets_its_province() -> None:
    assert _chain("深圳市宝安区") == [
        ("广东省", None, 1), ("深圳市", "广东省", 2), ("深圳市宝安区", "深圳市", 3)]
    assert _chain("天津市河西区") == [("天津市", None, 1), ("天津市河西区", "天津市", 3)]
    below = hierarchy("深圳市宝安区新安街道")[-1]
    assert below == RegionInfo("深圳市宝安区新安街道", "深圳市宝安区", 4, None)


def test_an_ambiguous_name_stands_alone() -> None:
    assert len(candidates("龙华区")) == 2
    assert hierarchy("龙华区") == [RegionInfo("龙华区", None, None, None)]
    assert hierarchy("深圳市龙华区")[-1].adcode == "440309"
