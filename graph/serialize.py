"""Exports other linked-data systems accept: what goes out, and how it reads.

- **What**: the asserted data (the graphs of the sources and of loaded RDF files) by default;
  the inferences and the similar-task pairs (``with_inferred``) and the ontology with its
  vocabularies (``with_ontology``) only when asked, so that the TBox and inferences are never
  mixed into the data silently. Provenance (source files, extraction runs, the lines each node
  was read from) is part of each source's graph: datasets keep it by default; triple formats
  leave it out by default, as the lines of different sources would pile up on one node of the
  union (``provenance`` decides).
- **Datasets** (TriG, N-Quads, JSON-LD) keep the named graphs; triple formats (Turtle,
  N-Triples, RDF/XML) get the union of the chosen graphs, as a set.
- **Turtle** is written for people: subjects in IRI order, ``a`` first, predicates in order,
  prefixed names where the IRI's rest is a valid local name and the full IRI otherwise (no
  ``pkid:doc\\/tu-quang-ninh\\/…`` escapes).
- **JSON-LD** is compact, with the ``@context`` shipped in the package (``ontology/context.jsonld``,
  made by ``context()`` from the ontology and the vocabularies the data uses): ``"title"``,
  ``"cites"``, ``"prefLabel"``; each named graph a ``{"@id", "@graph"}`` object.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.formats import DATASET_NAMES, TRIPLE_NAMES, by_name
from plankg.graph.namespaces import (
    DCTERMS,
    INFERENCE_GRAPH,
    ONTOLOGY_GRAPH,
    OVERLAP_GRAPH,
    OWL,
    PK,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
)
from plankg.ontology import ontology_text

# Terms of other vocabularies the data and the ontology use, beside those the ontology declares.
_VOCABULARY = [
    RDFS + "label",
    RDFS + "comment",
    RDFS + "subClassOf",
    RDFS + "subPropertyOf",
    RDFS + "domain",
    RDFS + "range",
    SKOS + "prefLabel",
    SKOS + "altLabel",
    SKOS + "inScheme",
    SKOS + "notation",
    SKOS + "broadMatch",
    SKOS + "scopeNote",
    PROV + "used",
    PROV + "wasDerivedFrom",
    PROV + "wasGeneratedBy",
    SCHEMA + "description",
    DCTERMS + "replaces",
    DCTERMS + "isReplacedBy",
    OWL + "imports",
    OWL + "inverseOf",
    OWL + "versionInfo",
    OWL + "versionIRI",
]
_LINKS = {
    RDFS + "subClassOf",
    RDFS + "subPropertyOf",
    RDFS + "domain",
    RDFS + "range",
    SKOS + "inScheme",
    SKOS + "broadMatch",
    PROV + "used",
    PROV + "wasDerivedFrom",
    PROV + "wasGeneratedBy",
    DCTERMS + "replaces",
    DCTERMS + "isReplacedBy",
    OWL + "imports",
    OWL + "inverseOf",
    OWL + "versionIRI",
}
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


_PROVENANCE_PROPERTIES = {
    PK + "firstLine",
    PK + "lastLine",
    PK + "fileName",
    PK + "sha256",
    PK + "sourceKey",
    PK + "extractorVersion",
    PROV + "used",
    PROV + "wasDerivedFrom",
    PROV + "wasGeneratedBy",
}
_PROVENANCE_CLASSES = {PK + "SourceText", PK + "ExtractionRun"}


# A graph's name as a store holds it (a loaded TriG file may name a graph by a blank node), and a
# term a statement may hold (RDF-star: a quoted triple).
GraphName = ox.NamedNode | ox.BlankNode
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def is_provenance(quad: ox.Quad | ox.Triple) -> bool:
    return quad.predicate.value in _PROVENANCE_PROPERTIES or (
        quad.predicate.value == RDF + "type"
        and not isinstance(quad.object, ox.Triple)
        and quad.object.value in _PROVENANCE_CLASSES
    )


def provenance_expression(predicate: str = "?p", obj: str = "?o") -> str:
    """``is_provenance`` as a SPARQL expression over two variables (counting in the store)."""
    properties = ", ".join(f"<{p}>" for p in sorted(_PROVENANCE_PROPERTIES))
    classes = ", ".join(f"<{c}>" for c in sorted(_PROVENANCE_CLASSES))
    return f"({predicate} IN ({properties}) || ({predicate} = <{RDF}type> && {obj} IN ({classes})))"


def default_provenance(fmt: str) -> bool:
    """Whether an export in ``fmt`` keeps the provenance unless told (module doc)."""
    return fmt in DATASET_NAMES


def selected_quads(store: ox.Store, graphs: Sequence[GraphName], provenance: bool = True) -> list[ox.Quad]:
    """The quads of ``graphs``, without the provenance unless ``provenance``."""
    quads = (q for g in graphs for q in store.quads_for_pattern(None, None, None, g))
    return [q for q in quads if provenance or not is_provenance(q)]


def chosen_graphs(store: ox.Store, with_inferred: bool = False, with_ontology: bool = False) -> list[GraphName]:
    """The named graphs an export holds (see module doc), in IRI order."""
    drawn = {INFERENCE_GRAPH: with_inferred, OVERLAP_GRAPH: with_inferred, ONTOLOGY_GRAPH: with_ontology}
    return sorted((g for g in store.named_graphs() if drawn.get(g.value, True)), key=lambda g: g.value)


def union(store: ox.Store, graphs: Sequence[GraphName], provenance: bool = True) -> list[ox.Triple]:
    """The triples of the graphs, each once, in a stable order."""
    seen = {ox.Triple(q.subject, q.predicate, q.object) for q in selected_quads(store, graphs, provenance)}
    return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def write(store: ox.Store, fmt: str, graphs: Sequence[GraphName], provenance: bool | None = None) -> bytes:
    """The export of ``graphs`` in format ``fmt`` (the names of ``plankg export --format``);
    ``provenance`` None: the format's default."""
    if provenance is None:
        provenance = default_provenance(fmt)
    if fmt == "turtle":
        return readable_turtle(union(store, graphs, provenance)).encode("utf-8")
    if fmt == "jsonld":
        document = compact_jsonld(store, graphs, provenance)
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    if fmt in TRIPLE_NAMES:
        body = ox.serialize(
            union(store, graphs, provenance),
            format=by_name(fmt).rdf_format,
            prefixes=PREFIXES if fmt == "rdfxml" else None,
        )
    else:
        quads = sorted(selected_quads(store, graphs, provenance), key=str)
        if fmt != "nquads":
            return _trig(quads)
        body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert body is not None  # no output given: the bytes are returned
    return body


