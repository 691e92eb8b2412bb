"""The document as parts with line spans, found before any recogniser runs.

A plan, programme or resolution as PDF-to-text leaves it is a sequence of parts: the header
(issuer, number, place and date), the title, the preamble, articles ("Điều 1 …") of a resolution
that issues an attached programme, the outline, recipients ("Nơi nhận") and signature blocks,
annexes ("PHỤ LỤC 01"), and page numbers or running headers between paragraphs. The parts may
come in any order: a Government resolution signs before the programme it issues.

The layout only says where each part is; recognisers and extractors read the parts they need
(the outline reads the body lines, tables are read from annexes and the body).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from plankg.loaders.agencies import AgencyMatcher
from plankg.loaders.normalize import fold, is_caps_heading
from plankg.loaders.source import SourceText
from plankg.loaders.tables import Table, find_tables

_RECIPIENTS = re.compile(r"^\s*n[o0][il1]\s*nh[a-z]{1,2}n\s*:?")
# "PHỤ LỤC 01", "PHU LUC I", "Phụ lục số 2", "PHỤ LỤC" alone
_ANNEX = re.compile(r"^\s*ph[u]\s*l[u]c\b\s*(?:s[o0]\s*)?(?P<label>[0-9]{1,2}|[ivxl]{1,4}\b|[a-d]\b)?")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*(?:-\s*)?$")
_ARTICLE = re.compile(r"^\s*dieu\s+(\d{1,2})\s*[.:]")
# A caps title that opens an attached document after a signature ("CHƯƠNG TRÌNH HÀNH ĐỘNG")
_ATTACHED_TITLE = re.compile(r"^\s*(?:chuong trinh|ke hoach|de an|quy che|quy dinh|danh muc|huong dan)\b")
_ROMAN_HEADING = re.compile(r"^\s*[ivxl]{1,4}\s*[.\-–]\s*\S")
_SIGNATURE = re.compile(r"^\s*(?:t\s*/?\s*m\.?|k\s*t\.?|tm\.|kt\.|q\.)\s")
_ANNEX_REFERENCE = re.compile(r"ph[uy]\s*l[uy]c\s*(?:s[o0]\s*)?([0-9]{1,2}|[ivxl|]{1,4}(?![a-z]))")  # OCR: "Phy luc |"


@dataclass
class Annex:
    """An annex: its label as the gold format writes sections ("PL01", "PLII", "PL"), heading
    line and the lines it spans."""

    label: str
    heading: str
    first_line: int
    last_line: int


@dataclass
class Layout:
    """Where the parts of a text are (1-based line numbers, inclusive spans)."""

    line_count: int
    recipients: list[tuple[int, int]] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    articles: list[tuple[str, int]] = field(default_factory=list)  # ("1", line) for "Điều 1."
    page_lines: set[int] = field(default_factory=set)  # page numbers and running headers
    missing_annexes: list[str] = field(default_factory=list)  # annexes referred to but absent
    tables: list[Table] = field(default_factory=list)

    def in_annex(self, line: int) -> Annex | None:
        return next((a for a in self.annexes if a.first_line <= line <= a.last_line), None)

    def in_table(self, line: int) -> Table | None:
        return next((t for t in self.tables if t.first_line <= line <= t.last_line), None)

    def is_body(self, line: int) -> bool:
        """A line of running text: not an annex, a table, a recipients/signature block or a page number."""
        if line in self.page_lines or self.in_annex(line) or self.in_table(line):
            return False
        return not any(a <= line <= b for a, b in self.recipients)

    @property
    def warnings(self) -> list[str]:
        """What could not be read, for the report and the user."""
        out = [f"the text refers to Phụ lục {label[2:]} but does not contain it" for label in self.missing_annexes]
        for table in self.tables:
            out += table.warnings
        return out


def _annex_label(match: re.Match[str]) -> str:
    label = (match.group("label") or "").upper()
    return "PL" + (label.zfill(2) if label.isdigit() else label)


# An annex heading whose words OCR damaged ("PHÛ LIC II"): two words near "phu luc", then the
# label; it counts only with its title block's "(Kèm theo …)" under it (itself perhaps damaged)
_DAMAGED_ANNEX = re.compile(
    r"^\s*(?P<words>p\S{1,3}\s+l\S{1,3})(?:\s+(?:s[o0]\s*)?(?P<label>[0-9]{1,2}|[ivxl]{1,4}\b|[a-d]\b))?\s*$"
)
_ATTACHED = re.compile(r"\(?\s*k\S{1,3}\s+th\S{1,3}\b")


def _damaged_annex_heading(folded: list[str], k: int) -> re.Match[str] | None:
    match = _DAMAGED_ANNEX.match(folded[k - 1])
    if match is None or fuzz.ratio(" ".join(match.group("words").split()), "phu luc") < 70:
        return None
    return match if any(_ATTACHED.match(line) for line in folded[k : k + 5]) else None


def read_layout(src: SourceText, matcher: AgencyMatcher) -> Layout:
    """The parts of ``src`` (``matcher`` helps to read table cells)."""
    written = src.text.split("\n")
    folded = src.ocr_lines
    layout = Layout(len(written))
    _page_lines(written, layout)
    starts: list[int] = []  # annex headings
    for k, (line, low) in enumerate(zip(written, folded), start=1):
        annex = _ANNEX.match(low) or _damaged_annex_heading(folded, k)
        if annex and is_caps_heading(line[: max(8, annex.end())] + " " + line) and len(line.split()) <= 6:
            starts.append(k)
            continue
        article = _ARTICLE.match(fold(line))
        if article:
            layout.articles.append((article.group(1), k))
    for k in starts:
        match = _ANNEX.match(folded[k - 1]) or _damaged_annex_heading(folded, k)
        if match is None:
            continue
        layout.annexes.append(Annex(_annex_label(match), written[k - 1].strip(), k, layout.line_count))
    for earlier, later in zip(layout.annexes, layout.annexes[1:]):
        earlier.last_line = later.first_line - 1
    for k, low in enumerate(folded, start=1):
        if _RECIPIENTS.match(low) and not layout.in_annex(k):
            layout.recipients.append((k, _recipients_end(written, folded, k, layout)))
    stops = {a.first_line for a in layout.annexes} | {a for a, _ in layout.recipients}
    layout.tables = find_tables(src, matcher, layout.page_lines, stops)
    _missing_annexes(src, layout)
    return layout


def _recipients_end(written: list[str], folded: list[str], start: int, layout: Layout) -> int:
    """The last line of a recipients and signature block: it runs until an annex, an attached
    document's title, an outline heading or an article begins (a signature may stand beside the
    recipients or after them; blank lines inside the list do not end it)."""
    last = start
    for k in range(start + 1, len(written) + 1):
        line, low = written[k - 1], folded[k - 1]
        if any(a.first_line == k for a in layout.annexes):
            break
        if is_caps_heading(line) and _ATTACHED_TITLE.match(low) and not _SIGNATURE.match(low):
            break
        if _ROMAN_HEADING.match(low) and is_caps_heading(line.split(".", 1)[-1]) or _ARTICLE.match(fold(line)):
            break
        if line.strip():
            last = k
    return last


def _page_lines(written: list[str], layout: Layout) -> None:
    """Page numbers: a lone number with a blank line (or the text's edge) on both sides (a row
    number of a raw table is followed by its first cell). Running headers: a short line that
    opens a page (after a blank line or a form feed) again and again, written the same each time
    (the document's number, its short title)."""
    openers: dict[str, list[int]] = {}
    for k, line in enumerate(written, start=1):
        before = written[k - 2].strip() if k >= 2 else ""
        if line.strip() and not before and len(line.split()) <= 8 and not line.strip()[:1] in "-+•*":
            openers.setdefault(" ".join(line.split()), []).append(k)
        if not _PAGE_NUMBER.match(fold(line)) or not line.strip():
            continue
        after = written[k].strip() if k < len(written) else ""
        if not before and not after:
            layout.page_lines.add(k)
    numbered_headers: dict[
        str, list[int]
    ] = {}  # "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH X      2": a header with its page's number
    for k, line in enumerate(written, start=1):
        found = _HEADER_WITH_NUMBER.match(line)
        header = (found.group(1) or found.group(2)) if found else ""
        if header and is_caps_heading(header):
            numbered_headers.setdefault(" ".join(fold(header).split()), []).append(k)
    for lines in numbered_headers.values():
        if len(lines) >= 2:
            layout.page_lines.update(lines)
    for text, lines in openers.items():
        # once a page: a cell of a table repeats within a few lines ("Duy trì/", "6G"), a header does not
        once_a_page = all(later - earlier >= _PAGE_MIN_LINES for earlier, later in itertools.pairwise(lines))
        if len(lines) >= 3 and once_a_page and not re.fullmatch(r"[\d\W]*", text) and not _OUTLINE_MARK.match(text):
            layout.page_lines.update(lines)


_HEADER_WITH_NUMBER = re.compile(r"^\s*(\S.{5,}?\S)\s{3,}\d{1,3}\s*$|^\s*\d{1,3}\s{3,}(\S.{5,}\S)\s*$")
_PAGE_MIN_LINES = 20  # the fewest lines a page of a plan holds
# An outline item or a table's row, which may open a page without being a running header
_OUTLINE_MARK = re.compile(r"^(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-eđ])\s*[.)\-–]")


def _missing_annexes(src: SourceText, layout: Layout) -> None:
    """Annexes the text refers to ("Chi tiết tại Phụ lục 02") that it does not contain."""
    have = {a.label for a in layout.annexes}
    seen: list[str] = []
    for match in _ANNEX_REFERENCE.finditer(src.ocr):
        line = src.line_of(match.start())
        if (annex := layout.in_annex(line)) and annex.first_line == line:
            continue
        written = match.group(1).replace("|", "i")
        label = "PL" + (written.zfill(2) if written.isdigit() else written.upper())
        if label not in have and label not in seen:
            seen.append(label)
    if any(not label[2:].isdigit() for label in seen):  # roman labels: OCR reads "II" as "11"
        seen = list(
            dict.fromkeys(
                "PL" + "I" * len(label[2:].lstrip("0")) if set(label[2:].lstrip("0")) == {"1"} else label
                for label in seen
            )
        )
    if not have:
        layout.missing_annexes = seen
    else:
        unnumbered = have == {"PL"}
        layout.missing_annexes = [] if unnumbered else seen
