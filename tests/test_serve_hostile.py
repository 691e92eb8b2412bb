"""plankg serve as careless and hostile clients use it: malformed requests, a store that changes
under it, clients that flood it, results too large to send, other web pages and other machines."""

from __future__ import annotations

import http.client
import threading
import urllib.parse

import pytest

from plankg.graph.serve import ServeOptions, json_rows, serve_in_background
from plankg.graph.store import DiskStore

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs until the time limit
ASK = "ASK { ?s ?p ?o }"


def request(
    url: str, method: str, path: str, headers: dict | None = None, body: bytes | None = None, source: str | None = None
) -> http.client.HTTPResponse:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0) if source else None)
    connection.putrequest(method, path, skip_accept_encoding=True)
    for key, value in (headers or {}).items():
        connection.putheader(key, value)
    connection.endheaders(body)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture
def served(store_dir, capfd):
    servers = []

    def start(**options):
        server, url = serve_in_background(DiskStore(store_dir), options=ServeOptions(**{"timeout": 3.0, **options}))
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "method, path, headers",
    [
        ("GET", "/id/<script>", {}),
        ("GET", '/id/a"b', {}),
        ("GET", "/eli/vn/{x}", {}),
        ("POST", "/sparql", {"Content-Length": "abc"}),
        ("POST", "/sparql", {"Content-Length": "-5"}),
    ],
)
def test_a_malformed_request_is_answered_400_and_logged_in_one_line(served, capfd, method, path, headers):
    url = served()
    capfd.readouterr()
    response = request(url, method, path, headers)
    assert response.status == 400
    log = capfd.readouterr().err.strip().splitlines()
    assert len(log) == 1 and "400" in log[0] and "Traceback" not in log[0]


def test_a_query_that_is_not_utf8_is_answered_400(served):
    response = request(
        served(), "POST", "/sparql", {"Content-Type": "application/sparql-query", "Content-Length": "2"}, b"\xff\xfe"
    )
    assert response.status == 400


def test_every_route_answers_from_the_version_committed_last(served, store_dir, corpus, tmp_path):
    from plankg.pipeline import remove_source

    url = served()
    found = json_rows(
        request(
            url,
            "GET",
            "/sparql?query="
            + urllib.parse.quote("SELECT ?d ?e WHERE { ?d schema:sameAs ?e FILTER(CONTAINS(STR(?e), '/538')) }"),
        ).body
    )[0]
    document, eli = (found[k][len("https://w3id.org/plankg") :] for k in ("d", "e"))
    assert request(url, "GET", document).status == 200 and request(url, "GET", eli).status == 303
    remove_source(DiskStore(store_dir), "https://w3id.org/plankg/graph/source/quang-ninh-538-kh-tu")
    assert request(url, "GET", document).status == 404 and request(url, "GET", eli).status == 404


def test_one_clients_slow_queries_do_not_starve_another(served):
    url = served(max_running=4, max_waiting=8, timeout=5.0)
    answers: list[int] = []
    path = "/sparql?query=" + urllib.parse.quote(SLOW)
    slow = [threading.Thread(target=lambda: answers.append(request(url, "GET", path).status)) for _ in range(12)]
    for thread in slow:
        thread.start()
    ask = request(url, "GET", "/sparql?query=" + urllib.parse.quote(ASK), source="127.0.0.2")
    finished_before_ask = len(answers)
    for thread in slow:
        thread.join()
    assert ask.status == 200 and finished_before_ask < 12
    assert answers.count(503) >= 9  # beyond its share, a client is told to come back
    refused = request(url, "GET", path)
    assert refused.status in (200, 503)


def test_a_full_queue_answers_503_with_retry_after(served):
    url = served(max_running=1, max_waiting=0, per_client=5)
    path = "/sparql?query=" + urllib.parse.quote(SLOW)
    first = threading.Thread(target=lambda: request(url, "GET", path))
    first.start()
    import time

    time.sleep(0.5)  # the slow query holds the only slot
    busy = request(url, "GET", "/sparql?query=" + urllib.parse.quote(ASK))
    first.join()
    assert busy.status == 503 and int(busy.getheader("Retry-After")) >= 1


@pytest.mark.parametrize("limit", [{"max_rows": 10}, {"max_bytes": 2000}])
def test_a_result_past_the_size_cap_is_refused_with_a_clear_error(served, limit):
    url = served(**limit)
    response = request(url, "GET", "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"))
    assert response.status == 400 and b"limit of this endpoint" in response.body
    small = request(url, "GET", "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 3"))
    assert small.status == 200 and len(json_rows(small.body)) == 3


def test_cors_is_off_unless_an_origin_is_named(served):
    path = "/sparql?query=" + urllib.parse.quote(ASK)
    assert (
        request(served(), "GET", path, {"Origin": "https://evil.example"}).getheader("Access-Control-Allow-Origin")
        is None
    )
    allowed = request(served(cors="https://dash.example"), "GET", path)
    assert allowed.getheader("Access-Control-Allow-Origin") == "https://dash.example"


def test_a_read_token_is_asked_for_when_set(served):
    url = served(read_token="s3cret")
    path = "/sparql?query=" + urllib.parse.quote(ASK)
    assert request(url, "GET", path).status == 401
    assert request(url, "GET", path, {"Authorization": "Bearer wrong"}).status == 401
    assert request(url, "GET", path, {"Authorization": "Bearer s3cret"}).status == 200


def test_serve_refuses_a_missing_store_and_warns_beyond_loopback(tmp_path):
    import subprocess
    import sys

    missing = subprocess.run(
        [sys.executable, "-m", "plankg", "--store", str(tmp_path / "none"), "serve", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 1 and "Serving" not in missing.stderr and "no store" in missing.stderr


def test_listening_beyond_loopback_warns(store_dir):
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "plankg", "--store", str(store_dir), "serve", "--host", "0.0.0.0", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stderr.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "warning" in first and "--read-token" in first
