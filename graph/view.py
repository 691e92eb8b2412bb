"""An interactive network view that works offline: one HTML file with vis-network inlined.

The projection (what is drawn, with the details a viewer reads) comes from the store by SPARQL;
the layout is computed here with networkx before the page is written, so a page of thousands
of nodes is usable at once instead of freezing the browser while a physics engine settles.
The page answers an analyst's questions rather than only drawing: each node carries its
measures (tasks carried, tasks led, citations, PageRank) for a "size by" choice, and the panel
groups a node's relations by kind, counted and sorted (a body's tasks, a document's
implementations); the overview's provinces carry their answers (bodies ranked by tasks, targets
by theme, overlaps). The page draws the labels itself, most important first and never over
another. All document text reaches the page as JSON inside a script, escaped so that no text can
close the script or inject markup; the page shows it with textContent only. vis-network's data
is built here directly: pyvis would hold the same dictionaries, slower, with online templates.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
import networkx as nx

from plankg.errors import PlankgError
from plankg.graph.namespaces import sparql_prologue
from plankg.graph.querying import closest
from plankg.graph.store import Store
from plankg.loaders.normalize import fold
from plankg.loaders.restore import restore_diacritics

CLASSES = {  # group -> (colour, Vietnamese label, English label)
    "plan": ("#d62728", "Kế hoạch, chương trình", "plans"),
    "document": ("#1f77b4", "Văn bản", "documents"),
    "agency": ("#2ca02c", "Cơ quan", "agencies"),
    "task": ("#ff7f0e", "Nhiệm vụ", "tasks"),
    "indicator": ("#9467bd", "Chỉ tiêu", "indicators"),
    "section": ("#8c8c8c", "Mục", "sections"),
    "province": ("#e377c2", "Tỉnh, thành phố", "provinces"),
    "theme": ("#bcbd22", "Nhóm chỉ tiêu", "themes"),
}
RELATIONS = {  # kind -> (colour, Vietnamese, English)
    "cites": ("#9ecae1", "dẫn chiếu", "cites"),
    "implements": ("#d62728", "thực hiện", "implements"),
    "replaces": ("#8c564b", "thay thế", "replaces"),
    "passed_by": ("#17becf", "ban hành", "passed by"),
    "lead": ("#2ca02c", "chủ trì", "lead"),
    "coordinate": ("#98df8a", "phối hợp", "coordinates"),
    "assigned_by": ("#ffbb78", "giao tại", "assigned by"),
    "defined_in": ("#c5b0d5", "đề ra tại", "defined in"),
    "part_of": ("#c7c7c7", "thuộc", "part of"),
    "sets_target": ("#dbdb8d", "đặt chỉ tiêu", "sets targets in"),
    "mentions": ("#aec7e8", "nhắc đến", "mentions"),
    "similar": ("#e7298a", "nhiệm vụ tương tự", "similar task"),
    "overlaps": ("#e7298a", "trùng lặp nhiệm vụ", "overlapping tasks"),
}
INVERSE = {  # kind -> (Vietnamese, English), read from the node an edge points to
    "cites": ("được dẫn chiếu bởi", "cited by"),
    "implements": ("được thực hiện bởi", "implemented by"),
    "replaces": ("bị thay thế bởi", "replaced by"),
    "passed_by": ("đã ban hành", "issued"),
    "lead": ("nhiệm vụ chủ trì", "tasks led"),
    "coordinate": ("nhiệm vụ phối hợp", "tasks coordinated"),
    "assigned_by": ("nhiệm vụ", "tasks"),
    "defined_in": ("chỉ tiêu", "indicators"),
    "part_of": ("gồm", "contains"),
    "sets_target": ("tỉnh đặt chỉ tiêu", "provinces setting targets"),
    "mentions": ("được nhắc đến tại", "mentioned by"),
    "similar": ("nhiệm vụ tương tự", "similar task"),
    "overlaps": ("trùng lặp nhiệm vụ", "overlapping tasks"),
}
SIZES = {  # measure -> (Vietnamese, English): what a node's size may stand for
    "tasks": ("số nhiệm vụ", "tasks"),  # led or coordinated by a body, assigned by a plan; a theme's indicators
    "led": ("số nhiệm vụ chủ trì", "tasks led"),
    "cited": ("số lần được dẫn chiếu, thực hiện", "times cited or implemented"),
    "rank": ("PageRank", "PageRank"),
}
CENTRAL = "Trung ương / central"

_DOCUMENTS = (
    sparql_prologue()
    + """
