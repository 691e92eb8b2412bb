"""Targets stated in running text: each shape on a small plan written for the test."""

import pytest

from plankg.loaders.extract import extract_text

HEAD = "TỈNH ỦY CAO BẰNG\nSố 7-KH/TU\nKẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW\n\nI- MỤC TIÊU\n"


def targets(body: str, heading: str = "1. Mục tiêu đến năm 2030\n") -> dict[str, dict[str, str]]:
    report = extract_text(HEAD + heading + body + "\n\nII- NHIỆM VỤ\n1. Nội dung\n- Triển khai.\n", "t.txt")
    return {i.name: {t.period: t.text for t in i.targets} for i in report.indicators}


@pytest.mark.parametrize(
    "body, name, expected",
    [
        # a copula is dropped; a verb that changes what the number means stays in the value
        ("- Tỷ lệ hộ gia đình có cáp quang đạt trên 90%.", "Tỷ lệ hộ gia đình có cáp quang", {"2030": "trên 90%"}),
        (
            "- Số lượng bài báo quốc tế tăng trung bình 12%/năm.",
            "Số lượng bài báo quốc tế",
            {"2030": "tăng trung bình 12%/năm"},
        ),
        (
            "- Chỉ số cải cách hành chính duy trì trên 0,85 (thuộc nhóm đầu cả nước).",
            "Chỉ số cải cách hành chính",
            {"2030": "duy trì trên 0,85 (thuộc nhóm đầu cả nước)"},
        ),
        # the head noun of an indicator starts its name, whatever the clause says before it
        (
            "- Phát huy sáng tạo, góp phần nâng chỉ số năng lực cạnh tranh đạt trên 0,7.",
            "Chỉ số năng lực cạnh tranh",
            {"2030": "trên 0,7"},
        ),
        # a share of GRDP, a share of a whole, a share of something named after the value
        ("- Giá trị kinh tế số đạt 25% GRDP.", "Giá trị kinh tế số so với GRDP", {"2030": "25% GRDP"}),
        (
            "- Kinh phí đào tạo lại từ doanh nghiệp chiếm hơn 45%.",
            "Tỷ lệ kinh phí đào tạo lại từ doanh nghiệp",
            {"2030": "hơn 45%"},
        ),
        (
            "- Bảo đảm thương mại điện tử các ngành chiếm tối thiểu 20% bán lẻ.",
            "Tỷ trọng thương mại điện tử các ngành trong bán lẻ",
            {"2030": "tối thiểu 20% bán lẻ"},
        ),
        (
            "- Tỷ lệ hợp tác xã dùng phần mềm kế toán đạt trên 60% trong tổng số hợp tác xã.",
            "Tỷ lệ hợp tác xã dùng phần mềm kế toán trong tổng số hợp tác xã",
            {"2030": "trên 60%"},
        ),
        # a floor, not a number; spent every year
        (
            "- Chi hằng năm cho chuyển đổi số không thấp hơn mức Trung ương giao.",
            "Chi hằng năm cho chuyển đổi số",
            {"annual": "không thấp hơn mức Trung ương giao"},
        ),
        # a verb, then a quantity and what it counts
        ("- Số hóa 100% hồ sơ đất đai của tỉnh.", "Tỷ lệ hồ sơ đất đai của tỉnh", {"2030": "100%"}),
        (
            "- Phấn đấu thành lập 02 trung tâm đổi mới sáng tạo.",
            "Số trung tâm đổi mới sáng tạo thành lập",
            {"2030": "02"},
        ),
        (
            "- Phấn đấu cán bộ xã có chứng chỉ kỹ năng số khoảng 30% theo hướng dẫn của Bộ.",
            "Cán bộ xã có chứng chỉ kỹ năng số",
            {"2030": "khoảng 30%"},
        ),
        # coverage and ranking
        ("- Cáp quang tới thôn toàn tỉnh.", "Cáp quang tới thôn trên địa bàn tỉnh", {"2030": "toàn tỉnh"}),
        (
            "- Tỉnh thuộc nhóm 15 tỉnh dẫn đầu cả nước về chuyển đổi số.",
            "Xếp hạng của tỉnh về chuyển đổi số",
            {"2030": "thuộc nhóm 15 tỉnh dẫn đầu cả nước"},
        ),
        # what is ranked stands before its rank
        (
            "- Chỉ số chuyển đổi số cấp tỉnh (DTI) thuộc nhóm 10 tỉnh dẫn đầu cả nước.",
            "Chỉ số chuyển đổi số cấp tỉnh (DTI)",
            {"2030": "thuộc nhóm 10 tỉnh dẫn đầu cả nước"},
        ),
        # "chiếm … GRDP của tỉnh": a share of GRDP, not of "của tỉnh"; named as "đạt … GRDP" is (the
        # annotations' "Quy mô kinh tế số so với GRDP"), so that the years of one quantity meet
        ("- Kinh tế số chiếm khoảng 25% GRDP của tỉnh.", "Kinh tế số so với GRDP", {"2030": "khoảng 25% GRDP"}),
        # an average rate without a verb before it
        (
            "- Tốc độ tăng trưởng thương mại điện tử bình quân 15%/năm.",
            "Tốc độ tăng trưởng thương mại điện tử",
            {"2030": "bình quân 15%/năm"},
        ),
        # a share reached ("… đến 100% …"), what each place or a body has
        (
            "- Phủ sóng 5G đến 100% thôn, bản và khu công nghiệp.",
            "Tỷ lệ thôn, bản và khu công nghiệp",
            {"2030": "100%"},
        ),
        (
            "- Mỗi xã có ít nhất 01 tổ công nghệ số cộng đồng.",
            "Số tổ công nghệ số cộng đồng tại mỗi xã",
            {"2030": "ít nhất 01"},
        ),
        (
            "- Trường Cao đẳng Cao Bằng có ít nhất 02 phòng thí nghiệm số.",
            "Số phòng thí nghiệm số của Trường Cao đẳng Cao Bằng",
            {"2030": "ít nhất 02"},
        ),
        # the same indicator restated for another year in the next clause
        (
            "- Tỷ lệ người dân có tài khoản định danh điện tử đạt 95%; đến năm 2027 đạt 80%.",
            "Tỷ lệ người dân có tài khoản định danh điện tử",
            {"2030": "95%", "2027": "80%"},
        ),
    ],
)
def test_target_shapes(body, name, expected):
    found = targets(body)
    assert found.get(name) == expected, found


