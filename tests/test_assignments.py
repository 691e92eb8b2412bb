"""Tasks of a small plan written for the test: the general rules, not one file's layout."""

import pytest

from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from tests.texts import PARTY_PLAN_OPENING

PLAN = """TỈNH ỦY HÀ GIANG                    ĐẢNG CỘNG SẢN VIỆT NAM
Số 99-KH/TU                          Hà Giang, ngày 02 tháng 6 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành
Kế hoạch như sau:

I- MỤC ĐÍCH
1. Quán triệt sâu sắc Nghị quyết.

II- TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Tỉnh ủy
- Chủ trì, phối hợp với Sở Khoa học và Công nghệ tuyên truyền Nghị quyết số 57-NQ/TW (thực hiện thường xuyên).
- Biên soạn tài liệu hỏi đáp về chuyển đổi số (xong trong năm 2026). Tổ chức hội thi tìm hiểu
về khoa học, công nghệ cho cán bộ, đảng viên (thực hiện hằng năm).
2. Đảng ủy Ủy ban nhân dân tỉnh, Đảng đoàn Hội đồng nhân dân tỉnh chỉ đạo xây dựng cơ chế, chính sách
thúc đẩy đổi mới sáng tạo trên địa bàn tỉnh.
3. Kế hoạch này thay thế Kế hoạch số 12-KH/TU ngày 01/02/2025 của Ban Thường vụ Tỉnh ủy.

Nơi nhận:
- Ban Bí thư Trung ương Đảng,
- Lưu Văn phòng Tỉnh ủy.
"""


def report():
    return extract_text(PLAN, "ha-giang.txt")


def test_document_fields():
    doc = report().document
    assert (doc.kind, doc.number.canonical, doc.date, doc.province) == ("plan", "99-KH/TU", "2025-06-02", "Hà Giang")
    assert doc.issuer == "Ban Thường vụ Tỉnh ủy Hà Giang"
    assert [n.canonical for n in doc.implements] == ["57-NQ/TW"]
    assert [n.canonical for n in doc.supersedes] == ["12-KH/TU"]


def test_bullets_are_tasks_of_the_heading_body():
    tasks = [(a.agency, a.role, a.section, a.deadline) for a in report().assignments if a.section == "II.1"]
    assert ("Ban Tuyên giáo Tỉnh ủy", "lead", "II.1", "ongoing") in tasks
    assert ("Sở Khoa học và Công nghệ", "coordinate", "II.1", "ongoing") in tasks


def test_a_bullet_splits_where_sentences_close_on_their_own_deadlines():
    own = [a for a in report().assignments if a.section == "II.1" and a.role == "lead"]
    assert [a.deadline for a in own] == ["ongoing", "2026", "annual"]
    assert own[2].task.startswith("Tổ chức hội thi")


def test_inline_task_after_a_list_of_bodies():
    inline = [a for a in report().assignments if a.section == "II.2"]
    assert {a.agency for a in inline} == {"Đảng ủy Ủy ban nhân dân tỉnh", "Đảng đoàn Hội đồng nhân dân tỉnh"}
    assert all(a.task.startswith("Chỉ đạo xây dựng cơ chế") for a in inline)


def test_no_task_without_a_named_body_and_none_from_the_recipients():
    sections = {a.section for a in report().assignments}
    assert "II.3" not in sections
    assert all("Lưu" not in a.task for a in report().assignments)


def test_lines_point_into_the_text():
    lines = PLAN.split("\n")
    for a in report().assignments:
        assert a.task.split()[0].lower() in lines[a.lines[0] - 1].lower()


