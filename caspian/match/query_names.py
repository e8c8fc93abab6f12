"""The names a query is screened under: its name fields as read, and its name parts.

A name field as an order book writes it ("X, Dubai branch", "X c/o Y") is tried as written
and as read by `caspian.names.clutter` (its names without their qualifiers); a query that
gives a person's parts (firstName, lastName, fatherName...) is tried under the names they
make, in the order people write them and in the order lists do. The explanation says
which name was read from which field, and how.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from caspian.match.query import NAME_PARTS, Query, name_parts_names
from caspian.model import schema_is_a
from caspian.names.analyze import TERM, analyze
from caspian.names.clutter import FieldReading, read_field

MAX_READ_NAMES = 16  # names a query gains by reading its fields: bounded whatever the input


def _fields(query: Query) -> list[str]:
    return list(dict.fromkeys([*query.names, *name_parts_names(query.properties)]))


def readings(query: Query) -> list[FieldReading]:
    return [read_field(field) for field in _fields(query)]


def screened_names(query: Query) -> list[str]:
    """The query's names as given, then the names read from them (at most a few more)."""
    fields = _fields(query)
    out = dict.fromkeys(fields)
    budget = MAX_READ_NAMES
    # A person read down to one word ("X dit Said": Said) is anyone of that name.
    least = 2 if schema_is_a(query.schema, "Person") else 1
    for reading in map(read_field, fields):
        for name in reading.names:
            # A name read down to legal forms, titles or generic words ("Limited",
            # "Group") names no one.
            if name not in out and budget > 0 and _distinctive(name, least):
                out[name] = None
                budget -= 1
    return list(out)


def reading_notes(query: Query) -> Mapping[str, str]:
    """A name read from the query -> what the explanation says of it."""
    notes: dict[str, str] = {}
    built = set(name_parts_names(query.properties)) - set(query.names)
    for name in built:
        notes[name] = "built from the name parts " + ", ".join(_parts_given(query))
    for reading in readings(query):
        described = reading.describe()
        for name in reading.names:
            if name != reading.field and name not in notes:
                notes[name] = f'read from "{_shown(reading.field)}"' + (
                    f" ({described})" if described else " (one of its names)"
                )
    return notes


def name_countries(query: Query) -> frozenset[str]:
    """Countries of the places the name fields were read to name."""
    return frozenset(code for reading in readings(query) for code in reading.countries)


def _distinctive(name: str, least: int) -> bool:
    """Not legal forms and titles alone, nor one generic word ("Bank Sepah" is a name),
    nor fewer than `least` words."""
    core = analyze(name).core
    return len(core) >= least and (len(core) > 1 or any(t.kind != TERM for t in core))


def read_places(query: Query) -> dict[str, frozenset[str]]:
    """A name read off a field that named a place ("X (Pakistan)") -> the place's countries."""
    out: dict[str, frozenset[str]] = {}
    for reading in readings(query):
        if reading.countries:
            for name in reading.names:
                if name != reading.field:
                    out[name] = out.get(name, frozenset()) | reading.countries
    return out


def places_differ(read: frozenset[str], listed: str) -> bool:
    """True when a listed name carries a place of its own, and not the one the query's
    field named: "AL-HARAMAIN FOUNDATION (KENYA)" is another branch than the "(PAKISTAN)"
    one, so the query read without its place must not meet it."""
    theirs = read_field(listed).countries
    return bool(theirs) and not theirs & read


def _parts_given(query: Query) -> Iterable[str]:
    return [p for p in NAME_PARTS if query.get(p)]


def _shown(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
