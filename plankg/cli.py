"""The plankg command line: data on stdout, errors and progress on stderr.

Exit status: 0 ok, 1 failure (bad input, store problem, graph not conforming), 2 usage error.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import time
from pathlib import Path

import click
import pyoxigraph as ox

from plankg import __version__
from plankg.errors import PlankgError, UsageError
from plankg.graph.formats import NAMES as FORMAT_NAMES
from plankg.graph.formats import by_name, by_suffix

DEFAULT_STORE = "out/store"
DEFAULT_OUTPUT = "out/plankg.trig"
# vis-network's force layout grows slow and unreadable beyond a few thousand nodes; a national
# graph has hundreds of thousands, so a whole graph that large is drawn as the national overview.
MAX_VIEW_NODES = 3000


class PlankgGroup(click.Group):
    """Runs a command and turns every error into one line on stderr with the right exit status."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(
                args=args, prog_name=prog_name or "plankg", complete_var=complete_var, standalone_mode=False, **extra
            )
        except click.UsageError as err:
            hint = f" (see '{err.ctx.command_path} --help')" if err.ctx else ""
            click.echo(f"plankg: error: {err.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as err:
            click.echo(f"plankg: error: {err.format_message()}", err=True)
            sys.exit(err.exit_code)
        except UsageError as err:
            click.echo(f"plankg: error: {err}", err=True)
            sys.exit(2)
        except PlankgError as err:
            click.echo(f"plankg: error: {err}", err=True)
            sys.exit(1)
        except OSError as err:  # the last resort: a system error is still one line
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"plankg: error: {where}{err.strerror or err}", err=True)
            sys.exit(1)
        except (click.Abort, KeyboardInterrupt):
            click.echo("plankg: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def _store(ctx: click.Context):
    from plankg.graph.backends import open_store
    from plankg.pipeline import repair_output

    store = open_store(ctx.obj["store"])
    if ctx.obj["store"] == DEFAULT_STORE and repair_output(store, Path(DEFAULT_OUTPUT)):
        click.echo(
            f"plankg: {DEFAULT_OUTPUT} was older than the store (a build was interrupted): written again", err=True
        )
        _recorded(ctx, Path(DEFAULT_OUTPUT))
    return store


class Progress:
    """What a long build is doing, on stderr, when stderr is a terminal (silent otherwise, so
    that logs and scripts see only results and errors)."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()
        self.files = 0
        self.started = time.monotonic()

    def file_done(self, path: Path) -> None:
        self.files += 1
        self._show(f"reading sources: {self.files} ({path.name})")

    def phase(self, name: str | None) -> None:
        self._show(name or "", end="\n" if name is None else "")

    def _show(self, text: str, end: str = "") -> None:
        if self.shown:
            elapsed = time.monotonic() - self.started
            sys.stderr.write(f"\r\033[K{text}{f' … {elapsed:.0f} s' if text else ''}{end}")
            sys.stderr.flush()


def _store_here(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.obj["store"] = value


store_option = click.option(
    "--store",
    "store_here",
    metavar="STORE",
    expose_value=False,
    callback=_store_here,
    help="Graph store: a folder (embedded Oxigraph, default out/store), ':memory:', or a SPARQL endpoint URL; "
    "also accepted before the command, or from PLANKG_STORE.",
)


def _a_number(value: float, option: str) -> float:
    """FloatRange lets "nan" through (no comparison with it is true)."""
    if math.isnan(value):
        raise click.BadParameter("nan is not a number", param_hint=option)
    return value


def _force_here(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.obj["force"] = ctx.obj.get("force") or value


force_option = click.option(
    "--force",
    is_flag=True,
    expose_value=False,
    callback=_force_here,
    help="Replace an existing output that plankg did not write for this store.",
)


def _force_ocr(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:  # read by the PDF reader, in this process and in the workers it starts
        os.environ["PLANKG_OCR"] = "1"


ocr_option = click.option(
    "--ocr",
    is_flag=True,
    expose_value=False,
    callback=_force_ocr,
    help="Read every PDF page by OCR (Tesseract, Vietnamese), even pages that have a text layer.",
)


def _local_store(ctx: click.Context) -> Path | None:
    spec = ctx.obj["store"]
    return None if spec == ":memory:" or spec.startswith(("http://", "https://")) else Path(spec)


def _checked_output(ctx: click.Context, output: Path | None, inputs: list[Path] = ()) -> Path | None:
    """``output`` if it can be written safely (graph/export.check_output_path), before any work:
    not one of ``inputs``, and an existing file only when this store wrote it or with --force."""
    from plankg.graph.export import check_output_path

    if output is not None:
        check_output_path(output, _local_store(ctx), list(inputs), force=bool(ctx.obj.get("force")))
    return output


def _recorded(ctx: click.Context, *outputs: Path) -> None:
    """Remember what this store's command wrote, so that the next one may replace it."""
    from plankg.graph.export import record_output

    for output in outputs:
        record_output(_local_store(ctx), output)


@click.group(cls=PlankgGroup)
@click.version_option(__version__, prog_name="plankg")
@click.option(
    "--store",
    "store_spec",
    envvar="PLANKG_STORE",
    default=DEFAULT_STORE,
    show_default=True,
    help="Graph store: a folder (embedded Oxigraph), ':memory:', or a SPARQL endpoint URL.",
)
@click.pass_context
def cli(ctx: click.Context, store_spec: str) -> None:
    """plankg: a knowledge graph of Vietnamese policy documents (57-NQ/TW and the plans implementing it).

    \b
    Example:
      plankg build
      plankg query plans-implementing --param number=57-NQ/TW
    """
    ctx.obj = {"store": store_spec}


@cli.command()
@store_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Where to write the whole graph as TriG (one named graph per source).",
)
@click.option("--no-output", is_flag=True, help="Do not write the TriG file.")
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check the result against the SHACL shapes before storing it.",
)
@click.option(
    "--reason/--no-reason",
    default=True,
    show_default=True,
    help="Materialise the OWL 2 RL inferences into their own named graph.",
)
@click.option("--reasoner", type=click.Choice(["reasonable", "owlrl"]), default="reasonable", show_default=True)
@click.option(
    "--identities",
    type=click.Path(path_type=Path),
    metavar="CSV",
    help="Which document a text is, when it cannot say (columns source,number[,province,date]); "
    "default for the bundled corpus: its own file.",
)
@click.option(
    "--overlap-threshold",
    type=click.FloatRange(0.5, 1.0),
    default=0.85,
    show_default=True,
    callback=lambda _ctx, _param, value: _a_number(value, "--overlap-threshold"),
    help="How alike two tasks' descriptions must be (0.5-1) to be stored as overlapping.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="All or nothing: store nothing when any source does not conform (default: leave it out).",
)
@click.option(
    "--allow-schema",
    is_flag=True,
    help="Accept RDF files that state axioms on RDF, OWL, ELI or plankg's ontology terms "
    "(refused by default: one such line changes every document's neighbours).",
)
@click.option(
    "--replace-graph",
    is_flag=True,
    help="Accept RDF files that name a text's graph (…/graph/source/…), replacing what the text gave.",
)
@ocr_option
@force_option
@click.pass_context
def build(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output: Path,
    no_output: bool,
    validate: bool,
    reason: bool,
    reasoner: str,
    identities: Path | None,
    overlap_threshold: float,
    strict: bool,
    allow_schema: bool,
    replace_graph: bool,
) -> None:
    """Build the graph from plan texts, documents (PDF, Word, web pages, scans) and RDF files
    (default: the bundled corpus).

    \b
    Example:
      plankg build
      plankg build plans/ extra.ttl --identities plans/identities.csv
    """
    from plankg.graph.identity import read_identities, unknown_sources
    from plankg.pipeline import build as run_build
    from plankg.pipeline import bundled_corpus, bundled_identities
    from plankg.reading import collect_paths

    inputs = list(paths) or bundled_corpus()
    if identities is None and not paths:
        identities = bundled_identities()
    files = collect_paths(inputs)
    if not no_output:
        given = files + ([identities] if identities else [])
        _checked_output(ctx, output, given + [_description_path(output)])
        _checked_output(ctx, _description_path(output), given + [output])
    declared = read_identities(identities) if identities else None
    if declared and paths:
        for warning in unknown_sources(declared, (p.name for p in files)):
            click.echo(f"plankg: warning: {warning}", err=True)
    store = _store(ctx)
    progress = Progress()
    summary = run_build(
        inputs,
        store,
        None if no_output else output,
        validate=validate,
        reasoner=reasoner if reason else None,
        on_input=progress.file_done,
        on_phase=progress.phase,
        strict=strict,
        identities=declared,
        overlap_threshold=overlap_threshold,
        allow_schema=allow_schema,
        replace_graph=replace_graph,
    )
    if summary.output:
        progress.phase("writing the description")
        _write_description(store, _description_path(summary.output), "trig", True, True, output=summary.output)
        _recorded(ctx, summary.output, _description_path(summary.output))
    progress.phase(None)
    click.echo(
        f"Built the graph from {summary.sources} source(s): {summary.documents} documents "
        f"({summary.plans} plans and programmes), {summary.tasks} tasks, {summary.agencies} agencies, "
        f"{summary.indicators} indicators; {summary.triples} triples in {len(summary.graphs)} named graphs."
    )
    if summary.reasoning:
        click.echo(f"Reasoning ({summary.reasoning.engine}): {summary.reasoning.inferred} inferred triples.")
    if summary.validation:
        checked = (
            "" if summary.validation.nodes is None else f" (the {summary.validation.nodes} nodes this build touched)"
        )
        click.echo(
            f"SHACL{checked}: conforms ({summary.validation.violations} violations, "
            f"{summary.validation.warnings} warnings; 'plankg validate' lists them)."
        )
    click.echo(
        f"Store: {ctx.obj['store']}"
        + (f"; TriG: {summary.output} (described in {_description_path(summary.output)})" if summary.output else "")
    )
    for warning in summary.warnings:
        click.echo(f"plankg: warning: {warning}", err=True)
    for item in summary.left_out:
        told = (
            f" (its identity given by {declared[item.path.name].row})"
            if declared and item.path.name in declared
            else ""
        )
        click.echo(f"plankg: left out {item.path}: <{item.node}> {item.message}{told}", err=True)
    if summary.left_out:
        sys.exit(1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", show_default=True)
@ocr_option
def extract(file: Path, fmt: str) -> None:
    """Print the extraction report of one text or document (JSON as in the gold annotations, or Turtle).

    \b
    Example:
      plankg extract plan.txt --format turtle
    """
    import hashlib

    from plankg.loaders.documents import read_document
    from plankg.loaders.extract import extract_text
    from plankg.loaders.report import report_dict

    text, data, warnings = read_document(file)
    report = extract_text(text, file.name)
    report.warnings[:0] = warnings
    for warning in report.warnings:
        click.echo(f"plankg: warning: {file.name}: {warning}", err=True)
    if fmt == "json":
        click.echo(json.dumps(report_dict(report), ensure_ascii=False, indent=2))
        return
    from plankg.graph.namespaces import PREFIXES
    from plankg.graph.rdf_build import build_quads

    memory = ox.Store()
    memory.extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in build_quads(report, hashlib.sha256(data).hexdigest())
    )
    sys.stdout.buffer.write(memory.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES))


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in params:
        if "=" not in item:
            raise UsageError(f"--param takes key=value, not {item!r}")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


