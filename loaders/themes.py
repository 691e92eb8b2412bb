"""Which theme of Resolution 57-NQ/TW an indicator belongs to, from its name.

The themes and their recognition rules live in the vocabulary (ontology/themes.ttl), so that
the published scheme and the matcher never disagree. Names are compared folded (no case, no
diacritics, đ as d), which also absorbs most OCR damage to diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rapidfuzz import fuzz

from plankg.loaders.models import Report
from plankg.loaders.normalize import fold
from plankg.ontology import themes_text

_PK = "https://w3id.org/plankg/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class Theme:
    iri: str
    label_vi: str
    label_en: str
    rules: tuple[tuple[tuple[str, ...], ...], ...]  # rules -> parts -> alternatives

    @property
    def name(self) -> str:
        """The theme's name in the vocabulary: "digital-economy-share" (pkv:theme-digital-economy-share)."""
        return self.iri.rsplit("/", 1)[1].removeprefix("theme-")

    def matches(self, folded: str) -> bool:
        """``folded``: words separated by single spaces, with a space at both ends."""
        return any(all(any(_contains(folded, alt) for alt in part) for part in rule) for rule in self.rules)


def _contains(folded: str, phrase: str) -> bool:
    """The phrase's words in the name, in a row; a phrase of three words or more may have one of
    them damaged by OCR ("cbeng nghe cao", "doi mao"): same first letter, a length within one,
    and still like the word meant (another word, "song" for "so", is not damage)."""
    if f" {phrase} " in folded:
        return True
    wanted = phrase.split()
    if len(wanted) < 3:
        return False
    words = folded.split()
    if sum(want in words for want in wanted) < len(wanted) - 1:
        return False  # more than one word missing: no window can hold the phrase
    for k in range(len(words) - len(wanted) + 1):
        differing = [(got, want) for got, want in zip(words[k : k + len(wanted)], wanted) if got != want]
        if len(differing) == 1 and _damaged_form(*differing[0]):
            return True
    return False


def _damaged_form(got: str, want: str) -> bool:
    return got[:1] == want[:1] and abs(len(got) - len(want)) <= 1 and fuzz.ratio(got, want) >= 50


def _rule(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(alt.strip() for alt in part.split("|") if alt.strip()) for part in text.split(" + "))


@lru_cache(maxsize=1)
def themes() -> tuple[Theme, ...]:
    """The themes in matching order (narrow before wide)."""
    values: dict[str, dict[str, list[Any]]] = {}
    for triple in ox.parse(themes_text(), format=ox.RdfFormat.TURTLE):
        values.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(triple.object)
    out = []
    for iri, props in values.items():
        if _PK + "matchRule" not in props:
            continue
        labels = {lit.language: lit.value for lit in props.get(_SKOS + "prefLabel", [])}
        order = int(props[_PK + "matchOrder"][0].value)
        out.append(
            (
                order,
                Theme(
                    iri,
                    labels.get("vi", ""),
                    labels.get("en", ""),
                    tuple(_rule(r.value) for r in props[_PK + "matchRule"]),
                ),
            )
        )
    return tuple(theme for _, theme in sorted(out, key=lambda pair: pair[0]))


def theme_of(name: str) -> Theme | None:
    """The first theme whose rule the folded name matches, or None."""
    folded = " " + " ".join(re.sub(r"[^\w&%]+", " ", fold(name)).split()) + " "
    return next((theme for theme in themes() if theme.matches(folded)), None)


def assign_themes(report: Report) -> None:
    """Set the theme of each indicator of the report (its name, or None when no rule matches)."""
    for indicator in report.indicators:
        theme = theme_of(indicator.name)
        indicator.theme = theme.name if theme else None
