"""Tasks a news page reports, sentence by sentence, where no outline holds them.

An article about a plan says who was given what in running prose: "Chủ tịch UBND tỉnh giao Sở
Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính tham mưu …", "Sở Tài chính được giao cân
đối …; phối hợp với Sở Khoa học và Công nghệ hướng dẫn …", "Đối với lĩnh vực giáo dục, Sở Giáo dục
và Đào tạo được giao triển khai …". A sentence that opens with its bodies (after "… giao" or a
topic phrase) and goes on with what they do gives one task per clause, when the sentence gives the
task ("giao", "được giao", "chủ trì", "đề nghị", or a deadline): a page's narrative ("Viettel là
doanh nghiệp tiêu biểu …") gives none. A clause that opens with "phối hợp với X" names X a partner
and its task follows X; one that opens with bodies of its own is theirs.
"""

from __future__ import annotations

import re

from plankg.loaders.agencies import AgencyMention
from plankg.loaders.assignments import _LIST_GAP, _MIN_TASK_WORDS, _coordinators, _Span, make_assignment
from plankg.loaders.deadlines import find_deadline
from plankg.loaders.models import Assignment, Role
from plankg.loaders.source import SourceText

# What may stand before the bodies a reported sentence opens with (folded): "Chủ tịch UBND tỉnh
# giao", "UBND tỉnh giao cho", "Đối với lĩnh vực giáo dục,", "Bên cạnh đó,", "Ngoài ra,"
_LEAD_IN = re.compile(
    r"(?:[^.;:]{0,60}?\bgiao(?:\s+cho)?\s+|(?:doi voi|ve)\s[^,.;]{1,60},\s*|(?:ben canh do|ngoai ra|dong thoi),\s*)?$"
)
# What goes between the bodies and what they do: "được giao", "chủ trì", "có trách nhiệm", "là cơ quan"
_LINK = re.compile(r"\s*(?:(?:duoc|dc)\s+giao\s+|chu\s+tri\s*,?\s*|co\s+trach\s+nhiem\s+|dong\s+thoi\s+)?")
# Words before the bodies that give them the task: "… giao", "đề nghị", "yêu cầu"
_GIVES = re.compile(r"(?<![a-z])(?:giao|de nghi|yeu cau)(?![a-z])")
_PARTNER_FIRST = re.compile(r"\s*(?:dong\s+thoi\s+)?phoi\s+hop(?:\s+chat\s+che)?\s+voi\s+")
_SENTENCE = re.compile(r"[^.]+(?:\.(?!\d)|$)")


def article_assignments(src: SourceText, mentions: list[AgencyMention]) -> list[Assignment]:
    """The tasks a news page reports (module doc), section "" (a page has no numbering)."""
    out: list[Assignment] = []
    for sentence in _SENTENCE.finditer(src.ocr):
        span = _Span(sentence.start(), sentence.end())
        inside = [m for m in mentions if span.start <= m.start < span.end and m.kind == "agency"]
        opening = next((k for k, m in enumerate(inside[:3]) if _opens_with(src, span.start, m)), None)
        if opening is None:
            continue
        leads = _listed(src, inside[opening:])
        rest, linked = _after_link(src, leads[-1].end)
        given = (
            linked
            or _GIVES.search(src.ocr, span.start, leads[0].start) is not None
            or find_deadline(src.ocr[span.start : span.end]) is not None  # "… hoàn thành trước ngày 31/10/2025"
        )
        if rest >= span.end or not src.text[rest].islower() or not given:
            continue  # a page's narrative ("Viettel là doanh nghiệp tiêu biểu …") gives no task
        lead_names = list(dict.fromkeys(m.name for m in leads))
        begin = rest
        for stop in [m.start() + rest for m in re.finditer(";", src.ocr[rest : span.end])] + [span.end]:
            clause = _Span(begin, stop)
            begin = stop + 1
            here = [m for m in inside if clause.start <= m.start < clause.end]
            subject = _own_subject(src, clause, here)
            if subject:  # "…; Sở Công Thương hỗ trợ …": a clause with its own subject
                lead_names = list(dict.fromkeys(m.name for m in subject))
                clause = _Span(_after_link(src, subject[-1].end)[0], clause.end)
            out += _clause_tasks(src, clause, lead_names, here)
    return out


def _own_subject(src: SourceText, clause: _Span, here: list[AgencyMention]) -> list[AgencyMention]:
    """The bodies a clause opens with when a word in lower case follows them (its verb)."""
    if not here or src.ocr[clause.start : here[0].start].strip():
        return []
    subject = _listed(src, here)
    after = _after_link(src, subject[-1].end)[0]
    return subject if after < clause.end and src.text[after].islower() else []


def _listed(src: SourceText, mentions: list[AgencyMention]) -> list[AgencyMention]:
    """The first mention and those listed right after it ("Sở X, Sở Y và Sở Z")."""
    out = mentions[:1]
    for mention in mentions[1:]:
        if not _LIST_GAP.fullmatch(src.ocr[out[-1].end : mention.start]):
            break
        out.append(mention)
    return out


def _after_link(src: SourceText, at: int) -> tuple[int, bool]:
    """Where what the bodies do starts after ``at``, and whether a linking phrase ("được giao",
    "chủ trì") stood there."""
    link = _LINK.match(src.ocr, at)
    return (link.end(), bool(link.group(0).strip())) if link else (at, False)


def _opens_with(src: SourceText, start: int, mention: AgencyMention) -> bool:
    """Whether the sentence from ``start`` opens with ``mention``, perhaps after "… giao" or a topic."""
    before = " ".join(src.ocr[start : mention.start].split())
    return bool(_LEAD_IN.match(before + " " if before else ""))


def _clause_tasks(
    src: SourceText, clause: _Span, lead_names: list[str], inside: list[AgencyMention]
) -> list[Assignment]:
    partners = _coordinators(src, clause, inside)
    start = clause.start
    first = _PARTNER_FIRST.match(src.ocr, start)
    if first and partners:  # "phối hợp với X hướng dẫn …": the task follows the partners
        start = partners[-1].end
    text = " ".join(src.text[start : clause.end].split()).strip(" ,.;")
    text = re.sub(r"^(?:đồng thời|và)\s+", "", text)
    if len(text.split()) < _MIN_TASK_WORDS:
        return []
    task = src.display(text)
    task = task[:1].upper() + task[1:]
    deadline = find_deadline(src.ocr[clause.start : clause.end])
    lines = src.lines_of(clause.start, clause.end)
    out = [make_assignment(name, Role.LEAD, "", task, deadline, lines, "reported-sentence") for name in lead_names]
    for name in dict.fromkeys(m.name for m in partners):
        if name not in lead_names:
            out.append(make_assignment(name, Role.COORDINATE, "", task, deadline, lines, "reported-sentence/partner"))
    return out