SELECT ?node ?plan ?number ?title ?kind ?kind_en ?date (GROUP_CONCAT(DISTINCT ?by; separator="; ") AS ?issuers) ?province
WHERE {
  { ?node a eli:LegalResource . FILTER NOT EXISTS { ?node a pk:Section } } UNION { ?node a schema:NewsArticle }
  BIND(EXISTS { ?node a pk:Plan } AS ?plan)
  OPTIONAL { ?node eli:id_local ?number } OPTIONAL { ?node dcterms:title ?title }
  OPTIONAL { ?node eli:type_document ?type . ?type skos:prefLabel ?kind FILTER(LANG(?kind) = "vi")
             OPTIONAL { ?type skos:prefLabel ?kind_en FILTER(LANG(?kind_en) = "en") } }
  OPTIONAL { ?node eli:date_document ?date }
  OPTIONAL { ?node eli:passed_by/skos:prefLabel ?by }
  OPTIONAL { ?node pk:province/skos:prefLabel ?province }
} GROUP BY ?node ?plan ?number ?title ?kind ?kind_en ?date ?province"""
)
_AGENCIES = (
    sparql_prologue()
    + """
SELECT ?node ?name ?level ?level_en ?role ?province WHERE {
  ?node a pk:Agency ; skos:prefLabel ?name .
  OPTIONAL { ?node org:classification ?l . ?l skos:inScheme pkv:level ; skos:prefLabel ?level FILTER(LANG(?level) = "vi")
             OPTIONAL { ?l skos:prefLabel ?level_en FILTER(LANG(?level_en) = "en") } }
  OPTIONAL { ?node pk:role/skos:prefLabel ?role }
  OPTIONAL { ?node pk:province/skos:prefLabel ?province }
}"""
)
_TASKS = (
    sparql_prologue()
    + """
SELECT ?node ?text ?plan ?section ?year ?due ?every ?every_en ?page ?table ?row WHERE {
  ?node a pk:Task ; schema:description ?text .
  OPTIONAL { ?node pk:page ?page }
  OPTIONAL { ?node pk:sourceTable ?table OPTIONAL { ?node pk:sourceRow ?row } }
  OPTIONAL { ?node pk:assignedBy/eli:id_local ?plan }
  OPTIONAL { ?node pk:inSection/eli:id_local ?section }
  OPTIONAL { ?node pk:deadlineYear ?year } OPTIONAL { ?node pk:dueDate ?due }
  OPTIONAL { ?node pk:recurrence ?r . ?r skos:prefLabel ?every FILTER(LANG(?every) = "vi")
             OPTIONAL { ?r skos:prefLabel ?every_en FILTER(LANG(?every_en) = "en") } }
}"""
)
_INDICATORS = (
    sparql_prologue()
    + """
SELECT ?node ?name ?theme ?theme_en ?period ?written ?page ?table ?row WHERE {
  ?node a pk:Indicator ; skos:prefLabel ?name .
  OPTIONAL { ?node pk:sourceTable ?table OPTIONAL { ?node pk:sourceRow ?row } }
  OPTIONAL { ?node pk:theme ?th . ?th skos:prefLabel ?theme FILTER(LANG(?theme) = "vi")
             OPTIONAL { ?th skos:prefLabel ?theme_en FILTER(LANG(?theme_en) = "en") } }
  OPTIONAL { ?node pk:hasTarget ?t . ?t pk:period ?period ; pk:asWritten ?written }
  OPTIONAL { ?node pk:page ?page }
}"""
)
_SECTIONS = (
    sparql_prologue()
    + """
SELECT ?node ?path ?title WHERE { ?node a pk:Section ; eli:id_local ?path OPTIONAL { ?node dcterms:title ?title } }"""
)
_EDGES = (
    sparql_prologue()
    + """
SELECT DISTINCT ?from ?to ?kind WHERE {
  { ?from eli:cites ?to . BIND("cites" AS ?kind) }
  UNION { ?from eli:ensures_implementation_of ?to . BIND("implements" AS ?kind) }
  UNION { ?from pk:replaces ?to . BIND("replaces" AS ?kind) }
  UNION { ?from eli:passed_by ?to . BIND("passed_by" AS ?kind) }
  UNION { ?from pk:leadAgency ?to . BIND("lead" AS ?kind) }
  UNION { ?from pk:coordinatingAgency ?to . BIND("coordinate" AS ?kind) }
  UNION { ?from pk:assignedBy ?to . BIND("assigned_by" AS ?kind) }
  UNION { ?from pk:definedIn ?to . BIND("defined_in" AS ?kind) }
  UNION { ?from pk:inSection ?to . BIND("part_of" AS ?kind) }
  UNION { ?from schema:mentions ?to . BIND("mentions" AS ?kind) }
  UNION { ?pair a pk:TaskOverlap ; pk:overlapTask ?from, ?to . FILTER(STR(?from) < STR(?to)) BIND("similar" AS ?kind) }
}"""
)


def _v(row: Any, name: str) -> str:
    """A solution's value of ``name`` as text ("" when unbound)."""
    term = row[name]
    return "" if term is None else str(term.value)


