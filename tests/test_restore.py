"""Diacritic restoration and OCR repair, on phrases written for the test."""

import pytest

from plankg.loaders.restore import is_syllable, needs_restoration, restore_diacritics


@pytest.mark.parametrize(
    "word, expected",
    [
        ("nguyen", True),
        ("truong", True),
        ("khuyen", True),
        ("quyet", True),
        ("oanh", True),
        ("benh", True),
        ("ning", False),
        ("sudt", False),
        ("clia", False),
        ("ctru", False),
        ("sb", False),
        ("tdng", False),
    ],
)
def test_syllable_shape(word, expected):
    assert is_syllable(word) is expected


@pytest.mark.parametrize(
    "ocr, expected",
    [
        ("phat trien khoa hoc", "phát triển khoa học"),  # marks lost
        ("nghién ctru khoa hoc", "nghiên cứu khoa học"),  # "ư" read as "tr"
        ("tdng gia tri san xuat", "tổng giá trị sản xuất"),  # "ô" read as "d"
        ("Sb lugng doanh nghiép", "Số lượng doanh nghiệp"),  # "ô" as "b", "ơ" as "g"
        ("nang cao ning suat", "nâng cao năng suất"),  # "ă" read as "i"
        ("an sinh xa hdi", "an sinh xã hội"),  # "hdi" is not the acronym HDI here
    ],
)
def test_ocr_misreadings_are_undone(ocr, expected):
    assert restore_diacritics(ocr) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ số HDI của tỉnh",  # an acronym written in capitals stays
        "đạt trên 40%",  # real words are not changed without strong evidence
        "Nghị quyết số 57-NQ/TW",  # numbers and symbols untouched
    ],
)
def test_right_text_is_left_alone(text):
    assert restore_diacritics(text) == text


def test_damage_is_detected_only_in_damaged_texts():
    clean = "Tỉnh ủy ban hành kế hoạch thực hiện nghị quyết về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trong giai đoạn mới của đất nước."
    assert not needs_restoration(clean * 2)
    assert needs_restoration(
        "tinh uy ban hanh ke hoach thuc hien nghi quyet ve phat trien khoa hoc cong nghe doi moi sang tao va chuyen doi so "
        * 2
    )
    ocr = "Tinh iy ban hanh ké hoach thyc hién nghi quyét vé phat trién khoa hoc, cong nghé, d6i méi sang tao va chuyén ddi sb qudc gia trong giai doan méi ctia dat nudc."
    assert needs_restoration(ocr * 2)
