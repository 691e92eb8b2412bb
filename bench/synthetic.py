"""A synthetic policy corpus of the real shape, at any size, written as N-Quads.

Provinces × plans; each plan cites documents from a shared pool of central documents and a few
local ones, has a numbered outline, tasks with lead and coordinating agencies and deadlines, and
indicators with yearly targets. Records go through the same RDF builder as extracted texts, so
the graph has the same shape (one named graph per plan, provenance, line spans).
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

import pyoxigraph as ox

from plankg.graph.rdf_build import build_quads
from plankg.loaders.gazetteer import load_gazetteer
from plankg.loaders.models import (
    Agency,
    Assignment,
    DocNumber,
    DocumentInfo,
    DocumentType,
    Indicator,
    Reference,
    Report,
    Role,
    Section,
    Target,
)
from plankg.pipeline import ontology_quads

CENTRAL_POOL = [
    DocNumber(str(n), t, i, None, "party")
    for n, t, i in [
        (57, "NQ", "TW"),
        (204, "QĐ", "TW"),
        (69, "KL", "TW"),
        (45, "CT", "TW"),
        (30, "NQ", "TW"),
        (20, "NQ", "TW"),
        (1, "CV", "BCĐTW"),
        (225, "KH", "UBKTTW"),
    ]
] + [
    DocNumber("71", "NQ", "CP", None, "state"),
    DocNumber("3", "NQ", "CP", None, "state"),
    DocNumber("80", "QĐ", "TTg", None, "state"),
    DocNumber("193", "", "QH15", 2025, "legal"),
]
CENTRAL_POOL += [DocNumber(str(100 + k), "QĐ", "TTg", None, "state") for k in range(200)]
_dates = random.Random(1)
POOL_DATES = {n: f"20{_dates.randint(20, 24)}-0{_dates.randint(1, 9)}-1{_dates.randint(0, 9)}" for n in CENTRAL_POOL}
DEADLINES = ["2025", "2026", "2027", "2030", "annual", "ongoing", "periodic", None]


def synthetic_report(province: str, index: int, rng: random.Random) -> Report:
    gaz = load_gazetteer()
    local = [a for a in gaz.agencies if a.level in ("province", "district") and "{province}" not in a.name]
    central = [a for a in gaz.agencies if a.level == "central"]
    number = DocNumber(str(100 + index), "KH" if index % 2 == 0 else "CTr", "TU")
    refs = [
        Reference(n, DocumentType.RESOLUTION, date=POOL_DATES[n], lines=[rng.randint(1, 900)])
        for n in [CENTRAL_POOL[0]] + rng.sample(CENTRAL_POOL[1:], 11)
    ]
    refs += [
        Reference(DocNumber(str(rng.randint(1, 400)), "NQ", "TU"), DocumentType.RESOLUTION, lines=[rng.randint(1, 900)])
        for _ in range(3)
    ]
    agencies = [
        Agency(a.name, a.level, lines=[rng.randint(1, 900)]) for a in rng.sample(local, 25) + rng.sample(central, 8)
    ]
    sections = [Section(f"V.{k}", f"Mục {k}", 900 + 20 * k, 919 + 20 * k) for k in range(1, 9)]
    tasks = []
    for k in range(60):
        section = rng.choice(sections).path
        text = f"Nhiệm vụ {k} của kế hoạch {number.canonical}: triển khai chuyển đổi số tại {province}"
        lead = rng.choice(agencies[:25])
        tasks.append(Assignment(lead.name, Role.LEAD, section, text, rng.choice(DEADLINES), [950 + k]))
        if rng.random() < 0.4:
            tasks.append(
                Assignment(rng.choice(agencies).name, Role.COORDINATE, section, text, tasks[-1].deadline, [950 + k])
            )
    indicators = [
        Indicator(
            f"Chỉ tiêu {k}: tỷ lệ số hóa lĩnh vực {k}",
            "Phát triển chuyển đổi số",
            [
                Target(y, f">{rng.randint(10, 99)}%", ">", float(rng.randint(10, 99)), "%")
                for y in ("2025", "2030", "2035", "2040", "2045")
            ],
            [1250 + k],
        )
        for k in range(45)
    ]
    doc = DocumentInfo(
        DocumentType.PLAN,
        number,
        f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        f"Ban Thường vụ Tỉnh ủy {province}",
        province,
        f"Kế hoạch {index} tỉnh {province}",
        implements=[CENTRAL_POOL[0]],
        supersedes=[],
    )
    return Report(f"synthetic-{province}-{index}.txt", doc, refs, agencies, tasks, indicators, sections)


def generate(triples: int, seed: int = 57) -> list[ox.Quad]:
    """About ``triples`` quads (whole plans), plus the ontology graph."""
    rng = random.Random(seed)
    provinces = load_gazetteer().provinces
    quads = ontology_quads()
    index = 0
    while len(quads) < triples:
        province = provinces[index // 3 % len(provinces)]  # three plans per province
        report = synthetic_report(province, index, rng)
        quads += build_quads(report, hashlib.sha256(f"{province}{index}".encode()).hexdigest())
        index += 1
    return quads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int)
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    store = ox.Store()
    store.extend(generate(args.triples))
    store.dump(str(args.output), ox.RdfFormat.N_QUADS)
    print(f"{len(store)} quads in {args.output}")


if __name__ == "__main__":
    main()
