"""Full-text search over the reports' texts: which reports say these words, and where.

Every term must occur in the text (exact substring, Chinese or not). Terms of three characters or
more use the trigram index of revision 0007 (SQLite FTS5 MATCH, PostgreSQL LIKE through pg_trgm);
a shorter term is checked by a scan of the texts the other terms left, or of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, text

from govreports.store.export import Filters

TRIGRAM = 3  # the shortest term a trigram index finds
SNIPPET = 24  # characters shown either side of the first term


@dataclass(frozen=True)
class Hit:
    report_id: int
    agency: str | None
    province: str | None
    year: int | None
    title: str | None
    publish_date: date | str | None
    status: str
    url: str | None  # the first capture of the report
    snippet: str

    def line(self) -> str:
        """One line per report: who, which year, the title, and the words around the match."""
        fields = (self.agency or "-", str(self.year or "-"), self.title or "-", self.snippet, self.url or "-")
        return "\t".join(fields)


def snippet(body: str, term: str, width: int = SNIPPET) -> str:
    """The text around the first occurrence of term, on one line (… where it was cut)."""
    at = body.find(term)
    if at < 0:
        return ""
    start, end = max(0, at - width), min(len(body), at + len(term) + width)
    piece = " ".join(body[start:end].split())
    return ("…" if start else "") + piece + ("…" if end < len(body) else "")


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def search(engine: Engine, terms: list[str], filters: Filters = Filters(), limit: int | None = None) -> list[Hit]:
    """The reports whose current text holds every term, by province, agency and year."""
    terms = [t for t in (t.strip() for t in terms) if t]
    if not terms:
        raise ValueError("give at least one word to search for")
    clauses, params = [], {}
    indexed = [t for t in terms if len(t) >= TRIGRAM]
    sqlite = engine.dialect.name == "sqlite"
    if sqlite and indexed:
        clauses.append("r.id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH :match)")
        params["match"] = " ".join(_fts_phrase(t) for t in indexed)
    for number, term in enumerate(terms):
        if sqlite and term in indexed:
            continue
        if sqlite:  # instr: exact (SQLite's LIKE folds ASCII case); a scan either way
            clauses.append(f"instr(r.text, :term{number}) > 0")
            params[f"term{number}"] = term
        else:
            clauses.append(f"r.text LIKE :term{number} ESCAPE '\\'")
            params[f"term{number}"] = _like(term)
    if filters.province:
        clauses.append("a.province LIKE :province")
        params["province"] = filters.province_pattern()
    if filters.year is not None:
        clauses.append("r.year = :year")
        params["year"] = filters.year
    sql = (f"SELECT r.id, a.name AS agency, a.province, r.year, r.title, r.publish_date, r.status, r.text, "
           f"(SELECT MIN(s.url) FROM sources s WHERE s.report_id = r.id) AS url "
           f"FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id "
           f"WHERE r.current_version_id IS NOT NULL AND {' AND '.join(clauses)} "
           f"ORDER BY a.province, a.name, r.year, r.id")
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    with engine.connect() as connection:
        rows = connection.execute(text(sql), params).all()
    return [Hit(r.id, r.agency, r.province, r.year, r.title, r.publish_date, r.status, r.url,
                snippet(r.text or "", terms[0])) for r in rows]
