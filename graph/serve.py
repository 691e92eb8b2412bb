"""``plankg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, and the IRIs of the
namespace dereferenced, for BI tools and other linked-data systems.

- ``/sparql``: GET ``?query=`` or POST (``application/sparql-query``, or a form with ``query``);
  results as JSON, XML, CSV or TSV by the Accept header (JSON by default); graphs (CONSTRUCT,
  DESCRIBE) as Turtle, N-Triples or JSON-LD. Updates and ``SERVICE`` are refused (400), a query
  that runs past the time limit is answered 503 and its result dropped.
- ``/queries/NAME?param=value``: a named query, its parameters matched as ``plankg query`` does.
- ``/id/…``, ``/vocab/…``, ``/ontology``: what the graph says about ``https://w3id.org/plankg/…``
  (the w3id redirect's target), as Turtle, JSON-LD or an HTML page (text escaped).
- ``/eli/vn/…``: a document's ELI, answered 303 See Other with the document's own IRI.
- ``/context.jsonld``: the JSON-LD context of the exports.

Bound to 127.0.0.1 unless told otherwise: it has no authentication.
"""
from __future__ import annotations

import html
import json
import multiprocessing
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

import pyoxigraph as ox

from plankg.errors import PlankgError, UsageError
from plankg.graph.namespaces import BASE, PREFIXES, SCHEMA, sparql_prologue
from plankg.graph.querying import bind_parameters, catalog, check_read_only, parse_query_file, query_text

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/ld+json": ox.RdfFormat.JSON_LD}
MAX_BODY = 1_000_000
_FORK = multiprocessing.get_context("fork")


