"""Where a document begins on a page, and what the page's metadata box says about it.

A text copied from a legal database or a news site carries page furniture before the document:
menus, a search box, "Báo lỗi / Ghi chú / Tải về", a copyright notice, a metadata box ("Số hiệu:
… Loại văn bản: … Nơi ban hành: … Ngày ban hành: …"). The document's own header block is found
by its shape wherever it stands — the national motto or the Party's name beside an issuer in
capitals, corroborated by a "Số …" line, a place-and-date line or "Độc lập - Tự do - Hạnh phúc"
— not by counting lines from the top. The metadata box confirms, or supplies, the number, type,
issuer and date the header gives.

Header cells split by table residue ("|" lines, rules of dashes or stars) are read as if the
residue were not there: such lines never count as lines of the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plankg.loaders.dates import iso_date, place_and_date
from plankg.loaders.normalize import is_caps_heading
from plankg.loaders.source import SourceText

# How many lines of the document (residue not counted) its header and title may take.
HEADER_LINES = 15
# How far down a page the header block is looked for: furniture rarely takes more.
_SEARCH_LINES = 400

# The motto of a state document and the Party's name on a party document, as OCR-folded letters.
# The motto of a state document ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", its first words enough: a
# cell may wrap it) and the Party's name on a party document, as OCR-folded letters.
_MOTTO = re.compile(
    r"c\s*[o0q]\s*n\s*g\s*h\s*[o0]\s*a\s*x\s*a\s*h\s*[o0]\s*[il1]"
    r"|d\s*a\s*n\s*g\s*c\s*[o0q]\s*n\s*g\s*s\s*a\s*n\s*v\s*[il1]\s*e\s*t\s*n\s*a\s*m"
)
_INDEPENDENCE = re.compile(r"d\s*[o0]\s*c\s*l\s*a\s*p\W{1,5}t\s*[uy]\s*d\s*[o0]\W{1,5}h\s*a\s*n\s*h\s*p\s*h\s*[uy]\s*c")
_NUMBER_LINE = re.compile(r"^[\s|*]*(?:[a-z ]{0,25}\s)?s[o0ốô6]\s*(?:hieu)?\s*[:.]?\s*(?:\d|$)")
# A line that is nothing but the residue of a table or a rule ("|", "-------", "* * *", "___")
_RESIDUE = re.compile(r"^[\s|*_=~.+-]*$")

# The labels of a legal database's metadata box (folded), each with the field it gives.
_BOX_LABELS = {
    "so hieu": "number",
    "so ky hieu": "number",
    "ky hieu": "number",
    "loai van ban": "kind",
    "hinh thuc van ban": "kind",
    "noi ban hanh": "issuer",
    "co quan ban hanh": "issuer",
    "don vi ban hanh": "issuer",
    "ngay ban hanh": "date",
    "ngay ky": "date",
    "nguoi ky": "signer",
    "ngay hieu luc": "other",
    "ngay cong bao": "other",
    "so cong bao": "other",
    "tinh trang": "other",
    "tinh trang hieu luc": "other",
    "linh vuc": "other",
    "nganh": "other",
    "trich yeu": "title",
}
# "Số hiệu: …", or a cell of a two-column table "| Số hiệu | … |"
_BOX_LABEL = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(map(re.escape, _BOX_LABELS), key=len, reverse=True)) + r")\s*(?::|\|(?=\s*[^|\s]))"
)


def place_and_date_at(folded: list[str], k: int) -> tuple[str, str] | None:
    """The place-and-date line at ``k`` (0-based), read with the next line when a cell wrapped it
    ("Hà Nội, ngày 23" / "tháng 6 năm 2025", "Thành" / "phố Hồ Chí Minh, ngày …")."""
    found = place_and_date(folded[k])
    if found or k + 1 >= len(folded):
        return found
    line = folded[k].strip(" |")
    wrapped = re.search(r"ngay(?:\s+\d{1,2})?$", line) or (
        line and len(line.split()) <= 3 and not re.search(r"\d|,", line)
    )
    return place_and_date(line + " " + folded[k + 1].strip(" |")) if wrapped else None


def is_residue(line: str) -> bool:
    """A line left by a table's borders or a rule: no letter and no digit."""
    return bool(_RESIDUE.match(line))


@dataclass
class MetadataBox:
    """The fields of a legal database's metadata box, as written (the date as ISO)."""

    number: str | None = None
    kind: str | None = None  # the type word as written ("Kế hoạch")
    issuer: str | None = None  # "Tỉnh Gia Lai", "Ủy ban nhân dân tỉnh Gia Lai"
    date: str | None = None
    title: str | None = None
    first_line: int = 0
    last_line: int = 0


