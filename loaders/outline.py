"""Segment a plan into its numbered outline: "I-" parts, "1." items, "1.1." sub-items, bullets.

A block runs from the line that opens it to the line before the next opener; blank lines do not
end a block (PDF text breaks paragraphs anywhere). Only body lines of the layout are read: annexes,
recipients and signature blocks and page numbers are left out wherever they stand, so a programme
attached after its resolution's signature is read as well. Letter items ("a)", "đ)") are bullets
of the item they stand in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plankg.loaders.layout import Layout
from plankg.loaders.models import BlockKind, Section
from plankg.loaders.normalize import fold, is_caps_heading, join_lines
from plankg.loaders.source import SourceText

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN = re.compile(r"^\s*([IVXL1]{1,5}|[I]N|N[I]|M)\s*[-.–]\s*(\S.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})(\.|\)|\s?-(?=\s))?\s+(\S.*)$")  # "1.", "1)", "1-"
_BULLET = re.compile(r"^\s*[-+•*]\s*(\S.*)$")
_LETTER = re.compile(r"^\s*([a-eđ])([).])\s+(\S.*)$")  # "a)", or "a. Nội dung" (then with a capital)
# Top-level parts written otherwise than "I.": "A. MỤC ĐÍCH", "PHẦN II. NHIỆM VỤ", "PHẦN THỨ HAI: …"
# (matched on the folded, upper-cased line; a part is read as the roman heading of its rank)
_LETTER_PART = re.compile(r"^\s*([A-E])\s*[.\-–)]\s*(\S.*)$")
_NAMED_PART = re.compile(r"^\s*PHAN\s+(?:THU\s+)?([IVX]{1,4}|\d{1,2}|NHAT|HAI|BA|BON|NAM|SAU)\b\s*[.:\-–]?\s*(\S.*)$")
_PART_WORDS = {"NHAT": 1, "HAI": 2, "BA": 3, "BON": 4, "NAM": 5, "SAU": 6}
_PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
# A closing sentence after the last item, set apart by a blank line: "Kế hoạch này được phổ biến
# đến chi bộ", "Trong quá trình thực hiện, nếu có khó khăn …"
_CLOSING = re.compile(
    r"\s*(?:(?:ke hoach|chuong trinh|nghi quyet|quyet dinh)(?: hanh dong)? nay duoc|trong qua trinh (?:to chuc )?thuc hien)"
)
_ARTICLE_HEADING = re.compile(r"^\s*di[e]u\s+(\d{1,2})\s*[.:]\s*(\S.*)$")  # "Điều 4. Tổ chức thực hiện" (folded)


@dataclass
class Block:
    """One outline unit: a heading, a numbered item, a bullet, or free text before any of them."""

    kind: BlockKind
    path: str  # the section path it belongs to ("V.4.1"); for numbered blocks their own path
    first_line: int
    last_line: int
    lines: list[str] = field(default_factory=list)
    label: str = ""  # the number as written ("4.1", "V"), or a bullet's marker ("-", "+")

    @property
    def text(self) -> str:
        return join_lines("\n".join(self.lines))


_OCR_ROMANS = {"IN": 3, "NI": 3, "M": 3, "IL": 3, "IIL": 3, "LI": 2}  # OCR forms of III and II


def roman_value(token: str) -> int | None:
    token = token.upper()
    if token in _OCR_ROMANS:
        return _OCR_ROMANS[token]
    token = token.replace("1", "I").replace("L", "I") if not set(token) <= set("IVXL") else token
    if not set(token) <= set(_ROMAN_VALUES):
        return None
    total = 0
    for k, ch in enumerate(token):
        value = _ROMAN_VALUES[ch]
        total += -value if k + 1 < len(token) and _ROMAN_VALUES[token[k + 1]] > value else value
    return total


def to_roman(value: int) -> str:
    out = ""
    for number, symbol in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += symbol
            value -= number
    return out


def _part_heading(upper: str) -> re.Match[str] | None:
    return _NAMED_PART.match(upper) or _LETTER_PART.match(upper)


def _part_value(match: re.Match[str]) -> int | None:
    """The rank of a part heading: "III" → 3, "C" → 3, "PHẦN THỨ HAI" → 2."""
    token = match.group(1)
    if match.re is _LETTER_PART:
        return ord(token) - ord("A") + 1
    if token in _PART_WORDS:
        return _PART_WORDS[token]
    return int(token) if token.isdigit() else roman_value(token)


def _is_part_heading(line: str) -> bool:
    upper = fold(line).upper()
    found = _ROMAN.match(upper) or _part_heading(upper)  # OCR may put a tone on a numeral ("IỈ-")
    return found is not None and is_caps_heading(line[found.start(2) :])


def segment(src: SourceText, layout: Layout) -> list[Block]:
    """The body's blocks in order. A text without parts ("I.", "PHẦN II") whose articles hold its
    content (a council's resolution: "Điều 4. Tổ chức thực hiện / 1. Giao …") reads each article
    as a part."""
    blocks: list[Block] = []
    roman = 0
    part = ""  # the current part's label as the outline writes it ("V", or "B" for a lettered part)
    numbers: list[str] = []
    body = [(k, line) for k, line in enumerate(src.text.split("\n"), start=1) if line.strip() and layout.is_body(k)]
    articles_are_parts = not any(_is_part_heading(line) for _, line in body)
    for k, line in body:
        folded = src.ocr[src.line_starts[k - 1] : src.line_starts[k - 1] + len(line)]
        if _PAGE_NUMBER.match(line):
            continue
        if _CLOSING.match(folded) and (k == 1 or not src.lines[k - 2].strip()):
            blocks.append(Block(BlockKind.TEXT, part, k, k, [line]))  # "Kế hoạch này được phổ biến …": no item's
            continue
        article = _ARTICLE_HEADING.match(folded) if articles_are_parts else None
        if article:
            roman, numbers, part = int(article.group(1)), [], f"Điều {article.group(1)}"
            blocks.append(Block(BlockKind.ROMAN, part, k, k, [line[article.start(2) :]], part))
            continue
        upper = fold(line).upper()
        roman_match = _ROMAN.match(upper) or _part_heading(upper)  # OCR may put a tone on a numeral ("IỈ-")
        if roman_match and is_caps_heading(line[roman_match.start(2) :]):
            value = _part_value(roman_match)
            roman = value if value and value in (roman + 1, roman + 2) else roman + 1
            numbers = []
            part = roman_match.group(1) if roman_match.re is _LETTER_PART else to_roman(roman)  # "B" stays "B"
            blocks.append(Block(BlockKind.ROMAN, part, k, k, [line[roman_match.start(2) :]], part))
            continue
        numbered = _NUMBERED.match(line)
        if (
            numbered
            and "-" in (numbered.group(2) or "")
            and not numbered.group(3)[:1].isupper()
            and not (numbered.group(3)[:1].isalpha() and _next_item(numbered.group(1), numbers))
        ):
            numbered = None  # "10 - 15% số doanh nghiệp …" is a wrapped line, not item 10 ("8- ủy ban …" after 7 is)
        if (
            numbered
            and roman
            and (numbered.group(2) or "." in numbered.group(1))
            and not folded.lstrip()[len(numbered.group(1)) :].lstrip(".) ").startswith(("nam ", "thang "))
        ):
            label = numbered.group(1)
            parts = label.split(".")
            if len(parts) == 1 or parts[:-1] == numbers[: len(parts) - 1]:
                numbers = parts
                path = ".".join([part, *parts])
                blocks.append(Block(BlockKind.NUMBERED, path, k, k, [numbered.group(3)], label))
                continue
        letter = _LETTER.match(line)
        if letter and letter.group(2) == "." and not letter.group(3)[:1].isupper():
            letter = None  # "a. " before a lower-case word is no item
        if letter and roman:
            path = ".".join([part, *numbers])
            blocks.append(Block(BlockKind.BULLET, path, k, k, [letter.group(3)], letter.group(1) + ")"))
            continue
        bullet = _BULLET.match(line)
        first_letter = next((ch for ch in bullet.group(1) if ch.isalpha()), "") if bullet else ""
        after_break = k == 1 or not src.lines[k - 2].strip() or src.lines[k - 2].rstrip()[-1:] in ".;:"
        if bullet and not line.lstrip().startswith("-" * 2) and (not first_letter.islower() or after_break):
            # a dash before a lower-case word continues a sentence ("khoa học\n- công nghệ"), unless a
            # paragraph ended before it (OCR lost the capital: "- binh kỳ hằng tháng" for "- Định kỳ")
            path = ".".join([part, *numbers]) if roman else ""
            blocks.append(Block(BlockKind.BULLET, path, k, k, [bullet.group(1)], line.lstrip()[0]))
            continue
        if blocks:
            blocks[-1].lines.append(line)
            blocks[-1].last_line = k
        else:
            blocks.append(Block(BlockKind.TEXT, "", k, k, [line]))
    return blocks


def _next_item(label: str, numbers: list[str]) -> bool:
    """``label`` is the item that comes next at its depth ("8" after "7" or "7.2")."""
    parts = label.split(".")
    if len(parts) > len(numbers) + 1 or parts[:-1] != numbers[: len(parts) - 1]:
        return False
    before = numbers[len(parts) - 1] if len(numbers) >= len(parts) else "0"
    return before.isdigit() and parts[-1].isdigit() and int(parts[-1]) == int(before) + 1


def sections(blocks: list[Block]) -> list[Section]:
    """The outline's headings with the line span each covers."""
    out: list[Section] = []
    heads = [b for b in blocks if b.kind in (BlockKind.ROMAN, BlockKind.NUMBERED)]
    for k, block in enumerate(heads):
        depth = block.path.count(".")
        last = blocks[-1].last_line
        for later in heads[k + 1 :]:
            if later.path.count(".") <= depth:
                last = later.first_line - 1
                break
        heading = block.text.split(":")[0][:200]
        out.append(Section(block.path, heading, block.first_line, last))
    return out


def text_after_heading(src: SourceText, start: int, end: int) -> int:
    """Where an item's text starts when its first line is a heading of its own ("2. Hoàn thiện
    thể chế", "2. Tầm nhìn đến năm 2045") and the text follows on the next line, opening with a
    capital; otherwise ``start``."""
    line_end = src.text.find("\n", start, end)
    if line_end == -1:
        return start
    heading = src.text[start:line_end].strip()
    rest = src.text[line_end:end]
    following = line_end + len(rest) - len(rest.lstrip())
    if (
        not heading
        or heading[-1] in ".;:,("
        or len(heading.split()) > 14
        or not src.text[following : following + 1].isupper()
    ):
        return start
    return following
