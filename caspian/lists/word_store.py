"""The store's word table: name-word rarity over every active official list.

Rebuilt whenever the set of active snapshots changes (after `lists load` and `lists
update`), and checked on use: a table counted for another set of snapshots (a run
killed between the load and the rebuild) is rebuilt before it is used. While only the
bundled snapshot is active, the table shipped with Caspian stands in.
"""

from __future__ import annotations

import gzip

from caspian.lists.store import Store
from caspian.match.word_table import WordTable, packaged_table


def signature(store: Store) -> str | None:
    """Which active official snapshots a table must have been counted over (None: none)."""
    ids = sorted(v.snapshot_id or 0 for v in store.active() if not v.bundled)
    return ",".join(map(str, ids)) if ids else None


def _stored(store: Store) -> tuple[str, bytes] | None:
    row = store.db.execute("SELECT signature, data FROM word_table LIMIT 1").fetchone()
    return (str(row[0]), bytes(row[1])) if row else None


def refresh(store: Store) -> WordTable:
    """The table for the active lists, counted again only if they changed since."""
    wanted = signature(store)
    if wanted is None:
        return packaged_table()
    stored = _stored(store)
    if stored and stored[0] == wanted:
        return WordTable.from_json(gzip.decompress(stored[1]))
    versions = [v for v in store.active() if not v.bundled]
    table = WordTable.count(
        store.active_entities(),
        sorted(f"{v.source}#{v.content_hash.removeprefix('sha256:')[:12]}" for v in versions),
    )
    blob = gzip.compress(table.to_json(), compresslevel=6)
    cur = store.db.cursor()
    cur.execute("BEGIN IMMEDIATE")
    try:
        cur.execute("DELETE FROM word_table")
        cur.execute("INSERT INTO word_table (signature, data) VALUES (?, ?)", (wanted, blob))
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return table
