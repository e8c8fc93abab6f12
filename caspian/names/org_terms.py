"""Generic organisation words with a language-independent concept (name_terms.csv).

"Industries", "صنایع", "промышленность" and "工业" all carry the concept "industry", so
names meet across languages on them; the distinctive words are left for the matcher.
Russian words are matched by stem (экономическ- covers every case ending); Persian ones in
Latin letters also with the ezafe joined (nafte = naft-e).
"""

from __future__ import annotations

from caspian import data
from caspian.names.kinds import TERM
from caspian.names.lexicon import Entry, entries

TABLE = "name_terms.csv"
RANK = 2


def term_entries(*, cjk: bool) -> list[Entry]:
    return entries(data.csv_rows(TABLE), TERM, RANK, cjk=cjk, ezafe=True)
