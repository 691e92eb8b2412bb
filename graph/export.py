"""Export formats, and writing a file so that a failure never leaves half of it behind."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from plankg.errors import PlankgError, UsageError

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None


def check_output_path(path: Path, store_root: Path | None = None) -> None:
    """Refuse an output that is not (or would not be) a regular file of its own: a folder, a
    device, a FIFO, a symbolic link, or anything inside the store. Called before any work."""
    if path.is_symlink():
        raise PlankgError(f"{path}: is a symbolic link; give the path of a regular file to write")
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file (a device, FIFO or socket)"
        raise PlankgError(f"{path}: is {kind}; give the path of a regular file to write")
    if store_root is not None:
        resolved, root = path.resolve(), store_root.resolve()
        if resolved == root or root in resolved.parents:
            raise PlankgError(f"{path}: is inside the store {store_root}; write the output elsewhere")
    parent = path.parent if str(path.parent) else Path(".")
    for folder in [parent, *parent.parents]:
        if folder.exists():
            if not folder.is_dir():
                raise PlankgError(f"{path}: {folder} is not a folder")
            if not os.access(folder, os.W_OK):
                raise PlankgError(f"{path}: cannot write in {folder} (permission denied)")
            break


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only if the block succeeds."""
    temp = temporary_beside(path)
    try:
        yield temp
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def temporary_beside(path: Path) -> Path:
    """An empty file in ``path``'s folder (so that a rename onto ``path`` is atomic), with the
    permissions a new file gets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
    return Path(temp)
