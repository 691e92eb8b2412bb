"""Recognise organisations: gazetteer names (fuzzy, OCR-tolerant), generic "head + proper name"
forms, and aliases the text itself defines ("Văn phòng Tỉnh ủy - Cơ quan Thường trực Ban Chỉ đạo").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, pairwise
from typing import NamedTuple, overload

from rapidfuzz import fuzz, process

from plankg.loaders.gazetteer import AgencyEntry, Gazetteer, load_gazetteer, without_province
from plankg.loaders.models import Agency
from plankg.loaders.normalize import fold
from plankg.loaders.source import SourceText

_TOKEN = re.compile(r"[a-z0-9&]+")
_TOKEN_SPLIT = re.compile(r"([a-z0-9&]+)")
_TOPIC_END = re.compile(r"chuyen [a-z]{2,4} s[a-z]{0,2}\b|doi moi sang tao\b(?! va)")
_CONNECTORS = {"va", "-", "&"}
# Words that open a task, not a name: a generic name stops before them ("Binh đoàn 19 Chỉ đạo …").
_VERB_STARTS = {
    "chi dao",
    "chu tri",
    "phoi hop",
    "tham muu",
    "lanh dao",
    "to chuc",
    "xay dung",
    "trien khai",
    "theo doi",
    "thuc hien",
    "de nghi",
    "can cu",
    "huong dan",
    # a document or a time begins: "Đại học Quốc gia Hà Nội / Quyết định của Thủ tướng"
    "quyet dinh",
    "nghi dinh",
    "nghi quyet",
    "thong tu",
    "ke hoach",
    "bao cao",
    "chuong trinh",
    "nam hoc",
    "thuong xuyen",
    "hang nam",
}
_YEAR_AHEAD = re.compile(r"nam \d{4}$")  # "… Hà Tĩnh / Năm 2026": a deadline cell begins
ROLE = "role"
_NUMBER_AFTER = re.compile(r"(?:\d+|[IVXivx]{1,4})\s*[-/]")


@lru_cache(maxsize=200_000)
def _nearest_key(word: str, keys: tuple[str, ...]) -> str | None:
    """The first word of a name that ``word`` is an OCR-damaged form of ("cidc" for "cuc"), if any."""
    if word.isdigit() or len(word) <= 2:
        return None
    candidates = [k for k in keys if k[0] == word[0] and not k.isdigit()]
    found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=55)
    return found[0] if found else None


class Token(NamedTuple):
    """A word of the OCR-folded text (a tuple: a text has hundreds of thousands)."""

    text: str  # OCR-folded
    start: int
    end: int


class Tokens(Sequence[Token]):
    """The words of a span, with their offsets, made Tokens only when looked at: a text has
    hundreds of thousands of words and most are passed over at a glance. The lists are built in
    C (a split on words, then the running sum of the pieces' lengths), not word by word."""

    def __init__(self, text: str, start: int, end: int) -> None:
        pieces = _TOKEN_SPLIT.split(text[start:end])  # gap, word, gap, word, …, gap
        offsets = list(accumulate(map(len, pieces), initial=start))
        self.words: list[str] = pieces[1::2]
        self.starts: list[int] = offsets[1::2]
        self.ends: list[int] = offsets[2::2]

    def __len__(self) -> int:
        return len(self.words)

    @overload
    def __getitem__(self, k: int) -> Token: ...

    @overload
    def __getitem__(self, k: slice) -> list[Token]: ...

    def __getitem__(self, k: int | slice) -> Token | list[Token]:
        if isinstance(k, slice):
            return list(map(Token, self.words[k], self.starts[k], self.ends[k]))
        return Token(self.words[k], self.starts[k], self.ends[k])

    def start(self, k: int) -> int:
        return self.starts[k]


@dataclass
class AgencyMention:
    """One place an organisation is named."""

    name: str  # canonical name (or role alias until resolved)
    level: str
    start: int
    end: int
    in_gazetteer: bool = True
    kind: str = "agency"  # or ROLE for "Cơ quan Thường trực …" that the text binds to a body
    written: str = ""


@dataclass
class _Variant:
    tokens: tuple[str, ...]
    joined: str
    name: str
    level: str
    kind: str = "agency"
    form: str = ""  # the written form this variant comes from (its case and punctuation count)


@cache
def _compound_words(gaz: Gazetteer) -> frozenset[tuple[str, str]]:
    """Two-syllable words of the gazetteer's names and of its ``name_words``, written capitalised
    then lower-case ("Thể thao", "Môi trường", "Đô thị"): in a name the text writes, such a
    lower-case syllable belongs to the word before it, not to the sentence after the name."""
    forms = [form for entry in gaz.agencies for form in (entry.name, *entry.aliases)] + list(gaz.name_words)
    pairs = set()
    for form in forms:
        words = form.split()
        pairs |= {
            (fold(a), fold(b))
            for a, b in pairwise(words)
            if a[:1].isupper() and b[:1].islower() and b.isalpha() and b not in ("và", "các", "của")
        }
    return frozenset(pairs)


@dataclass
class AgencyMatcher:
    """Finds agency mentions in one source text; built per document (its province fills names)."""

    province: str | None = None
    gaz: Gazetteer = field(default_factory=load_gazetteer)

    def __post_init__(self) -> None:
        self._index: dict[str, list[_Variant]] = {}
        for entry in self.gaz.agencies:
            for form in entry.variants(self.province):
                self._add(form, entry.resolved_name(self.province), entry.level)
        for role in self.gaz.role_aliases:
            self._add(role, role, "province", ROLE)
        self._heads = [(tuple(_TOKEN.findall(fold(head))), head, level) for head, level in self.gaz.generic_heads]
        self._compounds = _compound_words(self.gaz)
        self._heads_by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for head in self._heads:
            self._heads_by_first.setdefault(head[0][0], []).append(head)
        for variants in self._index.values():
            variants.sort(key=lambda v: -len(v.tokens))
        self._near_miss: dict[str, list[_Variant]] = {}
        # In the gazetteer's order (a set's order changes with every process's hash seed, and ties
        # between near misses would then be broken differently); the same for every province.
        self._first_words = tuple(self._index)
        self._starts_nothing: set[str] = set()  # words no name starts with (most words of a text)
        self._starts_in_lower_case: dict[str, bool] = {}  # word -> may a name start with it written in lower case
        self._pair_candidates: dict[tuple[str, str | None, bool], list[_Variant]] = {}

    def _add(self, form: str, name: str, level: str, kind: str = "agency") -> None:
        tokens = tuple(_TOKEN.findall(fold(form)))
        if tokens:
            self._index.setdefault(tokens[0], []).append(_Variant(tokens, " ".join(tokens), name, level, kind, form))

    # -- matching -------------------------------------------------------------------------
    @staticmethod
    def tokenize(src: SourceText, start: int = 0, end: int | None = None) -> Tokens:
        return Tokens(src.ocr, start, end or len(src.ocr))

    def _candidates(self, first: str) -> list[_Variant]:
        """Variants whose first token is ``first``, or resembles it when OCR damaged it ("cidc")."""
        if first in self._index:
            return self._index[first]
        if first in self._near_miss:
            return self._near_miss[first]
        key = _nearest_key(first, self._first_words)
        self._near_miss[first] = self._index[key] if key else []
        return self._near_miss[first]

    def _candidates_before(self, first: str, second: str | None, lower: bool) -> list[_Variant]:
        """Candidates for a name starting ``first second``: most part ways at the second word,
        so they are sifted once per pair of words rather than at every occurrence. A word
        written in lower case (``lower``) starts only the names ``_plausible_span`` allows
        there: most words of a text are, and they skip the scoring altogether."""
        key = (first, second, lower)
        found = self._pair_candidates.get(key)
        if found is None:
            found = [
                v
                for v in self._candidates(first)
                if (len(v.tokens) == 1 or (second is not None and _close(second, v.tokens[1])))
                and not (lower and v.form[:1].isupper() and v.tokens[0] not in _LOWER_CASE_STARTS)
            ]
            self._pair_candidates[key] = found
        return found

    def _may_start_in_lower_case(self, word: str) -> bool:
        """Can a name start with ``word`` written in lower case? Generic heads cannot, nor names
        written with a capital (``_plausible_span``), but "ủy ban …" can (PDF text lowercases a
        leading "Ủ"). Most words of a text are in lower case: this spares them the matching."""
        known = self._starts_in_lower_case.get(word)
        if known is None:
            known = self._starts_in_lower_case[word] = any(
                not v.form[:1].isupper() or v.tokens[0] in _LOWER_CASE_STARTS for v in self._candidates(word)
            )
        return known

    def _gazetteer_at(self, src: SourceText, tokens: Tokens, i: int) -> tuple[_Variant, int] | None:
        best: tuple[float, int, _Variant] | None = None
        words = tokens.words
        second = words[i + 1] if i + 1 < len(words) else None
        initial = src.text[tokens.start(i)]
        lower = not initial.isupper() and not initial.isdigit()
        for variant in self._candidates_before(words[i], second, lower):
            n = len(variant.tokens)
            if i + n > len(words) or (best and n < best[1]):
                continue
            window = words[i : i + n]
            score = 100.0 if tuple(window) == variant.tokens else _ocr_similarity(window, variant)
            if not score or not _plausible_span(src, tokens.start(i), tokens[i + n - 1].end, variant):
                continue
            if best is None or (n, score) > (best[1], best[0]):
                best = (score, n, variant)
        return (best[2], best[1]) if best else None

    def _generic_at(self, src: SourceText, tokens: Tokens, i: int) -> tuple[str, str, int] | None:
        for head_tokens, head, level in self._heads_by_first.get(tokens[i].text, ()):
            n = len(head_tokens)
            if tuple(t.text for t in tokens[i : i + n]) != head_tokens:
                continue
            if not src.text[tokens[i].start].isupper() or not _written_as_head(
                src.text[tokens[i].start : tokens[i + n - 1].end], head
            ):
                return None
            if i + n < len(tokens) and _NUMBER_AFTER.match(src.text, tokens[i + n].start):
                return None  # "Số 538-KH/TU", "Quý III/2025": a number, not a name
            written = src.text[tokens[i].start : tokens[i + n - 1].end]
            before = src.text[tokens[i - 1].start : tokens[i - 1].end] if i else ""
            if written.isupper() and before.isupper() and "\n" not in src.text[tokens[i - 1].end : tokens[i].start]:
                return None  # a word inside a heading in capitals ("NHIỆM VỤ VÀ GIẢI PHÁP")
            end = self._extend_name(src, tokens, i + n, head)
            end = _to_heading_end(src, tokens, i, end, lambda k: self._starts_name(src, tokens, k))
            proper = [src.text[t.start : t.end] for t in tokens[i + n : end]]
            after_name = src.text[tokens[end - 1].end : tokens[end - 1].end + 1] if end < len(tokens) else ""
            closed = level == "school" and (end >= len(tokens) or after_name in ",;.:)\n")
            steering = head == "Ban Chỉ đạo" and [fold(w) for w in proper] == ["tinh"]
            if (
                proper
                and head != "Ban Chỉ đạo"
                and not (proper[0][:1].isupper() or proper[0][:1].isdigit() or fold(proper[0]) == "cac")
            ):
                return None  # a name goes on with a capital ("Báo Nông nghiệp …", not "Báo cáo")
            if not proper or (
                len(proper) == 1 and not (proper[0].isdigit() or proper[0].isupper() or closed or steering)
            ):
                return None  # one capitalised word names a school where the name visibly ends ("Trường Đại học Vinh;")
            return head, level, end
        return None

    def _extend_name(self, src: SourceText, tokens: Tokens, j: int, head: str) -> int:
        """Extend a generic name over its proper-name part; returns the index after the last token."""
        if head == "Ban Chỉ đạo":
            return self._extend_steering_committee(src, tokens, j)
        end = j
        while end < len(tokens) and end - j < 10:
            tok = tokens[end]
            gap = src.text[tokens[end - 1].end : tok.start]
            if (
                ends_paragraph(src, tokens[end - 1].end, tok.start)
                or any(ch in gap for ch in ',;:.()"')
                or "  " in gap.strip("\n")
                or ("\n" in gap and any(ch in gap for ch in "-+•"))
            ):
                break  # a paragraph, punctuation, the gap between two table columns, a new bullet
            original = src.text[tok.start : tok.end]
            pair = " ".join(t.text for t in tokens[end : end + 2])
            if (pair in _VERB_STARTS and not (end == j and original[:1].isupper())) or _YEAR_AHEAD.match(pair):
                break  # a verb or a document begins; not the name's own first words ("Vụ Tổ chức cán bộ")
            if tok.text in _CONNECTORS and self._starts_name(src, tokens, end + 1):
                break  # another body begins: "Trường … và Binh đoàn 19"
            if "\n" in gap and original[:1].isupper() and (self._starts_name(src, tokens, end) or original == "Các"):
                break  # a cell's next line opens another body: "Sở Văn hóa và Thể thao" / "Báo …" / "Các …"
            if original[0].isupper() or original[0].isdigit():
                end += 1
                continue
            previous = src.text[tokens[end - 1].start : tokens[end - 1].end]
            if end - 2 >= j and (tokens[end - 2].text, tokens[end - 1].text, tok.text) == ("chuyen", "doi", "so"):
                end += 1  # "Cục Chuyển đổi số": the word's last syllable
                continue
            if end > j and previous[:1].isupper() and (tokens[end - 1].text, tok.text) in self._compounds:
                end += 1  # the second syllable of a word ("Thể thao", "Du lịch"): names capitalise the first only
                continue
            after = src.text[tok.end : tok.end + 3]
            dash_before = end - 2 >= 0 and "-" in src.text[tokens[end - 2].end : tokens[end - 1].start]
            if end > j and dash_before and (not after.strip() or after.strip()[0] in ",;:.()\n"):
                end += 1  # a closing lower-case word after a dash ("Chuyển đổi số - Cơ yếu")
                break
            # up to two lower-case words inside a proper name ("Binh đoàn 19", "Chuyển đổi số - Cơ yếu")
            ahead = end
            while (
                ahead < len(tokens)
                and ahead - end < 3
                and not src.text[tokens[ahead].start].isupper()
                and not src.text[tokens[ahead].start].isdigit()
            ):
                ahead += 1
            if (
                end > j
                and ahead < len(tokens)
                and 0 < ahead - end <= 2
                and not any(ch in src.text[tok.start : tokens[ahead].start] for ch in ",;:.()")
            ):
                end = ahead
                continue
            if end > j and 0 < ahead - end <= 2 and _name_ends_after(src, tokens, ahead - 1):
                end = ahead  # the name's lower-case last words where it visibly ends ("Vụ Pháp chế;")
            break
        return end

    def _starts_name(self, src: SourceText, tokens: Tokens, k: int) -> bool:
        if k >= len(tokens):
            return False
        if any(
            tuple(t.text for t in tokens[k : k + len(h)]) == h
            for h, _, _ in self._heads_by_first.get(tokens[k].text, ())
        ):
            return True
        return self._gazetteer_at(src, tokens, k) is not None

    @staticmethod
    def _extend_steering_committee(src: SourceText, tokens: Tokens, j: int) -> int:
        """ "Ban Chỉ đạo [cấp tỉnh] [về <topic> … chuyển đổi số] [tỉnh]"."""
        words = [t.text for t in tokens[j : j + 24]]  # the name ends within a few words
        end = 0
        if words[:2] == ["cap", "tinh"]:
            end += 2
        # "về <topic>", or the topic straight away ("Ban Chỉ đạo phát triển khoa học, …")
        if end < len(words) and words[end] in ("ve", "phat"):
            text_after = " ".join(words[end : end + 20])
            topic = _TOPIC_END.search(text_after)
            if not topic:
                return j + end
            end += len(text_after[: topic.end()].split())
        if (
            end < len(words)
            and words[end] == "tinh"
            and not load_gazetteer().province_in(" ".join(words[end + 1 : end + 4]))
        ):
            # "Ban Chỉ đạo [về …] tỉnh"; "Ban Chỉ đạo tỉnh" is the short name a text defines ("… tỉnh
            # Quảng Ninh" is the name with its province, which names leave out)
            end += 1
        return j + end

    def find_all(self, src: SourceText, start: int = 0, end: int | None = None) -> list[AgencyMention]:
        """Every agency mention in a span, left to right, longest match first."""
        tokens = self.tokenize(src, start, end)
        mentions: list[AgencyMention] = []
        i = 0
        for k in self._possible_starts(src, tokens):
            if k < i:
                continue  # inside a name already found
            i = k
            word = tokens.words[i]
            local = self._local_at(src, tokens, i)
            if local:
                mentions.append(local)
                i = _index_after(tokens, i, local.end)
                continue
            hit = self._gazetteer_at(src, tokens, i)
            if hit and _noun_phrase(src, tokens, i, hit[1]):
                hit = None
            if (
                hit
                and hit[1] == 1
                and i + 1 < len(tokens)
                and not any(ch in src.text[tokens[i].end : tokens.start(i + 1)] for ch in ",;:.()\n")
                and (
                    (src.text[tokens.start(i + 1)].islower() and word in self._heads_by_first)
                    or self._generic_at(src, tokens, i)
                )
            ):
                hit = None  # a one-word form goes on as another word ("Báo cáo") or another name ("Báo Nông nghiệp …")
            if hit:
                variant, n = hit
                s, e = tokens[i].start, tokens[i + n - 1].end
                unit = _UNIT_AFTER.match(src.ocr, e) if variant.kind == "agency" else None
                if unit and _is_unit_word(src, unit):  # "Phòng Văn hóa - Xã hội đặc khu": the unit's own
                    name, e = _local_unit_body(src, s, unit.end())
                    mentions.append(AgencyMention(name, "district", s, e, False, "agency", src.text[s:e]))
                else:
                    name, e = self._of_another_province(src, variant, e)
                    mentions.append(AgencyMention(name, variant.level, s, e, True, variant.kind, src.text[s:e]))
                i = _index_after(tokens, i + n, e)
                continue
            generic = self._generic_at(src, tokens, i)
            if generic:
                head, level, j = generic
                s, e = tokens[i].start, tokens[j - 1].end
                unit = _UNIT_AFTER.match(src.ocr, e)
                if unit and _is_unit_word(src, unit):
                    name, e = _local_unit_body(src, s, unit.end())
                    mentions.append(AgencyMention(name, "district", s, e, False, "agency", src.text[s:e]))
                    i = _index_after(tokens, j, e)
                    continue
                written = src.text[s:e]
                # the head as the gazetteer writes it ("Trường cao đẳng X" is "Trường Cao đẳng X")
                proper = src.display(" ".join(src.text[tokens[i + len(_TOKEN.findall(fold(head)))].start : e].split()))
                mentions.append(AgencyMention(f"{head} {proper}", level, s, e, False, "agency", written))
                i = j
                continue
            if not self._candidates(word) and word not in self._heads_by_first:
                self._starts_nothing.add(word)
            i += 1
        return mentions

    def _local_at(self, src: SourceText, tokens: Tokens, i: int) -> AgencyMention | None:
        """A body named after a local unit or its parent rather than from the gazetteer, at token
        ``i``: a collective of local committees ("UBND các quận, huyện"), a department's or
        ministry's own unit ("Văn phòng Sở"), a commune's, ward's or district's own body
        ("Ủy ban Kiểm tra Đảng ủy xã"), a local committee of a named place ("UBND huyện Bắc Hà")."""
        word, at = tokens.words[i], tokens[i].start
        capital = src.text[at].isupper()
        units = _LOCAL_COLLECTIVE.match(src.ocr, at) if word in ("uy", "ubnd") else None
        if units:
            kinds = set(re.findall(r"huyen|quan|thi xa|thanh pho", re.sub(r"\s+", " ", units.group(0))))
            name = _DISTRICT_COMMITTEES if kinds else _COMMUNE_COMMITTEES
            return AgencyMention(name, "district", at, units.end(), True, "agency", src.text[at : units.end()])
        own = _OWN_UNIT.match(src.ocr, at) if word in ("van", "thanh", "cac") and capital else None
        if own and not _CAPITAL_NEXT.match(src.text, own.end()):  # not "Văn phòng Bộ Công Thương"
            return AgencyMention(
                _own_unit_name(src, own), _own_unit_level(own), at, own.end(), False, "agency", src.text[at : own.end()]
            )
        unit_body = _LOCAL_UNIT_BODY.match(src.ocr, at) if word in _LOCAL_UNIT_FIRST_WORDS and capital else None
        if unit_body and not (unit_body.group(0).endswith("uy") and _CAPITAL_NEXT.match(src.text, unit_body.end())):
            name, e = _local_unit_body(src, at, unit_body.end())  # not "Văn phòng Đảng ủy Khối …"
            return AgencyMention(name, "district", at, e, False, "agency", src.text[at:e])
        local = _LOCAL_BODY.match(src.ocr, at) if word in ("uy", "ubnd", "hoi", "hdnd") else None
        if local and not self._own_place(src.text[local.end() : local.end() + 40]):
            name, e = _local_body(src, local)
            return AgencyMention(name, "district", at, e, False, "agency", src.text[at:e])
        return None

    def _own_place(self, text: str) -> bool:
        """Whether a place name opening ``text`` is the text's own centrally-run city (whose
        committee is the top one); "thành phố Lào Cai" in a plan of Lào Cai province is a city
        of the province."""
        return bool(self.province) and self.province in self.gaz.cities and fold(text).startswith(fold(self.province))

    _SPACE = re.compile(r"[ \t]+")  # "Sở Tư pháp TP.HCM": the province's written form opens with "TP."
    _LOCALITY = re.compile(r"[ \t]+(?:(?:tinh|thanh pho|tp\.?)[ \t]*)?")

    def _of_another_province(self, src: SourceText, variant: _Variant, end: int) -> tuple[str, int]:
        """A provincial body named with another province than the text's ("Sở Tài chính tỉnh Cao
        Bằng" in a Lạng Sơn plan, "Sở Tư pháp TP.HCM"): that province's body, the province kept
        in its name (graph/iris.py decides the node). Otherwise the name as matched."""
        if variant.level not in ("province", "district", "enterprise") or variant.kind != "agency":
            return variant.name, end
        for gap in (self._SPACE.match(src.ocr, end), self._LOCALITY.match(src.ocr, end)):
            if gap is None:
                continue
            found = self.gaz.province_opening(src.ocr[gap.end() : gap.end() + 40])
            if found:
                if found[0] == self.province:
                    break
                return f"{without_province(variant.name, self.province)} {found[0]}", gap.end() + found[1]
        return variant.name, end

    def _possible_starts(self, src: SourceText, tokens: Tokens) -> list[int]:
        """The indices of the words a name can start at, in order: not a word no name starts
        with, and not written in lower case unless a name may start so (``ủy ban``). Sifted by
        set operations and list comprehensions over the text's distinct words."""
        words, text = tokens.words, src.text
        distinct = set(words)
        never = distinct & self._starts_nothing
        upper_only = {w for w in distinct - never if not self._may_start_in_lower_case(w)}
        starts = tokens.starts
        return [
            k for k, w in enumerate(words) if w not in never and (w not in upper_only or not text[starts[k]].islower())
        ]


# After a body's name: "số" that is no number's ("Chính phủ số": the digital government)
_DIGITAL_AFTER = re.compile(r"[ \t]+s[oố](?![ \t]*[:.]?[ \t]*\d)(?!\w)", re.IGNORECASE)
# Before it: the name of the law that organises it ("Luật Tổ chức Chính phủ", "Luật Tổ chức Quốc hội")
_LAW_BEFORE = re.compile(r"(?<![a-z])luat[ \t]+to[ \t]+chuc[ \t]+$")


_ITEM_MARK_ONLY = re.compile(r"[ \t]*(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4}|[a-eđ])[.)]?|[-+•*])?[ \t]*")
_OPENS_BLOCK = re.compile(r"[ \t]*(?:$|[-+•*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-eđ]\))")
_MAX_HEADING_NAME_WORDS = 12


def _to_heading_end(src: SourceText, tokens: Tokens, i: int, end: int, starts_name: Callable[[int], bool]) -> int:
    """A body named alone on its line, as an item's heading or a table's cell ("2. Phòng Quản lý
    công nghệ và Đổi mới sáng tạo" / "- …"), is named to the line's end: its lower-case words are
    its own, since no verb follows."""
    start = tokens[i].start
    line_start = src.text.rfind("\n", 0, start) + 1
    line_end = src.text.find("\n", start)
    line_end = len(src.text) if line_end == -1 else line_end
    if end >= len(tokens) or tokens.start(end) >= line_end or not _ITEM_MARK_ONLY.fullmatch(src.text[line_start:start]):
        return end
    rest = src.text[tokens[end - 1].end : line_end]
    if any(ch in rest for ch in ",;:.()") or len(rest.split()) > _MAX_HEADING_NAME_WORDS:
        return end
    if not _OPENS_BLOCK.match(src.text, min(line_end + 1, len(src.text))):
        return end  # the line wraps into running text
    last = end
    while last < len(tokens) and tokens.start(last) < line_end:
        if starts_name(last) or " ".join(t.text for t in tokens[last : last + 2]) in _VERB_STARTS:
            return end  # "Trường Đại học Hạ Long và Binh đoàn 19", "… phối hợp": another body or a verb follows
        last += 1
    return last


def _noun_phrase(src: SourceText, tokens: Tokens, i: int, n: int) -> bool:
    """A gazetteer name that is part of a noun phrase, not a body: "Chính phủ số", "Luật Tổ chức
    Chính phủ"."""
    start, end = tokens[i].start, tokens[i + n - 1].end
    return bool(_DIGITAL_AFTER.match(src.text, end)) or bool(_LAW_BEFORE.search(src.ocr[max(0, start - 40) : start]))


def _written_as_head(written: str, head: str) -> bool:
    """A generic head as the text writes it: with its own diacritics when the text has any
    ("Sở", not "Số"; "Quỹ", not "Quý"; a head of two words or more only its letters) and not in a
    line of capitals (a heading: "QUY ĐỊNH")."""
    written = " ".join(written.split())
    if written.isupper() and len(written) >= 3:
        return False
    if len(head.split()) >= 2 and fold(written) == fold(head):
        return True  # "Đaỉ học" (a tone OCR misplaced): two words leave no other reading
    return written.isascii() or written.lower() == head.lower()


@lru_cache(maxsize=65536)
def _close(got: str, want: str) -> bool:
    """Could ``got`` be ``want`` damaged by OCR? (the per-token test of ``_ocr_similarity``)"""
    return got == want or (not want.isdigit() and fuzz.ratio(got, want) >= 50)


def _ocr_similarity(window: list[str], variant: _Variant) -> float:
    """How well OCR-damaged tokens match a name token for token (0 when they do not).

    Each token may be damaged ("tinh ty" for "tinh uy") but must still resemble its counterpart,
    and at least half the tokens must be intact: "Ban Chỉ đạo cấp tỉnh …" never matches
    "Ban Chỉ đạo Trung ương …", however long the shared tail.
    """
    n = len(variant.tokens)
    if n < 3 or len(variant.joined) < 12:
        return 0.0
    exact = 0
    for got, want in zip(window, variant.tokens):
        if got == want:
            exact += 1
        elif not _close(got, want):
            return 0.0
    if exact * 2 < n - (1 if n >= 5 else 0):  # long names may lose one more word to OCR
        return 0.0
    return fuzz.ratio(" ".join(window), variant.joined, score_cutoff=80 if n >= 4 else 85)


_BREAKS = re.compile(r"[,;:.()]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def ends_paragraph(src: SourceText, start: int, end: int) -> bool:
    """A blank line between ``start`` and ``end`` ends a paragraph. A text written double-spaced
    breaks a sentence, and a name, across blank lines ("… (Sở" / "" / "Khoa học và Công nghệ chủ
    trì …"): such a blank line follows a full-width line that ends without a stop, or precedes a
    line that goes on in lower case."""
    for gap in _BLANK_LINE.finditer(src.text, start, end):
        line_start = src.text.rfind("\n", 0, gap.start()) + 1
        before = src.text[line_start : gap.start()].rstrip()
        after = src.text[gap.end() : gap.end() + 1]
        soft = (len(before) >= 50 and before[-1:] not in ".:;!?") or after.islower()
        if not soft:
            return True
    return False


# Names a text may write in lower case: PDF text lowercases a leading "Ủ" ("ủy ban …"), and a
# collective named mid-sentence starts with "các" ("…, các huyện, thị, thành ủy, đảng ủy trực thuộc").
_LOWER_CASE_STARTS = frozenset({"uy", "cac"})


def _plausible_span(src: SourceText, start: int, end: int, variant: _Variant) -> bool:
    """A name is capitalised (PDF text lowercases a leading "Ủ") and crosses no punctuation it lacks."""
    written = src.text[start:end]
    if len(_BREAKS.findall(written)) > len(_BREAKS.findall(variant.form)) or ends_paragraph(src, start, end):
        return False
    if variant.form[:1].isupper() and not written[:1].isupper():
        return variant.tokens[0] in _LOWER_CASE_STARTS or written[:1].isdigit()
    return True


# How the name of a body opens, for a body no list holds that a table cell names: a collective
# ("Các hiệp hội", "Các cơ quan tham mưu, giúp việc …"), or a head word followed by a proper name
# ("Tổ tham mưu …", "Hội Nông dân tỉnh"; not "Ban hành", "Hội nghị", "Tổ chức")
_COLLECTIVE = re.compile(
    r"cac\s+(?:so|ban|bo|co\s+quan|don\s+vi|to\s+chuc|hoi|hiep\s+hoi|doan\s+the|dang\s+bo|"
    r"dang\s+uy|cap\s+uy|huyen|xa|phuong|dia\s+phuong|truong|vien|tap\s+doan|ngan\s+hang|quy|"
    r"chi\s+bo|tinh|thanh\s+pho)(?![a-z])"
)
_HEAD_THEN_NAME = re.compile(
    r"(?:so|ban|bo|cuc|vien|phong|quy|bao|dai|hoi|hiep hoi|lien (?:doan|hiep)|truong|"
    r"trung tam|uy ban|cong ty|tong cong ty|tap doan|ngan hang|kho bac|hoc vien|van phong|"
    r"cong an|to)\s+(?=\S)"
)
_TEAM = re.compile(r"to\s+(?:tham\s+muu|giup\s+viec|cong\s+tac|cong\s+nghe)")


# A district's, a town's or a commune's People's Committee or Council ("Ủy ban nhân dân thị xã Sa Pa",
# "UBND huyện Bắc Hà"): a body of that place, named as written, never the province's
_LOCAL_BODY = re.compile(
    r"(uy\s+ban\s+nhan\s+dan|ubnd|hoi\s+dong\s+nhan\s+dan|hdnd)\s+"
    r"(huyen|quan|thi\s+xa|thi\s+tran|xa|phuong|thanh\s+pho|dac\s+khu)\s+(?=\S)"
)
# The committees of a province's local units, listed by kind in any order ("UBND các quận, huyện",
# "Ủy ban nhân dân các huyện, thành phố, thị xã", "UBND cấp xã"): the gazetteer's two collectives
_UNIT_KIND = r"(?:huyen|quan|thi\s+xa|thi\s+tran|xa|phuong|thanh\s+pho|dac\s+khu)"
_LOCAL_COLLECTIVE = re.compile(
    rf"(?:uy\s+ban\s+nhan\s+dan|ubnd)\s+(?:cac|cap)\s+{_UNIT_KIND}(?:\s*(?:,|va)\s*{_UNIT_KIND}(?![a-z]))*(?![a-z])"
    r"(?!\s*,?\s*(?:tinh|thanh\s+pho\s+truc))"
)
_DISTRICT_COMMITTEES = "Ủy ban nhân dân các huyện, thị xã, thành phố"
_COMMUNE_COMMITTEES = "Ủy ban nhân dân các xã, phường"
_PLACE_WORDS = re.compile(r"[A-ZĐÀ-Ỹ][^\s,;:.()]*(?:[ \t]+[A-ZĐÀ-Ỹ0-9][^\s,;:.()]*){0,3}")


def _name_ends_after(src: SourceText, tokens: Tokens, k: int) -> bool:
    """Token ``k`` ends a name by what follows it: the end of the text, punctuation, a line's end
    or the gap between two table columns."""
    if k + 1 >= len(tokens):
        return True
    gap = src.text[tokens[k].end : tokens.start(k + 1)]
    return any(ch in gap for ch in ",;:.()\n|") or "  " in gap


# The bodies of a commune, a ward or a special zone, named by their kind and the unit's ("Ủy ban
# Kiểm tra Đảng ủy xã", "Ban Xây dựng Đảng Đảng ủy phường", "Ủy ban Mặt trận Tổ quốc Việt Nam xã
# Minh Xuân", "Đảng ủy Ủy ban nhân dân xã"): the unit's own bodies, never the province's ones whose
# names they begin with; "Văn phòng Đảng ủy" standing alone is the office of the text's committee.
_LOCAL_UNIT_BODY = re.compile(
    r"dang\s+uy\s+cac\s+(?:xa|phuong|thi\s+tran|dac\s+khu)(?:\s*,\s*(?:xa|phuong|thi\s+tran|dac\s+khu))*(?![a-z])"  # "Đảng ủy các xã, thị trấn"
    r"|(?:(?:dang\s+uy(?:\s+uy\s+ban\s+nhan\s+dan)?|ban\s+thuong\s+vu\s+dang\s+uy"
    r"|ban\s+(?:xay\s+dung\s+dang|to\s+chuc|tuyen\s+giao(?:\s+va\s+dan\s+van)?|dan\s+van)(?:\s+dang\s+uy)?"
    r"|van\s+phong\s+dang\s+uy|uy\s+ban\s+kiem\s+tra(?:\s+dang\s+uy)?|uy\s+ban\s+mat\s+tran\s+to\s+quoc(?:\s+viet\s+nam)?"
    r"|doan\s+thanh\s+nien(?:\s+cong\s+san\s+ho\s+chi\s+minh)?|hoi\s+(?:lien\s+hiep\s+phu\s+nu|nong\s+dan|cuu\s+chien\s+binh)"
    r"|van\s+phong\s+(?:hdnd|hoi\s+dong\s+nhan\s+dan)\s+va\s+(?:ubnd|uy\s+ban\s+nhan\s+dan)|tram\s+y\s+te"
    r"|thuong\s+truc\s+(?:hdnd|hoi\s+dong\s+nhan\s+dan|dang\s+uy)|ban\s+chi\s+huy\s+quan\s+su"
    r"|trung\s+tam\s+phuc\s+vu\s+hanh\s+chinh\s+cong|cong\s+an)\s+(?:xa|phuong|thi\s+tran|dac\s+khu)(?![a-z])"
    r"|van\s+phong\s+dang\s+uy(?=\s*[:,;.)]|\s+[a-z])"
    # a district's party organs and youth union: "Ban Tuyên giáo Huyện ủy", "Văn phòng Quận ủy", "Huyện đoàn Tiên Du"
    r"|(?:ban\s+(?:xay\s+dung\s+dang|to\s+chuc|tuyen\s+giao(?:\s+va\s+dan\s+van)?|dan\s+van|noi\s+chinh)|van\s+phong"
    r"|uy\s+ban\s+kiem\s+tra|ban\s+thuong\s+vu)\s+(?:huyen|quan|thi)\s+uy(?![a-z])|(?:huyen|quan|thi)\s+(?:doan|uy)(?![a-z]))"
)
_CAPITAL_NEXT = re.compile(r"[ \t]+[A-ZĐÀ-Ỹ]")
_LOCAL_UNIT_FIRST_WORDS = frozenset(
    {"dang", "ban", "van", "uy", "doan", "hoi", "trung", "cong", "tram", "huyen", "quan", "thi", "thuong"}
)
_SPELLED_OUT = {"HĐND": "Hội đồng nhân dân", "UBND": "Ủy ban nhân dân"}


# A department's or a ministry's own units, named after it ("Văn phòng Sở", "Thanh tra Bộ", "Các
# phòng, đơn vị thuộc Sở"): the issuing body's, as the text names them
_OWN_UNIT = re.compile(
    r"(?:van\s+phong|thanh\s+tra|cac\s+(?:phong|don\s+vi|co\s+quan|vu|cuc)(?:\s+chuyen\s+mon)?"
    r"(?:\s*,\s*(?:phong|don\s+vi|co\s+quan|vu|cuc|ban)(?:\s+chuyen\s+mon)?)*\s+(?:truc\s+)?thuoc)"
    r"\s+(so|bo|(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+(?:xa|phuong|dac\s+khu|thi\s+tran|huyen|quan|thi\s+xa))(?![a-z])"
)


def _own_unit_name(src: SourceText, match: re.Match[str]) -> str:
    """ "Văn phòng Sờ" (OCR) is "Văn phòng Sở": the unit's words restored, the parent spelled right
    ("Các phòng, đơn vị thuộc UBND phường": "… thuộc Ủy ban nhân dân phường")."""
    words = src.display(" ".join(src.text[match.start() : match.start(1)].split()))
    parent = match.group(1)
    if parent in ("bo", "so"):
        return f"{words} {'Bộ' if parent == 'bo' else 'Sở'}"
    written = src.display(" ".join(src.text[match.start(1) : match.end(1)].split()))
    return f"{words} {' '.join(_SPELLED_OUT.get(w, w) for w in written.split())}"


def _own_unit_level(match: re.Match[str]) -> str:
    return {"bo": "central", "so": "province"}.get(match.group(1), "district")


# The kind of a local unit right after a body's name: "… đặc khu", "… xã", "… phường"
_UNIT_AFTER = re.compile(r"[ \t]+(xa|phuong|thi\s+tran|dac\s+khu|huyen|quan|thi\s+xa)(?![a-z])")


# The unit's kind as written: with its marks, or without them where no other word is spelled so
# ("quán triệt" is no "quận", "xa" no "xã")
_UNIT_SPELLINGS = frozenset(
    [
        "xã",
        "phường",
        "thị trấn",
        "đặc khu",
        "huyện",
        "quận",
        "thị xã",
        "huyen",
        "phuong",
        "dac khu",
        "thi tran",
        "thi xa",
    ]
)


def _is_unit_word(src: SourceText, unit: re.Match[str]) -> bool:
    return " ".join(src.text[unit.start(1) : unit.end(1)].split()) in _UNIT_SPELLINGS


def _local_unit_body(src: SourceText, start: int, end: int) -> tuple[str, int]:
    """The name (as written, abbreviations spelled out, with the unit's place name when one
    follows) and end of a body of a commune, a ward, a special zone or a district."""
    written = " ".join(_SPELLED_OUT.get(word, word) for word in src.text[start:end].split())
    place = _PLACE_WORDS.match(src.text, end + 1) if src.text[end : end + 1] == " " else None
    if place:
        return f"{src.display(written)} {' '.join(place.group(0).split())}", place.end()
    return src.display(written), end


def _index_after(tokens: Tokens, i: int, end: int) -> int:
    """The first token from ``i`` that starts at or after ``end`` (past a name just found)."""
    while i < len(tokens) and tokens.start(i) < end:
        i += 1
    return i


def _local_body(src: SourceText, match: re.Match[str]) -> tuple[str, int]:
    """The name and end of a local body whose place name starts where ``match`` ends."""
    place = _PLACE_WORDS.match(src.text, match.end())
    if place and "\n" in src.text[match.end(2) : place.start()] and names_a_body(place.group(0)):
        place = None  # "UBND phường" / "Phòng Văn hóa …": a table's next cell, not the place's name
    body = "Ủy ban nhân dân" if match.group(1) in ("ubnd",) or match.group(1).startswith("uy") else "Hội đồng nhân dân"
    level = src.display(src.text[match.start(2) : match.end(2)]).lower()
    if place is None:
        return f"{body} {level}", match.end(2)
    return f"{body} {level} {' '.join(place.group(0).split())}", place.end()


def names_a_body(written: str) -> bool:
    """Whether a cell's text opens like a body's name (for a body column's items no list holds)."""
    folded = fold(written).strip()
    if _COLLECTIVE.match(folded) or _TEAM.match(folded):
        return True
    head = _HEAD_THEN_NAME.match(folded)
    if not head:
        return False
    name = written.strip()[head.end() :]  # the folded text aligns with the written one
    # "Quỹ Phát triển …", not "Quý IV/2025" nor the header's "Số TT"
    return name[:1].isupper() and not re.match(r"[IVX]+\b|[A-ZĐ]{1,3}\b", name)


_ITEM_SEPARATORS = re.compile(r"\s*(?:;|\n\s*[-+•]\s*|^\s*[-+•]\s*)\s*")


def cell_items(text: str) -> list[str]:
    """The items of a body cell: between ";" or line-opening dashes, and between commas where
    the next item opens with a capital ("Sở Tài chính, Các hiệp hội"; not "… tham mưu, giúp việc")."""
    items: list[str] = []
    for part in _ITEM_SEPARATORS.split(text):
        pieces = part.split(", ")
        merged = [pieces[0]]
        for piece in pieces[1:]:
            if piece[:1].isupper():
                merged.append(piece)
            else:
                merged[-1] += ", " + piece
        items += merged
    return items


def cell_item_spans(text: str) -> list[tuple[int, int]]:
    """Where each non-empty item of a body cell (``cell_items``) stands in ``text``: (start, end)."""
    spans: list[tuple[int, int]] = []
    position = 0
    for item in cell_items(text):
        start = text.find(item, position) if item.strip() else -1
        if start >= 0:
            position = start + len(item)
            spans.append((start, position))
    return spans


# Collective bodies a list names without repeating "các" ("các cấp ủy …, sở, ban, ngành, tổ chức
# chính trị - xã hội tỉnh báo cáo …", "Mặt trận Tổ quốc, các đoàn thể, hiệp hội"), on the OCR-folded
# text and tolerant of its damage ("s&, ban, nganh", "t6 chie chinh tri - x4 hoi"): the name each is
_COLLECTIVE_ITEMS: list[tuple[re.Pattern[str], str | None]] = [
    # "các quận ủy, huyện ủy, thị ủy, đảng ủy trực thuộc Thành ủy": named as the text writes it
    (
        re.compile(
            r"(?:(?:quan|huyen|thi|thanh|xa|phuong)\s+uy\s*,\s*)+(?:thanh\s+uy\s*,\s*)?dang\s+uy\s+truc\s+thuoc"
            r"(?:\s+(?:tinh|thanh)\s+uy)?"
        ),
        None,
    ),
    (re.compile(r"s\S?\s*,\s*b\S{1,2}n\s*,\s*ng\S{2,3}h"), "Các sở, ban, ngành tỉnh"),
    (
        re.compile(r"t\S?\s+ch\S{1,3}\s+ch\S{2,4}\s+tr\S\s*-\s*x\S{1,2}\s+h\S{1,2}i"),
        "Các tổ chức chính trị - xã hội tỉnh",
    ),
    (
        re.compile(r"d\S{2,3}n\s+th\S\s+ch\S{2,4}\s+tr\S\s*-\s*x\S{1,2}\s+h\S{1,2}i"),
        "Các đoàn thể chính trị - xã hội",
    ),
    (re.compile(r"d\S{2,3}n\s+th\S(?![a-z])"), "Các đoàn thể"),
    (re.compile(r"b\S{1,2}n\s+d\S{2,3}g(?![a-z])(?!\s+uy)"), "Các ban đảng"),
    (
        re.compile(r"b\S{1,2}n\s+c\S{1,2}n\s+s\S{1,2}\s+d\S{2,3}g\s*,\s*d\S{2,3}g\s+d\S{2,3}n"),
        "Các ban cán sự đảng, đảng đoàn",
    ),
    (re.compile(r"(?:h\S{1,2}i\s*,\s*)?hi\S{1,2}p\s+h\S{1,2}i(?:\s+doanh\s+ngh\S{1,3}p)?"), "Các hiệp hội"),
]
_ITEM_GAP = re.compile(r"(?:\s+(?:cua\s+)?(?:tinh|thanh\s+pho)(?![a-z]))?[\s,;]*(?:(?:va|cung)\s+)?(?:c[a-z0-9]?c\s+)?")
_COLLECTIVE_END = re.compile(r"(?:\s+(?:cua\s+)?(?:tinh|thanh\s+pho))?(?![a-z])")


def _after_place(folded: str, offset: int) -> int:
    """Past the province a name ends with ("… Việt Nam tỉnh Quảng Ninh và các …")."""
    place = re.match(r"\s+(?:(?:tinh|thanh\s+pho)\s+)?", folded[offset : offset + 40])
    if place is None:
        return offset
    for province in load_gazetteer().provinces:
        key = fold(province)
        if folded.startswith(key, offset + place.end()):
            return offset + place.end() + len(key)
    return offset


def collectives_after(src: SourceText, offset: int) -> list[AgencyMention]:
    """The collective bodies a list of bodies goes on with from ``offset`` (see _COLLECTIVE_ITEMS):
    read only where a list of bodies stands as a subject (a heading's, a recurring duty's), since
    "phát huy vai trò của … các hội, hiệp hội" names no body that has the task."""
    out: list[AgencyMention] = []
    cursor = _after_place(src.ocr, offset)
    while True:
        gap = _ITEM_GAP.match(src.ocr, cursor)
        if gap is None or (
            out and "," not in src.ocr[cursor : gap.end()] and " va " not in src.ocr[cursor - 1 : gap.end()]
        ):
            break
        for pattern, name in _COLLECTIVE_ITEMS:
            item = pattern.match(src.ocr, gap.end())
            if item:
                closing = _COLLECTIVE_END.match(src.ocr, item.end()) if name else None
                end = closing.end() if closing else item.end()
                written = src.text[gap.end() : end]
                if name is None:  # "Các " and the list as written, in one line
                    shown = src.display(written)
                    name = "Các " + shown[:1].lower() + shown[1:]
                out.append(
                    AgencyMention(
                        name,
                        "district" if name.endswith(" ủy") else "province",
                        gap.end(),
                        end,
                        in_gazetteer=False,
                        written=written,
                    )
                )
                cursor = end
                break
        else:
            break
    return out


@lru_cache(maxsize=128)
def matcher_for(province: str | None) -> AgencyMatcher:
    """One matcher per province, kept: building one folds every gazetteer name, and its caches
    of near-miss words (OCR damage) serve every later text of the province."""
    return AgencyMatcher(province)


def resolve_aliases(src: SourceText, mentions: list[AgencyMention]) -> list[AgencyMention]:
    """Bind role names to the body the text equates them with, and short names to long ones.

    "Văn phòng Tỉnh ủy - Cơ quan Thường trực Ban Chỉ đạo", "Cơ quan Thường trực (Văn phòng Tỉnh ủy)"
    and "X là Cơ quan Thường trực" make the role an alias of X; "Ban Chỉ đạo cấp tỉnh" becomes the
    full "Ban Chỉ đạo cấp tỉnh về …" when the text names that too.
    """
    bound: dict[str, AgencyMention] = {}
    for k, mention in enumerate(mentions):
        if mention.kind != ROLE:
            continue
        before = mentions[k - 1] if k else None
        after = mentions[k + 1] if k + 1 < len(mentions) else None
        if before and before.kind != ROLE and re.fullmatch(r"\s*(?:-|la|,)\s*", src.ocr[before.end : mention.start]):
            bound.setdefault(_role_key(mention.name), before)
        elif after and after.kind != ROLE and re.fullmatch(r"\s*\(\s*", src.text[mention.end : after.start]):
            bound.setdefault(_role_key(mention.name), after)
    resolved = []
    for mention in mentions:
        if mention.kind == ROLE:
            target = _role_target(mention, bound)
            if not target:
                continue
            mention = AgencyMention(
                target.name, target.level, mention.start, mention.end, target.in_gazetteer, "agency", mention.written
            )
        resolved.append(mention)
    _defined_aliases(src, resolved)
    _shared_complements(src, resolved)
    resolved = _standing_committees(src, resolved)
    names = {fold(m.name): m.name for m in resolved}
    full_name: dict[str, str | None] = {}
    for key in names:
        longer = [full for k, full in names.items() if k.startswith(key + " ve ")]
        if not longer and key.endswith(" tinh"):  # "Ban Chỉ đạo tỉnh": the one "Ban Chỉ đạo về … tỉnh"
            stem = key[: -len(" tinh")]
            longer = [
                full for k, full in names.items() if k != key and k.startswith(stem + " ve ") and k.endswith(" tinh")
            ]
        full_name[key] = longer[0] if len(longer) == 1 else None
    for mention in resolved:
        mention.name = full_name[fold(mention.name)] or mention.name
    resolved = _bare_steering_committee(src, resolved)
    # names outside the gazetteer that differ only by OCR damage are one body
    first_spelling: list[str] = []
    for mention in resolved:
        if mention.in_gazetteer:
            continue
        key = fold(mention.name)
        same = next((n for n in first_spelling if fuzz.ratio(fold(n), key) >= 90), None)
        if same:
            mention.name = same
        else:
            first_spelling.append(mention.name)
    return resolved


_BARE_STEERING = re.compile(r"(?<![a-z])ban chi dao(?![a-z])")


def _bare_steering_committee(src: SourceText, mentions: list[AgencyMention]) -> list[AgencyMention]:
    """ "Hằng năm, Ban Chỉ đạo tổ chức kiểm tra …": a plan that names one steering committee of
    its own calls it "Ban Chỉ đạo" once it has named it; the bare words are that committee."""
    own = [m for m in mentions if m.name.startswith("Ban Chỉ đạo") and m.level != "central"]
    if len({fold(m.name) for m in own}) != 1:
        return mentions
    first, name, level = own[0].start, own[0].name, own[0].level
    starts = [m.start for m in mentions]
    added = []
    for match in _BARE_STEERING.finditer(src.ocr, first):
        start, end = match.start(), match.end()
        k = bisect.bisect_right(starts, start)
        inside = k and mentions[k - 1].end > start
        if inside or (k < len(mentions) and mentions[k].start < end) or not src.text[start].isupper():
            continue
        added.append(AgencyMention(name, level, start, end, False, "agency", src.text[start:end]))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


_COUNCIL, _COMMITTEE = "Hội đồng nhân dân", "Ủy ban nhân dân"
_STANDING = "Ban Thường vụ"


def _standing_committees(src: SourceText, mentions: list[AgencyMention]) -> list[AgencyMention]:
    """ "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh": a bare "Ban Thường vụ" right before a party
    committee is that committee's standing board, not the provincial one the bare words stand for
    elsewhere."""
    out: list[AgencyMention] = []
    for mention in mentions:
        before = out[-1] if out else None
        if (
            before is not None
            and mention.name.startswith("Đảng ủy ")
            and not src.text[before.end : mention.start].strip()
            and fold(src.text[before.start : before.end]).replace(" ", "") == "banthuongvu"
        ):
            out[-1] = AgencyMention(
                f"{_STANDING} {mention.name}",
                mention.level,
                before.start,
                mention.end,
                False,
                "agency",
                src.text[before.start : mention.end],
            )
            continue
        out.append(mention)
    return out


def _shared_complements(src: SourceText, mentions: list[AgencyMention]) -> None:
    """ "HĐND, UBND các tỉnh, thành phố trực thuộc trung ương", "Thường trực HĐND, UBND tỉnh": the
    council written bare shares the committee's complement (it names the councils of the same
    places)."""
    for council, committee in pairwise(mentions):
        written = fold(src.text[council.start : council.end]).replace(" ", "")
        if written not in ("hdnd", "hoidongnhandan") or not committee.name.startswith(_COMMITTEE + " "):
            continue
        if re.fullmatch(r"\s*(?:,|va)\s*", src.ocr[council.end : committee.start]):
            council.name = _COUNCIL + committee.name[len(_COMMITTEE) :]


_DEFINES = re.compile(r"\s*\(?\s*(?:sau\s+day\s+)?(?:g[o0][il1]\s+(?:t[a-z]t\s+)?l[a-z])\s+$")


def _defined_aliases(src: SourceText, mentions: list[AgencyMention]) -> None:
    """ "Ban Chỉ đạo về … tỉnh (sau đây gọi là Ban Chỉ đạo tỉnh)": the short name the text
    defines is the same body as the long one, wherever it is used."""
    short_to_full: dict[str, str] = {}
    for before, after in pairwise(mentions):
        gap = src.ocr[before.end : after.start]
        if len(gap) < 40 and _DEFINES.fullmatch(gap):
            short_to_full[fold(after.name)] = before.name
    if short_to_full:
        for mention in mentions:
            mention.name = short_to_full.get(fold(mention.name), mention.name)


def _role_key(name: str) -> str:
    """ "Cơ quan Thường trực (của) Ban Chỉ đạo": one role, with or without "của"."""
    return fold(name).replace(" cua ", " ")


def _role_target(mention: AgencyMention, bound: dict[str, AgencyMention]) -> AgencyMention | None:
    key = _role_key(mention.name)
    if key in bound:
        return bound[key]
    for role, target in bound.items():  # "Cơ quan Thường trực Ban Chỉ đạo" also binds the shorter forms
        if role.startswith(key) or key.startswith(role):
            return target
    return None


def collect_agencies(src: SourceText, mentions: list[AgencyMention], gaz: Gazetteer | None = None) -> list[Agency]:
    """One Agency per distinct name, with the lines it is named on, in order of first mention."""
    gaz = gaz or load_gazetteer()
    abbreviations = _abbreviations(gaz)
    by_name: dict[str, Agency] = {}
    seen: set[tuple[str, int | str]] = set()
    for mention in mentions:
        agency = by_name.get(mention.name)
        if agency is None:
            agency = by_name[mention.name] = Agency(mention.name, mention.level)
            agency.abbreviations = abbreviations.get(mention.name, [])
        line = src.line_of(mention.start)
        if (mention.name, line) not in seen:
            seen.add((mention.name, line))
            agency.lines.append(line)
        written = " ".join(mention.written.split())
        if written and (mention.name, written) not in seen and fold(written) != fold(mention.name):
            seen.add((mention.name, written))
            agency.aliases.append(written)
    return list(by_name.values())


@lru_cache(maxsize=4)
def _abbreviations(gaz: Gazetteer) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for entry in gaz.agencies:
        short = [a for a in entry.aliases if re.search(r"[A-ZĐ]{2,}", a) and len(a) <= 16]
        if short:
            out[entry.name] = short
    return out


def entry_for(name: str) -> AgencyEntry | None:
    """The gazetteer entry of a canonical name, if it has one."""
    return _entries_by_folded_name().get(fold(name))


@lru_cache(maxsize=1)
def _entries_by_folded_name() -> dict[str, AgencyEntry]:
    out: dict[str, AgencyEntry] = {}
    for entry in reversed(load_gazetteer().agencies):  # the first entry of a name wins
        out[fold(entry.name)] = entry
        out[fold(entry.name.replace(" {province}", ""))] = entry
    return out
