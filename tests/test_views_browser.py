"""The views in a real browser (Chromium driven by Playwright): what a viewer sees and does.

Chromium is Debian's (``/usr/bin/chromium``, or ``PLANKG_CHROMIUM``); CI installs it. Without
it the tests are skipped on a developer's machine, and fail in CI. Screenshots go to ``out/``.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from plankg.cli import cli
from plankg.graph.namespaces import sparql_prologue
from plankg.graph.rdf_build import build_quads
from plankg.graph.store import MemoryStore
from plankg.graph.view import overview, projection, render_html

CHROMIUM = os.environ.get("PLANKG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).parent.parent / "out"

if not CHROMIUM and not os.environ.get("CI"):
    pytest.skip("no Chromium on this machine (CI installs Debian's)", allow_module_level=True)


SIZES = [(1600, 1000), (1280, 720), (390, 844)]
QUANG_NINH = "https://w3id.org/plankg/id/province/quang-ninh"


def ask(store, text: str, **bound) -> list[dict]:
    """The answer of the store to a query of the test's own (what the page must agree with);
    ``bound`` values are bound to the query's variables (IRIs given as strings)."""
    terms = {k: ox.NamedNode(v) if v.startswith("https://") else ox.Literal(v, language="vi") for k, v in bound.items()}
    solutions = store.query(sparql_prologue() + text, terms)
    names = [v.value for v in solutions.variables]
    return [{k: (row[k].value if row[k] is not None else None) for k in names} for row in solutions]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Opened:
    """A page with a view loaded, recording console errors and every request beyond the file."""

    def __init__(self, browser, html_path: Path, size=(1400, 900)):
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.errors, self.requests = [], []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "request",
            lambda request: (
                self.requests.append(request.url)
                if not request.url.startswith(("file:", "data:", "about:", "blob:"))
                else None
            ),
        )
        self.page.goto(html_path.as_uri())
        until(self.page, "window.plankg !== undefined")

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name))

    def close(self) -> None:
        """Close, after checking that nothing went wrong and nothing was fetched."""
        errors, requests = self.errors, self.requests
        self.page.close()
        assert not errors and not requests

    def find(self, text: str) -> None:
        """Type into the search box and pick the first result, as a person would."""
        self.page.fill("#search", text)
        self.page.press("#search", "Enter")

    def answer(self, key: str) -> list[list[str]]:
        """The rows of one answer table of the panel (its header row left out)."""
        return self.page.evaluate(
            """key => Array.from(document.querySelectorAll(`#details table[data-key="${key}"] tr`))
            .filter(tr => !tr.querySelector('th')).map(tr => Array.from(tr.cells).map(td => td.textContent))""",
            key,
        )

    def relation(self, key: str) -> list[str]:
        """The items of one group of relations of the panel (``out:implements``, ``in:lead`` …)."""
        return self.page.evaluate(
            """key => Array.from(document.querySelectorAll(`#details details[data-key="${key}"] li`))
            .map(li => li.textContent)""",
            key,
        )


