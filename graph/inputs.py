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
    """One input's contribution: quads per named graph (a text) or a parsed dataset (an RDF file)."""

    path: Path
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict)
    dataset: ox.Store | None = None  # RDF files stay in Oxigraph: millions of quads never become Python objects
    report: Report | None = None

    def graph_names(self) -> list[str]:
        if self.dataset is not None:
            return [g.value for g in self.dataset.named_graphs()]
        return list(self.graphs)

    def add_to(self, working: ox.Store) -> None:
        """Replace this input's graphs in ``working`` (quads of other graphs stay)."""
        for name in self.graph_names():
            working.remove_graph(ox.NamedNode(name))
        if self.dataset is not None:
            working.bulk_load(self.dataset.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        else:
            for quads in self.graphs.values():
                working.extend(quads)


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
    return LoadedInput(path, graphs={source_graph_iri(path.name): quads}, report=report)


def _load_rdf(path: Path, fmt: ox.RdfFormat) -> LoadedInput:
    size = path.stat().st_size
    if size == 0:
        raise PlankgError(f"{path}: the file is empty")
    if size > MAX_RDF_BYTES:
        raise PlankgError(f"{path}: too large ({size / 1e9:.1f} GB)")
    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            raise PlankgError(f"{path}: this is a binary file, not RDF")
    default_graph = ox.NamedNode(GRAPH + "file/" + slug(path.name))
    dataset = ox.Store()
    quad_format = fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
    try:
        dataset.bulk_load(path=str(path), format=fmt, **({} if quad_format else {"to_graph": default_graph}))
    except SyntaxError as err:
        raise PlankgError(f"{path}: malformed {fmt.name}: {' '.join(str(err).split())}") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise PlankgError(f"{path}: cannot be read as {fmt.name} ({' '.join(str(err).split())})") from None
    if quad_format:  # triples outside any graph belong to the file's own graph
        loose = list(dataset.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        dataset.extend(ox.Quad(q.subject, q.predicate, q.object, default_graph) for q in loose)
        for quad in loose:
            dataset.remove(quad)
    if not len(dataset):
        raise PlankgError(f"{path}: holds no triples")
    return LoadedInput(path, dataset=dataset)
