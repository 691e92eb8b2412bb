"""Reading a build's inputs: each text or document through the loaders into a report, each report
into its named graph (graph/inputs.py), RDF files handed to the graph layer as they are.

This is the one place that runs the extractor for a build: the graph layer receives finished
reports and never reads a text itself.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from plankg.errors import PlankgError
from plankg.graph.identity import DeclaredIdentity, apply_identity
from plankg.graph.inputs import RDF_FORMATS, LoadedInput, load_rdf, nquads_input, text_input
from plankg.loaders.documents import DOCUMENT_SUFFIXES, read_document
from plankg.loaders.extract import extract_text
from plankg.loaders.models import Report
from plankg.loaders.textio import decode_text, read_bytes

TEXT_SUFFIXES = {".txt", ".text"}
_READ = TEXT_SUFFIXES | DOCUMENT_SUFFIXES | RDF_FORMATS.keys()


def _kinds() -> str:
    return (
        f"texts ({' '.join(sorted(TEXT_SUFFIXES))}), documents ({' '.join(sorted(DOCUMENT_SUFFIXES))}) "
        f"or RDF files ({' '.join(RDF_FORMATS)})"
    )


def collect_paths(paths: list[Path]) -> list[Path]:
    """Files to load, folders searched at every depth (sorted; hidden files and folders skipped,
    other file types too); a missing path, a file of an unknown type or a folder without any
    input is an error. The same file given twice is read once."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise PlankgError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in _READ
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise PlankgError(f"{path}: no {_kinds()} in this folder or below")
            files += found
        elif path.suffix.lower() not in _READ:
            raise PlankgError(f"{path}: unknown input type {path.suffix or '(no suffix)'!r}; plankg reads {_kinds()}")
        else:
            files.append(path)
    unique: dict[Path, Path] = {}
    for file in files:
        try:
            file.name.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8 (b"\xff\xfe"): no IRI or label can hold them
            shown = os.fsencode(file.name).decode("utf-8", "replace")
            raise PlankgError(f"{file.parent / shown}: the file name is not UTF-8 text; rename the file") from None
        unique.setdefault(file.resolve(), file)
    return list(unique.values())


# Below this many bytes of text, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 400_000


def load_inputs(
    paths: list[Path],
    identities: dict[str, DeclaredIdentity] | None = None,
    on_input: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> list[LoadedInput]:
    """``load_input`` for every path, in order; texts are extracted in parallel worker processes
    (one per core) when there are enough of them. Workers send their quads back as N-Quads
    (Oxigraph writes and reads them in Rust): pickling quads cost half as much as extracting
    the text, N-Quads a twentieth. The first error stops the load, but for a document (PDF, Word,
    web page, image) among other inputs: it is left out with a warning."""
    identities = identities or {}
    workers = workers or os.cpu_count() or 1
    text_bytes = sum(
        p.stat().st_size for p in paths if p.suffix.lower() in TEXT_SUFFIXES | DOCUMENT_SUFFIXES and p.is_file()
    )
    if workers < 2 or len(paths) < 2 or text_bytes < PARALLEL_MIN_BYTES:
        loaded = []
        for path in paths:
            try:
                loaded.append(load_input(path, identities.get(path.name)))
            except PlankgError as err:
                loaded.append(_unreadable(path, err, len(paths)))
            if on_input:
                on_input(path)
        return loaded
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(paths)), mp_context=context) as pool:
        futures = [
            pool.submit(_text_as_nquads, path, identities.get(path.name))
            if path.suffix.lower() not in RDF_FORMATS
            else None
            for path in paths
        ]
        loaded = []
        try:
            for k, (path, future) in enumerate(zip(paths, futures)):
                if future is None:
                    loaded.append(load_input(path))
                else:
                    try:
                        nquads, sha256, warnings = future.result()
                        futures[k] = None  # the worker's answer is not kept once read (a build of thousands)
                    except PlankgError as err:
                        loaded.append(_unreadable(path, err, len(paths)))
                        if on_input:
                            on_input(path)
                        continue
                    loaded.append(nquads_input(path, nquads, sha256, warnings))
                if on_input:
                    on_input(path)
        except BaseException:
            for future in futures:
                if future is not None:  # an RDF file is read here, not by a worker
                    future.cancel()
            raise
    return loaded


def _unreadable(path: Path, err: PlankgError, count: int) -> LoadedInput:
    """A document (PDF, Word, web page, image) that cannot be read, among other inputs: left out
    with a warning, the rest is built; a single file, or a text, stops the build."""
    if count < 2 or path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise err
    return LoadedInput(path, warnings=[f"{err}; left out, the other inputs are built"])


def load_input(path: Path, declared: DeclaredIdentity | None = None) -> LoadedInput:
    """Extract a text or hand an RDF file over; errors are PlankgError with the file's name.
    ``declared``: the document an identity file says the text is."""
    if path.suffix.lower() in RDF_FORMATS:
        return load_rdf(path)
    report, sha256, warnings = read_report(path, declared)
    return text_input(path, report, sha256, warnings)


def read_report(path: Path, declared: DeclaredIdentity | None = None) -> tuple[Report, str, list[str]]:
    """A text or document through the loaders: its report (read as the ``declared`` document
    when an identity file names it), the SHA-256 of its bytes, and the build's warnings about it
    (how it had to be read; what of it was not read, one line per source that has any)."""
    warnings: list[str] = []
    if path.suffix.lower() in DOCUMENT_SUFFIXES:  # read into the same plain text (loaders/documents.py)
        text, data, warnings = read_document(path)
    else:
        data = read_bytes(path)
        text = decode_text(data, str(path), warnings)
    if not text.strip("\ufeff \t\r\n\x00"):
        raise PlankgError(f"{path}: holds no text (only a byte order mark or white space)")
    report = extract_text(text, path.name)
    report.warnings[:0] = warnings
    if declared:
        report = apply_identity(report, declared)
    unread = report.lines.summary() if report.lines else None
    if unread:  # a loss is never silent
        number = report.document.number.canonical if report.document.number else path.name
        warnings.append(f"{number}: {unread}")
    return report, hashlib.sha256(data).hexdigest(), warnings


def _text_as_nquads(path: Path, declared: DeclaredIdentity | None) -> tuple[bytes, str, list[str]]:
    """A worker's answer: the text's quads as N-Quads, the SHA-256 of its bytes, the warnings."""
    report, sha256, warnings = read_report(path, declared)
    return text_input(path, report, sha256, warnings).as_nquads(), sha256, warnings
