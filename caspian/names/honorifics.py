"""Titles and ranks written with names (caspian/data/honorifics.csv): Seyed, Haji, Dr.

Matched on their spelling (Sayeed is a name, Sayyid a title, though their keys meet),
before another word (a title ends no name), never on a word with an article.
"""

from __future__ import annotations

from caspian import data
from caspian.names.kinds import HONORIFIC
from caspian.names.lexicon import BEFORE, SPELLING, Entry, entries

TABLE = "honorifics.csv"
RANK = 1


def honorific_entries(*, cjk: bool) -> list[Entry]:
    return entries(data.csv_rows(TABLE), HONORIFIC, RANK, cjk=cjk, match=SPELLING, position=BEFORE)
