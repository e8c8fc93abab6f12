"""The versioned list store: every load is a snapshot, and one snapshot per list is active.

SQLite by default, one file under a data directory the user chooses. A load happens in
one transaction, so a failure at any point leaves the previous active snapshot in place.
What is activated is `activation`'s rule: never an older publication, never a list that
loses more than a share of the active one's entities without --force (it is stored and
"held", and `unresolved_failures` keeps saying so), never a date in the future (refused
before anything is written). The bundled snapshot stands in only while no official list
is active. Opening is safe
whatever lies at the path (caspian/lists/store_file.py): a damaged file is refused, never
taken for a new store; readers never take the write lock.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Concatenate, Literal, ParamSpec, TypeVar

import orjson

from caspian.bulk import gc_paused
from caspian.freshness import ListVersion, future_problem, in_future, today_utc
from caspian.lists import store_file
from caspian.lists.base import ListData
from caspian.lists.guards import DEFAULT_GUARDS, percent
from caspian.lists.store_errors import StoreBusy as StoreBusy
from caspian.lists.store_errors import StoreDamaged as StoreDamaged
from caspian.lists.store_errors import StoreError as StoreError
from caspian.lists.store_errors import from_sqlite, read_only_message
from caspian.lists.store_file import STORE_LIMITS, StoreLimits
from caspian.lists.store_schema import READ_AS_IS_FROM, read_version, upgrade
from caspian.lists.store_schema import SCHEMA_VERSION as SCHEMA_VERSION
from caspian.model import Entity

STORE_FILE = "caspian.sqlite"
BUNDLED_SOURCE = "caspian-snapshot"

# "stored-inactive": an older publication than the active one, kept as history (normal);
# "held": stored but not activated because it would lose too many entities (a refusal:
# `--force` accepts it).
Status = Literal["activated", "unchanged", "stored-inactive", "held"]


P = ParamSpec("P")
R = TypeVar("R")


def _guarded(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """SQLite's errors inside `method` raised as the StoreErrors they mean for the file."""

    def guarded(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._translated():
            return method(self, *args, **kwargs)

    guarded.__name__, guarded.__doc__ = method.__name__, method.__doc__
    return guarded


@dataclass(frozen=True, slots=True)
class Activation:
    """What the store does with a list handed to it, and the words that say so."""

    status: Status
    message: str


def shrink(active: int, new: int) -> str:
    """'8,077 entities against 14,965 active (-46%)'."""
    change = (new - active) / active * 100 if active else 0.0
    return f"{new:,} entities against {active:,} active ({change:+.0f}%)"


def activation(
    active: ListVersion | None,
    published: str | None,
    stored_id: int | None,
    *,
    entities: int | None = None,
    max_shrink: float = DEFAULT_GUARDS.max_shrink,
    force: bool = False,
    today: date | None = None,
) -> Activation:
    """The activation rule, on its own so that it can be read and tested as a table.

    `active` is the list's active snapshot (None if it has none), `published` the new
    list's publication date, `stored_id` the snapshot already holding the same content
    (None if the content is new), `entities` how many entities the new list holds.

    In this order: content already active is left as it is; a list published before the
    active one is stored, not activated (ties and undated lists go to the newer load);
    a list that loses more than `max_shrink` of the active list's entities is stored,
    not activated ("held"), unless `force`; anything else is activated. An active date
    more than a day after `today` counts as no date: it came in before future dates were
    refused, and would otherwise outrank every real list that follows.
    """
    if active is not None and stored_id is not None and active.snapshot_id == stored_id:
        return Activation("unchanged", "unchanged: this content is already the active snapshot")
    what = "already stored" if stored_id is not None else "stored"
    active_date = active.published if active is not None else None
    note = ""
    if today is not None and in_future(active_date, today):
        assert active is not None
        note = (
            f" (the active snapshot #{active.snapshot_id} is dated {active_date}, in the "
            "future: its date was not counted)"
        )
        active_date = None
    if active is not None and (active_date or "") > (published or ""):
        return Activation(
            "stored-inactive",
            f"{what} but not activated: the active snapshot #{active.snapshot_id} "
            f"is newer ({active.published})",
        )
    if (
        active is not None
        and entities is not None
        and not active.bundled
        and active.entity_count - entities > max_shrink * active.entity_count
    ):
        change = shrink(active.entity_count, entities)
        if not force:
            return Activation(
                "held",
                f"{what}, not activated: {change}, more than the {percent(max_shrink)} a "
                "list may lose; run with --force to accept",
            )
        note += f" (forced: {change})"
    if stored_id is not None:
        return Activation("activated", "re-activated an identical stored snapshot" + note)
    return Activation("activated", "loaded" + note)


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    """What happened to one list handed to the store."""

    version: ListVersion
    status: Status
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


def _stored_entity(raw: object, entity_id: object) -> dict[str, object]:
    """An entity's stored JSON, checked for the shape the store writes (Entity.to_ftm)."""
    if not isinstance(raw, dict):
        raise TypeError(f"a JSON {type(raw).__name__} where an object was stored")
    if raw.get("id") != entity_id:
        raise ValueError(f"it names the id {str(raw.get('id'))[:80]!r}")
    if not isinstance(raw.get("schema"), str) or not isinstance(raw.get("properties"), dict):
        raise ValueError("its schema or properties are not the shape stored")
    return raw


def prune_plan(
    versions: Iterable[ListVersion], active_ids: set[int], keep: int
) -> list[ListVersion]:
    """The snapshots `prune --keep keep` removes: per list, all but the `keep` newest
    (by publication, then load time, then id), never an active or a bundled one."""
    by_source: dict[str, list[ListVersion]] = {}
    for version in versions:
        by_source.setdefault(version.source, []).append(version)
    removed = []
    for group in by_source.values():
        group.sort(key=lambda v: (v.published or "", v.loaded_at, v.snapshot_id or 0), reverse=True)
        removed += [v for v in group[keep:] if v.snapshot_id not in active_ids and not v.bundled]
    return sorted(removed, key=lambda v: v.snapshot_id or 0)


class Store:
    """The SQLite list store under one data directory.

    Opening writes nothing. `read_only=True` (status, export, match, screen, diff) reads
    the last committed state without the write lock, however long a writer works; where
    no store was ever created it stands in with the bundled snapshot, in memory, and
    `exists` is False. A writer creates the store if there is none (whole, under a
    temporary name), migrates an older one, and waits up to `limits.writer_wait_seconds`
    for another writer, saying so through `on_wait`. A file that is not a readable store
    is refused with StoreDamaged or StoreError before anything reads or writes it.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        read_only: bool = False,
        on_wait: Callable[[str], None] | None = None,
        limits: StoreLimits = STORE_LIMITS,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / STORE_FILE
        self.read_only = read_only
        self.limits = limits
        self.migrated_from: int | None = None
        self.immutable = False
        self.exists = store_file.check_file(self.path)
        if not self.exists and read_only:
            self.db = self._stand_in()
            return
        if not self.exists:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data directory {self.data_dir}: {exc.strerror or exc}"
                ) from None
            store_file.create(self.path, lambda db: upgrade(db, self.path, None))
            self.exists = store_file.check_file(self.path)
        self.db, self.immutable = store_file.connect(self.path, read_only=read_only,
                                                     wait_seconds=self.wait_seconds)  # fmt: skip
        try:
            self._open(on_wait)
        except BaseException:
            self.db.close()
            raise

    def _open(self, on_wait: Callable[[str], None] | None) -> None:
        # The version is read before anything writes: a refused file stays as it was.
        found = read_version(self.db, self.path)
        if found is None:
            raise StoreDamaged(self.path, "an SQLite database without a single table")
        store_file.probe(self.db, self.path, self.limits.probe_seconds)
        if self.read_only:
            if found < READ_AS_IS_FROM:
                raise StoreError(
                    f"{self.path} has store schema version {found}, which only a command "
                    "that writes the store (lists load, update or prune) can migrate"
                )
            return
        with self._translated():
            store_file.wait_for_writer(self.db, self.path, self.limits.writer_wait_seconds,
                                       on_wait)  # fmt: skip
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            upgrade(self.db, self.path, found)
        self.migrated_from = found if found != SCHEMA_VERSION else None

    def _stand_in(self) -> sqlite3.Connection:
        """No store was ever created here: the bundled snapshot, in memory, stands in."""
        from caspian.lists.bundled import ensure_bundled

        self.db = sqlite3.connect(":memory:", isolation_level=None)
        upgrade(self.db, self.path, None)
        ensure_bundled(self)
        # Never loaded into a store: dated by its as-of day, not by this run, so that
        # results against it are the same from one run to the next.
        self.db.execute("UPDATE snapshots SET loaded_at = published || 'T00:00:00+00:00'")
        return self.db

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """SQLite's errors about the file as StoreErrors naming it (damaged, busy...)."""
        try:
            yield
        except sqlite3.Error as exc:
            error = from_sqlite(exc, self.path, waited=self.wait_seconds)
            if error is None:
                raise
            raise error from exc

    @property
    def wait_seconds(self) -> float:
        """How long this store's statements wait for a lock before giving up."""
        limits = self.limits
        return limits.reader_wait_seconds if self.read_only else limits.writer_wait_seconds

    def describe(self) -> str | None:
        """What a status or a result must say about where the lists come from, if unusual."""
        if not self.exists:
            return (
                f"no store at {self.path}: this data directory never held one, so the "
                "bundled snapshot stands in (`caspian lists update` or `lists load` creates it)"
            )
        if self.immutable:
            return f"the store at {self.path} is read as immutable: its folder cannot be written"
        return None

    @contextmanager
    def transaction(self, *, at_once: bool = False) -> Iterator[sqlite3.Cursor]:
        """A write transaction, committed at the end; in a read-only store, or with
        `at_once`, only if the write lock is free now (StoreBusy otherwise).

        For what a reader may write on the side (the word table it had to count).
        """
        if self.immutable:
            raise StoreError(read_only_message(self.path, "its folder cannot be written"))
        side = self.read_only and self.exists
        with self._translated():
            if side:
                db, _ = store_file.connect(self.path, read_only=False, wait_seconds=0)
            else:
                db = self.db
            try:
                if at_once or side:
                    db.execute("PRAGMA busy_timeout = 0")
                cur = db.cursor()
                cur.execute("BEGIN IMMEDIATE")
                try:
                    yield cur
                    cur.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        cur.execute("ROLLBACK")
                    raise
            finally:
                if side:
                    db.close()
                else:
                    db.execute(f"PRAGMA busy_timeout = {int(self.wait_seconds * 1000)}")

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
        max_shrink: float = DEFAULT_GUARDS.max_shrink,
        force: bool = False,
        action: str = "load",
    ) -> LoadOutcome:
        """Store one list as a snapshot and activate it as `activation` says.

        A publication date more than a day ahead is refused (StoreError) before anything
        is written: whatever the caller checked, no future date enters the store.
        """
        today = today_utc()
        problem = future_problem(data.published, today, f"{data.source}: published")
        if problem:
            raise StoreError(f"refused: {problem}")
        content_hash = content_hash or files_hash(data.files)
        entities, merged = _merge_duplicates(data.entities)
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            existing = cur.execute(
                "SELECT id FROM snapshots WHERE source = ? AND content_hash = ? "
                "ORDER BY id DESC LIMIT 1",
                (data.source, content_hash),
            ).fetchone()
            stored_id = int(existing[0]) if existing else None
            decision = activation(
                self._active_version(cur, data.source), data.published, stored_id,
                entities=len(entities), today=today,
                # The bundled snapshot is the project's own data: the guard is for lists
                # from outside.
                max_shrink=1.0 if bundled else max_shrink, force=force,
            )  # fmt: skip
            if stored_id is None:
                snapshot_id = self._insert(cur, data, origin, content_hash, bundled,
                                           entities, merged)  # fmt: skip
            else:
                snapshot_id = stored_id
            if decision.status == "activated":
                cur.execute(
                    "INSERT INTO active (source, snapshot_id) VALUES (?, ?) "
                    "ON CONFLICT (source) DO UPDATE SET snapshot_id = excluded.snapshot_id",
                    (data.source, snapshot_id),
                )
            if decision.status == "held":
                # A refusal: `lists status` shows it until a later load of the list succeeds.
                held = f"snapshot #{snapshot_id} {decision.message} (from {origin})"
                self._log(cur, data.source, action, False, held)
            else:
                self._log(cur, data.source, action, True, f"{origin}: {decision.message}")
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        version = self.version(snapshot_id)
        return LoadOutcome(version=version, status=decision.status, message=decision.message)

    def _insert(
        self, cur: sqlite3.Cursor, data: ListData, origin: str, content_hash: str, bundled: bool,
        entities: list[Entity], merged: int,
    ) -> int:  # fmt: skip
        warnings = list(data.warnings)
        if merged:
            warnings.append(f"{merged} records repeated an entity id and were merged into it")
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
        return snapshot_id

    @_guarded
    def prune(self, keep: int, *, dry_run: bool = False) -> list[ListVersion]:
        """Remove each list's old snapshots, keeping its `keep` newest, in one transaction.

        Newest means latest publication, then latest load. An active snapshot and a
        bundled one are never removed, whatever their age: they are kept on top of the
        `keep` newest. Returns the snapshots removed (or, with dry_run, that would be).
        """
        if keep < 0:
            raise StoreError(f"--keep must be 0 or more, not {keep}")
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            removed = prune_plan(self._all_versions(cur), self._active_ids(cur), keep)
            ids = [(v.snapshot_id,) for v in removed]
            cur.executemany("DELETE FROM entities WHERE snapshot_id = ?", ids)
            cur.executemany("DELETE FROM snapshots WHERE id = ?", ids)
            entities = sum(v.entity_count for v in removed)
            summary = f"keep {keep}: removed {len(removed)} snapshots, {entities} entities"
            self._log(cur, None, "prune", True, summary)
            cur.execute("ROLLBACK" if dry_run else "COMMIT")
        except BaseException:
            if self.db.in_transaction:
                cur.execute("ROLLBACK")
            raise
        return removed

    @_guarded
    def vacuum(self) -> tuple[int, int]:
        """Give the space of removed snapshots back to the file system: (bytes before, after).

        Not part of prune: VACUUM rewrites the whole file (it needs as much free disk
        again and holds the store's lock meanwhile), and the next load reuses the freed
        pages anyway.
        """
        before = self._file_bytes()
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return before, self._file_bytes()

    def _file_bytes(self) -> int:
        wal = self.path.with_name(self.path.name + "-wal")
        return sum(p.stat().st_size for p in (self.path, wal) if p.exists())

    @_guarded
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

    def active_version(self, source: str) -> ListVersion | None:
        """The list's active snapshot, or None."""
        return self._active_version(self.db.cursor(), source)

    def _active_version(self, cur: sqlite3.Cursor, source: str) -> ListVersion | None:
        row = cur.execute(
            f"SELECT {self._VERSION_COLUMNS} FROM snapshots "
            "WHERE id = (SELECT snapshot_id FROM active WHERE source = ?)",
            (source,),
        ).fetchone()
        return self._to_version(row) if row else None

    def _all_versions(self, cur: sqlite3.Cursor) -> list[ListVersion]:
        rows = cur.execute(f"SELECT {self._VERSION_COLUMNS} FROM snapshots ORDER BY id")
        return [self._to_version(r) for r in rows]

    @staticmethod
    def _active_ids(cur: sqlite3.Cursor) -> set[int]:
        return {int(r[0]) for r in cur.execute("SELECT snapshot_id FROM active")}

    @_guarded
    def version(self, snapshot_id: int) -> ListVersion:
        row = self.db.execute(
            f"SELECT {self._VERSION_COLUMNS} FROM snapshots WHERE id = ?", (snapshot_id,)
        ).fetchone()
        if not row:
            raise StoreError(f"no snapshot #{snapshot_id} in {self.path}")
        return self._to_version(row)

    @_guarded
    def snapshots(self, source: str | None = None) -> list[ListVersion]:
        sql = f"SELECT {self._VERSION_COLUMNS} FROM snapshots"
        args: tuple[str, ...] = ()
        if source:
            sql += " WHERE source = ?"
            args = (source,)
        return [self._to_version(r) for r in self.db.execute(sql + " ORDER BY id", args)]

    @_guarded
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

    @_guarded
    def snapshot_warnings(self, snapshot_id: int) -> list[str]:
        row = self.db.execute(
            "SELECT warnings FROM snapshots WHERE id = ?", (snapshot_id,)
        ).fetchone()
        try:
            return [str(w) for w in orjson.loads(row[0])] if row else []
        except (orjson.JSONDecodeError, TypeError) as exc:
            raise StoreDamaged(
                self.path, f"the warnings of snapshot #{snapshot_id} cannot be read: {exc}"
            ) from None

    @_guarded
    def unresolved_failures(self, limit: int = 20) -> list[tuple[str, str, str, str]]:
        """(at, source, action, message) of each list's failed or held loads and updates
        since its last good one, newest first: what `lists status` must still say."""
        rows = self.db.execute(
            "SELECT at, source, action, message FROM events AS e WHERE ok = 0 "
            "AND source IS NOT NULL AND id > COALESCE((SELECT MAX(id) FROM events "
            "WHERE ok = 1 AND source = e.source), 0) ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    @_guarded
    def events(self, limit: int = 20) -> list[tuple[str, str | None, str, bool, str]]:
        rows = self.db.execute(
            "SELECT at, source, action, ok, message FROM events ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]

    def iter_entities(self, snapshot_id: int) -> Iterator[Entity]:
        """The snapshot's entities, by id; StoreDamaged if one cannot be read back or
        their number is not the one recorded when the snapshot was stored."""
        with self._translated():
            (expected,) = self.db.execute(
                "SELECT entity_count FROM snapshots WHERE id = ?", (snapshot_id,)
            ).fetchone() or (None,)
            rows = self.db.execute(
                "SELECT entity_id, data FROM entities WHERE snapshot_id = ? ORDER BY entity_id",
                (snapshot_id,),
            )
            count = 0
            for entity_id, blob in rows:
                try:
                    entity = Entity.from_stored(_stored_entity(orjson.loads(blob), entity_id))
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    raise StoreDamaged(
                        self.path,
                        f"entity {str(entity_id)[:80]!r} of snapshot #{snapshot_id} cannot be "
                        f"read back: {type(exc).__name__}: {str(exc)[:200]}",
                    ) from None
                count += 1
                yield entity
            if expected is not None and count != expected:
                raise StoreDamaged(
                    self.path,
                    f"snapshot #{snapshot_id} holds {count:,} entities where "
                    f"{int(expected):,} were stored",
                )

    @_guarded
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
