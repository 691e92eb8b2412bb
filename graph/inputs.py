"""Inputs of a build: policy texts (extracted) and RDF files (parsed), each into named graphs."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.iris import slug, source_graph_iri
from plankg.graph.namespaces import GRAPH
from plankg.graph.rdf_build import build_quads
from plankg.loaders.extract import extract_text
from plankg.loaders.models import Report
from plankg.loaders.textio import decode_text

TEXT_SUFFIXES = {".txt", ".text"}
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD,
}
MAX_TEXT_BYTES = 64 * 1024 * 1024
MAX_RDF_BYTES = 4 * 1024 ** 3


@dataclass
class LoadedInput:
    """One input's contribution: quads per named graph, and its report when it was a text."""

    path: Path
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict)
    report: Report | None = None


def collect_paths(paths: list[Path]) -> list[Path]:
    """Files to load, folders expanded (sorted); a missing path or an empty folder is an error."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise PlankgError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | RDF_FORMATS.keys())
            if not found:
                raise PlankgError(f"{path}: no texts (.txt) or RDF files (.ttl .nt .trig .nq .jsonld) in this folder")
            files += found
        else:
            files.append(path)
    return files


def load_input(path: Path) -> LoadedInput:
    """Extract a text or parse an RDF file; errors are PlankgError with the file's name."""
    suffix = path.suffix.lower()
    if suffix in RDF_FORMATS:
        return _load_rdf(path, RDF_FORMATS[suffix])
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise PlankgError(f"{path}: too large for a text ({size / 1e6:.0f} MB; the limit is {MAX_TEXT_BYTES / 1e6:.0f} MB)")
    data = path.read_bytes()
    text = decode_text(data, str(path))
    report = extract_text(text, path.name)
    quads = build_quads(report, hashlib.sha256(data).hexdigest())
    return LoadedInput(path, {source_graph_iri(path.name): quads}, report)


def _load_rdf(path: Path, fmt: ox.RdfFormat) -> LoadedInput:
    size = path.stat().st_size
    if size == 0:
        raise PlankgError(f"{path}: the file is empty")
    if size > MAX_RDF_BYTES:
        raise PlankgError(f"{path}: too large ({size / 1e9:.1f} GB)")
    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            raise PlankgError(f"{path}: this is a binary file, not RDF")
    default_graph = GRAPH + "file/" + slug(path.name)
    loaded = LoadedInput(path)
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            graph = default_graph if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            loaded.graphs.setdefault(graph, []).append(
                ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(graph)))
    except SyntaxError as err:
        raise PlankgError(f"{path}: malformed {fmt.name}: {str(err).splitlines()[0]}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise PlankgError(f"{path}: cannot be read as {fmt.name} ({err})") from None
    if not loaded.graphs:
        raise PlankgError(f"{path}: holds no triples")
    return loaded
