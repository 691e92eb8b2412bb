"""OWL 2 RL materialisation into its own named graph, without the noise of a naive closure.

Two engines: ``reasonable`` (Rust, the default: about 0.1 s on the bundled corpus) and ``owlrl``
(pure Python, the design card's reference: about 5 s there, 215 s at 100k triples). A test checks
that both infer the same triples the queries rely on. ``reasonable`` reads only the triples a
rule can use (a third of them; a test checks that it infers what it infers from all of them).
What is stored is only what says something about the data: no reflexive owl:sameAs, no
rdfs:Resource / owl:Thing typing, no axiomatic triples about the vocabularies, no literal
subjects, nothing already asserted.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import BinaryIO

import pyoxigraph as ox
import rdflib
import reasonable  # no type information: its closure's triples are taken as rdflib's
from rdflib.term import Node

from plankg.errors import PlankgError, UsageError
from plankg.graph.namespaces import (
    DCTERMS,
    ELI,
    INFERENCE_GRAPH,
    ORG,
    OWL,
    PK,
    PKV,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    sparql_prologue,
)
from plankg.graph.store import stated_quads
from plankg.graph.validate import union_graph

ENGINES = ("reasonable", "owlrl")
_VOCABULARIES = (
    RDF,
    RDFS,
    OWL,
    XSD,
    PK,
    PKV,
    ELI,
    ORG,
    SCHEMA,
    SKOS,
    PROV,
    DCTERMS,
    "http://www.w3.org/ns/shacl#",
    "https://w3id.org/plankg/ontology",
)
_NOISE_OBJECTS = {RDFS + "Resource", OWL + "Thing", OWL + "NamedIndividual"}
_NOISE_PREDICATES = {OWL + "sameAs", OWL + "differentFrom", OWL + "topObjectProperty", OWL + "topDataProperty"}
# A triple as the engines give it: rdflib terms.
RdfTriple = tuple[Node, Node, Node]


@dataclass
class ReasoningResult:
    engine: str
    inferred: int


def is_useful(s: Node, p: Node, o: Node) -> bool:
    """Keep triples about the data, drop the closure's noise (see module doc)."""
    if not isinstance(s, rdflib.URIRef) or str(s).startswith(_VOCABULARIES):
        return False
    if str(p) in _NOISE_PREDICATES or str(o) in _NOISE_OBJECTS:
        return False
    return not (str(p) == RDF + "type" and str(o).startswith((OWL, RDFS)))


def infer(store: ox.Store, engine: str = "reasonable", whole_input: bool = False) -> set[RdfTriple]:
    """The useful triples (rdflib terms) the engine infers from everything asserted in ``store``.

    ``reasonable`` reads only the triples a rule can use (``reasoning_predicates``) unless
    ``whole_input``; owlrl, the reference, always reads everything.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown reasoner {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "owlrl":
        import owlrl

        expanded = union_graph(store, exclude=(INFERENCE_GRAPH,))

        def closure() -> rdflib.Graph:
            owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
                expanded
            )
            return expanded

        return _inferred_only(_reason_within_limits(closure), store)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "asserted.ttl")  # N-Triples is Turtle; the reasoner goes by the name
        _write_reasoning_input(store, path, None if whole_input else reasoning_predicates(store))
        found = _reason_within_limits(lambda: _reasonable_closure(path))
    return _inferred_only(found, store)


# How long and how much memory the reasoner may take: an axiom such as
# ``rdf:type a owl:InverseFunctionalProperty`` makes the closure explode.
REASONER_SECONDS = float(os.environ.get("PLANKG_REASONER_SECONDS", "900"))
REASONER_MEMORY = int(os.environ.get("PLANKG_REASONER_MEMORY", "0")) or (
    os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
)
_FORK = multiprocessing.get_context("fork")


def _reasonable_closure(path: str) -> list[RdfTriple]:
    """The closure less what the reasoner read (most of it, looked up in memory), in the
    reasoner's process: only the new triples come back, however large the input."""
    reasoner = reasonable.PyReasoner()
    reasoner.load_file(path)
    closure = reasoner.reason()
    given = ox.Store()
    given.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    return [t for t in closure if is_useful(*t) and to_quad(t) not in given]


