"""Benchmark: parse every shared list file, store it, and load the store back for screening.

Prints seconds and ratios against baselines measured in the same process:
- parse: against reading the same files' bytes and running only the syntax parsers
  (lxml for XML, csv for CSV, orjson for JSON lines) — the floor any reader pays;
- load back: against fetching the same rows from SQLite without decoding them.
Peak memory is the process's maximum resident set size.

    .venv/bin/python bench/bench_lists.py [--lists ../shared/data/lists]
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import orjson
from lxml import etree

from caspian.lists import word_store
from caspian.lists.detect import read_paths
from caspian.lists.store import Store

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int = 1) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def syntax_only(files: list[Path]) -> int:
    """The floor: bytes read and parsed by the generic parsers, nothing mapped."""
    count = 0
    for path in files:
        raw = path.read_bytes()
        if path.suffix == ".xml":
            count += len(etree.fromstring(raw))
        elif path.suffix == ".json":
            count += sum(1 for line in raw.splitlines() if line.strip() and orjson.loads(line))
        else:
            text = raw.decode("utf-8", errors="replace")
            dialect = "excel-tab" if path.suffix == ".txt" else "excel"
            count += sum(1 for _ in csv.reader(io.StringIO(text), dialect=dialect))
    return count


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "data" / "lists")
    args = parser.parse_args()
    files = sorted(p for p in args.lists.rglob("*") if p.is_file() and p.suffix != ".md")

    t_floor, rows = timed(lambda: syntax_only(files), repeat=2)
    t_parse, result = timed(lambda: read_paths([args.lists], allow_truncated=True), repeat=2)
    entities = sum(len(d.entities) for d in result.lists)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        start = time.perf_counter()
        for data in result.lists:
            store.add(data, origin="bench")
        t_store = time.perf_counter() - start
        active_ids = [v.snapshot_id for v in store.active()]
        marks = ",".join("?" * len(active_ids))

        def raw_rows() -> int:
            sql = f"SELECT data FROM entities WHERE snapshot_id IN ({marks})"
            return len(store.db.execute(sql, active_ids).fetchall())

        t_rows, n_rows = timed(raw_rows, repeat=3)
        t_load, active = timed(store.active_entities, repeat=3)
        # What `lists load` and `lists update` add after storing: the word table of the
        # active lists, counted once (the next use reads it back).
        start = time.perf_counter()
        words = word_store.refresh(store)
        t_words = time.perf_counter() - start
        t_words_back, _ = timed(lambda: word_store.refresh(store), repeat=3)
        store.close()

    print(
        f"files: {len(files)} in {args.lists}; lists: {len(result.lists)}; "
        f"entities parsed: {entities:,}; active after load: {len(active):,} ({n_rows:,} rows)"
    )
    print(f"{'step':<34}{'seconds':>9}{'baseline':>10}{'ratio':>8}  target")
    print(
        f"{'parse all files (caspian readers)':<34}{t_parse:>9.2f}{t_floor:>10.2f}"
        f"{t_parse / t_floor:>8.1f}  (baseline: syntax-only parse, {rows:,} rows)"
    )
    print(f"{'store all snapshots (SQLite)':<34}{t_store:>9.2f}{'':>10}{'':>8}")
    print(
        f"{'count the word table':<34}{t_words:>9.2f}{t_words_back:>10.2f}"
        f"{t_words / t_words_back:>8.1f}  ({words.names:,} names; baseline: read it back)"
    )
    total = t_parse + t_store + t_words
    print(
        f"{'parse + store + word table':<34}{total:>9.2f}{'':>10}{'':>8}  < 10 s: "
        f"{'yes' if total < 10 else 'NO'}"
    )
    print(
        f"{'load active entities back':<34}{t_load:>9.2f}{t_rows:>10.2f}"
        f"{t_load / t_rows:>8.1f}  < 1 s: {'yes' if t_load < 1 else 'NO'} "
        "(baseline: fetch rows, no decoding)"
    )
    print(f"peak resident memory: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
