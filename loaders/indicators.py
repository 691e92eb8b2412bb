"""Quantified targets of the appendix table, rebuilt row by row (targets in the body: body_targets).

A table whose columns survived (``pdftotext -layout``) is read by the table reader, a cell per
column (``table_indicators``): the indicator's name, its unit, a target per year column; a
column of what was ("Hiện trạng 2024") is no target.

Otherwise the PDF-to-text step lost the table's columns: a row is its number, its name (over several
lines) and one cell per year column, all run together. The name ends where the rest of the row
reads as exactly as many cells as the header has years; cells are recognised on the OCR-folded
text by their shape (numbers with comparator and unit, "5G (> 60%)", "Có", "Duy trì/nâng cấp",
"-" for no target).
"""

from __future__ import annotations

import re
from functools import lru_cache

from plankg.loaders.models import Indicator, Target
from plankg.loaders.normalize import fold, is_caps_heading, squash_spaces
from plankg.loaders.outline import roman_value
from plankg.loaders.phrases import phrase_pattern
from plankg.loaders.source import SourceText
from plankg.loaders.tables import BASELINE, Table

_NUM = r"(?:[<>≥≤]\s*=?\s*|(?:tren|duoi|toi thieu|it nhat|khoang|hon)\s+)?\d+(?:[.,]\d+)?\s*%?(?:\s*(?:cnsdp|grdp|nguoi|km))?"
_WORDS = (
    r"(?:co|khong|dat|dap ung|hoan thanh|toan tinh|nhom dan dau|nhom\s+\d+(?:\s*-\s*\d+)?|top\s+\d+"
    r"|duy tri\s*[/,]\s*nang cap(?:\s*;\s*[a-z][a-z ,]{0,60}?)?)"
)
_CELL = (
    r"(?:"
    + _NUM
    + r"\s*;\s*"
    + _NUM
    + r"|\d+g\s*\(\s*[<>]?\s*\d+\s*%\s*\)|\d+\s*-\s*\d+|"
    + _NUM
    + "|"
    + _WORDS
    + r"|-)"
)
_NOISE = re.compile(r"(?<=\s)[.•·,](?=\s)")
_YEAR_HEADER = re.compile(r"nam\s+(20\d\d)")
_ROW_START = re.compile(r"^\s*(\d{1,3})(?:\s+([^\d\s<>≥≤-].*?))?\s*$")  # "5 15 25" is a line of cells
_GROUP = re.compile(r"^\s*([IVXL]{1,4}|in|ni|[A-D])\s+(\S.*)$")
_REPEATED_HEADER = re.compile(
    r"^\s*(?:s?tt\b|muc tieu(?: theo)?\s*$|muc tieu theo|nam\s*$|tinh\s*$|nam \d{4}|20\d\d\s*$|chi tieu)"
)
_COMPARATOR = re.compile(r"^\s*(>=|<=|≥|≤|>|<|tren|duoi|t[a-z]{1,2}i thieu|it nhat|khoang|hon)")
_COMPARATORS = {
    ">": ">",
    "<": "<",
    ">=": ">=",
    "<=": "<=",
    "≥": ">=",
    "≤": "<=",
    "tren": ">",
    "hon": ">",
    "duoi": "<",
    "toi thieu": ">=",
    "it nhat": ">=",
    "khoang": "~",
}


@lru_cache(maxsize=16)
def _cells_regex(count: int) -> re.Pattern[str]:
    return re.compile(r"\s*" + r"\s+".join([f"({_CELL})"] * count) + r"\s*$")


