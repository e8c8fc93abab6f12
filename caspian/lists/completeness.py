"""Is a list file whole? One small rule per format, read from the file's last bytes.

A download that ends early without saying so (chunked, or a connection closed with no
Content-Length) looks like a whole file to HTTP; so does a file cut by a full disk or a
copy that stopped. Every format has an end a cut file lacks, and `read_paths` checks it
before a reader sees the file, so that neither `lists update` nor `lists load` puts
half a list in charge:

- OFAC legacy CSV: every file OFAC publishes ends with CRLF then Ctrl-Z (0x1A), checked
  on every legacy CSV in ../shared/data/lists (SDN 2021 and 2024, companions 2025, the
  consolidated set 2025). The one exception is the 2021 `sdn_comments.csv`, which ends
  with CRLF alone: a comments file (the remarks that overflow sdn.csv) may lack the
  Ctrl-Z, but not its final CRLF.
- XML: the root element is closed (`</CONSOLIDATED_LIST>` ...), only blanks after it. The
  streaming parser refuses a cut file too, but only once it reaches the end; this says
  what is wrong first, and tests/test_update_faults.py checks both for every XML reader.
- CSV and tab-separated lists (trade.gov CSL, BIS DPL, UK CSVs): the last line is
  whole: the file ends with a line end, or with the closing quote of the last cell
  (the readers then check the quotes and the number of cells). A cut inside a last
  unquoted cell leaves neither.
- FollowTheMoney JSON lines: every line is one JSON object, which the reader parses,
  so a cut line is refused there; a final line end is optional (OpenSanctions' own
  fixtures end without one).

A file cut exactly at a line end (or between two records) is whole by every one of
these rules except OFAC's Ctrl-Z: that is what the shrink rule of the store catches
(`caspian/lists/store.py`, `activation`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from caspian.lists.base import ListFormatError

TAIL_BYTES = 4096
CTRL_Z = b"\x1a"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _tail(path: Path, size: int = TAIL_BYTES) -> bytes:
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            end = fh.tell()
            fh.seek(max(0, end - size))
            return fh.read()
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None


def ofac_csv(path: Path, role: str) -> str | None:
    """OFAC's legacy CSVs end with CRLF and Ctrl-Z; a comments file may lack the Ctrl-Z."""
    tail = _tail(path, 3)
    if tail.endswith(b"\r\n" + CTRL_Z):
        return None
    if role == "comments" and tail.endswith(b"\r\n"):
        return None
    if tail.endswith(b"\n" + CTRL_Z):
        return None  # a copy whose line ends were converted: still whole
    if role != "comments" and tail.endswith(b"\n"):
        return (
            "the file ends without the Ctrl-Z (0x1A) that ends every OFAC legacy CSV: "
            "it was cut at a line end"
        )
    return "the file ends inside a line"


def xml(path: Path, root: str) -> str | None:
    """An XML list ends with its root's end tag; only blanks may follow it."""
    with path.open("rb") as fh:
        head = fh.read(2)
    tail = _tail(path)
    if head in _UTF16_BOMS:
        codec = "utf-16-le" if head == b"\xff\xfe" else "utf-16-be"
        text = tail[len(tail) % 2 :].decode(codec, errors="replace")
    else:
        text = tail.decode("utf-8", errors="replace")
    text = text.rstrip(" \t\r\n\x00")
    if re.search(rf"</(?:[A-Za-z_][\w.-]*:)?{re.escape(root)}\s*>$", text):
        return None
    return f"the file ends before the end tag </{root}> of its root element"


def tabular(path: Path) -> str | None:
    """A CSV or tab-separated list ends with a line end or a closing quote."""
    tail = _tail(path, 1)
    if tail in (b"\n", b"\r", b'"'):
        return None
    return "the file ends inside its last line (no line end, no closing quote)"


def _whole(path: Path) -> str | None:
    """Formats whose readers refuse a cut record themselves (FtM: a cut JSON object)."""
    return None


# The XML root element of each XML format (as detect.XML_ROOTS, reversed).
XML_ROOT_OF = {
    "ofac-xml": "sdnList",
    "ofac-advanced-xml": "Sanctions",
    "ofac-enhanced-xml": "sanctionsData",
    "un-xml": "CONSOLIDATED_LIST",
    "uk-sanctions-list-xml": "Designations",
    "eu-fsf-xml": "export",
    "canada-sema-xml": "data-set",
}
CHECKS: dict[str, Callable[[Path], str | None]] = {
    **{fmt: partial(xml, root=root) for fmt, root in XML_ROOT_OF.items()},
    "trade-csl": tabular,
    "bis-dpl": tabular,
    "uk-ofsi-csv": tabular,
    "uk-sanctions-list-csv": tabular,
    "ftm": _whole,
}


def problem(path: Path, fmt: str) -> str | None:
    """Why the file at `path`, of format `fmt` (as `sniff` gives it), is not whole; None
    when its end is as its format ends."""
    if fmt.startswith("ofac-csv:"):
        return ofac_csv(path, fmt.partition(":")[2])
    check = CHECKS.get(fmt)
    if check is None:
        raise ValueError(f"no completeness rule for format {fmt!r}")
    return check(path)


class IncompleteFile(ListFormatError):
    """A list file that ends before its format does: refused, nothing of it is loaded."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(path, f"incomplete file: {reason} (a truncated download or copy?)")
        self.reason = reason