def until(page, expression: str, seconds: float = 5.0) -> None:
    """Wait for a JavaScript expression to hold (the page's CSP forbids wait_for_function's eval)."""
    for _ in range(int(seconds * 20)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {expression}")


def open_view(browser, html_path: Path):
    opened = Opened(browser, html_path)
    return opened.page, opened.errors, opened.requests


@pytest.fixture(scope="module")
def bundled_view(tmp_path_factory, built_memory_store):
    graph = projection(built_memory_store)
    path = tmp_path_factory.mktemp("views") / "bundled.html"
    path.write_text(render_html(graph, "plankg"), encoding="utf-8")
    return path, graph


@pytest.fixture(scope="module")
def overview_view(tmp_path_factory, _built_disk_store):
    """The national overview written by the CLI, with each province's view beside it."""
    path = tmp_path_factory.mktemp("overview") / "overview.html"
    result = CliRunner().invoke(
        cli, ["--store", str(_built_disk_store), "view", "--overview", "-o", str(path)], catch_exceptions=False
    )
    assert result.exit_code == 0 and "3 province views" in result.stdout
    return path


def test_the_bundled_view_opens_offline_with_isolated_nodes_hidden(browser, bundled_view):
    path, graph = bundled_view
    opened = Opened(browser, path)
    connected = {n for n in graph if graph.degree(n)}
    assert opened.page.evaluate("plankg.nodeView.length") == len(connected) < graph.number_of_nodes()
    assert opened.page.evaluate("plankg.edgeView.length") == graph.number_of_edges()
    opened.page.uncheck("#isolated")
    assert opened.page.evaluate("plankg.nodeView.length") == graph.number_of_nodes()
    assert not any(d["group"] == "section" for _, d in graph.nodes(data=True))  # sections only when asked
    opened.screenshot("view-bundled.png")
    opened.close()


def test_filters_hide_what_they_should(browser, bundled_view):
    path, graph = bundled_view
    page, errors, _ = open_view(browser, path)
    page.uncheck("#isolated")
    tasks = sum(1 for _, d in graph.nodes(data=True) if d["group"] == "task")
    total = page.evaluate("plankg.nodeView.length")
    page.click("#groups button[data-group=task]")
    assert page.evaluate("plankg.nodeView.length") == total - tasks > 0
    cites = sum(1 for *_, d in graph.edges(data=True) if d["kind"] == "cites")
    edges_before = page.evaluate("plankg.edgeView.length")
    page.click("#relations button[data-kind=cites]")
    assert page.evaluate("plankg.edgeView.length") == edges_before - cites
    page.check("#isolated")
    shown = page.evaluate("plankg.nodeView.get().map(n => n.id)")
    degree = page.evaluate(
        """(() => { const d = {}; plankg.edgeView.get().forEach(e => { d[e.from] = 1; d[e.to] = 1; }); return d; })()"""
    )
    assert shown and all(node in degree for node in shown)
    assert not errors
    page.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_which_quang_ninh_bodies_carry_the_most_tasks(browser, overview_view, built_memory_store, size):
    """Find Quảng Ninh in the overview: its panel ranks its bodies by the tasks they carry."""
    carried = {
        r["name"]: (int(r["lead"]), int(r["help"]))
        for r in ask(
            built_memory_store,
            """
        SELECT ?name (COUNT(DISTINCT ?t1) AS ?lead) (COUNT(DISTINCT ?t2) AS ?help) WHERE {
          ?plan pk:province ?province ; prov:wasDerivedFrom ?text .
          { ?t1 pk:assignedBy ?plan ; pk:leadAgency ?b } UNION { ?t2 pk:assignedBy ?plan ; pk:coordinatingAgency ?b }
          ?b skos:prefLabel ?name } GROUP BY ?b ?name""",
            province=QUANG_NINH,
        )
    }
    opened = Opened(browser, overview_view, size)
    opened.find("quang ninh")
    rows = opened.answer("bodies")
    assert rows and [r[0] for r in rows[:1]] == ["Đảng ủy Ủy ban nhân dân tỉnh Quảng Ninh"]
    assert {r[0]: (int(r[1]), int(r[2])) for r in rows} == carried
    totals = [int(r[3]) for r in rows]
    assert totals == sorted(totals, reverse=True) and totals[0] == sum(
        carried["Đảng ủy Ủy ban nhân dân tỉnh Quảng Ninh"]
    )
    names = [r[0] for r in rows]
    assert names.index("Văn phòng Tỉnh ủy Quảng Ninh") < names.index("Ban Thường vụ Tỉnh ủy Quảng Ninh")
    assert opened.page.is_visible('#details table[data-key="bodies"]')
    opened.screenshot(f"q1-bodies-{size[0]}x{size[1]}.png")
    opened.close()


def test_bodies_are_sized_by_the_tasks_they_carry(browser, bundled_view):
    path, _ = bundled_view
    opened = Opened(browser, path)
    size = "name => plankg.nodes.get().find(n => n.name === name).size"
    big, small = "Đảng ủy Ủy ban nhân dân tỉnh Quảng Ninh", "Ban Thường vụ Tỉnh ủy Quảng Ninh"
    assert opened.page.evaluate(size, big) > opened.page.evaluate(size, small)
    assert "nhiệm vụ / tasks" in opened.page.inner_text("#sizelegend")
    opened.page.select_option("#sizeby", "cited")
    assert "dẫn chiếu" in opened.page.inner_text("#sizelegend")
    resolution = opened.page.evaluate("plankg.nodes.get().find(n => n.name === '57-NQ/TW').size")
    assert resolution == max(
        opened.page.evaluate("plankg.nodes.get().filter(n => n.group === 'document').map(n => n.size)")
    )
    opened.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_which_tasks_overlap_between_quang_ninh_and_lang_son(browser, overview_view, built_memory_store, size):
    """Quảng Ninh's panel counts its overlapping tasks by province and lists the pairs with Lạng Sơn."""
    pairs = ask(
        built_memory_store,
        """
        SELECT DISTINCT ?pair ?one ?other WHERE {
          ?pair a pk:TaskOverlap ; pk:overlapTask ?a, ?b .
          ?a pk:assignedBy/pk:province ?province ; schema:description ?one .
          ?b pk:assignedBy/pk:province/skos:prefLabel ?name ; schema:description ?other }""",
        province=QUANG_NINH,
        name="Lạng Sơn",
    )
    assert pairs
    opened = Opened(browser, overview_view, size)
    opened.find("quang ninh")
    counts = {r[0]: int(r[1]) for r in opened.answer("overlaps")}
    assert counts["Lạng Sơn"] == len(pairs)
    opened.page.click('#details details[data-key="overlap:Lạng Sơn"] summary')
    listed = opened.answer("overlap:Lạng Sơn")
    assert len(listed) == len(pairs)
    words = {" ".join(p["one"].split()[:4]) for p in pairs}
    assert all(any(w in row[0] for w in words) for row in listed)
    edge = opened.page.evaluate(
        "id => plankg.edgeView.get().filter(e => e.kind === 'overlaps')"
        ".find(e => [e.from, e.to].includes(id) && [e.from, e.to].some(v => v.endsWith('lang-son')))",
        QUANG_NINH,
    )
    assert edge["n"] == len(pairs)
    opened.page.click('#details details[data-key="matrix"] summary')
    matrix = opened.page.evaluate(
        "Array.from(document.querySelectorAll('#matrix tr')).map(tr => Array.from(tr.cells).map(c => c.textContent))"
    )
    here = opened.page.evaluate("Array.from(document.querySelector('#matrix tr.here').cells).map(c => c.textContent)")
    assert here[0] == "Quảng Ninh" and here[matrix[0].index("Lạng Sơn")] == str(len(pairs))
    opened.screenshot(f"q2-overlaps-{size[0]}x{size[1]}.png")
    opened.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_what_538_implements(browser, bundled_view, built_memory_store, size):
    """Find 538-KH/TU: its panel groups its relations by kind, counted and sorted."""
    implemented = sorted(
        r["number"]
        for r in ask(
            built_memory_store,
            """
        SELECT DISTINCT ?number WHERE { ?plan eli:id_local "538-KH/TU" ; eli:ensures_implementation_of/eli:id_local ?number }""",
        )
    )
    tasks = ask(
        built_memory_store, """SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pk:assignedBy/eli:id_local "538-KH/TU" }"""
    )
    path, _ = bundled_view
    opened = Opened(browser, path, size)
    opened.find("538-KH/TU")
    assert opened.page.inner_text("#details h2") == "538-KH/TU"
    listed = opened.relation("out:implements")
    assert sorted(listed) == implemented and "57-NQ/TW" in listed
    summaries = opened.page.evaluate(
        "Array.from(document.querySelectorAll('#details details.relation summary')).map(s => s.textContent)"
    )
    assert f"thực hiện / implements ({len(implemented)})" in summaries
    assert f"nhiệm vụ / tasks ({tasks[0]['n']})" in summaries
    task_items = opened.relation("in:assigned_by")
    assert task_items[0].startswith("538-KH/TU · ")  # each task with its plan, section and deadline
    cited = opened.relation("out:cites")
    assert cited == sorted(cited, key=lambda n: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", n)])
    opened.screenshot(f"q3-implements-{size[0]}x{size[1]}.png")
    opened.close()


def test_a_body_panel_counts_its_tasks_with_plan_section_and_deadline(browser, bundled_view, built_memory_store):
    body = "Văn phòng Tỉnh ủy Quảng Ninh"
    led = ask(built_memory_store, "SELECT DISTINCT ?t WHERE { ?t pk:leadAgency/skos:prefLabel ?name }", name=body)
    helped = ask(
        built_memory_store, "SELECT DISTINCT ?t WHERE { ?t pk:coordinatingAgency/skos:prefLabel ?name }", name=body
    )
    path, _ = bundled_view
    opened = Opened(browser, path)
    opened.find("van phong tinh uy quang ninh")
    assert opened.page.inner_text("#details h2") == body
    assert (
        opened.page.inner_text("#tally")
        == f"Chủ trì / leads {len(led)} · phối hợp / coordinates {len(helped)} nhiệm vụ / tasks"
    )
    assert len(opened.relation("in:lead")) == len(led) and len(opened.relation("in:coordinate")) == len(helped)
    assert all(item.count(" · ") >= 1 and " — " in item for item in opened.relation("in:lead"))
    assert "Cấp tỉnh / Province" in opened.page.inner_text("#details")  # values in both languages
    opened.close()


def test_a_search_hit_hidden_by_a_filter_is_shown_with_a_note(browser, bundled_view):
    path, _ = bundled_view
    opened = Opened(browser, path)
    opened.page.click("#groups button[data-group=task]")
    opened.page.fill("#search", "an ninh mang")
    assert "ẩn / hidden" in opened.page.inner_text("#results")
    task = opened.page.evaluate("plankg.nodes.get().find(n => n.group === 'task' && n.key.includes('an ninh mang')).id")
    opened.page.evaluate("id => plankg.select(id, true)", task)
    assert opened.page.is_visible("#hiddennote") and opened.errors == []
    opened.page.click("#reveal")
    assert opened.page.evaluate("id => plankg.nodeView.get(id) !== null", task)
    assert opened.page.evaluate("plankg.network.getSelectedNodes()") == [task]
    assert not opened.page.is_visible("#hiddennote")
    opened.close()


def test_search_finds_themes_in_either_language_numbers_and_task_words(browser, bundled_view, overview_view):
    path, _ = bundled_view
    opened = Opened(browser, path)
    for query in ("digital economy", "kinh te so", "193/2025/QH15", "phu song 5g", "Sở Khoa học và Công nghệ"):
        opened.page.fill("#search", query)
        assert "kết quả" in opened.page.inner_text("#found"), query
    opened.page.fill("#search", "zzz khong co")
    assert "not found" in opened.page.inner_text("#found")
    opened.close()
    opened = Opened(browser, overview_view)
    opened.find("digital economy")
    assert opened.page.inner_text("#details h2") == "Tỷ trọng kinh tế số trong GRDP"
    opened.close()


def test_keyboard_moves_through_results_selects_and_clears(browser, bundled_view):
    path, _ = bundled_view
    opened = Opened(browser, path)
    page = opened.page
    page.focus("#search")
    page.keyboard.type("tinh uy")
    names = page.evaluate("Array.from(document.querySelectorAll('#results li')).map(li => li.firstChild.textContent)")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.inner_text("#results li.current").startswith(names[1])
    assert page.get_attribute("#search", "aria-activedescendant") == "hit-1"
    page.keyboard.press("Enter")
    assert page.inner_text("#details h2") == names[1].rstrip("…") or names[1].endswith("…")
    page.keyboard.press("Escape")
    assert page.input_value("#search") == ""
    page.keyboard.press("Escape")
    assert page.evaluate("plankg.network.getSelectedNodes()") == []
    reached = []
    for _ in range(40):  # Tab reaches the filters, the size choice and the list of nodes
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "document.activeElement.dataset.group || document.activeElement.id || document.activeElement.tagName"
            )
        )
    assert "task" in reached and "sizeby" in reached and "SUMMARY" in reached
    page.evaluate("document.getElementById('nodelist').open = true")
    until(page, "document.querySelectorAll('#nodelist li').length > 0")
    assert page.evaluate("document.querySelectorAll('#nodelist li').length") == page.evaluate("plankg.nodeView.length")
    opened.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_labels_of_the_overview_are_drawn_and_never_overlap(browser, overview_view, size):
    opened = Opened(browser, overview_view, size)
    page = opened.page
    until(page, "plankg.labelled().length > 0")
    labelled = set(page.evaluate("plankg.labelled().map(l => l.id)"))
    groups = page.evaluate("Object.fromEntries(plankg.nodeView.get().map(n => [n.id, n.group]))")
    assert {n for n, g in groups.items() if g == "province"} <= labelled
    assert "https://w3id.org/plankg/id/doc/tw/nq/2024/57" in labelled
    if size == (1600, 1000):
        assert {n for n, g in groups.items() if g == "document"} <= labelled
    boxes = page.evaluate("plankg.labelled().map(l => l.box)")
    width, height = page.evaluate(
        "[document.getElementById('network').clientWidth, document.getElementById('network').clientHeight]"
    )
    assert all(0 <= b[0] and b[2] <= width and 0 <= b[1] and b[3] <= height for b in boxes)  # no label cut at an edge
    assert not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for i, a in enumerate(boxes) for b in boxes[:i]
    )
    opened.close()


