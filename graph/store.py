"""Where the graph lives, behind one small interface.

- ``MemoryStore``: an in-process Oxigraph store (tests, one-shot jobs).
- ``DiskStore``: the default for the CLI. Oxigraph (RocksDB) data in versioned folders; a write
  works on a fresh checkpoint of the current version and is switched in by one atomic rename of
  a symlink, so a build that fails or is killed half-way leaves the store as it was, and readers
  never see a half-written graph. One writer at a time (an flock on ``lock``); a second writer
  waits a little, then fails with a clear message.
- ``RemoteStore`` (``plankg.graph.remote``): a SPARQL 1.1 endpoint.

Every store answers SPARQL over the union of its named graphs, as a set: after each write the
default graph is refreshed to hold that union (one copy of each triple, however many sources
assert it). Oxigraph's own union mode returns a triple once per graph that holds it, and joins
over such bags grow with the number of sources: a query that takes 11 ms this way took 2.9 s
at a million triples. Exports and counts leave the default graph out.
"""
from __future__ import annotations

import contextlib
import errno
import gc
import fcntl
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.binding import with_values

MARKER = "plankg-store.json"
CURRENT = "current"
LOCK_WAIT_SECONDS = 10.0
T = TypeVar("T")


class Store:
    """What commands need from a store: read with SPARQL, write in one transaction, dump."""

    def reader(self) -> ox.Store:  # pragma: no cover - interface
        raise NotImplementedError

    def write(self, change: Callable[[ox.Store], T]) -> T:  # pragma: no cover - interface
        """Apply ``change`` to a working copy and make it current only if ``change`` returns.

        ``change`` gets a writable Oxigraph store and must not keep it: the working copy is
        closed before it is switched in.
        """
        raise NotImplementedError

    def after_fork(self) -> None:
        """In a child process: drop what was opened in the parent, to be opened again (serve)."""

    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a read-only SPARQL query (an Update is refused by the query parser). Parameters
        the query does not project are bound by VALUES blocks (graph/binding.py)."""
        try:
            try:
                return self.reader().query(sparql, substitutions={ox.Variable(k): v for k, v in (substitutions or {}).items()})
            except (ValueError, RuntimeError, OSError) as err:
                if "projection" not in str(err):
                    raise
                return self.reader().query(with_values(sparql, substitutions or {}))
        except SyntaxError as err:
            raise PlankgError(f"malformed SPARQL query: {' '.join(str(err).split())}") from None
        except (OSError, RuntimeError, ValueError) as err:
            raise PlankgError(f"the query failed: {' '.join(str(err).split())}") from None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.reader().named_graphs())

    def __len__(self) -> int:
        """Quads in the named graphs (the union copy in the default graph is not counted)."""
        return count_named_quads(self.reader())

    def dump(self, output, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Serialise everything: datasets keep their named graphs, triple formats get the union."""
        dump_store(self.reader(), output, fmt, prefixes)


