"""Which embedded store: pyoxigraph's own API, or rdflib over Oxigraph (oxrdflib)?

    pip install oxrdflib && python bench/store_choice.py [SIZE]

Loads the synthetic corpus (bench/synthetic.py) both ways and runs the join-heavy named query,
reporting medians of three runs. Not a dependency of plankg: the result is in bench/RESULTS.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate

from plankg.graph.querying import bind_parameters, catalog, query_text


def median_seconds(action, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data = Path(tempfile.gettempdir()) / f"store-choice-{size}.nq"
    if not data.exists():
        store = ox.Store()
        store.extend(generate(size))
        store.dump(str(data), ox.RdfFormat.N_QUADS)
    named = catalog()["agencies-across-plans"]
    text = query_text(named)
    params = bind_parameters(named, {})

    def load_pyoxigraph():
        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        return store

    def load_oxrdflib():
        dataset = rdflib.Dataset(store="Oxigraph", default_union=True)
        dataset.parse(str(data), format="nquads")
        return dataset

    store, dataset = load_pyoxigraph(), load_oxrdflib()
    init = {rdflib.Variable(k): rdflib.Literal(int(v.value)) for k, v in params.items()}
    rows = {
        "load pyoxigraph": median_seconds(load_pyoxigraph),
        "load oxrdflib": median_seconds(load_oxrdflib),
        "query pyoxigraph": median_seconds(
            lambda: list(
                store.query(
                    text, use_default_graph_as_union=True, substitutions={ox.Variable(k): v for k, v in params.items()}
                )
            )
        ),
        "query oxrdflib": median_seconds(lambda: list(dataset.query(text, initBindings=init))),
        "len pyoxigraph": median_seconds(lambda: len(store)),
        "len oxrdflib": median_seconds(lambda: len(dataset)),
    }
    for name, seconds in rows.items():
        print(f"{size} {name}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
