"""kill -9 at random moments of `lists load` and `lists update`: the store survives whole.

Each run copies a store that already has active snapshots, starts the real command as a
child process, kills it (SIGKILL) after a delay drawn from a fixed seed, and checks the
store: SQLite's integrity and foreign keys hold, every snapshot holds exactly the
entities it counts (no half-written snapshot), the store opens and its active entities
load, and each list's active snapshot is either the one from before the command or the
one the whole command makes: never anything else.

The delays come from a whole run timed first (when it prints each list as stored, right
after the commit, and when it ends): half spread over the whole run, half over the
stretch from late in the parsing to just after the last commit, so that kills land in
start-up, reading and parsing, the insert, and around the commit. How the kills fell
is printed (pytest -s) for the README.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from caspian.lists.store import STORE_FILE, Store
from tests.http_lists import serve

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261203
MOMENTS = 12  # per command
SPREAD = 1.3  # kills spread over this many times the measured duration (load varies)
SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
SDN_2024 = "ofac/sdn_csv_2024-05-03/sdn.csv"
DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"

State = dict[str, str]  # list -> content hash of its active snapshot


def _cli(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "caspian.cli", "--data-dir", str(data_dir), *args]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "CASPIAN_SOURCES"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Path:
    """A closed store with active snapshots of ofac-sdn (2021) and bis-dpl."""
    data_dir = tmp_path_factory.mktemp("base")
    for args in (("--published", "2021-07-07", str(lists_dir / SDN_2021)),
                 (str(lists_dir / DPL),)):  # fmt: skip
        subprocess.run(_cli(data_dir, "lists", "load", *args), check=True, cwd=ROOT, env=_env(),
                       stdout=subprocess.DEVNULL)  # fmt: skip
    assert not (data_dir / f"{STORE_FILE}-wal").exists()
    return data_dir / STORE_FILE


def _check(data_dir: Path) -> State:
    """The store after a run: whole, or the test fails; returns each list's active content."""
    db = sqlite3.connect(data_dir / STORE_FILE)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        half = db.execute(
            "SELECT s.id, s.entity_count, count(e.entity_id) FROM snapshots s "
            "LEFT JOIN entities e ON e.snapshot_id = s.id GROUP BY s.id "
            "HAVING count(e.entity_id) != s.entity_count"
        ).fetchall()
        assert half == [], f"snapshots holding other than their count: {half}"
    finally:
        db.close()
    with Store(data_dir) as store:
        versions = store.active()
        entities = store.active_entities()
        assert versions and entities
        assert len(entities) <= sum(v.entity_count for v in versions)
        return {v.source: v.content_hash for v in store.all_active()}


@dataclass(frozen=True, slots=True)
class Timeline:
    """When one whole run printed each list as stored (just after its commit), and ended."""

    commits: tuple[float, ...]
    end: float


def _timeline(data_dir: Path, args: tuple[str, ...], stored: tuple[str, ...]) -> Timeline:
    started = time.monotonic()
    env = {**_env(), "PYTHONUNBUFFERED": "1"}  # each line as soon as it is printed
    child = subprocess.Popen(_cli(data_dir, *args), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    assert child.stdout is not None
    commits = [time.monotonic() - started for line in child.stdout if line.startswith(stored)]
    assert child.wait() == 0
    return Timeline(tuple(commits), time.monotonic() - started)


def _moments(timeline: Timeline, rng: random.Random) -> list[float]:
    """Half the moments over the whole run, half closer in on the writes: from late in
    the parsing to just after the last commit (each in its own slice, a random point)."""
    half = MOMENTS // 2
    start, stop = 0.75 * timeline.commits[0], 1.05 * timeline.commits[-1]
    spread = [(i + rng.random()) * SPREAD * timeline.end / half for i in range(half)]
    writes = [start + (i + rng.random()) * (stop - start) / (MOMENTS - half)
              for i in range(MOMENTS - half)]  # fmt: skip
    return sorted(spread + writes)


def _kill_runs(
    base: Path, tmp_path: Path, args: tuple[str, ...], before: State, label: str,
    stored: tuple[str, ...],
) -> Counter[str]:  # fmt: skip
    """Time the whole command (twice: the machine is shared), then kill it at MOMENTS
    moments; check each store."""
    timelines = []
    for n in range(2):
        whole = tmp_path / f"whole{n}"
        whole.mkdir()
        shutil.copyfile(base, whole / STORE_FILE)
        timelines.append(_timeline(whole, args, stored))
        assert len(timelines[-1].commits) == len(stored)
    timeline = Timeline(
        tuple(sum(t.commits[i] for t in timelines) / 2 for i in range(len(stored))),
        sum(t.end for t in timelines) / 2,
    )
    after = _check(whole)
    assert after != before, "the command must change the store for the test to mean anything"
    rng = random.Random(f"{SEED}-{label}")
    tally: Counter[str] = Counter()
    for i, delay in enumerate(_moments(timeline, rng)):
        run_dir = tmp_path / f"run{i}"
        run_dir.mkdir()
        shutil.copyfile(base, run_dir / STORE_FILE)
        child = subprocess.Popen(_cli(run_dir, *args), cwd=ROOT, env=_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        child.kill()  # SIGKILL on POSIX
        code = child.wait()
        wal = run_dir / f"{STORE_FILE}-wal"
        wal_bytes = wal.stat().st_size if wal.exists() else 0
        state = _check(run_dir)
        for source in before.keys() | after.keys():
            assert state.get(source) in {before.get(source), after.get(source)}, (
                f"{label} killed at {delay:.2f} s: {source} is neither before nor after"
            )
        assert set(state) <= before.keys() | after.keys()
        if code == 0:
            tally["completed before the kill"] += 1
        elif state == after:
            tally["killed after the commit: new snapshots"] += 1
        elif state == before:
            where = "in the write transaction" if wal_bytes else "before writing"
            tally[f"killed {where}: previous snapshots"] += 1
        else:
            tally["killed between two lists: each list whole"] += 1
        shutil.rmtree(run_dir)
    commits = ", ".join(f"{t:.2f}" for t in timeline.commits)
    print(f"\n{label}: {MOMENTS} kills (seed {SEED}); a whole run commits at {commits} s and "
          f"ends at {timeline.end:.2f} s: {dict(tally)}")  # fmt: skip
    return tally


@pytest.mark.slow
def test_kill_during_lists_load(base: Path, tmp_path: Path, lists_dir: Path) -> None:
    before = _check(base.parent)
    args = ("lists", "load", "--published", "2024-05-03", str(lists_dir / SDN_2024))
    tally = _kill_runs(base, tmp_path, args, before, "lists load", ("ofac-sdn #",))
    assert sum(tally.values()) == MOMENTS


@pytest.fixture(scope="module")
def server(lists_dir: Path) -> Iterator[str]:
    with serve(lists_dir) as url:
        yield url


@pytest.mark.slow
def test_kill_during_lists_update(base: Path, tmp_path: Path, server: str) -> None:
    before = _check(base.parent)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.ofac-sdn]\ntitle = "SDN"\nfiles = {{ "sdn.csv" = "{server}/ok/{SDN_2024}" }}\n'
        f'[sources.un-sc]\ntitle = "UN"\nfiles = {{ "consolidated.xml" = "{server}/ok/{UN}" }}\n'
    )
    args = ("lists", "update", "--sources", str(sources))
    tally = _kill_runs(base, tmp_path, args, before, "lists update", ("ok ofac-sdn", "ok un-sc"))
    assert sum(tally.values()) == MOMENTS
