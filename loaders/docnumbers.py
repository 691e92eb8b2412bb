"""Recognise document numbers: Party style "57-NQ/TW", state style "71/NQ-CP", legal "193/2025/QH15".

Works on the folded text, so OCR damage to diacritics does not matter; types and issuers are
checked against the gazetteer (OCR forms like "Qb" or "TĨV" are repaired there), so a
"2021-2030" or a "22/12/2024" is never taken for a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plankg.loaders.gazetteer import Gazetteer, load_gazetteer
from plankg.loaders.models import DocNumber, DocumentType
from plankg.loaders.source import SourceText

_PARTY = re.compile(
    r"(?<![\w/.,])(\d(?: \d{1,2})(?!\d)|\d{1,4})\s*-\s*(?:-\s*)?([a-z]{1,5})\s*/\s*([a-z]{2,8})(?![a-z0-9])"
)
_STATE = re.compile(r"(?<![\w/.,])(\d{1,5})\s*/\s*(?:(\d{4})\s*/\s*)?([a-z]{1,5})\s*-\s*([a-z]{2,8})(?![a-z0-9])")
_LEGAL_QH = re.compile(r"(?<![\w/.,])(\d{1,4})\s*/\s*(\d{4})\s*/\s*((?:ubtv)?qh\d{1,2})(?![a-z0-9])")
_TITLE_BEFORE = re.compile(
    r"(nghi quyet|quyet dinh|quy dinh|ke hoach|chuong trinh|ket luan|chi thi|quy che|cong van|huong dan"
    r"|thong bao|bao cao|de an|nghi dinh|thong tu lien tich|thong tu|luat|phap lenh|to trinh|van ban)"
    r"(?: hanh dong| lien tich)?\s*(?:so|s)?\s*[:.]?\s*$"
)


@dataclass
class NumberMention:
    """One place a document number is written, with the title word before it (folded)."""

    number: DocNumber
    start: int
    end: int
    title_word: str | None


# "Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15": a law's name stands between
# "Luật" and its number (a capital "Luật", within the phrase: no sentence break between)
_LAW_NAMED_BEFORE = re.compile(r"(?<![a-z])luat\s[^;.:()]{3,120}?\s(?:so|s)\s*[:.]?\s*$")


def _title_before(src: SourceText, start: int, named_law: bool = False) -> str | None:
    match = _TITLE_BEFORE.search(src.ocr[max(0, start - 40) : start])
    if match:
        return match.group(1)
    if named_law:
        window = max(0, start - 140)
        law = _LAW_NAMED_BEFORE.search(src.ocr[window:start])
        if law and src.text[window + law.start() : window + law.start() + 1] == "L":
            return "luat"
    return None


def _state_issuer(raw_text: str, gaz: Gazetteer) -> str:
    code = gaz.issuer_code(raw_text, party=False)
    return code or re.sub(r"\s+", "", raw_text).upper()


def find_numbers(src: SourceText, gaz: Gazetteer | None = None) -> list[NumberMention]:
    """Every document number in the text, in order, overlapping matches resolved left to right."""
    gaz = gaz or load_gazetteer()
    found: list[NumberMention] = []
    text = src.folded
    for match in _LEGAL_QH.finditer(text):
        number, year, issuer = match.groups()
        issuer_code = issuer.upper()
        found.append(
            NumberMention(
                DocNumber(number, "", issuer_code, int(year), "legal"),
                match.start(),
                match.end(),
                _title_before(src, match.start(), named_law=True),
            )
        )
    for match in _STATE.finditer(text):
        number, year, type_raw, issuer_raw = match.groups()
        type_code = gaz.type_code(type_raw)
        if not type_code:
            letter = _official_letter(src, match, gaz)
            if letter:
                found.append(letter)
            continue
        issuer = _state_issuer(src.text[match.start(4) : match.end(4)], gaz)
        style = "legal" if year else "state"
        found.append(
            NumberMention(
                DocNumber(number, type_code, issuer, int(year) if year else None, style),
                match.start(),
                match.end(),
                _title_before(src, match.start()),
            )
        )
    for match in _PARTY.finditer(text):
        number, type_raw, issuer_raw = match.groups()
        type_code = gaz.type_code(type_raw)
        issuer = gaz.issuer_code(issuer_raw, party=True)
        style = "party"
        if not issuer and gaz.issuer_code(issuer_raw, party=False) in gaz.state_issuers and issuer_raw != "ubnd":
            # "71-NQ/CP": a state document written as a party one (a typo of the source)
            issuer, style = gaz.issuer_code(issuer_raw, party=False), "state"
        if not type_code or not issuer:
            continue
        found.append(
            NumberMention(
                DocNumber(number.replace(" ", ""), type_code, issuer, None, style),
                match.start(),
                match.end(),
                _title_before(src, match.start()),
            )
        )
    _central_by_context(src, found)
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[NumberMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _central_by_context(src: SourceText, found: list[NumberMention]) -> None:
    """ "57-NQ/TƯ" is 57-NQ/TW when the text writes that number with TW elsewhere (Ư stands for W
    as often as a stray horn stands on U: "435-KH/TƯ" of a provincial plan is 435-KH/TU)."""
    central = {(m.number.number, m.number.type_code) for m in found if m.number.issuer_code == "TW"}
    for k, mention in enumerate(found):
        number = mention.number
        if (
            number.issuer_code == "TU"
            and (number.number, number.type_code) in central
            and "Ư" in src.text[mention.start : mention.end].upper()
        ):
            found[k] = NumberMention(
                DocNumber(number.number, number.type_code, "TW"), mention.start, mention.end, mention.title_word
            )


def _official_letter(src: SourceText, match: re.Match[str], gaz: Gazetteer) -> NumberMention | None:
    """An official letter numbered without a type code, its issuer and unit after the slash
    ("Công văn số 5511/BKHCN-CĐSQG", "Văn bản số 123/UBND-KGVX"): only after the word that
    names it, or after the "Số:" of a letter's own header, since the form alone is any pair of
    codes."""
    title = _title_before(src, match.start())
    line_start = src.folded.rfind("\n", 0, match.start()) + 1
    in_header = re.fullmatch(r"[\s|*]*s[o0]\s*:\s*", src.folded[line_start : match.start()])  # "Số: 3468/BKHCN-CĐSQG"
    if (title not in ("cong van", "van ban") and not in_header) or match.group(2):
        return None
    issuer = "-".join(re.sub(r"\s+", "", src.text[match.start(g) : match.end(g)]).upper() for g in (3, 4))
    return NumberMention(DocNumber(match.group(1), "CV", issuer, None, "letter"), match.start(), match.end(), title)


def kind_of(number: DocNumber, title_word: str | None, gaz: Gazetteer | None = None) -> DocumentType:
    """The kind of document a number denotes ("resolution", "decision", ...)."""
    gaz = gaz or load_gazetteer()
    if title_word:
        code = gaz.title_words.get(title_word.replace(" lien tich", ""))
        if code == "QĐi" and number.type_code == "QĐ":
            return gaz.type_kind("QĐi")
        if not number.type_code and code:
            return gaz.type_kind(code)
    if number.type_code:
        return gaz.type_kind(number.type_code)
    return DocumentType.RESOLUTION if number.issuer_code.lower().startswith(("qh", "ubtvqh")) else DocumentType.OTHER


def parse_number(text: str) -> DocNumber | None:
    """Parse one number written alone ("57-NQ/TW"); None when it is not a document number."""
    mentions = find_numbers(SourceText("<number>", text))
    return mentions[0].number if len(mentions) == 1 else None
