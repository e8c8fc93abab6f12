"""Hostile input through `caspian screen` and `caspian match`, each run in a child process
whose peak memory is measured: an order book with every fault one row can have (mixed
encodings, a line no code page reads, an oversized cell, stray CRs, a row too wide, a line
too long, NUL padding, a quote never closed, binary garbage at the end), a UTF-16 book with
a broken surrogate, a workbook with cells it cannot give, and JSON lines with a wrong type
in every field. One bad line or row never ends the batch: it is an error line, or an input
error of its order (REVIEW, never CLEAR), and every other order is screened as usual
(listed names BLOCK). Exit 1 when something is to review, block or could not be read;
exit 2 only when the file cannot be read on, and then no output and no `.partial` file is
left. Every run stays under 1 GB."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner

from caspian.cli import main
from caspian.jsonl_contract import numbered_lines
from tests.hostile_tables import (
    GB,
    HEADER,
    HEADER_CELLS,
    MAIN,
    ROOT,
    inline_row,
    run_child,
    sheet_xml,
    write_xlsx,
)

CASPIAN = str(Path(sys.executable).parent / "caspian")
UN = "un/consolidated_xml_2026-02-27"
SNAPSHOT = ROOT / "caspian" / "data" / "snapshot" / "uav_entities.ftm.jsonl"
NUSRA = "جبهة النصرة لأهل الشام"  # UN: Al-Nusrah Front
ALABUGA = "ООО Алабуга Девелопмент"  # the bundled snapshot
KAVKAZ = "Эмират Кавказ"  # UN: Emarat Kavkaz


def _run(tmp_path: Path, lists_dir: Path | None, *args: str) -> tuple[int, str]:
    """`caspian ARGS` against the bundled snapshot (and the UN list, given `lists_dir`):
    exit code and output; never a traceback, always under 1 GB."""
    un = ["--dataset", str(lists_dir / UN)] if lists_dir else []
    code, peak, output = run_child(
        [CASPIAN, "--data-dir", str(tmp_path / "data"), *args, *un, "--dataset",
         str(SNAPSHOT), "--workers", "1"], tmp_path / "output.txt")  # fmt: skip
    assert "Traceback" not in output, output
    assert peak < GB, f"{peak / 2**20:.0f} MB"
    return code, output


def _lines(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _said(result: dict[str, Any]) -> str:
    """Every reason's message and evidence, and an error line's error, as one text."""
    parts = [str(result.get("error", ""))]
    for reason in result.get("reasons", []):
        parts += [reason["message"], *reason.get("evidence", [])]
    return " ".join(parts)


# -- an order book with every fault a row can have ---------------------------------------

# (order id or "" for a row whose cells are lost, the row's bytes, decision, what is said)
ROWS: list[tuple[str, bytes, str, str]] = [
    ("OK-1", b"OK-1,Acme Trading LLC,Germany,office chairs\n", "CLEAR", ""),
    ("X-NUSRA", f"X-NUSRA,{NUSRA},Turkey,drone\n".encode(), "BLOCK", ""),
    ("X-ALABUGA", f"X-ALABUGA,{ALABUGA},Russia,cable\n".encode("cp1251"), "BLOCK", ""),
    ("OK-2", "OK-2,Müller Maschinenbau GmbH,Germany,bearings\n".encode("cp1252"), "CLEAR", ""),
    ("BAD-JUNK", b"BAD-JUNK," + bytes(range(0x80, 0x100)) + b",Germany,x\n", "REVIEW",
     "no code page reads it cleanly"),
    ("BAD-BIG", b'BAD-BIG,"' + b"A" * 200_000 + b'",Germany,x\n', "REVIEW",
     "a cell of 200,000 characters; the limit is 32,767"),
    ("BAD-CR", b"BAD-CR,Acme\rTrading,Germany,x\n", "REVIEW",
     "a carriage return (CR) inside a cell that is not quoted: read as a space"),
    ("OK-3", b"OK-3,Beta GmbH,Germany,x\r", "CLEAR", ""),  # a row ended by a bare CR,
    ("X-KAVKAZ", f"X-KAVKAZ,{KAVKAZ},Russia,x\n".encode(), "BLOCK", ""),  # then another
    ("BAD-WIDE", b"BAD-WIDE,Gamma GmbH,Germany,x" + b",z" * 20_000 + b"\n", "REVIEW",
     "20,004 cells; the limit is 16,384 (Excel's own): the cells after column XFD"),
    ("", b"BAD-LONG,Delta," + b"B" * 9_000_000 + b"\n", "REVIEW",
     "is longer than 8 MiB, which no order table row is: not read"),
    ("", b"\x00" * 4096 + b"\n", "REVIEW", "is binary data (NUL or control bytes)"),
    ("OK-4", b"OK-4,Epsilon Ltd,Germany,x\n", "CLEAR", ""),
    ("", b'BAD-QUOTE,"Zeta\n' + b"," * 100 + b"\n", "REVIEW",
     "opens a row that runs over more than 8 MiB (a quote that is never closed?)"),
    ("OK-5", b"OK-5,Eta Ltd,Germany,x\n", "CLEAR", ""),
    ("", bytes(range(256)) * 4096, "REVIEW", "are binary data (NUL or control bytes)"),
]  # fmt: skip


def _hostile_book(path: Path) -> Path:
    body = []
    for _, raw, _, said in ROWS:
        # the open quote swallows 8 MiB of blank lines, which are read again as rows
        body.append(raw if "never closed" not in said else raw + (b"," * 100 + b"\n") * 90_000)
    path.write_bytes(HEADER.encode() + b"".join(body))
    return path


def test_every_fault_of_a_row_costs_that_row_only(tmp_path: Path, lists_dir: Path) -> None:
    book = _hostile_book(tmp_path / "hostile.csv")
    code, output = _run(tmp_path, lists_dir, "screen", str(book), "--out-dir",
                        str(tmp_path / "out"))  # fmt: skip
    assert code == 1, output
    results = _lines(tmp_path / "out" / "hostile.results.jsonl")
    by_id = {r["id"]: r for r in results}
    lost = [r for r in results if r["id"].startswith("row-")]
    for order, _, decision, said in ROWS:
        # a row whose cells are lost is an order of its own, named by its row
        result = by_id[order] if order else next(r for r in lost if said in _said(r))
        assert result["decision"] == decision, (order, said, _said(result))
        assert said in _said(result), (order, said, _said(result))
    assert by_id["X-NUSRA"]["parties"][0]["name"] == NUSRA  # all read as written
    assert by_id["X-ALABUGA"]["parties"][0]["name"] == ALABUGA
    assert by_id["OK-2"]["parties"][0]["name"] == "Müller Maschinenbau GmbH"
    assert by_id["BAD-CR"]["parties"][0]["name"] == "Acme Trading"
    assert all(r["decision"] != "CLEAR" for r in lost)  # blank rows are no orders
    text = " ".join(output.split())
    assert "line 4 is not UTF-8" in text and "line 9 holds more than one row" in text


def test_a_utf16_book_with_a_broken_surrogate(tmp_path: Path) -> None:
    tab = HEADER.replace(",", "\t")
    book = tmp_path / "unicode.txt"
    lone = b"\x00\xd8"  # the first half of a surrogate pair, and no second
    book.write_bytes(b"\xff\xfe" + tab.encode("utf-16-le") + "PO-1\tX".encode("utf-16-le")
                     + lone + "Y\tDE\tx\n".encode("utf-16-le")
                     + f"PO-2\t{ALABUGA}\tRU\tx\nPO-3\tBeta\tDE\tx\n".encode("utf-16-le"))
    code, output = _run(tmp_path, None, "screen", str(book), "--out-dir",
                        str(tmp_path / "out"))  # fmt: skip
    assert code == 1, output
    decisions = {r["id"]: (r["decision"], _said(r))
                 for r in _lines(tmp_path / "out" / "unicode.results.jsonl")}  # fmt: skip
    assert decisions["PO-1"][0] == "REVIEW" and "line 2 has bytes that are not utf-16" in (
        decisions["PO-1"][1])  # fmt: skip
    assert decisions["PO-2"][0] == "BLOCK" and decisions["PO-3"][0] == "CLEAR"


def test_a_workbook_with_cells_it_cannot_give(tmp_path: Path) -> None:
    body = [inline_row(1, HEADER_CELLS),
            '<row r="2"><c r="A2" t="inlineStr"><is><t>PO-1</t></is></c>'
            '<c r="B2" t="s"><v>7</v></c></row>',
            '<row r="3"><c r="A3" t="inlineStr"><is><t>PO-2</t></is></c>'
            f'<c r="B3" t="inlineStr"><is><t>{ALABUGA}</t></is></c><c r="XFE3"><v>1</v></c>'
            "</row>",
            inline_row(4, ("PO-3", "C" * 40_000)), inline_row(5, ("PO-4", "Beta GmbH", "DE"))]
    shared = [f'<sst xmlns="{MAIN}"><si><t>only</t></si></sst>']
    book = write_xlsx(tmp_path / "book.xlsx", sheet_xml(body), shared=shared)
    code, output = _run(tmp_path, None, "screen", str(book), "--out-dir",
                        str(tmp_path / "out"))  # fmt: skip
    assert code == 1, output
    found = {r["id"]: (r["decision"], _said(r))
             for r in _lines(tmp_path / "out" / "book.results.jsonl")}  # fmt: skip
    assert found["PO-1"][0] == "REVIEW" and "shared string '7'" in found["PO-1"][1]
    assert found["PO-2"][0] == "BLOCK" and "past the limit of 16,384 columns" in found["PO-2"][1]
    assert found["PO-3"][0] == "REVIEW" and "a cell of 40,000 characters" in found["PO-3"][1]
    assert found["PO-4"][0] == "CLEAR"


def test_a_book_that_cannot_be_read_on_leaves_no_output(tmp_path: Path) -> None:
    """A sheet whose XML breaks after some orders cannot be read on (a per-file fault):
    exit 2 after orders were screened, the previous outputs as they were, no `.partial`."""
    rows = [inline_row(1, HEADER_CELLS), inline_row(2, ("PO-1", "Acme GmbH", "DE")),
            inline_row(3, ("PO-2", "Beta GmbH", "DE"))]
    book = write_xlsx(tmp_path / "book.xlsx", sheet_xml(rows))
    out = tmp_path / "out"
    assert _run(tmp_path, None, "screen", str(book), "--out-dir", str(out))[0] == 0
    previous = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(previous) == 3
    rows += [inline_row(4, ("PO-3", "Gamma GmbH", "DE")), '<row r="5"><c><v>1</v></row>']
    write_xlsx(book, sheet_xml(rows))
    code, output = _run(tmp_path, None, "screen", str(book), "--out-dir", str(out))
    assert code == 2, output
    assert "is not well-formed XML" in " ".join(output.split())
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous


# -- JSON lines with a wrong type in every field -----------------------------------------

WRONG: list[Any] = [None, 5, 1.5, True, "", "\x00", [], {}, [1], [[]], [{}], {"a": 1}, 10**40]
ORDER = {"id": "o1", "date": "2024-01-01", "end_use": "furniture for offices", "notes": "x",
         "parties": [{"role": "buyer", "name": "Acme Trading", "country": "DE",
                      "address": "Berlin", "identifiers": {"vat": "DE123"}}],
         "items": [{"description": "office chair", "hs_code": "9401", "quantity": 2,
                    "unit_value": 50, "currency": "EUR"}],
         "route": [{"place": "Hamburg", "country": "DE"}],
         "payment": {"method": "wire", "payer_country": "DE", "currency": "EUR"}}  # fmt: skip
QUERY = {"id": "q1", "schema": "Organization",
         "properties": {"name": ["Emarat Kavkaz"], "country": ["ru"]}}  # fmt: skip


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, inner in items:
        yield (*path, key)
        yield from _paths(inner, (*path, key))


def _mutants(base: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], Any, dict[str, Any]]]:
    """(path, wrong value, the object with it there) for every field and wrong value."""
    for path in _paths(base):
        for wrong in WRONG:
            mutant = copy.deepcopy(base)
            parent = mutant
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = wrong
            yield path, wrong, mutant


def _wrong_kind(original: Any, wrong: Any) -> bool:
    """A value no reading can take for the original's: a container or true/false for
    text or a number, or anything but an object for an object (numbers stand for text,
    as spreadsheets write them; null and empty mean absent)."""
    if wrong is None or wrong in ("", [], {}):
        return False
    if isinstance(original, str | int | float):
        return isinstance(wrong, list | dict | bool)
    if isinstance(original, dict):
        return not isinstance(wrong, dict)
    return isinstance(original, list) and not isinstance(wrong, list)


def _non_blank(path: Path) -> list[int]:
    return [number for number, _ in numbered_lines(path.read_bytes().split(b"\n"))]


GARBAGE = [b"\x00" * 64, b"\xff\xfe\x00garbage\x81", b'{"id": "o2", "notes": "a\rb"}',
           b"{" * 100_000, b"[" + b"1," * 3_000_000 + b"1]", bytes(range(256)) * 64]


def test_screen_json_lines_with_a_wrong_type_in_every_field(
    tmp_path: Path, lists_dir: Path
) -> None:
    mutants = list(_mutants(ORDER))
    lines = [orjson.dumps({**ORDER, "id": "base"})]
    lines += [json.dumps({**m, "id": f"m{i}"} if path != ("id",) else m).encode()
              for i, (path, _, m) in enumerate(mutants)]  # fmt: skip
    source = tmp_path / "orders.jsonl"
    source.write_bytes(b"\n".join(lines + GARBAGE) + b"\n")
    code, output = _run(tmp_path, lists_dir, "screen", str(source), "--output",
                        str(tmp_path / "out" / "r.jsonl"))  # fmt: skip
    assert code == 1, output
    results = _lines(tmp_path / "out" / "r.jsonl")
    numbers = _non_blank(source)
    assert len(results) == len(numbers)  # one result per non-blank line, in order
    assert results[0]["decision"] == "CLEAR", _said(results[0])
    wrong = 0
    for (path, value, _), result in zip(mutants, results[1:], strict=False):
        original = ORDER
        for key in path:
            original = original[key]
        if _wrong_kind(original, value):
            wrong += 1
            assert result.get("decision") != "CLEAR", (path, value, result)
    assert wrong > 100
    for number, result in zip(numbers[len(lines):], results[len(lines):], strict=True):
        assert str(result.get("error")).startswith(f"line {number}: "), result


def test_match_json_lines_with_a_wrong_type_in_every_field(
    tmp_path: Path, lists_dir: Path
) -> None:
    mutants = list(_mutants(QUERY))
    source = tmp_path / "queries.jsonl"
    source.write_bytes(b"\n".join([json.dumps(QUERY).encode(),
                                   *(json.dumps(m).encode() for _, _, m in mutants), *GARBAGE])
                       + b"\n")  # fmt: skip
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, lists_dir, "match", "--input", str(source), "--output",
                        str(out))  # fmt: skip
    assert code == 1, output
    results = _lines(out)
    numbers = _non_blank(source)
    assert len(results) == len(numbers)
    assert results[0]["results"][0]["match"]  # Emarat Kavkaz
    for number, ((path, value, _), result) in enumerate(zip(mutants, results[1:], strict=False),
                                                        start=2):  # fmt: skip
        original: Any = QUERY
        for key in path:
            original = original[key]
        single = isinstance(original, list) and isinstance(value, str)  # yente takes one
        if (_wrong_kind(original, value) and not single) or path[0] == "schema":
            assert str(result.get("error")).startswith(f"line {number}: "), (path, value, result)
        else:
            assert "results" in result or "error" in result, result
    for number, result in zip(numbers[1 + len(mutants):], results[1 + len(mutants):],
                              strict=True):  # fmt: skip
        assert str(result.get("error")).startswith(f"line {number}: "), result


TEXTS = ("Price [/unit]", "Weight [kg]", "[bold red]Acme[/]", "[link=file:///etc]x[/link]")


def test_user_text_is_printed_as_written(tmp_path: Path) -> None:
    """Headers, names, notes and file names go through rich: none is read as markup (a
    closing tag that opens nothing crashed the column report, "[kg]" vanished)."""
    book = tmp_path / "book [2026].csv"
    book.write_text(f"Order No.,Customer,{','.join(TEXTS)}\nPO-1,{TEXTS[2]},5,6,7,8\n",
                    encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, [
        "--data-dir", str(tmp_path / "data"), "screen", str(book), "--out-dir",
        str(tmp_path / "out"), "--dataset", str(SNAPSHOT), "--workers", "1"])  # fmt: skip
    assert (result.exit_code in (0, 1) and result.exception is None) or isinstance(
        result.exception, SystemExit), result.output  # fmt: skip
    for text in TEXTS:
        assert f"'{text}'" in result.output, result.output
    assert "book [2026].csv: csv" in result.output
    named = "[bold]QODS[/bold] AVIATION [x] INDUSTRIES"
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "match", named,
                                       "--dataset", str(SNAPSHOT)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert named in result.output and "QODS AVIATION INDUSTRIES" in result.output


def test_a_million_column_header_is_summarised(tmp_path: Path) -> None:
    """The header is cut at Excel's last column (said in a note), and the column report
    names the first 20 ignored columns and counts the others: it never prints them all."""
    book = tmp_path / "wide.csv"
    book.write_text("Order No.,Customer" + ",Notes" * 20 + ","
                    + ",".join(f"c{i}" for i in range(1_000_000)) + f"\nPO-1,{ALABUGA}\n",
                    encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, [
        "--data-dir", str(tmp_path / "data"), "screen", str(book), "--out-dir",
        str(tmp_path / "out"), "--dataset", str(SNAPSHOT), "--workers", "1"])  # fmt: skip
    assert result.exit_code == 1, result.output  # Alabuga: BLOCK
    assert len(result.output) < 10_000
    text = " ".join(result.output.split())
    assert ("columns ignored: 16,381 columns; the first 20: 'c0', 'c1', 'c2', 'c3', 'c4', "
            "'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12', 'c13', 'c14', 'c15', 'c16', "
            "'c17', 'c18', 'c19' note:") in text  # fmt: skip
    # the columns that repeat a field are named five times, then counted
    assert text.count("also means order.notes") == 5
    assert "and 14 more columns mean a field another column gives: not read" in text
    assert ("note: row 1 (the header): 1,000,022 cells; the limit is 16,384 (Excel's own): "
            "the cells after column XFD are not read") in text  # fmt: skip
