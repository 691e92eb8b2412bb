"""Render a plan's text as the files it is published as: Word, a born-digital PDF, a scan of that
PDF and a web page saved from a legal database, so that each reader is scored against the text's
annotation.

The text's tables become real tables: pipe rows (``| 1 | Nhiệm vụ … | Sở … |``) as they are, and
the text's own task tables (found by ``loaders.layout``) from their rows and cells. Other lines
are paragraphs, one per line; a form feed is a page break.

    to_docx(text, path); to_pdf(text, path); to_scan(pdf, folder); to_html(text, path)
"""

from __future__ import annotations

import html
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from plankg.loaders.agencies import matcher_for
from plankg.loaders.layout import read_layout
from plankg.loaders.source import SourceText

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
_HEADS = {
    "number": "TT",
    "task": "Nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "coordinate": "Cơ quan phối hợp",
    "product": "Sản phẩm",
    "deadline": "Thời gian hoàn thành",
    "indicator": "Chỉ tiêu",
    "unit": "Đơn vị tính",
    "note": "Ghi chú",
}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Block:
    """A paragraph (one line of the text), a table (header row first) or a page break."""

    kind: str  # line | table | page
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    spans: list[int] = field(default_factory=list)  # rows (by index) whose second cell spans the rest: group rows


def blocks_of(text: str) -> list[Block]:
    """The text as paragraphs and tables, in order."""
    lines = text.replace("\r\n", "\n").split("\n")
    tables: dict[int, tuple[int, Block]] = {}  # first line (1-based) -> (last line, table)
    src = SourceText("plan.txt", text)
    for table in read_layout(src, matcher_for(None)).tables:
        if table.kind == "task" and table.rows:
            tables[table.first_line] = (table.last_line, _task_table(table))
    blocks: list[Block] = []
    k = 1
    while k <= len(lines):
        if k in tables:
            last, block = tables[k]
            blocks.append(block)
            k = last + 1
            continue
        line = lines[k - 1]
        if line.strip().startswith("|") and line.strip().endswith("|"):
            rows = []
            while k <= len(lines) and lines[k - 1].strip().startswith("|"):
                rows.append([cell.strip() for cell in lines[k - 1].strip()[1:-1].split("|")])
                k += 1
            blocks.append(Block("table", rows=rows))
            continue
        for n, piece in enumerate(line.split("\f")):
            if n:
                blocks.append(Block("page"))
            if piece or n == 0:
                blocks.append(Block("line", piece))
        k += 1
    return blocks


def _task_table(table) -> Block:
    roles = [role for role in table.roles if role in _HEADS]
    block = Block("table", rows=[[_HEADS[role] for role in roles]])
    group, groups = None, 0
    for row in table.rows:
        if row.group and row.group != group:
            group = row.group
            block.spans.append(len(block.rows))
            block.rows.append([_ROMAN[groups % len(_ROMAN)], group] + [""] * (len(roles) - 2))
            groups += 1
        block.rows.append(
            [row.number if role == "number" else " ".join(row.cells.get(role, "").split()) for role in roles]
        )
    return block


def to_docx(text: str, path: Path) -> Path:
    """A Word file: paragraphs, tables with a header row and group rows merged across."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    for block in blocks_of(text):
        if block.kind == "page":
            document.add_page_break()
        elif block.kind == "line":
            document.add_paragraph(block.text)
        else:
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                cells = table.rows[r].cells
                for c, value in enumerate(row):
                    cells[c].text = value
                if r in block.spans and width > 2:
                    cells[1].merge(cells[width - 1])
                    cells[1].text = row[1]
                if r == 0:
                    for paragraph in cells[0].paragraphs:
                        for run in paragraph.runs:
                            run.bold = True
    document.save(str(path))
    return path


def to_pdf(text: str, path: Path, running_header: str | None = None) -> Path:
    """A born-digital PDF in DejaVu Sans: ruled tables whose cells wrap, a page number at the
    foot of each page and, if given, a running header."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_BOLD)))
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
    cell = ParagraphStyle("cell", fontName="DejaVuSans", fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=cell, fontName="DejaVuSans-Bold")
    story = []
    for block in blocks_of(text):
        if block.kind == "page":
            story.append(PageBreak())
        elif block.kind == "line":
            story.append(Paragraph(html.escape(block.text), body) if block.text.strip() else Spacer(1, 6))
        else:
            width = max(len(row) for row in block.rows)
            weights = [0.5] + [3.0 if c == 1 else 1.4 for c in range(1, width)]
            total = 17 * cm
            widths = [total * w / sum(weights) for w in weights]
            data = [
                [Paragraph(html.escape(value), head if r == 0 else cell) for value in row + [""] * (width - len(row))]
                for r, row in enumerate(block.rows)
            ]
            style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            style += [("SPAN", (1, r), (-1, r)) for r in block.spans]
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(TableStyle(style))
            story.append(table)

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("DejaVuSans", 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"- {doc.page} -")
        if running_header:
            canvas.drawRightString(A4[0] - 2 * cm, A4[1] - 1.2 * cm, running_header)
        canvas.restoreState()

    SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm
    ).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


