"""Stable IRIs, derived from what a thing is, never from order or chance.

- A document: its issuer, type, year and number. Local issuers (TU, HU, UBND …) exist in every
  province, so they carry the province ("tu-quang-ninh"); Party numbers restart each term and
  state numbers each year, so the year is part of the IRI when the text gives it (in the number
  or as the document's date). "71-NQ/TW" and "71/NQ-CP" differ in issuer and so in IRI.
- An agency (the identity rules of bodies, ``body_of``): a central body is national; a body of a
  province is that province's node, whether the text names the province ("Viettel Quảng Ninh",
  "Trường Cao đẳng Việt - Hàn Quảng Ninh", "Sở Tư pháp TP.HCM") or only implies it (a plan's "Sở
  Tài chính", "Văn phòng Tỉnh ủy", the committee that issues a "…/KH-UBND" plan); "Viettel Quảng
  Ninh" and "Viettel Lạng Sơn" are two nodes, never one. A body is named by the gazetteer's
  name of it ("UBND tỉnh", "Ủy ban nhân dân", "Ủy ban nhân dân tỉnh Bắc Ninh" are the committee
  "Ủy ban nhân dân tỉnh" of Bắc Ninh; a city's is "Ủy ban nhân dân thành phố"). A place inside
  a proper name is not the body's province (``Gazetteer.named_after_place``: "Đoàn Thanh niên
  Cộng sản Hồ Chí Minh" is the youth union of the text's province, "Đại học Thái Nguyên" a
  university). A name outside the gazetteer that OCR broke beyond sure repair gets an opaque
  IRI from a hash of its folded form ("…/agency/quang-ninh/x-3f2a9c1e0b7d"), never a slug of
  the broken words.
- "A document is number + issuer + date": a second document of the same issuer, type, year and
  number (two "01-KH/BCĐTW" of 2025) has its month and day in its IRI as well
  (``dated_document_iri``); the first keeps the IRI without them (graph/identity.py).
- A numbered document also has an ELI (European Legislation Identifier) of the same parts in
  ELI's order, ``…/eli/vn/{issuer}/{type}/{year}/{number}``, linked by ``schema:sameAs``: ELI
  clients find the form they expect, and the IRI given out first stays the document's own.
- Sections: under their document, by section path. Tasks and indicators: under their document,
  by section path and their place in it (the n-th task of section V.4), never by a hash of the
  wording, so that an IRI survives better extraction of the same text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from plankg.graph.namespaces import ELI_ID, GRAPH, ID, PKV
from plankg.loaders.agencies import entry_for
from plankg.loaders.gazetteer import AgencyEntry, load_gazetteer, localized, without_province
from plankg.loaders.models import DocNumber
from plankg.loaders.normalize import fold, ocr_fold
from plankg.loaders.restore import is_syllable, restore_diacritics

LOCAL_LEVELS = frozenset({"province", "district"})


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: "Quảng Ninh" -> "quang-ninh", "QĐ" -> "qd"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def document_iri(number: DocNumber, year: int | None, province: str | None) -> str:
    """IRI of a numbered document (see module doc)."""
    gaz = load_gazetteer()
    issuer = slug(number.issuer_code)
    if number.issuing_body in gaz.local_issuers and province:  # a letter "123/UBND-KGVX": its UBND
        issuer += "-" + slug(province)
    type_code = slug(number.type_code or "nq")
    year = number.year or year
    parts = [issuer, type_code] + ([str(year)] if year else []) + [slug(number.number)]
    return ID + "doc/" + "/".join(parts)


_NUMBERED_DOCUMENT = re.compile(re.escape(ID) + r"doc/([a-z0-9-]+/[a-z0-9-]+/(?:19|20)\d\d/(?:\d\d/\d\d/)?[a-z0-9-]+)")


def dated_document_iri(document: str, date: str) -> str:
    """The IRI of a second document of the same issuer, type, year and number as ``document``
    (a different date, not a slip of the pen: graph/identity.py): its month and day after the
    year, ELI's order ("…/doc/bcdtw/kh/2025/06/02/01")."""
    head, number = document.rsplit("/", 1)
    return f"{head}/{date[5:7]}/{date[8:10]}/{number}"


def eli_iri(document: str) -> str | None:
    """The ELI of a numbered document whose year is known (see module doc), else None."""
    match = _NUMBERED_DOCUMENT.fullmatch(document)
    return ELI_ID + match.group(1) if match else None


def unnumbered_document_iri(source_sha256: str) -> str:
    """A text without a number is identified by its content."""
    return ID + "doc/unnumbered/" + source_sha256[:16]


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


def agency_iri(name: str, province: str | None, level: str, damaged: bool = False) -> str:
    """A body's IRI (see ``body_of`` and the module doc)."""
    return body_iri(body_of(name, level, province, damaged))


def body_iri(body: Body) -> str:
    """National bodies under ``agency/``, a province's under ``agency/<province>/``; an opaque
    name is a hash of its folded form, stable from build to build."""
    local = hashlib.sha1(fold(body.name).encode()).hexdigest()[:12] if body.opaque else ""
    path = "x-" + local if body.opaque else slug(body.name)
    return ID + "agency/" + (slug(body.province) + "/" if body.province else "") + path


def agency_province(name: str, province: str | None, level: str) -> str | None:
    """The province whose node a body is (``body_of``'s rule), or None for a national body."""
    return body_of(name, level, province).province


def role_iri(role: str) -> str:
    """A national role (loaders/roles.py): the same for every province."""
    return PKV + "role-" + slug(role)


def province_iri(province: str) -> str:
    return ID + "province/" + slug(province)


def section_iri(doc: str, path: str) -> str:
    return f"{doc}/section/{path or 'body'}"


def task_iri(doc: str, section: str, place: int) -> str:
    """The ``place``-th task (from 1) of a section."""
    return f"{doc}/task/{section or 'body'}/{place}"


def indicator_iri(doc: str, place: int) -> str:
    """The ``place``-th indicator (from 1) of a document, in reading order."""
    return f"{doc}/indicator/{place}"


def target_iri(indicator: str, period: str) -> str:
    return f"{indicator}/target/{slug(period)}"


def source_graph_iri(source_name: str) -> str:
    """The named graph of one source text: stable for the file name."""
    return GRAPH + "source/" + slug(source_name.rsplit(".", 1)[0])


def source_iri(sha256: str) -> str:
    return ID + "source/" + sha256


def run_iri(sha256: str, version: str) -> str:
    return ID + "run/" + hashlib.sha1(f"{sha256}:{version}".encode()).hexdigest()[:16]
