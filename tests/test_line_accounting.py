"""Every line accounted for: what extraction could not read is said — in the report, to the
user, and in the graph — never lost in silence."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from plankg.loaders.accounting import ANNEX_ABSENT, NO_BODY
from plankg.loaders.extract import extract_file, extract_text
from plankg.loaders.report import report_dict
from tests.texts import PARTY_PLAN_OPENING

HERE = Path(__file__).parent

PLAN = (
    PARTY_PLAN_OPENING
    + """Quán triệt sâu sắc Nghị quyết; các chỉ tiêu cụ thể tại Phụ lục I kèm theo.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng Tỉnh ủy chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch; định kỳ
6 tháng tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy.
2. Tăng cường công tác kiểm tra, giám sát việc thực hiện các nhiệm vụ
trong toàn hệ thống chính trị, bảo đảm thực chất, hiệu quả.
"""
)


@pytest.fixture(scope="module")
def plan_report():
    return extract_text(PLAN, "plan.txt")


def test_a_task_part_item_that_names_no_body_is_reported_unread_with_its_lines(plan_report):
    unread = [s for s in plan_report.lines.unread if s.reason == NO_BODY]
    assert [(s.first_line, s.last_line) for s in unread] == [(14, 15)]
    assert unread[0].words.startswith("2. Tăng cường")
    assert plan_report.lines.task_lines == 4 and plan_report.lines.task_read == 2


def test_an_annex_cited_but_not_in_the_text_is_named_where_it_is_cited(plan_report):
    assert plan_report.lines.missing_annexes == ["Phụ lục I"]
    absent = [s for s in plan_report.lines.unread if s.reason == ANNEX_ABSENT]
    assert [(s.first_line, s.words) for s in absent] == [(10, "Phụ lục I")]


def test_the_summary_names_the_unread_share_and_the_first_unread_lines(plan_report):
    summary = plan_report.lines.summary()
    assert summary.startswith("2 of 4 lines of the task part unread")
    assert "Phụ lục I" in summary and "lines 14–15: no body named" in summary


def test_the_json_report_lists_the_unread_spans_and_the_read_shares(plan_report):
    report = report_dict(plan_report)
    assert report["read"]["task_part"] == {"lines": 4, "read": 2, "share": 0.5}
    assert {"lines": [14, 15], "reason": NO_BODY} in [{k: u[k] for k in ("lines", "reason")} for u in report["unread"]]


def test_a_text_read_in_full_reports_nothing_unread():
    text = PLAN.replace("2. Tăng cường công tác", "2. Ban Tổ chức Tỉnh ủy tăng cường công tác").replace(
        "; các chỉ tiêu cụ thể tại Phụ lục I kèm theo", ""
    )
    lines = extract_text(text, "plan.txt").lines
    assert lines.unread == [] and lines.summary() is None and lines.task_share == 1.0


@pytest.mark.parametrize(
    "name",
    [
        "quang-ninh-538-KH-TU.txt",
        "lang-son-238-KH-TU-ocr.txt",
        "thai-nguyen-62-CTr-TU-ocr.txt",
        "quang-ninh-action-programme-ocr.txt",
        "quang-ninh-news-article-ocr.txt",
    ],
)
def test_every_line_of_a_bundled_text_has_exactly_one_kind(corpus, name):
    report = extract_file(corpus[name])
    covered: dict[int, str] = {}
    for span in report.lines.spans:
        if span.reason == ANNEX_ABSENT:
            continue  # a note on a line that has its own kind
        for k in range(span.first_line, span.last_line + 1):
            assert k not in covered, (k, covered[k], span.kind)
            covered[k] = span.kind
    text_lines = corpus[name].read_text("utf-8").split("\n")
    blank = {k for k, line in enumerate(text_lines, start=1) if not line.strip() or not any(c.isalnum() for c in line)}
    assert set(range(1, len(text_lines) + 1)) - blank <= set(covered) | blank
    assert all(k in covered for k in range(1, len(text_lines) + 1) if k not in blank)


def test_the_annex_tables_of_the_government_example_are_read_in_full():
    lines = extract_file(HERE / "dev" / "example-government-programme.txt").lines
    assert lines.annex_lines > 150 and lines.annex_read == lines.annex_lines


def test_the_538_annex_rows_left_unread_are_the_rows_no_indicator_came_from(corpus):
    report = extract_file(corpus["quang-ninh-538-KH-TU.txt"])
    read_rows = {k for i in report.indicators for k in range(min(i.lines), max(i.lines) + 1)}
    for span in report.lines.unread:
        assert not read_rows & set(range(span.first_line, span.last_line + 1)), span


def test_the_graph_records_what_was_not_read(built_memory_store):
    rows = list(
        built_memory_store.query("""
        PREFIX pk: <https://w3id.org/plankg/ontology#>
        SELECT ?share ?annex WHERE {
          GRAPH ?g { ?doc pk:missingAnnex ?annex . ?g pk:taskPartReadShare ?share . ?doc <http://data.europa.eu/eli/ontology#id_local> "238-KH/TU" }
        }""")
    )
    assert {str(r["annex"].value) for r in rows} >= {"Phụ lục I"}
    assert all(0 < float(r["share"].value) < 1 for r in rows)
    spans = list(
        built_memory_store.query("""
        PREFIX pk: <https://w3id.org/plankg/ontology#>
        SELECT ?span ?first ?reason WHERE { GRAPH ?g { ?g pk:unreadSpan ?span . ?span pk:firstLine ?first ; pk:reason ?reason } }""")
    )
    assert spans and all(isinstance(r["first"], ox.Literal) for r in spans)


def test_build_prints_one_line_for_each_source_with_unread_lines(run, corpus, tmp_path):
    result = run(
        "build", str(corpus["lang-son-238-KH-TU-ocr.txt"]), "-o", str(tmp_path / "out.trig"), store=tmp_path / "store"
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "238-KH/TU:" in line]
    assert len(lines) == 1 and "lines of the task part unread" in lines[0] and "Phụ lục I" in lines[0]


def test_the_annexes_238_KH_TU_cites_are_named_though_ocr_reads_II_as_11(corpus):
    lines = extract_file(corpus["lang-son-238-KH-TU-ocr.txt"]).lines
    assert lines.missing_annexes == ["Phụ lục I", "Phụ lục II"]
