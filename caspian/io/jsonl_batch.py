"""Running a JSON-lines file through a per-line function on every core, order kept.

Each input line becomes exactly one output line: a result, or an error naming the
line. The worker processes are forked after the index is built, so they share it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import orjson

# One line in, one JSON object out (never raises: errors become objects).
LineFn = Callable[[int, bytes], dict[str, Any]]

CHUNK_LINES = 256
PARALLEL_MIN_LINES = 512

_worker_fn: LineFn | None = None


@dataclass(slots=True)
class BatchStats:
    lines: int = 0
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)
    tally: Counter[str] = field(default_factory=Counter)  # values of the tallied field


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, len(os.sched_getaffinity(0))))


def _numbered(fh: BinaryIO) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(fh, start=1):
        if line.strip():
            yield number, line


def _chunks(lines: Iterable[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    it = iter(lines)
    while chunk := list(islice(it, CHUNK_LINES)):
        yield chunk


# (the line's error, if any; the value of the tallied field; the JSON to write)
Output = tuple[str | None, str | None, bytes]
_tally_field: str | None = None


def _run_chunk(chunk: list[tuple[int, bytes]]) -> list[Output]:
    assert _worker_fn is not None
    out = []
    for number, line in chunk:
        obj = _worker_fn(number, line)
        error = obj.get("error")
        tally = obj.get(_tally_field) if _tally_field else None
        out.append((str(error) if error else None, str(tally) if tally else None,
                    orjson.dumps(obj)))  # fmt: skip
    return out


def _run(fn: LineFn, chunks: Iterator[list[tuple[int, bytes]]], workers: int) -> Iterator[Output]:
    global _worker_fn
    _worker_fn = fn
    # The index is built and never freed while the batch runs: keep the cyclic GC from
    # walking it again and again (and, in forked workers, from copying every page).
    gc.freeze()
    if workers <= 1:
        for chunk in chunks:
            yield from _run_chunk(chunk)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for out in pool.imap(_run_chunk, chunks, chunksize=1):
            yield from out


def run_file(
    fn: LineFn,
    source: Path,
    target: Path,
    *,
    workers: int,
    on_progress: Callable[[int], None],
    tally: str | None = None,
) -> BatchStats:
    """Apply `fn` to every non-blank line of `source`, writing `target` in input order;
    count the values of the result field `tally` (e.g. decisions)."""
    global _tally_field
    _tally_field = tally
    stats = BatchStats()
    with source.open("rb") as fh:
        head = list(islice(_numbered(fh), PARALLEL_MIN_LINES))
        rest = _numbered(fh)
        small = len(head) < PARALLEL_MIN_LINES
        lines = iter(head) if small else _chain(head, rest)
        tmp = target.with_name(target.name + ".partial")
        with tmp.open("wb") as out:
            for error, value, blob in _run(fn, _chunks(lines), 1 if small else workers):
                out.write(blob + b"\n")
                stats.lines += 1
                if value:
                    stats.tally[value] += 1
                if error:
                    stats.errors += 1
                    if len(stats.error_examples) < 5:
                        stats.error_examples.append(error)
                if stats.lines % CHUNK_LINES == 0:
                    on_progress(stats.lines)
        tmp.replace(target)
    on_progress(stats.lines)
    return stats


def _chain(
    head: list[tuple[int, bytes]], rest: Iterator[tuple[int, bytes]]
) -> Iterator[tuple[int, bytes]]:
    yield from head
    yield from rest
