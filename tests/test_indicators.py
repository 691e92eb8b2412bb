import pytest

from plankg.loaders.extract import extract_text
from plankg.loaders.indicators import parse_target
from plankg.loaders.normalize import fold

PLAN = """TỈNH ỦY CAO BẰNG
Số 7-KH/TU                            Cao Bằng, ngày 01 tháng 7 năm 2025
KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW

I- MỤC TIÊU
1. Mục tiêu đến năm 2030
- Quy mô kinh tế số đạt tối thiểu 30% GRDP; tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40%.

PHỤ LỤC
CÁC CHỈ TIÊU
STT Chỉ tiêu Năm
2025
Năm
2030
Năm
2035
I Phát triển hạ tầng
1 Tỷ lệ phủ sóng 5G trên địa bàn 5G
(> 60%)
5G
(100%) 6G (50%)
2
Tỷ lệ người dùng truy cập băng rộng
trên 01 Gbps/s.
> 25% 100% -
II Phát triển nguồn lực
3 Trung tâm an ninh mạng cấp tỉnh Có Duy trì/
nâng cấp -
4 Số người nghiên cứu trên 01 vạn dân 7 12 20
"""


def indicators():
    return {i.name: i for i in extract_text(PLAN, "cao-bang.txt").indicators}


def test_table_rows_with_names_over_several_lines_and_cells_of_every_shape():
    found = indicators()
    rows = {name: {t.period: t.text for t in i.targets} for name, i in found.items() if i.group}
    assert rows["Tỷ lệ phủ sóng 5G trên địa bàn"] == {"2025": "5G (>60%)", "2030": "5G (100%)", "2035": "6G (50%)"}
    assert rows["Tỷ lệ người dùng truy cập băng rộng trên 01 Gbps/s"] == {"2025": ">25%", "2030": "100%"}
    assert rows["Trung tâm an ninh mạng cấp tỉnh"] == {"2025": "Có", "2030": "Duy trì/nâng cấp"}
    assert rows["Số người nghiên cứu trên 01 vạn dân"] == {"2025": "7", "2030": "12", "2035": "20"}


def test_groups_come_from_the_roman_rows():
    found = indicators()
    assert found["Trung tâm an ninh mạng cấp tỉnh"].group == "Phát triển nguồn lực"


def test_targets_stated_in_the_body_take_the_year_of_their_goal():
    found = indicators()
    digital = [i for name, i in found.items() if name.startswith("Quy mô kinh tế số")]
    assert digital and digital[0].targets[0].period == "2030"
    assert digital[0].targets[0].text == "tối thiểu 30% GRDP"
    assert digital[0].targets[0].comparator == ">=" and digital[0].targets[0].value == 30.0


def test_parsed_comparators_and_values():
    target = indicators()["Tỷ lệ người dùng truy cập băng rộng trên 01 Gbps/s"].targets[0]
    assert (target.comparator, target.value, target.unit) == (">", 25.0, "%")


def test_a_goal_restated_for_a_later_year_is_one_indicator():
    text = PLAN.replace(
        "PHỤ LỤC", "2. Tầm nhìn đến năm 2045\n- Có quy mô kinh tế số đạt tối thiểu 50% GRDP.\n\nPHỤ LỤC"
    )
    found = {i.name: i for i in extract_text(text, "cao-bang.txt").indicators}
    digital = [i for name, i in found.items() if name.startswith("Quy mô kinh tế số")]
    assert len(digital) == 1
    assert {t.period: t.text for t in digital[0].targets} == {
        "2030": "tối thiểu 30% GRDP",
        "2045": "tối thiểu 50% GRDP",
    }


@pytest.mark.parametrize(
    "written,comparator,value,upper,unit,qualifier",
    [
        ("5G (> 60%)", ">", 60.0, None, "%", "5G"),
        ("tối thiểu 10%", ">=", 10.0, None, "%", None),
        ("t5i thiểu 10%", ">=", 10.0, None, "%", None),  # OCR: a digit for a letter of the comparator
        ("8 - 10%", None, 8.0, 10.0, "%", None),
        ("> 0,75", ">", 0.75, None, None, None),
        ("≥ 50%", ">=", 50.0, None, "%", None),
        ("trên 55%", ">", 55.0, None, "%", None),
        ("2% GDP", None, 2.0, None, "%", "GDP"),
        ("10 người trên một vạn dân", None, 10.0, None, "người", "trên một vạn dân"),
        ("Tối thiểu 30 doanh nghiệp", ">=", 30.0, None, "doanh nghiệp", None),
        ("1.000 doanh nghiệp", None, 1000.0, None, "doanh nghiệp", None),  # "." between thousands
        ("khoảng 1,5 - 2%", "~", 1.5, 2.0, "%", None),
        ("Nhóm dẫn đầu", None, None, None, None, None),
        ("-", None, None, None, None, None),
    ],
)
def test_a_target_keeps_comparator_value_unit_and_qualifier_apart(written, comparator, value, upper, unit, qualifier):
    target = parse_target("2030", written, fold(written))
    assert (target.comparator, target.value, target.upper, target.unit, target.qualifier) == (
        comparator,
        value,
        upper,
        unit,
        qualifier,
    )
    assert target.text == written
