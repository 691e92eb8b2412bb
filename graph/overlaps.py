"""Tasks that are essentially the same, across plans and provinces (and within one plan).

Two tasks overlap when the bodies leading them play the same role (the same national role, or
the same national body) and their descriptions are alike. Descriptions are compared folded (no
case, diacritics or punctuation), as sets of words with RapidFuzz's ``token_set_ratio``: a
task of one plan that another plan folds into a longer compound task ("kiện toàn … Phòng
Chuyển đổi số - Cơ yếu; chủ trì … xây dựng chiến lược …") still scores high, and word order
does not matter. RapidFuzz computes a block's whole score matrix in C (``cdist``), so a
national build of ~1,400 tasks takes well under a second. Tasks of fewer than
``MIN_WORDS`` words are left out: a short one is a subset of too many others; and so are pairs
of one section of one plan (items under one heading share the heading's words: siblings, not
the same task twice).

The pairs go into a graph of their own (``OVERLAP_GRAPH``), drawn again by every build, each a
``pk:TaskOverlap`` node with its two tasks and a ``pk:similarity`` in 0…1; the tasks are also
told apart as ``pk:firstTask`` and ``pk:secondTask`` (their IRIs' order), which lets
``overlap-pairs`` read each pair once by scanning, rather than joining a pair's two tasks with
each other and comparing their IRIs as strings (1.7 s of 14.7 s at a million triples). A national corpus
has thousands of pairs (a task copied into 20 provinces alone makes dozens), which nobody reads:
the pairs are also grouped into clusters, the connected groups of tasks the pairs link (all of
one role), each a ``pk:OverlapCluster`` with its tasks (``pk:clusterTask``) and a representative
wording (``pk:representativeTask``: the task most alike to the others), so that "this task in 12
provinces" is one row of the ``overlaps`` query.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from plankg.graph.namespaces import ID, OVERLAP_GRAPH, PK, RDF, XSD, sparql_prologue
from plankg.loaders.normalize import fold

DEFAULT_THRESHOLD = 0.85
MIN_WORDS = 8
MAX_PER_TASK = 5  # the closest few: a task copied into every province does not make n² pairs

_TASKS = (
    sparql_prologue()
    + """
SELECT ?task ?text ?block ?place WHERE {
  GRAPH ?g { ?task a pk:Task ; schema:description ?text ; pk:leadAgency ?lead ; pk:assignedBy ?plan
             OPTIONAL { ?task pk:inSection ?section } }
  BIND(CONCAT(STR(?plan), " ", COALESCE(STR(?section), "")) AS ?place)
  OPTIONAL { SELECT DISTINCT ?lead ?role WHERE { GRAPH ?h { ?lead pk:role ?role } } }  # once, however many texts say it
  BIND(COALESCE(?role, ?lead) AS ?block)
}"""
)


@dataclass(frozen=True)
class Overlap:
    first: str
    second: str
    similarity: float


def comparable_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def find_overlaps(
    store: ox.Store, threshold: float = DEFAULT_THRESHOLD, texts: dict[str, str] | None = None
) -> list[Overlap]:
    """Pairs of tasks with the same lead role whose descriptions score at least ``threshold``;
    ``texts``, when given, receives each task's description as written (read once, for clusters)."""
    blocks: dict[str, dict[str, str]] = defaultdict(dict)
    places: dict[str, str] = {}
    rows = store.query(_TASKS)
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    for row in rows:
        if texts is not None:
            texts[row["task"].value] = row["text"].value
        text = comparable_text(row["text"].value)
        if len(set(text.split())) >= MIN_WORDS:
            blocks[row["block"].value][row["task"].value] = text
            places[row["task"].value] = row["place"].value
    found: dict[tuple[str, str], float] = {}
    for tasks in blocks.values():
        if len(tasks) < 2:
            continue
        names, descriptions = list(tasks), list(tasks.values())
        for i, row in _score_rows(descriptions, threshold):
            closest = sorted(
                (
                    (score, j)
                    for j, score in enumerate(row)
                    if j != i and score > 0 and places[names[i]] != places[names[j]]
                ),
                reverse=True,
            )
            for score, j in closest[:MAX_PER_TASK]:
                pair = (min(names[i], names[j]), max(names[i], names[j]))
                found[pair] = max(found.get(pair, 0.0), round(float(score) / 100, 3))
    return [Overlap(a, b, s) for (a, b), s in sorted(found.items())]


# Rows of the score matrix computed at a time: a block of n tasks has n * n scores (5,000 tasks
# led by the same kind of body: 100 MB at once), this many rows of them are held.
_SCORE_ROWS = 500


