"""Every line of a text accounted for: what it was read as, or why it was not read.

A loss is never silent. After extraction each line of the text is given the part it belongs to —
page furniture, header, preamble, outline heading, task, indicator, table header or row,
signature and recipients, annex — or is marked **unread** with a reason ("no body named", "table
row not read", "annex not read"). The task part (the implementation part and task tables) and the
annexes are where facts live, so their read share is measured: `plankg extract` lists the unread
spans, `plankg build` prints one line for a source that has any, and the graph records the shares
and the spans with the rest of the source's provenance. An annex the text cites but does not
contain is a loss too, named the same way.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Protocol

from plankg.loaders.layout import Layout
from plankg.loaders.models import BlockKind, Report
from plankg.loaders.opening import Opening, is_residue
from plankg.loaders.outline import Block
from plankg.loaders.source import SourceText

# The kinds a line is read as (an unread line has the kind UNREAD and a reason).
FURNITURE, BOX, HEADER, PREAMBLE, HEADING, TASK, INDICATOR = (
    "page furniture",
    "metadata box",
    "header",
    "preamble",
    "outline heading",
    "task",
    "indicator",
)
TEXT, TABLE_HEADER, TABLE_ROW, SIGNATURE, ANNEX, UNREAD = (
    "text",
    "table header",
    "table row",
    "signature and recipients",
    "annex heading",
    "unread",
)
# Reasons, as a person reads them
NO_BODY, NO_TASK, ROW_UNREAD, ANNEX_UNREAD, ANNEX_ABSENT = (
    "no body named",
    "bodies named but no task read",
    "table row not read",
    "annex not read",
    "annex cited but not in the text",
)


class _Mark(Protocol):
    """Give lines ``first``…``last`` a kind (and a reason), unless they have one (``over``: anyway)."""

    def __call__(self, first: int, last: int, kind: str, reason: str | None = None, *, over: bool = False) -> None: ...


@dataclass
class LineSpan:
    """Consecutive lines read as one kind (or unread for one reason), with the first words."""

    first_line: int
    last_line: int
    kind: str
    reason: str | None = None
    words: str = ""

    def describe(self) -> str:
        lines = (
            f"line {self.first_line}"
            if self.first_line == self.last_line
            else f"lines {self.first_line}–{self.last_line}"
        )
        return f"{lines}: {self.reason}" + (f" ({self.words} …)" if self.words else "")


@dataclass
class Accounting:
    """The text's lines by kind, the unread spans and the read shares of its task part and annexes."""

    line_count: int
    spans: list[LineSpan] = field(default_factory=list)
    task_lines: int = 0  # content lines of the task part (implementation part and task tables in the body)
    task_read: int = 0
    annex_lines: int = 0  # content lines of annexes (their title blocks aside)
    annex_read: int = 0
    missing_annexes: list[str] = field(default_factory=list)  # "Phụ lục I": cited, not in the text

    @property
    def unread(self) -> list[LineSpan]:
        return [s for s in self.spans if s.kind == UNREAD]

    @property
    def task_share(self) -> float | None:
        return self.task_read / self.task_lines if self.task_lines else None

    @property
    def annex_share(self) -> float | None:
        return self.annex_read / self.annex_lines if self.annex_lines else None

    def summary(self) -> str | None:
        """One line for the user when anything was not read ("12 of 640 lines of the task part
        unread (lines 687–705: no body named …)"), else None."""
        parts = []
        if self.task_lines and self.task_read < self.task_lines:
            parts.append(f"{self.task_lines - self.task_read} of {self.task_lines} lines of the task part unread")
        if self.annex_lines and self.annex_read < self.annex_lines:
            parts.append(f"{self.annex_lines - self.annex_read} of {self.annex_lines} annex lines unread")
        if self.missing_annexes:
            parts.append("cited but not in the text: " + ", ".join(self.missing_annexes))
        if not parts:
            return None
        first = next((s for s in self.unread if s.reason != ANNEX_ABSENT), None)
        return "; ".join(parts) + (f" ({first.describe()})" if first else "")


