"""The store's errors, and SQLite's errors said in the operator's words.

Every way the store can fail to open or to answer ends as one of these, each naming
the file and what to do, so that the command line can exit 2 with one line instead of
a traceback, and a damaged store is never mistaken for an empty one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(RuntimeError):
    """A store operation that cannot proceed; the store is unchanged."""


class StoreDamaged(StoreError):
    """The file at the store's path is not a readable store: it must be restored or removed."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path, self.detail = path, " ".join(detail.split())[:500]
        detail = self.detail
        super().__init__(
            f"the store at {path} is damaged ({detail}): restore it from a backup, or "
            f"remove it (with any {path.name}-wal and {path.name}-shm beside it) to start again"
        )


class StoreBusy(StoreError):
    """Another process held the write lock for longer than this one would wait."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path, self.seconds = path, seconds
        super().__init__(
            f"another caspian process was still writing the store at {path} after "
            f"{seconds:g} s; nothing was changed: try again when it has finished "
            "(or wait longer with --lock-wait SECONDS)"
        )


def waiting_message(path: Path, seconds: float) -> str:
    return (
        f"waiting for another caspian process to finish writing the store at {path} "
        f"(up to {seconds:g} s)..."
    )


def read_only_message(path: Path, detail: str) -> str:
    return (
        f"the store at {path} cannot be written ({detail}): commands that change it "
        "need write access to the file and its folder; commands that only read it work"
    )


def error_name(exc: sqlite3.Error) -> str:
    """SQLite's extended result code name (SQLITE_BUSY, SQLITE_CORRUPT_INDEX...), or ''."""
    return str(getattr(exc, "sqlite_errorname", "") or "")


def is_busy(exc: sqlite3.Error) -> bool:
    name = error_name(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    return not name and "database is locked" in str(exc)


def from_sqlite(exc: sqlite3.Error, path: Path, *, waited: float = 0.0) -> StoreError | None:
    """The StoreError an SQLite error means for the store at `path`; None when it says
    nothing about the store (a bug of ours, to be logged with its traceback)."""
    name = error_name(exc)
    text = str(exc)
    if is_busy(exc):
        return StoreBusy(path, waited)
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        return StoreDamaged(path, text)
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM":
        return StoreError(read_only_message(path, text))
    if name == "SQLITE_FULL":
        return StoreError(f"cannot write the store at {path}: the disk is full ({text}); "
                          "the last committed state is kept")  # fmt: skip
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"cannot read or write the store at {path}: a disk error ({text})")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"cannot open the store at {path} ({text}): check that it and its "
                          "folder exist and can be read")  # fmt: skip
    if not name and "malformed" in text:
        return StoreDamaged(path, text)
    return None
