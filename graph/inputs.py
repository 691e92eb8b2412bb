"""Inputs of a build: a text's report (from the loaders, read by plankg/reading.py) into the quads
of its named graph, and RDF files parsed into theirs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.formats import BY_SUFFIX
from plankg.graph.iris import slug, source_graph_iri
from plankg.graph.namespaces import (
    DCTERMS,
    ELI,
    GRAPH,
    INFERENCE_GRAPH,
    ONTOLOGY_GRAPH,
    ORG,
    OWL,
    PK,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    sparql_prologue,
)
from plankg.graph.rdf_build import build_quads
from plankg.graph.store import bulk_load_quads, graph_labels
from plankg.loaders.models import Report

# Every syntax ``plankg export`` writes, by the suffixes people give such files (graph/formats.py).
RDF_FORMATS = {suffix: syntax.rdf_format for suffix, syntax in BY_SUFFIX.items()}
MAX_RDF_BYTES = 4 * 1024**3


@dataclass
class LoadedInput:
    """One input's contribution: the quads of a text's named graph, or an RDF file to bulk-load."""

    path: Path
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict)
    rdf_format: ox.RdfFormat | None = None  # set for RDF files: parsed natively, inside the write
    sha256: str | None = None  # of a text's bytes
    warnings: list[str] = field(default_factory=list)  # how the text had to be read (a legacy encoding)

    def add_to(self, working: ox.Store, allow_schema: bool = False, replace_graph: bool = False) -> set[str]:
        """Replace this input's graphs in ``working`` (quads of other graphs stay); returns the
        graphs it wrote (for an RDF file: its own graph and the graphs it brought new). An RDF
        file may not state axioms on the vocabularies plankg reasons with (unless
        ``allow_schema``) nor name a text's graph (unless ``replace_graph``): ``check_rdf_file``."""
        if self.rdf_format is None:
            for name, quads in self.graphs.items():
                working.remove_graph(ox.NamedNode(name))
                working.extend(quads)
            return set(self.graphs)
        before = {g.value for g in working.named_graphs()}
        named = _bulk_load(working, self.path, self.rdf_format, replace_graph)
        if not allow_schema:
            check_no_schema(working, self.path, named)
        return ({g.value for g in working.named_graphs()} - before) | {GRAPH + "file/" + slug(self.path.name)}

    def as_nquads(self) -> bytes:
        """A text's quads as N-Quads, to send from a worker process (``nquads_input``)."""
        quads = [q for quads in self.graphs.values() for q in quads]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


# Terms whose meaning plankg's queries and reasoning rely on (RDF, OWL, ELI, its ontology and the
# vocabularies the ontology builds on): a data file stating axioms on them
# (``eli:cites a owl:SymmetricProperty``) would change every document's neighbours.
OWNED_NAMESPACES = (RDF, RDFS, OWL, ELI, PK, ORG, SCHEMA, SKOS, PROV, DCTERMS)
_OWNED = " || ".join(f'STRSTARTS(STR(?s), "{ns}")' for ns in OWNED_NAMESPACES)
_OWNED_OBJECT = " || ".join(f'STRSTARTS(STR(?o), "{ns}")' for ns in OWNED_NAMESPACES)
_SCHEMA_STATEMENT = (
    sparql_prologue()
    + f"""
SELECT ?g ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(isIRI(?s) && ({_OWNED})
         || ?p != rdf:type && (STRSTARTS(STR(?p), STR(rdfs:)) || STRSTARTS(STR(?p), STR(owl:))) && isIRI(?o) && ({_OWNED_OBJECT}))
}} LIMIT 1"""
)


def check_no_schema(working: ox.Store, path: Path, graphs: set[str]) -> None:
    """Refuse, by its first statement, a file that says something about the terms of RDF, RDFS,
    OWL, ELI, plankg's ontology or the vocabularies it builds on (a subject), or ties its own
    terms to them by a schema axiom (``ex:p rdfs:subPropertyOf pk:leadAgency``). The ontology
    graph is left out: every build writes it again."""
    for name in sorted(graphs - {ONTOLOGY_GRAPH}):
        rows = working.query(_SCHEMA_STATEMENT, substitutions={ox.Variable("g"): ox.NamedNode(name)})
        assert isinstance(rows, ox.QuerySolutions)  # a SELECT
        for row in rows:
            raise PlankgError(
                f"{path}: states {row['s']} {row['p']} {row['o']}, an axiom on the terms plankg "
                "reasons with (RDF, OWL, ELI, its ontology and vocabularies); refused: "
                "--allow-schema accepts it"
            )


