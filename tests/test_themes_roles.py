"""Theme mapping of indicators and role linking of bodies, against a hand-checked table.

The names are as the bundled and dev texts write them (OCR damage included); the expected theme
or role is what a reader of 57-NQ/TW would say, decided by hand, not by running the matcher.
"""

from __future__ import annotations

import pytest

from plankg.loaders.roles import role_of, successor_of
from plankg.loaders.themes import theme_of, themes

HAND_CHECKED_THEMES = [
    ("Quy mô kinh tế số so với GRDP", "digital-economy-share"),
    ("Quy mẽ kinh tế số so với GRDP", "digital-economy-share"),
    ("Tỷ trọng kinh tế số trong GRDP", "digital-economy-share"),
    ("Quy mô kinh tế số so với GDP", "digital-economy-share"),
    ("Đây mạnh ứng dụng thương mại điện tử. Quy mô kinh tế sổ chiếm tỉ trọng trong GRDP", "digital-economy-share"),
    ("Kinh phí chi cho nghiên cứu phát triển (R&D) so với GRDP", "rd-spending-share"),
    ("Kinh phí chi cho nghiên cứu và phát triển (R&D) so với GDP", "rd-spending-share"),
    ("Tỷ lệ kinh phí tư x& hội", "social-rd-funding"),
    (
        "Tỷ lệ chi ngân sách tỉnh hằng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "sti-budget-share",
    ),
    ("Chi ngân sách hằng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số", "sti-budget-share"),
    ("Tỷ lệ ngân sách nhà nước chi sự nghiệp khoa học và công nghệ cho nghiên cứu", "research-budget-share"),
    ("Nguồn nhân lực nghiên cứu khoa học, _phát triển công ngh8, đổi mới sáng tạo", "rd-workforce"),
    ("Số nhân lực nghiên cứu và phát triển trên một vạn dân", "rd-workforce"),
    ("Số doanh nghiệp khoa học và công nghệ trên địa bàn", "sti-enterprises"),
    ("Số doanh nghiệp khởi nghiệp sáng tạo", "startups"),
    ("Tỉ 1& doanh nghiệp có hoạt động đổi mới sáng tạo trong tổng số doanh nghiệp", "innovative-enterprises"),
    ("Tỷ lệ phủ sóng 5G trên địa bàn (dân số)", "5g-coverage"),
    ("Phủ sóng 5G", "5g-coverage"),
    ("Tỷ lệ hộ gia đình sử dụng Internet băng rộng cáp quang", "broadband"),
    ("Tỉ lệ giao dịch không dùng tiền mặt", "cashless-payments"),
    ("Tỷ lệ dân số trưởng thành có tài khoản thanh toán điện tử", "cashless-payments"),
    ("Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp", "online-public-services"),
    ("Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", "online-public-services"),
    ("Tỷ lệ cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số cơ bản", "digital-skills"),
    ("Tỷ lệ người dân trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân", "digital-identity"),
    ("SỐ lượng công bộ khoa học quốc tế", "publications"),
    ("Số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế", "patents"),
    ("Tỷ lệ khai thác thương mại", "commercialisation"),
    ("Tỉ trọng xuất khẩu sản phẩm cbéng nghệ cao trên tổng giá trị hàng hoá xuất khẩu", "high-tech-exports"),
    ("Đóng góp của năng suất nhân tố tổng họp (TFP) vào tăng trưởng kinh tế của tỉnh", "tfp"),
    ("Chỉ số chuyển đổi số cấp tỉnh (DTI)", "digital-transformation-index"),
    ("Chỉ số đổi mới sáng tạo cấp địa phương (PII)", "innovation-index"),
    ("Xếp hạng của tỉnh về đổi mới sáng tạo, chuyển đổi số", "innovation-index"),
    ("Xếp hạng của tỉnh về bảo đảm an toàn, an ninh mạng", "cybersecurity"),
    ("Tỷ lệ dữ liệu mở theo kế hoạch đã ban hành", "data"),
    ("Tỷ lệ văn bản điện tử trao đổi giữa các cơ quan đảng (trừ văn bản mật)", "paperless-government"),
    ("Chỉ số phát triển con người (HDI)", "hdi"),
    ("Tỷ lệ trường phổ thông triển khai giáo dục STEM", "stem"),
    ("Xây dựng các đô thị thông minh trực thuộc tỉnh", "smart-cities"),
    ("Số chuyên gia, nhà khoa học được thu hút về làm việc tại tỉnh (lũy kế)", "experts"),
    ("Dịch vụ y tế, giáo dục, an sinh xã hội đạt chuẩn tiên tiến, người dân hưởng thụ môi trường sống hiện đại", None),
    ("Có trung tâm đôi mới sáng tạo trọng điểm ở tỉnh, thu hút doanh nghiệp đầu tư", None),
    ("Cán bộ có trình độ, năng lực về khoa học, công nghệ trong cấp ủy các cấp", None),
]


def _short(theme) -> str | None:
    return theme.iri.split("theme-", 1)[1] if theme else None


def test_theme_mapping_precision_and_recall_on_the_hand_checked_table():
    got = [(_short(theme_of(name)), expected) for name, expected in HAND_CHECKED_THEMES]
    mapped = [(g, e) for g, e in got if g is not None]
    precision = sum(g == e for g, e in mapped) / len(mapped)
    recall = sum(g == e for g, e in got if e is not None) / sum(e is not None for _, e in got)
    assert precision >= 0.95 and recall >= 0.95, [
        (n, g, e) for (n, e), (g, _) in zip(HAND_CHECKED_THEMES, got) if g != e
    ]


