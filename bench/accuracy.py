"""Cell and field accuracy on the oracle corpus, per layout family.

    .venv/bin/python bench/accuracy.py [--show-wrong] [--case NAME] [--scanned DPI]

Every shape of every case under tests/oracle/ (the documents as found and
the shapes tools derived from them) is parsed from its bytes and compared
with the values a person transcribed. Prints, per family: documents, cells
expected, right, wrong (a number other than the transcribed one), missing
(not read, or kept unread with a failed check), cell accuracy, and field
accuracy (title, agency, year, publish date, template, region). Targets:
99.5% of cells overall, 98% in every family. Then the verdict, report or
not, on the real pages a person labelled (tests/fixtures/report_or_not).

`--scanned 150` also scans every PDF shape (each page a grey picture at that
resolution, no text layer: devtools.oracle.scanned) and reads it by OCR;
those families print apart (about 40 s a document on one core), outside
the targets.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.oracle import (  # noqa: E402
    FIELDS,
    Case,
    Score,
    load_cases,
    scanned,
    score,
    unflagged_gaps,
)
from govreports.model import to_json  # noqa: E402
from govreports.report import ReportParser  # noqa: E402

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "report_or_not"
OVERALL_TARGET = 0.995
FAMILY_TARGET = 0.98


@dataclass
class Tally:
    """Scores per family: cells, fields, documents, and reports parsed with a gap and no failed check."""

    families: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    documents: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    field_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    field_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: Score = field(default_factory=Score)
    gaps: list[str] = field(default_factory=list)

    def add(self, family: str, shape_id: str, document: dict, case: Case, show_wrong: bool) -> None:
        result = score(document, case)
        self.families[family].add(result)
        self.total.add(result)
        self.documents[family] += 1
        for ok in result.fields.values():
            self.field_right[family] += ok
            self.field_total[family] += 1
        self.gaps += [f"{shape_id}: {gap}" for gap in unflagged_gaps(document, case)]
        if show_wrong and (result.wrong or result.missing):
            print(f"{shape_id} [{document['status']}] wrong {len(result.wrong)}, missing {len(result.missing)}")
            for where, found, wanted in result.wrong:
                print(f"    WRONG {'.'.join(where)}: read {found}, transcribed {wanted}")
            for where in result.missing:
                print(f"    missing {'.'.join(where)}")
        bad = [n for n, ok in result.fields.items() if not ok]
        if show_wrong and bad:
            print(f"{shape_id}: fields wrong: " + ", ".join(
                f"{n}={document.get(n) if '.' not in n else document['region'].get(n[7:])!r}" for n in bad))

    def show(self) -> None:
        width = max(map(len, self.families), default=10)
        print(f"{'family':<{width}}  docs   cells   right  wrong  missing  cells%  fields%")
        for family in sorted(self.families):
            s = self.families[family]
            fields = 100 * self.field_right[family] / self.field_total[family] if self.field_total[family] else 100.0
            print(f"{family:<{width}}  {self.documents[family]:>4}  {s.cells:>6}  {s.right:>6}  {len(s.wrong):>5}  "
                  f"{len(s.missing):>7}  {100 * s.accuracy:6.2f}  {fields:7.2f}")
        fields_all = 100 * sum(self.field_right.values()) / max(1, sum(self.field_total.values()))
        t = self.total
        print(f"{'all':<{width}}  {sum(self.documents.values()):>4}  {t.cells:>6}  {t.right:>6}  "
              f"{len(t.wrong):>5}  {len(t.missing):>7}  {100 * t.accuracy:6.2f}  {fields_all:7.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show-wrong", action="store_true", help="list every wrong and missing cell")
    ap.add_argument("--case", help="only cases whose name contains this")
    ap.add_argument("--scanned", type=int, metavar="DPI", help="also read every PDF shape scanned at this resolution")
    args = ap.parse_args(argv)
    parser = ReportParser()
    tally, scans = Tally(), Tally()
    for case in load_cases():
        if args.case and args.case not in case.name:
            continue
        for shape in case.shapes:
            data = shape.path.read_bytes()
            tally.add(shape.family, shape.id, to_json(parser.parse_bytes(data, shape.url, shape.content_type)), case,
                      args.show_wrong)
            if args.scanned and shape.path.suffix == ".pdf":
                scan = to_json(parser.parse_bytes(scanned(data, args.scanned), shape.url, "application/pdf"))
                scans.add(f"scanned {args.scanned} dpi:{shape.family}", f"{shape.id} (scanned)", scan, case,
                          args.show_wrong)
    tally.show()
    lowest = min((s.accuracy for s in tally.families.values()), default=1.0)
    print(f"target cells >= {100 * OVERALL_TARGET:.1f}% overall: "
          f"{'met' if tally.total.accuracy >= OVERALL_TARGET else 'NOT met'}; "
          f">= {100 * FAMILY_TARGET:.0f}% in every family: {'met' if lowest >= FAMILY_TARGET else 'NOT met'}")
    print(f"parsed with a table missing and no failed check: {len(tally.gaps)}")
    for gap in tally.gaps:
        print(f"    {gap}")
    print(f"fields: {', '.join(FIELDS)}")
    if args.scanned:
        print(f"\nthe PDF shapes scanned at {args.scanned} dpi and read by OCR (outside the targets):")
        scans.show()
        print(f"parsed with a table missing and no failed check: {len(scans.gaps)}")
        for gap in scans.gaps:
            print(f"    {gap}")
    report_or_not(parser)
    return 0


def report_or_not(parser: ReportParser) -> None:
    """The parser's verdict, and the year it reads, on the real pages a person labelled (tests/fixtures/report_or_not)."""
    pages = sorted(p for p in LABELLED.iterdir() if (p / "meta.json").exists())
    counts: dict[tuple[str, str], int] = defaultdict(int)
    years = years_right = 0
    for page in pages:
        meta = json.loads((page / "meta.json").read_text(encoding="utf-8"))
        report = parser.parse_bytes((page / "document.txt").read_bytes())
        counts[meta["label"], "not_report" if report.status == "not_a_report" else "report"] += 1
        if "year" in meta:
            years += 1
            years_right += report.year == meta["year"]
    right = counts["report", "report"] + counts["not_report", "not_report"]
    print(f"report or not: {len(pages)} labelled pages, {right} judged as labelled ({100 * right / len(pages):.1f}%); "
          f"reports judged not: {counts['report', 'not_report']}, others judged reports: "
          f"{counts['not_report', 'report']}")
    print(f"year covered: {years} labelled reports, {years_right} read as labelled ({100 * years_right / max(1, years):.1f}%)")


if __name__ == "__main__":
    sys.exit(main())
