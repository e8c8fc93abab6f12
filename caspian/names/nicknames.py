"""Familiar forms of given names (caspian/data/name_nicknames.csv): Patty is Patricia, Sasha
Aleksandr, Pepe José. Compared on romanisation keys, so one row covers every spelling."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from caspian import data
from caspian.names.analyze import analyze

TABLE = "name_nicknames.csv"


def _key(name: str) -> str:
    tokens = analyze(name).tokens
    if len(tokens) != 1:
        raise ValueError(f"{TABLE}: {name!r} is not one word")
    return tokens[0].key


@cache
def _names_of() -> dict[str, frozenset[str]]:
    """Key of a form -> keys of the full names it stands for (a full name stands for itself)."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in data.csv_rows(TABLE):
        spellings = [_key(n) for n in row["name"].split(";")]
        full = spellings[0]
        for key in spellings + [_key(f) for f in row["forms"].split(";")]:
            found[key].add(full)
    return {k: frozenset(v) for k, v in found.items()}


def same_name(a: str, b: str) -> bool:
    """Are the keys `a` and `b` one given name, one or both in a familiar form?"""
    names = _names_of()
    left, right = names.get(a), names.get(b)
    return left is not None and right is not None and not left.isdisjoint(right)
