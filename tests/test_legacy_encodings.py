"""Texts in the legacy Vietnamese font encodings are converted to Unicode, not refused.

The encoders below are written for the test from the encodings' definitions (each toned letter
split into base, vowel mark and tone, then written the way VNI or TCVN3 writes it); two samples
from public converters' documentation anchor them.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from plankg.loaders.extract import extract_text
from plankg.loaders.legacy import convert_legacy, tcvn3_to_unicode, viscii_to_unicode, vni_to_unicode
from plankg.loaders.textio import decode_text

TONES = {"\u0301": "sắc", "\u0300": "huyền", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}


def split(ch: str) -> tuple[str, str, str | None]:
    """(base letter, vowel mark: '', 'circumflex', 'breve', 'horn', 'stroke', tone name)."""
    if ch in "đĐ":
        return ("d" if ch == "đ" else "D"), "stroke", None
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    mark = "circumflex" if "\u0302" in marks else "breve" if "\u0306" in marks else "horn" if "\u031b" in marks else ""
    tone = next((TONES[m] for m in marks if m in TONES), None)
    return base, mark, tone


VNI_TONE = {"sắc": "ù", "huyền": "ø", "hỏi": "û", "ngã": "õ", "nặng": "ï"}
VNI_CIRCUMFLEX = {None: "â", "sắc": "á", "huyền": "à", "hỏi": "å", "ngã": "ã", "nặng": "ä"}
VNI_BREVE = {None: "ê", "sắc": "é", "huyền": "è", "hỏi": "ú", "ngã": "ü", "nặng": "ë"}
VNI_I = {"sắc": "í", "huyền": "ì", "hỏi": "æ", "ngã": "ó", "nặng": "ò"}


def to_vni(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        base, mark, tone = split(ch)
        if not mark and tone is None or not base.isalpha() or not base.isascii():
            out.append(ch)
            continue
        up = base.isupper()
        low = base.lower()
        if mark == "stroke":
            piece = "ñ"
        elif low == "i" and not mark:
            piece = VNI_I[tone]
        elif low == "y" and tone == "nặng":
            piece = "î"
        elif mark == "horn":
            piece = {"o": "ô", "u": "ö"}[low] + (VNI_TONE[tone] if tone else "")
        elif mark == "circumflex":
            piece = low + VNI_CIRCUMFLEX[tone]
        elif mark == "breve":
            piece = low + VNI_BREVE[tone]
        else:
            piece = low + VNI_TONE[tone]
        out.append(piece.upper() if up else piece)
    return "".join(out)


TCVN3_ORDER = ["huyền", "sắc", "hỏi", "ngã", "nặng"]
TCVN3_ROWS = {  # TCVN 5712:1993 VN3, lower case
    ("a", ""): "µ¸¶·¹",
    ("a", "breve"): "»¾¼½Æ",
    ("a", "circumflex"): "ÇÊÈÉË",
    ("e", ""): "ÌÐÎÏÑ",
    ("e", "circumflex"): "ÒÕÓÔÖ",
    ("i", ""): "×ÝØÜÞ",
    ("o", ""): "ßãáâä",
    ("o", "circumflex"): "åèæçé",
    ("o", "horn"): "êíëìî",
    ("u", ""): "ïóñòô",
    ("u", "horn"): "õøö÷ù",
    ("y", ""): "úýûüþ",
}
TCVN3_BARE = {
    ("a", "breve"): "¨",
    ("a", "circumflex"): "©",
    ("e", "circumflex"): "ª",
    ("o", "circumflex"): "«",
    ("o", "horn"): "¬",
    ("u", "horn"): "\u00ad",
    ("d", "stroke"): "®",
}
TCVN3_CAPITALS = {
    ("A", "breve"): "¡",
    ("A", "circumflex"): "¢",
    ("D", "stroke"): "§",
    ("E", "circumflex"): "£",
    ("O", "circumflex"): "¤",
    ("O", "horn"): "¥",
    ("U", "horn"): "¦",
}


def to_tcvn3(text: str) -> str:
    """Capitals with a tone have no byte of their own in TCVN3: they come back lower-case."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        base, mark, tone = split(ch)
        if (not mark and tone is None) or not base.isascii():
            out.append(ch)
        elif tone is None:
            out.append(TCVN3_CAPITALS.get((base, mark)) or TCVN3_BARE[(base.lower(), mark)])
        else:
            out.append(TCVN3_ROWS[(base.lower(), mark)][TCVN3_ORDER.index(tone)])
    return "".join(out)


