"""Normalise the time expression of a task: a year, "annual", "ongoing", "periodic" or None.

Everything works on the OCR-folded text. The expression in a closing parenthesis ("(xong trong
năm 2026)", "(thực hiện hằng năm)") speaks for the task; without one, the first expression of
the task text does. A quarter ("quý II/2025") is kept as its year.
"""
from __future__ import annotations

import re

_YEAR = r"(20[2-9]\d)"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    # "đến năm 2050" names a horizon ("tầm nhìn đến năm 2050"), not a deadline
    ("year", re.compile(r"(?:xong|hoan thanh|truoc|trong|nam)\s+(?:trong\s+)?(?:nam\s+|n[a-z]m\s+)?(?:qu[yi]\s+[ivx1l]+\s*/\s*)?" + _YEAR)),
    ("year", re.compile(r"qu[yi]\s+[ivx1l]+\s*/\s*" + _YEAR)),
    ("annual", re.compile(r"\b(?:hang|hng|hing|hdng)\s+nam\b|\b\d+\s*lan\s*/\s*nam\b")),
    ("ongoing", re.compile(r"thuong\s*xuyen|lien tuc")),
    ("periodic", re.compile(r"dinh\s+ky(?!\s+(?:hoac|va)\s+dot\s+xuat)|hang\s+(?:thang|quy)|theo\s+(?:chuong\s+trinh|lo\s+trinh|ke\s+hoach)\b"
                            r"|\(\s*\d+\s+thang\s*,\s*\d+\s+thang")),
]
_PAREN = re.compile(r"\(([^()]{3,160})\)")


def classify(span: str) -> tuple[str, int] | None:
    """The first time expression in an OCR-folded span, as (value, position)."""
    best: tuple[int, str] | None = None
    for value, pattern in _PATTERNS:
        match = pattern.search(span)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.group(1) if value == "year" else value)
    return (best[1], best[0]) if best else None


def deadline_of(task_ocr: str) -> str | None:
    """The deadline of a task, from its folded text."""
    for paren in reversed(_PAREN.findall(task_ocr)):
        found = classify(paren)
        if found:
            return found[0]
    found = classify(task_ocr)
    return found[0] if found else None


def ends_with_deadline(sentence_ocr: str) -> str | None:
    """"paren" when a sentence closes on a parenthesised time expression, "bare" when it closes on
    an unbracketed one ("…, hoàn thành trong năm 2025."), else None. Used to split a bullet into tasks."""
    stripped = sentence_ocr.rstrip(" .;")
    tail = _PAREN.search(stripped[-170:]) if stripped.endswith(")") else None
    if tail and stripped[-170:].endswith(tail.group(0)) and classify(tail.group(1)):
        return "paren"
    found = classify(stripped[-60:])
    if found and found[0][:2] == "20" and found[1] > len(stripped[-60:]) - 40:
        return "bare"
    return None