@dataclass
class Opening:
    """Where the document starts on the page (1-based lines) and what a metadata box says."""

    start_line: int  # the first line of the document's header block (1 when nothing comes before)
    end_line: int  # its last line: a news page's related links and a site's footer come after
    header_last_line: int  # the last line of the header and title region
    box: MetadataBox | None = None
    has_header: bool = False  # a header block (motto beside an issuer) was found

    def start_offset(self, src: SourceText) -> int:
        return src.line_starts[self.start_line - 1]

    def end_offset(self, src: SourceText) -> int:
        """The offset just past the document's last line."""
        return src.end_of_line(self.end_line)

    def holds(self, src: SourceText, offset: int) -> bool:
        """``offset`` stands in the document, not on the page furniture around it."""
        return self.start_offset(src) <= offset <= self.end_offset(src)

    def header_end(self, src: SourceText) -> int:
        """The offset just past the header region."""
        return src.end_of_line(self.header_last_line)

    def lines_after_start(self, src: SourceText, count: int) -> int:
        """The line ``count`` lines of the document after its start, residue not counted."""
        return _count_lines(src.lines, self.start_line, count)


def read_opening(src: SourceText) -> Opening:
    """Find the document's header block on the page and the metadata box before it."""
    written, folded = src.lines, src.ocr_lines
    start = _header_start(written, folded)
    box = read_box(written, folded, 1, (start or 1) - 1 if (start or 1) > 1 else min(len(written), 60))
    return Opening(
        start or 1,
        _document_end(written, folded, start or 1),
        _count_lines(written, start or 1, HEADER_LINES),
        box,
        has_header=start is not None,
    )


# A page's trailer after the document: related news or documents, comments, sharing, the source
_TRAILER = re.compile(
    r"^[\s|*#>-]*(?:tin lien quan|bai viet lien quan|bai lien quan|tin cung chuyen muc|tin khac"
    r"|cac tin khac|xem them|van ban lien quan|cac van ban lien quan|tin moi nhat|tin doc nhieu"
    r"|binh luan|y kien ban doc|gui binh luan)\b[^a-z]*$"
)


def _document_end(written: list[str], folded: list[str], start: int) -> int:
    """The last line of the document: the line before a page's trailer heading ("Tin liên
    quan", "Văn bản liên quan", "Bình luận") in the last third of the page, else the last line."""
    for k in range(max(start, len(written) * 2 // 3), len(written) + 1):
        if _TRAILER.match(folded[k - 1]):
            return k - 1
    return len(written)


def _count_lines(written: list[str], start: int, count: int) -> int:
    k, seen = start, 0
    while k <= len(written):
        if not is_residue(written[k - 1]) or not written[k - 1].strip():
            seen += 1
            if seen >= count:
                return k
        k += 1
    return len(written)


def _header_start(written: list[str], folded: list[str]) -> int | None:
    """The first line of the header block: the issuer's capitals above the motto (the motto may
    share a line with them, or stand below the number as party documents place it)."""
    for k in range(min(len(written), _SEARCH_LINES)):
        if not _MOTTO.search(folded[k]) or not is_caps_heading(written[k]):
            continue
        if not _corroborated(written, folded, k):
            continue
        top = k
        j = k - 1
        collected = 0
        while j >= 0 and collected < 6:
            line = written[j]
            if not line.strip() or is_residue(line):
                j -= 1
                continue
            if is_caps_heading(line) and len(line.split()) <= 14 or _NUMBER_LINE.match(folded[j]):
                top, collected = j, collected + 1
                j -= 1
                continue
            break
        return top + 1
    return None


def _corroborated(written: list[str], folded: list[str], k: int) -> bool:
    """A motto line is a header's when a number line, a place-and-date line or the
    independence motto stands within a few lines of it."""
    for j in range(max(0, k - 6), min(len(written), k + 9)):
        if _INDEPENDENCE.search(folded[j]) or _NUMBER_LINE.match(folded[j]) or place_and_date_at(folded, j):
            return True
    return False


def read_box(written: list[str], folded: list[str], first: int, last: int) -> MetadataBox | None:
    """The metadata box among lines ``first``…``last``: at least two of its labels. A value
    stands after its label on the same line, or alone on the next line (a box copied from a
    table)."""
    box = MetadataBox()
    found: set[str] = set()
    for k in range(first, last + 1):
        low = folded[k - 1]
        labels = list(_BOX_LABEL.finditer(low))
        for i, label in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(low)
            value = written[k - 1][label.end() : end].strip(" |\t")
            if not value and i + 1 == len(labels):
                value = _next_value(written, k)
            field = _BOX_LABELS[label.group(1)]
            if not value or field in found:
                continue
            found.add(field)
            box.first_line = box.first_line or k
            box.last_line = k
            _set_field(box, field, value)
    return box if len(found) >= 2 else None


def _next_value(written: list[str], k: int) -> str:
    for line in written[k : k + 2]:
        if line.strip() and not is_residue(line):
            return "" if ":" in line else line.strip(" |\t")
    return ""


def _set_field(box: MetadataBox, field: str, value: str) -> None:
    if field == "date":
        match = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", value)
        box.date = iso_date(*match.groups()) if match else None
    elif field in ("number", "kind", "issuer", "title"):
        setattr(box, field, value)
