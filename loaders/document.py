"""What a text says about itself (number, kind, date, issuer, province, title, what it implements
and replaces) and the other documents it cites."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

from plankg.loaders.agencies import AgencyMention
from plankg.loaders.dates import date_after, first_wordy_date, iso_date
from plankg.loaders.docnumbers import NumberMention, kind_of
from plankg.loaders.gazetteer import Gazetteer, load_gazetteer, provincial_form
from plankg.loaders.models import DocNumber, DocumentInfo, Reference
from plankg.loaders.normalize import fold, squash_spaces
from plankg.loaders.source import SourceText

HEADER_LINES = 15
_KIND_WORDS = (("ke hoach", "plan", "Kế hoạch"), ("chuong trinh", "program", "Chương trình"),
               ("nghi quyet", "resolution", "Nghị quyết"), ("quyet dinh", "decision", "Quyết định"),
               ("chi thi", "directive", "Chỉ thị"), ("ket luan", "conclusion", "Kết luận"))
_ISSUERS = ("Ban Thường vụ Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh", "Ủy ban nhân dân tỉnh",
            "Hội đồng nhân dân tỉnh", "Thường trực Tỉnh ủy")
_OF = re.compile(r"[\s,]*(?:cua|c[a-z]{0,2}a)\s+$")


def _header_end(src: SourceText) -> int:
    return src.line_starts[min(HEADER_LINES, len(src.line_starts) - 1)]


def own_number(src: SourceText, numbers: list[NumberMention]) -> DocNumber | None:
    """The number in the header ("Số 538-KH/TU"), if the text has one."""
    for mention in numbers:
        if mention.start >= _header_end(src):
            break
        line_start = src.line_starts[src.line_of(mention.start) - 1]
        before = src.ocr[line_start:mention.start]
        if re.fullmatch(r"\s*s[o0-9a-z]?\s*:?\s*", before):
            return mention.number
    return None


def province_of(src: SourceText, gaz: Gazetteer, own: DocNumber | None = None) -> str | None:
    """The province of the issuing committee: from the header, else the most named one; none for
    a document of a central issuer (the Government, the Politburo, the National Assembly)."""
    if own is not None and own.issuer_code not in gaz.local_issuers and own.issuer_code not in ("UBND", "HĐND"):
        return None
    header = src.ocr[:_header_end(src)]
    for match in re.finditer(r"(?:tinh|thanh)\s+(?:uy|[a-z]y)\s+", header):
        found = gaz.province_in(header[match.end():match.end() + 30])
        if found:
            return found
    counts = Counter()
    for match in re.finditer(r"(?:tinh|thanh pho)\s+", src.ocr):
        found = gaz.province_in(src.ocr[match.end():match.end() + 30])
        if found:
            counts[found] += 1
    if counts:
        return counts.most_common(1)[0][0]
    return _named_most(src, gaz)


def _named_most(src: SourceText, gaz: Gazetteer) -> str | None:
    """A text that never writes "tỉnh X" (a news article: "BẮC GIANG TRIỂN KHAI …", "Báo Bắc
    Giang"): the province it names most, if named at least twice and more than any other."""
    by_key = {fold(name): name for name in gaz.provinces}
    counts = Counter(by_key[key] for key in _province_names(gaz).findall(src.ocr))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=None)
