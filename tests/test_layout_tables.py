"""The layout stage and tables, on small texts written for the tests (not corpus files)."""

import pytest

from plankg.loaders.agencies import matcher_for
from plankg.loaders.deadlines import find_deadline, read_deadline
from plankg.loaders.extract import extract_text
from plankg.loaders.layout import read_layout
from plankg.loaders.normalize import ocr_fold
from plankg.loaders.source import SourceText

HEADER = """TỈNH ỦY BẮC NINH
Số 77-KH/TU
Bắc Ninh, ngày 2 tháng 6 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành
Kế hoạch như sau:

I. MỤC TIÊU
1. Đến năm 2030, quy mô kinh tế số đạt tối thiểu 30% GRDP.
"""

# columns in another order than the examples: deadline before the bodies, product last
ALIGNED = """
PHỤ LỤC 01
DANH MỤC NHIỆM VỤ

STT   Tên nhiệm vụ                          Thời hạn        Đơn vị chủ trì        Đơn vị phối hợp       Kết quả

I     CHUYỂN ĐỔI SỐ

1     Xây dựng kho dữ liệu dùng chung       Quý IV/2025     Sở Khoa học và Công   Sở Tài chính          Kho dữ liệu
      của tỉnh, kết nối với các ngành                       nghệ

2     Đào tạo kỹ năng số cho cán bộ,        Hằng năm        Sở Nội vụ             Sở Giáo dục và Đào    Lớp học
      công chức cấp xã                                                            tạo
"""

RAW = """
PHỤ LỤC
DANH MỤC NHIỆM VỤ

TT
Nội dung công việc
Cơ quan chủ trì
Cơ quan phối hợp
Thời gian hoàn
thành

1
Xây dựng Đề án phát triển trung tâm đổi
mới sáng tạo của tỉnh
Sở Khoa học và Công nghệ
Sở Tài chính, Sở Nội vụ
Tháng 9/2025

2
Số hóa hồ sơ hành chính cấp xã
Sở Nội vụ
Sở Tư pháp
Năm học 2025 - 2026
"""


def _tasks(text: str) -> set[tuple[str, str, str, str | None]]:
    report = extract_text(text, "bac-ninh.txt")
    return {(a.agency, a.role, a.section, a.deadline) for a in report.assignments if a.section.startswith("PL")}


def test_an_aligned_task_table_in_another_column_order():
    tasks = _tasks(HEADER + ALIGNED)
    assert tasks == {
        ("Sở Khoa học và Công nghệ", "lead", "PL01.1", "2025"),
        ("Sở Tài chính", "coordinate", "PL01.1", "2025"),
        ("Sở Nội vụ", "lead", "PL01.2", "annual"),
        ("Sở Giáo dục và Đào tạo", "coordinate", "PL01.2", "annual"),
    }


def test_a_raw_task_table_one_cell_per_line():
    report = extract_text(HEADER + RAW, "bac-ninh.txt")
    tasks = {(a.agency, a.role, a.section, a.deadline, a.due) for a in report.assignments if a.section.startswith("PL")}
    assert tasks == {
        ("Sở Khoa học và Công nghệ", "lead", "PL.1", "2025", "2025-09-30"),
        ("Sở Tài chính", "coordinate", "PL.1", "2025", "2025-09-30"),
        ("Sở Nội vụ", "coordinate", "PL.1", "2025", "2025-09-30"),
        ("Sở Nội vụ", "lead", "PL.2", "2026", "2026-05-31"),
        ("Sở Tư pháp", "coordinate", "PL.2", "2026", "2026-05-31"),
    }
    first = next(a for a in report.assignments if a.section == "PL.1")
    assert first.task.startswith("Xây dựng Đề án phát triển trung tâm đổi mới sáng tạo")


