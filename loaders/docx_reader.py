"""Read a Word (.docx) file into the plain text the text loader reads.

Paragraphs one per line, with the number or bullet Word draws from its numbering properties
written out ("1.", "a)", "-"); tables as pipe rows (``loaders.cells``): a cell merged across
columns is written once (the cells it covers stay empty), a cell merged down rows is repeated in
each row (a lead body shared by three tasks leads each); footnotes after the text. A page break
Word records becomes a form feed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from plankg.errors import PlankgError
from plankg.loaders.cells import cell_text, pipe_rows

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def read_docx(path: Path) -> tuple[str, list[str]]:
    """The text of a .docx file and warnings; a file that is no Word document is refused."""
    if not zipfile.is_zipfile(path):
        raise PlankgError(
            f"{path}: not a Word (.docx) file (it is not a zip archive)"
            + ("; an old .doc file: save it as .docx" if path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0" else "")
        )
    import docx  # imported here: a build of texts alone never needs it

    try:
        document = docx.Document(str(path))
    except Exception as err:  # noqa: BLE001 - python-docx raises KeyError, ValueError, lxml errors … on a broken package
        raise PlankgError(
            f"{path}: a damaged or unsupported Word file ({type(err).__name__}: {' '.join(str(err).split())[:120]})"
        ) from None
    numbering = _Numbering(document)
    lines: list[str] = []
    for child in _blocks(document.element.body):
        if child.tag == _W + "p":
            lines += _paragraph_lines(child, numbering)
        else:
            lines += pipe_rows(_table_grid(child))
    notes = _footnotes(document)
    if notes:
        lines += [""] + notes
    return "\n".join(lines) + "\n", []


def _blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body in order, those inside content controls too."""
    for child in parent.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content)


def _text_of(element: Any) -> str:
    """The visible text of a paragraph element: runs, tabs as spaces, soft breaks as new lines,
    a page break as a form feed; deleted revisions left out."""
    parts: list[str] = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "delText"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "tab":
            parts.append(" ")
        elif node.tag == _W + "br" and node.get(_W + "type") == "page":
            parts.append("\n\f")
        elif node.tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _paragraph_lines(p: Any, numbering: _Numbering) -> list[str]:
    text = _text_of(p)
    label = numbering.label(p)
    if label and text.strip():
        text = f"{label} {text.lstrip()}"
    return text.split("\n")


def _table_grid(tbl: Any) -> list[list[str]]:
    """The table's rows as lists of cell texts on the grid of its columns."""
    grid: list[list[str]] = []
    for tr in tbl.iterchildren(_W + "tr"):
        row: list[str] = []
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            span, merge = 1, None
            if props is not None:
                grid_span = props.find(_W + "gridSpan")
                span = int(grid_span.get(_W + "val", "1")) if grid_span is not None else 1
                v_merge = props.find(_W + "vMerge")
                if v_merge is not None:
                    merge = v_merge.get(_W + "val", "continue")
            text = " ".join(cell_text(_text_of(p)) for p in tc.iterchildren(_W + "p"))
            nested = [" ".join(cell for row_ in _table_grid(t) for cell in row_) for t in tc.iterchildren(_W + "tbl")]
            text = cell_text(" ".join([text] + nested))
            if merge == "continue" and grid and len(grid[-1]) > len(row):
                text = grid[-1][len(row)]  # merged down: the cell above, repeated
            row += [text] + [""] * (span - 1)
        grid.append(row)
    return grid


def _footnotes(document: Any) -> list[str]:
    """Footnotes as lines "[1] …", in the order of their numbers."""
    for rel in document.part.rels.values():
        if rel.reltype == _FOOTNOTES and not rel.is_external:
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            notes = []
            for note in root.iterchildren(_W + "footnote"):
                if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = cell_text(" ".join(_text_of(p) for p in note.iter(_W + "p")))
                if text:
                    notes.append(f"[{note.get(_W + 'id')}] {text}")
            return notes
    return []


_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """The numbers Word draws before numbered paragraphs, counted as Word counts them: a level's
    counter restarts when a level above it advances."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, lvlText, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl) of numbered styles
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iterchildren(_W + "abstractNum"):
            levels = {}
            for lvl in node.iterchildren(_W + "lvl"):
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                levels[int(lvl.get(_W + "ilvl", "0"))] = (
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    int(start.get(_W + "val", "1")) if start is not None else 1,
                )
            abstract[node.get(_W + "abstractNumId")] = levels
        for num in root.iterchildren(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None:
                self.levels[num.get(_W + "numId")] = abstract.get(ref.get(_W + "val"), {})
        for style in document.styles.element.iterchildren(_W + "style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id, ilvl = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
                if num_id is not None:
                    self.styles[style.get(_W + "styleId")] = (
                        num_id.get(_W + "val"),
                        int(ilvl.get(_W + "val", "0")) if ilvl is not None else 0,
                    )

    def label(self, p: Any) -> str:
        """The paragraph's number as Word draws it ("1.", "a)", "-"), or ""."""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            node, level = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
            num_id = node.get(_W + "val") if node is not None else None
            ilvl = int(level.get(_W + "val", "0")) if level is not None else 0
        else:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            if style is not None and style.get(_W + "val") in self.styles:
                num_id, ilvl = self.styles[style.get(_W + "val")]
        levels = self.levels.get(num_id or "")
        if num_id is None or not levels or ilvl not in levels:
            return ""
        fmt, text, _start = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return text
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        for k in range(ilvl + 1):
            value = counters.get(k, levels.get(k, ("decimal", "", 1))[2])
            text = text.replace(f"%{k + 1}", _format(value, levels.get(k, ("decimal",))[0]))
        return text
