"""One order of the screening contract, built from the spreadsheet rows that share its id.

Each row adds what it holds: its parties (a party already on the order is not repeated),
one item, its route stops, the payment. A cell that cannot be read becomes an entry of
`input_errors` naming its row and column, and the rest of the order is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from caspian.geo.normal import fold
from caspian.io.order_headers import STOPS, Column, Layout
from caspian.io.order_values import (
    CACHED_CHARS,
    NumberReader,
    cell_text,
    country_code,
    currency_of,
    date_text,
    hs_text,
    parse_route,
    parse_stop,
    payment_method,
    plain_number,
)
from caspian.order import ROLES

NUMBER_ATTRS = ("quantity", "unit_value", "total")


@dataclass(slots=True)
class PartyColumns:
    role: str
    name: Column | None = None
    country: Column | None = None
    address: list[Column] = field(default_factory=list)
    identifiers: list[tuple[str, Column]] = field(default_factory=list)


class RowReader:
    """A header layout compiled for reading rows fast."""

    def __init__(self, layout: Layout, numbers: NumberReader,
                 currency_hint: str | None = None) -> None:  # fmt: skip
        self.numbers = numbers
        self.currency_hint = currency_hint
        by_field = {c.field: c for c in layout.columns}
        self.id = by_field.get("order.id")
        self.date = by_field.get("order.date")
        self.texts = [c for f in ("order.end_use", "order.notes") if (c := by_field.get(f))]
        self.parties = _party_columns(layout)
        self.items = [(c.field[5:], c) for c in layout.columns if c.field.startswith("item.")]
        self.route = by_field.get("route")
        self.stops = [(s, by_field.get(f"route.{s}"), by_field.get(f"route.{s}.country"))
                      for s in STOPS]  # fmt: skip
        self.stops = [s for s in self.stops if s[1] or s[2]]
        self.payment = [(c.field[8:], c) for c in layout.columns
                        if c.field.startswith("payment.")]  # fmt: skip


def _party_columns(layout: Layout) -> list[PartyColumns]:
    specs: dict[str, PartyColumns] = {}
    for column in layout.columns:  # in column order: parties come out in that order
        role, _, attr = column.field.partition(".")
        if role not in ROLES:
            continue
        spec = specs.setdefault(role, PartyColumns(role))
        if attr == "name":
            spec.name = column
        elif attr == "country":
            spec.country = column
        elif attr == "address":
            spec.address.append(column)
        else:
            spec.identifiers.append((attr.removeprefix("identifiers."), column))
    return list(specs.values())


def _cell(cells: Sequence[Any], column: Column | None) -> Any:
    if column is None or column.index >= len(cells):
        return None
    return cells[column.index]


def _text(cells: Sequence[Any], column: Column | None) -> str | None:
    return cell_text(_cell(cells, column))


@lru_cache(maxsize=8192)
def _fold_name(text: str) -> str:
    return " ".join(fold(text).split())


def _folded(text: str | None) -> str | None:
    if not text:
        return None
    return _fold_name(text) if len(text) <= CACHED_CHARS else " ".join(fold(text).split())


def _join(*parts: str | None) -> str | None:
    return ", ".join(p for p in parts if p) or None


class OrderBuilder:
    """The rows of one order, accumulated into the contract's JSON shape."""

    def __init__(self, order_id: str, row: int) -> None:
        self.id = order_id
        self.first_row = row
        self.last_row = row
        self.date: str | None = None
        self.texts: dict[str, list[str]] = {}
        self._seen_texts: set[tuple[str, str]] = set()
        self._other_dates: set[str] = set()
        self.parties: list[dict[str, Any]] = []
        self._party_keys: list[tuple[str, str | None, str | None]] = []
        # Where to look for a party or stop already on the order: by (role, folded name)
        # and by role; by folded place. Keys never change once set, and an order of
        # thousands of rows must not compare each row with every party before it.
        self._parties_named: dict[tuple[str, str], list[int]] = {}
        self._parties_of: dict[str, list[int]] = {}
        self.items: list[dict[str, Any]] = []
        self.route: list[dict[str, Any]] = []
        self._stop_keys: list[tuple[str | None, str | None]] = []
        self._stops_at: dict[str | None, list[int]] = {}
        self.payment: dict[str, str] = {}
        self.errors: list[dict[str, str]] = []
        self.notes: list[str] = []

    def error(self, row: int, column: Column | None, where: str, message: str) -> None:
        """`where` names the field of the contract ("" for the row as a whole)."""
        place = f"row {row}, column {column.header!r}" if column else f"row {row}"
        self.errors.append({"field": f"{place} ({where})" if where else place,
                            "message": message})  # fmt: skip

    def add(self, row: int, cells: Sequence[Any], reader: RowReader) -> bool:
        """Read one row into the order; False when it held nothing to screen."""
        self.last_row = row
        self._order_fields(row, cells, reader)
        found = False
        for spec in reader.parties:
            found |= self._party(row, cells, spec)
        found |= self._item(row, cells, reader)
        found |= self._route(row, cells, reader)
        found |= self._payment(row, cells, reader)
        return found

    # -- order-level fields ------------------------------------------------------------

    def _order_fields(self, row: int, cells: Sequence[Any], reader: RowReader) -> None:
        when = date_text(_cell(cells, reader.date))
        if when and self.date is None:
            self.date = when
        elif when and when != self.date and when not in self._other_dates:
            self._other_dates.add(when)
            self.notes.append(f"row {row} is dated {when}")
        for column in reader.texts:
            text = _text(cells, column)
            if text and (column.field, text) not in self._seen_texts:
                self._seen_texts.add((column.field, text))
                self.texts.setdefault(column.field, []).append(text)

    # -- parties -----------------------------------------------------------------------

    def _party(self, row: int, cells: Sequence[Any], spec: PartyColumns) -> bool:
        name = _text(cells, spec.name)
        country = _text(cells, spec.country)
        address = _join(*(_text(cells, c) for c in spec.address))
        ids = {k: t for k, c in spec.identifiers if (t := _text(cells, c))}
        if not (name or country or address or ids):
            return False
        code = country_code(country) if country else None
        if country and code is None:
            address = _join(address, country)  # "Crimea" is no country but still a place
        index = self._party_index(spec.role, name, code, country, address, ids)
        if country and code is None:
            self.error(row, spec.country, f"parties[{index}].country",
                       f"{country!r} is not a country (ISO code or country name)")  # fmt: skip
        return True

    def _party_index(self, role: str, name: str | None, code: str | None, country: str | None,
                     address: str | None, ids: dict[str, str]) -> int:  # fmt: skip
        key = _folded(name)
        candidates = self._parties_named.get((role, key), []) if key else self._parties_of.get(
            role, [])  # fmt: skip
        for i in reversed(candidates):
            p_role, p_key, p_code = self._party_keys[i]
            if p_role != role or (key and p_key != key) or (code and p_code and code != p_code):
                continue
            old = self.parties[i]
            if name and not old.get("name"):
                old["name"] = name
            if code and not p_code:
                old["country"] = country
            self._party_keys[i] = (role, key or p_key, code or p_code)
            if address and address != old.get("address"):
                old["address"] = _join(old.get("address"), address)
            for id_key, value in ids.items():
                old.setdefault("identifiers", {}).setdefault(id_key, value)
            return i
        party: dict[str, Any] = {"role": role}
        for k, v in (("name", name), ("country", country if code else None),
                     ("address", address)):  # fmt: skip
            if v:
                party[k] = v
        if ids:
            party["identifiers"] = dict(ids)
        self.parties.append(party)
        self._party_keys.append((role, key, code))
        index = len(self.parties) - 1
        self._parties_of.setdefault(role, []).append(index)
        if key:
            self._parties_named.setdefault((role, key), []).append(index)
        return index

    # -- items -------------------------------------------------------------------------

    def _item(self, row: int, cells: Sequence[Any], reader: RowReader) -> bool:
        raw = [(attr, column, _cell(cells, column)) for attr, column in reader.items]
        if not any(cell_text(v) for _, _, v in raw):
            return False
        index = len(self.items)
        item: dict[str, Any] = {}
        numbers: dict[str, float] = {}
        written_currency: str | None = None
        for attr, column, value in raw:
            if attr in NUMBER_ATTRS:
                number, currency, problem = reader.numbers.read(value, units=attr == "quantity")
                if problem:
                    self.error(row, column, f"items[{index}].{attr}", problem)
                elif number is not None:
                    numbers[attr] = number
                written_currency = written_currency or currency
            else:
                text = hs_text(value) if attr == "hs_code" else cell_text(value)
                if text:
                    item[attr] = text
        self._values(item, numbers, written_currency or reader.currency_hint)
        self.items.append(item)
        # Numbers alone ("Summe", 1234) do not make a row worth screening on its own.
        return any(k not in ("quantity", "unit_value", "currency") for k in item)

    @staticmethod
    def _values(item: dict[str, Any], numbers: dict[str, float], currency: str | None) -> None:
        quantity, unit, total = (numbers.get(a) for a in NUMBER_ATTRS)
        if unit is None and total is not None and quantity:
            unit = total / quantity
        if quantity is not None:
            item["quantity"] = plain_number(quantity)
        if unit is not None:
            item["unit_value"] = plain_number(round(unit, 6))
        if "currency" in item:
            item["currency"] = currency_of(item["currency"])[1] or item["currency"]
        elif currency and (unit is not None or total is not None):
            item["currency"] = currency

    # -- route -------------------------------------------------------------------------

    def _route(self, row: int, cells: Sequence[Any], reader: RowReader) -> bool:
        found = False
        text = _text(cells, reader.route)
        if text:
            for place, country in parse_route(text):
                self._stop(row, reader.route, place, country)
            found = True
        for stop, place_column, country_column in reader.stops:
            place = _text(cells, place_column)
            country = _text(cells, country_column)
            if not (place or country):
                continue
            found = True
            if stop == "transit":  # "Dubai; Almaty", "AE; KZ"
                stops = list(parse_route(place or country or ""))
                if place and country and len(stops) == 1 and stops[0][1] is None:
                    stops = [(stops[0][0], country)]
            elif place and not country:
                stops = [parse_stop(place)]
            else:
                stops = [(place, country)]
            for p, c in stops:
                self._stop(row, country_column or place_column, p, c)
        return found

    def _stop(self, row: int, column: Column | None, place: str | None,
              country: str | None) -> None:  # fmt: skip
        code = country_code(country) if country else None
        if country and code is None:
            place = _join(place, country)  # kept as a place: geography may know it
        index = self._stop_index(place, code, country)
        if country and code is None:
            self.error(row, column, f"route[{index}].country",
                       f"{country!r} is not a country (ISO code or country name)")  # fmt: skip

    def _stop_index(self, place: str | None, code: str | None, country: str | None) -> int:
        key = _folded(place) or None
        for i in self._stops_at.get(key, []):
            p_key, p_code = self._stop_keys[i]
            same_place = key == p_key if key and p_key else not key and not p_key
            if same_place and (code == p_code or not code or not p_code):
                if code and not p_code:
                    self.route[i]["country"] = country
                    self._stop_keys[i] = (p_key, code)
                return i
        stop: dict[str, Any] = {}
        if place:
            stop["place"] = place
        if code:
            stop["country"] = country
        self.route.append(stop)
        self._stop_keys.append((key, code))
        self._stops_at.setdefault(key, []).append(len(self.route) - 1)
        return len(self.route) - 1

    # -- payment -----------------------------------------------------------------------

    def _payment(self, row: int, cells: Sequence[Any], reader: RowReader) -> bool:
        found = False
        for attr, column in reader.payment:
            text = _text(cells, column)
            if not text:
                continue
            found = True
            value: str | None = text
            if attr == "payer_country" and country_code(text) is None:
                self.error(row, column, "payment.payer_country",
                           f"{text!r} is not a country (ISO code or country name)")  # fmt: skip
                continue
            if attr == "method":
                value, known = payment_method(text)
                if not known:
                    self.notes.append(f"payment method as written: {text!r}")
            elif attr == "currency":
                value = currency_of(text)[1] or text
            self._set_payment(row, column, attr, value or text)
        return found

    def _set_payment(self, row: int, column: Column, attr: str, value: str) -> None:
        old = self.payment.get(attr)
        if old is None:
            self.payment[attr] = value
            return
        same = (country_code(old) == country_code(value)) if attr == "payer_country" else (
            old == value)  # fmt: skip
        if not same:
            self.error(row, column, f"payment.{attr}",
                       f"{value!r} differs from {old!r} on an earlier row of this order; "
                       f"{old!r} is used")  # fmt: skip

    # -- result ------------------------------------------------------------------------

    def result(self) -> dict[str, Any]:
        order: dict[str, Any] = {"id": self.id}
        if self.date:
            order["date"] = self.date
        payer_country = self.payment.get("payer_country")
        if payer_country:
            for party in self.parties:
                if party["role"] == "payer" and not party.get("country"):
                    party["country"] = payer_country
        for key, value in (("parties", self.parties), ("items", self.items),
                           ("route", self.route), ("payment", self.payment)):  # fmt: skip
            if value:
                order[key] = value
        end_use = self.texts.get("order.end_use")
        if end_use:
            order["end_use"] = "; ".join(end_use)
        notes = [*self.texts.get("order.notes", []), *self.notes]
        if notes:
            order["notes"] = "; ".join(notes)
        if self.errors:
            order["input_errors"] = self.errors
        return order
