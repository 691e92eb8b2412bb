"""Shared fixtures: the bundled corpus, one built store per session, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from plankg.cli import cli
from plankg.graph.identity import read_identities
from plankg.graph.store import DiskStore, MemoryStore
from plankg.pipeline import build, bundled_corpus, bundled_identities

HERE = Path(__file__).parent

# The slow tier (``pytest -m slow``; ``-m "not slow"`` leaves it out of the edit-test loop): the
# gold scoring, the browser, the servers, the national corpus, the layout variants and the
# documents, and every module that builds stores and runs the command line end to end.
SLOW_MODULES = {
    "test_extraction_gold",
    "test_document_fields",
    "test_formats_scores",  # gold
    "test_views_browser",  # browser
    "test_serve",
    "test_serve_hostile",
    "test_pages",
    "test_remote",  # servers
    "test_national",
    "test_scale",  # national corpus, large inputs
    "test_layout_variants",
    "test_table_variants",
    "test_ocr_robustness",
    "test_formats",  # variants, documents
    "test_cli",
    "test_hostile_use",
    "test_store",
    "test_store_copies",
    "test_bad_inputs",  # builds end to end
    "test_schema_inputs",
    "test_outputs",
    "test_exports",
    "test_export_checks",
    "test_query_parameters",
    "test_identity_rules",
    "test_graph_quality",
    "test_overlap_clusters",
    "test_validation_scope",
    "test_analytics",
    "test_reasoning",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus() -> dict[str, Path]:
    return {p.name: p for p in bundled_corpus()}


@pytest.fixture(scope="session")
def built_memory_store(corpus) -> MemoryStore:
    store = MemoryStore()
    build(list(corpus.values()), store, None, identities=read_identities(bundled_identities()))
    return store


@pytest.fixture(scope="session")
def _built_disk_store(tmp_path_factory, corpus) -> Path:
    root = tmp_path_factory.mktemp("built") / "store"
    build(list(corpus.values()), DiskStore(root), None, identities=read_identities(bundled_identities()))
    return root


@pytest.fixture
def store_dir(_built_disk_store, tmp_path) -> Path:
    """A private copy of a store built from the bundled corpus."""
    target = tmp_path / "store"
    shutil.copytree(_built_disk_store, target, symlinks=True)
    return target


@pytest.fixture
def run(tmp_path):
    """Run the CLI: run("query", "documents", store=path) -> click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, store: Path | str | None = None, input: str | None = None):
        prefix = ["--store", str(store if store is not None else tmp_path / "store")]
        return runner.invoke(cli, [*prefix, *args], input=input, catch_exceptions=False, prog_name="plankg")

    return invoke
