"""The UAV item groups (caspian/data/uav_item_groups.csv) and what an HS code says of them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from caspian import data

TABLE = "uav_item_groups.csv"


@dataclass(frozen=True, slots=True)
class UavGroup:
    """One item group. `hs6s` holds six-digit codes and four-digit headings (a heading
    stands for all its subheadings); `defining` the codes that place an item in this group on
    their own; `typical_hs6` the HS-6 a strong description term implies. `tag` is how well the
    group itself is sourced (V, S, A, M as in the reference README)."""

    id: str
    name: str
    hs6s: tuple[str, ...]
    eccn_examples: str
    source: str
    tag: str
    defining: tuple[str, ...]
    typical_hs6: str | None

    def lists(self, hs6: str) -> bool:
        """Whether the group lists this HS-6 (or its heading)."""
        return hs6 in self.hs6s or hs6[:4] in self.hs6s

    def lists_heading(self, heading: str) -> bool:
        return any(code.startswith(heading) for code in self.hs6s)


def _codes(cell: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in cell.split(";") if code.strip())


@cache
def _groups() -> dict[str, UavGroup]:
    groups: dict[str, UavGroup] = {}
    for row in data.csv_rows(TABLE):
        groups[row["id"]] = UavGroup(
            id=row["id"],
            name=row["name"],
            hs6s=_codes(row["hs6"]),
            eccn_examples=row["eccn_examples"],
            source=row["source"],
            tag=row["tag"],
            defining=_codes(row["hs6_defining"]),
            typical_hs6=row["typical_hs6"] or None,
        )
    return groups


def group(group_id: str) -> UavGroup:
    """The group with this id; KeyError naming the known ids otherwise."""
    groups = _groups()
    if group_id not in groups:
        raise KeyError(f"unknown UAV item group {group_id!r}; known: {', '.join(groups)}")
    return groups[group_id]


def all_groups() -> tuple[UavGroup, ...]:
    return tuple(_groups().values())


@cache
def _defining() -> dict[str, UavGroup]:
    return {code: grp for grp in _groups().values() for code in grp.defining}


def defining_group(hs6: str) -> UavGroup | None:
    """The group an HS-6 alone places an item in (by the code, else by its heading)."""
    table = _defining()
    return table.get(hs6) or table.get(hs6[:4])


def groups_listing(hs6: str) -> tuple[UavGroup, ...]:
    """Every group that lists the HS-6, for evidence."""
    return tuple(grp for grp in _groups().values() if grp.lists(hs6))
