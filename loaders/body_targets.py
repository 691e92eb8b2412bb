"""Targets stated in the running text of a plan, read clause by clause.

Plans state their goals in prose as well as in the appendix table, in a handful of shapes:

- stated:   "Quy mô kinh tế số đạt tối thiểu 30% GRDP", "… tăng trung bình 10%/năm",
            "chi ngân sách hằng năm … không thấp hơn mức dự toán …";
- share:    "kinh phí từ xã hội chiếm hơn 60%" (a share: "Tỷ lệ …", "Tỷ trọng … trong …");
- action:   "Cung cấp 100% dữ liệu mở …", "hình thành 1-2 khu công nghệ cao …" (a verb, then a
            quantity and what is counted: "Tỷ lệ …" for a percentage, "Số …" for a count);
- coverage: "Phủ sóng 5G toàn tỉnh";
- ranking:  "thuộc nhóm 10 tỉnh, thành dẫn đầu trong cả nước về đổi mới sáng tạo".

Everything is matched on the OCR-folded text (same offsets as the clean text) and cut from the
clean text for display. A clause ends at punctuation or a new bullet, never at a line break
(PDF text wraps anywhere) nor at a comma (names enumerate: "khoa học, công nghệ, …").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from plankg.loaders.docnumbers import find_numbers
from plankg.loaders.indicators import parse_target
from plankg.loaders.models import BlockKind, Indicator
from plankg.loaders.normalize import fold, squash_spaces
from plankg.loaders.outline import Block, text_after_heading
from plankg.loaders.source import SourceText

_CMP = r"(?:tren|duoi|t[a-z0-9]{1,3}\s+thi[a-z]u|it\s+nh[a-z]t|khoang|hon|toi\s+da)"
_AMOUNT = r"\d+(?:[.,]\d+)?(?:\s*-\s*\d+(?:[.,]\d+)?)?"
_PER_PEOPLE = r"\s+ngu[a-z]{1,2}\s+tr[a-z]n\s+(?:m[a-z]t|0?1)\s+v[a-z]n\s+d[a-z]{1,2}n\b"  # "15 người trên một vạn dân"
_UNIT = rf"(?:%(?:\s*/\s*n[a-z]m)?(?:\s*gr?dp)?|\s*gr?dp|{_PER_PEOPLE}|\s*[mg]b/s|\s*[mg]w(?![a-z]))"
_QUANTITY = rf"(?:(?:{_CMP}\s+){{0,2}}{_AMOUNT}\s*{_UNIT}|{_CMP}\s+\d+[.,]\d+)"
# Verbs that only link a name to its value are dropped; verbs that change what the number
# means ("tăng trung bình 10%/năm", "duy trì trên 0,75") stay in the value.
_COPULA = r"(?:dat|[o&]\s*muc|chiem|la)"
_KEPT_VERB = (
    r"(?:duy\s+tri|t[a-z]ng\s+trung\s+b[a-z]nh|giam\s+trung\s+b[a-z]nh|(?:tang\s+)?b[a-z]nh\s+qu[a-z]n|tang|giam)"
)
_STATED = re.compile(
    rf"(?<![a-z])(?:(?P<copula>{_COPULA})\s+(?:ph[a-z]n\s+d[a-z]u\s+)?|(?={_KEPT_VERB}\s))"
    rf"(?P<value>(?:{_KEPT_VERB}\s+)?{_QUANTITY}(?:\s*\([^()]{{1,160}}\))?)"
    r"|(?<![a-z])(?P<floor>khong\s+th[a-z]{1,2}p\s+hon\s+[^;.]{3,120})"
)
# A quantity right after a verb, followed by what it counts: "bố trí 01 cán bộ …".
_ACTION = re.compile(
    rf"(?<=[\s(])(?P<value>(?:{_CMP}\s+){{1,2}}\d+(?:[.,]\d+)?\s*%?|\d+(?:[.,]\d+)?\s*%|0\d|\d+\s*-\s*\d+)"
    r"\s+(?P<counted>[a-z][^;:.]{2,300})"
)
# Words after which a number names something ("số 46", "Đề án 06", "ngày 14") or is a bound.
_NOT_BEFORE_COUNT = re.compile(
    r"(?<![a-z])(?:so|ngay|nam|thang|quy|khoan|dieu|muc|luc|tai|doan|phan|lan|tu|den|va|hoac|voi|an)\s*$"
)
# What a number counts is not a span of time nor a unit of the economy.
_NOT_COUNTED = re.compile(
    r"(?:n[a-z]m|th[a-z]{1,2}ng|ng[a-z]{1,2}y|qu[a-z]|tu[a-z]n|gi[a-z]|l[a-z]n|gr?dp|nguoi|kem theo)(?![a-z])"
)
_COVERAGE = re.compile(r"^(?P<name>[a-z0-9 ]{4,60}?)\s+(?P<value>toan (?:tinh|quoc|thanh pho))\s*$")
# "thuộc nhóm 10 tỉnh, thành dẫn đầu": a rank among places
_RANK = (
    r"th[a-z]{1,3}c\s+(?:vao\s+)?nh[a-z]m\s+(?P<count>\d+)\s+(?:t[a-z]nh|n[a-z]{1,2}c|qu[a-z]c\s+gia|d[a-z]a\s+ph[a-z]{1,3}ng)"
    r"[^;.]{0,30}?\sd[a-z]n\s+d[a-z]u"
)
_RANKING = re.compile(_RANK + r"[^;.]{0,40}?\sv[a-z]\s+(?P<topic>[a-z][^;.]{2,80})")  # "… về <topic>"
_COUNTRY_BEFORE = re.compile(r"viet\s+nam\s*$")
_HEAD = re.compile(r"(?<![a-z])(?:chi\s+s[odb]|t[yi]\s+le|t[yi]\s+trong|quy\s+m[odb]|s[odb]\s+luong)(?![a-z])")
_LEAD = re.compile(
    r"^[\s,;-]*(?:(?:trong d[a-z0-9]{0,2}|phan dau|bao dam|dam bao|nham|de|co(?=\s+[a-z]|\s*$))(?![a-z])[\s,]*)*"
)
_PURPOSE = re.compile(r"(?<![a-z])(?:bao dam|dam bao|ph[a-z]n\s+d[a-z]u|nh[a-z]m)\s+")
_TRAILING_PURPOSE = re.compile(r"(?:\s+(?:ph[a-z]n\s+d[a-z]u|dat))+\s*$")  # "… xuất khẩu phấn đấu đạt"
_PURPOSE_AFTER = re.compile(r"\s(?:nh[a-z]m|de|bao dam|dam bao)\s")  # "… dữ liệu mở nhằm thúc đẩy …"
_SECTION_YEAR = re.compile(r"(?:den|toi|vao)\s+n[a-z]{1,2}m?\s+(20\d\d)")
# A sentence that opens with its year gives it to every clause: "Phấn đấu đến năm 2030, A; B; C."
_SENTENCE_YEAR = re.compile(r"\s*(?:ph[a-z]n\s+d[a-z]u\s+)?(?:den|toi|trong)\s+n[a-z]{1,2}m?\s+(20\d\d)\s*,")
_SENTENCE_END = re.compile(r"\.(?!\d)\s+")
# "Mục tiêu đến năm 2030", "Tầm nhìn đến năm 2045", or a goal sub-heading "2.1. Đến năm 2030".
_GOAL_HEADING = re.compile(
    r"(?:m[a-z]c\s+ti[a-z]u[^\n]{0,40}?|t[a-z]m\s+nh[a-z]n\s+|^[\s\d.)-]*)(?:den|toi)\s+n[a-z]{1,2}m?\s+(20\d\d)"
)
_PREPOSITION = re.compile(r"(?:theo|so voi|trong|cua|vao|tai|tren|doi voi)\s")
_ANNUAL = re.compile(r"(?<![a-z])(?:h[a-z]ng|moi) n[a-z]m(?![a-z])")
_SHARE_OF = re.compile(r"^\s*(?!(?:cua|toan|ca|tren|tai)\s)(?P<of>[a-z][a-z ]{2,40}?)\s*$")
_TOTAL_OF = re.compile(r"^\s*(?P<of>trong\s+t[a-z]ng\s+s[a-z0-9]\s+[^;:.(]{2,60}?)\s*$")
_ONLY_TIME = re.compile(r"(?:(?:den|toi|trong|vao)\s+)?(?:nam|giai doan)\s+20\d\d(?:\s*-\s*20\d\d)?")
_MIN_NAME_WORDS = 3
_MAX_COUNTED_WORDS = 20
_NEAR = 200  # characters around a value that can still belong to its name
_RECENT_NAMES = 300  # names a restated goal is compared with
_OWN_YEAR_BEFORE, _OWN_YEAR_AFTER = 80, 40  # characters around a target where its own year may stand


@dataclass
class _Found:
    """One target read from a clause, before it becomes an Indicator."""

    name: str
    value: str  # as displayed
    value_folded: str
    start: int  # offsets in the source text, for the line span
    end: int
    annual: bool = False


def _clauses(src: SourceText, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the clauses between ``start`` and ``end``: up to ; : . , trong đó, or a new bullet;
    a full stop between digits ("0.75") does not end one."""
    folded = src.ocr[start:end]
    spans, begin = [], 0
    for match in re.finditer(
        r"[;:]|\.(?!\d)|\n\s*[-+•]\s|,\s*trong\s+do\s*,?\s*", folded
    ):  # "…, trong đó …": a part of it
        spans.append((start + begin, start + match.start()))
        begin = match.end()
    spans.append((start + begin, end))
    return [(a, b) for a, b in spans if src.ocr[a:b].strip()]


