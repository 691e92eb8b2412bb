"""The RDF syntaxes plankg reads and writes, in one list: ``build`` reads files by their suffix,
``export`` writes by name, ``serve`` answers by media type, and ``describe`` tells a dataset
(named graphs kept) from a triple format (the union of the chosen graphs)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from plankg.errors import UsageError


@dataclass(frozen=True)
class RdfSyntax:
    """One syntax: its ``--format`` name, the file suffixes it is read from (the first is the
    usual one), its media type, and whether it keeps named graphs (a dataset)."""

    name: str
    rdf_format: ox.RdfFormat
    suffixes: tuple[str, ...]
    media_type: str
    dataset: bool


# In the order the CLI lists them.
SYNTAXES = (
    RdfSyntax("turtle", ox.RdfFormat.TURTLE, (".ttl",), "text/turtle", dataset=False),
    RdfSyntax("nt", ox.RdfFormat.N_TRIPLES, (".nt",), "application/n-triples", dataset=False),
    RdfSyntax("trig", ox.RdfFormat.TRIG, (".trig",), "application/trig", dataset=True),
    RdfSyntax("nquads", ox.RdfFormat.N_QUADS, (".nq",), "application/n-quads", dataset=True),
    RdfSyntax("jsonld", ox.RdfFormat.JSON_LD, (".jsonld", ".json"), "application/ld+json", dataset=True),
    RdfSyntax("rdfxml", ox.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml"), "application/rdf+xml", dataset=False),
)
NAMES = tuple(s.name for s in SYNTAXES)
DATASET_NAMES = frozenset(s.name for s in SYNTAXES if s.dataset)
TRIPLE_NAMES = frozenset(s.name for s in SYNTAXES if not s.dataset)
BY_SUFFIX = {suffix: s for s in SYNTAXES for suffix in s.suffixes}


def by_name(name: str) -> RdfSyntax:
    """The syntax of a ``--format`` name; a clear error for another."""
    for syntax in SYNTAXES:
        if syntax.name == name:
            return syntax
    raise UsageError(f"unknown format {name!r}; choose one of {', '.join(NAMES)}")


def by_suffix(suffix: str) -> RdfSyntax | None:
    """The syntax a file with this suffix (``.ttl``, any case) is read as; None for a non-RDF file."""
    return BY_SUFFIX.get(suffix.lower())
