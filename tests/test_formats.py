"""Documents as they are published (Word, PDF, saved web pages, scans) read into the plain text
the text loader reads: paragraphs by line, numbering written out, tables as pipe rows, page
furniture left out; and every kind of bad document refused in one line."""

import shutil

import pytest

from plankg.errors import PlankgError
from plankg.loaders import ocr_reader
from plankg.loaders.documents import read_document
from tests.render_documents import to_docx, to_html, to_pdf

HAVE_OCR = (
    shutil.which("tesseract") is not None
    and ocr_reader._languages() is not None
    and "vie" in (ocr_reader._languages() or ())
)
needs_ocr = pytest.mark.skipif(
    not HAVE_OCR, reason="Tesseract with its Vietnamese model (tesseract-ocr-vie) is not installed"
)

TABLE = """KẾ HOẠCH
Thực hiện Nghị quyết số 57-NQ/TW
| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |
| 1 | Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh, kết nối với cơ sở dữ liệu quốc gia | Sở Khoa học và Công nghệ | 2025 |
| 2 | Đào tạo nhân lực số cho cán bộ, công chức | Sở Nội vụ | Hằng năm |
Nơi nhận:"""


def test_word_numbering_is_written_before_its_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Sở Nội vụ chủ trì", style="List Bullet")
    document.save(tmp_path / "plan.docx")
    text, _, _ = read_document(tmp_path / "plan.docx")
    assert text.split("\n")[:3] == ["1. Mục đích", "2. Yêu cầu", "- Sở Nội vụ chủ trì"]


