"""Tables as PDF-to-text leaves them: rows of cells, each cell with the role of its column.

Two forms cover most conversions:

- **aligned** (``pdftotext -layout``): the header names the columns on one line, separated by runs
  of spaces; a cell wraps onto the following lines inside its column; after a page break the
  header is repeated. A text chunk belongs to the column whose header starts at or left of it.
- **raw**: one cell per line, and a cell that does not fit wraps onto the next line. Rows open
  with their number ("TT") alone on a line; a new cell starts on a line that opens with a capital
  or a digit, unless the line before ends mid-phrase ("…, Đài" / "Tiếng nói Việt Nam") or a name
  runs across the break.

Header words are matched on the OCR-folded text, tolerant of damage ("Co quan chu trl"). Roles:
number, task, lead, coordinate, product, deadline, indicator, unit, year, note. Group rows ("I
LÃNH ĐẠO, CHỈ ĐẠO", "A KHOA HỌC …") that span the table name the group of the rows below them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from plankg.loaders.agencies import AgencyMatcher, AgencyMention, cell_items, names_a_body
from plankg.loaders.deadlines import deadline_cell
from plankg.loaders.normalize import fold, is_caps_heading, join_lines
from plankg.loaders.source import SourceText

# Role keywords, most specific first ("Đơn vị chủ trì" is a lead column, not a unit column).
_ROLE_WORDS: list[tuple[str, str]] = [
    ("lead", "chu tri"),
    ("lead", "co quan thuc hien"),  # one column for all the bodies: "Sở X chủ trì; Sở Y phối hợp"
    ("lead", "don vi thuc hien"),
    ("lead", "trach nhiem thuc hien"),
    ("coordinate", "phoi hop"),
    ("task", "noi dung"),
    ("task", "nhiem vu"),
    ("task", "cong viec"),
    ("task", "de an"),
    ("product", "san pham"),
    ("product", "ket qua"),
    ("deadline", "thoi gian"),
    ("deadline", "thoi han"),
    ("deadline", "tien do"),
    ("indicator", "chi tieu"),
    ("unit", "don vi tinh"),
    ("unit", "dvt"),
    ("note", "ghi chu"),
]
_NUMBER_HEAD = re.compile(r"^\s*(?:s\s*(?:o\s*)?t\s*t|t\s*t)\b")  # "STT", "Số TT", "S ố T T" of a narrow column
_YEAR_HEAD = re.compile(r"(?:nam\s+)?(20\d\d)\b")
# A column of a year that holds what was, not a target: "Hiện trạng 2024", "Thực hiện năm 2024",
# "Ước năm 2024", "Năm cơ sở 2024"
BASELINE = re.compile(r"hien\s+trang|thuc\s+hien|\buoc\b|co\s+so|hien\s+nay|ket\s+qua|nam\s+goc")
_CHUNK = re.compile(r"\S+(?: \S+)*")  # text separated by two or more spaces
_ROW_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?(?:\s+(\S.*))?$")
_GROUP = re.compile(r"^\s*([IVX]{1,4}|[A-Đ])\s*[.)]?(?:\s+(\S.*))?$")
# a line that ends on a word wanting what follows ("… và", "… của", "… trình" / "Hội đồng nhân dân tỉnh")
_CONTINUES = re.compile(
    r"(?:,|;|-|\bva|\bcua|\bcac|\bve|\bcho|\bvoi|\btheo|\btai|\btren|\bdoi|\btrong|\bgui|\bden"
    r"|(?<!chuong )(?<!quy )\btrinh)\s*$"
)
# a line opening with a cited document ("Nghị quyết số 57-NQ/TW") goes on with the cell above
_CITATION_START = re.compile(
    r"\s*(?:nghi quyet|ke hoach|quyet dinh|chuong trinh|chi thi|ket luan|thong bao|luat)"
    r"\s+so\s*\d"
)
_NUMBER_WORD = re.compile(r"\bso\s*$")  # "… Nghị quyết số" / "57-NQ/TW …"
_ROMAN_HEADING = re.compile(r"^\s*[ivx]{1,4}\s*[.]\s+\S")
_MIN_ROLES = 3  # a header names at least the number column and two others
_MAX_HEADER_LINES = 12


@dataclass
class Row:
    """One row: its number as written, the group it stands in, and its cells by role."""

    number: str
    group: str | None
    cells: dict[str, str] = field(default_factory=dict)
    first_line: int = 0
    last_line: int = 0

    @property
    def lines(self) -> list[int]:
        """The row's line span as evidence: its first line, and its last when it has more."""
        return [self.first_line] if self.first_line == self.last_line else [self.first_line, self.last_line]


