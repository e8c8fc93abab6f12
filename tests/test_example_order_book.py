"""The example order book: the committed CSV is what the script writes, the key in
caspian/examples/README.md names real orders of it, and screened against the bundled snapshot
the book tells the story the key promises (the demo runs offline on exactly this)."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter
from itertools import groupby
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from caspian.lists.bundled import bundled_list
from caspian.match import Matcher
from caspian.order import parse_order
from caspian.rules import default_policy
from caspian.screen import Screener

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "caspian" / "examples"
BOOK = EXAMPLES / "order_book.csv"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_example_orders", ROOT / "scripts" / "make_example_orders.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


make = _load_script()

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def rows() -> Rows:
    with BOOK.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def orders(rows: Rows) -> dict[str, Rows]:
    return {key: list(group) for key, group in groupby(rows, key=lambda r: r["Order No."])}


@pytest.fixture(scope="module")
def key() -> list[tuple[str, str, str, str]]:
    """The README's table: (order, pattern, expected decision, text to look for)."""
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    found = re.findall(
        r"^\| (SO-\d{4}-\d{4}) \| (.+?) \| (BLOCK|REVIEW) \| `([^`]+)` \|", text, re.MULTILINE
    )
    return [(order_no, pattern, expected, look) for order_no, pattern, expected, look in found]


def test_the_script_writes_the_committed_book(tmp_path: Path) -> None:
    make.write_book(tmp_path, xlsx=False)
    assert (tmp_path / "order_book.csv").read_bytes() == BOOK.read_bytes()
    assert not (tmp_path / "order_book.xlsx").exists()


def test_the_excel_book_holds_the_same_rows(rows: Rows) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(EXAMPLES / "order_book.xlsx", read_only=True).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0] == make.COLUMNS and len(cells) == len(rows) + 1
    for row, values in zip(rows, cells[1:], strict=True):
        for column, value in zip(make.COLUMNS, values, strict=True):
            text = row[column]
            if isinstance(value, int | float):  # Line No., Qty, Unit Price as numbers
                assert float(text) == pytest.approx(value), (row["Order No."], column)
            else:
                assert (value or "") == text, (row["Order No."], column)


def test_the_book_looks_like_an_erp_export(rows: Rows, orders: dict[str, Rows]) -> None:
    assert tuple(rows[0]) == make.COLUMNS
    assert 300 <= len(orders) <= 400 and 700 <= len(rows) <= 900
    assert len(orders) == make.ORDERS == len({r["Order No."] for r in rows})  # contiguous
    header = [c for c in make.COLUMNS if c not in make.LINE_COLUMNS]
    for order_no, lines in orders.items():
        assert 1 <= len(lines) <= 4, order_no
        assert [r["Line No."] for r in lines] == [str(10 * (i + 1)) for i in range(len(lines))]
        assert all([r[c] for c in header] == [lines[0][c] for c in header] for r in lines)
    assert all(int(r["Qty"]) > 0 and float(r["Unit Price"]) > 0 for r in rows)
    assert all(re.fullmatch(r"(.+ \([A-Z]{2}\))( > .+ \([A-Z]{2}\))+", r["Route"]) for r in rows)
    countries = {r["Customer Country"] for r in rows}
    assert len(countries) >= 30 and {"Germany", "Japan", "Kazakhstan", "Hong Kong"} <= countries
    missing_hs = sum(1 for r in rows if not r["HS Code"])
    assert 0 < missing_hs < len(rows) * 0.1  # a few, as in a real ERP


def test_the_key_names_the_buried_cases(
    orders: dict[str, Rows], key: list[tuple[str, str, str, str]]
) -> None:
    _, cases = make.build_book()
    assert len(key) == len(cases) >= 12
    assert [(k[0], k[2]) for k in key] == [(c.order_no, c.expected) for c in cases]
    for order_no, _, _, look in key:
        assert order_no in orders
        assert any(look in value for row in orders[order_no] for value in row.values()), (
            f"{order_no}: {look!r} not in its rows"
        )


# -- screened against the bundled snapshot ---------------------------------------------

METHODS = {"Wire transfer": "wire", "Letter of credit": "letter_of_credit", "Cash": "cash",
           "Crypto (USDT)": "crypto", "Credit card": "other"}  # fmt: skip