def _reason_within_limits(closure: Callable[[], Iterable[RdfTriple]]) -> list[RdfTriple]:
    """The useful triples of ``closure()`` (an engine's run), computed in a forked child process
    with its address space limited to ``REASONER_MEMORY`` bytes and killed after
    ``REASONER_SECONDS``: a failure is one line (PlankgError), not a Rust abort and backtrace."""
    receive, send = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_reason_child, args=(send, closure), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(REASONER_SECONDS):
            raise PlankgError(
                f"reasoning ran past {REASONER_SECONDS:g} s and was stopped; nothing was stored "
                "(an axiom in the inputs may make the closure explode; --no-reason builds without)"
            )
        try:
            outcome, value = receive.recv()
        except EOFError:  # the process died: an allocation refused in Rust aborts it
            outcome, value = "memory", None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "memory":
        raise PlankgError(
            f"the reasoner ran out of memory (limit {REASONER_MEMORY / 2**30:.1f} GB) and stopped; "
            "nothing was stored (an axiom in the inputs may make the closure explode; "
            "--no-reason builds without)"
        )
    if outcome == "error":
        raise PlankgError(f"the reasoner failed: {value}; nothing was stored")
    assert outcome == "ok" and isinstance(value, list)  # the child's only other answer
    return value


def _reason_child(send: Connection, closure: Callable[[], Iterable[RdfTriple]]) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # an allocation failure aborts with a long Rust backtrace: not for the user
    faulthandler.disable()
    resource.setrlimit(resource.RLIMIT_AS, (REASONER_MEMORY, REASONER_MEMORY))
    answer: tuple[str, list[RdfTriple] | str | None]
    try:
        answer = ("ok", [t for t in closure() if is_useful(*t)])
    except MemoryError:
        answer = ("memory", None)
    except (OSError, RuntimeError, ValueError) as err:
        answer = ("error", " ".join(str(err).split()))
    send.send(answer)
    send.close()


def _inferred_only(closure: Iterable[RdfTriple], store: ox.Store) -> set[RdfTriple]:
    """The useful triples of a closure that no graph of ``store`` states (not the union copy, not
    the inferences of an earlier run)."""
    new: set[RdfTriple] = set()
    inferences = ox.NamedNode(INFERENCE_GRAPH)
    for triple in closure:
        if not is_useful(*triple):
            continue
        quad = to_quad(triple)
        stated = stated_quads(store, quad.subject, quad.predicate, quad.object)
        if not any(q.graph_name != inferences for q in stated):
            new.add(triple)
    return new


# Axioms that let OWL 2 RL equate two individuals (owl:sameAs), after which any triple of one
# holds of the other: with any of them in the store, the reasoner reads everything.
_EQUALITY_PREDICATES = {
    OWL + "sameAs",
    OWL + "hasKey",
    OWL + "maxCardinality",
    OWL + "maxQualifiedCardinality",
    OWL + "cardinality",
    OWL + "qualifiedCardinality",
}
_EQUALITY_CLASSES = {OWL + "FunctionalProperty", OWL + "InverseFunctionalProperty"}
# Axioms about a property that no rule applies to a triple with a literal object, or whose
# only outcome is noise (rdfs:range types the literal; annotations and declarations derive nothing).
_LITERAL_INERT = {
    RDFS + "range",
    RDFS + "label",
    RDFS + "comment",
    RDFS + "seeAlso",
    RDFS + "isDefinedBy",
    RDF + "type",
}
# Axioms that name a property as their object (a restriction, an equivalence, a chain's member).
_NAMING_OBJECTS = {OWL + "onProperty", OWL + "equivalentProperty", OWL + "inverseOf", RDF + "first"}
_SCHEMA = (
    sparql_prologue()
    + f"""
SELECT ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{INFERENCE_GRAPH}>)
  FILTER(STRSTARTS(STR(?p), STR(rdfs:)) || STRSTARTS(STR(?p), STR(owl:)) || ?p IN (rdf:first, rdf:rest)
         || (?p = rdf:type && (STRSTARTS(STR(?o), STR(rdfs:)) || STRSTARTS(STR(?o), STR(owl:)))))
}}"""
)


