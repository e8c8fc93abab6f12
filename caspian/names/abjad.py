"""Does a Latin spelling fit a word written in Arabic or Hebrew script?

These scripts write consonants and long vowels, not short vowels, and have no letter for
many sounds of the names they borrow: Arabic writes Vladimir Putin فلاديمير بوتين (f for v,
b for p), Hebrew Benjamin בנימין (y for j). A Latin spelling fits an abjad word when each
written letter stands for its own sound or one of its readings (caspian/data/
abjad_readings.csv) and the Latin letters left over are single short vowels.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from caspian import data

TABLE = "abjad_readings.csv"
VOWELS = frozenset("aeiouy")
ANY, START, END = "any", "start", "end"
_POSITIONS = frozenset({ANY, START, END})
_LETTERS = re.compile(r"[a-z]+")
_SHORT_VOWEL = "[aeiouy]?"
COMPILED = 1 << 12  # abjad words whose spellings are kept compiled (bounded: user input)
# Latin vowels a written vowel letter may stand for: ا and the vowels transliteration gives
# any vowel; و (transliterated v) also u and o; ی (y) also i and e.
_LONG_VOWELS = {v: tuple("aeiouy") for v in "aeiou"} | {"v": ("u", "o"), "y": ("i", "e")}
# Consonants one Arabic-script letter is romanised as, depending on language and
# convention (ذ/ض/ظ: d, z; ق/گ/ک: q, g, k; و: v, w; ش: sh, French ch): compared as one
# class. (A Latin key keeps c only in ch: the romanisation rules made the rest k or s.)
CLASSES = str.maketrans({"z": "d", "g": "k", "q": "k", "w": "v", "c": "s"})

Reading = tuple[str, str]  # (written letters, Latin letters), both in CLASSES


@cache
def readings() -> tuple[dict[str, tuple[Reading, ...]], ...]:
    """The table's readings by first written letter, per position: (any, start, end)."""
    found: dict[str, dict[str, list[Reading]]] = {p: {} for p in (ANY, START, END)}
    for row in data.csv_rows(TABLE):
        written, position = row["written"], row["position"]
        latins = row["latin"].split(";")
        if position not in _POSITIONS or not _LETTERS.fullmatch(written):
            raise ValueError(f"{TABLE}: bad row {row!r}")
        if not all(_LETTERS.fullmatch(latin) for latin in latins) or not row["basis"]:
            raise ValueError(f"{TABLE}: bad Latin letters or no basis in {row!r}")
        for latin in latins:
            pair = (written.translate(CLASSES), latin.translate(CLASSES))
            found[position].setdefault(pair[0][0], []).append(pair)
    return tuple({k: tuple(v) for k, v in found[p].items()} for p in (ANY, START, END))


def _options(abjad: str, i: int) -> list[Reading]:
    """What the written letters from position i may stand for in Latin."""
    ch = abjad[i]
    out: list[Reading] = [(ch, ch)] + [(ch, v) for v in _LONG_VOWELS.get(ch, ())]
    anywhere, start, end = readings()
    tables = [anywhere, start] if i == 0 else [anywhere]
    for table in tables:
        out.extend(r for r in table.get(ch, ()) if abjad.startswith(r[0], i))
    out.extend(
        r for r in end.get(ch, ()) if abjad.startswith(r[0], i) and i + len(r[0]) == len(abjad)
    )
    return out


def fits(abjad: str, latin: str) -> bool:
    """Can `latin` be written as `abjad` by dropping short vowels and reading each letter
    as its sound in the name's language?

    محمد fits Mohammad, حسینی fits Hosseini, فلاديمير fits Vladimir; حسن (Hasan) does
    not fit Hosseini, whose final vowel would be written, nor a diphthong left unwritten
    (Hossein's "ei" is written: حسین, not حسن).
    """
    a, lat = abjad.translate(CLASSES), latin.translate(CLASSES)
    if not a or not lat:
        return False
    if (a[-1] in VOWELS) != (lat[-1] in VOWELS) and not (lat[-1] in "ae" and a[-1] == "h"):
        return False
    return _spellings(a).fullmatch(lat) is not None


@lru_cache(maxsize=COMPILED)
def _spellings(abjad: str) -> re.Pattern[str]:
    """The Latin spellings an abjad word (in CLASSES) fits, as one regular expression:
    each written letter as one of its readings, a single short vowel allowed between
    them (a diphthong left unwritten is not)."""
    built: dict[int, str] = {}

    def after(i: int) -> str:
        if i == len(abjad):
            return ""
        found = built.get(i)
        if found is not None:
            return found
        by_size: dict[int, set[str]] = {}
        for written, spelled in _options(abjad, i):
            by_size.setdefault(len(written), set()).add(spelled)
        branches = []
        for size, spellings in sorted(by_size.items()):
            letters = "".join(sorted(x for x in spellings if len(x) == 1))
            choices = sorted(x for x in spellings if len(x) > 1)
            if letters:
                choices.append(f"[{letters}]")
            branches.append(f"(?:{'|'.join(choices)}){_SHORT_VOWEL}{after(i + size)}")
        found = built[i] = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return found

    return re.compile(_SHORT_VOWEL + after(0))