def _party(role: str, name: str, country: str = "", address: str = "") -> dict[str, Any]:
    party = {"role": role, "name": name, "country": country or None, "address": address or None}
    return {k: v for k, v in party.items() if v}


def _stop(text: str) -> dict[str, str]:
    match = re.fullmatch(r"(.+) \(([A-Z]{2})\)", text.strip())
    assert match, text
    return {"place": match.group(1), "country": match.group(2)}


def contract(order_no: str, lines: Rows) -> dict[str, Any]:
    """One order of the book in the `caspian screen` JSON contract (as the CSV input of
    `caspian screen` reads it: Customer = buyer, Ship-to = consignee, ...)."""
    r = lines[0]
    parties = [
        _party("buyer", r["Customer"], r["Customer Country"], r["Customer Address"]),
        _party("consignee", r["Ship-to"], r["Ship-to Country"], r["Ship-to Address"]),
    ]
    if r["End User"]:
        parties.append(_party("end_user", r["End User"], r["End User Country"]))
    parties += [_party(role, r[column]) for role, column in
                (("forwarder", "Forwarder"), ("bank", "Bank")) if r[column]]  # fmt: skip
    if r["Vessel"]:
        parties.append({**_party("vessel", r["Vessel"]),
                        "identifiers": {"imoNumber": r["Vessel IMO"]}})  # fmt: skip
    items = [{"description": x["Item Description"], "hs_code": x["HS Code"] or None,
              "eccn": x["ECCN"] or None, "part_number": x["Part No."],
              "manufacturer": x["Manufacturer"], "quantity": x["Qty"],
              "unit_value": x["Unit Price"], "currency": x["Currency"]} for x in lines]  # fmt: skip
    return {
        "id": order_no, "date": r["Order Date"], "parties": parties, "items": items,
        "route": [_stop(s) for s in r["Route"].split(">")],
        "payment": {"payer_country": r["Payer Country"], "method": METHODS[r["Payment Method"]],
                    "currency": r["Currency"]},
        "end_use": r["End Use"], "notes": r["Notes"] or None,
    }  # fmt: skip


@pytest.fixture(scope="module")
def screened(orders: dict[str, Rows]) -> dict[str, dict[str, Any]]:
    screener = Screener(Matcher(bundled_list().entities), default_policy())
    return {
        order_no: screener.screen(parse_order(contract(order_no, lines))).as_dict([])
        for order_no, lines in orders.items()
    }


def test_every_buried_case_gets_its_decision(
    screened: dict[str, dict[str, Any]], key: list[tuple[str, str, str, str]]
) -> None:
    got = {order_no: screened[order_no]["decision"] for order_no, *_ in key}
    assert got == {order_no: expected for order_no, _, expected, _ in key}
    codes = {k: {r["code"] for r in screened[k]["reasons"]} for k, *_ in key}
    assert "PARTY-LISTED" in codes["SO-2026-0033"]  # Cyrillic
    assert "ITEM-VIA-CASPIAN-ROUTE" in codes["SO-2026-0145"]  # Makhachkala
    assert "ITEM-TO-UAV-SITE" in codes["SO-2026-0169"]  # Alabuga address
    assert codes["SO-2026-0189"] == {"RF-PAYER-THIRD-COUNTRY"}
    assert codes["SO-2026-0310"] == {"GEO-OCCUPIED-UKRAINE"}


def test_ordinary_orders_are_clear_or_reviewed_for_chpl_items_in_hub_countries(
    screened: dict[str, dict[str, Any]], key: list[tuple[str, str, str, str]]
) -> None:
    buried = {order_no for order_no, *_ in key}
    ordinary = [r for order_no, r in screened.items() if order_no not in buried]
    decisions = Counter(r["decision"] for r in ordinary)
    assert decisions["BLOCK"] == 0
    assert decisions["CLEAR"] >= 0.85 * len(ordinary)
    assert not [p for r in ordinary for p in r["parties"] if p["matches"]]
    reviewed = [r for r in ordinary if r["decision"] == "REVIEW"]
    assert reviewed and all({x["code"] for x in r["reasons"]} == {"ITEM-VIA-HUB"} for r in reviewed)
