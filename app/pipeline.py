"""The build job: inputs -> extraction -> RDF -> one store transaction -> validation -> export."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.export import atomic_output
from plankg.graph.inputs import LoadedInput, collect_paths, load_input
from plankg.graph.namespaces import INFERENCE_GRAPH, ONTOLOGY_GRAPH, PREFIXES, sparql_prologue
from plankg.graph.reason import ReasoningResult, materialise
from plankg.graph.scope import ValidationScope
from plankg.graph.store import Store, count_named_quads
from plankg.graph.validate import ValidationResult, validate_store
from plankg.ontology import ontology_text


def bundled_corpus() -> list[Path]:
    """The sample corpus shipped in the package."""
    folder = resources.files("plankg.corpus")
    return sorted(Path(str(folder.joinpath(e.name))) for e in folder.iterdir() if e.name.endswith(".txt"))


@dataclass
class BuildSummary:
    sources: int
    documents: int
    plans: int
    tasks: int
    agencies: int
    indicators: int
    triples: int
    validation: ValidationResult | None = None
    reasoning: ReasoningResult | None = None
    output: Path | None = None
    graphs: list[str] = field(default_factory=list)


def ontology_quads() -> list[ox.Quad]:
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(ontology_text(), format=ox.RdfFormat.TURTLE)]


_COUNTS = sparql_prologue() + """
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?plan) AS ?plans) (COUNT(DISTINCT ?task) AS ?tasks)
  (COUNT(DISTINCT ?agency) AS ?agencies) (COUNT(DISTINCT ?indicator) AS ?indicators)
WHERE {
  { ?doc a eli:LegalResource FILTER NOT EXISTS { ?doc a eli:LegalResourceSubdivision } } UNION { ?plan a pk:Plan } UNION { ?task a pk:Task }
  UNION { ?agency a pk:Agency } UNION { ?indicator a pk:Indicator }
}"""


def count_things(store: ox.Store) -> dict[str, int]:
    row = next(iter(store.query(_COUNTS, use_default_graph_as_union=True)))
    return {name: int(row[name].value) for name in ("documents", "plans", "tasks", "agencies", "indicators")}


def build(paths: list[Path], store: Store, output: Path | None, validate: bool = True,
          reasoner: str | None = "reasonable", on_input: Callable[[Path], None] | None = None) -> BuildSummary:
    """Load every input, then write them to the store in one transaction.

    Each input's named graphs replace the graphs of the same name; other graphs stay. Nothing is
    written when an input fails to load or when the result does not conform to the shapes (into
    a store that holds data, SHACL checks the nodes the build can have changed: graph/scope.py).
    """
    files = collect_paths(paths)
    loaded: list[LoadedInput] = []
    for path in files:
        loaded.append(load_input(path))
        if on_input:
            on_input(path)
    def change(working: ox.Store) -> tuple:
        scope = ValidationScope(working, loaded) if validate else None
        for item in loaded:
            item.add_to(working)
        working.remove_graph(ox.NamedNode(ONTOLOGY_GRAPH))
        working.extend(ontology_quads())
        reasoning = materialise(working, reasoner) if reasoner else None
        validation = validate_store(working, scope.focus(working)) if scope else None
        if validation and not validation.conforms:
            raise PlankgError(f"the built graph does not conform to the shapes ({validation.violations} "
                              "violations); nothing was stored. Run with --no-validate to store it anyway")
        graphs = sorted(g.value for g in working.named_graphs())
        return validation, reasoning, count_things(working), count_named_quads(working), graphs

    validation, reasoning, counts, triples, graphs = store.write(change)
    if output:
        with atomic_output(output) as temp:
            store.dump(str(temp), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return BuildSummary(sources=len(files), triples=triples, validation=validation, reasoning=reasoning,
                        output=output, graphs=graphs, **counts)


def remove_source(store: Store, graph: str) -> ReasoningResult | None:
    """Drop one source's graph. The inferences drawn from it go too: when the store holds an
    inference graph, the closure is drawn again from what remains (in the same transaction)."""
    def change(working: ox.Store) -> ReasoningResult | None:
        working.remove_graph(ox.NamedNode(graph))
        inferred = working.quads_for_pattern(None, None, None, ox.NamedNode(INFERENCE_GRAPH))
        return materialise(working) if next(iter(inferred), None) is not None else None

    return store.write(change)
