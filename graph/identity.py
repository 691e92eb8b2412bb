"""Document identity across texts: what one text cannot know about a document alone.

Two rules, applied when a build writes its inputs:

- **A reference without a year** ("Nghị quyết số 13-NQ/TU", no date) is the dated document of
  the same issuer, type and number when exactly one is known (from any text of the build or
  already in the store). With none, or with several (a number reused in two terms), it stays a
  document of its own.
- **An identity file** says which document a text is, when the text cannot ("the unnumbered
  programme is 46-CTr/TU"): a CSV with the columns ``source`` (the text's file name),
  ``number`` and optional ``province`` and ``date`` (ISO). The text is then read as that
  document: its IRI is the numbered document's, so that what it says and what cites it meet.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.namespaces import ELI, ID, INFERENCE_GRAPH, ONTOLOGY_GRAPH, RDF
from plankg.loaders.docnumbers import parse_number
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.models import DocNumber, Report
from plankg.loaders.textio import decode_text, read_bytes

# doc/<issuer>/<type>/<year>/<number> or doc/<issuer>/<type>/<number> (graph/iris.document_iri)
_DOC_IRI = re.compile(re.escape(ID) + r"doc/([^/]+)/([^/]+)/(?:(\d{4})/)?([^/]+)$")


@dataclass(frozen=True)
class DeclaredIdentity:
    """One row of an identity file: the text ``source`` is document ``number``."""

    source: str
    number: DocNumber
    province: str | None = None
    date: str | None = None


def read_identities(path: Path) -> dict[str, DeclaredIdentity]:
    """The rows of an identity file, by source file name; a bad row is an error naming its line."""
    text = decode_text(read_bytes(path), str(path))
    reader = csv.DictReader(io.StringIO(text))
    missing = {"source", "number"} - set(reader.fieldnames or ())
    if missing:
        raise PlankgError(f"{path}: an identity file needs the columns source, number (missing: {', '.join(sorted(missing))})")
    provinces = set(load_gazetteer().provinces)
    out: dict[str, DeclaredIdentity] = {}
    for line, row in enumerate(reader, start=2):
        source, written = (row.get("source") or "").strip(), (row.get("number") or "").strip()
        number = parse_number(written)
        if not source or number is None:
            raise PlankgError(f"{path}:{line}: needs a source file name and a document number (got {written!r})")
        province = (row.get("province") or "").strip() or None
        if province and province not in provinces:
            raise PlankgError(f"{path}:{line}: unknown province {province!r}")
        date = (row.get("date") or "").strip() or None
        if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise PlankgError(f"{path}:{line}: the date must be YYYY-MM-DD, not {date!r}")
        out[source] = DeclaredIdentity(source, number, province, date)
    return out


def apply_identity(report: Report, declared: DeclaredIdentity) -> Report:
    """The report read as the declared document (its number, and province and date if given)."""
    info = report.document
    info.number = declared.number
    info.province = declared.province or info.province
    info.date = declared.date or info.date
    return report


def document_key(iri: str) -> tuple[tuple[str, str, str], str | None] | None:
    """(issuer, type, number) and the year of a document IRI; None for anything else."""
    match = _DOC_IRI.match(iri)
    if not match:
        return None
    issuer, type_code, year, number = match.groups()
    return (issuer, type_code, number), year


def undated_resolutions(documents: set[str]) -> dict[str, str]:
    """Undated document IRI -> the one dated IRI of the same issuer, type and number."""
    dated: dict[tuple[str, str, str], set[str]] = {}
    undated: dict[str, tuple[str, str, str]] = {}
    for iri in documents:
        parsed = document_key(iri)
        if parsed is None:
            continue
        key, year = parsed
        if year:
            dated.setdefault(key, set()).add(iri)
        else:
            undated[iri] = key
    return {iri: next(iter(dated[key])) for iri, key in undated.items() if len(dated.get(key, ())) == 1}


_DOCUMENT = ox.NamedNode(ELI + "LegalResource")
_TYPE = ox.NamedNode(RDF + "type")


def stored_documents(store: ox.Store) -> set[str]:
    """The documents a store holds (an index lookup, not a scan of every quad)."""
    return {q.subject.value for q in store.quads_for_pattern(None, _TYPE, _DOCUMENT)}


def documents_in(quads) -> set[str]:
    return {q.subject.value for q in quads if q.predicate == _TYPE and q.object == _DOCUMENT}


def rename(quads, renames: dict[str, str]) -> list[ox.Quad]:
    """The quads with every renamed IRI (subject or object) replaced."""
    def term(t):
        return ox.NamedNode(renames[t.value]) if isinstance(t, ox.NamedNode) and t.value in renames else t
    return [ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name) for q in quads]


def rename_in_store(working: ox.Store, renames: dict[str, str]) -> None:
    """Apply ``renames`` to the stored data graphs (the ontology and inferences are not data)."""
    skip = {ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(INFERENCE_GRAPH), ox.DefaultGraph()}
    for old in renames:
        node = ox.NamedNode(old)
        found = [q for q in working.quads_for_pattern(node, None, None) if q.graph_name not in skip]
        found += [q for q in working.quads_for_pattern(None, None, node) if q.graph_name not in skip]
        for quad in found:
            working.remove(quad)
        working.extend(rename(found, renames))
