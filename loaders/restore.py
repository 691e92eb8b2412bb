"""Put back Vietnamese diacritics that OCR lost ("phat trien khoa hoc" -> "phát triển khoa học").

A lexicon of folded words and word pairs, each with its most frequent written form, is shipped
as data (``data/lexicon.json``, built from clean Unicode policy texts and the gazetteer with
``python -m plankg.loaders.restore BUILD TEXT…``). Pairs decide where a word alone is ambiguous
("so" -> "số" or "sở"). Words the lexicon does not know are kept as written.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from plankg.loaders.normalize import clean, fold, ocr_fold

_WORD = re.compile(r"[^\W\d_]+|\S", re.UNICODE)
_LETTERS = re.compile(r"(?:[^\W_]|[€§@¢])+")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(resources.files("plankg.loaders").joinpath("data/lexicon.json").read_text("utf-8"))
    return data["words"], data["pairs"]


@lru_cache(maxsize=1)
def _valid_forms() -> frozenset[str]:
    words, _ = _lexicon()
    return frozenset(words.values())


def _match_case(model: str, form: str) -> str:
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def restore_diacritics(text: str) -> str:
    """The text with each known folded word replaced by its usual diacritised form."""
    words, pairs = _lexicon()
    tokens = list(_LETTERS.finditer(text))
    if not tokens:
        return text
    keys = [ocr_fold(m.group(0)) for m in tokens]
    valid = _valid_forms()
    out, last = [], 0
    for k, match in enumerate(tokens):
        written = match.group(0)
        form = None
        if k + 1 < len(tokens) and keys[k] + " " + keys[k + 1] in pairs:
            form = pairs[keys[k] + " " + keys[k + 1]].split(" ")[0]
        elif k and keys[k - 1] + " " + keys[k] in pairs:
            form = pairs[keys[k - 1] + " " + keys[k]].split(" ")[1]
        elif written.lower() not in valid:
            form = words.get(keys[k])
        form = _match_case(written, form) if form else written
        out.append(text[last:match.start()])
        out.append(form)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def needs_restoration(text: str, sample_chars: int = 50_000) -> bool:
    """True when the text has lost its diacritics (OCR): few of its words are words as written."""
    words = [w.lower() for w in _LETTERS.findall(text[:sample_chars]) if not w.isdigit()]
    if len(words) < 20:
        return False
    valid = _valid_forms()
    return sum(w in valid for w in words) / len(words) < 0.8


def build_lexicon(texts: list[str]) -> dict:
    """Count written forms of words and adjacent pairs in clean texts; keep the most frequent."""
    word_forms: dict[str, Counter] = defaultdict(Counter)
    pair_forms: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for line in clean(text).split("\n"):
            words = [w.lower() for w in _LETTERS.findall(line)]
            for k, word in enumerate(words):
                word_forms[fold(word)][word] += 1
                if k + 1 < len(words):
                    pair_forms[fold(word) + " " + fold(words[k + 1])][word + " " + words[k + 1]] += 1
    words = {key: forms.most_common(1)[0][0] for key, forms in word_forms.items()}
    pairs = {}
    for key, forms in pair_forms.items():
        form = forms.most_common(1)[0][0]
        a, b = form.split(" ")
        pairs[key] = form
    return {"words": dict(sorted(words.items())), "pairs": dict(sorted(pairs.items()))}


def _main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "BUILD":
        print("usage: python -m plankg.loaders.restore BUILD OUT.json TEXT [TEXT…]", file=sys.stderr)
        return 2
    from plankg.loaders.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    names = [e.name for e in gaz.agencies] + [a for e in gaz.agencies for a in e.aliases] + list(gaz.provinces)
    names += [t["vi"] for t in gaz.doc_types.values()]
    texts = [Path(p).read_text("utf-8") for p in argv[2:]] + ["\n".join(names)]
    Path(argv[1]).write_text(json.dumps(build_lexicon(texts), ensure_ascii=False, indent=0) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
