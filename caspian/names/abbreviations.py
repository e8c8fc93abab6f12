"""Abbreviations written out before names are compared (caspian/data/name_abbreviations.csv).

"U.S." and "USA" are "United States", "St." is "Saint", "НПО" is "научно-производственное
объединение": the abbreviation is replaced by the words it stands for, which are then
read like any others (generic organisation words recognised across languages by
name_terms.csv), so the short and the long form of a name meet word for word. An
abbreviation is one word ("UAE", "НИИ") or a run of initials ("U. S.", "U.K.").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from caspian import data
from caspian.names.tokenize import ALPHABET, Piece, split_name

TABLE = "name_abbreviations.csv"
MAX_LETTERS = 6  # a run of initials longer than this is no abbreviation of the table
KINDS = frozenset({"place", "organisation"})
ANY, BEFORE = "any", "before"


@cache
def _table() -> dict[str, tuple[tuple[Piece, ...], str]]:
    """An abbreviation's letters (romanised, lower case) -> (its words, position)."""
    out: dict[str, tuple[tuple[Piece, ...], str]] = {}
    for row in data.csv_rows(TABLE):
        form, expansion = row.get("form") or "", row.get("expansion") or ""
        letters = "".join(p.text for p in split_name(form))
        words = tuple(split_name(expansion))
        position = row.get("position") or ""
        if not letters.isalpha() or not words or row.get("kind") not in KINDS:
            raise ValueError(f"{TABLE}: bad row {row!r} (form, expansion, kind place|organisation)")
        if position not in (ANY, BEFORE) or not row.get("source"):
            raise ValueError(f"{TABLE}: row {row!r}: position any|before and a source needed")
        out.setdefault(letters, (words, position))
    return out


def expansions() -> dict[str, tuple[Piece, ...]]:
    """An abbreviation's letters (romanised, lower case) -> the words it stands for."""
    return {letters: words for letters, (words, _) in _table().items()}


def has_abbreviation(words: Sequence[str]) -> bool:
    table = _table()
    return any(w in table or len(w) == 1 for w in words)


def expand(pieces: list[Piece]) -> list[Piece]:
    """The pieces with each abbreviation of the table replaced by the words it stands for."""
    table = _table()
    out: list[Piece] = []
    i, total = 0, len(pieces)
    while i < total:
        piece = pieces[i]
        if piece.family != ALPHABET:
            out.append(piece)
            i += 1
            continue
        j = i + 1
        if piece.initial:  # a run of initials: "U. S.", "U.K."
            while j < total and j - i < MAX_LETTERS and pieces[j].initial:
                j += 1
            letters = "".join(p.text for p in pieces[i:j])
        else:
            letters = piece.text
        found = table.get(letters) if j - i != 1 or not piece.initial else None
        if found is None or (found[1] == BEFORE and j == total):
            out.extend(pieces[i:j] if piece.initial else (piece,))
        else:
            out.extend(found[0])
        i = j
    return out
