"""Cell and field accuracy on the oracle corpus, per layout family.

    .venv/bin/python bench/accuracy.py [--show-wrong] [--case NAME]

Every shape of every case under tests/oracle/ (the documents as found and
the shapes tools derived from them) is parsed from its bytes and compared
with the values a person transcribed. Prints, per family: documents, cells
expected, right, wrong (a number other than the transcribed one), missing
(not read, or kept unread with a failed check), cell accuracy, and field
accuracy (title, agency, year, publish date, template, region). Targets:
99.5% of cells overall, 98% in every family. Then the verdict, report or
not, on the real pages a person labelled (tests/fixtures/report_or_not).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.oracle import FIELDS, Score, load_cases, score, unflagged_gaps  # noqa: E402
from govreports.model import to_json  # noqa: E402
from govreports.report import ReportParser  # noqa: E402

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "report_or_not"
OVERALL_TARGET = 0.995
FAMILY_TARGET = 0.98


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show-wrong", action="store_true", help="list every wrong and missing cell")
    ap.add_argument("--case", help="only cases whose name contains this")
    args = ap.parse_args(argv)
    parser = ReportParser()
    families: dict[str, Score] = defaultdict(Score)
    documents: dict[str, int] = defaultdict(int)
    field_right: dict[str, int] = defaultdict(int)
    field_total: dict[str, int] = defaultdict(int)
    total = Score()
    gaps = []
    for case in load_cases():
        if args.case and args.case not in case.name:
            continue
        for shape in case.shapes:
            report = parser.parse_bytes(shape.path.read_bytes(), shape.url, shape.content_type)
            document = to_json(report)
            result = score(document, case)
            families[shape.family].add(result)
            total.add(result)
            documents[shape.family] += 1
            for name, ok in result.fields.items():
                field_right[shape.family] += ok
                field_total[shape.family] += 1
            gaps += [f"{shape.id}: {gap}" for gap in unflagged_gaps(document, case)]
            if args.show_wrong and (result.wrong or result.missing):
                print(f"{shape.id} [{report.status}] wrong {len(result.wrong)}, missing {len(result.missing)}")
                for where, found, wanted in result.wrong:
                    print(f"    WRONG {'.'.join(where)}: read {found}, transcribed {wanted}")
                for where in result.missing:
                    print(f"    missing {'.'.join(where)}")
            if args.show_wrong:
                bad = [n for n, ok in result.fields.items() if not ok]
                if bad:
                    print(f"{shape.id}: fields wrong: " + ", ".join(
                        f"{n}={document.get(n) if '.' not in n else document['region'].get(n[7:])!r}" for n in bad))
    width = max(map(len, families), default=10)
    print(f"{'family':<{width}}  docs   cells   right  wrong  missing  cells%  fields%")
    for family in sorted(families):
        s = families[family]
        fields = 100 * field_right[family] / field_total[family] if field_total[family] else 100.0
        print(f"{family:<{width}}  {documents[family]:>4}  {s.cells:>6}  {s.right:>6}  {len(s.wrong):>5}  "
              f"{len(s.missing):>7}  {100 * s.accuracy:6.2f}  {fields:7.2f}")
    fields_all = 100 * sum(field_right.values()) / max(1, sum(field_total.values()))
    print(f"{'all':<{width}}  {sum(documents.values()):>4}  {total.cells:>6}  {total.right:>6}  "
          f"{len(total.wrong):>5}  {len(total.missing):>7}  {100 * total.accuracy:6.2f}  {fields_all:7.2f}")
    lowest = min((s.accuracy for s in families.values()), default=1.0)
    print(f"target cells >= {100 * OVERALL_TARGET:.1f}% overall: {'met' if total.accuracy >= OVERALL_TARGET else 'NOT met'}; "
          f">= {100 * FAMILY_TARGET:.0f}% in every family: {'met' if lowest >= FAMILY_TARGET else 'NOT met'}")
    print(f"parsed with a table missing and no failed check: {len(gaps)}")
    for gap in gaps:
        print(f"    {gap}")
    print(f"fields: {', '.join(FIELDS)}")
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