REFERENCING_PLAN = """TỈNH ỦY BẮC NINH
Số 5-KH/TU                        Bắc Ninh, ngày 01 tháng 6 năm 2025
KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW

I- NHIỆM VỤ VÀ GIẢI PHÁP
1. Hoàn thiện thể chế
1.1. Rà soát các văn bản quy phạm pháp luật của tỉnh.
1.2. Xây dựng chính sách thu hút chuyên gia.
2. Hạ tầng số
2.1. Phủ sóng 5G toàn tỉnh.

II- TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân tỉnh
- Chỉ đạo xây dựng các đề án triển khai các nhiệm vụ:
+ Tại Phần I, mục 1: Tiểu mục 1.1 (thực hiện thường xuyên); Tiểu mục 1.2 (xong trong năm 2026).
+ Tại Phần I, mục 2: phát triển hạ tầng số đồng bộ trên địa bàn (xong trong năm 2027).
"""


def test_a_task_pointing_at_sub_items_is_one_task_per_sub_item():
    tasks = [a for a in extract_text(REFERENCING_PLAN, "bac-ninh.txt").assignments if a.section == "II.1"]
    assert [(a.deadline, a.task.split(": ", 1)[1][:24]) for a in tasks[:2]] == [
        ("ongoing", "Rà soát các văn bản quy "),
        ("2026", "Xây dựng chính sách thu "),
    ]
    assert all(a.task.startswith("Chỉ đạo xây dựng các đề án") for a in tasks)
    assert tasks[2].deadline == "2027" and "phát triển hạ tầng số" in tasks[2].task
    assert tasks[0].lines[0] < 10  # the evidence includes the sub-item's own line


LIST_PLAN = """TỈNH ỦY PHÚ THỌ
Số 7-KH/TU                        Phú Thọ, ngày 01 tháng 6 năm 2025
KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW

I- TỔ CHỨC THỰC HIỆN
1. Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh
- Lãnh đạo, điều hành thống nhất việc triển khai thực hiện Nghị quyết trên địa bàn tỉnh; cân đối nguồn lực cho khoa học
- công nghệ và chuyển đổi số.
2. Các cơ quan tham mưu, giúp việc Tỉnh ủy
- Văn phòng Tỉnh ủy: Thực hiện vai trò Cơ quan Thường trực Ban Chỉ đạo (thực hiện thường xuyên).
- Ban Tổ chức Tỉnh ủy: Tham mưu kiện toàn tổ chức bộ máy, bố trí cán bộ chuyên trách (xong trong năm 2026).
3. Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Phú Thọ và các tổ chức chính trị - xã hội tỉnh tuyên truyền, vận động
Nhân dân tham gia phong trào đổi mới sáng tạo (thực hiện hằng năm).
"""


def test_a_steering_committee_named_by_its_topic_leads_and_dash_lines_continue():
    tasks = [a for a in extract_text(LIST_PLAN, "phu-tho.txt").assignments if a.section == "I.1"]
    assert len(tasks) == 1 and tasks[0].agency.startswith("Ban Chỉ đạo phát triển khoa học")
    assert tasks[0].task.endswith("công nghệ và chuyển đổi số")


def test_a_bullet_that_opens_with_a_body_names_its_own_lead():
    tasks = {(a.agency, a.deadline) for a in extract_text(LIST_PLAN, "phu-tho.txt").assignments if a.section == "I.2"}
    assert tasks == {("Văn phòng Tỉnh ủy", "ongoing"), ("Ban Tổ chức Tỉnh ủy", "2026")}


def test_a_province_name_between_listed_bodies_does_not_end_the_list():
    leads = {a.agency for a in extract_text(LIST_PLAN, "phu-tho.txt").assignments if a.section == "I.3"}
    assert leads == {"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh"}


def test_bodies_a_report_goes_through_or_whose_role_is_promoted_coordinate():
    text = PLAN.replace(
        "3. Kế hoạch này thay thế",
        "3. Sở Thông tin và Truyền thông\n"
        "- Báo cáo kết quả hằng quý về Ban Thường vụ Tỉnh ủy (thông qua Văn phòng Tỉnh ủy) (định kỳ).\n"
        "- Phát huy vai trò của Tỉnh đoàn trong phổ cập kỹ năng số cho người dân (thực hiện hằng năm).\n"
        "4. Kế hoạch này thay thế",
    )
    roles = {(a.agency, a.role) for a in extract_text(text, "ha-giang.txt").assignments if a.section == "II.3"}
    assert roles == {
        ("Sở Thông tin và Truyền thông", "lead"),
        ("Văn phòng Tỉnh ủy", "coordinate"),
        ("Tỉnh đoàn Hà Giang", "coordinate"),
    }  # the province's Youth Union, not the national one


