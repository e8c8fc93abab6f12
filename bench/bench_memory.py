"""Benchmark: peak memory of `caspian match` and `caspian screen` as unique names grow.

Every query (or order party) carries a name seen nowhere else: invented words, one in
ten in Cyrillic, with an ordinary word and a legal form, as a year of new customers
would. Three commands: `match` (JSON-lines queries), `screen` (JSON-lines orders, one
unique buyer each) and `book` (`caspian screen` on a CSV order book of the same orders,
one row each, with all three outputs). Caches keyed by what users send must stay
bounded, so the peak resident memory of one process should be flat: the aim is the
larger run within 20% of the smaller.
Each command runs in its own child process, and its peak is read from `wait4` (the
largest of the process and the workers it waited for). The baseline is the first
size, in the same run.

    .venv/bin/python bench/bench_memory.py [--sizes 50000 200000] [--commands match screen book]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261204
AIM = 1.20  # the larger run's peak over the smaller's

CONSONANTS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"
CYRILLIC = str.maketrans("abcdefghijklmnoprstuvz", "абцдефгхийклмнопрстувз")
WORDS = ["Trading", "Systems", "Marine", "Global", "Components", "Logistics", "Holding",
         "Engineering", "Electronics", "Group", "Precision", "Industries"]  # fmt: skip
FORMS = ["GmbH", "LLC", "Ltd", "SARL", "OOO", "Co. Ltd", "FZE", "AG", "Inc", "S.r.l.", "BV"]
COUNTRIES = ["de", "fr", "us", "gb", "jp", "it", "nl", "ae", "tr", "cn", "in", "kz", "sg"]


def _word(rng: random.Random) -> str:
    syllables = rng.randint(2, 4)
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))


def unique_names(count: int, seed: int = SEED) -> Iterator[str]:
    """`count` distinct invented firm names, deterministically."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < count:
        first, second = _word(rng), _word(rng)
        if rng.random() < 0.1:
            first, second = first.translate(CYRILLIC), second.translate(CYRILLIC)
        name = f"{first.title()} {second.title()} {rng.choice(WORDS)} {rng.choice(FORMS)}"
        if name not in seen:
            seen.add(name)
            yield name


def match_lines(names: Iterator[str]) -> Iterator[bytes]:
    for i, name in enumerate(names):
        query = {"id": f"q{i}", "schema": "Company", "properties": {"name": [name]}}
        yield orjson.dumps(query)


def screen_lines(names: Iterator[str]) -> Iterator[bytes]:
    """One order per name: a buyer seen nowhere else, a known seller, one item."""
    rng = random.Random(SEED)
    for i, name in enumerate(names):
        order: dict[str, Any] = {
            "id": f"PO-{i}",
            "parties": [{"role": "buyer", "name": name, "country": rng.choice(COUNTRIES)},
                        {"role": "seller", "name": "Nordic Precision Components GmbH",
                         "country": "de"}],
            "items": [{"description": "ceramic capacitor MLCC", "hs_code": "8532.24",
                       "quantity": rng.randint(1, 5000)}],
            "route": [{"place": "Rotterdam", "country": "nl"}],
        }  # fmt: skip
        yield orjson.dumps(order)


def book_rows(names: Iterator[str]) -> Iterator[list[str]]:
    """The same orders as an order book (CSV), one row per order: what a customer's ERP
    exports."""
    rng = random.Random(SEED)
    yield ["Order No.", "Customer", "Customer Country", "Seller", "Seller Country",
           "Item Description", "HS Code", "Qty", "Route"]  # fmt: skip
    for i, name in enumerate(names):
        yield [f"PO-{i}", name, rng.choice(COUNTRIES).upper(), "Nordic Precision Components GmbH",
               "DE", "ceramic capacitor MLCC", "8532.24", str(rng.randint(1, 5000)),
               "Rotterdam (NL)"]  # fmt: skip


def peak_of(cmd: list[str]) -> tuple[float, float, int]:
    """Run `cmd`; its peak resident memory in MB (with the children it waited for),
    wall seconds and exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace"))
        raise SystemExit(f"{cmd[5]} exited {proc.returncode}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start, proc.returncode


def run(command: str, size: int, lists: Path, workers: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        if command == "book":
            source = Path(tmp) / "book.csv"
            with source.open("w", newline="", encoding="utf-8") as text:
                csv.writer(text).writerows(book_rows(unique_names(size)))
        else:
            source = Path(tmp) / f"{command}.jsonl"
            lines = match_lines if command == "match" else screen_lines
            with source.open("wb") as fh:
                for line in lines(unique_names(size)):
                    fh.write(line + b"\n")
        out = Path(tmp) / "results.jsonl"
        name = "match" if command == "match" else "screen"
        cmd = [sys.executable, "-m", "caspian.cli", "--data-dir", tmp, name]
        if command == "match":
            cmd += ["--input", str(source), "--output", str(out)]
        else:
            cmd += [str(source), "--output", str(out)]
        # Every shared list, the publisher's cut CSL sample included (read as it is).
        cmd += ["--dataset", str(lists), "--allow-truncated", "--workers", str(workers)]
        peak, wall, _code = peak_of(cmd)
        results = out.read_bytes().count(b"\n")
        assert results == size, f"{results} result lines for {size} records"
    return peak, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "data" / "lists")
    parser.add_argument("--sizes", type=int, nargs=2, default=[50_000, 200_000])
    parser.add_argument("--commands", nargs="+", choices=["match", "screen", "book"],
                        default=["match", "screen", "book"])  # fmt: skip
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    small, large = sorted(args.sizes)
    print(f"peak resident memory of one process (MB), {args.workers} workers, unique names")
    print(f"{'command':<10}{small:>12,}{large:>12,}{'ratio':>8}  aim   (wall s)")
    worst = 0.0
    for command in args.commands:
        peak_small, wall_small = run(command, small, args.lists, args.workers)
        peak_large, wall_large = run(command, large, args.lists, args.workers)
        ratio = peak_large / peak_small
        worst = max(worst, ratio)
        print(f"{command:<10}{peak_small:>12,.0f}{peak_large:>12,.0f}{ratio:>8.2f}  "
              f"<= {AIM:.2f} ({wall_small:.0f}, {wall_large:.0f})")  # fmt: skip
    print(f"baseline: the {small:,}-name run of the same command, in this run")
    return 0 if worst <= AIM else 1


if __name__ == "__main__":
    sys.exit(main())
