"""What lies at the store's path, and the safe ways to open it.

A store that exists is never taken for a new one: a file that is empty, truncated, not
SQLite, or fails SQLite's quick check is refused as damaged before anything reads or
writes it. Readers open the file read-only (WAL, so they see the last committed state
while a writer works and never wait for it); a store is created whole under a temporary
name and linked into place, so no other process ever sees it half made.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caspian.lists.store_errors import (
    StoreBusy,
    StoreDamaged,
    StoreError,
    error_name,
    from_sqlite,
    is_busy,
    waiting_message,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100  # https://www.sqlite.org/fileformat.html#the_database_header


@dataclass(frozen=True, slots=True)
class StoreLimits:
    """How long opening the store may wait or check, and why."""

    # A second writer waits this long for the first before giving up with exit 2: a
    # 455k-entity FtM load takes 37 s in all (issue 10), the insert part of it under the
    # lock; an update holds it list by list. Set per run with --lock-wait.
    writer_wait_seconds: float = 120.0
    # Readers never wait for writers in WAL mode; they wait only for SQLite's own short
    # exclusive moments (recovering the WAL index after a crash, a rollback-journal store).
    reader_wait_seconds: float = 10.0
    # The probe on open (`probe`) reads every page: 0.15 s for the 33 MB store of every
    # shared list on the 2-core development machine (quick check 0.03 s, the entities'
    # JSON 0.07 s), so about 5 s per GB; past this budget it stops, unfinished but not
    # failed, and the reads check what they touch.
    probe_seconds: float = 2.0


STORE_LIMITS = StoreLimits()


def sidecars(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and its index, beside the store."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _wal_holds_data(path: Path) -> bool:
    try:
        return sidecars(path)[0].stat().st_size > 0
    except OSError:
        return False


def check_file(path: Path) -> bool:
    """True if a store file is there and looks like an SQLite database; False if there is
    none (and nothing left of one). Raises StoreError or StoreDamaged, naming the file,
    for anything else: reading stops here, before SQLite opens (and so changes) it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise StoreError(
                f"the store at {path} is a symbolic link to {os.readlink(path)}, which does "
                "not exist: restore the file, or remove the link to start again"
            ) from None
        if _wal_holds_data(path):
            wal = sidecars(path)[0]
            raise StoreError(
                f"the store at {path} is missing but its write-ahead log {wal} is still there: "
                f"restore the store from a backup, or remove {wal.name} (and "
                f"{sidecars(path)[1].name}) to start again"
            ) from None
        return False
    except OSError as exc:
        raise StoreError(f"cannot reach the store at {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(
            f"the store at {path} is a directory, not a file: move it away, or use another "
            "--data-dir"
        )
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"the store at {path} is not a regular file: use another --data-dir")
    if info.st_size == 0:
        raise StoreDamaged(path, "the file is empty: 0 bytes")
    try:
        with path.open("rb") as fh:
            header = fh.read(HEADER_BYTES)
    except OSError as exc:
        raise StoreError(f"cannot read the store at {path}: {exc.strerror or exc}") from None
    _check_header(path, header, info.st_size)
    return True


def _check_header(path: Path, header: bytes, size: int) -> None:
    if len(header) < HEADER_BYTES and SQLITE_MAGIC.startswith(header[: len(SQLITE_MAGIC)]):
        raise StoreDamaged(path, f"truncated: {size:,} bytes, shorter than the SQLite header")
    if len(header) < HEADER_BYTES or not header.startswith(SQLITE_MAGIC):
        raise StoreDamaged(
            path,
            "it does not begin with the SQLite header: it is not a Caspian store, or its "
            "first page was overwritten",
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise StoreDamaged(path, f"its header gives an impossible page size of {page_size}")
    if size % page_size:
        raise StoreDamaged(
            path, f"truncated: {size:,} bytes is not a whole number of {page_size}-byte pages"
        )
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # the header's page count is current
    # While the WAL holds changes a checkpoint may have stopped half way: the log has the rest.
    if counted and pages * page_size > size and not _wal_holds_data(path):
        raise StoreDamaged(
            path, f"truncated: its header counts {pages:,} pages, the file holds "
                  f"{size // page_size:,}"
        )  # fmt: skip


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path.resolve().as_uri()}?{query}"