@cli.command()
@store_option
@click.argument("query")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option(
    "--bom", is_flag=True, help="Start CSV/TSV with a UTF-8 byte order mark (Excel then reads Vietnamese right)."
)
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (queries to other endpoints from this machine).")
@click.pass_context
def query(ctx: click.Context, query: str, params: tuple[str, ...], fmt: str, bom: bool, allow_service: bool) -> None:
    """Run a named query, a .rq file, or '-' (a query on standard input). Read-only.

    \b
    Example:
      plankg query plans-implementing --param number=57-NQ/TW
      plankg query compare-targets -p theme="digital economy" --format csv
    """
    from plankg.graph.querying import bind_parameters, check_read_only, in_user_lines, query_text, resolve_query

    stdin_text = _read_stdin_query() if query == "-" else None
    named = resolve_query(query, stdin_text)
    check_read_only(named, allow_service)
    store = _store(ctx)
    bindings = bind_parameters(named, _parse_params(params), store)
    try:
        result = store.query(query_text(named), bindings)
        _print_result(named, result, fmt, bom)
    except PlankgError as err:
        raise PlankgError(in_user_lines(str(err))) from None
    except (OSError, RuntimeError, ValueError) as err:  # raised while reading results (a SERVICE that fails)
        raise PlankgError(f"the query failed: {' '.join(str(err).split())}") from None


