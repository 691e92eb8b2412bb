"""A national corpus of plan texts, made from the bundled texts, and its build timed.

    python bench/national.py [--texts 102] [--folder DIR] [--keep]

Each text is a bundled text (the four plans and programmes, and the news article) moved to
another province: every written form of its own province's name is replaced, so its local
bodies, its branch and enterprise bodies ("Viettel <province>", "VNPT <province>", "Trường Cao
đẳng Việt - Hàn <province>", "Đảng ủy Than <province>") and its issuer become the other
province's. A paragraph naming those branch bodies is added to the text's part on organising
the work, so that every province has them. Pairs (text, province) are all different, so no two
texts are the same document.

The measure (issue: one national graph): the corpus builds with SHACL validation and stores
everything, in under 60 s on 2 cores. Then the identity measures (docs/vocabulary.md, "Identity rules"): one
issuer node per province and body, no task given to another province's body, 57-NQ/TW one node.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plankg.graph.namespaces import sparql_prologue
from plankg.graph.store import DiskStore
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.normalize import fold
from plankg.pipeline import bundled_corpus

# The province each bundled text belongs to, read from its file name.
_HOME = {"quang-ninh": "Quảng Ninh", "lang-son": "Lạng Sơn", "thai-nguyen": "Thái Nguyên"}

BRANCH_PARAGRAPH = (
    "- Viettel {p}, VNPT {p} chủ trì, phối hợp với Trường Cao đẳng Việt - Hàn {p} và Đảng ủy Than {p} "
    "phát triển hạ tầng số, phủ sóng 5G tại các khu công nghiệp; hoàn thành trong năm 2026.\n"
)


def written_forms(province: str) -> list[str]:
    """How a province's name is written in the texts: as is, in capitals, without diacritics."""
    plain = fold(province).title()
    # the same order for every province and every run (a set's order changes with the hash seed,
    # and the home province's forms are paired with the new one's by position)
    return [province, province.upper(), plain, plain.upper()]


def move_to_province(text: str, home: str, province: str) -> str:
    """The text with ``home`` replaced by ``province`` in every written form (whole words)."""
    for home_form, new_form in zip(written_forms(home), written_forms(province)):
        text = re.sub(rf"(?<!\w){re.escape(home_form)}(?!\w)", new_form, text)
    return text


def with_branch_bodies(text: str, province: str) -> str:
    """The branch paragraph added before the recipients block (or at the end)."""
    paragraph = BRANCH_PARAGRAPH.format(p=province)
    match = re.search(r"^\s*N[oơ]i\s+nh[aậ]n", text, flags=re.MULTILINE | re.IGNORECASE)
    if not match:
        return text.rstrip("\n") + "\n" + paragraph
    return text[: match.start()] + paragraph + text[match.start() :]


def national_corpus(folder: Path, count: int) -> list[Path]:
    """Write ``count`` texts into ``folder``: every (template, province) pair at most once."""
    templates = [(p.name, p.read_text("utf-8")) for p in bundled_corpus()]
    provinces = list(load_gazetteer().provinces)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(count):
        name, text = templates[k % len(templates)]
        home = next(v for key, v in _HOME.items() if name.startswith(key))
        province = provinces[(k // len(templates) * 7 + k) % len(provinces)]
        moved = with_branch_bodies(move_to_province(text, home, province), province)
        path = folder / f"{k:03d}-{fold(province).replace(' ', '-')}-{name}"
        path.write_text(moved, "utf-8")
        written.append(path)
    return written


_FIGURES = (
    sparql_prologue()
    + """
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?agency) AS ?agencies)
  (COUNT(DISTINCT ?split) AS ?split_bodies) (COUNT(DISTINCT ?misplaced) AS ?misplaced_bodies)
  (COUNT(DISTINCT ?resolution) AS ?resolutions) (COUNT(DISTINCT ?issued) AS ?issuers)
  (COUNT(DISTINCT ?province) AS ?provinces)
WHERE {
  { ?doc a eli:LegalResource FILTER NOT EXISTS { ?doc a pk:Section } }
  UNION { ?agency a pk:Agency }
  UNION { ?issued ^eli:passed_by/pk:province ?province }
  UNION { SELECT (CONCAT(STR(?p), " ", ?l) AS ?split) WHERE {  # a province's issuer with more than one node
      ?d pk:province ?p ; eli:passed_by ?i . ?i skos:prefLabel ?l } GROUP BY ?p ?l HAVING (COUNT(DISTINCT ?i) > 1) }
  UNION { ?misplaced pk:assignedBy ?plan ; pk:leadAgency|pk:coordinatingAgency ?b .  # another province's body
          ?plan pk:province ?p2 . ?b pk:province ?q FILTER(?p2 != ?q) }
  UNION { ?resolution eli:id_local "57-NQ/TW" }
}"""
)


def identity_figures(store: DiskStore) -> str:
    """The identity measures of the issue: one issuer node per province and body, no body of one
    province on another's plan, 57-NQ/TW one node."""
    row = next(iter(store.query(_FIGURES)))
    value = {
        name: int(row[name].value)
        for name in ("documents", "agencies", "split_bodies", "misplaced_bodies", "resolutions", "issuers", "provinces")
    }
    return (
        f"identity: {value['documents']} documents, {value['agencies']} agencies, {value['issuers']} issuer nodes "
        f"of {value['provinces']} provinces; issuers with two nodes: {value['split_bodies']}; tasks given to "
        f"another province's body: {value['misplaced_bodies']}; 57-NQ/TW nodes: {value['resolutions']}"
    )


_READ_SHARES = (
    sparql_prologue()
    + """
SELECT ?graph ?share WHERE { GRAPH ?graph { ?graph pk:taskPartReadShare ?share } } ORDER BY ?share
"""
)
_WELL_READ = 0.9  # a text whose task part is read less is named


def read_figures(store: DiskStore) -> str:
    """The read share of each text's task part: how many texts, the mean, and the texts under 90 %."""
    rows = [(row["graph"].value.rsplit("/", 1)[-1], float(row["share"].value)) for row in store.query(_READ_SHARES)]
    if not rows:
        return "read shares: no text has a task part"
    poor = [f"{name} {share:.0%}" for name, share in rows if share < _WELL_READ]
    mean = sum(share for _, share in rows) / len(rows)
    return f"read shares: {len(rows)} texts with a task part, mean {mean:.1%}; under {_WELL_READ:.0%}: {len(poor)}" + (
        f" ({', '.join(poor[:20])}{' …' if len(poor) > 20 else ''})" if poor else ""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=102)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the folder and the store")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plankg-national-"))
    folder = args.folder or work / "texts"
    paths = national_corpus(folder, args.texts)
    size = sum(p.stat().st_size for p in paths) / 1e6
    command = [
        sys.executable,
        "-m",
        "plankg",
        "--store",
        str(work / "store"),
        "build",
        str(folder),
        "-o",
        str(work / "national.trig"),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    print(done.stdout + done.stderr, end="")
    print(
        f"national corpus: {len(paths)} texts, {size:.1f} MB, build with validation {seconds:.1f} s "
        f"(exit {done.returncode})"
    )
    if done.returncode == 0:
        print(identity_figures(DiskStore(work / "store")))
        print(read_figures(DiskStore(work / "store")))
    if not args.keep:
        shutil.rmtree(work)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