@dataclass
class ReasoningInput:
    """Which data triples can take part in a rule: by predicate, with or without literal objects."""

    whole: set[str]  # every triple of these predicates goes in
    resources_only: set[str]  # those whose object is an IRI or a blank node


def reasoning_predicates(store: ox.Store) -> ReasoningInput | None:
    """The predicates an OWL 2 RL rule can use, read off the schema in the store (None: all).

    A rule fires on a data triple only through an axiom that names its predicate (a domain, a
    range, a super-property, an inverse, a characteristic, a restriction) or through rdf:type.
    Descriptions, labels and line numbers, which no axiom names, are two thirds of a plan's
    triples: leaving them out makes reasoning at a million triples three times lighter.
    """
    named_for_resources: set[str] = set()
    named_for_literals: set[str] = set()
    rows = store.query(_SCHEMA)
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    for row in rows:
        s, p, o = row["s"], row["p"].value, row["o"]
        if p in _EQUALITY_PREDICATES or (p == RDF + "type" and o.value in _EQUALITY_CLASSES):
            return None
        for term in (s, o):
            if isinstance(term, ox.NamedNode):
                named_for_resources.add(term.value)
        if p not in _LITERAL_INERT and isinstance(s, ox.NamedNode):
            named_for_literals.add(s.value)
        if p in _NAMING_OBJECTS and isinstance(o, ox.NamedNode):
            named_for_literals.add(o.value)
    return ReasoningInput(named_for_literals, named_for_resources - named_for_literals)


_PREDICATES = f"SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERENCE_GRAPH}>) }}"
_TRIPLES = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERENCE_GRAPH}>) }}"
_RESOURCE_TRIPLES = (
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERENCE_GRAPH}> && !isLiteral(?o)) }}"
)


def _write_reasoning_input(store: ox.Store, path: str, selection: ReasoningInput | None) -> None:
    """The asserted triples the reasoner reads, as N-Triples, written by Oxigraph (no Python
    object per triple); the schema's own vocabularies always go in whole."""
    with open(path, "wb") as out:
        if selection is None:
            _write_triples(store, _TRIPLES, out)
            return
        rows = store.query(_PREDICATES)
        assert isinstance(rows, ox.QuerySolutions)  # a SELECT
        for row in rows:
            predicate = row["p"]
            if predicate.value.startswith((RDF, RDFS, OWL)) or predicate.value in selection.whole:
                text = _TRIPLES
            elif predicate.value in selection.resources_only:
                text = _RESOURCE_TRIPLES
            else:
                continue
            _write_triples(store, text, out, predicate)


def _write_triples(store: ox.Store, construct: str, out: BinaryIO, predicate: ox.NamedNode | None = None) -> None:
    """The triples of a CONSTRUCT (for ``?p`` = ``predicate`` when given) to ``out`` as N-Triples."""
    triples = store.query(construct, substitutions=None if predicate is None else {ox.Variable("p"): predicate})
    assert isinstance(triples, ox.QueryTriples)  # a CONSTRUCT
    triples.serialize(out, ox.RdfFormat.N_TRIPLES)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the Oxigraph term of the same value."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if not isinstance(term, rdflib.Literal):
        raise TypeError(f"not an RDF term: {term!r}")
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def to_quad(triple: RdfTriple, graph: ox.NamedNode | None = None) -> ox.Quad:
    """An rdflib triple as the Oxigraph statement of the same terms (in ``graph`` when given)."""
    s, p, o = (to_oxigraph(term) for term in triple)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise TypeError(f"not a statement: {triple}")
    return ox.Quad(s, p, o, graph)


def materialise(working: ox.Store, engine: str = "reasonable") -> ReasoningResult:
    """Replace the inference graph of ``working`` with what the engine infers now."""
    triples = infer(working, engine)
    graph = ox.NamedNode(INFERENCE_GRAPH)
    working.remove_graph(graph)
    working.extend(to_quad(t, graph) for t in triples)
    return ReasoningResult(engine, len(triples))