MAX_QUERY_BYTES = 1_000_000


def _read_stdin_query() -> str:
    """The query on standard input, read up to a bound (``query - < /dev/zero`` ends at once)."""
    data = sys.stdin.buffer.read(MAX_QUERY_BYTES + 1)
    if len(data) > MAX_QUERY_BYTES:
        raise UsageError(f"the query on standard input is longer than {MAX_QUERY_BYTES} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("the query on standard input is not UTF-8 text") from None


def _print_result(named, result, fmt: str, bom: bool) -> None:
    from plankg.graph.namespaces import PREFIXES
    from plankg.graph.querying import format_table, to_table

    if isinstance(result, (ox.QueryBoolean, bool)):
        click.echo("true" if bool(result) else "false")
    elif isinstance(result, (ox.QueryTriples, list)):
        if fmt in ("csv", "tsv"):
            raise UsageError(
                f"--format {fmt}: a CONSTRUCT or DESCRIBE query gives a graph, not rows; "
                "use --format table (Turtle) or json (JSON-LD)"
            )
        memory = ox.Store()
        memory.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in result)
        rdf = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
        sys.stdout.buffer.write(memory.dump(format=rdf, from_graph=ox.DefaultGraph(), prefixes=PREFIXES))
    else:
        hidden = {p.name for p in named.parameters}
        text = format_table(to_table(result, named.sort, hidden), fmt)
        if bom and fmt in ("csv", "tsv"):
            text = "\ufeff" + text
        if sys.stdout.isatty():  # a text's ESC or BEL must not reach the terminal raw
            text = _CONTROLS.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
        sys.stdout.buffer.write(text.encode("utf-8"))


