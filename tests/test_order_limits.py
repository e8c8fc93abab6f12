"""Hostile order books: each is read in a child process whose peak memory is measured; the
only outcomes allowed are a clean TableError naming the file (exit 2 from `caspian
screen`) or a result, under 1 GB. And each limit of order_limits.TableLimits, met by a
small table under a lowered limit: a per-row limit is an input error of that row's order
naming the row and column (the other rows are read), a per-file limit an error naming the
file, row and column."""

from __future__ import annotations

import csv
import dataclasses
import json
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from caspian.io.order_limits import DEFAULT_LIMITS, TableLimits
from caspian.io.order_tables import TableError, open_orders
from tests.hostile_tables import (
    GB,
    HEADER,
    HEADER_CELLS,
    HOSTILE,
    MAIN,
    ROW,
    ROW_CELLS,
    inline_row,
    ordinary_sheet,
    run_child,
    sheet_xml,
    write_xlsx,
)

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


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_order_book_is_refused_or_read_in_bounded_memory(
    tmp_path: Path, name: str
) -> None:
    path = HOSTILE[name](tmp_path)
    code, peak, output = run_child([sys.executable, "-c", READ, str(path)], tmp_path / "out")
    assert code == 0, output
    result = json.loads(output.strip().splitlines()[-1])
    assert peak < GB, f"{name}: {peak / 2**20:.0f} MB"
    if "error" in result:
        assert result["error"].startswith(str(path)), result
    else:
        assert result["orders"] >= 1, result
    path.unlink()


@pytest.mark.parametrize("name", ["csv-million-blank-rows", "xlsx-far-row",
                                  "xlsx-huge-inline-cell"])  # fmt: skip
def test_caspian_screen_refuses_a_hostile_book_with_exit_2(
    tmp_path: Path, lists_dir: Path, name: str
) -> None:
    path = HOSTILE[name](tmp_path)
    dataset = lists_dir / "us_bis" / "dpl_txt_2023-11-28"
    caspian = str(Path(sys.executable).parent / "caspian")
    code, peak, output = run_child(
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


def _errors(path: Path, limits: TableLimits) -> dict[str, list[str]]:
    """Order id -> "field: message" of each of its input errors, for every order read."""
    _info, orders = open_orders(path, limits=limits)
    return {order["id"]: [f"{e['field']}: {e['message']}" for e in order.get("input_errors", [])]
            for _, order in orders}  # fmt: skip


def _limits(**kwargs: int) -> TableLimits:
    return dataclasses.replace(DEFAULT_LIMITS, **kwargs)


def test_the_limits_are_those_of_excel_where_excel_has_one() -> None:
    assert (DEFAULT_LIMITS.cell_chars, DEFAULT_LIMITS.columns, DEFAULT_LIMITS.rows) == (
        32_767, 16_384, 1_048_576)  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.rows = 5  # type: ignore[misc]


def test_a_cell_too_long_is_an_input_error_of_its_row(tmp_path: Path) -> None:
    csv_path = tmp_path / "long.csv"
    csv_path.write_text(HEADER + "PO-1,Acme,AE," + "x" * 101 + "\n" + ROW.replace("1", "2"),
                        encoding="utf-8")  # fmt: skip
    assert _errors(csv_path, _limits(cell_chars=100)) == {
        "PO-1": ["row 2, column 'Item Description' (item.description): column D: a cell of "
                 "101 characters; the limit is 100 (Excel's own): not read"],
        "PO-2": []}  # fmt: skip
    xlsx = write_xlsx(tmp_path / "long.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), inline_row(2, ("PO-1", "y" * 101)),
         inline_row(3, ("PO-3", *ROW_CELLS[1:]))]))  # fmt: skip
    _info, orders = open_orders(xlsx, limits=_limits(cell_chars=100))
    first, second = (order for _, order in orders)
    assert "parties" not in first and first["input_errors"] == [
        {"field": "row 2, column 'Customer' (buyer.name)",
         "message": "column B: a cell of 101 characters; the limit is 100 (Excel's own): not "
                    "read"}]  # fmt: skip
    assert second["parties"][0]["name"] == "Acme Trading LLC"


def test_rows_columns_and_cells(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + ROW * 30, encoding="utf-8")
    assert "more than 20 rows" in _refused(path, _limits(rows=20))
    assert "row 11: the table holds more than 40 cells" in _refused(path, _limits(cells=40))
    # a row too wide is cut at the limit, said on its order (or in the notes, the header)
    wide = tmp_path / "wide.csv"
    wide.write_text(HEADER.replace("\n", ",Notes,Notes\n") + ROW.replace("\n", ",a,b,c\n")
                    + ROW.replace("1", "2"), encoding="utf-8")  # fmt: skip
    info, orders = open_orders(wide, limits=_limits(columns=5))
    assert ("row 1 (the header): 6 cells; the limit is 5 (Excel's own): the cells after "
            "column E are not read") in info.notes  # fmt: skip
    first, second = (order for _, order in orders)
    assert first["input_errors"] == [{"field": "row 2", "message": "7 cells; the limit is 5 "
                                      "(Excel's own): the cells after column E are not read"}]
    assert first["notes"] == "a" and "input_errors" not in second
    # a blank row counts: a sheet of a million blank rows is a sheet of a million rows
    blank = tmp_path / "blank.xlsx"
    write_xlsx(blank, sheet_xml([inline_row(1, HEADER_CELLS), inline_row(50, ROW_CELLS)]))
    assert "row 50 is past the limit of 20 rows" in _refused(blank, _limits(rows=20))
    info, orders = open_orders(blank)
    assert [row for row, _ in orders] == [50] and (info.rows, info.skipped) == (49, 48)


