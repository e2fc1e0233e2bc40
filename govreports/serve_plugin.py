"""Datasette hooks of `govreports serve` (govreports.serve registers this module in its own process).

What the metadata file cannot say: column headers in Chinese (Datasette shows a column's code and
its description only as a tooltip), each report linked to its sources, and each archived source
linked to its capture, served from the WARC archive at `/-/capture/<source id>`.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

from govreports.store import titles

PLUGIN = "govreports"
SOURCES_QUERY = "report_sources"
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # a header holds Latin-1 only: a URL's other characters percent-encoded
# Titles of the canned queries' own columns (the views' come from govreports.store.titles).
QUERY_COLUMNS = {"new_applications": "本年新收申请", "applications": "申请数", "share_pct": "占比（%）",
                 "licensing_decisions": "行政许可决定", "penalty_decisions": "行政处罚决定", "versions": "版本数",
                 "cells": "单元格数", "late": "逾期", "dated": "有日期", "missing": "缺失", "late_share": "逾期比例",
                 "url": "来源网址", "fetched_at": "抓取时间", "source_id": "来源编号", "warc_file": "存档文件",
                 "warc_offset": "存档偏移", "reason_label": "理由", "reason": "理由代码"}

# Replaces each header's (and facet's) column code by its title, the code kept as a tooltip.
HEADER_SCRIPT = """(function (titles) {
  document.querySelectorAll("table.rows-and-columns th, .facet-info-name strong").forEach(function (cell) {
    var code = cell.dataset.column || (cell.firstChild && cell.firstChild.nodeValue || "").trim();
    if (!titles[code]) return;
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (walker.currentNode.nodeValue.trim() === code) { walker.currentNode.nodeValue = walker.currentNode.nodeValue.replace(code, titles[code]); }
    }
    cell.setAttribute("title", code);
  });
  // The list of column codes and titles, now that the headers say them, folded away under one line.
  var list = document.querySelector("dl.column-descriptions");
  if (list) {
    var folded = document.createElement("details");
    folded.innerHTML = "<summary>列代码和名称</summary>";
    list.parentNode.insertBefore(folded, list);
    folded.appendChild(list);
  }
})(%s);"""


def _config(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config(PLUGIN) or {}


def header_titles(table: str | None, columns: list[str], query: str | None = None) -> dict[str, str]:
    """The Chinese title of each column shown: a view's own; a canned query's, then its view's."""
    from govreports.serve import QUERIES

    view = table or next((q.view for q in QUERIES if q.name == query), "")
    found = {}
    for column in columns:
        title = (QUERY_COLUMNS.get(column) if not table else None) or titles.column_title(view, column)
        if title != column:
            found[column] = title
    return found


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    if not columns:
        return None
    query = request.path.rstrip("/").rsplit("/", 1)[-1] if request is not None and not table else None
    found = header_titles(table, list(columns), query)
    return HEADER_SCRIPT % json.dumps(found, ensure_ascii=False) if found else None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """A report's id links to its sources; an archived source's WARC pointer links to its capture."""
    if value is None:
        return None
    if column == "report_id" and (table in titles.VIEWS or table is None):
        url = datasette.urls.path(f"/{database}/{SOURCES_QUERY}?report_id={int(value)}")
        return Markup(f'<a href="{escape(url)}" title="来源和存档">{int(value)}</a>')
    if column == "warc_file" and hasattr(row, "keys"):
        keys = list(row.keys())
        source_id = row["source_id"] if "source_id" in keys else (row["id"] if table == "sources" else None)
        offset = row["warc_offset"] if "warc_offset" in keys else None
        if source_id is not None:
            url = datasette.urls.path(f"/-/capture/{int(source_id)}")
            return Markup(f'<a href="{escape(url)}" title="存档的抓取内容">{escape(str(value))}@{offset}</a>')
    return None


async def capture(datasette, request) -> Response:
    """The captured document a source points at (its WARC record's payload), sandboxed."""
    from govreports.archive import archive_dir
    from govreports.archive.reader import read_capture
    from govreports.archive.records import Damage

    config = _config(datasette)
    source_id = int(request.url_vars["source_id"])
    db = datasette.get_database(config.get("database"))
    rows = (await db.execute("SELECT url, warc_file, warc_offset FROM sources WHERE id = ?", [source_id])).rows
    if not rows or rows[0]["warc_file"] is None:
        return Response.text(f"来源 {source_id} 没有存档（no archived capture）", status=404)
    folder = archive_dir(config.get("archive_dir"))
    found = read_capture(Path(folder), rows[0]["warc_file"], int(rows[0]["warc_offset"]))
    if isinstance(found, Damage):
        return Response.text(f"存档无法读取（the capture cannot be read）: {found}", status=404)
    # The capture is a government site's page: shown as it was, but never run as this site's script.
    return Response(found.body, content_type=found.content_type or "application/octet-stream",
                    headers={"Content-Security-Policy": "sandbox",
                             "X-Capture-URL": quote(rows[0]["url"], safe=URL_SAFE)})


@hookimpl
def register_routes(datasette):
    return [(r"^/-/capture/(?P<source_id>\d+)$", capture)]
