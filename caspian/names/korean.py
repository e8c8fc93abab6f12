"""Korean names romanised in other systems, compared surname by surname and syllable by
syllable.

One Hangul surname has many Latin spellings that no letter rule reaches (박: Park, Pak,
Bak; 이: Lee, Yi, Ri; 최: Choi, Choe): caspian/data/korean_surnames.csv lists them. Given
names are short syllables where one vowel letter off is a different rendering of the
same vowel more often than a different name: McCune-Reischauer without its breves writes
ㅓ and ㅗ both o, ㅡ and ㅜ both u, and modern Korean no longer tells ㅐ from ㅔ
(Jong Un, Jong On).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

from caspian import data
from caspian.names import romanize

SURNAMES = "korean_surnames.csv"
# One Korean syllable in Latin letters (McCune-Reischauer or Revised Romanization).
_SYLLABLE = (
    r"(?:kk|tt|pp|ss|jj|ch|[gkndtrlmbpsjhw])?"
    r"(?:yae|yeo|wae|ae|ya|eo|ye|wa|we|wi|wo|oe|ui|eu|yo|yu|[aeiou])"
    r"(?:ng|[kgntdlrmpb](?![aeiouwy]))?"
)
_WORD = re.compile(f"(?:{_SYLLABLE}){{1,3}}")
# Vowel letters one rendering writes where another writes the other (see the docstring).
_NEAR_VOWELS = frozenset({("o", "u"), ("a", "e")})


@cache
def _surname_rows() -> dict[str, frozenset[int]]:
    """Key of a surname spelling -> the rows (surnames) it spells."""
    found: dict[str, set[int]] = defaultdict(set)
    for i, row in enumerate(data.csv_rows(SURNAMES)):
        for spelling in row["spellings"].split(";"):
            word = spelling.strip().lower()
            if not word.isalpha() or not word.isascii():
                raise ValueError(f"{SURNAMES}: bad spelling {spelling!r} in {row!r}")
            found[romanize.key(word)].add(i)
    return {k: frozenset(v) for k, v in found.items()}


def same_surname(a: str, b: str) -> bool:
    """Are two keys spellings of one Korean surname (Park / Pak / Bak)?"""
    rows = _surname_rows()
    left, right = rows.get(a), rows.get(b)
    return left is not None and right is not None and not left.isdisjoint(right)


def korean_shaped(word: str) -> bool:
    """A lower-case word made of one to three Korean syllables as romanised."""
    return _WORD.fullmatch(word) is not None


@lru_cache(maxsize=romanize.WORD_CACHE)
def one_vowel_off(a: str, b: str) -> bool:
    """Two Korean syllable words, as written, one vowel letter apart (un / on, jongun /
    jongon), after the spellings of the systems are set alike (caspian.names.romanize.loose)."""
    if a == b or not (korean_shaped(a) and korean_shaped(b)):
        return False
    x, y = romanize.loose(a), romanize.loose(b)
    if len(x) != len(y):
        return False
    apart = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    return len(apart) == 1 and (apart[0] in _NEAR_VOWELS or apart[0][::-1] in _NEAR_VOWELS)
