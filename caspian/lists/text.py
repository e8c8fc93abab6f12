"""Turning a list file's bytes into text, with errors that name the line.

Text list files (CSV, tab-separated, JSON lines) are read one line at a time
(`read_lines`), never whole, so memory follows the longest line, not the file; each
line is bounded (`ListLimits.max_line_bytes`) and so is the file.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from caspian.lists.base import ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits, over

BOM = b"\xef\xbb\xbf"
CHUNK = 1 << 20
_BLANK = b" \t\r\n\x1a"
_NOT_UTF8 = "a UTF-8 file (this looks like latin-1 or Windows-1252: re-encode it)"


def _cannot_read(path: Path, exc: OSError) -> ListFormatError:
    return ListFormatError(path, f"cannot read file: {exc.strerror or exc}")


def check_size(path: Path, limits: ListLimits = DEFAULT_LIMITS) -> int:
    """The file's size in bytes; a file over `max_file_bytes` is refused before reading."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    if size > limits.max_file_bytes:
        raise ListFormatError(
            path, over(f"file is {size:,} bytes", limits.max_file_bytes), expected="a list file"
        )
    return size


def decode(path: Path | str, raw: bytes, *, fallback: str | None = None) -> tuple[str, str]:
    """Decode UTF-8 (a BOM is dropped); return (text, encoding used).

    Some publishers write Windows-1252 (UK OFSI did); their readers pass `fallback`.
    Anyone else's non-UTF-8 byte is an error naming the line, never a silent guess.
    """
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if fallback:
            return raw.decode(fallback, errors="replace"), fallback
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ListFormatError(
            path, f"byte 0x{raw[exc.start]:02X} is not valid UTF-8", line=line, expected=_NOT_UTF8
        ) from None


def utf8_error(path: Path) -> ListFormatError | None:
    """The error for the first byte of a file that is not UTF-8 (None if all are),
    found in one streaming pass."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    try:
        with path.open("rb") as fh:
            while True:
                chunk = fh.read(CHUNK)
                try:
                    decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as exc:
                    # exc.object is the bytes held back from the last chunk (never a
                    # newline: part of one character) followed by this chunk.
                    data, start = exc.object, exc.start
                    return ListFormatError(
                        path,
                        f"byte 0x{data[start]:02X} is not valid UTF-8",
                        line=line + data.count(b"\n", 0, start),
                        expected=_NOT_UTF8,
                    )
                if not chunk:
                    return None
                line += chunk.count(b"\n")
    except OSError as exc:
        raise _cannot_read(path, exc) from None


def check_not_empty(path: Path, expected: str = "list records") -> None:
    """Refuse a file that holds nothing but blanks, a BOM and OFAC's Ctrl-Z."""
    try:
        with path.open("rb") as fh:
            first = True
            while chunk := fh.read(CHUNK):
                if first and chunk.startswith(BOM):
                    chunk = chunk[len(BOM) :]
                first = False
                if chunk.strip(_BLANK):
                    return
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    raise ListFormatError(path, "file is empty", expected=expected)


def read_text(
    path: Path, *, fallback: str | None = None, limits: ListLimits = DEFAULT_LIMITS
) -> tuple[str, str]:
    """Read and decode a whole file (bounded by `max_file_bytes`); empty files are an error.

    For small files only: list readers stream with `read_lines`."""
    check_size(path, limits)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    if not raw.strip(_BLANK + BOM):
        raise ListFormatError(path, "file is empty", expected="list records")
    return decode(path, raw, fallback=fallback)


def file_encoding(path: Path, fallback: str | None) -> str:
    """ "utf-8" when every byte of the file is UTF-8, else `fallback` (a streaming pass);
    without a fallback, a non-UTF-8 byte is an error naming its line."""
    error = utf8_error(path)
    if error is None:
        return "utf-8"
    if fallback:
        return fallback
    raise error


def read_lines(
    path: Path,
    *,
    fallback: str | None = None,
    eof_mark: bool = False,
    limits: ListLimits = DEFAULT_LIMITS,
) -> Iterator[str]:
    """The file's lines, decoded one at a time, each with its line ending (as the csv
    module wants them). The checks come first, before any line: the file's size, that it
    is not empty, and its encoding (UTF-8; `fallback` for publishers that wrote
    Windows-1252). A BOM is dropped; `eof_mark` drops the Ctrl-Z that ends OFAC's legacy
    CSVs. A line over `max_line_bytes` is an error naming it."""
    check_size(path, limits)
    check_not_empty(path)
    # The encoding is checked first, in one fast pass (C speed, no memory): a file
    # that is not UTF-8 gets that error, not whatever its first line looks like.
    encoding = file_encoding(path, fallback)
    return _lines(path, encoding, eof_mark, limits)


def _lines(path: Path, encoding: str, eof_mark: bool, limits: ListLimits) -> Iterator[str]:
    limit = limits.max_line_bytes
    errors = "strict" if encoding == "utf-8" else "replace"
    number = 0
    try:
        with path.open("rb") as fh:
            while raw := fh.readline(limit + 1):
                number += 1
                if len(raw) > limit and not raw.endswith(b"\n"):
                    raise ListFormatError(
                        path,
                        over("line is too long", limit),
                        line=number,
                        expected="lines of a list file",
                    )
                if number == 1 and raw.startswith(BOM):
                    raw = raw[len(BOM) :]
                if eof_mark and b"\x1a" in raw:
                    body = raw.rstrip(b"\r\n")
                    if body.endswith(b"\x1a"):
                        body = body.rstrip(b"\x1a")
                        if not body.strip(_BLANK):
                            continue
                        raw = body + b"\n"
                try:
                    yield raw.decode(encoding, errors)
                except UnicodeDecodeError as exc:
                    raise ListFormatError(
                        path,
                        f"byte 0x{raw[exc.start]:02X} is not valid UTF-8",
                        line=number,
                        expected=_NOT_UTF8,
                    ) from None
    except OSError as exc:
        raise _cannot_read(path, exc) from None


def cell_too_long(path: Path, exc: csv.Error, line: int | None) -> ListFormatError | None:
    """The error for a cell over the csv module's bound (131,072 characters by default,
    far above any real cell), or None for any other CSV error."""
    if "field larger than field limit" not in str(exc):
        return None
    limit = csv.field_size_limit()
    return ListFormatError(
        path,
        over(f"a cell longer than {limit:,} characters", limit),
        line=line,
        expected="cells of a list file",
    )


def strip_eof(text: str) -> str:
    """Drop the DOS end-of-file mark (Ctrl-Z) that OFAC's legacy CSVs end with."""
    body = text.rstrip("\r\n")
    if not body.endswith("\x1a"):
        return text
    return body.rstrip("\x1a").rstrip("\r\n") + "\n"


def file_date(path: Path) -> str:
    """The file's modification date (UTC, ISO): the fallback for lists that carry no date."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date().isoformat()


def csv_records(path: Path, lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each CSV record of `lines` (as `read_lines` gives them),
    an error naming the record's first line."""
    reader = csv.reader(lines, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise cell_too_long(path, exc, start) or ListFormatError(
                path,
                f"malformed CSV: {exc}",
                line=start,
                expected="comma-separated fields with balanced double quotes",
            ) from None
        yield start, cells
