"""A damaged store is refused by every command that opens it, with one line and exit 2.

Each damage is done to a copy of a real store (the UN list and the BIS DPL, loaded by
the CLI): an empty file, truncations, broken headers, pages overwritten with random
bytes, and rows whose content no longer matches what was stored. Every command that
opens the store must exit 2 naming the file and how to recover, with no traceback,
without touching the file, and without falling back to the bundled snapshot. A read-only
store is still read; only the commands that write it refuse.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from caspian.lists.bundled import bundled_list
from caspian.lists.store import STORE_FILE
from tests.store_cases import (
    COMMANDS,
    DAMAGES,
    ORDERS,
    READERS,
    WRITERS,
    Command,
    build_store,
    cli,
    copy_store,
    empty,
    run_batch,
    sha,
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Path:
    data_dir = tmp_path_factory.mktemp("pristine") / "data"
    build_store(data_dir, lists_dir)
    return data_dir


def _work(tmp_path: Path, command: Command) -> Path:
    work = tmp_path / command.name.replace(" ", "_").replace("-", "")
    work.mkdir()
    return work


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__)
def test_every_command_refuses_a_damaged_store(
    pristine: Path, tmp_path: Path, lists_dir: Path, damage: Callable[[Path], None]
) -> None:
    data_dir = tmp_path / "data"
    path = copy_store(pristine, data_dir)
    damage(path)
    digest = sha(path)
    for command in COMMANDS:
        work = _work(tmp_path, command)
        result = cli(data_dir, *command.args(work, lists_dir))
        assert result.exit_code == 2, (command.name, result.output)
        assert isinstance(result.exception, SystemExit), (command.name, result.exception)
        message = " ".join(result.stderr.split())
        assert f"the store at {path} is damaged" in message, (command.name, message)
        assert "restore it from a backup, or remove it" in message
        assert "Traceback" not in result.output
        assert sha(path) == digest, f"{command.name} changed the damaged store"
        assert not (work / "out").exists() and not (work / "r.jsonl").exists()
        assert not (work / "e.csv").exists()
    assert not (data_dir / "logs").exists()  # clean errors, not crashes


def test_an_empty_store_is_not_replaced_by_the_bundled_snapshot(
    pristine: Path, tmp_path: Path
) -> None:
    """The issue's case: `screen` ran on 104 bundled entities, exit 1 as on any day."""
    data_dir = tmp_path / "data"
    empty(copy_store(pristine, data_dir))
    result = cli(data_dir, "screen", ORDERS, "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "is damaged (the file is empty: 0 bytes)" in " ".join(result.stderr.split())
    assert not (tmp_path / "out").exists()
    # Removed, as the message says: now the data directory holds no store, and says so.
    (data_dir / STORE_FILE).unlink()
    result = cli(data_dir, "screen", ORDERS, "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    stderr = " ".join(result.stderr.split())
    assert f"no store at {data_dir / STORE_FILE}: this data directory never held one" in stderr
    first = orjson.loads((tmp_path / "out" / "orders.results.jsonl").read_bytes().split(b"\n")[0])
    (used,) = first["lists"]
    assert used["bundled"] and any("never held one" in w for w in used["warnings"])
    status = orjson.loads(cli(data_dir, "lists", "status", "--json").stdout)
    assert status["store_exists"] is False
    assert any("never held one" in w for w in status["warnings"])
    assert not (data_dir / STORE_FILE).exists()  # reading created nothing


def test_reading_commands_never_create_a_store(tmp_path: Path, lists_dir: Path) -> None:
    data_dir = tmp_path / "never"
    for command in READERS:
        result = cli(data_dir, *command.args(_work(tmp_path, command), lists_dir))
        if "diff" in command.name or "since" in command.name:  # no such snapshot, here
            assert result.exit_code == 2 and "no snapshot" in result.stderr, command.name
        else:
            assert result.exit_code in (0, 1), (command.name, result.output)
    assert not data_dir.exists()
    # The stand-in is the same from run to run (its load time is its as-of day).
    runs = [cli(data_dir, "lists", "status", "--json").stdout for _ in range(2)]
    as_of = bundled_list().published
    assert runs[0] == runs[1] and f'"loaded_at": "{as_of}T00:00:00+00:00"' in runs[0]


def test_a_directory_where_the_store_should_be(tmp_path: Path, lists_dir: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / STORE_FILE).mkdir(parents=True)
    for command in COMMANDS:
        result = cli(data_dir, *command.args(_work(tmp_path, command), lists_dir))
        assert result.exit_code == 2, (command.name, result.output)
        assert f"the store at {data_dir / STORE_FILE} is a directory" in result.stderr
    assert sorted(p.name for p in data_dir.iterdir()) == [STORE_FILE]


def test_a_lost_store_beside_its_write_ahead_log(
    pristine: Path, tmp_path: Path, lists_dir: Path
) -> None:
    """The log of a store that is gone must not be replayed into a new one."""
    data_dir = tmp_path / "data"
    path = copy_store(pristine, data_dir)
    wal = path.with_name(STORE_FILE + "-wal")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("INSERT INTO events (at, action, ok, message) VALUES ('t', 'x', 1, '')")
    shutil.copyfile(wal, tmp_path / "wal")
    db.close()
    path.unlink()
    shutil.copyfile(tmp_path / "wal", wal)
    for command in (COMMANDS[0], WRITERS[0]):
        result = cli(data_dir, *command.args(_work(tmp_path, command), lists_dir))
        assert result.exit_code == 2, (command.name, result.output)
        assert "is missing but its write-ahead log" in result.stderr
    assert not path.exists()


def test_a_damaged_word_table_is_counted_again(pristine: Path, tmp_path: Path) -> None:
    """Derived data: counting it again gives the right table, so it is not an error."""
    data_dir = tmp_path / "data"
    path = copy_store(pristine, data_dir)
    before = cli(data_dir, "match", "ALNASER AIRLINES").stdout
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("UPDATE word_table SET data = x'1f8b0800'")
    db.close()
    result = cli(data_dir, "match", "ALNASER AIRLINES")
    assert result.exit_code == 0, result.output
    assert result.stdout == before


# -- read-only ----------------------------------------------------------------------


CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def _bound_by_file_modes() -> None:
    """In the child, before exec: root keeps its uid but loses the capabilities that let
    it ignore file modes, so a read-only file is read-only to it too (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture()
def modes_bind() -> None:
    if os.name != "posix":
        pytest.skip("file modes as POSIX has them")
    if os.geteuid() == 0:
        try:
            subprocess.run(["true"], preexec_fn=_bound_by_file_modes, check=True)
        except (OSError, subprocess.SubprocessError):
            pytest.skip("root here cannot drop the capabilities that ignore file modes")


@pytest.mark.parametrize("folder_writable", [True, False], ids=["file", "file-and-folder"])
@pytest.mark.usefixtures("modes_bind")
def test_a_read_only_store_is_read_and_only_writers_refuse(
    pristine: Path, tmp_path: Path, lists_dir: Path, folder_writable: bool
) -> None:
    data_dir = tmp_path / "data"
    path = copy_store(pristine, data_dir)
    digest = sha(path)
    path.chmod(0o444)
    data_dir.chmod(0o755 if folder_writable else 0o555)
    few = {"lists status", "export", "match", "screen", "lists load"}
    commands = COMMANDS if folder_writable else tuple(c for c in COMMANDS if c.name in few)
    batch = [["--data-dir", str(data_dir), *c.args(_work(tmp_path, c), lists_dir)]
             for c in commands]  # fmt: skip
    batch.append(["--data-dir", str(data_dir), "lists", "status", "--json"])
    preexec = _bound_by_file_modes if os.geteuid() == 0 else None
    *results, status = run_batch(batch, preexec)
    for command, (code, stdout, stderr) in zip(commands, results, strict=True):
        assert "Traceback" not in stderr, (command.name, stderr)
        if command.writes:
            assert code == 2, (command.name, stdout, stderr)
            message = " ".join(stderr.split())
            assert f"the store at {path} cannot be written" in message, (command.name, message)
        else:
            assert code in (0, 1), (command.name, stdout, stderr)
            assert f"{path} is damaged" not in stderr
    assert sha(path) == digest
    payload = orjson.loads(status[1])
    lists = {row["source"]: row["entity_count"] for row in payload["lists"]}
    assert lists["bis-dpl"] == 547 and lists["un-sc"] == 1003
    if not folder_writable:
        assert any("read as immutable" in w for w in payload["warnings"])
    data_dir.chmod(0o755)
