"""Hostile order books: each is read in a child process whose peak memory is measured; the
only outcomes allowed are a clean TableError naming the file (exit 2 from `caspian
screen`) or a result, under 1 GB. And each limit of order_limits.TableLimits, met by a
small table under a lowered limit, is an error naming the file, row and column."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import resource
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from caspian.io.order_limits import DEFAULT_LIMITS, TableLimits
from caspian.io.order_tables import TableError, open_orders
from tests.hostile_tables import (
    HEADER,
    HEADER_CELLS,
    HOSTILE,
    MAIN,
    ROW,
    ROW_CELLS,
    inline_row,
    ordinary_sheet,
    sheet_xml,
    write_xlsx,
)

GB = 1 << 30
ROOT = Path(__file__).resolve().parents[1]
READ = """
import json, sys
from pathlib import Path
from caspian.io.order_tables import TableError, open_orders
try:
    info, orders = open_orders(Path(sys.argv[1]))
    print(json.dumps({"orders": sum(1 for _ in orders), "rows": info.rows}))
except TableError as exc:
    print(json.dumps({"error": str(exc)}))
"""


def _child(args: list[str], out: Path) -> tuple[int, int, str]:
    """(exit code, peak resident memory in bytes, output) of a child process, which may
    address at most 3 GB (a regression fails here, not by taking the machine down)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * GB, 3 * GB))

    with out.open("w+b") as fh:
        proc = subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT,
                                preexec_fn=cap)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        fh.seek(0)
        text = fh.read().decode("utf-8", "replace")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB here
    return proc.returncode, usage.ru_maxrss * scale, text


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_order_book_is_refused_or_read_in_bounded_memory(
    tmp_path: Path, name: str
) -> None:
    path = HOSTILE[name](tmp_path)
    code, peak, output = _child([sys.executable, "-c", READ, str(path)], tmp_path / "out")
    assert code == 0, output
    result = json.loads(output.strip().splitlines()[-1])
    assert peak < GB, f"{name}: {peak / 2**20:.0f} MB"
    if "error" in result:
        assert result["error"].startswith(str(path)), result
    else:
        assert result["orders"] >= 1, result
    path.unlink()


@pytest.mark.parametrize("name", ["csv-huge-cell", "xlsx-far-row", "xlsx-huge-inline-cell"])
def test_caspian_screen_refuses_a_hostile_book_with_exit_2(
    tmp_path: Path, lists_dir: Path, name: str
) -> None:
    path = HOSTILE[name](tmp_path)
    dataset = lists_dir / "us_bis" / "dpl_txt_2023-11-28"
    caspian = str(Path(sys.executable).parent / "caspian")
    code, peak, output = _child(
        [caspian, "--data-dir", str(tmp_path / "data"), "screen", str(path), "--dataset",
         str(dataset), "--out-dir", str(tmp_path / "out"), "--workers", "1"],
        tmp_path / "out.txt")  # fmt: skip
    assert code == 2, output
    assert "error:" in output and path.name in output.replace("\n", "")
    assert "Traceback" not in output
    assert peak < GB


# -- each limit, met by a small table ---------------------------------------------------


def _refused(path: Path, limits: TableLimits) -> str:
    with pytest.raises(TableError) as err:
        _info, orders = open_orders(path, limits=limits)
        list(orders)
    message = str(err.value)
    assert message.startswith(str(path)), message
    return message


def _limits(**kwargs: int) -> TableLimits:
    return dataclasses.replace(DEFAULT_LIMITS, **kwargs)


def test_the_limits_are_those_of_excel_where_excel_has_one() -> None:
    assert (DEFAULT_LIMITS.cell_chars, DEFAULT_LIMITS.columns, DEFAULT_LIMITS.rows) == (
        32_767, 16_384, 1_048_576)  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.rows = 5  # type: ignore[misc]


