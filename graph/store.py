"""Where the graph lives, behind one small interface.

- ``MemoryStore``: an in-process Oxigraph store (tests, one-shot jobs).
- ``DiskStore``: the default for the CLI. Oxigraph (RocksDB) data in versioned folders
  (``data-000007``); a write works on a fresh checkpoint of the current version and is switched
  in by one atomic rename of the pointer file ``current.json``, so a build that fails or is
  killed half-way leaves the store as it was, and readers never see a half-written graph. The
  pointer is a plain file, not a symbolic link: a store copied with zip, scp or a sync tool
  keeps it (stores of the older form, with a ``current`` link, still open). A store whose
  pointer is lost, or of a format this plankg does not know, is refused, never read as empty;
  a write deletes only a version the pointer names as two versions back, never a folder it
  merely finds. One writer at a time (an flock on ``lock``); a second writer waits a little,
  then fails with a clear message.
- ``RemoteStore`` (``plankg.graph.remote``): a SPARQL 1.1 endpoint, beside these two; it imports
  this interface, never the other way round (``plankg.graph.backends.open_store`` picks one).

Every store answers SPARQL over the union of its named graphs, as a set: after each write the
default graph is refreshed to hold that union (one copy of each triple, however many sources
assert it). Oxigraph's own union mode returns a triple once per graph that holds it, and joins
over such bags grow with the number of sources: a query that takes 11 ms this way took 2.9 s
at a million triples. Exports and counts leave the default graph out.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, TypeVar

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.binding import with_values

MARKER = "plankg-store.json"
FORMAT_VERSION = 1
POINTER = "current.json"
CURRENT = "current"  # the symbolic link of the older layout
_VERSION = re.compile(r"data-(\d{6})")
LOCK_WAIT_SECONDS = 10.0
T = TypeVar("T")
# Where a dump goes: a file by its path, or an open binary file.
Output = str | os.PathLike[str] | IO[bytes]
# A term a statement or a query's parameter may hold (RDF-star: a quoted triple).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


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

    def query(self, sparql: str, substitutions: Mapping[str, Term] | None = None) -> Any:
        """Run a read-only SPARQL query (an Update is refused by the query parser). Parameters
        the query does not project are bound by VALUES blocks (graph/binding.py). The result is
        Oxigraph's (or, remote, its look-alike): solutions, a boolean or triples by the query's
        form, read by the caller that knows which it asked for."""
        check_nesting(sparql)
        try:
            try:
                return self.reader().query(
                    sparql, substitutions={ox.Variable(k): v for k, v in (substitutions or {}).items()}
                )
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

    def dump(self, output: Output, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Serialise everything: datasets keep their named graphs, triple formats get the union."""
        dump_store(self.reader(), output, fmt, prefixes)


MAX_NESTING = 256
_NESTING_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[{}()\[\]]'
)


def check_nesting(sparql: str) -> None:
    """Refuse a query nested deeper than ``MAX_NESTING`` groups or brackets: the engine's parser
    recurses, and a few thousand levels crash the process instead of failing."""
    depth = deepest = 0
    for token in _NESTING_TOKENS.findall(sparql):
        if token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "})]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise PlankgError(
            f"the query is nested {deepest} levels deep, more than the {MAX_NESTING} this engine reads safely"
        )