def to_scan(
    pdf: Path,
    folder: Path,
    dpi: int = 200,
    seed: int = 0,
    pages: tuple[int, int] | None = None,
    blur: float = 0.6,
    skew: float = 0.5,
    noise: float = 0.001,
) -> Path:
    """A scan of a PDF: its pages (``pages``: first and last, from 1) rendered by pdftoppm at
    ``dpi``, turned by up to ``skew`` degrees, blurred and speckled (``noise``: the share of
    pixels flipped); written as PNG pages and as one image-only PDF (returned)."""
    import numpy as np
    from PIL import Image, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    limit = ["-f", str(pages[0]), "-l", str(pages[1])] if pages else []
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", *limit, str(pdf), str(folder / "page")], check=True)
    rng = random.Random(seed)
    images = []
    for png in sorted(folder.glob("page*.png")):
        image = Image.open(png).convert("L")
        image = image.rotate(rng.uniform(-skew, skew), resample=Image.BICUBIC, fillcolor=255)
        image = image.filter(ImageFilter.GaussianBlur(blur))
        specks = np.random.default_rng(rng.randrange(1 << 30)).random((image.height, image.width))
        pixels = np.asarray(image).copy()
        pixels[specks < noise / 2] = 0
        pixels[specks > 1 - noise / 2] = 255
        image = Image.fromarray(pixels)
        image.save(png)
        images.append(image)
    scan = folder / f"{pdf.stem}-scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=dpi)
    return scan


def to_html(text: str, path: Path, number: str = "") -> Path:
    """A page saved from a legal database: menus, a search form, a metadata box, buttons and
    related documents around the document, which sits in its own container."""
    parts = []
    for block in blocks_of(text):
        if block.kind == "line":
            parts.append(f"<p>{html.escape(block.text)}</p>" if block.text.strip() else "<p>&nbsp;</p>")
        elif block.kind == "table":
            rows = []
            for r, row in enumerate(block.rows):
                tag = "th" if r == 0 else "td"
                if r in block.spans:
                    cells = f'<td>{html.escape(row[0])}</td><td colspan="{len(row) - 1}">{html.escape(row[1])}</td>'
                else:
                    cells = "".join(f"<{tag}>{html.escape(value)}</{tag}>" for value in row)
                rows.append(f"<tr>{cells}</tr>")
            parts.append('<table border="1">' + "".join(rows) + "</table>")
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Văn bản {html.escape(number)}</title>
<script>var tracking = "Số 999-KH/TU";</script><style>.menu {{ color: red }}</style></head>
<body>
<header class="site-header"><a href="/">Trang chủ</a> | <a href="/vb">Văn bản pháp luật</a> | Đăng nhập</header>
<nav class="main-menu"><ul><li>Giới thiệu</li><li>Tin tức</li><li>Văn bản</li><li>Liên hệ</li></ul></nav>
<form class="search"><input name="q" placeholder="Số hiệu, tiêu đề"><button>Tìm kiếm</button></form>
<div class="breadcrumb">Trang chủ &gt; Văn bản &gt; Kế hoạch</div>
<table class="thuoctinh"><tr><td>Số hiệu:</td><td>{html.escape(number)}</td><td>Loại văn bản:</td><td>Kế hoạch</td></tr>
<tr><td>Nơi ban hành:</td><td>Đang cập nhật</td><td>Người ký:</td><td>Đang cập nhật</td></tr></table>
<div class="toolbar"><button>Báo lỗi</button><button>Ghi chú</button><button>Tải về</button></div>
<div id="main"><div class="content1">
{chr(10).join(parts)}
</div>
<div class="related"><h3>Văn bản liên quan</h3><ul><li>Kế hoạch 9999/KH-UBND năm 2025 về chuyển đổi số</li>
<li>Quyết định 8888/QĐ-UBND năm 2025 phê duyệt đề án</li></ul></div></div>
<footer class="footer">Bản quyền thuộc về trang. Mọi hành vi sao chép là vi phạm pháp luật.</footer>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
