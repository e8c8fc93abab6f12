"""An order (or payment) as screening sees it: parties, items, route, payment, end use.

Parsed from the JSON of the `caspian screen` contract. Parsing never stops at a bad
field: the field is named in `input_errors` and the order is screened on what remains.
Past a limit of `caspian.record_limits` (parties, items, stops, identifiers, text), the
order is screened on what is within it and the cut is an input error too, so it is
REVIEWed, never CLEAR. Parsing costs time in proportion to what is kept, not to what
was sent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from caspian.clean import clean_text, json_kind
from caspian.geo.countries import to_code
from caspian.record_limits import DEFAULT_RECORD_LIMITS, RecordLimits

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


@dataclass(frozen=True, slots=True)
class UnlistedErrors(InputError):
    """Stands for the input errors past the limit (`capped_errors`), counting them."""

    count: int = 0

    @classmethod
    def of(cls, count: int) -> UnlistedErrors:
        return cls("input_errors", f"{count:,} more input errors not listed", count)


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


ORDER_FIELDS = frozenset({"id", "date", "parties", "items", "route", "payment", "end_use",
                          "notes", "input_errors"})  # fmt: skip
PARTY_FIELDS = frozenset({"role", "name", "country", "address", "identifiers"})
ITEM_SCREENED = ("description", "hs_code", "eccn", "part_number", "manufacturer")
ITEM_FIELDS = frozenset({*ITEM_SCREENED, "quantity", "unit_value", "currency"})
STOP_FIELDS = frozenset({"place", "country"})
PAYMENT_FIELDS = frozenset({"payer_country", "method", "currency"})

SHOWN_CHARS = 60  # of a bad value quoted in an error message


def shown(value: Any) -> str:
    """A bad value as an error message quotes it: its repr, cut short."""
    text = repr(value) if isinstance(value, str | int | float) else json_kind(value)
    return text if len(text) <= SHOWN_CHARS else f"{text[: SHOWN_CHARS - 3]}..."


class _Reader:
    """Reads fields of one JSON object, collecting errors instead of raising."""

    def __init__(self, errors: list[InputError], limits: RecordLimits) -> None:
        self.errors = errors
        self.limits = limits

    def error(self, where: str, message: str) -> None:
        self.errors.append(InputError(where, message))

    def text(
        self, obj: Mapping[str, Any], key: str, where: str, *, chars: int | None = None,
        cut: bool = True,
    ) -> str | None:  # fmt: skip
        """A text field, cut at `chars` (default: the limit of any text) with an error;
        `cut=False` for a name, which is never cut (a part of a name is another name)."""
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.errors.append(InputError(where, f"expected text, got {json_kind(value)}"))
            return None
        limit = self.limits.text_chars if chars is None else chars
        if cut and len(value) > limit:
            self.error(where, f"text of {len(value):,} characters; at most {limit:,} are screened")
            value = value[:limit]
        return clean_text(value) or None

    def number(self, obj: Mapping[str, Any], key: str, where: str) -> float | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.errors.append(InputError(where, "expected a number, got true/false"))
            return None
        if not isinstance(value, str | int | float):
            self.errors.append(InputError(where, f"expected a number, got {shown(value)}"))
            return None
        try:
            number = float(str(value).replace(",", "").strip())
        except ValueError:
            self.errors.append(InputError(where, f"expected a number, got {shown(value)}"))
            return None
        if not math.isfinite(number) or number < 0:
            self.errors.append(InputError(where, f"expected a positive number, got {shown(value)}"))
            return None
        return number

    def country(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        text = self.text(obj, key, where)
        if text is None:
            return None
        code = to_code(text)
        if code is None:
            self.errors.append(
                InputError(where, f"{shown(text)} is not a country (ISO code or country name)")
            )
        return code

    def known(self, obj: Mapping[str, Any], fields: frozenset[str], where: str) -> None:
        """An unknown field is an error, never ignored: a misspelt `partys` or an item
        of `{"a": 1}` read as nothing would CLEAR what nobody screened."""
        unknown = [k for k in obj if k not in fields]
        if unknown:
            names = ", ".join(shown(str(k)) for k in unknown[:5])
            more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
            self.error(where or "order", f"unknown field{'s' if len(unknown) > 1 else ''} "
                                         f"{names}{more}; expected "
                                         f"{', '.join(sorted(fields))}")  # fmt: skip

    def objects(
        self, obj: Mapping[str, Any], key: str, limit: int, what: str
    ) -> list[tuple[int, Mapping[str, Any]]]:
        """The objects of a list field, the first `limit` of them (the cut named)."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.errors.append(InputError(key, "expected a list"))
            return []
        if len(value) > limit:
            self.error(key, f"{len(value):,} {what}; at most {limit:,} are screened")
            value = value[:limit]
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((i, item))
            else:
                self.errors.append(InputError(f"{key}[{i}]", "expected an object"))
        return out


