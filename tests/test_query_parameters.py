"""Named-query parameters are checked against their declared type and range; names are found as
people type them; every query that lists plans, tasks or targets says where they are."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from plankg.errors import PlankgError
from plankg.graph.namespaces import PK, PROV, SKOS
from plankg.graph.querying import Parameter, bind_parameters, catalog, match_name, parse_query_file, query_text
from plankg.graph.store import MemoryStore


def error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "query, value, words",
    [
        ("tasks-overdue", "as_of=2026-13-01", "must be a date"),
        ("tasks-overdue", "as_of=2026-02-30", "must be a date"),
        ("tasks-overdue", "as_of=1/1/2026", "must be a date"),
        ("overlap-pairs", "min_similarity=1.5", "between 0.5 and 1"),
        ("overlap-pairs", "min_similarity=0.2", "between 0.5 and 1"),
        ("overlap-pairs", "min_similarity=nan", "must be a decimal"),
        ("overlap-pairs", "min_similarity=inf", "must be a decimal"),
        ("overlap-pairs", "min_similarity=1e-1", "must be a decimal"),
        ("tasks-due", "year=abc", "must be an integer"),
        ("tasks-due", "year=20260", "between 2000 and 2100"),
        ("indicator-targets", "year=2030.5", "must be an integer"),
        ("shared-references", "min_provinces=0", "at least 1"),
    ],
)
def test_a_value_outside_its_type_or_range_is_one_line_and_exit_2(run, store_dir, query, value, words):
    result = run("query", query, "-p", value, store=store_dir)
    assert result.exit_code == 2
    line = error_line(result)
    assert line.startswith("plankg: error: parameter ") and words in line and repr(value.split("=", 1)[1]) in line


@pytest.mark.parametrize(
    "query, value",
    [
        ("tasks-overdue", "as_of=2024-02-29"),
        ("overlap-pairs", "min_similarity=.9"),
        ("overlap-pairs", "min_similarity=1"),
        ("tasks-due", "year= 2026"),
        ("shared-references", "min_provinces=1"),
    ],
)
def test_a_value_of_the_declared_type_and_range_is_answered(run, store_dir, query, value):
    assert run("query", query, "-p", value, store=store_dir).exit_code == 0


def test_a_decimal_is_bound_as_written_not_through_a_float():
    named = parse_query_file("q", "# param: x decimal default=0.1 range=0..1 a number\nSELECT ?x {}")
    term = bind_parameters(named, {"x": "0.30"})["x"]
    assert term.value == "0.30" and term.datatype.value.endswith("#decimal")


def _themes_store() -> MemoryStore:
    """Two themes; the first has a label in each language, both containing "TFP"."""
    vocab = "https://w3id.org/plankg/vocab/"
    store = MemoryStore()
    scheme, label = ox.NamedNode(SKOS + "inScheme"), ox.NamedNode(SKOS + "prefLabel")
    quads = []
    for concept, labels in {
        "tfp": [("Đóng góp của TFP vào tăng trưởng", "vi"), ("TFP contribution to growth", "en")],
        "rd": [("Chi cho nghiên cứu", "vi"), ("R&D spending", "en")],
    }.items():
        node = ox.NamedNode(vocab + "theme-" + concept)
        quads.append(ox.Quad(node, scheme, ox.NamedNode(vocab + "theme"), ox.DefaultGraph()))
        quads += [ox.Quad(node, label, ox.Literal(text, language=lang), ox.DefaultGraph()) for text, lang in labels]
    store.reader().extend(quads)
    return store


def test_a_theme_found_by_either_languages_label_is_one_theme():
    store = _themes_store()
    theme = Parameter("theme", "theme", None, "")
    assert match_name(store, theme, "tfp") in ("Đóng góp của TFP vào tăng trưởng", "TFP contribution to growth")
    assert match_name(store, theme, "r&d") == "R&D spending"
    with pytest.raises(PlankgError, match="matches several theme names"):
        match_name(store, theme, "n")  # in a name of each theme


def test_theme_tfp_lines_up_the_plans_on_the_bundled_corpus(run, store_dir):
    result = run("query", "compare-targets", "-p", "theme=TFP", "--format", "csv", store=store_dir)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["plan_province"] for r in rows} >= {"Quảng Ninh", "Thái Nguyên"}


def test_a_mistyped_query_name_names_the_closest_ones_only(run, store_dir):
    result = run("query", "overlap", store=store_dir)
    assert result.exit_code == 2
    line = error_line(result)
    assert "unknown query 'overlap'" in line and "overlaps" in line and "documents" not in line
    far = run("query", "zzzz", store=store_dir)
    assert far.exit_code == 2 and "plankg queries" in error_line(far)


# Every query whose rows are plans, tasks, targets or documents, and the column that says where.
PROVINCE_COLUMNS = {
    "compare-targets": "plan_province",
    "tasks-overdue": "plan_province",
    "tasks-without-deadline": "plan_province",
    "implementation-chains": "plan_province",
    "plans-implementing": "plan_province",
    "documents": "plan_province",
    "tasks-due": "plan_province",
    "indicator-targets": "plan_province",
    "agency-tasks": "plan_province",
    "dependencies": "province",
    "most-depended-on": "province",
    "agencies-across-plans": "province",
    "overlap-pairs": "province_a",
    "overlaps": "in_provinces",
    "role-workload": "in_provinces",
    "shared-references": "citing_provinces",
}


@pytest.mark.parametrize("name", sorted(PROVINCE_COLUMNS))
def test_every_query_of_plans_tasks_or_targets_has_a_province_column(run, store_dir, name):
    result = run("query", name, "--format", "json", store=store_dir)
    data = json.loads(result.stdout)
    column = PROVINCE_COLUMNS[name]
    assert column in data["head"]["vars"]
    values = {b[column]["value"] for b in data["results"]["bindings"] if column in b}
    assert values and all(values)


@pytest.mark.parametrize("name", ["indicator-targets", "tasks-due"])
def test_targets_and_due_tasks_are_chosen_by_province(run, store_dir, name):
    year = ["-p", "year=2030"]
    every = list(csv.DictReader(io.StringIO(run("query", name, *year, "--format", "csv", store=store_dir).stdout)))
    assert every
    for province in {r["plan_province"] for r in every} | {"Lạng Sơn"}:
        result = run("query", name, *year, "-p", f"province={province}", "--format", "csv", store=store_dir)
        mine = list(csv.DictReader(io.StringIO(result.stdout)))
        assert mine == [r for r in every if r["plan_province"] == province]
        assert all(r["plan_province"] == province for r in mine)


def test_coverage_agrees_with_a_count_made_from_the_triples(built_memory_store):
    """Which provinces set a target in each theme, and which provinces with a plan do not."""
    reader = built_memory_store.reader()

    def objects(s, p):
        return [q.object for q in reader.quads_for_pattern(s, ox.NamedNode(p), None, ox.DefaultGraph())]

    def subjects(p, o=None):
        return {q.subject for q in reader.quads_for_pattern(None, ox.NamedNode(p), o, ox.DefaultGraph())}

    def name(node):
        return objects(node, SKOS + "prefLabel")[0].value

    planned = {
        name(p)
        for plan in subjects(PROV + "wasDerivedFrom")
        if ox.NamedNode(PK + "Plan") in objects(plan, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        for p in objects(plan, PK + "province")
    }
    targeted: dict[str, set[str]] = {}
    for indicator in subjects(PK + "theme"):
        for theme in objects(indicator, PK + "theme"):
            for doc in objects(indicator, PK + "definedIn"):
                targeted.setdefault(theme.value, set()).update(name(p) for p in objects(doc, PK + "province"))
    named = catalog()["coverage"]
    found = built_memory_store.query(query_text(named), bind_parameters(named, {}))
    answers = {r["theme"].value: {v.value: r[v] for v in found.variables if r[v] is not None} for r in found}
    assert len(answers) == 35 and planned
    for theme in subjects(SKOS + "inScheme", ox.NamedNode("https://w3id.org/plankg/vocab/theme")):
        label = next(o.value for o in objects(theme, SKOS + "prefLabel") if o.language == "vi")
        row = answers[label]
        with_target = set(filter(None, row["with_target"].value.split(", ")))
        without = set(filter(None, row["without_target"].value.split(", ")))
        # a province whose plan's annex of targets is not in the text is unknown, not without
        unknown = set(filter(None, row["annex_not_in_text"].value.split(", "))) if "annex_not_in_text" in row else set()
        assert with_target == targeted.get(theme.value, set())
        assert int(row["provinces"].value) == len(with_target)
        assert without | unknown == planned - with_target and not without & unknown
