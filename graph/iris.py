"""Stable IRIs, derived from what a thing is, never from order or chance.

- A document: its issuer, type, year and number. Local issuers (TU, HU, UBND …) exist in every
  province, so they carry the province ("tu-quang-ninh"); Party numbers restart each term and
  state numbers each year, so the year is part of the IRI when the text gives it (in the number
  or as the document's date). "71-NQ/TW" and "71/NQ-CP" differ in issuer and so in IRI.
- An agency: its canonical name, under its province when it is a local body.
- Sections, tasks, indicators: under their document, by section path and a hash of their text.
"""
from __future__ import annotations

import hashlib
import re

from plankg.graph.namespaces import GRAPH, ID
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.models import DocNumber
from plankg.loaders.normalize import fold


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: "Quảng Ninh" -> "quang-ninh", "QĐ" -> "qd"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def short_hash(text: str) -> str:
    return hashlib.sha1(" ".join(fold(text).split()).encode("utf-8")).hexdigest()[:12]


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


def unnumbered_document_iri(source_sha256: str) -> str:
    """A text without a number is identified by its content."""
    return ID + "doc/unnumbered/" + source_sha256[:16]


def agency_iri(name: str, province: str | None, local: bool) -> str:
    name_slug = slug(without_province(name, province))
    return ID + "agency/" + (slug(province) + "/" if local and province else "") + name_slug


def without_province(name: str, province: str | None) -> str:
    if province and fold(name).endswith(" " + fold(province)):
        return name[: -len(province)].strip()
    return name


def province_iri(province: str) -> str:
    return ID + "province/" + slug(province)


def section_iri(doc: str, path: str) -> str:
    return f"{doc}/section/{path or 'body'}"


def task_iri(doc: str, section: str, text: str) -> str:
    return f"{doc}/task/{section or 'body'}/{short_hash(text)}"


def indicator_iri(doc: str, name: str) -> str:
    return f"{doc}/indicator/{short_hash(name)}"


def target_iri(indicator: str, period: str) -> str:
    return f"{indicator}/target/{slug(period)}"


def source_graph_iri(source_name: str) -> str:
    """The named graph of one source text: stable for the file name."""
    return GRAPH + "source/" + slug(source_name.rsplit(".", 1)[0])


def source_iri(sha256: str) -> str:
    return ID + "source/" + sha256


def run_iri(sha256: str, version: str) -> str:
    return ID + "run/" + hashlib.sha1(f"{sha256}:{version}".encode()).hexdigest()[:16]