def test_every_theme_has_both_labels_and_a_rule():
    assert len(themes()) >= 25
    assert all(t.label_vi and t.label_en and t.rules for t in themes())


@pytest.mark.parametrize(
    "name, province, role",
    [
        ("Văn phòng Tỉnh ủy", "Quảng Ninh", "Văn phòng Tỉnh ủy"),
        ("Sở Khoa học và Công nghệ", "Lạng Sơn", "Sở Khoa học và Công nghệ"),
        ("Sở Tài chính tỉnh Lạng Sơn", "Lạng Sơn", "Sở Tài chính"),
        ("Viettel Quảng Ninh", "Quảng Ninh", "Viettel"),
        ("VNPT Lạng Sơn", "Quảng Ninh", "VNPT"),
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Thái Nguyên", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("Bộ Khoa học và Công nghệ", None, None),  # a central body is national: no provincial role
    ],
)
def test_a_provincial_body_has_its_national_role(name, province, role):
    level = (
        "central" if name.startswith("Bộ") else ("enterprise" if name.startswith(("Viettel", "VNPT")) else "province")
    )
    assert role_of(name, province, level) == role


def test_the_2025_mergers_are_successor_roles():
    assert successor_of("Ban Tuyên giáo Tỉnh ủy") == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert successor_of("Sở Thông tin và Truyền thông") == "Sở Khoa học và Công nghệ"
    assert successor_of("Sở Khoa học và Công nghệ") is None


HA_GIANG_PLAN = """TỈNH ỦY HÀ GIANG
*
Số 12-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Giang, ngày 10 tháng 3 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

I- MỤC TIÊU
1. Mục tiêu đến năm 2030
- Tỷ trọng kinh tế số trong GRDP đạt tối thiểu 30%.
II- TỔ CHỨC THỰC HIỆN
1. Văn phòng Tỉnh ủy chủ trì, phối hợp với Sở Khoa học và Công nghệ tham mưu xây dựng đề án chuyển đổi số.
2. Đề nghị Bộ Khoa học và Công nghệ hướng dẫn các chỉ tiêu.
"""

NO_PROVINCE_PLAN = """KẾ HOẠCH
Triển khai chuyển đổi số năm 2025

I. MỤC TIÊU
- Phát triển khoa học.
II. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính chủ trì bố trí kinh phí.
2. Văn phòng Tỉnh ủy theo dõi, đôn đốc.
"""


def test_the_extraction_report_carries_the_themes_of_indicators_and_the_national_roles_of_bodies():
    from plankg.loaders.extract import extract_text
    from plankg.loaders.report import report_dict

    report = report_dict(extract_text(HA_GIANG_PLAN, "ha-giang.txt"))
    assert [(i["name"], i.get("theme")) for i in report["indicators"]] == [
        ("Tỷ trọng kinh tế số trong GRDP", "digital-economy-share")
    ]
    roles = {a["name"]: a.get("national_role") for a in report["agencies"]}
    assert roles["Văn phòng Tỉnh ủy"] == "Văn phòng Tỉnh ủy"
    assert roles["Sở Khoa học và Công nghệ"] == "Sở Khoa học và Công nghệ"
    assert roles["Bộ Khoa học và Công nghệ"] is None  # a central body plays no provincial role
    assert report["document"]["issuer_national_role"] == "Tỉnh ủy"


def test_a_text_naming_no_province_has_its_bodies_roles_once_an_identity_file_gives_the_province():
    from plankg.graph.identity import DeclaredIdentity, apply_identity
    from plankg.loaders.docnumbers import parse_number
    from plankg.loaders.extract import extract_text

    report = extract_text(NO_PROVINCE_PLAN, "plan.txt")
    assert {a.name: a.national_role for a in report.agencies} == {"Sở Tài chính": None, "Văn phòng Tỉnh ủy": None}
    apply_identity(report, DeclaredIdentity("plan.txt", parse_number("7-KH/TU"), "Yên Bái"))
    assert {a.name: a.national_role for a in report.agencies} == {
        "Sở Tài chính": "Sở Tài chính",
        "Văn phòng Tỉnh ủy": "Văn phòng Tỉnh ủy",
    }


def test_the_graph_writes_the_theme_and_role_the_report_gives_and_classifies_nothing_itself():
    from plankg.graph.namespaces import PK, PKV
    from plankg.graph.rdf_build import build_quads
    from plankg.loaders.extract import extract_text

    report = extract_text(HA_GIANG_PLAN, "ha-giang.txt")
    report.indicators[0].theme = "startups"
    next(a for a in report.agencies if a.name == "Sở Khoa học và Công nghệ").national_role = "Sở Tài chính"
    quads = build_quads(report, "0" * 64)
    themes = {q.object.value for q in quads if q.predicate.value == PK + "theme"}
    assert themes == {PKV + "theme-startups"}
    roles = {q.subject.value.rsplit("/", 1)[1]: q.object.value for q in quads if q.predicate.value == PK + "role"}
    assert roles["so-khoa-hoc-va-cong-nghe"] == PKV + "role-so-tai-chinh"