def _province_names(gaz: Gazetteer) -> re.Pattern:
    """Any province's folded name as a whole word, the longest first ("thua thien hue" before "hue")."""
    keys = sorted((fold(name) for name in gaz.provinces), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(" + "|".join(map(re.escape, keys)) + r")(?![a-z])")


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _headline(src: SourceText) -> str | None:
    """An article's headline: its first block of upper-case lines."""
    block: list[str] = []
    for line in src.text.split("\n")[:HEADER_LINES + 5]:
        if _is_caps(line):
            block.append(line.strip())
        elif block:
            break
    return src.display(" ".join(block)) if block else None


def _kind_and_title(src: SourceText, number: DocNumber | None, gaz: Gazetteer, has_outline: bool) -> tuple[str, str | None]:
    if not number and not has_outline:
        return "article", _headline(src)
    lines = src.text.split("\n")[:HEADER_LINES + 5]
    ocr_lines = src.ocr.split("\n")[:HEADER_LINES + 5]
    for k, line in enumerate(ocr_lines):
        for words, kind, label in _KIND_WORDS:
            if words in line and _is_caps(lines[k]):
                title = [label + (" hành động" if "hanh" in line[line.index(words):] else "")]
                caps_title = True  # a title in capitals goes on in capitals ("BAN HÀNH CHƯƠNG TRÌNH …")
                for sub, sub_ocr in zip(lines[k + 1:], ocr_lines[k + 1:]):
                    if sub_ocr.strip().startswith(("thuc hien", "thyc hien", "thue hien")) and sub.strip()[:1].isupper() and title[1:]:
                        break
                    if sub_ocr.strip().startswith(("can cu", "tren co so")) or re.fullmatch(r"[\s*_=-]*", sub):
                        if title[1:] and sub.strip():
                            break
                        continue
                    if sub.strip() and _is_caps(sub) and caps_title and len(sub.split()) >= 3:
                        title.append(_lower_words(sub.strip()))
                        continue
                    caps_title = False
                    if sub.strip() and not _is_caps(sub):
                        title.append(sub.strip())
                    elif title[1:] and not sub.strip():
                        continue
                text = squash_spaces(" ".join(title)).replace(", ngày", " ngày")
                text = src.display(text)
                doc_kind = gaz.type_kind(number.type_code) if number else kind
                return doc_kind, text[:400]
    if number:
        return gaz.type_kind(number.type_code), None
    return ("other" if has_outline else "article"), None


def _lower_words(line: str) -> str:
    """A line of capitals in lower case, document numbers left as written ("57-NQ/TW")."""
    return " ".join(w if re.search(r"[\d/]", w) else w.lower() for w in line.split())


def _issuer(src: SourceText, agencies: list[AgencyMention], province: str | None, number: DocNumber | None,
            gaz: Gazetteer) -> str | None:
    """The body that issues the text: the one the opening says "ban hành" it ("…, Ban Thường vụ
    Tỉnh ủy ban hành Chương trình …"), else the first issuing body named near the top."""
    end = src.line_starts[min(HEADER_LINES + 15, len(src.line_starts) - 1)]
    named = [m for m in agencies if m.start <= end and (provincial_form(m.name) in _ISSUERS
                                                        or m.name.startswith("Ban Thường vụ Đảng ủy "))]
    issuing = [m for m in named if re.match(r"[\s,]*ban h[a-z]nh\b", src.ocr[m.end:m.end + 20])]
    for mention in issuing[:1] or named[:1]:
        return f"{mention.name} {province}" if province and province not in mention.name else mention.name
    if number is not None and number.style != "party":  # "158/NQ-CP": the Government
        return gaz.state_issuers.get(number.issuer_code)
    return None


def _intro_span(src: SourceText) -> tuple[int, int]:
    """The opening "Thực hiện …, <issuer> ban hành …" sentence ("Để triển khai thực hiện …",
    "Triển khai thực hiện …"): what the plan says it implements."""
    limit = src.line_starts[min(40, len(src.line_starts) - 1)]
    match = next((m for m in _OPENING.finditer(src.ocr[:limit]) if _opens_the_text(src, m.start(1))), None)
    if not match:
        return 0, 0
    start = match.start()
    # "trên cơ sở" and "căn cứ" introduce documents the plan rests on, not ones it implements
    stop = re.compile(r"ban hanh|xay dung|nhu sau|tren co so|can cu").search(src.ocr, start)
    return start, stop.start() if stop else start + 800


_OPENING = re.compile(r"(?:^|\n)\s*((?:(?:de|nham)\s+)?(?:(?:trien\s+khai|to\s+chuc)\s+)?th[a-z]{1,2}\s+hien\s)")


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
    before = src.text[src.line_starts[line - 2]:src.line_starts[line - 1]].strip()
    return not before or before[-1] in ".;:" or set(before) <= set("-_*= ")


def _implemented(src: SourceText, numbers: list[NumberMention], own: DocNumber | None) -> list[DocNumber]:
    """The documents the title says it implements ("Kế hoạch thực hiện Nghị quyết số …") and those
    of the opening "Thực hiện …" sentence. In a title that implements a plan which implements a
    resolution ("… thực hiện Kế hoạch số 25-KH/TU … thực hiện Nghị quyết số 57-NQ/TW"), the
    second is the plan's, not this text's."""
    out: list[DocNumber] = []
    title_end = _header_end(src)
    intro_start, intro_end = _intro_span(src)
    first_in_title = next((m for m in numbers if m.start < title_end and m.number != own), None)
    for mention in numbers:
        in_title = mention is first_in_title and re.search(r"th[a-z]{1,2}\s+hien\s+[a-z ]{0,30}$", src.ocr[max(0, mention.start - 60):mention.start])
        in_intro = intro_start <= mention.start < intro_end
        if (in_title or in_intro) and mention.number != own and mention.number not in out:
            out.append(mention.number)
    return out


def _superseded(src: SourceText, numbers: list[NumberMention], own: DocNumber | None) -> list[DocNumber]:
    out: list[DocNumber] = []
    starts = [m.start for m in numbers]
    for match in re.finditer(r"thay\s+the\s+", src.ocr):
        k = bisect.bisect_left(starts, match.end())
        if k < len(numbers) and numbers[k].start - match.end() < 90 and numbers[k].number != own:
            first = numbers[k].number
            if first not in out:
                out.append(first)
            sentence_end = min([i for i in (src.ocr.find(". ", match.end()), src.ocr.find(";", match.end())) if i != -1]
                               or [len(src.ocr)])
            # "… thay thế Nghị quyết số 03/NQ-CP … và Nghị quyết số 71/NQ-CP …": one of the same issuer
            # joined by "và", not a document named in the first one's title ("thực hiện … 57-NQ/TW")
            for later in numbers[k + 1:]:
                if later.start > sentence_end:
                    break
                before = src.ocr[max(0, later.start - 40):later.start]
                if later.number.issuer_code == first.issuer_code and re.search(r"(?:va|,)\s+[a-z ]{0,25}$", before) \
                        and later.number != own and later.number not in out:
                    out.append(later.number)
    return out


def references(src: SourceText, numbers: list[NumberMention], agencies: list[AgencyMention],
               own: DocNumber | None, gaz: Gazetteer) -> list[Reference]:
    """Every other document cited, with the date and issuer of its first dated mention."""
    starts = [a.start for a in agencies]
    by_number: dict[DocNumber, Reference] = {}
    seen_lines: set[tuple[DocNumber, int]] = set()
    for mention in numbers:
        if mention.number == own:
            continue
        ref = by_number.get(mention.number)
        if ref is None:
            ref = by_number[mention.number] = Reference(mention.number, kind_of(mention.number, mention.title_word, gaz))
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
        if not ref.issuer:
            k = bisect.bisect_left(starts, after)
            if k < len(agencies) and _OF.fullmatch(src.ocr[after:agencies[k].start] + " ") is not None:
                ref.issuer = agencies[k].name
    for cited, implemented in cited_implementations(src, numbers, own):
        if implemented not in by_number[cited].implements:
            by_number[cited].implements.append(implemented)
    return list(by_number.values())


# "… thực hiện (Nghị quyết số) " right before the next number: what a cited document implements
_IMPLEMENTS_NEXT = re.compile(r"th[a-z]{1,2}\s+hi[a-z]n\s+[a-z ]{0,30}$")
_TIED_TO = re.compile(r"g[a-z]n\s+v[a-z]i\s+th[a-z]{1,2}\s+hi[a-z]n\s+[a-z ]{0,30}$")  # "gắn với thực hiện": tied to, not implementing
_PROGRAMME_WORD = re.compile(r"ch[a-z]{1,3}ng\s+tr[a-z]{1,3}h|k[a-z]\s+ho[a-z]ch|ve\s+viec")


def cited_implementations(src: SourceText, numbers: list[NumberMention],
                          own: DocNumber | None) -> list[tuple[DocNumber, DocNumber]]:
    """(cited, implemented) pairs the text states: a cited programme or plan described as
    implementing the next document it names ("Nghị quyết số 71/NQ-CP … về … Chương trình hành
    động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW"; "Chương trình hành động số 150-CTr/TU …
    về việc thực hiện Nghị quyết số 57-NQ/TW"). The gap holds no other number and no sentence end."""
    pairs = []
    for mention, following in zip(numbers, numbers[1:]):
        if mention.number in (own, following.number) or following.number == own:
            continue
        gap = src.ocr[mention.end:following.start]
        if len(gap) > 320 or ". " in gap.replace("\n", " ") or ";" in gap:
            continue
        if not _IMPLEMENTS_NEXT.search(gap) or _TIED_TO.search(gap):
            continue
        is_programme = bool(_PROGRAMME_WORD.search(gap)) or (mention.title_word or "").startswith(("chuong", "ke hoach"))
        if is_programme:
            pairs.append((mention.number, following.number))
    return pairs


# A news page's date line: "Cập nhật: 10:25 15/03/2025", "Thứ Bảy, 15/03/2025 10:25 (GMT+7)",
# "Ngày đăng: 15/3/2025", or a date alone on its line.
_DATE_LINE = re.compile(r"^\s*(?:(?:cap nhat|ngay dang|dang luc|dang ngay|thu [a-z]{2,4}|chu nhat)\b[^\n]{0,40}?)?"
                        r"(?:\d{1,2}:\d{2}\s*,?\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
                        r"(?:\s*[-,|]?\s*\d{1,2}:\d{2})?\s*(?:\(?\s*gmt\s*[+-]?\s*\d{0,2}\s*\)?)?\s*$", re.MULTILINE)


def _publication_date(src: SourceText) -> tuple[str, int] | None:
    """The date a news article was published: its date line near the top (not a cited
    document's date, which follows its number)."""
    for match in _DATE_LINE.finditer(src.ocr[:_header_end(src)]):
        if re.search(r"ngay\s*$", src.ocr[max(0, match.start() - 12):match.start()]):
            continue  # "… 57-NQ/TW ngày / 22/12/2024": a cited document's date
        day, month, year = match.groups()
        found = iso_date(day, month, year)
        if found:
            return found, match.end()
    return None


def describe(src: SourceText, numbers: list[NumberMention], agencies: list[AgencyMention],
             has_outline: bool, province: str | None, gaz: Gazetteer | None = None) -> DocumentInfo:
    gaz = gaz or load_gazetteer()
    number = own_number(src, numbers)
    kind, title = _kind_and_title(src, number, gaz, has_outline)
    dated = first_wordy_date(src.ocr[:_header_end(src)])
    if kind == "article" and not dated:
        dated = _publication_date(src)
    return DocumentInfo(
        kind=kind,
        number=number,
        date=dated[0] if dated else None,
        issuer=_issuer(src, agencies, province, number, gaz) if kind != "article" else None,
        province=province,
        title=title,
        implements=_implemented(src, numbers, number) if kind != "article" else [],
        supersedes=_superseded(src, numbers, number),
    )