def _score_rows(descriptions: list[str], threshold: float) -> Iterator[tuple[int, Any]]:
    """(index, scores against every description) for each description, a slice of rows at a time.
    Each distinct wording is scored once and its row given to every description of that wording:
    plans copy tasks word for word (a national build's 609 tasks of one role have far fewer
    wordings; scoring all of them took 17 s of the build)."""
    distinct = list(dict.fromkeys(descriptions))
    position = {text: k for k, text in enumerate(distinct)}
    columns = [position[text] for text in descriptions]
    holders: dict[int, list[int]] = defaultdict(list)  # a wording -> the descriptions that have it
    for i, k in enumerate(columns):
        holders[k].append(i)
    for start in range(0, len(distinct), _SCORE_ROWS):
        scores = cdist(
            distinct[start : start + _SCORE_ROWS],
            distinct,
            scorer=fuzz.token_set_ratio,
            score_cutoff=threshold * 100,
            workers=1,
        )
        for k, row in enumerate(scores, start):
            expanded = row[columns]  # the row against every description, in their order
            for i in holders[k]:
                yield i, expanded


@dataclass(frozen=True)
class Cluster:
    tasks: tuple[str, ...]  # sorted
    representative: str


def _damage(text: str) -> int:
    """How OCR-damaged a wording looks: signs no clean sentence has inside words ("cé&n b", "x&
    hdi"), and digits stuck to letters ("s6")."""
    return len(re.findall(r"[&§@$%|\\~^]|(?<=[^\W\d])\d|\d(?=[^\W\d])", text))


def clusters(overlaps: list[Overlap], texts: dict[str, str] | None = None) -> list[Cluster]:
    """The connected groups of tasks the pairs link (union-find): only the stored pairs (each
    task's closest few), since following every link above the threshold chains a long compound
    task's many subsets into one group of hundreds (368 tasks nationally). The representative is the
    cleanest wording (``texts``: task -> description; an OCR-damaged one reads badly), then the
    task whose similarities to the others of its group add up to the most, then the first IRI."""
    texts = texts or {}
    parent: dict[str, str] = {}

    def root(task: str) -> str:
        while parent.setdefault(task, task) != task:
            parent[task] = parent[parent[task]]
            task = parent[task]
        return task

    weight: dict[str, float] = defaultdict(float)
    for item in overlaps:
        parent[root(item.first)] = root(item.second)
        weight[item.first] += item.similarity
        weight[item.second] += item.similarity
    groups: dict[str, list[str]] = defaultdict(list)
    for task in parent:
        groups[root(task)].append(task)
    out = []
    for members in groups.values():
        members.sort()
        out.append(Cluster(tuple(members), min(members, key=lambda t: (_damage(texts.get(t, "")), -weight[t], t))))
    return sorted(out, key=lambda c: c.tasks[0])


def overlap_quads(overlaps: list[Overlap], texts: dict[str, str] | None = None) -> list[ox.Quad]:
    """The overlap graph: one node per pair, named by the pair (the same pair, the same IRI), and
    one per cluster, named by its first task (clusters share no task, so no two share an IRI)."""
    graph = ox.NamedNode(OVERLAP_GRAPH)
    out = []
    for group in clusters(overlaps, texts):
        node = ox.NamedNode(ID + "overlap-cluster/" + hashlib.sha1(group.tasks[0].encode()).hexdigest()[:16])
        out.append(ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(PK + "OverlapCluster"), graph))
        out += [ox.Quad(node, ox.NamedNode(PK + "clusterTask"), ox.NamedNode(task), graph) for task in group.tasks]
        out.append(ox.Quad(node, ox.NamedNode(PK + "representativeTask"), ox.NamedNode(group.representative), graph))
    for item in overlaps:
        node = ox.NamedNode(ID + "overlap/" + hashlib.sha1(f"{item.first} {item.second}".encode()).hexdigest()[:16])
        out.append(ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(PK + "TaskOverlap"), graph))
        for task in (item.first, item.second):
            out.append(ox.Quad(node, ox.NamedNode(PK + "overlapTask"), ox.NamedNode(task), graph))
        # and which is which (the IRIs' order), so a query reads each pair once without comparing IRIs
        out.append(ox.Quad(node, ox.NamedNode(PK + "firstTask"), ox.NamedNode(item.first), graph))
        out.append(ox.Quad(node, ox.NamedNode(PK + "secondTask"), ox.NamedNode(item.second), graph))
        out.append(
            ox.Quad(
                node,
                ox.NamedNode(PK + "similarity"),
                ox.Literal(f"{item.similarity:.3f}", datatype=ox.NamedNode(XSD + "decimal")),
                graph,
            )
        )
    return out


def redraw_overlaps(working: ox.Store, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Replace the overlap graph of ``working``; returns the number of pairs."""
    working.remove_graph(ox.NamedNode(OVERLAP_GRAPH))
    texts: dict[str, str] = {}
    overlaps = find_overlaps(working, threshold, texts)
    working.extend(overlap_quads(overlaps, texts))
    return len(overlaps)
