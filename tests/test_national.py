"""One national graph: identities, partial builds, comparable roles and themes, the analysts'
queries, on the bundled corpus and on a small national corpus made from it (bench/national.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest

from plankg.errors import PlankgError
from plankg.graph import iris
from plankg.graph.identity import read_identities, undated_resolutions
from plankg.graph.namespaces import ELI, ID, PK, SKOS
from plankg.graph.querying import bind_parameters, catalog, query_text, to_table
from plankg.graph.rdf_build import build_quads
from plankg.graph.store import MemoryStore
from plankg.loaders.extract import extract_text
from plankg.pipeline import build

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("national", HERE.parent / "bench" / "national.py")
national = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(national)


def rows(store, name: str, **params) -> list[dict[str, str]]:
    named = catalog()[name]
    result = store.query(query_text(named), bind_parameters(named, {k: str(v) for k, v in params.items()}, store))
    table = to_table(result, named.sort)
    return [{v: (t.value if t is not None else "") for v, t in zip(table.columns, row)} for row in table.rows]


@pytest.fixture(scope="module")
def national_store(tmp_path_factory) -> MemoryStore:
    folder = tmp_path_factory.mktemp("national")
    store = MemoryStore()
    build(national.national_corpus(folder, 6), store, None)
    return store


def test_a_small_national_corpus_builds_with_every_province_its_own_branches(national_store):
    found = national_store.query(
        f"SELECT ?body (COUNT(?label) AS ?n) WHERE {{ ?body a <{PK}Agency> ; <{SKOS}prefLabel> ?label "
        f"FILTER(STRSTARTS(STR(?label), 'Viettel')) }} GROUP BY ?body"
    )
    counts = {row["body"].value: int(row["n"].value) for row in found}
    assert len(counts) >= 4 and set(counts.values()) == {1}  # one node, one name, per province


def test_the_same_role_links_the_bodies_of_every_province(national_store):
    found = national_store.query(f"SELECT ?body WHERE {{ ?body <{PK}role> <{iris.role_iri('Văn phòng Tỉnh ủy')}> }}")
    assert len({row["body"].value for row in found}) >= 4


def test_a_source_that_contradicts_the_store_is_left_out_and_named(built_memory_store, corpus, tmp_path, run):
    fine = tmp_path / "cao-bang-5-KH-TU.txt"
    fine.write_text(PLAN.format(number=5, date="22/12/2024"), encoding="utf-8")
    wrong = tmp_path / "cao-bang-5-KH-TU-copy.txt"  # says it is the same plan, with another first task
    wrong.write_text(
        PLAN.format(number=5, date="22/12/2024").replace("tham mưu triển khai", "kiểm tra việc thực hiện"),
        encoding="utf-8",
    )
    store = MemoryStore()
    store.write(lambda working: working.extend(built_memory_store.reader()))
    with pytest.raises(PlankgError, match="does not conform"):
        build([fine, wrong], store, None, strict=True)
    summary = build([fine, wrong], store, None)
    assert [item.path for item in summary.left_out] == [wrong]
    assert "tu-cao-bang/kh/2025/5/task" in summary.left_out[0].node and summary.left_out[0].message
    tasks = {r["task"] for r in rows(store, "agency-tasks", agency_name="Văn phòng Tỉnh ủy")}
    assert any("tham mưu triển khai" in t for t in tasks) and not any("kiểm tra việc thực hiện" in t for t in tasks)


def test_the_cli_says_which_source_was_left_out_and_exits_1(store_dir, tmp_path, run):
    fine = tmp_path / "cao-bang-5-KH-TU.txt"
    fine.write_text(PLAN.format(number=5, date="22/12/2024"), encoding="utf-8")
    wrong = tmp_path / "cao-bang-5-KH-TU-copy.txt"
    wrong.write_text(
        PLAN.format(number=5, date="22/12/2024").replace("tham mưu triển khai", "kiểm tra việc thực hiện"),
        encoding="utf-8",
    )
    result = run("build", str(fine), str(wrong), "--no-output", store=store_dir)
    assert result.exit_code == 1
    assert f"left out {wrong}" in result.stderr and "tu-cao-bang/kh/2025/5/task" in result.stderr


PLAN = (
    "TỈNH ỦY CAO BẰNG\nSố {number}-KH/TU            Cao Bằng, ngày 01 tháng 6 năm 2025\nKẾ HOẠCH\n"
    "thực hiện Nghị quyết số 57-NQ/TW ngày {date} của Bộ Chính trị\n\n"
    "Thực hiện Nghị quyết số 57-NQ/TW ngày {date} của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành:\n\n"
    "I- TỔ CHỨC THỰC HIỆN\n1. Văn phòng Tỉnh ủy: chủ trì tham mưu triển khai Nghị quyết (hoàn thành trong năm 2025).\n"
)


def test_every_document_once_and_the_undated_reference_is_the_dated_one(built_memory_store):
    documents = rows(built_memory_store, "documents")
    numbers = [r["number"] for r in documents if r["number"] != "(unnumbered)"]
    assert len(numbers) == len(set(numbers)) and "13-NQ/TU" in numbers
    assert not [r for r in documents if r["number"] == "(unnumbered)"]  # the article is not legislation


def test_undated_resolution_needs_exactly_one_dated_document():
    base = ID + "doc/tu-quang-ninh/nq/"
    assert undated_resolutions({base + "13", base + "2023/13"}) == {base + "13": base + "2023/13"}
    assert undated_resolutions({base + "13", base + "2023/13", base + "2018/13"}) == {}
    assert undated_resolutions({base + "13"}) == {}


def test_the_identity_file_makes_the_unnumbered_programme_46_ctr_tu(built_memory_store):
    found = built_memory_store.query(
        f"SELECT ?doc WHERE {{ ?doc <{ELI}id_local> '46-CTr/TU' ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?src }}"
    )
    assert len(list(found)) == 1


def test_without_it_the_programme_is_suggested_as_46_ctr_tu(corpus):
    store = MemoryStore()
    build(list(corpus.values()), store, None, validate=False, reasoner=None)
    found = rows(store, "identity-candidates")
    best = [r for r in found if r["text"] == "quang-ninh-action-programme-ocr.txt"]
    assert best and best[0]["candidate"] == "46-CTr/TU" and "538-KH/TU" in best[0]["why"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("source,number\nx.txt,not a number\n", "document number"),
        ("file,number\nx.txt,46-CTr/TU\n", "columns source, number"),
        ("source,number,province\nx.txt,46-CTr/TU,Atlantis\n", "unknown province"),
    ],
)
def test_a_bad_identity_file_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "ids.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlankgError, match=message):
        read_identities(path)


def test_an_identity_file_may_name_a_province_by_its_alias_or_former_name(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text(
        "source,number,province\na.txt,46-CTr/TU,Thừa Thiên Huế\nb.txt,47-CTr/TU,TP.HCM\nc.txt,48-CTr/TU,Lạng Sơn\n",
        encoding="utf-8",
    )
    declared = read_identities(path)
    assert [declared[s].province for s in ("a.txt", "b.txt", "c.txt")] == ["Huế", "Hồ Chí Minh", "Lạng Sơn"]


def test_task_iris_survive_better_wording(corpus):
    text = corpus["quang-ninh-538-KH-TU.txt"].read_text("utf-8")
    before = extract_text(text, "plan.txt")
    after = extract_text(
        text.replace("Tham mưu kiện toàn tổ chức bộ máy", "Tham mưu kiện toàn tổ chức, bộ máy"), "plan.txt"
    )
    assert [a.task for a in before.assignments] != [a.task for a in after.assignments]

    def task_iris(report):
        return {q.subject.value for q in build_quads(report, "0" * 64) if q.object == ox.NamedNode(PK + "Task")}

    assert task_iris(before) == task_iris(after)


def test_compare_targets_lines_up_the_provinces_digital_economy_2030(built_memory_store):
    found = rows(built_memory_store, "compare-targets", theme="digital economy")
    by_province = {r["plan_province"]: r["y2030"] for r in found if r["y2030"]}
    assert "30" in by_province["Quảng Ninh"] and "40" in by_province["Thái Nguyên"]


def test_coverage_says_which_provinces_lack_a_theme_and_which_cannot_be_told(built_memory_store):
    found = {r["theme"]: r for r in rows(built_memory_store, "coverage")}
    economy = found["Tỷ trọng kinh tế số trong GRDP"]
    # 238-KH/TU sets its targets in a Phụ lục I the text does not hold: unknown, not absent
    assert economy["provinces"] == "2" and economy["without_target"] == ""
    assert economy["annex_not_in_text"] == "Lạng Sơn"


def test_overlaps_pair_the_office_tasks_of_two_provinces(built_memory_store):
    found = rows(built_memory_store, "overlap-pairs", province="Lạng Sơn")
    office = [r for r in found if r["role"] == "Văn phòng Tỉnh ủy"]
    assert {frozenset((r["plan_a"], r["plan_b"])) for r in office} == {frozenset(("538-KH/TU", "238-KH/TU"))}
    assert any("Phòng Chuyển đổi số" in r["task_a"] + r["task_b"] for r in office)


def test_a_higher_threshold_keeps_fewer_overlaps(corpus):
    counts = []
    for threshold in (0.8, 0.95):
        store = MemoryStore()
        build(list(corpus.values()), store, None, validate=False, reasoner=None, overlap_threshold=threshold)
        counts.append(len(rows(store, "overlap-pairs", min_similarity=0.5)))
    assert counts[0] > counts[1] > 0


def test_chains_through_the_centre(built_memory_store):
    plans = {r["plan_number"] for r in rows(built_memory_store, "plans-implementing", number="57-nq/tw")}
    assert {"238-KH/TU", "538-KH/TU", "62-CTr/TU", "71/NQ-CP", "03/NQ-CP", "150-CTr/TU"} <= plans
    chains = {r["chain"] for r in rows(built_memory_store, "implementation-chains")}
    assert "150-CTr/TU → 57-NQ/TW" in chains


def test_overdue_respects_the_precision_of_a_deadline(built_memory_store):
    mid_year = rows(built_memory_store, "tasks-overdue", as_of="2025-07-01")
    assert mid_year and all(r["due"] < "2025-07-01" for r in mid_year)
    assert not [r for r in mid_year if r["precision"] == "Year"]  # a task due "in 2025" is not late in July
    new_year = rows(built_memory_store, "tasks-overdue", as_of="2026-01-01")
    assert any(r["precision"] == "Year" for r in new_year) and len(new_year) > len(mid_year)


def test_role_workload_counts_provinces(built_memory_store):
    found = {r["role"]: r for r in rows(built_memory_store, "role-workload")}
    assert int(found["Văn phòng Tỉnh ủy"]["provinces"]) == 2
    only = rows(built_memory_store, "role-workload", province="lang son")
    assert only and all(r["in_provinces"] == "Lạng Sơn" for r in only)


def test_shared_references_count_provinces_not_texts(built_memory_store):
    found = {r["number"]: r for r in rows(built_memory_store, "shared-references", min_provinces=1)}
    assert found["57-NQ/TW"]["provinces"] == "3"
    assert int(found["46-CTr/TU"]["provinces"]) == 1 if "46-CTr/TU" in found else True


def test_csv_with_a_byte_order_mark_for_excel(run, store_dir):
    result = run("query", "documents", "--format", "csv", "--bom", store=store_dir)
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf") and "Quảng Ninh" in result.stdout


def test_a_role_merged_in_2025_names_what_it_became(built_memory_store):
    found = {r["role"]: r for r in rows(built_memory_store, "role-workload")}
    assert found["Ban Tuyên giáo Tỉnh ủy"]["became"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert found["Văn phòng Tỉnh ủy"]["became"] == ""


def test_items_of_one_section_are_siblings_not_overlaps(built_memory_store):
    same_place = built_memory_store.query(
        f"ASK {{ ?pair a <{PK}TaskOverlap> ; <{PK}overlapTask> ?a , ?b . FILTER(?a != ?b) "
        f"?a <{PK}assignedBy> ?plan ; <{PK}inSection> ?section . ?b <{PK}assignedBy> ?plan ; <{PK}inSection> ?section }}"
    )
    assert not bool(same_place)
    assert len(rows(built_memory_store, "overlap-pairs")) >= 5
