"""Country groups the screening policy reads (embargoed, Russia/Belarus, diversion hubs...).

The groups, and the source that puts each country in each group, are in
caspian/data/country_risk.csv: a reviewer sees why a country is there, and a policy names
groups instead of repeating lists of codes.
"""

from __future__ import annotations

from functools import cache

from caspian import data
from caspian.geo.countries import to_code


@cache
def _table() -> dict[str, dict[str, str]]:
    """group -> {code: source}."""
    table: dict[str, dict[str, str]] = {}
    for row in data.csv_rows("country_risk.csv"):
        table.setdefault(row["group"], {})[row["code"].lower()] = row["source"]
    return table


@cache
def _by_country() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for group, members in _table().items():
        for code in members:
            found.setdefault(code, set()).add(group)
    return {code: frozenset(names) for code, names in found.items()}


def _members(group: str) -> dict[str, str]:
    members = _table().get(group)
    if members is None:
        known = ", ".join(sorted(_table()))
        raise ValueError(f"unknown country group {group!r}; known: {known}")
    return members


def groups() -> frozenset[str]:
    """Every group name of the table."""
    return frozenset(_table())


def country_groups(code: str) -> frozenset[str]:
    """The groups a country (ISO code or name) is in; empty when none or unknown."""
    return _by_country().get(to_code(code) or "", frozenset())


def countries_in(group: str) -> frozenset[str]:
    """The codes of a group; ValueError for a group the table lacks (a typo in a policy)."""
    return frozenset(_members(group))


def group_source(code: str, group: str) -> str:
    """Why the country is in the group; KeyError if it is not in it."""
    members = _members(group)
    key = to_code(code) or ""
    if key not in members:
        raise KeyError(f"{code!r} is not in country group {group!r}")
    return members[key]