def _choose(accept: str, offered: dict, default: str) -> str:
    """The first media type of the Accept header that is offered (q-values in order given)."""
    ranked = []
    for k, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = next((float(f[2:]) for f in fields[1:] if f.startswith("q=") and f[2:].replace(".", "", 1).isdigit()), 1.0)
        ranked.append((-q, k, fields[0].lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


class Endpoint:
    """What the handler needs: the store and the time limit.

    Oxigraph evaluates a query without releasing Python's lock, so a thread cannot be stopped
    or even waited on with a time limit: each query runs in a forked child process, which is
    killed when the limit passes (the store is opened again in the child, read-only)."""

    def __init__(self, store, timeout: float = 10.0, max_running: int = 4) -> None:
        self.store = store
        self.timeout = timeout
        self.running = threading.BoundedSemaphore(max_running)

    def _evaluate(self, sparql: str, bindings: dict, accept: str) -> tuple[int, str, bytes]:
        try:
            result = self.store.query(sparql, bindings)
            if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
                media = _choose(accept, RESULT_TYPES, "application/sparql-results+json")
                return 200, media, result.serialize(format=RESULT_TYPES[media])
            media = _choose(accept, GRAPH_TYPES, "text/turtle")
            return 200, media, ox.serialize(list(result), format=GRAPH_TYPES[media],
                                            prefixes=PREFIXES if media == "text/turtle" else None)
        except (PlankgError, UsageError) as err:
            return 400, "text/plain", f"{err}\n".encode()
        except (OSError, RuntimeError, ValueError) as err:
            return 500, "text/plain", f"the query failed: {' '.join(str(err).split())}\n".encode()

    def run(self, sparql: str, bindings: dict | None = None, accept: str = "") -> tuple[int, str, bytes]:
        """(status, media type, body) of a read-only query, within the time limit."""
        with self.running:
            receive, send = multiprocessing.Pipe(duplex=False)
            child = _FORK.Process(target=self._child, args=(send, sparql, bindings or {}, accept), daemon=True)
            child.start()
            send.close()
            try:
                if not receive.poll(self.timeout):
                    return 503, "text/plain", f"the query ran past the time limit of {self.timeout:g} s\n".encode()
                try:
                    return receive.recv()
                except EOFError:
                    return 500, "text/plain", b"the query process ended without an answer\n"
            finally:
                receive.close()
                if child.is_alive():
                    child.kill()
                child.join()

    def _child(self, send, sparql: str, bindings: dict, accept: str) -> None:
        self.store.after_fork()
        send.send(self._evaluate(sparql, bindings, accept))
        send.close()


def make_handler(endpoint: Endpoint):
    class Handler(BaseHTTPRequestHandler):
        server_version = "plankg"

        def log_message(self, fmt, *args) -> None:  # quiet: a BI tool polls often
            pass

        def _send(self, status: int, media: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{media}; charset=utf-8" if media.startswith("text/") else media)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def _query(self, text: str, name: str = "<request>", given: dict | None = None) -> None:
            try:
                named = parse_query_file(name, text) if given is None else catalog()[name]
                check_read_only(named, allow_service=False)
                bindings = bind_parameters(named, given or {}, endpoint.store) if given is not None else {}
                sparql = query_text(named) if given is not None else sparql_prologue() + text
            except KeyError:
                return self._send(404, "text/plain", f"no named query {name!r}\n".encode())
            except (PlankgError, UsageError) as err:
                return self._send(400, "text/plain", f"{err}\n".encode())
            self._send(*endpoint.run(sparql, bindings, self.headers.get("Accept", "")))

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urllib.parse.urlsplit(self.path)
            params = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/sparql":
                if "query" not in params:
                    return self._send(400, "text/plain", b"give the query as ?query=...\n")
                return self._query(params["query"])
            if url.path.startswith("/queries/"):
                return self._query("", url.path[len("/queries/"):], params)
            if url.path == "/context.jsonld":
                body = resources.files("plankg.ontology").joinpath("context.jsonld").read_bytes()
                return self._send(200, "application/ld+json", body)
            if url.path.startswith(("/id/", "/vocab/", "/ontology", "/graph/")):
                return self._describe(BASE.rstrip("/") + url.path)
            if url.path.startswith("/eli/"):
                return self._see_document(BASE.rstrip("/") + url.path)
            self._send(404, "text/plain", b"not found: try /sparql, /queries/NAME, /id/...\n")

        def do_POST(self) -> None:  # noqa: N802
            if urllib.parse.urlsplit(self.path).path != "/sparql":
                return self._send(404, "text/plain", b"POST queries to /sparql\n")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._send(413, "text/plain", b"the query is too long\n")
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return self._send(400, "text/plain", b"SPARQL Update is not allowed here (read-only endpoint)\n")
            if kind == "application/x-www-form-urlencoded":
                form = dict(urllib.parse.parse_qsl(body))
                if "update" in form:
                    return self._send(400, "text/plain", b"SPARQL Update is not allowed here (read-only endpoint)\n")
                body = form.get("query", "")
            self._query(body)

        def _see_document(self, eli: str) -> None:
            """An ELI is another name of a document: 303 See Other to the document's own IRI."""
            owners = sorted({q.subject.value for q in endpoint.store.reader().quads_for_pattern(
                None, ox.NamedNode(SCHEMA + "sameAs"), ox.NamedNode(eli))})
            if not owners:
                return self._send(404, "text/plain", f"no document has the ELI <{eli}>\n".encode())
            self.send_response(303)
            self.send_header("Location", owners[0][len(BASE) - 1:])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _describe(self, iri: str) -> None:
            node = ox.NamedNode(iri)
            triples = sorted({ox.Triple(q.subject, q.predicate, q.object)
                              for q in endpoint.store.reader().quads_for_pattern(node, None, None)
                              if isinstance(q.graph_name, ox.NamedNode)}, key=str)
            if not triples:
                return self._send(404, "text/plain", f"nothing is known of <{iri}>\n".encode())
            accept = self.headers.get("Accept", "")
            media = _choose(accept, GRAPH_TYPES | {"text/html": None}, "text/turtle")
            if media == "text/html":
                rows = "".join(f"<tr><td>{html.escape(t.predicate.value)}</td><td>{html.escape(str(t.object))}</td></tr>"
                               for t in triples)
                page = (f"<!doctype html><meta charset='utf-8'><title>{html.escape(iri)}</title>"
                        f"<h1>{html.escape(iri)}</h1><table>{rows}</table>")
                return self._send(200, "text/html", page.encode("utf-8"))
            self._send(200, media, ox.serialize(triples, format=GRAPH_TYPES[media],
                                                prefixes=PREFIXES if media == "text/turtle" else None))

    return Handler


def make_server(store, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0) -> ThreadingHTTPServer:
    """A server ready to ``serve_forever`` (port 0: any free port, see ``server_address``)."""
    server = ThreadingHTTPServer((host, port), make_handler(Endpoint(store, timeout)))
    server.daemon_threads = True
    return server


def serve_in_background(store, timeout: float = 10.0) -> tuple[ThreadingHTTPServer, str]:
    """For tests and embedding: a server on a free local port, running in a thread; its base URL."""
    server = make_server(store, "127.0.0.1", 0, timeout)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


def json_rows(body: bytes) -> list[dict[str, str]]:
    """The rows of a SPARQL JSON result, as plain values (for tests and scripts)."""
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
