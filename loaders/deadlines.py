"""Normalise the time expression of a task, keeping its precision.

A task is due on a date ("trước ngày 30/6/2025"), in a month ("tháng 10/2025"), a quarter ("quý
III/2025"), a half-year ("6 tháng đầu năm 2026"), a school year ("năm học 2025 - 2026"), a
year, at the end of a range ("giai đoạn 2025 - 2026") or again and again (hằng năm, hằng quý,
định kỳ, thường xuyên). ``Deadline.value`` is the form of the gold annotations (a year,
"annual", "ongoing", "periodic"); ``due`` is the last day of the period, for the graph.

Everything works on the OCR-folded text. The expression in a closing parenthesis ("(xong trong
năm 2026)", "(thực hiện hằng năm)") speaks for the task; without one, the first expression of
the task text does. Ranges and school years are read only where the whole expression is a
deadline (a parenthesis or a table cell): in running text "giai đoạn 2026 - 2030" names the
scope of a programme, not when the task is due.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

from plankg.loaders.models import DeadlinePrecision

_Y = r"(20[2-9]\d)"
_ROMAN_QUARTERS = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "l": 1,
    "ll": 2,
    "lll": 3,
    "lv": 4,
    "il": 2,
    "iil": 3,
    "ili": 3,
    "1i": 2,
    "i1": 2,
    "11": 2,
    "111": 3,
    "1v": 4,
}
_SEP = r"\s*(?:/|-|nam)\s*"  # "quý III/2025", "quý III năm 2025", "tháng 7 năm 2025"


@dataclass(frozen=True)
class Deadline:
    """When a task is due: the gold-format value, the last day of the period and its precision."""

    value: str  # a year ("2025"), "annual", "ongoing" or "periodic"
    due: str | None = None  # ISO date, the end of the period (None for recurrences)
    precision: DeadlinePrecision = DeadlinePrecision.YEAR


def _end_of(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _date(m: re.Match[str]) -> Deadline | None:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return Deadline(str(year), f"{year:04d}-{month:02d}-{day:02d}", DeadlinePrecision.DAY)


def _month(m: re.Match[str]) -> Deadline | None:
    month, year = int(m.group(1)), int(m.group(2))
    return Deadline(str(year), _end_of(year, month), DeadlinePrecision.MONTH) if 1 <= month <= 12 else None


def _quarter(m: re.Match[str]) -> Deadline | None:
    quarter, year = _ROMAN_QUARTERS.get(m.group(1)), int(m.group(2))
    return Deadline(str(year), _end_of(year, 3 * quarter), DeadlinePrecision.QUARTER) if quarter else None


def _half(m: re.Match[str]) -> Deadline:
    year = int(m.group(2))
    return Deadline(str(year), _end_of(year, 6 if m.group(1).startswith("d") else 12), DeadlinePrecision.HALF)


def _school_year(m: re.Match[str]) -> Deadline:
    year = int(m.group(2))
    return Deadline(str(year), f"{year:04d}-05-31", DeadlinePrecision.SCHOOL_YEAR)


def _range(m: re.Match[str]) -> Deadline | None:
    first, last = int(m.group(1)), int(m.group(2))
    return Deadline(str(last), _end_of(last, 12), DeadlinePrecision.RANGE) if first < last else None


def _year(m: re.Match[str]) -> Deadline:
    year = int(m.group(1))
    return Deadline(str(year), _end_of(year, 12), DeadlinePrecision.YEAR)


def _recurrence(value: str) -> Callable[[re.Match[str]], Deadline]:
    return lambda m: Deadline(value, None, DeadlinePrecision.RECURRENCE)


_DAY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _Y
_LONG_DAY = r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+" + _Y
# A pattern, and what makes a deadline of its match (None: the match is not one).
_Reading = tuple[re.Pattern[str], Callable[[re.Match[str]], "Deadline | None"]]
# Patterns that hold wherever they stand; the first (leftmost) match wins.
_PATTERNS: list[_Reading] = [
    (re.compile(r"(?:truoc|den|trong|vao)\s+(?:ngay\s+)?" + _DAY), _date),
    (re.compile(_LONG_DAY), _date),
    (re.compile(r"th[a-z]ng\s+(\d{1,2})" + _SEP + _Y), _month),
    (re.compile(r"qu[yi]\s+([ivx1l]{1,3}|[1-4])" + _SEP + _Y), _quarter),
    (re.compile(r"6\s+thang\s+(dau|cuoi)\s+nam\s+" + _Y), _half),
    # "đến năm 2050" names a horizon ("tầm nhìn đến năm 2050"), not a deadline
    # "(năm 2025 - 2026)", "hoàn thành trong năm 2025 - 2026": a range of years ends with its last
    (
        re.compile(
            r"(?:xong|hoan thanh|truoc|trong|nam)\s+(?:trong\s+)?(?:nam\s+|n[a-z]m\s+)?"
            + _Y
            + r"\s*-\s*"
            + _Y
            + r"(?!\d)"
        ),
        _range,
    ),
    (re.compile(r"(?:xong|hoan thanh|truoc|trong|nam)\s+(?:trong\s+)?(?:nam\s+|n[a-z]m\s+)?" + _Y), _year),
    (re.compile(r"\b(?:hang|hng|hing|hdng)\s+nam\b|\b\d+\s*lan\s*/\s*nam\b"), _recurrence("annual")),
    (re.compile(r"thuong\s*xuyen|lien tuc"), _recurrence("ongoing")),
    (
        re.compile(
            r"dinh\s+ky(?!\s+(?:hoac|va)\s+dot\s+xuat)|hang\s+(?:thang|quy)|theo\s+(?:chuong\s+trinh|lo\s+trinh|ke\s+hoach)\b"
            r"|\(\s*\d+\s+thang\s*,\s*\d+\s+thang"
        ),
        _recurrence("periodic"),
    ),
]
# Patterns read only where the whole expression is a deadline (a parenthesis, a table cell).
_CELL_PATTERNS: list[_Reading] = [
    (re.compile(r"nam\s+hoc\s+" + _Y + r"\s*-\s*" + _Y), _school_year),
    (re.compile(r"(?<!\d)" + _Y + r"\s*-\s*" + _Y + r"(?!\d)"), _range),
    (re.compile(_DAY), _date),
    (re.compile(r"(?<![\d/])" + _Y + r"(?![\d/])"), _year),
]
_PAREN = re.compile(r"\(([^()]{3,160})\)")
_SHORT_PAREN_WORDS = 8


def _first(span: str, patterns: list[_Reading]) -> tuple[Deadline, int] | None:
    """The leftmost expression any of ``patterns`` reads in ``span``, with its position."""
    best: tuple[Deadline, int] | None = None
    for pattern, make in patterns:
        for match in pattern.finditer(span):
            if best is not None and match.start() >= best[1]:
                break
            found = make(match)
            if found:
                best = (found, match.start())
                break
    return best


def classify(span: str) -> tuple[str, int] | None:
    """The first time expression in an OCR-folded span, as (value, position)."""
    found = _first(span, _PATTERNS)
    return (found[0].value, found[1]) if found else None


def read_deadline(span: str) -> Deadline | None:
    """The deadline a whole expression states: a parenthesis or a table cell ("Quý II/2025",
    "2025 - 2026", "Năm học 2025 - 2026", "Trước 30/5/2025", "Thường xuyên")."""
    found = _first(span, _CELL_PATTERNS + _PATTERNS)
    return found[0] if found else None


def deadline_cell(span: str) -> Deadline | None:
    """``read_deadline`` of a short expression only (a parenthesis or a table cell of a few
    words); a longer one is a clause with a time expression inside, not a deadline as a whole."""
    return read_deadline(span) if len(span.split()) <= _SHORT_PAREN_WORDS else None


def find_deadline(task_ocr: str) -> Deadline | None:
    """The deadline of a task, from its folded text: a closing parenthesis speaks first."""
    for paren in reversed(_PAREN.findall(task_ocr)):
        # "(giai đoạn 2025 - 2026)" is a time expression; "(X chủ trì …; hoàn thành trước ngày
        # 30/5/2025)" a clause with one inside
        first = _first(paren, _PATTERNS)
        found = deadline_cell(paren) or (first[0] if first else None)
        if found:
            return found
    first = _first(task_ocr, _PATTERNS)
    return first[0] if first else None


def deadline_of(task_ocr: str) -> str | None:
    """The gold-format deadline of a task, from its folded text."""
    found = find_deadline(task_ocr)
    return found.value if found else None


def ends_with_deadline(sentence_ocr: str) -> str | None:
    """ "paren" when a sentence closes on a parenthesised time expression, "bare" when it closes on
    an unbracketed one ("…, hoàn thành trong năm 2025."), else None. Used to split a bullet into tasks."""
    stripped = sentence_ocr.rstrip(" .;")
    tail = _PAREN.search(stripped[-170:]) if stripped.endswith(")") else None
    if tail and stripped[-170:].endswith(tail.group(0)) and classify(tail.group(1)):
        return "paren"
    found = classify(stripped[-60:])
    if found and found[0][:2] == "20" and found[1] > len(stripped[-60:]) - 40:
        return "bare"
    return None
