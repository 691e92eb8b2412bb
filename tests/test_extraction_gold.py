"""Regression against the hand annotations: the two bundled texts (copies in ``gold/``) and the two
written examples of other layout families (copies in ``dev/``: a party plan with tasks in part III
and two annex tables, a Government resolution issuing its programme). The examples are test
material, not part of the bundled corpus.

Every text is also scored after OCR-like damage (``ocr_noise``, 60 % of the words touched, two
seeds): the rules must hold on damaged text too. Thresholds sit under what extraction reaches
today; the figures are in docs/extraction.md.
"""

import json
from pathlib import Path

import pytest

from plankg.loaders.extract import extract_file, extract_text
from plankg.loaders.report import report_dict
from tests.ocr_noise import damage
from tests.score_extraction import score

HERE = Path(__file__).parent
PARTS = ("references", "agencies", "assignments", "indicators")

# text -> (annotation, minimum F1 of every part on the clean text)
TEXTS = {
    "quang-ninh-538-KH-TU": (HERE / "gold" / "quang-ninh-538-KH-TU.json", 0.93),
    "thai-nguyen-62-CTr-TU-ocr": (HERE / "gold" / "thai-nguyen-62-CTr-TU-ocr.json", 0.94),
    "example-party-plan": (HERE / "dev" / "example-party-plan.json", 0.90),
    "example-government-programme": (HERE / "dev" / "example-government-programme.json", 0.90),
}
DAMAGED_MINIMUM = 0.80

# The bundled texts annotated later, by hand from the texts alone: part -> floor (today's F1 less
# 0.02, so that a regression fails; the figures they must reach are in docs/extraction.md).
BUNDLED_GOLD = {
    # indicators: "…, trong đó 100% …" is a target of its own, which its annotation folds into the one before
    "quang-ninh-action-programme-ocr": {"references": 0.98, "agencies": 0.86, "assignments": 0.98, "indicators": 0.77},
    "lang-son-238-KH-TU-ocr": {"references": 0.98, "agencies": 0.86, "assignments": 0.97, "indicators": 0.48},
    "quang-ninh-news-article-ocr": {"references": 0.98, "agencies": 0.48},
}


def _text_path(name: str, corpus: dict[str, Path]) -> Path:
    return corpus.get(f"{name}.txt") or HERE / "dev" / f"{name}.txt"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_extraction_scores_on_clean_text(name, corpus):
    gold_path, minimum = TEXTS[name]
    result = score(report_dict(extract_file(_text_path(name, corpus))), json.loads(gold_path.read_text("utf-8")))
    assert all(result["document"].values()), result["document"]
    for part in PARTS:
        assert result[part]["f1"] >= minimum, (part, result[part])
    assert result["assignments"]["deadline_accuracy"] >= 0.9
    assert result["indicators"]["target_accuracy"] >= 0.9


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_extraction_scores_on_damaged_text(name, seed, corpus):
    gold_path, _ = TEXTS[name]
    text = _text_path(name, corpus).read_text("utf-8")
    noisy = damage(text, seed, level=0.6)
    assert noisy != text
    result = score(report_dict(extract_text(noisy, f"{name}.txt")), json.loads(gold_path.read_text("utf-8")))
    assert sum(result["document"].values()) >= len(result["document"]) - 1, result["document"]
    for part in PARTS:
        assert result[part]["f1"] >= DAMAGED_MINIMUM, (part, result[part])


@pytest.mark.parametrize("name", sorted(BUNDLED_GOLD))
def test_bundled_texts_hold_their_scores_against_their_annotations(name, corpus):
    gold = json.loads((HERE / "gold" / f"{name}.json").read_text("utf-8"))
    result = score(report_dict(extract_file(corpus[f"{name}.txt"])), gold)
    assert all(result["document"].values()), result["document"]
    for part, floor in BUNDLED_GOLD[name].items():
        assert result[part]["f1"] >= floor, (part, result[part])
