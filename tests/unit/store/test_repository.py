"""The repository API on real dev documents (fake stages 1-3), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, func, select

from planwatch.model import Evidence, Judgement
from planwatch.pipeline import Processed, Stages, process, process_document
from planwatch.store import repository as repo
from planwatch.store.db import transaction
from planwatch.store.dump import dump_lines
from planwatch.store.schema import JudgementRow, StatementRow

from .fakes import DEV, FAKE, fake_analyse, fake_extract, fake_load, gold_records

DEV_FILES = sorted(DEV.glob("*.txt"))


def _save_all(engine: Engine, files: list[Path]) -> list[str]:
    outcomes: list[str] = []
    for f in files:
        with transaction(engine) as s:
            outcomes.append(repo.save_processed(s, process(f, FAKE)))
    return outcomes


def test_save_and_read_back_every_field(engine: Engine) -> None:
    assert _save_all(engine, DEV_FILES) == ["new"] * 5
    with transaction(engine) as s:
        docs = repo.list_documents(s)
        assert [d.name for d in docs] == [f.name for f in DEV_FILES]
        for f in DEV_FILES:
            expected = process(f, FAKE)
            got = repo.load_processed(s, f.name)
            assert got is not None
            assert got.document == expected.document
            assert got.structure == expected.structure
            assert got.statements == tuple(sorted(expected.statements, key=lambda x: (x.start, x.end)))
            assert len(got.statements) == len(gold_records(f.stem))
        first = docs[0]
        assert first.facts.region == "天津市河西区" and first.facts.plans == ("2020",)
        assert first.version == 1 and first.superseded_by is None


def test_same_hash_is_a_no_op(engine: Engine) -> None:
    _save_all(engine, DEV_FILES)
    before = list(dump_lines(engine))
    assert _save_all(engine, DEV_FILES) == ["unchanged"] * 5
    assert list(dump_lines(engine)) == before


def test_changed_file_is_a_new_version(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / DEV_FILES[3].name
    text = DEV_FILES[3].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert _save_all(engine, [path]) == ["new"]
    path.write_text(text + "\n2099年新增一行。\n", encoding="utf-8")
    assert _save_all(engine, [path]) == ["updated"]
    with transaction(engine) as s:
        all_versions = repo.list_documents(s, include_superseded=True)
        assert [d.version for d in all_versions] == [1, 2]
        old, new = all_versions
        assert old.superseded_by == new.sha256 and new.superseded_by is None
        assert [d.sha256 for d in repo.list_documents(s)] == [new.sha256]
        doc = repo.get_document(s, path.name)
        assert doc is not None and doc.sha256 == new.sha256 and doc.text.endswith("2099年新增一行。\n")
        assert repo.get_document(s, old.sha256) is not None  # the old version is kept
        n = len(gold_records(DEV_FILES[3].stem))
        assert len(repo.statements(s)) == n
        assert len(repo.statements(s, include_superseded=True)) == 2 * n


def test_statement_filters(engine: Engine) -> None:
    _save_all(engine, DEV_FILES)
    gold = [r for f in DEV_FILES for r in gold_records(f.stem)]
    with transaction(engine) as s:
        hexi = repo.statements(s, region="天津市河西区")
        hexi_docs = {"000_60d02156ec099e48.txt", "003_2e2f5eaad98d6f0d.txt", "004_855d512fd5322961.txt"}
        assert {x.doc for x in hexi} <= hexi_docs and hexi
        assert len(repo.statements(s, region="天津市", within=True)) == len(gold)
        assert repo.statements(s, region="天津市") == []
        growth = repo.statements(s, canonical="gdp_growth", kind="target")
        assert len(growth) == sum(1 for r in gold if r["canonical"] == "gdp_growth" and r["kind"] == "target")
        assert all(x.canonical == "gdp_growth" and x.kind == "target" for x in growth)
        p2020 = repo.statements(s, period="2020", doc=DEV_FILES[0].name)
        assert len(p2020) == sum(1 for r in gold_records(DEV_FILES[0].stem) if r["period"] == "2020")
        found = repo.find_statements(s, doc=DEV_FILES[1].name)
        assert all(f.region == "天津市河北区" for f in found)
        assert len({f.id for f in found}) == len(found)


def test_regions_form_a_hierarchy(engine: Engine) -> None:
    _save_all(engine, DEV_FILES)
    with transaction(engine) as s:
        rows = {r.name: r for r in repo.regions(s)}
        assert rows["天津市"].parent is None and rows["天津市"].level == 1
        assert rows["天津市河西区"].parent == "天津市" and rows["天津市河西区"].adcode == "120103"
        assert set(repo.subregions(s, "天津市")) == {"天津市", "天津市河西区", "天津市河北区", "天津市和平区"}


def test_indicators_and_names_seen(engine: Engine) -> None:
    _save_all(engine, DEV_FILES)
    with transaction(engine) as s:
        assert repo.ensure_indicators(s) == 40
    with transaction(engine) as s:
        assert repo.ensure_indicators(s) == 40
        rows = {r.id: r for r in repo.indicators(s)}
        assert rows["unemployment_rate"].better == "down"
        assert "GDP" in rows["gdp"].synonyms
        names = repo.indicator_names(s)
        assert ("一般公共预算收入", "budget_revenue_growth") in names
        assert all(c is None for _, c in repo.indicator_names(s, canonical=""))


def _judgements(engine: Engine) -> list[Judgement]:
    """One judgement per headline target, with the same region's other figures of it as evidence."""
    with transaction(engine) as s:
        found = [x for x in repo.find_statements(s) if x.statement.canonical]
    targets = [t for t in found if t.statement.kind == "target"]
    out = []
    for i, t in enumerate(targets):
        same = [a for a in found if a.statement.kind != "target" and a.region == t.region
                and a.statement.canonical == t.statement.canonical]
        ev = tuple(Evidence(a.statement, a.region, "direct" if j == 0 else "superseded")
                   for j, a in enumerate(same))
        out.append(Judgement(t.statement, t.region, "achieved" if i % 2 else "no_data", ev, f"reason {i}"))
    return out


