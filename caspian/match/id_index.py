"""Listed entities by identifier: a query that gives an IMO number or a BIC finds the party
it names whatever its name (renamed vessels, a field left empty).

Built once with the name index, from the same normalised values the identifier feature
compares (`features.normalise_identifier`), weak identifiers left out: a phone number
shared by a hundred firms is no way to find one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from caspian.match.features import Side, side_identifiers
from caspian.match.identifier_kinds import WEAK_IDENTIFIERS
from caspian.model import Entity

MAX_ENTITIES_PER_VALUE = 20  # a value on more entities is a placeholder ("0000"), not an id


class IdentifierIndex:
    """Normalised identifier value -> positions of the entities that carry it."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        found: dict[str, list[int]] = defaultdict(list)
        for position, entity in enumerate(entities):
            for prop, values in side_identifiers(entity.properties).items():
                if prop in WEAK_IDENTIFIERS:
                    continue
                for value in values:
                    if not found[value] or found[value][-1] != position:
                        found[value].append(position)
        self._by_value = {v: tuple(p) for v, p in found.items() if len(p) <= MAX_ENTITIES_PER_VALUE}

    def __len__(self) -> int:
        return len(self._by_value)

    def lookup(self, side: Side) -> list[int]:
        """Positions of the entities sharing a (not weak) identifier with the query side."""
        out: dict[int, None] = {}
        for prop, values in side.identifiers.items():
            if prop in WEAK_IDENTIFIERS:
                continue
            for value in sorted(values):
                for position in self._by_value.get(value, ()):
                    out.setdefault(position, None)
        return list(out)