def _trig(quads: list[ox.Quad]) -> bytes:
    lines = [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items()]
    by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in quads:
        by_graph[str(q.graph_name)].append(ox.Triple(q.subject, q.predicate, q.object))
    for graph in sorted(by_graph):
        lines += ["", f"{graph} {{", _turtle_body(by_graph[graph], indent="  ").rstrip(), "}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


# -- Turtle ------------------------------------------------------------------------------------


def compact_iri(iri: str) -> str | None:
    """``prefix:local`` when the IRI's rest after a known prefix is a valid local name."""
    best = None
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and _LOCAL_NAME.fullmatch(iri[len(base) :]):
            if best is None or len(base) > len(PREFIXES[best.split(":")[0]]):
                best = f"{prefix}:{iri[len(base) :]}"
    return best


_BARE = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def _term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return "a" if term.value == RDF + "type" else (compact_iri(term.value) or str(term))
    if (
        isinstance(term, ox.Literal)
        and term.datatype.value in _BARE
        and _BARE[term.datatype.value].fullmatch(term.value)
    ):
        return term.value  # Turtle's own forms of numbers and booleans
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value != XSD + "string":
        datatype = compact_iri(term.datatype.value) or str(term.datatype)
        return str(ox.Literal(term.value)) + "^^" + datatype
    return str(term)


def _object(term: Term) -> str:
    return compact_iri(term.value) or str(term) if isinstance(term, ox.NamedNode) else _term(term)


def _turtle_body(triples: list[ox.Triple], indent: str = "") -> str:
    by_subject: dict[Subject, dict[ox.NamedNode, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        by_subject[t.subject][t.predicate].append(t.object)
    blocks = []
    for subject in sorted(by_subject, key=str):
        predicates = sorted(by_subject[subject], key=lambda p: (p.value != RDF + "type", _term(p)))
        parts = [f"{_term(p)} {' , '.join(sorted(_object(o) for o in by_subject[subject][p]))}" for p in predicates]
        subject_text = _object(subject)
        blocks.append(f"{indent}{subject_text} " + f" ;\n{indent}    ".join(parts) + " .")
    return "\n\n".join(blocks) + "\n"


def readable_turtle(triples: list[ox.Triple]) -> str:
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    return header + "\n" + _turtle_body(triples)


# -- JSON-LD -----------------------------------------------------------------------------------


def context() -> dict[str, Any]:
    """The JSON-LD context: the prefixes, and a term for each property of the ontology and of the
    vocabularies used (its local name), typed "@id" when its values are IRIs."""
    ontology = list(ox.parse(ontology_text(), format=ox.RdfFormat.TURTLE))
    kinds = {
        t.subject.value: t.object.value
        for t in ontology
        if t.predicate.value == RDF + "type"
        and t.object.value in (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "TransitiveProperty")
    }
    ranges = {t.subject.value: t.object.value for t in ontology if t.predicate.value == RDFS + "range"}
    out: dict[str, Any] = dict(PREFIXES)
    taken: set[str] = set(PREFIXES)
    for iri in sorted(set(kinds) | set(_VOCABULARY)):
        term = re.split(r"[#/]", iri)[-1]
        if term in taken or not _LOCAL_NAME.fullmatch(term):
            continue
        taken.add(term)
        compact = compact_iri(iri) or iri
        if kinds.get(iri) in (OWL + "ObjectProperty", OWL + "TransitiveProperty") or iri in _LINKS:
            out[term] = {"@id": compact, "@type": "@id"}
        elif ranges.get(iri, "").startswith(XSD) and ranges[iri] != XSD + "string":
            out[term] = {"@id": compact, "@type": compact_iri(ranges[iri])}
        else:
            out[term] = compact
    return out


def write_context_file(path: str | os.PathLike[str]) -> None:
    """Write ``context()`` as the shipped file (run when the ontology's properties change; a test
    checks that the shipped file is up to date)."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"@context": context()}, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def shipped_context() -> dict[str, Any]:
    ctx = json.loads(resources.files("plankg.ontology").joinpath("context.jsonld").read_text("utf-8"))["@context"]
    assert isinstance(ctx, dict)  # the shipped file, written by write_context_file
    return ctx


def compact_jsonld(store: ox.Store, graphs: Sequence[GraphName], provenance: bool = True) -> dict[str, Any]:
    """The graphs as compact JSON-LD with the shipped context (module doc)."""
    ctx = shipped_context()
    out = [
        {"@id": graph.value, "@graph": _compact_nodes(selected_quads(store, [graph], provenance), ctx)}
        for graph in graphs
    ]
    return {"@context": ctx, "@graph": out}  # the context inline: no processor has to fetch it


def compact_triples(triples: Iterable[ox.Triple | ox.Quad]) -> dict[str, Any]:
    """Triples (one graph: a dereferenced IRI, a CONSTRUCT) as compact JSON-LD with the context."""
    ctx = shipped_context()
    return {"@context": ctx, "@graph": _compact_nodes(triples, ctx)}


def _compact_nodes(statements: Iterable[ox.Triple | ox.Quad], ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """One JSON-LD node object per subject, the context's terms for its properties."""
    terms: dict[str, tuple[str, str | None]] = {}
    for term, value in ctx.items():
        target = value["@id"] if isinstance(value, dict) else value
        terms[_expand(target)] = (term, value.get("@type") if isinstance(value, dict) else None)
    nodes: dict[Subject, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for q in statements:
        nodes[q.subject][q.predicate.value].append(q.object)
    items = []
    for subject in sorted(nodes, key=str):
        item: dict[str, Any] = {"@id": _node_id(subject)}
        for predicate in sorted(nodes[subject]):
            values = sorted(nodes[subject][predicate], key=str)
            if predicate == RDF + "type":
                item["@type"] = [_compact_or_full(_node_id(v)) for v in values]
                continue
            term, coercion = terms.get(predicate, (_compact_or_full(predicate), None))
            item[term] = [_value(v, coercion) for v in values]
        items.append(item)
    return items


def _node_id(term: Term) -> str:
    if isinstance(term, ox.Triple):
        raise PlankgError(f"JSON-LD has no form for the quoted triple {term} (RDF-star): export it as TriG or N-Quads")
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _compact_or_full(iri: str) -> str:
    return compact_iri(iri) or iri


def _value(term: Term, coercion: str | None) -> str | dict[str, str]:
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Triple)):
        return _node_id(term) if coercion == "@id" else {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD + "string" and coercion is None:
        return term.value
    if coercion and coercion != "@id" and _expand(coercion) == datatype:
        return term.value
    return {"@value": term.value, "@type": _compact_or_full(datatype)}


def _expand(compact: str) -> str:
    prefix, _, local = compact.partition(":")
    return PREFIXES.get(prefix, prefix + ":") + local