def parse_order(data: Any, limits: RecordLimits = DEFAULT_RECORD_LIMITS) -> Order:
    """Read one order; raises OrderError only when there is no order at all."""
    if not isinstance(data, Mapping):
        raise OrderError("an order must be a JSON object")
    order_id = data.get("id")
    if isinstance(order_id, int) and not isinstance(order_id, bool):
        order_id = str(order_id)
    if not isinstance(order_id, str) or not order_id.strip():
        raise OrderError("field 'id' is required (a non-empty string)")
    if len(order_id) > limits.name_chars:
        raise OrderError(f"field 'id': {len(order_id):,} characters; at most "
                         f"{limits.name_chars:,}")  # fmt: skip
    r = _Reader([], limits)
    r.known(data, ORDER_FIELDS, "")
    order = Order(
        id=order_id.strip(),
        date=r.text(data, "date", "date"),
        parties=[_party(r, i, obj) for i, obj in r.objects(data, "parties", limits.parties,
                                                           "parties")],
        items=[_item(r, i, obj) for i, obj in r.objects(data, "items", limits.items, "items")],
        route=[_stop(r, i, obj) for i, obj in r.objects(data, "route", limits.route_stops,
                                                         "stops")],
        payment=_payment(r, data.get("payment")),
        end_use=r.text(data, "end_use", "end_use"),
        notes=r.text(data, "notes", "notes"),
        input_errors=[*r.errors, *_adapter_errors(data.get("input_errors"), limits)],
    )  # fmt: skip
    order.input_errors = capped_errors(order.input_errors, limits)
    return order


def capped_errors(errors: list[InputError], limits: RecordLimits) -> list[InputError]:
    """The first input errors, and one that counts the rest: each error REVIEWs the
    order alike, and a million of them would cost their weight in every output. Capping
    twice counts the same: the count of an earlier cap is carried."""
    unlisted = sum(e.count for e in errors if isinstance(e, UnlistedErrors))
    listed = [e for e in errors if not isinstance(e, UnlistedErrors)]
    if not unlisted and len(listed) <= limits.input_errors:
        return errors
    kept = listed[: limits.input_errors - 1]
    return [*kept, UnlistedErrors.of(unlisted + len(listed) - len(kept))]


def _party(r: _Reader, i: int, obj: Mapping[str, Any]) -> Party:
    where = f"parties[{i}]"
    r.known(obj, PARTY_FIELDS, where)
    role = (r.text(obj, "role", f"{where}.role") or "").lower().replace(" ", "_")
    if role not in ROLES:
        r.error(f"{where}.role", f"unknown role {shown(role) if role else '(none)'}; "
                                 f"expected one of {', '.join(sorted(ROLES))}")  # fmt: skip
        role = (role or "party")[:SHOWN_CHARS]
    country = r.country(obj, "country", f"{where}.country")
    identifiers: dict[str, str] = {}
    raw_ids = obj.get("identifiers")
    if isinstance(raw_ids, Mapping):
        keys = list(raw_ids)
        cap = r.limits.identifiers_per_party
        if len(keys) > cap:
            r.error(f"{where}.identifiers", f"{len(keys):,} identifiers; at most {cap:,} are "
                                            "screened")  # fmt: skip
            keys = keys[:cap]
        for key in keys:
            label = key if len(key) <= SHOWN_CHARS else f"{key[: SHOWN_CHARS - 3]}..."
            text = r.text(raw_ids, key, f"{where}.identifiers.{label}", chars=r.limits.name_chars)
            if text:
                identifiers[str(key)[: r.limits.name_chars]] = text
    elif raw_ids is not None:
        r.error(f"{where}.identifiers", "expected an object")
    # Past its limit, a name is not screened at all, and the order says so (`Screener`).
    name = r.text(obj, "name", f"{where}.name", cut=False)
    if name is None:
        r.error(f"{where}.name", "missing: this party cannot be screened")
    address = r.text(obj, "address", f"{where}.address")
    return Party(i, role, name, country, address, identifiers)


def _item(r: _Reader, i: int, obj: Mapping[str, Any]) -> Item:
    where = f"items[{i}]"
    r.known(obj, ITEM_FIELDS, where)
    if not any(obj.get(k) not in (None, "") for k in ITEM_SCREENED):
        r.error(where, "no description, HS code, ECCN, part number or manufacturer: this "
                       "item cannot be screened")  # fmt: skip
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
    r.known(obj, STOP_FIELDS, where)
    country = r.country(obj, "country", f"{where}.country")
    place = r.text(obj, "place", f"{where}.place")
    if place is None and obj.get("country") in (None, ""):
        r.error(where, "no place and no country: this stop cannot be screened")
    return Stop(i, place, country)


def _payment(r: _Reader, payment: Any) -> Payment | None:
    if payment is None:
        return None
    if not isinstance(payment, Mapping):
        r.error("payment", "expected an object")
        return None
    r.known(payment, PAYMENT_FIELDS, "payment")
    payer = r.country(payment, "payer_country", "payment.payer_country")
    method = r.text(payment, "method", "payment.method")
    if method is not None:
        method = method.lower().replace(" ", "_")
        if method not in PAYMENT_METHODS:
            known = ", ".join(sorted(PAYMENT_METHODS))
            r.error("payment.method", f"unknown method {shown(method)}; expected one of {known}")
    return Payment(payer, method, r.text(payment, "currency", "payment.currency"))


def _adapter_errors(raw: Any, limits: RecordLimits) -> list[InputError]:
    """Problems an input adapter already found (a spreadsheet cell that was not a number),
    the first of them (`capped_errors` counts the rest). An adapter writes text; anything
    else is an error of its own (and a 1,000-deep list is never turned into text)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return [InputError("input_errors", "expected a list")]
    out = []
    for i, e in enumerate(raw[: limits.input_errors]):
        where, message = (e.get("field"), e.get("message")) if isinstance(e, Mapping) else (0, 0)
        if isinstance(where, str) and isinstance(message, str) and where and message:
            out.append(InputError(where[: limits.text_chars], message[: limits.text_chars]))
        else:
            out.append(InputError(f"input_errors[{i}]", "expected an object with a field and "
                                                        "a message, each a text"))  # fmt: skip
    if len(raw) > limits.input_errors:
        out.append(UnlistedErrors.of(len(raw) - limits.input_errors))
    return out
