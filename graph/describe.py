"""A VoID and DCAT description of a build: what the graph holds, where it came from, under
what licence, and where to query it, for catalogues and for integrators deciding to take it.

Written next to each export (``…/plankg.void.ttl``) and by ``plankg describe``. Each export is
a dataset of its own (``…/dataset/export/turtle``, ``…/dataset/export/trig-inferred``: what it
holds differs), with its file as ``void:dataDump`` and the count of the statements that file
holds (a dataset's quads, a triple format's union); ``plankg describe`` describes the store as
the endpoint serves it (``…/dataset``: every graph, the union as a set).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from plankg import __version__
from plankg.graph.namespaces import BASE, DCAT, DCTERMS, PK, RDF, VOID, XSD
from plankg.graph.serialize import provenance_expression, readable_turtle

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DATASET = BASE + "dataset"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


@dataclass
class Counts:
    """What VoID counts of an export: statements, distinct subjects, and the parts by class
    (distinct typed subjects) and by property (statements)."""

    triples: int
    entities: int
    classes: dict[str, int]
    properties: dict[str, int]


# The counts are made by the store, each in one pass, with no set of the statements held in this
# process (a build of 5,000 texts once spent 13 minutes and gigabytes on that). The union as a set
# is the store's default graph (graph/store.py keeps it so after every write): a statement there
# counts when one of the chosen graphs states it, a quad when its graph is chosen.
_IN_CHOSEN = "FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({kept}) }}"
_STATEMENTS = "SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER({shown}) {chosen} }} GROUP BY ?p"
_QUADS = "SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({kept} && {shown}) }} GROUP BY ?p"
_CLASSES = f"SELECT ?o (COUNT(*) AS ?n) WHERE {{{{ BIND(<{RDF}type> AS ?p) ?s ?p ?o FILTER({{shown}}) {{chosen}} }}}} GROUP BY ?o"
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({kept} && {shown}) }}"
_SOURCE_FACTS = f"""SELECT DISTINCT ?s ?p ?o WHERE {{{{
  ?s ?type <{PK}SourceText> FILTER EXISTS {{{{ GRAPH ?h {{{{ ?s ?type <{PK}SourceText> }}}} FILTER({{kept_h}}) }}}}
  GRAPH ?g {{{{ ?s ?p ?o }}}} FILTER(?p IN (<{PK}sha256>, <{PK}fileName>, <{RDF}type>) && {{kept}})
}}}}"""


def _kept(store: ox.Store, graphs: list[ox.NamedNode], variable: str = "?g") -> str:
    """A SPARQL expression true when ``variable`` is one of ``graphs`` (naming the shorter list:
    usually the few graphs an export leaves out)."""
    chosen = set(graphs)
    left_out = [g for g in store.named_graphs() if g not in chosen]
    if not left_out:
        return "true"
    if len(left_out) <= len(chosen):
        return f"{variable} NOT IN ({', '.join(sorted(str(g) for g in left_out))})"
    return f"{variable} IN ({', '.join(sorted(str(g) for g in chosen))})"


def counts(store: ox.Store, graphs: list[ox.NamedNode], provenance: bool = True, as_quads: bool = False) -> Counts:
    """The counts of ``graphs`` of a store's reader as exported: of the quads (``as_quads``, a
    dataset format) or of the union as a set, without the provenance unless ``provenance``."""
    kept = _kept(store, graphs)
    parts = {
        "kept": kept,
        "shown": "true" if provenance else f"!{provenance_expression()}",
        "chosen": "" if kept == "true" else _IN_CHOSEN.format(kept=kept),
    }
    properties = _tally(store, (_QUADS if as_quads else _STATEMENTS).format(**parts))
    (row,) = _select(store, _ENTITIES.format(**parts))
    return Counts(sum(properties.values()), int(row["n"].value), _tally(store, _CLASSES.format(**parts)), properties)


def _tally(store: ox.Store, query: str) -> dict[str, int]:
    return {row[0].value: int(row["n"].value) for row in _select(store, query)}


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The rows of a SELECT (any store that answers one with rows: tests count them)."""
    rows = store.query(query)
    if isinstance(rows, (ox.QueryBoolean, ox.QueryTriples)):
        raise TypeError(f"not a SELECT: {query}")
    return rows


