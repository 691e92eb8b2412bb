"""The RDF the loaders' records become: identity of documents and agencies, provenance."""
import hashlib

import pyoxigraph as ox
import pytest

from plankg.graph import iris
from plankg.graph.namespaces import ELI, PK
from plankg.graph.rdf_build import build_quads
from plankg.loaders.docnumbers import parse_number
from plankg.loaders.extract import extract_text


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
    assert iris.document_iri(parse_number("71-NQ/TW"), 2025, None) != iris.document_iri(parse_number("71/NQ-CP"), 2025, None)


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


@pytest.mark.parametrize("name, local", [("Văn phòng Tỉnh ủy", True), ("Bộ Chính trị", False)])
def test_agency_iris(name, local):
    iri = iris.agency_iri(name, "Cao Bằng", local)
    assert ("/cao-bang/" in iri) is local


def test_issuer_with_province_is_the_same_agency_as_without():
    assert iris.agency_iri(iris.without_province("Ban Thường vụ Tỉnh ủy Cao Bằng", "Cao Bằng"), "Cao Bằng", True) == \
        iris.agency_iri("Ban Thường vụ Tỉnh ujy".replace("ujy", "ủy"), "Cao Bằng", True)


def test_a_built_store_holds_one_graph_per_source_plus_ontology_and_inferences(built_memory_store, corpus):
    graphs = built_memory_store.graphs()
    assert len(graphs) == len(corpus) + 2  # the sources, the ontology, the inferences
    assert {iris.source_graph_iri(name) for name in corpus} <= set(graphs)
    assert isinstance(built_memory_store.reader(), ox.Store)