def test_a_cell_too_long_names_row_and_column(tmp_path: Path) -> None:
    csv_path = tmp_path / "long.csv"
    csv_path.write_text(HEADER + "PO-1,Acme,AE," + "x" * 101 + "\n", encoding="utf-8")
    assert _refused(csv_path, _limits(cell_chars=100)).endswith(
        "row 2, column D: a cell of 101 characters; the limit is 100 (Excel's own)")
    xlsx = write_xlsx(tmp_path / "long.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), inline_row(2, ("PO-1", "y" * 101))]))  # fmt: skip
    assert _refused(xlsx, _limits(cell_chars=100)).startswith(
        f"{xlsx} (sheet 'Orders'), row 2, column B: a cell of 101 characters")


def test_rows_columns_and_cells(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + ROW * 30, encoding="utf-8")
    assert "more than 20 rows" in _refused(path, _limits(rows=20))
    assert "row 1: 4 cells; the limit is 3" in _refused(path, _limits(columns=3))
    assert "row 11: the table holds more than 40 cells" in _refused(path, _limits(cells=40))
    # a blank row counts: a sheet of a million blank rows is a sheet of a million rows
    blank = tmp_path / "blank.xlsx"
    write_xlsx(blank, sheet_xml([inline_row(1, HEADER_CELLS), inline_row(50, ROW_CELLS)]))
    assert "row 50 is past the limit of 20 rows" in _refused(blank, _limits(rows=20))
    info, orders = open_orders(blank)
    assert [row for row, _ in orders] == [50] and (info.rows, info.skipped) == (49, 48)


def test_one_order_of_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text(HEADER + ROW * 12, encoding="utf-8")
    assert _refused(path, _limits(order_rows=10)).endswith(
        "row 12: order 'PO-1' runs over more than 10 rows (from row 2); the limit for one "
        "order is 10")  # fmt: skip
    _info, orders = open_orders(path, limits=_limits(order_rows=12))
    assert len(list(orders)) == 1


def test_a_csv_row_that_never_ends(tmp_path: Path) -> None:
    line = tmp_path / "line.csv"
    line.write_text(HEADER + "PO-1,Acme" + ",x" * 400 + "\n", encoding="utf-8")
    assert "line 2 is longer than 500 bytes" in _refused(line, _limits(row_bytes=500))
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(HEADER + 'PO-1,"Acme\n' + "more\n" * 200 + '",AE,x\n', encoding="utf-8")
    assert "row 2 runs over more than 500 bytes (a quote that is never closed?)" in _refused(
        quoted, _limits(row_bytes=500))  # fmt: skip
    mac = tmp_path / "mac.csv"
    mac.write_bytes((HEADER + ROW).replace("\n", "\r").encode() + b"B" * 2000)
    assert "line 3 is longer than 500 bytes" in _refused(mac, _limits(row_bytes=500))
    wide = tmp_path / "wide.csv"
    wide.write_bytes((HEADER + "PO-1," + "A" * 1000 + "\n").encode("utf-16"))
    assert "line 2 is longer than 500 characters" in _refused(wide, _limits(row_bytes=500))


def test_a_csv_cell_past_the_csv_module_limit_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + ROW + 'PO-2,"' + "A" * 200_000 + '",AE,x\n', encoding="utf-8")
    message = _refused(path, DEFAULT_LIMITS)
    if csv.field_size_limit() < 200_000:  # the csv module's default bound (131,072)
        assert message.endswith(f"row 3 cannot be read as CSV (a cell is longer than "
                                f"{csv.field_size_limit():,} characters; the limit is 32,767)")
    else:  # another library raised the process-wide bound (followthemoney does)
        assert message.endswith("row 3, column B: a cell of 200,000 characters; the limit is "
                                "32,767 (Excel's own)")  # fmt: skip


