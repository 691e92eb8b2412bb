"""The remote store against a real SPARQL server (Oxigraph's, from the PyPI package) on 127.0.0.1."""

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from plankg.errors import PlankgError
from plankg.graph.binding import with_values
from plankg.graph.querying import query_text
from plankg.graph.remote import RemoteStore
from plankg.graph.store import MemoryStore

# The server comes with the test extras (PyPI package "oxigraph"), beside this interpreter.
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def endpoint(tmp_path):
    port = free_port()
    assert OXIGRAPH, "the oxigraph server (pip install '.[test]') is missing"
    server = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_build_query_export_remove_on_a_server(run, endpoint, corpus, tmp_path):
    result = run(
        "build",
        str(corpus["thai-nguyen-62-CTr-TU-ocr.txt"]),
        str(corpus["quang-ninh-538-KH-TU.txt"]),
        "--no-output",
        store=endpoint,
    )
    assert result.exit_code == 0, result.stderr
    found = run("query", "plans-implementing", "--format", "csv", store=endpoint)
    assert "538-KH/TU" in found.stdout and "62-CTr/TU" in found.stdout
    tasks = run("query", "tasks-due", "-p", "year=2025", "--format", "csv", store=endpoint)
    assert tasks.exit_code == 0 and "2025" in tasks.stdout
    assert run("validate", store=endpoint).exit_code == 0
    out = tmp_path / "remote.trig"
    assert run("export", "--format", "trig", "-o", str(out), store=endpoint).exit_code == 0
    assert out.stat().st_size > 10000
    assert run("remove", "thai-nguyen-62-CTr-TU-ocr.txt", store=endpoint).exit_code == 0
    assert "62-CTr/TU" not in run("query", "plans-implementing", "--format", "csv", store=endpoint).stdout


def test_rebuilding_replaces_graphs_instead_of_adding(endpoint, corpus, run):
    for _ in range(2):
        assert run("build", str(corpus["thai-nguyen-62-CTr-TU-ocr.txt"]), "--no-output", store=endpoint).exit_code == 0
    counts = [len(RemoteStore(endpoint).reader())]
    assert run("build", str(corpus["thai-nguyen-62-CTr-TU-ocr.txt"]), "--no-output", store=endpoint).exit_code == 0
    assert len(RemoteStore(endpoint).reader()) == counts[0]


def test_endpoint_errors_are_one_line(run, endpoint):
    bad = run("query", "-", store=endpoint, input="SELECT * WHERE { ?s ?p ")
    assert bad.exit_code == 1 and "malformed SPARQL" in bad.stderr
    unreachable = run("query", "documents", store=f"http://127.0.0.1:{free_port()}/query")
    assert unreachable.exit_code == 1 and "cannot reach the SPARQL endpoint" in unreachable.stderr


