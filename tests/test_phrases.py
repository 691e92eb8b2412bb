"""Rule phrases compiled from Vietnamese to the OCR-folded, damage-tolerant form."""

import pytest

from plankg.loaders.phrases import compile_phrases


@pytest.mark.parametrize("folded_text", ["phoi hop voi", "phdi hop vei", "ph0i h0p v0i", "pho1 hop voi"])
def test_a_phrase_matches_its_ocr_damaged_forms(folded_text):
    assert compile_phrases("phối hợp với").search(folded_text)


@pytest.mark.parametrize(
    "phrase,other", [("chủ trì", "chi tra"), ("chủ trì", "chu trinh"), ("phối hợp", "phoi hopdong")]
)
def test_a_phrase_does_not_match_another_word(phrase, other):
    assert not compile_phrases(phrase).search(other)


def test_a_lost_capital_d_reads_as_p_or_b():
    pattern = compile_phrases("định kỳ")
    assert all(pattern.search(text) for text in ("dinh ky", "pinh ky", "binh ky"))
