"""Readers never wait for writers; a second writer waits, says so, and ends cleanly.

A real child process holds the store's write lock (`BEGIN IMMEDIATE`) with uncommitted
changes, as a long `lists load` does while it inserts; meanwhile every reading command
runs and sees the last committed state. A second writer prints that it is waiting, and
either gets the lock once the first lets go or exits 2 after --lock-wait seconds.
"""

from __future__ import annotations

import queue
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import orjson
import pytest

from caspian.lists.store import STORE_FILE
from tests.store_cases import DPL_NAME, READERS, build_store, cli, cli_command, copy_store

# Holds the write lock with uncommitted changes no reader may see, until told to let go.
HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("DELETE FROM active WHERE source != 'caspian-snapshot'")
dpl = "SELECT id FROM snapshots WHERE source = 'bis-dpl'"
db.execute(f"DELETE FROM entities WHERE snapshot_id IN ({dpl})")
db.execute("DELETE FROM word_table")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
db.close()
print("released", flush=True)
"""
FTM = "opensanctions/yente_fixture_t1/entities.ftm.json"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Path:
    data_dir = tmp_path_factory.mktemp("pristine") / "data"
    build_store(data_dir, lists_dir)
    return data_dir


@contextmanager
def write_lock(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir / STORE_FILE)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=60)


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "released"
    assert holder.wait(timeout=60) == 0


def _pump(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def _lock_is_held(path: Path) -> bool:
    db = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return True
    finally:
        db.close()


def _word_rows(path: Path) -> list[str]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in db.execute("SELECT signature FROM word_table")]
    finally:
        db.close()


def test_readers_run_while_a_writer_holds_the_lock(
    pristine: Path, tmp_path: Path, lists_dir: Path
) -> None:
    data_dir = tmp_path / "data"
    path = copy_store(pristine, data_dir)
    before = orjson.loads(cli(data_dir, "lists", "status", "--json").stdout)
    # A stale word table, so that the readers must count one and may not keep it.
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DELETE FROM word_table")
    db.close()
    with write_lock(data_dir) as holder:
        assert _lock_is_held(path)
        for command in READERS:
            work = tmp_path / command.name.replace(" ", "_").replace("-", "")
            work.mkdir()
            result = cli(data_dir, *command.args(work, lists_dir))
            assert result.exit_code in (0, 1), (command.name, result.output)
            assert "waiting" not in result.stderr and "locked" not in result.output
        status = orjson.loads(cli(data_dir, "lists", "status", "--json").stdout)
        assert status["lists"] == before["lists"]  # the last committed state
        export = (tmp_path / "export" / "e.csv").read_text(encoding="utf-8-sig")
        assert export.count("\nbis-dpl-") == 547
        match = cli(data_dir, "match", DPL_NAME)
        assert "MATCH" in match.stdout and "bis-dpl" in match.stdout
        # And as a real second process, as a scheduler would start it.
        status_command = cli_command(data_dir, "lists", "status", "--json")
        child = subprocess.run(status_command, capture_output=True, text=True, timeout=120,
                               check=False)  # fmt: skip
        assert child.returncode == 0, child.stderr
        assert orjson.loads(child.stdout)["lists"] == before["lists"]
        assert _word_rows(path) == []  # counted in memory: the lock was not free
        release(holder)
    assert cli(data_dir, "match", DPL_NAME).exit_code == 0
    (signature,) = _word_rows(path)  # the lock was free: a reader kept what it counted
    assert signature == ",".join(
        str(row["snapshot"]) for row in sorted(before["lists"], key=lambda r: r["snapshot"])
        if not row["bundled"]
    )  # fmt: skip


def test_a_second_writer_waits_then_gives_up_cleanly(
    pristine: Path, tmp_path: Path, lists_dir: Path
) -> None:
    data_dir = tmp_path / "data"
    path = copy_store(pristine, data_dir)
    with write_lock(data_dir) as holder:
        for args in (("lists", "load", str(lists_dir / FTM)), ("lists", "prune", "--keep", "0")):
            result = cli(data_dir, "--lock-wait", "0.5", *args)
            assert result.exit_code == 2, result.output
            assert isinstance(result.exception, SystemExit)
            stderr = " ".join(result.stderr.split())
            assert (
                f"waiting for another caspian process to finish writing the store at {path} "
                "(up to 0.5 s)..."
            ) in stderr
            assert (
                f"another caspian process was still writing the store at {path} after 0.5 s"
                in stderr
            )
            assert "nothing was changed" in stderr
        release(holder)
    status = orjson.loads(cli(data_dir, "lists", "status", "--json").stdout)
    assert {row["source"] for row in status["lists"]} == {"caspian-snapshot", "bis-dpl", "un-sc"}
    assert not (data_dir / "logs").exists()


def test_a_second_writer_waits_and_goes_on_when_the_first_is_done(
    pristine: Path, tmp_path: Path, lists_dir: Path
) -> None:
    data_dir = tmp_path / "data"
    copy_store(pristine, data_dir)
    with write_lock(data_dir) as holder:
        writer = subprocess.Popen(
            cli_command(data_dir, "--lock-wait", "120", "lists", "load", str(lists_dir / FTM)),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines: queue.Queue[str] = queue.Queue()
        assert writer.stderr is not None and writer.stdout is not None
        threading.Thread(target=_pump, args=(writer.stderr, lines), daemon=True).start()
        seen = ""
        while "waiting for another caspian process" not in seen:
            seen += lines.get(timeout=120)
        assert writer.poll() is None  # still waiting: the first writer holds the lock
        release(holder)
        assert writer.wait(timeout=120) == 0, writer.stdout.read()
    status = orjson.loads(cli(data_dir, "lists", "status", "--json").stdout)
    sources = {row["source"] for row in status["lists"]}
    assert {"bis-dpl", "un-sc"} < sources and len(sources) == 4
