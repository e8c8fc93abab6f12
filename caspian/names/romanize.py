"""Romanisation keys and consonant skeletons of Latin words.

A name reaches a list through many transliteration traditions: قدس is Qods, Ghods or Kods;
Мухаммад is Mukhammad. The key maps the spellings of one sound to one spelling by ordered
rules (caspian/data/name_romanization.csv, each with its linguistic basis), so equal keys
mean the same word. The skeleton drops the vowels as well, which is what a word written
in Arabic script (no short vowels) can be compared on: محمد, Mohammad and Muhammad all
give "mhmd".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from caspian import data

# Every cache keyed by the words users send is bounded, or memory grows with each new
# name screened (467 MB -> 846 MB per process from 50,000 to 200,000 unique queries).
# Sized by hit rate on bench/bench_match.py's queries (see caspian.names.analyze): the
# list's own words and the words of an order book's customers fit many times over.
WORD_CACHE = 1 << 16

VOWELS = "aeiou"
# An acronym's shape: a short word without vowels (KBC, KKBC, SGM), compared as its
# letters, never as a spelling to vary. (y counts as a vowel here: Lyly is a word.)
ACRONYM_LETTERS = 5
_ACRONYM_VOWELS = frozenset("aeiouy")
_NOT_SKELETON = str.maketrans("", "", "aeiouy")
# Skeletons of words that start with a vowel start with this marker, so Ali ("al") and
# Li ("l") stay apart while Omar, Umar and عمر ("amr") meet.
VOWEL_MARK = "a"


ALL, LATIN, LETTER = "all", "latin", "letter"  # rule scopes (see the table's header)
_LATIN_WORD = frozenset({ALL, LATIN, LETTER})
_ABJAD_WORD = frozenset({ALL})
_LETTER = frozenset({LETTER})


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern[str]
    replacement: str
    needs: str  # a substring the word must hold ("" = any word)
    min_len: int
    scope: str  # ALL | LATIN | LETTER
    example: str  # "Qods = Ghods = Kods; ..." (checked by the tests)


@cache
def rules() -> tuple[Rule, ...]:
    """The ordered rules of caspian/data/name_romanization.csv."""
    out = []
    for row in data.csv_rows("name_romanization.csv"):
        if row["scope"] not in (ALL, LATIN, LETTER):
            raise ValueError(f"name_romanization.csv: unknown scope {row['scope']!r}")
        out.append(
            Rule(
                pattern=re.compile(row["pattern"]),
                replacement=row["replacement"],
                needs=row["needs"],
                min_len=int(row["min_len"] or 0),
                scope=row["scope"],
                example=row["example"],
            )
        )
    return tuple(out)


# (needs, min_len, regex sub or None for a plain replacement, literal, replacement)
_Step = tuple[str, int, Callable[[str, str], str] | None, str, str]
_PLAIN = re.compile(r"[a-z]+")


@cache
def _steps(scopes: frozenset[str]) -> tuple[_Step, ...]:
    """The rules of these scopes, flattened for a fast loop; literal rules use str.replace."""
    out: list[_Step] = []
    for r in rules():
        if r.scope not in scopes:
            continue
        literal = r.pattern.pattern
        sub = None if _PLAIN.fullmatch(literal) and r.needs == literal else r.pattern.sub
        out.append((r.needs, r.min_len, sub, literal, r.replacement))
    return tuple(out)


def _apply(word: str, scopes: frozenset[str]) -> str:
    for needs, min_len, sub, literal, replacement in _steps(scopes):
        if needs in word and len(word) >= min_len:
            word = word.replace(literal, replacement) if sub is None else sub(replacement, word)
    return word


def acronym_shaped(text: str) -> bool:
    """A short word without vowels: what an acronym (or an initial) looks like."""
    return len(text) <= ACRONYM_LETTERS and _ACRONYM_VOWELS.isdisjoint(text)


@lru_cache(maxsize=WORD_CACHE)
def key(word: str, abjad: bool = False) -> str:
    """The romanisation key of a lower-case ASCII word.

    abjad: the word was transliterated from Arabic or Hebrew script (no short vowels; its
    letters already went through letter_key). Words with digits are kept as they are.
    A word the rules would leave in an acronym's or an initial's shape when it was not
    one keeps its letters: merged doubled letters must not make SSBBKK the acronym SBK,
    nor EE the initial I.
    """
    if not word.isalpha():
        return word
    out = _apply(word, _ABJAD_WORD if abjad else _LATIN_WORD)
    if abjad or out == word or acronym_shaped(word):
        return out
    return word if acronym_shaped(out) or len(out) == 1 else out


@lru_cache(maxsize=WORD_CACHE)
def letter_key(value: str) -> str:
    """The consonant rules alone, for one letter of an abjad word ("kh" -> "h", "q" -> "k")."""
    return _apply(value, _LETTER) if value.isalpha() else value


def word_key(text: str, *, abjad: bool = False, initial: bool = False) -> str:
    """Key of a word of a name: initials are kept as written ("C." stays c, not k)."""
    return text if initial else key(text, abjad)


@lru_cache(maxsize=WORD_CACHE)
def skeleton(word_key: str) -> str:
    """Consonants of a key, after a vowel mark when it starts with a vowel ("omar" -> "amr")."""
    if not word_key.isalpha():
        return word_key
    mark = VOWEL_MARK if word_key[0] in VOWELS else ""
    return (mark + word_key.translate(_NOT_SKELETON)) or word_key


@dataclass(frozen=True, slots=True)
class Variant:
    pattern: re.Pattern[str]
    replacement: str
    shape: re.Pattern[str] | None  # the whole word must match it for the rule to run
    example: str


@cache
def variants() -> tuple[Variant, ...]:
    """The ordered rules of caspian/data/name_variants.csv."""
    return tuple(
        Variant(
            re.compile(row["pattern"]),
            row["replacement"],
            re.compile(row["shape"]) if row["shape"] else None,
            row["example"],
        )
        for row in data.csv_rows("name_variants.csv")
    )


@lru_cache(maxsize=WORD_CACHE)
def loose(word: str) -> str:
    """The key of a lower-case ASCII word after the variant rules: near spellings
    (Aksyonov/Aksenov, Korean Jo/Cho) get equal loose keys, weaker evidence than equal
    keys. The rules read the word as written, before the key merges its letters; a word
    of a shape (Korean syllables) is marked with it, so it only meets words of that shape."""
    out, shapes = word, []
    for v in variants():
        if v.shape is not None:
            if not v.shape.fullmatch(word):
                continue
            if v.shape.pattern not in shapes:
                shapes.append(v.shape.pattern)
        out = v.pattern.sub(v.replacement, out)
    ids = _shape_ids()
    return "".join(f"{ids[p]}:" for p in shapes) + key(out)  # digits: never a word's letters


@cache
def _shape_ids() -> dict[str, int]:
    found = (v.shape.pattern for v in variants() if v.shape is not None)
    return {p: i for i, p in enumerate(dict.fromkeys(found))}