def test_tasks_are_labelled_once_zoomed_in(browser, bundled_view):
    path, _ = bundled_view
    opened = Opened(browser, path, (1280, 720))
    page = opened.page
    until(page, "plankg.labelled().length > 0")
    first = page.evaluate("plankg.labelled().map(l => l.id)")
    groups = page.evaluate("Object.fromEntries(plankg.nodes.get().map(n => [n.id, n.group]))")
    assert len(first) >= 10 and not any(groups[n] == "task" for n in first)
    task = page.evaluate("plankg.nodes.get().find(n => n.group === 'task' && n.key.includes('an ninh mang')).id")
    page.evaluate("id => plankg.select(id, true)", task)
    page.evaluate("plankg.network.moveTo({scale: 2.5})")
    page.evaluate("plankg.network.redraw()")
    assert any(groups[n] == "task" for n in page.evaluate("plankg.labelled().map(l => l.id)"))
    opened.close()


def test_on_a_phone_the_graph_keeps_the_screen_and_the_panel_is_a_bottom_sheet(browser, bundled_view):
    path, _ = bundled_view
    opened = Opened(browser, path, (390, 844))
    page = opened.page
    assert page.evaluate("document.getElementById('network').getBoundingClientRect().height") >= 0.6 * 844
    assert page.evaluate("document.getElementById('header').getBoundingClientRect().height") < 120
    assert not page.is_visible("#groups") and page.is_visible("#search")
    page.click("#menu")
    assert page.is_visible("#groups") and page.get_attribute("#menu", "aria-expanded") == "true"
    page.click("#menu")
    opened.find("538-KH/TU")
    sheet = page.evaluate(
        "(() => { const r = document.getElementById('details').getBoundingClientRect(); return [r.top, r.bottom, r.width]; })()"
    )
    assert sheet[1] == 844 and sheet[0] > 844 * 0.5 and sheet[2] == 390
    opened.screenshot("view-phone-sheet.png")
    page.click("#close")
    assert not page.is_visible("#details")
    opened.close()


