"""Score a document's own fields against the hand-written expectations of tests/doc_fields.

Run as a script (``python -m tests.doc_fields_score``) it prints every field that differs and
the scores per field, the measures the document-fields tests hold."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from plankg.loaders.extract import extract_text
from plankg.loaders.normalize import fold
from plankg.loaders.report import report_dict

FOLDER = Path(__file__).parent / "doc_fields"
FIELDS = ("kind", "number", "date", "issuer", "province", "title")


def expectations() -> dict[str, dict]:
    return json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))


def _same(field_name: str, got, want) -> bool:
    if field_name in ("issuer", "title", "province"):
        # a title or a name is right when it reads the same (case, spacing, final full stop aside)
        def norm(value):
            return " ".join(re.findall(r"[\w/.-]+", fold(value or ""))).strip(" .") or None

        return norm(got) == norm(want)
    return got == want


@dataclass
class Scores:
    right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    documents: int = 0
    implements: list[int] = field(default_factory=lambda: [0, 0, 0])  # true positives, predicted, expected
    references: list[int] = field(default_factory=lambda: [0, 0, 0])
    own_number_cited: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def share(self, field_name: str) -> float:
        return self.right[field_name] / self.documents

    @staticmethod
    def _prf(counts: list[int]) -> tuple[float, float, float]:
        tp, predicted, expected = counts
        p = tp / predicted if predicted else 1.0
        r = tp / expected if expected else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def implements_prf(self) -> tuple[float, float, float]:
        return self._prf(self.implements)

    @property
    def references_prf(self) -> tuple[float, float, float]:
        return self._prf(self.references)


def score(names: list[str] | None = None) -> Scores:
    out = Scores()
    for name, want in expectations().items():
        if names and name not in names:
            continue
        text = (FOLDER / name).read_text(encoding="utf-8")
        got = report_dict(extract_text(text, name))
        doc = got["document"]
        out.documents += 1
        for field_name in FIELDS:
            if _same(field_name, doc[field_name], want[field_name]):
                out.right[field_name] += 1
            else:
                out.misses.append(f"{name} {field_name}: got {doc[field_name]!r}, want {want[field_name]!r}")
        for counts, found, expected, label in (
            (out.implements, set(doc["implements"]), set(want["implements"]), "implements"),
            (out.references, {r["number"] for r in got["references"]}, set(want["references"]), "references"),
        ):
            counts[0] += len(found & expected)
            counts[1] += len(found)
            counts[2] += len(expected)
            if found != expected:
                out.misses.append(
                    f"{name} {label}: extra {sorted(found - expected)}, missing {sorted(expected - found)}"
                )
        cited = {r["number"] for r in got["references"]}
        if doc["number"] and doc["number"] in cited:
            out.own_number_cited.append(name)
    return out


def main() -> None:
    result = score(sys.argv[1:] or None)
    for miss in result.misses:
        print(miss)
    print(f"{result.documents} documents: " + ", ".join(f"{f} {result.share(f):.2f}" for f in FIELDS))
    print("implements P/R/F1 {:.3f} {:.3f} {:.3f}".format(*result.implements_prf))
    print("references P/R/F1 {:.3f} {:.3f} {:.3f}".format(*result.references_prf))
    print("own number cited:", result.own_number_cited)


if __name__ == "__main__":
    main()
