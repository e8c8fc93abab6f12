"""How much one order or one match query may hold before the rest is cut, in one place.

Screening one record must cost a bounded time and memory whatever it holds: a party
name of a million letters, a query of 100,000 names or a route of 10,000 stops would
take minutes and tie up a worker. Every surface (`caspian screen`, `caspian match`, the
order books, the API of `parse_order`, `Query.from_json` and `Screener`) applies these
same limits. Each is far above what real data holds, so a real record never meets one:
the figures below come from the shared official lists (the records a query copies) and
the example order book.

What a limit does depends on the surface, and always fails closed: an order past a
limit is screened on what is within it, the cut is an input error naming the field
("route: 10,000 stops; at most 100 are screened") and the order is REVIEWed, never
CLEAR; a match query past a limit is an error line naming the field, with no results,
since a match result says nothing of what was not compared.

`RecordLimits` is a frozen dataclass, so a run can raise one limit
(`dataclasses.replace(DEFAULT_RECORD_LIMITS, items=5_000)`) and leave the others.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecordLimits:
    """Upper bounds for one order or one match query; see the module docstring."""

    name_chars: int = 1_000
    """Characters of one name (a party's, or a query's): the longest listed name has
    329; matching a longer one would take seconds and could only be junk."""
    text_chars: int = 32_767
    """Characters of any other text field of an order (address, item description, route
    place, notes, end use): Excel's own cell limit, which order books already meet."""
    name_chars_per_record: int = 10_000
    """Characters of all the names of one record together (a query's names, or an
    order's parties' names): the listed entity with the most names has 2,854 in 96 names.
    Matching costs time in proportion (about 0.1 s per 1,000 characters of an ordinary
    name, 0.7 s for 1,000 characters of the commonest short words), so this is what bounds
    a record to seconds."""
    names_per_query: int = 100
    """Names of one match query, over all name properties: the listed entity with the
    most names has 96 (csl-sdn-10923), and yente clients send listed entities whole."""
    properties_per_query: int = 100
    """Properties of one match query: a listed entity has at most 29."""
    values_per_property: int = 100
    """Values of one property of a match query: a listed entity has at most 95 (aliases)."""
    parties: int = 100
    """Parties of one order: a real one names a handful (buyer, seller, consignee, end
    user, forwarder, bank, vessel); the example orders name at most 3."""
    items: int = 1_000
    """Item lines of one order: a large distributor order runs to a few hundred."""
    route_stops: int = 100
    """Stops of one route: a real one has a few (the example orders at most 3)."""
    identifiers_per_party: int = 20
    """Identifiers of one party (IMO, LEI, tax number, SWIFT...): a listed entity has at
    most 14 passport numbers."""
    input_errors: int = 100
    """Input errors kept for one order; past it, one error says how many more there were
    (every one still REVIEWs the order, and the first hundred say enough to fix it)."""


DEFAULT_RECORD_LIMITS = RecordLimits()
