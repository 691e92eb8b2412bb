"""Named queries (the catalog in queries/), their parameters, and results for people and tools.

Parameters are declared in a query's header (``# param: NAME TYPE [default=VALUE] DESCRIPTION``)
and bound as typed RDF terms through the engine's substitution (never pasted into the text).

Name types (document, agency, province, theme, role) find what people type: the value is
matched against the names in the store without regard to case, diacritics, Đ/D and spacing
("204-QD/TW", "van phong tinh uy"), and the name as stored is bound. When nothing matches, the
error names the closest ones. An empty value (the default of an optional filter) means "any".
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import json
import re
import unicodedata
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rapidfuzz import fuzz
from rapidfuzz import process as rf_process

from plankg.errors import PlankgError, UsageError
from plankg.graph.namespaces import XSD, sparql_prologue
from plankg.loaders.normalize import fold

if TYPE_CHECKING:
    from plankg.graph.store import Store

# A cell of a SELECT result (None: unbound).
Term = ox.NamedNode | ox.Literal | ox.BlankNode | None
# Sorts a cell: numbers by value, before text in Vietnamese order.
SortKey = tuple[int, float, tuple[str, str] | str]

# The names a name-typed parameter is matched against: read-only SELECTs of one variable.
# The names a name-typed parameter is matched against: read-only SELECTs of the named thing and
# each of its names (a theme has a Vietnamese and an English label: one theme, two names).
NAME_SOURCES = {
    "document": "SELECT DISTINCT ?thing ?name WHERE { ?thing eli:id_local ?name }",
    "agency": "SELECT DISTINCT ?thing ?name WHERE { ?thing a pk:Agency ; skos:prefLabel|skos:altLabel ?name }",
    "province": "SELECT DISTINCT ?thing ?name WHERE { ?thing a pk:Province ; skos:prefLabel ?name }",
    "theme": "SELECT DISTINCT ?thing ?name WHERE { ?thing skos:inScheme pkv:theme ; skos:prefLabel ?name }",
    "role": "SELECT DISTINCT ?thing ?name WHERE { ?thing skos:inScheme pkv:role ; skos:prefLabel ?name }",
}
CENTRAL = "central"  # the province of a national document or body, in every query's province column
PARAM_TYPES = ("literal", "iri", "integer", "decimal", "date", *NAME_SOURCES)
_PARAM = re.compile(r'^#\s*param:\s*(\w+)\s+(\w+)(?:\s+default=("[^"]*"|\S+))?(?:\s+range=(\S*)\.\.(\S*))?\s*(.*)$')
_NUMBER_FORMS = {
    "integer": re.compile(r"[+-]?\d+"),
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
}
_SHOWN_TYPES = {"integer": "an integer", "decimal": "a decimal number (like 0.85)", "date": "a date (YYYY-MM-DD)"}


@dataclass
class Parameter:
    name: str
    type: str
    default: str | None
    description: str
    low: str | None = None  # the declared range (``range=LOW..HIGH``; either end may be open)
    high: str | None = None


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: list[Parameter] = field(default_factory=list)
    sort: list[str] = field(default_factory=list)


def parse_query_file(name: str, text: str) -> NamedQuery:
    """Read the header comment block of a .rq file."""
    query = NamedQuery(name, name, "", text)
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        param = _PARAM.match(line)
        if param:
            pname, ptype, default, low, high, desc = param.groups()
            default = default[1:-1] if default and default.startswith('"') else default
            if ptype not in PARAM_TYPES:
                raise UsageError(f"query {name}: parameter {pname} has unknown type {ptype!r}")
            query.parameters.append(Parameter(pname, ptype, default, desc.strip(), low or None, high or None))
            key = None
            continue
        field_match = re.match(r"^#\s*(title|description|sort):\s*(.*)$", line)
        if field_match:
            key, value = field_match.groups()
            if key == "sort":
                query.sort = [c.strip() for c in value.split(",") if c.strip()]
            else:
                setattr(query, key, value.strip())
        elif key == "description":
            query.description += " " + line.lstrip("# ").strip()
    return query


def catalog() -> dict[str, NamedQuery]:
    """The named queries shipped in the package, by name (file name without .rq)."""
    out = {}
    for entry in sorted(resources.files("plankg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_query_file(name, entry.read_text("utf-8"))
    return out


def resolve_query(spec: str, stdin_text: str | None = None) -> NamedQuery:
    """A query from a name in the catalog, a .rq file, or "-" (standard input)."""
    if spec == "-":
        return parse_query_file("<stdin>", stdin_text or "")
    if spec.endswith((".rq", ".sparql")) or "/" in spec:
        path = Path(spec)
        if not path.is_file():
            raise PlankgError(f"{spec}: no such query file")
        try:
            return parse_query_file(path.name, path.read_text("utf-8-sig"))  # an editor's BOM is no part of it
        except UnicodeDecodeError:
            raise PlankgError(f"{spec}: not a UTF-8 text file") from None
    queries = catalog()
    if spec not in queries:
        near = difflib.get_close_matches(spec.strip().lower(), queries, n=3, cutoff=0.6)
        hint = f"closest: {', '.join(near)}" if near else "'plankg queries' lists them"
        raise UsageError(f"unknown query {spec!r}; {hint}")
    return queries[spec]


def bind_parameters(
    query: NamedQuery, given: dict[str, str], store: Store | None = None
) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed terms for the declared parameters (given values, else defaults). With ``store``,
    name-typed values are matched to the names it holds (module doc); without, bound as given."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise UsageError(f"query {query.name} has no parameter {unknown[0]!r} (its parameters: {names})")
    out = {}
    for param in query.parameters:
        value = given.get(param.name, param.default)
        if value is None:
            raise UsageError(f"query {query.name} needs --param {param.name}=… ({param.description})")
        if store is not None and param.type in NAME_SOURCES and value.strip():
            value = match_name(store, param, value)
        out[param.name] = _term(param, value)
    return out


def closest(key: str, candidates: dict[str, str], limit: int = 3) -> list[str]:
    """The ``candidates`` (name -> comparable key) nearest to ``key``, for "did you mean" hints."""
    return [name for _, _, name in rf_process.extract(key, candidates, scorer=fuzz.WRatio, limit=limit)]


def _name_key(text: str) -> str:
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())


def match_name(store: Store, param: Parameter, value: str) -> str:
    """The stored name ``value`` stands for: the whole name when one is equal to it (folded);
    else, for an agency (matched by any part of its name), the part of a name that contains it,
    written as stored (fold keeps lengths); else a name of the one thing whose names contain it
    (a theme found by its Vietnamese or its English label is one theme)."""
    owners: dict[str, set[str]] = {}  # name -> the things it names
    for row in store.query(sparql_prologue() + NAME_SOURCES[param.type]):
        owners.setdefault(" ".join(row["name"].value.split()), set()).add(row["thing"].value)
    if param.type == "province":
        owners.setdefault(CENTRAL, set()).add(CENTRAL)
    names = list(owners)
    key = _name_key(value)
    compact = key.replace(" ", "")
    for name in names:
        if _name_key(name) == key or (param.type == "document" and _name_key(name).replace(" ", "") == compact):
            return name
    containing = sorted((name for name in names if key in _name_key(name)), key=len)
    if containing and param.type == "agency":
        start = _name_key(containing[0]).find(key)
        return containing[0][start : start + len(key)]
    things: dict[str, str] = {}  # each thing once, by the shortest of its names that contain the value
    for name in containing:
        for thing in sorted(owners[name]):
            things.setdefault(thing, name)
    if len(things) == 1 and param.type != "document":
        return containing[0]
    if containing and param.type != "document":
        shown = ", ".join(repr(name) for name in sorted(set(things.values()), key=len)[:5])
        raise PlankgError(f"{param.name}={value!r} matches several {param.type} names: {shown}; give more of one")
    nearest = closest(key, {n: _name_key(n) for n in names})
    hint = "; closest: " + ", ".join(repr(name) for name in nearest) if nearest else ""
    raise PlankgError(f"no {param.type} in the graph matches {param.name}={value!r}{hint}")


def _term(param: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    """The typed term of a value, checked against its type and declared range: a date that is
    no day of the calendar ("2026-02-30"), "nan" or a similarity of 1.5 is a usage error, not a
    question that silently answers nothing."""
    if param.type == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise UsageError(f"parameter {param.name} must be an IRI, not {value!r}") from None
    if param.type not in _NUMBER_FORMS:
        return ox.Literal(unicodedata.normalize("NFC", value))
    text = value.strip()
    try:
        if not _NUMBER_FORMS[param.type].fullmatch(text):
            raise ValueError
        parsed = _parse_typed(param.type, text)
    except (ValueError, ArithmeticError):
        raise UsageError(f"parameter {param.name} must be {_SHOWN_TYPES[param.type]}, not {value!r}") from None
    low = _parse_typed(param.type, param.low) if param.low else None
    high = _parse_typed(param.type, param.high) if param.high else None
    if (low is not None and parsed < low) or (high is not None and parsed > high):
        span = (
            f"between {param.low} and {param.high}"
            if low is not None and high is not None
            else f"at least {param.low}"
            if low is not None
            else f"at most {param.high}"
        )
        raise UsageError(f"parameter {param.name} must be {span}, not {value!r}")
    return ox.Literal(str(parsed), datatype=ox.NamedNode(XSD + param.type))


def _parse_typed(kind: str, text: str) -> Any:
    """An integer, a Decimal or a date from its lexical form (already checked by _NUMBER_FORMS);
    ``Any``, as values of one kind are compared with each other only."""
    if kind == "integer":
        return int(text)
    if kind == "decimal":
        return Decimal(text)
    return datetime.date.fromisoformat(text)


def query_text(query: NamedQuery) -> str:
    """The query with the standard prefixes available (a query's own PREFIX lines win)."""
    return sparql_prologue() + query.text


_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:|BASE)\s*)*"  # IRIs are blanked by _code_only
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _code_only(text: str) -> str:
    """The query less its comments, strings and IRIs (so that words inside them do not count)."""
    return re.sub(
        r'#[^\n]*|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>',
        " ",
        text,
    )


