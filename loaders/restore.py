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
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from plankg.loaders.normalize import clean, fold, ocr_fold

_WORD = re.compile(r"[^\W\d_]+|\S", re.UNICODE)
_LETTERS = re.compile(r"(?:[^\W_]|[€§@¢])+")


@lru_cache(maxsize=1)
def _lexicon_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("plankg.loaders").joinpath("data/lexicon.json").read_text("utf-8")
    )
    return data


def _lexicon() -> tuple[dict[str, str], dict[str, str]]:
    data = _lexicon_data()
    return data["words"], data["pairs"]


def _common_pairs() -> dict[str, int]:
    """Pairs seen at least twice, with their counts: enough evidence to change a real word."""
    pairs: dict[str, int] = _lexicon_data()["common_pairs"]
    return pairs


@lru_cache(maxsize=1)
def _valid_forms() -> frozenset[str]:
    """Every written form the clean texts use, the less frequent of a key's forms too ("đạt"
    beside "đất"): such a word is right as written."""
    words, pairs = _lexicon()
    return frozenset(words.values()) | frozenset(w for form in pairs.values() for w in form.split(" "))


def _match_case(model: str, form: str) -> str:
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


# A Vietnamese syllable, folded: optional onset, then one of the language's rhymes. A folded
# token that is not one ("ning", "sudt", "clia") is OCR damage, not an unknown word.
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_RHYME = (
    r"(?:a[iouy]?|a(?:n|ng|nh|m|p|t|c|ch)|e(?:o|n|ng|m|p|t|c)?|i(?:a|u|n|nh|m|p|t|ch)?"
    r"|e(?:u|nh|ch)|ie(?:u|n|ng|m|p|t|c)|o(?:a(?:i|y|n|ng|nh|t|c|ch|m|p)?|e(?:n|t|o)?|i|n|ng|m|p|t|c|ong|oc)?"
    r"|u(?:a(?:n|ng|nh|t|c|y|u)?|e(?:n|nh|t)?|i|y(?:a|u|en|et|n|nh|t|ch)?|n|ng|m|p|t|c|u"
    r"|o(?:i|n|ng|m|p|t|c)?)?|y(?:e(?:u|n|m|t))?)"
)
_SYLLABLE = re.compile(_ONSET + _RHYME)

# How OCR misreads Vietnamese letters, on folded text: what it wrote -> what it may stand for
# ("ô" read as "d", "6" or "b"; "ă"/"â" as "i"; "ư" as "tr", "ir" or "w"; "của" as "clia").
_MISREADINGS: dict[str, tuple[str, ...]] = {
    "d": ("o", "a"),
    "b": ("o",),
    "e": ("o", "c", "a"),
    "i": ("a", "u"),
    "ii": ("u",),
    "y": ("u", "a"),
    "ir": ("u",),
    "ix": ("u",),
    "it": ("u",),
    "tr": ("u",),
    "lr": ("u",),
    "ru": ("u",),
    "li": ("u",),
    "ti": ("u",),
    "tm": ("u",),
    "m": ("in",),
    "t": ("u",),
    "l": ("u", "i"),
    "w": ("u",),
    "g": ("o",),
    "a": ("u", "o"),
    "ea": ("a",),
}
_MAX_SOURCE = max(map(len, _MISREADINGS))
_FREQUENT_PAIR = 3  # times a pair is seen in clean texts before it may overrule a real word


@lru_cache(maxsize=65536)
def is_syllable(folded_word: str) -> bool:
    """True when a folded word is shaped like a Vietnamese syllable."""
    return _SYLLABLE.fullmatch(folded_word) is not None


def _misread_variants(key: str) -> list[str]:
    """Keys OCR may have turned into ``key`` by one misreading (the onset is read right)."""
    out = []
    for start in range(1, len(key)):
        for size in range(1, _MAX_SOURCE + 1):
            for meant in _MISREADINGS.get(key[start : start + size], ()):
                out.append(key[:start] + meant + key[start + size :])
    if key[:1] == "w":
        out.append("u" + key[1:])
    if len(key) >= 4:
        out.append(key[:-1])  # a speck read as a last letter ("nuéce")
    return out


