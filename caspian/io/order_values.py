"""Cell values of order spreadsheets as the screening contract wants them.

Spreadsheets write numbers the local way ("1.234,56", "7,5", "€ 12,00", "500 Stk"), payment
methods in the clerk's language ("Überweisung", "lettre de crédit", "аккредитив"), a whole
route in one cell ("Rotterdam (NL) > Dubai (AE) > Almaty (KZ)"), and Excel turns HS codes
into numbers (8542.3 for "8542.30", 10121 for "010121"). These functions undo that.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache, lru_cache
from typing import Any

import pycountry

from caspian.geo.countries import to_code
from caspian.geo.normal import fold

# Cells repeat (one order's rows, a customer's orders), so a few functions remember their
# answers; only for short texts, or a table of long distinct cells would fill the caches.
CACHED_CHARS = 256
MAX_COUNTRY_CHARS = 100  # no country's name is longer


def country_code(text: str | None) -> str | None:
    """`to_code`, for a cell: a text longer than any country's name is none."""
    return to_code(text) if text and len(text) <= MAX_COUNTRY_CHARS else None


# -- text ------------------------------------------------------------------------------


def cell_text(value: Any) -> str | None:
    """A cell as text (None when empty); Excel numbers lose their ".0", dates their time."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


def hs_text(value: Any) -> str | None:
    """An HS code Excel stored as a number, with its zeros back: 8542.3 -> "8542.30"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return cell_text(value)
    text = cell_text(value) or ""
    head, _, tail = text.partition(".")
    if tail:
        return f"{head.zfill(4)}.{tail + '0' * (len(tail) % 2)}"
    return head.zfill(len(head) + len(head) % 2)


_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")


def date_text(value: Any) -> str | None:
    """ISO date for ISO and "dd.mm.yyyy" (German, Russian) dates; other forms as written."""
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    text = cell_text(value)
    if text is None:
        return None
    m = _ISO_DATE.fullmatch(text)
    if m:
        return text[:10]
    m = _DOTTED_DATE.fullmatch(text)
    if m and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return text


# -- numbers ---------------------------------------------------------------------------

_SYMBOLS = {"€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "₽": "RUB", "руб": "RUB",
            "р": "RUB", "₹": "INR", "₺": "TRY", "₩": "KRW", "¥": None, "fr": "CHF",
            "元": "CNY", "rmb": "CNY"}  # fmt: skip
_UNITS = frozenset({"pcs", "pc", "pce", "pces", "piece", "pieces", "unit", "units", "ea",
                    "each", "stk", "stuck", "st", "u", "unite", "unites", "шт", "штук",
                    "ед", "x"})  # fmt: skip
_NUMBER = re.compile(
    r"(?P<pre>.*?)(?P<neg>[-−(])?\s*(?P<num>\d(?:[\d.,'’]|\s(?=\d{3}(?!\d)))*)\)?(?P<post>.*)",
    re.S,
)
_DASH_CENTS = re.compile(r"(?<=\d)[.,]-{1,2}(?!\d)")  # "1.234,-": no cents
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


@cache
def _currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def currency_of(text: str) -> tuple[bool, str | None]:
    """(is a currency, its ISO code if one) for "EUR", "€", "руб.", "¥" (yen or yuan)."""
    key = fold(text).strip(" .").lower()
    if key in _SYMBOLS:
        return True, _SYMBOLS[key]
    if key.upper() in _currency_codes():
        return True, key.upper()
    return False, None


class NumberReader:
    """Reads quantities and prices; learns the table's decimal mark from its cells.

    "1,234" is a thousand in an English export and one point two in a German one. The
    first cell that says which ("7,5", "1.234,56", "0.125") settles it for the rest; until
    then the guess is the table's (a decimal comma for ';'-separated files), and a mapping
    file can fix it.
    """

    def __init__(self, decimal: str = ".", *, fixed: bool = False) -> None:
        self.decimal = decimal
        self.fixed = fixed
        self.guessed: tuple[str, float] | None = None  # first value read by the guess alone

    def read(self, value: Any, *, units: bool = False) -> tuple[float | None, str | None, str]:
        """(number, currency written with it, error message or "")."""
        if value is None or value == "":
            return None, None, ""
        if isinstance(value, bool):
            return None, None, f"expected a number, got {value!r}"
        if isinstance(value, int | float):
            return self._checked(float(value), repr(value), None)
        text = str(value).strip()
        if not text:
            return None, None, ""
        text = _DASH_CENTS.sub("", text.replace("\u00a0", " ").replace("\u202f", " "))
        m = _NUMBER.fullmatch(text)
        if m is None:
            return None, None, f"expected a number, got {text!r}"
        currency: str | None = None
        for extra in (m["pre"].strip(), m["post"].strip()):
            if not extra:
                continue
            is_currency, code = currency_of(extra)
            if is_currency:
                currency = code or currency
            elif not (units and fold(extra).strip(" .").lower() in _UNITS):
                return None, None, f"expected a number, got {text!r}"
        number = self._parse(m["num"])
        if number is None:
            return None, None, f"expected a number, got {text!r}"
        if m["neg"]:
            return None, None, f"expected a positive number, got {text!r}"
        return self._checked(number, text, currency)

    def _checked(self, number: float, text: str, currency: str | None
                 ) -> tuple[float | None, str | None, str]:  # fmt: skip
        if number != number or number < 0 or number in (float("inf"), float("-inf")):
            return None, None, f"expected a positive number, got {text}"
        return number, currency, ""

    def _learn(self, mark: str) -> None:
        if not self.fixed:
            self.decimal = mark
            self.fixed = True

    def _parse(self, num: str) -> float | None:
        s = num.replace("'", "").replace("’", "").replace(" ", "").rstrip(".,")
        dots, commas = s.count("."), s.count(",")
        if dots and commas:
            mark = "." if s.rfind(".") > s.rfind(",") else ","
            if s.count(mark) > 1 or not _GROUPED.fullmatch(s.rpartition(mark)[0]):
                return None
            self._learn(mark)
            return float(s.replace("," if mark == "." else ".", "").replace(",", "."))
        if not dots and not commas:
            return float(s)
        sep = "." if dots else ","
        if dots + commas > 1:
            if not _GROUPED.fullmatch(s):
                return None
            self._learn("," if sep == "." else ".")
            return float(s.replace(sep, ""))
        head, _, tail = s.partition(sep)
        if len(tail) != 3 or head == "0":
            self._learn(sep)
            return float(f"{head}.{tail}")
        number = float(f"{head}.{tail}") if self.decimal == sep else float(head + tail)
        if not self.fixed and self.guessed is None:
            self.guessed = (num, number)
        return number


