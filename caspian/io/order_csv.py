"""CSV rows from a book's decoded lines: a row the parser cannot read is one error row.

Python's csv module stops a whole file at the first row it cannot read. Here each such
row is said on its own (order_problems) and the rows after it are read as usual:

- A bare carriage return (CR) inside a line, outside quotes: if the pieces it cuts the
  line into are each as wide as the row before, they are rows (an old Mac line end inside
  an LF file: Excel reads them so), and a note lists those lines; otherwise the CR stood
  inside a cell, it is read as a space and said on the row.
- A row that runs over `TableLimits.row_bytes` (a quote that is never closed swallows the
  lines after it) is not read, and reading goes on at the line where it went over: the
  lines a stray quote swallowed are rows again.
- A line that is not read (binary data, too long; order_lines) ends the row it is in.
- The csv module's own cell limit (131,072 characters, process-wide) is raised to
  `row_bytes` while a book is read, so that only the book's limits apply: a cell over
  `cell_chars` is one cell not read (order_tables), not a file refused.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from caspian.io.order_limits import TableLimits, size
from caspian.io.order_lines import Line
from caspian.io.order_problems import LineNote, RowProblems

_BARE_CR = re.compile(r"\r(?!\n)")
_AFTER_BARE_CR = re.compile(r"(?<=\r)(?!\n)")


class _Stop(Exception):
    """A line that is not read: it ends the row being read."""

    def __init__(self, line: Line) -> None:
        super().__init__(line.problem)
        self.line = line


class _Overrun(Exception):
    """The row being read ran over the limit; the line that took it over is kept."""


class _Feed:
    """The lines fed to the CSV parser, with the ones of the row being read."""

    def __init__(self, lines: Iterator[Line], limit: int) -> None:
        self.lines = lines
        self.limit = limit
        self.current: list[Line] = []
        self.pending = 0
        self.back: Line | None = None

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self.back is not None:
            line, self.back = self.back, None
        else:
            line = next(self.lines)
        if not line.read:
            raise _Stop(line)
        if self.current and self.pending + len(line.text) > self.limit:
            self.back = line
            raise _Overrun
        self.current.append(line)
        self.pending += len(line.text)
        return line.text

    def take(self) -> list[Line]:
        """The lines of the row just read (or failed), and a fresh start."""
        lines, self.current, self.pending = self.current, [], 0
        return lines


def _parse(texts: Iterable[str], delimiter: str) -> list[list[str]] | None:
    try:
        return list(csv.reader(texts, delimiter=delimiter))
    except csv.Error:
        return None


def csv_rows(
    lines: Iterable[Line], delimiter: str, limits: TableLimits, problems: RowProblems,
    notes: list[str],
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of every row, numbered as a spreadsheet numbers them; a row that
    cannot be read has no cells and its problems recorded."""
    if csv.field_size_limit() < limits.row_bytes:
        csv.field_size_limit(limits.row_bytes)
    feed = _Feed(iter(lines), limits.row_bytes)
    reader = csv.reader(feed, delimiter=delimiter)
    bare_cr = LineNote(notes, lambda lines, count: (
        f"{lines} {'holds' if count == 1 else 'hold'} more than one row, ended by a bare "
        f"carriage return (CR) as old Mac files end rows: read as rows"))  # fmt: skip
    row = 0
    width = 0  # of the last row read as it is
    while True:
        said: list[str] = []
        try:
            found = [next(reader)]
            taken = feed.take()
            width = len(found[0]) if len(found[0]) > 1 else width
        except StopIteration:
            return
        except _Stop as stop:
            taken = feed.take()
            if taken:
                said.append(f"the row from line {taken[0].number} is cut short by line "
                            f"{stop.line.number}: not read")  # fmt: skip
            said.append(stop.line.problem or f"line {stop.line.number}: not read")
            found = [[]]
        except _Overrun:
            taken = feed.take()
            said.append(f"line {taken[0].number} opens a row that runs over more than "
                        f"{size(limits.row_bytes)} (a quote that is never closed?): not read; "
                        f"the lines after it are read as rows of their own")  # fmt: skip
            for message in (*said, *(m for m in [taken[0].problem] if m)):
                problems.add(row + 1, None, message)
            row += 1
            yield row, []
            if feed.back is not None:
                taken.append(feed.back)
                feed.back = None
            for line in taken[1:]:
                for cells, messages in _alone(line, delimiter, width):
                    row += 1
                    for message in messages:
                        problems.add(row, None, message)
                    yield row, cells
            continue
        except csv.Error as exc:
            taken = feed.take()
            found, problem = _recover(taken, delimiter, width, exc)
            if problem:
                said.append(problem)
            elif taken:
                bare_cr.add(taken[0].number)
        said.extend(line.problem for line in taken if line.problem)
        for i, cells in enumerate(found):
            row += 1
            if i == 0:
                for message in said:
                    problems.add(row, None, message)
            yield row, cells


def _alone(line: Line, delimiter: str, width: int) -> list[tuple[list[str], list[str]]]:
    """The rows of one line read on its own (a quote it leaves open ends with it)."""
    if not line.read:
        return [([], [line.problem or f"line {line.number}: not read"])]
    said = [line.problem] if line.problem else []
    rows = _parse([line.text], delimiter)
    if rows is None:
        rows, problem = _recover([line], delimiter, width, csv.Error("new-line character"))
        said += [problem] if problem else []
    return [(cells, said if i == 0 else []) for i, cells in enumerate(rows or [[]])]


def _recover(lines: list[Line], delimiter: str, width: int, exc: csv.Error
             ) -> tuple[list[list[str]], str | None]:  # fmt: skip
    """The rows of lines the parser refused, and what to say on them (None: nothing is
    wrong, they are rows ended by bare CRs)."""
    texts = [line.text for line in lines]
    first = lines[0].number if lines else 0
    if "new-line character" in str(exc):
        pieces = [piece for text in texts for piece in _AFTER_BARE_CR.split(text) if piece]
        rows = _parse(pieces, delimiter)
        if rows and len(rows) > 1 and width > 1 and all(len(r) == width for r in rows):
            return rows, None
        rows = _parse([_BARE_CR.sub(" ", text) for text in texts], delimiter)
        if rows is not None and len(rows) == 1:
            return rows, (f"line {first} has a carriage return (CR) inside a cell that is not "
                          f"quoted: read as a space")  # fmt: skip
    return [[]], f"the row from line {first} cannot be read as CSV ({exc}): not read"
