"""The store's SQL schema, its version, and the steps that bring an older store up to date.

A store says which schema it was written with (`meta.schema_version`). Opening it reads
that first, before writing anything: the current version opens as it is; an older known
version is brought up one step at a time, each step in its own transaction (a store
killed between two steps is simply at the earlier version, and the next open carries
on); a newer or unknown version, or a file that is not a Caspian store, is refused and
left untouched.

Commands that only read open the store read-only and never migrate it: every version
from READ_AS_IS_FROM on must answer the reading queries as it is (today only the word
table is missing before version 3, and caspian/lists/word_store.py counts one in memory).
A migration that changes what readers query raises READ_AS_IS_FROM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caspian.lists.store_errors import StoreDamaged, from_sqlite
from caspian.lists.store_errors import StoreError as StoreError

SCHEMA_VERSION = 3
FIRST_VERSION = 1  # the oldest schema a Caspian store was ever written with
READ_AS_IS_FROM = 1  # the oldest schema read-only commands read without migrating it


# Word rarity over the active lists (see caspian/lists/word_store.py): one row, the
# active snapshots it was counted over and the table itself (gzipped JSON).
WORD_TABLE = "CREATE TABLE word_table (signature TEXT NOT NULL, data BLOB NOT NULL)"

# The current schema, one statement each, as a fresh store is created. A migrated store
# ends with exactly this schema (tests/test_store_schema.py compares the two).
TABLES: tuple[str, ...] = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    published TEXT,
    published_from TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    entity_count INTEGER NOT NULL,
    origin TEXT NOT NULL,
    bundled INTEGER NOT NULL DEFAULT 0,
    warnings BLOB NOT NULL DEFAULT '[]'
)""",
    "CREATE INDEX snapshots_source_hash ON snapshots (source, content_hash)",
    """CREATE TABLE entities (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (snapshot_id, entity_id)
) WITHOUT ROWID""",
    """CREATE TABLE active (
    source TEXT PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id)
)""",
    """CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    source TEXT,
    action TEXT NOT NULL,
    ok INTEGER NOT NULL,
    message TEXT NOT NULL
)""",
    WORD_TABLE,
)
# The version each table came with: a store of a version lacks none of its tables.
TABLE_SINCE = {"meta": 1, "snapshots": 1, "entities": 1, "active": 1, "events": 1,
               "word_table": 3}  # fmt: skip
CASPIAN_TABLES = frozenset(TABLE_SINCE)


@dataclass(frozen=True, slots=True)
class Migration:
    """One step from `from_version` to the next; runs inside a transaction it does not end."""

    from_version: int
    description: str
    apply: Callable[[sqlite3.Cursor], None]

    @property
    def to_version(self) -> int:
        return self.from_version + 1


def _index_snapshots_by_content(cur: sqlite3.Cursor) -> None:
    # Store.add looks a list's content up by (source, content_hash) on every load; the
    # version 1 index on source alone is a prefix of the new one and goes.
    cur.execute("CREATE INDEX snapshots_source_hash ON snapshots (source, content_hash)")
    cur.execute("DROP INDEX IF EXISTS snapshots_source")


def _add_word_table(cur: sqlite3.Cursor) -> None:
    # Counted on the next load or use; until then the packaged table stands in.
    cur.execute(WORD_TABLE)


# In order, one per version: MIGRATIONS[i] takes FIRST_VERSION + i to FIRST_VERSION + i + 1.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "index snapshots by (source, content hash)", _index_snapshots_by_content),
    Migration(2, "a table for the word rarity of the active lists", _add_word_table),
)


def _known_versions() -> str:
    return f"this Caspian reads store versions {FIRST_VERSION} to {SCHEMA_VERSION}"


def _unreadable(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    # The file passed the header check (caspian.lists.store_file): what SQLite cannot
    # read in it now is damage, or a lock held by a store still in rollback-journal mode.
    return from_sqlite(exc, path) or StoreDamaged(path, str(exc))


def read_version(db: sqlite3.Connection, path: Path) -> int | None:
    """The store's schema version; None for an empty database (a store not yet created).

    Raises StoreError, naming the file, for anything that is not a Caspian store of a
    version this code knows.
    """
    try:
        tables = {
            str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as exc:
        raise _unreadable(exc, path) from None
    if not tables:
        return None
    own = {t for t in tables if not t.startswith("sqlite_")}  # SQLite's internal tables
    if "meta" not in own or not own <= CASPIAN_TABLES:
        found = ", ".join(sorted(own)[:8])
        raise StoreError(
            f"{path} is not a Caspian store: an SQLite database with tables {found}; "
            "use another --data-dir"
        )
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise _unreadable(exc, path) from None
    if row is None:
        raise StoreError(f"{path} is not a Caspian store: it records no schema_version")
    text = str(row[0]).strip()
    if not text.isdigit():
        raise StoreError(
            f"{path} has an unknown store schema version {text!r}; {_known_versions()}"
        )
    version = int(text)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer Caspian (store schema version {version}); "
            f"{_known_versions()}: upgrade Caspian or use another --data-dir"
        )
    if version < FIRST_VERSION:
        raise StoreError(
            f"{path} has an unknown store schema version {version}; {_known_versions()}"
        )
    missing = sorted(t for t, since in TABLE_SINCE.items() if since <= version and t not in own)
    if missing:
        raise StoreDamaged(path, f"version {version} without its table(s) {', '.join(missing)}")
    return version


def _set_version(cur: sqlite3.Cursor, version: int) -> None:
    cur.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(version),),
    )


def _create(cur: sqlite3.Cursor) -> None:
    for statement in TABLES:
        cur.execute(statement)
    _set_version(cur, SCHEMA_VERSION)


def _step(db: sqlite3.Connection, path: Path) -> bool:
    """Create the store or run the one migration its version needs; False once current.

    The version is read again under the write lock: another process may have created or
    migrated the store since it was first read.
    """
    cur = db.cursor()
    cur.execute("BEGIN IMMEDIATE")
    try:
        version = read_version(db, path)
        if version == SCHEMA_VERSION:
            cur.execute("COMMIT")
            return False
        if version is None:
            _create(cur)
        else:
            step = MIGRATIONS[version - FIRST_VERSION]
            try:
                step.apply(cur)
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    f"{path}: migrating the store from version {version} to "
                    f"{step.to_version} ({step.description}) failed: {exc}; "
                    f"the store is unchanged at version {version}"
                ) from None
            _set_version(cur, step.to_version)
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return True


def upgrade(db: sqlite3.Connection, path: Path, found: int | None) -> None:
    """Create a store not yet created, or migrate an older one to the current version.

    `found` is what read_version said before any pragma or statement changed the file,
    so that nothing is ever written to a file that is refused.
    """
    if found != SCHEMA_VERSION:
        while _step(db, path):
            pass
