"""The page a task or an indicator was read from: a form feed (which pdftotext and the document
readers put between pages) starts a page; the report, the graph and the view's details say it."""

from __future__ import annotations

import hashlib

from plankg.graph.namespaces import PK
from plankg.graph.rdf_build import build_quads
from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from plankg.loaders.source import SourceText, page_starts
from tests.texts import PARTY_PLAN_OPENING

PLAN = (
    PARTY_PLAN_OPENING
    + """Quán triệt sâu sắc Nghị quyết.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng Tỉnh ủy chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch, báo cáo Ban Thường vụ Tỉnh ủy.
\f2. Sở Khoa học và Công nghệ chủ trì xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh trong năm 2025.
\f3. Sở Tài chính chủ trì bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách hằng năm của tỉnh.
"""
)


def test_a_form_feed_starts_a_page_on_the_line_after_it():
    assert page_starts("a\nb\fc\r\nd\n\fe") == [1, 3, 6]
    text = SourceText("t", "a\nb\fc\nd\n\fe")
    assert [text.page_of(k) for k in range(1, 7)] == [1, 1, 2, 2, 2, 3]
    assert text.text.split("\n")[2] == "c"  # the line numbers the recognisers give are these


def test_each_task_names_the_page_it_was_read_from():
    report = report_dict(extract_text(PLAN, "p.txt"))
    pages = {a["agency"]: a["page"] for a in report["assignments"]}
    assert report["pages"] == 3
    assert pages["Văn phòng Tỉnh ủy"] == 1
    assert pages["Sở Khoa học và Công nghệ"] == 2
    assert pages["Sở Tài chính"] == 3


def test_the_graph_keeps_the_page_and_a_text_of_one_page_says_none():
    quads = build_quads(extract_text(PLAN, "p.txt"), hashlib.sha256(PLAN.encode()).hexdigest())
    assert sorted(int(q.object.value) for q in quads if q.predicate.value == PK + "page") == [1, 2, 3]
    one_page = PLAN.replace("\f", "")
    quads = build_quads(extract_text(one_page, "p.txt"), hashlib.sha256(one_page.encode()).hexdigest())
    assert not [q for q in quads if q.predicate.value == PK + "page"]
    assert "page" not in report_dict(extract_text(one_page, "p.txt"))["assignments"][0]


TABLES = (
    PARTY_PLAN_OPENING
    + """Quán triệt sâu sắc Nghị quyết.
II. CÁC CHỈ TIÊU
Chỉ tiêu | Đơn vị tính | 2025 | 2030
Tỷ trọng kinh tế số trong GRDP | % | 15 | 30
Tỷ lệ dân số trưởng thành có chữ ký số | % | 50 | 80

III. TỔ CHỨC THỰC HIỆN
Các nhiệm vụ cụ thể tại bảng sau:
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
| 1 | Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh | Sở Khoa học và Công nghệ | Sở Tài chính | 2025 |
| 2 | Bố trí kinh phí thực hiện Kế hoạch trong dự toán hằng năm | Sở Tài chính | | Hằng năm |
"""
)


def test_what_a_table_gave_names_its_table_and_row_in_the_report_the_graph_and_the_view():
    report = report_dict(extract_text(TABLES, "t.txt"))
    rows = {(a["agency"], a["role"]): (a.get("table"), a.get("row")) for a in report["assignments"]}
    assert rows[("Sở Khoa học và Công nghệ", "lead")] == (2, "1")  # the second table of the text
    assert rows[("Sở Tài chính", "coordinate")] == (2, "1")
    assert rows[("Sở Tài chính", "lead")] == (2, "2")
    assert [(i.get("table"), i.get("row")) for i in report["indicators"]] == [(1, "1"), (1, "2")]
    quads = build_quads(extract_text(TABLES, "t.txt"), hashlib.sha256(TABLES.encode()).hexdigest())
    tables = sorted(int(q.object.value) for q in quads if q.predicate.value == PK + "sourceTable")
    assert tables == [1, 1, 2, 2, 2]
    assert sorted(q.object.value for q in quads if q.predicate.value == PK + "sourceRow") == ["1", "1", "1", "2", "2"]


def test_what_the_running_text_gave_names_no_table():
    report = report_dict(extract_text(PLAN, "p.txt"))
    assert all("table" not in a and "row" not in a for a in report["assignments"])
