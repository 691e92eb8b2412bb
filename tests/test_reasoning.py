"""Reasoning: the fast engine infers what the reference engine infers, where queries look."""

import pyoxigraph as ox
import pytest
import rdflib

from plankg.graph.namespaces import DCTERMS, ELI, INFERENCE_GRAPH, ORG, PK, RDF, SCHEMA, SKOS
from plankg.graph.reason import infer, is_useful, materialise

QUERIED_PREDICATES = {
    PK + "dependsOn",
    ELI + "cited_by",
    ELI + "implementation_ensured_by",
    PK + "replacedBy",
    PK + "leads",
    SCHEMA + "agent",
    SCHEMA + "participant",
    ELI + "repeals",
    DCTERMS + "replaces",
}
QUERIED_CLASSES = {
    ELI + "LegalResource",
    ORG + "Organization",
    SCHEMA + "Action",
    SKOS + "Concept",
    ELI + "LegalResourceSubdivision",
}


def relevant(triples):
    return {
        (str(s), str(p), str(o))
        for s, p, o in triples
        if str(p) in QUERIED_PREDICATES or (str(p) == RDF + "type" and str(o) in QUERIED_CLASSES)
    }


@pytest.fixture(scope="module")
def inferred(built_memory_store):
    store = built_memory_store.reader()
    return {engine: infer(store, engine) for engine in ("reasonable", "owlrl")}


def test_engines_agree_on_what_queries_use(inferred):
    fast, reference = relevant(inferred["reasonable"]), relevant(inferred["owlrl"])
    assert fast == reference
    assert len(fast) > 100


def test_inferences_the_ontology_promises(inferred):
    found = relevant(inferred["reasonable"])
    doc57 = "https://w3id.org/plankg/id/doc/tw/nq/2024/57"
    plan538 = "https://w3id.org/plankg/id/doc/tu-quang-ninh/kh/2025/538"
    assert (plan538, PK + "dependsOn", doc57) in found
    assert (doc57, ELI + "implementation_ensured_by", plan538) in found
    assert any(p == SCHEMA + "agent" for _, p, _ in found)
    assert any(p == RDF + "type" and o == SCHEMA + "Action" for _, p, o in found)


def test_no_noise_is_kept(inferred):
    for s, p, o in inferred["owlrl"] | inferred["reasonable"]:
        assert isinstance(s, rdflib.URIRef)
        assert str(p) != "http://www.w3.org/2002/07/owl#sameAs"
        assert str(o) != "http://www.w3.org/2000/01/rdf-schema#Resource"
        assert str(s).startswith("https://w3id.org/plankg/id/")


def test_transitive_dependency_through_a_chain():
    ontology = ox.Store()
    from plankg.pipeline import ontology_quads  # the ontology graph as build loads it

    ontology.extend(ontology_quads())
    g = ox.NamedNode("https://example.org/g")
    a, b, c = (ox.NamedNode(f"https://w3id.org/plankg/id/doc/x/{n}") for n in "abc")
    ontology.add(ox.Quad(a, ox.NamedNode(ELI + "ensures_implementation_of"), b, g))
    ontology.add(ox.Quad(b, ox.NamedNode(ELI + "cites"), c, g))
    result = materialise(ontology)
    assert result.inferred > 0
    inferred = {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in ontology.quads_for_pattern(None, None, None, ox.NamedNode(INFERENCE_GRAPH))
    }
    assert (a.value, PK + "dependsOn", c.value) in inferred


def test_useful_filter():
    u = rdflib.URIRef
    assert not is_useful(
        u("http://www.w3.org/2002/07/owl#Thing"), u(RDF + "type"), u("http://www.w3.org/2002/07/owl#Class")
    )
    assert not is_useful(rdflib.Literal("x"), u(RDF + "type"), u(PK + "Task"))
    assert is_useful(u("https://w3id.org/plankg/id/doc/a"), u(PK + "dependsOn"), u("https://w3id.org/plankg/id/doc/b"))


def _synthetic(triples: int) -> ox.Store:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    from synthetic import generate

    store = ox.Store()
    store.extend(generate(triples))
    return store


@pytest.mark.parametrize("source", ["bundled", "synthetic"])
def test_reading_only_what_rules_use_infers_the_same(source, built_memory_store):
    """The reasoner reads the triples whose predicate an axiom names (a third of them at scale);
    everything it infers from the whole input must still come out, noise filtered alike."""
    store = built_memory_store.reader() if source == "bundled" else _synthetic(20000)
    selected = infer(store, "reasonable")
    assert selected == infer(store, "reasonable", whole_input=True)
    assert len(selected) > 500


def test_equality_axioms_make_the_reasoner_read_everything():
    """Once two individuals are equated (here through a functional property), a triple that no
    axiom names, of one of them, holds of the other: it must not have been left out."""
    from plankg.graph.reason import reasoning_predicates

    e = "https://w3id.org/plankg/id/x/"
    has_head, note = ox.NamedNode(e + "hasHead"), ox.NamedNode(e + "note")
    a, b, c = (ox.NamedNode(e + n) for n in "abc")
    store = ox.Store()
    g = ox.NamedNode("https://example.org/g")
    store.add(
        ox.Quad(
            has_head, ox.NamedNode(RDF + "type"), ox.NamedNode("http://www.w3.org/2002/07/owl#FunctionalProperty"), g
        )
    )
    for quad in [(a, has_head, b), (a, has_head, c), (b, note, ox.Literal("trưởng ban"))]:
        store.add(ox.Quad(*quad, g))
    assert reasoning_predicates(store) is None
    found = {(str(s), str(p), str(o)) for s, p, o in infer(store, "reasonable")}
    assert (c.value, note.value, "trưởng ban") in found
