"""Every extracted item names the rule that read it, and that rule is a registered one."""

from __future__ import annotations

from pathlib import Path

import pytest

from plankg.loaders.extract import extract_file, extract_text
from plankg.loaders.rules import ASSIGNMENT_RULES, INDICATOR_RULES, known
from tests.table_variants import make_table_plan

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    "path",
    [
        HERE / "dev" / "example-party-plan.txt",
        HERE / "dev" / "example-government-programme.txt",
        HERE.parent / "corpus" / "quang-ninh-538-KH-TU.txt",
    ],
    ids=lambda p: p.stem,
)
def test_every_item_names_a_registered_rule(path):
    report = extract_file(path)
    assert report.assignments and report.indicators
    assert [a.rule for a in report.assignments if not known(a.rule, ASSIGNMENT_RULES)] == []
    assert [i.rule for i in report.indicators if not known(i.rule, INDICATOR_RULES)] == []


@pytest.mark.parametrize("form", ["raw", "aligned", "pipe"])
def test_a_table_row_names_its_table_form(form):
    text, _ = make_table_plan(1, form, ocr=False)
    rules = {a.rule.split("/")[0] for a in extract_text(text, "t.txt").assignments}
    assert rules == {f"table-{form}"}
