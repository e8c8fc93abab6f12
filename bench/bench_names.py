"""Benchmark: analyse every name of the shared list files (caspian.names.analyze).

Prints microseconds per name, ASCII names and non-Latin (non-ASCII) names apart, each
from cold caches (every word analysed for the first time in the run, as when the matcher
builds its index), best of --repeat runs; with the cyclic GC on, and paused as bulk builds
do (caspian.bulk.gc_paused). The baseline is `str.casefold().split()` on the same names in
the same process: the floor of any tokenisation.

    .venv/bin/python bench/bench_names.py [--lists ../shared/data/lists] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from caspian.bulk import gc_paused
from caspian.lists.detect import read_paths
from caspian.names import analyze
from caspian.names.analyze import clear_caches, lexicon

ROOT = Path(__file__).resolve().parents[1]


def list_names(paths: Sequence[Path]) -> list[str]:
    names = {
        name
        for data in read_paths(paths).lists
        for entity in data.entities
        for _prop, name in entity.names()
    }
    return sorted(names)


def per_name_us(run: Callable[[], None], count: int, repeat: int, *, paused: bool) -> float:
    best = float("inf")
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        start = time.perf_counter()
        if paused:
            with gc_paused():
                run()
        else:
            run()
        best = min(best, time.perf_counter() - start)
    return best / count * 1e6


def analyse_all(names: list[str]) -> Callable[[], None]:
    def run() -> None:
        for name in names:
            analyze(name)

    return run


def baseline(names: list[str]) -> Callable[[], None]:
    def run() -> None:
        for name in names:
            name.casefold().split()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "data" / "lists")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    names = list_names([args.lists])
    ascii_names = [n for n in names if n.isascii()]
    other_names = [n for n in names if not n.isascii()]
    print(f"{len(names):,} distinct names: {len(ascii_names):,} ASCII, {len(other_names):,} not")

    start = time.perf_counter()
    lexicon()
    print(f"tables loaded in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    lexicon(cjk=True)
    print(f"CJK tables (with pypinyin) loaded in {time.perf_counter() - start:.2f} s")
    floor = per_name_us(baseline(ascii_names), len(ascii_names), args.repeat, paused=False)
    print(f"baseline casefold().split(): {floor:.2f} µs/name")

    for label, group in (("ASCII", ascii_names), ("non-Latin", other_names)):
        for paused in (False, True):
            us = per_name_us(analyse_all(group), len(group), args.repeat, paused=paused)
            gc_label = "GC paused" if paused else "GC on    "
            print(f"{label:>9} names, {gc_label}: {us:6.2f} µs/name ({us / floor:5.0f}x baseline)")

    analyse_all(names)()
    start = time.perf_counter()
    analyse_all(names)()
    cached = (time.perf_counter() - start) / len(names) * 1e6
    print(f"cached (second analysis of a name): {cached:.2f} µs/name")


if __name__ == "__main__":
    main()
