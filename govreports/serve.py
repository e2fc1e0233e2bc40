"""The database in the browser: Datasette on the SQLite file, read-only, its metadata generated here.

Datasette 0.65 reads one metadata file (`datasette -m metadata.json`): titles, descriptions, facets,
canned queries and plugin settings. It is generated at each start from govreports.store.titles (the
one place for Chinese titles) and the views the database actually has, so a new view or column shows
with its title without anything to edit here. The canned queries are the README's "Querying the
data" (tests/test_serve.py checks they are the same text) and the analyst's lists: late reports,
identity-check failures, cross-year mismatches, rate rankings; the chartable ones carry a
datasette-vega chart in their URL fragment.

A small plugin (registered in-process, never on Datasette's entry points) adds what metadata cannot:
Chinese column headers, a link from each report to its sources, and `/-/capture/<source id>`, the
archived capture a source points at (sources.warc_file, warc_offset) read from the WARC archive.

The file is opened with `?mode=ro` (Datasette's mutable mode without write plugins): serving never
writes it, and a crawl may keep storing into it while it is served.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from govreports.store import titles

PLUGIN = "govreports"
FACETS = ("province", "city", "level", "year", "template", "status")
SQL_TIME_LIMIT_MS = 5_000  # the canned queries answer in under 2 s over 100,000 reports (bench/analysis.py)
HIDDEN_TABLES = ("alembic_version",)


@dataclass(frozen=True)
class Query:
    """A canned query: its URL name, Chinese title, SQL and (when chartable) a datasette-vega chart."""

    name: str
    title: str
    sql: str
    description: str = ""
    chart: dict[str, str] | None = None
    view: str = ""  # the view it reads, whose column titles its headers take

    def fragment(self) -> str | None:
        """The URL fragment datasette-vega reads its chart from (g.mark, g.x_column, …)."""
        if not self.chart:
            return None
        return "&".join(f"g.{key}={value}" for key, value in self.chart.items())


def _bar(x: str, y: str, color: str = "", x_type: str = "ordinal") -> dict[str, str]:
    chart = {"mark": "bar", "x_column": x, "x_type": x_type, "y_column": y, "y_type": "quantitative"}
    return {**chart, "color_column": color} if color else chart


# The README's "Querying the data", in its order and exact text (tests/test_serve.py compares them).
README_QUERIES = (
    Query("new_applications_by_province", "本年新收申请（按省份和年度）", """SELECT province, year, SUM(total) AS new_applications, COUNT(*) AS reports
FROM v_applications
WHERE row_code = 'new_received'
GROUP BY province, year
ORDER BY province, year;
""", "各省份各年度报告的本年新收政府信息公开申请数量之和。", _bar("year", "new_applications", "province"), view="v_applications"),
    Query("balance_failures", "申请收支不平衡的机关", """SELECT DISTINCT agency, province, year
FROM v_check_failures
WHERE check_name = 'applications.balance'
ORDER BY agency, year;
""", "新收 + 结转 ≠ 办理 + 结转下年的报告。", view="v_check_failures"),
    Query("denied_by_reason", "不予公开的理由分布", """SELECT row_code, SUM(total) AS applications,
       ROUND(CAST(100.0 * SUM(total) / NULLIF((SELECT SUM(total) FROM v_applications
                                                WHERE row_code LIKE 'denied.%'), 0) AS NUMERIC), 1) AS share_pct
FROM v_applications
WHERE row_code LIKE 'denied.%'
GROUP BY row_code
ORDER BY applications DESC, row_code;
""", "不予公开的申请按理由代码求和，及其占全部不予公开的百分比。", _bar("row_code", "applications"), view="v_applications"),
    Query("decisions_by_level", "行政许可和行政处罚决定（按层级）", """SELECT level,
       SUM(CASE WHEN row_code = 'licensing' THEN decisions END) AS licensing_decisions,
       SUM(CASE WHEN row_code = 'penalty' THEN decisions END) AS penalty_decisions
FROM v_active
GROUP BY level
ORDER BY level;
""", "表二的行政许可和行政处罚处理决定数量，按机关层级求和。", _bar("level", "licensing_decisions"), view="v_active"),
    Query("reports_by_template", "报告数（按模板和解析状态）", """SELECT template, status, COUNT(*) AS reports, SUM(version) AS versions, SUM(sources) AS sources
