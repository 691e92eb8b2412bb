"""An OCR-noise generator: damage a clean Vietnamese text the way the corpus's PDF-to-text did.

Lost or wrong diacritics ("quyết" -> "quyét", "quyet"), digits for letters ("số" -> "s6",
"giáo" -> "gi4o"), "Đ" read as "P" or "D", words glued or split, numbers broken across a line
("57-NQ/TW" -> "57-\\nNQ/TW") or by a space ("5 7-NQ/TW"). Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_LETTER_MARKS = "\u0302\u0306\u031b"
_DIGIT_FOR = {"o": "6", "a": "4", "ô": "6", "ơ": "0", "ố": "6", "á": "4"}


def _strip_marks(word: str, marks: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in marks))


def _wrong_tone(word: str, rng: random.Random) -> str:
    plain = _strip_marks(word, _TONES)
    vowels = [k for k, c in enumerate(plain) if c.lower() in "aeiouy"]
    if not vowels:
        return plain
    k = rng.choice(vowels)
    return unicodedata.normalize("NFC", plain[: k + 1] + rng.choice(_TONES) + plain[k + 1 :])


def damage(text: str, seed: int, level: float = 0.3) -> str:
    """The text with OCR-like damage; ``level`` is the share of words touched (0..1)."""
    rng = random.Random(seed)

    def number(match: re.Match) -> str:
        roll = rng.random()
        if roll < level / 3:
            return match.group(1) + "-\n" + match.group(2)
        if roll < level / 2 and len(match.group(1).split("-")[0]) == 2:
            digits = match.group(1)
            return digits[0] + " " + digits[1:] + match.group(2)
        return match.group(0)

    text = re.sub(r"(\d+-)([A-ZĐ][A-Za-zĐ]*/[A-ZĐ]+)", number, text)
    out = []
    for token in re.split(r"(\s+)", text):
        if not token.strip() or re.search(r"\d|/", token) or rng.random() > level:
            out.append(token)
            continue
        roll = rng.random()
        if roll < 0.35:
            token = _strip_marks(token, _TONES + _LETTER_MARKS).replace("đ", "d").replace("Đ", "D")
        elif roll < 0.6:
            token = _wrong_tone(token, rng)
        elif roll < 0.75:
            token = "".join(_DIGIT_FOR.get(c, c) if rng.random() < 0.5 else c for c in token)
        elif roll < 0.85:
            token = token.replace("Đ", "P").replace("đ", "d")
        out.append(token)
    return "".join(out)
