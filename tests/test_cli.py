"""Every command through the CLI, on the bundled corpus; bad input leaves the store untouched."""

import csv
import io
import json
import re

import pytest
import rdflib
from rdflib.compare import isomorphic

from plankg.graph.querying import catalog
from plankg.graph.store import DiskStore


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("Reading")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("plankg: error: ")
    return lines[0]


def test_build_the_bundled_corpus(run, tmp_path, corpus):
    out = tmp_path / "graph.trig"
    result = run("build", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    summary = result.stdout
    numbers = {word: n for n, word in re.findall(r"(\d+) (documents|tasks|agencies|indicators|triples)", summary)}
    assert int(numbers["tasks"]) > 50 and int(numbers["agencies"]) > 50 and int(numbers["indicators"]) > 50
    assert "conforms" in summary
    dataset = rdflib.Dataset()
    dataset.parse(out, format="trig")
    assert len(list(dataset.graphs())) >= len(corpus) + 1


def test_build_accepts_rdf_files(run, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        '<https://example.org/doc/1> a eli:LegalResource ; eli:id_local "1/QĐ-UBND" ;\n'
        "  eli:type_document <https://w3id.org/plankg/vocab/doctype-QD> .\n",
        encoding="utf-8",
    )
    result = run("build", str(extra), "--no-output")
    assert result.exit_code == 0, result.stderr
    found = run("query", "documents", "--format", "csv")
    assert "1/QĐ-UBND" in found.stdout


@pytest.mark.parametrize("name", sorted(catalog()))
def test_every_named_query_runs(run, store_dir, name):
    result = run("query", name, "--format", "json", store=store_dir)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"]
    params = {p.name for p in catalog()[name].parameters}
    assert params.isdisjoint(data["head"]["vars"])


def test_plans_implementing_57(run, store_dir):
    result = run("query", "plans-implementing", "--param", "number=57-NQ/TW", "--format", "csv", store=store_dir)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"538-KH/TU", "238-KH/TU", "62-CTr/TU"} <= {r["plan_number"] for r in rows}