FROM v_reports
GROUP BY template, status
ORDER BY template, status;
""", "各模板、各解析状态的报告数、版本数和来源数。", view="v_reports"),
    Query("late_or_missing", "逾期发布或缺失的报告", """SELECT agency, year, deadline, publish_date, days_late, status
FROM v_timeliness
WHERE status IN ('late', 'missing')
ORDER BY agency, year;
""", "逾期发布（late）或该年度没有报告（missing）的机关。", view="v_timeliness"),
    Query("cross_year_summary", "跨年度一致性汇总", """SELECT check_name, status, COUNT(*) AS cells
FROM v_cross_year
GROUP BY check_name, status
ORDER BY check_name, status;
""", "跨年度校验的单元格数，按校验和结果。", view="v_cross_year"),
    Query("disclosure_rate_by_province", "实质公开率（按省份和年度）", """SELECT province, year, reports, disclosure_rate, carry_forward_rate, correction_rate
FROM v_rates_by_province
ORDER BY disclosure_rate DESC NULLS LAST, province, year;
""", "实质公开率、结转率和纠错率，从高到低。", _bar("province", "disclosure_rate", "year"), view="v_rates_by_province"),
)

ANALYST_QUERIES = (
    Query("late_reports", "逾期发布的报告", """SELECT agency, province, city, level, year, deadline, publish_date, days_late, report_id
FROM v_timeliness
WHERE status = 'late'
ORDER BY days_late DESC, agency, year;
""", "发布日期晚于法定期限（条例第四十九条）的报告，逾期最久的在前。", view="v_timeliness"),
    Query("late_share_by_year", "逾期发布比例（按年度）", """SELECT year,
       SUM(CASE WHEN status = 'late' THEN 1 ELSE 0 END) AS late,
       SUM(CASE WHEN status IN ('late', 'on_time') THEN 1 ELSE 0 END) AS dated,
       SUM(CASE WHEN status = 'missing' THEN 1 ELSE 0 END) AS missing,
       ROUND(1.0 * SUM(CASE WHEN status = 'late' THEN 1 ELSE 0 END)
             / NULLIF(SUM(CASE WHEN status IN ('late', 'on_time') THEN 1 ELSE 0 END), 0), 3) AS late_share
FROM v_timeliness
GROUP BY year
ORDER BY year;
""", "有发布日期和法定期限的报告中逾期发布的比例（late_share），及缺失的报告数。", _bar("year", "late_share"), view="v_timeliness"),
    Query("identity_failures", "勾稽关系未通过的报告", """SELECT report_id, agency, province, year, check_name, row_code, column_code, expected, found
FROM v_check_failures
WHERE check_name NOT LIKE 'cross_year.%' AND check_name NOT LIKE 'completeness.%'
ORDER BY agency, year, check_name, row_code, column_code;
""", "报告自身数字之间的校验（表内合计、收支平衡、表格齐全）未通过的单元格。", view="v_check_failures"),
    Query("cross_year_mismatches", "跨年度不一致", """SELECT report_id, agency, province, year, previous_report_id, check_name, row_code, column_code,
       expected, found
FROM v_cross_year
WHERE status = 'mismatch'
ORDER BY agency, year, check_name, row_code, column_code;
""", "本年上年结转与上年结转下年度继续办理不符、现行有效件数与上年加减本年制发和废止不符的单元格。", view="v_cross_year"),
    Query("disclosure_rate_ranking", "实质公开率排名（按机关）", """SELECT agency, province, level, reports, new_received, disclosure_rate, not_held_share,
       carry_forward_rate, correction_rate
FROM v_rates_by_agency
WHERE disclosure_rate IS NOT NULL
ORDER BY disclosure_rate DESC, agency;
""", "各机关的实质公开率（(予以公开 + 部分公开) / 总计），从高到低。", _bar("agency", "disclosure_rate", x_type="nominal"),
    view="v_rates_by_agency"),
    Query("denied_reasons", "不予公开理由（按理由）", """SELECT reason_label, reason, SUM(applications) AS applications
