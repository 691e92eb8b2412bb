"""Graph analytics with networkx on projections read from the store by SPARQL.

- the dependency graph of documents (cites, based on, implements, replaces): the documents most
  depended on (in-degree, PageRank), its components, and any cycles (a cycle of "implements" is
  a data error worth seeing);
- the workload of agencies: tasks led and coordinated.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from plankg.graph.namespaces import sparql_prologue
from plankg.graph.querying import vietnamese_key
from plankg.graph.store import Store

_DEPENDENCIES = (
    sparql_prologue()
    + """
SELECT DISTINCT ?from ?to ?from_label ?to_label WHERE {
  ?from eli:cites|eli:based_on|eli:ensures_implementation_of|pk:replaces ?to .
  OPTIONAL { ?from eli:id_local ?fn } OPTIONAL { ?from dcterms:title ?ft }
  OPTIONAL { ?to eli:id_local ?tn }
  BIND(COALESCE(?fn, ?ft, STR(?from)) AS ?from_label)
  BIND(COALESCE(?tn, STR(?to)) AS ?to_label)
}"""
)
_WORKLOAD = (
    sparql_prologue()
    + """
SELECT ?agency (COUNT(DISTINCT ?led) AS ?lead) (COUNT(DISTINCT ?coordinated) AS ?coordinate)
       (COUNT(DISTINCT ?plan) AS ?plans) WHERE {
  ?body skos:prefLabel ?agency .
  { ?led pk:leadAgency ?body ; pk:assignedBy ?plan } UNION { ?coordinated pk:coordinatingAgency ?body ; pk:assignedBy ?plan }
} GROUP BY ?agency"""
)


@dataclass
class Ranked:
    document: str
    in_degree: int
    pagerank: float


@dataclass
class Workload:
    agency: str
    lead: int
    coordinate: int
    plans: int


@dataclass
class Analysis:
    documents: int
    dependencies: int
    components: list[int] = field(default_factory=list)  # sizes, largest first
    cycles: list[list[str]] = field(default_factory=list)
    most_depended_on: list[Ranked] = field(default_factory=list)
    workload: list[Workload] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def dependency_graph(store: Store) -> nx.DiGraph:
    graph = nx.DiGraph()
    for row in store.query(_DEPENDENCIES):
        a, b = row["from"].value, row["to"].value
        if a == b:
            continue
        graph.add_node(a, label=row["from_label"].value)
        graph.add_node(b, label=row["to_label"].value)
        graph.add_edge(a, b)
    return graph


def analyse(store: Store, top: int = 10, max_cycles: int = 20) -> Analysis:
    graph = dependency_graph(store)
    label = nx.get_node_attributes(graph, "label")
    analysis = Analysis(graph.number_of_nodes(), graph.number_of_edges())
    if graph.number_of_nodes():
        ranks = nx.pagerank(graph) if graph.number_of_edges() else {n: 0.0 for n in graph}
        ranked = sorted(graph.nodes, key=lambda n: (-graph.in_degree(n), -ranks[n], vietnamese_key(label[n])))
        analysis.most_depended_on = [Ranked(label[n], graph.in_degree(n), round(ranks[n], 4)) for n in ranked[:top]]
        analysis.components = sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)
        analysis.cycles = [[label[n] for n in cycle] for cycle in islice(nx.simple_cycles(graph), max_cycles)]
    rows = [
        Workload(r["agency"].value, int(r["lead"].value), int(r["coordinate"].value), int(r["plans"].value))
        for r in store.query(_WORKLOAD)
    ]
    analysis.workload = sorted(rows, key=lambda w: (-(w.lead + w.coordinate), vietnamese_key(w.agency)))[:top]
    return analysis


def format_analysis(analysis: Analysis) -> str:
    lines = [
        (
            f"Dependency graph: {analysis.documents} documents, {analysis.dependencies} dependencies, "
            f"{len(analysis.components)} component(s) (sizes {', '.join(map(str, analysis.components[:8])) or '-'}), "
            f"{len(analysis.cycles)} cycle(s)."
        ),
        "",
        "Most depended on (in-degree, PageRank):",
    ]
    lines += [f"  {r.document:<22} {r.in_degree:>4}  {r.pagerank:.4f}" for r in analysis.most_depended_on]
    if analysis.cycles:
        lines += ["", "Cycles:"] + ["  " + " -> ".join(c + c[:1]) for c in analysis.cycles]
    lines += ["", "Agency workload (lead, coordinate, plans):"]
    lines += [f"  {w.agency[:60]:<60} {w.lead:>4} {w.coordinate:>4} {w.plans:>4}" for w in analysis.workload]
    return "\n".join(lines) + "\n"
