"""ECCNs (US Commerce Control List numbers) parsed and explained.

An ECCN reads as: category digit, product group letter, three digits whose first tells the
kind of control, then paragraphs (3A001.a.7). EAR99 means subject to the EAR but on no list
entry. Explanations come from caspian/data/eccn.csv; an unknown but well-formed entry is still
explained by its category, group and kind of control.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from caspian import data

TABLE = "eccn.csv"

_LABEL = re.compile(r"^(?:eccn|ccl)\s*[:#.]?\s*", re.IGNORECASE)
_EAR99 = re.compile(r"^ear\s*[-_]?\s*99$", re.IGNORECASE)
_ECCN = re.compile(
    r"^([0-9])\s*([a-e])\s*(\d{3})\s*((?:[.\s]*(?:[a-z]{1,2}|\d{1,2}))*)\s*\.?$", re.IGNORECASE
)
_PARAGRAPH = re.compile(r"[a-z]{1,2}|\d{1,2}")
_EXPECTED = (
    "expected a CCL number like 3A001.a.7 or 5A992.c (category digit 0-9, group letter A-E, "
    "three digits, paragraphs) or EAR99"
)


@dataclass(frozen=True, slots=True)
class Eccn:
    """A parsed ECCN. `controlled` says whether the item is on the CCL (False for EAR99);
    `reason` what the third character says about the kind of control."""

    code: str
    category: str
    category_name: str
    group: str
    group_name: str
    entry: str | None
    description: str | None
    controlled: bool
    reason: str | None = None


@cache
def _table() -> dict[tuple[str, str], str]:
    return {(row["kind"], row["key"]): row["text"] for row in data.csv_rows(TABLE)}


def parse_eccn(text: str) -> Eccn:
    """Parse "3A001.a.7", "3a001a7", "5A992.c", "ECCN 7A994", "EAR99", "ear 99".
    Raises ValueError naming what was expected."""
    body = _LABEL.sub("", text.strip())
    if _EAR99.match(body):
        return Eccn(
            code="EAR99",
            category="",
            category_name="not on the Commerce Control List",
            group="",
            group_name="",
            entry=None,
            description=_table().get(("entry", "EAR99")),
            controlled=False,
        )
    match = _ECCN.match(body)
    if not match:
        raise ValueError(f"ECCN {text!r} is not readable: {_EXPECTED}")
    category, group, number, rest = match.groups()
    entry = f"{category}{group.upper()}{number}"
    paragraphs = _PARAGRAPH.findall(rest.lower())
    code = ".".join([entry, *paragraphs])
    table = _table()
    return Eccn(
        code=code,
        category=category,
        category_name=table.get(("category", category), ""),
        group=group.upper(),
        group_name=table.get(("group", group.upper()), ""),
        entry=entry,
        description=_describe(code),
        controlled=True,
        reason=table.get(("reason", number[0])),
    )


def _describe(code: str) -> str | None:
    """The explanation of the most specific known part: 3A001.a.7, else 3A001.a, else 3A001."""
    parts = code.split(".")
    table = _table()
    for end in range(len(parts), 0, -1):
        text = table.get(("entry", ".".join(parts[:end])))
        if text:
            return text
    return None


def explain(eccn: Eccn) -> str:
    """One line a reviewer can read: code, category, group and what the entry covers."""
    if not eccn.controlled:
        return f"{eccn.code}: {eccn.description or eccn.category_name}"
    head = f"{eccn.code}: category {eccn.category} ({eccn.category_name}), group {eccn.group}"
    head += f" ({eccn.group_name})"
    if eccn.description:
        return f"{head}: {eccn.description}"
    return f"{head}; {eccn.reason}" if eccn.reason else head