def _source_facts(store: ox.Store, graphs: list[ox.NamedNode]) -> list[ox.Triple]:
    """Each source text of ``graphs`` with its type, file name and SHA-256 (provenance or not)."""
    query = _SOURCE_FACTS.format(kept=_kept(store, graphs), kept_h=_kept(store, graphs, "?h"))
    return [ox.Triple(row["s"], row["p"], row["o"]) for row in _select(store, query)]


def export_dataset(
    fmt: str,
    with_inferred: bool = False,
    with_ontology: bool = False,
    provenance: bool = True,
    default_provenance: bool = True,
) -> str:
    """The IRI of what an export holds: its format and selection (the same choice, the same IRI)."""
    parts = [fmt] + (["inferred"] if with_inferred else []) + (["ontology"] if with_ontology else [])
    if provenance != default_provenance:
        parts.append("provenance" if provenance else "no-provenance")
    return f"{DATASET}/export/{'-'.join(parts)}"


def description(
    store: ox.Store,
    graphs: list[ox.NamedNode],
    endpoint: str | None = None,
    provenance: bool = True,
    dataset_iri: str = DATASET,
    dump: str | None = None,
    as_quads: bool = False,
) -> list[ox.Triple]:
    """The VoID/DCAT triples of ``graphs`` as exported (counts per class and property: of the
    quads for a dataset format, ``as_quads``, else of the union as a set), with the sources and
    their SHA-256 (named even when the export leaves the provenance out), the licence, the
    endpoint and the file (``dump``, an IRI) if given."""
    tally = counts(store, graphs, provenance, as_quads)
    classes, properties = tally.classes, tally.properties
    dataset = _n(dataset_iri)
    out = [
        ox.Triple(dataset, _n(RDF + "type"), _n(VOID + "Dataset")),
        ox.Triple(dataset, _n(RDF + "type"), _n(DCAT + "Dataset")),
        ox.Triple(
            dataset,
            _n(DCTERMS + "title"),
            ox.Literal("plankg: Resolution 57-NQ/TW and the plans implementing it", language="en"),
        ),
        ox.Triple(dataset, _n(DCTERMS + "license"), _n(LICENCE)),
        ox.Triple(dataset, _n(VOID + "uriSpace"), ox.Literal(BASE + "id/")),
        ox.Triple(dataset, _n(VOID + "triples"), _integer(tally.triples)),
        ox.Triple(dataset, _n(VOID + "entities"), _integer(tally.entities)),
        ox.Triple(dataset, _n(VOID + "classes"), _integer(len(classes))),
        ox.Triple(dataset, _n(VOID + "properties"), _integer(len(properties))),
        ox.Triple(dataset, _n(VOID + "vocabulary"), _n(PK.rstrip("#"))),
        ox.Triple(dataset, _n(PK + "extractorVersion"), ox.Literal(__version__)),
    ]
    if endpoint:
        out.append(ox.Triple(dataset, _n(VOID + "sparqlEndpoint"), _n(endpoint)))
    if dump:
        out.append(ox.Triple(dataset, _n(VOID + "dataDump"), _n(dump)))
    for k, (cls, count) in enumerate(sorted(classes.items())):
        part = _n(f"{dataset_iri}/class/{k + 1}")
        out += [
            ox.Triple(dataset, _n(VOID + "classPartition"), part),
            ox.Triple(part, _n(VOID + "class"), _n(cls)),
            ox.Triple(part, _n(VOID + "entities"), _integer(count)),
        ]
    for k, (prop, count) in enumerate(sorted(properties.items())):
        part = _n(f"{dataset_iri}/property/{k + 1}")
        out += [
            ox.Triple(dataset, _n(VOID + "propertyPartition"), part),
            ox.Triple(part, _n(VOID + "property"), _n(prop)),
            ox.Triple(part, _n(VOID + "triples"), _integer(count)),
        ]
    facts = _source_facts(store, graphs)
    for source in sorted({t.subject for t in facts}, key=str):
        out.append(ox.Triple(dataset, _n(DCTERMS + "source"), source))
    out += facts
    for graph in graphs:
        out.append(ox.Triple(_n(graph.value), _n(VOID + "inDataset"), dataset))
    return out


def description_turtle(
    store: ox.Store,
    graphs: list[ox.NamedNode],
    endpoint: str | None = None,
    provenance: bool = True,
    dataset_iri: str = DATASET,
    dump: str | None = None,
    as_quads: bool = False,
) -> str:
    return readable_turtle(
        sorted(description(store, graphs, endpoint, provenance, dataset_iri, dump, as_quads), key=str)
    )
