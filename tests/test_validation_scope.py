"""A build into a store that holds data checks the nodes it can have changed, and still catches
what a check of the whole graph catches."""

import pytest

from plankg.errors import PlankgError
from plankg.graph.store import MemoryStore
from plankg.graph.validate import validate_store
from plankg.pipeline import build

PLAN = """TỈNH ỦY CAO BẰNG
Số 5-KH/TU            Cao Bằng, ngày 01 tháng 6 năm 2025
KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày {date} của Bộ Chính trị

Thực hiện Nghị quyết số 57-NQ/TW ngày {date} của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành:

I- TỔ CHỨC THỰC HIỆN
1. Văn phòng Tỉnh ủy chủ trì tham mưu triển khai Nghị quyết (thực hiện hằng năm).
"""


@pytest.fixture
def bundled(corpus) -> MemoryStore:
    store = MemoryStore()
    build(list(corpus.values()), store, None)
    return store


def test_adding_a_text_checks_the_nodes_it_touches(bundled, tmp_path):
    text = tmp_path / "cao-bang-5-KH-TU.txt"
    text.write_text(PLAN.format(date="22/12/2024"), encoding="utf-8")
    summary = build([text], bundled, None)
    everything = validate_store(bundled.reader())
    assert summary.validation.conforms and everything.conforms
    subjects = {q.subject for q in bundled.reader()}
    assert 0 < summary.validation.nodes < len(subjects) / 4


def test_a_fact_that_contradicts_another_text_is_caught(bundled, tmp_path):
    """The bundled texts cite 204-QĐ/TW as a decision (Quyết định); a text that calls it a
    regulation (Quy định) gives one document two types (exactly one allowed), though each text
    alone conforms. (A date that differs is no contradiction: a slip of the pen is the known
    document, another date another document; graph/identity.py.)"""
    text = tmp_path / "cao-bang-5-KH-TU.txt"
    text.write_text(
        PLAN.format(date="22/12/2024").replace(
            "I- TỔ CHỨC", "Căn cứ Quy định số 204-QĐ/TW ngày 29/11/2024 của Ban Bí thư;\n\nI- TỔ CHỨC"
        ),
        encoding="utf-8",
    )
    before = sorted(map(str, bundled.reader()))
    with pytest.raises(PlankgError, match="does not conform"):
        build([text], bundled, None)
    assert sorted(map(str, bundled.reader())) == before


def test_a_node_that_points_to_a_vanished_one_is_caught(corpus, tmp_path):
    """A document from an RDF file cites the Thái Nguyên programme, typed only by its text. When
    that text is rebuilt without it, the citing document, in no changed graph, must be checked."""
    citing = tmp_path / "citing.ttl"
    citing.write_text(
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        '<https://example.org/doc/1> a eli:LegalResource ; eli:id_local "1/QĐ-UBND" ;\n'
        "  eli:type_document <https://w3id.org/plankg/vocab/doctype-QD> ;\n"
        "  eli:cites <https://w3id.org/plankg/id/doc/tu-thai-nguyen/ctr/2025/62> .\n",
        encoding="utf-8",
    )
    store = MemoryStore()
    replaced = tmp_path / corpus["thai-nguyen-62-CTr-TU-ocr.txt"].name  # the file, edited later
    replaced.write_bytes(corpus["thai-nguyen-62-CTr-TU-ocr.txt"].read_bytes())
    others = [p for name, p in corpus.items() if name != replaced.name]
    build([*others, replaced, citing], store, None, reasoner=None)
    replaced.write_text(PLAN.format(date="22/12/2024"), encoding="utf-8")
    with pytest.raises(PlankgError, match="does not conform"):
        build([replaced], store, None, reasoner=None)