@dataclass
class Table:
    """A table: what it holds (tasks or indicators), its columns and rows, and what went wrong."""

    kind: str  # task | indicator
    form: str  # aligned | raw | pipe
    roles: list[str]
    first_line: int
    last_line: int
    years: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)  # aligned form: where each column starts
    header_lines: int = 1  # raw form: the lines the header takes


def role_of(folded: str) -> str | None:
    """The role a header cell names (folded text), tolerant of OCR damage."""
    text = " ".join(folded.split())
    if _NUMBER_HEAD.fullmatch(text):
        return "number"
    year = _YEAR_HEAD.fullmatch(text)
    if year:
        return "year"
    if _YEAR_HEAD.search(text) and len(text.split()) <= 5 and not any(word in text for _, word in _ROLE_WORDS):
        # "Mục tiêu năm 2025", "Đến năm 2030", "Kế hoạch 2025"; "Hiện trạng 2024" is a note
        return "note" if BASELINE.search(text) else "year"
    for role, word in _ROLE_WORDS:
        if word in text:
            return role
    if text.startswith("don vi"):
        return "unit"  # "Đơn vị" alone (never "Đơn vị chủ trì", found above)
    for role, word in _ROLE_WORDS:
        if len(word) >= 6 and len(text) >= len(word) - 1 and fuzz.partial_ratio(word, text) >= 85:
            return role
    return None


def _roles_in(folded: str) -> list[tuple[int, str]]:
    """Roles named anywhere in a folded header text, with their positions, left to right."""
    found: list[tuple[int, str]] = []
    number = _NUMBER_HEAD.match(folded)
    if number:
        found.append((number.start(), "number"))
    taken: list[tuple[int, int]] = []
    for role, word in _ROLE_WORDS:
        for match in re.finditer(r"(?<![a-z])" + word.replace(" ", r"\s+") + r"(?![a-z])", folded):
            if not any(a <= match.start() < b for a, b in taken):
                found.append((match.start(), role))
                taken.append((match.start(), match.end()))
    for match in re.finditer(r"(?<!\d)(20\d\d)(?!\d)", folded):
        found.append((match.start(), "year"))
    return sorted(found)


def _kind(roles: list[str]) -> str | None:
    if "lead" in roles and ("task" in roles or "coordinate" in roles):
        return "task"
    if ("indicator" in roles or ("task" in roles and "coordinate" not in roles)) and roles.count("year") >= 1:
        return "indicator"  # "Chỉ tiêu" (or "Nội dung" without bodies) and a column per year
    return None


def find_tables(src: SourceText, matcher: AgencyMatcher, skip: set[int], stops: set[int]) -> list[Table]:
    """Every task or indicator table in the text. ``skip``: page-number lines; ``stops``: lines
    where a table must end (annex headings, recipients); ``matcher`` tells where a body's name
    runs across a line break."""
    lines = src.text.split("\n")
    folded = src.ocr_lines
    tables: list[Table] = []
    k = 1
    while k <= len(lines):
        low = folded[k - 1]
        if _NUMBER_HEAD.match(low.lstrip(" |")):
            table = _pipe_header_at(lines, folded, k) if _pipe_cells(lines[k - 1]) else _header_at(lines, folded, k)
        elif _pipe_cells(lines[k - 1]) and len(_roles_in(low)) >= 2:
            table = _pipe_header_at(lines, folded, k)  # "Chỉ tiêu | Đơn vị tính | 2025 | 2030": no number column
        elif len(_CHUNK.findall(lines[k - 1])) >= 2 and len(_roles_in(low)) >= 2:
            table = _aligned_header_at(lines, folded, k)  # "Số" over "TT", or "TT" on the header's second line
        else:
            table = None
        if table is None:
            k += 1
            continue
        table.last_line = _table_end(lines, folded, table, stops)
        if table.form == "pipe":
            table.last_line = _pipe_table_end(lines, folded, table, skip)
        if table.form == "pipe":
            _pipe_rows(src, lines, table, skip)
        elif table.form == "aligned":
            _aligned_rows(src, lines, folded, table, skip)
        else:
            _raw_rows(src, matcher, lines, folded, table, skip)
        if not table.rows:
            table.warnings.append(f"table at line {table.first_line}: no rows could be read")
        tables.append(table)
        k = table.last_line + 1
    return tables


