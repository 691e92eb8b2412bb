"""SHACL validation of the stored graph against ontology/shapes.ttl (pySHACL)."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from plankg.ontology import shapes_text


@dataclass
class ValidationResult:
    conforms: bool
    violations: int
    report_text: str
    warnings: int = 0  # results of severity sh:Warning (the graph still conforms)


def union_graph(store: ox.Store, exclude: tuple[str, ...] = ()) -> rdflib.Graph:
    """The union of the store's graphs (less ``exclude``) as an rdflib Graph.

    N-Triples is the fastest hand-over between the two libraries.
    """
    skip = {ox.NamedNode(g) for g in exclude} | {ox.DefaultGraph()}  # the default graph is the union copy
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store if q.graph_name not in skip)
    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(data=union.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return graph


def validate_store(store: ox.Store) -> ValidationResult:
    shapes = rdflib.Graph(bind_namespaces="none").parse(data=shapes_text(), format="turtle")
    conforms, results_graph, text = shacl_validate(union_graph(store), shacl_graph=shapes, inference="none",
                                                  advanced=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severities = list(results_graph.objects(None, sh.resultSeverity))
    warnings = sum(1 for s in severities if s == sh.Warning)
    return ValidationResult(bool(conforms), len(severities) - warnings, text, warnings)
