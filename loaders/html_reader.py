"""Read a saved web page (a legal database's or a portal's page holding a document) into the
plain text the text loader reads.

Only the document's own part is kept: scripts, menus, navigation, buttons, forms, footers and
blocks whose class or id says they are site furniture ("menu", "breadcrumb", "related" …) are
dropped, then the element holding most of the remaining text is taken as the document. A
metadata box (a two-column table of "Số hiệu", "Ngày ban hành" …) is kept as lines "Số hiệu: …"
before it, which the opening stage reads. Tables become pipe rows (``loaders.cells``), a cell
spanning columns written once, a cell spanning rows repeated in each.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from plankg.errors import PlankgError
from plankg.loaders.cells import cell_text, pipe_rows
from plankg.loaders.normalize import fold

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "iframe",
    "svg",
    "canvas",
    "template",
    "menu",
    "head",
    "object",
    "embed",
}
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:menu|nav|navbar|breadcrumbs?|footer|header|sidebar|side-bar|share|social|"
    r"comments?|banner|ads?|advert|login|search|related|tags|toolbar|pagination|cookie|popup|"
    r"modal|print|rating|tin-lien-quan|lienquan|relate)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "center",
    "address",
    "figcaption",
    "tr",
    "hr",
    "ul",
    "ol",
    "dl",
    "body",
    "font",
}
# The labels of a metadata box (folded), as the opening stage knows them
_BOX_LABEL = re.compile(
    r"^(?:so hieu|so ky hieu|ky hieu|loai van ban|hinh thuc van ban|noi ban hanh|co quan ban hanh|"
    r"don vi ban hanh|ngay ban hanh|ngay ky|nguoi ky|ngay hieu luc|tinh trang(?: hieu luc)?|"
    r"linh vuc|trich yeu|ngay cong bao|so cong bao)\s*:?$"
)
MAX_HTML_BYTES = 32 * 1024 * 1024


def read_html(path: Path) -> tuple[str, list[str]]:
    """The document's text from a saved page, and warnings."""
    data = path.read_bytes()
    if len(data) > MAX_HTML_BYTES:
        raise PlankgError(f"{path}: too large for a web page ({len(data) / 1e6:.0f} MB)")
    return html_text(data, str(path))


def html_text(data: bytes, name: str) -> tuple[str, list[str]]:
    import lxml.html  # imported here: a build of texts alone never needs it

    try:  # UTF-8 whatever the page declares (most do, a page saved without <meta charset> too); else as declared
        markup: str | bytes = re.sub(r"^\s*<\?xml[^>]*\?>", "", data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        markup = data
    try:
        root = lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError) as err:
        raise PlankgError(f"{name}: cannot be read as a web page ({' '.join(str(err).split())[:120]})") from None
    box = _metadata_box(root)
    _strip_furniture(root)
    body = root.find("body") if root.find("body") is not None else root
    content = _content_of(body)
    lines = _render(content)
    text = "\n".join(_tidy(lines))
    if not text.strip():
        raise PlankgError(f"{name}: the page holds no document text")
    return "\n".join(box + [""]) + text + "\n" if box else text + "\n", []


def _is_furniture(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return True  # comments, processing instructions
    if el.tag in _DROP_TAGS:
        return True
    if el.get("hidden") is not None or re.search(r"display\s*:\s*none", el.get("style") or ""):
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    return bool(names.strip()) and bool(_FURNITURE.search(names)) and el.tag not in ("table", "tr", "td", "body")


def _strip_furniture(root: Any) -> None:
    for el in list(root.iter()):
        if el.getparent() is not None and _is_furniture(el):
            el.drop_tree()


def _metadata_box(root: Any) -> list[str]:
    """Lines "Số hiệu: 538-KH/TU" from the page's metadata table(s), if it has any; the tables
    are removed from the page (they are the site's, not the document's)."""
    lines: list[str] = []
    for table in list(root.iter("table")):
        pairs: list[tuple[str, str]] = []
        for tr in table.iter("tr"):
            cells = [cell_text(c.text_content()) for c in tr if c.tag in ("td", "th")]
            for label, value in zip(cells[0::2], cells[1::2]):
                if _BOX_LABEL.match(fold(label).strip()) and value:
                    pairs.append((label.rstrip(" :"), value))
        if len(pairs) >= 2 and not table.xpath(".//table"):
            lines += [f"{label}: {value}" for label, value in pairs]
            table.drop_tree()
    return lines


def _text_length(el: Any) -> int:
    return len("".join(el.itertext()).split())


def _content_of(body: Any) -> Any:
    """The element holding the document: the smallest one that still holds most of the words
    (a page's own text sits in one container beside the menus and lists around it)."""
    total = _text_length(body)
    best = body
    while True:
        children = [c for c in best if isinstance(c.tag, str) and c.tag not in ("table",)]
        if not children:
            return best
        biggest = max(children, key=_text_length)
        if _text_length(biggest) < 0.7 * max(total, 1) or biggest.tag in ("p", "li", "h1", "h2", "h3", "td", "tr"):
            return best
        best = biggest


def _render(el: Any) -> list[str]:
    """Lines of an element: block elements and <br> break lines, tables become pipe rows."""
    lines: list[str] = [""]

    def emit_text(text: str | None) -> None:
        if text:
            lines[-1] += text

    def new_line() -> None:
        if lines[-1].strip():
            lines.append("")

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str):
            emit_text(node.tail)
            return
        if node.tag == "table":
            new_line()
            lines[-1:] = pipe_rows(_table_grid(node)) + [""]
            emit_text(node.tail)
            return
        if node.tag == "br":
            lines.append("")
            emit_text(node.tail)
            return
        block = node.tag in _BLOCKS
        if block:
            new_line()
            if node.tag in ("p", "div") and not "".join(node.itertext()).strip() and node.find(".//img") is None:
                lines.append("")  # an empty paragraph is a blank line of the document
        if node.tag == "li" and node.getparent() is not None and node.getparent().tag == "ul":
            emit_text("- ")
        emit_text(node.text)
        for child in node:
            walk(child)
        if block:
            new_line()
        emit_text(node.tail)

    walk(el)
    return lines


def _table_grid(table: Any) -> list[list[str]]:
    """The rows of an HTML table on its column grid: colspan written once, rowspan repeated."""
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    rows = [tr for tr in table.iter("tr") if tr.xpath("ancestor::table[1]")[0] is table]
    for tr in rows:
        row: list[str] = []
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        for cell in cells:
            _fill_pending(row, pending)
            text = cell_text(" ".join(_render(cell)))
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            if down > 1:
                pending[len(row)] = (text, down - 1)
            row += [text] + [""] * (span - 1)
        _fill_pending(row, pending)
        grid.append(row)
    return grid


def _fill_pending(row: list[str], pending: dict[int, tuple[str, int]]) -> None:
    """Put in ``row`` the cells of rows above that span down to it, where they stand."""
    while len(row) in pending:
        text, left = pending[len(row)]
        if left <= 1:
            del pending[len(row)]
        else:
            pending[len(row)] = (text, left - 1)
        row.append(text)


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _tidy(lines: list[str]) -> list[str]:
    """Spaces squashed in each line, no more than one blank line in a row, none at the edges."""
    out: list[str] = []
    for line in lines:
        line = " ".join(line.split()) if not line.startswith("|") else line
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out
