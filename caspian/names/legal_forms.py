"""Legal forms of companies in many languages (caspian/data/legal_forms.csv).

Forms are recognised anywhere in a name (Russian writes them first, "ООО «Алабуга»",
English last, "Alabuga LLC"), except short ones that are also name parts, which only count
where the table says (AO at either end, SA at the end). They are never required: a name
made only of legal forms keeps them as words (see caspian.names.analyze).
"""

from __future__ import annotations

from caspian import data
from caspian.names.kinds import LEGAL
from caspian.names.lexicon import Entry, entries

TABLE = "legal_forms.csv"
RANK = 0  # wins ties against honorifics and terms


def legal_entries(*, cjk: bool) -> list[Entry]:
    return entries(data.csv_rows(TABLE), LEGAL, RANK, cjk=cjk)
