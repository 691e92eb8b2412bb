"""A cleaned source text with its folded twins and a map from offsets to line numbers."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from plankg.loaders.cells import tab_rows
from plankg.loaders.normalize import clean, fold, ocr_fold, squash_spaces
from plankg.loaders.restore import needs_restoration, restore_diacritics


@dataclass
class SourceText:
    """The text every recogniser works on; ``folded`` and ``ocr`` align offset for offset."""

    name: str
    text: str
    folded: str = field(init=False)
    ocr: str = field(init=False)
    line_starts: list[int] = field(init=False)
    ocr_damaged: bool | None = None  # None: judged from the text itself
    page_starts: list[int] = field(init=False)  # the first line of each page (a form feed starts one)

    def __post_init__(self) -> None:
        self.page_starts = page_starts(self.text)
        self.text = clean(tab_rows(self.text))
        self.folded = fold(self.text)
        self.ocr = ocr_fold(self.text, self.folded)
        if self.ocr_damaged is None:
            self.ocr_damaged = needs_restoration(self.text, self.ocr)
        self.line_starts = [0]
        newline = self.text.find("\n")
        while newline != -1:
            self.line_starts.append(newline + 1)
            newline = self.text.find("\n", newline + 1)

    def page_of(self, line: int) -> int:
        """The page (1-based) a line stands on: 1 in a text without form feeds."""
        return bisect.bisect_right(self.page_starts, line)

    def derived(self, text: str) -> SourceText:
        """Another text read as part of this one (a table cell put together from its column):
        it keeps this text's verdict on OCR damage, which a few words cannot give."""
        return SourceText(self.name, text, ocr_damaged=self.ocr_damaged)

    def display(self, text: str) -> str:
        """A piece of this text as people should read it: one line, diacritics restored if lost."""
        text = squash_spaces(text)
        return restore_diacritics(text) if self.ocr_damaged else text

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines (split once: recognisers ask for them line by line)."""
        return self.text.split("\n")

    @cached_property
    def ocr_lines(self) -> list[str]:
        """The OCR-folded twin's lines, aligned with ``lines``."""
        return self.ocr.split("\n")

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self.line_starts, offset)

    def lines_of(self, start: int, end: int) -> list[int]:
        """1-based line numbers a span touches (first and last)."""
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        return [first] if first == last else [first, last]

    def end_of_line(self, line: int) -> int:
        return self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)


def page_starts(raw: str) -> list[int]:
    """The first line of each page of a raw text: a form feed (which PDF-to-text and the document
    readers put between pages) starts a page on the line after it; lines are counted as ``clean``
    leaves them (a form feed is a line break there)."""
    starts = [1]
    if "\f" not in raw:
        return starts
    line = 1
    for char in raw.replace("\r\n", "\n").replace("\r", "\n"):
        if char in "\n\v\f":
            line += 1
            if char == "\f":
                starts.append(line)
    return starts