def test_search_without_diacritics_and_the_details_of_a_node(browser, bundled_view):
    path, _ = bundled_view
    page, errors, _ = open_view(browser, path)
    page.fill("#search", "van phong tinh uy")
    assert "kết quả" in page.inner_text("#found")
    page.press("#search", "Enter")
    assert "Văn phòng Tỉnh ủy" in page.inner_text("#details h2")
    assert "Vai trò / role" in page.inner_text("#details")
    page.fill("#search", "zzz khong co")
    assert "not found" in page.inner_text("#found")
    page.evaluate("plankg.select('https://w3id.org/plankg/id/doc/tu-quang-ninh/kh/2025/538', true)")
    details = page.inner_text("#details")
    assert "538-KH/TU" in details and "2025-05-19" in details and "Quảng Ninh" in details
    assert "#https" in page.url  # a permalink to the selected node
    page.evaluate(
        "plankg.select(plankg.nodes.get().find(n => n.group === 'indicator' && n.targets.length > 3).id, true)"
    )
    assert len(page.query_selector_all("#targets tr")) > 3
    page.evaluate("plankg.select(plankg.nodes.get().find(n => n.group === 'indicator' && n.details.length).id, true)")
    assert "Nhóm chỉ tiêu / theme" in page.inner_text("#details")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "view-selected.png"))
    assert not errors
    page.close()