def test_one_order_of_too_many_rows_is_screened_in_parts(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text(HEADER + ROW * 12, encoding="utf-8")
    _info, orders = open_orders(path, limits=_limits(order_rows=10))
    (row_1, first), (row_2, rest) = orders
    assert (row_1, row_2) == (2, 12) and first["id"] == rest["id"] == "PO-1"
    assert first["input_errors"] == [{"field": "row 11 (order)", "message": (
        "order 'PO-1' runs over more than 10 rows (from row 2), the limit for one order: its "
        "rows from row 12 on are screened as another order of the same id")}]  # fmt: skip
    assert rest["input_errors"][0]["message"].startswith("the rows from row 12 on of order")
    assert rest["parties"][0]["name"] == "Acme Trading LLC"
    _info, orders = open_orders(path, limits=_limits(order_rows=12))
    assert len(list(orders)) == 1


def test_a_csv_row_that_never_ends_is_an_error_row(tmp_path: Path) -> None:
    after = ROW.replace("1", "9")
    line = tmp_path / "line.csv"
    line.write_text(HEADER + "PO-1,Acme" + ",x" * 400 + "\n" + after, encoding="utf-8")
    assert _errors(line, _limits(row_bytes=500)) == {
        "row-2": ["row 2: line 2 is longer than 500 bytes, which no order table row is: not "
                  "read"], "PO-9": []}  # fmt: skip
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(HEADER + 'PO-1,"Acme\n' + after * 30 + '",AE,x\n' + after,
                      encoding="utf-8")  # fmt: skip
    found = _errors(quoted, _limits(row_bytes=500))
    assert found["row-2"] == ["row 2: line 2 opens a row that runs over more than 500 bytes (a "
                              "quote that is never closed?): not read; the lines after it are "
                              "read as rows of their own"]  # fmt: skip
    assert found["PO-9"] == []  # the rows the open quote swallowed are read again
    mac = tmp_path / "mac.csv"
    mac.write_bytes((HEADER + ROW).replace("\n", "\r").encode() + b"B" * 2000 + b"\r"
                    + after.replace("\n", "\r").encode())  # fmt: skip
    assert _errors(mac, _limits(row_bytes=500)) == {"PO-1": [], "row-3": [
        "row 3: line 3 is longer than 500 bytes, which no order table row is: not read"],
        "PO-9": []}  # fmt: skip
    wide = tmp_path / "wide.csv"
    wide.write_bytes((HEADER + "PO-1," + "A" * 1000 + "\n" + after).encode("utf-16"))
    assert _errors(wide, _limits(row_bytes=500)) == {"row-2": [
        "row 2: line 2 is longer than 500 characters, which no order table row is: not "
        "read"], "PO-9": []}  # fmt: skip


def test_a_csv_cell_past_the_csv_module_limit_is_one_cell_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + ROW + 'PO-2,"' + "A" * 200_000 + '",AE,x\n' + ROW.replace("1", "3"),
                    encoding="utf-8")  # fmt: skip
    csv.field_size_limit(131_072)  # the csv module's default, whatever another test set
    assert _errors(path, DEFAULT_LIMITS) == {"PO-1": [], "PO-3": [], "PO-2": [
        "row 3, column 'Customer' (buyer.name): column B: a cell of 200,000 characters; the "
        "limit is 32,767 (Excel's own): not read"]}  # fmt: skip


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
    # a cell that cannot be read is said on its row; the row's other cells are read
    ref = write_xlsx(tmp_path / "ref.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), '<row r="2"><c r="A2" t="inlineStr"><is><t>PO-1</t></is>'
         '</c><c r="1A"><v>1</v></c><c r="XFE2"><v>1</v></c></row>',
         inline_row(3, ROW_CELLS)]))  # fmt: skip
    assert _errors(ref, DEFAULT_LIMITS) == {"PO-1": [
        "row 2: '1A' is not a cell reference: the cell is not read",
        "row 2: 1 cell past the limit of 16,384 columns (XFD): not read"]}
    missing = write_xlsx(tmp_path / "missing.xlsx", sheet_xml(
        [inline_row(1, HEADER_CELLS), '<row r="2"><c r="B2" t="s"><v>7</v></c></row>',
         inline_row(3, ROW_CELLS)]))  # fmt: skip
    assert _errors(missing, DEFAULT_LIMITS) == {"row-2": [
        "row 2, column 'Customer' (buyer.name): column B: refers to shared string '7', which "
        "the workbook does not have: not read"], "PO-1": []}  # fmt: skip
