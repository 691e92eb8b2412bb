"""Two views people read rather than explore, as self-contained HTML (Plotly's script inlined,
nothing fetched): the targets of one theme by province over the years, and the deadlines of
tasks on a timeline, overdue ones marked as of a date.

The data come from the named queries (compare-targets, and a query of the tasks' due dates),
so a chart shows what ``plankg query`` answers.
"""
from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict

import plotly.graph_objects as go

from plankg.graph.namespaces import sparql_prologue
from plankg.graph.querying import bind_parameters, catalog, query_text, to_table

_DUE = sparql_prologue() + """
SELECT ?task ?text ?due ?precision ?plan ?province ?role WHERE {
  ?task pk:dueDate ?due ; schema:description ?text ; pk:assignedBy ?doc .
  OPTIONAL { ?task pk:deadlinePrecision/skos:prefLabel ?precision FILTER(LANG(?precision) = "en") }
  OPTIONAL { ?doc eli:id_local ?plan }
  OPTIONAL { ?doc pk:province/skos:prefLabel ?province }
  OPTIONAL { ?task pk:leadAgency/pk:role/skos:prefLabel ?role }
}"""


def _page(figure: go.Figure, title: str) -> str:
    """The figure as one offline page: Plotly's script inlined, no MathJax, no network."""
    body = figure.to_html(include_plotlyjs=True, include_mathjax=False, full_html=False,
                          config={"displaylogo": False})
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; script-src 'unsafe-inline' "
            "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:;\"></head>"
            f"<body style='margin:0;font-family:system-ui'>{body}</body></html>")


def _number(shown: str) -> float | None:
    """The number of a normalised target cell ("≥ 30 %", ">= 40 %", "10 %") for the y axis."""
    for piece in shown.replace(",", ".").split():
        try:
            return float(piece)
        except ValueError:
            continue
    return None


def targets_chart(store, theme: str) -> tuple[str, int]:
    """Targets of one theme by province and plan over 2025…2045 (a line per plan indicator);
    returns the page and the number of lines."""
    named = catalog()["compare-targets"]
    table = to_table(store.query(query_text(named), bind_parameters(named, {"theme": theme}, store)),
                     named.sort, {p.name for p in named.parameters})
    columns = table.columns
    figure = go.Figure()
    years = ["y2025", "y2030", "y2035", "y2040", "y2045"]
    label = str(bind_parameters(named, {"theme": theme}, store)["theme"].value)
    for row in table.rows:
        cells = {c: (t.value if t is not None else "") for c, t in zip(columns, row)}
        points = [(int(y[1:]), _number(cells[y]), cells[y]) for y in years if cells.get(y)]
        points = [(x, v, s) for x, v, s in points if v is not None]
        if points:
            figure.add_trace(go.Scatter(
                x=[p[0] for p in points], y=[p[1] for p in points], mode="lines+markers",
                name=f"{cells['plan_province']} · {cells['plan_number']}", text=[p[2] for p in points],
                hovertemplate="%{x}: %{text}<br>" + html.escape(cells["indicator"][:80]) + "<extra></extra>"))
    figure.update_layout(title=f"{label} — chỉ tiêu theo tỉnh / targets by province", xaxis_title="năm / year",
                         yaxis_title="giá trị / value", template="plotly_white", height=620)
    return _page(figure, label), len(figure.data)


def deadlines_chart(store, as_of: dt.date, by: str = "province") -> tuple[str, int]:
    """Tasks by due date, one row per province (or role), overdue ones (due before ``as_of``)
    in red; returns the page and the number of tasks drawn."""
    rows = [{k: (r[k].value if r[k] is not None else "") for k in ("task", "text", "due", "precision", "plan", "province", "role")}
            for r in store.query(_DUE)]
    groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        lane = (r["role"] if by == "role" else r["province"]) or "central"
        late = dt.date.fromisoformat(r["due"]) < as_of
        bucket = groups["quá hạn / overdue" if late else "còn hạn / not yet due"]
        bucket["x"].append(r["due"])
        bucket["y"].append(lane)
        bucket["text"].append(f"{r['plan']} · {r['precision']} · {r['text'][:120]}")
    figure = go.Figure()
    for name, colour in (("còn hạn / not yet due", "#1f77b4"), ("quá hạn / overdue", "#d62728")):
        if name in groups:
            figure.add_trace(go.Scatter(x=groups[name]["x"], y=groups[name]["y"], mode="markers", name=name,
                                        text=groups[name]["text"], marker={"color": colour, "size": 9, "opacity": 0.7},
                                        hovertemplate="%{x}: %{text}<extra></extra>"))
    figure.add_vline(x=as_of.isoformat(), line_dash="dash", line_color="#555")
    figure.update_layout(title=f"Thời hạn nhiệm vụ / task deadlines (as of {as_of.isoformat()})", template="plotly_white",
                         xaxis_title="hạn / due", height=max(420, 60 * len({y for g in groups.values() for y in g["y"]})))
    return _page(figure, "deadlines"), len(rows)
