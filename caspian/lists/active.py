"""The entities a screening runs against, and the list versions that say so.

Either the files the user names (`--dataset`, read directly) or the store's active
snapshots. One entity per id; where lists repeat an id, the newest publication wins.
The store is opened read-only: screening never waits for a load or an update running
meanwhile, and sees the lists as they were at its last commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from caspian.freshness import ListVersion
from caspian.lists import word_store
from caspian.lists.base import ListData
from caspian.lists.detect import read_paths
from caspian.lists.store import Store, StoreError, files_hash, now_utc
from caspian.match.word_table import WordTable, packaged_table
from caspian.model import Entity


@dataclass(slots=True)
class ScreeningData:
    entities: list[Entity]
    versions: list[ListVersion]
    # Rarity of name words over all official lists, whatever `entities` holds.
    words: WordTable = field(default_factory=packaged_table)
    # What the results must say about the store itself (none yet: the bundled snapshot).
    store_note: str | None = None


def version_of(data: ListData) -> ListVersion:
    return ListVersion(
        source=data.source,
        title=data.title,
        format=data.format,
        published=data.published,
        published_from=data.published_from,
        content_hash=files_hash(data.files),
        loaded_at=now_utc(),
        entity_count=len(data.entities),
    )


def from_files(
    paths: Sequence[Path | str], words: WordTable | None = None, *, allow_truncated: bool = False
) -> ScreeningData:
    """Lists read from files; a file that ends early is refused unless `allow_truncated`."""
    result = read_paths(paths, allow_truncated=allow_truncated)
    ordered = sorted(result.lists, key=lambda d: d.published or "")
    by_id: dict[str, Entity] = {}
    for data in ordered:
        for entity in data.entities:
            by_id[entity.id] = entity
    return ScreeningData(list(by_id.values()), [version_of(d) for d in ordered],
                         words or packaged_table())  # fmt: skip


def from_store(data_dir: Path) -> ScreeningData:
    with Store(data_dir, read_only=True) as store:
        return ScreeningData(store.active_entities(), store.active(), word_store.refresh(store),
                             store.describe())  # fmt: skip


def store_words(data_dir: Path) -> WordTable:
    """The word table of the store's active lists (the packaged one while none is)."""
    with Store(data_dir, read_only=True) as store:
        return word_store.refresh(store)


def load(
    data_dir: Path, datasets: Sequence[Path], *, allow_truncated: bool = False
) -> ScreeningData:
    """Named files to screen against, weighed by the store's word table; or the store."""
    if datasets:
        return from_files(datasets, store_words(data_dir), allow_truncated=allow_truncated)
    return from_store(data_dir)


def changed_since(data_dir: Path, refs: Sequence[str]) -> tuple[ScreeningData, list[str]]:
    """Entities added or changed in the active lists since the given old snapshots.

    For the daily question "did today's list update hit any of our customers": each ref
    (`12`, `ofac-sdn@2024-05-03`) names an old snapshot; its list's active snapshot is
    compared with it, and only what is new or changed is screened against.
    """
    from caspian.diff import diff_entities

    notes: list[str] = []
    with Store(data_dir, read_only=True) as store:
        active = {v.source: v for v in store.active()}
        entities: dict[str, Entity] = {}
        versions = []
        for ref in refs:
            old = store.resolve(ref)
            new = active.get(old.source)
            if new is None or new.snapshot_id is None or old.snapshot_id is None:
                raise StoreError(f"{ref}: no active snapshot of {old.source} to compare with")
            if new.snapshot_id == old.snapshot_id:
                notes.append(f"{old.source}: snapshot #{old.snapshot_id} is still the active one")
                continue
            after = list(store.iter_entities(new.snapshot_id))
            diff = diff_entities(store.iter_entities(old.snapshot_id), after)
            ids = diff.changed_ids
            entities.update((e.id, e) for e in after if e.id in ids)
            versions.append(new)
            notes.append(
                f"{old.source}: screened against the {len(ids):,} entities added or changed "
                f"from snapshot #{old.snapshot_id} ({old.describe_date()}) to "
                f"#{new.snapshot_id} ({new.describe_date()}); {diff.summary()}"
            )
        words = word_store.refresh(store)
        note = store.describe()
    return ScreeningData(list(entities.values()), versions, words, note), notes