def test_hostile_text_stays_text(browser, tmp_path, run):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "TỈNH ỦY CAO BẰNG\nSố 5-KH/TU            Cao Bằng, ngày 01 tháng 6 năm 2025\nKẾ HOẠCH\n"
        "thực hiện Nghị quyết số 57-NQ/TW <img src=x onerror=\"document.title='pwned'\">\n\n"
        "Thực hiện Nghị quyết số 57-NQ/TW, Ban Thường vụ Tỉnh ủy ban hành:\n\nI- TỔ CHỨC THỰC HIỆN\n"
        "1. Văn phòng Tỉnh ủy: chủ trì </script><b id=injected>tham mưu</b> triển khai (thực hiện hằng năm).\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert run("build", str(hostile), "--no-output", store=store).exit_code == 0
    out = tmp_path / "hostile.html"
    assert run("view", "-o", str(out), store=store).exit_code == 0
    page, _errors, requests = open_view(browser, out)
    page.evaluate("plankg.select(plankg.nodes.get().find(n => n.group === 'task').id, true)")
    assert page.query_selector("#injected") is None and page.title() != "pwned"
    details = page.inner_text("#details")
    assert "</script><b" in details and "injected>" in details  # shown as the text it is
    assert not requests
    page.close()


def test_a_view_near_the_node_limit_is_usable_at_once(browser, tmp_path):
    spec = importlib.util.spec_from_file_location("synthetic", Path(__file__).parent.parent / "bench" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    store, rng = MemoryStore(), random.Random(3)
    quads = [q for k in range(23) for q in build_quads(synthetic.synthetic_report("Cao Bằng", k, rng), f"{k:064d}")]
    store.write(lambda working: working.extend(quads))
    graph = projection(store)
    assert 2000 < graph.number_of_nodes() <= 3000
    path = tmp_path / "large.html"
    path.write_text(render_html(graph, "large"), encoding="utf-8")
    page, errors, requests = open_view(browser, path)
    assert page.evaluate("plankg.nodeView.length") == sum(1 for n in graph if graph.degree(n))
    page.fill("#search", "nhiem vu 1")
    assert "kết quả" in page.inner_text("#found")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "view-large.png"))
    assert not errors and not requests
    page.close()


