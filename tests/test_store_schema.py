"""The store's schema version: read on open, older stores migrated, anything else refused."""

from __future__ import annotations

import functools
import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists import store_schema
from caspian.lists.base import ListData
from caspian.lists.detect import read_paths
from caspian.lists.store import STORE_FILE, Store, StoreError, files_hash
from caspian.lists.store_schema import FIRST_VERSION, MIGRATIONS, SCHEMA_VERSION, Migration

UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"

# The schema exactly as Caspian wrote it with schema_version 1 (commit 66df509), frozen
# here so that the migration is always tried on a real version 1 store.
V1_DDL = """
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
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
"""


@functools.cache
def _read(path: Path) -> ListData:
    (listdata,) = read_paths([path]).lists
    return listdata


def _v1_store(data_dir: Path, files: list[Path]) -> dict[str, int]:
    """A version 1 store holding the given real lists, active, as version 1 stored them."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(data_dir / STORE_FILE, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")  # a fixture: no fsync wait on a busy disk
    db.executescript(V1_DDL)
    db.execute("BEGIN")
    counts = {}
    for listdata in map(_read, files):
        cur = db.execute(
            "INSERT INTO snapshots (source, title, format, published, published_from, "
            "content_hash, loaded_at, entity_count, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (listdata.source, listdata.title, listdata.format, listdata.published,
             listdata.published_from, files_hash(listdata.files), "2026-03-01T00:00:00+00:00",
             len(listdata.entities), "v1 test"),
        )  # fmt: skip
        db.executemany(
            "INSERT INTO entities VALUES (?, ?, ?)",
            ((cur.lastrowid, e.id, e.to_json()) for e in listdata.entities),
        )
        db.execute("INSERT INTO active VALUES (?, ?)", (listdata.source, cur.lastrowid))
        counts[listdata.source] = len(listdata.entities)
    db.execute("COMMIT")
    db.close()
    return counts


def _schema(path: Path) -> list[tuple[str, str, str]]:
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    db.close()
    return [(t, n, " ".join(str(sql).replace("IF NOT EXISTS ", "").split())) for t, n, sql in rows]


def _version_in(path: Path) -> str:
    db = sqlite3.connect(path)
    (value,) = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    db.close()
    return str(value)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_are_one_per_version_up_to_the_current() -> None:
    assert [m.from_version for m in MIGRATIONS] == list(range(FIRST_VERSION, SCHEMA_VERSION))
    assert MIGRATIONS[-1].to_version == SCHEMA_VERSION
    assert all(m.description for m in MIGRATIONS)


def test_fresh_store_is_created_at_the_current_version(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.migrated_from is None
    assert _version_in(tmp_path / STORE_FILE) == str(SCHEMA_VERSION)
    with Store(tmp_path) as again:  # and opens as it is
        assert again.migrated_from is None


def test_version_1_store_is_migrated_and_keeps_its_lists(tmp_path: Path, lists_dir: Path) -> None:
    counts = _v1_store(tmp_path / "old", [lists_dir / UN, lists_dir / DPL])
    with Store(tmp_path / "old") as store:
        assert store.migrated_from == 1
        active = {v.source: v.entity_count for v in store.active()}
        entities = store.active_entities()
        # The migrated store takes new loads like any other.
        sdn = read_paths([lists_dir / "ofac/sdn_csv_2021-07-07_consistent_set"]).lists[0]
        assert store.add(sdn, origin="t").status == "activated"
    assert active == counts == {"un-sc": 1003, "bis-dpl": 547}
    assert len(entities) == 1003 + 547
    assert _version_in(tmp_path / "old" / STORE_FILE) == str(SCHEMA_VERSION)
    Store(tmp_path / "new").close()
    # The migrated schema is exactly the schema of a store created today.
    assert _schema(tmp_path / "old" / STORE_FILE) == _schema(tmp_path / "new" / STORE_FILE)
    with Store(tmp_path / "old") as again:
        assert again.migrated_from is None


def test_a_failing_migration_step_leaves_the_store_at_its_version(
    tmp_path: Path, lists_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _v1_store(tmp_path, [lists_dir / DPL])
    before = _schema(tmp_path / STORE_FILE)

    def half_done(cur: sqlite3.Cursor) -> None:
        cur.execute("CREATE INDEX snapshots_source_hash ON snapshots (source, content_hash)")
        cur.execute("CREATE INDEX snapshots_source ON snapshots (source)")  # exists: fails

    broken = (Migration(1, "a step that fails half-way", half_done),)
    monkeypatch.setattr(store_schema, "MIGRATIONS", broken)
    with pytest.raises(StoreError) as info:
        Store(tmp_path)
    message = str(info.value)
    assert str(tmp_path / STORE_FILE) in message
    assert "from version 1 to 2" in message and "unchanged at version 1" in message
    assert _schema(tmp_path / STORE_FILE) == before
    assert _version_in(tmp_path / STORE_FILE) == "1"
    monkeypatch.undo()
    with Store(tmp_path) as store:
        assert store.migrated_from == 1
        assert len(store.active_entities()) == 547


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (str(SCHEMA_VERSION + 1), f"newer Caspian (store schema version {SCHEMA_VERSION + 1})"),
        ("99", "newer Caspian (store schema version 99)"),
        ("0", "unknown store schema version 0"),
        ("2.0", "unknown store schema version '2.0'"),
        ("", "unknown store schema version ''"),
    ],
)
def test_newer_or_unknown_version_is_refused_untouched(
    tmp_path: Path, lists_dir: Path, version: str, words: str
) -> None:
    _v1_store(tmp_path, [lists_dir / DPL])
    db = sqlite3.connect(tmp_path / STORE_FILE)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    db.commit()
    db.close()
    digest = _sha(tmp_path / STORE_FILE)
    with pytest.raises(StoreError) as info:
        Store(tmp_path)
    message = str(info.value)
    assert words in message
    assert str(tmp_path / STORE_FILE) in message
    assert f"reads store versions {FIRST_VERSION} to {SCHEMA_VERSION}" in message
    assert _sha(tmp_path / STORE_FILE) == digest


def _foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT)")
    db.execute("INSERT INTO orders (customer) VALUES ('ACME')")
    db.commit()
    db.close()


def _meta_without_version(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p, lists: shutil.copyfile(lists / UN, p), "not begin with the SQLite header"),
        (lambda p, lists: shutil.copyfile(lists / DPL, p), "it is not a Caspian store"),
        (lambda p, lists: _foreign_sqlite(p), "SQLite database with tables orders"),
        (lambda p, lists: _meta_without_version(p), "records no schema_version"),
    ],
)
def test_a_file_that_is_not_a_store_is_refused_untouched(
    tmp_path: Path, lists_dir: Path, make: Callable[[Path, Path], object], words: str
) -> None:
    path = tmp_path / STORE_FILE
    make(path, lists_dir)
    digest = _sha(path)
    with pytest.raises(StoreError) as info:
        Store(tmp_path)
    assert words in str(info.value) and str(path) in str(info.value)
    assert _sha(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILE]


@pytest.mark.parametrize(
    "args",
    [("lists", "status", "--json"), ("lists", "prune", "--keep", "1"), ("export",),
     ("match", "Qods Aviation Industries")],
)  # fmt: skip
def test_cli_refuses_a_newer_store_with_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / STORE_FILE)
    db.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    digest = _sha(tmp_path / STORE_FILE)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args])
    assert result.exit_code == 2
    assert "newer Caspian (store schema version 7)" in result.output
    assert isinstance(result.exception, SystemExit)
    assert _sha(tmp_path / STORE_FILE) == digest


def test_cli_reads_a_version_1_store_as_it_is_and_a_writer_migrates_it(
    tmp_path: Path, lists_dir: Path
) -> None:
    _v1_store(tmp_path, [lists_dir / UN])
    digest = _sha(tmp_path / STORE_FILE)
    # Commands that only read never write, not even a migration: the file stays as it was.
    status = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "lists", "status", "--json"])
    assert status.exit_code == 0, status.output
    assert "migrated" not in status.stderr
    rows = {r["source"]: r for r in orjson.loads(status.stdout)["lists"]}
    assert rows["un-sc"]["entity_count"] == 1003
    match = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "match", "Hasan Izz-Al-Din"])
    assert match.exit_code == 0, match.output
    assert "un-sc" in match.stdout  # a version 1 store has no word table: counted in memory
    assert _version_in(tmp_path / STORE_FILE) == "1"
    assert _sha(tmp_path / STORE_FILE) == digest
    prune = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "lists", "prune", "--keep", "5"])
    assert prune.exit_code == 0, prune.output
    assert f"migrated from schema version 1 to {SCHEMA_VERSION}" in prune.stderr
    assert _version_in(tmp_path / STORE_FILE) == str(SCHEMA_VERSION)
