"""Pages for people and machines: the whole ontology at /ontology, a resource's page with its
labels, kinds and links, compact JSON-LD, Vary: Accept, RDF/XML for graphs, errors in the
user's own lines, and the generated ontology documentation."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from plankg.graph.pages import ontology_html
from plankg.graph.serve import serve_in_background
from plankg.graph.store import MemoryStore
from plankg.ontology import ontology_text


@pytest.fixture(scope="module")
def endpoint(built_memory_store):
    server, url = serve_in_background(built_memory_store, timeout=5.0)
    yield url
    server.shutdown()


def get(url: str, accept: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_the_ontology_iri_serves_the_whole_ontology(endpoint):
    status, _headers, body = get(endpoint + "/ontology", "text/turtle")
    assert status == 200
    served = rdflib.Graph().parse(data=body, format="turtle")
    shipped = rdflib.Graph().parse(data=ontology_text(), format="turtle")
    assert len(served) == len(shipped) > 300
    task = rdflib.URIRef("https://w3id.org/plankg/ontology#Task")
    assert (task, rdflib.RDF.type, rdflib.OWL.Class) in served
    status, _headers, page = get(endpoint + "/ontology", "text/html")
    assert status == 200 and b"<title>plankg ontology" in page and b"id='Task'" in page


def test_json_ld_is_compact_with_the_shipped_context(endpoint):
    status, _headers, body = get(endpoint + "/id/doc/tw/nq/2024/57", "application/ld+json")
    document = json.loads(body)
    assert status == 200 and "cites" in document["@context"]
    (node,) = [n for n in document["@graph"] if n["@id"].endswith("/doc/tw/nq/2024/57")]
    assert node["id_local"] == ["57-NQ/TW"] and "http://data.europa.eu/eli/ontology#id_local" not in node
    ontology = json.loads(get(endpoint + "/ontology", "application/ld+json")[2])
    assert any("label" in n for n in ontology["@graph"])


def test_a_resource_page_shows_its_names_kinds_and_links(endpoint):
    status, _headers, page = get(endpoint + "/id/doc/tu-quang-ninh/kh/2025/538", "text/html")
    text = page.decode("utf-8")
    assert status == 200 and "<h1>538-KH/TU</h1>" in text
    assert "Plan or programme" in text  # its kind, by the ontology's label
    assert '<a href="/id/doc/tw/nq/2024/57">57-NQ/TW</a>' in text  # a link, named by the number
    assert ">cites<" in text and "Linked from" in text  # properties by label, and links to it


def test_document_text_on_a_page_is_escaped():
    store = MemoryStore()
    node = ox.NamedNode("https://w3id.org/plankg/id/agency/test")
    store.reader().extend(
        [
            ox.Quad(
                node,
                ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                ox.Literal("<script>alert(1)</script> Sở & Ban", language="vi"),
                ox.NamedNode("urn:g"),
            )
        ]
    )
    server, url = serve_in_background(store, timeout=5.0)
    try:
        status, _, page = get(url + "/id/agency/test", "text/html")
    finally:
        server.shutdown()
    assert status == 200 and b"<script>" not in page and b"&lt;script&gt;alert(1)&lt;/script&gt; S" in page


def test_negotiated_answers_say_they_vary_by_accept(endpoint):
    for path in ("/id/doc/tw/nq/2024/57", "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")):
        assert get(endpoint + path, "text/turtle")[1].get("Vary") == "Accept"


def test_a_graph_asked_as_rdf_xml_is_rdf_xml(endpoint):
    query = urllib.parse.quote("CONSTRUCT { ?d eli:id_local ?n } WHERE { ?d a pk:Plan ; eli:id_local ?n }")
    status, headers, body = get(endpoint + "/sparql?query=" + query, "application/rdf+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/rdf+xml")
    graph = rdflib.Graph().parse(data=body, format="xml")
    assert rdflib.Literal("538-KH/TU") in set(graph.objects())


def test_a_syntax_error_points_at_the_users_own_line(endpoint):
    """The same line and column as the engine gives for the query alone, not after the prefixes
    the endpoint puts before it."""
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}"
    try:
        ox.Store().query(query)
    except SyntaxError as err:
        line, column = re.search(r"(\d+):(\d+)", str(err)).groups()
    assert int(line) > 3
    status, _, body = get(endpoint + "/sparql?query=" + urllib.parse.quote(query), "application/json")
    assert status == 400 and f"line {line}, column {column}:".encode() in body


def test_the_ontology_documentation_is_the_generated_page():
    docs = Path(__file__).parent.parent / "docs" / "ontology.html"
    assert docs.read_text("utf-8") == ontology_html() + "\n"  # python -m plankg.graph.pages docs/ontology.html
    assert "<title>plankg ontology — Bản thể học plankg</title>" in ontology_html()
