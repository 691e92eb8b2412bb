"""Exports other linked-data systems accept: each format loads back to the same data, JSON-LD
is compact with the shipped context and expands (by an independent processor) to the same
triples, Turtle reads well, and the TBox and inferences go out only when asked."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from plankg.graph.namespaces import INFERENCE_GRAPH, ONTOLOGY_GRAPH, OVERLAP_GRAPH
from plankg.graph.serialize import chosen_graphs, context, shipped_context, union, write
from plankg.graph.store import DiskStore

DRAWN = {ONTOLOGY_GRAPH, INFERENCE_GRAPH, OVERLAP_GRAPH}
SUFFIX = {"turtle": "ttl", "nt": "nt", "rdfxml": "rdf", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}


def data_quads(store) -> set[str]:
    return {
        str(q)
        for q in store
        if isinstance(q.graph_name, ox.NamedNode)
        and q.graph_name.value not in DRAWN
        and not q.graph_name.value.startswith("https://w3id.org/plankg/graph/file/")
    }


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_every_format_loads_back_to_the_same_data(run, store_dir, tmp_path, fmt):
    exported = tmp_path / f"graph.{SUFFIX[fmt]}"
    assert run("export", "--format", fmt, "-o", str(exported), store=store_dir).exit_code == 0
    copy = tmp_path / "copy"
    result = run("build", str(exported), "--no-output", "--no-validate", "--no-reason", store=copy)
    assert result.exit_code == 0, result.stderr
    original, loaded = DiskStore(store_dir).reader(), DiskStore(copy).reader()
    if fmt in ("trig", "nquads", "jsonld"):
        assert data_quads(loaded) == data_quads(original)
    else:  # a triple format: the union of the data, in the file's own graph
        own = ox.NamedNode(f"https://w3id.org/plankg/graph/file/graph-{SUFFIX[fmt]}")
        loaded_union = {
            str(ox.Triple(q.subject, q.predicate, q.object)) for q in loaded.quads_for_pattern(None, None, None, own)
        }
        assert loaded_union == {str(t) for t in union(original, chosen_graphs(original), provenance=False)}


def test_json_ld_is_compact_and_an_independent_processor_reads_the_same_triples(built_memory_store):
    from pyld import jsonld

    reader = built_memory_store.reader()
    graphs = chosen_graphs(reader)
    document = json.loads(write(reader, "jsonld", graphs))
    text = json.dumps(document, ensure_ascii=False)
    assert '"title"' in text and '"cites"' in text and '"prefLabel"' in text
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    expanded = {str(q) for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}
    expected = {str(q) for g in graphs for q in reader.quads_for_pattern(None, None, None, g)}
    assert expanded == expected


def test_the_shipped_context_is_the_one_the_ontology_gives():
    assert shipped_context() == context()


def test_turtle_reads_well(store_dir, run):
    text = run("export", "--format", "turtle", store=store_dir).stdout
    assert "\\/" not in text and "<https://w3id.org/plankg/id/doc/tw/nq/2024/57> a " in text
    blocks = [block for block in text.split("\n\n") if block and not block.startswith("@prefix")]
    assert len(blocks) > 100 and all(block.rstrip().endswith(" .") for block in blocks)
    types = [block for block in blocks if " a " in block.split("\n")[0]]
    assert len(types) > len(blocks) / 2  # "a" comes first wherever a subject has a type


def test_the_tbox_and_inferences_go_out_only_when_asked(run, store_dir):
    plain = run("export", "--format", "nquads", store=store_dir).stdout
    assert ONTOLOGY_GRAPH not in plain and INFERENCE_GRAPH not in plain
    full = run("export", "--format", "nquads", "--with-inferred", "--with-ontology", store=store_dir).stdout
    assert ONTOLOGY_GRAPH in full and INFERENCE_GRAPH in full and OVERLAP_GRAPH in full


def test_the_description_counts_what_the_export_holds(run, store_dir, tmp_path):
    exported = tmp_path / "graph.nq"
    assert run("export", "--format", "nquads", "-o", str(exported), store=store_dir).exit_code == 0
    described = tmp_path / "graph.void.ttl"
    assert described.exists()
    description = ox.Store()
    description.load(described.read_bytes(), format=ox.RdfFormat.TURTLE)
    quads = list(ox.parse(exported.read_bytes(), format=ox.RdfFormat.N_QUADS))
    void = "http://rdfs.org/ns/void#"
    dataset = ox.NamedNode("https://w3id.org/plankg/dataset/export/nquads")
    stated = int(next(description.quads_for_pattern(dataset, ox.NamedNode(void + "triples"), None)).object.value)
    assert stated == len(quads)  # a dataset's statements: each graph's triples
    tasks = next(
        r
        for r in description.query(
            f"SELECT ?n WHERE {{ ?p <{void}class> <https://w3id.org/plankg/ontology#Task> ; <{void}entities> ?n }}"
        )
    )
    assert int(tasks["n"].value) == len({q.subject for q in quads if q.object.value.endswith("ontology#Task")})
    licence = next(description.quads_for_pattern(dataset, ox.NamedNode("http://purl.org/dc/terms/license"), None))
    assert "creativecommons" in licence.object.value
    sources = list(description.quads_for_pattern(None, ox.NamedNode("https://w3id.org/plankg/ontology#sha256"), None))
    assert len(sources) == 5


def test_provenance_stays_in_datasets_and_leaves_the_union_unless_asked(run, store_dir):
    """Line numbers belong to one source: TriG keeps them in its graph; a Turtle union would give
    57-NQ/TW one first line per text that cites it, so it leaves them out unless asked."""

    def first_lines(text: str, fmt: str) -> dict[str, set[str]]:
        store = ox.Store()
        store.load(text.encode("utf-8"), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.TURTLE)
        found: dict[str, set[str]] = {}
        for quad in store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/plankg/ontology#firstLine"), None):
            found.setdefault(quad.subject.value, set()).add(quad.object.value)
        return found

    decree = "https://w3id.org/plankg/id/doc/tw/nq/2024/57"
    assert first_lines(run("export", "--format", "turtle", store=store_dir).stdout, "turtle") == {}
    assert "prov:wasDerivedFrom" not in run("export", "--format", "turtle", store=store_dir).stdout
    union_lines = first_lines(run("export", "--format", "turtle", "--provenance", store=store_dir).stdout, "turtle")
    assert len(union_lines[decree]) > 1  # piled up: one per text
    trig = run("export", "--format", "trig", store=store_dir).stdout
    assert first_lines(trig, "trig")[decree] and "prov:wasDerivedFrom" in trig
    assert "firstLine" not in run("export", "--format", "trig", "--no-provenance", store=store_dir).stdout


def test_the_description_counts_the_export_and_names_the_sources_either_way(run, store_dir, tmp_path):
    for flag in ("--provenance", "--no-provenance"):
        exported = tmp_path / f"graph{flag}.ttl"
        assert run("export", "--format", "turtle", flag, "-o", str(exported), store=store_dir).exit_code == 0
        description = ox.Store()
        description.load((tmp_path / f"graph{flag}.void.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
        counted = {
            row["p"].value
            for row in description.query("SELECT ?p WHERE { ?part <http://rdfs.org/ns/void#property> ?p }")
        }
        sources = list(description.query("SELECT ?s WHERE { ?d <http://purl.org/dc/terms/source> ?s }"))
        assert len(sources) == 5
        assert ("https://w3id.org/plankg/ontology#firstLine" in counted) == (flag == "--provenance")
