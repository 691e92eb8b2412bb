"""An interactive network view that works offline: one HTML file with vis-network inlined.

The projection (what is drawn, with the details a viewer reads) comes from the store by SPARQL;
the layout is computed here with networkx before the page is written, so a page of thousands
of nodes is usable at once instead of freezing the browser while a physics engine settles.
Node size follows importance (PageRank); the labels of the important nodes show at the
overview zoom. All document text reaches the page as JSON inside a script, escaped so that no
text can close the script or inject markup; the page shows it with textContent only.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from importlib import resources

import jinja2
import networkx as nx

from plankg.errors import PlankgError
from plankg.graph.namespaces import sparql_prologue
from plankg.graph.querying import closest
from plankg.graph.store import Store
from plankg.loaders.normalize import fold

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
}

_DOCUMENTS = sparql_prologue() + """
SELECT ?node ?plan ?number ?title ?kind ?date (GROUP_CONCAT(DISTINCT ?by; separator="; ") AS ?issuers) ?province
WHERE {
  { ?node a eli:LegalResource . FILTER NOT EXISTS { ?node a pk:Section } } UNION { ?node a schema:NewsArticle }
  BIND(EXISTS { ?node a pk:Plan } AS ?plan)
  OPTIONAL { ?node eli:id_local ?number } OPTIONAL { ?node dcterms:title ?title }
  OPTIONAL { ?node eli:type_document/skos:prefLabel ?kind FILTER(LANG(?kind) = "vi") }
  OPTIONAL { ?node eli:date_document ?date }
  OPTIONAL { ?node eli:passed_by/skos:prefLabel ?by }
  OPTIONAL { ?node pk:province/skos:prefLabel ?province }
} GROUP BY ?node ?plan ?number ?title ?kind ?date ?province"""
_AGENCIES = sparql_prologue() + """
SELECT ?node ?name ?level ?role ?province WHERE {
  ?node a pk:Agency ; skos:prefLabel ?name .
  OPTIONAL { ?node org:classification ?l . ?l skos:inScheme pkv:level ; skos:prefLabel ?level FILTER(LANG(?level) = "en") }
  OPTIONAL { ?node pk:role/skos:prefLabel ?role }
  OPTIONAL { ?node pk:province/skos:prefLabel ?province }
}"""
_TASKS = sparql_prologue() + """
SELECT ?node ?text ?plan ?section ?year ?due ?every WHERE {
  ?node a pk:Task ; schema:description ?text .
  OPTIONAL { ?node pk:assignedBy/eli:id_local ?plan }
  OPTIONAL { ?node pk:inSection/eli:id_local ?section }
  OPTIONAL { ?node pk:deadlineYear ?year } OPTIONAL { ?node pk:dueDate ?due }
  OPTIONAL { ?node pk:recurrence/skos:prefLabel ?every FILTER(LANG(?every) = "vi") }
}"""
_INDICATORS = sparql_prologue() + """
SELECT ?node ?name ?theme ?period ?written WHERE {
  ?node a pk:Indicator ; skos:prefLabel ?name .
  OPTIONAL { ?node pk:theme/skos:prefLabel ?theme FILTER(LANG(?theme) = "vi") }
  OPTIONAL { ?node pk:hasTarget ?t . ?t pk:period ?period ; pk:asWritten ?written }
}"""
_SECTIONS = sparql_prologue() + """
SELECT ?node ?path ?title WHERE { ?node a pk:Section ; eli:id_local ?path OPTIONAL { ?node dcterms:title ?title } }"""
_EDGES = sparql_prologue() + """
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
}"""


def _v(row, name: str) -> str:
    term = row[name]
    return "" if term is None else term.value


def projection(store: Store, sections: bool = False) -> nx.MultiDiGraph:
    """The graph as networkx: documents, agencies, tasks, indicators (and sections when asked),
    each with ``group``, ``label``, ``text`` and ``details`` (field, value) for the page."""
    graph = nx.MultiDiGraph()
    for row in store.query(_DOCUMENTS):
        number, title = _v(row, "number"), _v(row, "title")
        group = "plan" if _v(row, "plan") == "true" else "document"
        graph.add_node(row["node"].value, group=group, label=number or title or "văn bản", text=title, details=[
            ("Số / number", number), ("Loại / type", _v(row, "kind")), ("Ngày / date", _v(row, "date")),
            ("Cơ quan ban hành / issuer", _v(row, "issuers")), ("Tỉnh / province", _v(row, "province") or "central"),
            ("Trích yếu / title", title)])
    for row in store.query(_AGENCIES):
        graph.add_node(row["node"].value, group="agency", label=_v(row, "name"), text="", details=[
            ("Cấp / level", _v(row, "level")), ("Vai trò / role", _v(row, "role")),
            ("Tỉnh / province", _v(row, "province") or "central")])
    for row in store.query(_TASKS):
        deadline = _v(row, "due") or _v(row, "year") or _v(row, "every")
        text = _v(row, "text")
        graph.add_node(row["node"].value, group="task", label=text, text=text, details=[
            ("Kế hoạch / plan", _v(row, "plan")), ("Mục / section", _v(row, "section")),
            ("Thời hạn / deadline", deadline), ("Nội dung / text", text)])
    targets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(_INDICATORS):
        node = row["node"].value
        if node not in graph:
            graph.add_node(node, group="indicator", label=_v(row, "name"), text=_v(row, "name"),
                           details=[("Nhóm chỉ tiêu / theme", _v(row, "theme"))])
        if _v(row, "period"):
            targets[node].append((_v(row, "period"), _v(row, "written")))
    for node, pairs in targets.items():
        graph.nodes[node]["targets"] = sorted(set(pairs))
    if sections:
        for row in store.query(_SECTIONS):
            graph.add_node(row["node"].value, group="section", label=_v(row, "path"), text=_v(row, "title"),
                           details=[("Mục / section", _v(row, "path")), ("Tiêu đề / heading", _v(row, "title"))])
    for row in store.query(_EDGES):
        a, b = row["from"].value, row["to"].value
        if a in graph and b in graph:
            graph.add_edge(a, b, kind=row["kind"].value)
    return graph


_OVERVIEW_PROVINCES = sparql_prologue() + """
SELECT ?province ?name (COUNT(DISTINCT ?plan) AS ?plans) (GROUP_CONCAT(DISTINCT ?number; separator=", ") AS ?numbers)
       (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?indicator) AS ?indicators)
