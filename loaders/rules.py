"""The ids of the extraction rules, with what each reads: every assignment and indicator carries
the id of the rule that produced it (the report's ``rule``, ``pk:extractionRule`` in the graph),
and ``python -m tests.score_rules`` prints each rule's hits and precision over the annotated texts.
A partner ("phối hợp với X") read by a rule carries that rule's id with ``/partner``."""

from __future__ import annotations

ASSIGNMENT_RULES: dict[str, str] = {
    "heading-bodies-then-task": 'a numbered item opens with its bodies, then its task ("2. Ban Tuyên giáo … chủ trì …")',
    "bullet-under-heading-bodies": "a bullet under an item whose heading names the bodies",
    "bullet-own-bodies": 'a bullet that opens with its own body ("- Sở X: …", "- Định kỳ …, X báo cáo …")',
    "bodies-then-task": "a unit's bodies before its task, found where no heading gives them",
    "unit-opening-bodies": "an item's opening sentence names the bodies that lead it",
    "clause-bodies-then-task": "a clause of a sentence opens with its bodies",
    "clause-own-subject": 'a clause of a task opens with a subject of its own ("…; Ban Chỉ đạo tổng hợp, báo cáo …")',
    "clause-partner": 'a body a clause names as a partner ("phối hợp với X", "(qua X)")',
    "chu-tri-in-text": '"X chủ trì" inside a task\'s text, or in parentheses after it',
    "labelled-fields": '"Cơ quan chủ trì: X; Cơ quan phối hợp: Y; Thời gian: …" after a task',
    "sub-items-cited": 'a task that cites the plan\'s own sub-items ("tiểu mục 3.6, 3.7 (…)")',
    "reported-sentence": 'a news page\'s sentence that gives its bodies a task ("Chủ tịch UBND tỉnh giao Sở X chủ trì …")',
    "table-raw": "a task table written one cell per line",
    "table-aligned": "a task table laid out in columns by position (pdftotext -layout)",
    "table-pipe": 'a task table with "|" between its cells (a Word or HTML table written out)',
}
INDICATOR_RULES: dict[str, str] = {
    "body-target": 'a target stated in the text ("… đạt tối thiểu 30% GRDP")',
    "annex-row-cells-by-shape": "an annex row whose columns were lost, its cells told apart by their shape",
    "table-aligned": "an indicator table laid out in columns by position",
    "table-pipe": 'an indicator table with "|" between its cells',
}


def known(rule: str, rules: dict[str, str]) -> bool:
    """Whether ``rule`` (perhaps with its "/partner" suffix) is one of ``rules``."""
    return rule.split("/")[0] in rules