@cli.command()
def queries() -> None:
    """List the named queries with their parameters.

    \b
    Example:
      plankg queries
    """
    from plankg.graph.querying import catalog

    for name, named in catalog().items():
        click.echo(f"{name}: {named.title}")
        for param in named.parameters:
            default = f" (default {param.default})" if param.default else ""
            span = f" [{param.low or ''}..{param.high or ''}]" if param.low or param.high else ""
            click.echo(f"    --param {param.name}=<{param.type}>{span}{default}  {param.description}")


@cli.command()
@store_option
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The HTML file to write.")
@click.option("--focus", metavar="NUMBER", help="Show only the neighbourhood of this document (e.g. 57-NQ/TW).")
@click.option("--depth", type=click.IntRange(0, 10), default=2, show_default=True, help="Steps around --focus.")
@click.option("--sections", is_flag=True, help="Draw the outline sections of the documents too.")
@click.option(
    "--overview",
    is_flag=True,
    help="The national graph in aggregate: provinces, the central documents they cite, the themes they set targets in.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=MAX_VIEW_NODES,
    show_default=True,
    help="A whole graph larger than this is drawn as the national overview; a larger --focus or "
    "overview view is refused (a browser lays out a few thousand nodes at most).",
)
@force_option
@click.pass_context
def view(
    ctx: click.Context, output: Path, focus: str | None, depth: int, sections: bool, overview: bool, max_nodes: int
) -> None:
    """Write an interactive network view (one HTML file that works offline).

    \b
    Example:
      plankg view -o out/graph.html
      plankg view -o out/538.html --focus 538-KH/TU --depth 2
    """
    from plankg.graph.export import atomic_output
    from plankg.graph.view import focus as focus_on
    from plankg.graph.view import overview as national_overview
    from plankg.graph.view import projection, render_html

    _checked_output(ctx, output)
    store = _store(ctx)
    graph = national_overview(store) if overview else projection(store, sections=sections)
    if focus and not overview:
        graph = focus_on(graph, focus, depth)
    if graph.number_of_nodes() == 0:
        raise PlankgError("the graph is empty: run 'plankg build' first")
    if graph.number_of_nodes() > max_nodes and not focus and not overview:
        click.echo(
            f"plankg: the whole graph has {graph.number_of_nodes()} nodes, more than --max-nodes {max_nodes}: "
            "writing the national overview instead (--focus NUMBER for one document's neighbourhood)",
            err=True,
        )
        graph, overview = national_overview(store), True
    if graph.number_of_nodes() > max_nodes:
        hint = "a smaller --depth" if focus else "--focus NUMBER (a document and its neighbourhood)"
        raise UsageError(
            f"the view would have {graph.number_of_nodes()} nodes, more than --max-nodes {max_nodes} "
            f"(a browser lays out a few thousand at most): choose {hint}, or raise --max-nodes"
        )
    title = "plankg: national overview" if overview else f"plankg: {focus} (±{depth})" if focus else "plankg"
    written = []
    if overview:  # each province's own view beside the overview, opened from it
        from plankg.graph.view import province_file, province_view

        full = projection(store, sections=sections)
        for node, data in graph.nodes(data=True):
            if data["group"] == "province":
                part = province_view(full, data["label"])
                if part.number_of_nodes():
                    data["link"] = province_file(output.name, data["label"])
                    target = output.with_name(data["link"])
                    _checked_output(ctx, target)
                    with atomic_output(target) as temp:
                        temp.write_text(render_html(part, f"plankg: {data['label']}"), encoding="utf-8")
                    written.append(target)
    html = render_html(graph, title)
    with atomic_output(output) as temp:
        temp.write_text(html, encoding="utf-8")
    _recorded(ctx, output, *written)
    click.echo(
        f"Wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
        + (f"; and {len(written)} province views beside it." if written else ".")
    )


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@click.option("--with-inferred", is_flag=True, help="Add the inferred triples and the similar-task pairs.")
@click.option("--with-ontology", is_flag=True, help="Add the ontology and its vocabularies (the TBox).")
@click.option(
    "--provenance/--no-provenance",
    default=None,
    help="Keep the source files, extraction runs and line numbers. Default: kept in trig, nquads "
    "and jsonld (each source's lines stay in its graph), left out of turtle, nt and rdfxml "
    "(the lines of different sources would pile up on one node).",
)
@force_option
@click.pass_context
def export(
    ctx: click.Context, fmt: str, output: Path | None, with_inferred: bool, with_ontology: bool, provenance: bool | None
) -> None:
    """Export the asserted data (triple formats get the union of the chosen graphs).

    \b
    Example:
      plankg export --format jsonld -o out/plankg.jsonld
    """
    from plankg.graph.export import atomic_output
    from plankg.graph.serialize import chosen_graphs, default_provenance, write

    if output:
        _checked_output(ctx, output, [_description_path(output)])
        _checked_output(ctx, _description_path(output), [output])
    if provenance is None:
        provenance = default_provenance(fmt)
    reader = _store(ctx).reader()
    data = write(reader, fmt, chosen_graphs(reader, with_inferred, with_ontology), provenance)
    if output:
        with atomic_output(output) as temp:
            temp.write_bytes(data)
        _write_description(
            _store(ctx),
            _description_path(output),
            fmt,
            with_inferred,
            with_ontology,
            provenance=provenance,
            output=output,
        )
        _recorded(ctx, output, _description_path(output))
    else:
        sys.stdout.buffer.write(data)


