"""Screening a whole order book: a file in, three outputs out, on every core.

The input is a spreadsheet (CSV, Excel) or JSON lines; orders stream from it, are
screened in worker processes, and stream into the JSON-lines results, the flat CSV and
the HTML report, in input order and in bounded memory. All three are written under
`.partial` names and renamed into place together at the end: a run that fails or is
interrupted leaves no half-written output (and any previous outputs as they were).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from caspian.io.jsonl_runner import BatchStats, count_lines, file_lines
from caspian.io.order_tables import TableError, TableInfo, open_orders
from caspian.io.output_files import StagedFiles
from caspian.io.report import ReportWriter
from caspian.io.results_csv import ResultsCsvWriter
from caspian.io.worker_pool import WorkerPool
from caspian.jsonl_contract import Record, numbered_lines, parse_line

Progress = Callable[[int], None]


@dataclass(slots=True)
class Outputs:
    jsonl: Path
    csv: Path
    report: Path

    @classmethod
    def beside(cls, jsonl: Path) -> Outputs:
        """`book.results.jsonl` -> `book.results.csv`, `book.report.html`;
        `out.jsonl` -> `out.csv`, `out.html`."""
        base = jsonl.name.removesuffix(".jsonl")
        if base.endswith(".results"):
            stem = base.removesuffix(".results")
            return cls(
                jsonl, jsonl.with_name(f"{base}.csv"), jsonl.with_name(f"{stem}.report.html")
            )
        return cls(jsonl, jsonl.with_name(f"{base}.csv"), jsonl.with_name(f"{base}.html"))


@dataclass(slots=True)
class BookRun:
    info: TableInfo
    stats: BatchStats = field(default_factory=BatchStats)
    seconds: float = 0.0
    total_rows: int | None = None  # for a progress bar, when cheap to know
    notes_shown: list[str] = field(default_factory=list)  # notes printed before screening

    @property
    def skipped_rows(self) -> int:
        """Rows the table reader could not use (blank, or nothing to screen)."""
        return self.info.skipped


JSONL_SUFFIXES = (".jsonl", ".ndjson")


def open_book(
    path: Path, *, mapping: Path | None = None, sheet: str | None = None
) -> tuple[BookRun, Iterator[Record]]:
    """What the file holds (before screening starts) and its orders as records.

    A file named .jsonl (or .ndjson) is JSON lines whatever its first bytes: each line is
    judged alone, so a broken line (a NUL, a byte that is not UTF-8) costs that line
    only, never the file. Other files are told apart by their content.
    """
    if path.suffix.lower() in JSONL_SUFFIXES:
        info = TableInfo(path, "jsonl", encoding="utf-8")
        if mapping or sheet:
            info.notes.append("JSON lines are read as they are: mapping and sheet not used")
        return _jsonl_run(info)
    info, orders = open_orders(path, mapping=mapping, sheet=sheet)
    if info.format == "jsonl":
        return _jsonl_run(info)
    run = BookRun(info)
    if info.format == "csv":
        run.total_rows = count_lines(path)
    return run, ((row, orjson.dumps(order)) for row, order in orders)


def _jsonl_run(info: TableInfo) -> tuple[BookRun, Iterator[Record]]:
    run = BookRun(info, total_rows=count_lines(info.path))
    fh = info.path.open("rb")
    records = numbered_lines(file_lines(fh))
    first = next(records, None)
    if first is None:
        fh.close()
        raise TableError(f"{info.path}: no order in it (the file is empty or blank)")

    def lines() -> Iterator[Record]:
        with fh:
            yield first
            yield from records

    return run, lines()


def screen_book(
    run: BookRun,
    records: Iterator[Record],
    pool: WorkerPool,
    outputs: Outputs,
    *,
    lists: list[dict[str, Any]],
    title: str,
    on_progress: Progress,
    notes: list[str] | None = None,
    provenance: Mapping[str, str] | None = None,
) -> BookRun:
    started = time.perf_counter()
    with StagedFiles([outputs.jsonl, outputs.csv, outputs.report]) as staged:
        jsonl, csv, html = staged.partials
        # The writers stage their own files too (`<name>.partial.partial`) and remove
        # them on discard; the three `.partial` names become the outputs at the end.
        report = ReportWriter(html, title=title, source=str(run.info.path))
        table: ResultsCsvWriter | None = None
        try:
            table = ResultsCsvWriter(csv)
            with jsonl.open("wb") as out:
                for (number, data), blob in pool.map_ordered(records):
                    out.write(blob + b"\n")
                    result = orjson.loads(blob)
                    run.stats.count(result, "decision")
                    table.add(result)
                    order, _ = parse_line(number, data)
                    report.add(order if isinstance(order, dict) else None, result)
                    if run.stats.lines % 64 == 0:
                        on_progress(number)
            table.close()
            run.seconds = time.perf_counter() - started
            report.skipped(run.skipped_rows + run.stats.errors, run.stats.error_examples)
            report.close(seconds=run.seconds, lists=lists, columns=run.info.columns,
                         notes=[*run.info.notes, *(notes or [])],
                         provenance=provenance)  # fmt: skip
        except BaseException:
            if table is not None:
                table.discard()
            report.discard()
            raise
        staged.commit()
    on_progress(run.total_rows or run.stats.lines)
    return run