def test_judgements_round_trip_and_replace(engine: Engine) -> None:
    _save_all(engine, DEV_FILES)
    items = _judgements(engine)
    assert items and any(j.evidence for j in items)
    with transaction(engine) as s:
        assert repo.save_judgements(s, items) == len(items)
    with transaction(engine) as s:
        back = repo.judgements(s)
        key = lambda j: (j.region or "", j.target.doc, j.target.start)  # noqa: E731
        assert sorted(back, key=key) == sorted(items, key=key)
        assert all(r.statement_id for r in s.scalars(select(JudgementRow)))
        assert len(repo.judgements(s, status="achieved")) == sum(j.status == "achieved" for j in items)
        one = items[0]
        assert all(j.region == one.region for j in repo.judgements(s, region=one.region))
    with transaction(engine) as s:  # saving again replaces, it does not add
        repo.save_judgements(s, items[:1])
    with transaction(engine) as s:
        regions_of_first = [j for j in items if j.region == items[0].region]
        assert len(repo.judgements(s)) == len(items) - len(regions_of_first) + 1


def test_replace_extraction_swaps_statements(engine: Engine) -> None:
    _save_all(engine, DEV_FILES[:1])
    with transaction(engine) as s:
        repo.save_judgements(s, _judgements(engine))
    halve = Stages(fake_load, fake_analyse, lambda d, st: fake_extract(d, st)[::2])
    with transaction(engine) as s:
        doc = repo.get_document(s, DEV_FILES[0].name)
        assert doc is not None
        repo.replace_extraction(s, process_document(doc, halve))
    with transaction(engine) as s:
        n = s.scalar(select(func.count()).select_from(StatementRow))
        assert n == len(fake_extract(doc, fake_analyse(doc))[::2])
        kept = {x.id for x in repo.find_statements(s)}
        assert all(r.statement_id in kept for r in s.scalars(select(JudgementRow)))


def test_analysis_text_kept_when_it_differs(engine: Engine) -> None:
    p = process(DEV_FILES[3], FAKE)
    doc = replace(p.document, analysis=p.document.text.replace("发", "發"), sha256="")
    with transaction(engine) as s:
        assert repo.save_processed(s, Processed(doc, p.structure, p.statements)) == "new"
    with transaction(engine) as s:
        sha = repo.document_sha(doc)
        back = repo.get_document(s, sha)
        assert back is not None and back.analysis == doc.analysis and back.text == doc.text
