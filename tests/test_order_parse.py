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