@pytest.mark.parametrize(
    "body",
    [
        "- Triển khai Đề án 06 của Chính phủ về dữ liệu dân cư.",
        "- Hoàn thành trong 05 năm đầu của giai đoạn.",
        "- Thực hiện Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị.",
        "- Giai đoạn 2026 - 2030 tập trung hạ tầng số.",
        "- Xây dựng kế hoạch 5 năm và hằng năm.",
        "- Tăng từ 5 đến 10% số doanh nghiệp.",  # a range, not a share reached
        # a cited document's own goal is not this plan's
        "- Thực hiện Kết luận số 123-KL/TW ngày 24/01/2025 về Đề án với mục tiêu tăng trưởng đạt 8% trở lên.",
    ],
)
def test_numbers_that_are_not_targets(body):
    assert targets(body) == {}


def test_goal_year_applies_under_its_heading_only():
    body = "- Tỷ lệ hộ gia đình có cáp quang đạt trên 90%.\n2. Giải pháp đến năm 2027\n- Cung cấp 100% dữ liệu mở của tỉnh."
    found = targets(body)
    assert found["Tỷ lệ hộ gia đình có cáp quang"] == {"2030": "trên 90%"}
    assert found["Tỷ lệ dữ liệu mở của tỉnh"] == {"unspecified": "100%"}  # a task heading, not a goal


def test_a_goal_sub_heading_without_the_word_goal():
    found = targets("2.1. Đến năm 2030\n- Tỷ lệ xã có điểm phục vụ số đạt 100%.", heading="2. Mục tiêu\n")
    assert found["Tỷ lệ xã có điểm phục vụ số"] == {"2030": "100%"}


def test_ocr_damaged_targets_are_read_and_restored():
    found = targets("- Quy m6 kinh té sb dat tdi thiéu 35% GRDP; ty 1€ dich vu cong truc tuyén dat 85%.")
    assert found["Quy mô kinh tế số so với GRDP"] == {"2030": "tối thiểu 35% GRDP"}
    assert found["Tỷ lệ dịch vụ công trực tuyến"] == {"2030": "85%"}


def test_a_goal_heading_on_its_own_line_is_not_part_of_the_name():
    found = targets(
        "- Tỷ lệ hộ gia đình có cáp quang đạt trên 90%.\n2. Tầm nhìn đến năm 2045\n"
        "Kinh tế số chiếm tối thiểu 50% GRDP; tỉnh phát triển khá của cả nước."
    )
    assert found["Kinh tế số so với GRDP"] == {"2045": "tối thiểu 50% GRDP"}
    assert not any("Tầm nhìn" in name for name in found)
