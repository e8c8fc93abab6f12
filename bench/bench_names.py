"""Benchmark: analyse every name of the shared list files (caspian.names.analyze).

Prints microseconds per name, ASCII names and non-Latin (non-ASCII) names apart, each
from cold caches (every word analysed for the first time in the run, as when the matcher
builds its index), best of --repeat runs; with the cyclic GC on, and paused as bulk builds
do (caspian.bulk.gc_paused). The baseline is `str.casefold().split()` on the same names in
the same process: the floor of any tokenisation.

    .venv/bin/python bench/bench_names.py [--lists ../shared/data/lists] [--repeat 3]
    .venv/bin/python bench/bench_names.py --huge   # names of 10,000 characters, each alone

With --huge: seconds to analyse each of a few huge names (a party name pasted with a
whole document, a line of one repeated word), cold, against the same baseline on the
same name. The aim: under 2 s each.
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
        for data in read_paths(paths, allow_truncated=True).lists
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


HUGE_NAMES = {
    "Latin words x 420": "Abdul Rahman al-Tikriti " * 420,
    "one 10,000-letter word": "x" * 10_000,
    "Arabic word x 2000": "محمد " * 2000,
    "Cyrillic, hyphens x 1250": "Алабуга-" * 1250,
    "Chinese, 10,200 characters": "中国航空工业" * 1700,
    "a. x 5000": "a." * 5000,
}


def huge_names(repeat: int) -> None:
    lexicon()
    lexicon(cjk=True)  # tables loaded first: a name's own cost, from cold name caches
    print(f"{'huge name':<28}{'chars':>8}{'analyze s':>11}{'baseline s':>12}{'ratio':>9}  aim")
    for label, name in HUGE_NAMES.items():
        seconds = per_name_us(analyse_all([name]), 1, repeat, paused=False) / 1e6
        floor = per_name_us(baseline([name]), 1, repeat, paused=False) / 1e6
        ratio = seconds / floor
        print(f"{label:<28}{len(name):>8,}{seconds:>11.3f}{floor:>12.6f}{ratio:>9,.0f}  < 2 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "data" / "lists")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--huge", action="store_true", help="Time huge names instead.")
    args = parser.parse_args()
    if args.huge:
        huge_names(args.repeat)
        return

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
