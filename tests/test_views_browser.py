"""The views in a real browser (Chromium driven by Playwright): what a viewer sees and does.

Chromium is Debian's (``/usr/bin/chromium``, or ``PLANKG_CHROMIUM``); CI installs it. Without
it the tests are skipped on a developer's machine, and fail in CI. Screenshots go to ``out/``.
"""
from __future__ import annotations

import importlib.util
import os
import random
import shutil
from pathlib import Path

import pytest

from plankg.graph.rdf_build import build_quads
from plankg.graph.store import MemoryStore
from plankg.graph.view import overview, projection, render_html

CHROMIUM = os.environ.get("PLANKG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).parent.parent / "out"

if not CHROMIUM and not os.environ.get("CI"):
    pytest.skip("no Chromium on this machine (CI installs Debian's)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def open_view(browser, html_path: Path):
    """A page with the view loaded; the console errors and every network request recorded."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url) if not request.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(html_path.as_uri())
    page.wait_for_function("window.plankg !== undefined")
    return page, errors, requests


@pytest.fixture(scope="module")
def bundled_view(tmp_path_factory, built_memory_store):
    graph = projection(built_memory_store)
    path = tmp_path_factory.mktemp("views") / "bundled.html"
    path.write_text(render_html(graph, "plankg"), encoding="utf-8")
    return path, graph


def test_the_bundled_view_opens_offline_and_shows_every_node(browser, bundled_view):
    path, graph = bundled_view
    page, errors, requests = open_view(browser, path)
    assert page.evaluate("plankg.nodeView.length") == graph.number_of_nodes()
    assert page.evaluate("plankg.edgeView.length") == graph.number_of_edges()
    assert not errors and not requests
    assert not any(d["group"] == "section" for _, d in graph.nodes(data=True))  # sections only when asked
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "view-bundled.png"))
    page.close()


def test_filters_hide_what_they_should(browser, bundled_view):
    path, graph = bundled_view
    page, errors, _ = open_view(browser, path)
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
    degree = page.evaluate("""(() => { const d = {}; plankg.edgeView.get().forEach(e => { d[e.from] = 1; d[e.to] = 1; }); return d; })()""")
    assert shown and all(node in degree for node in shown)
    assert not errors
    page.close()


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
    page.evaluate("plankg.select(plankg.nodes.get().find(n => n.group === 'indicator' && n.targets.length > 3).id, true)")
    assert len(page.query_selector_all("#targets tr")) > 3 and "Nhóm chỉ tiêu / theme" in page.inner_text("#details")
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
        encoding="utf-8")
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
    assert page.evaluate("plankg.nodeView.length") == graph.number_of_nodes()
    page.fill("#search", "nhiem vu 1")
    assert "kết quả" in page.inner_text("#found")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "view-large.png"))
    assert not errors and not requests
    page.close()


def test_the_national_overview_shows_provinces_and_opens_their_views(browser, tmp_path, built_memory_store, store_dir, run):
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
    page.wait_for_function("window.plankg !== undefined && document.title.indexOf('Lạng Sơn') >= 0")
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
        page.on("request", lambda request: requests.append(request.url) if not request.url.startswith(("file:", "data:", "blob:")) else None)  # noqa: B023
        page.goto(path.as_uri())
        page.wait_for_selector(".scatterlayer .trace")
        assert len(page.query_selector_all(".scatterlayer .trace")) == traces
        legend = page.evaluate("Array.from(document.querySelectorAll('.legendtext')).map(t => t.textContent).join(' | ')")
        if path == targets:
            assert "Quảng Ninh" in legend and "Thái Nguyên" in legend
        else:
            assert "overdue" in legend
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"chart-{path.stem}.png"))
        assert not errors and not requests
        page.close()