def connect(path: Path, *, read_only: bool, wait_seconds: float) -> tuple[sqlite3.Connection, bool]:
    """A connection to an existing store, and whether it reads the file as immutable.

    Read-only connections use `mode=ro`: SQLite then needs to create the WAL index beside
    the file; in a folder nobody may write, with no write-ahead log left to read, the
    file is opened `immutable` (nothing can change it there).
    """
    mode = "ro" if read_only else "rw"
    try:
        db = sqlite3.connect(_uri(path, mode=mode), uri=True, isolation_level=None,
                             timeout=wait_seconds)  # fmt: skip
        db.execute("PRAGMA schema_version").fetchone()  # opens the file now, not later
    except sqlite3.OperationalError as exc:
        name = error_name(exc)
        if not (read_only and name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))):
            raise _store_error(exc, path) from None
        if _wal_holds_data(path):
            raise StoreError(
                f"cannot read the store at {path}: its folder cannot be written and its "
                f"write-ahead log holds changes ({exc}); open it once with write access"
            ) from None
        try:
            db = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True,
                                 isolation_level=None)  # fmt: skip
            db.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error as again:
            raise _store_error(again, path) from None
        return db, True
    except sqlite3.Error as exc:
        raise _store_error(exc, path) from None
    if read_only:
        db.execute("PRAGMA query_only = ON")
    return db, False


def _store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    return from_sqlite(exc, path) or StoreError(f"cannot open the store at {path}: {exc}")


# What the probe asks, cheapest first; each row it returns names damage.
ENTITY_COUNTS = (
    "SELECT id, entity_count, (SELECT count(*) FROM entities e WHERE e.snapshot_id = s.id) "
    "FROM snapshots s WHERE entity_count != (SELECT count(*) FROM entities e "
    "WHERE e.snapshot_id = s.id) LIMIT 1"
)
BAD_WARNINGS = "SELECT id FROM snapshots WHERE json_valid(CAST(warnings AS TEXT)) = 0 LIMIT 1"
# An entity's JSON must parse (json_extract raises "malformed JSON" if not) and carry its id.
BAD_ENTITY = (
    "SELECT snapshot_id, entity_id FROM entities "
    "WHERE json_extract(CAST(data AS TEXT), '$.id') IS NOT entity_id LIMIT 1"
)


def probe(db: sqlite3.Connection, path: Path, seconds: float) -> None:
    """Check the store before it is used, stopping (not failing) once `seconds` are spent:
    SQLite's quick check of every page, then each snapshot's entity count against its
    record and every stored JSON value. Past the budget, the reads check what they touch."""
    deadline = time.monotonic() + seconds
    db.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        rows = [str(r[0]) for r in db.execute("PRAGMA quick_check(3)")]
        if rows != ["ok"]:
            lines = [x for r in rows for x in r.splitlines() if not x.startswith("*** in ")]
            raise StoreDamaged(path, "; ".join(lines[:3]))
        row = db.execute(ENTITY_COUNTS).fetchone()
        if row:
            raise StoreDamaged(path, f"snapshot #{row[0]} holds {row[2]:,} entities where "
                                     f"{row[1]:,} were stored")  # fmt: skip
        row = db.execute(BAD_WARNINGS).fetchone()
        if row:
            raise StoreDamaged(path, f"the warnings of snapshot #{row[0]} are not JSON")
        row = db.execute(BAD_ENTITY).fetchone()
        if row:
            raise StoreDamaged(path, f"entity {str(row[1])[:80]!r} of snapshot #{row[0]} "
                                     "is not the one stored under its id")  # fmt: skip
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if error_name(exc) == "SQLITE_INTERRUPT" or "interrupted" in text:
            return
        if "malformed JSON" in text:
            raise StoreDamaged(path, "an entity's stored JSON is malformed") from None
        if "no such function" in text:  # an SQLite built without JSON functions
            return
        raise _store_error(exc, path) from None
    except sqlite3.DatabaseError as exc:
        raise StoreDamaged(path, str(exc)) from None
    finally:
        db.set_progress_handler(None, 0)


def wait_for_writer(
    db: sqlite3.Connection, path: Path, seconds: float, on_wait: Callable[[str], None] | None
) -> None:
    """Return once the write lock is free (taking and releasing it), saying so through
    `on_wait` if another writer holds it; StoreBusy if it does not finish in `seconds`."""
    db.execute("PRAGMA busy_timeout = 0")
    try:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise _store_error(exc, path) from None
            if on_wait is not None:
                on_wait(waiting_message(path, seconds))
            db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as again:
                if is_busy(again):
                    raise StoreBusy(path, seconds) from None
                raise _store_error(again, path) from None
        db.execute("ROLLBACK")
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")


def create(path: Path, make: Callable[[sqlite3.Connection], None]) -> None:
    """Make a new store whole under a temporary name, then link it into place.

    `make` creates the schema. If another process created the store meanwhile, theirs
    is kept and this one dropped: an existing store is never replaced.
    """
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}-{time.monotonic_ns()}")
    try:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            make(db)
        finally:
            db.close()  # the last connection: the WAL is checkpointed and removed
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    except (sqlite3.Error, OSError) as exc:
        what = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(
            f"cannot create the store at {path}: {what}; check that {path.parent} can be written"
        ) from None
    finally:
        for leftover in (temporary, *sidecars(temporary)):
            leftover.unlink(missing_ok=True)
