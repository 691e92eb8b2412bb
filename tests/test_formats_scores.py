"""The annotated texts published as Word files, born-digital PDFs, saved web pages and scans
(``render_documents``), read back and scored against the same annotations as the texts: a
format must lose nothing the text gives (Word and PDF within 0.02 of the text on every part,
the web page at least the text), and a table whose cells the file knows must be read by cell.

The scan is one page (OCR takes seconds a page on two cores): the page of a task annex, whose
rows must come back with their tasks and bodies. Whole scans are scored by ``bench/formats.py``.
"""

import json
from pathlib import Path

import pytest

from plankg.loaders.documents import read_document
from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from tests.render_documents import to_docx, to_html, to_pdf, to_scan
from tests.score_extraction import score, score_assignments
from tests.test_formats import needs_ocr

HERE = Path(__file__).parent
PARTS = ("references", "agencies", "assignments", "indicators")
# text -> its annotation; the two examples hold task annexes, the bundled plan an indicator annex
# (every annotated text is scored in every format by bench/formats.py)
TEXTS = {
    "quang-ninh-538-KH-TU": HERE / "gold" / "quang-ninh-538-KH-TU.json",
    "example-party-plan": HERE / "dev" / "example-party-plan.json",
    "example-government-programme": HERE / "dev" / "example-government-programme.json",
}
TASK_TABLES = ("example-party-plan", "example-government-programme")
RENDER = {"docx": to_docx, "pdf": to_pdf, "html": to_html}
pytestmark = pytest.mark.slow  # gold scoring: a few seconds a text and format, OCR seconds a page


def _text(name: str, corpus: dict[str, Path]) -> str:
    return (corpus.get(f"{name}.txt") or HERE / "dev" / f"{name}.txt").read_text("utf-8")


def _scores(text: str, name: str) -> dict[str, float]:
    result = score(report_dict(extract_text(text, f"{name}.txt")), json.loads(TEXTS[name].read_text("utf-8")))
    return {part: result[part]["f1"] for part in PARTS} | {"document": sum(result["document"].values())}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, corpus) -> dict[tuple[str, str], dict[str, float]]:
    """(text, format) -> scores; format "txt" is the text itself."""
    folder = tmp_path_factory.mktemp("formats")
    out = {}
    for name in TEXTS:
        text = _text(name, corpus)
        out[name, "txt"] = _scores(text, name)
        for fmt, render in RENDER.items():
            read, _, _ = read_document(render(text, folder / f"{name}.{fmt}"))
            out[name, fmt] = _scores(read, name)
    return out


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_word_and_pdf_score_within_two_hundredths_of_the_text(rendered, name, fmt):
    clean, got = rendered[name, "txt"], rendered[name, fmt]
    for part in PARTS:
        assert got[part] >= clean[part] - 0.02, (part, got, clean)
    assert got["document"] == clean["document"], (got, clean)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_saved_web_page_scores_at_least_the_text(rendered, name):
    clean, got = rendered[name, "txt"], rendered[name, "html"]
    for part in PARTS:
        assert got[part] >= clean[part], (part, got, clean)
    assert got["document"] == clean["document"], (got, clean)


@pytest.mark.parametrize("fmt", sorted(RENDER))
@pytest.mark.parametrize("name", TASK_TABLES)
def test_task_tables_read_as_cells_give_the_assignments(rendered, name, fmt):
    assert rendered[name, fmt]["assignments"] >= 0.95, rendered[name, fmt]


@needs_ocr
def test_a_scanned_task_annex_page_gives_its_rows_tasks_and_bodies(tmp_path, corpus):
    """A page in the middle of the party plan's task annex (its header repeated above rows 2-16),
    scanned at 200 dpi with blur, skew and specks: the assignments of the rows the born-digital
    page holds come back from the scan."""
    text = _text("example-party-plan", corpus)
    pdf = to_pdf(text, tmp_path / "plan.pdf")
    born_digital, _, _ = read_document(pdf)
    page = born_digital.split("\f")[SCANNED_PAGE - 1]
    rows = {line.split("|")[1].strip() for line in page.split("\n") if line.startswith("| ")}
    expected = [
        a
        for a in json.loads(TEXTS["example-party-plan"].read_text("utf-8"))["assignments"]
        if a["section"].startswith("PL01.") and a["section"].split(".")[1] in rows
    ]
    assert len(expected) >= 20  # the page holds a good part of the annex
    scan = to_scan(pdf, tmp_path / "scan", dpi=200, seed=1, pages=(SCANNED_PAGE, SCANNED_PAGE))
    read, _, _ = read_document(scan)
    result = score_assignments(report_dict(extract_text(read, "plan.txt"))["assignments"], expected, "Hà Tĩnh")
    assert result["recall"] >= 0.85 and result["precision"] >= 0.85, result


SCANNED_PAGE = 8