def _table_and_row(row: Any) -> str:
    """ "bảng 2, dòng 5 / table 2, row 5" for a node read from a table, else ""."""
    table, number = _v(row, "table"), _v(row, "row")
    if not table:
        return ""
    return f"bảng {table}, dòng {number} / table {table}, row {number}" if number else f"bảng {table} / table {table}"


def _both(vi: str, en: str) -> str:
    """A value in Vietnamese and English ("Cấp tỉnh / Province"), or the one there is."""
    return f"{vi} / {en}" if vi and en and fold(vi) != fold(en) else vi or en


@lru_cache(maxsize=65536)
def readable(text: str) -> str:
    """Text as people should read it: OCR misreadings undone and diacritics restored (the same
    repair the extraction uses), once per distinct text."""
    return restore_diacritics(text) if text else text


def projection(store: Store, sections: bool = False) -> nx.MultiDiGraph:
    """The graph as networkx: documents, agencies, tasks, indicators (and sections when asked),
    each with ``group``, ``label``, ``text`` and ``details`` (field, value) for the page; text
    in its restored form, the form as written kept for search (``written``)."""
    graph = nx.MultiDiGraph()
    for row in store.query(_DOCUMENTS):
        number, title = _v(row, "number"), readable(_v(row, "title"))
        group = "plan" if _v(row, "plan") == "true" else "document"
        graph.add_node(
            row["node"].value,
            group=group,
            label=number or title or "văn bản",
            text=title,
            written=_v(row, "title"),
            details=[
                ("Số / number", number),
                ("Loại / type", _both(_v(row, "kind"), _v(row, "kind_en"))),
                ("Ngày / date", _v(row, "date")),
                ("Cơ quan ban hành / issuer", _v(row, "issuers")),
                ("Tỉnh / province", _v(row, "province") or CENTRAL),
                ("Trích yếu / title", title),
            ],
        )
    for row in store.query(_AGENCIES):
        graph.add_node(
            row["node"].value,
            group="agency",
            label=_v(row, "name"),
            text="",
            details=[
                ("Cấp / level", _both(_v(row, "level"), _v(row, "level_en"))),
                ("Vai trò / role", _v(row, "role")),
                ("Tỉnh / province", _v(row, "province") or CENTRAL),
            ],
        )
    for row in store.query(_TASKS):
        deadline = _v(row, "due") or _v(row, "year") or _both(_v(row, "every"), _v(row, "every_en"))
        text = readable(_v(row, "text"))
        graph.add_node(
            row["node"].value,
            group="task",
            label=text,
            text=text,
            written=_v(row, "text"),
            details=[
                ("Kế hoạch / plan", _v(row, "plan")),
                ("Mục / section", _v(row, "section")),
                ("Trang / page", _v(row, "page")),
                ("Bảng, dòng / table, row", _table_and_row(row)),
                ("Thời hạn / deadline", deadline),
                ("Nội dung / text", text),
            ],
        )
    targets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(_INDICATORS):
        node = row["node"].value
        if node not in graph:
            name = readable(_v(row, "name"))
            graph.add_node(
                node,
                group="indicator",
                label=name,
                text=name,
                written=_v(row, "name"),
                details=[
                    ("Nhóm chỉ tiêu / theme", _both(_v(row, "theme"), _v(row, "theme_en"))),
                    ("Trang / page", _v(row, "page")),
                    ("Bảng, dòng / table, row", _table_and_row(row)),
                ],
            )
        if _v(row, "period"):
            targets[node].append((_v(row, "period"), _v(row, "written")))
    for node, pairs in targets.items():
        graph.nodes[node]["targets"] = sorted(set(pairs))
    if sections:
        for row in store.query(_SECTIONS):
            title = readable(_v(row, "title"))
            graph.add_node(
                row["node"].value,
                group="section",
                label=_v(row, "path"),
                text=title,
                details=[("Mục / section", _v(row, "path")), ("Tiêu đề / heading", title)],
            )
    for row in store.query(_EDGES):
        a, b = row["from"].value, row["to"].value
        if a in graph and b in graph:
            graph.add_edge(a, b, kind=row["kind"].value)
    return graph


