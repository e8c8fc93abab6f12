"""Worker processes on every platform: how many, how they start, and that a spawned
worker (macOS, Windows, or Linux once a thread runs) answers exactly as a forked one.

The spawn and forkserver paths run here on Linux with a small index (a few entities of
the bundled snapshot), so CI exercises the path macOS and Windows take.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian import examples
from caspian.cli import main
from caspian.io import worker_pool
from caspian.io.worker_pool import WorkerPool, WorkerRecipe, available_cpus, start_method
from caspian.jsonl_contract import matching_function
from caspian.lists.bundled import bundled_list

NAMES = ["Ghods Aviation Industry Co", "ООО Алабуга Девелопмент", "Nordic Precision GmbH",
         "Kimia Part Sivan Co. Ltd", "Himark Electron Model Ltd.", "Port Olya-3"]  # fmt: skip


def _queries(count: int) -> list[tuple[int, bytes]]:
    return [
        (i + 1, orjson.dumps({"id": f"q{i}", "properties": {"name": [NAMES[i % len(NAMES)]]}}))
        for i in range(count)
    ] + [(count + 1, b"{not json")]


@pytest.fixture(scope="module")
def recipe() -> WorkerRecipe:
    entities = bundled_list().entities[:12]
    kwargs = {"entities": entities, "limit": 3, "threshold": None, "lists": ["bundled@test"]}
    return WorkerRecipe(matching_function, kwargs)


def _answers(recipe: WorkerRecipe, workers: int, method: str | None) -> list[bytes]:
    with WorkerPool(recipe, workers=workers, method=method) as pool:
        done = list(pool.map_ordered(_queries(700)))
        assert pool.method == method and pool.built_here == (method in (None, "fork"))
    assert [record for record, _ in done] == _queries(700)  # in order, none lost
    return [blob for _, blob in done]


@pytest.mark.parametrize("method", ["spawn", "forkserver", "fork"])
def test_each_start_method_answers_as_one_process_does(recipe: WorkerRecipe, method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available on {sys.platform}")
    here = _answers(recipe, 1, None)
    assert _answers(recipe, 2, method) == here
    found = [orjson.loads(b) for b in here]
    assert found[0]["results"][0]["match"] and found[-1]["line"] == 701


def test_a_function_that_fails_on_one_record_costs_that_record_only() -> None:
    recipe = WorkerRecipe(_fails_on_three)
    with WorkerPool(recipe, workers=1) as pool:
        out = [
            orjson.loads(blob) for _, blob in pool.map_ordered([(1, b"a"), (3, b"b"), (4, b"c")])
        ]
    assert out[0] == {"ok": 1} and out[2] == {"ok": 4}
    assert out[1]["line"] == 3 and "internal error (ZeroDivisionError" in out[1]["error"]


def _fails_on_three() -> worker_pool.RecordFn:
    return lambda number, _line: {"ok": number} if number != 3 else {"ok": 1 // 0}


def test_cpu_count_without_affinity_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.version_info >= (3, 13):
        assert available_cpus() == os.process_cpu_count()
        return
    if hasattr(os, "sched_getaffinity"):
        assert available_cpus() == len(os.sched_getaffinity(0))
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)  # as on macOS and Windows
    assert available_cpus() == os.cpu_count()


@pytest.fixture
def running_thread() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_fork_only_on_linux_while_no_other_thread_runs(
    monkeypatch: pytest.MonkeyPatch, running_thread: None
) -> None:
    monkeypatch.delenv(worker_pool.START_METHOD_ENV, raising=False)
    if sys.platform.startswith("linux"):
        assert start_method() == "forkserver"  # the fixture's thread is running
    monkeypatch.setattr(sys, "platform", "darwin")
    assert start_method() == "spawn"
    monkeypatch.setattr(sys, "platform", "win32")
    assert start_method() == "spawn"
    monkeypatch.setenv(worker_pool.START_METHOD_ENV, "nonsense")
    with pytest.raises(ValueError, match="CASPIAN_START_METHOD"):
        start_method()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is Linux's")
def test_fork_on_linux_with_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(worker_pool.START_METHOD_ENV, raising=False)
    assert threading.active_count() == 1
    assert start_method() == "fork"


def test_screen_and_match_through_spawned_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole command with spawned workers gives the bytes forked workers give."""
    lines = examples.path("orders.jsonl").read_bytes().splitlines()
    book = tmp_path / "orders.jsonl"
    book.write_bytes(b"\n".join(lines * 90) + b"\n")  # 630 orders: enough for workers
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(b"\n".join(line for _, line in _queries(600)) + b"\n")
    runs = {}
    for method in ("fork", "spawn"):
        monkeypatch.setenv(worker_pool.START_METHOD_ENV, method)
        for command, source in (("screen", book), ("match", queries)):
            out = tmp_path / f"{command}-{method}.jsonl"
            flag = [] if command == "screen" else ["--input"]
            result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), command,
                                               *flag, str(source), "--output", str(out),
                                               "--workers", "2"])  # fmt: skip
            assert result.exit_code in (0, 1), result.output
            runs[command, method] = out.read_bytes()
        assert f"2 worker processes ({method})" in result.output or method == "fork"
    for command in ("screen", "match"):
        assert runs[command, "spawn"] == runs[command, "fork"]
    assert runs["screen", "fork"].count(b"\n") == 630 and runs["match", "fork"].count(b"\n") == 601


def test_a_spawned_worker_that_cannot_build_says_so_instead_of_hanging() -> None:
    recipe = WorkerRecipe(matching_function, {"entities": "not entities", "limit": 3,
                                              "threshold": None, "lists": []})  # fmt: skip
    with (
        pytest.raises(RuntimeError, match="could not build its function"),
        WorkerPool(recipe, workers=2, method="spawn") as pool,
    ):
        list(pool.map_ordered(_queries(10)))
