"""Every failure of every command is exit 2; 1 stays the answer "orders to review".

For each command: an error Caspian foresees (bad arguments, a missing file, a damaged
store) ends in one line and exit 2; an error nobody foresaw (an internal function made to
raise) also ends in exit 2, with one line naming a log file under the data directory
that holds the traceback; Ctrl-C is 130. Then the same through real child processes:
the console entry point, a closed pipe, a data directory that cannot hold logs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from caspian import crash_log
from caspian.lists.store import STORE_FILE
from tests.store_cases import (
    DPL,
    LISTED,
    ORDERS,
    ROOT,
    build_store,
    cli,
    cli_command,
    copy_store,
)

Args = Callable[[Path, Path], list[str]]  # (work folder, lists folder) -> arguments


@dataclass(frozen=True)
class Case:
    name: str
    args: Args  # a run that reaches `target`
    target: str  # "module:attribute" called on the way, made to raise
    error: Args  # a run that fails in a way Caspian foresees
    says: str  # ...and what its message says


def _bad_sources(work: Path) -> str:
    path = work / "sources.toml"
    path.write_text("[sources.x]\nfiles = 3\n")
    return str(path)


def _under_a_file(work: Path) -> str:
    (work / "a-file").write_text("")
    return str(work / "a-file" / "data")


def _not_a_list(work: Path) -> str:
    path = work / "orders.csv"
    path.write_text("order,customer\n1,ACME\n")
    return str(path)


# fmt: off
CASES = (
    Case("lists status", lambda w, ls: ["lists", "status"], "caspian.cli:_status_rows",
         lambda w, ls: ["--data-dir", _under_a_file(w), "lists", "status"], "Not a directory"),
    Case("lists load", lambda w, ls: ["lists", "load", str(ls / DPL)], "caspian.cli:read_paths",
         lambda w, ls: ["lists", "load", _not_a_list(w)], "nothing was loaded"),
    Case("lists diff", lambda w, ls: ["lists", "diff", "bis-dpl", "un-sc"],
         "caspian.cli:diff_entities",
         lambda w, ls: ["lists", "diff", "bis-dpl", "nosuch"], "no snapshot matches 'nosuch'"),
    Case("lists update", lambda w, ls: ["lists", "update"], "caspian.lists.download:update",
         lambda w, ls: ["lists", "update", "--only", "nosuch"], "unknown list(s) nosuch"),
    Case("lists sources", lambda w, ls: ["lists", "sources"], "caspian.lists.download:load_sources",
         lambda w, ls: ["lists", "sources", "--sources", _bad_sources(w)], "sources.toml"),
    Case("lists prune", lambda w, ls: ["lists", "prune", "--keep", "1"],
         "caspian.lists.store:Store.prune",
         lambda w, ls: ["lists", "prune", "--keep", "-1"], "--keep"),
    Case("export", lambda w, ls: ["export"], "caspian.cli:write_entities",
         lambda w, ls: ["export", "--format", "xml"], "'xml' is not one of"),
    Case("match", lambda w, ls: ["match", LISTED], "caspian.cli:_print_matches",
         lambda w, ls: ["match"], "give either NAME or --input"),
    Case("match --input", lambda w, ls: ["match", "--input", ORDERS, "--output",
                                         str(w / "r.jsonl")], "caspian.cli:run_file",
         lambda w, ls: ["match", "--input", ORDERS], "--input needs --output"),
    Case("screen", lambda w, ls: ["screen", ORDERS, "--out-dir", str(w)], "caspian.cli:open_book",
         lambda w, ls: ["screen", ORDERS, "--output", str(w / "r.txt")], "must end in .jsonl"),
    Case("demo", lambda w, ls: ["demo", "--out-dir", str(w)], "caspian.cli:_summary",
         lambda w, ls: ["demo", "--book", str(w / "none.csv")], "order book not found"),
)
# fmt: on


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Path:
    data_dir = tmp_path_factory.mktemp("pristine") / "data"
    build_store(data_dir, lists_dir)
    return data_dir


@pytest.fixture()
def data_dir(pristine: Path, tmp_path: Path) -> Path:
    copy_store(pristine, tmp_path / "data")
    return tmp_path / "data"


def _patch(monkeypatch: pytest.MonkeyPatch, target: str, error: BaseException) -> None:
    module, _, attribute = target.partition(":")
    owner, _, name = attribute.rpartition(".")

    def raising(*args: object, **kwargs: object) -> None:
        raise error

    where: object = __import__(module, fromlist=["_"])
    if owner:
        where = getattr(where, owner)
    monkeypatch.setattr(where, name, raising)


def _logs(data_dir: Path) -> list[Path]:
    return sorted((data_dir / crash_log.LOG_FOLDER).glob(crash_log.LOG_PATTERN))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_foreseen_error_is_exit_2_in_one_line(
    case: Case, data_dir: Path, tmp_path: Path, lists_dir: Path
) -> None:
    result = cli(data_dir, *case.error(tmp_path, lists_dir))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert case.says in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.output
    assert not _logs(data_dir)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_unexpected_error_is_exit_2_with_its_traceback_logged(
    case: Case, data_dir: Path, tmp_path: Path, lists_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _patch(monkeypatch, case.target, LookupError(f"boom in {case.name}\nsecond line"))
    result = cli(data_dir, *case.args(tmp_path, lists_dir))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    (log,) = _logs(data_dir)
    last = result.stderr.strip().splitlines()[-1]
    assert f"error: unexpected LookupError: boom in {case.name} second line" in last
    assert f"the traceback is in {log}" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and f"boom in {case.name}" in text
    assert "caspian " in text and "sqlite " in text  # the versions, for a bug report


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_ctrl_c_is_130(
    case: Case, data_dir: Path, tmp_path: Path, lists_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _patch(monkeypatch, case.target, KeyboardInterrupt())
    result = cli(data_dir, *case.args(tmp_path, lists_dir))
    assert result.exit_code == 130, result.output
    assert not _logs(data_dir)


def test_a_click_error_is_never_exit_1(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _patch(monkeypatch, "caspian.cli:_status_rows", click.FileError("x.toml", "unreadable"))
    result = cli(data_dir, "lists", "status")
    assert result.exit_code == 2
    assert "x.toml" in result.stderr


def test_crash_logs_are_bounded(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crash_log, "LOG_LIMITS", crash_log.LogLimits(keep_files=3, max_chars=2000))
    _patch(monkeypatch, "caspian.cli:_status_rows", ValueError("x" * 10_000))
    for _ in range(5):
        assert cli(data_dir, "lists", "status").exit_code == 2
    logs = _logs(data_dir)
    assert len(logs) == 3
    assert all(len(log.read_text()) < 2200 and "characters cut" in log.read_text() for log in logs)


# -- real processes -------------------------------------------------------------------

RAISE_IN = """
import sys
import caspian.cli as cli
def boom(*args, **kwargs):
    raise {error}
