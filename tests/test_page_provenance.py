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
