"""plankg benchmark: every operation against plain rdflib in memory, in one run, as ratios.

    python bench/run.py [--sizes 10000,100000] [--repeats 3] [--out bench/RESULTS.md]
    python bench/run.py --sizes national --skip load,export,reason,validate,view   # every named query, nationally

A size is a number of synthetic triples, or ``national``: the 102 texts of ``bench/national.py``
built as ``plankg build`` builds them (reasoning and the overlaps included), so that every named
query has its data (``most-depended-on`` reads the inferences, ``overlaps`` the similar tasks).

Each measurement runs in a fresh process (so its peak memory is its own); the figure is the
median of the repeats. The baseline is the design card's plain rdflib (an in-memory Dataset,
its SPARQL engine, owlrl for reasoning). Baseline runs that take minutes are skipped above the
sizes given by --baseline-max (their order of magnitude is in the notes).

The baseline runs the shipped query texts, except where ``bench/baseline/NAME.rq`` holds a plain
join of the same query: a named query that forces Oxigraph to hash-join two scans by wrapping
them in sub-queries makes rdflib, which evaluates a sub-query once per row, several times
slower, and the ratio would flatter plankg. ``--server-max`` also runs the queries on an Oxigraph
server that holds the graph in memory (the way to scale out), through plankg's remote store.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
WORK = Path(tempfile.gettempdir()) / "plankg-bench"
PARAMS = {"dependencies": {"number": "100-KH/TU"}}  # a plan the synthetic corpus has


def named_queries() -> list[str]:
    """Every named query of the catalog: each is measured at every size."""
    from plankg.graph.querying import catalog

    return list(catalog())


def _data_path(size: str) -> Path:
    return WORK / ("national.nq" if size == "national" else f"synthetic-{size}.nq")


def prepare_national() -> None:
    """The national store (built once, with reasoning and overlaps) and its N-Quads for rdflib."""
    import pyoxigraph as ox
    from national import national_corpus

    from plankg.graph.store import DiskStore
    from plankg.pipeline import build

    store_dir = WORK / "store-national"
    if not store_dir.exists():
        national_corpus(WORK / "national-texts", 102)
        build([WORK / "national-texts"], DiskStore(store_dir), None)  # as bench/national.py builds them
    if not _data_path("national").exists():
        reader = DiskStore(store_dir).reader()
        union = ox.Store()  # what the baseline's default union reads: the named graphs
        union.extend(q for q in reader.quads_for_pattern(None, None, None) if isinstance(q.graph_name, ox.NamedNode))
        union.dump(str(_data_path("national")), ox.RdfFormat.N_QUADS)


# -- one measurement (runs in a child process) ---------------------------------------------------


def _dataset_rdflib(path: Path):
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset


def _rdflib_rows(result):
    """rdflib's SELECT result shaped as Oxigraph's (the remote store's wrapper), for plankg's table."""
    from plankg.graph.reason import to_oxigraph
    from plankg.graph.remote import RemoteSolutions

    names = [str(v) for v in result.vars]
    return RemoteSolutions(
        names, [{n: to_oxigraph(row[k]) for k, n in enumerate(names) if row[k] is not None} for row in result]
    )


def _start_server(data: Path):
    """An Oxigraph server holding the graph in memory, loaded over HTTP, with the set-union
    default graph that plankg's remote store keeps (as `plankg build --store http://…` leaves it)."""
    import shutil
    import socket
    import urllib.request

    from plankg.graph.remote import REFRESH_UNION

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    server = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    for url, body, kind in [
        (base + "/store", data.read_bytes(), "application/n-quads"),
        (base + "/update", REFRESH_UNION.encode(), "application/sparql-update"),
    ]:
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": kind})
        urllib.request.urlopen(request, timeout=600).read()
    return server, base + "/query"


def _peak_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries it over an exec from the
    forked parent, so a child of a driver that generated a large corpus would report the driver's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(op: str, engine: str, size: str, arg: str) -> dict:
    data = _data_path(size)
    store_dir = WORK / f"store-{size}"
    start = time.perf_counter()
    extra = {}
    if op == "load" and engine == "plankg":
        import shutil

        from plankg.graph.store import DiskStore
        from plankg.pipeline import build

        shutil.rmtree(store_dir, ignore_errors=True)
        start = time.perf_counter()
        summary = build([data], DiskStore(store_dir), None, validate=False, reasoner=None)
        extra["triples"] = summary.triples
    elif op == "load":
        extra["triples"] = len(_dataset_rdflib(data))
    elif op == "export" and engine == "plankg":
        import pyoxigraph as ox

        from plankg.graph.namespaces import PREFIXES
        from plankg.graph.store import DiskStore

        store = DiskStore(store_dir)
        store.reader()
        start = time.perf_counter()
        store.dump(str(WORK / "out.ttl"), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    elif op == "export":
        import rdflib

        graph = _dataset_rdflib(data)
        flat = rdflib.Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            flat.add((s, p, o))
        start = time.perf_counter()
        flat.serialize(WORK / "out-rdflib.ttl", format="turtle")
    elif op == "query":
        from plankg.graph.querying import bind_parameters, catalog, parse_query_file, query_text, to_table

        named = catalog()[arg]
        bindings = bind_parameters(named, PARAMS.get(arg, {}) if size != "national" else {})
        plain = HERE / "baseline" / f"{arg}.rq"
        if engine == "rdflib" and plain.exists():
            named = parse_query_file(arg, plain.read_text("utf-8"))
        text = query_text(named)
        if engine == "plankg":
            from plankg.graph.store import DiskStore

            store = DiskStore(store_dir)
            store.reader()
            start = time.perf_counter()  # the rows in reading order, as `plankg query` prints them
            extra["rows"] = len(to_table(store.query(text, bindings), named.sort).rows)
        elif engine == "server":
            from plankg.graph.remote import RemoteStore

            server, url = _start_server(data)
            try:
                store = RemoteStore(url)
                start = time.perf_counter()
                extra["rows"] = len(to_table(store.query(text, bindings), named.sort).rows)
            finally:
                server.terminate()
                server.wait(timeout=30)
        else:
            import rdflib

            graph = _dataset_rdflib(data)
            init = {
                rdflib.Variable(k): rdflib.Literal(v.value, datatype=rdflib.URIRef(v.datatype.value))
                if v.datatype.value.endswith(("integer", "decimal"))
                else rdflib.Literal(v.value)
                for k, v in bindings.items()
            }
            start = time.perf_counter()  # the same rows in the same order as plankg's
            extra["rows"] = len(to_table(_rdflib_rows(graph.query(text, initBindings=init)), named.sort).rows)
    elif op == "reason":
        import pyoxigraph as ox

        from plankg.graph.reason import infer

        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        start = time.perf_counter()
        extra["inferred"] = len(infer(store, "reasonable" if engine == "plankg" else "owlrl"))
    elif op == "validate":
        import pyoxigraph as ox

        from plankg.graph.validate import validate_store

        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        start = time.perf_counter()
        extra["conforms"] = validate_store(store).conforms
    elif op == "view":
        from plankg.graph.store import DiskStore
        from plankg.graph.view import focus, projection, render_html

        store = DiskStore(store_dir)
        store.reader()
        start = time.perf_counter()
        graph = focus(projection(store), arg, 2) if arg else projection(store)
        extra["nodes"] = graph.number_of_nodes()
        html = render_html(graph, "bench")
        extra["html_mb"] = round(len(html) / 1e6, 1)
    else:
        raise SystemExit(f"unknown operation {op}")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), **extra}