def _lead_end(folded: str) -> int:
    """Where a name starts after its leading connectives (``_LEAD``, which may match nothing)."""
    found = _LEAD.match(folded)
    return found.end() if found else 0


def _name(src: SourceText, start: int, end: int) -> tuple[str, int]:
    """The display name of the span, without leading connectives; and where it starts."""
    trailing = _TRAILING_PURPOSE.search(src.ocr, start, end)
    end = trailing.start() if trailing else end
    folded = src.ocr[start:end]
    purposes = [m for m in _PURPOSE.finditer(folded) if len(folded[m.end() :].split()) >= _MIN_NAME_WORDS]
    if purposes:  # "…, bảo đảm kinh tế số các ngành …": the target follows the purpose word
        start, folded = start + purposes[-1].end(), folded[purposes[-1].end() :]
    start += _lead_end(folded)
    heads = [m for m in _HEAD.finditer(src.ocr, start, end) if m.start() > start]
    if heads:  # "… đóng góp vào chỉ số phát triển con người (HDI)": the indicator is its head noun
        start = heads[-1].start()
    name = src.display(src.text[start:end]).strip(" -,")
    return (name[:1].upper() + name[1:]), start


def _stated(src: SourceText, span: tuple[int, int]) -> list[_Found]:
    found: list[_Found] = []
    start, end = span
    name_from = start
    for match in _STATED.finditer(src.ocr, start, end):
        group = "floor" if match.group("floor") else "value"
        verb_start = match.start()
        name, name_start = _name(src, max(name_from, verb_start - _NEAR), verb_start)
        name_from = match.end()
        if len(name.split()) < _MIN_NAME_WORDS:
            continue
        value_start, value_end = match.start(group), match.end(group)
        value = src.display(src.text[value_start:value_end]).strip()
        rest = src.ocr[value_end : _next_stop(src, match, end)]
        folded_name = fold(name)
        if match.group("copula") == "chiem":
            of = None if re.search(r"gr?dp\s*$", match.group(group)) else _SHARE_OF.match(rest)
            if of:  # "… chiếm tối thiểu 70% kinh tế số": a share of that whole
                value = src.display(src.text[value_start : value_end + of.end("of")])
                name = f"Tỷ trọng {_lower_first(name)} trong {src.display(src.text[value_end + of.start('of') : value_end + of.end('of')])}"
                name_from = value_end + of.end()
            elif not _HEAD.match(folded_name) and not re.search(r"gr?dp", match.group(group)[-5:]):
                name = f"Tỷ lệ {_lower_first(name)}"  # ("… chiếm 22% GRDP" is "… so với GRDP", as "đạt 45% GRDP")
        total = _TOTAL_OF.match(rest)
        if total:  # "… đạt trên 40% trong tổng số doanh nghiệp": the whole belongs to the name
            name += " " + src.display(src.text[value_end + total.start("of") : value_end + total.end("of")])
            name_from = value_end + total.end()
        economy = re.search(r"gr?dp", match.group(group)[-5:])
        if economy and economy.group(0) not in folded_name:
            name += " so với " + economy.group(0).upper()
        found.append(
            _Found(
                name,
                value,
                squash_spaces(match.group(group)),
                name_start,
                value_end,
                annual=bool(_ANNUAL.search(folded_name)),
            )
        )
    return found


