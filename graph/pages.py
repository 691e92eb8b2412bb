"""Pages for people and machines: what ``plankg serve`` answers for an IRI of its namespace.

- ``…/ontology`` (and its version IRI) is the whole ontology document (``ontology/plankg.ttl``):
  as Turtle, compact JSON-LD, or the generated HTML documentation (``ontology_html``, also
  written to ``docs/ontology.html``: ``python -m plankg.graph.pages docs/ontology.html``).
- any other IRI is what the sources' graphs say about it; its HTML page shows its names, its
  kinds and its links both ways, each named by its label (the same details the view's panel
  shows: a document's number, type, date, issuer, province; a task's plan, section, deadline…),
  every text escaped.
"""

from __future__ import annotations

import html
import sys
from collections import defaultdict
from collections.abc import Sequence

import pyoxigraph as ox

from plankg.graph.namespaces import BASE, DCTERMS, ELI, OWL, RDF, RDFS, SCHEMA, SKOS
from plankg.graph.serialize import compact_iri
from plankg.ontology import ontology_text

ONTOLOGY = BASE + "ontology"
# What a thing is called, best first: a document's number, a body's or concept's name, a title,
# and for a task its wording (shortened).
_NAMES = [
    ELI + "id_local",
    SKOS + "prefLabel",
    RDFS + "label",
    SCHEMA + "name",
    DCTERMS + "title",
    SCHEMA + "description",
]
_LONGEST = 90
_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
    "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25em .5em;"
    "vertical-align:top;text-align:left}code{color:#555}.kind{color:#555}"
)
MAX_INCOMING = 200


# What a statement may hold: an IRI, a blank node, a literal or (RDF-star) a quoted triple.
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _key(term: _Term) -> str:
    """The text a term is filed under: its value, or a quoted triple written out."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def ontology_triples() -> list[ox.Triple]:
    return sorted(set(ox.parse(ontology_text(), format=ox.RdfFormat.TURTLE)), key=str)


def is_ontology(iri: str) -> bool:
    return iri == ONTOLOGY or iri.startswith(ONTOLOGY + "/")


def resource_triples(reader: ox.Store, iri: str) -> list[ox.Triple]:
    """What is known of ``iri``: the ontology document for the ontology's IRIs, else what the
    named graphs say about it (each triple once)."""
    if is_ontology(iri):
        return ontology_triples()
    node = ox.NamedNode(iri)
    return sorted(
        {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in reader.quads_for_pattern(node, None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        },
        key=str,
    )


def _labels(reader: ox.Store | None, triples: list[ox.Triple]) -> dict[str, dict[str, str]]:
    """IRI -> {language: name} from the given triples and the store (the ontology's graph holds
    the names of classes and properties)."""
    names: dict[str, dict[str, str]] = {}
    given: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        if t.predicate.value in _NAMES and isinstance(t.object, ox.Literal):
            given[_key(t.subject)].append(t)
    for subject, found in given.items():
        names[subject] = _best(found)
    if reader is not None:
        wanted = {t.predicate for t in triples} | {t.object for t in triples if isinstance(t.object, ox.NamedNode)}
        for node in wanted:
            if node.value not in names:
                for name in _NAMES:
                    stated = [
                        q
                        for q in reader.quads_for_pattern(node, ox.NamedNode(name), None)
                        if isinstance(q.object, ox.Literal)
                    ]
                    if stated:
                        names[node.value] = _best(stated)
                        break
    return names


def _best(statements: Sequence[ox.Triple | ox.Quad]) -> dict[str, str]:
    """{language: name} from the best naming property among ``statements`` (``_NAMES`` order),
    each stating a literal."""
    rank = min(_NAMES.index(t.predicate.value) for t in statements)
    out: dict[str, str] = {}
    for t in sorted(statements, key=str):
        if _NAMES.index(t.predicate.value) == rank and isinstance(t.object, ox.Literal):
            text = " ".join(t.object.value.split())
            out.setdefault(t.object.language or "", text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…")
    return out


def _name(names: dict[str, dict[str, str]], iri: str, prefer: tuple[str, ...] = ("vi", "", "en")) -> str:
    found = names.get(iri, {})
    for lang in prefer:
        if lang in found:
            return found[lang]
    return next(iter(found.values()), compact_iri(iri) or iri)


def _href(iri: str) -> str:
    """A link to the IRI's own page on this server when it is of the namespace."""
    return iri[len(BASE) - 1 :] if iri.startswith(BASE) else iri


def _link(names: dict[str, dict[str, str]], iri: str, prefer: tuple[str, ...] = ("vi", "", "en")) -> str:
    return (
        f'<a href="{html.escape(_href(iri), quote=True)}">{html.escape(_name(names, iri, prefer))}</a>'
        f" <code>{html.escape(compact_iri(iri) or iri)}</code>"
    )


