"""`caspian demo` from a plain (non-editable) install, in a folder that is not the
repository: the wheel carries the example book, the snapshot and every table.

The wheel is built from a copy of the sources (so the build leaves nothing in the
checkout), installed with `pip install --target`, and run in a child process whose
`caspian` is the installed one, never the editable checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
RUN_DEMO = (
    "import sys, caspian, caspian.examples\n"
    "print('CASPIAN_FILE=' + caspian.__file__, flush=True)\n"
    "print('EXAMPLE_BOOK=' + str(caspian.examples.path()), flush=True)\n"
    "from caspian.cli import main\n"
    "main(prog_name='caspian')\n"
)


def _pip(*args: str | Path, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_demo_runs_from_an_installed_wheel_in_any_folder(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "caspian", source / "caspian",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    dist, site, work = tmp_path / "dist", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    _pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", dist, source, cwd=tmp_path)
    (wheel,) = dist.glob("caspian-*.whl")
    _pip("install", "--no-deps", "--no-compile", "--target", site, wheel, cwd=tmp_path)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CASPIAN_"))}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", RUN_DEMO, "--data-dir", str(tmp_path / "data"), "demo"],
        cwd=work, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    said = [line.split("=", 1) for line in done.stdout.splitlines()]
    lines = {k: v for k, *v in said if k in ("CASPIAN_FILE", "EXAMPLE_BOOK") for v in v}
    assert Path(lines["CASPIAN_FILE"]).is_relative_to(site), output  # the wheel's caspian
    assert Path(lines["EXAMPLE_BOOK"]).is_relative_to(site)
    assert not Path(lines["CASPIAN_FILE"]).is_relative_to(ROOT)

    out = work / "caspian-out"
    assert sorted(p.name for p in out.iterdir()) == [
        "order_book.report.html", "order_book.results.csv", "order_book.results.jsonl",
    ]  # fmt: skip
    results = [
        orjson.loads(x) for x in (out / "order_book.results.jsonl").read_bytes().splitlines()
    ]
    assert Counter(r["decision"] for r in results) == {"BLOCK": 9, "REVIEW": 37, "CLEAR": 314}
    assert "bundled snapshot" in output
    assert (out / "order_book.report.html").stat().st_size > 10_000