# -- the driver ----------------------------------------------------------------------------------


def run_child(op: str, engine: str, size: str, arg: str, timeout: float) -> dict | None:
    cmd = [sys.executable, __file__, "--child", op, engine, str(size), arg]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    except subprocess.CalledProcessError as err:
        print(err.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(op, engine, size, arg, repeats, timeout) -> dict | None:
    runs = [run_child(op, engine, size, arg, timeout) for _ in range(repeats)]
    runs = [r for r in runs if r]
    if not runs or any("timeout" in r for r in runs):
        return runs[0] if runs else None
    out = dict(runs[0])
    out["seconds"] = statistics.median(r["seconds"] for r in runs)
    out["peak_mb"] = max(r["peak_mb"] for r in runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline-max", type=int, default=100000, help="largest size the rdflib baseline runs at")
    parser.add_argument(
        "--server-max",
        type=int,
        default=0,
        help="largest size at which queries also run on an Oxigraph server in memory",
    )
    parser.add_argument("--owlrl-max", type=int, default=10000, help="largest size owlrl runs at (215 s at 100k)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--skip", default="", help="operations to leave out, e.g. validate,view")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--child", nargs=4, metavar=("OP", "ENGINE", "SIZE", "ARG"))
    args = parser.parse_args()
    if args.child:
        op, engine, size, arg = args.child
        print(json.dumps(_measure(op, engine, size, arg)))
        return
    WORK.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE))
    import pyoxigraph as ox
    from synthetic import generate

    # the code measured: the commit when the run starts (a query text is read by each measurement)
    args.stamp = time.strftime("%Y-%m-%d", time.gmtime())
    args.commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE, check=False
        ).stdout.strip()
        or "?"
    )
    rows = []
    for size in args.sizes.split(","):
        data = _data_path(size)
        if size == "national":
            prepare_national()
            triples = sum(1 for _ in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS))
        elif not data.exists():
            store = ox.Store()
            store.extend(generate(int(size)))
            store.dump(str(data), ox.RdfFormat.N_QUADS)
        if size != "national":
            triples = int(size)
        plan = [
            ("load", ""),
            ("export", ""),
            *[("query", q) for q in named_queries()],
            ("reason", ""),
            ("validate", ""),
        ]
        # The whole graph as one view up to 10k triples; above, as `plankg view` has it, a plan's
        # neighbourhood (--focus, depth 2): a browser cannot lay out a national graph.
        plan.append(("view", "" if triples <= 10000 else PARAMS["dependencies"]["number"]))
        skip = set(filter(None, args.skip.split(",")))
        if size == "national":
            skip |= {"load", "view"}  # the national store is built by plankg build, with its texts
        for op, arg in [(o, a) for o, a in plan if o not in skip]:
            ours = median_of(op, "plankg", size, arg, args.repeats, args.timeout)
            base = server = None
            if op not in ("validate", "view") and triples <= (args.owlrl_max if op == "reason" else args.baseline_max):
                base = median_of(op, "rdflib", size, arg, 1 if triples > 10000 else args.repeats, args.timeout)
            if op == "query" and triples <= args.server_max:
                server = median_of(op, "server", size, arg, args.repeats, args.timeout)
            rows.append(
                (size if size == "national" else f"{triples:,}", op + (f" {arg}" if arg else ""), ours, base, server)
            )
            print(size, op, arg, ours, base, server, flush=True)
    write_results(args.out, rows, args)


