"""What every reader returns, and the error it raises on bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from caspian.model import Entity


class ListFormatError(ValueError):
    """A list file that cannot be read: names the file, the line or record, what was expected."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        record: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        self.record = record
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.message}"
        if self.record is not None:
            text += f" (record {self.record})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


@dataclass(slots=True)
class ListData:
    """One official list as read from its file(s): the unit that becomes a store snapshot."""

    source: str  # stable list key, e.g. "ofac-sdn", "un-sc"
    format: str  # reader format id, e.g. "ofac-csv", "un-xml"
    title: str
    entities: list[Entity]
    files: list[Path]
    # Official publication date (ISO), and where it was read from:
    # "file" (inside the file), "http" (Last-Modified), "mtime" (file time), "user".
    published: str | None = None
    published_from: str = "file"
    warnings: list[str] = field(default_factory=list)
    # Why the reader found the file cut short (it read the whole records before the cut);
    # read_paths refuses such a list unless the caller allows it (see completeness.py).
    incomplete: str | None = None


@dataclass(slots=True)
class Row:
    """One record of a tabular list file: the line it starts on and its cells by column."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")
