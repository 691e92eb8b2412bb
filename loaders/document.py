"""What a text says about itself (number, kind, date, issuer, province, title, what it implements
and replaces) and the other documents it cites."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from functools import cache

from plankg.loaders.agencies import AgencyMention, entry_for
from plankg.loaders.casing import lower_words, restore_capitals, sentence_case
from plankg.loaders.dates import date_after, date_opening_sentence, first_wordy_date, iso_date
from plankg.loaders.docnumbers import NumberMention, find_numbers, kind_of
from plankg.loaders.gazetteer import Gazetteer, load_gazetteer, localized, provincial_form
from plankg.loaders.models import DocNumber, DocumentInfo, DocumentType, Reference
from plankg.loaders.normalize import fold, squash_spaces
from plankg.loaders.opening import HEADER_LINES, Opening, is_residue, place_and_date_at, read_opening
from plankg.loaders.source import SourceText

_KIND_WORDS = (
    ("ke hoach", DocumentType.PLAN, "Kế hoạch"),
    ("chuong trinh", DocumentType.PROGRAM, "Chương trình"),
    ("nghi quyet", DocumentType.RESOLUTION, "Nghị quyết"),
    ("quyet dinh", DocumentType.DECISION, "Quyết định"),
    ("chi thi", DocumentType.DIRECTIVE, "Chỉ thị"),
    ("ket luan", DocumentType.CONCLUSION, "Kết luận"),
)
_ISSUERS = (
    "Ban Thường vụ Tỉnh ủy",
    "Ban Chấp hành Đảng bộ tỉnh",
    "Ủy ban nhân dân tỉnh",
    "Hội đồng nhân dân tỉnh",
    "Thường trực Tỉnh ủy",
)
# A party committee as a header names it ("TỈNH ỦY", "ĐẢNG BỘ TỈNH", "HUYỆN ỦY X", "ĐẢNG ỦY XÃ X"),
# folded: its standing board issues the plan, so a body the opening names as issuing goes first.
_PARTY_COMMITTEES = ("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "dang bo")
_OF = re.compile(r"[\s,]*(?:cua|c[a-z]{0,2}a)\s+$")
# "Số: 245/KH-UBND", "Số 538-KH/TU", "| Số: …", "Nghị quyết số: 45/2025/NQ-HĐND" (folded)
_NUMBER_LABEL = re.compile(
    r"[\s|*]*(?:s[o0-9a-z]?\s*(?:hieu)?\s*:?|(?:nghi quyet|quyet dinh|ke hoach|chuong trinh"
    r"|van ban|cong van)\s+s[o0-9a-z]?\s*:)\s*"
)
# An enacting-authority line after a title ("THỦ TƯỚNG CHÍNH PHỦ", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X",
# "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ X", "KHÓA XVI, KỲ HỌP THỨ 28"): the title ends before it.
_ENACTING = re.compile(
    r"^\s*(?:thu tuong|chinh phu\s*$|quoc hoi\s*$|chu tich|uy ban nhan dan|hoi dong nhan dan|bo truong"
    r"|ban thuong vu|ban chap hanh|ban chi dao|khoa [ivxl]+\b|ky hop)"
)


def own_number(src: SourceText, numbers: list[NumberMention], opening: Opening) -> DocNumber | None:
    """The number in the header ("Số 538-KH/TU"; "Số:" or "Nghị quyết số:" on the line before
    it when table residue split the cell), else the metadata box's."""
    start, end = opening.start_offset(src), opening.header_end(src)
    for mention in numbers:
        if mention.start < start:
            continue
        if mention.start >= end:
            break
        line = src.line_of(mention.start)
        before = src.ocr[src.line_starts[line - 1] : mention.start]
        if _label_above(src, line, opening) if not before.strip(" |*") else _NUMBER_LABEL.fullmatch(before):
            if ":" in before or not _sentence_goes_on(src, line):
                return mention.number
    reposted = _reposted(src, numbers, opening)
    return _box_number(opening) or (reposted[0] if reposted else None)


# "… Ban Thường vụ Tỉnh ủy đã ban hành Chương trình hành động số 72-CTr/TU ngày 03/3/2025 …, nội
# dung như sau:" opening a page that reposts the document: the number is the text's own
_ISSUED_BEFORE = re.compile(
    r"ban hanh\s+(?:ke hoach|chuong trinh|quyet dinh|nghi quyet|chi thi|ket luan|de an)"
    r"(?:\s+hanh\s+dong)?\s+(?:so\s*)?$"
)
_CONTENT_FOLLOWS = re.compile(r"[^.;]{0,160}?(?:nhu sau|noi dung[^.;:]{0,40})\s*:")


def _reposted(src: SourceText, numbers: list[NumberMention], opening: Opening) -> tuple[DocNumber, str | None] | None:
    """The number and date of a document a page reposts under its own headline: the opening says
    it was issued ("đã ban hành Chương trình hành động số 72-CTr/TU ngày …") and that its content
    follows ("… như sau:"). Only where the text has no header of its own."""
    if opening.has_header:
        return None
    limit = src.line_starts[min(opening.lines_after_start(src, 30), len(src.line_starts) - 1)]
    for mention in numbers:
        if mention.start >= limit:
            break
        if _ISSUED_BEFORE.search(src.ocr[max(0, mention.start - 60) : mention.start]) and _CONTENT_FOLLOWS.match(
            src.ocr, mention.end
        ):
            dated = date_after(src.ocr, mention.end)
            return mention.number, dated[0] if dated else None
    return None