@lru_cache(maxsize=65536)
def _readings(key: str, known: bool) -> tuple[tuple[str, int], ...]:
    """What a token may stand for, as (lexicon key, misreadings): itself first when it is a known
    word or shaped like one (then the others only win with context), else lexicon keys one
    misreading away, then two."""
    words, _ = _lexicon()
    if not key.isalpha():
        return ((key, 0),)
    known = known or is_syllable(key)
    found, seen = [], set()
    frontier = [key]
    for depth in (1, 2):
        frontier = [v for k in frontier for v in _misread_variants(k)]
        for variant in frontier:
            if variant in words and variant not in seen:
                seen.add(variant)
                found.append((variant, depth))
        if found or known:
            break
    if known:
        return ((key, 0),) + tuple(found)  # a word OCR may have changed; kept unless context says
    return tuple(found) or ((key, 0),)


def _choose(readings: list[tuple[tuple[str, int], ...]], words: dict[str, str], pairs: dict[str, str]) -> list[str]:
    """One reading per token: the one whose pair with a neighbour's reading clean texts use,
    else the one needing fewest misreadings. A word as read (misreadings 0) gives way only when
    context asks: see ``_context_overrules``."""
    chosen = []
    for k, options in enumerate(readings):
        if len(options) == 1:
            chosen.append(options[0][0])
            continue
        before = [r for r, _ in readings[k - 1]] if k else []
        after = [r for r, _ in readings[k + 1]] if k + 1 < len(readings) else []

        def paired(key: str) -> int:
            # called at once, in this iteration
            return any(b + " " + key in pairs for b in before) + any(key + " " + a in pairs for a in after)  # noqa: B023

        best = max(options, key=lambda option: (paired(option[0]), -option[1]))
        as_read = options[0]
        if (
            as_read[1] == 0
            and best is not as_read
            and not _context_overrules(as_read[0], best[0], before, after, words, paired)
        ):
            best = as_read
        chosen.append(best[0])
    return chosen


def _context_overrules(
    as_read: str, other: str, before: list[str], after: list[str], words: dict[str, str], paired: Callable[[str], int]
) -> bool:
    """May ``other`` replace a word that is a syllable as read? Only if no pair supports the word
    as read, and: for a syllable the lexicon does not know, some pair supports ``other``
    ("thuộc nhém" -> "thuộc nhóm"); for a word it knows, common pairs on both sides or one
    frequent pair do ("Quy mé kinh" -> "Quy mô kinh"; "sáng tạo đạt" stays, though "sáng tạo
    đột" is a pair)."""
    if paired(as_read):
        return False
    if as_read not in words:
        return paired(other) > 0
    common = _common_pairs()
    left = [common[b + " " + other] for b in before if b + " " + other in common]
    right = [common[other + " " + a] for a in after if other + " " + a in common]
    both = (left or not before) and (right or not after)
    return bool(both) or max(left + right, default=0) >= _FREQUENT_PAIR


def _is_known(written: str, key: str, words: dict[str, str], valid: frozenset[str]) -> bool:
    """A word as written, or a lexicon key, but an acronym ("HDI") only when written in capitals
    ("xã hdi" is OCR for "xã hội")."""
    if written.lower() in valid:
        return True
    form = words.get(key)  # key: ocr_fold(written)
    return form is not None and (not form.isupper() or written.isupper())


def _is_acronym(written: list[str], k: int) -> bool:
    """A word in capitals among words that are not ("chỉ số HDI của"): an acronym, read as
    written. A heading in capitals ("NHIEM VU, GIAI PHAP") is restored like any text."""

    def caps(j: int) -> bool:
        return 0 <= j < len(written) and len(written[j]) > 1 and written[j].isupper()

    return caps(k) and not caps(k - 1) and not caps(k + 1)


