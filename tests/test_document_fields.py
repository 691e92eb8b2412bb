"""A document's own fields as real pages give them.

Two kinds of evidence: the 34 texts of ``doc_fields/`` (written from the families of real
legal-database pages, news sites and documents, with their fields set down by hand, not by
this extractor), scored as a whole against the measures of the fields; and a table of short
texts, one row a family, each with the fields it must give.
"""

from __future__ import annotations

import pytest

from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from tests.doc_fields_score import score

# field -> the share of the 34 documents it must be right for (today's figures less a little)
FLOORS = {"kind": 0.92, "number": 0.95, "date": 0.95, "issuer": 0.92, "province": 0.97, "title": 0.91}


@pytest.fixture(scope="module")
def doc_fields_scores():
    return score()


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_each_field_is_right_for_nearly_every_written_page(doc_fields_scores, field):
    misses = [m for m in doc_fields_scores.misses if m.split(" ")[1].rstrip(":") == field]
    assert doc_fields_scores.share(field) >= FLOORS[field], misses


def test_what_a_document_implements_and_cites_is_read_from_every_family(doc_fields_scores):
    precision, recall, _ = doc_fields_scores.implements_prf
    assert precision >= 0.95 and recall >= 0.95, [m for m in doc_fields_scores.misses if "implements" in m]
    assert doc_fields_scores.references_prf[2] >= 0.95, [m for m in doc_fields_scores.misses if "references" in m]


def test_no_document_cites_its_own_number(doc_fields_scores):
    assert doc_fields_scores.own_number_cited == []


def _doc(text: str) -> dict:
    return report_dict(extract_text(text, "t.txt"))


