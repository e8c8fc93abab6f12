"""Shared by the store suites: a real store, every command that opens it, and ways to
damage its file the way disks, copies and people do."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
from click.testing import CliRunner, Result

from caspian import examples
from caspian.cli import main
from caspian.lists.store import STORE_FILE

DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
LISTED = "Ghods Aviation Industry Co"  # in the bundled snapshot; a listed firm
DPL_NAME = "ALNASER AIRLINES"  # on the BIS Denied Persons List


def cli(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])


def cli_command(data_dir: Path, *args: str) -> list[str]:
    """The same command as a real child process."""
    return [sys.executable, "-m", "caspian.cli", "--data-dir", str(data_dir), *args]


ROOT = Path(__file__).resolve().parents[1]


def batch_main() -> None:
    """In a child process: run each argument list of stdin (JSON) through the CLI, print
    [exit code, stdout, stderr] for each (one interpreter start for many commands)."""
    results = []
    for args in orjson.loads(sys.stdin.buffer.read()):
        result = CliRunner().invoke(main, args)
        results.append([result.exit_code, result.stdout, result.stderr])
    sys.stdout.buffer.write(orjson.dumps(results))


def run_batch(
    batch: list[list[str]], preexec: Callable[[], None] | None = None
) -> list[tuple[int, str, str]]:
    """The commands of `batch` in one real child process (`preexec` runs before exec)."""
    code = "from tests.store_cases import batch_main; batch_main()"
    done = subprocess.run([sys.executable, "-c", code], input=orjson.dumps(batch),
                          capture_output=True, timeout=300, check=False, cwd=ROOT,
                          preexec_fn=preexec)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return [(int(c), str(o), str(e)) for c, o, e in orjson.loads(done.stdout)]


def build_store(data_dir: Path, lists_dir: Path) -> None:
    """A store as an operator has it: the bundled snapshot, the UN list and the DPL."""
    result = cli(data_dir, "lists", "load", str(lists_dir / UN), str(lists_dir / DPL))
    assert result.exit_code == 0, result.output


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Command:
    """A command that opens the store, as it would be run on `work` (a scratch folder)."""

    name: str
    writes: bool
    args: Callable[[Path, Path], list[str]]  # (work, lists_dir) -> arguments


def _queries(work: Path) -> str:
    path = work / "queries.jsonl"
    path.write_bytes(orjson.dumps({"id": "q1", "schema": "Organization",
                                   "properties": {"name": [LISTED]}}) + b"\n")  # fmt: skip
    return str(path)


def _sources(work: Path) -> str:
    path = work / "sources.toml"
    # Never reached: the store is opened (and refused) before any download starts.
    path.write_text(
        '[sources.bis-dpl]\ntitle = "BIS DPL"\nformat = "bis-dpl"\n'
        '[sources.bis-dpl.files]\n"dpl.txt" = "http://127.0.0.1:9/dpl.txt"\n'
    )
    return str(path)


ORDERS = str(examples.path("orders.jsonl"))

# fmt: off
COMMANDS: tuple[Command, ...] = (
    Command("lists status", False, lambda w, ls: ["lists", "status", "--json"]),
    Command("lists load", True, lambda w, ls: ["lists", "load", str(ls / DPL)]),
    Command("lists diff", False, lambda w, ls: ["lists", "diff", "bis-dpl", "un-sc"]),
    Command("lists update", True, lambda w, ls: ["lists", "update", "--sources", _sources(w)]),
    Command("lists prune", True, lambda w, ls: ["lists", "prune", "--keep", "1"]),
    Command("export", False, lambda w, ls: ["export", "--format", "csv", "-o", str(w / "e.csv")]),
    Command("match", False, lambda w, ls: ["match", LISTED, "--schema", "Organization"]),
    Command("match --input", False,
            lambda w, ls: ["match", "--input", _queries(w), "--output", str(w / "r.jsonl"),
                           "--workers", "1"]),
    Command("match --dataset", False,
            lambda w, ls: ["match", DPL_NAME, "--dataset", str(ls / DPL)]),
    Command("screen", False,
            lambda w, ls: ["screen", ORDERS, "--out-dir", str(w / "out"), "--workers", "1"]),
    Command("screen --since-lists", False,
            lambda w, ls: ["screen", ORDERS, "--out-dir", str(w / "out"), "--workers", "1",
                           "--since-lists", "un-sc"]),
    Command("demo", False, lambda w, ls: ["demo", "--out-dir", str(w / "out")]),
)
# fmt: on
READERS = tuple(c for c in COMMANDS if not c.writes)
WRITERS = tuple(c for c in COMMANDS if c.writes)


# -- damage -------------------------------------------------------------------------


def _page_size(path: Path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def empty(path: Path) -> None:
    path.write_bytes(b"")


def truncated_half(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2 // _page_size(path) * _page_size(path))


def truncated_mid_page(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size - _page_size(path) // 3)


def truncated_to_header(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(60)


def bad_magic(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.write(b"SQLite format 2\x00")


def bad_page_size(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(16)
        fh.write((1000).to_bytes(2, "big"))


def header_zeroed(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.write(bytes(100))


def _table_pages(path: Path, table: str) -> list[int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [int(r[0]) for r in db.execute(
            "SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))]  # fmt: skip
    finally:
        db.close()


def random_pages(table: str, seed: int, count: int = 3) -> Callable[[Path], None]:
    """Overwrite `count` pages holding `table` with random bytes (a bad sector, a bad copy)."""

    def damage(path: Path) -> None:
        rng = random.Random(seed)
        pages = rng.sample(_table_pages(path, table), count)
        size = _page_size(path)
        with path.open("r+b") as fh:
            for page in pages:
                fh.seek((page - 1) * size)
                fh.write(rng.randbytes(size))

    damage.__name__ = f"random_{table}_pages_{seed}"
    return damage


def _update(path: Path, sql: str, *args: object) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute(sql, args)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _dpl_entity(path: Path) -> tuple[int, str]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = db.execute(
            "SELECT e.snapshot_id, e.entity_id FROM entities e JOIN snapshots s "
            "ON s.id = e.snapshot_id WHERE s.source = 'bis-dpl' ORDER BY e.entity_id LIMIT 1"
        ).fetchone()
        return int(row[0]), str(row[1])
    finally:
        db.close()


def json_cut(path: Path) -> None:
    snapshot, entity = _dpl_entity(path)
    _update(path, "UPDATE entities SET data = substr(data, 1, 40) "
                  "WHERE snapshot_id = ? AND entity_id = ?", snapshot, entity)  # fmt: skip


def json_foreign(path: Path) -> None:
    """Valid JSON, but another entity's (a page of another row written over this one)."""
    snapshot, entity = _dpl_entity(path)
    other = "(SELECT data FROM entities WHERE entity_id != ? LIMIT 1)"
    _update(path, f"UPDATE entities SET data = {other} WHERE snapshot_id = ? AND entity_id = ?",
            entity, snapshot, entity)  # fmt: skip


def entity_lost(path: Path) -> None:
    snapshot, entity = _dpl_entity(path)
    _update(path, "DELETE FROM entities WHERE snapshot_id = ? AND entity_id = ?", snapshot, entity)


def warnings_cut(path: Path) -> None:
    _update(path, "UPDATE snapshots SET warnings = '[\"line 5' WHERE source = 'bis-dpl'")


def table_dropped(path: Path) -> None:
    _update(path, "DROP TABLE events")


DAMAGES: tuple[Callable[[Path], None], ...] = (
    empty, truncated_half, truncated_mid_page, truncated_to_header, bad_magic, bad_page_size,
    header_zeroed, random_pages("entities", 1), random_pages("entities", 2),
    random_pages("snapshots", 3, 1), random_pages("sqlite_autoindex_active_1", 4, 1),
    json_cut, json_foreign, entity_lost, warnings_cut, table_dropped,
)  # fmt: skip


def copy_store(pristine: Path, to: Path) -> Path:
    shutil.copytree(pristine, to)
    return to / STORE_FILE