def dump_store(reader: ox.Store, output: Output, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
    """``Store.dump`` of an Oxigraph store (also the working copy inside a transaction)."""
    if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        reader.dump(output, fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        return
    # Graph by graph, so that the union copy in the default graph stays out; each graph is
    # written as it is serialised (a whole store's bytes are never held at once).
    if isinstance(output, (str, os.PathLike)):
        with open(output, "wb") as handle:
            _write_graphs(reader, handle, fmt, prefixes)
    else:
        _write_graphs(reader, output, fmt, prefixes)


def _write_graphs(reader: ox.Store, out: IO[bytes], fmt: ox.RdfFormat, prefixes: dict[str, str] | None) -> None:
    if fmt == ox.RdfFormat.TRIG:
        out.write("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in (prefixes or {}).items()).encode())
    for graph in sorted(reader.named_graphs(), key=lambda g: g.value):
        if fmt == ox.RdfFormat.N_QUADS:  # N-Triples lines end in " .": the graph goes before the dot
            triples = _dumped(reader, ox.RdfFormat.N_TRIPLES, graph)
            out.write(triples.replace(b" .\n", f" {graph} .\n".encode()))
        else:
            body = _dumped(reader, ox.RdfFormat.TURTLE, graph, prefixes)
            body = b"\n".join(line for line in body.split(b"\n") if not line.startswith(b"@prefix"))
            out.write(f"\n{graph} {{\n".encode() + body + b"\n}\n")


def _dumped(
    reader: ox.Store, fmt: ox.RdfFormat, graph: ox.NamedNode | ox.BlankNode, prefixes: dict[str, str] | None = None
) -> bytes:
    """One graph's statements in ``fmt``, as bytes."""
    data = reader.dump(format=fmt, from_graph=graph, prefixes=prefixes)
    assert data is not None  # no output given: the bytes are returned
    return data


def stated_quads(
    store: ox.Store,
    s: ox.NamedNode | ox.BlankNode | ox.Triple | None = None,
    p: ox.NamedNode | None = None,
    o: Term | None = None,
    graph: ox.NamedNode | ox.BlankNode | None = None,
) -> Iterator[ox.Quad]:
    """Quads of the named graphs matching the pattern: not the default graph, which holds the
    union copy (and is stale in the middle of a write, until ``refresh_union``)."""
    return (q for q in store.quads_for_pattern(s, p, o, graph) if not isinstance(q.graph_name, ox.DefaultGraph))


def count_named_quads(store: ox.Store) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    row = next(iter(rows))
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
    block: list[bytes] = []
    size = 0
    for graph in others:
        for lines in _cut_at_lines(_dumped(working, ox.RdfFormat.N_TRIPLES, graph), _UNION_BLOCK_BYTES):
            block.append(lines)
            size += len(lines)
            if size >= _UNION_BLOCK_BYTES:
                working.bulk_load(b"".join(block), format=ox.RdfFormat.N_TRIPLES)
                block, size = [], 0
    if block:
        working.bulk_load(b"".join(block), format=ox.RdfFormat.N_TRIPLES)


# Oxigraph's bulk loader holds all it is given (several times its N-Triples): loaded a few
# megabytes at a time, the union of 5,000 texts costs the same memory as that of 50.
_UNION_BLOCK_BYTES = 4 << 20


def _cut_at_lines(data: bytes, size: int) -> Iterator[bytes]:
    """``data`` in pieces of about ``size`` bytes, each ending at a line end."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + size) + 1 or len(data)
        yield data[start:end]
        start = end


def graph_labels(path: Path) -> set[str]:
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


def _stripgraph_labels(path: Path, out: IO[bytes]) -> tuple[int, int]:
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
    for name in graph_labels(path) & replaceable if replaceable else ():
        working.remove_graph(ox.NamedNode(name))
    before = {g.value for g in working.named_graphs()}
    errors: list[BaseException] = []

    def load_quads() -> None:
        try:
            working.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except BaseException as err:  # noqa: BLE001 - re-raised in the calling thread
            errors.append(err)

    loader = threading.Thread(target=load_quads, name="plankg-load")
    loader.start()
    try:
        with tempfile.NamedTemporaryFile(suffix=".nt") as triples:
            labelled, statements = _stripgraph_labels(path, triples)
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


_NUMBERS_USED: dict[Path, int] = {}  # by store folder: the last version number this process took


class DiskStore(Store):
    """An Oxigraph store in a folder (see the module doc for the layout and guarantees)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).absolute()
        self._reader: ox.Store | None = None
        self._opened: Path | None = None  # the version folder the reader has open

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
            if not isinstance(meta, dict) or meta.get("format") != "plankg-store":
                raise PlankgError(f"{self.root}: not a plankg store (its {MARKER} is damaged)")
            if meta.get("version") != FORMAT_VERSION:
                raise PlankgError(
                    f"{self.root}: a store of format version {meta.get('version')!r}, which this plankg "
                    f"(format {FORMAT_VERSION}) does not know; nothing was read or written"
                )
            return
        if self.root.is_dir() and any(self.root.iterdir()):
            raise PlankgError(
                f"{self.root}: not a plankg store (a folder with other files in it); choose another --store path"
            )
        if not create:
            raise PlankgError(f"no store at {self.root}: run 'plankg build' first")
        self.root.mkdir(parents=True, exist_ok=True)
        write_json_atomically(self.root / MARKER, {"format": "plankg-store", "version": FORMAT_VERSION})

    def versions(self) -> list[str]:
        """The version folders present (``data-000007``), oldest first."""
        return sorted(p.name for p in self.root.glob("data-*") if _VERSION.fullmatch(p.name) and p.is_dir())

    def _pointer(self) -> dict[str, str | None]:
        """What ``current.json`` says ({} when there is none); refuses a damaged one."""
        pointer = self.root / POINTER
        if not pointer.exists():
            return {}
        try:
            data = json.loads(pointer.read_text("utf-8"))
            if not isinstance(data, dict) or not _VERSION.fullmatch(str(data.get("current"))):
                raise ValueError
        except (OSError, ValueError):
            raise PlankgError(
                f"{self.root}: its {POINTER} is damaged; nothing was read or written "
                "('plankg store check' lists the versions it holds)"
            ) from None
        return data

    def _current_dir(self) -> Path | None:
        """The current version's folder, None for a store never written. A store that holds
        versions but cannot say which is current is refused: read as empty, the next write
        would have replaced its data."""
        pointed = self._pointer().get("current")
        if pointed:
            if not (self.root / pointed).is_dir():
                raise PlankgError(
                    f"{self.root}: its {POINTER} names {pointed}, which is missing; nothing was read "
                    "or written ('plankg store check' lists the versions it holds)"
                )
            return self.root / pointed
        link = self.root / CURRENT
        if link.is_symlink():  # the older layout
            if not link.resolve().is_dir():
                raise PlankgError(
                    f"{self.root}: its '{CURRENT}' link points to a missing version; nothing was read "
                    "or written ('plankg store check' lists the versions it holds)"
                )
            return link.resolve()
        if link.is_dir():  # the older layout, copied by a tool that follows links (zip, scp -r, cp -rL)
            return link
        if self.versions():
            raise PlankgError(
                f"{self.root}: holds {len(self.versions())} version(s) but no {POINTER} saying which "
                "is current (copied without it?); nothing was read or written ('plankg store check' "
                "lists them, 'plankg store restore' takes a backup)"
            )
        return None

    # -- reading -------------------------------------------------------------------------------
    def reader(self) -> ox.Store:
        if self._reader is None:
            self._check_root(create=False)
            current = self._current_dir()
            if current is None:
                self._reader = ox.Store()  # created but never written: empty
            else:
                self._reader = _open_read_only(current, self.root)
                self._opened = current
        return self._reader

    def changed(self) -> bool:
        """Whether another version has been committed since ``reader`` opened one (serve)."""
        if self._reader is None:
            return False
        try:
            return self._current_dir() != self._opened
        except PlankgError:
            return False

    def reopen(self) -> None:
        """Drop the open version: the next ``reader`` opens the current one."""
        self._reader = None
        self._opened = None

    # -- writing -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self, wait: float) -> Iterator[None]:
        try:
            handle = open(self.root / "lock", "a+", encoding="utf-8")  # noqa: SIM115 - held until the write ends
        except OSError as err:  # a store folder (or its lock) this user may not write
            raise PlankgError(
                f"{self.root}: cannot write the store ({err.strerror or err}); it is as it was before this command"
            ) from None
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
                        raise PlankgError(
                            f"{self.root}: the store is being written by {holder}; try again when it has finished"
                        ) from None
                    time.sleep(0.1)
            handle.seek(0)
            handle.truncate()
            handle.write(f"plankg process {os.getpid()}")
            handle.flush()
            yield
        finally:
            handle.close()

    def write(self, change: Callable[[ox.Store], T], wait: float = LOCK_WAIT_SECONDS) -> T:
        return self._commit(
            lambda current, working_dir, final_dir: self._change_from(current, working_dir, final_dir, change), wait
        )

    def restore(self, backup: DiskStore, wait: float = LOCK_WAIT_SECONDS) -> None:
        """Make the current version of ``backup`` (another store folder) this store's current
        version: a new version like a write, so the one it replaces stays until the next."""
        backup._check_root(create=False)
        source = backup._current_dir()
        if source is None:
            raise PlankgError(f"{backup.root}: the backup holds no version")
        _open_read_only(source, backup.root)  # a damaged backup is refused before anything changes
        self._commit(lambda _current, _working, final_dir: _checkpoint(source, final_dir), wait)

    def _change_from(
        self, current: Path | None, working_dir: Path, final_dir: Path, change: Callable[[ox.Store], T]
    ) -> T:
        if current:
            _checkpoint(current, working_dir)
        return self._change_and_snapshot(working_dir, final_dir, change)

    def _commit(self, make: Callable[[Path | None, Path, Path], T], wait: float) -> T:
        """Under the lock: ``make`` fills a new version folder, which the pointer then names."""
        self._check_root(create=True)
        with self._lock(wait):
            for path in self.root.glob("work-*"):  # left behind by a writer that was killed
                if re.fullmatch(r"work-\d{6}", path.name):
                    shutil.rmtree(path, ignore_errors=True)
            old = self._pointer()
            current = self._current_dir()
            taken = [
                int(m.group(1)) for p in self.root.iterdir() if (m := re.fullmatch(r"(?:data|work)-(\d{6})", p.name))
            ]
            # a fresh name: no folder already there is ever replaced, nor the working copy of a
            # failed write that this process may still hold open (its traceback keeps it alive)
            number = max(taken + [_NUMBERS_USED.get(self.root, 0)], default=0) + 1
            _NUMBERS_USED[self.root] = number
            working_dir = self.root / f"work-{number:06d}"
            final_dir = self.root / f"data-{number:06d}"
            try:
                result = make(current, working_dir, final_dir)
                previous = (
                    current.name
                    if current and current.parent == self.root and _VERSION.fullmatch(current.name)
                    else None
                )
                write_json_atomically(
                    self.root / POINTER, {"current": final_dir.name, "previous": previous}
                )  # the one atomic step
                self._reader = None
                self._retire(old.get("previous"), keep={final_dir.name, previous})
                return result
            except OSError as err:  # a full disk, a folder made read-only: the current version stays
                raise PlankgError(
                    f"{self.root}: cannot write the store ({err.strerror or err}); it is as it was before this command"
                ) from None
            finally:
                if not _names(self.root / POINTER, final_dir.name):
                    shutil.rmtree(final_dir, ignore_errors=True)  # this command's own, never committed
                shutil.rmtree(working_dir, ignore_errors=True)

    def backup_to(self, target: Path) -> Path:
        """Copy the current version into ``target`` (a new folder, or an empty one) as a store of
        its own: plain files only, no symbolic or hard links, safe for zip, scp and sync tools."""
        target = Path(target).absolute()
        if target == self.root or self.root in target.parents:
            raise PlankgError(f"{target}: is inside the store {self.root}; put the backup elsewhere")
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise PlankgError(f"{target}: already exists and is not an empty folder; give a new folder for the backup")
        self._check_root(create=False)
        if self._current_dir() is None:
            raise PlankgError(f"{self.root}: the store holds no version yet; nothing to back up")
        copy = DiskStore(target)
        copy.restore(self)
        for path in copy.root.rglob("*"):  # a checkpoint shares files by hard links: make them copies
            if path.is_file() and path.stat().st_nlink > 1:
                temp = path.with_name(path.name + ".copy")
                shutil.copy2(path, temp)
                os.replace(temp, path)
        (copy.root / "lock").unlink(missing_ok=True)
        restored = copy._current_dir()
        assert restored is not None  # restore wrote the pointer
        return restored

    def check(self) -> tuple[list[str], bool]:
        """What ``plankg store check`` says: the format, the pointer, each version and whether
        the engine can read every record of the current one (checksums verified); (lines, ok)."""
        lines: list[str] = []
        try:
            self._check_root(create=False)
        except PlankgError as err:
            return [str(err)], False
        lines.append(f"{self.root}: a plankg store, format {FORMAT_VERSION}")
        versions = self.versions()
        lines.append(f"versions: {', '.join(versions) if versions else 'none'}")
        try:
            current = self._current_dir()
            previous = self._pointer().get("previous")
        except PlankgError as err:
            return lines + [str(err)], False
        if current is None:
            return lines + ["current version: none (the store was never written)"], True
        source = POINTER if (self.root / POINTER).exists() else f"the older layout's '{CURRENT}'"
        lines.append(f"current version: {current.name} (named by {source})")
        try:
            store = ox.Store.read_only(str(current))
            quads = sum(1 for _ in store)
        except (OSError, RuntimeError, ValueError) as err:
            damage = (
                f"{current.name}: damaged ({' '.join(str(err).split())}); restore a backup ('plankg store restore DIR')"
            )
            return [*lines, damage], False
        lines.append(f"{current.name}: readable, {quads} quads, every record's checksum verified")
        stale = self.root / CURRENT
        if current != stale and stale.is_dir() and not stale.is_symlink():
            lines.append(
                f"{CURRENT}/: the older layout's version, copied as a folder and no longer read "
                "(delete it to free the space)"
            )
        others = [v for v in versions if v != current.name]
        if others:
            lines.append(
                f"not in use: {', '.join(others)}"
                + (f" ({previous} is kept for readers of the version before)" if previous in others else "")
            )
        return lines, True

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

    def _retire(self, name: str | None, keep: set[str | None]) -> None:
        """Delete the version the old pointer named as previous (readers may still hold the
        one before the new current, which stays): only a version plankg committed itself."""
        link = self.root / CURRENT
        if link.is_symlink():  # the older layout's link, now stale
            link.unlink()
        if name and _VERSION.fullmatch(name) and name not in keep:
            shutil.rmtree(self.root / name, ignore_errors=True)


def write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    """Write a small JSON file so that it is either the old one or the new one, even on a crash."""
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _names(pointer: Path, name: str) -> bool:
    """Whether the pointer file names ``name`` as current."""
    try:
        current = json.loads(pointer.read_text("utf-8")).get("current")
        return isinstance(current, str) and current == name
    except (OSError, ValueError, AttributeError):
        return False


def _open_read_only(folder: Path, root: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(folder))
    except (OSError, RuntimeError, ValueError) as err:
        raise PlankgError(
            f"{root}: the store data cannot be opened ({' '.join(str(err).split())}); 'plankg store check' tells more"
        ) from None


def _checkpoint(source: Path, target: Path) -> None:
    """A consistent copy of a version folder (hard links where the file system allows)."""
    try:
        ox.Store.read_only(str(source)).backup(str(target))
    except (RuntimeError, ValueError) as err:
        raise PlankgError(
            f"{source}: the store data cannot be read ({' '.join(str(err).split())}); 'plankg store check' tells more"
        ) from None