# an indicator table whose columns survived: a baseline column, a unit column, names that wrap
# under their column, year headers written three ways, a group row
ALIGNED_INDICATORS = """
PHỤ LỤC 02
CHỈ TIÊU CHỦ YẾU

STT   Tên chỉ tiêu                            ĐVT        Hiện trạng 2024   Mục tiêu năm 2025   Đến năm 2030

A     HẠ TẦNG SỐ

1     Tỷ lệ hồ sơ thủ tục hành chính được     %          45                ≥ 60                100
      xử lý trực tuyến toàn trình
2     Số doanh nghiệp công nghệ số            Doanh      120               150                 500
                                              nghiệp
3     Tỷ lệ thôn có sóng 5G                   %          10                -                   Trên 90
"""


def test_an_aligned_indicator_table_reads_a_target_per_year_column_and_no_baseline():
    report = extract_text(HEADER + ALIGNED_INDICATORS, "bac-ninh.txt")
    table = {i.name: ({t.period: t.text for t in i.targets}, i.group) for i in report.indicators if i.lines[0] > 15}
    assert table == {
        "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình": (
            {"2025": "≥60", "2030": "100"},
            "HẠ TẦNG SỐ",
        ),
        "Số doanh nghiệp công nghệ số": ({"2025": "150", "2030": "500"}, "HẠ TẦNG SỐ"),
        "Tỷ lệ thôn có sóng 5G": ({"2030": "Trên 90"}, "HẠ TẦNG SỐ"),
    }
    first = next(i for i in report.indicators if i.name.startswith("Tỷ lệ hồ sơ"))
    assert (first.targets[0].comparator, first.targets[0].value) == (">=", 60.0)


# one column for all the bodies of a task, lead and partners told apart by their markers
ONE_BODIES_COLUMN = """
PHỤ LỤC
NHIỆM VỤ CỤ THỂ

STT  Nhiệm vụ                                   Cơ quan thực hiện                        Thời gian
1    Ban hành quy chế quản lý dữ liệu số        Sở Khoa học và Công nghệ chủ trì;        Quý III/2025
     của tỉnh                                   Sở Tư pháp, Sở Tài chính phối hợp
2    Xây dựng Trung tâm điều hành thông minh    Sở Xây dựng (chủ trì), Công an tỉnh      Năm 2026
3    Đào tạo kỹ năng số cho cán bộ cấp xã       Sở Nội vụ                                Hằng năm
"""


def test_a_bodies_column_names_the_lead_and_the_partners_by_their_markers():
    assert _tasks(HEADER + ONE_BODIES_COLUMN) == {
        ("Sở Khoa học và Công nghệ", "lead", "PL.1", "2025"),
        ("Sở Tư pháp", "coordinate", "PL.1", "2025"),
        ("Sở Tài chính", "coordinate", "PL.1", "2025"),
        ("Sở Xây dựng", "lead", "PL.2", "2026"),
        ("Công an tỉnh", "coordinate", "PL.2", "2026"),
        ("Sở Nội vụ", "lead", "PL.3", "annual"),
    }


RAW_WITH_PRODUCTS = """
PHỤ LỤC
DANH MỤC NHIỆM VỤ

TT
Nhiệm vụ
Cơ quan chủ trì
Cơ quan phối hợp
Sản phẩm
Thời hạn

I
HẠ TẦNG CHO KHOA HỌC, CÔNG NGHỆ VÀ
CHUYỂN ĐỔI SỐ

1
Xây dựng nền tảng truy xuất nguồn gốc nông sản
Sở Nông nghiệp và Môi trường
Sở Công Thương
Nền tảng số
Năm 2026

2
Quy chế khai thác dữ liệu dùng chung
Sở Khoa học và Công nghệ
Sở Tư pháp
Quyết định
Quý IV/2025
"""


def test_a_raw_table_keeps_a_deadline_apart_from_a_product_and_a_group_title_over_two_lines():
    report = extract_text(HEADER + RAW_WITH_PRODUCTS, "bac-ninh.txt")
    leads = {a.section: a.deadline for a in report.assignments if a.section.startswith("PL") and a.role == "lead"}
    assert leads == {"PL.1": "2026", "PL.2": "2025"}
    layout_rows = [t for t in read_layout(SourceText("b", HEADER + RAW_WITH_PRODUCTS), matcher_for("Bắc Ninh")).tables]
    (table,) = layout_rows
    assert [row.group for row in table.rows] == ["HẠ TẦNG CHO KHOA HỌC, CÔNG NGHỆ VÀ CHUYỂN ĐỔI SỐ"] * 2
    assert table.rows[0].cells["product"] == "Nền tảng số"