HEADER = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
"""

# (family, text, expected fields of the document; "references" lists every number cited)
CASES = [
    (
        "page furniture and a metadata box before the header",
        "Trang chủ | Văn bản | Tìm kiếm\nBáo lỗi   Ghi chú   Tải về\n"
        "Kế hoạch 245/KH-UBND năm 2025 triển khai Nghị quyết 57-NQ/TW tỉnh Gia Lai\n"
        "Số hiệu: 245/KH-UBND   Loại văn bản: Kế hoạch\nNơi ban hành: Tỉnh Gia Lai   Ngày ban hành: 14/03/2025\n\n"
        + HEADER
        + "Số: 245/KH-UBND\nGia Lai, ngày 14 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
        "TRIỂN KHAI NGHỊ QUYẾT SỐ 57-NQ/TW CỦA BỘ CHÍNH TRỊ TRÊN ĐỊA BÀN TỈNH GIA LAI\n\n"
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
        "I. MỤC ĐÍCH\n1. Quán triệt Nghị quyết.\n",
        {
            "kind": "plan",
            "number": "245/KH-UBND",
            "date": "2025-03-14",
            "issuer": "Ủy ban nhân dân tỉnh Gia Lai",
            "province": "Gia Lai",
            "implements": ["57-NQ/TW"],
            "references": ["57-NQ/TW"],
            "title": "Kế hoạch triển khai Nghị quyết số 57-NQ/TW của Bộ Chính trị trên địa bàn tỉnh Gia Lai",
        },
    ),
    (
        "a metadata box supplies what a cut header lost",
        (
            "Số hiệu: 77/KH-UBND\nLoại văn bản: Kế hoạch\nNgày ban hành: 02/04/2025\n\n"
            "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân tỉnh Gia Lai ban hành "
            "Kế hoạch như sau:\nI. MỤC ĐÍCH\n1. Quán triệt Nghị quyết.\n"
        ),
        {"number": "77/KH-UBND", "date": "2025-04-02", "references": ["57-NQ/TW"]},
    ),
    (
        "header cells split by table residue; the place-and-date cell wrapped",
        (
            "ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n|\nSố:\n1539/QĐ-UBND\n|\n"
            "Tuyên Quang, ngày\n11 tháng 12 năm 2025\n|\n\nQUYẾT ĐỊNH\nBan hành Kế hoạch chuyển đổi số năm 2026\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG\n\nCăn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\n"
            "Theo đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 164/TTr-SKHCN ngày 02/12/2025.\n"
        ),
        {
            "kind": "decision",
            "number": "1539/QĐ-UBND",
            "date": "2025-12-11",
            "province": "Tuyên Quang",
            "issuer": "Ủy ban nhân dân tỉnh Tuyên Quang",
            "title": "Quyết định ban hành Kế hoạch chuyển đổi số năm 2026",
            "implements": [],
            "references": ["57-NQ/TW", "164/TTr-SKHCN"],
        },
    ),
    (
        "'Nghị quyết số:' on one line, the number on the next; a city's council",
        (
            "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Nghị quyết số:\n45/2025/NQ-HĐND\nHải Phòng, ngày 20 tháng 8 năm 2025\n\nNGHỊ QUYẾT\n"
            "QUY ĐỊNH CHÍNH SÁCH HỖ TRỢ CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN THÀNH PHỐ HẢI PHÒNG\n"
            "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nKHÓA XVI, KỲ HỌP THỨ 28\n\n"
            "Căn cứ Nghị quyết số 193/2025/QH15 ngày 19 tháng 02 năm 2025 của Quốc hội;\n"
        ),
        {
            "kind": "resolution",
            "number": "45/2025/NQ-HĐND",
            "date": "2025-08-20",
            "province": "Hải Phòng",
            "issuer": "Hội đồng nhân dân thành phố Hải Phòng",
            "references": ["193/2025/QH15"],
            "title": "Nghị quyết quy định chính sách hỗ trợ chuyển đổi số trên địa bàn thành phố Hải Phòng",
        },
    ),
    (
        "a heading without its type word; an official letter and the Steering Committee's plan cited",
        (
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 88/KH-UBND\nCần Thơ, ngày 05 tháng 01 năm 2026\n\nCHUYỂN ĐỔI SỐ THÀNH PHỐ CẦN THƠ NĂM 2026\n\n"
            "Thực hiện Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương; Công văn số 5511/BKHCN-CĐSQG "
            "ngày 30/10/2025 của Bộ Khoa học và Công nghệ, Ủy ban nhân dân thành phố ban hành Kế hoạch như sau:\n"
            "I. MỤC TIÊU\n"
        ),
        {
            "kind": "plan",
            "number": "88/KH-UBND",
            "issuer": "Ủy ban nhân dân thành phố Cần Thơ",
            "province": "Cần Thơ",
            "title": "Kế hoạch chuyển đổi số thành phố Cần Thơ năm 2026",
            "implements": ["02-KH/BCĐTW", "5511/BKHCN-CĐSQG"],
            "references": ["02-KH/BCĐTW", "5511/BKHCN-CĐSQG"],
        },
    ),
    (
        "a title in capitals stops at the enacting authority",
        (
            "THỦ TƯỚNG CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 766/QĐ-TTg\nHà Nội, ngày 23 tháng 6 năm 2025\n\nQUYẾT ĐỊNH\nPHÊ DUYỆT DANH MỤC CÔNG NGHỆ CHIẾN LƯỢC\n"
            "THỦ TƯỚNG CHÍNH PHỦ\n\nCăn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị;\n"
        ),
        {
            "kind": "decision",
            "number": "766/QĐ-TTg",
            "issuer": "Thủ tướng Chính phủ",
            "province": None,
            "title": "Quyết định phê duyệt danh mục công nghệ chiến lược",
            "references": ["57-NQ/TW"],
        },
    ),
    (
        "the Party's name beside a central committee's header",
        (
            "ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO TRUNG ƯƠNG VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ,\n"
            "ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ\n*\nSố 01-KH/BCĐTW\nHà Nội, ngày 21 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
            "triển khai nhiệm vụ năm 2025\n-----\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, "
            "Ban Chỉ đạo Trung ương ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n"
        ),
        {
            "kind": "plan",
            "number": "01-KH/BCĐTW",
            "date": "2025-03-21",
            "province": None,
            "issuer": "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "implements": ["57-NQ/TW"],
        },
    ),
    (
        "every item of 'Thực hiện A; B; C', a cited document's own 'ban hành' not ending it",
        HEADER + "Số: 12/KH-UBND\nGia Lai, ngày 02 tháng 4 năm 2025\n\nKẾ HOẠCH\nCHUYỂN ĐỔI SỐ NĂM 2025\n\n"
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số 03/NQ-CP ngày 09/01/2025 "
        "của Chính phủ ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW; "
        "Chương trình hành động số 35-CTr/TU ngày 10/02/2025 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh "
        "ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n",
        {"implements": ["57-NQ/TW", "03/NQ-CP", "35-CTr/TU"]},
    ),
    (
        "a document named only as what another implements is that one's",
        HEADER + "Số: 13/KH-UBND\nGia Lai, ngày 02 tháng 4 năm 2025\n\nKẾ HOẠCH\nCHUYỂN ĐỔI SỐ NĂM 2025\n\n"
        "Thực hiện Kế hoạch số 25-KH/TU ngày 02/3/2025 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW "
        "ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n",
        {"implements": ["25-KH/TU"], "references": ["25-KH/TU", "57-NQ/TW"]},
    ),
    (
        "a portal reposting a programme under its headline: the opening says it was issued and its content follows",
        (
            "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG\nTrang chủ | Tin tức | Văn bản chỉ đạo điều hành\n"
            "Chương trình hành động của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW\n"
            "Thứ Sáu, 07/03/2025 - 15:30 | Lượt xem: 845\n"
            "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy Lâm Đồng đã ban hành "
            "Chương trình hành động số 72-CTr/TU ngày 03/3/2025, nội dung như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n"
            "1. Quán triệt Nghị quyết.\n"
        ),
        {
            "kind": "program",
            "number": "72-CTr/TU",
            "date": "2025-03-03",
            "province": "Lâm Đồng",
            "issuer": "Ban Thường vụ Tỉnh ủy Lâm Đồng",
            "implements": ["57-NQ/TW"],
            "references": ["57-NQ/TW"],
            "title": "Chương trình hành động của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW",
        },
    ),
    (
        "a news page: date line under its headline, a date opening a sentence belongs to the number after it",
        (
            "Thời sự | Chính trị | Khoa học - Công nghệ\nChuyển đổi số\n"
            "Bắc Ninh đẩy mạnh triển khai Nghị quyết 57 về khoa học, công nghệ\nPV - 03/04/2025 17:35\n"
            "Ngày 19 tháng 6 năm 2025, Ban Chỉ đạo Trung ương ban hành Kế hoạch số 02-KH/BCĐTW. Tỉnh Bắc Ninh đã ban "
            "hành Kế hoạch số 120-KH/TU để thực hiện.\nTin liên quan\nBắc Ninh ban hành Kế hoạch 99/KH-UBND\n"
        ),
        {
            "kind": "article",
            "number": None,
            "date": "2025-04-03",
            "issuer": None,
            "province": "Bắc Ninh",
            "title": "Bắc Ninh đẩy mạnh triển khai Nghị quyết 57 về khoa học, công nghệ",
            "references": ["02-KH/BCĐTW", "120-KH/TU"],
            "reference dates": {"02-KH/BCĐTW": "2025-06-19"},
        },
    ),
    (
        "a number cited at a line's start is no header's number",
        (
            "Theo dõi việc thực hiện các nhiệm vụ được giao tại Kế hoạch\nsố 890/KH-UBND ngày 02/3/2025 của tỉnh.\n"
            "Sở Khoa học và Công nghệ chủ trì tổng hợp.\n"
        ),
        {"number": None, "references": ["890/KH-UBND"]},
    ),
    (
        "a state document's number written as a party one ('71-NQ/CP') is the state document",
        HEADER + "Số: 14/KH-UBND\nGia Lai, ngày 02 tháng 4 năm 2025\n\nKẾ HOẠCH\nCHUYỂN ĐỔI SỐ NĂM 2025\n\n"
        "Thực hiện Nghị quyết số 71-NQ/CP ngày 01/4/2025 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n",
        {"implements": ["71/NQ-CP"], "references": ["71/NQ-CP"]},
    ),
    (
        "'…/TƯ' is the Central Committee's where the text names that number with TW, else the province's",
        (
            "TỈNH ỦY GIA LAI ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 40-KH/TU Gia Lai, ngày 02 tháng 4 năm 2025\n\nKẾ HOẠCH\n"
            "thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị\n-----\nThực hiện Nghị quyết số 57-NQ/TƯ, Ban Thường vụ "
            "Tỉnh ủy ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n1. Gắn với Kế hoạch số 435-KH/TƯ của Tỉnh ủy.\n"
        ),
        {"issuer": "Ban Thường vụ Tỉnh ủy Gia Lai", "references": ["57-NQ/TW", "435-KH/TU"]},
    ),
]


@pytest.mark.parametrize("family,text,expected", CASES, ids=[c[0] for c in CASES])
def test_a_documents_own_fields_in_each_family(family, text, expected):
    report = _doc(text)
    doc = report["document"]
    cited = {r["number"]: r for r in report["references"]}
    for field, value in expected.items():
        if field == "references":
            assert sorted(cited) == sorted(value), (field, sorted(cited))
        elif field == "reference dates":
            assert {n: cited[n]["date"] for n in value} == value
        elif field == "implements":
            assert doc["implements"] == value, (field, doc["implements"])
        else:
            assert doc[field] == value, (field, doc[field])
