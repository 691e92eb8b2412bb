"""Stable IRIs, derived from what a thing is, never from order or chance.

- A document: its issuer, type, year and number. Local issuers (TU, HU, UBND …) exist in every
  province, so they carry the province ("tu-quang-ninh"); Party numbers restart each term and
  state numbers each year, so the year is part of the IRI when the text gives it (in the number
  or as the document's date). "71-NQ/TW" and "71/NQ-CP" differ in issuer and so in IRI.
- An agency (the identity rules of bodies, ``loaders/bodies.body_of``): a central body is national; a body of a
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

from plankg.graph.namespaces import ELI_ID, GRAPH, ID, PKV
from plankg.loaders.bodies import Body, body_of
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.models import DocNumber
from plankg.loaders.normalize import fold


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


def theme_iri(theme: str) -> str:
    """A theme of Resolution 57-NQ/TW by its name in the vocabulary (ontology/themes.ttl)."""
    return PKV + "theme-" + theme


def province_iri(province: str) -> str:
    return ID + "province/" + slug(province)


# A province renamed, by its name today: the names it had, each once a province of the gazetteer
# with an IRI of its own. Since 2025 Thừa Thiên Huế is the centrally-run city of Huế, one
# province (the gazetteer has the old name as an alias): its node is ``…/province/hue``, which
# names the old ``…/province/thua-thien-hue`` by ``schema:sameAs``, and the endpoint sends the
# old IRI on to it (303), as it does an ELI.
FORMER_PROVINCE_NAMES: dict[str, tuple[str, ...]] = {"Huế": ("Thừa Thiên Huế",)}


def former_province_iris(province: str) -> list[str]:
    """The IRIs ``province`` had under its former names (IRIs are promises: they still resolve)."""
    return [province_iri(name) for name in FORMER_PROVINCE_NAMES.get(province, ())]


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
