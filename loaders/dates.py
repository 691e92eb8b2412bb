"""Recognise dates as Vietnamese texts write them ("ngày 22/12/2024", "ngày 19 tháng 5 năm 2025")."""

from __future__ import annotations

import datetime as dt
import re

# On the OCR-folded text: "ngay", "thang"/"thiang", "nam"/"ndm"/"nim".
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_WORDY = re.compile(r"(\d{1,2})\s+th[a-z]{2,4}\s+(\d{1,2})\s*,?\s+n[a-z]{1,2}m?\s+(\d{4})")
_DATE_AFTER = re.compile(r"[\s,;:(]*(?:ban hanh\s+)?ngay\s*(?:" + _NUMERIC.pattern + "|" + _WORDY.pattern + ")")


def iso_date(day: str, month: str, year: str) -> str | None:
    """ISO date from parts, or None when they make no calendar date."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def date_after(ocr_text: str, pos: int, window: int = 60) -> tuple[str, int] | None:
    """A "ngày …" date starting right after ``pos`` (commas and spaces between), with its end."""
    match = _DATE_AFTER.match(ocr_text[pos : pos + window])
    if not match:
        return None
    parts = [g for g in match.groups() if g is not None]
    date = iso_date(*parts[:3])
    return (date, pos + match.end()) if date else None


# "Gia Lai, ngày 14 tháng 3 năm 2025", "Hà Nội, ngày 21/3/2025" (folded), with table residue around
_PLACE_AND_DATE = re.compile(
    r"^[\s|*]*(?:s[o0]\s*:?\s*\S+\s+)?([a-z][a-z .'-]{1,40}?)\s*,\s*ngay\s*(?:"
    + _NUMERIC.pattern
    + "|"
    + _WORDY.pattern
    + r")"
)


def place_and_date(folded_line: str) -> tuple[str, str] | None:
    """The place (folded, as written) and ISO date of a header's place-and-date line; a
    number may stand before it on the same line ("Số: 158/NQ-CP Hà Nội, ngày …")."""
    match = _PLACE_AND_DATE.match(folded_line)
    if not match:
        return None
    parts = [g for g in match.groups()[1:] if g is not None]
    date, place = iso_date(*parts[:3]), match.group(1).strip()
    return (place, date) if date and len(place.split()) <= 5 else None


# "Ngày 19 tháng 6 năm 2025, …" / "Ngày 19/6/2025, …" opening a sentence (folded)
_SENTENCE_DATE = re.compile(r"(?:^|[.\n]\s*)ngay\s+(?:" + _NUMERIC.pattern + "|" + _WORDY.pattern + r")\s*,")


def date_opening_sentence(ocr_text: str, since: int, pos: int, window: int = 300) -> str | None:
    """The date that opens the sentence in which ``pos`` stands, looked for after ``since`` (the
    previous number's end: a date belongs to the first number after it)."""
    begin = max(since, pos - window)
    found = None
    for match in _SENTENCE_DATE.finditer(ocr_text, begin, pos):
        found = match
    if not found or re.search(r"\.\s", ocr_text[found.end() : pos]):
        return None
    parts = [g for g in found.groups() if g is not None]
    return iso_date(*parts[:3])


def first_wordy_date(ocr_text: str) -> tuple[str, int] | None:
    """The first "ngày d tháng m năm yyyy" date of a text (a document's own date line)."""
    for match in re.finditer(r"ngay\s+" + _WORDY.pattern, ocr_text):
        date = iso_date(*match.groups())
        if date:
            return date, match.start()
    return None
