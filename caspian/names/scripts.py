"""Writing systems of characters and names, from the Unicode character names.

The first word of a letter's Unicode name is its script ("CYRILLIC SMALL LETTER ZHE"), which
avoids a hand-kept range table that would age with each Unicode release.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

LATIN, CYRILLIC, ARABIC, HEBREW, GREEK = "latin", "cyrillic", "arabic", "hebrew", "greek"
HAN, HANGUL, KANA = "han", "hangul", "kana"
# Han ideographs (CJK Unified, Extension A, Compatibility) as a regex character range:
# Chinese has no spaces, so places and item terms split Han text apart from other letters.
HAN_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
COMMON, MIXED = "common", "mixed"  # no letters at all / letters of several scripts

# Scripts that do not write short vowels: their words are compared on consonant skeletons.
ABJADS = frozenset({ARABIC, HEBREW, "syriac", "thaana"})
# Scripts written without spaces between words, split by caspian.names.cjk.
CJK = frozenset({HAN, HANGUL, KANA})

_BY_NAME_PREFIX = {
    "CJK": HAN,
    "IDEOGRAPHIC": HAN,
    "HIRAGANA": KANA,
    "KATAKANA": KANA,
    "KATAKANA-HIRAGANA": KANA,
    "HALFWIDTH": KANA,  # halfwidth katakana (NFKC makes them full width anyway)
}
_CACHE: dict[str, str] = {}
_ASCII_LETTER = re.compile("[A-Za-z]")


def char_script(ch: str) -> str:
    """Script of one character: a lower-case script name, or COMMON for non-letters.

    Combining marks report COMMON too; callers attach them to the letter they follow.
    """
    found = _CACHE.get(ch)
    if found is None:
        found = _CACHE[ch] = _lookup(ch)
    return found


def _lookup(ch: str) -> str:
    if ch.isascii():
        return LATIN if ch.isalpha() else COMMON
    if not unicodedata.category(ch).startswith("L"):
        return COMMON
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    if not first:
        return COMMON
    return _BY_NAME_PREFIX.get(first, first.lower())


def name_script(text: str) -> str:
    """The script a name is written in: one script, MIXED, or COMMON (no letters)."""
    if text.isascii():
        return LATIN if _ASCII_LETTER.search(text) else COMMON
    found = {s for s in map(char_script, text) if s != COMMON}
    if not found:
        return COMMON
    return found.pop() if len(found) == 1 else MIXED


def runs(word: str) -> Iterator[tuple[str, str]]:
    """Split a word where its script changes; marks and digits stay with their neighbour.

    Han and kana stay in one run, reported as HAN: Japanese mixes them within a word, and
    caspian.names.cjk segments such runs itself.
    """
    start, current = 0, COMMON
    for i, ch in enumerate(word):
        script = char_script(ch)
        if script == COMMON:
            continue
        family = HAN if script == KANA else script
        if current == COMMON:
            current = family
        elif family != current:
            yield current, word[start:i]
            start, current = i, family
    yield current, word[start:]