def test_an_item_without_a_body_up_front_gives_tasks_clause_by_clause():
    text = PLAN.replace(
        "3. Kế hoạch này thay thế Kế hoạch số 12-KH/TU ngày 01/02/2025 của Ban Thường vụ Tỉnh ủy.",
        "3. Kế hoạch này thay thế Kế hoạch số 12-KH/TU ngày 01/02/2025 của Ban Thường vụ Tỉnh ủy. Các sở, ngành "
        "định kỳ 6 tháng báo cáo kết quả gửi về Ban Thường vụ Tỉnh ủy (thông qua Văn phòng Tỉnh ủy); Ban Tuyên giáo "
        "Tỉnh ủy tổng hợp, đánh giá kết quả thực hiện Kế hoạch.",
    )
    found = {
        (a.agency, a.role, a.deadline) for a in extract_text(text, "ha-giang.txt").assignments if a.section == "II.3"
    }
    assert found == {("Văn phòng Tỉnh ủy", "coordinate", "periodic"), ("Ban Tuyên giáo Tỉnh ủy", "lead", "periodic")}
    assert not [a for a in report().assignments if a.section == "II.3"]  # a bare closing item gives none


CITY_PLAN = """THÀNH ỦY ĐÀ NẴNG                    ĐẢNG CỘNG SẢN VIỆT NAM
Số 41-KH/TU                          Đà Nẵng, ngày 05 tháng 5 năm 2025

KẾ HOẠCH
của Ban Chấp hành Đảng bộ thành phố thực hiện Nghị quyết số 57-NQ/TW

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Thành ủy ban hành Kế hoạch:

I. NHIỆM VỤ, GIẢI PHÁP
1. Thông tin, truyền thông
- Sở Văn hóa và Thể thao chủ trì, phối hợp với Văn phòng UBND thành phố xây dựng chuyên mục về chuyển đổi số (thực hiện thường xuyên).
- Giao Sở Du lịch chủ trì, phối hợp với Thành đoàn Đà Nẵng xây dựng bản đồ số các điểm du lịch, hoàn thành năm 2026.
2. Thể chế
Ban cán sự đảng Ủy ban nhân dân thành phố lãnh đạo Ủy ban nhân dân thành phố ban hành cơ chế thử nghiệm có kiểm soát, hoàn thành trong năm 2025.
3. Hạ tầng số
a) Đảng ủy Ủy ban nhân dân thành phố lãnh đạo, chỉ đạo phủ sóng 5G toàn thành phố trong năm 2026.
b) Văn phòng Thành ủy chủ trì số hóa hồ sơ lưu trữ của các cơ quan đảng (hằng năm).

II. TỔ CHỨC THỰC HIỆN
Văn phòng Thành ủy theo dõi, đôn đốc việc thực hiện Kế hoạch này.
"""


def city_report():
    return extract_text(CITY_PLAN, "da-nang.txt")


def test_a_centrally_run_city_names_its_bodies_as_a_city_and_they_share_the_provincial_role():
    from plankg.loaders.roles import role_of

    report = city_report()
    names = {a.name for a in report.agencies}
    assert {
        "Văn phòng Thành ủy",
        "Ủy ban nhân dân thành phố",
        "Ban cán sự đảng Ủy ban nhân dân thành phố",
        "Văn phòng Ủy ban nhân dân thành phố",
    } <= names
    assert not any("Tỉnh ủy" in n or n.endswith(" tỉnh") for n in names)
    assert report.document.issuer == "Ban Thường vụ Thành ủy Đà Nẵng"  # the body the opening says issues it
    assert role_of("Văn phòng Thành ủy", "Đà Nẵng", "province") == role_of("Văn phòng Tỉnh ủy", "Hà Giang", "province")
    assert role_of("Ủy ban nhân dân thành phố", "Đà Nẵng", "province") == "Ủy ban nhân dân tỉnh"
    # in a province, a town's committee stays what it is
    assert role_of("Ủy ban nhân dân thành phố", "Hà Giang", "district") == "Ủy ban nhân dân thành phố"


