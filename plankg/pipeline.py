"""The build job: inputs -> extraction (plankg/reading.py) -> RDF -> one store transaction -> validation
-> export."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph import identity
from plankg.graph.export import atomic_output, put_in_place, temporary_beside
from plankg.graph.inputs import LoadedInput
from plankg.graph.namespaces import INFERENCE_GRAPH, ONTOLOGY_GRAPH, OVERLAP_GRAPH, PREFIXES, sparql_prologue
from plankg.graph.overlaps import DEFAULT_THRESHOLD, redraw_overlaps
from plankg.graph.reason import ReasoningResult, materialise
from plankg.graph.scope import ValidationScope
from plankg.graph.store import Store, count_named_quads, dump_store
from plankg.graph.validate import ValidationResult, validate_store
from plankg.ontology import ontology_text, themes_text
from plankg.reading import collect_paths, load_inputs


def bundled_corpus() -> list[Path]:
    """The sample corpus shipped in the package."""
    folder = resources.files("plankg.corpus")
    return sorted(Path(str(folder.joinpath(e.name))) for e in folder.iterdir() if e.name.endswith(".txt"))


def bundled_identities() -> Path:
    """The identity file of the sample corpus: the unnumbered Quảng Ninh programme is 46-CTr/TU
    (538-KH/TU replaces "Chương trình hành động số 46-CTr/TU ngày 15/01/2025", the programme
    of the same body implementing the same resolution)."""
    return Path(str(resources.files("plankg.corpus").joinpath("identities.csv")))


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
    left_out: list[LeftOut] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # how some texts had to be read


@dataclass
class LeftOut:
    """An input a build left out because its graph does not conform: the first failing node."""

    path: Path
    node: str
    message: str


class _NotConforming(Exception):
    """Raised inside the transaction (so that nothing is written) with what failed where."""

    def __init__(self, validation: ValidationResult, culprits: dict[int, tuple[str, str]]) -> None:
        super().__init__()
        self.validation = validation
        self.culprits = culprits  # index of the input -> (node, message)


def ontology_quads() -> list[ox.Quad]:
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    return [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for text in (ontology_text(), themes_text())
        for t in ox.parse(text, format=ox.RdfFormat.TURTLE)
    ]


_COUNTS = (
    sparql_prologue()
    + """
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?plan) AS ?plans) (COUNT(DISTINCT ?task) AS ?tasks)
  (COUNT(DISTINCT ?agency) AS ?agencies) (COUNT(DISTINCT ?indicator) AS ?indicators)
