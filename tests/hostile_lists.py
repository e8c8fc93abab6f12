"""Hostile list files, built from the first record of a real one, and a child process that
reads one and reports the outcome and its own peak memory.

Used by tests/test_list_limits.py; also runnable against another checkout of Caspian to
measure the same files before a change:
`python -m tests.hostile_lists <caspian root> <file> <format>`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.list_samples import first_xml_records

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024
# The child's address space is capped well above the 1 GB the tests allow, so that a
# runaway read fails in the child instead of taking the machine.
ADDRESS_SPACE = 4096 * MiB

# XML format -> (shared file, the element of one record)
XML_FORMATS = {
    "ofac-xml": ("ofac/consolidated_xml_2024-05-06/consolidated.xml", "sdnEntry"),
    "ofac-advanced-xml": ("ofac/cons_advanced_xml_2020-03-17/cons_advanced.xml", "DistinctParty"),
    "ofac-enhanced-xml": ("ofac/cons_enhanced_xml_2025-01-10/CONS_ENHANCED.XML", "entity"),
    "un-xml": ("un/consolidated_xml_2026-02-27/consolidated.xml", "INDIVIDUAL"),
}
# Text format -> (shared file, lines of it to keep as the start of the hostile file)
TEXT_FORMATS = {
    "ofac-csv": ("ofac/sdn_csv_2024-05-03/sdn.csv", 3),
    "bis-dpl": ("us_bis/dpl_txt_2023-11-28/dpl.txt", 3),
    "trade-csl": ("us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE/csl.csv", 3),
    "uk-ofsi-csv": ("uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv", 4),
    "ftm": ("opensanctions/yente_fixture_zala/entities.ftm.json", 3),
}


@dataclass(frozen=True)
class XmlParts:
    """A real document cut around its first record: head + record start | inside | end."""

    head: bytes  # everything up to and including the first record's start tag
    inside: bytes  # the rest of the first record, with its end tag
    tail: bytes  # everything after the first record


def xml_parts(lists_dir: Path, fmt: str) -> XmlParts:
    rel, tag = XML_FORMATS[fmt]
    doc = first_xml_records((lists_dir / rel).read_bytes(), 1)
    found = re.search(rf"<{tag}[\s>/]".encode(), doc)
    assert found is not None
    open_end = doc.index(b">", found.start()) + 1
    end_tag = f"</{tag}>".encode()
    close = doc.index(end_tag, open_end) + len(end_tag)
    return XmlParts(doc[:open_end], doc[open_end:close], doc[close:])


def _repeat(fh: IO[bytes], unit: bytes, count: int) -> None:
    block = unit * 100_000
    for _ in range(count // 100_000):
        fh.write(block)
    fh.write(unit * (count % 100_000))


Builder = Callable[[IO[bytes], XmlParts], None]


TINY = 25_000_000  # 100 MB of "<a/>": 3 GB of tree when nothing bounds it


def _tiny_in_record(fh: IO[bytes], parts: XmlParts) -> None:
    fh.write(parts.head)
    _repeat(fh, b"<a/>", TINY)
    fh.write(parts.inside + parts.tail)


def _tiny_between_records(fh: IO[bytes], parts: XmlParts) -> None:
    fh.write(parts.head + parts.inside)
    _repeat(fh, b"<a/>", TINY)
    fh.write(parts.tail)


def _tiny_spread_between_records(fh: IO[bytes], parts: XmlParts) -> None:
    # 3 million tiny elements in 15 runs, each under the bytes-per-record limit, each
    # followed by a copy of the record: freed as the reader goes.
    fh.write(parts.head + parts.inside)
    record = parts.head[parts.head.rindex(b"<") :] + parts.inside
    for _ in range(15):
        _repeat(fh, b"<a/>", 200_000)
        fh.write(record)
    fh.write(parts.tail)


def _many_elements_in_record(fh: IO[bytes], parts: XmlParts) -> None:
    fh.write(parts.head)
    _repeat(fh, b"<a/>", 200_000)  # 800 kB: under the byte limit, over the element limit
    fh.write(parts.inside + parts.tail)


def _long_text(fh: IO[bytes], parts: XmlParts) -> None:
    fh.write(parts.head + b"<a>")
    _repeat(fh, b"x", 2 * MiB)  # under the byte limit, over the value limit
    fh.write(b"</a>" + parts.inside + parts.tail)


def _enormous_text(fh: IO[bytes], parts: XmlParts) -> None:
    fh.write(parts.head + b"<a>")
    _repeat(fh, b"x", 200 * MiB)
    fh.write(b"</a>" + parts.inside + parts.tail)


def _deep(fh: IO[bytes], parts: XmlParts) -> None:
    fh.write(parts.head)
    _repeat(fh, b"<a>", 1_000_000)
    _repeat(fh, b"</a>", 1_000_000)
    fh.write(parts.inside + parts.tail)


def _many_attributes(fh: IO[bytes], parts: XmlParts) -> None:
    fh.write(parts.head + b"<a")
    for i in range(0, 2_000_000, 100_000):
        fh.write(b"".join(b' a%d=""' % n for n in range(i, i + 100_000)))
    fh.write(b"/>" + parts.inside + parts.tail)


XML_CASES: dict[str, Builder] = {
    "tiny-elements-in-a-record": _tiny_in_record,
    "tiny-elements-between-records": _tiny_between_records,
    "tiny-elements-spread-between-records": _tiny_spread_between_records,
    "many-elements-in-a-record": _many_elements_in_record,
    "long-text": _long_text,
    "enormous-text": _enormous_text,
    "deep-nesting": _deep,
    "many-attributes": _many_attributes,
}


def build_xml(lists_dir: Path, fmt: str, case: str, path: Path) -> Path:
    parts = xml_parts(lists_dir, fmt)
    with path.open("wb") as fh:
        XML_CASES[case](fh, parts)
    return path


TextBuilder = Callable[[IO[bytes], bytes], None]


def _long_line(fh: IO[bytes], head: bytes) -> None:
    fh.write(head + b'"')
    _repeat(fh, b"x", 300 * MiB)
    fh.write(b'"\n')


def _long_cell(fh: IO[bytes], head: bytes) -> None:
    fh.write(head + b'"')
    _repeat(fh, b"x", 5 * MiB)  # one line under the line limit, one cell of 5 MB
    fh.write(b'"\n')


def _endless_quoted_cell(fh: IO[bytes], head: bytes) -> None:
    fh.write(head + b'"')
    _repeat(fh, b"x\n", 20_000_000)  # a quote never closed, over 20 million lines


def _deep_json(fh: IO[bytes], head: bytes) -> None:
    fh.write(head + b'{"id": "x", "schema": "Person", "properties": ')
    _repeat(fh, b"[", 1_000_000)
    _repeat(fh, b"]", 1_000_000)
    fh.write(b"}\n")


TEXT_CASES: dict[str, TextBuilder] = {
    "long-line": _long_line,
    "long-cell": _long_cell,
    "endless-quoted-cell": _endless_quoted_cell,
}
JSON_CASES: dict[str, TextBuilder] = {"long-line": _long_line, "deep-json": _deep_json}


def build_text(lists_dir: Path, fmt: str, case: str, path: Path) -> Path:
    rel, keep = TEXT_FORMATS[fmt]
    raw = (lists_dir / rel).read_bytes()
    head = b"".join(raw.splitlines(keepends=True)[:keep])
    cases = JSON_CASES if fmt == "ftm" else TEXT_CASES
    with path.open("wb") as fh:
        cases[case](fh, head)
    return path


CHILD = r"""
import json, resource, sys
from pathlib import Path
root, path, fmt, cap = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
try:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
except (ValueError, OSError):
    pass
