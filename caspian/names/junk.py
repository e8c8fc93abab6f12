"""Names that are no names: typing, not spelling.

A name of one letter held down (`QQQQQQ`, a million Q's) or of no letters at all
(`----`, `12345` for a company) names no one, and screening it can only mislead: before
repeated letters were kept apart in the romanisation key, `SSSSSSSS` matched a listed
alias "E. S. Co." at 0.88 and a buyer called a million Q's was BLOCKed. Such a name is
an input error (the order is REVIEWed, the query refused), never a match.

A short unit repeated is refused too when no name repeats it so: two or three letters
four times or more (`ABABABAB`, `ISISISIS`, which met the listed alias ISIS as a word
cut short). What is not refused, because the official lists and real names hold such:
one letter repeated up to an acronym's length (CCCC is China Communications
Construction Company on the OFAC and CSL lists; AAA, KKK, E. E. E.), two letters (Xi,
Li), a short unit twice or three times (ISIS, TATA, Junjun, Dah Dah, Lalala), and names
of digits alone for vessels and aircraft, which are named by numbers (the vessel 7-28
on the OFAC list). No listed name meets these rules (tests/test_junk_names.py).
"""

from __future__ import annotations

import unicodedata

from caspian.names.romanize import ACRONYM_LETTERS

MAX_REPEATED_LETTER = ACRONYM_LETTERS  # one letter repeated is at most an acronym (CCCC)
MAX_UNIT, MAX_UNIT_REPEATS = 3, 3  # letters of a repeated unit, and the times it may repeat
NUMBERED_SCHEMAS = frozenset({"Vessel", "Airplane", "Thing"})  # may be named by digits


def junk_reason(name: str, schema: str = "Thing") -> str | None:
    """Why `name` is no name to screen as a `schema`, or None when it may be one."""
    letters = "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if ch.isalpha())
    if not letters:
        if schema in NUMBERED_SCHEMAS:
            return None
        return "has no letters: only a vessel or an aircraft is named by digits alone"
    unit = _unit(letters)
    repeats = len(letters) // len(unit)
    if len(unit) == 1 and repeats > MAX_REPEATED_LETTER:
        return (f"is one letter repeated ({unit!r} x {repeats:,}): no name, and no acronym "
                f"has more than {MAX_REPEATED_LETTER} letters")  # fmt: skip
    if 1 < len(unit) <= MAX_UNIT and repeats > MAX_UNIT_REPEATS:
        return f"is {unit!r} repeated {repeats:,} times: no name"
    return None


def _unit(letters: str) -> str:
    """The shortest run of letters that `letters` repeats (itself when none does), tried
    up to MAX_UNIT letters: a linear scan, whatever the length."""
    for size in range(1, MAX_UNIT + 1):
        if len(letters) % size == 0 and len(letters) > size:
            unit = letters[:size]
            if letters == unit * (len(letters) // size):
                return unit
    return letters
