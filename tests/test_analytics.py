import json

import pyoxigraph as ox

from plankg.graph.analytics import analyse
from plankg.graph.store import MemoryStore


def test_most_depended_on_and_workload(built_memory_store):
    analysis = analyse(built_memory_store, top=5)
    assert analysis.most_depended_on[0].document == "57-NQ/TW"
    assert analysis.most_depended_on[0].in_degree >= 4
    assert analysis.components and sum(analysis.components) == analysis.documents
    assert analysis.workload[0].lead + analysis.workload[0].coordinate >= analysis.workload[-1].lead


def test_cycles_are_found():
    store = MemoryStore()
    cites = ox.NamedNode("http://data.europa.eu/eli/ontology#cites")
    g = ox.NamedNode("https://example.org/g")
    a, b, c = (ox.NamedNode(f"https://example.org/{n}") for n in "abc")
    store.write(lambda w: w.extend([ox.Quad(a, cites, b, g), ox.Quad(b, cites, c, g), ox.Quad(c, cites, a, g)]))
    analysis = analyse(store)
    assert len(analysis.cycles) == 1 and len(analysis.cycles[0]) == 3
    assert analysis.components == [3]


def test_analyze_command(run, store_dir):
    result = run("analyze", "--format", "json", store=store_dir)
    data = json.loads(result.stdout)
    assert data["documents"] > 10 and data["most_depended_on"][0]["document"] == "57-NQ/TW"
    table = run("analyze", store=store_dir)
    assert "Most depended on" in table.stdout and "Agency workload" in table.stdout
