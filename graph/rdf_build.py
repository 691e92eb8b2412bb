"""Turn one extraction Report into RDF quads in the named graph of its source text.

Only this module knows how records map onto the ontology (ontology/plankg.ttl); it does no
parsing and no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from plankg import __version__
from plankg.graph import iris
from plankg.graph.namespaces import ELI, PK, PKV, PREFIXES, RDF, SCHEMA, SKOS, XSD
from plankg.loaders.accounting import Accounting
from plankg.loaders.agencies import entry_for
from plankg.loaders.bodies import LOCAL_LEVELS, Body, body_of, ocr_damaged
from plankg.loaders.gazetteer import load_gazetteer, without_province
from plankg.loaders.models import Agency, DocNumber, Report
from plankg.loaders.normalize import fold
from plankg.loaders.report import page_of
from plankg.loaders.restore import restore_diacritics
from plankg.loaders.roles import successor_of

_TYPE = NamedNode(RDF + "type")
_INTEGER = NamedNode(XSD + "integer")
_DATE = NamedNode(XSD + "date")
_DECIMAL = NamedNode(XSD + "decimal")
_DOCTYPE_SLUG = {"QĐ": "QD", "QĐi": "QDi", "ĐA": "DA", "NĐ": "ND", "CTrHĐ": "CTrHD", "KHHĐ": "KHHD"}


@lru_cache(maxsize=256)
def _p(term: str) -> NamedNode:
    prefix, local = term.split(":", 1)
    return NamedNode(PREFIXES[prefix] + local)


@dataclass
class _Writer:
    graph: NamedNode
    quads: list[Quad] = field(default_factory=list)

    def add(self, subject: str, predicate: str, obj: NamedNode | Literal | str) -> None:
        obj_term = NamedNode(obj) if isinstance(obj, str) else obj
        self.quads.append(Quad(NamedNode(subject), _TYPE if predicate == "a" else _p(predicate), obj_term, self.graph))

    def text(self, subject: str, predicate: str, value: str | None, lang: str | None = "vi") -> None:
        if value:
            self.add(subject, predicate, Literal(value, language=lang) if lang else Literal(value))

    def integer(self, subject: str, predicate: str, value: int | None) -> None:
        if value is not None:
            self.add(subject, predicate, Literal(str(int(value)), datatype=_INTEGER))

    def lines(self, subject: str, lines: list[int]) -> None:
        if lines:
            self.integer(subject, "pk:firstLine", min(lines))
            self.integer(subject, "pk:lastLine", max(lines))


def _type_code(number: DocNumber | None, kind: str) -> str:
    """The type symbol: the number's own, unless the kind says more (a "Quy định" written QĐ),
    or the gazetteer's symbol for the kind when the number has none (193/2025/QH15, no number)."""
    if kind == "article":
        return "article"
    if number and number.type_code and kind != "regulation":
        return number.type_code
    gaz = load_gazetteer()
    return next((code for code, info in gaz.doc_types.items() if info["kind"] == kind), "")


def doctype_iri(type_code: str) -> str:
    return PKV + "doctype-" + _DOCTYPE_SLUG.get(type_code, type_code or "other")


@dataclass
class _Context:
    """What the builder needs to resolve names to IRIs within one report."""

    report: Report
    province: str | None
    agencies: dict[str, Agency]
    years: dict[DocNumber, int | None]
    written: set[str] = field(default_factory=set)  # the agency nodes described so far
    bodies: dict[str, Body] = field(default_factory=dict)  # name -> who it is (asked per task)

    def doc(self, number: DocNumber) -> str:
        return iris.document_iri(number, self.years.get(number), self.province)

    def agency_record(self, name: str, national_role: str | None = None) -> Agency:
        """The report's record of a body named ``name`` (an issuer may carry the province); a
        name the agencies do not hold (an issuer's) has the ``national_role`` the report gives it."""
        short = without_province(name, self.province)
        for key in (name, short):
            if key in self.agencies:
                return self.agencies[key]
        entry = entry_for(short)
        return Agency(short, entry.level if entry else "other", national_role=national_role)

    def body(self, name: str) -> Body:
        """Who ``name`` is (graph/iris.py's identity rules); a name outside the gazetteer that
        OCR broke, as the text writes it, gets an opaque IRI."""
        if name not in self.bodies:
            record = self.agency_record(name)
            damaged = entry_for(record.name) is None and any(map(ocr_damaged, [record.name, *record.aliases]))
            self.bodies[name] = body_of(record.name, record.level, self.province, damaged)
        return self.bodies[name]

    def agency(self, name: str) -> str:
        return iris.body_iri(self.body(name))