from caspian.lists import detect, ofac_csv
from caspian.lists.base import ListFormatError
out = {}
try:
    if fmt == "detect":
        lists = detect.read_paths([path]).lists
    elif fmt == "ofac-csv":
        lists = [ofac_csv.read({"primary": path}, source="ofac-sdn")]
    else:
        lists = [detect.SINGLE_READERS[fmt](path)]
    out["entities"] = sum(len(data.entities) for data in lists)
except ListFormatError as exc:
    out["error"] = str(exc)
    out["path"] = exc.path
    out["line"] = exc.line
except BaseException as exc:
    out["crash"] = repr(exc)[:500]
# Linux: VmHWM is this program's own peak; ru_maxrss would also count the parent's
# memory at the fork (Linux carries it over exec).
try:
    status = Path("/proc/self/status").read_text()
    peak = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM:"))
    out["peak_mib"] = peak / 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["peak_mib"] = rss / (1024 * 1024 if sys.platform == "darwin" else 1024)
print(json.dumps(out))
"""


def read_in_child(path: Path, fmt: str, root: Path = ROOT) -> dict[str, Any]:
    """Read `path` in a fresh interpreter; its outcome and its peak resident memory."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(path), fmt, str(ADDRESS_SPACE)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        return {"crash": f"exit {done.returncode}: {done.stderr[-2000:]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":  # measure a file with another checkout of Caspian
    print(read_in_child(Path(sys.argv[2]), sys.argv[3], Path(sys.argv[1])))
