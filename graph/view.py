"""An interactive network view that works offline: one HTML file with vis-network inlined.

pyvis holds the nodes, edges and options; the page comes from plankg's own template (pyvis's
templates fetch Bootstrap and vis-network from CDNs). All document text reaches the page as
JSON inside a script, escaped so that no text can close the script or inject markup; the page
shows it with textContent only.
"""
from __future__ import annotations

import json
from importlib import resources

import jinja2
import networkx as nx
from pyvis.network import Network

from plankg.errors import PlankgError
from plankg.graph.namespaces import sparql_prologue
from plankg.graph.store import Store

CLASSES = {  # group -> (colour, Vietnamese label, English label)
    "plan": ("#d62728", "Kế hoạch, chương trình", "plans"),
    "document": ("#1f77b4", "Văn bản", "documents"),
    "agency": ("#2ca02c", "Cơ quan", "agencies"),
    "task": ("#ff7f0e", "Nhiệm vụ", "tasks"),
    "indicator": ("#9467bd", "Chỉ tiêu", "indicators"),
}
EDGE_LABELS = {
    "cites": "dẫn chiếu", "implements": "thực hiện", "replaces": "thay thế", "passed_by": "ban hành",
    "lead": "chủ trì", "coordinate": "phối hợp", "assigned_by": "giao tại", "defined_in": "đề ra tại",
}

_NODES = sparql_prologue() + """
SELECT ?node ?group ?label ?text WHERE {
  { ?node a eli:LegalResource . BIND(IF(EXISTS { ?node a pk:Plan }, "plan", "document") AS ?group)
    OPTIONAL { ?node eli:id_local ?number } OPTIONAL { ?node dcterms:title ?title }
    BIND(COALESCE(?number, ?title, "văn bản") AS ?label) BIND(COALESCE(?title, "") AS ?text) }
  UNION { ?node a pk:Agency ; skos:prefLabel ?label . BIND("agency" AS ?group) BIND("" AS ?text) }
  UNION { ?node a pk:Task ; schema:description ?text . BIND("task" AS ?group) BIND(?text AS ?label) }
  UNION { ?node a pk:Indicator ; skos:prefLabel ?text . BIND("indicator" AS ?group) BIND(?text AS ?label) }
}"""
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
}"""


def projection(store: Store) -> nx.MultiDiGraph:
    """The graph as networkx: one node per document, agency, task and indicator."""
    graph = nx.MultiDiGraph()
    for row in store.query(_NODES):
        node = row["node"].value
        if node not in graph:
            graph.add_node(node, group=row["group"].value, label=row["label"].value, text=row["text"].value)
    for row in store.query(_EDGES):
        a, b = row["from"].value, row["to"].value
        if a in graph and b in graph:
            graph.add_edge(a, b, kind=row["kind"].value)
    return graph


def focus(graph: nx.MultiDiGraph, number: str, depth: int) -> nx.MultiDiGraph:
    """The part of the graph within ``depth`` steps of the document with this number."""
    starts = [n for n, d in graph.nodes(data=True) if d["group"] in ("plan", "document") and d["label"] == number]
    if not starts:
        raise PlankgError(f"no document numbered {number!r} in the graph")
    undirected = graph.to_undirected(as_view=True)
    keep = set()
    for start in starts:
        keep |= set(nx.single_source_shortest_path_length(undirected, start, cutoff=depth))
    return graph.subgraph(keep).copy()


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _script_json(value) -> str:
    """JSON that is safe inside <script>: no "<", ">", "&" or line separators can break out."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def render_html(graph: nx.MultiDiGraph, title: str) -> str:
    net = Network(directed=True, height="100%", width="100%", cdn_resources="remote")
    for node, data in graph.nodes(data=True):
        size = 22 if data["group"] == "plan" else 14 if data["group"] in ("document", "agency") else 8
        net.add_node(node, label=_short(data["label"]), title=data["text"] or data["label"],
                     group=data["group"], size=size)
    for a, b, data in graph.edges(data=True):
        net.add_edge(a, b, title=EDGE_LABELS.get(data["kind"], data["kind"]), arrows="to",
                     dashes=data["kind"] in ("coordinate", "cites"))
    net.options = {
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "edges": {"smooth": False, "color": {"inherit": "from"}, "width": 0.8},
        "nodes": {"font": {"size": 12, "face": "system-ui"}, "shape": "dot"},
        "groups": {g: {"color": {"background": c, "border": c}} for g, (c, _vi, _en) in CLASSES.items()},
    }
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    counts = {}
    for _, data in graph.nodes(data=True):
        counts[data["group"]] = counts.get(data["group"], 0) + 1
    legend = [{"color": c, "label": f"{vi} / {en}", "count": counts.get(g, 0)} for g, (c, vi, en) in CLASSES.items()]
    env = jinja2.Environment(autoescape=True, loader=jinja2.FunctionLoader(
        lambda name: resources.files("plankg.graph").joinpath("templates", name).read_text("utf-8")))
    vis_js = resources.files("plankg.graph").joinpath("static", "vis-network.min.js").read_text("utf-8")
    return env.get_template("view.html").render(
        title=title, legend=legend, vis_js=vis_js.replace("</script", "<\\/script"),
        nodes_json=_script_json(nodes), edges_json=_script_json(edges), options_json=_script_json(json.loads(options)),
        group_labels_json=_script_json({g: f"{vi} / {en}" for g, (_c, vi, en) in CLASSES.items()}))
