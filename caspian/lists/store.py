"""The versioned list store: every load is a snapshot, and one snapshot per list is active.

SQLite by default, one file under a data directory the user chooses. A load happens in
one transaction, so a failure at any point leaves the previous active snapshot in place.
The bundled snapshot stands in only while no official list is active.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from caspian.bulk import gc_paused
from caspian.freshness import ListVersion
from caspian.lists.base import ListData
from caspian.model import Entity

SCHEMA_VERSION = "1"
STORE_FILE = "caspian.sqlite"
BUNDLED_SOURCE = "caspian-snapshot"

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
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
);
CREATE INDEX IF NOT EXISTS snapshots_source ON snapshots (source);
CREATE TABLE IF NOT EXISTS entities (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (snapshot_id, entity_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS active (
    source TEXT PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    source TEXT,
    action TEXT NOT NULL,
    ok INTEGER NOT NULL,
    message TEXT NOT NULL
);
"""


class StoreError(RuntimeError):
    """A store operation that cannot proceed; the store is unchanged."""


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    """What happened to one list handed to the store."""

    version: ListVersion
    status: str  # "activated" | "unchanged" | "stored-inactive"
    message: str


def files_hash(files: Sequence[Path]) -> str:
    """sha256 over the files' names and bytes, in name order: the list's content identity."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name.lower()):
        digest.update(path.name.lower().encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _merge_duplicates(entities: Iterable[Entity]) -> tuple[list[Entity], int]:
    """One entity per id: a list that repeats an id gets its values merged, not dropped."""
    by_id: dict[str, Entity] = {}
    merged = 0
    for entity in entities:
        seen = by_id.get(entity.id)
        if seen is None:
            by_id[entity.id] = entity
            continue
        merged += 1
        seen.add_properties(entity)
    return list(by_id.values()), merged


class Store:
    """The SQLite list store under one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / STORE_FILE
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_DDL)
        self.db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (SCHEMA_VERSION,),
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------

    def add(
        self,
        data: ListData,
        *,
        origin: str,
        content_hash: str | None = None,
        bundled: bool = False,
    ) -> LoadOutcome:
        """Store one list as a snapshot and activate it unless a newer one is active."""
        content_hash = content_hash or files_hash(data.files)
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            existing = cur.execute(
                "SELECT id FROM snapshots WHERE source = ? AND content_hash = ? "
                "ORDER BY id DESC LIMIT 1",
                (data.source, content_hash),
            ).fetchone()
            if existing:
                snapshot_id = int(existing[0])
                status, message = "unchanged", "same content as snapshot already stored"
            else:
                entities, merged = _merge_duplicates(data.entities)
                warnings = list(data.warnings)
                if merged:
                    warnings.append(
                        f"{merged} records repeated an entity id and were merged into it"
                    )
                cur.execute(
                    "INSERT INTO snapshots (source, title, format, published, published_from, "
                    "content_hash, loaded_at, entity_count, origin, bundled, warnings) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        data.source,
                        data.title,
                        data.format,
                        data.published,
                        data.published_from,
                        content_hash,
                        now_utc(),
                        len(entities),
                        origin,
                        int(bundled),
                        orjson.dumps(warnings),
                    ),
                )
                snapshot_id = int(cur.lastrowid or 0)
                cur.executemany(
                    "INSERT INTO entities (snapshot_id, entity_id, data) VALUES (?, ?, ?)",
                    ((snapshot_id, e.id, e.to_json()) for e in entities),
                )
                status, message = "activated", "loaded"
            active = self._active_version(cur, data.source)
            newer_active = (
                active is not None
                and active.snapshot_id != snapshot_id
                and (active.published or "") > (data.published or "")
            )
            if newer_active and active is not None:
                status = "stored-inactive"
                message = (
                    f"stored but not activated: the active snapshot #{active.snapshot_id} "
                    f"is newer ({active.published})"
                )
            else:
                if status == "unchanged" and active and active.snapshot_id == snapshot_id:
                    message = "unchanged: this content is already the active snapshot"
                elif status == "unchanged":
                    status, message = "activated", "re-activated an identical stored snapshot"
                cur.execute(
                    "INSERT INTO active (source, snapshot_id) VALUES (?, ?) "
                    "ON CONFLICT (source) DO UPDATE SET snapshot_id = excluded.snapshot_id",
                    (data.source, snapshot_id),
                )
            self._log(cur, data.source, "load", True, f"{origin}: {message}")
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        version = self.version(snapshot_id)
        return LoadOutcome(version=version, status=status, message=message)

    def log_failure(self, source: str | None, action: str, message: str) -> None:
        """Record a failed load or update; the active snapshots are untouched."""
        self._log(self.db.cursor(), source, action, False, message)

    def _log(
        self, cur: sqlite3.Cursor, source: str | None, action: str, ok: bool, message: str
    ) -> None:
        cur.execute(
            "INSERT INTO events (at, source, action, ok, message) VALUES (?, ?, ?, ?, ?)",
            (now_utc(), source, action, int(ok), message),
        )

    # -- reading ------------------------------------------------------------------

    _VERSION_COLUMNS = (
        "id, source, title, format, published, published_from, content_hash, loaded_at, "
        "entity_count, bundled"
    )

    @staticmethod
    def _to_version(row: Sequence[object]) -> ListVersion:
        return ListVersion(
            snapshot_id=int(str(row[0])),
            source=str(row[1]),
            title=str(row[2]),
            format=str(row[3]),
            published=str(row[4]) if row[4] else None,
            published_from=str(row[5]),
            content_hash=str(row[6]),
            loaded_at=str(row[7]),
            entity_count=int(str(row[8])),
            bundled=bool(row[9]),
        )

    def _active_version(self, cur: sqlite3.Cursor, source: str) -> ListVersion | None:
        row = cur.execute(
            f"SELECT {self._VERSION_COLUMNS} FROM snapshots "
            "WHERE id = (SELECT snapshot_id FROM active WHERE source = ?)",
            (source,),
        ).fetchone()
        return self._to_version(row) if row else None

    def version(self, snapshot_id: int) -> ListVersion:
        row = self.db.execute(
            f"SELECT {self._VERSION_COLUMNS} FROM snapshots WHERE id = ?", (snapshot_id,)
        ).fetchone()
        if not row:
            raise StoreError(f"no snapshot #{snapshot_id} in {self.path}")
        return self._to_version(row)

    def snapshots(self, source: str | None = None) -> list[ListVersion]:
        sql = f"SELECT {self._VERSION_COLUMNS} FROM snapshots"
        args: tuple[str, ...] = ()
        if source:
            sql += " WHERE source = ?"
            args = (source,)
        return [self._to_version(r) for r in self.db.execute(sql + " ORDER BY id", args)]

    def all_active(self) -> list[ListVersion]:
        """Every active snapshot, bundled included (status shows it as standby)."""
        rows = self.db.execute(
            f"SELECT {self._VERSION_COLUMNS} FROM snapshots "
            "WHERE id IN (SELECT snapshot_id FROM active) ORDER BY source"
        )
        return [self._to_version(r) for r in rows]

    def active(self) -> list[ListVersion]:
        """The snapshots screening uses: the bundled one only when nothing official is."""
        versions = self.all_active()
        official = [v for v in versions if not v.bundled]
        return official or versions

    def snapshot_warnings(self, snapshot_id: int) -> list[str]:
        row = self.db.execute(
            "SELECT warnings FROM snapshots WHERE id = ?", (snapshot_id,)
        ).fetchone()
        return list(orjson.loads(row[0])) if row else []

    def events(self, limit: int = 20) -> list[tuple[str, str | None, str, bool, str]]:
        rows = self.db.execute(
            "SELECT at, source, action, ok, message FROM events ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]

    def iter_entities(self, snapshot_id: int) -> Iterator[Entity]:
        rows = self.db.execute(
            "SELECT data FROM entities WHERE snapshot_id = ? ORDER BY entity_id", (snapshot_id,)
        )
        for (blob,) in rows:
            yield Entity.from_stored(orjson.loads(blob))

    def active_entities(self) -> list[Entity]:
        """Entities to screen against; one per id, the newest publication winning."""
        by_id: dict[str, Entity] = {}
        versions = sorted(self.active(), key=lambda v: (v.published or "", v.snapshot_id or 0))
        with gc_paused():
            for version in versions:
                assert version.snapshot_id is not None
                for entity in self.iter_entities(version.snapshot_id):
                    by_id[entity.id] = entity
        return list(by_id.values())

    def resolve(self, ref: str) -> ListVersion:
        """A snapshot from `#12`/`12`, `source` (its active one) or `source@date`."""
        text = ref.strip().lstrip("#")
        if text.isdigit():
            return self.version(int(text))
        source, _, day = text.partition("@")
        candidates = self.snapshots(source)
        if not candidates:
            raise StoreError(f"no snapshot matches {ref!r} (try `caspian lists status`)")
        if day:
            dated = [v for v in candidates if (v.published or "").startswith(day)]
            if not dated:
                raise StoreError(f"no snapshot of {source} published {day}")
            return dated[-1]
        actives = {v.snapshot_id for v in self.all_active()}
        current = [v for v in candidates if v.snapshot_id in actives]
        return (current or candidates)[-1]
