"""The tuning part and the frozen test part of the evaluation sets, split by entity.

Tuning reads the tune part only; the test part is reported apart, and is what the README
publishes. The split is by listed entity, across all sets at once: every query expecting
an entity is in that entity's part, in every set, so no entity is seen in both parts
(a query expecting several entities ties them together). A negative expects none: it is
split by its invented name (its core, without clutter), so the same invented party never
lands in both parts either. Seeded with a stable hash (not Python's salted `hash`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

TEST_SHARE = 0.30
TUNE, TEST = "tune", "test"
PARTS = (TUNE, TEST)


class Splittable(Protocol):
    expected: list[str]
    part: str

    def split_key(self) -> str: ...


def share(seed: int, key: str) -> float:
    """A stable number in [0, 1) for `key`."""
    digest = hashlib.blake2b(f"{seed}:split:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


class _Components:
    """Union-find over entity ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        while parent != self.parent[parent]:
            self.parent[parent] = self.parent[self.parent[parent]]
            parent = self.parent[parent]
        self.parent[item] = parent
        return parent

    def union(self, items: Sequence[str]) -> None:
        roots = sorted({self.find(i) for i in items})
        for root in roots[1:]:
            self.parent[root] = roots[0]  # the smallest id names the component


def assign_parts(
    sets: Mapping[str, Iterable[Splittable]], seed: int, test_share: float = TEST_SHARE
) -> None:
    """Set `part` on every query of every set."""
    components = _Components()
    queries = [q for qs in sets.values() for q in qs]
    for query in queries:
        if query.expected:
            components.union(query.expected)
    for query in queries:
        key = components.find(query.expected[0]) if query.expected else query.split_key()
        query.part = TEST if share(seed, key) < test_share else TUNE
