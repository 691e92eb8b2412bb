"""A SPARQL 1.1 endpoint as a plankg store: the Query and Update protocols over HTTP.

``--store http://host:port/query`` names the query service; the Update service is its sibling
``…/update`` (Oxigraph's layout; set PLANKG_UPDATE_URL for another).

As in the embedded store, queries read a default graph that holds the union of the named graphs
as a set: after a write, one SPARQL Update rebuilds it on the server. A server's own union mode
(Oxigraph's ``union-default-graph``) is a bag, one copy of a triple per graph that holds it:
rows come back duplicated, and at a million triples a query joining facts that every plan
repeats (a central document's number, date and type) did not finish in a minute.
The server must therefore keep a default graph of its own (Oxigraph and Fuseki do, unless told
to use a union).

A write sends every changed graph, the union's refresh and the release of the lock as one SPARQL
Update request, which the server applies in one transaction: a client killed mid-write leaves
the server as it was, never half a build. Writers take a lease first (a lock graph naming its
owner and an expiry, taken by a conditional INSERT), so that two plankg writers cannot
interleave; a lease left by a killed writer expires. Reads that need the whole dataset (export,
validation, views) fetch it once.
Parameters are bound by a VALUES block at the head of every group graph pattern, so that they
reach every FILTER as Oxigraph's substitution does: the values are RDF terms serialised by
Oxigraph, never text pasted by plankg.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import BinaryIO, TypeVar

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.binding import with_values
from plankg.graph.store import Store, apply_change, refresh_union

T = TypeVar("T")
TIMEOUT = 60
# An answer larger than this is refused (an endpoint that never stops sending would fill memory).
MAX_ANSWER_BYTES = int(os.environ.get("PLANKG_REMOTE_MAX_BYTES", str(2 << 30)))
LOCK_GRAPH = "https://w3id.org/plankg/graph/lock"
LEASE_SECONDS = 600  # a writer killed mid-build frees the store after this long
LOCK_WAIT_SECONDS = 10
# The default graph as the set union of the named graphs, rebuilt on the server in one request.
REFRESH_UNION = "DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# A value of a SELECT's row as the JSON results give it (no quoted triples there).
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class RemoteSolutions:
    """SELECT results shaped like Oxigraph's (``variables``, iteration, ``solution[variable]``)."""

    def __init__(self, variables: list[str], rows: list[dict[str, Term]]) -> None:
        self.variables = [ox.Variable(v) for v in variables]
        self._rows = rows

    def __iter__(self) -> Iterator[_Solution]:
        names = [v.value for v in self.variables]
        for row in self._rows:
            yield _Solution(names, row)


class _Solution:
    """One row: by variable (``solution[variable]``) or, as a tuple, in the order of the variables."""

    def __init__(self, names: list[str], row: dict[str, Term]) -> None:
        self._names = names
        self._row = row

    def __getitem__(self, key: ox.Variable | str) -> Term | None:
        name = key.value if isinstance(key, ox.Variable) else key
        return self._row.get(name)

    def __iter__(self) -> Iterator[Term | None]:
        return (self._row.get(name) for name in self._names)


def _term(binding: dict[str, str]) -> Term:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def _quad(row: _Solution, url: str) -> ox.Quad:
    """A row of ``?s ?p ?o ?g`` as a statement in its graph."""
    s, p, o, g = row["s"], row["p"], row["o"], row["g"]
    if isinstance(s, (ox.NamedNode, ox.BlankNode)) and isinstance(p, ox.NamedNode) and o is not None:
        if isinstance(g, (ox.NamedNode, ox.BlankNode)):
            return ox.Quad(s, p, o, g)
    raise PlankgError(f"the SPARQL endpoint at {url} sent a statement that is not one: {s} {p} {o} in {g}")


def _value(term: Term | None) -> str:
    """A bound variable's value (every variable of the lease's and the graphs' queries is bound)."""
    if term is None:
        raise PlankgError("the SPARQL endpoint left a variable of a SELECT unbound")
    return term.value


