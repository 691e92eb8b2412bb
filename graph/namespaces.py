"""The namespaces plankg writes, in one place (prefixes for serialisers and queries too)."""

from __future__ import annotations

BASE = "https://w3id.org/plankg/"
PK = BASE + "ontology#"
PKV = BASE + "vocab/"
ID = BASE + "id/"
ELI_ID = BASE + "eli/vn/"  # a numbered document's European Legislation Identifier (graph/iris.py)
GRAPH = BASE + "graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
INFERENCE_GRAPH = GRAPH + "inferred"
OVERLAP_GRAPH = GRAPH + "overlaps"  # similar tasks, drawn again by every build (graph/overlaps.py)

ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"

PREFIXES: dict[str, str] = {
    "pk": PK,
    "pkv": PKV,
    "pkid": ID,
    "eli": ELI,
    "org": ORG,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "void": VOID,
    "dcat": DCAT,
}


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above (queries may use them without declaring)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
