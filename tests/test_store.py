"""The analyst database on SQLite and on a real PostgreSQL: schema, identity, idempotence, views, export."""

from __future__ import annotations

import io
import json
import multiprocessing
import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from govreports.store import export
from govreports.store.engine import (
    current_revision,
    head_revision,
    make_engine,
    upgrade,
)
from govreports.store.models import (
    Agency,
    CheckResult,
    Report,
    ReportVersion,
    Source,
    TableCell,
)
from govreports.store.writer import AgencyRef, Capture, Store
from tests.conftest import all_cases

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"v_reports", "v_applications", "v_active", "v_review_litigation", "v_check_failures"}
TABLES = {"agencies", "reports", "report_versions", "sources", "table_cells", "check_results", "crawl_runs"}


def documents() -> list[tuple[str, bytes, str | None]]:
    """(url, bytes, content type) of every saved case."""
    out = []
    for case in all_cases():
        meta = case.meta
        out.append((meta.get("url") or f"file:///fixtures/{case.name}", case.body.read_bytes(),
                    meta.get("content_type")))
    return out


def store_all(engine, parser, order=None) -> list[str]:
    store = Store(engine)
    outcomes = []
    for url, data, content_type in order or documents():
        report = parser.parse_bytes(data, url, content_type)
        outcomes.append(store.store(report, Capture.of(url, data, content_type, 200)).outcome)
    return outcomes


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.scalar(text(f"SELECT COUNT(*) FROM {name}")) for name in sorted(TABLES | VIEWS)}


@pytest.fixture
def stored(engine, parser):
    upgrade(engine)
    store_all(engine, parser)
    return engine


def test_upgrade_creates_schema_and_views(engine) -> None:
    assert current_revision(engine) is None
    assert upgrade(engine) == (None, head_revision(engine))
    inspector = inspect(engine)
    assert TABLES <= set(inspector.get_table_names())
    assert VIEWS <= set(inspector.get_view_names())
    assert upgrade(engine)[0] == upgrade(engine)[1]  # a second upgrade is a no-op


def test_upgrade_from_the_previous_revision_keeps_data(engine, parser) -> None:
    upgrade(engine, "0001")
    assert not VIEWS & set(inspect(engine).get_view_names())
    store_all(engine, parser)
    before = {k: v for k, v in counts_tables(engine).items()}
    upgrade(engine)
    # Revision 0006 adds the analysts' checks of the reports already stored; the parser's stay as they were.
    with engine.connect() as connection:
        analysts = connection.scalar(text("SELECT COUNT(*) FROM check_results WHERE check_name LIKE 'cross_year.%' "
                                          "OR check_name = 'completeness.section'"))
    assert analysts > 0
    assert counts_tables(engine) == dict(before, check_results=before["check_results"] + analysts)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT COUNT(*) FROM v_reports")) == 5


def counts_tables(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.scalar(text(f"SELECT COUNT(*) FROM {name}")) for name in sorted(TABLES)}


def test_downgrade_and_upgrade_again(engine) -> None:
    from govreports.store.engine import downgrade

    upgrade(engine)
    downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert VIEWS <= set(inspect(engine).get_view_names())


def test_storing_twice_changes_nothing(stored, parser) -> None:
    before = counts(stored)
    assert set(store_all(stored, parser)) == {"unchanged"}
    assert counts(stored) == before


def test_identity_one_report_per_agency_and_year(stored) -> None:
    with stored.connect() as connection:
        rows = connection.execute(text("SELECT agency, year, sources FROM v_reports ORDER BY agency")).fetchall()
    assert [(r.agency, r.year) for r in rows] == sorted([
        ("六盘水市应急管理局", 2024), ("平顶山市应急管理局", 2023), ("常州市应急管理局", 2020),
        ("四川省应急管理厅", 2019), ("天津市南开区应急管理局", 2024)])
    assert sum(r.sources for r in rows) == len(documents())


