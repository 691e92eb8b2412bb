"""Read scanned pages (a PDF without a text layer, an image) with Tesseract OCR and its
Vietnamese model, page by page in parallel worker processes.

Each page is rendered (pypdfium2, 300 dpi, grey), cleaned (``clean_page``: specks and ruling
lines out) and read by ``tesseract -l vie --psm 6`` as word boxes (TSV): the page as one block of
lines, which keeps a table's row numbers (the page segmentation of the default mode drops a
lone "2" in a narrow cell as noise). Words are set on lines as the page places them: the lines Tesseract finds in different
blocks at the same height (the cells of a table's row) are one line, and a wide gap between
words keeps its width in spaces, so a table's columns line up as ``pdftotext -layout`` leaves
them and the table reader takes its cells by column. The text then goes the way of every OCR'd
text (``loaders.restore`` repairs lost diacritics). Progress (pages done of all, pages per
second) goes to stderr.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Any

from plankg.errors import PlankgError
from plankg.loaders.ocr_tables import Grid, find_grids, rules, skew_of

DPI = 300
MAX_PAGES = int(os.environ.get("PLANKG_MAX_PAGES", "300"))  # a larger file is refused: split it
MAX_PIXELS = 20_000 * 20_000
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
_NOISE = {"|", "||", "|||", "_", "__", "___"}  # ruling lines read as characters, where one was not erased


@lru_cache(maxsize=1)
def _languages() -> tuple[str, ...] | None:
    exe = shutil.which("tesseract")
    if not exe:
        return None
    done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, check=False)
    return tuple(line.strip() for line in (done.stdout + done.stderr).splitlines()[1:])


def check_tesseract(name: str) -> None:
    """Refuse, with the command that installs it, when Tesseract or its Vietnamese model is missing."""
    languages = _languages()
    if languages is None:
        raise PlankgError(f"{name}: reading a scan needs Tesseract OCR, which is not installed; install it: {INSTALL}")
    if "vie" not in languages:
        raise PlankgError(
            f"{name}: reading a scan needs Tesseract's Vietnamese model (vie), which is not installed; "
            f"install it: {INSTALL}"
        )


def ocr_pdf(path: Path, pages: list[int]) -> dict[int, str]:
    """The OCR'd text of the given pages (0-based) of a PDF, by page."""
    return dict(zip(pages, _run([("pdf", str(path), k) for k in pages], path.name)))


def read_image(path: Path) -> tuple[str, list[str]]:
    """The OCR'd text of an image file (every frame of a multi-page TIFF), and warnings."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            width, height = image.size
    except (UnidentifiedImageError, OSError) as err:
        raise PlankgError(f"{path}: not an image plankg can read ({' '.join(str(err).split())[:100]})") from None
    if width * height > MAX_PIXELS:
        raise PlankgError(f"{path}: the image is too large ({width}x{height} pixels)")
    if frames > MAX_PAGES:
        raise PlankgError(f"{path}: {frames} pages, more than the {MAX_PAGES} plankg reads in one file; split it")
    text = "\n\f".join(_run([("image", str(path), k) for k in range(frames)], path.name))
    if not text.strip():
        raise PlankgError(f"{path}: OCR found no text in the image")
    return text + "\n", []


def _run(jobs: list[tuple[str, str, int]], name: str) -> list[str]:
    """Every page's text, in order; pages read in parallel (one worker per core, or
    ``PLANKG_OCR_WORKERS``), each Tesseract on one thread."""
    check_tesseract(name)
    workers = max(1, min(len(jobs), int(os.environ.get("PLANKG_OCR_WORKERS") or os.cpu_count() or 1)))
    progress = _Progress(name, len(jobs))
    if workers == 1:
        texts = []
        for job in jobs:
            texts.append(ocr_page(job, threads=None))
            progress.done()
        return texts
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    results: dict[int, str] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(ocr_page, job, 1): k for k, job in enumerate(jobs)}
        try:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                progress.done()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [results[k] for k in range(len(jobs))]


class _Progress:
    """ "file: OCR 3/10 pages, 0.8 pages/s" on stderr: redrawn on a terminal, a line now and
    then otherwise."""

    def __init__(self, name: str, total: int) -> None:
        self.name, self.total, self.count, self.start = name, total, 0, time.monotonic()
        self.tty = sys.stderr.isatty()

    def done(self) -> None:
        self.count += 1
        rate = self.count / max(time.monotonic() - self.start, 1e-6)
        line = f"plankg: {self.name}: OCR {self.count}/{self.total} pages, {rate:.2f} pages/s"
        if self.tty:
            print("\r" + line, end="\n" if self.count == self.total else "", file=sys.stderr, flush=True)
        elif self.count == self.total or self.count % 10 == 0:
            print(line, file=sys.stderr, flush=True)


def _render(kind: str, file: str, k: int) -> Any:
    """Page ``k`` of a PDF or frame ``k`` of an image, as a grey PIL image."""
    if kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(file)
        try:
            return pdf[k].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        finally:
            pdf.close()
    from PIL import Image

    with Image.open(file) as image:
        image.seek(k)
        return image.convert("L")


def clean_page(image: Any) -> tuple[Any, list[Grid]]:
    """A page as Tesseract reads it best, and its ruled tables: specks taken out (a median
    filter), the page turned level by its rules, the rules erased (so that a table's cells read
    as words in their places, not as "|" and "_" beside them)."""
    import numpy as np
    from PIL import Image, ImageFilter
    from scipy import ndimage  # type: ignore[import-untyped]

    image = image.filter(ImageFilter.MedianFilter(3))
    across, down = rules(np.asarray(image))
    angle = skew_of(across)
    if abs(angle) > 0.05:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        across, down = rules(np.asarray(image))
    pixels = np.asarray(image)
    grids = find_grids(pixels, across, down)
    erased = ndimage.binary_dilation(across | down, iterations=2)
    return Image.fromarray(np.where(erased, 255, pixels).astype(np.uint8)), grids


def ocr_page(job: tuple[str, str, int], threads: int | None = 1) -> str:
    """One page's text by Tesseract (``threads``: its OpenMP threads; None leaves its default)."""
    image, grids = clean_page(_render(*job))
    buffer = BytesIO()
    image.save(buffer, format="PPM")  # uncompressed: Leptonica reads it from stdin at once
    env = dict(os.environ, **({"OMP_THREAD_LIMIT": str(threads)} if threads else {}))
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "6", "tsv"],
        input=buffer.getvalue(),
        capture_output=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[-160:]
        raise PlankgError(f"{job[1]}: Tesseract failed on page {job[2] + 1} ({message})")
    return layout_text(done.stdout.decode("utf-8", "replace"), grids)


