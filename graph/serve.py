"""``plankg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, and the IRIs of the
namespace dereferenced, for BI tools and other linked-data systems.

- ``/sparql``: GET ``?query=`` or POST (``application/sparql-query``, or a form with ``query``);
  results as JSON, XML, CSV or TSV by the Accept header (JSON by default); graphs (CONSTRUCT,
  DESCRIBE) as Turtle, N-Triples, RDF/XML or compact JSON-LD (the shipped context). Updates and
  ``SERVICE`` are refused (400), a syntax error gives the line and column in the query as sent,
  a query that runs past the time limit is answered 503 and its result dropped. Every answer
  says ``Vary: Accept``, as its form depends on that header.
- ``/queries/NAME?param=value``: a named query, its parameters matched as ``plankg query`` does.
- ``/id/…``, ``/vocab/…``, ``/ontology``: what the graph says about ``https://w3id.org/plankg/…``
  (the w3id redirect's target), as Turtle, N-Triples, RDF/XML, compact JSON-LD or an HTML page
  with the names, kinds and links (graph/pages.py; ``/ontology`` is the whole ontology).
- ``/eli/vn/…``: a document's ELI, answered 303 See Other with the document's own IRI.
- ``/context.jsonld``: the JSON-LD context of the exports.

Bound to 127.0.0.1 unless told otherwise. ``ServeOptions`` bounds what one request may take (a
queue with a limit per client and in all, answered 503 with Retry-After when full; a cap on
result rows and bytes), names the one origin browsers may read it from (CORS, off by default)
and the token a shared deployment asks for. Every answer reflects the store's current version:
a new commit is seen by the next request. A malformed request is answered 400 and logged in
one line.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import itertools
import json
import multiprocessing
import socket
import sys
import threading
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from plankg.errors import PlankgError, UsageError
from plankg.graph.formats import SYNTAXES
from plankg.graph.namespaces import BASE, PREFIXES, SCHEMA, sparql_prologue
from plankg.graph.pages import resource_html, resource_triples
from plankg.graph.querying import bind_parameters, catalog, check_read_only, in_user_lines, parse_query_file, query_text
from plankg.graph.serialize import compact_triples
from plankg.graph.store import DiskStore, Store

if TYPE_CHECKING:
    from typing_extensions import Buffer

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
# A graph query's answer in any syntax plankg writes (triples only: a dataset syntax holds them
# in its default graph).
GRAPH_TYPES = {syntax.media_type: syntax.rdf_format for syntax in SYNTAXES}
MAX_BODY = 1_000_000
_FORK = multiprocessing.get_context("fork")
# A query's parameters as bound terms (querying.bind_parameters).
Bindings = dict[str, ox.NamedNode | ox.Literal]


def _choose(accept: str, offered: Mapping[str, object], default: str) -> str:
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


@dataclass
class ServeOptions:
    """What one request may take, and who may ask (see the module doc)."""

    timeout: float = 10.0  # seconds a query may run (and wait for a slot)
    max_running: int = 4  # queries evaluated at once
    max_waiting: int = 8  # queries waiting for a slot; beyond, 503
    per_client: int = 0  # queries running or waiting from one address (0: max_running - 1)
    max_rows: int = 100_000  # rows (or triples) of one result
    max_bytes: int = 64 << 20  # bytes of one serialised result
    cors: str | None = None  # the origin browsers may read answers from
    read_token: str | None = None  # asked as "Authorization: Bearer TOKEN" when set


class _TooLarge(Exception):
    pass


class _Capped(io.BytesIO):
    """A file-like sink that refuses to grow past ``cap`` bytes."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap, self.size = cap, 0

    def write(self, data: Buffer, /) -> int:
        self.size += memoryview(data).nbytes
        if self.size > self.cap:
            raise _TooLarge
        return super().write(data)


