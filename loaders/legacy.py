"""Vietnamese text in the legacy font encodings, converted to Unicode (NFC).

Before Unicode, Vietnamese documents were typed with fonts that drew Vietnamese letters in the
slots of Latin-1 characters; many offices still hold such files, and text copied out of them
arrives as Latin-1 glyphs ("Nghò quyeát soá" in VNI, "NghÞ quyÕt sè" in TCVN3).

- **VNI** (VNI-Windows) writes a letter as its base and one modifier glyph after it: a tone
  (ù sắc, ø huyền, û hỏi, õ ngã, ï nặng), a circumflex (â) or breve (ê) with or without a tone
  (á à å ã ä and é è ú ü ë), and has single glyphs for ơ (ô), ư (ö), đ (ñ) and the toned i and ỵ.
- **TCVN3** (ABC, TCVN 5712:1993) gives every toned lower-case letter one byte; capitals with
  tones are drawn by a capital font with the same bytes, so they come back in lower case.

Which encoding a text is in is decided by reading it each way and keeping the reading whose
words are Vietnamese syllables: the sets of glyphs the two use overlap (å, ä, ë, ï, ö, ü …), so
counting glyphs took TCVN3 for VNI.

- **VISCII** (RFC 1456) is a character set, not a font trick: 134 precomposed letters in the
  upper half and six control bytes; read as Latin-1 it gives "Ti»ng Vi®t". Its table below is
  VISCII's (checked against the C library's converter by the tests).
"""

from __future__ import annotations

import re
import unicodedata

from plankg.loaders.normalize import fold
from plankg.loaders.restore import is_syllable

_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_PAIR = re.compile(r"([aeiouyAEIOUYôöÔÖ])([ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË])|([ôöñíìæóòîÔÖÑÍÌÆÓÒÎ])")


def _vni_pair(match: re.Match[str]) -> str:
    if match.group(3):
        single = match.group(3)
        out = _VNI_SINGLE[single.lower()]
        return out.upper() if single.isupper() else out
    base, mark = match.group(1), match.group(2)
    upper = base.isupper()
    letter = _VNI_SINGLE.get(base.lower(), base.lower())
    key = mark.lower()
    if key in _TONE:
        combined = letter + _TONE[key]
    elif key in _CIRCUMFLEX and letter in "aeo":
        combined = letter + "\u0302" + _CIRCUMFLEX[key]
    elif key in _BREVE and letter == "a":
        combined = letter + "\u0306" + _BREVE[key]
    else:
        return match.group(0)  # not a VNI pair: leave both glyphs
    out = unicodedata.normalize("NFC", combined)
    return out.upper() if upper else out


def vni_to_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PAIR.sub(_vni_pair, text))


# TCVN3 (ABC): the byte of each toned letter, by letter, in tone order (none) huyền sắc hỏi ngã nặng
# where the letter itself needs a byte of its own; tones: à á ả ã ạ order is huyền, sắc, hỏi, ngã, nặng.
_TCVN3_ROWS = {
    "a": "µ¸¶·¹",
    "ă": "»¾¼½Æ",
    "â": "ÇÊÈÉË",
    "e": "ÌÐÎÏÑ",
    "ê": "ÒÕÓÔÖ",
    "i": "×ÝØÜÞ",
    "o": "ßãáâä",
    "ô": "åèæçé",
    "ơ": "êíëìî",
    "u": "ïóñòô",
    "ư": "õøö÷ù",
    "y": "úýûüþ",
}
_TONES_IN_ROW = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
_TCVN3_LETTERS = {
    "¨": "ă",
    "©": "â",
    "ª": "ê",
    "«": "ô",
    "¬": "ơ",
    "\u00ad": "ư",
    "®": "đ",
    "¡": "Ă",
    "¢": "Â",
    "§": "Đ",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
}


