"""Views people read rather than explore, as self-contained HTML (Plotly's script inlined,
nothing fetched): the targets of one theme by province over the years, the deadlines of tasks
on a timeline (overdue ones marked as of a date), and provinces × themes coverage.

The data come from the named queries (compare-targets, and a query of the tasks' due dates),
so a chart shows what ``plankg query`` answers.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import defaultdict
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from plankg.graph.namespaces import sparql_prologue
from plankg.graph.querying import bind_parameters, catalog, query_text, to_table
from plankg.loaders.normalize import fold

if TYPE_CHECKING:
    from plankg.graph.store import Store

_DUE = (
    sparql_prologue()
    + """
SELECT ?task ?text ?due ?precision ?plan ?province ?role WHERE {
  ?task pk:dueDate ?due ; schema:description ?text ; pk:assignedBy ?doc .
  OPTIONAL { ?task pk:deadlinePrecision/skos:prefLabel ?precision FILTER(LANG(?precision) = "en") }
  OPTIONAL { ?doc eli:id_local ?plan }
  OPTIONAL { ?doc pk:province/skos:prefLabel ?province }
  OPTIONAL { ?task pk:leadAgency/pk:role/skos:prefLabel ?role }
}"""
)


def _page(figure: go.Figure, title: str) -> str:
    """The figure as one offline page: Plotly's script inlined, no MathJax, no network."""
    body = figure.to_html(include_plotlyjs=True, include_mathjax=False, full_html=False, config={"displaylogo": False})
    return (
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; script-src 'unsafe-inline' "
        "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:;\"></head>"
        f"<body style='margin:0;font-family:system-ui'>{body}</body></html>"
    )


def _number(shown: str) -> float | None:
    """The number of a normalised target cell ("≥ 30 %", ">= 40 %", "10 %") for the y axis."""
    for piece in shown.replace(",", ".").split():
        try:
            return float(piece)
        except ValueError:
            continue
    return None


def targets_chart(store: Store, theme: str) -> tuple[str, int]:
    """Targets of one theme by province and plan over 2025…2045 (a line per plan indicator);
    returns the page and the number of lines."""
    named = catalog()["compare-targets"]
    table = to_table(
        store.query(query_text(named), bind_parameters(named, {"theme": theme}, store)),
        named.sort,
        {p.name for p in named.parameters},
    )
    columns = table.columns
    figure = go.Figure()
    years = ["y2025", "y2030", "y2035", "y2040", "y2045"]
    label = str(bind_parameters(named, {"theme": theme}, store)["theme"].value)
    for row in table.rows:
        cells = {c: (t.value if t is not None else "") for c, t in zip(columns, row)}
        points = [(int(y[1:]), _number(cells[y]), cells[y]) for y in years if cells.get(y)]
        points = [(x, v, s) for x, v, s in points if v is not None]
        if points:
            figure.add_trace(
                go.Scatter(
                    x=[p[0] for p in points],
                    y=[p[1] for p in points],
                    mode="lines+markers",
                    name=f"{cells['plan_province']} · {cells['plan_number']}",
                    text=[p[2] for p in points],
                    hovertemplate="%{x}: %{text}<br>" + html.escape(cells["indicator"][:80]) + "<extra></extra>",
                )
            )
    figure.update_layout(
        title=f"{label} — chỉ tiêu theo tỉnh / targets by province",
        xaxis_title="năm / year",
        yaxis_title="giá trị / value",
        template="plotly_white",
        height=620,
    )
    return _page(figure, label), len(figure.data)


def deadlines_chart(store: Store, as_of: dt.date, by: str = "province") -> tuple[str, int]:
    """Tasks by due date, one row per province (or role), overdue ones (due before ``as_of``)
    in red; tasks due on the same day in the same row are one marker, its area growing with
    their number and the number in the hover (and on the marker when more than one). Returns
    the page and the number of tasks drawn."""
    rows = [
        {
            k: (r[k].value if r[k] is not None else "")
            for k in ("task", "text", "due", "precision", "plan", "province", "role")
        }
        for r in store.query(_DUE)
    ]
    same_day: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    drawn: set[tuple[str, str]] = set()  # a task led by two bodies of one role is one task of the lane
    for r in rows:
        lane = (r["role"] if by == "role" else r["province"]) or "Trung ương / central"
        if (lane, r["task"]) in drawn:
            continue
        drawn.add((lane, r["task"]))
        late = dt.date.fromisoformat(r["due"]) < as_of
        same_day[("quá hạn / overdue" if late else "còn hạn / not yet due", lane, r["due"])].append(r)
    figure = go.Figure()
    for name, colour in (("còn hạn / not yet due", "#1f77b4"), ("quá hạn / overdue", "#d62728")):
        points = sorted((key, tasks) for key, tasks in same_day.items() if key[0] == name)
        if not points:
            continue
        figure.add_trace(
            go.Scatter(
                x=[key[2] for key, _ in points],
                y=[key[1] for key, _ in points],
                mode="markers+text",
                name=name,
                marker={"color": colour, "size": [8 + 4 * math.sqrt(len(t) - 1) for _, t in points], "opacity": 0.7},
                text=[str(len(t)) if len(t) > 1 else "" for _, t in points],
                textposition="middle center",
                textfont={"color": "#fff", "size": 10},
                customdata=[[len(t), _hover(t)] for _, t in points],
                hovertemplate="%{x}: %{customdata[0]} nhiệm vụ / tasks<br>%{customdata[1]}<extra></extra>",
            )
        )
    figure.add_vline(x=as_of.isoformat(), line_dash="dash", line_color="#555")
    figure.update_layout(
        title=f"Thời hạn nhiệm vụ / task deadlines (as of {as_of.isoformat()})",
        template="plotly_white",
        xaxis_title="hạn / due",
        height=max(420, 60 * len({key[1] for key in same_day})),
    )
    return _page(figure, "deadlines"), len({task for _lane, task in drawn})