def _next_stop(src: SourceText, match: re.Match[str], end: int) -> int:
    """Where the words after a value end: the clause end or the next comma (looked for a short
    way only: a text without punctuation must not make every value scan to its end)."""
    limit = min(end, match.end() + _NEAR)
    comma = src.ocr.find(",", match.end(), limit)
    return comma if comma != -1 else limit


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _action(src: SourceText, span: tuple[int, int], taken: list[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = []
    start, end = span
    for match in _ACTION.finditer(src.ocr, start, end):
        k = bisect.bisect_right(taken, (match.start(), float("inf"))) - 1
        if k >= 0 and taken[k][0] <= match.start() < taken[k][1]:
            continue  # inside a stated target
        value_folded = squash_spaces(match.group("value"))
        digits = re.search(r"\d+", value_folded)
        if digits is None:
            continue
        number = digits.group(0)
        near = max(start, match.start() - _NEAR)
        bound = _NOT_BEFORE_COUNT.search(src.ocr[near : match.start()])
        # "số 46", "ngày 14" name something; "phủ sóng 5G đến 100% …" reaches a share of what follows
        reaches = (
            "%" in value_folded
            and bound is not None
            and bound.group(0).startswith("den")
            and not re.search(r"tu\s+\d+(?:[.,]\d+)?\s*%?\s*den\s*$", src.ocr[near : match.start()])
        )  # not "từ 5 đến 10%"
        names_something = value_folded[0].isdigit() and bound and not reaches
        if 1900 <= int(number) <= 2100 or names_something:
            continue
        counted = match.group("counted")
        if _NOT_COUNTED.match(counted):
            continue
        if _PREPOSITION.match(counted):  # "Phấn đấu cán bộ … khoảng 5% theo …": no verb, the name is before
            name, name_start = _name(src, near, match.start())
            if len(name.split()) >= _MIN_NAME_WORDS:
                value = src.display(src.text[match.start("value") : match.end("value")]).strip()
                found.append(_Found(name, value, value_folded, name_start, match.end("value")))
            continue
        purpose = _PURPOSE_AFTER.search(counted)
        counted = counted[: purpose.start()] if purpose else counted
        if len(counted.split()) > _MAX_COUNTED_WORDS and "," in counted:
            counted = counted[: clause_comma(counted)]
        counted_end = match.start("counted") + len(counted.rstrip(" ,"))
        what = src.display(src.text[match.start("counted") : counted_end]).strip(" ,")
        what = _TRAILING_TIME.sub("", what)  # "99% khu dân cư vào năm 2030": the year is the target's, not the name's
        before = src.display(src.text[near : match.start()])
        before_folded = fold(before)
        lead = _lead_end(before_folded)
        before = re.sub(r"\s*(?:đối với|cho|tại|với)\s*$", "", before[lead:].strip(" -,"))
        before = _TIME_PHRASE.sub(" ", before).strip()
        if "%" in value_folded:
            name = f"Tỷ lệ {_TOTAL.sub('', what)}"  # "3% tổng chi ngân sách …": a share of that total
        else:
            owner = re.search(r"\s+có$", before)  # "Trường Đại học X có ít nhất 03 nhóm …": the groups of X
            whose = before[: owner.start()].strip() if owner else ""
            if whose and fold(whose).startswith("moi "):  # "mỗi thôn có ít nhất 01 tổ …": in each
                name = f"Số {what} tại {whose[:1].lower()}{whose[1:]}"
            elif whose:
                name = f"Số {what} của {whose}"
            else:
                name = f"Số {what} {before}".strip()
        value = src.display(src.text[match.start("value") : match.end("value")]).strip()
        found.append(
            _Found(name, value, value_folded, near + lead, counted_end, annual=bool(_ANNUAL.search(fold(what))))
        )
    return found


_TRAILING_TIME = re.compile(r"\s+(?:vào|đến|tới|trong)\s+năm\s+\d{4}\s*$", re.IGNORECASE)
_TIME_PHRASE = re.compile(r"(?:đến|tới|trong)\s+năm\s+\d{4}|^\s*(?:phấn đấu|đến năm)\s*", re.IGNORECASE)
_TOTAL = re.compile(r"^tổng\s+(?=\S)")
_PREDICATE = re.compile(r"(?<![a-z])(?:duoc|van hanh)(?![a-z])")


def clause_comma(counted: str) -> int:
    """Where a long counted phrase ends: at the first comma after its predicate ("… được xử lý
    trên môi trường mạng, …"); without a predicate at the first comma that does not sit inside an
    enumeration ("khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"). A bare noun before
    the first comma ("tổ chức, doanh nghiệp công nghệ …") starts an enumeration of nouns that
    share what follows, however long the next item."""
    commas = [m.start() for m in re.finditer(",", counted)]
    predicate = _PREDICATE.search(counted)
    if predicate:
        after = [c for c in commas if c > predicate.end()]
        return after[0] if after else len(counted)
    for k, comma in enumerate(commas):
        if k == 0 and len(counted[:comma].split()) <= 2:
            continue
        last = k + 1 == len(commas)
        rest = counted[comma + 1 : len(counted) if last else commas[k + 1]]
        item = re.split(r"\s(?:va|hoac)\s", rest)[0]  # "…, đổi mới sáng tạo và chuyển đổi số"
        if len(item.split()) > 4:
            return comma
    return len(counted)


def _coverage(src: SourceText, span: tuple[int, int]) -> list[_Found]:
    start, end = span
    match = _COVERAGE.match(squash_spaces(src.ocr[start:end]).strip(" -"))
    if not match or len(match.group("name").split()) > 6:
        return []
    text = squash_spaces(src.text[start:end]).strip(" -")
    cut = match.start("value")
    name = src.display(text[:cut]).strip()
    value = src.display(text[cut:]).strip()
    place = {"tinh": "tỉnh", "thanh pho": "thành phố"}.get(match.group("value").split(" ", 1)[1])
    if place:
        name = f"{name} trên địa bàn {place}"
    return [_Found(name[:1].upper() + name[1:], value, match.group("value"), start, end)]


# "Chỉ số đổi mới sáng tạo cấp tỉnh (PII) thuộc nhóm 20 tỉnh dẫn đầu cả nước": what is ranked
# stands before the rank
_RANK_ONLY = re.compile(_RANK + r"[^;.]{0,40}$")


def _ranking(src: SourceText, span: tuple[int, int]) -> list[_Found]:
    start, end = span
    match = _RANKING.search(src.ocr, start, end)
    if not match:
        rank = _RANK_ONLY.search(src.ocr, start, end)
        if not rank:
            return []
        name, name_start = _name(src, max(start, rank.start() - _NEAR), rank.start())
        if len(name.split()) < _MIN_NAME_WORDS:
            return []
        value = src.display(src.text[rank.start() : end]).strip(" .;")
        return [_Found(name, value, fold(value), name_start, end)]
    topic_end = match.end("topic")
    value = src.display(src.text[match.start() : match.start("topic") - 1]).strip()
    value = re.sub(r"\s+v[ềe]$", "", value)
    topic = src.display(src.text[match.start("topic") : topic_end]).strip(" ,")
    subject = (
        "Việt Nam"
        if _COUNTRY_BEFORE.search(src.ocr[max(start, match.start() - 20) : match.start()].rstrip(" ,"))
        else "tỉnh"
    )
    return [_Found(f"Xếp hạng của {subject} về {topic}", value, fold(value), match.start(), topic_end)]


def body_indicators(src: SourceText, blocks: list[Block]) -> list[Indicator]:
    """Targets stated in the text, with the year of the goal they belong to ("Mục tiêu đến năm
    2030"), "annual" for yearly ones, or "unspecified"."""
    out: list[Indicator] = []
    group, group_year, goal_path = None, None, ""
    for block in blocks:
        if block.kind == BlockKind.TEXT:
            continue  # the preamble before the outline: numbers in the titles of cited documents
        start = src.line_starts[block.first_line - 1]
        end = src.end_of_line(block.last_line)
        if block.kind in (BlockKind.ROMAN, BlockKind.NUMBERED):
            # Targets take the year of the goal heading they stand under ("Mục tiêu đến năm
            # 2030"), up to the next heading of the same or a higher level.
            goal = _GOAL_HEADING.search(src.ocr[start:end].split("\n")[0])
            if goal or block.kind == BlockKind.ROMAN or (goal_path and not block.path.startswith(goal_path + ".")):
                group_year, goal_path = (goal.group(1), block.path) if goal else (None, "")
            if block.kind == BlockKind.ROMAN or goal:
                heading = src.text[start:end].split("\n")[0].strip()
                heading = heading.removeprefix(block.label)
                group = src.display(heading.lstrip(" .-)"))[:120]
        if block.kind in (BlockKind.ROMAN, BlockKind.NUMBERED):
            start = text_after_heading(src, start, end)  # "2. Tầm nhìn đến năm 2045" / its text
        previous_name = None
        for span in _clauses(src, start, end):
            stated = _stated(src, span)
            taken = [(f.start, f.end) for f in stated]
            for found in stated + _action(src, span, taken) + _coverage(src, span) + _ranking(src, span):
                # a year stated with the target itself ("Phấn đấu đến năm 2030, … ở mức trên 55%")
                own_year = _SECTION_YEAR.search(
                    src.ocr, max(span[0], found.start - _OWN_YEAR_BEFORE), min(span[1], found.end + _OWN_YEAR_AFTER)
                )
                year = own_year.group(1) if own_year else _sentence_year(src, start, span[0]) or group_year
                period = "annual" if found.annual else (year or "unspecified")
                if find_numbers(src.derived(found.name)):
                    continue  # "… Kết luận số 123-KL/TW … với mục tiêu tăng trưởng đạt 8%": a cited document's goal
                if _ONLY_TIME.fullmatch(fold(found.name)):
                    # "…: đạt 90%; đến năm 2025 đạt 70%": the same indicator for another year
                    if previous_name is None:
                        continue
                    found.name = previous_name
                previous_name = found.name
                target = parse_target(period, found.value, found.value_folded)
                out.append(Indicator(found.name, group, [target], src.lines_of(found.start, found.end), "body-target"))
    return merge_same_indicators(out)


def _sentence_year(src: SourceText, block_start: int, at: int) -> str | None:
    """The year the sentence holding ``at`` opens with ("Đến năm 2026, …"), if it does."""
    begin = block_start
    for end in _SENTENCE_END.finditer(src.ocr, block_start, at):
        begin = end.end()
    found = _SENTENCE_YEAR.match(src.ocr, begin, at + 1)
    return found.group(1) if found else None


def merge_same_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """One indicator per name: a goal restated for another year ("đến năm 2045 … tối thiểu 50%
    GRDP") adds a target to it. Names are compared folded, tolerant of OCR damage, against the
    same name or the last few hundred sharing its first word (a text with thousands of targets
    stays linear)."""
    merged: list[Indicator] = []
    exact: dict[str, Indicator] = {}
    recent: dict[str, list[tuple[str, Indicator]]] = {}
    for indicator in indicators:
        key = fold(indicator.name)
        bucket = recent.setdefault(key.split(" ", 1)[0], [])
        same = exact.get(key) or next((m for k, m in reversed(bucket) if fuzz.ratio(k, key) >= 88), None)
        if same and not {t.period for t in same.targets} & {t.period for t in indicator.targets}:
            same.targets += indicator.targets
            same.lines = sorted(set(same.lines) | set(indicator.lines))
            if indicator.group and same.group and indicator.group not in same.group:
                same.group = f"{same.group}; {indicator.group}"
            continue
        merged.append(indicator)
        exact[key] = indicator
        bucket.append((key, indicator))
        del bucket[:-_RECENT_NAMES]
    return merged