cli.{target} = boom
sys.argv = ["caspian", *sys.argv[1:]]
cli.main()
"""


def _child(data_dir: Path, error: str, target: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = RAISE_IN.format(error=error, target=target)
    command = [sys.executable, "-c", code, "--data-dir", str(data_dir), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False,
                          cwd=ROOT)  # fmt: skip


def test_a_real_process_exits_2_on_a_crash_and_130_on_ctrl_c(data_dir: Path) -> None:
    crashed = _child(data_dir, "MemoryError('no room')", "_status_rows", "lists", "status")
    assert crashed.returncode == 2, crashed.stderr
    assert "unexpected MemoryError: no room" in crashed.stderr
    assert "Traceback" not in crashed.stderr
    (log,) = _logs(data_dir)
    assert "command: caspian --data-dir" in log.read_text()
    interrupted = _child(data_dir, "KeyboardInterrupt", "_status_rows", "lists", "status")
    assert interrupted.returncode == 130, interrupted.stderr
    assert "Traceback" not in interrupted.stderr and "Aborted" not in interrupted.stderr


def test_without_a_writable_data_directory_the_traceback_goes_to_stderr(tmp_path: Path) -> None:
    crashed = _child(
        Path(_under_a_file(tmp_path)), "RuntimeError('boom')", "_load_sources", "lists", "sources"
    )
    assert crashed.returncode == 2
    first, *rest = crashed.stderr.splitlines()
    assert "unexpected RuntimeError: boom" in first and "cannot be written" in first
    assert "Traceback (most recent call last)" in "\n".join(rest)


def test_a_closed_pipe_is_exit_2_without_a_traceback(data_dir: Path) -> None:
    export = subprocess.Popen(cli_command(data_dir, "export"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=ROOT)  # fmt: skip
    assert export.stdout is not None
    export.stdout.read(100)
    export.stdout.close()  # as `caspian export | head -c 100` does
    _, stderr = export.communicate(timeout=120)
    assert export.returncode == 2, stderr
    assert b"output was closed" in stderr and b"Traceback" not in stderr
    assert b"Exception ignored" not in stderr


def test_a_damaged_store_through_the_console_script(data_dir: Path) -> None:
    (data_dir / STORE_FILE).write_bytes(b"")
    script = Path(sys.executable).with_name("caspian")
    if not script.exists():
        pytest.skip("no console script beside this interpreter")
    env = {**os.environ, "CASPIAN_DATA_DIR": str(data_dir)}
    command = [str(script), "screen", ORDERS, "--out-dir", str(data_dir / "out")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env,
                          check=False)  # fmt: skip
    assert done.returncode == 2
    assert "is damaged (the file is empty: 0 bytes)" in " ".join(done.stderr.split())
