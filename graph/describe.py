"""A VoID and DCAT description of a build: what the graph holds, where it came from, under
what licence, and where to query it, for catalogues and for integrators deciding to take it.

Written next to each export (``…/plankg.void.ttl``) and by ``plankg describe``. Each export is
a dataset of its own (``…/dataset/export/turtle``, ``…/dataset/export/trig-inferred``: what it
holds differs), with its file as ``void:dataDump`` and the count of the statements that file
holds (a dataset's quads, a triple format's union); ``plankg describe`` describes the store as
the endpoint serves it (``…/dataset``: every graph, the union as a set).
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from plankg import __version__
from plankg.graph.namespaces import BASE, DCAT, DCTERMS, PK, RDF, VOID, XSD
from plankg.graph.serialize import is_provenance, readable_turtle, selected_quads

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DATASET = BASE + "dataset"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


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
    quads = selected_quads(store, graphs)
    everything = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    statements = [ox.Triple(q.subject, q.predicate, q.object) for q in quads] if as_quads else everything
    triples = [t for t in statements if provenance or not is_provenance(t)]
    classes = Counter(t.object.value for t in set(triples) if t.predicate.value == RDF + "type")
    properties = Counter(t.predicate.value for t in triples)
    subjects = {t.subject for t in triples}
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
        ox.Triple(dataset, _n(VOID + "triples"), _integer(len(triples))),
        ox.Triple(dataset, _n(VOID + "entities"), _integer(len(subjects))),
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
    sources = {t.subject for t in everything if t.object.value == PK + "SourceText"}
    facts: dict = {source: [] for source in sources}  # one pass over the graph, not one per source
    for t in everything:
        if t.subject in facts and t.predicate.value in (PK + "sha256", PK + "fileName", RDF + "type"):
            facts[t.subject].append(t)
    for source in sorted(sources, key=str):
        out.append(ox.Triple(dataset, _n(DCTERMS + "source"), source))
        out += facts[source]
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
