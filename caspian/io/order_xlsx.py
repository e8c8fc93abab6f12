"""Excel .xlsx workbooks read as a stream of rows, within limits.

openpyxl (even read-only) holds things an attacker controls in memory: every element it
does not know, every formatted row's attributes, a whole row before it is returned, and it
fills row gaps up to any row number written (a row numbered a trillion never ends). So
the workbook is read here directly: the zip archive's declared sizes are checked before
any part is unpacked, each XML part is fed in chunks to a parser that expands no entities
and loads no DTD, and each element is dropped as soon as it has been read. What stays in
memory is the shared strings (bounded in count and size), the date styles, and one row.

Values come out as openpyxl's `values_only` rows would give them: text, int or float,
bool, and datetime (or timedelta) for numbers in a date format (openpyxl's own functions
tell the date formats and convert the numbers; it is imported only when a workbook is
read, it takes a third of a second).
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import IO, Any

from lxml import etree

from caspian.io.order_headers import TableError, column_letter
from caspian.io.order_limits import MIB, TableLimits, size
from caspian.io.order_problems import MAX_PER_ROW, RowProblems

CHUNK = 1 << 16
WORKBOOK = "xl/workbook.xml"
_RELS = "xl/_rels/workbook.xml.rels"
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_REL_TYPES = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_R_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
# Elements that belong to the cell (or shared string) they are in: kept until it ends.
_CELL_PARTS = frozenset({"c", "si", "is", "r", "rPh"})
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_XML_ERRORS = (etree.LxmlError, LookupError, ValueError)
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d*)")

Cell = str | int | float | bool | datetime | timedelta | None


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: Any) -> str:
    """The local name of an element ("c" for "{ns}c"); "" for entities and the like."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag[tag.rfind("}") + 1 :]
        if len(_LOCAL_NAMES) < 1024:  # a file may make up any number of names
            _LOCAL_NAMES[tag] = name
    return name


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as _xHHHH_ ("_x000D_" for a carriage return,
    "_x005F_" for the underscore that starts such a sequence)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _text_of(element: etree._Element) -> str:
    """The text of a shared or inline string: its <t>, or the <t> of each run; phonetic
    hints (<rPh>) left out."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return _unescape("".join(parts))


def _zip_directory(path: Path, fh: IO[bytes], limits: TableLimits) -> None:
    """Refuse an archive whose central directory lists too many files, before zipfile
    reads it (it keeps an object per file)."""
    fh.seek(0, 2)
    end = fh.tell()
    tail_size = min(end, 22 + 0xFFFF)
    fh.seek(end - tail_size)
    tail = fh.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return  # zipfile says what is wrong
    entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20:
        locator = tail[at - 20 : at]
        if locator[:4] == b"PK\x06\x07":
            (offset,) = struct.unpack("<Q", locator[8:16])
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries, directory = struct.unpack("<QQ", record[32:48])
    if entries > limits.xlsx_parts or directory > limits.xlsx_parts * 1024:
        raise TableError(f"{path}: the workbook archive lists {entries:,} files "
                         f"({size(directory)} of directory); a workbook holds at most "
                         f"{limits.xlsx_parts:,}")  # fmt: skip


def open_archive(path: Path, limits: TableLimits) -> zipfile.ZipFile:
    """The workbook's zip archive, once its directory is within limits."""
    try:
        with path.open("rb") as fh:
            _zip_directory(path, fh, limits)
        return zipfile.ZipFile(path)
    except TableError:
        raise
    except Exception as exc:  # zipfile raises BadZipFile, but also struct, value, EOF errors
        raise TableError(f"{path}: a damaged zip archive ({exc})") from None