def test_the_national_overview_shows_provinces_and_opens_their_views(
    browser, tmp_path, built_memory_store, store_dir, run
):
    graph = overview(built_memory_store)
    groups = {d["group"] for _, d in graph.nodes(data=True)}
    assert groups == {"province", "document", "theme"}
    path = tmp_path / "overview.html"
    result = run("view", "--overview", "-o", str(path), store=store_dir)
    assert result.exit_code == 0 and "3 province views" in result.stdout
    page, errors, requests = open_view(browser, path)
    assert page.evaluate("plankg.nodeView.length") == graph.number_of_nodes()
    page.fill("#search", "quang ninh")
    page.press("#search", "Enter")
    assert "538-KH/TU" in page.inner_text("#details")  # its plans
    page.evaluate("plankg.select('https://w3id.org/plankg/id/doc/tw/nq/2024/57', true)")
    assert "3: Lạng Sơn, Quảng Ninh, Thái Nguyên" in page.inner_text("#details")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "view-overview.png"))
    page.evaluate("plankg.select('https://w3id.org/plankg/id/province/lang-son', true)")
    page.click("#open")
    page.wait_for_url("**/overview.lang-son.html*")
    until(page, "window.plankg !== undefined && document.title.indexOf('Lạng Sơn') >= 0")
    numbers = page.evaluate("plankg.nodes.get().filter(n => n.group === 'plan').map(n => n.name)")
    assert "238-KH/TU" in numbers and "538-KH/TU" not in numbers
    assert not errors and not requests
    page.close()


