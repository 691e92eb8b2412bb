"""Texts of families written and annotated apart from the rules (``tests/unseen/README.md``): each
part holds its floor (today's F1 less 0.02), and the document's own fields are right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from tests.ocr_noise import damage
from tests.score_extraction import score

HERE = Path(__file__).parent / "unseen"
FLOORS = {
    "city-action-programme": {"references": 0.98, "agencies": 0.94, "assignments": 0.80, "indicators": 0.81},
    "ministry-decision-layout-table": {"references": 0.98, "agencies": 0.83, "assignments": 0.85, "indicators": 0.98},
    "party-plan-indicators": {"references": 0.98, "agencies": 0.93, "assignments": 0.90, "indicators": 0.98},
    "pc-plan-pipe-table": {"references": 0.98, "agencies": 0.89, "assignments": 0.90, "indicators": 0.98},
    "pc-plan-raw-table-ocr": {"references": 0.98, "agencies": 0.92, "assignments": 0.95, "indicators": 0.65},
    "pc-plan-raw-table": {"references": 0.98, "agencies": 0.92, "assignments": 0.91, "indicators": 0.78},
    "city-pc-plan-mixed": {"references": 0.98, "agencies": 0.81, "assignments": 0.8, "indicators": 0.91},
    "commune-party-plan": {"references": 0.98, "agencies": 0.85, "assignments": 0.98, "indicators": 0.78},
    "db-page-decision-annex": {"references": 0.98, "agencies": 0.91, "assignments": 0.89, "indicators": 0.7},
    "ministry-plan-units": {"references": 0.98, "agencies": 0.86, "assignments": 0.92, "indicators": 0.86},
    "party-programme-no-diacritics": {"references": 0.88, "agencies": 0.93, "assignments": 0.83, "indicators": 0.81},
    "pc-plan-prose-part3": {"references": 0.98, "agencies": 0.9, "assignments": 0.94, "indicators": 0.51},
    "council-resolution-articles": {"references": 0.98, "agencies": 0.91, "assignments": 0.95, "indicators": 0.64},
    "department-plan-ocr": {"references": 0.98, "agencies": 0.82, "assignments": 0.88, "indicators": 0.59},
    "district-party-programme": {"references": 0.98, "agencies": 0.78, "assignments": 0.93, "indicators": 0.69},
    "province-pc-plan-aligned-ocr": {"references": 0.98, "agencies": 0.92, "assignments": 0.93, "indicators": 0.81},
    "special-zone-plan": {"references": 0.83, "agencies": 0.85, "assignments": 0.95, "indicators": 0.85},
    "ward-pc-plan-table": {"references": 0.98, "agencies": 0.84, "assignments": 0.96, "indicators": 0.88},
    "city-party-plan-ocr-raw": {"references": 0.98, "agencies": 0.92, "assignments": 0.98, "indicators": 0.78},
    "gov-resolution-programme": {"references": 0.98, "agencies": 0.92, "assignments": 0.96, "indicators": 0.78},
    "news-article-tasks": {"references": 0.88, "agencies": 0.89, "assignments": 0.98},  # its targets are not read yet
    "pc-decision-layout-annex": {"references": 0.98, "agencies": 0.88, "assignments": 0.89, "indicators": 0.98},
    "province-party-plan-annex-raw": {"references": 0.98, "agencies": 0.86, "assignments": 0.91, "indicators": 0.7},
    "sector-plan-mixed": {"references": 0.98, "agencies": 0.73, "assignments": 0.63, "indicators": 0.81},
}
# Where an annotation and plankg differ on a document field by convention, not by a misreading:
# these annotations also list what a cited plan implements ("Thực hiện Kế hoạch số 203/KH-UBND … về
# thực hiện Nghị quyết số 57-NQ/TW"); plankg lists only what the text itself implements.
FIELD_CONVENTIONS = {
    "city-pc-plan-mixed": {"implements"},
    "pc-plan-prose-part3": {"implements"},
    "department-plan-ocr": {"implements"},
    "province-pc-plan-aligned-ocr": {"implements"},
    "pc-decision-layout-annex": {"implements"},
    # a news page's issuer is the paper in its annotation; plankg names no issuer for an article
    "news-article-tasks": {"issuer"},
    # the annotation counts a resolution that replaces parts of another's appendix as superseding it
    "gov-resolution-programme": {"supersedes"},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_text_written_apart_from_the_rules_holds_its_floors(name):
    text = (HERE / f"{name}.txt").read_text("utf-8")
    result = score(
        report_dict(extract_text(text, f"{name}.txt")), json.loads((HERE / f"{name}.json").read_text("utf-8"))
    )
    wrong = {field for field, right in result["document"].items() if not right}
    assert wrong <= FIELD_CONVENTIONS.get(name, set()), result["document"]
    low = {part: result[part]["f1"] for part, floor in FLOORS[name].items() if result[part]["f1"] < floor}
    assert not low, (name, low)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_ocr_damage_costs_a_text_written_apart_little(name):
    """The same text with a third of its words damaged as OCR damages them (lost or wrong marks,
    digits for letters) reads nearly as well: no rule of a family leans on clean spelling."""
    text = (HERE / f"{name}.txt").read_text("utf-8")
    gold = json.loads((HERE / f"{name}.json").read_text("utf-8"))
    clean = score(report_dict(extract_text(text, f"{name}.txt")), gold)["assignments"]["f1"]
    damaged = [
        score(report_dict(extract_text(damage(text, seed=seed, level=0.3), f"{name}.txt")), gold)["assignments"]["f1"]
        for seed in (1, 2)
    ]
    assert sum(damaged) / len(damaged) >= clean - 0.15, (clean, damaged)