def _hover(tasks: list[dict[str, str]], shown: int = 6) -> str:
    """The first few tasks of a marker, one a line (escaped: Plotly renders hover text as HTML)."""
    lines = [html.escape(f"{t['plan']} · {t['precision']} · {t['text'][:100]}") for t in tasks[:shown]]
    if len(tasks) > shown:
        lines.append(f"… +{len(tasks) - shown}")
    return "<br>".join(lines)


_COVERAGE = (
    sparql_prologue()
    + """
SELECT ?province ?theme ?theme_en (COUNT(DISTINCT ?indicator) AS ?indicators) WHERE {
  { SELECT DISTINCT ?p WHERE { ?plan a pk:Plan ; prov:wasDerivedFrom ?source ; pk:province ?p } }
  ?p skos:prefLabel ?province .
  ?concept skos:inScheme pkv:theme ; skos:prefLabel ?theme FILTER(LANG(?theme) = "vi")
  OPTIONAL { ?concept skos:prefLabel ?theme_en FILTER(LANG(?theme_en) = "en") }
  OPTIONAL { ?indicator pk:theme ?concept ; pk:definedIn ?doc . ?doc pk:province ?p }
} GROUP BY ?province ?theme ?theme_en"""
)
_MISSING_ANNEX = (
    sparql_prologue()
    + """
SELECT DISTINCT ?province WHERE { ?plan pk:missingAnnex ?annex ; pk:province/skos:prefLabel ?province }"""
)
NO_TARGET, UNKNOWN = "không có chỉ tiêu / no target", "phụ lục không có trong văn bản / annex not in the text"


def coverage_chart(store: Store) -> tuple[str, int]:
    """Provinces × themes: how many indicators each province's plans set in each theme; a cell
    without one is "no target", or "annex not in the text" when a plan of the province names an
    annex of targets its text does not hold (pk:missingAnnex: unknown, not absent), as the
    ``coverage`` query tells them apart. Returns the page and the number of provinces."""
    counts: dict[tuple[str, str], int] = {}
    english: dict[str, str] = {}
    for r in store.query(_COVERAGE):
        counts[(r["province"].value, r["theme"].value)] = int(r["indicators"].value)
        english[r["theme"].value] = r["theme_en"].value if r["theme_en"] is not None else ""
    unknown = {r["province"].value for r in store.query(_MISSING_ANNEX)}
    provinces = sorted({p for p, _ in counts}, key=fold)
    themes = sorted(english, key=lambda t: (-sum(counts[(p, t)] > 0 for p in provinces), fold(t)))
    z, marks, hover = [], [], []
    for p in provinces:
        z.append([counts[(p, t)] or None for t in themes])
        marks.append([1 if not counts[(p, t)] and p in unknown else None for t in themes])
        hover.append(
            [
                f"{counts[(p, t)]} chỉ tiêu / indicators" if counts[(p, t)] else UNKNOWN if p in unknown else NO_TARGET
                for t in themes
            ]
        )
    labels = themes
    hover = [[f"{english[t]}: {cell}" if english[t] else cell for t, cell in zip(themes, row)] for row in hover]
    figure = go.Figure()
    figure.add_trace(
        go.Heatmap(
            z=z,
            x=labels,
            y=provinces,
            name="chỉ tiêu / indicators",
            colorscale="Blues",
            zmin=0,
            customdata=hover,
            hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>",
            xgap=1,
            ygap=1,
            colorbar={"title": "chỉ tiêu / indicators"},
        )
    )
    figure.add_trace(
        go.Heatmap(
            z=marks,
            x=labels,
            y=provinces,
            name=UNKNOWN,
            showscale=False,
            showlegend=True,
            colorscale=[[0, "#f4a261"], [1, "#f4a261"]],
            customdata=hover,
            hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    figure.update_layout(
        title="Chỉ tiêu theo tỉnh và nhóm / targets by province and theme (ô trắng / blank: " + NO_TARGET + ")",
        template="plotly_white",
        height=max(420, 260 + 22 * len(provinces)),
        xaxis={"tickangle": -45, "automargin": True},
        yaxis={"automargin": True, "dtick": 1},
        legend={"orientation": "h", "y": 1.02},
    )
    return _page(figure, "coverage"), len(provinces)
