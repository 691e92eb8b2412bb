"""The general rules hold on OCR-damaged copies of a plan written for the test (not a corpus file)."""

import pytest

from plankg.loaders.extract import extract_text
from tests.ocr_noise import damage
from tests.test_assignments import PLAN

CLEAN = extract_text(PLAN, "clean.txt")


def test_the_noise_is_real():
    noisy = damage(PLAN, seed=1, level=0.5)
    assert noisy != PLAN
    assert sum(a != b for a, b in zip(noisy.split(), PLAN.split())) > 20


@pytest.mark.parametrize("seed", range(12))
def test_numbers_survive_ocr_damage(seed):
    report = extract_text(damage(PLAN, seed, level=0.4), "noisy.txt")
    assert {r.number.canonical for r in report.references} >= {"57-NQ/TW", "12-KH/TU"}
    assert report.document.number and report.document.number.canonical == "99-KH/TU"


@pytest.mark.parametrize("seed", range(12))
def test_agencies_and_tasks_survive_moderate_damage(seed):
    report = extract_text(damage(PLAN, seed, level=0.25), "noisy.txt")
    clean_agencies = {a.name for a in CLEAN.agencies}
    found = {a.name for a in report.agencies}
    assert len(found & clean_agencies) >= 0.6 * len(clean_agencies)
    leads = {(a.agency, a.section) for a in report.assignments if a.role == "lead"}
    clean_leads = {(a.agency, a.section) for a in CLEAN.assignments if a.role == "lead"}
    assert len(leads & clean_leads) >= 0.5 * len(clean_leads)