def _line_accounting(out: _Writer, graph: str, doc: str, lines: Accounting) -> None:
    """What of the text was read (provenance of the source's graph): the read shares of its task
    part and annexes, each unread span with its lines and reason, and on the document the annexes
    it cites but the text does not hold (so that no answer counts their targets as absent)."""
    if lines.task_lines:
        out.add(graph, "pk:taskPartReadShare", Literal(f"{lines.task_share:.3f}", datatype=_DECIMAL))
    if lines.annex_lines:
        out.add(graph, "pk:annexReadShare", Literal(f"{lines.annex_share:.3f}", datatype=_DECIMAL))
    for span in lines.unread:
        iri = f"{graph}/unread/{span.first_line}-{span.last_line}"
        out.add(graph, "pk:unreadSpan", iri)
        out.add(iri, "a", PK + "UnreadSpan")
        out.lines(iri, [span.first_line, span.last_line])
        out.text(iri, "pk:reason", span.reason, "en")
        out.text(iri, "rdfs:label", span.words, None)
    for name in lines.missing_annexes:
        out.text(doc, "pk:missingAnnex", name, "vi")


def build_quads(report: Report, sha256: str) -> list[Quad]:
    """All quads of one report, in the named graph of its source."""
    doc_info = report.document
    graph = iris.source_graph_iri(report.source)
    out = _Writer(NamedNode(graph))
    years = {r.number: int(r.date[:4]) if r.date else None for r in report.references}
    ctx = _Context(report, doc_info.province, {a.name: a for a in report.agencies}, years)

    # provenance
    source, run = iris.source_iri(sha256), iris.run_iri(sha256, __version__)
    out.add(source, "a", PK + "SourceText")
    out.text(source, "pk:fileName", report.source, None)
    out.text(source, "pk:sha256", sha256, None)
    out.add(run, "a", PK + "ExtractionRun")
    out.add(run, "prov:used", source)
    out.text(run, "pk:extractorVersion", __version__, None)
    out.add(graph, "prov:wasDerivedFrom", source)
    out.add(graph, "prov:wasGeneratedBy", run)

    # the document itself
    if doc_info.number:
        years.setdefault(doc_info.number, int(doc_info.date[:4]) if doc_info.date else None)
        doc = ctx.doc(doc_info.number)
    else:
        doc = iris.unnumbered_document_iri(sha256)
    # A news article is not legislation: it mentions documents and bodies, and what it says they
    # do is not a task it assigns (the extraction report keeps what it read).
    article = doc_info.kind == "article"
    if article:
        out.add(doc, "a", SCHEMA + "NewsArticle")
        out.lines(doc, [1])
    else:
        _document(
            out,
            ctx,
            doc,
            doc_info.number,
            doc_info.kind,
            doc_info.date,
            doc_info.issuer,
            doc_info.issuer_national_role,
            [1],
        )
    out.text(doc, "dcterms:title", doc_info.title)
    out.add(doc, "prov:wasDerivedFrom", source)
    _province(out, doc, doc_info.province)
    for number in doc_info.implements:
        out.add(doc, "eli:ensures_implementation_of", ctx.doc(number))
    for number in doc_info.supersedes:
        out.add(doc, "pk:replaces", ctx.doc(number))
    if report.lines:
        _line_accounting(out, graph, doc, report.lines)

    for ref in report.references:
        ref_iri = ctx.doc(ref.number)
        _document(out, ctx, ref_iri, ref.number, ref.kind, ref.date, ref.issuer, ref.issuer_national_role, ref.lines)
        if ref.number.issuing_body in load_gazetteer().local_issuers:  # a local document: this province's
            _province(out, ref_iri, ctx.province)
        out.add(doc, "schema:mentions" if article else "eli:cites", ref_iri)
        for implemented in ref.implements:  # stated by this text: its graph is the provenance
            out.add(ref_iri, "eli:ensures_implementation_of", ctx.doc(implemented))
        out.integer(ref_iri, "pk:mentionCount", len(ref.lines))

    for agency in _one_per_node(ctx, report.agencies):
        _agency(out, ctx, agency)
    for agency in report.agencies:
        if article:
            out.add(doc, "schema:mentions", ctx.agency(agency.name))
    if article:
        return out.quads

    for section in report.sections:
        section_iri = iris.section_iri(doc, section.path)
        out.add(section_iri, "a", PK + "Section")
        out.add(section_iri, "eli:is_part_of", doc)
        out.add(doc, "eli:has_part", section_iri)
        out.text(section_iri, "eli:id_local", section.path, None)
        out.text(section_iri, "dcterms:title", " ".join(section.heading.split()))
        out.lines(section_iri, [section.first_line, section.last_line])

    _tasks(out, ctx, doc, report)
    _indicators(out, doc, report)
    return out.quads


