"""The gazetteer shipped as data: document types, issuer codes, provinces and agency names.

Everything is looked up on the folded form (``normalize.fold``), so "Tinh uy", "Tỉnh ủy" and
"TỈNH UỶ" are one key. The plan's province fills the ``{province}`` slots of local names.

Local names are written for a province ("Văn phòng Tỉnh ủy", "Ủy ban nhân dân tỉnh"); in the six
centrally-run cities (``cities``) the same bodies are "Văn phòng Thành ủy", "Ủy ban nhân dân thành
phố", "Thành đoàn": ``localized`` writes a name so, ``provincial_form`` reads it back, so that a
city's body and a province's share a role.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import permutations
from typing import Any

from plankg.loaders.models import DocumentType
from plankg.loaders.normalize import fold


@dataclass(frozen=True)
class AgencyEntry:
    name: str  # canonical name, may contain "{province}"
    level: str
    org_class: str  # party, state, mass, enterprise
    aliases: tuple[str, ...]
    collective: bool = False

    def resolved_name(self, province: str | None) -> str:
        name = localized(self.name, province)
        if "{province}" not in name:
            return name
        return name.replace("{province}", province or "").strip()

    def variants(self, province: str | None) -> list[str]:
        """All written forms (canonical and aliases) with the province filled in or dropped."""
        out = []
        written = [localized(f, province) for f in (self.name, *self.aliases)]
        # a city's text may still write a body as a province does ("Tỉnh ủy"): that form is read too
        forms = list(dict.fromkeys(written + [self.name, *self.aliases]))
        for form in forms:
            if "{province}" in form:
                if not province:
                    form = form.replace("{province}", "").strip()
                    if not form or form in ("VNPT", "Viettel"):
                        continue
                else:
                    form = form.replace("{province}", province)
            out.append(form)
        return list(dict.fromkeys(o for form in out for o in unit_orders(form)))


# The kinds of local units a collective name lists ("Ủy ban nhân dân các huyện, thị xã, thành phố")
_UNIT_KINDS = ("huyện", "thị xã", "thành phố", "quận", "xã", "phường", "thị trấn", "đặc khu")
_UNIT_LIST = re.compile(rf"^(.*\bcác )((?:{'|'.join(_UNIT_KINDS)})(?:, (?:{'|'.join(_UNIT_KINDS)}))+)$")


def unit_orders(form: str) -> list[str]:
    """A name that lists kinds of local units, in every order a text may list them ("các huyện,
    thành phố, thị xã" is "các huyện, thị xã, thành phố"); any other name as it is."""
    found = _UNIT_LIST.match(form)
    if not found:
        return [form]
    units = found.group(2).split(", ")
    if len(units) > 4:
        return [form]
    return [found.group(1) + ", ".join(order) for order in permutations(units)]


@dataclass(frozen=True, eq=False)
class Gazetteer:
    doc_types: dict[str, dict[str, Any]]
    title_words: dict[str, str]
    party_issuers: dict[str, str]
    state_issuers: dict[str, str]
    local_issuers: frozenset[str]
    provinces: tuple[str, ...]
    cities: frozenset[str]  # the centrally-run cities: "Thành ủy", "thành phố" where provinces say "Tỉnh ủy", "tỉnh"
    agencies: tuple[AgencyEntry, ...]
    role_aliases: tuple[str, ...]
    generic_heads: tuple[tuple[str, str], ...]
    role_successors: dict[str, str]  # a provincial role merged in 2025 -> its successor
    name_words: tuple[str, ...] = ()  # two-syllable words of body names ("Đô thị", "Đổi mới"): see agencies
    province_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "TP.HCM" -> "Hồ Chí Minh"
    named_after_places: dict[str, str] = field(default_factory=dict)  # proper name -> its local form or ""

    def type_code(self, raw: str) -> str | None:
        """Canonical type symbol for a written one, tolerant of OCR ("Qb" -> "QĐ")."""
        return _type_codes(self).get(_code_key(raw))

    def type_kind(self, code: str) -> DocumentType:
        """The kind of a type code's documents ("NQ" → resolution); other for an unknown code."""
        return DocumentType(self.doc_types.get(code, {}).get("kind", "other"))

    def issuer_code(self, raw: str, party: bool) -> str | None:
        """Canonical issuer symbol, repairing OCR forms ("TĨV", "TWJ" -> "TW")."""
        table = _issuer_codes(self, party)
        key = _code_key(raw)
        for candidate in (key, key.replace("iv", "w").replace("vv", "w"), key[:-1]):
            if candidate in table:
                return table[candidate]
        return None

    def province_in(self, text: str) -> str | None:
        """The province named at the start of ``text`` (folded comparison), if any."""
        folded = fold(text).strip()
        for key, name in _folded_provinces(self):
            if folded.startswith(key):
                return name
        return None

    def province_opening(self, folded: str) -> tuple[str, int] | None:
        """The province a folded text starts with, as a whole word, and the length of its written
        form ("cao bang, ..." -> ("Cao Bằng", 8); "tp.hcm" -> ("Hồ Chí Minh", 6))."""
        for key, name in _folded_provinces(self):
            if folded.startswith(key) and not folded[len(key) : len(key) + 1].isalnum():
                return name, len(key)
        return None

    def province_at_end(self, name: str) -> str | None:
        """The province a name ends with ("Viettel Quảng Ninh", "Sở Tài chính tỉnh Lạng Sơn",
        "Sở Tư pháp TP.HCM": the province's other written forms count)."""
        return _province_at_end(self, name)

    def named_after_place(self, name: str) -> tuple[str, str] | None:
        """(name, local form) when a place inside ``name`` belongs to a proper name, not to the
        body's province: a name of ``named_after_places`` ("Đoàn Thanh niên Cộng sản Hồ Chí
        Minh", whose local form is the province's "Tỉnh đoàn {province}"; "" when it has none),
        or a university called after its place ("Đại học Thái Nguyên", "Trường Đại học Hải
        Phòng": the head and the place alone, no "tỉnh" between). None otherwise."""
        listed = _named_after_places(self).get(fold(name))
        if listed:
            return listed
        place = self.province_at_end(name)
        rest = fold(name[: len(name) - len(_written_province(self, name))].strip()) if place else ""
        if rest in _UNIVERSITY_HEADS:
            return name, ""
        return None


_CITY_WORDS = (
    (re.compile(r"\bTỉnh ủy\b"), "Thành ủy"),
    (re.compile(r"\bTỉnh đoàn\b"), "Thành đoàn"),
    (re.compile(r"\btỉnh(?=$| \{province\}$)"), "thành phố"),
    (re.compile(r"\bcấp tỉnh\b"), "cấp thành phố"),
)
_PROVINCE_WORDS = (
    (re.compile(r"\bThành ủy\b"), "Tỉnh ủy"),
    (re.compile(r"\bThành đoàn\b"), "Tỉnh đoàn"),
    (re.compile(r"\b[Tt]hành phố$"), "tỉnh"),
    (re.compile(r"\bcấp [Tt]hành phố\b"), "cấp tỉnh"),
)


def localized(name: str, province: str | None) -> str:
    """A provincial body's name as a centrally-run city writes it (module doc)."""
    if not province or province not in load_gazetteer().cities:
        return name
    for pattern, city_word in _CITY_WORDS:
        name = pattern.sub(city_word, name)
    return name


def provincial_form(name: str) -> str:
    """A city body's name as a province writes it: "Văn phòng Thành ủy" -> "Văn phòng Tỉnh ủy"."""
    for pattern, province_word in _PROVINCE_WORDS:
        name = pattern.sub(province_word, name)
    return name


def without_province(name: str, province: str | None) -> str:
    """The name less a trailing province, in any of its written forms (and the "tỉnh"/"thành
    phố"/"TP." before it): "Sở Tài chính tỉnh Lạng Sơn" -> "Sở Tài chính"."""
    gaz = load_gazetteer()
    if province and _province_at_end(gaz, name) == province:
        name = name[: len(name) - len(_written_province(gaz, name))].strip()
        return _LOCALITY_WORD.sub("", name) or name
    return name


_LOCALITY_WORD = re.compile(r"\s+(tỉnh|thành phố|tinh|thanh pho|tp\.?)$", re.IGNORECASE)
_UNIVERSITY_HEADS = frozenset({"dai hoc", "truong dai hoc", "hoc vien"})


def _written_province(gaz: Gazetteer, name: str) -> str:
    """The trailing written form of a province in ``name`` ("" when none)."""
    folded = " " + fold(name).strip()
    for key, _province in _folded_provinces(gaz):
        if folded.endswith(" " + key):
            return name.strip()[-len(key) :]
    return ""


@cache
def _named_after_places(gaz: Gazetteer) -> dict[str, tuple[str, str]]:
    return {fold(name): (name, local) for name, local in gaz.named_after_places.items() if not name.startswith("_")}


def _code_key(raw: str) -> str:
    key = fold(raw).replace(" ", "")
    return key.replace("b", "d") if len(key) <= 3 and key.startswith("q") else key


@cache
def _type_codes(gaz: Gazetteer) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, info in gaz.doc_types.items():
        symbol = info.get("symbol", code)
        table.setdefault(_code_key(code), symbol)  # "QĐi" as some texts write a regulation is "QĐ"
        table[_code_key(symbol)] = symbol
    return table


@cache
def _issuer_codes(gaz: Gazetteer, party: bool) -> dict[str, str]:
    codes = gaz.party_issuers if party else gaz.state_issuers
    return {_code_key(code): code for code in codes}


@lru_cache(maxsize=65536)
def _province_at_end(gaz: Gazetteer, name: str) -> str | None:
    folded = " " + fold(name).strip()
    for key, province in _folded_provinces(gaz):
        if folded.endswith(" " + key):
            return province
    return None


def canonical_province(written: str, gaz: Gazetteer | None = None) -> str | None:
    """The province a name or an alias stands for ("TP.HCM", "Thừa Thiên Huế" → "Huế"), or None."""
    key = fold(written).strip()
    return next((name for form, name in _folded_provinces(gaz or load_gazetteer()) if form == key), None)


@cache
def _folded_provinces(gaz: Gazetteer) -> list[tuple[str, str]]:
    """Every written form of every province (its name and aliases), folded, the longest first."""
    forms = [(fold(name), name) for name in gaz.provinces]
    forms += [(fold(alias), name) for name, aliases in gaz.province_aliases.items() for alias in aliases]
    return sorted(forms, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    raw = json.loads(resources.files("plankg.loaders").joinpath("data/gazetteer.json").read_text("utf-8"))
    agencies = tuple(
        AgencyEntry(
            a["name"], a["level"], a.get("class", "other"), tuple(a.get("aliases", ())), a.get("collective", False)
        )
        for a in raw["agencies"]
    )
    return Gazetteer(
        doc_types=raw["doc_types"],
        title_words=raw["title_words"],
        party_issuers=raw["party_issuers"],
        state_issuers=raw["state_issuers"],
        local_issuers=frozenset(raw["local_issuers"]),
        provinces=tuple(raw["provinces"]),
        cities=frozenset(raw["cities"]),
        agencies=agencies,
        role_aliases=tuple(raw["role_aliases"]),
        generic_heads=tuple((g["head"], g["level"]) for g in raw["generic_heads"]),
        role_successors={old: new for old, new in raw.get("role_successors", {}).items() if not old.startswith("_")},
        name_words=tuple(raw.get("name_words", ())),
        province_aliases={
            name: tuple(forms) for name, forms in raw.get("province_aliases", {}).items() if not name.startswith("_")
        },
        named_after_places=raw.get("named_after_places", {}),
    )