def test_a_lower_case_syllable_of_a_word_stays_in_the_name():
    assert "Sở Văn hóa và Thể thao" in {a.name for a in city_report().agencies}


def test_bullets_and_letter_items_of_the_task_part_that_open_with_a_body_are_that_bodys_tasks():
    found = {(a.agency, a.role, a.section, a.deadline): a.task for a in city_report().assignments}
    assert found[("Sở Văn hóa và Thể thao", "lead", "I.1", "ongoing")].startswith(
        "Chủ trì, phối hợp với Văn phòng UBND"
    )
    assert ("Văn phòng Ủy ban nhân dân thành phố", "coordinate", "I.1", "ongoing") in found
    assert found[("Sở Du lịch", "lead", "I.1", "2026")].startswith("Chủ trì, phối hợp với Thành đoàn")
    assert ("Thành đoàn Đà Nẵng", "coordinate", "I.1", "2026") in found
    # a heading line, then the item's text: the body that leads ("lãnh đạo") the other is the lead
    assert found[("Ban cán sự đảng Ủy ban nhân dân thành phố", "lead", "I.2", "2025")].startswith("Lãnh đạo Ủy ban")
    assert not any(agency == "Ủy ban nhân dân thành phố" for agency, *_ in found)
    assert found[("Đảng ủy Ủy ban nhân dân thành phố", "lead", "I.3", "2026")].startswith(
        "Lãnh đạo, chỉ đạo phủ sóng 5G"
    )
    assert found[("Văn phòng Thành ủy", "lead", "I.3", "annual")].startswith("Chủ trì số hóa hồ sơ")
    assert not any(task.startswith(("Thông tin", "Hạ tầng")) for task in found.values())  # headings are not tasks


PEOPLES_COMMITTEE_PLAN = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH YÊN BÁI                               Độc lập - Tự do - Hạnh phúc
Số: 88/KH-UBND                       Yên Bái, ngày 12 tháng 5 năm 2025

KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. NHIỆM VỤ, GIẢI PHÁP
1. Hoàn thiện thể chế
a) Rà soát, đề xuất sửa đổi các quy định của tỉnh về khoa học, công nghệ.
- Cơ quan chủ trì: Sở Khoa học và Công nghệ.
- Cơ quan phối hợp: Sở Tư pháp, Sở Tài chính.
- Thời gian hoàn thành: Quý III/2025.
b) Xây dựng chính sách hỗ trợ doanh nghiệp khởi nghiệp sáng tạo trên địa bàn.
- Cơ quan chủ trì: Sở Tài chính.
- Thời hạn: Năm 2026.
2. Phát triển nguồn nhân lực số cho cán bộ, công chức cấp xã.
- Chủ trì: Sở Nội vụ.
- Phối hợp: UBND các xã, phường.
- Tiến độ: Hằng năm.