def test_the_samples_of_public_converters():
    assert vni_to_unicode("Xin chaøo caùc baïn") == "Xin chào các bạn"
    assert tcvn3_to_unicode("hép møt tÕt") == "hộp mứt tết"
    assert to_vni("Xin chào các bạn") == "Xin chaøo caùc baïn" and to_tcvn3("hộp mứt tết") == "hép møt tÕt"


@pytest.mark.parametrize("encode, name", [(to_vni, "VNI"), (to_tcvn3, "TCVN3")])
def test_a_real_plan_in_a_legacy_encoding_reads_as_in_unicode(corpus, encode, name):
    text = corpus["quang-ninh-538-KH-TU.txt"].read_text("utf-8")
    legacy = encode(text)
    assert legacy != text
    warnings: list[str] = []
    for data in (
        legacy.encode("cp1252", errors="ignore") if name == "VNI" else legacy.encode("latin-1", errors="ignore"),
        legacy.encode("utf-8"),
    ):  # as 8-bit bytes, and as glyphs pasted into a UTF-8 file
        decoded = decode_text(data, "plan.txt", warnings)
        assert warnings[-1].startswith("plan.txt: converted from the legacy " + name)
        if name == "VNI":  # lossless
            assert decoded[:2000] == unicodedata.normalize("NFC", text)[:2000]
        else:  # capitals with tones come back lower-case
            assert decoded[:2000].lower() == unicodedata.normalize("NFC", text)[:2000].lower()
    report, reference = extract_text(decoded, "plan.txt"), extract_text(text, "plan.txt")
    assert report.document.number == reference.document.number
    assert len(report.references) == len(reference.references)
    assert abs(len(report.assignments) - len(reference.assignments)) <= len(reference.assignments) * 0.1


def test_unicode_and_ocr_text_are_left_alone(corpus):
    for name in ("quang-ninh-538-KH-TU.txt", "thai-nguyen-62-CTr-TU-ocr.txt", "lang-son-238-KH-TU-ocr.txt"):
        assert convert_legacy(corpus[name].read_text("utf-8")) is None, name


VOWELS = ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y")
VIETNAMESE_LETTERS = frozenset(
    ch
    for ch in (
        unicodedata.normalize("NFC", case(vowel) + tone)
        for vowel in VOWELS
        for case in (str.lower, str.upper)
        for tone in ("", *TONES)
    )
    if not ch.isascii()
) | frozenset("đĐ")


def vietnamese_only(text: str) -> str:
    """The text without the punctuation VISCII has no byte for (dashes, quotes, ellipses)."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if ch.isascii() or ch in VIETNAMESE_LETTERS)


def iconv_to_viscii(text: str) -> bytes:
    """VISCII bytes written by the C library's converter: a reference independent of plankg's table."""
    done = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "VISCII"], input=text.encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("this C library has no VISCII converter")
    return done.stdout


needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv")


@needs_iconv
def test_every_vietnamese_letter_in_viscii_decodes_as_the_c_library_encodes_it():
    letters = "".join(sorted(VIETNAMESE_LETTERS))
    encoded = iconv_to_viscii(letters)
    assert viscii_to_unicode(encoded.decode("latin-1")) == letters


@needs_iconv
def test_a_real_plan_in_viscii_reads_as_in_unicode(corpus):
    text = vietnamese_only(corpus["quang-ninh-538-KH-TU.txt"].read_text("utf-8"))
    data = iconv_to_viscii(text)
    warnings: list[str] = []
    decoded = decode_text(data, "plan.txt", warnings)
    assert warnings == ["plan.txt: converted from the legacy VISCII font encoding to Unicode"]
    reference = extract_text(text, "plan.txt")
    report = extract_text(decoded, "plan.txt")
    assert report.document.number == reference.document.number
    assert len(report.assignments) == len(reference.assignments)


@needs_iconv
def test_viscii_is_not_taken_for_vni_or_tcvn3(corpus):
    sample = vietnamese_only(corpus["quang-ninh-538-KH-TU.txt"].read_text("utf-8")[:20_000])
    converted = convert_legacy(iconv_to_viscii(sample).decode("latin-1"))
    assert converted is not None and converted[1] == "VISCII"
    assert converted[0] == sample
