"""Order parsing section by section: a bad field is named, the rest is read."""

from __future__ import annotations

import pytest

from caspian.order import parse_order


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), -1, "1e999",
                                   "Infinity", "NaN", True, "viele"])  # fmt: skip
def test_a_quantity_that_is_not_a_finite_positive_number_is_named(value: object) -> None:
    order = parse_order({"id": "o", "items": [{"description": "MCU", "quantity": value},
                                              {"description": "GNSS", "quantity": 3}]})  # fmt: skip
    assert [e.field for e in order.input_errors] == ["items[0].quantity"]
    assert order.items[0].quantity is None and order.items[1].quantity == 3
    assert order.items[0].description == "MCU"


def test_each_section_reports_its_own_fields_and_keeps_the_others() -> None:
    order = parse_order({
        "id": " o-1 ", "date": 20260101,
        "parties": [{"role": "Buyer", "name": "A", "country": "Atlantis"}, "x",
                    {"role": "end user", "identifiers": ["INN"]}],
        "items": {"a": 1},
        "route": [{"place": "Aktau", "country": "KZ"}],
        "payment": {"method": "barter", "payer_country": "AE"},
        "input_errors": [{"field": "items[0].hs_code", "message": "cell was blank"}, 7],
    })  # fmt: skip
    assert order.id == "o-1" and order.date == "20260101"
    assert [(p.index, p.role, p.name, p.country) for p in order.parties] == [
        (0, "buyer", "A", None), (2, "end_user", None, None)]  # fmt: skip
    assert order.route[0].country == "kz" and order.payment is not None
    assert order.payment.payer_country == "ae" and order.payment.method == "barter"
    assert [e.field for e in order.input_errors] == [
        "parties[1]", "parties[0].country", "parties[2].identifiers", "parties[2].name",
        "items", "payment.method", "items[0].hs_code", "input_errors[1]"]  # fmt: skip


# Each body has one field nobody reads, or a section that holds nothing to screen: read
# as nothing, it would CLEAR what was never screened.
UNREAD = [
    ({"items": [{"a": 1}]}, ["items[0]", "items[0]"]),
    ({"items": [{"desc": "flight controller", "hs_code": "8526.91"}]}, ["items[0]"]),
    ({"payment": {"a": 1}}, ["payment"]),
    ({"payment": {"payer": "IR", "method": "wire"}}, ["payment"]),
    ({"partys": [{"role": "buyer", "name": "Qods Aviation Industries"}]}, ["order"]),
    ({"parties": [{"role": "buyer", "nme": "Qods Aviation Industries"}]},
     ["parties[0]", "parties[0].name"]),
    ({"route": [{}]}, ["route[0]"]),
    ({"route": [{"port": "Makhachkala"}]}, ["route[0]", "route[0]"]),
    ({"Items": [{"description": "servo motor"}]}, ["order"]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "fields"), UNREAD)
def test_a_field_nobody_reads_is_an_input_error(body: dict[str, object],
                                                fields: list[str]) -> None:  # fmt: skip
    order = parse_order({"id": "o", **body})
    assert [e.field for e in order.input_errors] == fields
    assert all(e.message for e in order.input_errors)


def test_an_unknown_field_is_named_and_so_are_the_known_ones() -> None:
    order = parse_order({"id": "o", "items": [{"description": "servo", "hscode": "8501"}]})
    (error,) = order.input_errors
    assert "'hscode'" in error.message and "hs_code" in error.message
    many = parse_order({"id": "o", "payment": {f"k{i}": i for i in range(40)}})
    assert "and 35 more" in many.input_errors[0].message


def test_known_fields_raise_no_error() -> None:
    order = parse_order({
        "id": "o", "date": "2026-01-02", "end_use": "civil", "notes": "n",
        "parties": [{"role": "buyer", "name": "A", "country": "DE", "address": "x",
                     "identifiers": {"inn": "1"}}],
        "items": [{"description": "d", "hs_code": "8542", "eccn": "EAR99",
                   "part_number": "p", "manufacturer": "m", "quantity": 1,
                   "unit_value": 2, "currency": "EUR"}],
        "route": [{"place": "Hamburg", "country": "DE"}, {"country": "KZ"}],
        "payment": {"payer_country": "DE", "method": "wire", "currency": "EUR"},
    })  # fmt: skip
    assert order.input_errors == []
