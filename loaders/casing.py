"""A title written in capitals, read back in sentence case with its proper names restored.

"KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW … CỦA BỘ CHÍNH TRỊ … TỈNH ĐỒNG THÁP" is the title
"Kế hoạch thực hiện Nghị quyết số 57-NQ/TW … của Bộ Chính trị … tỉnh Đồng Tháp": every word in
lower case but document numbers (as written), then the gazetteer's names given back their
capitals (bodies, provinces after "tỉnh" / "thành phố"), a document type word before its number
capitalised as Vietnamese writes it, and the first letter of the title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from plankg.loaders.gazetteer import Gazetteer
from plankg.loaders.normalize import fold

# Words Vietnamese always writes with a capital, matched with their diacritics (their folded
# forms are other words too: "đảng" and "đang" both fold to "dang").
_ALWAYS_CAPITAL = ("Đảng", "Nhà nước", "Việt Nam", "Trung ương", "Tỉnh ủy", "Thành ủy", "Quốc hội", "Mặt trận Tổ quốc")
# A document type word (folded) right before its number: "nghị quyết số 57-NQ/TW", "luật … số".
_TYPE_BEFORE_NUMBER = re.compile(
    r"(?<![a-z])(?:nghi quyet|quyet dinh|quy dinh|ke hoach|chuong trinh|ket luan|chi thi|cong van|thong bao"
    r"|de an|nghi dinh|thong tu|huong dan|to trinh|van ban)(?:\s+hanh\s+dong|\s+lien\s+tich)?\s+(?:so\s*:?\s*)?(?=\d)"
)
# A province's name is a proper name after a place word, or where a headline opens with it
_BEFORE_PROVINCE = r"(?:^|(?<![a-z])(?:tinh|thanh pho|tp\.?)\s+)"


def sentence_case(text: str, gaz: Gazetteer) -> str:
    """``text`` (a title in capitals) in sentence case with its proper names restored."""
    return restore_capitals(lower_words(text), gaz)


def lower_words(text: str) -> str:
    """Every word in lower case but document numbers, left as written ("57-NQ/TW")."""
    return " ".join(word if re.search(r"[\d/]", word) else word.lower() for word in text.split())


def restore_capitals(text: str, gaz: Gazetteer) -> str:
    """Give proper names, type words before numbers and the first letter their capitals (only a
    gazetteer name is put in its own case: other words keep theirs)."""
    lowered = text
    chars = list(lowered)
    folded = fold(lowered)
    for pattern, forms in _name_patterns(gaz):
        for match in pattern.finditer(folded):
            form = forms.get(match.group("name"))
            if form:
                _case_like(chars, match.start("name"), form)
    for word in _ALWAYS_CAPITAL:
        for match in re.finditer(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)", lowered):
            _capitalise_like(chars, match.start(), word)
    for match in _TYPE_BEFORE_NUMBER.finditer(folded):
        chars[match.start()] = chars[match.start()].upper()
    if chars:
        chars[0] = chars[0].upper()
    return "".join(chars)


def _case_like(chars: list[str], at: int, form: str) -> None:
    """Give the characters at ``at`` the case of ``form`` ("BỘ Chính trị" → "Bộ Chính trị")."""
    for i, ch in enumerate(form):
        if at + i < len(chars):
            chars[at + i] = chars[at + i].upper() if ch.isupper() else chars[at + i].lower()


def _capitalise_like(chars: list[str], at: int, form: str) -> None:
    """Give the characters at ``at`` the capitals of ``form`` (the text keeps its own letters)."""
    for i, ch in enumerate(form):
        if ch.isupper() and at + i < len(chars):
            chars[at + i] = chars[at + i].upper()


@lru_cache(maxsize=4)
def _name_patterns(gaz: Gazetteer) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """Bodies by their names of two words or more (folded), provinces after a place word."""
    bodies: dict[str, str] = {}
    for entry in gaz.agencies:
        for form in (entry.name, *entry.aliases):
            form = form.replace("{province}", "").strip()
            if len(form.split()) >= 2 and not re.search(r"[A-Z]{2,}", form.replace("Đ", "D")):
                bodies.setdefault(fold(form), form)
    provinces = {fold(name): name for name in gaz.provinces}
    return [(_alternation(bodies, r"(?<![a-z])"), bodies), (_alternation(provinces, _BEFORE_PROVINCE), provinces)]


def _alternation(forms: dict[str, str], before: str) -> re.Pattern[str]:
    keys = sorted(forms, key=len, reverse=True)
    return re.compile(before + "(?P<name>" + "|".join(map(re.escape, keys)) + r")(?![a-z])")
