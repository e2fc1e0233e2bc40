"""The package's imports, stage by stage: which arrows run back up the pipeline (fetch → archive → clean → understand → store).

    .venv/bin/python -m devtools.imports      # prints every backward arrow and cycle; exit 1 if any

Base modules (model, vocabulary, dates, datadir, switches) import nothing of the
package and may be imported by any stage; the composition modules
(report, reparse, render, cli, settings, commands, spiders, pipelines)
sit after store and may import any stage.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("fetch", "archive", "clean", "understand", "store")
BASE = ("model", "vocabulary", "dates", "datadir", "outfile", "switches", "__init__")
PACKAGES = {"govreports": ROOT / "govreports", "govreports.spiders": ROOT / "spiders",
            "govreports.pipelines": ROOT / "pipelines"}


def module_name(path: Path) -> str:
    for package, folder in PACKAGES.items():
        if folder in path.parents or path.parent == folder:
            relative = path.relative_to(folder).with_suffix("")
            parts = [p for p in relative.parts if p != "__init__"]
            return ".".join([package, *parts])
    raise ValueError(path)


def rank(module: str) -> int:
    """The stage a module belongs to: base -1, then 0…4, composition 5."""
    parts = module.split(".")
    if module.startswith(("govreports.spiders", "govreports.pipelines", "govreports.commands")):
        return 5
    name = parts[1] if len(parts) > 1 else "__init__"
    if name in BASE:
        return -1
    return STAGES.index(name) if name in STAGES else 5


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govreports"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("govreports"))
    return found


def backward_arrows() -> list[str]:
    problems = []
    for folder in PACKAGES.values():
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = module_name(path)
            for target in sorted(imports(path)):
                if 0 <= rank(target) < 5 and rank(source) >= 0 and rank(target) > rank(source):
                    problems.append(f"{source} → {target} (runs back up the pipeline)")
                if rank(source) == -1 and source != "govreports" and rank(target) >= 0:
                    problems.append(f"{source} → {target} (a base module imports a stage)")
    return problems


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for folder in PACKAGES.values():
        for path in sorted(folder.rglob("*.py")):
            if "migrations" not in path.parts:
                edges[module_name(path)] = {t for t in imports(path)}
    return edges


def cycles() -> list[list[str]]:
    """Import cycles among the package's modules (each found once, from its smallest name)."""
    edges = graph()
    found: list[list[str]] = []

    def walk(start: str, node: str, path: list[str]) -> None:
        for target in sorted(edges.get(node, ())):
            if target == start:
                found.append([*path, start])
            elif target in edges and target > start and target not in path:
                walk(start, target, [*path, target])

    for module in sorted(edges):
        walk(module, module, [module])
    return found


def main() -> int:
    problems = backward_arrows() + [" → ".join(cycle) + " (a cycle)" for cycle in cycles()]
    for line in problems:
        print(line)
    print(f"{len(problems)} backward arrows and cycles")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
