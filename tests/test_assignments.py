"""Tasks of a small plan written for the test: the general rules, not one file's layout."""
from plankg.loaders.extract import extract_text

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