def test_repost_at_a_second_url_is_one_report_with_two_sources(engine, parser) -> None:
    upgrade(engine)
    url, data, content_type = documents()[0]
    store = Store(engine)
    first = store.store(parser.parse_bytes(data, url), Capture.of(url, data, content_type))
    second = store.store(parser.parse_bytes(data, url + "?repost"), Capture.of(url + "?repost", data))
    assert (first.outcome, second.outcome) == ("new", "unchanged")
    assert first.report_id == second.report_id
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Source)) == 2
        assert connection.scalar(select(func.count()).select_from(ReportVersion)) == 1


def test_a_crawled_report_is_stored_under_the_registry_agency_and_a_junk_name_creates_none(engine, parser) -> None:
    """The agency crawled is authoritative: the name the page prints stays in its JSON, and is checked."""
    upgrade(engine)
    url, data, content_type = next(d for d in documents() if "seed002" in d[0] or b"changzhou" in d[1][:4000])
    report = parser.parse_bytes(data, url, content_type, registered_agency="江苏省常州市应急管理局")
    report.agency = "本网站"  # what a junk 发布机构 would have given
    registered = AgencyRef("江苏省常州市应急管理局", "江苏省", "常州市", None, "市级")
    stored = Store(engine).store(report, replace(Capture.of(url, data, content_type), agency=registered))
    with engine.connect() as connection:
        assert connection.execute(select(Agency.name, Agency.province, Agency.level)).all() == [
            ("江苏省常州市应急管理局", "江苏省", "市级")]
        row = connection.execute(text("SELECT a.name AS agency, r.year, v.document FROM reports r JOIN agencies a "
                                      "ON a.id = r.agency_id JOIN report_versions v ON v.id = r.current_version_id "
                                      "WHERE r.id = :id"), {"id": stored.report_id}).one()
        assert (row.agency, row.year) == ("江苏省常州市应急管理局", 2020)
        document = row.document if isinstance(row.document, dict) else json.loads(row.document)
        assert document["agency"] == "本网站"
        assert {(c["check"], c["ok"]) for c in document["checks"] if c["check"] == "agency.registry"} == {
            ("agency.registry", True)}


def test_changed_table_gives_a_new_version_and_keeps_the_old(engine, parser) -> None:
    upgrade(engine)
    case = next(c for c in all_cases() if c.name == "seed000_text")
    data = case.body.read_bytes()
    changed = data.decode("utf-8").replace("行政处罚\n\n12", "行政处罚\n\n13").encode("utf-8")
    store = Store(engine)
    url = "http://yjj.example.gov.cn/t1.html"
    v1 = store.store(parser.parse_bytes(data, url), Capture.of(url, data))
    v2 = store.store(parser.parse_bytes(changed, url), Capture.of(url, changed))
    assert (v1.outcome, v2.outcome, v2.version) == ("new", "updated", 2)
    with engine.connect() as connection:
        penalty = connection.execute(
            select(TableCell.version_id, TableCell.value).where(TableCell.row_code == "penalty")
            .order_by(TableCell.version_id)).fetchall()
        assert [value for _, value in penalty] == [12, 13]
        assert connection.scalar(text("SELECT decisions FROM v_active WHERE row_code = 'penalty'")) == 13
        assert connection.scalar(select(func.count()).select_from(Source)) == 2


