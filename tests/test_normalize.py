import pytest

from plankg.loaders.normalize import clean, fold, join_lines, ocr_fold


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("57\u2013NQ/TW", "57-NQ/TW"),
        ("57\u2212NQ/TW", "57-NQ/TW"),
        ("57\uff0dNQ/TW", "57-NQ/TW"),
        ("TT-BT\u0421", "TT-BTC"),  # Cyrillic Es
        ("Nghi\u0323 quyê\u0301t", "Nghị quyết"),  # NFD -> NFC
        ("a\u00a0b", "a b"),
        ("Q\u00d0", "QĐ"),  # Icelandic eth read as Đ
    ],
)
def test_clean(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("text", ["Nghị quyết số 57-NQ/TW", "ĐẢNG CỘNG SẢN", "Tỉnh ủy Quảng Ninh", "x"])
def test_fold_keeps_length_and_drops_marks(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.isascii()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Nghi quyét s6 57-NQ/TW", "nghi quyet so 57-nq/tw"),
        ("Ban Tuyén gi4o", "ban tuyen giao"),
        ("Pang bo tinh", "dang bo tinh"),
        ("phát triển", "phat trien"),
        ("năm 2025", "nam 2025"),
    ],
)
def test_ocr_fold(raw, expected):
    assert ocr_fold(raw) == expected


def test_join_lines_mends_numbers_broken_at_line_end():
    assert join_lines("Nghị quyết số 57-\nNQ/TW và số\n193/\n2025/QH15") == "Nghị quyết số 57-NQ/TW và số 193/2025/QH15"