def _province(out: _Writer, node: str, province: str | None) -> None:
    """``node`` belongs to ``province``; a node with no province is central (national)."""
    if province:
        out.add(node, "pk:province", iris.province_iri(province))
        out.add(iris.province_iri(province), "a", PK + "Province")
        out.text(iris.province_iri(province), "skos:prefLabel", province)
        for former in iris.former_province_iris(province):  # a renamed province's old IRI names it still
            out.add(iris.province_iri(province), "schema:sameAs", former)


def _document(
    out: _Writer,
    ctx: _Context,
    iri: str,
    number: DocNumber | None,
    kind: str,
    date: str | None,
    issuer: str | None,
    issuer_role: str | None,
    lines: list[int],
) -> None:
    out.add(iri, "a", ELI + "LegalResource")
    if kind in ("plan", "program"):
        out.add(iri, "a", PK + "Plan")
    out.add(iri, "eli:type_document", doctype_iri(_type_code(number, kind)))
    if number:
        out.text(iri, "eli:id_local", number.canonical, None)
        out.text(iri, "skos:prefLabel", number.canonical, None)
        if eli := iris.eli_iri(iri):
            out.add(iri, "schema:sameAs", eli)
    if date:
        out.add(iri, "eli:date_document", Literal(date, datatype=_DATE))
    body = ctx.body(issuer) if issuer else None
    if (
        issuer and body and (body.province or body.level not in LOCAL_LEVELS)
    ):  # a province's body the text does not place: unsaid
        out.add(iri, "eli:passed_by", ctx.agency(issuer))
        if ctx.agency(issuer) not in ctx.written:  # an issuer named only as such still gets its agency node
            _agency(out, ctx, ctx.agency_record(issuer, issuer_role))
    out.lines(iri, lines)


def _agency(out: _Writer, ctx: _Context, agency: Agency) -> None:
    """An agency node (once per text: names of one body are merged by ``_one_per_node``)."""
    body = ctx.body(agency.name)
    iri = iris.body_iri(body)
    if iri in ctx.written:
        return
    ctx.written.add(iri)
    out.add(iri, "a", PK + "Agency")
    if body.collective:
        out.add(iri, "a", PK + "CollectiveBody")
    out.text(iri, "skos:prefLabel", body.label)
    _written_forms(out, iri, body, agency)
    out.add(iri, "org:classification", PKV + "level-" + body.level)
    out.add(iri, "org:classification", PKV + "branch-" + body.branch)
    _province(out, iri, body.province)
    # a body of a province plays its name's role in every province ("Viettel", "Văn phòng Tỉnh ủy")
    _role(out, iri, agency.national_role)
    out.lines(iri, agency.lines)


def _one_per_node(ctx: _Context, agencies: list[Agency]) -> list[Agency]:
    """The report's agencies, those that are one body merged (lines and written forms together)."""
    merged: dict[str, Agency] = {}
    for agency in agencies:
        node = merged.setdefault(
            ctx.agency(agency.name), Agency(agency.name, agency.level, national_role=agency.national_role)
        )
        node.lines += agency.lines
        node.abbreviations += [a for a in agency.abbreviations if a not in node.abbreviations]
        node.aliases += [a for a in [agency.name, *agency.aliases] if a not in node.aliases]
    return list(merged.values())


def _written_forms(out: _Writer, iri: str, body: Body, agency: Agency) -> None:
    """Abbreviations and the other names a text uses ("Đoàn Thanh niên Cộng sản Hồ Chí Minh" for
    a province's "Tỉnh đoàn") are labels; a form OCR damaged ("B§ Chinh tri", "Ban Thuong vy
    Tinh uy") is kept as ``pk:ocrForm``, a plain string, not as a name."""
    names = {fold(body.name), fold(body.label)}
    for alt in agency.abbreviations + agency.aliases:
        if fold(alt) in names:
            continue
        damaged = _is_ocr_form(alt)
        out.text(iri, "pk:ocrForm" if damaged else "skos:altLabel", alt, None if damaged else "vi")


@lru_cache(maxsize=65536)
def _is_ocr_form(written: str) -> bool:
    """Written so that restoring diacritics would change it, or with words OCR broke."""
    return restore_diacritics(written) != written or ocr_damaged(written)


def _role(out: _Writer, agency: str, role: str | None) -> None:
    """The national role a provincial body plays (classified by loaders/roles.py), and its 2025
    successor."""
    if not role:
        return
    out.add(agency, "pk:role", _role_concept(out, role))
    successor = successor_of(role)
    if successor:
        out.add(iris.role_iri(role), "dcterms:isReplacedBy", _role_concept(out, successor))