def _fmt(result: dict | None) -> str:
    if not result:
        return "—"
    if "timeout" in result:
        return f"> {result['timeout']:.0f} s"
    return f"{result['seconds']:.3f} s"


def write_results(path: Path, rows, args) -> None:
    lines = [
        "# Benchmark results",
        "",
        (
            f"`python bench/run.py --sizes {args.sizes} --repeats {args.repeats}` on a 2-core machine; medians of "
            f"{args.repeats} runs (baseline: 1 run above 10k); each run in a fresh process. "
            "plankg = the embedded Oxigraph store, its SPARQL engine, `reasonable`, pySHACL; "
            "baseline = rdflib in memory (Dataset with default union), owlrl; server = `oxigraph serve` "
            "holding the graph in memory, queried over HTTP by plankg's remote store."
        ),
        "",
        "| triples | operation | plankg | rdflib baseline | ratio | plankg peak MB | server | rows | date | commit |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, op, ours, base, server in rows:
        ratio = ""
        if ours and base and "seconds" in ours and "seconds" in base and ours["seconds"] > 0:
            ratio = f"{base['seconds'] / ours['seconds']:.1f}×"
        peak = f"{ours['peak_mb']:.0f}" if ours and "peak_mb" in ours else ""
        count = ours.get("rows", "") if ours else ""
        lines.append(
            f"| {size} | {op} | {_fmt(ours)} | {_fmt(base)} | {ratio} | {peak} | "
            f"{_fmt(server) if server else ''} | {count} | {args.stamp} | {args.commit} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