def test_workbook_archive_limits(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "parts.xlsx", ordinary_sheet(), extra=30)
    assert "lists 37 files" in _refused(book, _limits(xlsx_parts=20))
    assert "sheet1.xml unpacks to 566 bytes; the limit for it is 500 bytes" in _refused(
        book, _limits(xlsx_part_bytes=500))  # fmt: skip
    assert "its parts unpack to more than 1,000 bytes" in _refused(
        book, _limits(xlsx_bytes=1000))  # fmt: skip
    shared = [f'<sst xmlns="{MAIN}">', "<si><t>a</t></si>" * 30, "</sst>"]
    strings = write_xlsx(tmp_path / "strings.xlsx", ordinary_sheet(), shared=shared)
    assert "more than 20 shared strings in xl/sharedStrings.xml" in _refused(
        strings, _limits(xlsx_shared_strings=20))  # fmt: skip
    bomb = write_xlsx(tmp_path / "bomb.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), inline_row(2, ROW_CELLS), "<row/>" * 400_000]))  # fmt: skip
    assert "sheet1.xml unpacks" in _refused(bomb, DEFAULT_LIMITS)
    assert "(a zip bomb?)" in _refused(bomb, DEFAULT_LIMITS)


def test_a_damaged_archive_is_a_clean_error(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "book.xlsx", ordinary_sheet())
    data = book.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert "damaged zip archive" in _refused(cut, DEFAULT_LIMITS)
    with zipfile.ZipFile(book) as archive:
        offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length  # the packed sheet
    flipped = bytearray(data)
    flipped[start + 10] ^= 0xFF
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(flipped))
    message = _refused(bad, DEFAULT_LIMITS)
    assert "xl/worksheets/sheet1.xml" in message, message


def test_workbook_xml_limits(tmp_path: Path) -> None:
    runs = "".join(f"<r><t>{i}</t></r>" for i in range(30))
    rich = write_xlsx(tmp_path / "rich.xlsx", sheet_xml([
        inline_row(1, HEADER_CELLS), f'<row r="2"><c t="inlineStr"><is>{runs}</is></c></row>']))
    assert "row 2: a cell has more than 20 elements" in _refused(
        rich, _limits(xml_cell_elements=20))  # fmt: skip
    assert open_orders(rich)[0].columns  # and read within the default
    junk = write_xlsx(tmp_path / "junk.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), inline_row(2, ROW_CELLS)], before=["<x/>"] * 30))
    assert "more than 20 elements that are neither rows nor cells" in _refused(
        junk, _limits(xml_other_elements=20))  # fmt: skip
    styles = [f'<styleSheet xmlns="{MAIN}"><cellXfs>', '<xf numFmtId="14"/>' * 30,
              "</cellXfs></styleSheet>"]  # fmt: skip
    many = write_xlsx(tmp_path / "styles.xlsx", ordinary_sheet(), styles=styles)
    assert "defines more than 20 cell formats" in _refused(many, _limits(xlsx_cell_formats=20))
    attributes = "".join(f' a{i}="1"' for i in range(20_000))
    long_tag = write_xlsx(tmp_path / "tag.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), f'<row r="2"><c{attributes}/></row>']))
    assert "holds a tag or a text of more than" in _refused(
        long_tag, _limits(xml_run_bytes=100_000))  # fmt: skip


def test_rows_out_of_order_and_bad_references(tmp_path: Path) -> None:
    back = write_xlsx(tmp_path / "back.xlsx", sheet_xml(
        [inline_row(5, HEADER_CELLS), inline_row(3, ROW_CELLS)]))  # fmt: skip
    assert "row number '3' after row 5; rows must come in order" in _refused(
        back, DEFAULT_LIMITS)  # fmt: skip
    ref = write_xlsx(tmp_path / "ref.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), '<row r="2"><c r="1A"><v>1</v></c></row>']))  # fmt: skip
    assert "row 2: '1A' is not a cell reference" in _refused(ref, DEFAULT_LIMITS)
    missing = write_xlsx(tmp_path / "missing.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), '<row r="2"><c r="B2" t="s"><v>7</v></c></row>']))
    assert "row 2, column B: refers to shared string '7', which the workbook does not have" in (
        _refused(missing, DEFAULT_LIMITS))  # fmt: skip
