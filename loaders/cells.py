"""Tables whose cells a file knows (Word, HTML, a ruled PDF), written as pipe rows.

Every format is read into the plain text the text loader reads; a table becomes one line per row,
``| 1 | Xây dựng … | Sở Khoa học và Công nghệ | 2025 |``, so the shared table reader takes its
cells as cells instead of guessing them from the layout.
"""

from __future__ import annotations


def cell_text(text: str | None) -> str:
    """A cell on one line: its own line breaks joined with a space, no pipe left inside it."""
    return " ".join((text or "").replace("|", "/").split())


def pipe_row(cells: list[str]) -> str:
    """``| a | b | c |``; an empty cell stays a column (``|  |``)."""
    return "| " + " | ".join(cell_text(c) for c in cells) + " |"


def pipe_rows(grid: list[list[str]]) -> list[str]:
    """The rows of a table, dropping rows with no text at all."""
    return [pipe_row(row) for row in grid if any(cell_text(c) for c in row)]