class Endpoint:
    """What the handler needs: the store and the limits.

    Oxigraph evaluates a query without releasing Python's lock, so a thread cannot be stopped
    or even waited on with a time limit: each query runs in a forked child process, which is
    killed when the limit passes (the store is opened again in the child, read-only)."""

    def __init__(
        self, store: Store, timeout: float = 10.0, max_running: int = 4, options: ServeOptions | None = None
    ) -> None:
        self.store = store
        self.options = options or ServeOptions(timeout=timeout, max_running=max_running)
        self.timeout = self.options.timeout
        self.running = threading.BoundedSemaphore(self.options.max_running)
        self._admitted: Counter[str] = Counter()
        self._lock = threading.Lock()

    def fresh_store(self) -> Store:
        """The store, opened again if a newer version has been committed since (a build, a
        remove, a restore): every route answers from the current version."""
        if isinstance(self.store, DiskStore) and self.store.changed():
            self.store.reopen()
        return self.store

    @contextlib.contextmanager
    def _admission(self, client: str) -> Iterator[bool]:
        """True if the query may wait for a slot: the queue has room, and this client does not
        hold its share already (so that one client's slow queries cannot starve the others)."""
        share = self.options.per_client or max(1, self.options.max_running - 1)
        with self._lock:
            admitted = (
                self._admitted[client] < share
                and sum(self._admitted.values()) < self.options.max_running + self.options.max_waiting
            )
            if admitted:
                self._admitted[client] += 1
        try:
            yield admitted
        finally:
            if admitted:
                with self._lock:
                    self._admitted[client] -= 1

    def _evaluate(self, sparql: str, bindings: Bindings, accept: str) -> tuple[int, str, bytes]:
        limits = self.options
        sink = _Capped(limits.max_bytes)
        try:
            result = self.store.query(sparql, bindings)
            if not isinstance(result, (ox.QueryBoolean, bool)):
                if sum(1 for _ in itertools.islice(result, limits.max_rows + 1)) > limits.max_rows:
                    return (
                        400,
                        "text/plain",
                        (
                            f"the result has more than {limits.max_rows} rows, the limit of this "
                            "endpoint (plankg serve --max-rows): add a LIMIT\n"
                        ).encode(),
                    )
                result = self.store.query(sparql, bindings)  # counted: evaluated again to serialise
            if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
                media = _choose(accept, RESULT_TYPES, "application/sparql-results+json")
                result.serialize(sink, format=RESULT_TYPES[media])
            else:
                media = _choose(accept, GRAPH_TYPES, "text/turtle")
                sink.write(graph_body(list(result), media))
            return 200, media, sink.getvalue()
        except (PlankgError, UsageError) as err:
            return 400, "text/plain", f"{err}\n".encode()
        except (_TooLarge, OSError, RuntimeError, ValueError) as err:
            if sink.size > sink.cap:
                return (
                    400,
                    "text/plain",
                    (
                        f"the result is larger than {limits.max_bytes} bytes, the limit of this "
                        "endpoint (plankg serve --max-bytes): add a LIMIT\n"
                    ).encode(),
                )
            return 500, "text/plain", f"the query failed: {' '.join(str(err).split())}\n".encode()

    def run(
        self, sparql: str, bindings: Bindings | None = None, accept: str = "", client: str = ""
    ) -> tuple[int, str, bytes]:
        """(status, media type, body) of a read-only query, within the time limit; 503 when the
        queue is full or no slot frees in time."""
        busy = (503, "text/plain", b"the endpoint is busy: try again in a few seconds\n")
        with self._admission(client) as admitted:
            if not admitted or not self.running.acquire(timeout=self.timeout):
                return busy
            try:
                return self._run_child(sparql, bindings, accept)
            finally:
                self.running.release()

    def _run_child(self, sparql: str, bindings: Bindings | None, accept: str) -> tuple[int, str, bytes]:
        receive, send = multiprocessing.Pipe(duplex=False)
        child = _FORK.Process(target=self._child, args=(send, sparql, bindings or {}, accept), daemon=True)
        child.start()
        send.close()
        try:
            if not receive.poll(self.timeout):
                return 503, "text/plain", f"the query ran past the time limit of {self.timeout:g} s\n".encode()
            try:
                status, media, body = receive.recv()
            except EOFError:
                return 500, "text/plain", b"the query process ended without an answer\n"
            assert isinstance(status, int) and isinstance(media, str) and isinstance(body, bytes)  # what _child sends
            return status, media, body
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join()

    def _child(self, send: Connection, sparql: str, bindings: Bindings, accept: str) -> None:
        self.store.after_fork()
        try:
            answer = self._evaluate(sparql, bindings, accept)
        except Exception as err:  # noqa: BLE001 - whatever it is, the client gets one line, the log too
            answer = (
                500,
                "text/plain",
                f"the query failed: {type(err).__name__}: {' '.join(str(err).split())}\n".encode(),
            )
        send.send(answer)
        send.close()


