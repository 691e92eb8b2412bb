"""Documents: how fast each format is read, and how well, on the annotated texts.

    python bench/formats.py [--texts NAME,…] [--scan-pages 12] [--scan-scores] [--memory-pages 200]

Each annotated text is rendered (tests/render_documents.py) as Word, a born-digital PDF (DejaVu
Sans, ruled tables, page numbers) and a saved web page, read back (``read_document``), extracted
and scored against its annotation beside the text itself. Speeds are pages per second, a page
being a page of the PDF rendering. The PDF libraries are compared on the same files: pdfplumber
(text by lines and ruled tables as cells, what plankg uses) against pypdfium2's text alone.
OCR: a scan of the first ``--scan-pages`` pages of the party plan (200 dpi, blur, skew, specks)
read with 1 and with every core; ``--scan-scores`` scores whole scans of every text (minutes);
``--memory-pages`` reads a scan of that many pages and reports the peak memory of plankg's
process and of the largest worker or Tesseract.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from plankg.loaders.documents import read_document
from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from tests.render_documents import to_docx, to_html, to_pdf, to_scan
from tests.score_extraction import score

PARTS = ("references", "agencies", "assignments", "indicators")
ROOT = HERE.parent
TEXTS = {
    "quang-ninh-538-KH-TU": (ROOT / "corpus", ROOT / "tests" / "gold"),
    "thai-nguyen-62-CTr-TU-ocr": (ROOT / "corpus", ROOT / "tests" / "gold"),
    "lang-son-238-KH-TU-ocr": (ROOT / "corpus", ROOT / "tests" / "gold"),
    "quang-ninh-action-programme-ocr": (ROOT / "corpus", ROOT / "tests" / "gold"),
    "example-party-plan": (ROOT / "tests" / "dev", ROOT / "tests" / "dev"),
    "example-government-programme": (ROOT / "tests" / "dev", ROOT / "tests" / "dev"),
}


def _scores(text: str, name: str) -> str:
    _, gold_dir = TEXTS[name]
    result = score(
        report_dict(extract_text(text, f"{name}.txt")), json.loads((gold_dir / f"{name}.json").read_text("utf-8"))
    )
    return (
        " ".join(f"{result[part]['f1']:.3f}" for part in PARTS)
        + f" doc {sum(result['document'].values())}/{len(result['document'])}"
    )


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def _timed(path: Path) -> tuple[str, float]:
    start = time.perf_counter()
    text, _, _ = read_document(path)
    return text, time.perf_counter() - start


def _pypdfium2_text(pdf: Path) -> float:
    import pypdfium2 as pdfium

    start = time.perf_counter()
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        page.get_textpage().get_text_range()
    document.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", default=",".join(TEXTS))
    parser.add_argument("--scan-pages", type=int, default=12)
    parser.add_argument("--scan-scores", action="store_true")
    parser.add_argument("--memory-pages", type=int, default=0)
    args = parser.parse_args()
    names = args.texts.split(",")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        totals: dict[str, list[float]] = {}  # format -> [pages, seconds]
        print("| text | pages | format | references agencies assignments indicators | read s |")
        print("|---|---|---|---|---|")
        for name in names:
            text_dir, _ = TEXTS[name]
            text = (text_dir / f"{name}.txt").read_text("utf-8")
            pdf = to_pdf(text, folder / f"{name}.pdf")
            pages = _pages(pdf)
            print(f"| {name} | {pages} | txt | {_scores(text, name)} | |")
            for fmt, render in (("docx", to_docx), ("pdf", None), ("html", to_html)):
                path = pdf if render is None else render(text, folder / f"{name}.{fmt}")
                read, seconds = _timed(path)
                totals.setdefault(fmt, [0, 0.0])
                totals[fmt][0] += pages
                totals[fmt][1] += seconds
                print(f"| {name} | {pages} | {fmt} | {_scores(read, name)} | {seconds:.2f} |")
            totals.setdefault("pdf text only (pypdfium2)", [0, 0.0])
            totals["pdf text only (pypdfium2)"][0] += pages
            totals["pdf text only (pypdfium2)"][1] += _pypdfium2_text(pdf)
            if args.scan_scores:
                scan = to_scan(pdf, folder / f"{name}-scan", dpi=200, seed=1)
                read, seconds = _timed(scan)
                totals.setdefault("scan (OCR)", [0, 0.0])
                totals["scan (OCR)"][0] += pages
                totals["scan (OCR)"][1] += seconds
                print(f"| {name} | {pages} | scan | {_scores(read, name)} | {seconds:.1f} |")
        print()
        for fmt, (pages, seconds) in totals.items():
            print(f"{fmt}: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s")
        if args.scan_pages:
            text = (ROOT / "tests" / "dev" / "example-party-plan.txt").read_text("utf-8")
            pdf = to_pdf(text, folder / "scan-source.pdf")
            scan = to_scan(pdf, folder / "scan", dpi=200, seed=1, pages=(1, args.scan_pages))
            count = _pages(scan)
            for workers in sorted({1, os.cpu_count() or 1}):
                os.environ["PLANKG_OCR_WORKERS"] = str(workers)
                _, seconds = _timed(scan)
                print(f"OCR, {workers} process(es): {count} pages in {seconds:.1f} s = {count / seconds:.2f} pages/s")
            os.environ.pop("PLANKG_OCR_WORKERS")
        if args.memory_pages:
            _memory(folder, args.memory_pages)


def _memory(folder: Path, pages: int) -> None:
    """A scan of ``pages`` pages (one scanned page repeated) read at once: peak memory."""
    from PIL import Image

    text = (ROOT / "tests" / "dev" / "example-party-plan.txt").read_text("utf-8")
    one = to_scan(to_pdf(text, folder / "memory.pdf"), folder / "memory", dpi=200, seed=2, pages=(2, 2))
    page = Image.open(min((folder / "memory").glob("page*.png")))
    big = folder / "big-scan.pdf"
    page.save(big, save_all=True, append_images=[page] * (pages - 1), resolution=200)
    del one
    os.environ["PLANKG_MAX_PAGES"] = str(pages)
    from plankg.loaders import ocr_reader

    ocr_reader.MAX_PAGES = pages
    _, seconds = _timed(big)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{pages}-page scan ({big.stat().st_size / 1e6:.0f} MB): {seconds:.0f} s = {pages / seconds:.2f} pages/s; "
        f"peak memory: plankg {own:.0f} MB, largest worker or Tesseract {children:.0f} MB"
    )


if __name__ == "__main__":
    main()