def _role_concept(out: _Writer, role: str) -> str:
    role_iri = iris.role_iri(role)
    out.add(role_iri, "a", SKOS + "Concept")
    out.add(role_iri, "skos:inScheme", PKV + "role")
    out.text(role_iri, "skos:prefLabel", role)
    return role_iri


def _tasks(out: _Writer, ctx: _Context, doc: str, report: Report) -> None:
    sections = {s.path for s in report.sections}
    places: dict[tuple[str, str], int] = {}  # (section, task text) -> its place in the section
    per_section: dict[str, int] = {}
    for assignment in report.assignments:
        key = (assignment.section, assignment.task)
        if key not in places:
            per_section[assignment.section] = places[key] = per_section.get(assignment.section, 0) + 1
        task = iris.task_iri(doc, assignment.section, places[key])
        out.add(task, "a", PK + "Task")
        out.text(task, "schema:description", assignment.task)
        out.add(task, "pk:assignedBy", doc)
        if assignment.section in sections:
            out.add(task, "pk:inSection", iris.section_iri(doc, assignment.section))
        role = "pk:leadAgency" if assignment.role == "lead" else "pk:coordinatingAgency"
        out.add(task, role, ctx.agency(assignment.agency))
        if assignment.deadline and assignment.deadline.isdigit():
            out.integer(task, "pk:deadlineYear", int(assignment.deadline))
        elif assignment.deadline:
            out.add(task, "pk:recurrence", PKV + "deadline-" + assignment.deadline)
        if assignment.due:
            out.add(task, "pk:dueDate", Literal(assignment.due, datatype=_DATE))
        if assignment.precision and assignment.precision != "recurrence":
            out.add(task, "pk:deadlinePrecision", PKV + "precision-" + assignment.precision)
        out.lines(task, assignment.lines)
        if len(report.page_starts) > 1 and assignment.lines:
            out.integer(task, "pk:page", page_of(report, assignment.lines))
        _table_row(out, task, assignment.table, assignment.row)
        out.text(task, "pk:extractionRule", assignment.rule or None, None)


def _table_row(out: _Writer, node: str, table: int | None, row: str | None) -> None:
    """Where in a table a node was read: the table's place among the text's tables and the row's
    number as written ("table 2, row 5")."""
    if table is not None:
        out.integer(node, "pk:sourceTable", table)
        out.text(node, "pk:sourceRow", row, None)


def _indicators(out: _Writer, doc: str, report: Report) -> None:
    seen_targets: set[str] = set()
    places: dict[str, int] = {}  # name -> place: an indicator stated twice is one node
    for indicator in report.indicators:
        place = places.setdefault(indicator.name, len(places) + 1)
        iri = iris.indicator_iri(doc, place)
        out.add(iri, "a", PK + "Indicator")
        out.text(iri, "skos:prefLabel", indicator.name)
        out.text(iri, "pk:indicatorGroup", indicator.group)
        if indicator.theme:
            out.add(iri, "pk:theme", iris.theme_iri(indicator.theme))
        out.add(iri, "pk:definedIn", doc)
        out.lines(iri, indicator.lines)
        if len(report.page_starts) > 1 and indicator.lines:
            out.integer(iri, "pk:page", page_of(report, indicator.lines))
        _table_row(out, iri, indicator.table, indicator.row)
        out.text(iri, "pk:extractionRule", indicator.rule or None, None)
        for target in indicator.targets:
            target_iri = iris.target_iri(iri, target.period)
            if target_iri in seen_targets:
                continue  # the same indicator stated twice: keep the first value of a year
            seen_targets.add(target_iri)
            out.add(iri, "pk:hasTarget", target_iri)
            out.add(target_iri, "a", PK + "Target")
            out.text(target_iri, "pk:period", target.period, None)
            if target.period.isdigit():
                out.integer(target_iri, "pk:targetYear", int(target.period))
            out.text(target_iri, "pk:asWritten", target.text, None)
            out.text(target_iri, "pk:comparator", target.comparator, None)
            if target.value is not None:
                out.add(target_iri, "pk:targetValue", Literal(repr(float(target.value)), datatype=_DECIMAL))
            out.text(target_iri, "pk:unit", target.unit, None)
            if target.upper is not None:
                out.add(target_iri, "pk:targetUpperValue", Literal(repr(float(target.upper)), datatype=_DECIMAL))
            out.text(target_iri, "pk:qualifier", target.qualifier, None)