def _value(names: dict[str, dict[str, str]], term: _Term) -> str:
    if isinstance(term, ox.NamedNode):
        return _link(names, term.value)
    if isinstance(term, ox.Literal):
        lang = f' <span class="kind">@{html.escape(term.language)}</span>' if term.language else ""
        return html.escape(term.value) + lang
    return html.escape(str(term))


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def resource_html(reader: ox.Store, iri: str, triples: list[ox.Triple]) -> str:
    """A resource's page: its names, its kinds, its properties and the links to it, by label."""
    if is_ontology(iri):
        return ontology_html()
    node = ox.NamedNode(iri)
    incoming = sorted(
        {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in reader.quads_for_pattern(None, None, node)
            if isinstance(q.graph_name, ox.NamedNode)
        },
        key=str,
    )
    names = _labels(reader, triples + [ox.Triple(t.subject, t.predicate, t.subject) for t in incoming[:MAX_INCOMING]])
    kinds = [_key(t.object) for t in triples if t.predicate.value == RDF + "type"]
    title = _name(names, iri)
    own = sorted({lang: text for lang, text in names.get(iri, {}).items()}.items())
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p><code>{html.escape(iri)}</code></p>"]
    if own:
        parts.append(
            "<p>"
            + "; ".join(
                f"{html.escape(text)}" + (f' <span class="kind">@{html.escape(lang)}</span>' if lang else "")
                for lang, text in own
            )
            + "</p>"
        )
    if kinds:
        parts.append("<p class='kind'>" + ", ".join(_link(names, k, ("en", "", "vi")) for k in sorted(kinds)) + "</p>")
    by_property: dict[str, list[_Term]] = defaultdict(list)
    for t in triples:
        if t.predicate.value != RDF + "type":
            by_property[t.predicate.value].append(t.object)
    rows = "".join(
        f"<tr><th>{_link(names, p, ('en', '', 'vi'))}</th><td>"
        + "<br>".join(_value(names, o) for o in values)
        + "</td></tr>"
        for p, values in sorted(by_property.items(), key=lambda item: _name(names, item[0], ("en", "", "vi")))
    )
    parts.append(f"<h2>Properties</h2><table>{rows}</table>")
    if incoming:
        rows = "".join(
            f"<tr><td>{_link(names, _key(t.subject))}</td><th>{_link(names, t.predicate.value, ('en', '', 'vi'))}</th></tr>"
            for t in incoming[:MAX_INCOMING]
        )
        more = f"<p>… and {len(incoming) - MAX_INCOMING} more</p>" if len(incoming) > MAX_INCOMING else ""
        parts.append(f"<h2>Linked from</h2><table>{rows}</table>{more}")
    return _page(f"{title} — plankg", "".join(parts))


_SECTIONS = [
    (OWL + "Class", "Classes", "Lớp"),
    (OWL + "ObjectProperty", "Object properties", "Thuộc tính quan hệ"),
    (OWL + "DatatypeProperty", "Datatype properties", "Thuộc tính dữ liệu"),
    (SKOS + "ConceptScheme", "Concept schemes", "Bộ khái niệm"),
    (SKOS + "Concept", "Concepts", "Khái niệm"),
]
_DETAILS = [
    (RDFS + "subClassOf", "sub-class of"),
    (RDFS + "subPropertyOf", "sub-property of"),
    (RDFS + "domain", "domain"),
    (RDFS + "range", "range"),
    (OWL + "inverseOf", "inverse of"),
    (SKOS + "inScheme", "in scheme"),
]


def ontology_html() -> str:
    """The documentation of the ontology, generated from ``ontology/plankg.ttl``: its title and
    description, then every term by kind with its names in English and Vietnamese, its comment,
    and its place (super-class, domain, range…)."""
    triples = ontology_triples()
    names = _labels(None, triples)
    about: dict[str, dict[str, list[_Term]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        about[_key(t.subject)][t.predicate.value].append(t.object)
    head = about[ONTOLOGY]
    title_en, title_vi = _name(names, ONTOLOGY, ("en",)), _name(names, ONTOLOGY, ("vi",))
    version = next((_key(o) for o in head.get(OWL + "versionInfo", [])), "")
    parts = [
        f"<h1>{html.escape(title_en)} — {html.escape(title_vi)}</h1>",
        f"<p><code>{html.escape(ONTOLOGY)}</code> version {html.escape(version)}</p>",
    ]
    parts += [f"<p>{html.escape(_key(o))}</p>" for o in head.get(RDFS + "comment", [])]
    for kind, heading_en, heading_vi in _SECTIONS:
        terms = sorted(
            (
                s
                for s, props in about.items()
                if any(_key(o) == kind for o in props.get(RDF + "type", [])) and s != ONTOLOGY
            ),
            key=lambda s: compact_iri(s) or s,
        )
        if not terms:
            continue
        parts.append(f"<h2>{heading_en} — {heading_vi}</h2>")
        for term in terms:
            anchor = html.escape(term.rsplit("#", 1)[-1].rsplit("/", 1)[-1], quote=True)
            props = about[term]
            line = [
                (
                    f"<h3 id='{anchor}'>{html.escape(_name(names, term, ('en', '')))} — "
                    f"{html.escape(_name(names, term, ('vi', '')))} <code>{html.escape(compact_iri(term) or term)}</code></h3>"
                )
            ]
            line += [f"<p>{html.escape(_key(o))}</p>" for o in props.get(RDFS + "comment", [])]
            details = [
                f"{label}: " + ", ".join(_value(names, o) for o in props[p]) for p, label in _DETAILS if p in props
            ]
            if details:
                line.append("<p class='kind'>" + "; ".join(details) + "</p>")
            parts.append("".join(line))
    return _page(f"{title_en} — {title_vi}", "".join(parts))


if __name__ == "__main__":  # python -m plankg.graph.pages docs/ontology.html
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        handle.write(ontology_html() + "\n")
