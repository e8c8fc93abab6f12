"""The entities a screening runs against, and the list versions that say so.

Either the files the user names (`--dataset`, read directly) or the store's active
snapshots. One entity per id; where lists repeat an id, the newest publication wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from caspian.freshness import ListVersion
from caspian.lists.base import ListData
from caspian.lists.bundled import ensure_bundled
from caspian.lists.detect import read_paths
from caspian.lists.store import Store, files_hash
from caspian.model import Entity


@dataclass(slots=True)
class ScreeningData:
    entities: list[Entity]
    versions: list[ListVersion]
    skipped: list[str]


def version_of(data: ListData) -> ListVersion:
    return ListVersion(
        source=data.source,
        title=data.title,
        format=data.format,
        published=data.published,
        published_from=data.published_from,
        content_hash=files_hash(data.files),
        loaded_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        entity_count=len(data.entities),
    )


def from_files(paths: Sequence[Path | str]) -> ScreeningData:
    result = read_paths(paths)
    ordered = sorted(result.lists, key=lambda d: d.published or "")
    by_id: dict[str, Entity] = {}
    for data in ordered:
        for entity in data.entities:
            by_id[entity.id] = entity
    return ScreeningData(list(by_id.values()), [version_of(d) for d in ordered], result.skipped)


def from_store(data_dir: Path) -> ScreeningData:
    with Store(data_dir) as store:
        ensure_bundled(store)
        return ScreeningData(store.active_entities(), store.active(), [])


def load(data_dir: Path, datasets: Sequence[Path]) -> ScreeningData:
    return from_files(datasets) if datasets else from_store(data_dir)
