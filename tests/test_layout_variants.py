"""The same plan in every layout gives the same extraction.

Each annotated text (the shared gold texts and the written examples) is re-rendered in seeded
layout variants (``tests/variants.py``: a legal database's or a portal's page around it, header
cells split by table residue, page numbers where pages break, double spacing, OCR damage) and
scored against its own annotation. A variant may lose little against the plain text; a failing
variant is named with its seed, so that ``make_variant(text, name, seed)`` makes it again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from tests.score_extraction import score
from tests.variants import make_variant, variant_names

HERE = Path(__file__).parent
TEXTS = {
    "quang-ninh-538-KH-TU": (HERE.parent / "corpus", HERE / "gold"),
    "thai-nguyen-62-CTr-TU-ocr": (HERE.parent / "corpus", HERE / "gold"),
    "example-party-plan": (HERE / "dev", HERE / "dev"),
    "example-government-programme": (HERE / "dev", HERE / "dev"),
}
PARTS = ("references", "agencies", "assignments", "indicators")
# ten a text in the suite; PLANKG_VARIANTS=100 draws a hundred (a longer run, the same seeds first)
VARIANTS_PER_TEXT = int(os.environ.get("PLANKG_VARIANTS", "10"))
# What a variant may lose on any part against the plain text: a layout changes nothing that was
# said; OCR damage (a fifth of the words) does, and is held to what the damaged-text tests allow.
LOSS, OCR_LOSS = 0.02, 0.10


def _cases() -> list[tuple[str, str, int]]:
    return [
        (name, variant, seed)
        for k, name in enumerate(sorted(TEXTS))
        for seed, variant in enumerate(variant_names(VARIANTS_PER_TEXT, seed=k), start=100 * k)
    ]


_PLAIN: dict[str, dict] = {}


def _plain_score(name: str, text: str, gold: dict) -> dict:
    if name not in _PLAIN:
        _PLAIN[name] = score(report_dict(extract_text(text, f"{name}.txt")), gold)
    return _PLAIN[name]


@pytest.mark.parametrize("name,variant,seed", _cases(), ids=[f"{n}:{v}:{s}" for n, v, s in _cases()])
def test_a_layout_variant_reads_as_the_plain_text(name, variant, seed):
    text_dir, gold_dir = TEXTS[name]
    text = (text_dir / f"{name}.txt").read_text("utf-8")
    gold = json.loads((gold_dir / f"{name}.json").read_text("utf-8"))
    plain = _plain_score(name, text, gold)
    changed = make_variant(text, variant, seed)
    assert changed != text
    result = score(report_dict(extract_text(changed, f"{name}.txt")), gold)
    allowed = OCR_LOSS if "ocr" in variant.split("+") else LOSS
    lost = {
        part: (plain[part]["f1"], result[part]["f1"])
        for part in PARTS
        if result[part]["f1"] < plain[part]["f1"] - allowed
    }
    assert not lost, f"make_variant(text, {variant!r}, {seed}) loses {lost}"
    wrong = [field for field, right in result["document"].items() if plain["document"].get(field) and not right]
    assert not wrong, f"make_variant(text, {variant!r}, {seed}) gets {wrong} wrong"
