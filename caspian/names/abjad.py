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
WORDS = 1 << 13  # abjad words whose readings are kept worked out (bounded: user input)
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
    return _fits(_word_options(a), lat)


@lru_cache(maxsize=WORDS)
def _word_options(abjad: str) -> tuple[tuple[Reading, ...], ...]:
    """What each position of an abjad word (in CLASSES) may stand for, worked out once."""
    return tuple(tuple(dict.fromkeys(_options(abjad, i))) for i in range(len(abjad)))


def _fits(options: tuple[tuple[Reading, ...], ...], lat: str) -> bool:
    """Depth-first search over (written letters read, Latin letters met, a short vowel
    just skipped): each written letter as one of its readings, a single short vowel
    allowed between them (a diphthong left unwritten is not)."""
    end_a, end_l = len(options), len(lat)
    stack = [(0, 0, False)]
    seen: set[tuple[int, int, bool]] = set()
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        i, j, skipped = state
        if i == end_a:
            if j == end_l or (j == end_l - 1 and not skipped and lat[j] in VOWELS):
                return True
            continue
        if j < end_l and not skipped and lat[j] in VOWELS:
            stack.append((i, j + 1, True))
        for written, spelled in options[i]:
            if lat.startswith(spelled, j):
                stack.append((i + len(written), j + len(spelled), False))
    return False