def _read_bounded(response: BinaryIO, url: str) -> bytes:
    """The answer's body, refused past ``MAX_ANSWER_BYTES`` or past ``TIMEOUT`` × 10 seconds in
    all (``TIMEOUT`` bounds each read only: a trickle that never ends would pass it)."""
    chunks, size, deadline = [], 0, time.monotonic() + TIMEOUT * 10
    while chunk := response.read(1 << 20):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES or time.monotonic() > deadline:
            what = (
                f"more than {MAX_ANSWER_BYTES} bytes" if size > MAX_ANSWER_BYTES else f"for more than {TIMEOUT * 10} s"
            )
            raise PlankgError(
                f"the SPARQL endpoint at {url} kept sending ({what}); the answer was dropped "
                "(PLANKG_REMOTE_MAX_BYTES raises the limit)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


class RemoteStore(Store):
    def __init__(self, url: str) -> None:
        self.query_url = url
        base = url.rsplit("/", 1)[0] if url.rstrip("/").endswith(("/query", "/sparql")) else url.rstrip("/")
        self.update_url = os.environ.get("PLANKG_UPDATE_URL", base + "/update")
        self._dataset: ox.Store | None = None

    # -- HTTP ------------------------------------------------------------------------------------
    def _request(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
    ) -> tuple[str, bytes]:
        headers = {k: v for k, v in (("Content-Type", content_type), ("Accept", accept)) if v}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.headers.get("Content-Type", ""), _read_bounded(response, url)
        except urllib.error.HTTPError as err:
            detail = " ".join(err.read().decode("utf-8", "replace").split())[:200]
            raise PlankgError(f"the SPARQL endpoint answered {err.code} {err.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise PlankgError(f"cannot reach the SPARQL endpoint at {url} ({reason})") from None

    def _sparql(self, text: str, accept: str) -> tuple[str, bytes]:
        kind, body = self._request(self.query_url, "POST", text.encode("utf-8"), "application/sparql-query", accept)
        if "html" in kind:
            raise PlankgError(f"{self.query_url} does not answer as a SPARQL endpoint (it sent {kind or 'no type'})")
        return kind, body

    # -- the Store interface ------------------------------------------------------------------------
    def query(
        self, sparql: str, substitutions: Mapping[str, object] | None = None
    ) -> RemoteSolutions | bool | list[ox.Quad]:
        text = with_values(sparql, substitutions or {})
        try:
            kind, body = self._sparql(text, "application/sparql-results+json, application/n-triples;q=0.9")
        except PlankgError as err:
            if " 400 " in str(err):
                raise PlankgError(f"malformed SPARQL query ({err})") from None
            raise
        if "json" in kind:
            try:
                data = json.loads(body)
            except ValueError:
                raise PlankgError(f"{self.query_url} sent results that are not JSON") from None
            if "boolean" in data:
                return bool(data["boolean"])
            try:
                rows = [{k: _term(v) for k, v in b.items()} for b in data["results"]["bindings"]]
            except (KeyError, TypeError, AttributeError):
                raise PlankgError(f"{self.query_url} sent JSON that is not a SPARQL results document") from None
            return RemoteSolutions(data["head"].get("vars", []), rows)
        try:
            return [t for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError:
            raise PlankgError(f"{self.query_url} does not answer as a SPARQL endpoint") from None

    def _select(self, sparql: str) -> RemoteSolutions:
        """The rows of a SELECT (an endpoint that answers it otherwise is refused)."""
        rows = self.query(sparql)
        if not isinstance(rows, RemoteSolutions):
            raise PlankgError(f"{self.query_url} did not answer a SELECT with rows")
        return rows

    def reader(self) -> ox.Store:
        """The whole dataset, fetched once (export, validation, views)."""
        if self._dataset is None:
            rows = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            dataset = ox.Store()
            dataset.extend(_quad(r, self.query_url) for r in rows)
            refresh_union(dataset)
            self._dataset = dataset
        return self._dataset

    def graphs(self) -> list[str]:
        return sorted(_value(r["g"]) for r in self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))

    def write(self, change: Callable[[ox.Store], T]) -> T:
        """Under a lease, apply ``change`` to a local copy of the dataset, then send every graph
        it changed, the union's refresh and the release as one Update (module doc)."""
        owner: str | None = self._take_lease()
        try:
            self._dataset = None
            before = ox.Store()
            before.extend(self.reader())
            working = ox.Store()
            working.extend(before)
            result = apply_change(working, change)
            operations = []
            lock = ox.NamedNode(LOCK_GRAPH)
            names = ({g for g in before.named_graphs()} | {g for g in working.named_graphs()}) - {lock}
            for graph in sorted(names, key=lambda g: g.value):
                old = set(before.quads_for_pattern(None, None, None, graph))
                new = set(working.quads_for_pattern(None, None, None, graph))
                if old == new:
                    continue
                operations.append(f"DROP SILENT GRAPH {graph}")
                if new:
                    triples = working.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                    assert triples is not None  # no output given: the bytes are returned
                    operations.append(f"INSERT DATA {{ GRAPH {graph} {{\n{triples.decode('utf-8')}}} }}")
            operations += [f"DROP SILENT GRAPH <{LOCK_GRAPH}>", REFRESH_UNION]
            self._request(self.update_url, "POST", " ;\n".join(operations).encode("utf-8"), "application/sparql-update")
            owner = None  # released by the update itself
            return result
        finally:
            self._dataset = None
            if owner:
                self._release_lease(owner)

    # -- the lease ---------------------------------------------------------------------------
    def _take_lease(self, wait: float = LOCK_WAIT_SECONDS) -> str:
        """Take the store's lease (or fail after ``wait`` seconds naming its holder)."""
        owner = f"plankg {os.getpid()}@{socket.gethostname()} {uuid.uuid4().hex[:8]}"
        deadline = time.monotonic() + wait
        lock = f"<{LOCK_GRAPH}>"
        while True:
            now = time.time()
            self._request(
                self.update_url,
                "POST",
                (
                    f"DELETE {{ GRAPH {lock} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {lock} {{ ?s ?p ?o . {lock} <urn:plankg:until> ?t }} "
                    f"FILTER(?t < {now}) }} ;\n"
                    f"INSERT {{ GRAPH {lock} {{ {lock} <urn:plankg:owner> {json.dumps(owner)} ; <urn:plankg:until> {now + LEASE_SECONDS} }} }} "
                    f"WHERE {{ FILTER NOT EXISTS {{ GRAPH {lock} {{ ?s ?p ?o }} }} }}"
                ).encode(),
                "application/sparql-update",
            )
            holders = [
                _value(r["o"])
                for r in self._select(f"SELECT ?o WHERE {{ GRAPH {lock} {{ {lock} <urn:plankg:owner> ?o }} }}")
            ]
            if holders == [owner]:
                return owner
            if time.monotonic() >= deadline:
                raise PlankgError(
                    f"{self.query_url}: the store is being written by {holders[0] if holders else 'another writer'}; "
                    "try again when it has finished"
                )
            time.sleep(0.2)

    def _release_lease(self, owner: str) -> None:
        lock = f"<{LOCK_GRAPH}>"
        self._request(
            self.update_url,
            "POST",
            (
                f"DELETE WHERE {{ GRAPH {lock} {{ {lock} <urn:plankg:owner> {json.dumps(owner)} ; <urn:plankg:until> ?t }} }}"
            ).encode(),
            "application/sparql-update",
        )