_OVERVIEW_PROVINCES = (
    sparql_prologue()
    + """
SELECT ?province ?name (COUNT(DISTINCT ?plan) AS ?plans) (GROUP_CONCAT(DISTINCT ?number; separator=", ") AS ?numbers)
       (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?indicator) AS ?indicators)
WHERE {
  ?province a pk:Province ; skos:prefLabel ?name .
  ?plan a pk:Plan ; pk:province ?province ; prov:wasDerivedFrom ?source .
  OPTIONAL { ?plan eli:id_local ?number }
  OPTIONAL { ?task pk:assignedBy ?plan }
  OPTIONAL { ?indicator pk:definedIn ?plan }
} GROUP BY ?province ?name"""
)
_OVERVIEW_CITES = (
    sparql_prologue()
    + """
SELECT ?province ?doc ?number ?title (COUNT(DISTINCT ?plan) AS ?times) WHERE {
  ?plan a pk:Plan ; pk:province ?province ; prov:wasDerivedFrom ?source ; eli:cites ?doc .
  ?doc eli:id_local ?number . FILTER NOT EXISTS { ?doc pk:province ?anywhere }
  OPTIONAL { ?doc dcterms:title ?title }
} GROUP BY ?province ?doc ?number ?title"""
)
_OVERVIEW_THEMES = (
    sparql_prologue()
    + """
SELECT ?province ?theme ?label ?label_en (COUNT(DISTINCT ?indicator) AS ?indicators)
       (GROUP_CONCAT(DISTINCT ?number; separator=", ") AS ?plans) WHERE {
  ?indicator pk:theme ?theme ; pk:definedIn ?plan . ?plan pk:province ?province .
  OPTIONAL { ?plan eli:id_local ?number }
  ?theme skos:prefLabel ?label FILTER(LANG(?label) = "vi")
  OPTIONAL { ?theme skos:prefLabel ?label_en FILTER(LANG(?label_en) = "en") }
} GROUP BY ?province ?theme ?label ?label_en"""
)
_OVERVIEW_BODIES = (
    sparql_prologue()
    + """
SELECT ?province ?name (COUNT(DISTINCT ?led) AS ?lead) (COUNT(DISTINCT ?helped) AS ?coordinate) WHERE {
  ?plan a pk:Plan ; pk:province ?province ; prov:wasDerivedFrom ?source .
  { ?led pk:assignedBy ?plan ; pk:leadAgency ?body } UNION { ?helped pk:assignedBy ?plan ; pk:coordinatingAgency ?body }
  ?body skos:prefLabel ?name
} GROUP BY ?province ?body ?name"""
)
_OVERVIEW_ANNEXES = (
    sparql_prologue()
    + """
SELECT DISTINCT ?province ?number WHERE { ?plan pk:missingAnnex ?annex ; pk:province ?province OPTIONAL { ?plan eli:id_local ?number } }"""
)
_OVERVIEW_OVERLAPS = (
    sparql_prologue()
    + """
SELECT ?first ?second ?one ?other ?plan_one ?plan_other ?similarity WHERE {
  ?pair a pk:TaskOverlap ; pk:overlapTask ?t1, ?t2 ; pk:similarity ?similarity . FILTER(STR(?t1) < STR(?t2))
  ?t1 pk:assignedBy ?d1 ; schema:description ?one . ?d1 pk:province ?first .
  ?t2 pk:assignedBy ?d2 ; schema:description ?other . ?d2 pk:province ?second . FILTER(?first != ?second)
  OPTIONAL { ?d1 eli:id_local ?plan_one } OPTIONAL { ?d2 eli:id_local ?plan_other }
}"""
)
PAIRS_LISTED = 25  # overlapping task pairs listed per two provinces (all are counted) …
PROVINCES_LISTED = 10  # … for the provinces a province overlaps most (a national page stays small)