def account(
    src: SourceText,
    opening: Opening,
    layout: Layout,
    blocks: list[Block],
    implementation: list[Block],
    report: Report,
    body_lines: set[int],
) -> Accounting:
    """Give every line of ``src`` its kind (module doc); ``body_lines`` are the lines that name
    a body (they tell why a line of the task part gave no task)."""
    lines = src.lines
    kinds: list[tuple[str, str | None]] = [("", None)] * (len(lines) + 1)  # 1-based; "" = not yet known

    def mark(first: int, last: int, kind: str, reason: str | None = None, *, over: bool = False) -> None:
        for k in range(max(1, first), min(last, len(lines)) + 1):
            if over or not kinds[k][0]:
                kinds[k] = (kind, reason)

    read = _read_lines(report)
    # what stands before the document and around its pages
    mark(1, opening.start_line - 1, FURNITURE)
    if opening.box:
        mark(opening.box.first_line, opening.box.last_line, BOX, over=True)
    for k in layout.page_lines:
        mark(k, k, FURNITURE)
    for first, last in layout.recipients:
        mark(first, last, SIGNATURE)
    task_part = _task_part_lines(implementation, body_lines)
    task_part |= _account_tables(layout, read, mark)
    annex_lines, annex_read = _account_annexes(src, layout, read, mark)
    first_part = next((b.first_line for b in blocks if b.kind == BlockKind.ROMAN), None)
    paths_read = _paths_read(implementation, read)
    in_task_part = {id(b) for b in implementation}
    for block in blocks:
        if (
            block.kind == BlockKind.ROMAN
            or block.kind == BlockKind.NUMBERED
            and (id(block) not in in_task_part or block.path in paths_read)
        ):
            mark(block.first_line, block.first_line, HEADING)
    for k in range(1, len(lines) + 1):
        if kinds[k][0]:
            continue
        if not lines[k - 1].strip() or is_residue(lines[k - 1]):
            kinds[k] = ("blank", None)
        elif k in read:
            kinds[k] = read[k], None
        elif k in task_part:
            kinds[k] = UNREAD, task_part[k]
        elif first_part is not None and k < first_part:
            kinds[k] = (HEADER if k <= opening.header_last_line else PREAMBLE), None
        else:
            kinds[k] = TEXT, None
    content = [k for k in task_part if kinds[k][0] != "blank"]
    out = Accounting(
        len(lines),
        _spans(src, kinds),
        task_lines=len(content),
        task_read=sum(1 for k in content if kinds[k][0] != UNREAD),
        annex_lines=annex_lines,
        annex_read=annex_read,
    )
    out.missing_annexes = [_annex_name(label) for label in layout.missing_annexes]
    for label in layout.missing_annexes:
        cited = _cited_at(src, label)
        out.spans.append(LineSpan(cited, cited, UNREAD, ANNEX_ABSENT, _annex_name(label)))
    out.spans.sort(key=lambda s: (s.first_line, s.kind != UNREAD))
    return out


def _paths_read(implementation: list[Block], read: dict[int, str]) -> set[str]:
    """The paths of the task part's items from which, or from whose sub-items, a task was read
    ("V.4" when one came from "V.4.2"). An item's heading line is read as a heading outside the
    task part, and inside it when its path is one of these ("4.2. Ban Tổ chức Tỉnh ủy:" over its
    bullets); an item from which nothing was read is unread, heading and all."""
    out: set[str] = set()
    for block in implementation:
        if any(k in read for k in range(block.first_line, block.last_line + 1)):
            parts = block.path.split(".")
            out.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return out


def _read_lines(report: Report) -> dict[int, str]:
    """The lines every extracted task and indicator spans (their evidence, first to last)."""
    read: dict[int, str] = {}
    for item, kind in [(a, TASK) for a in report.assignments] + [(i, INDICATOR) for i in report.indicators]:
        if item.lines:
            for k in range(min(item.lines), max(item.lines) + 1):
                read.setdefault(k, kind)
    return read


def _task_part_lines(implementation: list[Block], body_lines: set[int]) -> dict[int, str]:
    """Each line of the implementation part, with the reason it would stay unread: a block that
    names no body cannot give a task; one that names bodies gave none that was read."""
    out: dict[int, str] = {}
    for block in implementation:
        if block.kind == BlockKind.ROMAN:
            continue
        names_body = any(k in body_lines for k in range(block.first_line, block.last_line + 1))
        for k in range(block.first_line, block.last_line + 1):
            out[k] = NO_TASK if names_body else NO_BODY
    return out


def _account_tables(layout: Layout, read: dict[int, str], mark: _Mark) -> dict[int, str]:
    """Mark table headers and the rows read of task tables in the body, whose rows are returned
    as lines of the task part. An annex's rows are accounted with the annex (a table's rows as
    the layout found them are not always those the items were read from)."""
    task_rows: dict[int, str] = {}
    for table in layout.tables:
        mark(table.first_line, table.first_line + max(table.header_lines, 1) - 1, TABLE_HEADER)
        if table.kind != "task" or layout.in_annex(table.first_line):
            continue
        for row in table.rows:
            span = range(row.first_line, row.last_line + 1)
            task_rows.update((k, ROW_UNREAD) for k in span)
            if any(k in read for k in span):
                mark(row.first_line, row.last_line, TABLE_ROW)
    return task_rows


# A line that opens a row of a table: its number alone ("12") or before a name ("12 Công trình …")
_ROW_START = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*(?:$|[A-ZĐÀ-Ỹ])")
# A group row: a roman numeral or a capital letter before a title ("I Phát triển hạ tầng", "B. …")
_GROUP_ROW = re.compile(r"^\s*(?:[IVX]{1,4}|[A-Đ])\s*[.)]?\s+[A-ZĐÀ-Ỹ]")


