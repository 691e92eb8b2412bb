"""The extraction pipeline: one source text in, one Report out."""

from __future__ import annotations

from pathlib import Path

from plankg.loaders.accounting import account
from plankg.loaders.agencies import collect_agencies, entry_for, matcher_for, resolve_aliases
from plankg.loaders.article_tasks import article_assignments
from plankg.loaders.assignments import find_assignments, implementation_blocks, table_assignments
from plankg.loaders.body_targets import body_indicators
from plankg.loaders.docnumbers import find_numbers
from plankg.loaders.document import describe, own_number, province_of, references
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.indicators import appendix_indicators, table_indicators
from plankg.loaders.layout import read_layout
from plankg.loaders.models import Agency, BlockKind, DocumentType, Report, Section
from plankg.loaders.opening import read_opening
from plankg.loaders.outline import sections, segment
from plankg.loaders.restore import damage_score
from plankg.loaders.roles import assign_roles
from plankg.loaders.source import SourceText
from plankg.loaders.textio import read_text
from plankg.loaders.themes import assign_themes


def extract_text(text: str, source: str) -> Report:
    """Extract everything from a text already in memory (``source`` names it in the report)."""
    gaz = load_gazetteer()
    src = SourceText(source, text)
    numbers = find_numbers(src, gaz)
    opening = read_opening(src)
    province = province_of(src, gaz, own_number(src, numbers, opening), opening)
    matcher = matcher_for(province)
    layout = read_layout(src, matcher)
    # names inside a table are read cell by cell (an aligned column is not one span of the text);
    # the page furniture around the document names no body of it ("Báo" of "Báo lỗi")
    mentions = [
        m
        for m in resolve_aliases(src, matcher.find_all(src))
        if opening.holds(src, m.start) and not layout.in_table(src.line_of(m.start))
    ]
    blocks = segment(src, layout)
    has_outline = any(b.kind == BlockKind.ROMAN for b in blocks)
    outline = sections(blocks) if has_outline else []
    table_tasks, table_mentions = [], []
    for position, table in enumerate(layout.tables, start=1):
        if table.kind == "task":
            annex = layout.in_annex(table.first_line)
            tasks, named = table_assignments(
                src, table, matcher, annex.label if annex else _table_section(outline, table.first_line), position
            )
            table_tasks += tasks
            table_mentions += named
    document = describe(src, numbers, mentions, has_outline, province, gaz, opening)
    report = Report(
        source=source,
        document=document,
        warnings=layout.warnings,
        damage=damage_score(src.text, src.ocr),
        page_starts=src.page_starts,
    )
    report.references = references(src, numbers, mentions, document.number, gaz, opening)
    report.agencies = collect_agencies(src, sorted(mentions + table_mentions, key=lambda m: m.start), gaz)
    if has_outline:
        report.sections = outline
        report.assignments = find_assignments(src, blocks, mentions, report.sections)
        report.indicators = body_indicators(src, blocks)
    if document.kind == DocumentType.ARTICLE:
        report.assignments += article_assignments(src, mentions)
    report.assignments += table_tasks
    _add_assigned_bodies(report)
    read_annexes = {id(layout.in_annex(t.first_line)) for t in layout.tables if t.kind == "task"}
    for position, table in enumerate(layout.tables, start=1):
        if table.kind == "indicator" and table.form in ("aligned", "pipe"):  # its columns survived: cell by cell
            report.indicators += table_indicators(src, table, position)
            read_annexes.add(id(layout.in_annex(table.first_line)))
    # "- 12 -", "Trang 12/40" where a page breaks; a bare number may be a row's (the reader tells)
    page_marks = {k for k in layout.page_lines if not src.lines[k - 1].strip().isdigit()}
    for annex in layout.annexes:
        if id(annex) not in read_annexes:  # a task table is never read as indicators
            report.indicators += appendix_indicators(src, annex.first_line, annex.last_line, page_marks)
    body_lines = {src.line_of(m.start) for m in mentions} | {src.line_of(m.start) for m in table_mentions}
    report.lines = account(
        src, opening, layout, blocks, implementation_blocks(src, blocks) if has_outline else [], report, body_lines
    )
    assign_themes(report)
    assign_roles(report)
    return report


def _add_assigned_bodies(report: Report) -> None:
    """Every body given a task is a body of the text: one a list names without a name any list
    holds ("…, sở, ban, ngành, tổ chức chính trị - xã hội tỉnh báo cáo …") joins the agencies at
    the lines of its tasks."""
    known = {agency.name: agency for agency in report.agencies}
    for assignment in report.assignments:
        agency = known.get(assignment.agency)
        if agency is None:
            entry = entry_for(assignment.agency)
            agency = known[assignment.agency] = Agency(assignment.agency, entry.level if entry else "other")
            report.agencies.append(agency)
        if assignment.lines and assignment.lines[0] not in agency.lines:
            agency.lines.append(assignment.lines[0])


def _table_section(outline: list[Section], line: int) -> str:
    """The outline section a table in the body stands under (its last heading before it,
    "III.2"), or "PL" for a table before any heading."""
    before = [section for section in outline if section.first_line <= line]
    return before[-1].path if before else "PL"


def extract_file(path: str | Path) -> Report:
    """Read and extract one file (errors as PlankgError with a one-line reason)."""
    path = Path(path)
    return extract_text(read_text(path), path.name)
