"""Each extraction rule's hits and precision over every annotated text.

    python -m tests.score_rules            # the annotated texts (bundled, shared gold, dev examples)
    python -m tests.score_rules --variants 20   # and 20 table-variant plans of each form

A predicted assignment is right when the scorer (``tests/score_extraction.py``) pairs it with an
annotated one; an indicator likewise. The rules with the lowest precision come first: they are
where a fix pays most.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from plankg.loaders.extract import extract_text
from plankg.loaders.report import report_dict
from tests.score_extraction import agency_similarity, greedy_match, similar

HERE = Path(__file__).parent
CORPUS = HERE.parent / "corpus"
SHARED_GOLD = HERE.parent.parent / "shared" / "gold"


def annotated_texts(variants: int = 0) -> Iterator[tuple[str, str, dict]]:
    """(name, text, annotation) of every annotated text there is."""
    for gold_path in sorted((HERE / "gold").glob("*.json")):
        yield (
            gold_path.stem,
            (CORPUS / f"{gold_path.stem}.txt").read_text("utf-8"),
            json.loads(gold_path.read_text("utf-8")),
        )
    for folder in (HERE / "dev", HERE / "unseen"):
        for gold_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            text = gold_path.with_suffix(".txt")
            if text.is_file():
                yield gold_path.stem, text.read_text("utf-8"), json.loads(gold_path.read_text("utf-8"))
    if variants:
        from tests.table_variants import FORMS, make_table_plan

        for form in FORMS:
            for seed in range(variants):
                text, expected = make_table_plan(seed, form)
                yield f"table-{form}-{seed}", text, expected


def rule_scores(variants: int = 0) -> dict[tuple[str, str], tuple[int, int]]:
    """(part, rule) -> (hits, right)."""
    hits: Counter = Counter()
    right: Counter = Counter()
    for name, text, gold in annotated_texts(variants):
        report = report_dict(extract_text(text, f"{name}.txt"))
        province = (gold.get("document") or {}).get("province")
        same_agency = agency_similarity(province)

        def pair(p: dict, g: dict) -> float:  # used in this iteration only
            agency = same_agency(p.get("agency") or "", g.get("agency") or "")  # noqa: B023
            task = similar((p.get("task") or "")[:120], (g.get("task") or "")[:120])
            return (agency + task) / 2 if agency >= 0.85 and task >= 0.6 else 0.0

        for part, score, threshold in (
            ("assignments", pair, 0.7),
            ("indicators", lambda p, g: similar(p.get("name") or "", g.get("name") or ""), 0.75),
        ):
            predicted = report[part]
            matched = {i for i, _ in greedy_match(predicted, gold.get(part, []), score, threshold)}
            for i, item in enumerate(predicted):
                key = (part, item.get("rule") or "?")
                hits[key] += 1
                right[key] += i in matched
    return {key: (hits[key], right[key]) for key in hits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", type=int, default=0, help="table-variant plans of each form to add")
    args = parser.parse_args()
    scores = rule_scores(args.variants)
    print(f"{'part':12} {'rule':34} {'hits':>5} {'right':>5} {'precision':>9}")
    for (part, rule), (hits, right) in sorted(scores.items(), key=lambda kv: (kv[1][1] / kv[1][0], kv[0])):
        print(f"{part:12} {rule:34} {hits:5} {right:5} {right / hits:9.3f}")


if __name__ == "__main__":
    main()