def test_one_batch_decides_as_one_by_one(engine, parser) -> None:
    """A batch (one transaction, a statement per step) holding a report, its repost, its change, the same
    capture again and a notice of it ends with the outcomes and rows of storing each item alone."""
    case = next(c for c in all_cases() if c.name == "seed000_text")
    data = case.body.read_bytes()
    changed = data.decode("utf-8").replace("行政处罚\n\n12", "行政处罚\n\n13").encode("utf-8")
    url = "http://yjj.example.gov.cn/t1.html"
    first = parser.parse_bytes(data, url)
    notice = replace(first, tables={}, checks=[], text="通知")
    items = [(first, Capture.of(url, data)), (first, Capture.of(url + "?repost", data)),
             (parser.parse_bytes(changed, url), Capture.of(url, changed)), (first, Capture.of(url, data)),
             (notice, Capture.of(url + "?notice", b"notice"))]
    upgrade(engine)
    batched = Store(engine).store_many(items)
    assert [(s.outcome, s.version) for s in batched] == [
        ("new", 1), ("unchanged", 1), ("updated", 2), ("unchanged", 1), ("source", 2)]
    with engine.connect() as connection:
        rows = {t: connection.scalar(text(f"SELECT COUNT(*) FROM {t}")) for t in ("report_versions", "sources")}
        assert rows == {"report_versions": 2, "sources": 4}
        assert connection.scalar(text("SELECT decisions FROM v_active WHERE row_code = 'penalty'")) == 13


def _writer(url: str, order: list[int]) -> None:
    from govreports.report import ReportParser

    engine = make_engine(url)
    docs = documents()
    store_all(engine, ReportParser(), [docs[i] for i in order])
    engine.dispose()


def test_two_writers_at_once_lose_nothing(engine, parser, database_url) -> None:
    upgrade(engine)
    n = len(documents())
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(database_url, list(range(n)))),
               context.Process(target=_writer, args=(database_url, list(reversed(range(n)))))]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=180)
    assert [w.exitcode for w in writers] == [0, 0]
    concurrent = counts_tables(engine)
    assert concurrent["reports"] == 5
    assert concurrent["sources"] == n
    assert set(store_all(engine, parser)) == {"unchanged"}
    with engine.connect() as connection:
        versions = connection.execute(select(ReportVersion.report_id, func.count())
                                      .group_by(ReportVersion.report_id)).fetchall()
        cells = connection.scalar(select(func.count()).select_from(TableCell))
        per_version = connection.execute(select(TableCell.version_id, func.count())
                                         .group_by(TableCell.version_id)).fetchall()
    assert sum(count for _, count in versions) == concurrent["report_versions"]
    assert cells == sum(count for _, count in per_version)
    assert {count for _, count in per_version} <= {200, 198}  # whole versions only: 2021 and 2019 cell counts


def test_views_carry_the_parsed_numbers(stored) -> None:
    with stored.connect() as connection:
        row = connection.execute(text(
            "SELECT natural_person, legal_service, total FROM v_applications "
            "WHERE agency = '六盘水市应急管理局' AND row_code = 'new_received'")).one()
        assert tuple(row) == (2, 1, 3)
        change = connection.scalar(text("SELECT change FROM v_active WHERE agency = '常州市应急管理局' "
                                        "AND row_code = 'licensing'"))
        assert change == -3
        assert connection.scalar(text("SELECT COUNT(*) FROM v_review_litigation")) == 4
        failures = connection.execute(text("SELECT agency, check_name FROM v_check_failures ORDER BY check_name")).all()
        # Seed 003 names its three tables and prints none as text: each is flagged as missing. Seeds 002 and 003
        # (reports on 2019 and 2020) have no 六、其他需要报告的事项.
        assert sorted(tuple(f) for f in failures) == sorted([("四川省应急管理厅", f"{t}.complete")
                                                             for t in ("active", "applications", "review_litigation")] + [
            ("常州市应急管理局", "completeness.section"), ("四川省应急管理厅", "completeness.section")])
        level = connection.execute(text("SELECT level FROM v_reports WHERE agency = '天津市南开区应急管理局'")).scalar()
        assert level == "区县级"


def test_check_failures_view(engine, parser) -> None:
    upgrade(engine)
    case = next(c for c in all_cases() if c.name == "seed000_text")
    broken = case.body.read_text(encoding="utf-8").replace("(七)总计\n\n2", "(七)总计\n\n5", 1).encode("utf-8")
    Store(engine).store(parser.parse_bytes(broken, "http://x/1"), Capture.of("http://x/1", broken))
    with engine.connect() as connection:
        failures = connection.execute(text("SELECT check_name, column_code, expected, found FROM v_check_failures "
                                           "ORDER BY check_name")).fetchall()
        stored_checks = connection.scalar(select(func.count()).select_from(CheckResult))
    assert ("applications.balance", "natural_person", 2, 5) in [tuple(f) for f in failures]
    assert stored_checks == 46 + 6  # the parser's, and one per section (revision 0006)