def _account_annexes(src: SourceText, layout: Layout, read: dict[int, str], mark: _Mark) -> tuple[int, int]:
    """Mark each annex's heading and title block, its read lines and its unread ones; return the
    content lines and the read lines of all annexes. The content starts at the first line an item
    was read from (what stands before is the title block and the table's header); a line belongs
    to the row of the last item read above it unless a new row opens between them; group rows
    are read as the groups of the items below them."""
    lines, folded = src.lines, src.ocr_lines
    total = done = 0
    for annex in layout.annexes:
        mark(annex.first_line, annex.first_line, ANNEX)
        body = [
            k
            for k in range(annex.first_line + 1, annex.last_line + 1)
            if lines[k - 1].strip() and not is_residue(lines[k - 1]) and k not in layout.page_lines
        ]
        starts = sorted({k for k in body if k in read and (k - 1 not in read or read[k - 1] != read[k])})
        covered = [k for k in body if k in read]
        if not covered:
            title_end = next(
                (k for k in body if not _is_caps(lines[k - 1]) and not _is_title_line(folded[k - 1])), None
            )
            content = [k for k in body if title_end is not None and k >= title_end]
        else:
            content = [k for k in body if k >= covered[0]]
        mark(annex.first_line + 1, (content[0] - 1) if content else annex.last_line, ANNEX)
        row_starts = [k for k in content if _ROW_START.match(lines[k - 1])]
        repeated = _repeated_headers(lines, folded, content, row_starts)
        for k in content:
            if k in repeated:
                mark(k, k, TABLE_HEADER)
                continue
            total += 1
            at = bisect.bisect_right(starts, k)
            owner = starts[at - 1] if at else None
            if k in read:
                done += 1
            elif _GROUP_ROW.match(lines[k - 1]) and covered:
                done += 1
                mark(k, k, TABLE_ROW)
            elif owner is not None and not _opens_between(row_starts, owner, k):
                done += 1
                mark(k, k, read[owner])
            else:
                mark(k, k, UNREAD, ROW_UNREAD if covered else ANNEX_UNREAD)
    return total, done


_HEADER_START = re.compile(r"^\s*(?:s\s*t\s*t|t\s*t)(?:\s|$)")


def _opens_between(row_starts: list[int], owner: int, k: int) -> bool:
    """A row opens after line ``owner`` and at or before line ``k`` (``row_starts`` sorted)."""
    at = bisect.bisect_right(row_starts, owner)
    return at < len(row_starts) and row_starts[at] <= k


def _repeated_headers(lines: list[str], folded: list[str], content: list[int], row_starts: list[int]) -> set[int]:
    """A table's header repeated after a page break ("STT Chỉ tiêu … Năm 2025 …"): from its
    number column's head to the next row, when no more than a header's few lines."""
    out: set[int] = set()
    position = {k: i for i, k in enumerate(content)}
    row_start = set(row_starts)
    for k in content:
        if not _HEADER_START.match(folded[k - 1]):
            continue
        following = content[position[k] + 1 : position[k] + 18]
        end = next((j for j in following if j in row_start or _GROUP_ROW.match(lines[j - 1])), k + 17)
        if end - k <= 16:
            out.update(j for j in following if j < end)
            out.add(k)
            before = content[max(0, position[k] - 2) : position[k]]  # "Mục tiêu theo từng giai đoạn" above it
            out.update(
                j
                for j in before
                if not _is_caps(lines[j - 1])
                and len(lines[j - 1].split()) <= 6
                and j not in row_start
                and not re.search(r"\d", lines[j - 1])
            )
    return out


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _is_title_line(low: str) -> bool:
    """A line of an annex's title block (folded): "(Kèm theo Kế hoạch số … ngày …)"."""
    return bool(re.match(r"\s*[(\[]?\s*(?:kem theo|ban hanh kem|theo ke hoach|theo quyet dinh)", low))


def _spans(src: SourceText, kinds: list[tuple[str, str | None]]) -> list[LineSpan]:
    """Consecutive lines of one kind and reason as spans (blank lines join the span around them)."""
    out: list[LineSpan] = []
    for k in range(1, len(kinds)):
        kind, reason = kinds[k]
        if kind == "blank":
            continue
        last = out[-1] if out else None
        if (
            last
            and last.kind == kind
            and last.reason == reason
            and all(kinds[j][0] == "blank" for j in range(last.last_line + 1, k))
        ):
            last.last_line = k
            continue
        words = " ".join(src.display(src.lines[k - 1]).split()[:8]) if kind == UNREAD else ""
        out.append(LineSpan(k, k, kind, reason, words))
    return out


def _annex_name(label: str) -> str:
    """ "PLI" → "Phụ lục I", "PL02" → "Phụ lục 02"."""
    return "Phụ lục " + label[2:] if label.startswith("PL") and label[2:] else "Phụ lục"


def _cited_at(src: SourceText, label: str) -> int:
    """The first line that cites the annex ("… tại Phụ lục I kèm theo")."""
    written = label[2:].lower()
    for match in re.finditer(r"ph[uy]\s*l[uy]c\s*(?:s[o0]\s*)?([0-9]{1,2}|[ivxl|]{1,4})(?![a-z])", src.ocr):
        cited = match.group(1).replace("|", "i")
        if cited == written or (not written.isdigit() and cited.replace("1", "i").replace("l", "i") == written):
            return src.line_of(match.start())  # OCR writes "II" as "11"
    return 1
