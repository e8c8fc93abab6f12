"""Running records (JSON lines, orders read from a table) through a function on every
core, in order, in bounded memory.

Each record becomes exactly one result: the function never raises, errors become
objects naming the record. Worker processes are forked after the index is built, so
they share it; at most a few chunks are in flight, so a file of a million records is
never held in memory.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO

import orjson

# One record in (its number, its JSON), one JSON object out.
RecordFn = Callable[[int, bytes], dict[str, Any]]
Record = tuple[int, bytes]

CHUNK = 128
UTF8_BOM = b"\xef\xbb\xbf"
PARALLEL_MIN = 512
IN_FLIGHT_PER_WORKER = 3

_worker_fn: RecordFn | None = None


@dataclass(slots=True)
class BatchStats:
    lines: int = 0
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)
    tally: Counter[str] = field(default_factory=Counter)  # values of the tallied field

    def count(self, result: dict[str, Any], tally: str | None) -> None:
        self.lines += 1
        error = result.get("error")
        if error:
            self.errors += 1
            if len(self.error_examples) < 5:
                self.error_examples.append(str(error))
        if tally and result.get(tally):
            self.tally[str(result[tally])] += 1


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, len(os.sched_getaffinity(0))))


def numbered_lines(fh: BinaryIO) -> Iterator[Record]:
    """The non-blank lines of a JSON-lines file, numbered, a UTF-8 byte order mark dropped."""
    for number, line in enumerate(fh, start=1):
        if number == 1:
            line = line.removeprefix(UTF8_BOM)
        if line.strip():
            yield number, line


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _run_chunk(chunk: list[Record]) -> list[bytes]:
    assert _worker_fn is not None
    return [orjson.dumps(_worker_fn(number, data)) for number, data in chunk]


def map_ordered(
    fn: RecordFn, records: Iterable[Record], *, workers: int
) -> Iterator[tuple[Record, bytes]]:
    """Each record with its result (as JSON), in input order."""
    global _worker_fn
    _worker_fn = fn
    # The index is built and never freed while the batch runs: keep the cyclic GC from
    # walking it again and again (and, in forked workers, from copying every page).
    gc.freeze()
    it = iter(records)
    head = list(islice(it, PARALLEL_MIN))
    chunks = _chunks(chain(head, it))
    if workers <= 1 or len(head) < PARALLEL_MIN:
        for chunk in chunks:
            yield from zip(chunk, _run_chunk(chunk), strict=True)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending: deque[tuple[list[Record], Any]] = deque()
        window = workers * IN_FLIGHT_PER_WORKER
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(_run_chunk, (chunk,))))
            if len(pending) >= window:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)


def run_file(
    fn: RecordFn,
    source: Path,
    target: Path,
    *,
    workers: int,
    on_progress: Callable[[int], None],
    tally: str | None = None,
) -> BatchStats:
    """Apply `fn` to every non-blank line of `source`, writing `target` in input order;
    count the values of the result field `tally` (e.g. decisions)."""
    stats = BatchStats()
    tmp = target.with_name(target.name + ".partial")
    with source.open("rb") as fh, tmp.open("wb") as out:
        for _record, blob in map_ordered(fn, numbered_lines(fh), workers=workers):
            out.write(blob + b"\n")
            stats.count(orjson.loads(blob), tally)
            if stats.lines % CHUNK == 0:
                on_progress(stats.lines)
    tmp.replace(target)
    on_progress(stats.lines)
    return stats
