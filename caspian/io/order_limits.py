"""How much one order table may hold, in one place, and what happens past each limit.

An order book comes from a customer's ERP, a colleague's spreadsheet or a mail attachment:
it can be damaged or built to hurt. Each limit below bounds the memory or the time one
table can take, and each is far above what a real order book holds, so that a real book
never meets one. Nothing is cut short silently; what happens past a limit depends on
whether reading can go on after it:

- **Per row** (`cell_chars`, `columns`, `row_bytes`): the row is read without what went
  past the limit (the cell is not read, the cells past the last column are not read, the
  line or the row that runs on is not read) and that is an input error of the row's
  order, which is then REVIEW, never CLEAR; a row whose cells are all lost is an order
  of its own, `row-N`. The rows after it are read as usual: one row never ends a book.
  (`order_rows` too, per order: an order of more rows is screened in parts, each saying
  so.) Lines that are binary data or that no encoding reads are the same (order_lines).
- **Per file** (`rows`, `cells`, and every `xlsx_*` and `xml_*` limit): the whole table is
  refused with an error naming the file, the row and the column, exit 2, and a run
  already under way removes its `.partial` outputs. These bound the whole table (the
  rows, the cells of all rows), or what must be unpacked or held before any row can be
  read (the archive, the shared strings, the styles), or a sheet's XML, which a parser
  cannot step over once it is past a limit or broken.

The defaults keep the peak memory of reading any table under 1 GB (measured on the hostile
files of tests/hostile_tables.py). `TableLimits` is a frozen dataclass so that a mapping
file or a command-line option can later raise one limit for one run
(`dataclasses.replace(DEFAULT_LIMITS, rows=...)`) without touching the others.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class TableLimits:
    """Upper bounds for one order table (CSV or .xlsx); see the module docstring."""

    # -- every table --
    cell_chars: int = 32_767
    """Per row. Characters in one cell: Excel's own limit, so no spreadsheet holds a
    longer one."""
    columns: int = 16_384
    """Per row. Cells in one row: Excel's last column, XFD. (A workbook row with more cells
    past XFD than this is per file: Excel writes none, and each costs time to read.)"""
    rows: int = 1_048_576
    """Per file. Rows of a table, blank rows included: Excel's last row. A bigger book is
    split, or given as JSON lines."""
    cells: int = 64 * 1_048_576
    """Per file. Cells of a whole table, counted up to the last filled cell of each row: a
    sheet of all of Excel's rows, 64 columns wide. Bounds the time a table of far-right
    cells takes."""
    order_rows: int = 10_000
    """Per order. Rows of one order (consecutive rows with one order id), which are held
    in memory together until the order is complete; more are screened as a further order."""
    # -- CSV --
    row_bytes: int = 8 * MIB
    """Per row. Bytes of one CSV line, or characters of one row with quoted line breaks
    (a quote that is never closed): room for dozens of full cells in any script. The
    lines after a row that runs on are read as rows again."""
    # -- .xlsx: per file, all --
    xlsx_parts: int = 10_000
    """Files inside the workbook's zip archive (a real one holds a few dozen)."""
    xlsx_bytes: int = 2048 * MIB
    """Unpacked size of all the archive's files together, as the archive declares it."""
    xlsx_part_bytes: int = 1024 * MIB
    """Unpacked size of one sheet."""
    xlsx_small_part_bytes: int = 64 * MIB
    """Unpacked size of any other part (workbook, styles, relationships)."""
    xlsx_shared_bytes: int = 256 * MIB
    """Unpacked size of the shared strings, which are held in memory while rows are read."""
    xlsx_shared_strings: int = 2_000_000
    """Shared strings: twice the rows of a full sheet of unique values."""
    xlsx_ratio: int = 200
    """Unpacked size over packed size of one part larger than 1 MiB: real sheets pack 5-50
    fold; a zip bomb packs close to deflate's limit of 1,032."""
    xlsx_cell_formats: int = 65_490
    """Cell formats (styles) of a workbook: Excel's own limit."""
    xml_run_bytes: int = 1 * MIB
    """Bytes of XML between two '>': one tag or one text, far more than a full cell."""
    xml_cell_elements: int = 10_000
    """Elements inside one cell (rich-text runs and their formatting)."""
    xml_other_elements: int = 1_000_000
    """Elements of a sheet that are neither rows nor cells (column formats, merged cells,
    links, print settings): each costs time to read, and a sheet has a few thousand."""


DEFAULT_LIMITS = TableLimits()


def size(n: int) -> str:
    """A byte count for a message: "8 MiB", "1,024 bytes"."""
    if n >= MIB and n % MIB == 0:
        return f"{n // MIB:,} MiB"
    return f"{n:,} bytes"