def _description_path(output: Path) -> Path:
    """The description beside an output: its name less the last suffix, and ``.void.ttl``, so
    that every output file has its own (``a.x.ttl`` → ``a.x.void.ttl``, ``a.y.ttl`` →
    ``a.y.void.ttl``; ``plankg.trig`` → ``plankg.void.ttl``)."""
    name = output.name
    if name.endswith(".void.ttl"):
        stem = name[: -len(".void.ttl")]
    else:
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return output.with_name(stem + ".void.ttl")


def _description(
    store,
    fmt: str | None = None,
    with_inferred: bool = False,
    with_ontology: bool = False,
    endpoint: str | None = None,
    provenance: bool = True,
    output: Path | None = None,
) -> str:
    """The VoID/DCAT description (graph/describe.py) of an export in ``fmt`` written to
    ``output``, or, without ``fmt``, of the store as the endpoint serves it (every graph)."""
    from plankg.graph.describe import description_turtle, export_dataset
    from plankg.graph.serialize import chosen_graphs, default_provenance

    reader = store.reader()
    if fmt is None:
        return description_turtle(reader, chosen_graphs(reader, True, True), endpoint)
    return description_turtle(
        reader,
        chosen_graphs(reader, with_inferred, with_ontology),
        endpoint,
        provenance,
        export_dataset(fmt, with_inferred, with_ontology, provenance, default_provenance(fmt)),
        output.resolve().as_uri() if output else None,
        by_name(fmt).dataset,
    )