@dataclass
class _Line:
    top: int
    bottom: int
    words: list[tuple[int, int, str]] = field(default_factory=list)  # (left, right, text)


def layout_text(tsv: str, grids: Sequence[Grid] = ()) -> str:
    """A page's text from Tesseract's TSV: the words inside a ruled table (``grids``) as its
    pipe rows, the other lines top to bottom with their words placed by position."""
    lines = _tsv_lines(tsv)
    for line in lines:  # top to bottom, each line left to right: a cell's words in reading order
        outside = []
        for word in sorted(line.words):
            place = None
            for grid in grids:
                place = grid.cell_of((word[0] + word[1]) / 2, (line.top + line.bottom) / 2)
                if place:
                    grid.cells.setdefault(place, []).append(word[2])
                    break
            if place is None:
                outside.append(word)
        line.words = outside
    rows = _rows([line for line in lines if line.words])
    blocks: list[tuple[float, list[str]]] = [(grid.box[1], grid.pipe_rows()) for grid in grids if grid.cells]
    if rows:
        words = [w for row in rows for w in row.words]
        char = statistics.median((right - left) / max(len(text), 1) for left, right, text in words) or 1
        margin = min(left for left, _, _ in words)
        # a blank line where lines stand further apart than usual (between paragraphs, a table's
        # rows laid out without rules); never between the lines a cell wraps onto
        height = statistics.median(row.bottom - row.top for row in rows) or 1
        gaps = [max(0, below.top - above.bottom) for above, below in pairwise(rows)]
        apart = max(0.4 * height, 1.8 * statistics.median(gaps)) if gaps else height
        for k, row in enumerate(rows):
            blank = [""] if k and row.top - rows[k - 1].bottom > apart else []
            blocks.append((row.top, blank + [_placed(row, margin, char)]))
    blocks.sort(key=lambda block: block[0])
    return "\n".join(line for _, block in blocks for line in block)


def _tsv_lines(tsv: str) -> list[_Line]:
    """The lines Tesseract found, with their words (ruling residue left out)."""
    lines: dict[tuple[str, str, str], _Line] = {}
    for record in tsv.splitlines()[1:]:
        cols = record.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip() or cols[11].strip() in _NOISE:
            continue
        left, top, width, height = (int(v) for v in cols[6:10])
        line = lines.setdefault((cols[2], cols[3], cols[4]), _Line(top, top + height))
        line.top, line.bottom = min(line.top, top), max(line.bottom, top + height)
        line.words.append((left, left + width, cols[11].strip()))
    return sorted(lines.values(), key=lambda item: item.top)


def _rows(lines: list[_Line]) -> list[_Line]:
    """Lines at the same height that do not overlap across (the cells of a table's row, read as
    blocks of their own) put together as one line, top to bottom."""
    rows: list[_Line] = []
    for line in lines:
        for row in rows[-3:]:
            overlap = min(row.bottom, line.bottom) - max(row.top, line.top)
            clash = any(a < right and left < b for a, b, _ in row.words for left, right, _ in line.words)
            if overlap > 0.5 * min(row.bottom - row.top, line.bottom - line.top) and not clash:
                row.words += line.words
                row.top, row.bottom = min(row.top, line.top), max(row.bottom, line.bottom)
                break
        else:
            rows.append(_Line(line.top, line.bottom, list(line.words)))
    return sorted(rows, key=lambda item: item.top)


def _placed(row: _Line, margin: int, char: float) -> str:
    """A line's words, each wide gap kept as spaces to the word's column on the page."""
    text, end = "", None
    for left, right, word in sorted(row.words):
        column = round((left - margin) / char)
        if end is None:
            text = " " * column  # indented as on the page: a table's columns line up
        elif left - end > 1.5 * char:
            text += " " * max(2, column - len(text))  # a gap between columns keeps its width
        else:
            text += " "
        text += word
        end = right
    return text.rstrip()
