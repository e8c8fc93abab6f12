"""Turning a list file's bytes into text, with errors that name the line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from caspian.lists.base import ListFormatError

BOM = b"\xef\xbb\xbf"


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
            path,
            f"byte 0x{raw[exc.start]:02X} is not valid UTF-8",
            line=line,
            expected="a UTF-8 file (this looks like latin-1 or Windows-1252: re-encode it)",
        ) from None


def read_text(path: Path, *, fallback: str | None = None) -> tuple[str, str]:
    """Read and decode a file; empty files are an error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not raw.strip(b" \t\r\n\x1a" + BOM):
        raise ListFormatError(path, "file is empty", expected="list records")
    return decode(path, raw, fallback=fallback)


def strip_eof(text: str) -> str:
    """Drop the DOS end-of-file mark (Ctrl-Z) that OFAC's legacy CSVs end with."""
    body = text.rstrip("\r\n")
    if not body.endswith("\x1a"):
        return text
    return body.rstrip("\x1a").rstrip("\r\n") + "\n"


def file_date(path: Path) -> str:
    """The file's modification date (UTC, ISO): the fallback for lists that carry no date."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date().isoformat()
