"""A UTF-8 order book with a line from another code page (a row pasted from a Windows-1252
or a Windows-1251 export): the line is read in its code page, every other line as UTF-8,
wherever the line stands (the first line of data, inside the first 64 KiB that choose the
file's encoding, past them, the last line), and the lines read another way are named in
the notes. The example book (UTF-8, 301 lines above ASCII) is the book; its listed Russian
buyer (SO-2026-0033, Alabuga) is the row moved into cp1251, a listed Arabic-script name (the
UN's Al-Nusrah Front) stands elsewhere in UTF-8, and both still BLOCK. Before, one such line
in the first 64 KiB made the whole book cp1252: the Arabic name read as mojibake, CLEAR."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from caspian.io.order_tables import open_orders
from caspian.lists.bundled import bundled_list
from caspian.lists.detect import read_paths
from caspian.match import Matcher
from caspian.order import parse_order
from caspian.rules import default_policy
from caspian.screen import Screener

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "caspian" / "examples" / "order_book.csv"
UN = "un/consolidated_xml_2026-02-27"
NUSRA = "جبهة النصرة لأهل الشام"  # UN: Al-Nusrah Front for the People of the Levant
CP1252_ORDER = "SO-2026-0001"  # Sistemas Electrónicos del Ebro S.L., Zaragoza
CP1251_ORDER = "SO-2026-0033"  # ООО Алабуга Девелопмент: listed
POSITIONS = {"first": 1, "in the first 64 KiB": 120, "past 64 KiB": 500, "last": -1}


@pytest.fixture(scope="module")
def book_lines() -> tuple[bytes, list[bytes]]:
    """The header and every row of the example book as UTF-8 lines, and an order of the
    listed Arabic name in the middle."""
    with BOOK.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    nusra = list(rows[1])
    nusra[0], nusra[3], nusra[4], nusra[6], nusra[7] = "X-NUSRA", NUSRA, "Turkey", NUSRA, "Turkey"
    rows.insert(300, nusra)
    lines = []
    for row in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(row)
        lines.append(buf.getvalue().encode("utf-8"))
    return lines[0], lines[1:]


def _book(book_lines: tuple[bytes, list[bytes]], moved: dict[str, tuple[str, int]]
          ) -> tuple[bytes, bytes, list[int]]:  # fmt: skip
    """(the book with the rows of each order in `moved` at a position and re-encoded, the
    same book all in UTF-8, the line numbers of the re-encoded rows)."""
    header, rows = book_lines
    rest = list(rows)
    placed: list[tuple[int, list[bytes], str]] = []
    for order, (encoding, at) in moved.items():
        mine = [r for r in rest if r.startswith(order.encode() + b",")]
        rest = [r for r in rest if not r.startswith(order.encode() + b",")]
        placed.append((at, mine, encoding))
    utf8, coded = list(rest), list(rest)
    for at, mine, encoding in sorted(placed, key=lambda p: p[0] % 10_000):
        index = len(utf8) if at < 0 else at - 1
        utf8[index:index] = mine
        coded[index:index] = [r.decode().encode(encoding) for r in mine]
    numbers = [i for i, line in enumerate(coded, start=2) if not _utf8(line)]
    return header + b"".join(coded), header + b"".join(utf8), numbers


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read(path: Path, data: bytes) -> tuple[Any, list[dict[str, Any]]]:
    path.write_bytes(data)
    info, orders = open_orders(path)
    return info, [order for _, order in orders]


@pytest.fixture(scope="module")
def screener(lists_dir: Path) -> Screener:
    lists = read_paths([lists_dir / UN]).lists
    entities = [e for data in (*lists, bundled_list()) for e in data.entities]
    return Screener(Matcher(entities), default_policy())


def _decision(screener: Screener, order: dict[str, Any]) -> tuple[str, list[str]]:
    result = screener.screen(parse_order(order)).as_dict([])
    return result["decision"], [m["id"] for p in result["parties"] for m in p["matches"]]


@pytest.mark.parametrize("where", list(POSITIONS))
@pytest.mark.parametrize("moved", [(CP1252_ORDER, "cp1252"), (CP1251_ORDER, "cp1251"),
                                   ("both", "")], ids=["cp1252", "cp1251", "both"])  # fmt: skip
def test_a_line_in_another_code_page_reads_as_written_wherever_it_stands(
    tmp_path: Path, book_lines: tuple[bytes, list[bytes]], screener: Screener,
    where: str, moved: tuple[str, str],
) -> None:  # fmt: skip
    at = POSITIONS[where]
    orders = ({CP1252_ORDER: ("cp1252", at), CP1251_ORDER: ("cp1251", 300 if at != 300 else 5)}
              if moved[0] == "both" else {moved[0]: (moved[1], at)})  # fmt: skip
    data, utf8, numbers = _book(book_lines, orders)
    assert numbers and len(data) > 3 * (1 << 16)
    info, got = _read(tmp_path / "mixed.csv", data)
    _, expected = _read(tmp_path / "utf8.csv", utf8)
    assert info.encoding == "utf-8"
    assert got == expected  # every order, every name as written
    said = " ".join(info.notes)
    for number in numbers:
        assert f"{number}" in said, info.notes
    for encoding, _ in orders.values():
        assert f"read as {encoding}" in said or f"reads as {encoding}" in said, info.notes
    by_id = {o["id"]: o for o in got}
    assert _decision(screener, by_id[CP1251_ORDER])[0] == "BLOCK"  # listed Alabuga
    decision, matched = _decision(screener, by_id["X-NUSRA"])
    assert decision == "BLOCK" and matched, matched  # the Arabic name matches its listing
    assert by_id["X-NUSRA"]["parties"][0]["name"] == NUSRA


def test_the_lines_read_another_way_are_listed_in_the_column_report_and_the_report(
    tmp_path: Path, book_lines: tuple[bytes, list[bytes]], lists_dir: Path,
) -> None:  # fmt: skip
    from click.testing import CliRunner

    from caspian.cli import main

    data, _, numbers = _book(book_lines, {CP1252_ORDER: ("cp1252", 40),
                                          CP1251_ORDER: ("cp1251", 600)})  # fmt: skip
    book = tmp_path / "book.csv"
    book.write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "--data-dir", str(tmp_path / "data"), "screen", str(book), "--out-dir", str(out),
        "--dataset", str(lists_dir / UN), "--workers", "1"])  # fmt: skip
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    first = [n for n in numbers if n < 100]
    later = [n for n in numbers if n > 100]
    # the first 64 KiB are judged before the orders are read: in the column report
    report_head = text.split("Screened")[0]
    assert f"lines {first[0]}, {first[1]}" in report_head and "read as cp1252" in report_head
    # the later lines, found while reading, after the run and in the HTML report
    assert f"{later[0]}" in text.split("Screened")[1] and "cp1251 (Cyrillic)" in text
    html = (out / "book.report.html").read_text(encoding="utf-8")
    assert "read as cp1252" in html and "cp1251 (Cyrillic)" in html and f"{later[0]}" in html


def test_a_book_wholly_in_one_code_page_with_a_utf8_line(tmp_path: Path) -> None:
    """The other way round: a cp1251 export with one UTF-8 line pasted in (past the first
    64 KiB): that line reads as UTF-8 and is named; the others stay cp1251."""
    head = "Order ID,Customer,Customer Country\n" + "".join(
        f"R-{i},ООО Ромашка {i},RU\n" for i in range(5000))  # fmt: skip
    pasted = "U-1,Jörg Müller Präzision GmbH,DE\n"
    path = tmp_path / "cp1251.csv"
    path.write_bytes(head.encode("cp1251") + pasted.encode() + "R-x,Алабуга,RU\n".encode("cp1251"))
    info, orders = _read(path, path.read_bytes())
    assert info.encoding == "cp1251" and len(head.encode("cp1251")) > 1 << 16
    names = [o["parties"][0]["name"] for o in orders[-3:]]
    assert names == ["ООО Ромашка 4999", "Jörg Müller Präzision GmbH", "Алабуга"]
    assert any(n.startswith("line 5002 is UTF-8 (the rest of the file is cp1251)")
               for n in info.notes), info.notes  # fmt: skip


@pytest.mark.parametrize("junk", [bytes(range(0x80, 0x100)), b"\x98\x81\xd5\xff\xfe\x8d",
                                  b"\x00\x81\x00garbage\x00\x9d"])  # fmt: skip
def test_a_line_no_code_page_reads_is_an_input_error_of_its_order_never_clear(
    tmp_path: Path, screener: Screener, junk: bytes
) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes("Order ID,Customer,Customer Country\nPO-1,Müller GmbH,DE\n".encode()
                     + b"PO-2," + junk + b" Trading,DE\n" + b"PO-3,Acme Trading,DE\n")
    _info, orders = _read(path, path.read_bytes())
    first, junk_order, last = orders
    assert "input_errors" not in first and "input_errors" not in last
    assert junk_order["id"] == ("row-3" if b"\x00" in junk else "PO-2")  # binary: not read
    (error,) = junk_order["input_errors"]
    assert error["field"] == "row 3" and error["message"].startswith("line 3 ")
    assert _decision(screener, junk_order)[0] == "REVIEW"
    assert _decision(screener, last)[0] == "CLEAR"
