"""Exports pass the project's own checks: every default export conforms to the shapes when read
with the ontology, the triple formats build again, and each file has its own description whose
counts are those of the file (or, for `describe`, of what the endpoint serves)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate as shacl_validate

from plankg.ontology import ontology_text, shapes_text

FORMATS = {
    "turtle": ("ttl", "turtle"),
    "nt": ("nt", "nt"),
    "rdfxml": ("rdf", "xml"),
    "trig": ("trig", "trig"),
    "nquads": ("nq", "nquads"),
    "jsonld": ("jsonld", "json-ld"),
}
VOID = "http://rdfs.org/ns/void#"
PK = "https://w3id.org/plankg/ontology#"


def _conforms(data: rdflib.Graph) -> tuple[bool, str]:
    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    conforms, _, text = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return bool(conforms), text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_default_export_conforms_to_the_shapes_with_the_ontology(run, store_dir, tmp_path, fmt):
    suffix, syntax = FORMATS[fmt]
    target = tmp_path / f"graph.{suffix}"
    assert run("export", "--format", fmt, "-o", str(target), store=store_dir).exit_code == 0
    if fmt in ("trig", "nquads", "jsonld"):
        dataset = rdflib.Dataset()
        dataset.parse(target, format=syntax)
        data = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            data.add((s, p, o))
    else:
        data = rdflib.Graph().parse(target, format=syntax)
    data.parse(data=ontology_text(), format="turtle")
    conforms, text = _conforms(data)
    assert conforms, text[:2000]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "rdfxml"])
def test_plankg_build_loads_a_default_triple_export(run, store_dir, tmp_path, fmt):
    target = tmp_path / f"graph.{FORMATS[fmt][0]}"
    assert run("export", "--format", fmt, "-o", str(target), store=store_dir).exit_code == 0
    result = run("build", str(target), "--no-output", store=tmp_path / "again")
    assert result.exit_code == 0, result.stderr


TASK = """@prefix pk: <https://w3id.org/plankg/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> . @prefix eli: <http://data.europa.eu/eli/ontology#> .
<urn:t> a pk:Task ; schema:description "Xây dựng kế hoạch" ; pk:assignedBy <urn:plan> ; pk:leadAgency <urn:a> .
<urn:a> a pk:Agency . <urn:plan> a eli:LegalResource .
"""


def _task_violations(extra: str) -> list[str]:
    data = rdflib.Graph().parse(data=TASK + extra, format="turtle")
    data.parse(data=ontology_text(), format="turtle")
    conforms, text = _conforms(data)
    return [] if conforms else [line for line in text.splitlines() if "line it was read from" in line]


def test_a_task_of_a_plan_read_from_a_source_still_needs_its_line():
    source = "<urn:plan> prov:wasDerivedFrom <urn:source> .\n"
    assert _task_violations(source)
    assert not _task_violations(source + "<urn:t> pk:firstLine 12 .\n")
    assert not _task_violations("")  # no provenance kept: nothing to point at


def test_each_output_file_has_its_own_description_with_its_dump_and_dataset(run, store_dir, tmp_path):
    first, second = tmp_path / "a.x.ttl", tmp_path / "a.y.nt"
    assert run("export", "-o", str(first), store=store_dir).exit_code == 0
    assert run("export", "--format", "nquads", "-o", str(second), store=store_dir).exit_code == 0
    datasets = []
    for output, syntax in ((first, ox.RdfFormat.TURTLE), (second, ox.RdfFormat.N_QUADS)):
        described = output.with_name(output.name.rsplit(".", 1)[0] + ".void.ttl")
        description = ox.Store()
        description.load(described.read_bytes(), format=ox.RdfFormat.TURTLE)
        (dump,) = description.quads_for_pattern(None, ox.NamedNode(VOID + "dataDump"), None)
        assert dump.object.value == output.resolve().as_uri()
        (count,) = description.quads_for_pattern(dump.subject, ox.NamedNode(VOID + "triples"), None)
        held = list(ox.parse(output.read_bytes(), format=syntax))
        assert int(count.object.value) == len(held) > 1000
        datasets.append(dump.subject.value)
    assert datasets[0] != datasets[1]


def test_describe_counts_what_the_endpoint_serves(run, store_dir):
    from plankg.graph.store import DiskStore

    description = ox.Store()
    description.load(run("describe", store=store_dir).stdout.encode(), format=ox.RdfFormat.TURTLE)
    dataset = ox.NamedNode("https://w3id.org/plankg/dataset")
    (count,) = description.quads_for_pattern(dataset, ox.NamedNode(VOID + "triples"), None)
    served = next(iter(DiskStore(store_dir).reader().query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
    assert int(count.object.value) == int(served.value)
