"""A JSON-lines file through a per-line contract to a JSON-lines file (`caspian match
--input`), and the counts every batch keeps.

The output gets one line per non-blank input line, in input order; it is written under
a `.partial` name and renamed into place only when the whole file is done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from caspian.io.output_files import StagedFiles
from caspian.io.worker_pool import CHUNK, WorkerPool
from caspian.jsonl_contract import MAX_LINE_BYTES, numbered_lines


@dataclass(slots=True)
class BatchStats:
    lines: int = 0
    errors: int = 0
    matched: int = 0  # results of `caspian match` with a candidate marked as a match
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
        found = result.get("results")
        if isinstance(found, list) and any(isinstance(r, dict) and r.get("match") for r in found):
            self.matched += 1


def file_lines(fh: BinaryIO, max_bytes: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """The lines of a file, each without its newline. A longer line than `max_bytes` is
    cut to `max_bytes + 1` bytes (so the contract refuses it) and the rest of it is
    skipped, never held in memory."""
    while line := fh.readline(max_bytes + 1):
        if line.endswith(b"\n"):
            yield line[:-1]
            continue
        if len(line) > max_bytes:
            while (rest := fh.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass
        yield line


def count_lines(path: Path) -> int:
    """Lines of a file (for a progress bar's total), without holding it in memory."""
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def run_file(
    pool: WorkerPool,
    source: Path,
    target: Path,
    *,
    on_progress: Callable[[int], None],
    tally: str | None = None,
) -> BatchStats:
    """Apply the pool's function to every non-blank line of `source`, writing `target` in
    input order; count the values of the result field `tally` (e.g. decisions)."""
    stats = BatchStats()
    with StagedFiles([target]) as staged, source.open("rb") as fh:
        with staged.partials[0].open("wb") as out:
            for _record, blob in pool.map_ordered(numbered_lines(file_lines(fh))):
                out.write(blob + b"\n")
                stats.count(orjson.loads(blob), tally)
                if stats.lines % CHUNK == 0:
                    on_progress(stats.lines)
        staged.commit()
    on_progress(stats.lines)
    return stats