def test_dependencies_are_transitive(run, store_dir, tmp_path):
    chain = tmp_path / "chain.ttl"
    chain.write_text(
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        '<https://example.org/a> a eli:LegalResource ; eli:id_local "1-KH/HU" ; '
        "eli:type_document <https://w3id.org/plankg/vocab/doctype-KH> ;\n"
        "  eli:ensures_implementation_of <https://w3id.org/plankg/id/doc/tu-quang-ninh/kh/2025/538> .\n",
        encoding="utf-8",
    )
    assert run("build", str(chain), "--no-output", store=store_dir).exit_code == 0
    result = run("query", "dependencies", "-p", "number=1-KH/HU", "--format", "csv", store=store_dir)
    rows = {r["depends_on"]: r["direct"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["538-KH/TU"] == "true" and rows["57-NQ/TW"] == "false"


def test_agency_tasks_with_deadlines(run, store_dir):
    result = run(
        "query", "agency-tasks", "-p", "agency_name=Ban Tổ chức Tỉnh ủy Quảng Ninh", "--format", "tsv", store=store_dir
    )
    lines = result.stdout.strip().split("\n")
    assert lines[0].split("\t")[:4] == ["?agency", "?province", "?role", "?plan_number"]
    assert len(lines) > 2 and all('"538-KH/TU"' in line for line in lines[1:])


def test_parameters_are_bound_not_pasted(run, store_dir):
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p ?o'
    result = run("query", "agency-tasks", "-p", f"agency_name={hostile}", store=store_dir)
    assert result.exit_code == 1 and "no agency in the graph matches" in result.stderr
    literal = run("query", "tasks-due", "-p", "year=2026", store=store_dir)  # the store is whole
    assert literal.exit_code == 0 and "538-KH/TU" in literal.stdout


def test_names_are_found_without_diacritics_case_or_spacing(run, store_dir):
    exact = run("query", "dependencies", "-p", "number=204-QĐ/TW", store=store_dir)
    for typed in ("204-QD/TW", "204-qđ/tw", " 204 - QD/TW"):
        assert run("query", "dependencies", "-p", f"number={typed}", store=store_dir).stdout == exact.stdout
    plain = run("query", "agency-tasks", "-p", "agency_name=van phong tinh uy", "--format", "csv", store=store_dir)
    written = run("query", "agency-tasks", "-p", "agency_name=Văn phòng Tỉnh ủy", "--format", "csv", store=store_dir)
    assert plain.stdout == written.stdout and plain.stdout.count("\n") > 3


def test_an_unknown_name_suggests_the_closest(run, store_dir):
    result = run("query", "plans-implementing", "-p", "number=57-NQ/TX", store=store_dir)
    assert result.exit_code == 1 and "57-NQ/TW" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_own_query_file_and_stdin(run, store_dir, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a pk:Task }", encoding="utf-8")
    assert (
        int(
            json.loads(run("query", str(query), "--format", "json", store=store_dir).stdout)["results"]["bindings"][0][
                "n"
            ]["value"]
        )
        > 50
    )
    ask = run("query", "-", store=store_dir, input="ASK { ?s a pk:Indicator }")
    assert ask.stdout.strip() == "true"


def test_extract_json_and_turtle(run, corpus):
    result = run("extract", str(corpus["quang-ninh-538-KH-TU.txt"]))
    report = json.loads(result.stdout)
    assert report["document"]["number"] == "538-KH/TU" and report["assignments"]
    turtle = run("extract", str(corpus["quang-ninh-538-KH-TU.txt"]), "--format", "turtle")
    assert len(rdflib.Graph().parse(data=turtle.stdout, format="turtle")) > 1000


@pytest.mark.parametrize(
    "fmt, rdflib_format, dataset",
    [
        ("turtle", "turtle", False),
        ("nt", "nt", False),
        ("jsonld", "json-ld", True),
        ("rdfxml", "xml", False),
        ("trig", "trig", True),
        ("nquads", "nquads", True),
    ],
)
def test_export_reparses_to_an_isomorphic_graph(run, store_dir, tmp_path, fmt, rdflib_format, dataset):
    reference = rdflib.Dataset()
    reference.parse(data=run("export", "--format", "nquads", store=store_dir).stdout_bytes, format="nquads")
    out = tmp_path / f"graph.{fmt}"
    # with the provenance, which triple formats leave out unless asked (tests/test_exports.py)
    assert run("export", "--format", fmt, "--provenance", "-o", str(out), store=store_dir).exit_code == 0
    if dataset:
        parsed = rdflib.Dataset()
        parsed.parse(out, format=rdflib_format)
        names = {g.identifier for g in reference.graphs() if len(g)}
        assert names == {g.identifier for g in parsed.graphs() if len(g)}
        for name in names:
            assert isomorphic(reference.graph(name), parsed.graph(name)), name
    else:
        union = rdflib.Graph()
        for s, p, o, _ in reference.quads((None, None, None, None)):
            union.add((s, p, o))
        parsed = rdflib.Graph().parse(out, format=rdflib_format)
        assert isomorphic(union, parsed)


def test_view_works_offline_and_escapes_text(run, store_dir, tmp_path):
    out = tmp_path / "view.html"
    result = run("view", "-o", str(out), store=store_dir)
    assert result.exit_code == 0, result.stderr
    html = out.read_text("utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.IGNORECASE)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?https?:", html)
    assert "new vis.Network" in html and "Kế hoạch, chương trình" in html
    focused = tmp_path / "focus.html"
    assert run("view", "--focus", "538-KH/TU", "--depth", "1", "-o", str(focused), store=store_dir).exit_code == 0
    assert len(focused.read_text("utf-8")) < len(html)


def test_validate_conforms(run, store_dir):
    result = run("validate", store=store_dir)
    assert result.exit_code == 0 and "Conforms: yes" in result.stdout


def test_remove_a_source(run, store_dir):
    inferred_about_62 = (
        "ASK { GRAPH <https://w3id.org/plankg/graph/inferred> { ?plan pk:dependsOn ?doc } "
        "FILTER(?plan = <https://w3id.org/plankg/id/doc/tu-thai-nguyen/ctr/2025/62>) }"
    )
    assert run("query", "-", input=inferred_about_62, store=store_dir).stdout.strip() == "true"
    result = run("remove", "thai-nguyen-62-CTr-TU-ocr.txt", store=store_dir)
    assert result.exit_code == 0 and "inferred triples" in result.stdout
    result = run("query", "plans-implementing", "--format", "csv", store=store_dir)
    assert "62-CTr/TU" not in result.stdout and "538-KH/TU" in result.stdout
    # what was drawn from the removed text went with it
    assert run("query", "-", input=inferred_about_62, store=store_dir).stdout.strip() == "false"


# -- bad input ---------------------------------------------------------------------------------


def bad_files(tmp_path):
    files = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02PK\x03\x04" * 100,
        "latin.txt": b"Ngh\xec quy\xeat s\xf4 57 c\xf1a B\xf4 Ch\xednh tr\xec\n",  # a Windows code page
        "broken.ttl": b"<a> <b> .",
        "empty.ttl": b"",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "empty-folder").mkdir()
    return files


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["build", "{tmp}/missing.txt"], 1, "no such file"),
        (["build", "{tmp}/empty-folder"], 1, "no texts"),
        (["build", "{tmp}/empty.txt"], 1, "empty"),
        (["build", "{tmp}/binary.txt"], 1, "binary"),
        (["build", "{tmp}/latin.txt"], 1, ""),
        (["build", "{tmp}/broken.ttl"], 1, "malformed"),
        (["build", "{tmp}/empty.ttl"], 1, "empty"),
        (["extract", "{tmp}/binary.txt"], 1, "binary"),
        (["query", "SELECT * WHERE {{ ?s ?p"], 2, "unknown query"),
        (["query", "{tmp}/nope.rq"], 1, "no such query file"),
        (["query", "no-such-query"], 2, "unknown query"),
        (["query", "tasks-due", "--param", "colour=red"], 2, "no parameter"),
        (["query", "tasks-due", "--param", "year=soon"], 2, "must be an integer"),
        (["query", "tasks-due", "--param", "year"], 2, "key=value"),
        (["view", "--focus", "999-XX/TW", "-o", "{tmp}/v.html"], 1, "no document"),
        (["view", "--focus", "538-KH/TU", "--max-nodes", "50", "-o", "{tmp}/v.html"], 2, "smaller --depth"),
        (["export", "--format", "yaml"], 2, ""),
        (["build", "--frobnicate"], 2, "no such option"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_lost(run, store_dir, tmp_path, args, code, words):
    bad_files(tmp_path)
    before = sorted(map(str, DiskStore(store_dir).reader()))
    result = run(*[a.format(tmp=tmp_path) for a in args], store=store_dir)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert words.lower() in one_error_line(result).lower()
    assert sorted(map(str, DiskStore(store_dir).reader())) == before
    assert not (tmp_path / "v.html").exists()


def test_malformed_sparql_and_update_are_refused(run, store_dir, tmp_path):
    before = sorted(map(str, DiskStore(store_dir).reader()))
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p", encoding="utf-8")
    assert "malformed SPARQL" in one_error_line(run("query", str(bad), store=store_dir))
    update = run("query", "-", store=store_dir, input="DELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 1 and "SPARQL Update is not allowed" in one_error_line(update)
    assert sorted(map(str, DiskStore(store_dir).reader())) == before


def test_store_that_is_not_a_store(run, tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "x.txt").write_text("x")
    assert "not a plankg store" in one_error_line(run("query", "documents", store=folder))
    assert "plankg build" in one_error_line(run("query", "documents", store=tmp_path / "nothing"))


def test_rebuilding_an_rdf_dataset_replaces_its_graphs(run, tmp_path):
    data = tmp_path / "data.trig"
    data.write_text(
        '<https://example.org/g> { <https://example.org/a> <https://example.org/p> "1", "2" . }\n'
        '<https://example.org/loose> <https://example.org/p> "x" .\n',
        encoding="utf-8",
    )
    assert run("build", str(data), "--no-output", "--no-validate").exit_code == 0
    loose = run("query", "-", input='ASK { GRAPH <https://w3id.org/plankg/graph/file/data-trig> { ?s ?p "x" } }')
    assert loose.stdout.strip() == "true"  # triples outside any graph go to the file's own graph
    data.write_text(
        '<https://example.org/g> { <https://example.org/a> <https://example.org/p> "3" . }\n', encoding="utf-8"
    )
    assert run("build", str(data), "--no-output", "--no-validate").exit_code == 0
    values = run(
        "query", "-", "--format", "csv", input="SELECT ?o WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }"
    ).stdout.split()
    assert values[1:] == ["3"]
    gone = run("query", "-", input='ASK { ?s ?p "x" }')
    assert gone.stdout.strip() == "false"  # the file's own graph was replaced too


def test_agencies_across_plans_counts_plans_and_tasks_per_body(built_memory_store):
    """The answer against a count made in Python from the task triples themselves."""
    import pyoxigraph as ox

    from plankg.graph.querying import bind_parameters, query_text

    pk = "https://w3id.org/plankg/ontology#"
    reader = built_memory_store.reader()
    plans, tasks = {}, {}
    for quad in reader.quads_for_pattern(None, ox.NamedNode(pk + "leadAgency"), None, ox.DefaultGraph()):
        for plan in reader.quads_for_pattern(quad.subject, ox.NamedNode(pk + "assignedBy"), None, ox.DefaultGraph()):
            plans.setdefault(quad.object, set()).add(plan.object)
            tasks.setdefault(quad.object, set()).add(quad.subject)
    label = {
        b: next(
            reader.quads_for_pattern(
                b, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None, ox.DefaultGraph()
            )
        ).object.value
        for b in plans
    }
    named = catalog()["agencies-across-plans"]
    for least in (1, 2):
        found = built_memory_store.query(query_text(named), bind_parameters(named, {"min_plans": str(least)}))
        got = sorted((r["agency"].value, int(r["plans"].value), int(r["tasks"].value)) for r in found)
        expected = sorted((label[b], len(plans[b]), len(tasks[b])) for b in plans if len(plans[b]) >= least)
        assert got == expected and got


def test_the_benchmark_baseline_texts_ask_the_same_questions(built_memory_store):
    """bench/baseline/ holds plain joins that rdflib runs faster; they must answer as the shipped text."""
    from pathlib import Path

    from plankg.graph.querying import bind_parameters, parse_query_file, query_text

    plain_texts = sorted((Path(__file__).parent.parent / "bench" / "baseline").glob("*.rq"))
    assert plain_texts
    for path in plain_texts:
        shipped = catalog()[path.stem]
        plain = parse_query_file(path.stem, path.read_text("utf-8"))
        answers = []
        for named in (shipped, plain):
            found = built_memory_store.query(query_text(named), bind_parameters(named, {}))
            answers.append(sorted(tuple(str(r[v]) for v in found.variables) for r in found))
        assert answers[0] == answers[1] and answers[0], path.name


def test_documents_lists_documents_not_their_sections(run, store_dir):
    """One row per document the texts describe or cite: outline sections (typed eli:LegalResource
    by reasoning, as subdivisions) are not documents."""
    rows = list(csv.DictReader(io.StringIO(run("query", "documents", "--format", "csv", store=store_dir).stdout)))
    numbers = [row["number"] for row in rows]
    assert not [n for n in numbers if re.fullmatch(r"[IVX]+(?:\.\w+)*", n)]
    assert {"57-NQ/TW", "538-KH/TU", "62-CTr/TU", "238-KH/TU", "204-QĐ/TW"} <= set(numbers)
    assert len(rows) < 60


def test_a_graph_too_large_to_draw_opens_as_the_national_overview(run, store_dir, tmp_path):
    out = tmp_path / "v.html"
    result = run("view", "--max-nodes", "50", "-o", str(out), store=store_dir)
    assert result.exit_code == 0 and "national overview" in result.stderr and out.exists()
    assert "Quảng Ninh" in out.read_text(encoding="utf-8")
