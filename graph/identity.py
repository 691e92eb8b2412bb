"""Document identity: which document each text is and which documents its citations are, and
which named graph holds each text. The one place these are decided; the pipeline calls it.

A document is its number, issuer and date. The rules, applied when a build writes its inputs
(``settle_graph_names``, then ``settle_documents``):

- **A date that differs by a slip of the pen** from the known one ("57-NQ/TW ngày
  22/12/2025" where every other text, or the document's own, says 22/12/2024: the year one
  off, day and month swapped, or one digit of the day or month) is the known document: the citation is renamed to it, its
  date dropped, and the build warns naming the text and line. Known dates are decided in
  order: the documents' own texts, then the dates most texts give (the earlier on a tie).
- **Two documents sharing a number** (two "01-KH/BCĐTW", of 21/3/2025 and 2/6/2025: dates
  that are no slip of the pen) are two nodes: the first of a year keeps the IRI without month
  and day (the one stored already, else the earliest), the others have them
  (graph/iris.dated_document_iri), and both texts are stored.
- **A local document cited without its province** (a news article that does not name its
  city: "309-KH/TU") is the one of that issuer code, type, year and number of some province
  when exactly one is known.
- **A reference without a year** ("Nghị quyết số 13-NQ/TU", no date) is the dated document of
  the same issuer, type and number when exactly one is known (from any text of the build or
  already in the store). With none, or with several (a number reused in two terms), it stays a
  document of its own.
- **An identity file** says which document a text is, when the text cannot ("the unnumbered
  programme is 46-CTr/TU"): a CSV with the columns ``source`` (the text's file name),
  ``number`` and optional ``province`` and ``date`` (ISO). The text is then read as that
  document: its IRI is the numbered document's, so that what it says and what cites it meet.
  Every message a row causes names the file and the row (``identities.csv:3``): a row that makes
  a text the document another text is (the same number, issuer and date, or a local number
  without the province that then resolves to another text's) stops the build, nothing stored,
  rather than leave either text out; a row that gives a text another text's number with another
  date (two documents of one number) is a warning.
- **Two different files never share a graph** (``settle_graph_names``): a text's graph is named
  after its file, with the file's key when another file holds that name already.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from plankg.errors import PlankgError
from plankg.graph.iris import dated_document_iri, eli_iri, slug
from plankg.graph.namespaces import ELI, GRAPH, ID, INFERENCE_GRAPH, ONTOLOGY_GRAPH, PK, PROV, RDF, SCHEMA
from plankg.loaders.docnumbers import parse_number
from plankg.loaders.gazetteer import canonical_province, load_gazetteer
from plankg.loaders.models import DocNumber, Report
from plankg.loaders.roles import assign_roles
from plankg.loaders.textio import decode_text, read_bytes

if TYPE_CHECKING:
    from plankg.graph.inputs import LoadedInput

# doc/<issuer>/<type>/<year>/<number> or doc/<issuer>/<type>/<number> (graph/iris.document_iri)
_DOC_IRI = re.compile(re.escape(ID) + r"doc/([^/]+)/([^/]+)/(?:(\d{4})/(?:\d\d/\d\d/)?)?([^/]+)$")


@dataclass(frozen=True)
class DeclaredIdentity:
    """One row of an identity file: the text ``source`` is document ``number``; ``row`` names
    the file and line the row stands on ("identities.csv:2"), for every message it causes."""

    source: str
    number: DocNumber
    province: str | None = None
    date: str | None = None
    row: str = ""


def read_identities(path: Path) -> dict[str, DeclaredIdentity]:
    """The rows of an identity file, by source file name; a bad row is an error naming its line."""
    text = decode_text(read_bytes(path), str(path))
    reader = csv.DictReader(io.StringIO(text))
    missing = {"source", "number"} - set(reader.fieldnames or ())
    if missing:
        raise PlankgError(
            f"{path}: an identity file needs the columns source, number (missing: {', '.join(sorted(missing))})"
        )
    out: dict[str, DeclaredIdentity] = {}
    lines: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        source, written = (row.get("source") or "").strip(), (row.get("number") or "").strip()
        number = parse_number(written)
        if not source or number is None:
            raise PlankgError(f"{path}:{line}: needs a source file name and a document number (got {written!r})")
        written_province = (row.get("province") or "").strip() or None
        province = canonical_province(written_province) if written_province else None
        if written_province and province is None:
            raise PlankgError(f"{path}:{line}: unknown province {written_province!r}")
        date = (row.get("date") or "").strip() or None
        if date and not _is_date(date):
            raise PlankgError(f"{path}:{line}: the date must be a real day written YYYY-MM-DD, not {date!r}")
        if source in out:
            raise PlankgError(f"{path}:{line}: a second row for {source} (rows {lines[source]} and {line}); keep one")
        lines[source] = line
        out[source] = DeclaredIdentity(source, number, province, date, f"{path}:{line}")
    return out


def unknown_sources(declared: dict[str, DeclaredIdentity], names: Iterable[str]) -> list[str]:
    """A warning for each row naming a file that is not among the inputs (``names``)."""
    return [
        f"{declared[source].row}: names {source}, which is not among the inputs"
        for source in sorted(set(declared) - set(names))
    ]


def _is_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and dt.date.fromisoformat(text) is not None
    except ValueError:  # 2025-13-45
        return False


def apply_identity(report: Report, declared: DeclaredIdentity) -> Report:
    """The report read as the declared document (its number, and province and date if given);
    its bodies' roles are classified again, since they depend on the province."""
    info = report.document
    info.number = declared.number
    info.province = declared.province or info.province
    info.date = declared.date or info.date
    assign_roles(report)
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


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term's IRI, blank node id or text; a quoted triple (RDF-star, which plankg never writes)
    is none of them: ""."""
    return "" if isinstance(term, ox.Triple) else term.value


def stored_documents(store: ox.Store) -> set[str]:
    """The documents a store holds (an index lookup, not a scan of every quad)."""
    return {_value(q.subject) for q in store.quads_for_pattern(None, _TYPE, _DOCUMENT)}


def documents_in(quads: Iterable[ox.Quad]) -> set[str]:
    return {_value(q.subject) for q in quads if q.predicate == _TYPE and q.object == _DOCUMENT}


def rename(quads: Iterable[ox.Quad], renames: dict[str, str], parts: bool = False) -> list[ox.Quad]:
    """The quads with every renamed IRI (subject or object) replaced; with ``parts``, the IRIs
    under a renamed one too ("…/538/task/V.4/1")."""

    def iri(t: ox.NamedNode) -> ox.NamedNode:
        if t.value in renames:
            return ox.NamedNode(renames[t.value])
        if parts:
            for old, new in renames.items():
                if t.value.startswith(old + "/"):
                    return ox.NamedNode(new + t.value[len(old) :])
        return t

    return [
        ox.Quad(
            iri(q.subject) if isinstance(q.subject, ox.NamedNode) else q.subject,
            q.predicate,
            iri(q.object) if isinstance(q.object, ox.NamedNode) else q.object,
            q.graph_name,
        )
        for q in quads
    ]


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


def unplaced_resolutions(documents: set[str]) -> dict[str, str]:
    """A local document IRI without its province ("…/doc/tu/kh/2025/309") -> the one document of
    the same issuer code, type, year and number of some province ("…/doc/tu-hai-phong/…")."""
    local = {slug(code) for code in load_gazetteer().local_issuers}
    placed: dict[tuple[str, str, str | None, str], set[str]] = defaultdict(set)
    unplaced: dict[str, tuple[str, str, str | None, str]] = {}
    for iri in documents:
        parsed = document_key(iri)
        if parsed is None:
            continue
        (issuer, type_code, number), year = parsed
        code = next((c for c in local if issuer.startswith(c + "-")), None)
        if issuer in local:
            unplaced[iri] = (issuer, type_code, year, number)
        elif code:
            placed[(code, type_code, year, number)].add(iri)
    return {iri: next(iter(placed[key])) for iri, key in unplaced.items() if len(placed.get(key, ())) == 1}


_DATE = ox.NamedNode(ELI + "date_document")
_FIRST_LINE = ox.NamedNode(PK + "firstLine")
_DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
_NUMBER = ox.NamedNode(ELI + "id_local")
_SAME_AS = ox.NamedNode(SCHEMA + "sameAs")


@dataclass(frozen=True)
class DateClaim:
    """A text's word on a document's date: the document IRI the text gave it, in which graph,
    on which line, and whether the text is that document itself."""

    iri: str
    date: str
    graph: str
    line: int | None = None
    own: bool = False
    stored: bool = False  # in the store already (never renamed: IRIs are promises)
    number: str = ""  # as the graph writes it ("57-NQ/TW")


def slip_of_the_pen(cited: str, known: str) -> str | None:
    """How a cited ISO date differs from a known one by a typing slip, or None."""
    (cy, cm, cd), (ky, km, kd) = cited.split("-"), known.split("-")
    if (cm, cd) == (km, kd) and abs(int(cy) - int(ky)) == 1:
        return "the year is one off"
    if cy == ky and (cm, cd) == (kd, km) and cm != cd:
        return "day and month are swapped"
    if cy == ky and sum(a != b for a, b in zip(cm + cd, km + kd)) == 1:
        return "one digit of the day or month differs"
    return None


@dataclass(frozen=True)
class DateResolution:
    """What the date rules decide: renames per graph, the date statements to drop (graph,
    document, date), and a warning per slip."""

    renames: dict[str, dict[str, str]]
    dropped: set[tuple[str, str, str]]
    warnings: list[tuple[DateClaim, str, str]]  # (claim, the known date, how they differ)


def resolve_dates(claims: list[DateClaim]) -> DateResolution:
    """The date rules (module doc) over every claim of a build and its store."""
    groups: dict[tuple[str, str, str], list[DateClaim]] = defaultdict(list)
    for claim in claims:
        parsed = document_key(claim.iri)
        if parsed:
            groups[parsed[0]].append(claim)
    renames: dict[str, dict[str, str]] = defaultdict(dict)
    dropped: set[tuple[str, str, str]] = set()
    warnings: list[tuple[DateClaim, str, str]] = []
    for group in groups.values():
        if len({c.date for c in group}) < 2:
            continue
        known, slips = _known_dates(group)
        target = _iris_of(group, known)
        for claim in group:
            date = slips[claim.date][0] if claim.date in slips else claim.date
            if claim.date in slips:
                dropped.add((claim.graph, claim.iri, claim.date))
                if not claim.stored:
                    warnings.append((claim, *slips[claim.date]))
            if target[date] != claim.iri and not claim.stored:
                renames[claim.graph][claim.iri] = target[date]
    return DateResolution(dict(renames), dropped, warnings)


def _known_dates(group: list[DateClaim]) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """The dates of distinct documents, and the slips: cited date -> (known date, how)."""
    known = sorted({c.date for c in group if c.own})
    support = Counter(date for date, _graph in {(c.date, c.graph) for c in group})
    slips: dict[str, tuple[str, str]] = {}
    for date in sorted(set(support) - set(known), key=lambda d: (-support[d], d)):
        slip = next(((k, how) for k in known if (how := slip_of_the_pen(date, k))), None)
        if slip:
            slips[date] = slip
        else:
            known.append(date)
    return known, slips


def _iris_of(group: list[DateClaim], known: list[str]) -> dict[str, str]:
    """The IRI of each known date's document: the one its citations give (the year of its date,
    or of its number: "193/2025/QH15"), without month and day; a second document of that IRI
    has them (the one stored already keeps it, else the earliest)."""
    plain_of = {date: min(_plain(c.iri) for c in group if c.date == date) for date in known}
    holders = {c.date for c in group if c.stored and not _is_dated(c.iri)}
    sharing: dict[str, list[str]] = defaultdict(list)
    for date in sorted(known):
        sharing[plain_of[date]].append(date)
    out: dict[str, str] = {}
    for plain, dates in sharing.items():
        first = next((d for d in dates if d in holders), dates[0])
        for date in dates:
            out[date] = plain if date == first else dated_document_iri(plain, date)
    return out


_MONTH_DAY = re.compile(r"(/\d{4})/\d\d/\d\d(/[^/]+)$")


def _is_dated(iri: str) -> bool:
    return _MONTH_DAY.search(iri) is not None


def _plain(iri: str) -> str:
    """A document IRI without the month and day a second document of its number has."""
    return _MONTH_DAY.sub(r"\1\2", iri)


def date_claims(graphs: dict[str, list[ox.Quad]], stored: bool = False) -> list[DateClaim]:
    """The date statements of some graphs, with their lines and whether the text is the document."""
    out = []
    for graph, quads in graphs.items():
        dated = {_value(q.subject) for q in quads if q.predicate == _DATE}
        facts = [q for q in quads if _value(q.subject) in dated]
        lines = {_value(q.subject): int(_value(q.object)) for q in facts if q.predicate == _FIRST_LINE}
        numbers = {_value(q.subject): _value(q.object) for q in facts if q.predicate == _NUMBER}
        own = {_value(q.subject) for q in facts if q.predicate == _DERIVED}
        out += [
            DateClaim(
                _value(q.subject),
                _value(q.object),
                graph,
                lines.get(_value(q.subject)),
                _value(q.subject) in own,
                stored,
                numbers.get(_value(q.subject), ""),
            )
            for q in facts
            if q.predicate == _DATE
        ]
    return out


def stored_date_claims(store: ox.Store, replaced: set[str]) -> list[DateClaim]:
    """The date statements of the stored data graphs a build keeps."""
    skip = {ONTOLOGY_GRAPH, INFERENCE_GRAPH, *replaced}
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, _DATE, None):
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value not in skip:
            graphs[quad.graph_name.value] += store.quads_for_pattern(quad.subject, None, None, quad.graph_name)
    return date_claims(graphs, stored=True)


def apply_dates(quads: list[ox.Quad], graph: str, resolution: DateResolution) -> list[ox.Quad]:
    """A graph's quads with its slips' dates dropped and its documents renamed (their parts, the
    sections and tasks under a document's IRI, too; the ELI follows the new IRI)."""
    renames = resolution.renames.get(graph, {})
    kept = [
        q
        for q in quads
        if not (q.predicate == _DATE and (graph, _value(q.subject), _value(q.object)) in resolution.dropped)
    ]
    if not renames:
        return kept
    kept = [q for q in kept if not (q.predicate == _SAME_AS and _value(q.subject) in renames)]
    out = rename(kept, renames, parts=True)
    graph_node = ox.NamedNode(graph)
    for new in set(renames.values()):
        if eli := eli_iri(new):
            out.append(ox.Quad(ox.NamedNode(new), _SAME_AS, ox.NamedNode(eli), graph_node))
    return out


# Graph names: one graph per file.

_SOURCE_KEY = ox.NamedNode(PK + "sourceKey")
_SHA256 = ox.NamedNode(PK + "sha256")


def source_key(path: Path) -> str:
    """Which file a text came from, without saying where it is: a hash of its absolute path."""
    return hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


def settle_graph_names(working: ox.Store, loaded: list[LoadedInput]) -> None:
    """Two different files never share a graph. A text's graph is named after its file
    (``…/graph/source/plan``); when that graph already holds another file's text, in the store
    or earlier in this build (``a/plan.txt`` and ``b/plan.txt``; "Kế hoạch 538.txt" and "Ke hoach
    538.txt"), the graph name gets the file's key (``…/plan-3f2a9c1e``). The same file built
    again, or the same text from another place, replaces its graph. Each text's graph records
    its file's key (``pk:sourceKey``)."""
    claimed: dict[str, tuple[str, str | None]] = {}  # graph -> (file key, sha256) in this build
    for item in loaded:
        if item.rdf_format is not None or not item.graphs:  # an RDF file; a document left out
            continue
        ((name, quads),) = item.graphs.items()
        key = source_key(item.path)
        claim = claimed.get(name) or _stored_claim(working, name)
        final = name
        if claim and claim[0] and claim[0] != key and claim[1] != item.sha256:
            final = f"{name}-{key[:8]}"
        claimed[final] = (key, item.sha256)
        graph = ox.NamedNode(final)
        if final != name:
            quads = [
                ox.Quad(graph if _value(q.subject) == name else q.subject, q.predicate, q.object, graph) for q in quads
            ]
        item.graphs = {final: quads + [ox.Quad(graph, _SOURCE_KEY, ox.Literal(key), graph)]}


def _stored_claim(working: ox.Store, name: str) -> tuple[str, str | None] | None:
    """(file key, sha256) of the text a stored graph holds; None if there is no such graph."""
    graph = ox.NamedNode(name)
    keys = [_value(q.object) for q in working.quads_for_pattern(graph, _SOURCE_KEY, None, graph)]
    sources = [q.object for q in working.quads_for_pattern(graph, _DERIVED, None, graph)]
    if not keys and not sources:
        return None
    shas = [
        _value(q.object)
        for s in sources
        if not isinstance(s, ox.Literal)
        for q in working.quads_for_pattern(s, _SHA256, None, graph)
    ]
    return (keys[0] if keys else "", shas[0] if shas else None)


# The documents of a build's inputs, against each other and the store.


def settle_documents(
    working: ox.Store, loaded: list[LoadedInput], declared: dict[str, DeclaredIdentity] | None = None
) -> None:
    """The rules of the module doc over a build's texts and the store: a date that differs by a
    slip of the pen is the known document's (with a warning naming the text and line), two dates
    that do not are two documents; a document cited without its year, or a local one without its
    province, is the one known when only one is. Then each text an identity file ``declared``
    must not be a document another text is (``check_declared``)."""
    _settle_dates(working, loaded)
    known = stored_documents(working)
    for item in loaded:
        for quads in item.graphs.values():
            known |= documents_in(quads)
    renames = undated_resolutions(known) | unplaced_resolutions(known)
    if renames:
        for item in loaded:
            item.graphs = {name: rename(quads, renames) for name, quads in item.graphs.items()}
        rename_in_store(working, renames)
    if declared:
        check_declared(working, loaded, declared)


def _settle_dates(working: ox.Store, loaded: list[LoadedInput]) -> None:
    """The date rules over the inputs and the graphs the store keeps: slips' dates dropped,
    documents renamed, and each slip a warning of the text that made it."""
    replaced = {name for item in loaded for name in item.graphs}
    claims = stored_date_claims(working, replaced)
    claims += date_claims({name: quads for item in loaded for name, quads in item.graphs.items()})
    resolution = resolve_dates(claims)
    if not resolution.renames and not resolution.dropped:
        return
    for item in loaded:
        item.graphs = {name: apply_dates(quads, name, resolution) for name, quads in item.graphs.items()}
        names = set(item.graphs)
        for claim, known, how in resolution.warnings:
            if claim.graph in names:
                item.warnings.append(
                    f"{item.path.name} line {claim.line or '?'}: {claim.number or claim.iri} dated "
                    f"{claim.date} is read as the known {claim.number} of {known} ({how})"
                )


_FILE_NAME = ox.NamedNode(PK + "fileName")
_TEXT_GRAPHS = GRAPH + "source/"  # graph/iris.source_graph_iri


def check_declared(working: ox.Store, loaded: list[LoadedInput], declared: dict[str, DeclaredIdentity]) -> None:
    """A text an identity file names must not be, once the rules are applied, the document that
    another text of the build or of the store is: the row is wrong (or the two texts are copies
    of one document), and building would leave one of them out or merge them. Refused, naming
    the row. A text given another text's number with another date is a second document of that
    number (module doc): a warning naming the row, in case the row is wrong."""
    owners: dict[str, list[str]] = defaultdict(list)  # document -> the files that are it
    own: dict[int, dict[str, str]] = {}  # input -> its document -> its date
    for k, item in enumerate(loaded):
        own[k] = {}
        for name, quads in item.graphs.items():
            own[k] |= _own_documents(name, quads)
        for document in own[k]:
            owners[document].append(str(item.path))
    replaced = {name for item in loaded for name in item.graphs}
    for document, file in _stored_own_documents(working, replaced):
        owners[document].append(file)
    for k, item in enumerate(loaded):
        row = declared.get(item.path.name)
        if row is None:
            continue
        for document, date in own[k].items():
            others = [file for file in owners[document] if file != str(item.path)]
            if others:
                unplaced = "" if row.province else " (the row gives no province)"
                raise PlankgError(
                    f"{row.row}: makes {item.path.name} {row.number.canonical}{' of ' + date if date else ''}, "
                    f"the document {others[0]} is (<{document}>){unplaced}; correct the row. Nothing was stored"
                )
            parsed = document_key(document)
            namesakes = sorted(
                {
                    file
                    for other, files in owners.items()
                    if other != document and parsed and document_key(other) == parsed
                    for file in files
                }
            )
            if namesakes:
                item.warnings.append(
                    f"{row.row}: makes {item.path.name} {row.number.canonical}{' of ' + date if date else ''}, "
                    f"a second document of the number {namesakes[0]} is; correct the row if they are one"
                )


def _own_documents(graph: str, quads: list[ox.Quad]) -> dict[str, str]:
    """The document a text's graph says the text is (derived from its source), with its date."""
    documents = {_value(q.subject) for q in quads if q.predicate == _DERIVED and _value(q.subject) != graph}
    dates = {
        _value(q.subject): _value(q.object) for q in quads if q.predicate == _DATE and _value(q.subject) in documents
    }
    return {document: dates.get(document, "") for document in documents}


def _stored_own_documents(working: ox.Store, replaced: set[str]) -> list[tuple[str, str]]:
    """(document, file name) of each text the store keeps (its graph not replaced by this build;
    an RDF file's graph is no text's, whatever it says is derived from what)."""
    out = []
    for quad in working.quads_for_pattern(None, _DERIVED, None):
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or not graph.value.startswith(_TEXT_GRAPHS) or graph.value in replaced:
            continue
        if _value(quad.subject) == graph.value:
            continue
        source = quad.object
        found = [] if isinstance(source, ox.Literal) else working.quads_for_pattern(source, _FILE_NAME, None, graph)
        names = [_value(q.object) for q in found]
        out.append((_value(quad.subject), names[0] if names else graph.value))
    return out
