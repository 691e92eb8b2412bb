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
CLI = ("plankg.cli", "plankg.cli_reference", "plankg.pipeline", "plankg.__main__")
FORBIDDEN = {
    "loaders": ("plankg.graph", *CLI),
    "graph": CLI,
}
# Known edges against the direction, each with the issue that removes it. The graph layer still
# runs the extractor on the texts it is given (issue 25: loaders are to hand graph a finished
# report); the file-format readers are being hooked in at this call, so it stays for now.
ALLOWED = {("graph/inputs.py", "plankg.loaders.extract")}


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
            if hit and (relative, name) not in ALLOWED:
                out.append(f"{relative}: imports {name}")
    return out


def test_the_loaders_import_neither_the_graph_layer_nor_the_command_line():
    assert violations("loaders") == []


def test_the_graph_layer_does_not_import_the_command_line():
    assert violations("graph") == []


def test_the_graph_layer_runs_the_extractor_only_where_the_known_edge_is():
    extractor = [
        f"{path.relative_to(ROOT).as_posix()}"
        for path in sorted((ROOT / "graph").rglob("*.py"))
        if "plankg.loaders.extract" in imported_modules(path.read_text("utf-8"), "plankg.graph.x")
    ]
    assert extractor == [edge[0] for edge in ALLOWED if edge[1] == "plankg.loaders.extract"]


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
