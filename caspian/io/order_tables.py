"""Order books as users have them: an ERP export (CSV or Excel) or the contract's JSON lines.

`open_orders` says what it understood of the file before reading it (format, encoding,
delimiter, sheet, header row, which column holds which field, what it ignores), then
streams the orders in the JSON shape of `caspian screen`: consecutive rows that share an
order id form one order, and memory holds one order's rows at a time (plus the set of ids
seen, to name an id that comes back after other orders).

The format is found from the content, not the name: a PDF, an old .xls, an HTML page or
binary data renamed .csv is refused with a message saying what it is.

One bad line or row never ends a book: what cannot be read of a row (a line in no
encoding, binary data, a cell or a row past a limit, a row the CSV parser refuses) is an
input error of that row's order, and the rest is read (order_lines, order_csv,
order_problems; which limits are per row and which per file: order_limits). Only a file
that is not a table, or that cannot be read on (past the last row, a broken workbook),
is a `TableError`.

Counters: `TableInfo.rows` (data rows read after the header), `.skipped` (of those, blank
rows and rows with nothing to screen) and `.orders` (orders yielded) are updated in place
while the iterator runs, so they are final once it is exhausted. Blank rows at the end of a
sheet (Excel keeps formatted empty rows) are not counted.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from caspian.clean import json_kind
from caspian.io.jsonl_runner import file_lines
from caspian.io.order_build import OrderBuilder, RowReader
from caspian.io.order_csv import csv_rows
from caspian.io.order_headers import (
    HEADER_SEARCH_ROWS,
    Column,
    ColumnMapping,
    Layout,
    TableError,
    Vocabulary,
    column_letter,
    default_vocabulary,
    field_examples,
    find_header,
    header_key,
    header_language,
    load_mapping,
    screenable,
    with_mapping,
)
from caspian.io.order_limits import DEFAULT_LIMITS, TableLimits
from caspian.io.order_lines import (
    SAMPLE_BYTES,
    Decoding,
    Line,
    LineDecoder,
    plan_decoding,
    text_lines,
    wide_lines,
)
from caspian.io.order_problems import RowProblems
from caspian.io.order_values import NumberReader, cell_text, currency_of, plain_number
from caspian.io.order_xlsx import WORKBOOK, XlsxBook, open_archive
from caspian.jsonl_contract import numbered_lines, parse_line

__all__ = ["DEFAULT_LIMITS", "TableError", "TableInfo", "TableLimits", "open_orders"]

HEAD_BYTES = 4096  # of the first line, which must be text for the file to be a table
SNIFF_CHARS = 20_000  # csv.Sniffer's regular expressions slow down fast on long texts
DELIMITERS = (",", ";", "\t", "|")
MAX_LISTED = 10


@dataclass(slots=True)
class TableInfo:
    """What was understood of an input file, known before its first order is read."""

    path: Path
    format: str  # "csv" | "xlsx" | "jsonl"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int | None = None  # 1-based, as a spreadsheet numbers it
    columns: dict[str, str] = field(default_factory=dict)  # header -> field
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0  # updated while iterating: data rows read,
    skipped: int = 0  # of which blank or with nothing to screen,
    orders: int = 0  # and orders yielded


Rows = Iterator[tuple[int, Sequence[Any]]]  # (row number, cells); blank rows may be left out


def open_orders(
    path: Path, *, mapping: Path | None = None, sheet: str | None = None,
    limits: TableLimits = DEFAULT_LIMITS,
) -> tuple[TableInfo, Iterator[tuple[int, dict[str, Any]]]]:
    """What the file holds, and its orders as (first row number, order) in file order.

    Anything wrong with the file, found now or while the orders are read, is a
    `TableError` naming the file (and the row and column where there is one)."""
    path = Path(path)
    user = load_mapping(mapping) if mapping else None
    vocab = with_mapping(default_vocabulary(), user) if user else default_vocabulary()
    kind, sample = _sniff(path, limits, user.encoding if user else None)
    if kind == "jsonl":
        info = TableInfo(path, "jsonl", encoding="utf-8")
        if user or sheet:
            info.notes.append("JSON lines are read as they are: mapping and sheet not used")
        return info, _jsonl_orders(path, info)
    if kind == "xlsx":
        info, layout, rows, problems = _open_xlsx(path, vocab, sheet, limits)
    else:
        info, layout, rows, problems = _open_csv(path, sample, vocab, limits)
        if sheet:
            info.notes.append(f"sheet {sheet!r} not used: a CSV file has no sheets")
    reader = _describe(info, layout, user)
    return info, _orders(info, rows, reader, layout, limits, problems)


# -- what kind of file -----------------------------------------------------------------

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Excel 97-2003 (.xls) workbook or a password-protected "
                          "Office file; save it as .xlsx (no password) or CSV"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "gzip-compressed data; unpack it first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)  # fmt: skip
_CONTROL = frozenset(range(32)) - {9, 10, 11, 12, 13, 26} | {127}  # 26: DOS end of file


def _sniff(path: Path, limits: TableLimits, forced: str | None = None) -> tuple[str, bytes]:
    """("csv" | "xlsx" | "jsonl", the first bytes), or a TableError saying what it is."""
    expected = "expected an order table: CSV, Excel .xlsx or JSON lines"
    try:
        with path.open("rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
    except FileNotFoundError:
        raise TableError(f"{path}: no such file") from None
    except OSError as exc:
        raise TableError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not sample.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise TableError(f"{path}: the file is empty; {expected}")
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            raise TableError(f"{path}: this is {what}, not a table; {expected}")
    if sample.startswith(b"PK\x03\x04"):
        return _zip_kind(path, expected, limits), sample
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv", sample  # UTF-16: Excel's "Unicode text"
    if forced and Decoding(forced).wide:
        return "csv", sample  # UTF-16 without its mark, as the mapping file says
    # The first line must be text; a later line of binary data is an error row (order_lines)
    # (a short first line of random bytes can pass for text: most of the sample's lines
    # being binary says the file is).
    lines = sample[:HEAD_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n")
    binary = [_binary_line(line) for line in lines]
    if binary[0] or sum(binary) * 2 > len(binary):
        raise TableError(f"{path}: binary data, not a table; {expected}")
    start = sample.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")[:1]
    if start == "{":
        return "jsonl", sample
    if start == "[":
        raise TableError(f"{path}: a JSON array; write one order per line (JSON lines)")
    if start == "<":
        raise TableError(f"{path}: an HTML or XML document (some systems export these as "
                         f".xls), not a table; {expected}")  # fmt: skip
    return "csv", sample


def _binary_line(line: bytes) -> bool:
    """A NUL, or more control characters than text has (a few stray ones are kept)."""
    controls = sum(1 for b in line if b in _CONTROL)
    return b"\x00" in line or controls > max(2, len(line) // 100)


def _zip_kind(path: Path, expected: str, limits: TableLimits) -> str:
    try:
        with open_archive(path, limits) as archive:
            names = set(archive.namelist())
    except TableError as exc:
        raise TableError(f"{exc}; {expected}") from None
    if WORKBOOK in names:
        return "xlsx"
    if "word/document.xml" in names:
        raise TableError(f"{path}: a Word document, not a table; {expected}")
    if "content.xml" in names:
        raise TableError(f"{path}: an OpenDocument file; save it as .xlsx or CSV")
    raise TableError(f"{path}: a zip archive, not an .xlsx workbook; {expected}")


# -- CSV -------------------------------------------------------------------------------


def _open_csv(path: Path, sample: bytes, vocab: Vocabulary, limits: TableLimits
              ) -> tuple[TableInfo, Layout, Rows, RowProblems]:  # fmt: skip
    user = vocab.mapping
    decoding = plan_decoding(sample, user.encoding if user else None, user.path if user else None)
    info = TableInfo(path, "csv", encoding=decoding.encoding)
    if decoding.why:
        info.notes.append(decoding.why)
    lines: Iterable[Line]
    if decoding.wide:
        text = sample.decode(decoding.encoding, "replace")
        lines = wide_lines(path, decoding.encoding, limits.row_bytes)
    else:
        decoder = LineDecoder(path, decoding, info.notes)
        text = decoder.sample_text(sample)
        lines = text_lines(path, decoder, limits.row_bytes)
    delimiter = (user.delimiter if user and user.delimiter else None) or _delimiter(text, vocab)[0]
    info.delimiter = delimiter
    problems = RowProblems()
    rows = csv_rows(lines, delimiter, limits, problems, info.notes)
    layout, data = _header(info, _bounded(info, rows, limits, problems), vocab, problems)
    return info, layout, data, problems


def _sample_rows(text: str, delimiter: str, limit: int = 50) -> list[list[str]]:
    try:
        # newline=None: a bare CR ends a line here (the rows themselves are read by order_csv)
        return list(islice(csv.reader(io.StringIO(text, newline=None), delimiter=delimiter),
                           limit))  # fmt: skip
    except csv.Error:
        return []


def _header_score(text: str, delimiter: str, vocab: Vocabulary) -> int:
    rows = _sample_rows(text, delimiter, HEADER_SEARCH_ROWS)
    found = find_header(rows, vocab, vocab.mapping.header_row if vocab.mapping else None)
    return found[1].score() if found else 0


def _delimiter(text: str, vocab: Vocabulary) -> tuple[str, int]:
    """The delimiter under which the most headers are understood and rows agree in width,
    and its header score.

    csv.Sniffer proposes first; it is kept when nothing reads better (it is easily fooled
    by decimal commas and by title rows above the header)."""
    candidates = list(DELIMITERS)
    try:
        sniffed = csv.Sniffer().sniff(text[:SNIFF_CHARS], delimiters="".join(DELIMITERS))
        candidates.remove(sniffed.delimiter)
        candidates.insert(0, sniffed.delimiter)
    except (csv.Error, ValueError):
        pass
    best: tuple[tuple[int, int, int], str] | None = None
    for delimiter in candidates:
        rows = _sample_rows(text, delimiter)
        widths = Counter(len(r) for r in rows if len(r) > 1)
        width, agree = widths.most_common(1)[0] if widths else (1, 0)
        score = (_header_score(text, delimiter, vocab), agree, width)
        if best is None or score > best[0]:
            best = (score, delimiter)
    assert best is not None
    return best[1], best[0][0]


def _bounded(info: TableInfo, rows: Rows, limits: TableLimits, problems: RowProblems) -> Rows:
    """The rows, each checked against the limits of a table (see order_limits): a row
    past the last row or the table's cells ends the table; a row too wide is cut and a
    cell too long is not read, said on the row."""
    where = _where(info)
    cells = 0
    for number, row in rows:
        if number > limits.rows:
            raise TableError(f"{where}: more than {limits.rows:,} rows; the limit is "
                             f"{limits.rows:,} (Excel's own)")  # fmt: skip
        width = len(row)
        if width > limits.columns:
            last = column_letter(limits.columns - 1)
            problems.add(number, None, f"{width:,} cells; the limit is {limits.columns:,} "
                                       f"(Excel's own): the cells after column {last} are not "
                                       f"read")  # fmt: skip
            row = row[: limits.columns]
            width = limits.columns
        cells += width
        if cells > limits.cells:
            raise TableError(f"{where}, row {number}: the table holds more than "
                             f"{limits.cells:,} cells (each row counted to its last filled "
                             f"cell)")  # fmt: skip
        longest = max((len(c) for c in row if isinstance(c, str)), default=0)
        if longest > limits.cell_chars:
            row = list(row)
            for column, cell in enumerate(row):
                if isinstance(cell, str) and len(cell) > limits.cell_chars:
                    problems.add(number, column, f"column {column_letter(column)}: a cell of "
                                                 f"{len(cell):,} characters; the limit is "
                                                 f"{limits.cell_chars:,} (Excel's own): not "
                                                 f"read")  # fmt: skip
                    row[column] = None
        yield number, row


# -- Excel -----------------------------------------------------------------------------


def _open_xlsx(path: Path, vocab: Vocabulary, sheet: str | None, limits: TableLimits
               ) -> tuple[TableInfo, Layout, Rows, RowProblems]:  # fmt: skip
    book = XlsxBook(path, limits)
    try:
        names = _sheet_names(path, [name for name, _ in book.sheets], sheet)
    except TableError:
        book.close()
        raise
    parts = dict(book.sheets)
    seen: list[str] = []
    for name in names:
        info = TableInfo(path, "xlsx", sheet=name)
        problems = RowProblems()
        rows = book.rows(name, parts[name], problems)  # blank rows left out
        try:
            layout, data = _header(info, _bounded(info, rows, limits, problems), vocab, problems)
        except _HeaderError as exc:
            if sheet or len(names) == 1:
                book.close()
                raise
            seen.append(f"sheet {name!r}: {exc.summary}")
            continue
        except BaseException:
            book.close()
            raise
        return info, layout, _closing(data, book.close), problems
    book.close()
    if not names:
        raise TableError(f"{path}: the workbook has no worksheet")
    raise TableError(f"{path}: no sheet has recognisable order columns ({'; '.join(seen)}). "
                     f"{_known_columns()}")  # fmt: skip


def _sheet_names(path: Path, names: list[str], wanted: str | None) -> list[str]:
    if wanted is None:
        return names
    for name in names:
        if name == wanted or name.casefold() == wanted.casefold():
            return [name]
    listed = ", ".join(repr(n) for n in names)
    raise TableError(f"{path}: the workbook has no sheet {wanted!r}; its sheets: {listed}")


def _closing(rows: Rows, close: Callable[[], None]) -> Rows:
    """The workbook stays open while its rows are read, and is closed after."""
    try:
        yield from rows
    finally:
        close()


# -- header ----------------------------------------------------------------------------


class _HeaderError(TableError):
    """No header row that can be read; `summary` says what was seen, in brief."""

    def __init__(self, message: str, summary: str) -> None:
        super().__init__(message)
        self.summary = summary


def _head(rows: Rows, count: int) -> tuple[list[Sequence[Any]], Rows]:
    """The first `count` rows (blank ones filled in), and the rows after them."""
    head: list[Sequence[Any]] = []
    for number, cells in rows:
        head.extend([()] * (min(number, count + 1) - 1 - len(head)))
        if number > count:
            return head, chain([(number, cells)], rows)
        head.append(cells)
    return head, rows


def _header(info: TableInfo, rows: Rows, vocab: Vocabulary, problems: RowProblems
            ) -> tuple[Layout, Rows]:  # fmt: skip
    """Find the header among the first rows; the rest of `rows` are the data rows. What
    could not be read of the header and the titles above it is said in the notes (or in
    the error, when no header is found)."""
    user = vocab.mapping
    wanted = user.header_row if user else None
    head, rest = _head(rows, max(HEADER_SEARCH_ROWS, wanted or 0))
    found = find_header(head, vocab, wanted)
    if found is None:
        where = f"row {wanted}" if wanted else f"the first {HEADER_SEARCH_ROWS} rows"
        seen = _headers_seen(head, wanted)
        trouble = "".join(f" Row {n}: {m}." for n in range(1, len(head) + 1)
                          for _, m in problems.pop(n))  # fmt: skip
        raise _HeaderError(f"{_where(info)}: no recognisable column headers in {where}. "
                           f"{seen}.{trouble} {_known_columns()}", seen)  # fmt: skip
    index, layout = found
    if not screenable(layout):
        understood = ", ".join(f"{c.header!r} -> {c.field}" for c in layout.columns)
        summary = f"understood only {understood}"
        raise _HeaderError(f"{_where(info)}: no column to screen (party names, items, route "
                           f"or payment); {summary}", summary)  # fmt: skip
    info.header_row = index + 1
    if index:
        info.notes.append(
            f"row{'s' if index > 1 else ''} 1{f'-{index}' if index > 1 else ''} "
            f"above the header row {index + 1} read as titles, not orders"
        )
    for number in range(1, index + 2):
        what = "the header" if number == index + 1 else "a title row"
        info.notes.extend(f"row {number} ({what}): {m}" for _, m in problems.pop(number))
    data = chain(enumerate(head[index + 1 :], start=index + 2), rest)
    return layout, data


def _where(info: TableInfo) -> str:
    return f"{info.path} (sheet {info.sheet!r})" if info.sheet else str(info.path)


def _headers_seen(head: list[Sequence[Any]], wanted: int | None) -> str:
    if not any(any(cell_text(c) for c in row) for row in head):
        return "The table is empty"

    def filled(i: int) -> int:
        return sum(1 for c in head[i] if cell_text(c))

    # the fullest row is the likeliest header (a title row has one cell)
    pick = wanted - 1 if wanted and wanted <= len(head) else max(range(len(head)), key=filled)
    seen = [t for c in head[pick] if (t := cell_text(c))]
    listed = ", ".join(repr(s) for s in seen[:20]) + (" ..." if len(seen) > 20 else "")
    return f"Headers seen (row {pick + 1}): {listed or '(none)'}"


def _known_columns() -> str:
    known = "; ".join(f"{f} ({', '.join(h)})" for f, h in field_examples().items())
    return (f"Known columns: {known} (*: of the party named in the nearest column to the "
            f"left). A mapping file (--mapping) can name the columns.")  # fmt: skip


def _describe(info: TableInfo, layout: Layout, user: ColumnMapping | None) -> RowReader:
    info.columns = {c.header: c.field for c in layout.columns}
    info.ignored = list(layout.ignored)
    info.notes.extend(layout.notes)
    fields = {c.field for c in layout.columns}
    if "order.id" not in fields:
        info.notes.append("no order id column: each row is an order of its own, named row-N")
    if "item.total" in fields and "item.unit_value" not in fields:
        info.notes.append("line values are divided by the quantity to give unit values")
    if user:
        missing = [h for h in user.columns if header_key(h) not in layout.keys]
        if missing:
            info.notes.append(f"mapping names columns this table does not have: "
                              f"{', '.join(repr(h) for h in missing)}")  # fmt: skip
    decimal = user.decimal if user and user.decimal else None
    comma = info.delimiter == ";" or header_language(layout) not in (None, "en")
    numbers = NumberReader(decimal or ("," if comma else "."), fixed=decimal is not None)
    hint = _currency_hint(layout)
    if hint:
        info.notes.append(f"prices without a currency are taken as {hint} (from their header)")
    return RowReader(layout, numbers, hint)


def _currency_hint(layout: Layout) -> str | None:
    """ "Unit price (EUR)", "Einzelpreis [€]", "Цена, руб." -> the currency of the prices."""
    for column in layout.columns:
        if column.field not in ("item.unit_value", "item.total"):
            continue
        header = column.header
        parts = [header.split(",")[-1], header.split()[-1]]
        parts += [p.split(")")[0].split("]")[0] for p in header.replace("[", "(").split("(")[1:]]
        for part in parts:
            code = currency_of(part.strip())[1]
            if code:
                return code
    return None


# -- rows into orders ------------------------------------------------------------------


def _blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _orders(
    info: TableInfo, rows: Rows, reader: RowReader, layout: Layout, limits: TableLimits,
    problems: RowProblems,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Consecutive rows with one order id make one order; memory holds one order. What
    could not be read of a row is an input error of its order: a row whose cells are lost
    is an order of its own (`row-N`), never skipped."""
    first_rows: dict[str, int] = {}  # order id -> first and last row of its first group
    columns = {c.index: c for c in layout.columns}
    unnamed = (frozenset(layout.unnamed), layout.width)
    current: OrderBuilder | None = None
    group = 0  # rows of the current order
    blank = 0
    empty: list[int] = []  # rows with no id and nothing to screen (the first few)
    empty_rows = 0  # and how many
    loose: int | None = None  # first row with a value in a column without a header
    last = info.header_row or 0
    for number, cells in rows:
        blank += max(number - last - 1, 0)  # rows left out: blank
        last = number
        trouble = problems.pop(number)
        if not trouble and _blank(cells):
            blank += 1  # counted only if a row follows: Excel keeps empty rows at the end
            continue
        info.rows += blank + 1
        info.skipped += blank
        blank = 0
        if loose is None and _has_loose(cells, unnamed):
            loose = number
        order_id = _order_id(cells, reader)
        if current is not None and order_id == current.id:
            group += 1
            if group > limits.order_rows:
                yield _finish(info, _cut(current, number, limits), first_rows)
                current = _continued(current, number, limits)
                group = 1
            current.add(number, cells, reader)
            _said(current, number, trouble, columns)
            continue
        if current is not None:
            yield _finish(info, current, first_rows)
            current = None
        if order_id is None:
            single = _single(number, cells, reader, bool(trouble))
            if single is None:
                info.skipped += 1
                empty_rows += 1
                if len(empty) < MAX_LISTED:
                    empty.append(number)
            else:
                _said(single, number, trouble, columns)
                yield _finish(info, single, None)
            continue
        current = OrderBuilder(order_id, number)
        group = 1
        if order_id in first_rows:
            current.error(number, reader.id, "id", _repeated(order_id, first_rows[order_id]))
        current.add(number, cells, reader)
        _said(current, number, trouble, columns)
    if current is not None:
        yield _finish(info, current, first_rows)
    _closing_notes(info, reader, (empty, empty_rows), loose)


