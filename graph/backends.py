"""Which backend a ``--store`` value names. The ``Store`` interface and the embedded backends
live in ``graph/store.py``, the SPARQL endpoint backend in ``graph/remote.py``; both import the
interface and neither imports the other, so the choice between them is made here."""

from __future__ import annotations

from pathlib import Path

from plankg.graph.remote import RemoteStore
from plankg.graph.store import DiskStore, MemoryStore, Store


def open_store(spec: str | Path) -> Store:
    """A store from a --store value: ":memory:", an http(s) SPARQL endpoint, or a folder."""
    spec = str(spec)
    if spec == ":memory:":
        return MemoryStore()
    if spec.startswith(("http://", "https://")):
        return RemoteStore(spec)
    return DiskStore(spec)
