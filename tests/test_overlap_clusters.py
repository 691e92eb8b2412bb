"""Overlapping tasks grouped into clusters an analyst can read: one row per cluster."""

from __future__ import annotations

from plankg.graph.overlaps import Overlap, clusters
from plankg.graph.querying import bind_parameters, catalog, query_text, to_table


def rows(store, name: str, **params) -> list[dict[str, str]]:
    named = catalog()[name]
    table = to_table(
        store.query(query_text(named), bind_parameters(named, {k: str(v) for k, v in params.items()}, store)),
        named.sort,
    )
    return [{c: (t.value if t is not None else "") for c, t in zip(table.columns, row)} for row in table.rows]


def test_tasks_linked_directly_or_through_another_are_one_cluster():
    found = clusters([Overlap("t:a", "t:b", 0.9), Overlap("t:b", "t:c", 0.95), Overlap("t:d", "t:e", 0.88)])
    assert [c.tasks for c in found] == [("t:a", "t:b", "t:c"), ("t:d", "t:e")]
    assert found[0].representative == "t:b"  # alike to both others


def test_the_representative_wording_is_a_clean_one_when_there_is_one():
    texts = {"t:a": "Gri báo cáo tiến độ cé&n b, x& hdi", "t:b": "Gửi báo cáo tiến độ cán bộ, xã hội"}
    (only,) = clusters([Overlap("t:a", "t:b", 0.9)], texts)
    assert only.representative == "t:b"


def test_overlaps_has_one_row_per_cluster_with_its_provinces_and_tasks(built_memory_store):
    pairs = rows(built_memory_store, "overlap-pairs")
    found = rows(built_memory_store, "overlaps")
    assert 0 < len(found) < len(pairs)
    office = [r for r in found if r["role"] == "Văn phòng Tỉnh ủy"]
    assert len(office) == 1
    assert set(office[0]["in_provinces"].split(", ")) == {"Quảng Ninh", "Lạng Sơn"}
    assert "538-KH/TU" in office[0]["where"] and "238-KH/TU" in office[0]["where"]
    assert int(office[0]["tasks"]) == len(office[0]["where"].split(", "))
    assert all(int(r["provinces"]) == len(r["in_provinces"].split(", ")) for r in found)
    # every task of a pair is in exactly one cluster
    paired = {
        r["t"].value
        for r in built_memory_store.query(
            "SELECT DISTINCT ?t WHERE { ?pair <https://w3id.org/plankg/ontology#overlapTask> ?t }"
        )
    }
    assert sum(int(r["tasks"]) for r in found) == len(paired)


def test_overlaps_of_one_province_and_of_several(built_memory_store):
    lang_son = rows(built_memory_store, "overlaps", province="lang son")
    assert lang_son and all("Lạng Sơn" in r["in_provinces"] for r in lang_son)
    wide = rows(built_memory_store, "overlaps", min_provinces=2)
    assert wide and all(int(r["provinces"]) >= 2 for r in wide)


def test_each_pair_names_its_two_tasks_first_and_second_in_the_order_of_their_iris(built_memory_store):
    pk = "https://w3id.org/plankg/ontology#"
    pairs = list(
        built_memory_store.query(
            f"SELECT ?pair ?first ?second (COUNT(?task) AS ?tasks) WHERE {{ ?pair a <{pk}TaskOverlap> ; "
            f"<{pk}firstTask> ?first ; <{pk}secondTask> ?second ; <{pk}overlapTask> ?task "
            f"FILTER(?task IN (?first, ?second)) }} GROUP BY ?pair ?first ?second"
        )
    )
    overlaps = list(built_memory_store.query(f"SELECT DISTINCT ?pair WHERE {{ ?pair a <{pk}TaskOverlap> }}"))
    assert pairs and len(pairs) == len(overlaps)  # one first and one second task per pair
    assert all(row["first"].value < row["second"].value for row in pairs)
    assert all(int(row["tasks"].value) == 2 for row in pairs)  # both are the pair's overlapping tasks


def test_overlap_pairs_lists_each_pair_once_with_both_wordings(built_memory_store):
    pairs = rows(built_memory_store, "overlap-pairs")
    stored = list(built_memory_store.query("SELECT ?p WHERE { ?p <https://w3id.org/plankg/ontology#similarity> ?s }"))
    # a row per pair and role of its first task's lead bodies (a task led by several has several)
    assert len({(r["similarity"], r["plan_a"], r["task_a"], r["plan_b"], r["task_b"]) for r in pairs}) == len(stored)
    assert all(r["task_a"] and r["task_b"] and r["plan_a"] and r["plan_b"] and r["role"] for r in pairs)
    office = [r for r in pairs if {r["plan_a"], r["plan_b"]} == {"538-KH/TU", "238-KH/TU"}]
    assert office and {office[0]["province_a"], office[0]["province_b"]} == {"Quảng Ninh", "Lạng Sơn"}


def test_a_wording_copied_into_several_plans_is_scored_once_and_each_copy_gets_its_scores(monkeypatch):
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist

    from plankg.graph import overlaps

    texts = ["xây dựng kho dữ liệu số của tỉnh năm 2025"] * 3 + ["xây dựng kho dữ liệu số của tỉnh năm 2026", "khác"]
    scored: list[str] = []
    real = overlaps.cdist
    monkeypatch.setattr(overlaps, "cdist", lambda rows, columns, **kw: scored.extend(rows) or real(rows, columns, **kw))
    found = dict(overlaps._score_rows(texts, 0.85))
    every = cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=85, workers=1)
    assert sorted(found) == [0, 1, 2, 3, 4] and len(scored) == 3  # three wordings
    assert all(list(found[i]) == list(every[i]) for i in range(5))
