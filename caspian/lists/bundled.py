"""The bundled snapshot: the small dataset Caspian ships so it screens with no network."""

from __future__ import annotations

import orjson

from caspian import data
from caspian.lists import ftm
from caspian.lists.base import ListData
from caspian.lists.store import BUNDLED_SOURCE, LoadOutcome, Store, files_hash

SNAPSHOT_FILE = "snapshot/uav_entities.ftm.jsonl"
INDEX_FILE = "snapshot/index.json"


def bundled_list() -> ListData:
    index = orjson.loads(data.path(INDEX_FILE).read_bytes())
    listdata = ftm.read(data.path(SNAPSHOT_FILE), source=BUNDLED_SOURCE)
    listdata.title = str(index.get("title") or "Caspian bundled snapshot")
    listdata.published = str(index["as_of"])
    listdata.published_from = "snapshot"
    return listdata


def ensure_bundled(store: Store) -> LoadOutcome | None:
    """Store the packaged snapshot once per content version; it stays on standby
    behind any official list."""
    content_hash = files_hash([data.path(SNAPSHOT_FILE)])
    if any(v.content_hash == content_hash for v in store.snapshots(BUNDLED_SOURCE)):
        return None
    return store.add(
        bundled_list(), origin="bundled with caspian", content_hash=content_hash, bundled=True
    )
