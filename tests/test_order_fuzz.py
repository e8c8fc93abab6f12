"""Fuzzing the order-table reader: the example book (CSV, and the same book in Windows-1251
with semicolons, and its .xlsx), mutated the ways files get damaged or forged, must read
to orders or to a clean TableError naming the file; any other exception fails. The whole
iterator of orders is drained each time. Deterministic (derandomized) so CI sees the same
cases every run; `CASES` counts the cases tried, for the README."""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caspian.io.order_tables import TableError, open_orders

ROOT = Path(__file__).resolve().parents[1]
CSV_BOOK = (ROOT / "caspian" / "examples" / "order_book.csv").read_bytes()[:40_000]
XLSX_BOOK = (ROOT / "caspian" / "examples" / "order_book.xlsx").read_bytes()
CP1251_BOOK = (
    CSV_BOOK.decode("utf-8").replace(",", ";").replace("Sistemas Electrónicos", "Системы")
    .encode("cp1251", "replace")
)  # fmt: skip
PROFILE = settings(max_examples=250, derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow,
                                          HealthCheck.data_too_large])  # fmt: skip
CASES: Counter[str] = Counter()
OUTCOMES: Counter[str] = Counter()

NASTY = [b'"', b",", b";", b"\t", b"\n", b"\r", b"\r\n", b"\x00", b"\xef\xbb\xbf",
         b"\xff\xfe", b"\x1a", b"\xc3", b"\xe2\x80", b"=cmd|' /C calc'!A0", b"\\", b"'",
         b"x" * 40_000, b'"' * 3, b"Order No.", b"\xd0\xcf\x11\xe0", b"PK\x03\x04",
         b"{", b"<", b"\x85", "\u2028".encode()]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """The file with a few edits: flipped bytes, cuts, insertions of nasty bytes, lines
    repeated or dropped, a header changed."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete", "dup_line",
                                     "drop_line", "header", "truncate"]))  # fmt: skip
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        if kind == "flip":
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del out[at : at + draw(st.integers(1, 2000))]
        elif kind == "insert":
            out[at:at] = draw(st.sampled_from(NASTY)) * draw(st.integers(1, 3))
        elif kind == "delete":
            del out[at]
        elif kind in ("dup_line", "drop_line"):
            lines = bytes(out).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "dup_line":
                lines[i:i] = [lines[i]] * draw(st.integers(1, 50))
            else:
                del lines[i]
            out = bytearray(b"\n".join(lines))
        elif kind == "header":
            end = out.find(b"\n")
            out[: max(end, 0)] = draw(st.binary(max_size=200))
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


def _read(path: Path, kind: str) -> None:
    """Open and drain; the only error allowed is a TableError naming the file."""
    CASES[kind] += 1
    try:
        _, orders = open_orders(path)
        for row, order in orders:
            assert isinstance(row, int) and isinstance(order, dict) and order.get("id")
        OUTCOMES["orders"] += 1
    except TableError as exc:
        assert str(exc).startswith(str(path)), exc
        OUTCOMES["refused"] += 1


@PROFILE
@given(data=mutated(CSV_BOOK))
def test_mutated_csv(data: bytes) -> None:
    _read(_file("book.csv", data), "csv")


@PROFILE
@given(data=mutated(CP1251_BOOK))
def test_mutated_cp1251_semicolon_csv(data: bytes) -> None:
    _read(_file("book-1251.csv", data), "csv-cp1251")


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(XLSX_BOOK)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


PARTS = _parts()
SHEET = PARTS["xl/worksheets/sheet1.xml"][:60_000] + b"</row></sheetData></worksheet>"
XML_NASTY = [b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x1F600;", b"<!DOCTYPE x>", b'"',
             b"</row>", b"<row>", b'<row r="99999999">', b'<c r="XFE1">', b'<c t="s"><v>',
             b"<v>1e999</v>", b'<c t="s"><v>99999</v></c>', b"<is><t>", b"]]>", b"<![CDATA[",
             b'<c r="A1" s="99999">', b'<c t="d"><v>not a date</v></c>', b"_x0000_",
             b'<?xml version="1.0" encoding="utf-16"?>', b"\x00", b"\xff"]  # fmt: skip


@st.composite
def mutated_xml(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "insert", "cut", "truncate"]))
        if kind == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            out[at:at] = draw(st.sampled_from(XML_NASTY))
        elif kind == "cut":
            del out[at : at + draw(st.integers(1, 500))]
        else:
            del out[at:]
    return bytes(out)


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


@PROFILE
@given(part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml",
                             "xl/_rels/workbook.xml.rels", "xl/styles.xml"]),
       data=st.data())  # fmt: skip
def test_mutated_xlsx_parts(part: str, data: st.DataObject) -> None:
    source = SHEET if part.endswith("sheet1.xml") else PARTS[part]
    parts = {**PARTS, "xl/worksheets/sheet1.xml": SHEET, part: data.draw(mutated_xml(source))}
    _read(_file("book.xlsx", _zip(parts)), "xlsx-part")


SMALL_XLSX = _zip({**PARTS, "xl/worksheets/sheet1.xml": SHEET})


@PROFILE
@given(data=mutated(SMALL_XLSX))
def test_mutated_xlsx_archive(data: bytes) -> None:
    """Bytes of the archive itself flipped, cut and truncated."""
    _read(_file("archive.xlsx", data), "xlsx-archive")


def test_the_fuzzing_ran_its_cases() -> None:
    """Runs after the fuzz tests (file order): every target was tried; the count is the
    number given in the README."""
    assert set(CASES) == {"csv", "csv-cp1251", "xlsx-part", "xlsx-archive"}, CASES
    assert all(n >= 100 for n in CASES.values()), CASES
    assert OUTCOMES["orders"] and OUTCOMES["refused"], OUTCOMES
    print(f"\norder-table fuzzing: {sum(CASES.values())} cases {dict(CASES)}, {dict(OUTCOMES)}")


_FOLDER: list[Path] = []


def _file(name: str, data: bytes) -> Path:
    """A file in a folder of this test run (hypothesis runs many cases in one test call,
    so pytest's per-test tmp_path is not fresh for each)."""
    if not _FOLDER:
        _FOLDER.append(Path(tempfile.mkdtemp(prefix="caspian-fuzz-")))
        atexit.register(shutil.rmtree, _FOLDER[0], True)
    path = _FOLDER[0] / name
    path.write_bytes(data)
    return path
