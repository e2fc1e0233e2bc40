"""The Scrapy parse pipeline: a thin adapter that counts outcomes and drops with a reason."""

from __future__ import annotations

import pytest
from govreports.pipelines.parse import ParseReportPipeline
from scrapy.exceptions import DropItem

from tests.conftest import FIXTURES


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


@pytest.fixture(scope="module")
def pipeline() -> ParseReportPipeline:
    return ParseReportPipeline(Stats())


def test_report_item_gets_the_spec_json(pipeline) -> None:
    item = {"url": "http://yjj.changzhou.gov.cn/a.html", "content_type": "text/html",
            "body": (FIXTURES / "seed002_trs" / "body.html").read_bytes()}
    out = pipeline.process_item(item)
    assert out["report"]["agency"] == "常州市应急管理局"
    assert pipeline.stats.values["govreports/parse/status/parsed"] >= 1


def test_not_a_report_goes_on_to_be_stored_as_an_outcome(pipeline) -> None:
    item = {"url": "http://x.gov.cn/news.html", "body": "<html><body><p>新闻</p></body></html>".encode()}
    out = pipeline.process_item(item)
    assert out["report"]["status"] == "not_a_report"
    assert pipeline.stats.values["govreports/parse/status/not_a_report"] == 1


def test_item_without_body(pipeline) -> None:
    with pytest.raises(DropItem, match="no body"):
        pipeline.process_item({"url": "http://x.gov.cn/"})
    assert pipeline.stats.values["govreports/parse/dropped/no_body"] == 1


def test_scrapy_settings_load() -> None:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert list(settings.getdict("ITEM_PIPELINES")) == [
        "govreports.pipelines.store.KnownContentPipeline", "govreports.pipelines.parse.ParseReportPipeline",
        "govreports.pipelines.store.StoreReportPipeline"]
    assert settings.getbool("ROBOTSTXT_OBEY")