class XlsxBook:
    """One workbook: its sheets by name, and each sheet's rows as a stream."""

    def __init__(self, path: Path, limits: TableLimits) -> None:
        self.path = path
        self.limits = limits
        self.archive = open_archive(path, limits)
        self._names = {i.filename for i in self.archive.infolist()}
        self.unpacked = 0  # bytes of the parts read so far, as declared
        try:
            self._read_structure()
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _read_structure(self) -> None:
        targets = self._relationships()
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.sheets: list[tuple[str, str]] = []  # (name, part)
        self.epoch = CALENDAR_WINDOWS_1900
        for element in self._elements(WORKBOOK, self.limits.xlsx_small_part_bytes):
            name = _local(element.tag)
            if name == "sheet":
                rel = element.get(_R_ID) or element.get(_STRICT_R_ID) or ""
                kind, part = targets.get(rel, ("", ""))
                if kind == "worksheet" and part in self._names:
                    self.sheets.append((element.get("name") or part, part))
            elif name == "workbookPr" and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            _drop(element)
        shared = next((p for k, p in targets.values() if k == "sharedStrings"), None)
        styles = next((p for k, p in targets.values() if k == "styles"), None)
        self.strings = self._shared_strings(shared) if shared in self._names else []
        self.dates, self.durations = self._date_styles(styles) if styles in self._names else (
            frozenset(), frozenset())  # fmt: skip

    def _relationships(self) -> dict[str, tuple[str, str]]:
        """Relationship id -> (kind, part name) of the workbook's parts."""
        found: dict[str, tuple[str, str]] = {}
        if _RELS not in self._names:
            return found
        for element in self._elements(_RELS, self.limits.xlsx_small_part_bytes):
            if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
                kind = (element.get("Type") or "").removeprefix(_REL_TYPES)
                kind = kind.removeprefix(_STRICT_REL_TYPES)
                target = element.get("Target") or ""
                part = target[1:] if target.startswith("/") else _join("xl", target)
                found[element.get("Id") or ""] = (kind, part)
            _drop(element)
        return found

    def _shared_strings(self, part: str) -> list[str]:
        strings: list[str] = []
        limit = self.limits.xlsx_shared_strings
        inner = 0
        for element in self._elements(part, self.limits.xlsx_shared_bytes):
            name = _local(element.tag)
            if name == "si":
                if len(strings) >= limit:
                    raise TableError(f"{self.path}: more than {limit:,} shared strings in "
                                     f"{part}")  # fmt: skip
                strings.append(_text_of(element))
                inner = 0
                _drop(element)
            elif _inside_a_cell(element):
                inner += 1
                if inner > self.limits.xml_cell_elements:
                    raise TableError(f"{self.path}: shared string {len(strings)} in {part} "
                                     f"has more than {self.limits.xml_cell_elements:,} "
                                     f"elements")  # fmt: skip
            else:
                _drop(element)
        return strings

    def _date_styles(self, part: str) -> tuple[frozenset[int], frozenset[int]]:
        """Indexes of the cell formats that show numbers as dates, and as durations."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        formats: dict[int, str] = {}
        cell_formats: list[int] = []
        for element in self._elements(part, self.limits.xlsx_small_part_bytes):
            name = _local(element.tag)
            parent = element.getparent()  # before the element is dropped
            if name == "numFmt":
                number = _int(element.get("numFmtId"))
                if number is not None:
                    formats[number] = element.get("formatCode") or ""
            elif name == "xf" and parent is not None and _local(parent.tag) == "cellXfs":
                if len(cell_formats) >= self.limits.xlsx_cell_formats:
                    raise TableError(f"{self.path}: {part} defines more than "
                                     f"{self.limits.xlsx_cell_formats:,} cell formats "
                                     f"(Excel's own limit)")  # fmt: skip
                cell_formats.append(_int(element.get("numFmtId")) or 0)
            _drop(element)
        dates: set[int] = set()
        durations: set[int] = set()
        for index, number in enumerate(cell_formats):
            code = formats.get(number) or BUILTIN_FORMATS.get(number)
            if code and is_date_format(code):
                dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
        return frozenset(dates), frozenset(durations)

    # -- parts -------------------------------------------------------------------------

    def _part(self, part: str, limit: int) -> IO[bytes]:
        """An unpacking stream of one part, once its declared size is within limits."""
        info = self.archive.getinfo(part)
        where = f"{self.path}: {part}"
        if info.file_size > limit:
            raise TableError(f"{where} unpacks to {size(info.file_size)}; the limit for it "
                             f"is {size(limit)}")  # fmt: skip
        if info.file_size > MIB:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > self.limits.xlsx_ratio:
                raise TableError(f"{where} unpacks {ratio:,.0f} times its packed size (a zip "
                                 f"bomb?); real sheets pack at most "
                                 f"{self.limits.xlsx_ratio:,} fold")  # fmt: skip
        self.unpacked += info.file_size
        if self.unpacked > self.limits.xlsx_bytes:
            raise TableError(f"{self.path}: its parts unpack to more than "
                             f"{size(self.limits.xlsx_bytes)}")  # fmt: skip
        try:
            return self.archive.open(info)
        except (NotImplementedError, RuntimeError, zipfile.BadZipFile, OSError) as exc:
            raise TableError(f"{where} cannot be unpacked ({exc})") from None

    def _elements(self, part: str, limit: int) -> Iterator[etree._Element]:
        """The elements of one XML part, each when it ends, parsed in chunks.

        The caller drops each element it has read (`_drop`): only the open elements and
        what the caller keeps stay in memory. A DTD is refused (Excel never writes one),
        and so is a tag or a text longer than `limits.xml_run_bytes`."""
        parser = etree.XMLPullParser(
            events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
            huge_tree=False, remove_comments=True, remove_pis=True,
        )  # fmt: skip
        run_limit = self.limits.xml_run_bytes
        since = 0  # bytes since the last '>'
        tail = b""
        with self._part(part, limit) as stream:
            while True:
                try:
                    chunk = stream.read(CHUNK)
                except Exception as exc:  # zlib, bz2, lzma errors, a bad CRC, a short file
                    raise TableError(f"{self.path}: {part} cannot be unpacked ({exc})"
                                     ) from None  # fmt: skip
                if not chunk:
                    break
                if b"<!DOCTYPE" in tail + chunk[:16] or b"<!DOCTYPE" in chunk:
                    raise TableError(f"{self.path}: {part} declares a DTD, which a workbook "
                                     f"never does (its entities could expand without end)"
                                     )  # fmt: skip
                tail = chunk[-16:]
                first = chunk.find(b">")  # gaps inside a chunk are shorter than the limit
                since = since + len(chunk) if first < 0 else since + first
                if since > run_limit:
                    raise TableError(f"{self.path}: {part} holds a tag or a text of more than "
                                     f"{size(run_limit)}")  # fmt: skip
                if first >= 0:
                    since = len(chunk) - chunk.rfind(b">") - 1
                try:
                    parser.feed(chunk)
                    events = list(parser.read_events())
                except _XML_ERRORS as exc:
                    raise TableError(f"{self.path}: {part} is not well-formed XML ({exc})"
                                     ) from None  # fmt: skip
                for _, element in events:
                    if isinstance(element, etree._Element):
                        yield element
            try:
                parser.close()
                events = list(parser.read_events())
            except _XML_ERRORS as exc:
                raise TableError(f"{self.path}: {part} is not well-formed XML ({exc})"
                                 ) from None  # fmt: skip
            for _, element in events:
                if isinstance(element, etree._Element):
                    yield element

    # -- rows --------------------------------------------------------------------------

    def rows(self, sheet: str, part: str, problems: RowProblems
             ) -> Iterator[tuple[int, list[Cell]]]:  # fmt: skip
        """The sheet's rows that hold a value, as (row number, the values up to the last
        filled cell); blank rows are left out (Excel keeps formatted ones by the million).

        A cell that cannot be read (past the last column, a reference that is none, a
        shared string the workbook lacks) is left out and said in `problems`, on its row;
        anything else wrong with the sheet ends it (the XML cannot be read further)."""
        limits = self.limits
        where = f"{self.path} (sheet {sheet!r})"
        row = 0  # number of the last row yielded
        cells: list[Cell] = []
        said: list[tuple[int | None, str]] = []  # problems of the row being read
        column = 0  # of the last cell read in this row, 1-based
        inner = 0  # elements in the current cell
        other = 0  # elements that are neither rows nor cells (formats, links, merges)
        past = 0  # cells of this row past the last column
        for element in self._elements(part, limits.xlsx_part_bytes):
            name = _local(element.tag)
            if name == "c":
                inner = 0
                column, problem = self._column(element, column)
                if column > limits.columns:
                    past += 1
                    if past > limits.columns:  # no workbook Excel wrote: a flood of cells
                        raise TableError(f"{where}, row {row + 1}: more than "
                                         f"{limits.columns:,} cells past the last column "
                                         f"({column_letter(limits.columns - 1)})")  # fmt: skip
                    _drop(element)
                    continue
                value, at = None, None  # at: the column a problem is in, when it is known
                if problem is None:
                    value, problem = self._value(element, column)
                    at = column - 1
                if problem is not None:
                    if len(said) < MAX_PER_ROW:
                        said.append((at, problem))
                elif value is not None and value != "":
                    if column > len(cells):
                        cells.extend([None] * (column - len(cells)))
                    cells[column - 1] = value
                _drop(element)
            elif name == "row":
                number = self._row_number(element, row, where)
                if past:
                    last = column_letter(limits.columns - 1)
                    said.append((None, f"{past:,} cell{'s' if past > 1 else ''} past the limit "
                                       f"of {limits.columns:,} columns ({last}): not read"))
                for index, message in said:
                    problems.add(number, index, message)
                if cells or said:
                    yield number, cells
                    cells, said = [], []
                row, column, past = number, 0, 0
                _drop(element)
            elif _inside_a_cell(element):
                inner += 1
                if inner > limits.xml_cell_elements:
                    raise TableError(f"{where}, row {row + 1}: a cell has more than "
                                     f"{limits.xml_cell_elements:,} elements")  # fmt: skip
            else:
                other += 1
                if other > limits.xml_other_elements:
                    raise TableError(f"{where}: more than {limits.xml_other_elements:,} "
                                     f"elements that are neither rows nor cells")  # fmt: skip
                _drop(element)

    def _row_number(self, element: etree._Element, last: int, where: str) -> int:
        text = element.get("r")
        if text is None:
            number = last + 1
        else:
            number = _int(text) or 0
            if number <= last:
                raise TableError(f"{where}: row number {text!r} after row {last}; rows must "
                                 f"come in order")  # fmt: skip
        if number > self.limits.rows:
            raise TableError(f"{where}: row {number:,} is past the limit of "
                             f"{self.limits.rows:,} rows")  # fmt: skip
        return number

    @staticmethod
    def _column(element: etree._Element, last: int) -> tuple[int, str | None]:
        """The cell's column (1-based; past the limit, the caller counts it), and why the
        cell cannot be read, if it cannot."""
        ref = element.get("r")
        if ref is None:
            return last + 1, None
        m = _CELL_REF.fullmatch(ref)
        if m is None:
            return last, f"{ref[:40]!r} is not a cell reference: the cell is not read"
        column = 0
        for letter in m.group(1).upper():
            column = column * 26 + ord(letter) - 64
        return column, None

    def _value(self, element: etree._Element, column: int) -> tuple[Cell, str | None]:
        """The cell's value, and why it cannot be read, if it cannot."""
        kind = element.get("t", "n")
        if kind == "inlineStr":
            for child in element:
                if _local(child.tag) == "is":
                    return _text_of(child), None
            return None, None
        if kind == "s":
            raw = next((c.text for c in element if _local(c.tag) == "v"), None)
            index = _int(raw)
            if raw is None:
                return None, None
            if index is None or index >= len(self.strings):
                return None, (f"column {column_letter(column - 1)}: refers to shared string "
                              f"{raw[:40]!r}, which the workbook does not have: not "
                              f"read")  # fmt: skip
            return self.strings[index], None
        return self._plain_value(element, kind), None

    def _plain_value(self, element: etree._Element, kind: str) -> Cell:
        raw: str | None = None
        for child in element:
            if _local(child.tag) == "v":
                raw = child.text
                break
        if raw is None:
            return None
        if kind in ("str", "e"):
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                parsed: Cell = from_ISO8601(raw)  # type: ignore[no-untyped-call]
            except (ValueError, TypeError, OverflowError):
                return raw
            return parsed
        number = _number(raw)
        if number is None:
            return raw
        style = _int(element.get("s") or "0")
        if style and style in self.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                dated: Cell = from_excel(number, self.epoch, timedelta=style in self.durations)
            except (ValueError, OverflowError, TypeError):
                return number
            return dated
        return number


def _drop(element: etree._Element) -> None:
    """Free an element that has been read, with what it holds (the parser has moved past
    it: only open elements are its concern)."""
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
    element.clear()


def _inside_a_cell(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and _local(parent.tag) in _CELL_PARTS


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _number(text: str) -> int | float | None:
    """A cell's number as openpyxl gives it: int unless written with a point or exponent."""
    text = text.strip()
    if len(text) > 400:
        return None
    try:
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)
    except ValueError:
        return None


def _join(base: str, target: str) -> str:
    """A relationship target resolved against the folder of the part that names it."""
    parts: list[str] = []
    for piece in PurePosixPath(base, target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)
