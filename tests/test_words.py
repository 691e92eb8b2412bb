"""The closed sets of words of the extraction records (roles, deadline precisions, document
types) are enums whose members are their words: the JSON report and the RDF read as before."""

from __future__ import annotations

import json

from plankg.loaders.deadlines import find_deadline
from plankg.loaders.extract import extract_text
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.models import DeadlinePrecision, DocumentType, Role
from plankg.loaders.normalize import ocr_fold
from plankg.loaders.report import report_dict

PLAN = """TỈNH ỦY QUẢNG NINH
Số 12-KH/TU
KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị
I. NHIỆM VỤ
1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính xây dựng đề án chuyển đổi số, hoàn thành trong quý II/2026.
"""


def test_a_member_is_its_word_in_json_and_in_text():
    assert json.dumps([Role.LEAD, DeadlinePrecision.SCHOOL_YEAR]) == '["lead", "school-year"]'
    assert f"{Role.COORDINATE}" == str(Role.COORDINATE) == "coordinate"
    assert {"lead": 1}[Role.LEAD] == 1


def test_every_kind_of_the_gazetteers_type_codes_is_a_document_type():
    gaz = load_gazetteer()
    for code in gaz.doc_types:
        assert isinstance(gaz.type_kind(code), DocumentType), code
    assert gaz.type_kind("no such code") is DocumentType.OTHER


def test_a_quarter_deadline_has_the_quarter_precision():
    deadline = find_deadline(ocr_fold("xây dựng đề án, hoàn thành trong quý II/2026."))
    assert deadline is not None and deadline.precision is DeadlinePrecision.QUARTER


def test_an_extracted_plan_carries_the_words_as_members_and_reports_them_as_words():
    report = extract_text(PLAN, "plan.txt")
    assert report.document.kind is DocumentType.PLAN
    roles = {(a.agency, a.role) for a in report.assignments}
    assert ("Sở Khoa học và Công nghệ", Role.LEAD) in roles
    assert all(type(a.role) is Role for a in report.assignments)
    written = json.loads(json.dumps(report_dict(report), ensure_ascii=False))
    assert written["document"]["kind"] == "plan"
    assert {a["role"] for a in written["assignments"]} <= {"lead", "coordinate"}