def test_a_web_page_is_not_a_sparql_endpoint(run):
    class Page(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>hello</html>")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run("query", "documents", store=f"http://127.0.0.1:{server.server_port}/sparql")
        assert result.exit_code == 1 and "does not answer as a SPARQL endpoint" in result.stderr
    finally:
        server.shutdown()


def test_values_go_into_the_outer_group():
    import pyoxigraph as ox

    text = 'SELECT ?x WHERE { ?s <http://e/p> "{not a brace}" . { ?s ?p ?x } }'
    bound = with_values(text, {"x": ox.Literal('a "quoted" } value')})
    assert bound.startswith('SELECT ?x WHERE { VALUES (?x) { ("a \\"quoted\\" } value") }')
    with pytest.raises(PlankgError):
        RemoteStore("http://127.0.0.1:9/query").query("ASK {}")


def test_values_reach_sub_queries_too():
    import pyoxigraph as ox

    text = "SELECT ?y ?t WHERE { { SELECT ?y ?t WHERE { ?t <http://e/year> ?d FILTER(?d <= ?y) } } ?t ?p ?o }"
    bound = with_values(
        text, {"y": ox.Literal("2026", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}
    )
    assert bound.count("VALUES (?y)") == 2
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/t"), ox.NamedNode("http://e/year"), ox.Literal(2025)))
    rows = list(store.query(bound))  # plain SPARQL semantics: the sub-query sees the value
    assert [r["t"].value for r in rows] == ["http://e/t"]


E = "http://e/"
BOUND_SHAPES = [  # user queries a remote store must bind as the embedded store's substitution does
    "SELECT ?x ?s { ?s <http://e/p> ?o FILTER(?o >= ?x) }",  # no WHERE keyword
    "SELECT ?x ?s WHERE { { ?s <http://e/p> ?o FILTER(?o >= ?x) } UNION { ?s <http://e/q> ?o FILTER(?o >= ?x) } }",
    "SELECT ?x ?s WHERE { { { ?s <http://e/p> ?o FILTER(?o >= ?x) } } }",  # nested groups
    "SELECT ?x ?s ?v WHERE { ?s <http://e/p> ?o OPTIONAL { ?s <http://e/q> ?v FILTER(?v > ?x) } }",
    "SELECT ?x ?s WHERE { ?s <http://e/p> ?o FILTER NOT EXISTS { ?s <http://e/q> ?x } }",
    "SELECT ?x ?s ?n WHERE { VALUES ?n { 1 2 } ?s <http://e/p> ?n FILTER(?n >= ?x) }",  # a data block stays data
    "SELECT ?x ?s WHERE { { SELECT ?x ?s WHERE { ?s <http://e/p> ?o FILTER(?o >= ?x) } } }",
]


@pytest.mark.parametrize("text", BOUND_SHAPES)
def test_values_bind_like_the_embedded_substitution(text):
    import pyoxigraph as ox

    store = ox.Store()
    for s, p, o in [("a", "p", 1), ("b", "p", 2), ("c", "p", 3), ("a", "q", 2), ("c", "q", 1)]:
        store.add(ox.Quad(ox.NamedNode(E + s), ox.NamedNode(E + p), ox.Literal(o)))
    value = ox.Literal(2)

    def answer(result):
        return sorted(tuple(str(row[v]) for v in result.variables) for row in result)

    expected = answer(store.query(text, substitutions={ox.Variable("x"): value}))
    assert answer(store.query(with_values(text, {"x": value}))) == expected
    assert expected  # each shape finds something, so a lost value would show


def test_a_construct_template_is_not_a_group():
    import pyoxigraph as ox

    store = ox.Store()
    for s, o in [("a", 1), ("b", 2), ("c", 3)]:
        store.add(ox.Quad(ox.NamedNode(E + s), ox.NamedNode(E + "p"), ox.Literal(o)))
    text = "CONSTRUCT { ?s <http://e/r> ?o } WHERE { ?s <http://e/p> ?o FILTER(?o >= ?x) }"
    built = store.query(with_values(text, {"x": ox.Literal(2)}))
    assert sorted(t.subject.value for t in built) == [E + "b", E + "c"]


def test_a_short_construct_cannot_take_parameters_remotely():
    import pyoxigraph as ox

    with pytest.raises(PlankgError, match="short form"):
        with_values("CONSTRUCT WHERE { ?s ?p ?x }", {"x": ox.Literal(1)})


def test_every_named_query_answers_on_a_server_as_on_the_embedded_store(endpoint, corpus, built_memory_store):
    """The server's default graph is the set union too: a fact that several texts state (a
    body in three Quảng Ninh texts, a central document cited by all) comes back once."""
    import pyoxigraph as ox

    from plankg.graph.identity import read_identities
    from plankg.graph.querying import bind_parameters, catalog
    from plankg.pipeline import build, bundled_identities

    remote = RemoteStore(endpoint)
    build(list(corpus.values()), remote, None, identities=read_identities(bundled_identities()))

    def cell(term) -> str:  # GROUP_CONCAT lists come in the engine's order
        return ", ".join(sorted(term.value.split(", "))) if isinstance(term, ox.Literal) else str(term)

    def rows(store, named):
        found = store.query(query_text(named), bind_parameters(named, {}))
        return sorted(tuple(cell(row[v]) for v in found.variables) for row in found)

    for name, named in catalog().items():
        local = rows(built_memory_store, named)
        assert local or name == "identity-candidates", name  # none left: the identity file settled it
        assert rows(remote, named) == local, name


def test_a_write_is_one_update_and_two_writers_take_turns(endpoint, corpus):
    """All of a build reaches the server as one Update (the server's transaction makes it all or
    nothing: a client killed before sending it leaves the server as it was), and a second writer
    waits for the first one's lease instead of interleaving with it."""
    import threading

    from plankg.pipeline import build

    remote = RemoteStore(endpoint)
    sent = []
    real = remote._request

    def recording(url, method="GET", body=None, content_type=None, accept=None):
        if content_type == "application/sparql-update" and b"INSERT DATA" in (body or b""):
            sent.append(body)
        return real(url, method, body, content_type, accept)

    remote._request = recording
    build([corpus["thai-nguyen-62-CTr-TU-ocr.txt"]], remote, None)
    assert len(sent) == 1 and sent[0].count(b"INSERT DATA") >= 3  # the source, the ontology, the inferences

    results, errors = [], []

    def writer(path):
        try:
            results.append(build([path], RemoteStore(endpoint), None).reasoning.inferred)
        except Exception as err:  # noqa: BLE001 - the test reports it
            errors.append(err)

    threads = [
        threading.Thread(target=writer, args=(corpus[name],))
        for name in ("quang-ninh-538-KH-TU.txt", "lang-son-238-KH-TU-ocr.txt")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    together = len(
        list(
            RemoteStore(endpoint)
            .reader()
            .quads_for_pattern(None, None, None, ox.NamedNode("https://w3id.org/plankg/graph/inferred"))
        )
    )
    one_by_one = MemoryStore()
    build(
        [
            corpus[n]
            for n in ("thai-nguyen-62-CTr-TU-ocr.txt", "quang-ninh-538-KH-TU.txt", "lang-son-238-KH-TU-ocr.txt")
        ],
        one_by_one,
        None,
    )
    alone = len(
        list(
            one_by_one.reader().quads_for_pattern(
                None, None, None, ox.NamedNode("https://w3id.org/plankg/graph/inferred")
            )
        )
    )
    assert together == alone  # no inference lost to an interleaving


def test_a_lease_held_by_another_writer_is_waited_for_then_refused(endpoint):
    remote = RemoteStore(endpoint)
    owner = remote._take_lease()
    try:
        with pytest.raises(PlankgError, match="being written by"):
            RemoteStore(endpoint)._take_lease(wait=0.5)
    finally:
        remote._release_lease(owner)
    RemoteStore(endpoint)._release_lease(RemoteStore(endpoint)._take_lease(wait=0.5))


class SlowRelay:
    """A TCP relay to the server that passes the client's bytes on slowly, so that a test can
    kill the client while its Update is half sent."""

    def __init__(self, port: int):
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.update_half_sent = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source, sink, upstream):
        seen = b""
        relayed = 0
        try:
            while chunk := source.recv(4096):
                if upstream:
                    seen = (seen + chunk)[-100_000:] if relayed < 100_000 else seen
                    relayed += len(chunk)
                    if b"INSERT DATA" in seen and relayed > 64_000:
                        self.update_half_sent.set()
                    time.sleep(0.02)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def close(self):
        self.listener.close()


def test_a_client_killed_while_sending_its_update_leaves_the_server_as_it_was(endpoint, corpus, tmp_path):
    """kill -9 of a remote build in the middle of its one Update: the server's transaction never
    starts, every graph stays as it was, and the next writer is told who holds the lease."""
    import signal

    from plankg.graph.remote import LOCK_GRAPH
    from plankg.pipeline import build

    build([corpus["thai-nguyen-62-CTr-TU-ocr.txt"]], RemoteStore(endpoint), None)

    def data() -> set:
        lock = ox.NamedNode(LOCK_GRAPH)  # the lease, in its graph and in the union read back
        return {q for q in RemoteStore(endpoint).reader() if lock not in (q.graph_name, q.subject)}

    before = data()
    relay = SlowRelay(int(endpoint.split(":")[2].split("/")[0]))
    client = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "plankg",
            "--store",
            f"http://127.0.0.1:{relay.port}/query",
            "build",
            str(corpus["quang-ninh-538-KH-TU.txt"]),
            "--no-output",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert relay.update_half_sent.wait(timeout=120), "the build never sent its update"
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=10)
    finally:
        relay.close()
        if client.poll() is None:
            client.kill()
    time.sleep(0.5)  # the server sees the connection end
    assert data() == before
    with pytest.raises(PlankgError, match="being written by plankg"):
        RemoteStore(endpoint)._take_lease(wait=0.3)