def _bulk_load(working: ox.Store, path: Path, fmt: ox.RdfFormat, replace_graph: bool = False) -> set[str]:
    """Load an RDF file natively; its graphs replace the graphs of the same name.

    A triple format goes into the file's own graph. An N-Quads file whose every statement names
    its graph goes straight in, its union fed alongside (``bulk_load_quads``). Any other quad
    file is parsed in memory first, to learn its graphs and to give its loose triples (outside
    any graph) to the file's own graph. A file naming a text's graph (``…/graph/source/…``) that
    the store holds is refused unless ``replace_graph``. Returns the graphs the file wrote.
    """
    own_graph = ox.NamedNode(GRAPH + "file/" + slug(path.name))
    replaceable = {g.value for g in working.named_graphs()} - {ONTOLOGY_GRAPH, INFERENCE_GRAPH}
    try:
        working.remove_graph(own_graph)
        if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):  # JSON-LD may name graphs
            working.bulk_load(path=str(path), format=fmt, to_graph=own_graph)
            if next(iter(working.quads_for_pattern(None, None, None, own_graph)), None) is None:
                raise PlankgError(f"{path}: holds no triples")
            return {own_graph.value}
        if fmt == ox.RdfFormat.N_QUADS:
            labels = graph_labels(path)
            _check_text_graphs(path, labels & replaceable, replace_graph)
            if bulk_load_quads(working, path, replaceable):
                return labels
        probe = ox.Store()
        probe.bulk_load(path=str(path), format=fmt)
        loose = list(probe.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        probe.extend(ox.Quad(q.subject, q.predicate, q.object, own_graph) for q in loose)
        for quad in loose:
            probe.remove(quad)
        if len(probe) == 0:
            raise PlankgError(f"{path}: holds no triples")
        named = {g.value for g in probe.named_graphs() if isinstance(g, ox.NamedNode)}
        _check_text_graphs(path, named & replaceable, replace_graph)
        for graph in probe.named_graphs():
            working.remove_graph(graph)
        working.bulk_load(probe.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        return named
    except SyntaxError as err:
        raise PlankgError(f"{path}: malformed {fmt.name}: {' '.join(str(err).split())}") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise PlankgError(f"{path}: cannot be read as {fmt.name} ({' '.join(str(err).split())})") from None


def _check_text_graphs(path: Path, graphs: set[str], replace_graph: bool) -> None:
    """A text's graph is written from the text: an RDF file naming one that the store holds
    would replace it (an export loaded into a store without it, a copy, replaces nothing)."""
    texts = sorted(g for g in graphs if g.startswith(GRAPH + "source/"))
    if texts and not replace_graph:
        raise PlankgError(
            f"{path}: names the graph of a text, <{texts[0]}>, which it would replace; "
            "refused: --replace-graph accepts it"
        )


def text_input(path: Path, report: Report, sha256: str, warnings: list[str]) -> LoadedInput:
    """A text's contribution: its report's quads in the graph named after its file."""
    return LoadedInput(
        path, graphs={source_graph_iri(path.name): build_quads(report, sha256)}, sha256=sha256, warnings=warnings
    )


def nquads_input(path: Path, nquads: bytes, sha256: str, warnings: list[str]) -> LoadedInput:
    """A text's contribution as a worker process sent it back (``LoadedInput.as_nquads``)."""
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    return LoadedInput(path, graphs={source_graph_iri(path.name): quads}, sha256=sha256, warnings=warnings)


def load_rdf(path: Path) -> LoadedInput:
    """An RDF file, checked to be one (not empty, not binary, not too large); it is parsed
    natively inside the build's write (``LoadedInput.add_to``)."""
    fmt = RDF_FORMATS[path.suffix.lower()]
    size = path.stat().st_size
    if size == 0:
        raise PlankgError(f"{path}: the file is empty")
    if size > MAX_RDF_BYTES:
        raise PlankgError(f"{path}: too large ({size / 1e9:.1f} GB)")
    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            raise PlankgError(f"{path}: this is a binary file, not RDF")
    return LoadedInput(path, rdf_format=fmt)