def test_word_table_cells_are_pipe_rows_merged_down_repeated_merged_across_once(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(
        [
            ["TT", "Nhiệm vụ", "Cơ quan chủ trì"],
            ["I", "HẠ TẦNG SỐ", ""],
            ["1", "Nâng cấp Trung tâm dữ liệu", "Sở Khoa học và Công nghệ"],
            ["2", "Kết nối dữ liệu dân cư\nvới các ngành", ""],
        ]
    ):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    table.rows[1].cells[1].merge(table.rows[1].cells[2]).text = "HẠ TẦNG SỐ"
    table.rows[2].cells[2].merge(table.rows[3].cells[2]).text = "Sở Khoa học và Công nghệ"
    document.save(tmp_path / "plan.docx")
    text, _, _ = read_document(tmp_path / "plan.docx")
    assert text.split("\n")[:4] == [
        "| TT | Nhiệm vụ | Cơ quan chủ trì |",
        "| I | HẠ TẦNG SỐ |  |",
        "| 1 | Nâng cấp Trung tâm dữ liệu | Sở Khoa học và Công nghệ |",
        "| 2 | Kết nối dữ liệu dân cư với các ngành | Sở Khoa học và Công nghệ |",
    ]


def test_a_word_file_that_is_not_a_zip_is_refused_in_one_line(tmp_path):
    fake = tmp_path / "plan.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # an old .doc renamed
    with pytest.raises(PlankgError, match=r"not a Word \(.docx\) file.*save it as .docx") as err:
        read_document(fake)
    assert "\n" not in str(err.value)


def test_web_page_keeps_the_document_and_its_metadata_box_not_the_site(tmp_path):
    page = to_html("KẾ HOẠCH\nSố 538-KH/TU\nPhát triển hạ tầng số", tmp_path / "plan.html", number="538-KH/TU")
    text, _, _ = read_document(page)
    assert "Số hiệu: 538-KH/TU" in text.split("\n")
    assert "KẾ HOẠCH\nSố 538-KH/TU\nPhát triển hạ tầng số" in text
    for furniture in (
        "Trang chủ",
        "Tìm kiếm",
        "Báo lỗi",
        "Tải về",
        "Văn bản liên quan",
        "9999/KH-UBND",
        "Bản quyền",
        "tracking",
        "Giới thiệu",
    ):
        assert furniture not in text, furniture


def test_web_page_table_spans_become_pipe_rows(tmp_path):
    page = tmp_path / "plan.html"
    page.write_text(
        """<html><body><div class="noidung"><p>KẾ HOẠCH</p><table>
<tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th></tr>
<tr><td>I</td><td colspan="2">HẠ TẦNG SỐ</td></tr>
<tr><td>1</td><td>Nâng cấp<br>Trung tâm dữ liệu</td><td rowspan="2">Sở Khoa học và Công nghệ</td></tr>
<tr><td>2</td><td>Kết nối dữ liệu</td></tr></table></div></body></html>""",
        encoding="utf-8",
    )
    text, _, _ = read_document(page)
    assert text.split("\n")[1:5] == [
        "| TT | Nhiệm vụ | Cơ quan chủ trì |",
        "| I | HẠ TẦNG SỐ |  |",
        "| 1 | Nâng cấp Trung tâm dữ liệu | Sở Khoa học và Công nghệ |",
        "| 2 | Kết nối dữ liệu | Sở Khoa học và Công nghệ |",
    ]


def test_pdf_ruled_table_cells_that_wrap_are_one_row_each(tmp_path):
    text, _, _ = read_document(to_pdf(TABLE, tmp_path / "plan.pdf"))
    lines = text.split("\n")
    assert lines[:2] == ["KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW"]
    assert (
        "| 1 | Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh, kết nối với cơ sở dữ liệu quốc gia "
        "| Sở Khoa học và Công nghệ | 2025 |"
    ) in lines
    assert "| 2 | Đào tạo nhân lực số cho cán bộ, công chức | Sở Nội vụ | Hằng năm |" in lines
    assert "Nơi nhận:" in lines


def test_pdf_pages_are_form_feeds_without_page_numbers_or_running_headers(tmp_path):
    body = "\n".join(f"{k}. Nhiệm vụ thứ {k} của kế hoạch" for k in range(1, 4))
    plan = "\f".join([body] * 4)
    text, _, _ = read_document(to_pdf(plan, tmp_path / "plan.pdf", running_header="Kế hoạch 538-KH/TU"))
    pages = text.strip("\n").split("\n\f")
    assert len(pages) == 4
    assert all(page.strip("\n").split("\n") == body.split("\n") for page in pages), pages
    assert "538-KH/TU" not in text and "- 2 -" not in text


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    pdf = canvas.Canvas(str(path), encrypt="mật khẩu")
    pdf.drawString(100, 700, "Ke hoach")
    pdf.save()
    with pytest.raises(PlankgError, match="encrypted") as err:
        read_document(path)
    assert "\n" not in str(err.value)


def test_a_damaged_pdf_is_refused_in_one_line(tmp_path):
    whole = to_pdf("KẾ HOẠCH\nPhát triển hạ tầng số", tmp_path / "plan.pdf").read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(whole[:300])
    with pytest.raises(PlankgError, match="damaged.pdf: ") as err:
        read_document(damaged)
    assert "\n" not in str(err.value)


def test_a_file_named_pdf_that_is_something_else_is_refused(tmp_path):
    fake = tmp_path / "plan.pdf"
    fake.write_text("KẾ HOẠCH", encoding="utf-8")
    with pytest.raises(PlankgError, match="not a PDF"):
        read_document(fake)


def test_a_scan_with_more_pages_than_the_limit_is_refused_before_any_ocr(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_reader, "MAX_PAGES", 2)
    path = to_pdf("Trang một\fTrang hai\fTrang ba", tmp_path / "long.pdf")
    with pytest.raises(PlankgError, match="3 pages, more than the 2"):
        read_document(path)


@pytest.mark.parametrize("languages, missing", [(None, "Tesseract OCR"), (("eng", "osd"), "Vietnamese model")])
def test_a_scan_without_tesseract_or_its_vietnamese_model_is_refused_with_the_install_command(
    tmp_path, monkeypatch, languages, missing
):
    from PIL import Image

    monkeypatch.setattr(ocr_reader, "_languages", lambda: languages)
    image = tmp_path / "scan.png"
    Image.new("L", (200, 100), 255).save(image)
    with pytest.raises(PlankgError, match=missing) as err:
        read_document(image)
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in str(err.value)


@needs_ocr
def test_an_image_without_text_is_refused(tmp_path):
    from PIL import Image

    image = tmp_path / "blank.png"
    Image.new("L", (400, 300), 255).save(image)
    with pytest.raises(PlankgError, match="OCR found no text"):
        read_document(image)


def test_a_folder_is_built_without_the_document_it_cannot_read(run, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    to_docx(
        "KẾ HOẠCH\nSố 12-KH/TU\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", folder / "plan.docx"
    )
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n%broken")
    result = run("build", str(folder), "--no-output", store=tmp_path / "store")
    assert result.exit_code == 0, result.stderr
    assert "from 1 source(s)" in result.stdout
    assert "broken.pdf: " in result.stderr and "left out" in result.stderr


def test_a_single_document_that_cannot_be_read_fails_the_build_in_one_line(run, tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n%broken")
    result = run("build", str(tmp_path / "broken.pdf"), "--no-output", store=tmp_path / "store")
    assert result.exit_code == 1
    assert len(result.stderr.strip().split("\n")) == 1 and "broken.pdf" in result.stderr


def test_a_word_file_set_in_a_tcvn3_font_reads_as_unicode(tmp_path):
    from tests.test_legacy_encodings import to_tcvn3

    # TCVN3 has no toned capitals (the .VnTimeH font set them): the text is in lower case
    plan = (
        "Kế hoạch\nThực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia\nSở Khoa học và Công nghệ chủ trì, "
        "phối hợp với các sở, ngành xây dựng cơ sở dữ liệu"
    )
    text, _, warnings = read_document(to_docx(to_tcvn3(plan), tmp_path / "plan.docx"))
    assert text.strip() == plan
    assert any("TCVN3" in warning for warning in warnings)


def test_a_misread_row_number_between_its_neighbours_is_theirs_plus_one():
    from plankg.loaders.ocr_tables import _row_numbers

    grid = [
        ["TT", "Nhiệm vụ"],
        ["8", "a"],
        ["L9", "b"],
        ["10", "c"],
        ["lII", "HẠ TẦNG SỐ"],
        ["11", "d"],
        ["ỆC,", "e"],
        ["13", "f"],
    ]
    _row_numbers(grid)
    assert [row[0] for row in grid] == ["TT", "8", "9", "10", "lII", "11", "12", "13"]


@pytest.mark.parametrize("degrees", [0.8, -0.5])
def test_the_slope_of_a_scanned_page_is_read_from_its_longest_rule(degrees):
    import numpy as np
    from PIL import Image, ImageDraw

    from plankg.loaders.ocr_tables import rules, skew_of

    page = Image.new("L", (2400, 1600), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((200, 700, 2200, 704), fill=0)
    draw.text((300, 600), "Ke hoach", fill=0)
    turned = page.rotate(degrees, resample=Image.BICUBIC, fillcolor=255)
    across, _ = rules(np.asarray(turned))
    assert skew_of(across) == pytest.approx(-degrees, abs=0.1)
    level = turned.rotate(skew_of(across), resample=Image.BICUBIC, fillcolor=255)
    assert abs(skew_of(rules(np.asarray(level))[0])) < 0.1


def test_word_paragraphs_inside_a_content_control_are_read_in_their_place(tmp_path):
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    inside = document.add_paragraph("Số 538-KH/TU")
    document.add_paragraph("Nơi nhận:")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inside._p.addprevious(control)
    control.append(content)
    content.append(inside._p)
    document.save(tmp_path / "plan.docx")
    text, _, _ = read_document(tmp_path / "plan.docx")
    assert text.split("\n")[:3] == ["KẾ HOẠCH", "Số 538-KH/TU", "Nơi nhận:"]


@pytest.mark.parametrize("render", [to_html, to_pdf])
def test_a_blank_line_of_the_document_stays_a_blank_line(tmp_path, render):
    plan = "1. Mục tiêu chung\nPhát triển hạ tầng số\n\n2. Mục tiêu cụ thể\nPhủ sóng 5G"
    text, _, _ = read_document(render(plan, tmp_path / f"plan.{render.__name__[3:]}"))
    assert plan in text