II. TỔ CHỨC THỰC HIỆN
Các sở, ban, ngành; UBND các xã, phường xây dựng kế hoạch triển khai, hoàn thành trong tháng 6/2025.
"""


def test_a_task_with_field_lines_for_its_lead_partners_and_deadline():
    report = extract_text(PEOPLES_COMMITTEE_PLAN, "yen-bai.txt")
    assert report.document.issuer == "Ủy ban nhân dân tỉnh Yên Bái"
    found = {(a.agency, a.role, a.section, a.deadline): a.task for a in report.assignments}
    assert (
        found[("Sở Khoa học và Công nghệ", "lead", "I.1", "2025")]
        == "Rà soát, đề xuất sửa đổi các quy định của tỉnh về khoa học, công nghệ"
    )
    assert {
        ("Sở Tư pháp", "coordinate", "I.1", "2025"),
        ("Sở Tài chính", "coordinate", "I.1", "2025"),
        ("Sở Tài chính", "lead", "I.1", "2026"),
        ("Sở Nội vụ", "lead", "I.2", "annual"),
        ("Ủy ban nhân dân các xã, phường", "coordinate", "I.2", "annual"),
    } <= set(found)
    assert not any(task.startswith(("Cơ quan", "Hoàn thiện")) for task in found.values())
    # "UBND các xã, phường" is the communes' committees, not the province's
    assert ("Ủy ban nhân dân tỉnh", "lead", "II", "2025") not in found


def test_a_letter_item_that_opens_with_its_body_is_that_bodys_not_the_headings():
    text = PLAN.replace(
        "3. Kế hoạch này thay thế",
        """3. Các cơ quan tham mưu, giúp việc Tỉnh ủy:
a) Ban Tổ chức Tỉnh ủy hướng dẫn kiện toàn bộ máy tham mưu về chuyển đổi số; hoàn thành trong tháng 4/2025.
b) Ủy ban Kiểm tra Tỉnh ủy đưa nội dung thực hiện Kế hoạch vào chương trình kiểm tra hằng năm.
4. Kế hoạch này thay thế""",
    )
    found = {
        (a.agency, a.section, a.deadline): a.task
        for a in extract_text(text, "ha-giang.txt").assignments
        if a.section == "II.3"
    }
    assert set(found) == {("Ban Tổ chức Tỉnh ủy", "II.3", "2025"), ("Ủy ban Kiểm tra Tỉnh ủy", "II.3", "annual")}
    assert found[("Ban Tổ chức Tỉnh ủy", "II.3", "2025")].startswith("Hướng dẫn kiện toàn bộ máy")


def test_a_steering_committee_heading_by_its_short_name_leads_its_bullets():
    text = PLAN.replace(
        "3. Kế hoạch này thay thế",
        """3. Ban Chỉ đạo tỉnh
- Giúp Ban Thường vụ Tỉnh ủy chỉ đạo thống nhất việc thực hiện Kế hoạch (thường xuyên).
4. Kế hoạch này thay thế""",
    ).replace(
        "I- MỤC ĐÍCH\n1. Quán triệt sâu sắc Nghị quyết.",
        """I- MỤC ĐÍCH