WHERE {
  ?province a pk:Province ; skos:prefLabel ?name .
  ?plan a pk:Plan ; pk:province ?province ; prov:wasDerivedFrom ?source .
  OPTIONAL { ?plan eli:id_local ?number }
  OPTIONAL { ?task pk:assignedBy ?plan }
  OPTIONAL { ?indicator pk:definedIn ?plan }
} GROUP BY ?province ?name"""
_OVERVIEW_CITES = sparql_prologue() + """
SELECT ?province ?doc ?number ?title (COUNT(DISTINCT ?plan) AS ?times) WHERE {
  ?plan a pk:Plan ; pk:province ?province ; prov:wasDerivedFrom ?source ; eli:cites ?doc .
  ?doc eli:id_local ?number . FILTER NOT EXISTS { ?doc pk:province ?anywhere }
  OPTIONAL { ?doc dcterms:title ?title }
} GROUP BY ?province ?doc ?number ?title"""
_OVERVIEW_THEMES = sparql_prologue() + """
SELECT ?province ?theme ?label (COUNT(DISTINCT ?indicator) AS ?indicators) WHERE {
  ?indicator pk:theme ?theme ; pk:definedIn ?plan . ?plan pk:province ?province .
  ?theme skos:prefLabel ?label FILTER(LANG(?label) = "vi")
} GROUP BY ?province ?theme ?label"""


def overview(store: Store) -> nx.MultiDiGraph:
    """The national graph in aggregate: provinces (with their plans, tasks and indicators), the
    central documents their plans cite, and the themes they set targets in; an edge per
    province and document or theme, its count in the details. It opens on any number of
    provinces, where the full graph would have hundreds of thousands of nodes."""
    graph = nx.MultiDiGraph()
    for row in store.query(_OVERVIEW_PROVINCES):
        graph.add_node(row["province"].value, group="province", label=_v(row, "name"), text="", details=[
            ("Kế hoạch / plans", f"{_v(row, 'plans')}: {_v(row, 'numbers')}"), ("Nhiệm vụ / tasks", _v(row, "tasks")),
            ("Chỉ tiêu / indicators", _v(row, "indicators"))])
    _link_provinces(graph, store.query(_OVERVIEW_CITES), "doc", "cites", "Tỉnh dẫn chiếu / cited from",
                    lambda row: dict(group="document", label=_v(row, "number"), text=_v(row, "title"), details=[
                        ("Số / number", _v(row, "number")), ("Trích yếu / title", _v(row, "title"))]))
    _link_provinces(graph, store.query(_OVERVIEW_THEMES), "theme", "sets_target", "Tỉnh đặt chỉ tiêu / provinces",
                    lambda row: dict(group="theme", label=_v(row, "label"), text="", details=[]))
    return graph


def province_view(graph: nx.MultiDiGraph, province: str) -> nx.MultiDiGraph:
    """The part of the full projection that is one province's: its plans and programmes, with
    their tasks, indicators, bodies and what they cite (one step around each plan)."""
    plans = [n for n, d in graph.nodes(data=True) if d["group"] == "plan"
             and dict(d["details"]).get("Tỉnh / province") == province]
    keep = set(plans)
    for plan in plans:
        keep |= set(graph.successors(plan)) | set(graph.predecessors(plan))
    bodies = {b for task in keep if graph.nodes[task]["group"] == "task"
              for _, b, d in graph.out_edges(task, data=True) if d["kind"] in ("lead", "coordinate")}
    return graph.subgraph(keep | bodies).copy()


def province_file(output_name: str, province: str) -> str:
    """The file name of a province's view beside the overview (``overview.quang-ninh.html``)."""
    stem = output_name[: -len(".html")] if output_name.endswith(".html") else output_name
    return f"{stem}.{'-'.join(fold(province).split())}.html"