def _said(builder: OrderBuilder, number: int, trouble: list[tuple[int | None, str]],
          columns: dict[int, Column]) -> None:  # fmt: skip
    """The problems found in reading row `number`, as input errors of its order."""
    for index, message in trouble:
        column = columns.get(index) if index is not None else None
        builder.error(number, column, column.field if column else "", message)


def _cut(builder: OrderBuilder, number: int, limits: TableLimits) -> OrderBuilder:
    builder.error(number - 1, None, "order",
                  f"order {builder.id!r} runs over more than {limits.order_rows:,} rows (from "
                  f"row {builder.first_row}), the limit for one order: its rows from row "
                  f"{number} on are screened as another order of the same id")  # fmt: skip
    return builder


def _continued(builder: OrderBuilder, number: int, limits: TableLimits) -> OrderBuilder:
    rest = OrderBuilder(builder.id, number)
    rest.error(number, None, "order",
               f"the rows from row {number} on of order {builder.id!r}, which runs over more "
               f"than {limits.order_rows:,} rows from row {builder.first_row} (the limit for "
               f"one order)")  # fmt: skip
    return rest


def _order_id(cells: Sequence[Any], reader: RowReader) -> str | None:
    if reader.id is None or reader.id.index >= len(cells):
        return None
    return cell_text(cells[reader.id.index])


