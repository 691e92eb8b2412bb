"""The identity rules (docs/vocabulary.md, "Identity rules"): which node a name written in a text stands for.

A table of names as plans write them, each read end to end (a small plan of the province, one
task led by the name) and checked against the node it must be; then the issuers of the plans,
documents that share a number or are cited with a mistyped date, OCR-damaged names, and the
measures on the bundled corpus and a small national corpus (bench/national.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from plankg.graph import identity
from plankg.graph.iris import slug
from plankg.graph.namespaces import ELI, ID, PK, SCHEMA, SKOS
from plankg.graph.rdf_build import build_quads
from plankg.graph.serve import serve_in_background
from plankg.graph.store import MemoryStore
from plankg.loaders.extract import extract_text
from plankg.loaders.gazetteer import load_gazetteer
from plankg.pipeline import build

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("national", HERE.parent / "bench" / "national.py")
national = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(national)

AGENCY = ID + "agency/"


def header(province: str | None, number: str = "9-KH/TU", issuer: str | None = None) -> str:
    """The first lines of a party plan of ``province`` (None: a central one)."""
    if province is None:
        return f"BAN CHẤP HÀNH TRUNG ƯƠNG\nSố {number.replace('/TU', '/TW')}       Hà Nội, ngày 01 tháng 6 năm 2025\n"
    committee = "THÀNH ỦY" if province in load_gazetteer().cities else "TỈNH ỦY"
    place = "THÀNH PHỐ HỒ CHÍ MINH" if province == "Hồ Chí Minh" else province.upper()
    return f"{issuer or committee + ' ' + place}\nSố {number}       {province}, ngày 01 tháng 6 năm 2025\n"


def plan_with_task(province: str | None, body: str) -> str:
    return (
        header(province) + "KẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
        f"I- TỔ CHỨC THỰC HIỆN\n1. {body} chủ trì xây dựng kế hoạch chuyển đổi số; hoàn thành trong năm 2025.\n"
    )


def quads_of(text: str, name: str = "plan.txt") -> list[ox.Quad]:
    return build_quads(extract_text(text, name), hashlib.sha256(text.encode()).hexdigest())


def objects(quads, predicate: str, subject: str | None = None) -> set[str]:
    return {
        q.object.value
        for q in quads
        if q.predicate.value == predicate and (subject is None or q.subject.value == subject)
    }


# (the name as a plan writes it, the province of the plan) -> its node: "<province>/<name>" for a
# body of a province, "<name>" for a national one.
CASES = [
    # a province's committee, council and party bodies are that province's, in any written form
    ("Ủy ban nhân dân tỉnh", "Bắc Ninh", "bac-ninh/uy-ban-nhan-dan-tinh"),
    ("UBND tỉnh", "Bắc Ninh", "bac-ninh/uy-ban-nhan-dan-tinh"),
    ("Ủy ban nhân dân tỉnh Bắc Ninh", "Bắc Ninh", "bac-ninh/uy-ban-nhan-dan-tinh"),
    ("Ủy ban nhân dân thành phố", "Hải Phòng", "hai-phong/uy-ban-nhan-dan-thanh-pho"),
    ("UBND thành phố", "Hải Phòng", "hai-phong/uy-ban-nhan-dan-thanh-pho"),
    ("Ủy ban nhân dân thành phố Hải Phòng", "Hải Phòng", "hai-phong/uy-ban-nhan-dan-thanh-pho"),
    ("Hội đồng nhân dân tỉnh", "Đồng Tháp", "dong-thap/hoi-dong-nhan-dan-tinh"),
    ("HĐND tỉnh", "Đồng Tháp", "dong-thap/hoi-dong-nhan-dan-tinh"),
    ("Hội đồng nhân dân thành phố", "Cần Thơ", "can-tho/hoi-dong-nhan-dan-thanh-pho"),
    ("Văn phòng Thành ủy", "Hà Nội", "ha-noi/van-phong-thanh-uy"),
    ("Ban Thường vụ Thành ủy", "Hà Nội", "ha-noi/ban-thuong-vu-thanh-uy"),
    ("Ban Thường vụ Tỉnh ủy", "Hà Nội", "ha-noi/ban-thuong-vu-thanh-uy"),  # a city's, written as a province's
    ("Văn phòng Tỉnh ủy", "Lạng Sơn", "lang-son/van-phong-tinh-uy"),
    ("Ban cán sự đảng Ủy ban nhân dân tỉnh", "Thái Nguyên", "thai-nguyen/ban-can-su-dang-uy-ban-nhan-dan-tinh"),
    ("Ban cán sự đảng UBND thành phố", "Đà Nẵng", "da-nang/ban-can-su-dang-uy-ban-nhan-dan-thanh-pho"),
    ("Công an tỉnh", "Nghệ An", "nghe-an/cong-an-tinh"),
    ("Ủy ban nhân dân các xã, phường", "Bắc Ninh", "bac-ninh/uy-ban-nhan-dan-cac-xa-phuong"),
    # short forms and usual abbreviations are the same node
    ("Sở Khoa học và Công nghệ", "Lạng Sơn", "lang-son/so-khoa-hoc-va-cong-nghe"),
    ("Sở KH&CN", "Lạng Sơn", "lang-son/so-khoa-hoc-va-cong-nghe"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Bắc Ninh", "bac-ninh/uy-ban-mat-tran-to-quoc-viet-nam-tinh"),
    ("Ủy ban MTTQ tỉnh", "Bắc Ninh", "bac-ninh/uy-ban-mat-tran-to-quoc-viet-nam-tinh"),
    ("Bộ Khoa học và Công nghệ", "Lạng Sơn", "bo-khoa-hoc-va-cong-nghe"),
    ("Bộ KH&CN", "Lạng Sơn", "bo-khoa-hoc-va-cong-nghe"),
    ("Tập đoàn Công nghiệp - Viễn thông Quân đội", "Lạng Sơn", "tap-doan-cong-nghiep-vien-thong-quan-doi"),
    ("Tập đoàn Viettel", "Cao Bằng", "tap-doan-cong-nghiep-vien-thong-quan-doi"),
    # a body named with another province is that province's; the province's other written forms
    ("Sở Khoa học và Công nghệ tỉnh Cao Bằng", "Lạng Sơn", "cao-bang/so-khoa-hoc-va-cong-nghe"),
    ("Sở Tài chính TP.HCM", "Hồ Chí Minh", "ho-chi-minh/so-tai-chinh"),
    ("Sở Tài chính TP. Hồ Chí Minh", "Hà Nội", "ho-chi-minh/so-tai-chinh"),
    ("Sở Tài chính Thành phố Hồ Chí Minh", "Cần Thơ", "ho-chi-minh/so-tai-chinh"),
    ("Thành đoàn TP.HCM", "Hồ Chí Minh", "ho-chi-minh/thanh-doan"),
    # a renamed province: Thừa Thiên Huế is the city of Huế since 2025, its old name an alias
    ("Sở Tài chính tỉnh Thừa Thiên Huế", "Lạng Sơn", "hue/so-tai-chinh"),
    ("Ủy ban nhân dân tỉnh Thừa Thiên Huế", "Lạng Sơn", "hue/uy-ban-nhan-dan-thanh-pho"),
    ("Viettel Thừa Thiên Huế", "Cao Bằng", "hue/viettel"),
    ("Sở Tài chính TP. Huế", "Hà Nội", "hue/so-tai-chinh"),
    ("Sở Khoa học và Công nghệ", "Huế", "hue/so-khoa-hoc-va-cong-nghe"),
    ("Viettel Lạng Sơn", "Cao Bằng", "lang-son/viettel"),
    ("Viettel", "Cao Bằng", "cao-bang/viettel"),
    ("VNPT Hải Phòng", "Hải Phòng", "hai-phong/vnpt"),
    ("Trường Cao đẳng Việt - Hàn Quảng Ninh", "Quảng Ninh", "quang-ninh/truong-cao-dang-viet-han"),
    # a place inside a proper name is not the body's province
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Lạng Sơn", "lang-son/tinh-doan"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Hà Nội", "ha-noi/thanh-doan"),
    ("Đoàn TNCS Hồ Chí Minh", "Quảng Ninh", "quang-ninh/tinh-doan"),
    ("Tỉnh đoàn", "Quảng Ninh", "quang-ninh/tinh-doan"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", None, "doan-thanh-nien-cong-san-ho-chi-minh"),
    ("Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Lạng Sơn", "trung-uong-doan-thanh-nien-cong-san-ho-chi-minh"),
    ("Học viện Chính trị quốc gia Hồ Chí Minh", "Cao Bằng", "hoc-vien-chinh-tri-quoc-gia-ho-chi-minh"),
    ("Đại học Thái Nguyên", "Bắc Kạn", "dai-hoc-thai-nguyen"),
    ("Đại học Thái Nguyên", "Thái Nguyên", "dai-hoc-thai-nguyen"),
    ("Trường Đại học Cần Thơ", "Cần Thơ", "truong-dai-hoc-can-tho"),
    ("Đại học Quốc gia Hà Nội", "Hà Nội", "dai-hoc-quoc-gia-ha-noi"),
    ("Đại học Quốc gia TP. Hồ Chí Minh", "Hồ Chí Minh", "dai-hoc-quoc-gia-thanh-pho-ho-chi-minh"),
    # central bodies are national wherever they are named
    ("Bộ Chính trị", "Hà Nội", "bo-chinh-tri"),
    ("Thủ tướng Chính phủ", "Hải Phòng", "thu-tuong-chinh-phu"),
]


def test_the_table_has_forty_cases_or_more():
    assert len(CASES) >= 40


@pytest.mark.parametrize("written, province, node", CASES)
def test_a_name_as_written_is_the_node_of_its_rule(written, province, node):
    quads = quads_of(plan_with_task(province, written))
    leads = objects(quads, PK + "leadAgency")
    assert leads == {AGENCY + node}
    home = node.split("/")[0] if "/" in node else None
    provinces = objects(quads, PK + "province", AGENCY + node)
    assert provinces == ({ID + "province/" + home} if home else set())


def test_short_forms_the_text_defines_are_the_same_node():
    text = (
        header("Cao Bằng") + "KẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
        "I- TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Khoa học và Công nghệ (Sở KH&CN) chủ trì xây dựng cơ sở dữ liệu; hoàn thành trong năm 2025.\n"
        "2. Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh (sau đây gọi là "
        "Ban Chỉ đạo tỉnh) chủ trì chỉ đạo; hoàn thành trong năm 2025.\n"
        "3. Sở KH&CN chủ trì, phối hợp với Ban Chỉ đạo tỉnh đánh giá kết quả; hoàn thành trong năm 2026.\n"
    )
    quads = quads_of(text)
    bodies = objects(quads, PK + "leadAgency") | objects(quads, PK + "coordinatingAgency")
    assert bodies == {
        AGENCY + "cao-bang/so-khoa-hoc-va-cong-nghe",
        AGENCY + "cao-bang/ban-chi-dao-ve-phat-trien-khoa-hoc-cong-nghe-doi-moi-sang-tao-va-chuyen-doi-so-tinh",
    }


# The plans' issuers: (the header and the opening sentence's issuer, province) -> the issuer node.
ISSUERS = [
    ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH", "Bắc Ninh", "102/KH-UBND", None, "bac-ninh/uy-ban-nhan-dan-tinh"),
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG", "Hải Phòng", "45/KH-UBND", None, "hai-phong/uy-ban-nhan-dan-thanh-pho"),
    (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH",
        "Hồ Chí Minh",
        "1234/KH-UBND",
        None,
        "ho-chi-minh/uy-ban-nhan-dan-thanh-pho",
    ),
    ("HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐỒNG THÁP", "Đồng Tháp", "12/2025/NQ-HĐND", None, "dong-thap/hoi-dong-nhan-dan-tinh"),
    ("THÀNH ỦY HÀ NỘI", "Hà Nội", "15-KH/TU", "Ban Thường vụ Thành ủy", "ha-noi/ban-thuong-vu-thanh-uy"),
    ("TỈNH ỦY CAO BẰNG", "Cao Bằng", "16-KH/TU", "Ban Thường vụ Tỉnh ủy", "cao-bang/ban-thuong-vu-tinh-uy"),
]


@pytest.mark.parametrize("head, province, number, opening, node", ISSUERS)
def test_a_plan_is_issued_by_its_provinces_body_never_by_a_national_one(head, province, number, opening, node):
    text = (
        f"{head}\nSố: {number}       {province}, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
        "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
        + (f"Thực hiện Nghị quyết số 57-NQ/TW, {opening} ban hành Kế hoạch như sau:\n\n" if opening else "")
        + "I. MỤC ĐÍCH, YÊU CẦU\n1. Triển khai đầy đủ các nhiệm vụ.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì bố trí kinh phí; hoàn thành trong năm 2025.\n"
    )
    quads = quads_of(text)
    own = next(q.subject.value for q in quads if q.predicate.value == ELI + "id_local" and q.object.value == number)
    assert objects(quads, ELI + "passed_by", own) == {AGENCY + node}
    assert objects(quads, PK + "province", AGENCY + node) == {ID + "province/" + slug(province)}


HUE_PLAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ\nSố: 102/KH-UBND       Thừa Thiên Huế, ngày 05 tháng 3 năm 2025\n\n"
    "KẾ HOẠCH\nTriển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Triển khai đầy đủ các nhiệm vụ.\n\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì bố trí kinh phí; hoàn thành trong năm 2025.\n"
)


def test_thua_thien_hue_is_an_alias_of_hue_not_a_province_of_its_own():
    gazetteer = load_gazetteer()
    assert "Huế" in gazetteer.provinces and "Thừa Thiên Huế" not in gazetteer.provinces
    assert gazetteer.province_in("Thừa Thiên Huế, ngày 05 tháng 3") == "Huế"
    assert gazetteer.province_at_end("Sở Tài chính tỉnh Thừa Thiên Huế") == "Huế"


def test_a_plan_of_thua_thien_hue_is_hues_and_the_province_names_its_former_iri():
    quads = quads_of(HUE_PLAN)
    own = next(
        q.subject.value for q in quads if q.predicate.value == ELI + "id_local" and q.object.value == "102/KH-UBND"
    )
    hue, former = ID + "province/hue", ID + "province/thua-thien-hue"
    assert objects(quads, PK + "province", own) == {hue}
    assert objects(quads, ELI + "passed_by", own) == {AGENCY + "hue/uy-ban-nhan-dan-thanh-pho"}
    assert objects(quads, SCHEMA + "sameAs", hue) == {former}
    assert not [q for q in quads if q.subject.value == former]  # one node: the old IRI describes nothing itself
    assert not [q for q in quads if "thua-thien-hue" in q.subject.value]


def test_the_former_iri_of_hue_is_answered_with_the_provinces_own(tmp_path):
    (tmp_path / "hue.txt").write_text(HUE_PLAN, encoding="utf-8")
    store = MemoryStore()
    build([tmp_path / "hue.txt"], store, None)
    server, url = serve_in_background(store, timeout=2.0)
    try:
        request = urllib.request.Request(url + "/id/province/thua-thien-hue", headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=30) as response:  # urllib follows the 303
            assert response.url.endswith("/id/province/hue")
            assert "Huế".encode() in response.read()
        with pytest.raises(urllib.error.HTTPError) as unknown:
            urllib.request.urlopen(url + "/id/province/khong-co", timeout=30)
        assert unknown.value.code == 404
    finally:
        server.shutdown()


def test_a_committee_plan_that_names_no_province_has_no_national_committee_as_issuer():
    text = (
        "ỦY BAN NHÂN DÂN\nSố: 45/KH-UBND       ngày 20 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Triển khai đầy đủ các nhiệm vụ.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì bố trí kinh phí; hoàn thành trong năm 2025.\n"
    )
    quads = quads_of(text)
    own = next(
        q.subject.value for q in quads if q.predicate.value == ELI + "id_local" and q.object.value == "45/KH-UBND"
    )
    assert not objects(quads, ELI + "passed_by", own)
    assert AGENCY + "uy-ban-nhan-dan" not in {q.subject.value for q in quads}


# -- documents: number + issuer + date ------------------------------------------------------------

BCD = (
    "ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO TRUNG ƯƠNG\nSố 01-KH/BCĐTW                 Hà Nội, ngày {date}\n\n"
    "KẾ HOẠCH\n{title} Nghị quyết số 57-NQ/TW ngày {cited} của Bộ Chính trị\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt đầy đủ Nghị quyết.\n\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. {body} chủ trì {task}; hoàn thành trong năm 2025.\n"
)


@pytest.fixture(scope="module")
def two_plans_numbered_alike(tmp_path_factory):
    """The two plans numbered 01-KH/BCĐTW (21/3/2025 and 2/6/2025); the second cites 57-NQ/TW
    with the year mistyped (22/12/2025), on its line 6."""
    folder = tmp_path_factory.mktemp("bcd")
    (folder / "bcdtw-01-march.txt").write_text(
        BCD.format(
            date="21 tháng 3 năm 2025",
            title="triển khai",
            cited="22/12/2024",
            body="Bộ Khoa học và Công nghệ",
            task="xây dựng cơ sở dữ liệu quốc gia",
        ),
        encoding="utf-8",
    )
    (folder / "bcdtw-01-june.txt").write_text(
        BCD.format(
            date="02 tháng 6 năm 2025",
            title="kiểm tra việc thực hiện",
            cited="22/12/2025",
            body="Ủy ban Kiểm tra Trung ương",
            task="kiểm tra các tỉnh ủy",
        ),
        encoding="utf-8",
    )
    store = MemoryStore()
    summary = build(sorted(folder.iterdir()), store, None)
    return store, summary


def dated(store, number: str) -> dict[str, str]:
    return {
        row["d"].value: row["date"].value
        for row in store.query(
            f'SELECT ?d ?date WHERE {{ ?d <{ELI}id_local> "{number}" ; <{ELI}date_document> ?date }}'
        )
    }


def test_two_plans_sharing_a_number_are_two_nodes_and_both_texts_are_stored(two_plans_numbered_alike):
    store, summary = two_plans_numbered_alike
    assert not summary.left_out and summary.sources == 2
    plans = dated(store, "01-KH/BCĐTW")
    assert sorted(plans.values()) == ["2025-03-21", "2025-06-02"]
    assert plans[ID + "doc/bcdtw/kh/2025/01"] == "2025-03-21"  # the first of the year keeps the plain IRI
    tasks = {
        row["t"].value
        for row in store.query(
            f"SELECT ?t WHERE {{ ?task <{PK}assignedBy> ?plan ; <https://schema.org/description> ?t }}"
        )
    }
    assert any("cơ sở dữ liệu" in t for t in tasks) and any("kiểm tra các tỉnh ủy" in t for t in tasks)


def test_a_mistyped_year_is_the_known_document_with_a_warning_naming_text_and_line(two_plans_numbered_alike):
    store, summary = two_plans_numbered_alike
    assert dated(store, "57-NQ/TW") == {ID + "doc/tw/nq/2024/57": "2024-12-22"}
    warning = next(w for w in summary.warnings if "57-NQ/TW" in w)
    assert "bcdtw-01-june.txt line 6" in warning and "2025-12-22" in warning and "2024-12-22" in warning


@pytest.mark.parametrize(
    "cited, known, slip",
    [
        ("2025-12-22", "2024-12-22", True),  # the year one off
        ("2025-02-06", "2025-06-02", True),  # day and month swapped
        ("2024-12-23", "2024-12-22", True),  # one digit of the day
        ("2025-06-02", "2025-03-21", False),  # another document of the same number
        ("2022-12-22", "2024-12-22", False),  # another term's document
    ],
)
def test_what_counts_as_a_slip_of_the_pen(cited, known, slip):
    assert bool(identity.slip_of_the_pen(cited, known)) is slip


def test_the_documents_own_text_decides_its_date_over_the_citations():
    claims = [identity.DateClaim(ID + "doc/tw/nq/2025/57", "2025-12-22", f"g{k}") for k in range(3)]
    claims.append(identity.DateClaim(ID + "doc/tw/nq/2024/57", "2024-12-22", "own", own=True))
    resolution = identity.resolve_dates(claims)
    assert {g: r for g, r in resolution.renames.items()} == {
        f"g{k}": {ID + "doc/tw/nq/2025/57": ID + "doc/tw/nq/2024/57"} for k in range(3)
    }


def test_a_stored_document_keeps_its_iri_when_an_earlier_one_of_its_number_arrives():
    stored = identity.DateClaim(ID + "doc/bcdtw/kh/2025/01", "2025-06-02", "old", own=True, stored=True)
    new = identity.DateClaim(ID + "doc/bcdtw/kh/2025/01", "2025-03-21", "new", own=True)
    assert identity.resolve_dates([stored, new]).renames == {
        "new": {ID + "doc/bcdtw/kh/2025/01": ID + "doc/bcdtw/kh/2025/03/21/01"}
    }


def test_a_local_document_cited_without_its_province_is_the_one_known():
    base = ID + "doc/"
    known = {
        base + "tu-hai-phong/kh/2025/309",
        base + "tu/kh/2025/309",
        base + "tu/ctr/2025/43",
        base + "tu-ha-noi/ctr/2025/43",
        base + "tu-hue/ctr/2025/43",
    }
    assert identity.unplaced_resolutions(known) == {base + "tu/kh/2025/309": base + "tu-hai-phong/kh/2025/309"}


def test_a_news_article_that_does_not_name_its_province_cites_the_provinces_plan(built_memory_store, tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(
        "ĐẨY MẠNH CHUYỂN ĐỔI SỐ TRONG CƠ QUAN ĐẢNG\n\nThực hiện Kế hoạch số 538-KH/TU ngày 19/5/2025 của "
        "Ban Thường vụ Tỉnh ủy, các cơ quan đã số hóa phần lớn hồ sơ lưu trữ.\n",
        encoding="utf-8",
    )
    store = MemoryStore()
    store.write(lambda working: working.extend(built_memory_store.reader()))
    build([article], store, None, reasoner=None)
    found = {
        (row["d"].value, row["by"].value)
        for row in store.query(f'SELECT ?d ?by WHERE {{ ?d <{ELI}id_local> "538-KH/TU" ; <{ELI}passed_by> ?by }}')
    }
    assert found == {(ID + "doc/tu-quang-ninh/kh/2025/538", AGENCY + "quang-ninh/ban-thuong-vu-tinh-uy")}


# -- OCR-damaged names -------------------------------------------------------------------------

DAMAGED = (
    "TINH UY QUANG NINH\nSo 7-KH/TU            Quang Ninh, ngay 01 thang 6 nam 2025\nKE HOACH\n"
    "thuc hien Nghi quyet so 57-NQ/TW ngay 22/12/2024 cua B§ Chinh tri\n\n"
    "I- TO CHUC THUC HIEN\n1. Cong ty TNHH MTV X4 chu tri trien khai nen tang so; hoan thanh trong nam 2025.\n"
    "2. Van phong Tinh ty chu tri theo doi; hoan thanh trong nam 2025.\n"
)


def test_an_ocr_damaged_name_outside_the_gazetteer_gets_an_opaque_iri_the_same_in_every_text():
    first, second = quads_of(DAMAGED, "a.txt"), quads_of(DAMAGED.replace("So 7-KH", "So 8-KH"), "b.txt")
    opaque = {iri for iri in objects(first, PK + "leadAgency") if "/x-" in iri}
    assert len(opaque) == 1 and opaque <= objects(second, PK + "leadAgency")
    iri = opaque.pop()
    assert iri.startswith(AGENCY + "x-") and "cong-ty" not in iri  # a company: no province's body
    assert objects(first, SKOS + "prefLabel", iri)  # its text as a label
    assert AGENCY + "quang-ninh/van-phong-tinh-uy" in objects(first, PK + "leadAgency")  # a known name keeps its IRI


def test_ocr_damaged_written_forms_are_ocr_forms_not_labels(built_memory_store):
    forms = {
        row["form"]
        for row in built_memory_store.query(f"SELECT ?form WHERE {{ <{AGENCY}bo-chinh-tri> <{PK}ocrForm> ?form }}")
    }
    assert ox.Literal("B§ Chinh tri") in forms  # a plain string, no language tag
    labels = {
        row["l"].value
        for row in built_memory_store.query(
            f"SELECT ?l WHERE {{ ?a a <{PK}Agency> ; <{SKOS}altLabel>|<{SKOS}prefLabel> ?l }}"
        )
    }
    assert "B§ Chinh tri" not in labels and "Ban Thuong vy Tinh uy" not in labels
    assert {"BCT", "BTV Tỉnh ủy", "MTTQ tỉnh"} <= labels  # abbreviations stay names


# -- the measures ----------------------------------------------------------------------------------


def issuers_by_province(store) -> dict[tuple[str, str], set[str]]:
    """(the plan's province, the issuer's name) -> the issuer nodes."""
    found: dict[tuple[str, str], set[str]] = {}
    for row in store.query(
        f"SELECT ?province ?issuer ?label ?home WHERE {{ ?doc <{PK}province> ?province ; <{ELI}passed_by> ?issuer . "
        f"?issuer <{SKOS}prefLabel> ?label OPTIONAL {{ ?issuer <{PK}province> ?home }} }}"
    ):
        found.setdefault((row["province"].value, row["label"].value), set()).add(row["issuer"].value)
        assert row["home"] is not None and row["home"] == row["province"], (row["issuer"], row["province"])
    return found


def bodies_of_other_provinces(store) -> set[tuple[str, str]]:
    """(plan, body) for every body of a plan's task whose province is not the plan's."""
    return {
        (row["plan"].value, row["body"].value)
        for row in store.query(
            f"SELECT ?plan ?body WHERE {{ ?task <{PK}assignedBy> ?plan ; <{PK}leadAgency>|<{PK}coordinatingAgency> ?body . "
            f"?plan <{PK}province> ?p . ?body <{PK}province> ?q FILTER(?p != ?q) }}"
        )
    }


def test_bundled_corpus_one_issuer_node_per_province_and_body_and_no_body_of_another_province(built_memory_store):
    issuers = issuers_by_province(built_memory_store)
    assert issuers and all(len(nodes) == 1 for nodes in issuers.values())
    assert not bodies_of_other_provinces(built_memory_store)
    assert not built_memory_store.query(f"ASK {{ ?a <{PK}province> <{ID}province/ho-chi-minh> }}")  # no text of it


def test_iris_of_good_names_are_what_they_were(built_memory_store):
    subjects = {q.subject.value for q in built_memory_store.reader()}
    assert {
        AGENCY + path
        for path in (
            "quang-ninh/van-phong-tinh-uy",
            "lang-son/ban-thuong-vu-tinh-uy",
            "thai-nguyen/uy-ban-nhan-dan-tinh",
            "quang-ninh/viettel",
            "quang-ninh/truong-cao-dang-viet-han",
            "quang-ninh/ban-chap-hanh-dang-bo-tinh",
            "truong-dai-hoc-ha-long",
            "bo-chinh-tri",
            "lang-son/phong-chuyen-doi-so-co-yeu",
        )
    } <= subjects
    assert {
        ID + "doc/" + path
        for path in (
            "tw/nq/2024/57",
            "tu-quang-ninh/kh/2025/538",
            "tu-lang-son/kh/2025/238",
            "tu-thai-nguyen/ctr/2025/62",
            "cp/nq/2025/71",
        )
    } <= subjects


@pytest.fixture(scope="module")
def small_national(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    paths = national.national_corpus(folder, 5)
    store = MemoryStore()
    build(paths, store, None)
    return store, paths


def test_national_corpus_one_issuer_node_per_province_and_body(small_national):
    store, _paths = small_national
    issuers = issuers_by_province(store)
    assert len({province for province, _label in issuers}) >= 3
    assert all(len(nodes) == 1 for nodes in issuers.values())
    assert not bodies_of_other_provinces(store)
    assert len(dated(store, "57-NQ/TW")) == 1


def test_national_corpus_youth_unions_are_their_provinces(small_national):
    store, _paths = small_national
    homes = {
        row["home"].value
        for row in store.query(
            f"SELECT DISTINCT ?home WHERE {{ ?body <{PK}role> ?role ; <{PK}province> ?home . "
            f"?role <{SKOS}prefLabel> 'Tỉnh đoàn'@vi }}"
        )
    }
    plan_provinces = {row["p"].value for row in store.query(f"SELECT DISTINCT ?p WHERE {{ ?d <{PK}province> ?p }}")}
    assert len(homes) >= 2 and homes <= plan_provinces  # each plan's own, not Hồ Chí Minh City's for all