def check_read_only(query: NamedQuery, allow_service: bool = False) -> None:
    """Refuse, with a clear message, what a read-only command must not run: a SPARQL Update,
    and SERVICE (a call from this machine to another endpoint) unless allowed."""
    code = _code_only(query.text)
    if _UPDATE.match(code):
        raise PlankgError(f"{query.name}: SPARQL Update is not allowed here (plankg query only reads)")
    if _SERVICE.search(code) and not allow_service:
        raise PlankgError(
            f"{query.name}: SERVICE calls another endpoint from this machine; pass --allow-service to allow it"
        )


def in_user_lines(message: str) -> str:
    """An engine message with positions counted in the user's query, not after the prologue."""
    shift = sparql_prologue().count("\n")
    return re.sub(
        r"\b(at |line )(\d+):(\d+)",
        lambda m: (
            f"{m.group(1)}line {max(1, int(m.group(2)) - shift)}, column {m.group(3)}"
            if m.group(1) == "at "
            else m.group(0)
        ),
        message,
    )


# -- results -----------------------------------------------------------------------------------

_VI_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _places(ch: str) -> tuple[str, str]:
    """One character's letter and tone as key characters: the 29 letters first, in alphabet
    order (code points 1…29), anything else after them by code point; tones "0" (none) to "5"."""
    decomposed = unicodedata.normalize("NFD", ch)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    tone = next((_TONES[c] for c in decomposed if c in _TONES), 0)
    if len(base) == 1 and base in _VI_ALPHABET:
        letter = chr(1 + _VI_ALPHABET.index(base))
    else:
        letter = chr(min(0x100 + (ord(base[0]) if base else 0), 0x10FFFF))
    return letter, str(tone)


