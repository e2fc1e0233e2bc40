"""The package's imports run one way along the pipeline, with no cycle (devtools/imports.py)."""

from __future__ import annotations

from devtools.imports import backward_arrows, cycles, rank


def test_no_import_runs_back_up_the_pipeline() -> None:
    assert backward_arrows() == []


def test_no_import_cycle() -> None:
    assert cycles() == []


def test_the_stages_are_ranked_in_pipeline_order() -> None:
    ordered = ["govreports.model", "govreports.fetch.listings", "govreports.archive.writer",
               "govreports.clean.cells", "govreports.understand.align", "govreports.store.writer",
               "govreports.report"]
    assert [rank(m) for m in ordered] == sorted(rank(m) for m in ordered)
    assert rank("govreports.spiders.agency") == rank("govreports.pipelines.store") == rank("govreports.cli")
