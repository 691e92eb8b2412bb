"""plankg's graph read with the ELI ontology (version 1.5): no use of an ELI term puts a node
outside the domain or range ELI declares for it.

ELI itself is not shipped (nor fetched: the tests run offline); the table below restates, for
each ELI term plankg uses, the domain and range ELI 1.5 declares (a union where ELI declares
one; None where ELI declares none or owl:Thing), and ELI's class hierarchy. A term plankg starts
to use that is not in the table fails the test until it is looked up and added.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

ELI = "http://data.europa.eu/eli/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
ONTOLOGY = Path(__file__).parent.parent / "ontology" / "plankg.ttl"

# term: (domain classes, range classes or datatypes); prefixes "eli:" and "xsd:".
ELI_DECLARES: dict[str, tuple[set[str] | None, set[str] | None]] = {
    "cites": ({"eli:LegalResource", "eli:LegalExpression"}, None),
    "cited_by": (None, {"eli:LegalResource", "eli:LegalExpression"}),
    "based_on": ({"eli:Work"}, {"eli:Work", "eli:Expression"}),
    "basis_for": ({"eli:Work", "eli:Expression"}, {"eli:Work"}),
    "ensures_implementation_of": ({"eli:LegalResource", "eli:LegalExpression"}, {"eli:LegalResource"}),
    "implementation_ensured_by": ({"eli:LegalResource"}, {"eli:LegalResource", "eli:LegalExpression"}),
    "applies": ({"eli:LegalResource", "eli:LegalExpression"}, {"eli:LegalResource"}),
    "applied_by": ({"eli:LegalResource"}, {"eli:LegalResource", "eli:LegalExpression"}),
    "refers_to": ({"eli:Work", "eli:Expression"}, None),
    "is_referred_to_by": (None, {"eli:Work", "eli:Expression"}),
    "repeals": ({"eli:LegalResource", "eli:LegalExpression"}, {"eli:LegalResource", "eli:LegalExpression"}),
    "repealed_by": ({"eli:LegalResource", "eli:LegalExpression"}, {"eli:LegalResource", "eli:LegalExpression"}),
    "changes": ({"eli:Work", "eli:Expression"}, {"eli:Work", "eli:Expression"}),
    "changed_by": ({"eli:Work", "eli:Expression"}, {"eli:Work", "eli:Expression"}),
    "has_part": ({"eli:Work"}, {"eli:Work"}),
    "is_part_of": ({"eli:Work"}, {"eli:Work"}),
    "passed_by": ({"eli:LegalResource"}, {"eli:Agent"}),
    "type_document": ({"eli:LegalResource"}, {"eli:ResourceType"}),
    "work_type": ({"eli:Work"}, {"eli:WorkType"}),
    "id_local": ({"eli:LegalResource", "eli:LegalExpression", "eli:Format"}, {"xsd:string", "xsd:anyURI"}),
    "date_document": ({"eli:Work"}, {"xsd:date"}),
}
ELI_FUNCTIONAL = {"date_document"}
ELI_SUPERCLASSES = {
    "eli:LegalResource": {"eli:Work"},
    "eli:LegalResourceSubdivision": {"eli:LegalResource", "eli:WorkSubdivision"},
    "eli:WorkSubdivision": {"eli:Work"},
    "eli:LegalExpression": {"eli:Expression"},
    "eli:Organization": {"eli:Agent"},
    "eli:Person": {"eli:Agent"},
    "eli:ResourceType": {"skos:Concept"},
    "eli:ComplexWork": {"eli:Work"},
}
ELI_CLASSES = set(ELI_SUPERCLASSES) | {
    "eli:Work",
    "eli:Expression",
    "eli:Agent",
    "eli:Format",
    "eli:WorkType",
    "eli:Manifestation",
    "eli:AdministrativeArea",
}


def expand(name: str) -> str:
    prefix, local = name.split(":", 1)
    return {"eli": ELI, "xsd": XSD, "skos": "http://www.w3.org/2004/02/skos/core#"}[prefix] + local


def superclasses() -> dict[str, set[str]]:
    """Every class's superclasses (reflexive, transitive): plankg's ontology plus ELI's hierarchy."""
    graph = rdflib.Graph().parse(ONTOLOGY)
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(rdflib.RDFS.subClassOf):
        if isinstance(sub, rdflib.URIRef) and isinstance(sup, rdflib.URIRef):
            direct[str(sub)].add(str(sup))
    for sub, sups in ELI_SUPERCLASSES.items():
        direct[expand(sub)] |= {expand(s) for s in sups}
    closed: dict[str, set[str]] = {}

    def up(cls: str) -> set[str]:
        if cls not in closed:
            closed[cls] = {cls}
            for sup in direct.get(cls, ()):
                closed[cls] |= up(sup)
        return closed[cls]

    for cls in list(direct):
        up(cls)
    return defaultdict(set, closed)