def _sentence_goes_on(src: SourceText, line: int) -> bool:
    """The line before ``line`` ends mid-sentence ("… theo dõi việc thực hiện Kế hoạch" / "số
    890/KH-UBND"): a number there is cited, not the header's."""
    if line < 2:
        return False
    before = src.ocr[src.line_starts[line - 2] : src.end_of_line(line - 1)].rstrip(" |")
    return bool(re.search(r"[a-z,]$", before)) and not _is_caps(src.lines[line - 2]) and len(before.split()) > 3


def _label_above(src: SourceText, line: int, opening: Opening) -> bool:
    """The nearest line above with letters ends with the number's label ("Số:", "Nghị quyết số:")."""
    for k in range(line - 1, max(opening.start_line, line - 4) - 1, -1):
        text = src.ocr[src.line_starts[k - 1] : src.end_of_line(k)]
        if is_residue(text):
            continue
        return bool(re.search(r"(?:^|\s|[|*])s[o0-9a-z]?\s*(?:hieu)?\s*:\s*[|*\s]*$|^[\s|*]*s[o0]\s*[|*\s]*$", text))
    return False


def _box_number(opening: Opening) -> DocNumber | None:
    if not opening.box or not opening.box.number:
        return None
    found = find_numbers(SourceText("<box>", opening.box.number))
    return found[0].number if found else None


def province_of(
    src: SourceText, gaz: Gazetteer, own: DocNumber | None = None, opening: Opening | None = None
) -> str | None:
    """The province of the issuing body: from the header (its committee, its place-and-date line,
    "tỉnh X" / "thành phố X" in its issuer block), else the most named one; none for a document of
    a central issuer (the Government, the Politburo, the National Assembly)."""
    if own is not None and own.issuing_body not in gaz.local_issuers and own.issuing_body not in ("UBND", "HĐND"):
        return None
    opening = opening or read_opening(src)
    header = src.ocr[opening.start_offset(src) : opening.header_end(src)]
    for match in re.finditer(r"(?:tinh|thanh)\s+(?:uy|[a-z]y)\s+", header):
        found = gaz.province_in(header[match.end() : match.end() + 30])
        if found:
            return found
    header_lines = header.split("\n")
    for k in range(len(header_lines)):
        placed = place_and_date_at(header_lines, k)
        if placed and gaz.province_in(placed[0] + " "):
            return gaz.province_in(placed[0] + " ")
    for match in re.finditer(
        r"(?:^|\n)[\s|*]*(?:uy ban nhan dan|hoi dong nhan dan|ubnd|hdnd)?\s*(?:tinh|thanh pho)\s+", header
    ):
        found = gaz.province_in(header[match.end() : match.end() + 30])
        if found:
            return found
    counts: Counter[str] = Counter()
    for match in re.finditer(r"(?:tinh|thanh pho)\s+", src.ocr):
        found = gaz.province_in(src.ocr[match.end() : match.end() + 30])
        if found:
            counts[found] += 1
    if counts:
        return counts.most_common(1)[0][0]
    box_place = gaz.province_in(fold(opening.box.issuer) + " ") if opening.box and opening.box.issuer else None
    return box_place or _named_most(src, gaz)


def _named_most(src: SourceText, gaz: Gazetteer) -> str | None:
    """A text that never writes "tỉnh X" (a news article: "BẮC GIANG TRIỂN KHAI …", "Báo Bắc
    Giang"): the province it names most, if named at least twice and more than any other."""
    by_key = {fold(name): name for name in gaz.provinces}
    counts = Counter(by_key[key] for key in _province_names(gaz).findall(src.ocr))
    # a headline that opens with a province ("BÌNH PHƯỚC: KHƠI THÔNG NGUỒN LỰC …") is about it
    for line in src.ocr_lines[:HEADER_LINES]:
        opens = _province_names(gaz).match(line.strip(" |*#"))
        if opens and re.match(r"\s*:", line.strip(" |*#")[opens.end() :]):
            counts[by_key[opens.group(1)]] += 2
            break
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