def make_handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "plankg"

        def log_message(self, fmt: str, *args: Any) -> None:  # quiet: a BI tool polls often
            pass

        def log_error(self, fmt: str, *args: Any) -> None:  # a request line http.server could not read
            _log(f"{self.client_address[0]} {fmt % args}")

        def _send(self, status: int, media: str, body: bytes) -> None:
            if status == 400 or status >= 500:
                _log(
                    f"{self.client_address[0]} {self.command} {self.path[:200]!r}: {status} "
                    f"{body.decode('utf-8', 'replace').strip()[:200]}"
                )
            self.send_response(status)
            self.send_header("Content-Type", f"{media}; charset=utf-8" if media.startswith("text/") else media)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept")  # results and pages are negotiated by the Accept header
            if endpoint.options.cors:
                self.send_header("Access-Control-Allow-Origin", endpoint.options.cors)
            if status == 503:
                self.send_header("Retry-After", str(max(1, round(endpoint.timeout))))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Bearer realm="plankg"')
            self.end_headers()
            self.wfile.write(body)

        def _answer(self, route: Callable[[], None]) -> None:
            """Run a route; a request it cannot read (an IRI with a space or quote, a bad
            Content-Length, bytes that are not UTF-8) is answered 400 and logged in one line."""
            token = endpoint.options.read_token
            given = self.headers.get("Authorization", "")
            if token and not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return self._send(
                    401, "text/plain", b"this endpoint asks for its read token: Authorization: Bearer TOKEN\n"
                )
            try:
                route()
            except (ValueError, UnicodeError, LookupError) as err:
                self._send(400, "text/plain", f"malformed request: {' '.join(str(err).split())[:200]}\n".encode())

        def do_GET(self) -> None:  # http.server's name
            self._answer(self._get)

        def do_POST(self) -> None:
            self._answer(self._post)

        def do_OPTIONS(self) -> None:  # a browser's preflight, for the --cors origin
            self.send_response(204 if endpoint.options.cors else 405)
            if endpoint.options.cors:
                self.send_header("Access-Control-Allow-Origin", endpoint.options.cors)
                self.send_header("Access-Control-Allow-Methods", "GET, POST")
                self.send_header("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _query(self, text: str, name: str = "<request>", given: dict[str, str] | None = None) -> None:
            try:
                named = parse_query_file(name, text) if given is None else catalog()[name]
                check_read_only(named, allow_service=False)
                bindings = bind_parameters(named, given or {}, endpoint.fresh_store()) if given is not None else {}
                sparql = query_text(named) if given is not None else sparql_prologue() + text
            except KeyError:
                return self._send(404, "text/plain", f"no named query {name!r}\n".encode())
            except (PlankgError, UsageError) as err:
                return self._send(400, "text/plain", f"{err}\n".encode())
            status, media, body = endpoint.run(sparql, bindings, self.headers.get("Accept", ""), self.client_address[0])
            if status == 400 and given is None:  # positions in the user's own query, not after the prologue
                body = in_user_lines(body.decode("utf-8", "replace")).encode("utf-8")
            self._send(status, media, body)

        def _get(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            params = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/sparql":
                if "query" not in params:
                    return self._send(400, "text/plain", b"give the query as ?query=...\n")
                return self._query(params["query"])
            if url.path.startswith("/queries/"):
                return self._query("", url.path[len("/queries/") :], params)
            if url.path == "/context.jsonld":
                body = resources.files("plankg.ontology").joinpath("context.jsonld").read_bytes()
                return self._send(200, "application/ld+json", body)
            if url.path.startswith(("/id/", "/vocab/", "/ontology", "/graph/")):
                return self._describe(BASE.rstrip("/") + url.path)
            if url.path.startswith("/eli/"):
                return self._see_owner(BASE.rstrip("/") + url.path)
            self._send(404, "text/plain", b"not found: try /sparql, /queries/NAME, /id/...\n")

        def _post(self) -> None:
            if urllib.parse.urlsplit(self.path).path != "/sparql":
                return self._send(404, "text/plain", b"POST queries to /sparql\n")
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0:
                raise ValueError(f"Content-Length {length}")
            if length > MAX_BODY:
                return self._send(413, "text/plain", b"the query is too long\n")
            body = self.rfile.read(length).decode("utf-8")
            kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return self._send(400, "text/plain", b"SPARQL Update is not allowed here (read-only endpoint)\n")
            if kind == "application/x-www-form-urlencoded":
                form = dict(urllib.parse.parse_qsl(body))
                if "update" in form:
                    return self._send(400, "text/plain", b"SPARQL Update is not allowed here (read-only endpoint)\n")
                body = form.get("query", "")
            self._query(body)

        def _see_owner(self, eli: str, missing: str = "no document has the ELI") -> None:
            """An ELI is another name of a document, and a renamed province's former IRI another
            name of the province (``schema:sameAs``): 303 See Other to the node's own IRI."""
            owners = sorted(
                {
                    q.subject.value
                    for q in endpoint.fresh_store()
                    .reader()
                    .quads_for_pattern(None, ox.NamedNode(SCHEMA + "sameAs"), ox.NamedNode(eli))
                    if not isinstance(q.subject, ox.Triple)  # a quoted triple names no node
                }
            )
            if not owners:
                return self._send(404, "text/plain", f"{missing} <{eli}>\n".encode())
            self.send_response(303)
            self.send_header("Location", owners[0][len(BASE) - 1 :])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _describe(self, iri: str) -> None:
            """An IRI of the namespace as Turtle, N-Triples, RDF/XML, compact JSON-LD or a page
            (graph/pages.py; ``/ontology`` is the whole ontology)."""
            reader = endpoint.fresh_store().reader()
            triples = resource_triples(reader, iri)
            if not triples:  # a former IRI (a renamed province's) leads on to the node
                return self._see_owner(iri, "nothing is known of")
            media = _choose(self.headers.get("Accept", ""), GRAPH_TYPES | {"text/html": None}, "text/turtle")
            if media == "text/html":
                return self._send(200, "text/html", resource_html(reader, iri, triples).encode("utf-8"))
            self._send(200, media, graph_body(triples, media))

    return Handler


def graph_body(triples: list[ox.Triple], media: str) -> bytes:
    """Triples in a graph media type; JSON-LD compact with the shipped context."""
    if media == "application/ld+json":
        return json.dumps(compact_triples(triples), ensure_ascii=False, indent=1).encode("utf-8")
    body = ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=PREFIXES if media == "text/turtle" else None)
    assert body is not None  # no output given: the bytes are returned
    return body


def _log(line: str) -> None:
    """One line on stderr per refused or failed request (never a traceback)."""
    sys.stderr.write(f"plankg serve: {' '.join(line.split())}\n")
    sys.stderr.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: tuple[str, int] | str
    ) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):  # a client that went away says nothing
            _log(f"{client_address[0]} request failed: {type(error).__name__}: {error}")


def make_server(
    store: Store, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0, options: ServeOptions | None = None
) -> ThreadingHTTPServer:
    """A server ready to ``serve_forever`` (port 0: any free port, see ``server_address``)."""
    return _Server((host, port), make_handler(Endpoint(store, timeout, options=options)))


def serve_in_background(
    store: Store, timeout: float = 10.0, options: ServeOptions | None = None
) -> tuple[ThreadingHTTPServer, str]:
    """For tests and embedding: a server on a free local port, running in a thread; its base URL."""
    server = make_server(store, "127.0.0.1", 0, timeout, options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    assert isinstance(host, str)  # an IPv4 address
    return server, f"http://{host}:{port}"


def json_rows(body: bytes) -> list[dict[str, str]]:
    """The rows of a SPARQL JSON result, as plain values (for tests and scripts)."""
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