def overview(store: Store) -> nx.MultiDiGraph:
    """The national graph in aggregate: provinces (with their plans, tasks and indicators), the
    central documents their plans cite, the themes they set targets in, and an edge between two
    provinces whose plans hold overlapping tasks (weighted by the pairs). Each province carries
    the answers its panel shows (plans, bodies ranked by tasks, targets by theme, overlaps)."""
    graph = nx.MultiDiGraph()
    for row in store.query(_OVERVIEW_PROVINCES):
        graph.add_node(
            row["province"].value,
            group="province",
            label=_v(row, "name"),
            text="",
            details=[
                ("Kế hoạch / plans", f"{_v(row, 'plans')}: {_v(row, 'numbers')}"),
                ("Nhiệm vụ / tasks", _v(row, "tasks")),
                ("Chỉ tiêu / indicators", _v(row, "indicators")),
            ],
            measures={"tasks": int(_v(row, "tasks")), "led": int(_v(row, "tasks"))},
            answers=[
                _table(
                    "plans",
                    "Kế hoạch / plans",
                    ["Số / number"],
                    [[n] for n in sorted(_v(row, "numbers").split(", ")) if n],
                )
            ],
        )
    _link_provinces(
        graph,
        store.query(_OVERVIEW_CITES),
        "doc",
        "cites",
        "Tỉnh dẫn chiếu / cited from",
        lambda row: {
            "group": "document",
            "label": _v(row, "number"),
            "text": readable(_v(row, "title")),
            "details": [("Số / number", _v(row, "number")), ("Trích yếu / title", readable(_v(row, "title")))],
        },
    )
    themes = list(store.query(_OVERVIEW_THEMES))
    _link_provinces(
        graph,
        themes,
        "theme",
        "sets_target",
        "Tỉnh đặt chỉ tiêu / provinces",
        lambda row: {
            "group": "theme",
            "label": _v(row, "label"),
            "text": _v(row, "label_en"),
            "details": [("Nhóm chỉ tiêu / theme", _both(_v(row, "label"), _v(row, "label_en")))],
            "measures": {"tasks": 0},
        },
    )
    for row in themes:
        if row["province"].value in graph:
            graph.nodes[row["theme"].value]["measures"]["tasks"] += int(_v(row, "indicators"))
    _province_answers(graph, store, themes)
    return graph