def test_the_charts_read_offline(browser, tmp_path, store_dir, run):
    targets, deadlines = tmp_path / "targets.html", tmp_path / "deadlines.html"
    result = run("chart", "targets", "--theme", "digital economy", "-o", str(targets), store=store_dir)
    assert result.exit_code == 0 and "3 plan indicators" in result.stdout
    assert run("chart", "deadlines", "--as-of", "2025-07-01", "-o", str(deadlines), store=store_dir).exit_code == 0
    for path, traces in ((targets, 3), (deadlines, 2)):
        page = browser.new_page(viewport={"width": 1200, "height": 700})
        errors, requests = [], []
        # the page lives in this iteration only, so the handlers see this iteration's lists
        page.on("pageerror", lambda error: errors.append(str(error)))  # noqa: B023
        page.on(
            "request",
            lambda request: (
                requests.append(request.url)  # noqa: B023
                if not request.url.startswith(("file:", "data:", "blob:"))
                else None
            ),
        )
        page.goto(path.as_uri())
        page.wait_for_selector(".scatterlayer .trace")
        assert len(page.query_selector_all(".scatterlayer .trace")) == traces
        legend = page.evaluate(
            "Array.from(document.querySelectorAll('.legendtext')).map(t => t.textContent).join(' | ')"
        )
        if path == targets:
            assert "Quảng Ninh" in legend and "Thái Nguyên" in legend
        else:
            assert "overdue" in legend
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"chart-{path.stem}.png"))
        assert not errors and not requests
        page.close()


def plotly_data(page) -> list[dict]:
    """The traces a chart draws, as Plotly holds them in the page."""
    return page.evaluate("""Array.from(document.querySelector('.js-plotly-plot').data).map(t => ({
        name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || []), z: t.z ? t.z.map(r => Array.from(r)) : null,
        text: t.text ? Array.from(t.text) : null, customdata: t.customdata ? t.customdata.map(c => Array.from(c)) : null,
        hovertemplate: t.hovertemplate }))""")