def test_a_task_table_in_the_body_takes_the_section_it_stands_under():
    body = (
        HEADER
        + """
II. NHIỆM VỤ CỤ THỂ
1. Các nhiệm vụ năm 2025

STT  Nhiệm vụ                                   Cơ quan chủ trì            Cơ quan phối hợp     Thời gian
1    Ban hành quy chế quản lý dữ liệu số        Sở Khoa học và Công nghệ   Sở Tư pháp           Quý III/2025
2    Số hóa hồ sơ hành chính cấp xã             Sở Nội vụ                  Sở Tư pháp           Năm 2025
"""
    )
    report = extract_text(body, "bac-ninh.txt")
    assert {(a.agency, a.section) for a in report.assignments if a.role == "lead"} >= {
        ("Sở Khoa học và Công nghệ", "II.1.1"),
        ("Sở Nội vụ", "II.1.2"),
    }


def test_a_baseline_column_of_a_raw_indicator_table_is_no_target():
    raw = """
PHỤ LỤC 02
CHỈ TIÊU CHỦ YẾU
(Kèm theo Kế hoạch thực hiện Nghị quyết năm 2025)

TT
Chỉ tiêu
Đơn vị tính
Hiện trạng năm 2024
Năm 2025
Năm 2030

1
Tỷ lệ dịch vụ công trực tuyến toàn trình
%
45
60
100
"""
    found = {
        i.name: {t.period: t.text for t in i.targets}
        for i in extract_text(HEADER + raw, "x.txt").indicators
        if i.lines[0] > 15
    }
    assert found == {"Tỷ lệ dịch vụ công trực tuyến toàn trình": {"2025": "60", "2030": "100"}}


def test_a_task_table_is_never_read_as_indicators():
    report = extract_text(HEADER + ALIGNED + RAW, "bac-ninh.txt")
    assert [i.name for i in report.indicators] == ["Quy mô kinh tế số so với GRDP"]


def test_recipients_and_signature_before_an_attached_programme():
    text = """CHÍNH PHỦ
Số: 12/NQ-CP Hà Nội, ngày 3 tháng 3 năm 2025

NGHỊ QUYẾT
BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW

Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động.
Điều 2. Nghị quyết này có hiệu lực từ ngày ký.

Nơi nhận: TM. CHÍNH PHỦ
- Các bộ, cơ quan ngang bộ; THỦ TƯỚNG
- Lưu: VT.


CHƯƠNG TRÌNH HÀNH ĐỘNG
(Kèm theo Nghị quyết số 12/NQ-CP)

I. TỔ CHỨC THỰC HIỆN
1. Bộ Khoa học và Công nghệ: Chủ trì, phối hợp với Bộ Tài chính xây dựng cơ sở dữ liệu quốc gia về
khoa học, công nghệ, hoàn thành trong quý III năm 2025.
"""
    src = SourceText("x.txt", text)
    layout = read_layout(src, matcher_for(None))
    assert layout.recipients == [(10, 12)]
    assert [a for a, _ in layout.articles] == ["1", "2"]
    report = extract_text(text, "x.txt")
    assert report.document.issuer == "Chính phủ" and report.document.province is None
    assert {(a.agency, a.role, a.section, a.precision) for a in report.assignments} == {
        ("Bộ Khoa học và Công nghệ", "lead", "I.1", "quarter"),
        ("Bộ Tài chính", "coordinate", "I.1", "quarter"),
    }