WHERE {
  { ?doc a eli:LegalResource FILTER NOT EXISTS { ?doc a eli:LegalResourceSubdivision }
    FILTER NOT EXISTS { ?doc a schema:NewsArticle } } UNION { ?plan a pk:Plan } UNION { ?task a pk:Task }
  UNION { ?agency a pk:Agency } UNION { ?indicator a pk:Indicator }
}"""
)


def count_things(store: ox.Store) -> dict[str, int]:
    row = next(iter(store.query(_COUNTS, use_default_graph_as_union=True)))
    return {name: int(row[name].value) for name in ("documents", "plans", "tasks", "agencies", "indicators")}


def build(
    paths: list[Path],
    store: Store,
    output: Path | None,
    validate: bool = True,
    reasoner: str | None = "reasonable",
    on_input: Callable[[Path], None] | None = None,
    strict: bool = False,
    identities: dict[str, identity.DeclaredIdentity] | None = None,
    overlap_threshold: float = DEFAULT_THRESHOLD,
    on_phase: Callable[[str], None] | None = None,
    allow_schema: bool = False,
    replace_graph: bool = False,
) -> BuildSummary:
    """Load every input, then write them to the store in one transaction.

    Each input's named graphs replace the graphs of the same name; other graphs stay. When the
    result does not conform to the shapes (into a store that holds data, SHACL checks the nodes
    the build can have changed: graph/scope.py), the inputs whose graphs state a failing node
    are left out (the earliest input that states a node shared by several is kept) and the rest
    is built again: ``summary.left_out`` names them. With ``strict``, or when no input can be
    blamed, nothing is written. Nothing is written either when an input fails to load.
    ``identities`` says which document a text is when it cannot say so itself (graph/identity.py).
    The overlap graph (similar tasks of the whole store, graph/overlaps.py) is drawn again.
    ``on_input`` and ``on_phase`` report progress (a file read; "reasoning", "validating" …).
    An RDF file stating axioms on the vocabularies, or naming a text's graph, is refused unless
    ``allow_schema`` / ``replace_graph`` (graph/inputs.py).
    """
    phase = on_phase or (lambda _name: None)
    files = collect_paths(paths)
    loaded = load_inputs(files, identities, on_input)
    left_out: list[LeftOut] = []
    # The TriG output is written inside the transaction, from the working copy, and put in
    # place right after the commit: a failed build leaves the old output, and a kill can only
    # fall between the commit and one rename.
    temp = temporary_beside(output) if output else None
    if output:  # says "the output may be older than the store" until the rename below is done
        stale_marker(output).write_text(temp.name, encoding="utf-8")
    try:
        while True:
            try:
                validation, reasoning, counts, triples, graphs = store.write(  # the change runs at once
                    lambda working: _write_inputs(
                        working,
                        loaded,  # noqa: B023
                        validate,
                        reasoner,
                        overlap_threshold,
                        temp,
                        phase,
                        allow_schema,
                        replace_graph,
                        identities,
                    )
                )
                break
            except _NotConforming as failed:
                if strict or not failed.culprits or len(failed.culprits) == len(loaded):
                    node, message = failed.validation.failures[0] if failed.validation.failures else ("", "")
                    rows = sorted(
                        identities[loaded[k].path.name].row
                        for k in failed.culprits
                        if identities and loaded[k].path.name in identities
                    )
                    told = f" (identities given by {', '.join(rows)})" if rows else ""
                    raise PlankgError(
                        f"the built graph does not conform to the shapes ({failed.validation.violations} violations, "
                        f"first: <{node}> {message}{told}); nothing was stored. Run with --no-validate to store it anyway"
                    ) from None
                left_out += [LeftOut(loaded[k].path, *failed.culprits[k]) for k in sorted(failed.culprits)]
                loaded = [item for k, item in enumerate(loaded) if k not in failed.culprits]
            # the failed attempt's working store (held by the traceback) must be closed before the next
            gc.collect()
    except BaseException:
        if temp:
            temp.unlink(missing_ok=True)
            stale_marker(output).unlink(missing_ok=True)  # nothing was committed: the output stands
        raise
    if temp:
        _put_in_place(temp, output)
    return BuildSummary(
        sources=sum(1 for item in loaded if item.graphs or item.rdf_format is not None),
        triples=triples,
        validation=validation,
        reasoning=reasoning,
        output=output,
        graphs=graphs,
        left_out=left_out,
        warnings=[w for item in loaded for w in item.warnings],
        **counts,
    )


def stale_marker(output: Path) -> Path:
    """The file beside a TriG output that exists while the output may be older than the store
    (a build killed between its commit and the output's rename)."""
    return output.with_name(f".{output.name}.stale")


def _put_in_place(temp: Path, output: Path) -> None:
    """The last step of a build, after its commit: the new output replaces the old one."""
    put_in_place(temp, output)
    stale_marker(output).unlink(missing_ok=True)


def repair_output(store: Store, output: Path) -> bool:
    """Write ``output`` again from the store if a build was interrupted after its commit;
    True if it did."""
    marker = stale_marker(output)
    if not marker.exists():
        return False
    leftover = output.with_name(marker.read_text(encoding="utf-8").strip() or "-")
    if leftover.name.startswith(f".{output.name}.") and leftover.exists():
        leftover.unlink()
    with atomic_output(output) as temp:
        store.dump(str(temp), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    marker.unlink(missing_ok=True)
    return True


def _write_inputs(
    working: ox.Store,
    loaded: list[LoadedInput],
    validate: bool,
    reasoner: str | None,
    overlap_threshold: float,
    trig_temp: Path | None,
    phase: Callable[[str], None],
    allow_schema: bool = False,
    replace_graph: bool = False,
    identities: dict[str, identity.DeclaredIdentity] | None = None,
) -> tuple:
    """The body of a build's transaction: raises _NotConforming or PlankgError (so nothing is
    written)."""
    phase("adding the sources")
    identity.settle_graph_names(working, loaded)
    scope = ValidationScope(working, loaded) if validate else None
    identity.settle_documents(working, loaded, identities)
    written = [item.add_to(working, allow_schema, replace_graph) for item in loaded]
    working.remove_graph(ox.NamedNode(ONTOLOGY_GRAPH))
    working.extend(ontology_quads())
    phase("finding similar tasks")
    redraw_overlaps(working, overlap_threshold)
    phase("reasoning")
    reasoning = materialise(working, reasoner) if reasoner else None
    phase("validating")
    validation = validate_store(working, scope.focus(working)) if scope else None
    if validation and not validation.conforms:
        raise _NotConforming(validation, _culprits(working, validation, written))
    graphs = sorted(g.value for g in working.named_graphs())
    if trig_temp:  # the build's TriG output, put in place after the commit
        phase("writing the TriG output")
        dump_store(working, str(trig_temp), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    phase("writing the store")
    return validation, reasoning, count_things(working), count_named_quads(working), graphs


def _culprits(working: ox.Store, validation: ValidationResult, written: list[set[str]]) -> dict[int, tuple[str, str]]:
    """For each failing node, the inputs whose graphs state it, less the earliest when several do
    (two texts that disagree: the later one is left out). A node only stated by data already in
    the store blames no input."""
    culprits: dict[int, tuple[str, str]] = {}
    for node, message in validation.failures:
        if not node.startswith(("http://", "https://", "urn:")):
            continue
        graphs = {
            q.graph_name.value
            for q in working.quads_for_pattern(ox.NamedNode(node), None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
        stating = [k for k, names in enumerate(written) if names & graphs]
        for k in stating[1:] if len(stating) > 1 else stating:
            culprits.setdefault(k, (node, message))
    return culprits


def remove_source(store: Store, graph: str) -> ReasoningResult | None:
    """Drop one source's graph. The inferences drawn from it go too: when the store holds an
    inference graph, the closure is drawn again from what remains (in the same transaction)."""

    def change(working: ox.Store) -> ReasoningResult | None:
        working.remove_graph(ox.NamedNode(graph))
        if next(iter(working.quads_for_pattern(None, None, None, ox.NamedNode(OVERLAP_GRAPH))), None) is not None:
            redraw_overlaps(working)
        inferred = working.quads_for_pattern(None, None, None, ox.NamedNode(INFERENCE_GRAPH))
        return materialise(working) if next(iter(inferred), None) is not None else None

    return store.write(change)