def _table(key: str, title: str, head: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    """One answer of a panel: a titled table (the page counts its rows)."""
    return {"key": key, "title": title, "head": head, "rows": rows}


def _province_answers(graph: nx.MultiDiGraph, store: Store, themes: list[Any]) -> None:
    """Each province's bodies ranked by tasks, targets by theme (and the plans whose annex of
    targets is not in the text: unknown, not absent), and overlaps with each other province;
    an ``overlaps`` edge between two provinces, and the province × province counts."""
    provinces = {n: d["label"] for n, d in graph.nodes(data=True) if d["group"] == "province"}
    bodies: dict[str, list[list[Any]]] = defaultdict(list)
    for row in store.query(_OVERVIEW_BODIES):
        lead, helped = int(_v(row, "lead")), int(_v(row, "coordinate"))
        bodies[row["province"].value].append([_v(row, "name"), lead, helped, lead + helped])
    by_theme: dict[str, list[list[Any]]] = defaultdict(list)
    for row in themes:
        by_theme[row["province"].value].append(
            [_both(_v(row, "label"), _v(row, "label_en")), int(_v(row, "indicators")), _v(row, "plans")]
        )
    missing: dict[str, list[str]] = defaultdict(list)
    for row in store.query(_OVERVIEW_ANNEXES):
        missing[row["province"].value].append(_v(row, "number") or "?")
    pairs: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for row in store.query(_OVERVIEW_OVERLAPS):
        one, other = row["first"].value, row["second"].value
        if one in provinces and other in provinces:
            here = [
                f"{_v(row, 'plan_one')}: {_short(readable(_v(row, 'one')), 160)}",
                f"{_v(row, 'plan_other')}: {_short(readable(_v(row, 'other')), 160)}",
                float(_v(row, "similarity")),
            ]
            pairs[(one, other)].append(here)
            pairs[(other, one)].append([here[1], here[0], here[2]])
    for (one, other), found in pairs.items():
        if one < other:
            graph.add_edge(one, other, kind="overlaps", count=len(found))
    for node, name in provinces.items():
        answers = graph.nodes[node]["answers"]
        ranked = sorted(bodies[node], key=lambda r: (-r[3], -r[1], r[0]))
        answers.append(
            _table(
                "bodies",
                "Cơ quan theo số nhiệm vụ / bodies by tasks",
                ["Cơ quan / body", "chủ trì / lead", "phối hợp / coordinate", "tổng / total"],
                ranked,
            )
        )
        rows = sorted(by_theme[node], key=lambda r: (-r[1], r[0]))
        rows += [
            ["Phụ lục chỉ tiêu không có trong văn bản / annex of targets not in the text", "?", n]
            for n in missing[node]
        ]
        answers.append(
            _table(
                "themes",
                "Chỉ tiêu theo nhóm / targets by theme",
                ["Nhóm / theme", "chỉ tiêu / indicators", "Kế hoạch / plans"],
                rows,
            )
        )
        others = sorted(
            ((provinces[o], len(found)) for (p, o), found in pairs.items() if p == node), key=lambda r: (-r[1], r[0])
        )
        answers.append(
            _table(
                "overlaps",
                "Trùng lặp với tỉnh khác / overlaps with other provinces",
                ["Tỉnh / province", "cặp nhiệm vụ / task pairs"],
                [list(r) for r in others],
            )
        )
        for other, _count in others[:PROVINCES_LISTED]:
            found = sorted(pairs[(node, _key(provinces, other))], key=lambda r: -r[2])[:PAIRS_LISTED]
            answers.append(
                _table(
                    f"overlap:{other}",
                    f"{name} ↔ {other}",
                    [name, other, "tương đồng / similarity"],
                    [[a, b, f"{s:.2f}"] for a, b, s in found],
                )
            )
    names = sorted(provinces.values())
    index = {v: k for k, v in provinces.items()}
    counts = [[len(pairs.get((index[a], index[b]), [])) if a != b else "" for b in names] for a in names]
    graph.graph["matrix"] = {"provinces": names, "counts": counts}


def _key(provinces: dict[str, str], name: str) -> str:
    return next(node for node, label in provinces.items() if label == name)


def province_view(graph: nx.MultiDiGraph, province: str) -> nx.MultiDiGraph:
    """The part of the full projection that is one province's: its plans and programmes, with
    their tasks, indicators, bodies and what they cite (one step around each plan)."""
    plans = [
        n
        for n, d in graph.nodes(data=True)
        if d["group"] == "plan" and dict(d["details"]).get("Tỉnh / province") == province
    ]
    keep = set(plans)
    for plan in plans:
        keep |= set(graph.successors(plan)) | set(graph.predecessors(plan))
    bodies = {
        b
        for task in keep
        if graph.nodes[task]["group"] == "task"
        for _, b, d in graph.out_edges(task, data=True)
        if d["kind"] in ("lead", "coordinate")
    }
    return graph.subgraph(keep | bodies).copy()


def province_file(output_name: str, province: str) -> str:
    """The file name of a province's view beside the overview (``overview.quang-ninh.html``)."""
    stem = output_name.removesuffix(".html")
    return f"{stem}.{'-'.join(fold(province).split())}.html"


def _link_provinces(
    graph: nx.MultiDiGraph,
    rows: Iterable[Any],
    target: str,
    kind: str,
    field: str,
    make: Callable[[Any], dict[str, Any]],
) -> None:
    """Link each province to the nodes the rows name (``target`` column; ``make(row)`` gives a
    new node's attributes), and say in each node's details which provinces link to it."""
    linked: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        province, node = row["province"].value, row[target].value
        if province not in graph:
            continue
        if node not in graph:
            graph.add_node(node, **make(row))
        linked[node].add(graph.nodes[province]["label"])
        graph.add_edge(province, node, kind=kind)
    for node, provinces in linked.items():
        graph.nodes[node]["details"].append((field, f"{len(provinces)}: {', '.join(sorted(provinces))}"))


def _number_key(text: str) -> str:
    """A document number as people type it: no case, diacritics, Đ/D, spaces, and "-" = "/"."""
    return "".join(fold(text).split()).replace("-", "/")


def focus(graph: nx.MultiDiGraph, number: str, depth: int) -> nx.MultiDiGraph:
    """The part of the graph within ``depth`` steps of the document with this number (matched
    as ``plankg query`` matches numbers), with the lead and coordinating bodies of its tasks."""
    documents = {n: d["label"] for n, d in graph.nodes(data=True) if d["group"] in ("plan", "document")}
    key = _number_key(number)
    starts = [n for n, label in documents.items() if _number_key(label) == key]
    if not starts:
        nearest = closest(key, {n: _number_key(label) for n, label in documents.items()})
        hint = ", ".join(repr(documents[n]) for n in nearest)
        raise PlankgError(f"no document numbered {number!r} in the graph" + (f"; closest: {hint}" if hint else ""))
    undirected = graph.to_undirected(as_view=True)
    keep = set()
    for start in starts:
        keep |= set(nx.single_source_shortest_path_length(undirected, start, cutoff=depth))
    bodies = {
        b
        for task in keep
        if graph.nodes[task]["group"] == "task"
        for _, b, d in graph.out_edges(task, data=True)
        if d["kind"] in ("lead", "coordinate")
    }
    return graph.subgraph(keep | bodies).copy()


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _script_json(value: object) -> str:
    """JSON that is safe inside <script>: no "<", ">", "&" or line separators can break out."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


SPRING_LIMIT = 1200  # above this many nodes, the clustered layout (a spring layout grows as n²)
HUBS = ("plan", "document", "province", "theme")  # what the other nodes gather around
PRIORITY = ("province", "plan", "document", "theme", "agency", "indicator", "task", "section")  # labels first


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions computed here (seeded: the same page every time): a force-directed layout of
    the whole graph when it is small, the clustered layout when it is large."""
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() > SPRING_LIMIT:
        return clustered_layout(graph)
    simple = nx.Graph(graph.to_undirected())
    spread = 60.0 * math.sqrt(graph.number_of_nodes())
    positions = nx.spring_layout(simple, seed=7, iterations=60, k=3.5 / math.sqrt(max(len(simple), 1)))
    return {n: (float(x) * spread, float(y) * spread) for n, (x, y) in positions.items()}


def _anchor(graph: nx.MultiDiGraph, node: str, plan_of: dict[str, str]) -> str | None:
    """The hub a node is drawn around: a task's or indicator's plan, a body's plan with most of
    its tasks (or the document it issued), a section's plan."""
    group = graph.nodes[node]["group"]
    if group in ("task", "indicator", "section"):
        return plan_of.get(node)
    if group == "agency":
        plans = Counter(
            plan_of[t]
            for t, _b, d in graph.in_edges(node, data=True)
            if d["kind"] in ("lead", "coordinate") and t in plan_of
        )
        if plans:
            return max(sorted(plans), key=lambda plan: plans[plan])
        issued = sorted(d for d, _b, e in graph.in_edges(node, data=True) if e["kind"] == "passed_by")
        return issued[0] if issued else None
    return None


def clustered_layout(graph: nx.MultiDiGraph, spacing: float = 28.0) -> dict[str, tuple[float, float]]:
    """A layout in time linear in the nodes: the hubs (documents, plans) by a force-directed
    layout, each plan's tasks, indicators and bodies on a sunflower spiral around it, the
    clusters pushed apart until they do not overlap, isolated nodes in a spiral of their own."""
    import numpy as np

    plan_of: dict[str, str] = {}
    for a, b, d in graph.edges(data=True):
        if d["kind"] in ("assigned_by", "defined_in", "part_of") and graph.nodes[b]["group"] in HUBS:
            plan_of.setdefault(a, b)
    for a, b, d in graph.edges(data=True):  # a subsection's plan is its section's
        if d["kind"] == "part_of" and a not in plan_of and b in plan_of:
            plan_of[a] = plan_of[b]
    hubs = [n for n, d in graph.nodes(data=True) if d["group"] in HUBS]
    leaves: dict[str | None, list[str]] = defaultdict(list)
    order = {g: k for k, g in enumerate(("agency", "task", "section", "indicator"))}
    for node, data in graph.nodes(data=True):
        if data["group"] not in HUBS:
            leaves[_anchor(graph, node, plan_of)].append(node)
    for members in leaves.values():
        members.sort(key=lambda n: (order.get(graph.nodes[n]["group"], 9), n))
    core = nx.Graph()
    core.add_nodes_from(hubs)
    core.add_edges_from((a, b) for a, b in graph.edges() if a in core and b in core and a != b)
    positions = nx.spring_layout(core, seed=7, iterations=80, k=1.5 / math.sqrt(max(len(core), 1)))
    centre = np.array([positions[h] for h in hubs]) * spacing * math.sqrt(len(graph))
    radius = np.array([spacing * (math.sqrt(len(leaves.get(h, ()))) + 1.5) for h in hubs])
    for _ in range(60):  # push overlapping clusters apart (a few hundred hubs: numpy pairs)
        delta = centre[:, None, :] - centre[None, :, :]
        distance = np.sqrt((delta**2).sum(-1)) + np.eye(len(hubs))
        overlap = np.clip(radius[:, None] + radius[None, :] - distance, 0, None) * (1 - np.eye(len(hubs)))
        if not overlap.any():
            break
        centre += (delta / distance[..., None] * overlap[..., None] / 2).sum(1)
    out = {h: (float(x), float(y)) for h, (x, y) in zip(hubs, centre)}
    golden = math.pi * (3 - math.sqrt(5))
    for hub, members in leaves.items():
        if hub is None:  # nothing to gather around: below the rest
            low = max((y for _x, y in out.values()), default=0.0) + spacing * (math.sqrt(len(members)) + 3)
            cx, cy = 0.0, low
        else:
            cx, cy = out[hub]
        for k, node in enumerate(members, start=1 if hub else 0):
            r, a = spacing * math.sqrt(k + 0.5), k * golden
            out[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return out


def importance(graph: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank over the projection (what is depended on, cited, assigned to), 0 … 1."""
    if graph.number_of_nodes() == 0:
        return {}
    rank = nx.pagerank(nx.DiGraph(graph), alpha=0.85)
    top = max(rank.values()) or 1.0
    return {n: r / top for n, r in rank.items()}


def measures(graph: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """What a node's size may stand for (``SIZES``): the tasks a body leads, the tasks it
    carries (leads or coordinates) or a plan assigns, how often a document is cited or
    implemented, PageRank; a node's own ``measures`` (the overview's counts) take precedence."""
    count: dict[str, Counter[str]] = {kind: Counter() for kind in ("lead", "coordinate", "assigned_by", "cited")}
    for _a, b, d in graph.edges(data=True):
        kind = "cited" if d["kind"] in ("cites", "implements") else d["kind"]
        if kind in count:
            count[kind][b] += 1
    rank = importance(graph)
    out = {}
    for node, data in graph.nodes(data=True):
        tasks = count["lead"][node] + count["coordinate"][node] + count["assigned_by"][node]
        out[node] = {
            "tasks": tasks,
            "led": count["lead"][node],
            "cited": count["cited"][node],
            "rank": round(rank.get(node, 0.0), 4),
            **data.get("measures", {}),
        }
    return out


def _search_key(data: dict[str, Any]) -> str:
    """What a search matches: the name, the text as restored and as written, and the values of
    the details (numbers, theme names in both languages, plan numbers)."""
    values = " ".join(v for _k, v in data["details"] if v)
    return fold(f"{data['label']} {data['text']} {data.get('written', '')} {values}")


def page_data(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and edges for vis-network, with positions, measures, label priority and the
    details and answers the page shows."""
    positions, measured = layout(graph), measures(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = positions[node]
        nodes.append(
            {
                "id": node,
                "group": data["group"],
                "x": round(x, 1),
                "y": round(y, 1),
                "color": CLASSES[data["group"]][0],
                "label": _short(data["label"], 40),
                "name": data["label"],
                "text": data["text"],
                "key": _search_key(data),
                "m": measured[node],
                "p": PRIORITY.index(data["group"]),
                "central": data["group"] == "document"
                and dict(data["details"]).get("Tỉnh / province", CENTRAL) == CENTRAL,
                "details": [[k, v] for k, v in data["details"] if v],
                "targets": data.get("targets", []),
                "answers": data.get("answers", []),
                "link": data.get("link", ""),
            }
        )
    edges = [
        {"id": k, "from": a, "to": b, "kind": d["kind"], "color": RELATIONS[d["kind"]][0], "n": d.get("count", 1)}
        for k, (a, b, d) in enumerate(graph.edges(data=True))
    ]
    return nodes, edges


def render_html(graph: nx.MultiDiGraph, title: str) -> str:
    nodes, edges = page_data(graph)
    node_counts, edge_counts = Counter(n["group"] for n in nodes), Counter(e["kind"] for e in edges)
    legend = [
        {"key": g, "color": c, "label": f"{vi} / {en}", "count": node_counts[g]}
        for g, (c, vi, en) in CLASSES.items()
        if node_counts[g]
    ]
    relations = [
        {"key": k, "color": c, "label": f"{vi} / {en}", "count": edge_counts[k]}
        for k, (c, vi, en) in RELATIONS.items()
        if edge_counts[k]
    ]
    sizes = [{"key": k, "label": f"{vi} / {en}"} for k, (vi, en) in SIZES.items()]
    env = jinja2.Environment(
        autoescape=True,
        loader=jinja2.FunctionLoader(
            lambda name: resources.files("plankg.graph").joinpath("templates").joinpath(name).read_text("utf-8")
        ),
    )
    vis_js = resources.files("plankg.graph").joinpath("static").joinpath("vis-network.min.js").read_text("utf-8")
    return env.get_template("view.html").render(
        title=title,
        legend=legend,
        relations=relations,
        sizes=sizes,
        vis_js=vis_js.replace("</script", "<\\/script"),
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        names_json=_script_json(
            {
                "groups": {g: f"{vi} / {en}" for g, (_c, vi, en) in CLASSES.items()},
                "relations": {k: f"{vi} / {en}" for k, (_c, vi, en) in RELATIONS.items()},
                "inverse": {k: f"{vi} / {en}" for k, (vi, en) in INVERSE.items()},
                "sizes": {k: f"{vi} / {en}" for k, (vi, en) in SIZES.items()},
                "matrix": graph.graph.get("matrix"),
                # a national graph's thousands of similar-task pairs hide the rest: off at first
                "hidden": ["similar"] if len(nodes) > SPRING_LIMIT else [],
            }
        ),
    )