def test_tasks_assigned_in_part_three():
    text = (
        HEADER
        + """
II. NHIỆM VỤ, GIẢI PHÁP
1. Hạ tầng số
1.1. Mở rộng vùng phủ sóng 5G đến các khu công nghiệp và các xã vùng sâu, vùng xa (Sở Khoa học và Công
nghệ chủ trì, phối hợp với Viettel Bắc Ninh, VNPT Bắc Ninh; hoàn thành trước ngày 30/6/2026).
1.2. Xây dựng nền tảng dữ liệu dùng chung của tỉnh, giao Công an tỉnh chủ trì thực hiện thường xuyên.
"""
    )
    roles = {(a.agency, a.role, a.section, a.deadline) for a in extract_text(text, "bac-ninh.txt").assignments}
    assert roles >= {
        ("Sở Khoa học và Công nghệ", "lead", "II.1.1", "2026"),
        ("Viettel Bắc Ninh", "coordinate", "II.1.1", "2026"),
        ("VNPT Bắc Ninh", "coordinate", "II.1.1", "2026"),
        ("Công an tỉnh", "lead", "II.1.2", "ongoing"),
    }


@pytest.mark.parametrize(
    "cell, value, due, precision",
    [
        ("Trước 30/5/2025", "2025", "2025-05-30", "day"),
        ("Quý II/2025", "2025", "2025-06-30", "quarter"),
        ("quý III năm 2025", "2025", "2025-09-30", "quarter"),
        ("6 tháng đầu năm 2026", "2026", "2026-06-30", "half"),
        ("Tháng 10/2025", "2025", "2025-10-31", "month"),
        ("Năm học 2025 - 2026", "2026", "2026-05-31", "school-year"),
        ("giai đoạn 2025 - 2030", "2030", "2030-12-31", "range"),
        ("Năm 2025 - 2026", "2026", "2026-12-31", "range"),  # not the year the range starts with
        ("hoàn thành trong năm 2025 - 2026", "2026", "2026-12-31", "range"),
        ("Kỳ họp cuối năm 2025", "2025", "2025-12-31", "year"),
        ("Hằng năm", "annual", None, "recurrence"),
        ("Hằng quý", "periodic", None, "recurrence"),
        ("Thường xuyên", "ongoing", None, "recurrence"),
    ],
)
def test_deadline_cells_keep_their_precision(cell, value, due, precision):
    found = read_deadline(ocr_fold(cell))
    assert (found.value, found.due, found.precision) == (value, due, precision)


def test_a_range_in_running_text_is_the_scope_not_the_deadline():
    found = find_deadline(ocr_fold("rà soát danh mục dự án giai đoạn 2026 - 2030, hoàn thành trong quý III/2025."))
    assert (found.value, found.precision) == ("2025", "quarter")


@pytest.mark.parametrize(
    "body",
    [
        # a table whose columns cannot be aligned (a header and rows of prose)
        "\nPHỤ LỤC 01\nTT   Nhiệm vụ   Cơ quan chủ trì   Cơ quan phối hợp\nmột dòng chữ không có cột nào\n",
        # an annex with a header and no rows
        "\nPHỤ LỤC 02\nTT Chỉ tiêu Đơn vị tính Năm 2025 Năm 2030\n",
        # an outline that skips levels
        "\nIV. TỔ CHỨC THỰC HIỆN\n3.2.1. Sở Nội vụ chủ trì rà soát thủ tục hành chính (năm 2026).\n",
    ],
)
def test_bad_layouts_give_warnings_not_crashes(body):
    report = extract_text(HEADER + body, "bac-ninh.txt")
    assert report.document.number.canonical == "77-KH/TU"


def test_a_table_without_rows_and_a_missing_annex_are_reported():
    report = extract_text(
        HEADER + "Chi tiết tại Phụ lục 03 kèm theo.\n"
        "\nPHỤ LỤC 01\nTT   Nhiệm vụ   Cơ quan chủ trì   Cơ quan phối hợp\n",
        "bac-ninh.txt",
    )
    assert any("Phụ lục 03" in w for w in report.warnings)
    assert any("no rows" in w for w in report.warnings)


def test_a_text_that_is_only_a_table():
    report = extract_text(RAW.replace("PHỤ LỤC\n", ""), "table.txt")
    assert {a.section for a in report.assignments} == {"PL.1", "PL.2"}
