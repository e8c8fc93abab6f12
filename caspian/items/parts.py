"""Manufacturer part numbers recognised by family (caspian/data/part_families.csv).

All patterns are joined into one regular expression of named alternatives, tried in table
order, so a part number costs one match however long the table grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from caspian import data

TABLE = "part_families.csv"

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE63\uFF0D]")
_SPACE = re.compile(r"\s+")
# Part-number-like tokens of free text: Latin letters and digits with the punctuation part
# numbers use; Cyrillic and Han text breaks them ("单片机STM32F405" -> "STM32F405").
_CANDIDATE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#/\-]*[A-Za-z0-9+#]")
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_KEY = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class PartFamily:
    pattern: str
    manufacturers: tuple[str, ...]
    family: str
    uav_group: str
    hs6: str | None
    example: str
    tag: str
    basis: str

    @property
    def manufacturer(self) -> str:
        return self.manufacturers[0]


@dataclass(frozen=True, slots=True)
class PartMatch:
    part_number: str
    family: PartFamily


def normalize(part_number: str) -> str:
    """Upper case, no spaces, one kind of dash: how the patterns read part numbers."""
    return _DASHES.sub("-", _SPACE.sub("", part_number)).upper()


@cache
def families() -> tuple[PartFamily, ...]:
    rows = data.csv_rows(TABLE)
    return tuple(
        PartFamily(
            pattern=row["pattern"],
            manufacturers=tuple(name.strip() for name in row["manufacturer"].split("|")),
            family=row["family"],
            uav_group=row["uav_group"],
            hs6=row["hs6"] or None,
            example=row["example"],
            tag=row["tag"],
            basis=row["basis"],
        )
        for row in rows
    )


@cache
def _matcher() -> re.Pattern[str]:
    alternatives = (
        f"(?P<f{index}>{family.pattern.removeprefix('^')})"
        for index, family in enumerate(families())
    )
    return re.compile("|".join(alternatives))


def match_part(part_number: str) -> PartFamily | None:
    """The family of a part number, or None."""
    found = _matcher().match(normalize(part_number))
    if not found or not found.lastgroup:
        return None
    return families()[int(found.lastgroup[1:])]


def find_parts(text: str) -> tuple[PartMatch, ...]:
    """Part numbers of known families written inside free text, in order, one per family."""
    found: list[PartMatch] = []
    seen: set[str] = set()
    for token in _CANDIDATE.findall(text):
        if len(token) < 4 or not _HAS_DIGIT.search(token) or not _HAS_LETTER.search(token):
            continue
        family = match_part(token)
        if family and family.pattern not in seen:
            seen.add(family.pattern)
            found.append(PartMatch(token, family))
    return tuple(found)


def _key(name: str) -> str:
    return _KEY.sub("", name.casefold())


def manufacturer_agrees(family: PartFamily, manufacturer: str) -> bool | None:
    """Whether a written manufacturer names the family's maker; None when the family is made
    by several ("various") or the name is empty. Names compare on letters and digits only, a
    known name of three or more characters may begin the written one ("STMicroelectronics
    N.V."), a shorter one ("ST", "TI") must be all of it."""
    given = _key(manufacturer)
    if not given or "various" in family.manufacturers:
        return None
    for name in family.manufacturers:
        known = _key(name)
        if given == known or (len(known) >= 3 and given.startswith(known)):
            return True
        if len(given) >= 3 and known.startswith(given):
            return True
    return False
