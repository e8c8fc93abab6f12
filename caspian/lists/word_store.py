"""The store's word table: name-word rarity over every active official list.

Rebuilt whenever the set of active snapshots changes (after `lists load` and `lists
update`), and checked on use: a table counted for another set of snapshots (a run
killed between the load and the rebuild) is counted again before it is used. A command
that only reads the store counts it in memory and keeps it only if the write lock is
free at that moment: a reader never waits for a writer. While only the bundled snapshot
is active, the table shipped with Caspian stands in.
"""

from __future__ import annotations

import gzip
import sqlite3
import zlib

from caspian.lists.store import Store, StoreError
from caspian.match.word_table import WordTable, packaged_table


def signature(store: Store) -> str | None:
    """Which active official snapshots a table must have been counted over (None: none)."""
    ids = sorted(v.snapshot_id or 0 for v in store.active() if not v.bundled)
    return ",".join(map(str, ids)) if ids else None


def _signature_now(cur: sqlite3.Cursor) -> str | None:
    """The signature as a write transaction sees the store (another writer may have moved on)."""
    rows = cur.execute(
        "SELECT s.id FROM snapshots s JOIN active a ON a.snapshot_id = s.id "
        "WHERE s.bundled = 0 ORDER BY s.id"
    )
    ids = [str(r[0]) for r in rows]
    return ",".join(ids) if ids else None


def _stored(store: Store, wanted: str) -> WordTable | None:
    """The stored table if it was counted for `wanted`; None if absent (a store older than
    the table, read as it is), stale, or unreadable (it is counted again)."""
    try:
        row = store.db.execute("SELECT signature, data FROM word_table LIMIT 1").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    if not row or str(row[0]) != wanted:
        return None
    try:
        return WordTable.from_json(gzip.decompress(bytes(row[1])))
    except (OSError, EOFError, zlib.error, ValueError, TypeError, KeyError):
        return None  # derived data: counting it again gives the right table


def refresh(store: Store) -> WordTable:
    """The table for the active lists, counted again only if they changed since."""
    wanted = signature(store)
    if wanted is None:
        return packaged_table()
    stored = _stored(store, wanted)
    if stored is not None:
        return stored
    versions = [v for v in store.active() if not v.bundled]
    table = WordTable.count(
        store.active_entities(),
        sorted(f"{v.source}#{v.content_hash.removeprefix('sha256:')[:12]}" for v in versions),
    )
    blob = gzip.compress(table.to_json(), compresslevel=6)
    try:
        with store.transaction(at_once=store.read_only) as cur:
            if _signature_now(cur) == wanted:
                cur.execute("DELETE FROM word_table")
                cur.execute("INSERT INTO word_table (signature, data) VALUES (?, ?)",
                            (wanted, blob))  # fmt: skip
    except (StoreError, sqlite3.Error):
        if not store.read_only:
            raise
        # A reader keeps the table in memory: another process holds the lock, or the
        # store cannot be written (a read-only file, or a store older than the table).
    return table
