"""How common a word is in ordinary company names (caspian/data/common_company_words.csv).

A listed firm named by one word and a legal form ("EMERALD FZE", "ORION LLC") shares that
word with thousands of ordinary firms (Emerald Logistics, Orion Software): the word alone
does not say which firm it is.
"""

from __future__ import annotations

from functools import cache

from caspian import data
from caspian.names import romanize
from caspian.names.tokenize import split_name

TABLE = "common_company_words.csv"


@cache
def _per_million() -> dict[str, float]:
    """Romanisation key of a word -> company names holding it, per million."""
    out: dict[str, float] = {}
    for n, row in enumerate(data.csv_rows(TABLE), start=1):
        try:
            share = float(row["per_million"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"caspian/data/{TABLE}: row {n} {row!r}: expected word, names "
                             "and per_million") from None  # fmt: skip
        pieces = split_name(row.get("word") or "")
        if len(pieces) == 1:
            key = romanize.key(pieces[0].text, pieces[0].abjad)
            out[key] = max(share, out.get(key, 0.0))
    return out


def per_million(key: str) -> float:
    """Company names (per million) holding the word of this romanisation key; 0 if rare."""
    return _per_million().get(key, 0.0)
