"""The RDF the loaders' records become: identity of documents and agencies, provenance."""

import hashlib

import pyoxigraph as ox
import pytest

from plankg.graph import iris
from plankg.graph.namespaces import ELI, PK
from plankg.graph.rdf_build import build_quads
from plankg.loaders.docnumbers import parse_number
from plankg.loaders.extract import extract_text
from plankg.loaders.gazetteer import load_gazetteer


def quads_of(text: str, name: str):
    return build_quads(extract_text(text, name), hashlib.sha256(text.encode()).hexdigest())


def subjects_with(quads, predicate: str, value: str) -> set[str]:
    return {q.subject.value for q in quads if q.predicate.value == predicate and q.object.value == value}


PLAN = """TỈNH ỦY {upper}
Số {number}                             {province}, ngày 01 tháng 6 năm 2025
KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Nghị quyết số 09-NQ/TU
ngày 05/02/2022 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:
"""


def plan(province: str, number: str) -> str:
    return PLAN.format(upper=province.upper(), province=province, number=number)


def test_same_document_cited_in_two_texts_is_one_node():
    a = quads_of(plan("Cao Bằng", "1-KH/TU"), "a.txt")
    b = quads_of(plan("Hà Giang", "2-KH/TU"), "b.txt")
    assert subjects_with(a, ELI + "id_local", "57-NQ/TW") == subjects_with(b, ELI + "id_local", "57-NQ/TW")


def test_local_numbers_are_qualified_by_province():
    a = quads_of(plan("Cao Bằng", "1-KH/TU"), "a.txt")
    b = quads_of(plan("Hà Giang", "2-KH/TU"), "b.txt")
    assert subjects_with(a, ELI + "id_local", "09-NQ/TU").isdisjoint(subjects_with(b, ELI + "id_local", "09-NQ/TU"))


def test_party_and_state_documents_with_the_same_number_differ():
    assert iris.document_iri(parse_number("71-NQ/TW"), 2025, None) != iris.document_iri(
        parse_number("71/NQ-CP"), 2025, None
    )


def test_iris_do_not_depend_on_order_or_chance():
    text = plan("Cao Bằng", "1-KH/TU")
    assert sorted(map(str, quads_of(text, "a.txt"))) == sorted(map(str, quads_of(text, "a.txt")))


def test_everything_is_in_the_source_graph_with_provenance():
    quads = quads_of(plan("Cao Bằng", "1-KH/TU"), "cao-bang.txt")
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {iris.source_graph_iri("cao-bang.txt")}
    graph = graphs.pop()
    assert any(q.subject.value == graph and q.predicate.value.endswith("wasDerivedFrom") for q in quads)
    doc = subjects_with(quads, ELI + "id_local", "1-KH/TU").pop()
    assert any(q.subject.value == doc and q.predicate.value == PK + "firstLine" for q in quads)


# The identity rules of bodies: (name, level, the text's province) -> the province of its node.
@pytest.mark.parametrize(
    "name, level, province, node_province",
    [
        ("Văn phòng Tỉnh ủy", "province", "Cao Bằng", "cao-bang"),  # implied by the plan
        ("Bộ Chính trị", "central", "Cao Bằng", None),
        ("Học viện Chính trị quốc gia Hồ Chí Minh", "central", "Cao Bằng", None),  # a name, not a place
        ("Viettel Cao Bằng", "enterprise", "Cao Bằng", "cao-bang"),
        ("Viettel Lạng Sơn", "enterprise", "Cao Bằng", "lang-son"),  # a plan may name another's branch
        ("Trường Cao đẳng Việt - Hàn Quảng Ninh", "school", None, "quang-ninh"),
        ("Sở Tài chính tỉnh Lạng Sơn", "province", "Lạng Sơn", "lang-son"),
        ("Tập đoàn Công nghiệp - Viễn thông Quân đội", "enterprise", "Cao Bằng", None),
    ],
)
def test_agency_identity_rules(name, level, province, node_province):
    iri = iris.agency_iri(name, province, level)
    path = iri.split("/agency/")[1]
    assert (path.split("/")[0] if "/" in path else None) == node_province
    assert iris.agency_province(name, province, level) in (
        None if node_province is None else next(p for p in load_gazetteer().provinces if iris.slug(p) == node_province),
    )


def test_branches_of_two_provinces_are_two_nodes_and_a_province_written_or_implied_is_one():
    assert iris.agency_iri("Viettel Quảng Ninh", "Quảng Ninh", "enterprise") != iris.agency_iri(
        "Viettel Lạng Sơn", "Lạng Sơn", "enterprise"
    )
    assert iris.agency_iri("Ban Thường vụ Tỉnh ủy Cao Bằng", "Cao Bằng", "province") == iris.agency_iri(
        "Ban Thường vụ Tỉnh ủy", "Cao Bằng", "province"
    )
    assert iris.agency_iri("Sở Tài chính tỉnh Cao Bằng", None, "province") == iris.agency_iri(
        "Sở Tài chính", "Cao Bằng", "province"
    )


def test_a_built_store_holds_one_graph_per_source_plus_ontology_inferences_and_overlaps(built_memory_store, corpus):
    graphs = built_memory_store.graphs()
    assert len(graphs) == len(corpus) + 3  # the sources, the ontology, the inferences, the overlaps
    assert {iris.source_graph_iri(name) for name in corpus} <= set(graphs)
    assert isinstance(built_memory_store.reader(), ox.Store)
