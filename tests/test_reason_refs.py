"""Reasons point at what they are about: each carries the refs of the order elements
that fired its rule (`parties[1]`, `items[0]`, `route[2]`, or a field that is no list:
`payment`, `end_use`, `notes`).

Exact refs for every reason of the example orders and of the buried cases of the
example order book (read by the same table reader `caspian screen` uses), screened
against Caspian's bundled snapshot; then each kind of input error and red flag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from caspian.io.order_tables import open_orders
from caspian.lists.bundled import bundled_list
from caspian.match import Matcher
from caspian.order import parse_order
from caspian.rules import default_policy
from caspian.rules.checks import field_ref, sorted_refs
from caspian.screen import Screener

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "caspian" / "examples"
Refs = dict[str, list[str]]

EXAMPLE_ORDERS: dict[str, Refs] = {
    "PO-1001": {},
    "PO-1002": {  # buyer (listed, in Dubai), MCU, Jebel Ali; end use "resale"
        "PARTY-LISTED": ["parties[1]"],
        "ITEM-VIA-HUB": ["parties[1]", "items[0]", "route[1]"],
        "RF-VAGUE-END-USE": ["items[0]", "end_use"],
    },
    "PO-1003": {  # Jebel Ali > Amirabad > Makhachkala; buyer AE in a free zone, consignee KZ
        "ITEM-TO-RUSSIA-BELARUS": ["items[0]", "items[1]", "route[2]"],
        "ITEM-VIA-CASPIAN-ROUTE": ["items[0]", "items[1]", "route[1]", "route[2]"],
        "ITEM-VIA-HUB": ["parties[1]", "parties[2]", "items[0]", "items[1]", "route[0]"],
        "RF-FORWARDER-CONSIGNEE": ["parties[2]"],
        "RF-PAYER-THIRD-COUNTRY": ["payment"],
        "RF-VAGUE-END-USE": ["items[0]", "items[1]", "end_use"],
        "RF-HUB-TO-SENSITIVE": ["parties[2]", "route[0]", "route[2]"],
        "RF-FREE-ZONE": ["parties[1]"],
    },
    "PO-1004": {  # servos via Istanbul to Kazan, consignee at an Alabuga address
        "ITEM-TO-RUSSIA-BELARUS": ["parties[1]", "items[0]", "route[1]"],
        "ITEM-TO-UAV-SITE": ["parties[1]", "items[0]"],
        "ITEM-VIA-HUB": ["items[0]", "route[0]"],
        "RF-VAGUE-END-USE": ["items[0]", "end_use"],
        "RF-HUB-TO-SENSITIVE": ["parties[1]", "route[0]", "route[1]"],
        "RF-FREE-ZONE": ["parties[1]"],
    },
    "PO-1005": {"ITEM-VIA-HUB": ["parties[1]", "items[0]", "route[0]"]},
    "PO-1006": {},
    "PO-1007": {  # markings in the notes, cash, an unreadable HS code on the one item
        "RF-MARKINGS-PAPERS": ["notes"],
        "RF-CASH-CRYPTO": ["payment"],
        "INPUT-UNREADABLE": ["items[0]"],
    },
}

# The book's parties are buyer, consignee, [end user], forwarder, [bank], [vessel], in
# that order (the columns Customer, Ship-to, End User, Forwarder, Bank, Vessel).
ORDER_BOOK: dict[str, Refs] = {
    "SO-2026-0011": {  # the same listed name as buyer, consignee and end user
        "PARTY-LISTED": ["parties[0]", "parties[1]", "parties[2]"],
        "ITEM-VIA-HUB": [
            "parties[0]",
            "parties[1]",
            "parties[2]",
            "items[0]",
            "items[1]",
            "route[1]",
        ],
    },
    "SO-2026-0033": {
        "PARTY-LISTED": ["parties[0]", "parties[1]"],
        "ITEM-TO-RUSSIA-BELARUS-OTHER": ["parties[1]", "items[0]", "items[1]", "route[1]"],
    },
    "SO-2026-0073": {
        "PARTY-LISTED": ["parties[0]", "parties[1]"],
        "ITEM-VIA-HUB": ["parties[0]", "parties[1]", "items[0]", "route[1]"],
    },
    "SO-2026-0085": {
        "PARTY-LISTED": ["parties[0]", "parties[1]"],
        "ITEM-VIA-HUB": ["parties[0]", "parties[1]", "items[0]", "items[1]", "route[1]"],
        "RF-HOBBY-FRONT": ["parties[0]", "parties[1]", "items[0]", "items[1]"],
    },
    "SO-2026-0099": {  # the listed end user is the third party, in Iran
        "PARTY-LISTED": ["parties[2]"],
        "GEO-EMBARGOED": ["parties[2]"],
        "ITEM-VIA-HUB": ["parties[0]", "parties[1]", "items[0]", "items[1]", "route[1]"],
    },
    "SO-2026-0135": {  # Hamburg > Jebel Ali > Almaty
        "ITEM-VIA-HUB": [
            "parties[0]",
            "parties[1]",
            "items[0]",
            "items[1]",
            "route[1]",
            "route[2]",
        ],
        "RF-VAGUE-END-USE": ["items[0]", "items[1]", "end_use"],
        "RF-HUB-TO-SENSITIVE": ["parties[1]", "route[1]", "route[2]"],
    },
    "SO-2026-0145": {  # Hamburg > Istanbul > Baku > Makhachkala
        "ITEM-TO-RUSSIA-BELARUS": ["parties[1]", "items[0]", "items[1]", "route[3]"],
        "ITEM-VIA-CASPIAN-ROUTE": ["parties[1]", "items[0]", "items[1]", "route[3]"],
        "ITEM-VIA-HUB": ["items[0]", "items[1]", "route[1]"],
        "RF-HUB-TO-SENSITIVE": ["parties[1]", "route[1]", "route[3]"],
    },
    "SO-2026-0169": {  # the ship-to is at Alabuga; item 3 is a plain resistor
        "ITEM-TO-RUSSIA-BELARUS": ["parties[1]", "items[0]", "items[1]"],
        "ITEM-TO-UAV-SITE": ["parties[1]", "items[0]", "items[1]"],
        "ITEM-VIA-HUB": ["parties[0]", "items[0]", "items[1]", "route[1]"],
        "ITEM-TO-RUSSIA-BELARUS-OTHER": ["parties[1]", "items[2]"],
        "RF-FREE-ZONE": ["parties[1]"],
    },
    "SO-2026-0189": {"RF-PAYER-THIRD-COUNTRY": ["payment"]},
    "SO-2026-0228": {
        "ITEM-VIA-HUB": ["parties[0]", "parties[1]", "items[0]", "items[1]", "route[1]"],
        "RF-FORWARDER-CONSIGNEE": ["parties[1]"],
    },
    "SO-2026-0244": {"RF-CASH-CRYPTO": ["payment"]},
    "SO-2026-0254": {"RF-MARKINGS-PAPERS": ["notes"]},
    "SO-2026-0293": {
        "ITEM-VIA-HUB": ["parties[0]", "parties[1]", "items[0]", "items[1]", "route[1]"],
        "RF-HOBBY-FRONT": ["parties[0]", "parties[1]", "items[0]", "items[1]"],
    },
    "SO-2026-0310": {"GEO-OCCUPIED-UKRAINE": ["parties[1]", "route[2]"]},  # Sevastopol
    "SO-2026-0327": {  # the vessel is the sixth party; Hamburg > Poti > Baku > Aktau
        "PARTY-LISTED": ["parties[5]"],
        "ITEM-VIA-HUB": [
            "parties[0]",
            "parties[1]",
            "parties[2]",
            "items[0]",
            "route[1]",
            "route[3]",
        ],
        "RF-HUB-TO-SENSITIVE": ["parties[1]", "parties[2]", "route[1]", "route[3]"],
    },
}


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(Matcher(bundled_list().entities), default_policy())


def refs(screener: Screener, order: dict[str, Any]) -> Refs:
    result = screener.screen(parse_order(order)).as_dict([])
    return {r["code"]: r["refs"] for r in result["reasons"]}


def test_example_orders(screener: Screener) -> None:
    lines = (EXAMPLES / "orders.jsonl").read_bytes().splitlines()
    got = {o["id"]: refs(screener, o) for o in map(orjson.loads, lines)}
    assert got == EXAMPLE_ORDERS


def test_buried_cases_of_the_example_order_book(screener: Screener) -> None:
    _, orders = open_orders(EXAMPLES / "order_book.csv")
    got = {o["id"]: refs(screener, o) for _, o in orders if o["id"] in ORDER_BOOK}
    assert got == ORDER_BOOK


def test_refs_name_elements_by_their_index_in_the_order_as_given(screener: Screener) -> None:
    """A list element that is no object is skipped by the parser, yet the refs of the
    ones after it keep their place in the order as given (and the last stop is still
    the destination)."""
    order = {"id": "PO-R", "parties": ["not a party", {"role": "buyer", "name": "HESA",
                                                       "country": "IR"}],
             "items": [{"description": "office chair", "hs_code": "9401.31"}],
             "route": [None, {"place": "Bandar Abbas", "country": "IR"}]}  # fmt: skip
    assert refs(screener, order) == {
        "PARTY-LISTED": ["parties[1]"],
        "GEO-EMBARGOED": ["parties[1]", "route[1]"],
        "INPUT-UNREADABLE": ["parties[0]", "route[0]"],
    }


SELLER = {"role": "seller", "name": "Rhein Components Distribution GmbH", "country": "DE"}
BUYER = {"role": "buyer", "name": "Elektro Weber GmbH", "country": "DE"}
CHAIR = {"description": "office swivel chair", "hs_code": "9401.31", "quantity": 2}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"parties": [SELLER, BUYER | {"country": "Narnia"}]}, ["parties[1]"]),
        ({"parties": [SELLER, {"role": "buyer", "country": "DE"}]}, ["parties[1]"]),
        ({"parties": [SELLER, BUYER | {"role": "importer"}]}, ["parties[1]"]),
        ({"parties": [SELLER, BUYER | {"identifiers": {"inn": ["x"]}}]}, ["parties[1]"]),
        ({"items": [CHAIR, CHAIR | {"quantity": "lots"}]}, ["items[1]"]),
        ({"items": [CHAIR | {"hs_code": "94x1.31"}]}, ["items[0]"]),
        ({"items": [CHAIR | {"eccn": "not an eccn"}]}, ["items[0]"]),
        ({"route": [{"place": "Hamburg", "country": "DE"}, {"place": "X", "country": "Q1"}]},
         ["route[1]"]),
        ({"payment": {"method": "barter"}}, ["payment"]),
        ({"payment": {"payer_country": "Atlantis"}}, ["payment"]),
        ({"items": "a chair"}, ["items"]),
        ({"notes": {"text": "x"}}, ["notes"]),
        ({"input_errors": [{"field": "row 7, column 'Qty' (items[0].quantity)",
                            "message": "'zwölf' is not a number"}]}, ["items[0]"]),
        ({"input_errors": [{"field": "line 12", "message": "not valid JSON"}]}, []),
    ],
)  # fmt: skip
def test_an_input_error_points_at_its_element(
    screener: Screener, change: dict[str, Any], expected: list[str]
) -> None:
    order = {"id": "PO-E", "parties": [SELLER, BUYER], "items": [CHAIR]} | change
    got = refs(screener, order)
    assert got.pop("INPUT-UNREADABLE") == expected
    assert "INPUT-UNREADABLE" not in got


def test_red_flags_point_at_the_payer_the_payment_and_the_texts(screener: Screener) -> None:
    payer = {"role": "payer", "name": "Harbour Clearing Ltd", "country": "HK"}
    order = {"id": "PO-F", "parties": [SELLER, BUYER, payer],
             "items": [CHAIR], "payment": {"payer_country": "HK", "method": "crypto"},
             "notes": "please reroute via Yerevan", "end_use": "ship without invoice"}  # fmt: skip
    assert refs(screener, order) == {
        "RF-MARKINGS-PAPERS": ["end_use"],
        "RF-PAYER-THIRD-COUNTRY": ["parties[2]", "payment"],
        "RF-CASH-CRYPTO": ["payment"],
        "RF-REROUTED": ["notes"],
    }


@pytest.mark.parametrize(
    ("path", "ref"),
    [
        ("items[0].hs_code", "items[0]"),
        ("parties[12].identifiers.inn", "parties[12]"),
        ("route[3]", "route[3]"),
        ("row 7, column 'Qty' (items[1].quantity)", "items[1]"),
        ("row 2, column 'Ship-to Country' (parties[1].country)", "parties[1]"),
        ("row 4, column 'Payment' (payment.method)", "payment"),
        ("payment.payer_country", "payment"),
        ("end_use", "end_use"),
        ("date", "date"),
        ("parties", "parties"),
        ("line 3", None),
        ("row 5", None),
        ("dates", None),
    ],
)
def test_field_ref(path: str, ref: str | None) -> None:
    assert field_ref(path) == ref


def test_refs_are_ordered_parties_items_route_then_fields() -> None:
    given = ["route[10]", "payment", "items[2]", "route[2]", "parties[1]", "items[2]", "end_use",
             "parties[0]"]  # fmt: skip
    expected = ("parties[0]", "parties[1]", "items[2]", "route[2]", "route[10]", "end_use",
                "payment")  # fmt: skip
    assert sorted_refs(given) == expected