def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Querying the data", 1)[1]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_readme_has_five_queries() -> None:
    assert len(readme_queries()) >= 5


@pytest.mark.parametrize("number", range(len(readme_queries())))
def test_readme_query_runs(stored, parser, number) -> None:
    case = next(c for c in all_cases() if c.name == "seed001_text")
    broken = case.body.read_text(encoding="utf-8").replace("(七) 总计\t8", "(七) 总计\t9").encode("utf-8")
    Store(stored).store(parser.parse_bytes(broken, "http://x/2"), Capture.of("http://x/2", broken))
    with stored.connect() as connection:
        rows = connection.execute(text(readme_queries()[number])).fetchall()
    assert rows, "every README query returns rows on the sample data"


def test_export_csv_filters_by_province(stored) -> None:
    out = io.StringIO()
    count = export.write_csv(out, *export.view_rows(stored, "v_reports", export.Filters(province="四川")))
    assert count == 1
    assert "四川省应急管理厅" in out.getvalue()


def test_export_jsonl_is_the_spec_json(stored) -> None:
    out = io.StringIO()
    assert export.write_jsonl(stored, out, export.Filters(year=2024)) == 2
    documents_ = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = json.loads((ROOT / "tests/fixtures/reports/seed004_twice/expected.json").read_text(encoding="utf-8"))
    nankai = next(d for d in documents_ if d["agency"] == "天津市南开区应急管理局")
    assert {k: nankai[k] for k in expected} == expected


def test_export_parquet(stored, tmp_path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "applications.parquet"
    count = export.write_parquet(str(path), *export.view_rows(stored, "v_applications", export.Filters()))
    table = pq.read_table(path)
    assert table.num_rows == count == 98
    assert "natural_person" in table.column_names


def test_default_database_is_sqlite_in_data_folder_with_wal(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GOVREPORTS_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    engine = make_engine()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / "data" / "govreports.sqlite3").exists()
    engine.dispose()


def test_database_url_from_environment(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("GOVREPORTS_DATABASE_URL", url)
    assert str(make_engine().url) == url


def test_report_rows_hold_current_fields(stored) -> None:
    with stored.connect() as connection:
        report = connection.execute(select(Report).where(Report.year == 2020)).one()
    assert report.title == "常州市应急管理局2020年政府信息公开工作年度报告"
    assert report.index_no == "014110243/2021-00009"
    assert str(report.publish_date) == "2021-01-21"
    assert report.template == "2019"


def test_an_upgrade_that_stops_midway_leaves_the_schema_it_had(tmp_path, monkeypatch) -> None:
    """SQLite: a kill -9 between a migration's DDL and its version stamp once left 'duplicate column name'."""
    from alembic import op

    from govreports.store.engine import (
        current_revision,
        head_revision,
        make_engine,
        upgrade,
    )

    engine = make_engine(f"sqlite:///{tmp_path / 'halfway.sqlite3'}")
    upgrade(engine, "0005")
    real, calls = op.execute, []

    def execute_then_die(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:  # migration 0006 has created its table and index by now
            raise KeyboardInterrupt("killed midway")
        return real(*args, **kwargs)

    monkeypatch.setattr(op, "execute", execute_then_die)
    with pytest.raises(KeyboardInterrupt):
        upgrade(engine)
    monkeypatch.undo()
    engine.dispose()
    assert current_revision(engine) == "0005"
    assert "report_counts" not in inspect(engine).get_table_names()  # 0006's table went with the rest
    assert upgrade(engine)[1] == head_revision(engine)
    engine.dispose()
