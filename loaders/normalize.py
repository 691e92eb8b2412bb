"""Clean a text and fold it for matching.

``clean`` keeps every line where it was (line numbers are the evidence of every fact) but
normalises what differs only in encoding: NFC, dash variants, homoglyphs, odd spaces.
``fold`` maps each character to one lower-case ASCII-ish character, so offsets in the folded
text are offsets in the clean text: matching happens on the folded form, results are cut
from the clean one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = {ord(ch): "-" for ch in DASHES}
# Cyrillic and Greek letters that look like Latin ones ("TT-BTС" with a Cyrillic С).
_HOMOGLYPHS = dict(zip("АВЕКМНОРСТХаеорсухІіЈјΑΒΕΗΙΚΜΝΟΡΤΧΥΖ", "ABEKMHOPCTXaeopcyxIiJjABEHIKMNOPTXYZ"))
_HOMOGLYPH_TABLE = {ord(k): v for k, v in _HOMOGLYPHS.items()}
_SPACE_TABLE = {
    ord(ch): " "
    for ch in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
}
_DROP_TABLE = {ord(ch): None for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
_QUOTE_TABLE = {ord(ch): '"' for ch in "\u201c\u201d\u201e\u00ab\u00bb"} | {ord(ch): "'" for ch in "\u2018\u2019\u201a"}
_CLEAN_TABLE = (
    _DASH_TABLE
    | _HOMOGLYPH_TABLE
    | _SPACE_TABLE
    | _DROP_TABLE
    | _QUOTE_TABLE
    | {ord("\u00d0"): "Đ", ord("\u0110"): "Đ"}
)


def clean(text: str) -> str:
    """NFC, one kind of dash, quote and space, no homoglyphs; line breaks kept as they were."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_CLEAN_TABLE)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


class _FoldTable(dict[int, str]):
    """A str.translate table that learns each character once (building one per call cost a
    fifth of extraction)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = ch.lower() if ch.isascii() else _fold_char(ch)
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, no diacritics, đ -> d; the result has exactly the length of the input."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


# Digits and signs that OCR put in place of letters inside words ("s6" = "số", "gi4o" = "giáo").
_OCR_LETTERS = str.maketrans(
    {"0": "o", "6": "o", "§": "o", "4": "a", "1": "l", "3": "a", "8": "a", "@": "d", "¢": "c", "€": "e"}
)
# Only tokens with a digit or sign in them can need repair; the lookahead skips plain words fast.
_WORD = re.compile(r"(?<![0-9a-z§@¢€])(?=[a-z]*[0-9§@¢€])[0-9a-z§@¢€]+")
_P_FOR_D = re.compile(r"(?<![a-z0-9])p(?=[aeiouy])")
_W_FOR_U = re.compile(r"(?<=[bcdghklmnqrstvx])w(?=[a-z])")


def ocr_fold(text: str, folded: str | None = None) -> str:
    """``fold`` plus OCR repair inside words that mix letters and digits; same length as input.
    ``folded``: ``fold(text)`` when the caller has it already."""
    folded = fold(text) if folded is None else folded

    def repair(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.isdigit() or token.isalpha():
            return token
        return token.translate(_OCR_LETTERS)

    # OCR reads "Đ" as "P" ("Pang" = "Đảng"); a Vietnamese word never starts with "p" but "ph".
    # It reads "ư" as "w" ("Thwong" = "Thường"): no Vietnamese word has a "w" after a letter.
    return _W_FOR_U.sub("u", _P_FOR_D.sub("d", _WORD.sub(repair, folded)))


def is_caps_heading(text: str) -> bool:
    """Mostly capitals: a heading ("PHỤ LỤC", "II. MỤC TIÊU"), not a sentence."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def squash_spaces(text: str) -> str:
    """Collapse runs of white space (line breaks too) into one space."""
    return re.sub(r"\s+", " ", text).strip()


def join_lines(text: str) -> str:
    """Join wrapped lines into running text, mending words and numbers broken at a line end."""
    text = re.sub(r"(\d+)-\s*\n\s*(?=[A-Za-zĐđ]{1,5}/)", r"\1-", text)  # "57-\nNQ/TW"
    text = re.sub(r"(\d+)/\s*\n\s*(?=[A-Za-zĐđ0-9])", r"\1/", text)  # "193/\n2025/QH15"
    return squash_spaces(text)
