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
    from plankg.graph.store import MemoryStore

    store = MemoryStore()  # a store's reader: its default graph holds the union
    graphs = [N(GRAPH + f"source/plan-{k}") for k in range(30)]
    store.write(
        lambda working: working.extend(
            ox.Quad(source, predicate, value, graph)
            for k, graph in enumerate(graphs)
            for source in [N(ID + f"source/{k:064x}")]
            for predicate, value in (
                (N(RDF + "type"), N(PK + "SourceText")),
                (N(PK + "sha256"), ox.Literal(f"{k:064x}")),
            )
        )
    )
    out = description(store.reader(), graphs)
    hashes = {t.subject.value: t.object.value for t in out if t.predicate.value == PK + "sha256"}
    assert len(hashes) == 30 and all(iri.endswith(sha) for iri, sha in hashes.items())


PLAN = (
    "TỈNH ỦY CAO BẰNG\nSố {n}-KH/TU            Cao Bằng, ngày 01 tháng 6 năm 2025\nKẾ HOẠCH\n"
    "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
    "I- TỔ CHỨC THỰC HIỆN\n"
    "1. Văn phòng Tỉnh ủy: chủ trì tham mưu triển khai Nghị quyết (hoàn thành trong năm 2025).\n"
    "2. Sở Khoa học và Công nghệ: chủ trì xây dựng đề án chuyển đổi số số {n} (hoàn thành trong năm 2026).\n"
)


def _two_plans(tmp_path):
    """A store built from two plans that state some of the same things (the resolution, the bodies)."""
    from plankg.graph.store import MemoryStore
    from plankg.pipeline import build

    for n in (1, 2):
        (tmp_path / f"plan-{n}.txt").write_text(PLAN.format(n=n), encoding="utf-8")
    store = MemoryStore()
    build([tmp_path], store, None)
    return store.reader()


def test_the_description_counts_what_each_export_file_holds(tmp_path):
    from collections import Counter

    from plankg.graph.describe import counts
    from plankg.graph.formats import by_name
    from plankg.graph.serialize import chosen_graphs, default_provenance, write

    reader = _two_plans(tmp_path)
    seen = {}
    for fmt, with_inferred, with_ontology in (
        ("turtle", False, False),
        ("nt", True, True),
        ("nquads", True, True),
        ("nquads", False, True),
    ):
        graphs = chosen_graphs(reader, with_inferred, with_ontology)
        syntax = by_name(fmt)
        held = list(ox.parse(write(reader, fmt, graphs), format=syntax.rdf_format))
        counted = counts(reader, graphs, default_provenance(fmt), syntax.dataset)
        assert counted.triples == len(held), fmt
        assert counted.properties == dict(Counter(s.predicate.value for s in held)), fmt
        typed = {(s.subject, s.object) for s in held if s.predicate.value == RDF + "type"}
        assert counted.classes == dict(Counter(o.value for _, o in typed)), fmt
        assert counted.entities == len({s.subject for s in held}), fmt
        seen[fmt, with_inferred, with_ontology] = counted.triples
    # the two plans share statements: the union as a set holds fewer than the quads
    assert seen["nt", True, True] < seen["nquads", True, True]


class _AnswersOnly:
    """A store that answers SPARQL and names its graphs but gives out no statement one by one,
    counting the rows of its answers."""

    def __init__(self, store: ox.Store) -> None:
        self._store, self.rows = store, 0

    def named_graphs(self):
        return self._store.named_graphs()

    def query(self, sparql: str):
        rows = list(self._store.query(sparql))
        self.rows += len(rows)
        return rows


def test_the_description_is_counted_by_the_store_not_read_statement_by_statement(tmp_path):
    from plankg.graph.describe import description
    from plankg.graph.serialize import chosen_graphs
    from plankg.graph.store import count_named_quads

    reader = _two_plans(tmp_path)
    store = _AnswersOnly(reader)
    for as_quads in (False, True):
        out = description(store, chosen_graphs(reader, True, True), as_quads=as_quads)  # type: ignore[arg-type]
        assert any(t.predicate.value == PK + "sha256" for t in out)
    assert store.rows < count_named_quads(reader) / 5


def test_a_large_graph_checked_in_batches_finds_what_a_check_of_the_whole_graph_finds(tmp_path, monkeypatch):
    from plankg.graph import validate

    reader = _two_plans(tmp_path)
    broken = ox.Store()
    broken.extend(reader)
    task = next(q.subject for q in reader.quads_for_pattern(None, N(RDF + "type"), N(PK + "Task")))
    for p in ("leadAgency", "coordinatingAgency", "firstLine"):
        for q in list(broken.quads_for_pattern(task, N(PK + p), None)):
            broken.remove(q)
    whole = validate.validate_store(broken)
    monkeypatch.setattr(validate, "WHOLE_GRAPH_NODES", 0)
    monkeypatch.setattr(validate, "BATCH_NODES", 3)
    batched = validate.validate_store(broken)
    assert not whole.conforms and not batched.conforms
    assert (batched.violations, batched.warnings, batched.failures) == (
        whole.violations,
        whole.warnings,
        whole.failures,
    )
    assert {node for node, _ in whole.failures} == {task.value}
    assert batched.report_text.count("Focus Node:") == whole.report_text.count("Focus Node:")
