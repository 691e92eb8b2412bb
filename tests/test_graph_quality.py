"""What the built graph promises: SHACL conformance, escaping in the view, collation for people."""

import re

import pyoxigraph as ox
import pytest

from plankg.graph.querying import catalog, vietnamese_key
from plankg.graph.store import MemoryStore
from plankg.graph.validate import validate_store
from plankg.graph.view import projection, render_html
from plankg.pipeline import build


def test_the_built_corpus_conforms(built_memory_store):
    result = validate_store(built_memory_store.reader())
    assert result.conforms, result.report_text


PK = "https://w3id.org/plankg/ontology#"


def _without(store, task, *properties) -> ox.Store:
    changed = ox.Store()
    changed.extend(store.reader())
    for name in properties:
        for quad in list(changed.quads_for_pattern(task, ox.NamedNode(PK + name), None)):
            changed.remove(quad)
    return changed


def test_a_task_naming_no_body_does_not_conform(built_memory_store):
    lead = ox.NamedNode(PK + "leadAgency")
    task = next(iter(built_memory_store.reader().quads_for_pattern(None, lead, None))).subject
    result = validate_store(_without(built_memory_store, task, "leadAgency", "coordinatingAgency"))
    assert not result.conforms and result.violations >= 1
    assert "cơ quan chủ trì hoặc phối hợp" in result.report_text


def test_a_task_with_coordinators_only_conforms_with_a_warning(built_memory_store):
    task = next(
        iter(
            built_memory_store.reader().query(
                f"SELECT ?t WHERE {{ ?t <{PK}leadAgency> ?l ; <{PK}coordinatingAgency> ?c }} LIMIT 1"
            )
        )
    )["t"]
    before = validate_store(built_memory_store.reader()).warnings
    result = validate_store(_without(built_memory_store, task, "leadAgency"))
    assert result.conforms and result.violations == 0 and result.warnings == before + 1


def test_text_from_documents_cannot_break_out_of_the_page(tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "TỈNH ỦY CAO BẰNG\nSố 5-KH/TU            Cao Bằng, ngày 01 tháng 6 năm 2025\nKẾ HOẠCH\n"
        "thực hiện Nghị quyết số 57-NQ/TW </script><script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
        "Thực hiện Nghị quyết số 57-NQ/TW, Ban Thường vụ Tỉnh ủy ban hành:\n\nI- TỔ CHỨC THỰC HIỆN\n"
        "1. Văn phòng Tỉnh ủy: chủ trì </script><b>tham mưu</b> triển khai Nghị quyết (thực hiện hằng năm).\n",
        encoding="utf-8",
    )
    store = MemoryStore()
    build([hostile], store, None)
    html = render_html(projection(store), "test")
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>tham" not in html
    assert html.count("</script>") == 5  # only the page's own scripts close: vis-network, three of data, the view


def test_vietnamese_order():
    words = ["Đà Nẵng", "Huế", "Hà Nội", "An Giang", "Ăn", "Bắc Ninh", "Dak", "Cà Mau"]
    assert sorted(words, key=vietnamese_key) == [
        "An Giang",
        "Ăn",
        "Bắc Ninh",
        "Cà Mau",
        "Dak",
        "Đà Nẵng",
        "Hà Nội",
        "Huế",
    ]


@pytest.mark.parametrize("name", sorted(catalog()))
def test_named_queries_document_themselves(name):
    query = catalog()[name]
    assert query.title != name and len(query.description) > 20
    for param in query.parameters:
        assert param.description and param.default is not None


def test_rows_sort_descending_then_in_vietnamese_order():
    from plankg.graph.querying import to_table

    store = ox.Store()
    for name, count in [("Huế", 2), ("Hà Nội", 2), ("Đà Nẵng", 5), ("An Giang", 2), ("Cà Mau", 10)]:
        node = ox.NamedNode("https://example.org/" + str(abs(hash(name))))
        store.add(ox.Quad(node, ox.NamedNode("https://example.org/name"), ox.Literal(name)))
        store.add(ox.Quad(node, ox.NamedNode("https://example.org/count"), ox.Literal(count)))
    rows = store.query("SELECT ?n ?name WHERE { ?x <https://example.org/name> ?name ; <https://example.org/count> ?n }")
    table = to_table(rows, ["-n", "name"])
    assert [row[1].value for row in table.rows] == ["Cà Mau", "Đà Nẵng", "An Giang", "Hà Nội", "Huế"]


@pytest.mark.parametrize("name", sorted(catalog()))
def test_named_queries_sort_by_their_own_columns(name):
    """A sort line naming a column the query does not return would be silently ignored."""
    query = catalog()[name]
    projected = set(re.findall(r"\?(\w+)", query.text.split("WHERE")[0]))
    assert query.sort and {c.lstrip("-") for c in query.sort} <= projected