@cache
def _province_names(gaz: Gazetteer) -> re.Pattern[str]:
    """Any province's folded name as a whole word, the longest first ("thua thien hue" before "hue")."""
    keys = sorted((fold(name) for name in gaz.provinces), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(" + "|".join(map(re.escape, keys)) + r")(?![a-z])")


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


# A line a news page puts around its headline: a menu ("Trang chủ | Tin tức", "Thời sự > Chính
# trị"), a byline or a date line
_MENU = re.compile(r"[|>»›]|\s/\s")


def _headline(src: SourceText, opening: Opening, gaz: Gazetteer) -> str | None:
    """An article's headline: its first block of upper-case lines, else its first line that reads
    as a headline (six words or more, no full stop at its end, not a menu or a date line)."""
    lines, folded = src.lines, src.ocr_lines
    last = opening.lines_after_start(src, HEADER_LINES + 5)
    for k in range(opening.start_line - 1, last):  # a news page sets its date line under the headline
        if _date_line(folded[k]):
            above = [j for j in range(opening.start_line - 1, k) if _reads_as_headline(lines[j], folded[j], 4)]
            if above and above[-1] >= k - 2:
                line = lines[above[-1]].strip()
                return restore_capitals(src.display(lower_words(line) if _is_caps(line) else line), gaz)
            break
    block: list[str] = []
    for line in lines[opening.start_line - 1 : last]:
        if _is_caps(line) and not _MENU.search(line) and len(line.split()) >= 2:
            block.append(line.strip())
        elif block:
            break
    if block:
        return restore_capitals(src.display(lower_words(" ".join(block))), gaz)
    for k in range(opening.start_line, last + 1):
        if _reads_as_headline(lines[k - 1], folded[k - 1], 6):
            return src.display(lines[k - 1].strip())
    return None


def _reads_as_headline(line: str, folded: str, min_words: int) -> bool:
    """A line that can be a headline: enough words, a capital first, no full stop at its end, not
    a menu, a date line or a byline."""
    line = line.strip()
    return (
        len(line.split()) >= min_words
        and line[-1] not in ".:;,"
        and not _MENU.search(line)
        and not _date_line(folded)
        and line[:1].isupper()
    )


def _type_heading(src: SourceText, opening: Opening, gaz: Gazetteer) -> tuple[int, DocumentType, str] | None:
    """The line (0-based) of the type heading ("KẾ HOẠCH", "QUYẾT ĐỊNH …", "TỜ TRÌNH"), its kind
    and label: a line in capitals that opens with a type word of the gazetteer, or that names one
    of the kinds of plans and decisions anywhere (an OCR'd heading may have debris before it)."""
    lines, ocr_lines = src.lines, src.ocr_lines
    for k in range(opening.start_line - 1, opening.lines_after_start(src, HEADER_LINES + 5)):
        line, written = ocr_lines[k], lines[k]
        if not _is_caps(written) or _MOTTO_LINE.search(line):
            continue
        for words, kind, label in _KIND_WORDS:
            if words in line:
                return k, kind, label
        opening_words = re.match(r"[\s|*]*([a-z]+(?: [a-z]+)?(?: [a-z]+)?)", line)
        for words, code in gaz.title_words.items():
            if opening_words and (opening_words.group(1) + " ").startswith(words + " "):
                return k, gaz.type_kind(code), gaz.doc_types[code]["vi"]
    return None


# A line that opens what follows a title: the addressees, the grounds; the opening sentence when
# it starts with a capital ("Thực hiện …"; a title's own line reads "thực hiện …")
_AFTER_TITLE = re.compile(r"[\s|*]*(?:can cu|tren co so|kinh gui|xet |theo de nghi)")
_OPENING_LINE = re.compile(r"[\s|*]*(?:de\s+|nham\s+)?(?:trien khai\s+)?(?:thuc|thyc|thue) hien")
# A title line ends on a word that the next line goes on from ("… của" / "Bộ Chính trị …")
_GOES_ON = re.compile(r"(?:cua|va|ve|so|tai|tren|theo|thuc hien|trien khai|giai doan|,|-)\s*$")


def _kind_and_title(
    src: SourceText, number: DocNumber | None, gaz: Gazetteer, has_outline: bool, opening: Opening
) -> tuple[DocumentType, str | None]:
    heading = _type_heading(src, opening, gaz)
    if heading is None or not (number or has_outline or opening.has_header):
        if number:
            return gaz.type_kind(number.type_code), _typeless_title(src, opening, gaz, number)
        if not has_outline and not opening.has_header:
            return DocumentType.ARTICLE, _headline(src, opening, gaz)
        return (DocumentType.OTHER if has_outline or opening.has_header else DocumentType.ARTICLE), None
    k, kind, label = heading
    lines, ocr_lines = src.lines, src.ocr_lines
    line = ocr_lines[k]
    words = fold(label)
    at = line.find(words)
    title = [label + (" hành động" if at >= 0 and "hanh dong" in line[at:] else "")]
    caps_title = True  # a title in capitals goes on in capitals ("BAN HÀNH CHƯƠNG TRÌNH …")
    for sub, sub_ocr in zip(lines[k + 1 :], ocr_lines[k + 1 :]):
        if _OPENING_LINE.match(sub_ocr) and sub.strip(" |*")[:1].isupper() and title[1:]:
            break
        if (
            _ENACTING.match(sub_ocr)
            and _is_caps(sub)
            and title[1:]
            and not re.search(r"(?:cua|va|,)\s*$", fold(title[-1]))
        ):
            break
        if not sub.strip(" |*") or is_residue(sub):
            if title[1:] and re.fullmatch(r"[\s*_=-]*", sub) and sub.strip():
                break  # a rule under the title
            continue
        if _AFTER_TITLE.match(sub_ocr):
            if title[1:]:
                break
            continue
        if caps_title and (_is_caps(sub) or not re.search(r"[^\W\d_]", sub)):  # "2030" wrapped alone
            title.append(lower_words(sub.strip(" |")))
            continue
        if _is_caps(sub) or len(sub.split()) > 40:
            break
        if title[1:] and sub.strip(" |*")[:1].isupper() and not _GOES_ON.search(fold(title[-1])):
            break  # running text begins ("Sau gần hai tháng …"): a title's line goes on in lower case
        caps_title = False
        text = sub.strip(" |")
        title.append(text[:1].lower() + text[1:] if len(title) == 1 else text)
    text = squash_spaces(" ".join(title)).replace(", ngày", " ngày")
    text = restore_capitals(src.display(text), gaz)
    doc_kind = gaz.type_kind(number.type_code) if number and number.type_code else kind
    return doc_kind, text[:400]


def _typeless_title(src: SourceText, opening: Opening, gaz: Gazetteer, number: DocNumber) -> str | None:
    """A title under the header that has no type heading: an official letter's "V/v …" line
    ("Công văn về việc …"), or a heading with no type word ("CHUYỂN ĐỔI SỐ THÀNH PHỐ CẦN THƠ NĂM
    2026" under a plan's header): the first block of capitals after the number and the
    place-and-date line, before the text begins."""
    lines, ocr_lines = src.lines, src.ocr_lines
    last = opening.lines_after_start(src, HEADER_LINES + 5)
    for k in range(opening.start_line - 1, last):
        subject = re.match(r"[\s|*]*(?:v\s*/\s*v|ve viec)\s*:?\s*", ocr_lines[k])
        if subject:
            label = gaz.doc_types.get(number.type_code, {}).get("vi", "Công văn")
            rest = [lines[k][subject.end() :].strip(" |")]
            for j in range(k + 1, last):  # the subject wraps until the place-and-date line or a blank
                if not lines[j].strip(" |") or place_and_date_at(ocr_lines, j) or _AFTER_TITLE.match(ocr_lines[j]):
                    break
                rest.append(lines[j].strip(" |"))
            return restore_capitals(src.display(f"{label} về việc " + " ".join(rest)), gaz)[:400]
    after = opening.start_line - 1
    for k in range(opening.start_line - 1, last):
        low = ocr_lines[k]
        if (
            place_and_date_at(ocr_lines, k)
            or _NUMBER_LABEL.match(low)
            and re.search(r"\d", low)
            or _MOTTO_LINE.search(low)
        ):
            after = k + 1
    block: list[str] = []
    for k in range(after, last):
        line = lines[k]
        if is_residue(line):
            if block and line.strip(" |"):
                break
            continue
        if re.fullmatch(r"\s*thang\s+\d{1,2}\s+nam\s+\d{4}\s*", ocr_lines[k]):
            continue  # the end of a wrapped place-and-date line
        if _is_caps(line) and not _ENACTING.match(ocr_lines[k]) and len(line.split()) >= 2:
            block.append(line.strip(" |"))
        elif block or line.strip():
            break
    if not opening.has_header:  # a page's site name in capitals is no heading; its headline may name the document
        return _headline_of_type(src, opening, gaz, number) or _named_in_opening(src, opening, gaz)
    if not block:
        return _named_in_opening(src, opening, gaz)
    label = gaz.doc_types.get(number.type_code, {}).get("vi")
    title = sentence_case(src.display(lower_words(" ".join(block))), gaz)
    return (f"{label} {title[:1].lower()}{title[1:]}" if label else title)[:400]


# "… Ủy ban nhân dân thành phố ban hành Kế hoạch phát triển kinh tế số … như sau:" (folded)
_ISSUES_ITSELF = re.compile(
    r"ban hanh\s+((?:ke hoach|chuong trinh|quyet dinh|nghi quyet|chi thi|de an)\b.{10,300}?)"
    r"\s*(?:nhu sau|voi (?:cac|nhung) noi dung|gom (?:cac|nhung) noi dung|:)",
    re.DOTALL,
)


def _named_in_opening(src: SourceText, opening: Opening, gaz: Gazetteer) -> str | None:
    """The title the opening sentence gives the document itself when it has no heading ("…, Ủy
    ban nhân dân thành phố ban hành Kế hoạch phát triển kinh tế số … như sau:")."""
    start, end = _intro_span(src, opening)
    if start == end:
        return None
    found = _ISSUES_ITSELF.search(src.ocr, end, min(len(src.ocr), end + 400))
    if not found or found.start() != end:
        return None
    return restore_capitals(src.display(src.text[found.start(1) : found.end(1)]), gaz)[:400]


def _headline_of_type(src: SourceText, opening: Opening, gaz: Gazetteer, number: DocNumber) -> str | None:
    """A page's headline (the line over its date line) that names the document by its type
    ("Chương trình hành động của Ban Thường vụ Tỉnh ủy thực hiện …" over a reposted programme)."""
    label = gaz.doc_types.get(number.type_code, {}).get("vi")
    headline = _headline(src, opening, gaz) if label else None
    return headline if headline and label and fold(headline).startswith(fold(label)) else None


_MOTTO_LINE = re.compile(r"cong hoa xa hoi|dang cong san|doc lap\W+tu do")


def _issuer(
    src: SourceText,
    agencies: list[AgencyMention],
    province: str | None,
    number: DocNumber | None,
    gaz: Gazetteer,
    opening: Opening,
) -> str | None:
    """The body that issues the text: the one the opening says "ban hành" it ("…, Ban Thường vụ
    Tỉnh ủy ban hành Chương trình …"); else the body of the header's issuer block (the last one
    named there: "ỦY BAN NHÂN DÂN TỈNH X / SỞ KHOA HỌC VÀ CÔNG NGHỆ" is the department's) unless
    it is a party committee, whose standing board named near the top issues; else the issuer of
    the number ("158/NQ-CP": the Government; "245/KH-UBND": the province's committee)."""
    start = opening.start_offset(src)
    end = src.line_starts[min(opening.lines_after_start(src, HEADER_LINES + 15), len(src.line_starts) - 1)]
    first_part = _FIRST_PART.search(src.ocr, start)  # long grounds push "X ban hành …" down to part I
    opening_end = min(
        first_part.start() if first_part else len(src.ocr),
        src.line_starts[min(opening.lines_after_start(src, HEADER_LINES + 60), len(src.line_starts) - 1)],
    )
    named = [
        m
        for m in agencies
        if start <= m.start <= end
        and (provincial_form(m.name) in _ISSUERS or m.name.startswith("Ban Thường vụ Đảng ủy "))
    ]
    issuing = [m for m in named if _ISSUES.match(src.ocr, m.end)]
    # any other body the opening says issues the text ("Bộ Nông nghiệp và Môi trường ban hành Kế
    # hoạch …" after long grounds), not a cited document's issuer ("… của Chính phủ ban hành …")
    others_issuing = [
        m
        for m in agencies
        if start <= m.start <= max(end, opening_end)
        and m.kind == "agency"
        and not _OF.search(src.ocr, max(0, m.start - 8), m.start)
        and _ISSUES.match(src.ocr, m.end)
    ]
    header = _header_body(src, agencies, opening)
    committee = header is not None and fold(header.name).startswith(_PARTY_COMMITTEES)
    for mention in (
        issuing[:1]
        or ([header] if header and not committee else [])
        or others_issuing[:1]
        or named[:1]
        or ([header] if header is not None and committee else [])
    ):
        if mention.level == "central":
            return _fullest(src, mention)
        if mention.level == "district" and not (province in gaz.cities and fold(mention.name).endswith("thanh pho")):
            return _local_issuer(src, opening, mention.name)
        return _with_province(mention.name, province)
    code = number.issuing_body if number is not None else None
    if number is not None and number.style != "party" and code in gaz.state_issuers:
        body = gaz.state_issuers[code]
        if code in gaz.local_issuers or code in ("UBND", "HĐND"):
            return _with_province(body + " tỉnh", province) if province else None
        return body
    return None


_ISSUES = re.compile(
    r"[\s,]*(?:da\s+|vua\s+)?(?:ban h[a-z]nh\b|xay dung\s+(?:ke hoach|chuong trinh)(?:\s+hanh dong)?\s+(?:nay|nhu sau|thuc hien))"
)
_FIRST_PART = re.compile(r"\n[ \t]*(?:i|1)[ \t]*[.\-][ \t]*[a-z]")  # "I. MỤC ĐÍCH, YÊU CẦU" or "1. …"


def _header_body(src: SourceText, agencies: list[AgencyMention], opening: Opening) -> AgencyMention | None:
    """The last body named in the header's issuer block: its lines until the number or the
    place-and-date line (the Party's name, which stands beside the issuer on a party document,
    is no issuer)."""
    if not opening.has_header:
        return None
    lines = src.ocr_lines
    last = opening.start_line
    for k in range(opening.start_line, opening.lines_after_start(src, 10) + 1):
        if (
            _NUMBER_LABEL.match(lines[k - 1])
            and re.search(r"\d|:\s*$", lines[k - 1])
            or place_and_date_at(lines, k - 1)
        ):
            break
        last = k
    start, end = opening.start_offset(src), src.end_of_line(last)
    inside = [m for m in agencies if start <= m.start < end and m.name != "Đảng Cộng sản Việt Nam"]
    return inside[-1] if inside else None


# A local unit's kind that ends a body's name when the text does not name the place after it
_UNIT_END = re.compile(r"(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|huyen uy|quan uy|thi uy)$")


def _local_issuer(src: SourceText, opening: Opening, name: str) -> str:
    """A district's, commune's, ward's or special zone's body issues the text: its place in
    capitals written as a name ("phường HẠC THÀNH" → "phường Hạc Thành"), and, when the opening
    names the body without its place ("Ban Thường vụ Đảng ủy đặc khu"), the place the header's
    issuer block gives ("ĐẢNG ỦY ĐẶC KHU VÂN ĐỒN")."""
    words = name.split()
    name = " ".join(w.title() if w.isupper() and len(w) > 1 else w for w in words)
    unit = _UNIT_END.search(fold(name))
    if unit is None:
        return name
    kind = unit.group(0).replace(" ", r"\s+")
    place_after = re.compile(r"(?<![a-z])" + kind + r"\s+([a-z][a-z ]{1,40}?)\s*$")
    for line in src.text.split("\n")[opening.start_line - 1 : opening.lines_after_start(src, 10)]:
        found = place_after.search(fold(line))
        if found and line[found.start(1) :].strip().isupper():
            return f"{name} {line[found.start(1) :].strip().title()}"
    return name


def _with_province(name: str, province: str | None) -> str:
    """A provincial body's name with its province: "Ủy ban nhân dân thành phố" → "… Hải
    Phòng", "Ban Thường vụ Tỉnh ủy" → "… Quảng Ninh", "Sở Khoa học và Công nghệ" → "… tỉnh Bắc
    Ninh"."""
    if not province or fold(province) in fold(name):
        return name
    name = localized(name, province)
    if re.search(r"(?:tỉnh|thành phố|[Tt]ỉnh ủy|[Tt]hành ủy|[Tt]ỉnh đoàn|[Tt]hành đoàn)$", name):
        return f"{name} {province}"
    return f"{name} {'thành phố' if province in load_gazetteer().cities else 'tỉnh'} {province}"


def _fullest(src: SourceText, mention: AgencyMention) -> str:
    """The body's name as the text writes it in full when that is one of its gazetteer names
    ("Ban Chỉ đạo Trung ương về phát triển khoa học, …"), else its canonical name."""
    entry = entry_for(mention.name)
    written = fold(squash_spaces(src.text[mention.start : mention.end]))
    if entry is None or not written:
        return mention.name
    longer = [a for a in entry.aliases if fold(a) == written and len(a) > len(mention.name)]
    return longer[0] if longer else mention.name


def _intro_span(src: SourceText, opening: Opening) -> tuple[int, int]:
    """The opening "Thực hiện …, <issuer> ban hành …" sentence ("Để triển khai thực hiện …",
    "Triển khai thực hiện …"): what the plan says it implements. It ends where the text's own
    issuer "ban hành" / "xây dựng" it (not where a cited document's issuer did: "… của Chính phủ
    ban hành Chương trình …"), at "như sau", at the end of its paragraph, or where "trên cơ sở" /
    "căn cứ" introduce documents the plan rests on."""
    first = opening.start_offset(src)
    limit = src.line_starts[min(opening.lines_after_start(src, 40), len(src.line_starts) - 1)]
    match = next((m for m in _OPENING.finditer(src.ocr, first, limit) if _opens_the_text(src, m.start(1))), None)
    if not match:
        return 0, 0
    start = match.start()
    for stop in _INTRO_STOP.finditer(src.ocr, start):
        if stop.group(0).startswith(("ban", "xay")):
            clause_start = max(src.ocr.rfind(",", start, stop.start()), src.ocr.rfind(";", start, stop.start()))
            if re.search(r"(?<![a-z])cua\s", src.ocr[max(clause_start, start) : stop.start()]):
                continue  # "… của Chính phủ ban hành …": a cited document's issuer
        return start, stop.start()
    return start, start + 800


_OPENING = re.compile(r"(?:^|\n)\s*((?:(?:de|nham)\s+)?(?:(?:trien\s+khai|to\s+chuc)\s+)?th[a-z]{1,2}\s+hien\s)")
_INTRO_STOP = re.compile(r"ban hanh|xay dung|nhu sau|tren co so|can cu|[.:]\s*\n|\n\s*(?:xet|theo de nghi)\s")


def _opens_the_text(src: SourceText, at: int) -> bool:
    """The opening sentence starts with a capital (a title's second line "thực hiện …" does not):
    a plain "Thực hiện" anywhere, the longer forms ("Để triển khai thực hiện") where a paragraph
    starts (a title's first line may read "Triển khai thực hiện …")."""
    return src.text[at].isupper() and (bool(re.match(r"th[a-z]{1,2}\s", src.ocr[at:])) or _opens_paragraph(src, at))


def _opens_paragraph(src: SourceText, at: int) -> bool:
    """The line at ``at`` starts a paragraph: after a blank line, a rule, or a line that ends a
    sentence (a title's lines follow one another without)."""
    line = src.line_of(at)
    if line < 2:
        return True
    before = src.text[src.line_starts[line - 2] : src.line_starts[line - 1]].strip()
    return not before or before[-1] in ".;:" or set(before) <= set("-_*= ")


# "… Kế hoạch số 25-KH/TU … thực hiện Nghị quyết số 57-NQ/TW": the second is the first's
# "kết quả thực hiện Nghị quyết …", "sơ kết … thực hiện": a review of it, not implementing it
_REVIEWS = re.compile(
    r"(?:ket qua|tinh hinh|so ket|tong ket|danh gia|kiem tra|giam sat)\s+(?:[a-z]+\s+){0,3}th[a-z]{1,2}\s+hien\s+[a-z ]{0,30}$"
)
_IMPLEMENTS_BEFORE = re.compile(r"(?:th[a-z]{1,2}\s+hi[a-z]n|trien\s+khai|cu\s+the\s+hoa)\s+[a-z ]{0,30}$")


def _implemented(
    src: SourceText, numbers: list[NumberMention], own: DocNumber | None, opening: Opening
) -> list[DocNumber]:
    """The documents the title says it implements ("Kế hoạch thực hiện Nghị quyết số …") and every
    item of the opening "Thực hiện A; B; C" sentence. A document named only as what another item
    implements ("Kế hoạch số 25-KH/TU … thực hiện Nghị quyết số 57-NQ/TW") is that item's, in the
    title as in the opening."""
    out: list[DocNumber] = []
    start, title_end = opening.start_offset(src), opening.header_end(src)
    intro_start, intro_end = _intro_span(src, opening)
    first_in_title = next((m for m in numbers if start <= m.start < title_end and m.number != own), None)
    previous: NumberMention | None = None
    title_implements = False
    for mention in numbers:
        before = src.ocr[max(0, mention.start - 80) : mention.start]
        in_title = (
            mention is first_in_title
            and re.search(r"th[a-z]{1,2}\s+hien\s+[a-z ]{0,30}$", before)
            and not _REVIEWS.search(before)
        )
        # "… THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW … VÀ NGHỊ QUYẾT SỐ 71/NQ-CP …": the title's next one joined by "và"
        in_title = in_title or (
            title_implements
            and start <= mention.start < title_end
            and previous is not None
            and re.search(r"(?<![a-z])va\s+[a-z ]{0,30}$", src.ocr[previous.end : mention.start])
            and not re.search(r"[.;]|th[a-z]{1,2}\s+hien", src.ocr[previous.end : mention.start])
        )
        title_implements = bool(in_title)
        in_intro = intro_start <= mention.start < intro_end and not _implemented_by_previous(
            src, previous, mention, intro_start
        )
        if (in_title or in_intro) and mention.number != own and mention.number not in out:
            out.append(mention.number)
        previous = mention
    return out


def _implemented_by_previous(
    src: SourceText, previous: NumberMention | None, mention: NumberMention, intro_start: int
) -> bool:
    """``mention`` follows "thực hiện …" within the same item as the number before it."""
    if previous is None or previous.start < intro_start:
        return False
    gap = src.ocr[previous.end : mention.start]
    return ";" not in gap and not re.search(r"(?<![a-z])va\s", gap) and bool(_IMPLEMENTS_BEFORE.search(gap))


def _superseded(src: SourceText, numbers: list[NumberMention], own: DocNumber | None) -> list[DocNumber]:
    out: list[DocNumber] = []
    starts = [m.start for m in numbers]
    for match in re.finditer(r"thay\s+the\s+", src.ocr):
        k = bisect.bisect_left(starts, match.end())
        if k < len(numbers) and numbers[k].start - match.end() < 90 and numbers[k].number != own:
            first = numbers[k].number
            if first not in out:
                out.append(first)
            sentence_end = min(
                [i for i in (src.ocr.find(". ", match.end()), src.ocr.find(";", match.end())) if i != -1]
                or [len(src.ocr)]
            )
            # "… thay thế Nghị quyết số 03/NQ-CP … và Nghị quyết số 71/NQ-CP …": one of the same issuer
            # joined by "và", not a document named in the first one's title ("thực hiện … 57-NQ/TW")
            for later in numbers[k + 1 :]:
                if later.start > sentence_end:
                    break
                before = src.ocr[max(0, later.start - 40) : later.start]
                if (
                    later.number.issuer_code == first.issuer_code
                    and re.search(r"(?:va|,)\s+[a-z ]{0,25}$", before)
                    and later.number != own
                    and later.number not in out
                ):
                    out.append(later.number)
    return out


def references(
    src: SourceText,
    numbers: list[NumberMention],
    agencies: list[AgencyMention],
    own: DocNumber | None,
    gaz: Gazetteer,
    opening: Opening | None = None,
) -> list[Reference]:
    """Every other document cited, with the date and issuer of its first dated mention (a date
    that opens the sentence naming it counts: "Ngày 19 tháng 6 năm 2025, … ban hành Kế hoạch số
    …"). Numbers on the page furniture around the document are not the document's citations."""
    starts = [a.start for a in agencies]
    first = opening.start_offset(src) if opening else 0
    last = opening.end_offset(src) if opening else len(src.text)
    by_number: dict[DocNumber, Reference] = {}
    seen_lines: set[tuple[DocNumber, int]] = set()
    previous_end = 0
    for mention in numbers:
        if mention.number == own or not first <= mention.start <= last:
            previous_end = mention.end
            continue
        ref = by_number.get(mention.number)
        if ref is None:
            ref = by_number[mention.number] = Reference(
                mention.number, kind_of(mention.number, mention.title_word, gaz)
            )
        if mention.title_word and not ref.title_word:
            ref.title_word = mention.title_word
            ref.kind = kind_of(mention.number, mention.title_word, gaz)
        line = src.line_of(mention.start)
        if (mention.number, line) not in seen_lines:
            seen_lines.add((mention.number, line))
            ref.lines.append(line)
        after = mention.end
        dated = date_after(src.ocr, mention.end)
        if dated:
            if not ref.date:
                ref.date = dated[0]
            after = dated[1]
        elif not ref.date:
            ref.date = date_opening_sentence(src.ocr, max(previous_end, first), mention.start)
        previous_end = mention.end
        if not ref.issuer:
            k = bisect.bisect_left(starts, after)
            if k < len(agencies) and _OF.fullmatch(src.ocr[after : agencies[k].start] + " ") is not None:
                ref.issuer = agencies[k].name
    for cited, implemented in cited_implementations(src, numbers, own):
        if cited in by_number and implemented not in by_number[cited].implements:  # not a page's own line
            by_number[cited].implements.append(implemented)
    return list(by_number.values())


# "… thực hiện (Nghị quyết số) " right before the next number: what a cited document implements
_IMPLEMENTS_NEXT = re.compile(r"th[a-z]{1,2}\s+hi[a-z]n\s+[a-z ]{0,30}$")
_TIED_TO = re.compile(
    r"g[a-z]n\s+v[a-z]i\s+th[a-z]{1,2}\s+hi[a-z]n\s+[a-z ]{0,30}$"
)  # "gắn với thực hiện": tied to, not implementing
_PROGRAMME_WORD = re.compile(r"ch[a-z]{1,3}ng\s+tr[a-z]{1,3}h|k[a-z]\s+ho[a-z]ch|ve\s+viec")


def cited_implementations(
    src: SourceText, numbers: list[NumberMention], own: DocNumber | None
) -> list[tuple[DocNumber, DocNumber]]:
    """(cited, implemented) pairs the text states: a cited programme or plan described as
    implementing the next document it names ("Nghị quyết số 71/NQ-CP … về … Chương trình hành
    động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW"; "Chương trình hành động số 150-CTr/TU …
    về việc thực hiện Nghị quyết số 57-NQ/TW"). The gap holds no other number and no sentence end."""
    pairs = []
    for mention, following in itertools.pairwise(numbers):
        if mention.number in (own, following.number) or following.number == own:
            continue
        gap = src.ocr[mention.end : following.start]
        if len(gap) > 320 or ". " in gap.replace("\n", " ") or ";" in gap:
            continue
        if not _IMPLEMENTS_NEXT.search(gap) or _TIED_TO.search(gap):
            continue
        is_programme = bool(_PROGRAMME_WORD.search(gap)) or (mention.title_word or "").startswith(
            ("chuong", "ke hoach")
        )
        if is_programme:
            pairs.append((mention.number, following.number))
    return pairs


def _date_line(folded_line: str) -> str | None:
    """The ISO date of a news page's date line: a date with at most a byline, a weekday, a time
    and a time zone around it ("PV - 03/04/2025 17:35", "11/01/2026 16:01", "Thứ Hai, 07/04/2025
    - 09:15 (GMT+7)", "Cập nhật: 10:25 15/03/2025"); never a cited document's date ("ngày …")."""
    if "|" in folded_line:  # "Thứ Sáu, 07/03/2025 - 15:30 | Lượt xem: 845": the date is one cell
        return next(filter(None, map(_date_line, folded_line.split("|"))), None)
    if len(folded_line) > 80:
        return None
    match = _NUMERIC_DATE.search(folded_line) or _ISO_DATE.search(folded_line)
    if not match or re.search(r"ngay\s*$", folded_line[: match.start()]):
        return None
    rest = _TIME.sub(" ", folded_line[: match.start()] + " " + folded_line[match.end() :])
    words = re.findall(r"[a-z]+", rest)
    if re.search(r"\d", rest) or len(words) > 5:
        return None
    parts = match.groups()
    return iso_date(*parts) if match.re is _NUMERIC_DATE else iso_date(parts[2], parts[1], parts[0])


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")  # a site's time stamp "2025-04-19 10:12:31"
_TIME = re.compile(r"\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?|\(?\s*gmt\s*[+-]?\s*\d{0,2}\s*\)?")


def _publication_date(src: SourceText, opening: Opening) -> str | None:
    """The date a news article was published: its date line near the top, else a line that is
    no more than a wordy date ("Thứ Hai, ngày 7 tháng 4 năm 2025"). A date that opens a sentence
    ("Ngày 19 tháng 6 năm 2025, Ban Chỉ đạo … ban hành Kế hoạch số …") is that document's."""
    folded = src.ocr_lines
    last = opening.lines_after_start(src, HEADER_LINES)
    for k in range(opening.start_line - 1, last):
        found = _date_line(folded[k])
        if found:
            return found
    for k in range(opening.start_line - 1, last):
        dated = first_wordy_date(folded[k])
        if dated and len(folded[k].split()) <= 10 and not re.search(r"\d{4}\s*,", folded[k]):
            return dated[0]
    return None


def _own_date(src: SourceText, opening: Opening, numbers: list[NumberMention]) -> str | None:
    """The document's date: its header's place-and-date line, else the first "ngày … tháng … năm"
    of the header, else the metadata box's."""
    header = src.ocr[opening.start_offset(src) : opening.header_end(src)].split("\n")
    for k in range(len(header)):
        placed = place_and_date_at(header, k)
        if placed:
            return placed[1]
    dated = first_wordy_date("\n".join(header))
    if dated:
        return dated[0]
    if opening.box and opening.box.date:
        return opening.box.date
    reposted = _reposted(src, numbers, opening)
    if reposted and reposted[1]:
        return reposted[1]
    passed = re.search(
        r"thong qua\s+ngay\s+(\d{1,2})\s+th[a-z]{2,4}\s+(\d{1,2})\s*,?\s+n[a-z]{1,2}m?\s+(\d{4})", src.ocr
    )
    return iso_date(*passed.groups()) if passed else None  # "… được Quốc hội … thông qua ngày …"


def describe(
    src: SourceText,
    numbers: list[NumberMention],
    agencies: list[AgencyMention],
    has_outline: bool,
    province: str | None,
    gaz: Gazetteer | None = None,
    opening: Opening | None = None,
) -> DocumentInfo:
    gaz = gaz or load_gazetteer()
    opening = opening or read_opening(src)
    number = own_number(src, numbers, opening)
    kind, title = _kind_and_title(src, number, gaz, has_outline, opening)
    article = kind == DocumentType.ARTICLE
    return DocumentInfo(
        kind=kind,
        number=number,
        date=_publication_date(src, opening) if article else _own_date(src, opening, numbers),
        issuer=_issuer(src, agencies, province, number, gaz, opening) if not article else None,
        province=province,
        title=title,
        implements=_implemented(src, numbers, number, opening) if not article else [],
        supersedes=_superseded(src, numbers, number) if not article else [],  # a report supersedes nothing
    )