def _header_at(lines: list[str], folded: list[str], k: int) -> Table | None:
    """The table whose header starts on line ``k``, if it is one."""
    if len(_CHUNK.findall(lines[k - 1])) >= 2:
        aligned = _aligned_header_at(lines, folded, k)
        if aligned is not None:
            return aligned
    # raw: the header's cells on consecutive lines ("TT" / "Nhiệm vụ" / "Cơ quan chủ trì" …)
    header: list[str] = []
    for j in range(k, min(len(lines), k + _MAX_HEADER_LINES) + 1):
        if not lines[j - 1].strip():
            if len(header) > 1 or j > k + 1:
                break
            continue
        header.append(folded[j - 1])
        if j > k and (
            _ROW_NUMBER.match(lines[j - 1])
            and not _YEAR_HEAD.match(folded[j - 1].strip())
            or _is_group_line(lines[j - 1])
        ):
            header.pop()
            break
    text = " \n ".join(header)
    roles = _dedupe([role for _, role in _roles_in(text)])
    kind = _kind(roles)
    if kind is None or len(roles) < _MIN_ROLES:
        return None
    years = list(dict.fromkeys(re.findall(r"(?<!\d)(20\d\d)(?!\d)", text)))
    return Table(kind, "raw", roles, k, k, years=years, header_lines=len(header))


def _is_group_line(line: str) -> bool:
    """A group row under the header: a roman numeral alone, or with a title in capitals."""
    match = _GROUP.fullmatch(line.strip())
    return (
        match is not None
        and re.fullmatch(r"[IVX]{1,4}", match.group(1)) is not None
        and (match.group(2) is None or is_caps_heading(match.group(2)))
    )


def _dedupe(roles: list[str]) -> list[str]:
    """Roles in header order; a role named twice in one header cell ("Nội dung nhiệm vụ") once."""
    out: list[str] = []
    for role in roles:
        if role == "year" or not out or out[-1] != role:
            if role != "year" and role in out:
                continue
            out.append(role)
    return out


def _table_end(lines: list[str], folded: list[str], table: Table, stops: set[int]) -> int:
    """The last line of a table: before the next stop (annex, recipients) or outline heading."""
    last = table.first_line
    for k in range(table.first_line + 1, len(lines) + 1):
        if (
            k in stops
            or _ROMAN_HEADING.match(folded[k - 1])
            and lines[k - 1].strip()[:1].isupper()
            and not re.match(r"^\s*[IVX]{1,4}\s{2,}", lines[k - 1])
            and not _rows_follow(lines, k)
        ):
            break
        if lines[k - 1].strip():
            last = k
    return last


def _pipe_table_end(lines: list[str], folded: list[str], table: Table, skip: set[int]) -> int:
    """A "|" table ends at its last "|" row before an outline heading, or before running text that
    no "|" row follows within a few lines (a page's number or running header between rows does
    not end it; its group rows are "|" rows too)."""
    last = table.first_line
    for k in range(table.first_line + 1, table.last_line + 1):
        line = lines[k - 1]
        if "|" in line:
            last = k
        elif _ROMAN_HEADING.match(folded[k - 1]) and line.strip()[:1].isupper():
            break
        elif line.strip() and k not in skip:
            ahead = [x for x in lines[k : k + 6] if x.strip()][:3]
            if not any("|" in x for x in ahead):
                break
    return last


def _year_key(folded_cell: str) -> str:
    """The key of a year column ("year:2030"), or "note" when the cell names no year after all."""
    found = _YEAR_HEAD.search(folded_cell)
    return f"year:{found.group(1)}" if found else "note"


def _rows_follow(lines: list[str], k: int) -> bool:
    """A roman line inside a table is a group row when the table's rows go on under it (its
    title may wrap onto a line or two); an outline heading is followed by running text."""
    following = [line for line in lines[k : k + 6] if line.strip()][:3]
    return any(
        _ROW_NUMBER.fullmatch(line) or re.match(r"^\s*\|?\s*\d{1,3}\s*[.)]?\s*(?:\||\s{2,})", line)
        for line in following
    )


