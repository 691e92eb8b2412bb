"""Tables whose cells a file knows (Word, HTML, a ruled PDF), written as pipe rows.

Every format is read into the plain text the text loader reads; a table becomes one line per row,
``| 1 | Xây dựng … | Sở Khoa học và Công nghệ | 2025 |``, so the shared table reader takes its
cells as cells instead of guessing them from the layout.
"""

from __future__ import annotations

_MIN_TAB_ROWS = 2  # lines of two tabs or more that make a run of tabbed lines a table


def cell_text(text: str | None) -> str:
    """A cell on one line: its own line breaks joined with a space, no pipe left inside it."""
    return " ".join((text or "").replace("|", "/").split())


def pipe_row(cells: list[str]) -> str:
    """``| a | b | c |``; an empty cell stays a column (``|  |``)."""
    return "| " + " | ".join(cell_text(c) for c in cells) + " |"


def pipe_rows(grid: list[list[str]]) -> list[str]:
    """The rows of a table, dropping rows with no text at all."""
    return [pipe_row(row) for row in grid if any(cell_text(c) for c in row)]


def tab_rows(text: str) -> str:
    """A table copied from a web page, a spreadsheet or a Word file keeps a tab between its
    cells: each line of a run of tabbed lines (two or more of them holding two tabs or more)
    becomes a pipe row, which the table reader reads cell by cell. A lone tab elsewhere (a
    header's two columns) is left to become a space."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        if "\t" not in lines[k]:
            k += 1
            continue
        end = k
        while end < len(lines) and "\t" in lines[end]:
            end += 1
        if sum(line.count("\t") >= 2 for line in lines[k:end]) >= _MIN_TAB_ROWS:
            lines[k:end] = [pipe_row(line.split("\t")) for line in lines[k:end]]
        k = end
    return "\n".join(lines)
