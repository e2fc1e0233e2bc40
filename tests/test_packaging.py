"""Installing govreports puts one top-level package into site-packages, and its crawler still runs.

The repository keeps Scrapy's project layout (spiders/ and pipelines/ at the
root); an install maps them to govreports.spiders and govreports.pipelines,
so nothing named `spiders` or `pipelines` lands among another project's
packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_an_install_holds_one_top_level_package_and_scrapy_finds_the_spider(tmp_path) -> None:
    target, source = tmp_path / "site", tmp_path / "source"
    # From the tracked files only, as a fresh clone has them: no egg-info or build/ of an earlier install.
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, tracked.decode("utf-8").split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name, follow_symlinks=False)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(source)], check=True, capture_output=True, timeout=300)
    top = sorted(p.name for p in target.iterdir() if not p.name.endswith(".dist-info") and p.name != "bin")
    assert top == ["govreports"]
    assert (target / "govreports" / "spiders" / "agency.py").is_file()
    assert (target / "govreports" / "store" / "migrations" / "versions" / "0001_initial_schema.py").is_file()
    assert (target / "govreports" / "store" / "migrations" / "env.py").is_file()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "SCRAPY_SETTINGS_MODULE": "govreports.settings"}
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=outside, env=env, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert listed.stdout.split() == ["agency", "discover"]
    where = subprocess.run([sys.executable, "-c", "import govreports.spiders.agency as a; print(a.__file__)"],
                           cwd=outside, env=env, capture_output=True, text=True, timeout=60)
    assert where.stdout.strip().startswith(str(target))