def _is_repeated_header(folded: str) -> bool:
    return bool(_NUMBER_HEAD.match(folded)) and len([r for _, r in _roles_in(folded) if r != "number"]) >= 2


def _is_header_words(folded: str) -> bool:
    """A line of header words only ("hoàn thành", "tính", "Mục tiêu"): the header wrapped."""
    words = folded.split()
    return 0 < len(words) <= 4 and all(
        w in {"hoan", "thanh", "tinh", "muc", "tieu", "thuc", "hien", "tri", "hop", "gian", "han", "vi", "nam"}
        for w in words
    )


def _group_title(src: SourceText, text: str) -> str:
    return src.display(text.strip(" .:"))


# ---------------------------------------------------------------------------- aligned form

_MAX_ALIGNED_HEADER = 4


def _column_spans(lines: list[str]) -> list[tuple[int, int]]:
    """The columns a header block's chunks make: chunks that overlap from one line to the next
    are one column ("Cơ quan chủ trì" over "thực hiện", however each is centred)."""
    spans = sorted((c.start(), c.end()) for line in lines for c in _CHUNK.finditer(line))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _aligned_header_at(lines: list[str], folded: list[str], k: int) -> Table | None:
    """A header laid out in columns by position (``pdftotext -layout``) from line ``k``, its cells
    wrapped over up to four lines; each column's words read together name its role."""
    block: list[int] = []
    for j in range(k, min(len(lines), k + _MAX_ALIGNED_HEADER - 1) + 1):
        if not lines[j - 1].strip() or (j > k and _ROW_NUMBER.fullmatch(lines[j - 1].strip().split("  ")[0] or "-")):
            break
        block.append(j)
    for size in range(len(block), 0, -1):  # the longest block that reads as a header
        rows = [lines[j - 1] for j in block[:size]]
        spans = _column_spans(rows)
        if len(spans) < _MIN_ROLES:
            continue
        cells = [" ".join(folded[j - 1][a:b] for j in block[:size]) for a, b in spans]
        roles = [role_of(cell) for cell in cells]
        kind = _kind([r for r in roles if r])
        if sum(r is not None for r in roles) < _MIN_ROLES or not kind or roles[0] not in ("number", None):
            continue
        if "number" not in roles:
            continue
        keys = [_year_key(cell) if r == "year" else (r or "note") for cell, r in zip(cells, roles)]
        years = [key[len("year:") :] for key in keys if key.startswith("year:")]
        # a column's text may start left of its header (the header centred, the cells not): the
        # boundary between two columns is halfway between them
        bounds = [0] + [(spans[i - 1][1] + spans[i][0]) // 2 for i in range(1, len(spans))]
        return Table(kind, "aligned", keys, k, block[size - 1], years=years, columns=bounds, header_lines=size)
    return None


def _column_of(columns: list[int], start: int) -> int:
    k = 0
    for i, col in enumerate(columns):
        if col <= start + 1:
            k = i
    return k


def _split_chunks(line: str, columns: list[int]) -> list[tuple[int, str]]:
    """(column, text) pieces of a line; a chunk that runs over a column start at a space is cut there."""
    pieces: list[tuple[int, str]] = []
    for chunk in _CHUNK.finditer(line):
        start, text = chunk.start(), chunk.group(0)
        for col in columns:
            cut = col - start
            if 0 < cut < len(text) and text[cut - 1] == " " and col > start + 2:
                pieces.append((_column_of(columns, start), text[:cut].rstrip()))
                start, text = col, text[cut:]
        pieces.append((_column_of(columns, start), text))
    return pieces


def _data_columns(header_rows: list[str], rows: list[str], fallback: list[int]) -> list[int]:
    """Where each column starts, from the rows rather than the header: a header is often narrower
    than its cells (and centred over them), so the boundary before a column is the run of
    character positions that no row writes in (a few overflowing lines aside) just left of
    that column's header; ``fallback`` (halfway between headers) where no such run is found."""
    rows = [line for line in rows if line.strip() and not _GROUP.fullmatch(line.strip().split("  ")[0])]
    spans = _column_spans(header_rows)
    if len(rows) < 2 or len(spans) != len(fallback):
        return fallback
    width = max(len(line) for line in rows)
    used = [0] * (width + 1)
    for line in rows:
        for x, char in enumerate(line):
            used[x] += char != " "
    allowed = len(rows) // 20
    starts = [0]
    for i in range(1, len(fallback)):
        left, right = spans[i - 1][0], spans[i][0]
        x = min(right + 1, width)
        while x > left and used[x - 1] > allowed:  # the run just left of the column's header
            x -= 1
        gap_end = x
        while x > left and used[x - 1] <= allowed:
            x -= 1
        starts.append(gap_end if x > left and gap_end - x >= 1 and gap_end > starts[-1] else fallback[i])
    return starts


def _page_segments(
    lines: list[str], folded: list[str], table: Table, skip: set[int]
) -> list[tuple[int, int, list[int]]]:
    """The table's stretches between its headers (a PDF repeats the header on each page, and
    may place the columns a little differently there): (first row line, last line, columns)."""
    first_header = " ".join(folded[table.first_line - 1].split())
    starts = [table.first_line] + [
        k
        for k in range(table.first_line + table.header_lines, table.last_line + 1)
        if " ".join(folded[k - 1].split()) == first_header
    ]
    segments = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else table.last_line
        header_rows = lines[start - 1 : start - 1 + table.header_lines]
        body = [lines[k - 1] for k in range(start + table.header_lines, end + 1) if k not in skip]
        spans = _column_spans(header_rows)
        midpoints = [0] + [(a[1] + b[0]) // 2 for a, b in itertools.pairwise(spans)]
        fallback = midpoints if len(midpoints) == len(table.columns) else table.columns
        segments.append((start + table.header_lines, end, _data_columns(header_rows, body, fallback)))
    return segments


def _aligned_rows(src: SourceText, lines: list[str], folded: list[str], table: Table, skip: set[int]) -> None:
    """Rows of a table laid out by position. A PDF centres each cell in its row, so a row's
    number may stand on any of its lines: the lines between blank lines (or, where rows are not
    spaced, the lines nearest to a number) are one row; a block without a number goes on with
    the row above (a row broken by a page); a roman numeral with a title in capitals is a group."""
    header = {" ".join(folded[j - 1].split()) for j in range(table.first_line, table.first_line + table.header_lines)}
    blocks: list[list[tuple[int, list[tuple[int, str]]]]] = [[]]
    columns_at = {
        k: columns
        for first, last, columns in _page_segments(lines, folded, table, skip)
        for k in range(first, last + 1)
    }
    for k in range(table.first_line + table.header_lines, table.last_line + 1):
        line, low = lines[k - 1], folded[k - 1]
        table.columns = columns_at.get(k, table.columns)
        if not line.strip() or k in skip:
            blocks.append([])
            continue
        if " ".join(low.split()) in header or _is_repeated_header(low) or _is_header_words(low):
            blocks.append([])
            continue
        pieces = _split_chunks(line, table.columns)
        if _group_piece(table, pieces):  # a group row stands alone, between the rows around it
            blocks += [[(k, pieces)], []]
            continue
        blocks[-1].append((k, pieces))
    group: str | None = None
    for block in filter(None, blocks):
        numbered = [i for i, (_, pieces) in enumerate(block) if _numbered(table, pieces)]
        grouped = [i for i, (_, pieces) in enumerate(block) if _group_piece(table, pieces)]
        if grouped and not numbered:
            group = _group_title(src, " ".join(p for _, p in block[grouped[0]][1][1:]))
            continue
        if not numbered:
            if table.rows:  # a row broken by a page goes on
                _add_to_row(table, table.rows[-1], block)
            continue
        if numbered[0] == 0:  # cells set at the top of their rows: a line is the row above's
            owners = [max(n for n in numbered if n <= i) for i in range(len(block))]
        else:  # cells centred in their rows: a line is the nearest number's
            owners = [min(numbered, key=lambda n: (abs(n - i), n)) for i in range(len(block))]
        for n in numbered:
            k, pieces = block[n]
            row = Row(pieces[0][1].strip(" .)"), group, first_line=k, last_line=k)
            block[n] = (k, pieces[1:])
            _add_to_row(table, row, [block[i] for i in range(len(block)) if owners[i] == n])
            table.rows.append(row)


def _numbered(table: Table, pieces: list[tuple[int, str]]) -> bool:
    return bool(pieces) and table.roles[pieces[0][0]] == "number" and _ROW_NUMBER.fullmatch(pieces[0][1]) is not None


def _group_piece(table: Table, pieces: list[tuple[int, str]]) -> bool:
    if len(pieces) < 2 or table.roles[pieces[0][0]] != "number":
        return False
    match = _GROUP.fullmatch(pieces[0][1])
    return (
        bool(match) and not _ROW_NUMBER.fullmatch(pieces[0][1]) and is_caps_heading(" ".join(p for _, p in pieces[1:]))
    )


def _add_to_row(table: Table, row: Row, block: list[tuple[int, list[tuple[int, str]]]]) -> None:
    """The cells of a row's lines, column by column, in line order."""
    parts: dict[str, list[str]] = {}
    for role, text in row.cells.items():
        parts[role] = [text]
    for k, pieces in sorted(block):
        row.first_line, row.last_line = min(row.first_line, k), max(row.last_line, k)
        for column, text in pieces:
            parts.setdefault(table.roles[column], []).append(text)
    row.cells = {role: join_lines("\n".join(texts)) for role, texts in parts.items() if texts}


# ---------------------------------------------------------------------------- pipe form

_RULE_CELL = re.compile(r"^[\s:=+-]*$")  # "---", ":--:", "+====+"


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a line of a table written with "|" between its cells (a Word or HTML table
    written out), or None when the line is not one."""
    if line.count("|") < 2:
        return None
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _pipe_header_at(lines: list[str], folded: list[str], k: int) -> Table | None:
    """A header of "|"-separated cells on line ``k``, with the header rows under it (a merged
    "Mục tiêu" over its years) joined column by column."""
    cells = _pipe_cells(lines[k - 1]) or []
    last = k
    for j in range(k + 1, min(len(lines), k + 4) + 1):
        more = _pipe_cells(lines[j - 1])
        if more is None or _ROW_NUMBER.fullmatch(more[0]) or _GROUP.fullmatch(more[0] or "-"):
            break
        if all(_RULE_CELL.match(c) for c in more):
            last = j
            continue
        if more[0] and not _NUMBER_HEAD.fullmatch(fold(more[0])):
            break
        cells = [
            " ".join(x for x in pair if x and not _RULE_CELL.match(x))
            for pair in zip(cells + [""] * (len(more) - len(cells)), more + [""] * (len(cells) - len(more)))
        ]
        last = j
    roles = [role_of(fold(cell)) if cell else None for cell in cells]
    kind = _kind([r for r in roles if r])
    if sum(r is not None for r in roles) < _MIN_ROLES or not kind:
        return None
    keys = [_year_key(fold(cell)) if r == "year" else (r or "note") for cell, r in zip(cells, roles)]
    years = [key[len("year:") :] for key in keys if key.startswith("year:")]
    return Table(kind, "pipe", keys, k, last, years=years, header_lines=last - k + 1)


def _pipe_rows(src: SourceText, lines: list[str], table: Table, skip: set[int]) -> None:
    """Rows of a "|" table: a line opening with a row number starts a row, a line with an empty
    first cell goes on with the row above (a cell the converter broke over lines), a group row
    ("| II | PHÁT TRIỂN HẠ TẦNG SỐ | | |") names the group of the rows under it."""
    group: str | None = None
    row: Row | None = None
    parts: dict[str, list[str]] = {}

    def flush() -> None:
        nonlocal row
        if row is not None:
            row.cells = {role: join_lines("\n".join(texts)) for role, texts in parts.items() if texts}
            table.rows.append(row)
        row = None
        parts.clear()

    last = table.first_line + table.header_lines - 1
    numbered = table.roles[0] == "number"
    count = 0
    for k in range(last + 1, table.last_line + 1):
        cells = _pipe_cells(lines[k - 1])
        if cells is None or k in skip or all(_RULE_CELL.match(c) for c in cells):
            continue
        if _is_repeated_header(fold(lines[k - 1]).lstrip(" |")):
            continue
        if not numbered:  # "Chỉ tiêu | Đơn vị tính | 2025 | 2030": a table without a number column
            cells = [""] + cells  # reads as one whose rows are numbered in order
            if cells[1] and sum(bool(c) for c in cells[2:]) >= 1:
                count += 1
                cells[0] = str(count)
        first, filled = cells[0], [c for c in cells[1:] if c]
        group_match = _GROUP.fullmatch(first) if first else None
        if group_match and not _ROW_NUMBER.fullmatch(first) and len(filled) == 1:
            flush()
            group = _group_title(src, filled[0])
            continue
        if _ROW_NUMBER.fullmatch(first):
            flush()
            row = Row(first.strip(" .)"), group, first_line=k, last_line=k)
        elif row is None or first:
            continue
        row.last_line = k
        for role, cell in zip(table.roles[1:] if numbered else table.roles, cells[1:]):
            if cell:
                parts.setdefault(role, []).append(cell)
    flush()


# ---------------------------------------------------------------------------- raw form


def _raw_rows(
    src: SourceText, matcher: AgencyMatcher, lines: list[str], folded: list[str], table: Table, skip: set[int]
) -> None:
    group: str | None = None
    rows: list[tuple[Row, list[int]]] = []
    expected = 1
    header_left = table.header_lines
    k = table.first_line
    pending_group = group_open = new_group = False
    while k <= table.last_line:
        line, low = lines[k - 1], folded[k - 1]
        k += 1
        if header_left > 0:
            header_left -= 1 if line.strip() else 0
            continue
        number = _ROW_NUMBER.fullmatch(line)
        if not line.strip() or (
            (k - 1) in skip
            and not (number and int(number.group(1)) == expected and not _header_follows(lines, folded, k))
        ):
            continue  # a page number (a row number alone between blank lines is still a row, unless
            # the header, repeated on the new page, follows it)
        if _is_repeated_header(low) or _NUMBER_HEAD.fullmatch(low.strip()):
            header_left = _repeated_raw_header(lines, k - 1) - 1
            continue
        if pending_group:
            group = _group_title(src, line)
            pending_group, group_open, new_group = False, True, True
            continue
        if group_open and not number and is_caps_heading(line):
            group = f"{group} {_group_title(src, line)}"  # a group title over two lines
            continue
        group_open = False
        if number and (int(number.group(1)) == expected or (int(number.group(1)) == 1 and new_group)):
            expected, new_group = int(number.group(1)) + 1, False  # numbering may start again in a group
            row = Row(number.group(1), group, first_line=k - 1, last_line=k - 1)
            rows.append((row, [k - 1] if number.group(2) else []))
            continue
        group_match = _GROUP.fullmatch(line.strip())
        if group_match and not (rows and rows[-1][1] and _continues(folded[rows[-1][1][-1] - 1])):
            rest = group_match.group(2)
            if rest is None:
                pending_group = True
                continue
            if is_caps_heading(rest):
                group, group_open, new_group = _group_title(src, rest), True, True
                continue
        if rows:
            rows[-1][1].append(k - 1)
            rows[-1][0].last_line = k - 1
    for row, row_lines in rows:
        if table.kind == "task":
            _task_cells(src, matcher, lines, table, row, row_lines)
        else:
            row.cells = {"text": "\n".join(lines[j - 1] for j in row_lines)}
        table.rows.append(row)


def _header_follows(lines: list[str], folded: list[str], k: int) -> bool:
    """Whether the next line written after line ``k`` (1-based, blank lines skipped) repeats
    the table's header: what stood before it was a page number."""
    for j in range(k, min(len(lines), k + 3)):
        if lines[j].strip():
            return bool(_NUMBER_HEAD.fullmatch(folded[j].strip(" |"))) or _is_repeated_header(folded[j])
    return False


def _repeated_raw_header(lines: list[str], k: int) -> int:
    """How many lines a header repeated after a page break takes: up to its blank line, the
    first row's number or a group row, whichever comes first."""
    n = 0
    while k + n <= len(lines) and lines[k + n - 1].strip():
        line = lines[k + n - 1]
        if n and ((_ROW_NUMBER.fullmatch(line) and not _YEAR_HEAD.fullmatch(line.strip())) or _is_group_line(line)):
            break
        n += 1
    return max(n, 1)


def _continues(folded_line: str) -> bool:
    return bool(_CONTINUES.search(folded_line.rstrip()))


def _task_cells(
    src: SourceText, matcher: AgencyMatcher, lines: list[str], table: Table, row: Row, row_lines: list[int]
) -> None:
    """Split a raw row's lines into cells and give each the role of its column."""
    if not row_lines:
        return
    first_number = _ROW_NUMBER.fullmatch(lines[row_lines[0] - 1])
    texts = [lines[j - 1] for j in row_lines]
    if first_number and first_number.group(2):
        texts[0] = first_number.group(2)
    part = src.derived("\n".join(texts))
    mentions = matcher.find_all(part)
    starts = [0]
    for line in part.text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    cells: list[tuple[int, int]] = []  # (first, last) index into texts
    has_deadline = "deadline" in table.roles
    for i, text in enumerate(texts):
        opens = text.strip()[:1]
        inside_name = any(m.start < starts[i] < m.end for m in mentions)
        new_cell = (
            i == 0
            or (
                (opens.isupper() or opens.isdigit())
                and not inside_name
                and not _continues(fold(texts[i - 1]))
                and not _CITATION_START.match(fold(text))
                and not (opens.isdigit() and _NUMBER_WORD.search(fold(texts[i - 1])))
            )
            or (has_deadline and opens.isupper() and deadline_cell(fold(text)) is not None)
        )  # "Nền tảng số" / "Năm 2026"
        if new_cell:
            cells.append((i, i))
        else:
            cells[-1] = (cells[-1][0], i)
    values = [join_lines("\n".join(texts[a : b + 1])) for a, b in cells]
    agency_at = [
        any(m.start <= starts[a] + (len(texts[a]) - len(texts[a].lstrip())) < m.end for m in mentions)
        and _starts_with_name(part, mentions, starts[a])
        and _mostly_names(part, mentions, starts[a], starts[b] + len(texts[b]))
        for a, b in cells
    ]
    if not any(agency_at[1:]):  # no body any list holds: a cell that opens like a body's name is one
        agency_at = [k > 0 and names_a_body(texts[a]) for k, (a, _) in enumerate(cells)]
    row.cells = _assign_roles([r for r in table.roles if r != "number"], values, agency_at)


def _mostly_names(part: SourceText, mentions: list[AgencyMention], start: int, end: int) -> bool:
    """Whether bodies' names make up most of a cell: a body column holds names (and "chủ trì",
    "phối hợp", separators), while a task's wrapped line may open with one ("Chính phủ thường kỳ …")."""
    letters = sum(c.isalnum() for c in part.text[start:end])
    named = sum(
        sum(c.isalnum() for c in part.text[max(m.start, start) : min(m.end, end)])
        for m in mentions
        if m.start < end and start < m.end
    )
    named += sum(
        sum(c.isalnum() for c in item)
        for item in cell_items(part.text[start:end])
        if names_a_body(item)
        and not any(m.start < end and start < m.end and part.text[m.start : m.end] in item for m in mentions)
    )
    return letters == 0 or named >= 0.4 * letters


def _starts_with_name(part: SourceText, mentions: list[AgencyMention], offset: int) -> bool:
    lead = len(part.text[offset:]) - len(part.text[offset:].lstrip())
    return any(m.start == offset + lead for m in mentions)


def _first_body_role(roles: list[str], after: int) -> int:
    """Where the first body column after column ``after`` stands (the end when none does)."""
    return next((k for k in range(after + 1, len(roles)) if roles[k] in ("lead", "coordinate")), len(roles))


def _assign_roles(roles: list[str], values: list[str], is_agency: list[bool]) -> dict[str, str]:
    """Cells to columns, in header order: a task runs until the first cell that opens with a
    body when a body column follows; an agency column takes one cell that opens with a body; a
    cell that reads as a deadline goes to the deadline column."""
    out: dict[str, str] = {}
    i = 0
    for r, role in enumerate(roles):
        if i >= len(values):
            break
        left_roles = len(roles) - r - 1
        if role in ("lead", "coordinate"):
            if is_agency[i]:
                out[role] = values[i]
                i += 1
            continue
        if role == "deadline":
            if deadline_cell(fold(values[i])) is not None:
                out[role] = values[i]
                i += 1
            continue
        # task, product, note, indicator: text cells, as many as leave one cell to each later column
        take = [values[i]]
        i += 1
        # a wrapped text cell may look like several ("… triển khai Phần" / "III, mục 7 …"): when
        # no other text column comes before the bodies, it runs up to the first body
        only_text = not any(
            x in ("task", "product", "note", "indicator") for x in roles[r + 1 : _first_body_role(roles, r)]
        )
        while (
            i < len(values)
            and (len(values) - i > left_roles or (only_text and not is_agency[i]))
            and not (is_agency[i] and any(x in ("lead", "coordinate") for x in roles[r + 1 :]))
            and not ("deadline" in roles[r + 1 :] and deadline_cell(fold(values[i])) is not None)
        ):
            take.append(values[i])
            i += 1
        out[role] = " ".join(take)
    return out