def _single(number: int, cells: Sequence[Any], reader: RowReader,
            troubled: bool = False) -> OrderBuilder | None:  # fmt: skip
    """A row without an order id as an order of its own, or None if it holds nothing (and
    nothing went wrong in reading it)."""
    single = OrderBuilder(f"row-{number}", number)
    if not single.add(number, cells, reader) and not troubled:
        return None
    if reader.id and not (troubled and _blank(cells)):
        message = "no order id: this row is screened as an order of its own"
        single.error(number, reader.id, "id", message)
    return single


def _has_loose(cells: Sequence[Any], unnamed: tuple[frozenset[int], int]) -> bool:
    indexes, width = unnamed
    return any(cell_text(cells[i]) for i in indexes if i < len(cells)) or any(
        cell_text(c) for c in cells[width:])  # fmt: skip


def _repeated(order_id: str, packed: int) -> str:
    first, last = packed >> 32, packed & 0xFFFFFFFF
    rows = f"rows {first}-{last}" if last != first else f"row {first}"
    return f"order id {order_id!r} also appears at {rows}; rows are grouped only when consecutive"


def _finish(info: TableInfo, builder: OrderBuilder,
            first_rows: dict[str, int] | None) -> tuple[int, dict[str, Any]]:  # fmt: skip
    if first_rows is not None and builder.id not in first_rows:
        first_rows[builder.id] = builder.first_row << 32 | builder.last_row
    info.orders += 1
    return builder.first_row, builder.result()