def dump_store(reader: ox.Store, output, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
    """``Store.dump`` of an Oxigraph store (also the working copy inside a transaction)."""
    if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        reader.dump(output, fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        return
    # Graph by graph, so that the union copy in the default graph stays out.
    chunks = [] if fmt == ox.RdfFormat.N_QUADS else [
        "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in (prefixes or {}).items()).encode()]
    for graph in sorted(reader.named_graphs(), key=lambda g: g.value):
        if fmt == ox.RdfFormat.N_QUADS:  # N-Triples lines end in " .": the graph goes before the dot
            triples = reader.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            chunks.append(triples.replace(b" .\n", f" {graph} .\n".encode()))
        else:
            body = reader.dump(format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=prefixes)
            body = b"\n".join(line for line in body.split(b"\n") if not line.startswith(b"@prefix"))
            chunks.append(f"\n{graph} {{\n".encode() + body + b"\n}\n")
    data = b"".join(chunks)
    if hasattr(output, "write"):
        output.write(data)
    else:
        with open(output, "wb") as handle:
            handle.write(data)


def stated_quads(store: ox.Store, s=None, p=None, o=None, graph=None):
    """Quads of the named graphs matching the pattern: not the default graph, which holds the
    union copy (and is stale in the middle of a write, until ``refresh_union``)."""
    return (q for q in store.quads_for_pattern(s, p, o, graph) if not isinstance(q.graph_name, ox.DefaultGraph))


def count_named_quads(store: ox.Store) -> int:
    row = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    return len(store) - int(row["n"].value)


# Graphs whose triples a write has already put into the default graph (see bulk_load_quads),
# by working store; refresh_union copies only the others.
_UNION_FED: dict[int, set[str]] = {}

# The graph label ending a canonical N-Quads statement ("<s> <p> <o> <g> ."); a statement with
# no graph ends in its object, which this pattern only takes for a graph when the object is an
# IRI or blank node: what is left ("<s> <p> .") is then not N-Triples, and the load says so.
_GRAPH_LABEL = re.compile(rb" (<[^>\s]*>|_:[^\s]+) \.$", re.MULTILINE)
_BLOCK_BYTES = 16 << 20


def refresh_union(working: ox.Store) -> None:
    """Complete the default graph (empty, or fed by bulk loads) to the union, as a set, of the
    named graphs, copying the graphs no bulk load has already put there."""
    fed = _UNION_FED.pop(id(working), set())
    others = [g for g in working.named_graphs() if g.value not in fed]
    if not others:
        return
    data = b"".join(working.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in others)
    working.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)


def _graph_labels(path: Path) -> set[str]:
    """The graph IRIs an N-Quads file names, read block by block (blank-node graphs are the
    file's own and replace nothing)."""
    labels: set[bytes] = set()
    for block in _line_blocks(path):
        labels.update(_GRAPH_LABEL.findall(block))
    return {label[1:-1].decode("utf-8", "replace") for label in labels if label.startswith(b"<")}


def _line_blocks(path: Path) -> Iterator[bytes]:
    """The file in blocks of whole lines (the last one given a line end), for bounded memory."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK_BYTES):
            data = tail + block
            cut = data.rfind(b"\n") + 1
            tail = data[cut:]
            if cut:
                yield data[:cut]
    if tail.strip():
        yield tail + b"\n"


def _strip_graph_labels(path: Path, out) -> tuple[int, int]:
    """Write the statements without their graph labels; (labels removed, statements seen)."""
    labelled = statements = 0
    for block in _line_blocks(path):
        stripped, count = _GRAPH_LABEL.subn(b" .", block)
        labelled += count
        statements += block.count(b" .\n")
        out.write(stripped)
    out.flush()
    return labelled, statements


def bulk_load_quads(working: ox.Store, path: Path, replaceable: set[str]) -> bool:
    """Load an N-Quads file into its named graphs and, at the same time, its triples into the
    default graph (which is a set: triples several graphs share are stored once).

    Oxigraph's loader runs in a thread and leaves part of the machine free; meanwhile this
    thread strips the graph labels and loads the triples: at a million quads the union costs a
    few seconds instead of the 12 s of copying it afterwards. Only files where every statement
    names its graph qualify (a loose triple belongs to the file's own graph, which the caller
    decides): for any other, returns False with ``working`` as it was, less the replaced graphs.
    """
    for name in _graph_labels(path) & replaceable if replaceable else ():
        working.remove_graph(ox.NamedNode(name))
    before = {g.value for g in working.named_graphs()}
    errors: list[BaseException] = []

    def load_quads() -> None:
        try:
            working.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except BaseException as err:  # re-raised in the calling thread
            errors.append(err)

    loader = threading.Thread(target=load_quads, name="plankg-load")
    loader.start()
    try:
        with tempfile.NamedTemporaryFile(suffix=".nt") as triples:
            labelled, statements = _strip_graph_labels(path, triples)
            # A statement ending in a literal has no graph; one ending in an IRI without a graph
            # lost its object to the pattern, and the N-Triples parser refuses what is left.
            loose = labelled == 0 or labelled != statements
            if not loose:
                try:
                    working.bulk_load(path=triples.name, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                except SyntaxError:
                    loose = True
    finally:
        loader.join()
    if errors:
        raise errors[0]
    if loose:  # undo: the caller loads the file its own way, the union is copied at the end
        for graph in [g for g in working.named_graphs() if g.value not in before]:
            working.remove_graph(graph)
        working.clear_graph(ox.DefaultGraph())
        _UNION_FED.pop(id(working), None)
        return False
    _UNION_FED.setdefault(id(working), set()).update(g.value for g in working.named_graphs() if g.value not in before)
    return True


def apply_change(working: ox.Store, change: Callable[[ox.Store], T]) -> T:
    """``change`` sees the named graphs only (bulk loads may feed the default graph); the union
    is completed after it."""
    working.clear_graph(ox.DefaultGraph())
    _UNION_FED.pop(id(working), None)
    try:
        result = change(working)
        refresh_union(working)
    finally:
        _UNION_FED.pop(id(working), None)
    return result


class MemoryStore(Store):
    """An in-memory store; a transaction works on a copy that replaces it on success."""

    def __init__(self) -> None:
        self._store = ox.Store()

    def reader(self) -> ox.Store:
        return self._store

    def write(self, change: Callable[[ox.Store], T]) -> T:
        working = ox.Store()
        working.extend(self._store)
        result = apply_change(working, change)
        self._store = working
        return result


class DiskStore(Store):
    """An Oxigraph store in a folder (see the module doc for the layout and guarantees)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).absolute()
        self._reader: ox.Store | None = None

    def after_fork(self) -> None:
        self._reader = None

    # -- layout ------------------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.root / MARKER).is_file()

    def _check_root(self, create: bool) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise PlankgError(f"{self.root}: is a file, not a plankg store folder")
        if self.exists():
            try:
                meta = json.loads((self.root / MARKER).read_text("utf-8"))
            except (OSError, ValueError):
                meta = {}
            if meta.get("format") != "plankg-store":
                raise PlankgError(f"{self.root}: not a plankg store (its {MARKER} is damaged)")
            return
        if self.root.is_dir() and any(self.root.iterdir()):
            raise PlankgError(f"{self.root}: not a plankg store (a folder with other files in it); "
                              "choose another --store path")
        if not create:
            raise PlankgError(f"no store at {self.root}: run 'plankg build' first")
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / MARKER).write_text(json.dumps({"format": "plankg-store", "version": 1}) + "\n", "utf-8")

    def _current_dir(self) -> Path | None:
        link = self.root / CURRENT
        return link.resolve() if link.is_symlink() else None

    # -- reading -------------------------------------------------------------------------------
    def reader(self) -> ox.Store:
        if self._reader is None:
            self._check_root(create=False)
            current = self._current_dir()
            if current is None:
                self._reader = ox.Store()  # created but never written: empty
            else:
                try:
                    self._reader = ox.Store.read_only(str(current))
                except OSError as err:
                    raise PlankgError(f"{self.root}: the store data cannot be opened ({err})") from None
        return self._reader

    # -- writing -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self, wait: float) -> Iterator[None]:
        try:
            handle = open(self.root / "lock", "a+", encoding="utf-8")
        except OSError as err:  # a store folder (or its lock) this user may not write
            raise PlankgError(f"{self.root}: cannot write the store ({err.strerror or err}); "
                              "it is as it was before this command") from None
        deadline = time.monotonic() + wait
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as err:
                    if err.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                        handle.seek(0)
                        holder = handle.read().strip() or "another process"
                        raise PlankgError(f"{self.root}: the store is being written by {holder}; "
                                          "try again when it has finished") from None
                    time.sleep(0.1)
            handle.seek(0)
            handle.truncate()
            handle.write(f"plankg process {os.getpid()}")
            handle.flush()
            yield
        finally:
            handle.close()

    def write(self, change: Callable[[ox.Store], T], wait: float = LOCK_WAIT_SECONDS) -> T:
        self._check_root(create=True)
        with self._lock(wait):
            self._remove_stale_versions()
            current = self._current_dir()
            number = int(current.name.split("-")[1]) + 1 if current else 1
            working_dir = self.root / f"work-{number:06d}"
            final_dir = self.root / f"data-{number:06d}"
            for path in (working_dir, final_dir):
                shutil.rmtree(path, ignore_errors=True)
            try:
                if current:
                    ox.Store.read_only(str(current)).backup(str(working_dir))
                result = self._change_and_snapshot(working_dir, final_dir, change)
                temp_link = self.root / f"{CURRENT}.tmp"
                if temp_link.is_symlink() or temp_link.exists():
                    temp_link.unlink()
                temp_link.symlink_to(final_dir.name)
                os.replace(temp_link, self.root / CURRENT)  # the one atomic step
                self._reader = None
                self._remove_stale_versions()
                return result
            except OSError as err:  # a full disk, a folder made read-only: the current version stays
                shutil.rmtree(final_dir, ignore_errors=True)
                raise PlankgError(f"{self.root}: cannot write the store ({err.strerror or err}); "
                                  "it is as it was before this command") from None
            except BaseException:
                shutil.rmtree(final_dir, ignore_errors=True)
                raise
            finally:
                shutil.rmtree(working_dir, ignore_errors=True)

    @staticmethod
    def _change_and_snapshot(working_dir: Path, final_dir: Path, change: Callable[[ox.Store], T]) -> T:
        """Run ``change`` on a working copy, then freeze it as a checkpoint in ``final_dir``.

        The checkpoint (hard links) is a consistent copy that readers can open at once, whatever
        still holds the read-write working copy (a query result may keep it alive a while).
        """
        working = ox.Store(str(working_dir))
        result = apply_change(working, change)
        working.flush()
        working.backup(str(final_dir))
        del working
        gc.collect()
        return result

    def _remove_stale_versions(self) -> None:
        """Drop versions older than the previous one (readers may still hold the previous)."""
        current = self._current_dir()
        for path in self.root.glob("work-*"):
            shutil.rmtree(path, ignore_errors=True)  # left behind by a writer that was killed
        versions = sorted(p.name for p in self.root.glob("data-*") if p.is_dir())
        keep = {current.name} if current else set()
        if current:
            keep.update([name for name in versions if name < current.name][-1:])
        for name in versions:
            if name not in keep:
                shutil.rmtree(self.root / name, ignore_errors=True)


def open_store(spec: str | Path) -> Store:
    """A store from a --store value: ":memory:", an http(s) SPARQL endpoint, or a folder."""
    spec = str(spec)
    if spec == ":memory:":
        return MemoryStore()
    if spec.startswith(("http://", "https://")):
        from plankg.graph.remote import RemoteStore

        return RemoteStore(spec)
    return DiskStore(spec)
