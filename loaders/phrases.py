"""Rule phrases written as people write them, compiled once to the form the rules match on.

Recognisers match on the OCR-folded text (``SourceText.ocr``: lower case, no diacritics, "đ" as
"d"), where OCR damage still shows: a digit or sign for a vowel ("t5i thiểu", "s§"), "P" or "B"
for "Đ". A rule writes its phrase in Vietnamese ("phối hợp với") and asks this module for the
pattern; the tolerance is decided here, in one place, for every stage.
"""

from __future__ import annotations

import re
from functools import lru_cache

from plankg.loaders.normalize import fold

# What OCR leaves for a vowel of the folded text: another vowel (a lost or wrong mark reads "ô" as
# "é"), a digit or a sign ("t5i", "s§"), a look-alike letter ("phdi", "trl"). A short word keeps
# only its vowel's look-alikes, so that "chủ trì" does not match "chi trả".
_SIGNS = "0-9&§¢@#|!"
_LOOK_ALIKE = {"a": "a4@", "e": "e3c", "i": "il1|!", "o": "o0d6ce", "u": "uv", "y": "yv"}
_ANY_VOWEL = f"[aeiouy{_SIGNS}dlc]"
_D = "[dpb]"  # "Đ" read as "P" or "B"


def _word(word: str) -> str:
    out = []
    for k, char in enumerate(word):
        if char in _LOOK_ALIKE:
            out.append(_ANY_VOWEL if len(word) > 3 else f"[{_LOOK_ALIKE[char]}{_SIGNS}]")
        elif char == "d" and k == 0:
            out.append(_D)
        else:
            out.append(re.escape(char))
    return "".join(out)


@lru_cache(maxsize=512)
def phrase_pattern(*phrases: str) -> str:
    """A pattern (no groups) matching any of ``phrases`` in the OCR-folded text, whole words only,
    OCR-tolerant as ``_word`` says; a word's first "đ" may be a "p" or "b"."""
    forms = []
    for phrase in phrases:
        words = fold(phrase).split()
        forms.append(r"\s+".join(_word(w) if len(w) > 1 else re.escape(w) for w in words))
    return r"(?<![a-z])(?:" + "|".join(forms) + r")(?![a-z])"


def compile_phrases(*phrases: str) -> re.Pattern[str]:
    """``phrase_pattern`` compiled."""
    return re.compile(phrase_pattern(*phrases))