def _closing_notes(info: TableInfo, reader: RowReader, empty: tuple[list[int], int],
                   loose: int | None) -> None:  # fmt: skip
    first, count = empty
    if count:
        listed = ", ".join(str(n) for n in first)
        more = f" and {count - len(first)} more" if count > len(first) else ""
        info.notes.append(
            f"row{'s' if count > 1 else ''} {listed}{more}: no order id and "
            f"nothing to screen (no party, item, route or payment); skipped"
        )
    if loose is not None:
        info.notes.append(f"row {loose} (and maybe others) has values in a column without a "
                          f"header; they were not read")  # fmt: skip
    if reader.numbers.guessed:
        text, value = reader.numbers.guessed
        info.notes.append(f"numbers such as {text!r} could be read either way; read as "
                          f"{plain_number(value)} (a guess from the table's layout and "
                          f"language; a mapping file can set the decimal mark)")  # fmt: skip


# -- JSON lines ------------------------------------------------------------------------


def _jsonl_orders(path: Path, info: TableInfo) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line is already an order: passed through as it is, read as `caspian screen`
    reads it (jsonl_contract). A line that is no JSON object becomes an order "line-N"
    whose input error names the line, so that it is reported, never dropped."""
    last = 0
    with path.open("rb") as fh:
        for number, line in numbered_lines(file_lines(fh)):
            info.rows += number - last
            info.skipped += number - last - 1
            last = number
            order, error = parse_line(number, line)
            if error is not None:
                order = _bad_line(number, str(error["error"]).removeprefix(f"line {number}: "))
            elif not isinstance(order, dict):
                order = _bad_line(number, f"expected a JSON object, got {json_kind(order)}")
            info.orders += 1
            yield number, order


def _bad_line(number: int, message: str) -> dict[str, Any]:
    return {"id": f"line-{number}", "input_errors": [{"field": f"line {number}",
                                                      "message": message}]}  # fmt: skip
