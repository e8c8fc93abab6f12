"""Two real names are two names, not one misspelt (caspian/data/name_frequencies.csv).

"Bashar" and "Bushra" are a letter or two apart, as "Castillo" and "Castro" are, yet each is
a name many people bear: read as a typo of the other, they would make two people one. Two
common given names are two names when one is a man's and the other a woman's, or when
they differ by more than two letters changed in place (spellings of one name in two
languages, Ihor/Igor, Serhii/Sergii, stay a typo apart; Mahmoud/Ahmed do not); two common
surnames when they differ in more than their vowels.
"""

from __future__ import annotations

from functools import cache

from caspian import data
from caspian.names import romanize
from caspian.names.analyze import Token
from caspian.names.tokenize import split_name

TABLE = "name_frequencies.csv"
PARTS = frozenset({"given", "surname"})
GENDERS = frozenset({"m", "f", "u", ""})
VOWELS = frozenset("aeiouy")
MAX_CHANGED = 2  # letters two spellings of one given name may differ in, in place


@cache
def _tables() -> tuple[dict[str, tuple[str, int]], dict[str, int]]:
    """(given-name key -> (gender, level), surname key -> level)."""
    given: dict[str, tuple[str, int]] = {}
    family: dict[str, int] = {}
    for n, row in enumerate(data.csv_rows(TABLE), start=1):
        part, gender, level = row.get("part", ""), row.get("gender", ""), row.get("level", "")
        if part not in PARTS or gender not in GENDERS or not level.isdigit():
            raise ValueError(f"caspian/data/{TABLE}: row {n} {row!r}: expected part in "
                             f"{sorted(PARTS)}, gender m/f/u and a level")  # fmt: skip
        pieces = split_name(row["name"])  # a word's key as analyze gives it, for less
        if len(pieces) != 1:
            continue
        key, lv = romanize.key(pieces[0].text, pieces[0].abjad), int(level)
        if part == "surname":
            family[key] = max(lv, family.get(key, 0))
            continue
        seen = given.get(key)
        if seen is not None and seen[0] != gender:
            gender = "u"  # spellings of both genders meet on one key (Jean, Gene)
        given[key] = (gender, max(lv, seen[1] if seen else 0))
    return given, family


def _letters_swapped(a: str, b: str) -> bool:
    """As long, with at most two letters in their places changed: how one name is spelt
    in two languages (Ihor/Igor, Serhii/Sergii, Osama/Usama)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= MAX_CHANGED


def _vowels_apart(a: str, b: str) -> bool:
    """Same letters in the same places but for vowels: Gomez/Gamez, not Castillo/Castro."""
    return len(a) == len(b) and all(
        x == y or (x in VOWELS and y in VOWELS) for x, y in zip(a, b, strict=True)
    )


def distinct_names(a: Token, b: Token, level: float, surname_level: float) -> bool:
    """Are `a` and `b` two different names, each common as given names (at `level` or
    above on the table's scale) or each as surnames (at `surname_level`)?"""
    if a.key == b.key or a.abjad or b.abjad:
        return False
    given, family = _tables()
    ga, gb = given.get(a.key), given.get(b.key)
    if ga and gb and ga[1] >= level and gb[1] >= level:
        if {ga[0], gb[0]} == {"m", "f"}:
            return True  # a man's name and a woman's: Bashar/Bushra, Ivan/Ivana
        if not _letters_swapped(a.key, b.key):
            return True  # a letter more or less, or more apart: Mahmoud/Ahmed, Ahmet/Mehmet
    sa, sb = family.get(a.key, 0), family.get(b.key, 0)
    return sa >= surname_level and sb >= surname_level and not _vowels_apart(a.key, b.key)