def _tcvn3_table() -> dict[int, str]:
    table = {ord(glyph): letter for glyph, letter in _TCVN3_LETTERS.items()}
    for letter, glyphs in _TCVN3_ROWS.items():
        for glyph, tone in zip(glyphs, _TONES_IN_ROW):
            table[ord(glyph)] = unicodedata.normalize("NFC", letter + tone)
    return table


_TCVN3 = _tcvn3_table()


def tcvn3_to_unicode(text: str) -> str:
    return text.translate(_TCVN3)


# VISCII: the bytes that are not ASCII/Latin-1 of the same letter, and the letter of each.
_VISCII_BYTES = bytes.fromhex(
    "02050614191e808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7"
    "a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc4c5c6c7cbcecfd0d1d5d6d7d8dbdcdedfe4e5e6e7eb"
    "eeeff0f1f6f7f8fbfcfeff"
)
_VISCII_LETTERS = (
    "ẲẴẪỶỸỴẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯẢĂẳẵẺĨỳĐứạỷừửỹỵỡưảăữẫẻĩỉđựỏọụũủợỮ"
)
_VISCII = {byte: letter for byte, letter in zip(_VISCII_BYTES, _VISCII_LETTERS, strict=True)}


def viscii_to_unicode(text: str) -> str:
    """``text`` is VISCII bytes read as Latin-1 (one character per byte)."""
    return text.translate(_VISCII)


def _vietnamese_letters() -> frozenset[str]:
    letters = set("đĐ")
    for vowel in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        for tone in ("", *_TONES_IN_ROW):
            toned = unicodedata.normalize("NFC", vowel + tone)
            letters |= {toned, toned.upper()}
    return frozenset(letters)


_VIETNAMESE_WORD = re.compile("[A-Za-z" + "".join(sorted(_vietnamese_letters())) + "]+")
_WORD = re.compile(r"[^\W\d_]+")


def syllable_share(text: str, sample: int = 20_000) -> float:
    """The share of words in ``text`` written in the Vietnamese alphabet and shaped like
    Vietnamese syllables: a wrong reading leaves foreign letters ("Vi®t", "NghÞ") or words that
    are no syllables, and scores lower."""
    words = _WORD.findall(text[:sample])
    if not words:
        return 0.0
    return sum(_VIETNAMESE_WORD.fullmatch(w) is not None and is_syllable(fold(w)) for w in words) / len(words)


# Glyphs of the legacy encodings that are not letters of Unicode Vietnamese (ø, û, ï, ñ, ¸, µ …):
# a few of them in a text are the sign of a legacy font; counted by a regular expression (in C).
_LEGACY_GLYPHS = (
    set("ùøûõïâáàåãäêéèúüëôöñíìæóòîÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜËÔÖÑÍÌÆÓÒÎ")
    | set(_TCVN3_LETTERS)
    | set("".join(_TCVN3_ROWS.values()))
    | {chr(byte) for byte in _VISCII_BYTES}
)
_FOREIGN = re.compile("[" + re.escape("".join(sorted(_LEGACY_GLYPHS - _vietnamese_letters()))) + "]")
_CONVERTERS = {"VNI": vni_to_unicode, "TCVN3 (ABC)": tcvn3_to_unicode, "VISCII": viscii_to_unicode}


def convert_legacy(text: str) -> tuple[str, str] | None:
    """(the text in Unicode, the encoding's name) when ``text`` reads far better converted from a
    legacy encoding; None when it is Unicode already (or no conversion helps)."""
    sample = text[:20_000]
    foreign = len(_FOREIGN.findall(sample))
    if foreign < 3 or foreign < len(sample.split()) * 0.02:
        return None  # Unicode Vietnamese (clean or OCR'd) has next to none of these glyphs
    as_is = syllable_share(sample)
    best = max(
        ((convert(sample), name) for name, convert in _CONVERTERS.items()), key=lambda pair: syllable_share(pair[0])
    )
    if syllable_share(best[0]) < max(0.6, as_is + 0.1):
        return None
    return _CONVERTERS[best[1]](text), best[1]
