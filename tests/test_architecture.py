"""The layers import downward only: loaders (text -> report) know nothing of RDF or the command
line; graph (report -> RDF, stores, queries, views) knows nothing of the command line.

The imports are read from the source (every ``import``, at the top or inside a function), so a
lazy import counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = ("plankg.cli", "plankg.cli_reference", "plankg.pipeline", "plankg.reading", "plankg.__main__")
# The extractor (and the readers of files into text) run in the pipeline (plankg/reading.py):
# the graph layer receives finished reports.
EXTRACTOR = ("plankg.loaders.extract", "plankg.loaders.documents")
FORBIDDEN = {
    "loaders": ("plankg.graph", *CLI),
    "graph": (*CLI, *EXTRACTOR),
}


def imported_modules(source: str, module: str) -> set[str]:
    """Every module that ``source`` (the text of ``module``, dotted) imports, as absolute names;
    ``from a import b`` counts as both ``a`` and ``a.b`` (b may be a module)."""
    found: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def violations(layer: str) -> list[str]:
    """``file: imports module`` for each import of ``layer`` that its rules forbid."""
    out = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        module = "plankg." + relative[:-3].replace("/", ".")
        for name in sorted(imported_modules(path.read_text("utf-8"), module)):
            hit = any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[layer])
            if hit:
                out.append(f"{relative}: imports {name}")
    return out


def test_the_loaders_import_neither_the_graph_layer_nor_the_command_line():
    assert violations("loaders") == []


def test_the_graph_layer_imports_neither_the_command_line_nor_the_extractor():
    assert violations("graph") == []


def test_the_graph_layer_never_runs_the_extractor():
    assert [v for v in violations("graph") if any(f"imports {name}" in v for name in EXTRACTOR)] == []


def test_a_graph_module_running_the_extractor_is_caught():
    names = imported_modules("def lazy():\n    from plankg.loaders.extract import extract_text\n", "plankg.graph.x")
    assert any(name == banned or name.startswith(banned + ".") for name in names for banned in FORBIDDEN["graph"])


@pytest.mark.parametrize(
    "source",
    [
        "from plankg.graph.iris import slug",
        "import plankg.graph.store",
        "from plankg import graph",
        "from ..graph import rdf_build",
        "def lazy():\n    from plankg.pipeline import build\n",
    ],
)
def test_an_upward_import_in_a_loader_is_caught(source):
    names = imported_modules(source, "plankg.loaders.example")
    assert any(name == banned or name.startswith(banned + ".") for name in names for banned in FORBIDDEN["loaders"])


def test_a_loader_importing_another_loader_is_no_violation():
    names = imported_modules("from .normalize import fold\nimport re", "plankg.loaders.example")
    assert names == {"plankg.loaders.normalize", "plankg.loaders.normalize.fold", "re"}
    assert not any(name.startswith(banned) for name in names for banned in FORBIDDEN["loaders"])


def test_the_store_and_its_remote_backend_import_no_circle():
    store = imported_modules((ROOT / "graph/store.py").read_text("utf-8"), "plankg.graph.store")
    assert not any(name.startswith("plankg.graph.remote") for name in store)