class _KeyTable(dict[int, str]):
    """A str.translate table (code point -> key character) that learns each character once."""

    def __init__(self, part: int) -> None:
        super().__init__()
        self.part = part

    def __missing__(self, code: int) -> str:
        self[code] = _places(chr(code))[self.part]
        return self[code]


_LETTER_TABLE, _TONE_TABLE = _KeyTable(0), _KeyTable(1)


def vietnamese_key(text: str) -> tuple[str, str]:
    """Sort key in Vietnamese dictionary order (a < ă < â … d < đ; tones after letters).

    Two strings, built and compared at C speed: a sort of 14,000 rows by two columns took 1.2 s
    with a tuple per character.
    """
    text = unicodedata.normalize("NFC", text.lower())
    return text.translate(_LETTER_TABLE), text.translate(_TONE_TABLE)


def _number_aware(value: str) -> SortKey:
    return (0, float(value), "") if re.fullmatch(r"-?\d+(\.\d+)?", value) else (1, 0.0, vietnamese_key(value))


@dataclass
class Table:
    """SELECT results as terms, in the order people should read them."""

    columns: list[str]
    rows: list[list[Term]]


def to_table(solutions: ox.QuerySolutions, sort: list[str], hidden: AbstractSet[str] = frozenset()) -> Table:
    """Rows in reading order; ``hidden`` columns (the bound parameters, constant) are left out.

    ``sort`` names columns, most significant first; ``-name`` sorts that column descending.
    """
    keep = [k for k, v in enumerate(solutions.variables) if v.value not in hidden]
    columns = [solutions.variables[k].value for k in keep]
    # A solution read as a tuple: by variable, Oxigraph takes 0.16 s more for 14,000 rows.
    rows = [[values[k] for k in keep] for values in map(tuple, solutions)]
    keys = [(columns.index(c.lstrip("-")), c.startswith("-")) for c in sort if c.lstrip("-") in columns]
    sort_keys: dict[str, SortKey] = {}  # one key per distinct text: plan numbers, names repeat

    def key_of(term: Term) -> SortKey:
        text = plain(term)
        if text not in sort_keys:
            sort_keys[text] = _number_aware(text)
        return sort_keys[text]

    for k, descending in reversed(keys):  # stable sorts, least significant key first
        rows.sort(key=lambda row: key_of(row[k]), reverse=descending)
    return Table(columns, rows)


def plain(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "boolean":
        return "yes" if term.value == "true" else "no"
    return term.value


def format_table(table: Table, fmt: str) -> str:
    if fmt == "table":
        cells = [[plain(t) for t in row] for row in table.rows]
        widths = [min(60, max([len(c)] + [len(r[k]) for r in cells])) for k, c in enumerate(table.columns)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(table.columns, widths)).rstrip(),
            "  ".join("-" * w for w in widths),
        ]
        for row in cells:
            lines.append(
                "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(row, widths)).rstrip()
            )
        lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.columns)
        writer.writerows([[("" if t is None else t.value) for t in row] for row in table.rows])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + c for c in table.columns)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in table.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        bindings = [{c: _json_term(t) for c, t in zip(table.columns, row) if t is not None} for row in table.rows]
        return (
            json.dumps(
                {"head": {"vars": table.columns}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1
            )
            + "\n"
        )
    raise UsageError(f"unknown format {fmt!r}")


def _json_term(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out
