"""What made a build of thousands of small texts crawl, checked on small inputs (the times are
measured in bench/many_texts.py, not here)."""

from __future__ import annotations

import pyoxigraph as ox

from plankg.graph.namespaces import GRAPH, ID, PK, RDF, SCHEMA

N = ox.NamedNode


def test_the_task_query_gives_each_task_once_however_many_texts_state_its_leads_role():
    from plankg.graph.overlaps import _TASKS

    store = ox.Store()
    task, lead, plan = N(ID + "task/1"), N(ID + "agency/van-phong"), N(ID + "doc/1")
    own = N(GRAPH + "source/plan-1")
    store.extend(
        [
            ox.Quad(task, N(RDF + "type"), N(PK + "Task"), own),
            ox.Quad(task, N(SCHEMA + "description"), ox.Literal("chủ trì tham mưu triển khai"), own),
            ox.Quad(task, N(PK + "leadAgency"), lead, own),
            ox.Quad(task, N(PK + "assignedBy"), plan, own),
        ]
    )
    store.extend(ox.Quad(lead, N(PK + "role"), N(ID + "role/office"), N(GRAPH + f"source/plan-{k}")) for k in range(40))
    assert len(list(store.query(_TASKS))) == 1


def test_the_description_names_every_source_with_its_own_hash():
    from plankg.graph.describe import description

    store = ox.Store()
    graphs = []
    for k in range(30):
        graph = N(GRAPH + f"source/plan-{k}")
        source = N(ID + f"source/{k:064x}")
        graphs.append(graph)
        store.extend(
            [
                ox.Quad(source, N(RDF + "type"), N(PK + "SourceText"), graph),
                ox.Quad(source, N(PK + "sha256"), ox.Literal(f"{k:064x}"), graph),
            ]
        )
    out = description(store, graphs)
    hashes = {t.subject.value: t.object.value for t in out if t.predicate.value == PK + "sha256"}
    assert len(hashes) == 30 and all(iri.endswith(sha) for iri, sha in hashes.items())
