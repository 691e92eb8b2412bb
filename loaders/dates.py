"""Recognise dates as Vietnamese texts write them ("ngày 22/12/2024", "ngày 19 tháng 5 năm 2025")."""
from __future__ import annotations

import datetime as dt
import re

# On the OCR-folded text: "ngay", "thang"/"thiang", "nam"/"ndm"/"nim".
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_WORDY = re.compile(r"(\d{1,2})\s+th[a-z]{2,4}\s+(\d{1,2})\s*,?\s+n[a-z]{1,2}m?\s+(\d{4})")
_DATE_AFTER = re.compile(
    r"[\s,;:(]*(?:ban hanh\s+)?ngay\s*(?:" + _NUMERIC.pattern + "|" + _WORDY.pattern + ")"
)


def iso_date(day: str, month: str, year: str) -> str | None:
    """ISO date from parts, or None when they make no calendar date."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def date_after(ocr_text: str, pos: int, window: int = 60) -> tuple[str, int] | None:
    """A "ngày …" date starting right after ``pos`` (commas and spaces between), with its end."""
    match = _DATE_AFTER.match(ocr_text[pos:pos + window])
    if not match:
        return None
    parts = [g for g in match.groups() if g is not None]
    date = iso_date(*parts[:3])
    return (date, pos + match.end()) if date else None


def first_wordy_date(ocr_text: str) -> tuple[str, int] | None:
    """The first "ngày d tháng m năm yyyy" date of a text (a document's own date line)."""
    for match in re.finditer(r"ngay\s+" + _WORDY.pattern, ocr_text):
        date = iso_date(*match.groups())
        if date:
            return date, match.start()
    return None
