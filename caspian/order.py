"""An order (or payment) as screening sees it: parties, items, route, payment, end use.

Parsed from the JSON of the `caspian screen` contract. Parsing never stops at a bad
field: the field is named in `input_errors` and the order is screened on what remains.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from caspian.clean import clean_text
from caspian.geo.countries import to_code

ROLES = frozenset(
    {"buyer", "seller", "consignee", "intermediate_consignee", "end_user", "forwarder",
     "payer", "bank", "carrier", "vessel"}
)  # fmt: skip
PAYMENT_METHODS = frozenset({"wire", "letter_of_credit", "cash", "crypto", "other"})


class OrderError(ValueError):
    """An order line that cannot be screened at all (not an object, no id)."""


@dataclass(frozen=True, slots=True)
class InputError:
    field: str  # e.g. "parties[1].country"
    message: str


@dataclass(slots=True)
class Party:
    index: int
    role: str
    name: str | None
    country: str | None  # ISO alpha-2, lower case
    address: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Item:
    index: int
    description: str | None = None
    hs_code: str | None = None
    eccn: str | None = None
    part_number: str | None = None
    manufacturer: str | None = None
    quantity: float | None = None
    unit_value: float | None = None
    currency: str | None = None


@dataclass(slots=True)
class Stop:
    index: int
    place: str | None
    country: str | None


@dataclass(slots=True)
class Payment:
    payer_country: str | None = None
    method: str | None = None
    currency: str | None = None


@dataclass(slots=True)
class Order:
    id: str
    date: str | None = None
    parties: list[Party] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    route: list[Stop] = field(default_factory=list)
    payment: Payment | None = None
    end_use: str | None = None
    notes: str | None = None
    input_errors: list[InputError] = field(default_factory=list)

    def parties_in(self, *roles: str) -> list[Party]:
        return [p for p in self.parties if p.role in roles]


class _Reader:
    """Reads fields of one JSON object, collecting errors instead of raising."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors

    def error(self, where: str, message: str) -> None:
        self.errors.append(InputError(where, message))

    def text(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.errors.append(InputError(where, f"expected text, got {type(value).__name__}"))
            return None
        return clean_text(value) or None

    def number(self, obj: Mapping[str, Any], key: str, where: str) -> float | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.errors.append(InputError(where, "expected a number, got true/false"))
            return None
        try:
            number = float(str(value).replace(",", "").strip())
        except ValueError:
            self.errors.append(InputError(where, f"expected a number, got {value!r}"))
            return None
        if not math.isfinite(number) or number < 0:
            self.errors.append(InputError(where, f"expected a positive number, got {value!r}"))
            return None
        return number

    def country(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        text = self.text(obj, key, where)
        if text is None:
            return None
        code = to_code(text)
        if code is None:
            self.errors.append(
                InputError(where, f"{text!r} is not a country (ISO code or country name)")
            )
        return code

    def objects(self, obj: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.errors.append(InputError(key, "expected a list"))
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((i, item))
            else:
                self.errors.append(InputError(f"{key}[{i}]", "expected an object"))
        return out


def parse_order(data: Any) -> Order:
    """Read one order; raises OrderError only when there is no order at all."""
    if not isinstance(data, Mapping):
        raise OrderError("an order must be a JSON object")
    order_id = data.get("id")
    if isinstance(order_id, int) and not isinstance(order_id, bool):
        order_id = str(order_id)
    if not isinstance(order_id, str) or not order_id.strip():
        raise OrderError("field 'id' is required (a non-empty string)")
    r = _Reader([])
    return Order(
        id=order_id.strip(),
        date=r.text(data, "date", "date"),
        parties=[_party(r, i, obj) for i, obj in r.objects(data, "parties")],
        items=[_item(r, i, obj) for i, obj in r.objects(data, "items")],
        route=[_stop(r, i, obj) for i, obj in r.objects(data, "route")],
        payment=_payment(r, data.get("payment")),
        end_use=r.text(data, "end_use", "end_use"),
        notes=r.text(data, "notes", "notes"),
        input_errors=[*r.errors, *_adapter_errors(data.get("input_errors"))],
    )


def _party(r: _Reader, i: int, obj: Mapping[str, Any]) -> Party:
    where = f"parties[{i}]"
    role = (r.text(obj, "role", f"{where}.role") or "").lower().replace(" ", "_")
    if role not in ROLES:
        r.error(f"{where}.role", f"unknown role {role or '(none)'!r}; "
                                 f"expected one of {', '.join(sorted(ROLES))}")  # fmt: skip
        role = role or "party"
    country = r.country(obj, "country", f"{where}.country")
    identifiers: dict[str, str] = {}
    raw_ids = obj.get("identifiers")
    if isinstance(raw_ids, Mapping):
        for key in raw_ids:
            text = r.text(raw_ids, key, f"{where}.identifiers.{key}")
            if text:
                identifiers[str(key)] = text
    elif raw_ids is not None:
        r.error(f"{where}.identifiers", "expected an object")
    name = r.text(obj, "name", f"{where}.name")
    if name is None:
        r.error(f"{where}.name", "missing: this party cannot be screened")
    address = r.text(obj, "address", f"{where}.address")
    return Party(i, role, name, country, address, identifiers)


def _item(r: _Reader, i: int, obj: Mapping[str, Any]) -> Item:
    where = f"items[{i}]"
    return Item(
        index=i,
        description=r.text(obj, "description", f"{where}.description"),
        hs_code=r.text(obj, "hs_code", f"{where}.hs_code"),
        eccn=r.text(obj, "eccn", f"{where}.eccn"),
        part_number=r.text(obj, "part_number", f"{where}.part_number"),
        manufacturer=r.text(obj, "manufacturer", f"{where}.manufacturer"),
        quantity=r.number(obj, "quantity", f"{where}.quantity"),
        unit_value=r.number(obj, "unit_value", f"{where}.unit_value"),
        currency=r.text(obj, "currency", f"{where}.currency"),
    )


def _stop(r: _Reader, i: int, obj: Mapping[str, Any]) -> Stop:
    where = f"route[{i}]"
    country = r.country(obj, "country", f"{where}.country")
    return Stop(i, r.text(obj, "place", f"{where}.place"), country)


def _payment(r: _Reader, payment: Any) -> Payment | None:
    if payment is None:
        return None
    if not isinstance(payment, Mapping):
        r.error("payment", "expected an object")
        return None
    payer = r.country(payment, "payer_country", "payment.payer_country")
    method = r.text(payment, "method", "payment.method")
    if method is not None:
        method = method.lower().replace(" ", "_")
        if method not in PAYMENT_METHODS:
            known = ", ".join(sorted(PAYMENT_METHODS))
            r.error("payment.method", f"unknown method {method!r}; expected one of {known}")
    return Payment(payer, method, r.text(payment, "currency", "payment.currency"))


def _adapter_errors(raw: Any) -> list[InputError]:
    """Problems an input adapter already found (a spreadsheet cell that was not a number)."""
    if not isinstance(raw, list):
        return []
    return [InputError(str(e["field"]), str(e["message"])) for e in raw
            if isinstance(e, Mapping) and e.get("field") and e.get("message")]  # fmt: skip