def restore_diacritics(text: str) -> str:
    """The text with OCR misreadings undone and each known folded word replaced by its usual
    diacritised form; pairs of words seen in clean texts decide between readings."""
    words, pairs = _lexicon()
    tokens = list(_LETTERS.finditer(text))
    if not tokens:
        return text
    valid = _valid_forms()
    written = [m.group(0) for m in tokens]
    folded = [ocr_fold(w) for w in written]
    readings = [
        ((key, 0),) if _is_acronym(written, k) else _readings(key, _is_known(w, key, words, valid))
        for k, (w, key) in enumerate(zip(written, folded))
    ]
    keys = _choose(readings, words, pairs)
    out, last = [], 0
    for k, match in enumerate(tokens):
        word = match.group(0)
        form = None
        if k + 1 < len(tokens) and keys[k] + " " + keys[k + 1] in pairs:
            form = pairs[keys[k] + " " + keys[k + 1]].split(" ")[0]
        elif k and keys[k - 1] + " " + keys[k] in pairs:
            form = pairs[keys[k - 1] + " " + keys[k]].split(" ")[1]
        elif word.lower() not in valid:
            form = words.get(keys[k])
        out.append(text[last : match.start()])
        out.append(_match_case(word, form) if form else word)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def needs_restoration(text: str, ocr_folded: str | None = None, sample_chars: int = 20_000) -> bool:
    """True when the text has lost its diacritics (OCR, or typed without them): many of its
    lower-case words are written without any mark, or are not Vietnamese syllables at all.
    Clean Vietnamese has about one word in ten without marks and almost no broken syllables;
    the OCR texts seen have three in four and one in eight."""
    sample = text[:sample_chars]
    folded = ocr_folded[:sample_chars] if ocr_folded is not None else ocr_fold(sample)  # same offsets
    count, unmarked, broken = _damage_shares(sample, folded)
    return count >= 20 and (unmarked >= 0.5 or broken >= 0.05)


def damage_score(text: str, ocr_folded: str | None = None, sample_chars: int = 20_000) -> float:
    """How damaged a text looks, 0 (clean) … 1: the larger of the share of lower-case words
    without any mark beyond the one in ten clean Vietnamese has, and ten times the share of
    words that are not Vietnamese syllables (one in eight in the OCR texts seen)."""
    sample = text[:sample_chars]
    folded = ocr_folded[:sample_chars] if ocr_folded is not None else ocr_fold(sample)
    count, unmarked, broken = _damage_shares(sample, folded)
    if not count:
        return 0.0
    return round(min(1.0, max(0.0, (unmarked - 0.1) / 0.9, broken * 10)), 2)


@lru_cache(maxsize=4)
def _damage_shares(sample: str, folded: str) -> tuple[int, float, float]:
    """How many lower-case words, and the shares without any mark and not Vietnamese syllables
    (cached: extraction asks twice of the same text)."""
    words = [
        (m.group(0), folded[m.start() : m.end()])
        for m in _LETTERS.finditer(sample)
        if m.group(0).islower() and m.group(0).isalpha()
    ]
    if not words:
        return 0, 0.0, 0.0
    unmarked = sum(w.isascii() for w, _ in words) / len(words)
    broken = sum(not is_syllable(key) for _, key in words) / len(words)
    return len(words), unmarked, broken


def build_lexicon(texts: list[str]) -> dict[str, dict[str, Any]]:
    """Count written forms of words and adjacent pairs in clean texts; keep the most frequent."""
    word_forms: dict[str, Counter[str]] = defaultdict(Counter)
    pair_forms: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for line in clean(text).split("\n"):
            line_words = [w.lower() for w in _LETTERS.findall(line)]
            for k, word in enumerate(line_words):
                word_forms[fold(word)][word] += 1
                if k + 1 < len(line_words):
                    pair_forms[fold(word) + " " + fold(line_words[k + 1])][word + " " + line_words[k + 1]] += 1
    words = {key: forms.most_common(1)[0][0] for key, forms in word_forms.items()}
    pairs = {key: forms.most_common(1)[0][0] for key, forms in pair_forms.items()}
    common = {key: sum(forms.values()) for key, forms in pair_forms.items() if sum(forms.values()) >= 2}
    return {
        "words": dict(sorted(words.items())),
        "pairs": dict(sorted(pairs.items())),
        "common_pairs": dict(sorted(common.items())),
    }


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