1. Kiện toàn Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh.""",
    )
    found = {(a.agency, a.section) for a in extract_text(text, "ha-giang.txt").assignments}
    assert ("Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh", "II.3") in found


def test_a_plan_implementing_a_plan_implements_that_plan_which_implements_the_resolution():
    from plankg.loaders.extract import extract_text as extract

    report = extract(
        PEOPLES_COMMITTEE_PLAN.replace(
            "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
            "Triển khai thực hiện Kế hoạch số 25-KH/TU ngày 14/3/2025 của Ban Thường vụ Tỉnh ủy\n"
            "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        ).replace(
            "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban",
            "Thực hiện Kế hoạch số 25-KH/TU ngày 14/3/2025 của Ban Thường vụ Tỉnh ủy, Ủy ban",
        ),
        "yen-bai.txt",
    )
    assert [n.canonical for n in report.document.implements] == ["25-KH/TU"]
    plan = next(r for r in report.references if r.number.canonical == "25-KH/TU")
    assert [n.canonical for n in plan.implements] == ["57-NQ/TW"]


def test_an_opening_that_says_it_carries_out_names_what_the_plan_implements():
    text = PLAN.replace(
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ",
        "Để triển khai thực hiện có hiệu quả Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị "
        "và Kết luận số 123-KL/TW ngày 24/01/2025 của Ban Chấp hành Trung ương, Ban Thường vụ",
    )
    assert [n.canonical for n in extract_text(text, "x.txt").document.implements] == ["57-NQ/TW", "123-KL/TW"]


def test_the_standing_board_of_a_party_committee_issues_its_plan():
    text = (
        "ĐẢNG BỘ TỈNH NGHỆ AN                 ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH\n*\n"
        "Số 12-KH/ĐU                         Nghệ An, ngày 5 tháng 5 năm 2025\nKẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW\n\n"
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh "
        "ban hành Kế hoạch:\n\nI. NHIỆM VỤ\n1. Sở Khoa học và Công nghệ chủ trì tham mưu thực hiện (thường xuyên).\n"
    )
    report = extract_text(text, "x.txt")
    assert report.document.issuer == "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh Nghệ An"
    assert "Ban Thường vụ Tỉnh ủy" not in {a.name for a in report.agencies}


@pytest.mark.parametrize(
    "closing",
    [
        "(Sở Khoa học và Công nghệ thực hiện; hoàn thành năm 2026)",
        "(Trách nhiệm: Sở Khoa học và Công nghệ; thời gian: năm 2026)",
        "(Sở Khoa học và Công nghệ tham mưu, năm 2026)",
        "(Sở Khoa học và Công nghệ chủ trì, tham mưu thực hiện; năm 2026)",
    ],
)
def test_a_closing_parenthesis_names_the_lead_in_other_words_too(closing):
    text = PLAN.replace(
        "I- MỤC ĐÍCH\n1. Quán triệt sâu sắc Nghị quyết.",
        "I- NHIỆM VỤ\n1. Xây dựng cơ sở dữ liệu dùng chung của tỉnh và kết nối liên thông " + closing + ".",
    )
    found = [(a.agency, a.role, a.deadline) for a in extract_text(text, "x.txt").assignments if a.section == "I.1"]
    assert found == [("Sở Khoa học và Công nghệ", "lead", "2026")]


def test_a_task_part_item_that_opens_with_its_body_and_carries_it_out():
    text = PLAN.replace(
        "I- MỤC ĐÍCH\n1. Quán triệt sâu sắc Nghị quyết.",
        "I- NHIỆM VỤ\n1. Sở Nội vụ thực hiện số hóa hồ sơ cán bộ của tỉnh trong năm 2026.",
    )
    found = [(a.agency, a.role, a.deadline) for a in extract_text(text, "x.txt").assignments if a.section == "I.1"]
    assert found == [("Sở Nội vụ", "lead", "2026")]


@pytest.mark.parametrize(
    "parts, paths",
    [
        (("A.", "B.", "C."), ("B.1", "C.1")),
        (("PHẦN I.", "PHẦN II.", "PHẦN III."), ("II.1", "III.1")),
        (("PHẦN THỨ NHẤT:", "PHẦN THỨ HAI:", "PHẦN THỨ BA:"), ("II.1", "III.1")),
    ],
)
def test_parts_lettered_or_named_are_the_outline_too(parts, paths):
    text = PLAN.split("I- MỤC ĐÍCH")[0] + (
        f"{parts[0]} MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt Nghị quyết.\n"
        f"{parts[1]} NHIỆM VỤ, GIẢI PHÁP\n1. Phát triển hạ tầng số (Sở Khoa học và Công nghệ chủ trì; hoàn thành năm 2026).\n"
        f"{parts[2]} TỔ CHỨC THỰC HIỆN\n1. Văn phòng Tỉnh ủy theo dõi, đôn đốc thực hiện Kế hoạch này (thường xuyên).\n"
    )
    found = {(a.agency, a.section) for a in extract_text(text, "x.txt").assignments}
    assert found == {("Sở Khoa học và Công nghệ", paths[0]), ("Văn phòng Tỉnh ủy", paths[1])}


def test_items_numbered_with_a_dash():
    text = PLAN.split("I- MỤC ĐÍCH")[0] + (
        "I- MỤC ĐÍCH\n1- Quán triệt Nghị quyết; nâng tỷ lệ doanh nghiệp số từ\n10 - 15% số doanh nghiệp của tỉnh.\n"
        "II- TỔ CHỨC THỰC HIỆN\n1- Văn phòng Tỉnh ủy theo dõi, đôn đốc thực hiện Kế hoạch này, báo cáo Ban Thường vụ (thường xuyên).\n"
        "2- Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền sâu rộng Nghị quyết trên các phương tiện (hằng năm).\n"
    )
    report = extract_text(text, "x.txt")
    assert {(a.agency, a.section, a.deadline) for a in report.assignments} == {
        ("Văn phòng Tỉnh ủy", "II.1", "ongoing"),
        ("Ban Tuyên giáo Tỉnh ủy", "II.2", "annual"),
    }
    assert [s.path for s in report.sections] == ["I", "I.1", "II", "II.1", "II.2"]


def test_letter_items_written_with_a_full_stop():
    text = PLAN.split("I- MỤC ĐÍCH")[0] + (
        "I- MỤC ĐÍCH\n1. Quán triệt Nghị quyết.\nII- TỔ CHỨC THỰC HIỆN\n1. Các cơ quan tham mưu, giúp việc Tỉnh ủy:\n"
        "a. Ban Tổ chức Tỉnh ủy hướng dẫn kiện toàn bộ máy tham mưu về chuyển đổi số; hoàn thành trong tháng 4/2025.\n"
        "b. Ủy ban Kiểm tra Tỉnh ủy đưa nội dung thực hiện Kế hoạch vào chương trình kiểm tra hằng năm.\n"
    )
    assert {(a.agency, a.section, a.deadline) for a in extract_text(text, "x.txt").assignments} == {
        ("Ban Tổ chức Tỉnh ủy", "II.1", "2025"),
        ("Ủy ban Kiểm tra Tỉnh ủy", "II.1", "annual"),
    }


@pytest.mark.parametrize("heading", ["II- TRÁCH NHIỆM THỰC HIỆN", "II- PHÂN CÔNG NHIỆM VỤ"])
def test_the_implementation_part_under_another_name(heading):
    original = {(a.agency, a.role, a.section, a.deadline) for a in report().assignments}
    renamed = extract_text(PLAN.replace("II- TỔ CHỨC THỰC HIỆN", heading), "ha-giang.txt")
    assert {(a.agency, a.role, a.section, a.deadline) for a in renamed.assignments} == original


RECURRING = (
    PARTY_PLAN_OPENING
    + """Quán triệt sâu sắc Nghị quyết.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng Tỉnh ủy chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch.
