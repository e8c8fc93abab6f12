"""Running records through a per-line function on every core, in order, in bounded memory.

How workers get the function depends on how they start. On Linux, while the process has
no other thread, they are forked and inherit it, index and all, for free. Elsewhere
(macOS and Windows, where forking is unsafe or absent) and on Linux once a thread runs
(a progress bar's refresh thread, a host application's), they are spawned (forkserver on
Linux) and rebuild it from a `WorkerRecipe`: a module-level builder and its picklable
arguments. So the pool is started before any progress bar, and `CASPIAN_START_METHOD`
(fork, forkserver, spawn) overrides the choice, for tests and odd hosts.

Each record becomes exactly one result: a function that raises on one record yields an
error object for it (an internal error, to report), and the batch goes on. At most a
few chunks are in flight, so a file of a million records is never held in memory.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from types import TracebackType
from typing import Any

import orjson

from caspian.jsonl_contract import Record, RecordFn, error_line

CHUNK = 128  # records per task, at most,
CHUNK_BYTES = 8 << 20  # and about this many bytes of them: long lines, smaller chunks
PARALLEL_MIN = 512  # records: fewer are screened in-process, not worth starting workers
IN_FLIGHT_PER_WORKER = 3
START_METHOD_ENV = "CASPIAN_START_METHOD"

_worker_fn: RecordFn | None = None
_worker_failure: str | None = None


def available_cpus() -> int:
    """CPUs this process may run on (its affinity where the platform says, else all)."""
    if sys.version_info >= (3, 13):
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux; macOS and Windows have none
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_workers() -> int:
    return max(1, available_cpus())


def plan_workers(requested: int, records: int | None) -> int:
    """Workers worth starting for a batch of (about) `records`; unknown: as requested."""
    if records is not None and records < PARALLEL_MIN:
        return 1
    return max(1, requested)


def start_method() -> str:
    """fork on Linux while no other thread runs; forkserver on Linux otherwise; spawn on
    macOS and Windows. `CASPIAN_START_METHOD` overrides."""
    forced = os.environ.get(START_METHOD_ENV, "").strip()
    if forced:
        known = multiprocessing.get_all_start_methods()
        if forced not in known:
            raise ValueError(f"{START_METHOD_ENV}={forced!r}: expected one of {', '.join(known)}")
        return forced
    if sys.platform.startswith("linux"):
        return "fork" if threading.active_count() == 1 else "forkserver"
    return "spawn"


@dataclass(frozen=True, slots=True)
class WorkerRecipe:
    """How to build the per-line function in a process that shares no memory with this
    one: `build` must be a module-level function (pickled by name), `kwargs` picklable."""

    build: Callable[..., RecordFn]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def make(self) -> RecordFn:
        return self.build(**self.kwargs)


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool and removes partial outputs.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_in_worker(recipe: WorkerRecipe) -> None:
    global _worker_fn, _worker_failure
    _ignore_interrupts()
    try:
        _worker_fn = recipe.make()
    except Exception as exc:  # raised from an initializer, the pool would restart it forever
        _worker_failure = f"{type(exc).__name__}: {exc}"
    gc.freeze()


def _run_chunk(chunk: list[Record]) -> list[bytes]:
    if _worker_fn is None:
        raise RuntimeError(f"a worker process could not build its function ({_worker_failure})")
    return run_records(_worker_fn, chunk)


def run_records(fn: RecordFn, chunk: list[Record]) -> list[bytes]:
    """Each record's result as JSON; one that fails becomes an error object naming it."""
    out = []
    for number, data in chunk:
        try:
            out.append(orjson.dumps(fn(number, data)))
        except Exception as exc:  # a bug, not bad input: say so, keep the batch going
            message = f"internal error ({type(exc).__name__}: {exc}); please report it"
            out.append(orjson.dumps(error_line(number, None, message[:1000])))
    return out


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    size = 0
    for record in records:
        chunk.append(record)
        size += len(record[1])
        if len(chunk) >= CHUNK or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class WorkerPool:
    """The per-line function in this process (one worker) or in `workers` processes.

    Enter it before starting any thread of your own (a progress bar): forked workers
    start on entry.
    """

    def __init__(self, recipe: WorkerRecipe, *, workers: int, method: str | None = None) -> None:
        self.recipe = recipe
        self.workers = max(1, workers)
        self.method = method if self.workers > 1 else None
        self._fn: RecordFn | None = None
        self._pool: Pool | None = None

    @property
    def fn(self) -> RecordFn:
        """The function in this process, built on first use."""
        if self._fn is None:
            self._fn = self.recipe.make()
        return self._fn

    @property
    def built_here(self) -> bool:
        """Whether this process holds the function (else each worker built its own)."""
        return self._fn is not None

    def __enter__(self) -> WorkerPool:
        method = (self.method or start_method()) if self.workers > 1 else None
        self.method = method
        if method in (None, "fork"):
            global _worker_fn
            _worker_fn = self.fn
            # The index is built and never freed while the batch runs: keep the cyclic GC
            # from walking it again and again (and, in forked workers, copying its pages).
            gc.freeze()
        if method is None:
            return self
        context = multiprocessing.get_context(method)
        if method == "fork":
            self._pool = context.Pool(self.workers, initializer=_ignore_interrupts)
        else:
            self._pool = context.Pool(
                self.workers, initializer=_build_in_worker, initargs=(self.recipe,)
            )
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None

    def map_ordered(self, records: Iterable[Record]) -> Iterator[tuple[Record, bytes]]:
        """Each record with its result (as JSON), in input order."""
        if self._pool is None:
            fn = self.fn
            for chunk in _chunks(records):
                yield from zip(chunk, run_records(fn, chunk), strict=True)
            return
        pending: deque[tuple[list[Record], Any]] = deque()
        window = self.workers * IN_FLIGHT_PER_WORKER
        for chunk in _chunks(records):
            pending.append((chunk, self._pool.apply_async(_run_chunk, (chunk,))))
            if len(pending) >= window:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)