def _write_description(
    store,
    target: Path,
    fmt: str | None = None,
    with_inferred: bool = False,
    with_ontology: bool = False,
    endpoint: str | None = None,
    provenance: bool = True,
    output: Path | None = None,
) -> None:
    from plankg.graph.export import atomic_output

    text = _description(store, fmt, with_inferred, with_ontology, endpoint, provenance, output)
    with atomic_output(target) as temp:
        temp.write_text(text, encoding="utf-8")


@cli.command()
@store_option
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@click.option("--endpoint", metavar="URL", help="The SPARQL endpoint to name (e.g. where 'plankg serve' answers).")
@force_option
@click.pass_context
def describe(ctx: click.Context, output: Path | None, endpoint: str | None) -> None:
    """A VoID and DCAT description of the graph: counts per class and property, sources, licence.

    \b
    Example:
      plankg describe -o out/plankg.void.ttl
    """
    if endpoint is not None:
        try:
            valid = endpoint.startswith(("http://", "https://")) and ox.NamedNode(endpoint)
        except ValueError:
            valid = False
        if not valid:
            raise UsageError(
                f"--endpoint {endpoint!r}: give the endpoint's http(s) URL, e.g. http://127.0.0.1:7878/sparql"
            )
    _checked_output(ctx, output)
    if output:
        _write_description(_store(ctx), output, endpoint=endpoint)
        _recorded(ctx, output)
    else:
        sys.stdout.write(_description(_store(ctx), endpoint=endpoint))


