import pytest

from plankg.loaders.docnumbers import find_numbers, kind_of, parse_number
from plankg.loaders.source import SourceText


def numbers(text: str) -> list[str]:
    return [m.number.canonical for m in find_numbers(SourceText("t", text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nghị quyết số 57-NQ/TW ngày 22/12/2024", ["57-NQ/TW"]),
        ("Nghi quyét s6 57-NQ/TW", ["57-NQ/TW"]),
        ("Nghị quyết số 57-\nNQ/TW", ["57-NQ/TW"]),
        ("Nghi quyét s6 5 7-NQ/TW", ["57-NQ/TW"]),
        ("Nghi quyet 50 57-NQ/TW", ["57-NQ/TW"]),
        ("Quyét dinh 204- -Qb/TW", ["204-QĐ/TW"]),
        ("Quyết định số 80/QD-TTg", ["80/QĐ-TTg"]),
        ("Nghị quyết số 71/NQ-CP", ["71/NQ-CP"]),
        ("Nghị quyết số 193/2025/QH15", ["193/2025/QH15"]),
        ("Nghị quyết số\n193/2025/QH15", ["193/2025/QH15"]),
        ("Nghị quyết số 70/2025/UBTVQH15", ["70/2025/UBTVQH15"]),
        ("Nghị định số 52/2024/NĐ-CP", ["52/2024/NĐ-CP"]),
        ("(sau đây gọi là Nghị quyết số 57-NQ/TĨV)", ["57-NQ/TW"]),
        ("Quyết định số 204-QĐ/TWJ Nghị quyết", ["204-QĐ/TW"]),
        ("Công văn số 01-CV/BCĐTW", ["01-CV/BCĐTW"]),
        ("Chương trình số 2163/CTr-UBND", ["2163/CTr-UBND"]),
        ("Thông tư 01/2025/TT-BT\u0421", ["01/2025/TT-BTC"]),
        ("Kế hoạch 128-KH/HU và 09-NQ/TU", ["128-KH/HU", "09-NQ/TU"]),
    ],
)
def test_recognises_numbers(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "giai đoạn 2021-2030",
        "ngày 22/12/2024",
        "phủ sóng 5G (> 60%)",
        "tăng 10%/năm",
        "tiểu mục 3.6, 3.7",
        "16 - 18%/năm",
        "số 1-2 khu công nghệ cao",
    ],
)
def test_ignores_what_is_not_a_number(text):
    assert numbers(text) == []


def test_same_number_different_issuers_are_different_documents():
    party, state = parse_number("71-NQ/TW"), parse_number("71/NQ-CP")
    assert party != state
    assert (party.issuer_code, state.issuer_code) == ("TW", "CP")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Nghị quyết số 57-NQ/TW", "resolution"),
        ("Quyết định số 204-QĐ/TW", "decision"),
        ("Quy định số 144-QĐ/TW", "regulation"),
        ("Kết luận số 69-KL/TW", "conclusion"),
        ("Chỉ thị số 45-CT/TW", "directive"),
        ("Công văn số 01-CV/BCĐTW", "official_letter"),
        ("Nghị quyết số 193/2025/QH15", "resolution"),
        ("Luật số 93/2025/QH15", "law"),
    ],
)
def test_kind_from_type_and_title_word(text, kind):
    mention = find_numbers(SourceText("t", text))[0]
    assert kind_of(mention.number, mention.title_word) == kind


def test_a_regulation_written_qdi_is_the_qd_number_of_a_regulation():
    from plankg.loaders.docnumbers import find_numbers, kind_of
    from plankg.loaders.source import SourceText

    (mention,) = find_numbers(SourceText("x", "Thực hiện Quy định số 178-QĐi/TW ngày 27/6/2024 của Bộ Chính trị"))
    assert mention.number.canonical == "178-QĐ/TW"
    assert kind_of(mention.number, mention.title_word) == "regulation"


def test_a_law_is_a_law_though_its_name_stands_between_the_word_and_the_number():
    from plankg.loaders.docnumbers import find_numbers, kind_of
    from plankg.loaders.source import SourceText

    text = (
        "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15 ngày 27/6/2025; "
        "Nghị quyết số 193/2025/QH15 của Quốc hội; các luật có liên quan, số 60/2024/QH15."
    )
    kinds = {m.number.canonical: kind_of(m.number, m.title_word) for m in find_numbers(SourceText("x", text))}
    assert kinds == {"93/2025/QH15": "law", "193/2025/QH15": "resolution", "60/2024/QH15": "resolution"}
