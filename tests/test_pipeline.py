"""The Scrapy parse pipeline alone (get_crawler): a thin adapter that parses, checks the agency, counts."""

from __future__ import annotations

import pytest
from govreports.pipelines.parse import ParseReportPipeline
from govreports.spiders.agency import AgencySpider
from govreports.spiders.items import Fetched, StoredReport
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from govreports.fetch.registry import Agency
from tests.conftest import FIXTURES

CHANGZHOU = Agency("常州市应急管理局", "江苏省", "常州市", level="市级", homepage="http://yjj.changzhou.gov.cn/")


@pytest.fixture(scope="module")
def pipeline() -> ParseReportPipeline:
    crawler = get_crawler(AgencySpider)
    crawler.stats.open_spider()
    return ParseReportPipeline.from_crawler(crawler)


def fetched(body: bytes, agency: Agency = CHANGZHOU, url: str = "http://yjj.changzhou.gov.cn/a.html") -> Fetched:
    return Fetched(url=url, body=body, agency=agency, content_type="text/html", http_status=200)


def test_a_report_page_gets_its_report(pipeline) -> None:
    out = pipeline.process_item(fetched((FIXTURES / "seed002_trs" / "body.html").read_bytes()))
    assert out.report.status == "parsed"
    assert out.report.agency == "常州市应急管理局"
    assert pipeline.stats.get_value("govreports/parse/status/parsed") >= 1


def test_the_agency_it_names_is_checked_against_the_registry(pipeline) -> None:
    body = (FIXTURES / "seed002_trs" / "body.html").read_bytes()
    same = pipeline.process_item(fetched(body)).report
    other = pipeline.process_item(fetched(body, Agency("平顶山市应急管理局", "河南省"))).report
    assert [c.ok for c in same.checks if c.check == "agency.registry"] == [True]
    assert [c.ok for c in other.checks if c.check == "agency.registry"] == [False]


def test_not_a_report_goes_on_to_be_stored_as_an_outcome(pipeline) -> None:
    out = pipeline.process_item(fetched("<html><body><p>新闻</p></body></html>".encode(), url="http://x.gov.cn/n.html"))
    assert out.report.status == "not_a_report"
    assert pipeline.stats.get_value("govreports/parse/status/not_a_report") >= 1


def test_an_item_without_a_body_is_dropped_with_a_reason(pipeline) -> None:
    with pytest.raises(DropItem, match="no body"):
        pipeline.process_item({"url": "http://x.gov.cn/"})
    assert pipeline.stats.get_value("govreports/parse/dropped/no_body") == 1


def test_feeds_get_the_spec_json_and_never_the_body(pipeline) -> None:
    item = pipeline.process_item(fetched((FIXTURES / "seed002_trs" / "body.html").read_bytes()))
    record = StoredReport.of(item, item.report)
    assert record.crawled_agency == "常州市应急管理局" and record.template == "2019"
    assert "body" not in vars(record) and record.tables["applications"]["new_received"]["total"] == 4


def test_scrapy_settings_load() -> None:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert list(settings.getdict("ITEM_PIPELINES")) == [
        "govreports.pipelines.store.KnownContentPipeline", "govreports.pipelines.parse.ParseReportPipeline",
        "govreports.pipelines.store.StoreReportPipeline"]
    assert settings.getbool("ROBOTSTXT_OBEY")
