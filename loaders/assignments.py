"""Tasks given to named bodies, read from the "Tổ chức thực hiện" part of a plan.

A numbered item opens with the bodies it addresses ("4.2. Ban Tổ chức Tỉnh ủy:", "1. Các ban
cán sự đảng, đảng đoàn, … tổ chức tuyên truyền …"): they lead every task of the item, whether
the task follows inline or as bullets. "phối hợp với X", "thông qua X" and "phát huy vai trò của
X" inside a task make X a coordinating body.
A bullet holds several tasks when its sentences close on their own deadlines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from plankg.loaders.agencies import AgencyMatcher, AgencyMention, cell_item_spans, collectives_after, names_a_body
from plankg.loaders.deadlines import Deadline, ends_with_deadline, find_deadline, read_deadline
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.models import Assignment, BlockKind, Role, Section
from plankg.loaders.normalize import fold, join_lines
from plankg.loaders.outline import Block, roman_value, text_after_heading, to_roman
from plankg.loaders.phrases import compile_phrases, phrase_pattern
from plankg.loaders.source import SourceText
from plankg.loaders.tables import Table

_LIST_GAP = re.compile(r"[\s,;]*(?:(?:va|cung|-)\s+)?[\s,]*")
# What may stand before the bodies an item or bullet opens with: "Đề nghị", "Giao", or a time
# phrase of a recurring duty ("Định kỳ hằng tháng, 3 tháng, 6 tháng, …, X, Y báo cáo …",
# "Hằng năm, X tổ chức …", "Giữa nhiệm kỳ, X …")
_LEAD_IN = re.compile(
    r"\s*(?:(?:[bdp]inh ky|hang (?:nam|quy|thang|tuan)|gi[a-z]{1,2} nhiem ky|cuoi (?:nhiem ky|nam)"
    r"|truoc ngay|dau nam|6 thang dau nam)\b[^.;:()\n]{0,80}?,(?=\s*(?:cac|[a-z]+\s+[a-z]+))\s*"
    r"|c[a-z0-9]n\s+c[a-z0-9]{1,2}\s[^;:()]{0,160}?,(?=\s*c[a-z0-9]{1,2}c\s)\s*)?"  # "Căn cứ …, các …"
    r"(?:(?:de nghi|d[a-z] nghi|giao(?: cho)?)\s+)?\s*"
)
# Bodies that take part without leading: "phối hợp với X", "(thông qua X)" for reports that go
# through X, "phát huy vai trò của X".
_COORDINATE = re.compile(
    phrase_pattern("phối hợp chặt chẽ với", "phối hợp chặt chẽ", "phối hợp với", "phối hợp", "thông qua")
    + r"\s*|\(\s*qua\s+|"
    + phrase_pattern("phát huy vai")
    + r"\s+\S{1,3}\s+(?:cua\s+)?"
)  # "vai trò", OCR "vai ữò"
# "X chủ trì", "giao X chủ trì", "Cơ quan chủ trì: X" inside the task part of a plan
_LEADS = compile_phrases("chủ trì")
_LEAD_LABEL = re.compile(r"\s*:\s*")
# Bullets of the first level ("-", or "•", "*" where a plan writes them so); "+" marks a bullet
# under one of them, which an introducing bullet ("- Chỉ đạo … về các nhiệm vụ:") heads
_FIRST_LEVEL_BULLETS = frozenset("-•*")
_MIN_TASK_WORDS = 4
_MIN_INLINE_TASK_WORDS = 8  # what follows a heading's list of bodies is a task only if it says something
_MIN_HEADING_TASK_WORDS = 20  # … and more when items follow ("2. X lãnh đạo, chỉ đạo Y" / "a) …")


@dataclass
class _Span:
    start: int
    end: int


def _block_span(src: SourceText, block: Block) -> _Span:
    """The block's text, after its marker ("4.1.", "b)", "-"): the outline kept its first line's
    text without the marker."""
    line_start = src.line_starts[block.first_line - 1]
    first_line_length = src.end_of_line(block.first_line) - line_start
    return _Span(line_start + first_line_length - len(block.lines[0]), src.end_of_line(block.last_line))


def _mentions_in(mentions: list[AgencyMention], starts: list[int], span: _Span) -> list[AgencyMention]:
    k = bisect.bisect_left(starts, span.start)
    out = []
    while k < len(mentions) and mentions[k].start < span.end:
        out.append(mentions[k])
        k += 1
    return out


def _leading_agencies(src: SourceText, span: _Span, inside: list[AgencyMention]) -> tuple[list[AgencyMention], int]:
    """The bodies a numbered item opens with, and where the rest of its text starts: names the
    matcher found, and collective bodies the list goes on with between them ("các cấp ủy …, sở,
    ban, ngành, Mặt trận Tổ quốc, tổ chức chính trị - xã hội tỉnh báo cáo …")."""
    lead_in = _LEAD_IN.match(src.ocr, span.start)
    cursor = lead_in.end() if lead_in else span.start
    leads: list[AgencyMention] = []
    pending = [m for m in inside if m.start >= cursor]  # a body the time or ground phrase names is no lead
    while True:
        mention = pending[0] if pending else None
        chain = (
            collectives_after(src, cursor)
            if leads or cursor == span.start or (lead_in and lead_in.group(0).strip())
            else []
        )  # a list is a subject after bodies, a time or at the start
        if (
            chain
            and mention is not None
            and chain[0].start <= mention.start + 5
            and chain[-1].end >= mention.end
            and chain[-1].end <= span.end
        ):
            # "…, các ban đảng, ban cán sự đảng, đảng đoàn …": items the list names one by one, where
            # a name found across two of them would make one body of two
            # an item a list of names holds keeps that name ("… đảng ủy trực thuộc" of the gazetteer)
            chain = [
                next(
                    (p for p in pending if p.in_gazetteer and abs(p.start - m.start) <= 5 and abs(p.end - m.end) <= 12),
                    m,
                )
                for m in chain
            ]
            leads += [m for m in chain if m.name not in {lead.name for lead in leads}]
            cursor = chain[-1].end
            pending = [m for m in pending if m.start >= cursor]
            continue
        collective = chain[:1]
        if collective and mention is not None and collective[0].end <= mention.start <= collective[0].end + 12:
            mention = None  # the collective comes first
        if mention is not None:
            gap = _without_province(src.ocr[cursor : mention.start])  # "… tỉnh Quảng Ninh và các …"
            if _LIST_GAP.fullmatch(gap) or (leads and re.fullmatch(r"[\s,]*(?:va\s+)?cac\s+[a-z ,]{0,40}", gap)):
                leads.append(pending.pop(0))
                cursor = mention.end
                continue
        if not collective or collective[0].end > span.end:
            break
        if collective[0].name not in {lead.name for lead in leads}:
            leads.append(collective[0])
        cursor = collective[0].end
        pending = [m for m in pending if m.start >= cursor]
    if not leads:
        return [], span.start
    rest = _SEPARATORS.match(src.text, cursor)
    return leads, rest.end() if rest else cursor


_SEPARATORS = re.compile(r"[\s:,.\-]*")


def _without_province(gap: str) -> str:
    """A gap between two names with a leading province name taken out."""
    for key in _province_keys():
        stripped = gap.lstrip()
        if stripped.startswith(key):
            return stripped[len(key) :]
    return gap


@lru_cache(maxsize=1)
def _province_keys() -> tuple[str, ...]:
    return tuple(sorted((fold(p) for p in load_gazetteer().provinces), key=len, reverse=True))


def _sentences(src: SourceText, span: _Span) -> list[_Span]:
    out, start = [], span.start
    for match in re.finditer(r"[.;]\s+(?=\S)", src.text[span.start : span.end]):
        cut = span.start + match.end()
        nxt = src.text[cut]
        if match.group(0)[0] == "." and (nxt.isupper() or nxt in "(\"'"):
            out.append(_Span(start, span.start + match.start() + 1))
            start = cut
    out.append(_Span(start, span.end))
    return [s for s in out if src.text[s.start : s.end].strip()]


def _task_chunks(src: SourceText, span: _Span) -> list[_Span]:
    """Split a task text where sentences close on their own deadlines (see module doc)."""
    chunks: list[_Span] = []
    current: _Span | None = None
    for sentence in _sentences(src, span):
        closing = ends_with_deadline(src.ocr[sentence.start : sentence.end])
        if closing == "bare" and current is not None:
            chunks.append(current)
            current = None
        current = _Span(current.start, sentence.end) if current else sentence
        if closing:
            chunks.append(current)
            current = None
    if current is not None:
        if chunks and len(src.text[current.start : current.end].split()) < _MIN_TASK_WORDS:
            chunks[-1] = _Span(chunks[-1].start, current.end)
        else:
            chunks.append(current)
    return chunks


def _task_text(src: SourceText, span: _Span) -> str:
    text = join_lines(src.text[span.start : span.end]).strip(" -+•;,.")
    text = src.display(text)
    return text[:1].upper() + text[1:]


def _coordinators(src: SourceText, span: _Span, inside: list[AgencyMention]) -> list[AgencyMention]:
    out: list[AgencyMention] = []
    for match in _COORDINATE.finditer(src.ocr, span.start, span.end):
        cursor = match.end()
        for mention in inside:
            if mention.start < cursor:
                continue
            gap = src.ocr[cursor : mention.start]
            if not _LIST_GAP.fullmatch(gap) and not re.fullmatch(r"\s*\(?\s*", gap):
                break
            out.append(mention)
            cursor = mention.end
    for match in _PARTNERS_BEFORE.finditer(src.ocr, span.start, span.end):
        before = [m for m in inside if m.end <= match.start()]
        if not before or src.ocr[before[-1].end : match.start()].strip():
            continue
        chain = [before[-1]]
        for mention in reversed(before[:-1]):
            if (
                not _LIST_GAP.fullmatch(src.ocr[mention.end : chain[0].start])
                or ";" in src.ocr[mention.end : chain[0].start]
            ):
                break
            chain.insert(0, mention)
        out += [m for m in chain if m not in out]
    return out


# "(Sở X chủ trì; Sở Y, Sở Z phối hợp; …)": partners named before "phối hợp", which ends their clause
_PARTNERS_BEFORE = re.compile(r"(?<![a-z])phoi\s+hop(?:\s+thuc\s+hien)?\s*(?=[;).,]|$)")


def make_assignment(
    agency: str, role: Role, section: str, task: str, deadline: Deadline | None, lines: list[int], rule: str
) -> Assignment:
    """An Assignment with its deadline in the gold form and as a due date with its precision, and
    the id of the rule that read it (``rules.ASSIGNMENT_RULES``)."""
    if deadline is None:
        return Assignment(agency, role, section, task, None, lines, rule=rule)
    return Assignment(agency, role, section, task, deadline.value, lines, deadline.due, deadline.precision, rule)


def _assign(
    src: SourceText,
    span: _Span,
    section: str,
    leads: list[AgencyMention],
    mentions: list[AgencyMention],
    starts: list[int],
    lead_in: str = "",
    when: _Span | None = None,
    rule: str = "bodies-then-task",
) -> list[Assignment]:
    """Assignments of every task in a span; ``lead_in`` is the introducing bullet of a sub-bullet,
    ``when`` the time phrase before the bodies ("Định kỳ hằng tháng, …"): the deadline of tasks
    that state none, and the opening of the first task's text, whose sentence it opens."""
    out: list[Assignment] = []
    own_subjects = _own_subject_clauses(src, span, mentions, starts)
    if own_subjects:
        first = _Span(span.start, own_subjects[0][0].start)
        out += _assign(src, first, section, leads, mentions, starts, lead_in, when, rule)
        for clause, subject, _ in own_subjects:  # the clause, its subject included, is the task
            out += _assign(src, clause, section, subject, mentions, starts, rule="clause-own-subject")
        return out
    lead_names = list(dict.fromkeys(m.name for m in leads))
    for k, chunk in enumerate(_task_chunks(src, span)):
        task = _task_text(src, chunk)
        if lead_in:
            task = f"{lead_in.rstrip(': ')}: {task[:1].lower() + task[1:]}"
        elif when and k == 0:
            opening = (
                re.sub(r"[\s,]+\S{2,3}$", "", _task_text(src, when))
                if re.search(r"[\s,]c[a-z0-9]?c$", src.ocr[when.start : when.end].rstrip())
                else _task_text(src, when)
            )
            task = f"{opening.rstrip(' ,')} {task[:1].lower() + task[1:]}"  # "…, các" of a list is no time
        if len(task.split()) < _MIN_TASK_WORDS:
            continue
        deadline = find_deadline(src.ocr[chunk.start : chunk.end]) or (
            read_deadline(src.ocr[when.start : when.end]) if when else None
        )
        lines = src.lines_of(chunk.start, chunk.end)
        for name in lead_names:
            out.append(make_assignment(name, Role.LEAD, section, task, deadline, lines, rule))
        coordinators = _coordinators(src, chunk, _mentions_in(mentions, starts, chunk))
        for name in dict.fromkeys(m.name for m in coordinators):
            if name not in lead_names:
                out.append(make_assignment(name, Role.COORDINATE, section, task, deadline, lines, rule + "/partner"))
    return out


_CLAUSE_START = re.compile(r"(?:;|\.(?=\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÌÓÒÚÙÝ]))\s+")


def _own_subject_clauses(
    src: SourceText, span: _Span, mentions: list[AgencyMention], starts: list[int]
) -> list[tuple[_Span, list[AgencyMention], int]]:
    """Clauses of a task that open with a subject of their own ("… báo cáo về Ban Chỉ đạo; Ban Chỉ
    đạo tổng hợp, báo cáo …", ". Giữa nhiệm kỳ, Ban Chỉ đạo tổ chức sơ kết …"): each is a task of
    that body. A clause opens with its subject when bodies, perhaps after a time phrase, are
    followed by a word in lower case (its verb), not by "phối hợp" or a colon. Returns each
    clause (to the next such clause), its bodies and where the words after them start."""
    found: list[tuple[int, list[AgencyMention], int]] = []
    for match in _CLAUSE_START.finditer(src.text, span.start, span.end):
        begin = match.end()
        clause = _Span(begin, span.end)
        inside = _mentions_in(mentions, starts, clause)
        if not inside or inside[0].start > begin + 90:
            continue
        subject, rest = _leading_agencies(src, clause, inside)
        if not subject or rest >= span.end or subject[-1].kind == "role":
            continue
        gap = src.text[subject[-1].end : rest]
        if ":" in gap or "(" in gap or not src.text[rest].islower() or _COORDINATE.match(src.ocr, rest):
            continue
        if len(src.text[rest : span.end].split()) < _MIN_TASK_WORDS:
            continue
        found.append((begin, subject, rest))
    out = []
    for k, (begin, subject, rest) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else span.end
        out.append((_Span(begin, end), subject, rest))
    return out


_SUB_ITEM_REFERENCE = re.compile(r"tieu\s+muc\s+((?:\d{1,2}\.\d{1,2}[\s,.;]*)+)\(([^()]{3,120})\)")
_PART = re.compile(r"(?:phan|muc)\s+([ivxl]{1,4}|in|ni|m)\b")


def _sub_item_tasks(
    src: SourceText, span: _Span, lead_in: str, sections: dict[str, Section]
) -> list[tuple[str, Deadline | None, list[int]]]:
    """A bullet that points at several sub-items of the plan's task part, each with its own
    deadline ("Tiểu mục 3.1 (thực hiện thường xuyên); Tiểu mục 3.2 (xong trong năm 2025)"), is
    one task per reference: the lead-in, the sub-items and their headings, that deadline."""
    folded = src.ocr[span.start : span.end]
    references = list(_SUB_ITEM_REFERENCE.finditer(folded))
    if len(references) < 2:
        return []
    part = _PART.search(folded)
    roman = to_roman(roman_value(part.group(1)) or 3) if part and roman_value(part.group(1)) else None
    tasks = []
    for ref in references:
        numbers = re.findall(r"\d{1,2}\.\d{1,2}", ref.group(1))
        found = [sections.get(f"{roman}.{n}") for n in numbers] if roman else []
        headings = "; ".join(" ".join(s.heading.split()).rstrip(":. ") for s in found if s)
        label = f"Phần {roman}, tiểu mục {', '.join(numbers)}" if roman else f"tiểu mục {', '.join(numbers)}"
        text = f"{lead_in.rstrip(': ')} {label}" + (f": {headings}" if headings else "")
        lines = sorted({src.line_of(span.start + ref.start())} | {s.first_line for s in found if s})
        tasks.append((src.display(text), read_deadline(ref.group(2)), lines))
    return tasks


def _clause_assignments(
    src: SourceText, span: _Span, section: str, mentions: list[AgencyMention], starts: list[int]
) -> list[Assignment]:
    """An item that names no body up front may still give tasks clause by clause: a body that
    opens a clause leads it ("…; Ban Chỉ đạo cấp tỉnh tổng hợp, báo cáo …"), bodies it goes
    through coordinate. A clause without its own deadline takes the item's."""
    out: list[Assignment] = []
    item_deadline = find_deadline(src.ocr[span.start : span.end])
    begin = span.start
    for stop in [m.start() for m in re.finditer(";", src.ocr[span.start : span.end])] + [span.end - span.start]:
        clause = _Span(begin, span.start + stop)
        begin = span.start + stop + 1
        inside = _mentions_in(mentions, starts, clause)
        if not inside:
            continue
        deadline = find_deadline(src.ocr[clause.start : clause.end]) or item_deadline
        lines = src.lines_of(clause.start, clause.end)
        leads, rest = _leading_agencies(src, clause, inside)
        if leads and len(src.text[rest : clause.end].split()) >= _MIN_TASK_WORDS:
            task = _task_text(src, _Span(rest, clause.end))
            out += [
                make_assignment(name, Role.LEAD, section, task, deadline, lines, "clause-bodies-then-task")
                for name in dict.fromkeys(m.name for m in leads)
            ]
        task = _task_text(src, clause)
        for name in dict.fromkeys(m.name for m in _coordinators(src, clause, inside)):
            out.append(make_assignment(name, Role.COORDINATE, section, task, deadline, lines, "clause-partner"))
    return out


# "IV. TỔ CHỨC THỰC HIỆN", "V. TRÁCH NHIỆM THỰC HIỆN", "IV. PHÂN CÔNG NHIỆM VỤ / THỰC HIỆN"
_IMPLEMENTATION_PART = re.compile(
    r"to chuc thuc hien|trach nhiem thuc hien|phan cong (?:nhiem vu|thuc hien|trach nhiem)"
)


def implementation_blocks(src: SourceText, blocks: list[Block]) -> list[Block]:
    """The blocks of the "Tổ chức thực hiện" part, however it is called (empty when the text has none)."""
    for k, block in enumerate(blocks):
        heading = re.sub(r"\s+", " ", src.ocr[src.line_starts[block.first_line - 1] : src.end_of_line(block.last_line)])
        if block.kind == BlockKind.ROMAN and _IMPLEMENTATION_PART.search(heading):
            end = next((j for j in range(k + 1, len(blocks)) if blocks[j].kind == BlockKind.ROMAN), len(blocks))
            return blocks[k + 1 : end]
    return []


def find_assignments(
    src: SourceText, blocks: list[Block], mentions: list[AgencyMention], sections: list[Section] | None = None
) -> list[Assignment]:
    starts = [m.start for m in mentions]
    by_path = {s.path: s for s in sections or []}
    leads_by_path: dict[str, list[AgencyMention]] = {}
    lead_in = ""  # a bullet ending in ":" introduces the sub-bullets after it
    out: list[Assignment] = []
    part = implementation_blocks(src, blocks)
    for k, block in enumerate(part):
        span = _block_span(src, block)
        inside = _mentions_in(mentions, starts, span)
        if block.kind == BlockKind.NUMBERED:
            lead_in = ""
            leads, rest = _leading_agencies(src, span, inside)
            leads_by_path[block.path] = leads
            has_items = k + 1 < len(part) and part[k + 1].kind == BlockKind.BULLET and part[k + 1].path == block.path
            inline_words = len(src.text[rest : span.end].split())
            sentence = not has_items and src.text[rest : span.end].rstrip().endswith(
                "."
            )  # "… giám sát việc thực hiện Nghị quyết."
            needed = (
                _MIN_HEADING_TASK_WORDS if has_items else _MIN_TASK_WORDS + 1 if sentence else _MIN_INLINE_TASK_WORDS
            )
            if leads and inline_words >= needed:
                # "2. Căn cứ Nghị quyết …, các … tổ chức triển khai …": the ground phrase opens the task
                ground = _Span(span.start, leads[0].start) if leads[0].start > span.start + 2 else None
                out += _assign(
                    src,
                    _Span(rest, span.end),
                    block.path,
                    leads,
                    mentions,
                    starts,
                    when=ground,
                    rule="heading-bodies-then-task",
                )
            elif not leads:  # "12. Chế độ thông tin, báo cáo" / "Các cấp ủy … báo cáo (qua X)": the heading is no task
                out += _clause_assignments(src, _after_heading(src, span), block.path, mentions, starts)
        elif block.kind == BlockKind.BULLET:
            leads = leads_by_path.get(block.path, [])
            text = join_lines(src.text[span.start : span.end]).strip()
            if block.label in _FIRST_LEVEL_BULLETS:
                lead_in = _task_text(src, span) if text.endswith(":") else ""
                if lead_in:
                    continue
            own, rest = _leading_agencies(src, span, inside)
            when = None
            if own and src.text[own[-1].end : rest].strip().startswith(":"):
                leads, span = own, _Span(rest, span.end)  # "- Văn phòng Tỉnh ủy: …" names its own lead
            elif own and _LEADS.match(src.ocr, own[-1].end + 1):
                leads = own  # "- Tỉnh đoàn chủ trì phát động …": its own lead, the heading's bodies aside
            elif own and src.text[rest : rest + 1].isalpha() and not _COORDINATE.match(src.ocr, rest):
                # "a) Ban Tuyên giáo … hướng dẫn …", "- Định kỳ hằng quý, X báo cáo …": a bullet that opens with its body
                when = _Span(span.start, own[0].start) if own[0].start > span.start else None
                leads, span = own, _Span(rest, span.end)
            expanded = _sub_item_tasks(src, span, lead_in or _task_text(src, span), by_path) if leads else []
            for task, deadline, lines in expanded:
                out += [
                    make_assignment(m.name, Role.LEAD, block.path, task, deadline, lines, "sub-items-cited")
                    for m in {m.name: m for m in leads}.values()
                ]
            if leads and not expanded:
                prefix = lead_in if block.label not in _FIRST_LEVEL_BULLETS else ""
                out += _assign(
                    src,
                    span,
                    block.path,
                    leads,
                    mentions,
                    starts,
                    prefix,
                    when,
                    rule="bullet-own-bodies" if own and leads is own else "bullet-under-heading-bodies",
                )
    return out + task_part_assignments(src, blocks, part, mentions, starts)


def task_part_assignments(
    src: SourceText, blocks: list[Block], implementation: list[Block], mentions: list[AgencyMention], starts: list[int]
) -> list[Assignment]:
    """Tasks assigned inside the plan's other parts (III. Nhiệm vụ, giải pháp). A numbered item
    (with its bullets) says who leads it in a parenthesis or a clause: "(Sở Khoa học và Công nghệ
    chủ trì, phối hợp với Sở Tài chính …; hoàn thành trong quý III/2025)", "(Cơ quan chủ trì: X;
    phối hợp: Y)"; the task is the item's text before that. Or field lines follow the task
    ("- Cơ quan chủ trì: X", "- Cơ quan phối hợp: Y", "- Thời gian hoàn thành: …"). Or the item,
    or each of its bullets, opens with its own body: "- Sở X chủ trì, phối hợp với Y …", "Giao X
    chủ trì …", "Ban cán sự đảng X lãnh đạo Y ban hành …"; a bullet that opens with its body
    belongs to that body."""
    skip = {id(b) for b in implementation}
    items: list[tuple[Block, list[Block]]] = []  # numbered blocks outside the implementation part, with their bullets
    for block in blocks:
        if id(block) in skip:
            continue
        if block.kind == BlockKind.NUMBERED:
            items.append((block, []))
        elif block.kind == BlockKind.BULLET and items and block.path == items[-1][0].path:
            items[-1][1].append(block)
        elif block.kind == BlockKind.BULLET and block.path and "." not in block.path:
            items.append((block, []))  # a bullet right under a part's heading is an item of its own
    out: list[Assignment] = []
    for item, bullets in items:
        pieces = _with_fields([_block_span(src, item)] + [_block_span(src, b) for b in bullets], src)
        heading_leads = _heading_leads(src, pieces[0], mentions, starts) if len(pieces) > 1 else []
        if heading_leads or (len(pieces) > 1 and _bullets_own_tasks(src, pieces, mentions, starts)):
            units = pieces
        else:
            units = [_Span(pieces[0].start, pieces[-1].end)]
        for k, unit in enumerate(units):
            found = _unit_assignments(src, unit, item.path, mentions, starts)
            if not found and k and heading_leads:  # "3. Sở X:" / "b) Công khai …": the heading's body leads
                found = _assign(
                    src, unit, item.path, heading_leads, mentions, starts, rule="bullet-under-heading-bodies"
                )
            out += found
    return out


def _heading_leads(
    src: SourceText, span: _Span, mentions: list[AgencyMention], starts: list[int]
) -> list[AgencyMention]:
    """The bodies an item's heading names before a colon that ends it ("3. Sở Khoa học và Công
    nghệ:"), which lead every bullet under it that names no lead of its own."""
    leads, rest = _leading_agencies(src, span, _mentions_in(mentions, starts, span))
    if (
        leads
        and src.text[leads[-1].end : rest].strip() == ":"
        and src.lines_of(span.start, rest)[-1] == src.line_of(leads[-1].end)
    ):
        line_end = src.end_of_line(src.line_of(leads[-1].end))
        if not src.text[rest:line_end].strip():
            return leads
    return []


# A field line under a task: "- Cơ quan chủ trì: X", "- Phối hợp: Y", "- Thời gian hoàn thành: Quý
# III/2025", "- Sản phẩm: …"
_FIELD = re.compile(
    r"\s*[-+•*]?\s*(?:(?:co quan|don vi)\s+)?(chu tri|phoi hop|thuc hien|thoi gian(?: [a-z]+){0,2}|thoi han"
    r"|tien do|san pham|ket qua(?: [a-z]+)?)\s*:"
)


def _with_fields(spans: list[_Span], src: SourceText) -> list[_Span]:
    """The item's pieces, each field line joined to the task it describes."""
    out: list[_Span] = []
    for span in spans:
        if out and _FIELD.match(src.ocr, src.line_starts[src.line_of(span.start) - 1]):
            out[-1] = _Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def _field_assignments(
    src: SourceText, span: _Span, path: str, mentions: list[AgencyMention], starts: list[int]
) -> list[Assignment] | None:
    """A task followed by its field lines (see _FIELD): the task is the text before them, the
    bodies of the lead field lead, those of the partner field coordinate. None without a lead field."""
    fields: dict[str, _Span] = {}
    first_field = None
    for k in range(src.line_of(span.start), src.line_of(max(span.start, span.end - 1)) + 1):
        line_start = src.line_starts[k - 1]
        found = _FIELD.match(src.ocr, max(line_start, span.start))
        if not found:
            continue
        first_field = first_field if first_field is not None else line_start
        kind = found.group(1).split()[0]
        fields.setdefault(
            {"chu": "lead", "phoi": "coordinate", "thuc": "bodies", "thoi": "deadline", "tien": "deadline"}.get(
                kind, "other"
            ),
            _Span(found.end(), min(src.end_of_line(k), span.end)),
        )
    partners: list[AgencyMention] = []
    if "bodies" in fields and "lead" not in fields:
        # "Đơn vị thực hiện: X chủ trì, phối hợp với Y; các trường … thực hiện": partners apart, the rest lead
        bodies = fields["bodies"]
        partners = _coordinators(src, bodies, _mentions_in(mentions, starts, bodies))
        fields["lead"] = bodies
    if "lead" not in fields or first_field is None or first_field <= span.start:
        return None
    task = _task_text(src, _Span(span.start, first_field))
    if len(task.split()) < _MIN_TASK_WORDS:
        return None
    deadline = (
        read_deadline(src.ocr[fields["deadline"].start : fields["deadline"].end]) if "deadline" in fields else None
    ) or find_deadline(src.ocr[span.start : first_field])
    lines = src.lines_of(span.start, span.end)
    partner_names = {m.name for m in partners}
    leads = list(
        dict.fromkeys(m.name for m in _mentions_in(mentions, starts, fields["lead"]) if m.name not in partner_names)
    )
    out = [make_assignment(name, Role.LEAD, path, task, deadline, lines, "labelled-fields") for name in leads]
    out += [
        make_assignment(name, Role.COORDINATE, path, task, deadline, lines, "labelled-fields/partner")
        for name in dict.fromkeys(m.name for m in partners)
        if name not in leads
    ]
    if "coordinate" in fields:
        for name in dict.fromkeys(m.name for m in _mentions_in(mentions, starts, fields["coordinate"])):
            if name not in leads:
                out.append(
                    make_assignment(name, Role.COORDINATE, path, task, deadline, lines, "labelled-fields/partner")
                )
    return out


# Inside an item's closing parenthesis, these name its lead too: "(Sở X thực hiện; …)", "(Sở X
# tham mưu, …)", "(Trách nhiệm: Sở X; …)"
_PAREN_LEADS = compile_phrases("thực hiện", "tham mưu", "trách nhiệm")


# What follows the bodies a unit opens with when they lead it: "chủ trì", "lãnh đạo, chỉ đạo",
# "thực hiện", "tham mưu", "triển khai", ":"
_LEAD_VERB = re.compile(
    r"[\s,]*(?:ch[u]\s+tr[il1]|lanh\s+dao|chi\s+dao|thuc\s+hien|tham\s+muu|trien\s+khai|:)(?![a-z])"
)


def _opening_leads(
    src: SourceText, span: _Span, mentions: list[AgencyMention], starts: list[int]
) -> tuple[list[AgencyMention], int] | None:
    """The bodies a unit opens with, when a lead verb follows them or they are its sentence's
    subject, and where its task starts."""
    leads, rest = _leading_agencies(src, span, _mentions_in(mentions, starts, span))
    if leads and _LEAD_VERB.match(src.ocr, leads[-1].end):
        return leads, rest
    if leads and _subject_verb(src, leads, rest, span):
        return leads, span.start  # a sentence with its subject: the task is the whole sentence
    return None


# Words after a body that show it is no subject: "Ủy ban nhân dân tỉnh của …", "Sở X và …"
_NOT_A_VERB = frozenset(
    [
        "cua",
        "va",
        "voi",
        "trong",
        "tai",
        "ve",
        "de",
        "theo",
        "cho",
        "la",
        "cac",
        "nay",
        "do",
        "thi",
        "nhu",
        "tu",
        "den",
        "tren",
        "duoi",
        "o",
        "moi",
        "cung",
        "hoac",
        "nam",
    ]
)


def _subject_verb(src: SourceText, leads: list[AgencyMention], rest: int, span: _Span) -> bool:
    """ "- Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tập trung triển khai …": bodies that
    open a unit right at its start, followed by a word in lower case that is not a preposition,
    are its subject (and lead it)."""
    if leads[0].start > span.start + 2 or rest >= span.end or src.text[leads[-1].end : rest].strip():
        return False
    word = re.match(r"[a-z]+", src.ocr[rest : span.end])
    return (
        word is not None
        and src.text[rest].islower()
        and word.group(0) not in _NOT_A_VERB
        and not _COORDINATE.match(src.ocr, rest)
    )


def _after_heading(src: SourceText, span: _Span) -> _Span:
    """An item whose first line is a heading and whose text starts on the next line: that text."""
    return _Span(text_after_heading(src, span.start, span.end), span.end)


def _bullets_own_tasks(src: SourceText, pieces: list[_Span], mentions: list[AgencyMention], starts: list[int]) -> bool:
    """An item's bullets carry their own tasks when one opens with its body ("- Sở X chủ trì …")
    or when two or more of the item's pieces (its own text, its bullets) say who leads them ("- …
    (Sở X chủ trì)"); a lead named once, after the last bullet, is the whole item's."""
    with_leads = sum(1 for span in pieces if _LEADS.search(src.ocr, span.start, span.end))
    return with_leads >= 2 or any(_opening_leads(src, span, mentions, starts) for span in pieces[1:])


def _unit_assignments(
    src: SourceText, span: _Span, path: str, mentions: list[AgencyMention], starts: list[int]
) -> list[Assignment]:
    """The assignments of one item or bullet of the task part (see task_part_assignments)."""
    fielded = _field_assignments(src, span, path, mentions, starts)
    if fielded is not None:
        return fielded
    opening = _opening_leads(src, _after_heading(src, span), mentions, starts)
    if opening:
        leads, rest = opening
        return _assign(src, _Span(rest, span.end), path, leads, mentions, starts, rule="unit-opening-bodies")
    out: list[Assignment] = []
    markers = sorted(
        [*_LEADS.finditer(src.ocr, span.start, span.end), *_PAREN_LEADS.finditer(src.ocr, span.start, span.end)],
        key=lambda m: m.start(),
    )
    done: set[tuple[int, int]] = set()  # regions whose lead is read (a parenthesis may say it twice)
    for found in markers:
        region = _enclosing(src, span, found.start())
        if found.re is _PAREN_LEADS and src.text[region.start - 1 : region.start] != "(":
            continue  # "thực hiện", "tham mưu" name a lead only in the closing parenthesis
        inside = _mentions_in(mentions, starts, region)
        leads = _leads_at(src, region, inside, found)
        if not leads or (region.start, region.end) in done:
            continue
        done.add((region.start, region.end))
        coordinators = [m for m in _coordinators(src, region, inside) if m.name not in {l.name for l in leads}]
        task_end = region.start if src.text[region.start - 1 : region.start] == "(" else found.start()
        task = _task_text(src, _Span(span.start, max(span.start, task_end - 1)))
        if len(task.split()) < _MIN_TASK_WORDS:
            continue
        deadline = find_deadline(src.ocr[region.start : region.end]) or find_deadline(src.ocr[span.start : span.end])
        lines = src.lines_of(span.start, region.end)
        for name in dict.fromkeys(m.name for m in leads):
            out.append(make_assignment(name, Role.LEAD, path, task, deadline, lines, "chu-tri-in-text"))
        for name in dict.fromkeys(m.name for m in coordinators):
            out.append(make_assignment(name, Role.COORDINATE, path, task, deadline, lines, "chu-tri-in-text/partner"))
    return out


def _enclosing(src: SourceText, span: _Span, at: int) -> _Span:
    """The parenthesis around ``at`` if there is one, else its clause (up to ; or a full stop)."""
    opening = src.text.rfind("(", span.start, at)
    if opening != -1 and src.text.find(")", opening, at) == -1:
        closing = src.text.find(")", at, span.end)
        return _Span(opening + 1, closing if closing != -1 else span.end)
    begin = max(src.text.rfind(";", span.start, at), src.text.rfind(". ", span.start, at), span.start - 1) + 1
    stops = [i for i in (src.text.find(";", at, span.end), src.text.find(". ", at, span.end)) if i != -1]
    return _Span(begin, min(stops) if stops else span.end)


def _leads_at(src: SourceText, region: _Span, inside: list[AgencyMention], found: re.Match[str]) -> list[AgencyMention]:
    """The bodies that lead: the list right before "chủ trì" ("X, Y chủ trì"), or right after
    "chủ trì:" ("Cơ quan chủ trì: X")."""
    label = _LEAD_LABEL.match(src.ocr, found.end())
    if label:
        after = [m for m in inside if m.start >= label.end()]
        if after and not src.ocr[label.end() : after[0].start].strip():
            out = [after[0]]
            for mention in after[1:]:
                if not _LIST_GAP.fullmatch(src.ocr[out[-1].end : mention.start]):
                    break
                out.append(mention)
            return out
        return []
    before = [m for m in inside if m.end <= found.start()]
    if not before or src.ocr[before[-1].end : found.start()].strip():
        return []
    out = [before[-1]]
    for mention in reversed(before[:-1]):
        if not _LIST_GAP.fullmatch(src.ocr[mention.end : out[0].start]):
            break
        out.insert(0, mention)
    return out


_ROLE_IN_CELL = re.compile(r"(?<![a-z])(chu\s+tri|phoi\s+hop)(?![a-z])")


def _split_bodies_cell(folded: str, mentions: list[AgencyMention]) -> tuple[list[AgencyMention], list[AgencyMention]]:
    """The leads and the partners of a cell that names both ("Sở X chủ trì; Sở Y phối hợp",
    "Sở X (chủ trì), Công an tỉnh"): a body leads when the next marker after it says "chủ trì",
    takes part when it says "phối hợp"; one after the last marker takes part if a lead was named
    before it, and leads otherwise."""
    markers = [(m.start(), m.group(1).startswith("chu")) for m in _ROLE_IN_CELL.finditer(folded)]
    leads: list[AgencyMention] = []
    partners: list[AgencyMention] = []
    for mention in mentions:
        following = next((is_lead for at, is_lead in markers if at >= mention.end), None)
        if following is None:
            following = not any(is_lead for at, is_lead in markers if at < mention.start)
        (leads if following else partners).append(mention)
    return leads, partners


_VAGUE = re.compile(r"lien\s+quan|\bkhac\b|\bnguoi\s+dan\b|\bdoanh\s+nghiep\b|\bco\s+so\b")


def _whole_item(cell: SourceText, mention: AgencyMention) -> AgencyMention:
    """A name no list holds, found at the start of an item of a body column, runs to the item's
    end: official names capitalise their first word only ("Cục Quản lý đất đai", "Vụ Tổ chức cán
    bộ"), and a cell holds names and nothing else."""
    if mention.in_gazetteer:
        return mention
    for start, end in cell_item_spans(cell.text):
        item = cell.text[start:end]
        if (
            start <= mention.start < end
            and not cell.text[start : mention.start].strip()
            and end > mention.end
            and not _ROLE_IN_CELL.search(cell.ocr[mention.end : end])
            and len(item.split()) <= 14
        ):
            name = cell.display(item).strip(" .,;")
            return replace(mention, name=name, end=end, written=item)
    return mention


def _unlisted_bodies(cell: SourceText, found: list[AgencyMention]) -> list[AgencyMention]:
    """The items of a body column that no list of names holds: each item of the cell (between
    ";", or a dash opening a line) that names a body by its first word ("Các đoàn thể", "Các
    hiệp hội", "Hội Nông dân tỉnh") is a body of the task, named as the cell writes it."""
    out: list[AgencyMention] = []
    for start, end in cell_item_spans(cell.text):
        item = cell.text[start:end]
        if any(m.start < end and start < m.end for m in found):
            continue
        words = cell.ocr[start:end].split()
        if not (1 < len(words) <= 12 and names_a_body(item) and item.strip()[:1].isupper()) or _VAGUE.search(
            cell.ocr[start:end]
        ):
            continue
        name = cell.display(item).strip(" .,;")
        out.append(AgencyMention(name[:1].upper() + name[1:], "other", start, end, in_gazetteer=False, written=item))
    return out


def table_assignments(
    src: SourceText, table: Table, matcher: AgencyMatcher, label: str, position: int | None = None
) -> tuple[list[Assignment], list[AgencyMention]]:
    """The tasks of a task table: one per row, led by the bodies of its lead cell and coordinated
    by those of its partner cell; the section is the annex and the row number ("PL01.7").
    Also the bodies the cells name (the task cell's too), placed at their row's first line (a cell put together from
    an aligned column is not one span of the text). ``position``: the table's place among the text's
    tables, kept with each task and its row's number."""
    out: list[Assignment] = []
    named: list[AgencyMention] = []
    for row in table.rows:
        at = src.line_starts[row.first_line - 1]
        cells = {role: src.derived(row.cells.get(role, "")) for role in ("lead", "coordinate")}
        found = {role: [_whole_item(cell, m) for m in matcher.find_all(cell)] for role, cell in cells.items()}
        found = {role: mentions + _unlisted_bodies(cells[role], mentions) for role, mentions in found.items()}
        found = {role: sorted(mentions, key=lambda m: m.start) for role, mentions in found.items()}
        if _ROLE_IN_CELL.search(cells["lead"].ocr):  # "Sở X chủ trì; Sở Y, Sở Z phối hợp" in one column
            leads_here, partners = _split_bodies_cell(cells["lead"].ocr, found["lead"])
            found = {"lead": leads_here, "coordinate": partners + found["coordinate"]}
        cell_mentions = {role: [replace(m, start=at, end=at) for m in mentions] for role, mentions in found.items()}
        named += cell_mentions["lead"] + cell_mentions["coordinate"]
        # a body the task names ("… thông qua Quỹ Đổi mới công nghệ quốc gia") is named in the text too
        named += [replace(m, start=at, end=at) for m in matcher.find_all(src.derived(row.cells.get("task", "")))]
        text = row.cells.get("task", "")
        if len(text.split()) < 2:
            continue
        task = src.display(text)
        task = task[:1].upper() + task[1:]
        deadline = read_deadline(fold(row.cells.get("deadline", "")))
        lines = row.lines
        section = f"{label}.{row.number}"
        leads = list(dict.fromkeys(m.name for m in cell_mentions["lead"]))
        read: list[Assignment] = []
        for name in leads:
            read.append(make_assignment(name, Role.LEAD, section, task, deadline, lines, f"table-{table.form}"))
        for mention in cell_mentions["coordinate"]:
            if mention.name not in leads:
                leads.append(mention.name)
                read.append(
                    make_assignment(
                        mention.name, Role.COORDINATE, section, task, deadline, lines, f"table-{table.form}/partner"
                    )
                )
        out += [replace(a, table=position, row=row.number) for a in read]
    return out, named
