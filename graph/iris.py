"""Stable IRIs, derived from what a thing is, never from order or chance.

- A document: its issuer, type, year and number. Local issuers (TU, HU, UBND …) exist in every
  province, so they carry the province ("tu-quang-ninh"); Party numbers restart each term and
  state numbers each year, so the year is part of the IRI when the text gives it (in the number
  or as the document's date). "71-NQ/TW" and "71/NQ-CP" differ in issuer and so in IRI.
- An agency (the identity rules of bodies): a central body is national; a body of a province
  is that province's node, whether the text names the province ("Viettel Quảng Ninh", "Trường
  Cao đẳng Việt - Hàn Quảng Ninh") or only implies it (a plan's "Sở Tài chính", "Văn phòng Tỉnh
  ủy"); "Viettel Quảng Ninh" and "Viettel Lạng Sơn" are two nodes, never one.
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
from plankg.loaders.gazetteer import load_gazetteer, without_province
from plankg.loaders.models import DocNumber
from plankg.loaders.normalize import fold

LOCAL_LEVELS = frozenset({"province", "district"})


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: "Quảng Ninh" -> "quang-ninh", "QĐ" -> "qd"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def document_iri(number: DocNumber, year: int | None, province: str | None) -> str:
    """IRI of a numbered document (see module doc)."""
    gaz = load_gazetteer()
    issuer = slug(number.issuer_code)
    if number.issuer_code in gaz.local_issuers and province:
        issuer += "-" + slug(province)
    type_code = slug(number.type_code or "nq")
    year = number.year or year
    parts = [issuer, type_code] + ([str(year)] if year else []) + [slug(number.number)]
    return ID + "doc/" + "/".join(parts)


_NUMBERED_DOCUMENT = re.compile(re.escape(ID) + r"doc/([a-z0-9-]+/[a-z0-9-]+/(?:19|20)\d\d/[a-z0-9-]+)")


def eli_iri(document: str) -> str | None:
    """The ELI of a numbered document whose year is known (see module doc), else None."""
    match = _NUMBERED_DOCUMENT.fullmatch(document)
    return ELI_ID + match.group(1) if match else None


def unnumbered_document_iri(source_sha256: str) -> str:
    """A text without a number is identified by its content."""
    return ID + "doc/unnumbered/" + source_sha256[:16]


def agency_iri(name: str, province: str | None, level: str) -> str:
    """A body's IRI: national for a central body, else under the province its name ends with,
    else under the text's province when it is a local body (see module doc)."""
    if level != "central":
        named = load_gazetteer().province_at_end(name)
        if named:
            return ID + "agency/" + slug(named) + "/" + slug(without_province(name, named))
        if level in LOCAL_LEVELS and province:
            return ID + "agency/" + slug(province) + "/" + slug(name)
    return ID + "agency/" + slug(name)


def agency_province(name: str, province: str | None, level: str) -> str | None:
    """The province whose node a body is (agency_iri's rule), or None for a national body."""
    if level == "central":
        return None
    return load_gazetteer().province_at_end(name) or (province if level in LOCAL_LEVELS else None)


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