# What a target's words say of its number ("tối thiểu 10%" >=, "trên 55%" >, "khoảng 40%" ~), on the
# OCR-folded text, whose digits may stand for letters ("t5i thiểu", "tr3n")
_COMPARATOR_WORDS: list[tuple[str, str]] = [
    (
        phrase_pattern("tối thiểu", "ít nhất", "không ít hơn", "không dưới") + r"|t[o0-9]i\s+thi|tu\s+\S+\s+tro\s+len",
        ">=",
    ),
    (phrase_pattern("tối đa", "không quá", "không vượt quá", "không hơn"), "<="),
    (phrase_pattern("trên", "hơn", "vượt"), ">"),
    (phrase_pattern("dưới", "ít hơn"), "<"),
    (phrase_pattern("khoảng", "xấp xỉ", "gần"), "~"),
]
# each comparator's words as they close the text before the number
_COMPARATOR_BEFORE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:^|\s|\()(?:" + pattern + r")\s*$"), sign) for pattern, sign in _COMPARATOR_WORDS
]
_SYMBOLS = {">=": ">=", "<=": "<=", "≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "=", "~": "~", "≈": "~"}
_NUMBER_FORM = r"(?:\d+(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d+\.\d+|\d+(?:,\d+)?)"
_NUMBER = re.compile(
    r"(?<![\w.,])(?!\d\.0(?!\d))(" + _NUMBER_FORM + r")(?![\w])"
    r"(?:\s*[-–]\s*(" + _NUMBER_FORM + r")(?![\w]))?"
)  # not "4.0" of "Industry 4.0"
_SYMBOL_BEFORE = re.compile(r"(>=|<=|≥|≤|>|<|=|~|≈)\s*$")


def parse_target(period: str, written: str, folded: str) -> Target:
    """A Target from a cell or a body phrase, its parts kept apart: the comparator (a sign or its
    words), the number (or the two ends of a range, "8 - 10%"), the unit ("%", "người", "doanh
    nghiệp") and the qualifier — what the value is of or measured against ("5G" of "5G (> 60%)",
    "GDP" of "2% GDP", "trên một vạn dân"). Words only ("Nhóm dẫn đầu", "Có") have no number. A
    number glued to letters ("5G", "4.0") names a thing, it is no value."""
    if len(folded) != len(written):  # offsets into one must fall on the same words of the other
        folded = fold(written)
    number = _NUMBER.search(folded)
    if number is None:
        return Target(period, written, None, None, None)
    before = folded[: number.start()]
    comparator = None
    symbol = _SYMBOL_BEFORE.search(before)
    if symbol:
        comparator = _SYMBOLS[symbol.group(1)]
    else:
        comparator = next((sign for pattern, sign in _COMPARATOR_BEFORE if pattern.search(before)), None)
    value = _number_value(number.group(1))
    upper = _number_value(number.group(2)) if number.group(2) else None
    after_written = written[number.end() :]
    unit, rest = _unit_and_rest(after_written)
    qualifier_parts = [before.strip(" (")] if before.strip(" (") and not comparator and not _is_verb(before) else []
    qualifier_parts = [written[: number.start()].strip(" (:")] if qualifier_parts else []
    if symbol or comparator:  # "5G (> 60%)": what stands before the sign is the qualifier
        lead = written[: number.start()]
        lead = re.sub(r"(?:>=|<=|≥|≤|>|<|=|~|≈)\s*$", "", lead).strip()
        words = _strip_comparator_words(_strip_comparator_words(lead))  # "tối thiểu trên 35"
        qualifier_parts = [words.strip(" (:")] if words.strip(" (:") else []
    if rest:
        qualifier_parts.append(rest)
    qualifier = " ".join(qualifier_parts).strip(" ();,") or None
    return Target(period, written, comparator, value, unit, upper=upper, qualifier=qualifier)


_UNIT_WORDS = re.compile(r"^\s*(%|‰|[^\W\d_][^\s(),;]+(?:\s+(?:nghiệp|người|dân|vị|sản phẩm|giờ|km|ha))?)")
_FUNCTION_WORDS = frozenset({"trên", "so", "với", "của", "và", "trong", "tại", "cho", "đến", "năm", "trở", "mỗi"})


def _unit_and_rest(after: str) -> tuple[str | None, str]:
    """The unit right after a number ("%", "người", "doanh nghiệp") and what follows it."""
    after = after.strip()
    match = _UNIT_WORDS.match(after)
    if match is None:
        return None, after.strip(" ()")
    unit = match.group(1)
    if unit.split()[0].lower() in _FUNCTION_WORDS:
        return None, after.strip(" ()")
    rest = after[match.end() :]
    per = re.match(r"\s*/\s*(năm|nam|nim|tháng|quý)\b", rest)  # "10%/năm": a rate
    if per:
        unit, rest = f"{unit}/{per.group(1)}", rest[per.end() :]
    return unit, rest.split(";")[0].strip(" ()")


def _number_value(written: str) -> float:
    """A number as Vietnamese writes it: "." between thousands, "," before decimals ("1.000",
    "0,75"); a lone "." with other than three digits after it is a decimal point ("2.5")."""
    if re.fullmatch(r"\d+(?:\.\d{3})+(?:,\d+)?", written):
        written = written.replace(".", "")
    return float(written.replace(",", "."))


def _is_verb(folded_before: str) -> bool:
    return bool(re.search(r"(?:^|\s)(?:dat|la|bang|muc|tu)\s*$", folded_before))


def _strip_comparator_words(text: str) -> str:
    folded = fold(text)
    for pattern, _ in _COMPARATOR_BEFORE:
        match = pattern.search(folded)
        if match:
            return text[: match.start()]
    return text


def _tidy(value: str) -> str:
    value = squash_spaces(value)
    value = re.sub(r"([<>≥≤(])\s+", r"\1", value)
    value = re.sub(r"\s*/\s*", "/", value)
    return re.sub(r"\s+\)", ")", value)


_WORD_START = re.compile(r"(?:^|\s)(?=\S)")
_MAX_ROW_LINES = 60  # a longer "row" is prose after the table, not a row
_CELLS_WINDOW = 400  # the cells of a row fit in its last few hundred characters


def _split_row(text: str, folded: str, years: list[str]) -> tuple[str, list[str]] | None:
    """Name and cells of one row; None when the row does not end in cells."""
    first = max(0, len(folded) - _CELLS_WINDOW)
    for count in range(len(years), 0, -1):
        pattern = _cells_regex(count)
        for boundary in _WORD_START.finditer(folded, first):
            start = boundary.end()
            if start == 0:
                continue
            match = pattern.match(folded, start)
            if match:
                cells = [text[match.start(g) : match.end(g)] for g in range(1, count + 1)]
                return text[:start].strip(), cells
    return None


def _numbered_again(lines: list[str], k: int, last_line: int, number: int) -> bool:
    """Row ``number`` opens again after line ``k`` before row ``number + 1`` does: the lone
    ``number`` on line ``k`` was a page's."""
    for j in range(k + 1, last_line + 1):
        start = _ROW_START.match(lines[j - 1])
        if start and int(start.group(1)) == number + 1:
            return False
        if start and int(start.group(1)) == number:
            return True
    return False


def _alone(lines: list[str], k: int) -> bool:
    """Line ``k`` stands between blank lines (or the text's edges)."""
    return not (k >= 2 and lines[k - 2].strip()) and not (k < len(lines) and lines[k].strip())


def _without_unit(name: str, line_starts: list[int]) -> str:
    """The name of a row whose unit column ("%", "Doanh nghiệp", "Xếp hạng") ran into it: the
    unit starts on the first later line of the name that opens with a capital or a sign (a
    name wraps onto lines that open in lower case)."""
    for start in line_starts:
        if 0 < start < len(name):
            opening = name[start:].lstrip()[:1]
            if opening.isupper() or opening in "%‰":
                return name[:start].rstrip()
    return name


def _cell_target(src: SourceText, year: str, cell: str) -> list[Target]:
    """The target a year's cell states: none for an empty cell or "-"."""
    tidy = _tidy(cell)
    if not tidy or tidy == "-":
        return []
    return [parse_target(year, src.display(tidy), _tidy(fold(tidy)))]


def _table_years(lines: list[str]) -> list[str]:
    """The years of the header's columns, in order (not a year of the annex's title: "(Kèm theo
    Kế hoạch … năm 2025)")."""
    years: list[str] = []
    for line in lines[:40]:
        if "kem theo" in line:
            continue
        for year in _YEAR_HEADER.findall(line) or re.findall(r"^\s*(20\d\d)\s*$", line):
            if year not in years:
                years.append(year)
    return years


def _baseline_years(lines: list[str]) -> set[str]:
    """Years of the header whose column holds what was ("Hiện trạng năm 2024", "Ước thực hiện 2024")."""
    cells = [line for line in lines[:40] if len(line.split()) <= 6]  # a header cell, not the annex's title
    return {year for line in cells if BASELINE.search(line) for year in re.findall(r"(20\d\d)", line)}


def appendix_indicators(
    src: SourceText, annex_line: int, last_line: int | None = None, skip: set[int] | frozenset[int] = frozenset()
) -> list[Indicator]:
    """Rows of the indicator table of the annex on lines ``annex_line``..``last_line`` (1-based);
    the lines of ``skip`` (page numbers and running headers where a page breaks) are no cells."""
    lines = src.text.split("\n")
    ocr_lines = src.folded.split("\n")  # not OCR-repaired: "6G" must stay "6g"
    last_line = last_line or len(lines)
    years = _table_years(ocr_lines[annex_line - 1 : last_line])
    if len(years) < 2:
        return []
    baselines = _baseline_years(ocr_lines[annex_line - 1 : last_line])
    has_unit = any(re.search(r"don\s+vi|\bdvt\b", line) for line in ocr_lines[annex_line - 1 : annex_line + 40])
    indicators: list[Indicator] = []
    group: str | None = None
    row: list[int] = []
    last_number = 0

    def flush() -> None:
        if not row:
            return
        text = _NOISE.sub(" ", " ".join(misread.get(k, lines[k - 1]) for k in row))
        line_starts = [sum(len(misread.get(j, lines[j - 1])) + 1 for j in row[:i]) for i in range(len(row))]
        folded = _NOISE.sub(" ", " ".join(misread.get(k, ocr_lines[k - 1]) for k in row))
        first = _ROW_START.match(text)
        if first is None:  # a cut text can leave a row without its number: nothing to read
            row.clear()
            return
        body, body_folded = text[first.start(2) if first.group(2) else first.end(1) :], folded
        body_folded = body_folded[len(text) - len(body) :]
        split = _split_row(body, body_folded, years)
        if split and split[0]:
            name, cells = split
            if has_unit:
                name = _without_unit(name, [b - (len(text) - len(body)) for b in line_starts])
            offset = len(years) - len(cells)
            targets = []
            for k, cell in enumerate(cells):
                if years[offset + k] not in baselines:  # "Hiện trạng năm 2024" is no target
                    targets += _cell_target(src, years[offset + k], cell)
            name = src.display(name).rstrip(" .")
            indicators.append(
                Indicator(
                    name,
                    group,
                    targets,
                    [row[0], row[-1]] if row[-1] != row[0] else [row[0]],
                    "annex-row-cells-by-shape",
                )
            )
        row.clear()

    misread: dict[int, str] = {}  # lines holding a row number OCR read as letters
    header_end = max(
        (
            j
            for j in range(annex_line, min(last_line, annex_line + 40) + 1)
            if re.fullmatch(r"\s*(?:(?:den\s+)?nam\s+)?20\d\d\s*", ocr_lines[j - 1])
        ),
        default=annex_line,
    )
    for k in range(annex_line, last_line + 1):
        line, folded = lines[k - 1], ocr_lines[k - 1]
        if not line.strip() or _REPEATED_HEADER.match(folded) or k in skip:
            continue
        group_match = _GROUP.match(line)
        letter = group_match and group_match.group(1) in "ABCD"  # "A KHOA HỌC …": a group only in capitals
        if (
            group_match
            and (roman_value(group_match.group(1)) or group_match.group(1) in ("in", "ni") or letter)
            and not re.search(r"\d", group_match.group(2))
            and (not letter or is_caps_heading(group_match.group(2)))
        ):
            flush()
            group = src.display(group_match.group(2))
            continue
        if len(row) > _MAX_ROW_LINES:
            break  # the table has ended
        start = _ROW_START.match(line)
        if (
            start
            and int(start.group(1)) == last_number + 1
            and not (not start.group(2) and _alone(lines, k) and _numbered_again(lines, k, last_line, last_number + 1))
        ):
            # rows are numbered 1, 2, 3 … (a page number that happens to be the next row's is
            # told by that row coming after it)
            flush()
            last_number += 1
            row.append(k)
            continue
        if start is None and k > header_end and _misread_number(lines, k, last_line, last_number + 1):
            flush()  # OCR read the row's number as letters ("l", "NHÍ" for "1"): the next row says so
            last_number += 1
            misread[k] = str(last_number)
            row.append(k)
            continue
        if row and not (start and not start.group(2) and _alone(lines, k)):  # a page number, not a cell
            row.append(k)
    flush()
    return indicators


_LOOKS_LIKE_A_NUMBER = re.compile(r"[^\W\d_%]{1,3}|[|!]")


def _misread_number(lines: list[str], k: int, last_line: int, expected: int) -> bool:
    """Line ``k`` stands where row ``expected``'s number should (a short token alone, no digit)
    and the next numbered row is ``expected + 1``."""
    if not _LOOKS_LIKE_A_NUMBER.fullmatch(lines[k - 1].strip()):
        return False
    for j in range(k + 1, min(last_line, k + _MAX_ROW_LINES) + 1):
        start = _ROW_START.match(lines[j - 1])
        if start and int(start.group(1)) in (expected, expected + 1):  # a value ("20") is no row's number
            return int(start.group(1)) == expected + 1
    return False


def table_indicators(src: SourceText, table: Table, position: int | None = None) -> list[Indicator]:
    """The indicators of an indicator table read column by column (module doc); ``position``: the
    table's place among the text's tables, kept with each indicator and its row's number."""
    out: list[Indicator] = []
    for row in table.rows:
        name = squash_spaces(row.cells.get("indicator") or row.cells.get("task") or "").rstrip(" .")
        if len(name.split()) < 2:
            continue
        targets = [
            target
            for key, cell in row.cells.items()
            if key.startswith("year:")
            for target in _cell_target(src, key[len("year:") :], cell)
        ]
        if targets:
            out.append(
                Indicator(
                    src.display(name),
                    row.group,
                    sorted(targets, key=lambda t: t.period),
                    row.lines,
                    f"table-{table.form}",
                    table=position,
                    row=row.number,
                )
            )
    return out
