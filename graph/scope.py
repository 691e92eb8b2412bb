"""Which nodes a build can make valid or invalid, so that SHACL checks those, not a whole country.

A node's conformance depends on its own triples and on the types of the nodes it points to. After
a build that replaces some graphs, that can change only for the subjects of those graphs (before
and after), the subjects whose inferences changed, and the nodes that point to any of them.
Adding one plan to a store of a million triples then costs a validation of a few thousand nodes
instead of all of them (84 s and 3.4 GB for the whole graph there).
"""

from __future__ import annotations

import pyoxigraph as ox

from plankg.graph.inputs import LoadedInput
from plankg.graph.namespaces import INFERENCE_GRAPH, ONTOLOGY_GRAPH, OVERLAP_GRAPH
from plankg.graph.store import stated_quads

# pySHACL looks each targeted node up in the list of focus nodes: beyond a few thousand, checking
# the whole graph is quicker. Adding a plan to a national store touches under a thousand.
MAX_FOCUS_NODES = 3000


def _triples(store: ox.Store, graph: str) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in stated_quads(store, graph=ox.NamedNode(graph))}


def _subjects(store: ox.Store, graphs: list[str]) -> set[ox.NamedNode | ox.BlankNode | ox.Triple]:
    return {q.subject for g in graphs for q in stated_quads(store, graph=ox.NamedNode(g))}


class ValidationScope:
    """Taken before a build changes the working store; ``focus`` after it: the nodes to check,
    or None for everything (the store held no data, an RDF file was loaded, whose graphs are
    known only once loaded, or the ontology changed)."""

    def __init__(self, working: ox.Store, loaded: list[LoadedInput]) -> None:
        data = {g.value for g in working.named_graphs()} - {ONTOLOGY_GRAPH, INFERENCE_GRAPH, OVERLAP_GRAPH}
        self.everything = not data or any(item.rdf_format is not None for item in loaded)
        self.graphs = [name for item in loaded for name in item.graphs]
        if not self.everything:
            self.before = _subjects(working, self.graphs)
            self.ontology = _triples(working, ONTOLOGY_GRAPH)
            self.inferred = _triples(working, INFERENCE_GRAPH)

    def focus(self, working: ox.Store) -> set[ox.NamedNode] | None:
        if self.everything or _triples(working, ONTOLOGY_GRAPH) != self.ontology:
            return None
        nodes = self.before | _subjects(working, self.graphs)
        nodes |= {t.subject for t in self.inferred ^ _triples(working, INFERENCE_GRAPH)}
        nodes |= {q.subject for node in list(nodes) for q in stated_quads(working, o=node)}
        if len(nodes) > MAX_FOCUS_NODES or any(not isinstance(node, ox.NamedNode) for node in nodes):
            return None  # SHACL names focus nodes by IRI; many are checked faster as a whole
        return {node for node in nodes if isinstance(node, ox.NamedNode)}  # every one, as checked above
