"""Read a PDF into the plain text the text loader reads.

A born-digital PDF (one with a text layer) is read with pdfplumber: the page's text by lines in
reading order, each ruled table found by its ruling lines as pipe rows (``loaders.cells``; a cell
merged down rows repeated in each, one merged across columns written once), page numbers and
running headers (a line opening or closing most pages, written alike) left out, pages separated
by a form feed. Pages without a text layer (a scan) are read by OCR (``loaders.ocr_reader``);
``force_ocr`` reads every page so.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from plankg.errors import PlankgError
from plankg.loaders.cells import pipe_rows
from plankg.loaders.normalize import fold

MIN_TEXT_CHARS = 25  # fewer characters on a page: it is a scan (or blank), read by OCR
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*(?:-\s*)?$")


@dataclass
class _Item:
    """A line of a page or a table on it, with where it starts on the page."""

    top: float
    bottom: float
    lines: list[str]
    table: bool = False


def read_pdf(path: Path, force_ocr: bool = False) -> tuple[str, list[str]]:
    """The text of a PDF and warnings (how many pages were read by OCR)."""
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise PlankgError(f"{path}: not a PDF file (no %PDF header)")
    import pdfplumber  # imported here: a build of texts alone never needs it
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    from plankg.loaders.ocr_reader import MAX_PAGES, ocr_pdf

    try:
        pdf = pdfplumber.open(str(path))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PlankgError(f"{path}: the PDF is encrypted (password-protected); remove the password first") from None
    except Exception as err:  # noqa: BLE001 - pdfminer's errors for damaged files are many and unrelated
        raise PlankgError(f"{path}: a damaged PDF ({type(err).__name__}: {' '.join(str(err).split())[:100]})") from None
    warnings: list[str] = []
    try:
        if len(pdf.pages) > MAX_PAGES:
            raise PlankgError(
                f"{path}: {len(pdf.pages)} pages, more than the {MAX_PAGES} plankg reads in one file; "
                "split it (e.g. with qpdf --split-pages)"
            )
        pages: list[list[_Item] | None] = []
        for page in pdf.pages:
            if force_ocr or len(page.chars) < MIN_TEXT_CHARS:
                pages.append(None)  # read by OCR below
            else:
                pages.append(_page_items(page))
            page.close()  # its parsed objects go: memory stays that of one page, not of the file
    except PlankgError:
        raise
    except Exception as err:  # noqa: BLE001 - as above, a page's content may be damaged too
        raise PlankgError(f"{path}: a damaged PDF ({type(err).__name__}: {' '.join(str(err).split())[:100]})") from None
    finally:
        pdf.close()
    scanned = [k for k, items in enumerate(pages) if items is None]
    ocr_text: dict[int, str] = {}
    if scanned:
        ocr_text = ocr_pdf(path, scanned)
        if len(scanned) < len(pages):
            warnings.append(f"{path.name}: {len(scanned)} of {len(pages)} pages have no text layer; read by OCR")
    _drop_furniture([p for p in pages if p is not None])
    spacing = _spacing([p for p in pages if p is not None])
    texts = [
        ocr_text.get(k, "") if items is None else "\n".join(_page_lines(items, spacing))
        for k, items in enumerate(pages)
    ]
    text = "\n\f".join(texts)
    if not text.strip():
        raise PlankgError(f"{path}: holds no text (neither a text layer nor anything OCR could read)")
    return text + "\n", warnings


def _page_items(page: Any) -> list[_Item]:
    """The page's lines outside its ruled tables, and the tables, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: Any) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    items = [
        _Item(line["top"], line["bottom"], [line["text"]])
        for line in text_page.extract_text_lines(return_chars=False)
        if line["text"].strip()
    ]
    for table in tables:
        rows = pipe_rows(_grid(table))
        if rows:
            items.append(_Item(table.bbox[1], table.bbox[3], rows, table=True))
    return sorted(items, key=lambda item: item.top)


def _grid(table: Any) -> list[list[str]]:
    """A table's cells on its grid: pdfplumber leaves None where a merged cell covers the grid;
    covered from above, the text above is repeated; from the left, the cell stays empty."""
    texts = table.extract()
    grid: list[list[str]] = []
    covers: list[list[tuple[float, ...] | None]] = []  # the bbox of the cell that fills each place
    for r, row in enumerate(table.rows):
        out: list[str] = []
        boxes: list[tuple[float, ...] | None] = []
        row_top = row.bbox[1]
        for c, box in enumerate(row.cells):
            if box is not None:
                out.append((texts[r][c] if r < len(texts) and c < len(texts[r]) else "") or "")
                boxes.append(box)
                continue
            above = covers[r - 1][c] if r and c < len(covers[r - 1]) else None
            if above is not None and above[3] > row_top + 1:
                out.append(grid[r - 1][c])
                boxes.append(above)
            else:
                out.append("")
                boxes.append(boxes[-1] if boxes else None)
        grid.append(out)
        covers.append(boxes)
    return grid


def _spacing(pages: list[list[_Item]]) -> float:
    """The gap between two lines above which a blank line stands between them: more than lines
    of a paragraph have (a paragraph's or a table's spacing, a blank line of the source)."""
    gaps = [below.top - above.bottom for items in pages for above, below in pairwise(items)]
    heights = [item.bottom - item.top for items in pages for item in items if not item.table]
    if not gaps or not heights:
        return 0.0
    return max(0.6 * statistics.median(heights), 1.8 * max(0.0, statistics.median(gaps)))


def _page_lines(items: list[_Item], spacing: float) -> list[str]:
    lines: list[str] = []
    for k, item in enumerate(items):
        if k and spacing and item.top - items[k - 1].bottom > spacing:
            lines.append("")
        lines += item.lines
    return lines


def _shape(line: str) -> str:
    """A line with its digits blurred: running headers and footers differ only by the page number."""
    return re.sub(r"\d+", "#", " ".join(fold(line).split()))


def _drop_furniture(pages: list[list[_Item]]) -> None:
    """Page numbers (a lone number, "- 3 -", "Trang 3/12") and running headers and footers (a
    line at the edge of at least three pages and half of them, alike but for its numbers), each
    set apart from the page's text by a wider gap than lines have between them: a row's number
    alone on a line opens a page too, close to its row."""
    heights = [item.bottom - item.top for items in pages for item in items if not item.table]
    gap = 1.2 * (sorted(heights)[len(heights) // 2] if heights else 10)
    edges: dict[int, list[_Item]] = {}
    for items in pages:
        if len(items) > 1 and not items[0].table and items[1].top - items[0].bottom > gap:
            edges[id(items[0])] = [items[0]]
        if len(items) > 1 and not items[-1].table and items[-1].top - items[-2].bottom > gap:
            edges[id(items[-1])] = [items[-1]]
    shapes = Counter(_shape(found[0].lines[0]) for found in edges.values())
    repeated = {shape for shape, count in shapes.items() if count >= 3 and count >= len(pages) / 2}
    for items in pages:
        for item in [i for i in items if id(i) in edges]:
            line = item.lines[0]
            if _PAGE_NUMBER.match(fold(line)) or _shape(line) in repeated:
                items.remove(item)
