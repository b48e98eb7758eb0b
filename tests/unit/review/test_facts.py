"""Given facts: checked (region resolved with the gazetteer and the store), kept, audited, queued."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from planwatch.model import Document, FactDoubt
from planwatch.review.doubts import fact_reason
from planwatch.review.facts import FactError, check_given, edit_facts, resolve_region, with_given
from planwatch.review.queue import fact_queue
from planwatch.review.schema import AuditRow
from planwatch.store.db import transaction
from planwatch.store.ingest import reextract
from planwatch.store.schema import DocumentRow, Region
from planwatch.structure import analyse

from .conftest import DOC

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("北京市东城区", "北京市东城区"),
        ("广东省深圳市宝安区", "广东省深圳市宝安区"),
        ("深圳市宝安区", "广东省深圳市宝安区"),
        ("宝安区", "广东省深圳市宝安区"),
        ("南京市鼓楼区", "江苏省南京市鼓楼区"),
        (" 天津市 河西区 ", "天津市河西区"),
        ("全国", "全国"),
    ],
)
def test_regions_resolve_to_their_full_names(name: str, full: str) -> None:
    assert resolve_region(None, name) == full


@pytest.mark.parametrize(("name", "code"), [("鼓楼区", "region_ambiguous"), ("火星市", "region_unknown"),
                                            ("深圳市鼓楼区", "region_unknown"), ("", "region_unknown")])
def test_unknown_and_ambiguous_regions_are_refused(name: str, code: str) -> None:
    with pytest.raises(FactError) as err:
        resolve_region(None, name)
    assert err.value.code == code and err.value.status == 400


def test_check_given_and_meta() -> None:
    assert check_given(None, {"year": " 2024 ", "kind": "plan_report", "region": ""}) == {
        "given_year": "2024", "given_kind": "plan_report", "given_region": None}
    for bad in ({"year": "1948"}, {"year": "2101"}, {"year": "24"}, {"kind": "report"}, {"period": "2024"}):
        with pytest.raises(FactError):
            check_given(None, bad)
    meta = with_given({"title": "t", "given_year": "2020"}, {"given_year": None, "given_kind": "other"})
    assert meta == {"given_kind": "other", "title": "t"}


def test_fact_reasons_read_in_chinese() -> None:
    assert fact_reason(FactDoubt.year_none) == ("year", "正文和文件名都没有说明计划年度")
    detailed = FactDoubt.region_shared_name.detail("龙华区 is also 海南省海口市龙华区")
    assert fact_reason(detailed) == ("region", "多个地区同名，正文未提及所属上级地区")
    assert fact_reason("region: something new") == ("region", "something new")  # another version's


def test_every_unsure_fact_the_engine_gives_on_real_reports_reads_in_chinese() -> None:
    """The reasons structure records on the body-only texts of the corpora (title and dateline cut
    off) are kinds of FactDoubt, so each has its Chinese label — none is shown in English."""
    seen: set[str] = set()
    for path in sorted((DATA / "corpus").glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        body = text[text.index("\n", len(text) // 20) + 1:]  # drop the head: title, dateline, speaker
        for entry in analyse(Document("x.txt", body, body)).facts.unsure:
            assert FactDoubt.of(entry) is not None, entry
            seen.add(fact_reason(entry)[0])
    assert "region" in seen


def test_an_edit_is_audited_kept_across_reextraction_and_leaves_the_queue(engine: Engine) -> None:
    with transaction(engine) as s:
        sha = s.scalar(select(DocumentRow.sha256).where(DocumentRow.name == DOC))
        unsure = [FactDoubt.kind_none.value]
        s.execute(update(DocumentRow).where(DocumentRow.sha256 == sha).values(unsure=unsure))
    with transaction(engine) as s:
        assert [(f.field, f.label) for f in fact_queue(s)] == [("kind", "标题和开头都没有说明文件类型")]
        assert fact_queue(s, "other.txt") == []
        edit = edit_facts(s, DOC, "ed", {"kind": "plan_report", "region": "天津市河西区"})
        assert edit.changed and edit.after["kind"] == "plan_report"
        assert not any(u.startswith("kind") for u in edit.after["unsure"])  # the doubt went with it
        assert edit.after["given"] == {"region": "天津市河西区", "kind": "plan_report"}
        again = edit_facts(s, DOC, "ed", {"kind": "plan_report"})
        assert not again.changed
    with transaction(engine) as s:
        assert all(f.field != "kind" for f in fact_queue(s))  # given: no longer unsure
        rows = s.scalars(select(AuditRow).where(AuditRow.doc_sha == sha)).all()
        assert [(r.event, r.actor) for r in rows] == [("facts.edit", "ed")]
        assert rows[0].before["kind"] == "five_year_plan"
        assert rows[0].before["unsure"] == [FactDoubt.kind_none.value]
    assert reextract(engine).failed == 0
    with transaction(engine) as s:
        row = s.get(DocumentRow, sha)
        assert row is not None and (row.kind, row.meta["given_kind"]) == ("plan_report", "plan_report")
    with transaction(engine) as s, pytest.raises(FactError) as err:
        edit_facts(s, "missing.txt", "ed", {"year": "2020"})
    assert err.value.status == 404


def test_a_region_of_the_store_is_known(engine: Engine) -> None:
    """A unit the gazetteer does not list (a 新区, a 合作区) is known once the store holds it."""
    with pytest.raises(FactError):
        resolve_region(None, "广东省深圳市前海深港现代服务业合作区")
    name = "广东省深圳市前海深港现代服务业合作区"
    with transaction(engine) as s:
        s.add(Region(name=name, parent=None, level=4))
    with transaction(engine) as s:
        assert resolve_region(s, name) == name
