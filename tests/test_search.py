"""Full-text search (revision 0007) on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm), and `govreports search`.

The reports are those of tests/test_analysis.py: 甲市应急管理局 2021–2023 and 乙县人民政府 2021, 2023.
"政务公开" is in 甲's three texts (S2, and NEW[0] in 2023), "专区" (two characters, below a trigram)
only in 甲 2023.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from govreports.cli import main
from govreports.store.engine import upgrade
from govreports.store.export import Filters
from govreports.store.search import search, snippet
from govreports.store.writer import Store
from tests.test_analysis import ALL, JIA, S1, capture, jia_2021, store


@pytest.fixture
def stored(engine):
    upgrade(engine)
    store(engine, ALL)
    return engine


def found(engine, words: list[str], **filters) -> list[tuple]:
    return [(h.agency, h.year) for h in search(engine, words, Filters(**filters))]


def test_a_word_finds_every_report_that_holds_it(stored) -> None:
    assert found(stored, ["政务公开"]) == [(JIA.name, 2021), (JIA.name, 2022), (JIA.name, 2023)]
    assert found(stored, ["法定期限"]) == [("乙县人民政府", 2023), (JIA.name, 2021), (JIA.name, 2022)]


def test_every_word_must_occur_including_short_ones(stored) -> None:
    assert found(stored, ["专区"]) == [(JIA.name, 2023)]
    assert found(stored, ["政务公开", "专区"]) == [(JIA.name, 2023)]
    assert found(stored, ["政务公开", "乙县"]) == []


def test_filters_by_province_and_year(stored) -> None:
    assert found(stored, ["政务公开"], province="四川", year=2022) == [(JIA.name, 2022)]
    assert found(stored, ["政务公开"], province="广东") == []


def test_the_index_follows_a_new_version(stored) -> None:
    changed = replace(jia_2021(), text=jia_2021().text.replace("政务公开制度", "信息发布制度"))
    assert Store(stored).store(changed, capture(changed)).outcome == "updated"
    assert found(stored, ["信息发布制度"]) == [(JIA.name, 2021)]
    assert found(stored, ["政务公开"]) == [(JIA.name, 2022), (JIA.name, 2023)]


def test_snippet_shows_the_words_around_the_match() -> None:
    assert snippet("一二三四五六七八九十", "五六", width=2) == "…三四五六七八…"
    assert snippet(S1, "本机关", width=3) == "本机关年内主…"


def test_search_command_prints_one_line_per_report(stored, capsys) -> None:
    url = stored.url.render_as_string(hide_password=False)
    assert main(["search", "专区", "--province", "四川", "--database-url", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    agency, year, title, words, source = lines[0].split("\t")
    assert (agency, year, source) == (JIA.name, "2023", "http://example.invalid/甲市应急管理局/2023")
    assert "专区" in words
    assert main(["search", "没有的词", "--database-url", url]) == 1


def test_the_trigram_index_exists(stored) -> None:
    from sqlalchemy import text

    sql = {"sqlite": "SELECT name FROM sqlite_master WHERE name = 'reports_fts'",
           "postgresql": "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_reports_text_trgm'"}
    with stored.connect() as connection:
        assert connection.execute(text(sql[stored.dialect.name])).scalar() is not None