2. Chế độ thông tin, báo cáo
- Định kỳ 6 tháng, 1 năm, các sở, ban, ngành, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh
báo cáo kết quả thực hiện gửi về Ban Chỉ đạo (qua Văn phòng Tỉnh ủy).
- Hằng năm, Ban Tổ chức Tỉnh ủy tổ chức kiểm tra liên ngành tại một số địa phương, đơn vị trọng điểm.
"""
)


def test_a_recurring_duty_names_its_bodies_after_its_time_and_each_leads_it():
    tasks = [a for a in extract_text(RECURRING, "p.txt").assignments if a.section == "II.2"]
    # the time phrase opens the task's sentence and stays in its text; the bodies between do not
    reports = {a.agency: (a.role, a.deadline) for a in tasks if a.task.startswith("Định kỳ 6 tháng, 1 năm báo cáo")}
    assert reports == {
        "Các sở, ban, ngành tỉnh": ("lead", "periodic"),
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": ("lead", "periodic"),
        "Các tổ chức chính trị - xã hội tỉnh": ("lead", "periodic"),
        "Văn phòng Tỉnh ủy": ("coordinate", "periodic"),
    }
    checks = [(a.agency, a.role, a.deadline) for a in tasks if a.task.startswith("Hằng năm tổ chức kiểm tra")]
    assert checks == [("Ban Tổ chức Tỉnh ủy", "lead", "annual")]


def test_a_plan_calls_its_own_steering_committee_by_its_bare_name_once_named():
    text = (
        PARTY_PLAN_OPENING
        + """Quán triệt sâu sắc Nghị quyết.