FROM v_refusal_reasons
WHERE reason_group = 'denied'
GROUP BY reason, reason_label
ORDER BY applications DESC, reason;
""", "全部报告中不予公开的申请，按理由求和。", _bar("reason_label", "applications", x_type="nominal"), view="v_refusal_reasons"),
    Query("report_sources", "报告的来源和存档", """SELECT s.report_id, r.agency, r.year, r.title, s.url, s.fetched_at, s.id AS source_id,
       s.warc_file, s.warc_offset
FROM sources s JOIN v_reports r ON r.report_id = s.report_id
WHERE :report_id = '' OR s.report_id = CAST(:report_id AS INTEGER)
ORDER BY s.report_id, s.fetched_at, s.id;
""", "每份报告的来源网址和存档位置（WARC 文件和偏移）；report_id 留空列出全部。", view="v_reports"),
)

QUERIES = README_QUERIES + ANALYST_QUERIES


def database_columns(path: Path) -> dict[str, list[str]]:
    """Every table's and view's columns, read from the file itself (read-only)."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        names = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
        return {name: [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')] for name in names}


def _view_list_html(database: str, present: set[str]) -> str:
    """The views by their Chinese titles, linked: what an analyst starts from on the index page."""
    items = "".join(f'<li><a href="/{escape(database)}/{view}">{escape(title)}</a> <code>{view}</code>：'
                    f"{escape(titles.DESCRIPTIONS.get(view, ''))}</li>"
                    for view, title in titles.VIEWS.items() if view in present)
    return f"<p>分析视图：</p><ul>{items}</ul>"


def table_metadata(view: str, columns: list[str]) -> dict[str, Any]:
    """A view's title, description, Chinese column titles and the facets among its columns."""
    meta: dict[str, Any] = {"title": titles.VIEWS[view], "description": titles.DESCRIPTIONS.get(view, ""),
                            "columns": {column: titles.column_title(view, column) for column in columns}}
    facets = [column for column in FACETS if column in columns]
    if facets:
        meta["facets"] = facets
    return meta


def build_metadata(path: Path, archive_dir: Path | None = None) -> dict[str, Any]:
    """Datasette's metadata for this SQLite file (named by its stem, as Datasette names it)."""
    database = path.stem
    columns = database_columns(path)
    tables: dict[str, Any] = {view: table_metadata(view, columns[view]) for view in titles.VIEWS if view in columns}
    tables.update({name: {"hidden": True} for name in HIDDEN_TABLES if name in columns})
    queries = {}
    for query in QUERIES:
        # The SQL folded away (one click shows it): the analyst sees the title, the chart and the rows first.
        canned: dict[str, Any] = {"sql": query.sql, "title": query.title, "description": query.description,
                                  "hide_sql": True}
        if query.fragment():
            canned["fragment"] = query.fragment()
        queries[query.name] = canned
    view_list = _view_list_html(database, set(columns))
    return {
        "title": "政府信息公开工作年度报告",
        "description_html": "各机关政府信息公开工作年度报告的表格数字、校验、时效和比率。" + view_list,
        "databases": {database: {"description_html": view_list, "tables": tables, "queries": queries}},
        "plugins": {PLUGIN: {"database": database, "archive_dir": str(archive_dir) if archive_dir else None}},
    }


def check_listen(host: str, port: int) -> None:
    """Raise OSError when host:port cannot be listened on (in use, no such address): said in one line before
    Datasette starts, rather than by uvicorn after it (whose exit status 3 would read as a database outage)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))


def datasette_args(path: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    """`datasette serve` arguments: the file read-only (mode=ro), the metadata, a query time limit."""
    return ["serve", str(path), "--metadata", str(metadata_file), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS), "--setting", "default_page_size", "50"]


def serve(path: Path, host: str = "127.0.0.1", port: int = 8001, archive_dir: Path | None = None) -> None:
    """Run Datasette on the SQLite file until interrupted (the plugin registered in this process)."""
    from datasette.cli import cli
    from datasette.plugins import pm

    from govreports import serve_plugin

    if not pm.is_registered(serve_plugin):
        pm.register(serve_plugin, name=PLUGIN)
    with tempfile.TemporaryDirectory(prefix="govreports-serve-") as folder:
        metadata_file = Path(folder) / "metadata.json"
        metadata_file.write_text(json.dumps(build_metadata(path, archive_dir), ensure_ascii=False, indent=1),
                                 encoding="utf-8")
        cli.main(datasette_args(path, metadata_file, host, port), prog_name="govreports serve",
                 standalone_mode=False)
