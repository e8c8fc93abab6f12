"""Latin spellings of one Arabic name that differ in their vowels or in a known way.

Arabic writes short vowels rarely, and its romanisations render them by the spoken
language: fatha as a or e (Ahmad, Ahmed), kasra as i or e (Khalid, Khaled), damma as u
or o (Muhammad, Mohammad; Usama, Osama); Egyptian and Levantine speech reduces any short
vowel to e (Youssef for Yusuf). Two people's names written with the same consonants and
vowels that cannot render one another stay apart: Hamid and Hamad (i, a), Hasan and
Husain (a, u), Bashar and Bushra (the vowels stand elsewhere). Spellings no vowel rule
reaches (Turkish Mehmet, West African Mamadou, bin and ibn) are listed in
caspian/data/name_spelling_groups.csv.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

from caspian import data
from caspian.names import romanize
from caspian.names.tokenize import split_name

TABLE = "name_spelling_groups.csv"
KINDS = frozenset({"given", "particle"})
MIN_LETTERS = 4  # shorter keys are too easily another name (Ali, Ala)
# Short vowels one romanisation writes where another writes the other: e for any, o for u.
_RENDERINGS = frozenset({("a", "e"), ("i", "e"), ("u", "e"), ("o", "u")})
_SLOTS = re.compile(r"[aeiou]+|[^aeiou]+")


def _compatible(a: str, b: str) -> bool:
    """Two vowel letters that can render one short vowel."""
    return a == b or (a, b) in _RENDERINGS or (b, a) in _RENDERINGS


@lru_cache(maxsize=romanize.WORD_CACHE)
def vowels_apart(a: str, b: str) -> bool:
    """Are two romanisation keys one Arabic name with its short vowels rendered apart?

    Consonants must be the same and in the same places; each vowel must render the
    other's ("ahmad" / "ahmed", "muhamad" / "mohamed", "halid" / "haled").
    """
    if a == b or min(len(a), len(b)) < MIN_LETTERS or len(a) != len(b):
        return False
    slots_a, slots_b = _SLOTS.findall(a), _SLOTS.findall(b)
    if len(slots_a) != len(slots_b):
        return False
    for x, y in zip(slots_a, slots_b, strict=True):
        if x[0] in "aeiou":
            if len(x) != len(y) or not all(map(_compatible, x, y)):
                return False
        elif x != y:
            return False
    return True


def _key(text: str) -> str:
    """The key of a table spelling, its words joined ("Abu Bakr" -> "abubakr")."""
    words = [p.text for p in split_name(text)]
    if not words or not all(w.isalpha() for w in words):
        raise ValueError(f"{TABLE}: {text!r} is not a name")
    return romanize.key("".join(words))


@cache
def _groups() -> dict[str, frozenset[int]]:
    """Key of a spelling -> the rows (names) it spells."""
    found: dict[str, set[int]] = defaultdict(set)
    for i, row in enumerate(data.csv_rows(TABLE)):
        if row["kind"] not in KINDS or not row["spellings"]:
            raise ValueError(f"{TABLE}: bad row {row!r}")
        for spelling in [row["name"], *row["spellings"].split(";")]:
            found[_key(spelling)].add(i)
    return {k: frozenset(v) for k, v in found.items()}


def same_spelling_group(a: str, b: str) -> bool:
    """Are two keys spellings of one name in caspian/data/name_spelling_groups.csv?"""
    groups = _groups()
    left, right = groups.get(a), groups.get(b)
    return left is not None and right is not None and not left.isdisjoint(right)


def spelling_variant(a: str, b: str, *, person: bool) -> bool:
    """Two keys spelling one name: a listed group, or (people's names) vowels apart."""
    return same_spelling_group(a, b) or (person and vowels_apart(a, b))
