"""RDF inputs cannot rewrite what plankg owns: one line of Turtle stating an axiom on the terms
plankg reasons with, or naming a text's graph, is refused by name (unless asked for), and the
reasoner stops within its limits with one line instead of a crash."""

from __future__ import annotations

import pytest

from .test_hostile_use import snapshot

PREFIXES = (
    "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix pk: <https://w3id.org/plankg/ontology#> .\n"
)


@pytest.mark.parametrize(
    "axiom, named",
    [
        ("eli:cites a owl:SymmetricProperty .", "cites"),
        (
            "pk:leadAgency rdfs:subPropertyOf pk:coordinatingAgency . pk:coordinatingAgency rdfs:subPropertyOf pk:leadAgency .",
            "Agency",
        ),
        ("rdf:type a owl:InverseFunctionalProperty .", "InverseFunctionalProperty"),
        ("<https://example.org/p> owl:equivalentProperty eli:cites .", "equivalentProperty"),
        ("[] owl:onProperty pk:leadAgency ; owl:hasValue <https://example.org/x> .", "leadAgency"),
    ],
)
def test_axioms_on_the_vocabularies_in_a_data_file_are_refused_by_name(run, store_dir, tmp_path, axiom, named):
    data = tmp_path / "poison.ttl"
    data.write_text(PREFIXES + axiom + "\n", encoding="utf-8")
    before = snapshot(store_dir)
    result = run("build", str(data), "--no-output", store=store_dir)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "poison.ttl" in result.stderr and named in result.stderr and "--allow-schema" in result.stderr
    assert snapshot(store_dir) == before


def test_data_about_the_vocabularies_is_accepted_with_allow_schema(run, store_dir, tmp_path):
    data = tmp_path / "extension.ttl"
    data.write_text(PREFIXES + "<https://example.org/p> rdfs:subPropertyOf eli:cites .\n", encoding="utf-8")
    assert run("build", str(data), "--no-output", "--allow-schema", store=store_dir).exit_code == 0


def test_plain_data_using_the_vocabularies_is_not_schema(run, store_dir, tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(
        PREFIXES + '<https://example.org/d> a eli:LegalResource ; rdfs:label "một văn bản"@vi ; '
        "eli:cites <https://w3id.org/plankg/id/document/57-nq-tw-2024> .\n",
        encoding="utf-8",
    )
    assert run("build", str(data), "--no-output", "--no-validate", store=store_dir).exit_code == 0


@pytest.mark.parametrize("suffix", ["trig", "nq"])
def test_a_data_file_naming_a_texts_graph_is_refused_unless_asked(run, store_dir, tmp_path, suffix):
    graph = "https://w3id.org/plankg/graph/source/quang-ninh-538-kh-tu"
    data = tmp_path / f"hijack.{suffix}"
    statement = '<https://example.org/a> <https://example.org/b> "c"'
    data.write_text(
        f"<{graph}> {{ {statement} . }}\n" if suffix == "trig" else f"{statement} <{graph}> .\n", encoding="utf-8"
    )
    before = snapshot(store_dir)
    result = run("build", str(data), "--no-output", store=store_dir)
    assert result.exit_code == 1 and graph in result.stderr and "--replace-graph" in result.stderr
    assert snapshot(store_dir) == before
    replaced = run("build", str(data), "--no-output", "--no-validate", "--replace-graph", store=store_dir)
    assert replaced.exit_code == 0, replaced.stderr
    assert "538-KH/TU" not in run("query", "documents", store=store_dir).stdout


def test_a_reasoner_that_runs_out_of_its_memory_fails_as_one_line(run, store_dir, tmp_path, monkeypatch):
    from plankg.graph import reason

    monkeypatch.setattr(reason, "REASONER_MEMORY", 300 * 2**20)
    data = tmp_path / "ifp.ttl"
    data.write_text(PREFIXES + "rdf:type a owl:InverseFunctionalProperty .\n", encoding="utf-8")
    before = snapshot(store_dir)
    result = run("build", str(data), "--no-output", "--allow-schema", store=store_dir)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1 and "memory" in result.stderr
    assert snapshot(store_dir) == before


def test_a_reasoner_past_its_time_is_stopped_as_one_line(run, store_dir, tmp_path, monkeypatch):
    from plankg.graph import reason

    monkeypatch.setattr(reason, "REASONER_SECONDS", 0.001)
    result = run("reason", store=store_dir)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1 and "ran past" in result.stderr


def test_the_reference_reasoner_keeps_to_the_same_limits(run, store_dir, monkeypatch):
    from plankg.graph import reason

    monkeypatch.setattr(reason, "REASONER_SECONDS", 0.001)
    before = snapshot(store_dir)
    result = run("reason", "--reasoner", "owlrl", store=store_dir)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1 and "ran past" in result.stderr
    assert snapshot(store_dir) == before
