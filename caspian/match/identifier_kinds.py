"""How much each identifier says about who a party is (caspian/data/identifier_kinds.csv).

An IMO number or a BIC names one party worldwide; a passport number is unique only within
its issuer; a phone number is shared. The matcher weighs them so, and a query with only
weak identifiers is refused: they identify no one alone.
"""

from __future__ import annotations

from functools import cache

from caspian import data
from caspian.model import IDENTIFIER_PROPS as LISTED_IDENTIFIERS

IDENTIFIER_PROPS = (*LISTED_IDENTIFIERS, "unscId")
IDENTIFYING, SUPPORTING, WEAK = "identifying", "supporting", "weak"
KINDS_TABLE = "identifier_kinds.csv"


@cache
def identifier_strengths() -> dict[str, str]:
    """Property -> identifying | supporting | weak (caspian/data/identifier_kinds.csv)."""
    out = {}
    for row in data.csv_rows(KINDS_TABLE):
        prop, strength = row.get("prop", ""), row.get("strength", "")
        if prop not in IDENTIFIER_PROPS or strength not in (IDENTIFYING, SUPPORTING, WEAK):
            raise ValueError(f"{KINDS_TABLE}: unknown property or strength in {row!r}")
        if not row.get("source"):
            raise ValueError(f"{KINDS_TABLE}: {prop} names no source")
        out[prop] = strength
    missing = set(IDENTIFIER_PROPS) - set(out)
    if missing:
        raise ValueError(f"{KINDS_TABLE}: no strength for {', '.join(sorted(missing))}")
    return out


# Identifiers that say nothing on their own (a phone or web site may be shared).
WEAK_IDENTIFIERS = frozenset(p for p, s in identifier_strengths().items() if s == WEAK)
# Identifiers that name one party worldwide (an IMO number, a BIC, an INN).
IDENTIFYING_IDENTIFIERS = frozenset(
    p for p, s in identifier_strengths().items() if s == IDENTIFYING
)
