"""SHACL validation of the stored graph against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from plankg.graph.namespaces import OVERLAP_GRAPH, PROV, RDF, RDFS
from plankg.ontology import shapes_text


@dataclass
class ValidationResult:
    conforms: bool
    violations: int
    report_text: str
    warnings: int = 0  # results of severity sh:Warning (the graph still conforms)
    nodes: int | None = None  # how many nodes were checked; None: the whole graph
    failures: list[tuple[str, str]] = field(default_factory=list)  # (focus node, message) of each violation


def _to_rdflib(triples: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """Oxigraph triples as an rdflib Graph: N-Triples is the fastest hand-over between the two."""
    part = ox.Store()
    part.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(data=part.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return graph


def union_graph(store: ox.Store, exclude: tuple[str, ...] = ()) -> rdflib.Graph:
    """The union of the store's graphs (less ``exclude``) as an rdflib Graph."""
    skip = {ox.NamedNode(g) for g in exclude} | {ox.DefaultGraph()}  # the default graph is the union copy
    return _to_rdflib(q for q in store if q.graph_name not in skip)


_OWN = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_LINKS = (
    f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ <{RDF}type> <{PROV}wasDerivedFrom> }} GRAPH ?g {{ ?s ?p ?o }} }}"
)
_HIERARCHY = f"SELECT DISTINCT ?s ?p ?o WHERE {{ BIND(<{RDFS}subClassOf> AS ?p) GRAPH ?g {{ ?s ?p ?o }} }}"


def _rows(
    store: ox.Store, query: str, node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None = None
) -> ox.QuerySolutions:
    rows = store.query(query, substitutions=None if node is None else {ox.Variable("s"): node})
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    return rows


def focus_graph(store: ox.Store, nodes: set[ox.NamedNode]) -> rdflib.Graph:
    """What SHACL reads about these nodes: their own triples, the types and sources of what they
    point to (the source: TaskLineShape), and the class hierarchy (for sh:class and targets
    through sub-classes). Each statement once, however many graphs state it: a body or the
    resolution is stated by every text that names it."""
    part = ox.Store()
    pointed = set()
    for node in nodes:
        for row in _rows(store, _OWN, node):
            part.add(ox.Quad(node, row["p"], row["o"]))
            if not isinstance(row["o"], ox.Literal):
                pointed.add(row["o"])
    for node in pointed:
        part.extend(ox.Quad(node, row["p"], row["o"]) for row in _rows(store, _LINKS, node))
    part.extend(ox.Quad(row["s"], row["p"], row["o"]) for row in _rows(store, _HIERARCHY))
    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(data=part.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return graph


# Beyond this many typed nodes, the whole graph is checked in batches of ``BATCH_NODES``, each
# with what SHACL reads about its nodes (``focus_graph``): memory then stays that of a batch
# (5,000 texts: one rdflib graph of everything took about a gigabyte), for a little more time
# (the graph of 1,000 small texts: 32 s in batches, 27 s at once). Below it, one graph is quicker.
WHOLE_GRAPH_NODES = 20_000
BATCH_NODES = 500
# The overlap graph is not checked: no shape targets its pairs and clusters (drawn again by every
# build from the tasks, which are checked), and its typed nodes, about 9,000 nationally, tipped a
# 102-text national build into batches (SHACL 53 s over the whole graph, about 5 minutes in batches).
_TYPED = f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER(?g != <{OVERLAP_GRAPH}>) }}"


def validate_store(store: ox.Store, focus: set[ox.NamedNode] | None = None) -> ValidationResult:
    """SHACL over the whole graph, or over the ``focus`` nodes only (``plankg build`` after a
    change: graph/scope.py says which nodes it can have made invalid). Every shape targets a
    class: a large graph is checked as its typed nodes, batch by batch."""
    if focus is not None and not focus:
        return ValidationResult(True, 0, "Conforms: True (no node to check)", 0, nodes=0)
    shapes = rdflib.Graph(bind_namespaces="none").parse(data=shapes_text(), format="turtle")
    if focus is not None:
        return _merged([_validate(focus_graph(store, focus), shapes, sorted(focus, key=str))], len(focus))
    rows = store.query(_TYPED)
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    typed = [row["s"] for row in rows]
    if len(typed) <= WHOLE_GRAPH_NODES or any(not isinstance(node, ox.NamedNode) for node in typed):
        return _merged([_validate(union_graph(store, exclude=(OVERLAP_GRAPH,)), shapes, None)], None)
    batches = (typed[k : k + BATCH_NODES] for k in range(0, len(typed), BATCH_NODES))
    return _merged([_validate(focus_graph(store, set(batch)), shapes, batch) for batch in batches], None)


def _validate(data: rdflib.Graph, shapes: rdflib.Graph, focus: list[ox.NamedNode] | None) -> ValidationResult:
    conforms, results_graph, text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        inplace=True,
        focus_nodes=None if focus is None else [rdflib.URIRef(node.value) for node in focus],
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severities = list(results_graph.objects(None, sh.resultSeverity))
    warnings = sum(1 for s in severities if s == sh.Warning)
    failures = sorted(
        {
            (str(results_graph.value(r, sh.focusNode)), _english(results_graph, r, sh.resultMessage))
            for r in results_graph.subjects(sh.resultSeverity, sh.Violation)
        }
    )
    return ValidationResult(bool(conforms), len(severities) - warnings, text, warnings, failures=failures)


def _merged(results: list[ValidationResult], nodes: int | None) -> ValidationResult:
    """One report of the batches: pySHACL's text, its results one after the other."""
    conforms = all(r.conforms for r in results)
    count = sum(r.violations + r.warnings for r in results)
    body = "".join(r.report_text.partition("\n")[2].partition("\n")[2].partition("\n")[2] for r in results)
    text = f"Validation Report\nConforms: {conforms}\n" + (f"Results ({count}):\n{body}" if count else "")
    return ValidationResult(
        conforms,
        sum(r.violations for r in results),
        text if len(results) != 1 else results[0].report_text,
        sum(r.warnings for r in results),
        nodes=nodes,
        failures=sorted({f for r in results for f in r.failures}),
    )


def _english(graph: rdflib.Graph, result: rdflib.term.Node, predicate: rdflib.URIRef) -> str:
    """A result's message, the English one when the shape gives several languages."""
    messages = list(graph.objects(result, predicate))
    return str(next((m for m in messages if getattr(m, "language", None) == "en"), messages[0] if messages else ""))
