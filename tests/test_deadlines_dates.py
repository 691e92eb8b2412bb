import pytest

from plankg.loaders.dates import date_after, first_wordy_date
from plankg.loaders.deadlines import deadline_of, ends_with_deadline
from plankg.loaders.normalize import ocr_fold


@pytest.mark.parametrize(
    "task, expected",
    [
        ("Xây dựng chiến lược (xong trong năm 2026)", "2026"),
        ("Triển khai (xong trong năm 2026 và thực hiện hằng năm)", "2026"),
        ("Tổ chức tập huấn (thực hiện hằng năm)", "annual"),
        ("Tuyên truyền sâu rộng (thực hiện thường xuyên)", "ongoing"),
        ("Mời chuyên gia (thườngxuyên năm 02 lần/năm)", "ongoing"),
        ("Định kỳ hằng tháng, 3 tháng, 6 tháng, 1 năm: đánh giá kết quả", "periodic"),
        ("Báo cáo kết quả (thực hiện theo chương trình)", "periodic"),
        ("Nghiên cứu cơ chế đặc thù (xong trong quý II/2025)", "2025"),
        ("Tổ chức kiểm điểm tiến độ định kỳ hoặc đột xuất", None),
        ("Chỉ đạo việc khen thưởng, biểu dương điển hình", None),
        ("tuyen truyen thuong xuyen", "ongoing"),
    ],
)
def test_deadline_of(task, expected):
    assert deadline_of(ocr_fold(task)) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Chủ trì xây dựng tài liệu (xong trong năm 2025).", "paren"),
        ("Xây dựng quy định cụ thể, hoàn thành trong năm 2025.", "bare"),
        ("Định kỳ hằng tháng đánh giá kết quả thực hiện tại địa phương.", None),
    ],
)
def test_sentence_closing_on_a_deadline(sentence, expected):
    assert ends_with_deadline(ocr_fold(sentence)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("57-NQ/TW, ngày 22/12/2024 của", "2024-12-22"),
        ("57-NQ/TW ngay 22/12/2024", "2024-12-22"),
        ("57-NQ/TW ngày 31/02/2024", None),
        ("57-NQ/TW của Bộ Chính trị", None),
    ],
)
def test_date_after_a_number(text, expected):
    found = date_after(ocr_fold(text), len("57-NQ/TW"))
    assert (found[0] if found else None) == expected


def test_document_date_line_tolerates_ocr():
    assert first_wordy_date(ocr_fold("Lang Son, ngay 23 thiang 5 ndm 2025"))[0] == "2025-05-23"
