"""What went wrong in one row of a table, kept until the row is built into its order.

One bad line or row never ends a book: a cell over the limit, a line that is not text, a
row the CSV parser cannot read are found by the stage that reads them (lines, CSV rows,
the workbook's cells, the limits) and said on that row's order as input errors, so that
the order is screened as REVIEW, never as CLEAR, and the other rows are read as usual. A
row that cannot say which order it belongs to (its cells are lost) becomes an order of its
own, `row-N`. The stages run one after another on the same row, lazily: a problem is
recorded before its row reaches the order builder, which takes it (`pop`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MAX_PER_ROW = 10  # problems said on one row; more are counted
MAX_LISTED = 10  # line numbers listed in one note; more are counted


@dataclass(slots=True)
class RowProblems:
    """Row number -> (0-based column or None for the whole row, message)."""

    by_row: dict[int, list[tuple[int | None, str]]] = field(default_factory=dict)
    extra: dict[int, int] = field(default_factory=dict)  # problems past MAX_PER_ROW

    def add(self, row: int, column: int | None, message: str) -> None:
        found = self.by_row.setdefault(row, [])
        if len(found) < MAX_PER_ROW:
            found.append((column, message))
        else:
            self.extra[row] = self.extra.get(row, 0) + 1

    def pop(self, row: int) -> list[tuple[int | None, str]]:
        found = self.by_row.pop(row, [])
        more = self.extra.pop(row, 0)
        if more:
            found.append((None, f"and {more:,} more problem{'s' if more > 1 else ''} like these"))
        return found


def listed(numbers: list[int], count: int, noun: str = "line") -> str:
    """ "line 5", "lines 5, 9 and 12", "lines 5, 9, ... and 30 more (32 lines)"."""
    if count == 1:
        return f"{noun} {numbers[0]}"
    shown = [f"{n:,}" if n >= 10_000 else str(n) for n in numbers]
    if count > len(numbers):
        return f"{noun}s {', '.join(shown)} and {count - len(numbers):,} more ({count:,} {noun}s)"
    return f"{noun}s {', '.join(shown[:-1])} and {shown[-1]}"


@dataclass(slots=True)
class LineNote:
    """The lines of one kind (lines read in another code page, rows ended by a bare CR),
    said in one note of the table's notes, kept up to date as lines are found: the column
    report shows the ones found before the orders are read, the HTML report all of them."""

    notes: list[str]
    say: Callable[[str, int], str]  # (the lines listed, how many) -> the note
    numbers: list[int] = field(default_factory=list)
    count: int = 0
    last: int = 0
    index: int = -1

    def add(self, number: int) -> None:
        if number <= self.last:
            return  # the sample's lines, found again when the file is read
        self.last = number
        self.count += 1
        if len(self.numbers) < MAX_LISTED:
            self.numbers.append(number)
        text = self.say(listed(self.numbers, self.count), self.count)
        if self.index < 0:
            self.index = len(self.notes)
            self.notes.append(text)
        else:
            self.notes[self.index] = text
