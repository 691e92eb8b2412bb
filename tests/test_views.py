"""What the views put in the page, without a browser: the clustered layout of large graphs, the
measures that size the nodes, restored and bilingual text, and a province's answers."""

from __future__ import annotations

import math

import networkx as nx

from plankg.graph.namespaces import sparql_prologue
from plankg.graph.view import CENTRAL, clustered_layout, measures, overview, page_data, projection

QUANG_NINH = "https://w3id.org/plankg/id/province/quang-ninh"


def plan_with_tasks(graph: nx.MultiDiGraph, plan: str, tasks: int, body: str) -> None:
    graph.add_node(plan, group="plan", label=plan, text="", details=[])
    graph.add_node(body, group="agency", label=body, text="", details=[])
    for k in range(tasks):
        task = f"{plan}/task/{k}"
        graph.add_node(task, group="task", label=f"nhiệm vụ {k}", text="", details=[])
        graph.add_edge(task, plan, kind="assigned_by")
        graph.add_edge(task, body, kind="lead" if k % 3 else "coordinate")


def test_the_clustered_layout_keeps_each_plan_s_tasks_around_it_and_is_the_same_every_time():
    graph = nx.MultiDiGraph()
    for p in range(12):
        plan_with_tasks(graph, f"plan{p}", 120, f"body{p}")
        if p:
            graph.add_edge(f"plan{p}", "plan0", kind="cites")
    positions = clustered_layout(graph)
    assert positions == clustered_layout(graph) and len(positions) == graph.number_of_nodes()
    plans = [f"plan{p}" for p in range(12)]
    for node, data in graph.nodes(data=True):
        if data["group"] in ("task", "agency"):
            home = node.split("/")[0] if "/" in node else "plan" + node[len("body") :]
            nearest = min(plans, key=lambda plan: math.dist(positions[node], positions[plan]))
            assert nearest == home, node


def test_a_body_is_measured_by_the_tasks_it_leads_and_coordinates():
    graph = nx.MultiDiGraph()
    plan_with_tasks(graph, "plan", 9, "body")
    measured = measures(graph)
    assert measured["body"]["tasks"] == 9 and measured["body"]["led"] == 6
    assert measured["plan"]["tasks"] == 9 and measured["plan"]["cited"] == 0


def test_text_is_restored_values_are_bilingual_and_the_written_form_is_searchable(built_memory_store):
    graph = projection(built_memory_store)
    tasks = [d for _, d in graph.nodes(data=True) if d["group"] == "task"]
    assert not any("Ke hoạch" in d["text"] for d in tasks)  # as 538-KH/TU's scan reads it
    repaired = [d for d in tasks if "Ke hoạch" in d.get("written", "")]
    assert repaired and all("Kế hoạch" in d["text"] for d in repaired)
    nodes, _ = page_data(graph)
    repaired_ids = {node for node, d in graph.nodes(data=True) if d in repaired}
    assert all("ke hoach" in n["key"] for n in nodes if n["id"] in repaired_ids)
    levels = {dict(d["details"]).get("Cấp / level") for _, d in graph.nodes(data=True) if d["group"] == "agency"}
    assert "Cấp tỉnh / Province" in levels
    deadlines = {dict(d["details"]).get("Thời hạn / deadline") for d in tasks}
    assert "Hằng năm / Annual" in deadlines
    resolution = next(d for _, d in graph.nodes(data=True) if d["label"] == "57-NQ/TW")
    assert dict(resolution["details"])["Tỉnh / province"] == CENTRAL


def test_a_province_answers_with_its_bodies_ranked_its_themes_and_its_overlaps(built_memory_store):
    graph = overview(built_memory_store)
    answers = {a["key"]: a for a in graph.nodes[QUANG_NINH]["answers"]}
    bodies = answers["bodies"]["rows"]
    assert [r[3] for r in bodies] == sorted((r[3] for r in bodies), reverse=True)
    assert all(r[3] == r[1] + r[2] for r in bodies)
    overlaps = {r[0]: r[1] for r in answers["overlaps"]["rows"]}
    assert overlaps and all(len(answers[f"overlap:{p}"]["rows"]) == min(n, 25) for p, n in list(overlaps.items())[:10])
    edges = {frozenset((a, b)): d["count"] for a, b, d in graph.edges(data=True) if d["kind"] == "overlaps"}
    lang_son = next(n for n, d in graph.nodes(data=True) if d["label"] == "Lạng Sơn")
    assert edges[frozenset((QUANG_NINH, lang_son))] == overlaps["Lạng Sơn"]
    matrix = graph.graph["matrix"]
    row = matrix["counts"][matrix["provinces"].index("Quảng Ninh")]
    assert row[matrix["provinces"].index("Lạng Sơn")] == overlaps["Lạng Sơn"]
    absent = {
        r["p"].value
        for r in built_memory_store.query(
            sparql_prologue()
            + """
        SELECT DISTINCT ?p WHERE { ?d pk:missingAnnex ?a ; pk:province ?p }"""
        )
    }
    for node in absent:
        themes = graph.nodes[node]["answers"][2]["rows"]
        assert any("annex of targets not in the text" in r[0] for r in themes)