@cli.command()
@store_option
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check the stored graph against the SHACL shapes (exit 1 when it does not conform).

    \b
    Example:
      plankg validate
    """
    from plankg.graph.validate import validate_store

    result = validate_store(_store(ctx).reader())
    if result.conforms:
        if result.warnings:
            click.echo(result.report_text)
        click.echo(f"Conforms: yes (0 violations, {result.warnings} warnings).")
        return
    click.echo(result.report_text)
    click.echo(f"Conforms: no ({result.violations} violations).")
    ctx.exit(1)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="Rows per ranking.")
@click.pass_context
def analyze(ctx: click.Context, fmt: str, top: int) -> None:
    """Network analytics: documents most depended on, components, cycles, agency workload.

    \b
    Example:
      plankg analyze --top 5
    """
    from plankg.graph.analytics import analyse, format_analysis

    analysis = analyse(_store(ctx), top=top)
    if fmt == "json":
        click.echo(json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_analysis(analysis), nl=False)


@cli.command()
@store_option
@click.option(
    "--reasoner",
    type=click.Choice(["reasonable", "owlrl"]),
    default="reasonable",
    show_default=True,
    help="reasonable (Rust, fast) or owlrl (pure Python, the reference).",
)
@click.pass_context
def reason(ctx: click.Context, reasoner: str) -> None:
    """Materialise the OWL 2 RL closure of ontology + data into the inference graph.

    \b
    Example:
      plankg reason --reasoner owlrl
    """
    from plankg.graph.reason import materialise

    result = _store(ctx).write(lambda working: materialise(working, reasoner))
    click.echo(f"Reasoning ({result.engine}): {result.inferred} inferred triples in the inference graph.")


@cli.command()
@store_option
@click.argument("source")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="The TriG file to write again (when it exists, or when given).",
)
@force_option
@click.pass_context
def remove(ctx: click.Context, source: str, output: Path) -> None:
    """Drop the named graph of one source (its file name, or the graph IRI), and write the
    TriG output again so that it matches the store.

    \b
    Example:
      plankg remove quang-ninh-538-KH-TU.txt
    """
    from plankg.graph.export import atomic_output, written_by
    from plankg.graph.iris import slug, source_graph_iri
    from plankg.graph.namespaces import GRAPH, PREFIXES
    from plankg.pipeline import remove_source

    explicit = ctx.get_parameter_source("output") != click.core.ParameterSource.DEFAULT
    # the default output is written again only when this store wrote it (not another store's)
    mine = output.is_file() and not output.is_symlink() and written_by(_local_store(ctx), output)
    rewrite = _checked_output(ctx, output) if explicit or mine else None
    store = _store(ctx)
    graphs = store.graphs()
    if source.startswith(("http://", "https://")):
        matches = [source] if source in graphs else []
    else:
        name = Path(source).name
        is_rdf = by_suffix(Path(name).suffix) is not None
        base = GRAPH + "file/" + slug(name) if is_rdf else source_graph_iri(name)
        matches = [g for g in graphs if g == base or re.fullmatch(re.escape(base) + r"-[0-9a-f]{8}", g)]
    if any(not g.startswith(GRAPH + "source/") and not g.startswith(GRAPH + "file/") for g in matches):
        raise PlankgError(
            f"{source}: the ontology, inference and overlap graphs are not sources and cannot be "
            "removed (build draws them)"
        )
    if not matches:
        raise PlankgError(f"no source {source!r} in the store (see 'plankg query sources')")
    if len(matches) > 1:
        raise PlankgError(
            f"{source!r} names {len(matches)} sources (files of the same name): give the graph IRI, "
            f"one of {', '.join(matches)}"
        )
    reasoning = remove_source(store, matches[0])
    if rewrite:
        with atomic_output(rewrite) as temp:
            store.dump(str(temp), ox.RdfFormat.TRIG, prefixes=PREFIXES)
        _recorded(ctx, rewrite)
    elif output.exists():
        click.echo(f"plankg: {output} was not written by this store: left as it is", err=True)
    click.echo(
        f"Removed {matches[0]}."
        + (f" Reasoning ({reasoning.engine}) drawn again: {reasoning.inferred} inferred triples." if reasoning else "")
        + (f" Wrote {rewrite}." if rewrite else "")
    )


@cli.command()
@store_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (beyond loopback, set --read-token)."
)
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=10.0,
    show_default=True,
    help="Seconds a query may run before it is answered 503.",
)
@click.option(
    "--max-running", type=click.IntRange(1, 64), default=4, show_default=True, help="Queries evaluated at once."
)
@click.option(
    "--max-waiting",
    type=click.IntRange(0, 1000),
    default=8,
    show_default=True,
    help="Queries waiting for a slot; more are answered 503 with Retry-After.",
)
@click.option(
    "--per-client",
    type=click.IntRange(0, 1000),
    default=0,
    help="Queries one address may have running or waiting (default: --max-running less one).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1),
    default=100_000,
    show_default=True,
    help="Rows (or triples) of one result; a larger one is refused with a clear error.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=64 << 20,
    show_default=True,
    help="Bytes of one serialised result; a larger one is refused with a clear error.",
)
@click.option(
    "--cors",
    metavar="ORIGIN",
    help="Let web pages of this origin read the answers (e.g. https://dash.example.org); off by default.",
)
@click.option(
    "--read-token",
    metavar="TOKEN",
    envvar="PLANKG_READ_TOKEN",
    help="Answer only requests with 'Authorization: Bearer TOKEN' (or from PLANKG_READ_TOKEN).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    timeout: float,
    max_running: int,
    max_waiting: int,
    per_client: int,
    max_rows: int,
    max_bytes: int,
    cors: str | None,
    read_token: str | None,
) -> None:
    """A read-only SPARQL endpoint over the store (/sparql, /queries/NAME, /id/... dereferenced).

    \b
    Example:
      plankg serve --port 7878 --timeout 10
    """
    import ipaddress

    from plankg.graph.serve import ServeOptions, make_server
    from plankg.graph.store import DiskStore

    store = _store(ctx)
    if isinstance(store, DiskStore):
        store.reader()  # a store that does not exist (or cannot be read) is refused before "Serving"
    options = ServeOptions(
        timeout=timeout,
        max_running=max_running,
        max_waiting=max_waiting,
        per_client=per_client,
        max_rows=max_rows,
        max_bytes=max_bytes,
        cors=cors,
        read_token=read_token or None,
    )
    try:
        server = make_server(store, host, port, timeout, options)
    except OSError as err:
        raise PlankgError(f"cannot listen on {host}:{port} ({err.strerror or err})") from None
    bound_host, bound_port = server.server_address[:2]
    try:
        loopback = ipaddress.ip_address(bound_host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not read_token:
        click.echo(
            f"plankg: warning: listening on {bound_host}, beyond this machine: anyone who reaches it can "
            "read the whole store (--read-token asks for a token)",
            err=True,
        )
    click.echo(f"Serving {ctx.obj['store']} at http://{bound_host}:{bound_port}/sparql (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


@cli.command()
@store_option
@click.argument("kind", type=click.Choice(["targets", "deadlines", "coverage"]))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The HTML file to write.")
@click.option(
    "--theme",
    default="Tỷ trọng kinh tế số trong GRDP",
    show_default=True,
    help="targets: the theme, by its Vietnamese or English name (matched without diacritics).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="deadlines: the date overdue is counted on (default: today).",
)
@click.option(
    "--by",
    type=click.Choice(["province", "role"]),
    default="province",
    show_default=True,
    help="deadlines: one row per province or per role.",
)
@force_option
@click.pass_context
def chart(ctx: click.Context, kind: str, output: Path, theme: str, as_of, by: str) -> None:
    """A chart to read: a theme's targets by province over the years, task deadlines on a timeline,
    or the coverage of provinces × themes (annex not in the text apart from no target).

    \b
    Example:
      plankg chart targets --theme "digital economy" -o out/targets.html
    """
    import datetime as dt

    from plankg.graph.charts import coverage_chart, deadlines_chart, targets_chart
    from plankg.graph.export import atomic_output

    _checked_output(ctx, output)
    store = _store(ctx)
    if kind == "targets":
        page, drawn = targets_chart(store, theme)
        what = "plan indicators"
    elif kind == "coverage":
        page, drawn = coverage_chart(store)
        what = "provinces"
    else:
        page, drawn = deadlines_chart(store, (as_of.date() if as_of else dt.date.today()), by)
        what = "tasks"
    with atomic_output(output) as temp:
        temp.write_text(page, encoding="utf-8")
    _recorded(ctx, output)
    click.echo(f"Wrote {output}: {drawn} {what}.")


@cli.group("store")
def store_group() -> None:
    """Look after a store folder: check it, back it up, restore a backup.

    \b
    Example:
      plankg store check
    """


def _disk_store(ctx: click.Context):
    from plankg.graph.backends import open_store
    from plankg.graph.store import DiskStore

    store = open_store(ctx.obj["store"])
    if not isinstance(store, DiskStore):
        raise UsageError(f"{ctx.obj['store']}: 'plankg store' looks after a store folder, not {ctx.obj['store']!r}")
    return store


@store_group.command("check")
@store_option
@click.pass_context
def store_check(ctx: click.Context) -> None:
    """The store's format, its versions, which one is current and whether every record of it
    reads back (exit 1 when something is wrong).

    \b
    Example:
      plankg --store out/store store check
    """
    lines, ok = _disk_store(ctx).check()
    for line in lines:
        click.echo(line)
    if not ok:
        ctx.exit(1)


@store_group.command("backup")
@store_option
@click.argument("folder", type=click.Path(path_type=Path))
@click.pass_context
def store_backup(ctx: click.Context, folder: Path) -> None:
    """Copy the current version into FOLDER (new or empty): a store of its own, in plain files,
    safe to zip, scp or sync, and to open with --store FOLDER.

    \b
    Example:
      plankg store backup backups/monday
    """
    version = _disk_store(ctx).backup_to(folder)
    click.echo(f"Backed up {ctx.obj['store']} to {folder} ({version.name}).")


@store_group.command("restore")
@store_option
@click.argument("folder", type=click.Path(path_type=Path))
@click.pass_context
def store_restore(ctx: click.Context, folder: Path) -> None:
    """Make the backup in FOLDER the store's current version (the version it replaces is kept
    until the next write).

    \b
    Example:
      plankg store restore backups/monday
    """
    from plankg.graph.store import DiskStore

    if not folder.is_dir():
        raise PlankgError(f"{folder}: no such backup folder")
    _disk_store(ctx).restore(DiskStore(folder))
    click.echo(f"Restored {ctx.obj['store']} from {folder}.")


main = cli.main

if __name__ == "__main__":  # pragma: no cover
    main()
