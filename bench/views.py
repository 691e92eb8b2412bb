"""Time to write a view and to a usable page: from opening it to the network drawn and answering.

    python bench/views.py [--sizes 500,3000] [--store DIR]

Views of synthetic graphs of about the given node counts (bench/synthetic.py reports), of the
bundled corpus, and with ``--store`` of a built store (the national corpus: ``python
bench/national.py --keep`` leaves one): its full view and its overview. The layout is computed
when the page is written (the clustered layout above ``SPRING_LIMIT`` nodes), so the browser
only draws.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from plankg.graph.rdf_build import build_quads
from plankg.graph.store import DiskStore, MemoryStore
from plankg.graph.view import overview, projection, render_html
from plankg.pipeline import build, bundled_corpus

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_report


def synthetic_store(nodes: int) -> MemoryStore:
    store, rng, quads = MemoryStore(), random.Random(3), []
    for k in range(max(1, round(nodes / 128))):  # one synthetic plan draws about 128 nodes
        quads += build_quads(synthetic_report("Cao Bằng", k, rng), f"{k:064d}")
    store.write(lambda working: working.extend(quads))
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,3000")
    parser.add_argument("--store", type=Path, help="a built store: time its full view and its overview too")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    bundled = MemoryStore()
    build(bundled_corpus(), bundled, None)
    views = [("bundled corpus", bundled, projection)] + [
        (f"synthetic ~{n}", synthetic_store(int(n)), projection) for n in args.sizes.split(",") if n
    ]
    if args.store:
        views += [
            (f"{args.store.name}: full view", DiskStore(args.store), projection),
            (f"{args.store.name}: overview", DiskStore(args.store), overview),
        ]
    work = Path(tempfile.mkdtemp())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for label, store, draw in views:
            start = time.perf_counter()
            graph = draw(store)
            path = work / "view.html"
            path.write_text(render_html(graph, label), encoding="utf-8")
            written = time.perf_counter() - start
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.plankg !== undefined", timeout=120_000)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            usable = time.perf_counter() - start
            print(
                f"{label}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; page written in "
                f"{written:.1f} s, usable {usable:.2f} s after opening"
            )
            page.close()
        browser.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