def plain_number(number: float) -> float | int:
    """500.0 -> 500, for results people read."""
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


# -- payment methods -------------------------------------------------------------------

_METHOD_TERMS = {
    "wire": ("wire", "wire transfer", "bank transfer", "transfer", "tt", "t t",
             "telegraphic transfer", "swift", "sepa", "uberweisung", "ueberweisung",
             "bankuberweisung", "banküberweisung", "virement", "virement bancaire",
             "перевод", "банковский перевод", "безналичный расчет", "безналичный",
             "безнал"),
    "letter_of_credit": ("letter of credit", "l c", "lc", "documentary credit",
                         "akkreditiv", "dokumentenakkreditiv", "lettre de credit",
                         "credit documentaire", "аккредитив", "документарный аккредитив"),
    "cash": ("cash", "cash on delivery", "cod", "bar", "in bar", "barzahlung", "nachnahme",
             "especes", "en especes", "paiement en especes", "contre remboursement",
             "наличные", "наличными", "нал", "наличный расчет"),
    "crypto": ("crypto", "cryptocurrency", "bitcoin", "btc", "usdt", "tether", "ethereum",
               "krypto", "kryptowahrung", "crypto monnaie", "cryptomonnaie",
               "криптовалюта", "крипта", "биткоин"),
    "other": ("other", "cash against documents", "documents against payment", "d p",
              "documentary collection", "dokumenteninkasso", "cheque", "check", "scheck",
              "credit card", "kreditkarte", "carte bancaire", "paypal", "open account",
              "netting", "barter", "troc", "бартер", "зачет", "чек", "vorkasse",
              "prepayment", "advance payment", "предоплата"),
}  # fmt: skip
_METHODS = {fold(t): m for m, terms in _METHOD_TERMS.items() for t in terms}


def payment_method(text: str) -> tuple[str, bool]:
    """(contract method, whether the words were recognised); unknown words are "other"."""
    return _payment_method(text) if len(text) <= CACHED_CHARS else _method_of(text)


def _method_of(text: str) -> tuple[str, bool]:
    key = " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())
    if key in _METHODS:
        return _METHODS[key], True
    padded = f" {key} "
    hits = [t for t in _METHODS if f" {t} " in padded]
    if hits:
        return _METHODS[max(hits, key=len)], True
    return "other", False


_payment_method = lru_cache(maxsize=4096)(_method_of)


# -- routes ----------------------------------------------------------------------------

_STOP_SEPARATORS = re.compile(r"\s*(?:->|=>|→|⟶|➔|»|>|;|\||\n)\s*|\s+[-–—]+\s+")
_PARENS = re.compile(r"(?P<place>.*?)\s*\((?P<country>[^()]*)\)\s*")

Stop = tuple[str | None, str | None]  # (place, country as written)


def parse_route(text: str) -> tuple[Stop, ...]:
    """Stops of a route cell: "Rotterdam (NL) > Dubai (AE)" or "Rotterdam, NL; Dubai, AE"."""
    return _parse_route(text) if len(text) <= CACHED_CHARS else _stops_of(text)


def _stops_of(text: str) -> tuple[Stop, ...]:
    segments = [s.strip() for s in _STOP_SEPARATORS.split(text) if s and s.strip()]
    if len(segments) == 1 and "," in segments[0]:
        return _comma_stops([p.strip() for p in segments[0].split(",") if p.strip()])
    return tuple(parse_stop(s) for s in segments)


_parse_route = lru_cache(maxsize=4096)(_stops_of)


def _comma_stops(parts: list[str]) -> tuple[Stop, ...]:
    """ "Rotterdam, NL, Dubai, AE" or "Rotterdam, Dubai, Almaty" or "Germany, Poland"."""
    stops: list[Stop] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if nxt and country_code(nxt) and not country_code(part):
            stops.append((part, nxt))
            i += 2
            continue
        stops.append(parse_stop(part))
        i += 1
    return tuple(stops)


def parse_stop(segment: str) -> Stop:
    """One stop: "Rotterdam (NL)", "Tehran, Iran", "Iran", "Jebel Ali"."""
    m = _PARENS.fullmatch(segment)
    if m and m["place"] and country_code(m["country"]):
        return m["place"], m["country"].strip()
    place, _, last = segment.rpartition(",")
    if place.strip() and country_code(last):
        return place.strip(), last.strip()
    if country_code(segment):
        return None, segment
    return segment, None