@pytest.fixture(scope="module")
def dataset(built_memory_store) -> ox.Store:
    return built_memory_store.reader()


def types_of(dataset: ox.Store, above: dict[str, set[str]]) -> dict[str, set[str]]:
    types: dict[str, set[str]] = defaultdict(set)
    for quad in dataset.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, ox.DefaultGraph()):
        types[str(quad.subject)] |= above.get(quad.object.value, {quad.object.value})
    return types


def test_every_eli_term_the_graph_uses_is_one_eli_declares(dataset):
    used = {
        q.predicate.value[len(ELI) :]
        for q in dataset.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if q.predicate.value.startswith(ELI)
    }
    assert used, "the bundled graph uses no ELI term"
    unknown = used - set(ELI_DECLARES)
    assert not unknown, f"look up in ELI 1.5 and add to the table: {sorted(unknown)}"


def test_no_use_of_an_eli_property_falls_outside_its_domain_or_range(dataset):
    above = superclasses()
    types = types_of(dataset, above)
    conflicts = []
    for term, (domain, range_) in ELI_DECLARES.items():
        for quad in dataset.quads_for_pattern(None, ox.NamedNode(ELI + term), None, ox.DefaultGraph()):
            if domain and not types[str(quad.subject)] & {expand(c) for c in domain}:
                conflicts.append(f"{quad.subject} eli:{term}: subject is {sorted(types[str(quad.subject)])}")
            if not range_:
                continue
            allowed = {expand(c) for c in range_}
            if isinstance(quad.object, ox.Literal):
                if quad.object.datatype.value not in allowed:
                    conflicts.append(f"{quad.subject} eli:{term} {quad.object}: not {sorted(range_)}")
            elif not types[str(quad.object)] & allowed:
                conflicts.append(
                    f"{quad.subject} eli:{term} {quad.object}: object is {sorted(types[str(quad.object)])}"
                )
    assert not conflicts, f"{len(conflicts)} conflicts, e.g. " + "\n".join(conflicts[:8])


def test_functional_eli_properties_have_one_value(dataset):
    for term in ELI_FUNCTIONAL:
        values: dict[str, set[str]] = defaultdict(set)
        for quad in dataset.quads_for_pattern(None, ox.NamedNode(ELI + term), None, ox.DefaultGraph()):
            values[str(quad.subject)].add(str(quad.object))
        assert values and all(len(v) == 1 for v in values.values()), term


def test_the_ontology_names_only_eli_terms_that_exist_and_redefines_none():
    graph = rdflib.Graph().parse(ONTOLOGY)
    named = {str(t) for triple in graph for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(ELI)}
    known = {expand("eli:" + t) for t in ELI_DECLARES} | {expand(c) for c in ELI_CLASSES} | {ELI.rstrip("#")}
    assert named - known == set()
    for term in ELI_DECLARES:
        iri = rdflib.URIRef(ELI + term)
        assert not set(graph.objects(iri, rdflib.RDFS.domain)) and not set(graph.objects(iri, rdflib.RDFS.range)), (
            f"plankg's ontology gives eli:{term} a domain or range of its own"
        )


# ELI's URI template as plankg fills it: jurisdiction, issuer, type, year, natural number.
ELI_PATTERN = r"https://w3id\.org/plankg/eli/vn/[a-z0-9-]+/[a-z0-9-]+/(19|20)\d\d/[a-z0-9-]+"


def test_every_numbered_document_with_a_year_has_one_eli_and_no_two_share_one(dataset):
    import re

    same_as = ox.NamedNode("https://schema.org/sameAs")
    numbered = {
        row["doc"].value
        for row in dataset.query(
            f"SELECT ?doc WHERE {{ ?doc a <{ELI}LegalResource> ; <{ELI}id_local> ?n "
            f"FILTER NOT EXISTS {{ ?doc a <{ELI}LegalResourceSubdivision> }} }}"
        )
    }
    elis: dict[str, set[str]] = defaultdict(set)
    for quad in dataset.quads_for_pattern(None, same_as, None, ox.DefaultGraph()):
        elis[quad.subject.value].add(quad.object.value)
    with_year = [doc for doc in numbered if re.search(r"/(19|20)\d\d/", doc)]
    assert len(with_year) >= 20
    for doc in with_year:
        assert len(elis[doc]) == 1, doc
        (eli,) = elis[doc]
        assert re.fullmatch(ELI_PATTERN, eli), eli
        # the same parts as the document's own IRI: an ELI is derived, never chosen
        assert eli.split("/eli/vn/")[1] == doc.split("/id/doc/")[1]
    owners = defaultdict(set)
    for doc, names in elis.items():
        for eli in names:
            owners[eli].add(doc)
    assert all(len(docs) == 1 for docs in owners.values())
    assert "https://w3id.org/plankg/eli/vn/tw/nq/2024/57" in elis["https://w3id.org/plankg/id/doc/tw/nq/2024/57"]
