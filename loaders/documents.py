"""Read any input document into the plain text every recogniser reads.

``read_document`` dispatches by the file's first bytes, then its suffix: a text (``loaders.textio``),
a PDF (``pdf_reader``), a Word file (``docx_reader``), a saved web page (``html_reader``) or an
image (``ocr_reader``). Every format arrives as the same kind of text: paragraphs one per line,
tables whose cells the file knows as pipe rows (``loaders.cells``), pages separated by a form feed.
"""

from __future__ import annotations

import os
from pathlib import Path

from plankg.errors import PlankgError
from plankg.loaders.legacy import convert_legacy
from plankg.loaders.textio import MAX_TEXT_BYTES, decode_text, read_bytes

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".xhtml", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def force_ocr() -> bool:
    """``plankg build --ocr``: read every PDF page by OCR, even one with a text layer."""
    return os.environ.get("PLANKG_OCR", "") not in ("", "0")


def read_document(path: Path) -> tuple[str, bytes, list[str]]:
    """The text of an input file, its bytes (the hash of the source is taken on them) and the
    warnings of its reading. Errors are PlankgError, one line, naming the file."""
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:  # a text, whatever its suffix (``plankg extract notes.md``)
        data = read_bytes(path)
        warnings: list[str] = []
        return decode_text(data, str(path), warnings), data, warnings
    data = read_bytes(path, MAX_DOCUMENT_BYTES)
    if not data.strip():
        raise PlankgError(f"{path}: the file is empty")
    head = data[:1024]
    if b"%PDF-" in head:
        from plankg.loaders.pdf_reader import read_pdf

        text, warnings = read_pdf(path, force_ocr())
    elif suffix == ".docx":
        from plankg.loaders.docx_reader import read_docx

        text, warnings = read_docx(path)
    elif head.startswith(_IMAGE_MAGIC):
        from plankg.loaders.ocr_reader import read_image

        text, warnings = read_image(path)
    elif suffix in (".html", ".htm", ".xhtml"):
        if len(data) > MAX_TEXT_BYTES:
            raise PlankgError(f"{path}: too large for a web page ({len(data) / 1e6:.0f} MB)")
        if b"\x00" in head:
            raise PlankgError(f"{path}: this is a binary file, not a web page")
        from plankg.loaders.html_reader import html_text

        text, warnings = html_text(data, str(path))
    else:
        expected = {
            ".pdf": "a PDF",
            ".png": "a PNG image",
            ".jpg": "a JPEG image",
            ".jpeg": "a JPEG image",
            ".tif": "a TIFF image",
            ".tiff": "a TIFF image",
        }.get(suffix, "a document")
        raise PlankgError(f"{path}: not {expected} (its first bytes say otherwise)")
    converted = convert_legacy(text)  # a Word file or PDF set in a VNI or TCVN3 (.VnTime) font
    if converted:
        text = converted[0]
        warnings.append(f"{path}: converted from the legacy {converted[1]} font encoding to Unicode")
    return text, data, warnings