def test_tasks_due_the_same_day_are_one_marker_with_their_count(browser, tmp_path, store_dir, run, built_memory_store):
    same_day = ask(
        built_memory_store,
        """
        SELECT ?province ?due (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pk:dueDate ?due ; pk:assignedBy ?d ; schema:description ?x .
          OPTIONAL { ?d pk:province/skos:prefLabel ?province } } GROUP BY ?province ?due""",
    )
    most = max(same_day, key=lambda r: int(r["n"]))
    assert int(most["n"]) > 1
    path = tmp_path / "deadlines.html"
    result = run("chart", "deadlines", "--as-of", "2025-07-01", "-o", str(path), store=store_dir)
    assert result.exit_code == 0 and f"{sum(int(r['n']) for r in same_day)} tasks" in result.stdout
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(path.as_uri())
    page.wait_for_selector(".scatterlayer .trace")
    traces = plotly_data(page)
    markers = {(y, x[:10]): c[0] for t in traces for x, y, c in zip(t["x"], t["y"], t["customdata"])}
    assert markers[(most["province"], most["due"][:10])] == int(most["n"])
    assert sum(markers.values()) == sum(int(r["n"]) for r in same_day)
    assert all("nhiệm vụ / tasks" in t["hovertemplate"] for t in traces)
    assert str(most["n"]) in [text for t in traces for text in t["text"]]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chart-deadlines-counted.png"))
    page.close()


def test_the_coverage_chart_tells_an_absent_annex_from_no_target(browser, tmp_path, store_dir, run, built_memory_store):
    counts = {
        (r["province"], r["theme"]): int(r["n"])
        for r in ask(
            built_memory_store,
            """
        SELECT ?province ?theme (COUNT(DISTINCT ?i) AS ?n) WHERE {
          ?i pk:theme ?c ; pk:definedIn/pk:province/skos:prefLabel ?province . ?c skos:prefLabel ?theme FILTER(LANG(?theme) = "vi")
        } GROUP BY ?province ?theme""",
        )
    }
    unknown = {
        r["p"]
        for r in ask(
            built_memory_store, "SELECT DISTINCT ?p WHERE { ?d pk:missingAnnex ?a ; pk:province/skos:prefLabel ?p }"
        )
    }
    assert unknown and counts
    path = tmp_path / "coverage.html"
    result = run("chart", "coverage", "-o", str(path), store=store_dir)
    assert result.exit_code == 0 and "3 provinces" in result.stdout
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector(".heatmaplayer")
    indicators, absent = plotly_data(page)
    assert absent["name"] == "phụ lục không có trong văn bản / annex not in the text"
    for i, province in enumerate(indicators["y"]):
        for j, theme in enumerate(indicators["x"]):
            count = counts.get((province, theme), 0)
            assert (indicators["z"][i][j] or 0) == count, (province, theme)
            assert (absent["z"][i][j] == 1) == (count == 0 and province in unknown), (province, theme)
    assert any(p not in unknown for p in indicators["y"])  # a province whose blank cells mean no target
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chart-coverage.png"), full_page=True)
    assert not errors
    page.close()


def node_on_screen(page, name: str) -> tuple[float, float]:
    """Where a node (by name) is drawn, in the page's coordinates."""
    return tuple(
        page.evaluate(
            """name => {
        const id = plankg.nodes.get().find(n => n.name === name).id;
        const at = plankg.network.canvasToDOM(plankg.network.getPositions([id])[id]);
        const box = document.getElementById('network').getBoundingClientRect();
        return [box.left + at.x, box.top + at.y]; }""",
            name,
        )
    )


def test_hovering_a_node_shows_its_name_and_a_tap_on_a_phone_opens_its_panel(browser, bundled_view):
    path, _ = bundled_view
    opened = Opened(browser, path)
    x, y = node_on_screen(opened.page, "538-KH/TU")
    opened.page.mouse.move(x, y)
    until(opened.page, "document.getElementById('tooltip').style.display === 'block'")
    assert opened.page.inner_text("#tooltip").startswith("538-KH/TU")
    opened.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    until(page, "window.plankg !== undefined")
    x, y = node_on_screen(page, "538-KH/TU")
    page.touchscreen.tap(x, y)
    until(page, "document.querySelector('#details h2').textContent === '538-KH/TU'")
    assert page.is_visible("#details") and not errors
    context.close()
