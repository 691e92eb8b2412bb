"""plankg serve: the SPARQL 1.1 Protocol as a BI tool or a client library uses it, named queries,
dereferenced IRIs, and what a read-only public endpoint must refuse."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from plankg.graph.querying import bind_parameters, catalog, query_text, to_table
from plankg.graph.serve import json_rows, serve_in_background


@pytest.fixture(scope="module")
def endpoint(built_memory_store):
    server, url = serve_in_background(built_memory_store, timeout=2.0)
    yield url
    server.shutdown()


def get(url: str, accept: str = "application/sparql-results+json") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def post(url: str, body: bytes, kind: str, accept: str = "application/sparql-results+json"):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": kind, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


COUNT = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a pk:Plan }"


def test_get_and_post_and_every_result_format(endpoint):
    status, kind, body = get(f"{endpoint}/sparql?query={urllib.parse.quote(COUNT)}")
    assert status == 200 and "sparql-results+json" in kind and int(json_rows(body)[0]["n"]) >= 5
    status, body_post = post(f"{endpoint}/sparql", COUNT.encode(), "application/sparql-query")
    assert status == 200 and json_rows(body_post) == json_rows(body)
    status, body_form = post(
        f"{endpoint}/sparql", urllib.parse.urlencode({"query": COUNT}).encode(), "application/x-www-form-urlencoded"
    )
    assert status == 200 and json_rows(body_form) == json_rows(body)
    status, kind, xml = get(f"{endpoint}/sparql?query={urllib.parse.quote(COUNT)}", "application/sparql-results+xml")
    assert status == 200 and b"<sparql" in xml
    status, kind, text = get(f"{endpoint}/sparql?query={urllib.parse.quote(COUNT)}", "text/csv")
    assert status == 200 and list(csv.reader(io.StringIO(text.decode())))[1][0] == json_rows(body)[0]["n"]
    status, kind, tsv = get(f"{endpoint}/sparql?query={urllib.parse.quote(COUNT)}", "text/tab-separated-values")
    assert status == 200 and tsv.startswith(b"?n")


def test_a_named_query_answers_as_plankg_query_does(endpoint, built_memory_store):
    named = catalog()["compare-targets"]
    local = built_memory_store.query(
        query_text(named), bind_parameters(named, {"theme": "digital economy"}, built_memory_store)
    )
    table = to_table(local, named.sort, {p.name for p in named.parameters})
    expected = sorted(tuple(t.value if t is not None else "" for t in row) for row in table.rows)
    status, _, body = get(f"{endpoint}/queries/compare-targets?theme=digital%20economy")
    served = sorted(tuple(r.get(c, "") for c in table.columns) for r in json_rows(body))
    assert status == 200 and served == expected and len(expected) >= 2


def test_what_a_read_only_endpoint_refuses(endpoint):
    status, _ = post(f"{endpoint}/sparql", b"INSERT DATA { <a:b> <a:c> <a:d> }", "application/sparql-update")
    assert status == 400
    status, body = post(f"{endpoint}/sparql", b"DROP ALL", "application/sparql-query")
    assert status == 400 and b"Update is not allowed" in body
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = get(f"{endpoint}/sparql?query={urllib.parse.quote(service)}")
    assert status == 400 and b"SERVICE" in body
    status, _, body = get(f"{endpoint}/sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p')}")
    assert status == 400 and len(body.decode().strip().splitlines()) == 1
    status, _, _ = get(f"{endpoint}/queries/no-such-query")
    assert status == 404


def test_a_query_past_the_time_limit_is_answered_503(endpoint):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = get(f"{endpoint}/sparql?query={urllib.parse.quote(heavy)}")
    assert status == 503 and b"time limit" in body
    status, _, _ = get(f"{endpoint}/sparql?query={urllib.parse.quote(COUNT)}")  # and the endpoint still answers
    assert status == 200


def test_iris_of_the_namespace_dereference(endpoint):
    path = "/id/doc/tw/nq/2024/57"
    status, kind, body = get(endpoint + path, "text/turtle")
    assert status == 200 and "turtle" in kind and b"57-NQ/TW" in body
    status, kind, body = get(endpoint + path, "application/ld+json")
    assert status == 200 and json.loads(body)
    status, kind, page = get(endpoint + path, "text/html")
    assert status == 200 and b"<script" not in page and b"57-NQ/TW" in page
    assert get(endpoint + "/id/doc/nothing/here", "text/turtle")[0] == 404
    status, kind, body = get(endpoint + "/context.jsonld", "application/ld+json")
    assert status == 200 and "cites" in json.loads(body)["@context"]


def test_a_sparql_client_library_as_a_bi_tool_uses_it(endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n LIMIT 3"
    )
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert len(bindings) == 3 and all("n" in b for b in bindings)


def test_a_documents_eli_is_answered_with_its_own_iri(endpoint):
    """urllib follows the 303 as a linked-data client does, keeping the Accept header."""
    request = urllib.request.Request(endpoint + "/eli/vn/tu-quang-ninh/kh/2025/538", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.url.endswith("/id/doc/tu-quang-ninh/kh/2025/538")
        assert b"538-KH/TU" in response.read()
    assert get(endpoint + "/eli/vn/tu-quang-ninh/kh/2025/999", "text/turtle")[0] == 404
