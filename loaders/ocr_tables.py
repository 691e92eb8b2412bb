"""The ruled tables of a scanned page: found by their rules, read cell by cell from OCR's words.

A page's rules are the runs of ink longer than any letter's stroke (about 8 mm), across or down.
The page is first turned level by the slope of its longest rule (a scan is seldom straight, and
a row's band must be straight to hold its words). A table is a group of rules that touch; its
rows are the bands between its rules across, and each row's cells the spans between the rules
down within that band (a group row spanning the table has none inside). Every word OCR found is
put in the cell that holds its centre, and each row is written as a pipe row
(``loaders.cells``), so the table reader takes a scanned table's cells as it takes Word's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from scipy import ndimage  # type: ignore[import-untyped]

from plankg.loaders.cells import pipe_rows

INK = 160  # grey level below which a pixel is ink


@dataclass
class Grid:
    """A ruled table: its box, the rules across (y), and per band the rules down (x)."""

    box: tuple[int, int, int, int]  # left, top, right, bottom
    rows: list[int]
    columns: list[list[int]]  # for each band between rows[k] and rows[k + 1]
    cells: dict[tuple[int, int], list[str]] = field(default_factory=dict)  # (band, column) -> words

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        left, top, right, bottom = self.box
        if not (left <= x <= right and top <= y <= bottom):
            return None
        band = next((k for k in range(len(self.rows) - 1) if self.rows[k] <= y < self.rows[k + 1]), None)
        if band is None:
            return None
        xs = self.columns[band]
        column = next((j for j in range(len(xs) - 1) if xs[j] <= x < xs[j + 1]), None)
        return None if column is None else (band, column)

    def pipe_rows(self) -> list[str]:
        """The rows on the grid of every rule down: a cell spanning columns written once."""
        every = _merge_positions([x for xs in self.columns for x in xs], 15)
        grid = []
        for band, xs in enumerate(self.columns):
            row: list[str] = []
            for column in range(len(xs) - 1):
                span = sum(1 for x in every if xs[column] - 15 < x < xs[column + 1] - 15)
                words = self.cells.get((band, column), [])
                while words and words[-1] in _SPECKS:  # a speck read beside a cell's text
                    words = words[:-1]
                while words and words[0] in _SPECKS:
                    words = words[1:]
                row += [" ".join(words)] + [""] * (max(span, 1) - 1)
            grid.append(row)
        _row_numbers(grid)
        return pipe_rows(grid)


_SPECKS = {":", ".", ",", ";", "'", "`", "‘", "’", '"', "“", "”", "_", "~", "|", "¡", "¦"}
_ROMAN_LIKE = re.compile(r"[IVXLl1]{1,5}\.?")


def _row_numbers(grid: list[list[str]]) -> None:
    """A row number OCR misread ("L9", "ỆC," for 13) between its neighbours' numbers is theirs
    plus one: a lone number in a narrow cell is what OCR reads worst."""
    numbers = [int(row[0].rstrip(".")) if row and row[0].rstrip(".").isdigit() else None for row in grid]
    for k, row in enumerate(grid):
        if numbers[k] is not None or not row or not row[0] or len(row[0]) > 4 or _ROMAN_LIKE.fullmatch(row[0]):
            continue
        before = next((n for n in reversed(numbers[:k]) if n is not None), None)
        after = next((n for n in numbers[k + 1 :] if n is not None), None)
        if before is not None and (after == before + 2 or after is None and any(c.isdigit() for c in row[0])):
            numbers[k] = before + 1
            row[0] = str(before + 1)


def rules(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page's rules across and down (boolean masks)."""
    ink = pixels < INK
    run = max(40, pixels.shape[1] // 25)
    across = ndimage.binary_opening(ink, structure=np.ones((1, run), bool))
    down = ndimage.binary_opening(ink, structure=np.ones((run, 1), bool))
    return across, down


def skew_of(across: np.ndarray) -> float:
    """The page's slope in degrees, from its longest rule across (0 without one)."""
    labels, count = ndimage.label(across, structure=np.ones((3, 3), bool))
    if not count:
        return 0.0
    spans = ndimage.find_objects(labels)
    widest = max(range(count), key=lambda k: spans[k][1].stop - spans[k][1].start)
    if spans[widest][1].stop - spans[widest][1].start < across.shape[1] // 3:
        return 0.0
    ys, xs = np.nonzero(labels[spans[widest]] == widest + 1)
    slope = np.polyfit(xs, ys, 1)[0]
    return math.degrees(math.atan(slope))


def find_grids(pixels: np.ndarray, across: np.ndarray, down: np.ndarray) -> list[Grid]:
    """The ruled tables of a level page, from its rules (``rules``)."""
    joined = ndimage.binary_dilation(across | down, iterations=4)
    labels, _ = ndimage.label(joined)
    grids = []
    for k, (ys, xs) in enumerate(ndimage.find_objects(labels), start=1):
        top, bottom, left, right = ys.start, ys.stop, xs.start, xs.stop
        if right - left < pixels.shape[1] // 3 or bottom - top < 60:
            continue
        mine = labels[top:bottom, left:right] == k
        across_here = across[top:bottom, left:right] & mine
        rows = [top + y for y in _positions(across_here.sum(axis=1) > 0.4 * (right - left))]
        if len(rows) < 3:
            continue  # a box or a line, not a table
        columns = []
        for upper, lower in pairwise(rows):
            band = down[upper + 6 : lower - 6, left:right] & mine[upper - top + 6 : lower - top - 6]
            height = max(1, lower - upper - 12)
            xs_here = [left + x for x in _positions(band.sum(axis=0) > 0.6 * height)]
            columns.append(xs_here if len(xs_here) >= 2 else [left, right])
        grids.append(Grid((left, top, right, bottom), rows, columns))
    return grids


def _positions(flags: np.ndarray) -> list[int]:
    """The centres of the runs of True in a 1-D array (a rule a few pixels thick is one position)."""
    found, start = [], None
    for k, flag in enumerate(list(flags) + [False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            found.append((start + k - 1) // 2)
            start = None
    return _merge_positions(found, 12)


def _merge_positions(values: list[int], within: int) -> list[int]:
    merged: list[list[int]] = []
    for value in sorted(values):
        if merged and value - merged[-1][-1] <= within:
            merged[-1].append(value)
        else:
            merged.append([value])
    return [sum(group) // len(group) for group in merged]
