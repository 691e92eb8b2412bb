"""Which body a name stands for: the identity rules of bodies, decided from names and the
gazetteer alone (graph/iris.py makes a body's IRI from what is decided here).

A central body is national; a body of a province is that province's, whether the text names the
province ("Viettel Quảng Ninh", "Sở Tư pháp TP.HCM") or only implies it (a plan's "Sở Tài chính",
"Văn phòng Tỉnh ủy"). A body is named by the gazetteer's name of it ("UBND tỉnh" is the committee
"Ủy ban nhân dân tỉnh"). A place inside a proper name is not the body's province
(``Gazetteer.named_after_place``). A name outside the gazetteer that OCR broke beyond sure repair
is ``opaque`` (``ocr_damaged``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plankg.loaders.agencies import entry_for
from plankg.loaders.gazetteer import AgencyEntry, load_gazetteer, localized, without_province
from plankg.loaders.normalize import fold, ocr_fold
from plankg.loaders.restore import is_syllable, restore_diacritics

LOCAL_LEVELS = frozenset({"province", "district"})


@dataclass(frozen=True)
class Body:
    """Who a named body is: the name its IRI is made from (without its province), its level and
    branch, and the province whose node it is (None: a national body)."""

    name: str
    level: str
    province: str | None = None
    branch: str = "other"
    collective: bool = False
    opaque: bool = False  # an OCR-damaged name outside the gazetteer (module doc)

    @property
    def label(self) -> str:
        return f"{self.name} {self.province}" if self.province else self.name


@lru_cache(maxsize=65536)
def body_of(name: str, level: str, province: str | None, damaged: bool = False) -> Body:
    """The body a name stands for in a text of ``province`` (the identity rules, module doc).
    ``damaged``: the name is outside the gazetteer and OCR broke it (``ocr_damaged``)."""
    gaz = load_gazetteer()
    place = gaz.province_at_end(name) if level != "central" else None
    rest = without_province(name, place) if place else name
    proper = gaz.named_after_place(name) or (gaz.named_after_place(rest) if place else None)
    if proper:  # the place belongs to the name: its local form is the text's province's body
        proper_name, local = proper
        home = place if gaz.named_after_place(name) is None else province
        if local and home:
            return _provincial(local.replace("{province}", home), home, level)
        return _national(proper_name, level)
    if level == "central":
        return _national(name, level)
    if place:
        return _provincial(rest, place, level, damaged)
    if province and (level in LOCAL_LEVELS or _local_forms(province).get(_local_key(name, province))):
        return _provincial(name, province, level, damaged)
    entry = None if province else _local_forms(None).get(_local_key(name, None))
    if entry is not None:  # a province's body in a text that names no province: no province's node
        return Body(entry.resolved_name(None), entry.level, None, entry.org_class, entry.collective)
    return _national(name, level, damaged)


def _national(name: str, level: str, damaged: bool = False) -> Body:
    entry = _national_forms().get(fold(name)) or entry_for(name)
    if entry is None:
        return Body(name, level, None, opaque=damaged)
    return Body(entry.name, entry.level, None, entry.org_class, entry.collective)


def _provincial(name: str, province: str, level: str, damaged: bool = False) -> Body:
    """A body of ``province`` under the gazetteer's name for it there ("Ủy ban nhân dân",
    "UBND tỉnh" -> "Ủy ban nhân dân tỉnh"; in a city "Ủy ban nhân dân thành phố")."""
    entry = _local_forms(province).get(_local_key(name, province))
    if entry is None:
        national = _national_forms().get(fold(name)) or entry_for(name)
        if national is not None and national.level not in LOCAL_LEVELS and "{province}" not in national.name:
            return Body(national.name, national.level, None, national.org_class, national.collective)
        return Body(name, level, province, national.org_class if national else "other", opaque=damaged)
    canonical = without_province(entry.resolved_name(province), province)
    return Body(canonical, entry.level, province, entry.org_class, entry.collective)


_LOCALITY_END = re.compile(r" (?:tinh|thanh pho)$")


def _local_key(name: str, province: str | None) -> str:
    """A local body's name as a key: folded, without the province and the "tỉnh" before it."""
    return _LOCALITY_END.sub("", fold(without_province(localized(name, province), province)))


@lru_cache(maxsize=128)
def _local_forms(province: str | None) -> dict[str, AgencyEntry]:
    """Every written form of the gazetteer's local bodies in ``province`` (None: in no province
    named) -> its entry (the first entry of a form wins, in the gazetteer's order)."""
    out: dict[str, AgencyEntry] = {}
    for entry in load_gazetteer().agencies:
        if entry.level in LOCAL_LEVELS or "{province}" in entry.name:
            for form in (entry.resolved_name(province), *entry.variants(province)):
                out.setdefault(_local_key(form, province), entry)
    return out


@lru_cache(maxsize=1)
def _national_forms() -> dict[str, AgencyEntry]:
    """The written forms of the gazetteer's bodies of no province ("Bộ KH&CN", "Đại học Quốc gia
    TP. Hồ Chí Minh") -> their entry."""
    out: dict[str, AgencyEntry] = {}
    for entry in load_gazetteer().agencies:
        if entry.level not in LOCAL_LEVELS and "{province}" not in entry.name:
            for form in (entry.name, *entry.aliases):
                out.setdefault(fold(form), entry)
    return out


_WORDS = re.compile(r"[^\W_]+|[§@¢€#]+")
_SIGNS = frozenset("0123456789§@¢€#")


def ocr_damaged(written: str) -> bool:
    """A name as written whose proper part OCR broke beyond sure repair: a capitalised word with
    a digit or sign in it ("Công ty TNHH MTV X4": a proper name cannot be guessed from the
    lexicon), or a name that ends with a broken word read as the first syllable of one of the
    two-syllable words of body names ("Trung tâm Giám sát và Điều hành Db", "… Khởi nghiệp và
    Ddi": cut short; "… Chuyển đổi Số", written so, is a name)."""
    words = _WORDS.findall(written)
    if any(w[:1].isupper() and not w.isdigit() and any(ch in _SIGNS for ch in w) for w in words):
        return True
    last = words[-1] if words else ""
    return (
        last[:1].isupper() and not is_syllable(ocr_fold(last)) and fold(restore_diacritics(last)) in _first_syllables()
    )


@lru_cache(maxsize=1)
def _first_syllables() -> frozenset[str]:
    return frozenset(fold(word.split()[0]) for word in load_gazetteer().name_words)
