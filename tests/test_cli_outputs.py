"""Outputs never destroy inputs, and a run that fails part-way leaves nothing half-written.

Refused before anything is written (exit 2): an output that is an input by any path
(itself, relative, a symbolic or hard link, the CSV or HTML report written beside the
JSON lines), an existing file of a dataset folder, a folder, a name without .jsonl.
A run that fails while writing (a full disk) or is interrupted (Ctrl-C) removes its
`.partial` files and leaves the previous outputs as they were.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian import examples
from caspian.cli import main

ROOT = Path(__file__).resolve().parents[1]
SDN = "ofac/sdn_csv_2024-05-03/sdn.csv"
ORDER = {"id": "PO-1", "parties": [{"role": "buyer", "name": "Ghods Aviation Industry Co",
         "country": "AE"}], "items": [{"part_number": "STM32F405RGT6"}]}  # fmt: skip
QUERY = {"id": "q1", "schema": "Organization", "properties": {"name": ["Qods Aviation"]}}


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the store aside) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if not p.is_symlink() else b"-> link"
        for p in sorted(folder.rglob("*"))
        if (p.is_file() or p.is_symlink()) and "data" not in p.relative_to(folder).parts
    }


@pytest.fixture
def orders(tmp_path: Path) -> Path:
    path = tmp_path / "o.jsonl"
    path.write_bytes(orjson.dumps(ORDER) + b"\n")
    return path


def _refused(tmp_path: Path, args: list[str], *expected: str) -> None:
    before = _files(tmp_path)
    code, output = _run(tmp_path, *args)
    assert code == 2, output
    assert "nothing was written" in output
    for text in expected:
        assert text in output
    assert _files(tmp_path) == before  # the input intact, no output, no .partial


def test_screen_refuses_to_write_over_its_input(tmp_path: Path, orders: Path) -> None:
    _refused(
        tmp_path, ["screen", str(orders), "--output", str(orders)], "would overwrite the input"
    )


def test_the_same_input_by_another_path_is_refused(
    tmp_path: Path, orders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    _refused(tmp_path, ["screen", "../o.jsonl", "--output", "./../sub/../o.jsonl"])
    (tmp_path / "link.jsonl").symlink_to(orders)
    _refused(tmp_path, ["screen", str(orders), "--output", str(tmp_path / "link.jsonl")])
    os.link(orders, tmp_path / "hard.jsonl")
    _refused(tmp_path, ["screen", str(orders), "--output", str(tmp_path / "hard.jsonl")])
    # The input through a link: the real file is still the one output would replace.
    _refused(tmp_path, ["screen", str(tmp_path / "link.jsonl"), "--output", str(orders)])


def test_the_csv_and_report_beside_the_results_may_not_be_inputs(tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text("Order No.,Customer,Customer Country\nA-1,Ghods Aviation Industry Co,AE\n")
    # book.jsonl gets book.csv (the results table) and book.html beside it.
    _refused(tmp_path, ["screen", str(book), "--output", str(tmp_path / "book.jsonl")],
             "book.csv")  # fmt: skip
    policy = tmp_path / "results.html"
    policy.write_text("[policy]\n")
    _refused(tmp_path, ["screen", str(book), "--policy", str(policy),
                        "--output", str(tmp_path / "results.jsonl")], "results.html")  # fmt: skip
    # The partial name an output is written under may not be an input either.
    staged = tmp_path / "r.jsonl.partial"
    staged.write_bytes(book.read_bytes())
    _refused(tmp_path, ["screen", str(staged), "--output", str(tmp_path / "r.jsonl")],
             "r.jsonl.partial")  # fmt: skip


def test_output_names_must_say_json_lines(tmp_path: Path, orders: Path) -> None:
    for name in ("x.csv", "x.html", "x.json", "x"):
        _refused(tmp_path, ["screen", str(orders), "--output", str(tmp_path / name)],
                 "must end in .jsonl")  # fmt: skip
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(orjson.dumps(QUERY))
    _refused(tmp_path, ["match", "--input", str(queries), "--output", str(tmp_path / "r.csv")],
             "must end in .jsonl")  # fmt: skip


def test_match_refuses_to_write_over_its_queries_or_lists(tmp_path: Path, lists_dir: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(orjson.dumps(QUERY))
    _refused(tmp_path, ["match", "--input", str(queries), "--output", str(queries)])
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "sdn.csv").write_bytes((lists_dir / SDN).read_bytes())
    (lists / "old.jsonl").write_bytes(b"")
    _refused(tmp_path, ["match", "--dataset", str(lists), "--input", str(queries),
                        "--output", str(lists / "old.jsonl")], "a file of the input")  # fmt: skip
    _refused(tmp_path, ["match", "--dataset", str(lists / "sdn.csv"), "--input", str(queries),
                        "--output", str(lists / "sdn.csv")])  # fmt: skip


def test_a_folder_is_not_an_output(tmp_path: Path, orders: Path) -> None:
    (tmp_path / "r.csv").mkdir()  # click itself refuses a folder as --output
    _refused(tmp_path, ["screen", str(orders), "--output", str(tmp_path / "r.jsonl")],
             "r.csv is a folder")  # fmt: skip


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_mid_run_leaves_the_previous_outputs(tmp_path: Path, orders: Path) -> None:
    orders.write_bytes(b"".join(orjson.dumps({**ORDER, "id": f"PO-{i}"}) + b"\n"
                                for i in range(60)))  # fmt: skip
    out = tmp_path / "out"
    code, output = _run(tmp_path, "screen", str(orders), "--output", str(out / "r.jsonl"))
    assert code == 1, output
    previous = _files(out)
    assert set(previous) == {"r.jsonl", "r.csv", "r.html"}
    # The results' partial file is on a device that is always full.
    (out / "r.jsonl.partial").symlink_to("/dev/full")
    code, output = _run(tmp_path, "screen", str(orders), "--output", str(out / "r.jsonl"))
    assert code == 2, output
    assert "No space left on device" in output and "no output was written" in output
    assert _files(out) == previous  # no partial file left, the old outputs untouched
    # The same for `caspian match --input`.
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(b"".join(orjson.dumps({**QUERY, "id": f"q{i}"}) + b"\n"
                                 for i in range(100)))  # fmt: skip
    (out / "m.jsonl.partial").symlink_to("/dev/full")
    code, output = _run(tmp_path, "match", "--input", str(queries), "--output",
                        str(out / "m.jsonl"))  # fmt: skip
    assert code == 2 and "No space left on device" in output, output
    assert _files(out) == previous


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_mid_run_removes_the_partial_outputs(tmp_path: Path, workers: str) -> None:
    lines = examples.path("orders.jsonl").read_bytes().splitlines()
    book = tmp_path / "big.jsonl"
    with book.open("wb") as fh:
        for i in range(40_000):
            order = orjson.loads(lines[i % len(lines)])
            fh.write(orjson.dumps({**order, "id": f"PO-{i}"}) + b"\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "big.results.jsonl").write_bytes(b"previous results\n")
    child = subprocess.Popen(
        [sys.executable, "-m", "caspian.cli", "--data-dir", str(tmp_path / "data"), "screen",
         str(book), "--out-dir", str(out), "--workers", workers],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    partial = out / "big.results.jsonl.partial"
    deadline = time.monotonic() + 120
    while not (partial.exists() and partial.stat().st_size > 0) and child.poll() is None:
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.05)
    assert child.poll() is None, "the run ended before it could be interrupted"
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    output = (stdout + stderr).decode()
    assert child.returncode == 130, output
    assert "interrupted" in output and "Traceback" not in output
    assert sorted(p.name for p in out.iterdir()) == ["big.results.jsonl"]
    assert (out / "big.results.jsonl").read_bytes() == b"previous results\n"