II. TỔ CHỨC THỰC HIỆN
1. Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh
- Lãnh đạo, chỉ đạo thống nhất việc triển khai thực hiện Kế hoạch trong toàn tỉnh.
2. Chế độ báo cáo
- Hằng năm, Ban Chỉ đạo tổ chức kiểm tra liên ngành tại một số địa phương, đơn vị trọng điểm.
"""
    )
    tasks = {(a.section, a.agency, a.deadline) for a in extract_text(text, "p.txt").assignments}
    name = "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh"
    assert ("II.2", name, "annual") in tasks and ("II.1", name, None) in tasks


GROUNDS_AND_COLLECTIVES = (
    PARTY_PLAN_OPENING
    + """Quán triệt sâu sắc Nghị quyết.
II. TỔ CHỨC THỰC HIỆN
1. Căn cứ Kế hoạch này và Chỉ thị của Ban Thường vụ Tỉnh ủy, các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc, các ban đảng, ban cán sự đảng, đảng đoàn xây dựng kế hoạch cụ thể để tổ chức thực hiện phù hợp với điều kiện của đơn vị mình.
2. Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai và các tổ chức chính trị - xã hội lãnh đạo, chỉ đạo tuyên truyền, vận động đoàn viên, hội viên tích cực tham gia chuyển đổi số.
3. Phát huy vai trò của Tổ công nghệ số cộng đồng, các hội, hiệp hội trong hướng dẫn kỹ năng số cho người dân.
"""
)


def test_a_ground_phrase_opens_the_task_and_names_no_lead():
    tasks = [a for a in extract_text(GROUNDS_AND_COLLECTIVES, "p.txt").assignments if a.section == "II.1"]
    assert {a.agency for a in tasks} == {
        "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
        "Các ban đảng",
        "Các ban cán sự đảng, đảng đoàn",
    }
    assert all(a.task.startswith("Căn cứ Kế hoạch này") and a.role == "lead" for a in tasks)


def test_collectives_listed_after_a_named_body_lead_with_it_but_not_where_their_role_is_praised():
    report = extract_text(GROUNDS_AND_COLLECTIVES, "p.txt")
    leads = {a.agency for a in report.assignments if a.section == "II.2" and a.role == "lead"}
    assert leads == {"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh"}
    assert "Các hiệp hội" not in {a.agency for a in report.assignments}


NEWS_PAGE = """Trang chủ | Thời sự | Kinh tế
Thứ Hai, 13/10/2025 - 09:15
TRIỂN KHAI KẾ HOẠCH PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ
Sáng 13/10, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai Kế hoạch số 412/KH-UBND ngày 01/10/2025.
Viettel Lào Cai là doanh nghiệp tiêu biểu trong chuyển đổi số của tỉnh nhiều năm qua.
Chủ tịch UBND tỉnh giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính tham mưu ban hành chính sách hỗ trợ đổi mới sáng tạo trong năm 2025.
Sở Nội vụ được giao rà soát vị trí việc làm về chuyển đổi số; đồng thời tham mưu chính sách thu hút chuyên gia về làm việc tại tỉnh.
Tin liên quan
"""


def test_a_news_page_gives_the_tasks_its_sentences_assign_and_none_from_its_narrative():
    report = report_dict(extract_text(NEWS_PAGE, "news.txt"))
    assert report["document"]["kind"] == "article"
    got = {(a["agency"], a["role"], " ".join(a["task"].split()[:4])) for a in report["assignments"]}
    assert got == {
        ("Sở Khoa học và Công nghệ", "lead", "Tham mưu ban hành"),
        ("Sở Tài chính", "coordinate", "Tham mưu ban hành"),
        ("Sở Nội vụ", "lead", "Rà soát vị trí"),
        ("Sở Nội vụ", "lead", "Tham mưu chính sách"),
    }
