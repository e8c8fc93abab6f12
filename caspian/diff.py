"""What changed between two versions of a list: entities added, removed, and changed by field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caspian.model import Entity


@dataclass(frozen=True, slots=True)
class FieldChange:
    prop: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityChange:
    id: str
    caption: str
    fields: tuple[FieldChange, ...]


@dataclass(slots=True)
class ListDiff:
    added: list[Entity] = field(default_factory=list)
    removed: list[Entity] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)

    @property
    def changed_ids(self) -> set[str]:
        """Ids a re-screening must look at again."""
        return {e.id for e in self.added} | {c.id for c in self.changed}

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": [{"id": e.id, "schema": e.schema, "name": e.caption} for e in self.added],
            "removed": [{"id": e.id, "schema": e.schema, "name": e.caption} for e in self.removed],
            "changed": [
                {
                    "id": c.id,
                    "name": c.caption,
                    "fields": {
                        f.prop: {"removed": list(f.removed), "added": list(f.added)}
                        for f in c.fields
                    },
                }
                for c in self.changed
            ],
        }


def _fields(entity: Entity) -> dict[str, set[str]]:
    out = {prop: set(values) for prop, values in entity.properties.items() if values}
    out["schema"] = {entity.schema}
    return out


def compare(old: Entity, new: Entity) -> tuple[FieldChange, ...]:
    a, b = _fields(old), _fields(new)
    changes = []
    for prop in sorted(a.keys() | b.keys()):
        before, after = a.get(prop, set()), b.get(prop, set())
        if before != after:
            changes.append(
                FieldChange(prop, tuple(sorted(before - after)), tuple(sorted(after - before)))
            )
    return tuple(changes)


def diff_entities(old: Iterable[Entity], new: Iterable[Entity]) -> ListDiff:
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    result = ListDiff()
    for entity_id in sorted(after.keys() - before.keys()):
        result.added.append(after[entity_id])
    for entity_id in sorted(before.keys() - after.keys()):
        result.removed.append(before[entity_id])
    for entity_id in sorted(before.keys() & after.keys()):
        changes = compare(before[entity_id], after[entity_id])
        if changes:
            result.changed.append(EntityChange(entity_id, after[entity_id].caption, changes))
    return result