def _link_provinces(graph: nx.MultiDiGraph, rows, target: str, kind: str, field: str, make) -> None:
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
    bodies = {b for task in keep if graph.nodes[task]["group"] == "task"
              for _, b, d in graph.out_edges(task, data=True) if d["kind"] in ("lead", "coordinate")}
    return graph.subgraph(keep | bodies).copy()


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _script_json(value) -> str:
    """JSON that is safe inside <script>: no "<", ">", "&" or line separators can break out."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions from a force-directed layout computed here (seeded: the same page every time)."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(graph.to_undirected())
    spread = 60.0 * math.sqrt(graph.number_of_nodes())
    positions = nx.spring_layout(simple, seed=7, iterations=60 if len(simple) < 1500 else 35,
                                 k=1.5 / math.sqrt(max(len(simple), 1)))
    return {n: (float(x) * spread, float(y) * spread) for n, (x, y) in positions.items()}


def importance(graph: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank over the projection (what is depended on, cited, assigned to), 0 … 1."""
    if graph.number_of_nodes() == 0:
        return {}
    rank = nx.pagerank(nx.DiGraph(graph), alpha=0.85)
    top = max(rank.values()) or 1.0
    return {n: r / top for n, r in rank.items()}


def page_data(graph: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """Nodes and edges for vis-network, with positions, sizes and the details the page shows."""
    positions, weight = layout(graph), importance(graph)
    labelled = set(sorted(weight, key=weight.get, reverse=True)[: max(12, len(weight) // 12)])
    nodes = []
    for node, data in graph.nodes(data=True):
        colour = CLASSES[data["group"]][0]
        x, y = positions[node]
        nodes.append({
            "id": node, "group": data["group"], "x": x, "y": y, "color": colour,
            "size": 6 + 24 * math.sqrt(weight.get(node, 0.0)),
            "label": _short(data["label"]) if node in labelled or data["group"] == "plan" else "",
            "name": data["label"], "text": data["text"], "key": fold(f"{data['label']} {data['text']}"),
            "details": [[k, v] for k, v in data["details"] if v], "targets": data.get("targets", []),
            "link": data.get("link", ""),
        })
    edges = [{"id": k, "from": a, "to": b, "kind": d["kind"], "color": RELATIONS[d["kind"]][0]}
             for k, (a, b, d) in enumerate(graph.edges(data=True))]
    return nodes, edges


def render_html(graph: nx.MultiDiGraph, title: str) -> str:
    nodes, edges = page_data(graph)
    node_counts, edge_counts = defaultdict(int), defaultdict(int)
    for n in nodes:
        node_counts[n["group"]] += 1
    for e in edges:
        edge_counts[e["kind"]] += 1
    legend = [{"key": g, "color": c, "label": f"{vi} / {en}", "count": node_counts[g]}
              for g, (c, vi, en) in CLASSES.items() if node_counts[g]]
    relations = [{"key": k, "color": c, "label": f"{vi} / {en}", "count": edge_counts[k]}
                 for k, (c, vi, en) in RELATIONS.items() if edge_counts[k]]
    env = jinja2.Environment(autoescape=True, loader=jinja2.FunctionLoader(
        lambda name: resources.files("plankg.graph").joinpath("templates", name).read_text("utf-8")))
    vis_js = resources.files("plankg.graph").joinpath("static", "vis-network.min.js").read_text("utf-8")
    return env.get_template("view.html").render(
        title=title, legend=legend, relations=relations, vis_js=vis_js.replace("</script", "<\\/script"),
        nodes_json=_script_json(nodes), edges_json=_script_json(edges),
        names_json=_script_json({"groups": {g: f"{vi} / {en}" for g, (_c, vi, en) in CLASSES.items()},
                                 "relations": {k: f"{vi} / {en}" for k, (_c, vi, en) in RELATIONS.items()}}))
