"""A Report as the JSON extraction report (the format of the gold annotations)."""

from __future__ import annotations

import bisect
from typing import Any

from plankg.loaders.accounting import Accounting
from plankg.loaders.models import DocNumber, Report, Target


def _number(number: DocNumber | None) -> str | None:
    return number.canonical if number else None


def report_dict(report: Report) -> dict[str, Any]:
    doc = report.document
    return {
        "source": report.source,
        "document": {
            "kind": doc.kind,
            "number": _number(doc.number),
            "date": doc.date,
            "issuer": doc.issuer,
            "province": doc.province,
            "title": doc.title,
            "implements": [n.canonical for n in doc.implements],
            "supersedes": [n.canonical for n in doc.supersedes],
            **({"issuer_national_role": doc.issuer_national_role} if doc.issuer_national_role else {}),
        },
        "references": [
            {
                "number": r.number.canonical,
                "kind": r.kind,
                "date": r.date,
                "issuer": r.issuer,
                "lines": r.lines,
                **({"issuer_national_role": r.issuer_national_role} if r.issuer_national_role else {}),
            }
            for r in report.references
        ],
        "agencies": [
            {
                "name": a.name,
                "level": a.level,
                "lines": a.lines,
                **({"abbreviations": a.abbreviations} if a.abbreviations else {}),
                **({"aliases": a.aliases} if a.aliases else {}),
                **({"national_role": a.national_role} if a.national_role else {}),
            }
            for a in report.agencies
        ],
        "assignments": [
            {
                "agency": a.agency,
                "role": a.role,
                "section": a.section,
                "task": a.task,
                "deadline": a.deadline,
                "lines": a.lines,
                "rule": a.rule,
                **({"due": a.due, "precision": a.precision} if a.precision else {}),
                **({"page": page_of(report, a.lines)} if len(report.page_starts) > 1 and a.lines else {}),
                **({"table": a.table, "row": a.row} if a.table is not None else {}),
            }
            for a in report.assignments
        ],
        "indicators": [
            {
                "name": i.name,
                "group": i.group,
                "targets": {t.period: t.text for t in i.targets},
                "lines": i.lines,
                "rule": i.rule,
                "values": {t.period: _target_parts(t) for t in i.targets if t.value is not None},
                **({"theme": i.theme} if i.theme else {}),
                **({"page": page_of(report, i.lines)} if len(report.page_starts) > 1 and i.lines else {}),
                **({"table": i.table, "row": i.row} if i.table is not None else {}),
            }
            for i in report.indicators
        ],
        "damage": report.damage,
        "pages": len(report.page_starts),
        "warnings": report.warnings,
        **(_lines_dict(report.lines) if report.lines else {}),
    }


def page_of(report: Report, lines: list[int]) -> int:
    """The page an item's first line stands on (a text's pages are cut by form feeds)."""
    return bisect.bisect_right(report.page_starts, min(lines))


def _target_parts(target: Target) -> dict[str, Any]:
    """A target's parts as read ("tối thiểu 8 - 10% GDP": >=, 8, 10, %, GDP), the empty ones left out."""
    parts = {
        "comparator": target.comparator,
        "value": target.value,
        "upper": target.upper,
        "unit": target.unit,
        "qualifier": target.qualifier,
    }
    return {key: value for key, value in parts.items() if value is not None}


def _lines_dict(lines: Accounting) -> dict[str, Any]:
    """The line accounting: read shares, unread spans (with reasons) and every line's kind."""

    def share(read: int, total: int) -> dict[str, Any]:
        return {"lines": total, "read": read, "share": round(read / total, 3) if total else None}

    return {
        "read": {
            "task_part": share(lines.task_read, lines.task_lines),
            "annexes": share(lines.annex_read, lines.annex_lines),
            "missing_annexes": lines.missing_annexes,
        },
        "unread": [{"lines": [s.first_line, s.last_line], "reason": s.reason, "words": s.words} for s in lines.unread],
        "line_kinds": [
            {"lines": [s.first_line, s.last_line], "kind": s.kind} for s in lines.spans if s.kind != "unread"
        ],
    }
