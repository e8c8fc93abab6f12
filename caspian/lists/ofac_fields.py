"""OFAC's identifier and feature types ("Tax ID No.", "Vessel Registration
Identification", "Gender", ...) as FtM properties, and what the OFAC readers share.

The types are the same strings in all OFAC formats (legacy CSV remarks, classic,
advanced and enhanced XML), so one mapping keeps a record's properties the same whichever
file it was read from. Dates written as text are read month first (`DAY_FIRST`, OFAC's
order in every format).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from caspian.dates import iso, parse_dates
from caspian.geo.countries import to_code
from caspian.lists.ofac_remarks import DAY_FIRST, ID_LABELS, phone_number
from caspian.model import Entity

_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_TRAILING_COUNTRY = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_DIGITS = re.compile(r"\D")

# Exact OFAC type names (lower case, straight apostrophes).
DETAIL_PROPS: dict[str, str] = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "national id no.": "idNumber",
    "identification number": "idNumber",
    "tax id no.": "taxNumber",
    "v.a.t. number": "vatCode",
    "registration id": "registrationNumber",
    "registration number": "registrationNumber",
    "swift/bic": "swiftBic",
    "email address": "email",
    "website": "website",
    "phone number": "phone",
    "legal entity number": "leiCode",
    "d-u-n-s number": "dunsCode",
    "vessel registration identification": "imoNumber",
    "mmsi": "mmsi",
    "vessel call sign": "callSign",
    "other vessel call sign": "callSign",
    "vessel flag": "flag",
    "other vessel flag": "flag",
    "former vessel flag": "pastFlags",
    "vessel type": "type",
    "other vessel type": "type",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "grossRegisteredTonnage",
    "vessel year of build": "buildDate",
    "aircraft model": "model",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "aircraft construction number (also called l/n or s/n or f/n)": "serialNumber",
    "aircraft tail number": "registrationNumber",
    "previous aircraft tail number": "registrationNumber",
    "aircraft manufacture date": "buildDate",
    "birthdate": "birthDate",
    "place of birth": "birthPlace",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
    "nationality of registration": "country",
    "registration country": "country",
    "organization type:": "sector",
    "organization established date": "incorporationDate",
    "gender": "gender",
    "title": "title",
    "location": "address",
}
# Values that describe the record but are not a property of their own.
NOTE_TYPES = {"vessel owner", "aircraft operator"}
# Sanctions information (directives, risk, CMIC dates, securities): notes only.
_NOTE_ONLY = re.compile(
    r"directive|sanction|target type|organization type|caatsa|ifca|peesa|executive order|"
    r"listing date|effective date|purchase/sales|\bisin\b|ticker|issuer name|micex|"
    r"transactions prohibited|un/locode",
    re.I,
)
# Keyword fallbacks for the many national identifier types, checked in order.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("passport", "passportNumber"),
    ("driver", "idNumber"),
    ("government gazette", "registrationNumber"),
    ("tax", "taxNumber"),
    ("fiscal", "taxNumber"),
    ("v.a.t", "vatCode"),
    ("registration", "registrationNumber"),
    ("registry", "registrationNumber"),
    ("register", "registrationNumber"),
    ("company number", "registrationNumber"),
    ("business number", "registrationNumber"),
    ("enterprise number", "registrationNumber"),
    ("incorporation", "registrationNumber"),
    ("chamber of commerce", "registrationNumber"),
    ("trade license", "registrationNumber"),
    ("c.r. no", "registrationNumber"),
    ("credit code", "registrationNumber"),
    ("matricula", "registrationNumber"),
    ("national id", "idNumber"),
    ("identification", "idNumber"),
    ("identity", "idNumber"),
    ("id card", "idNumber"),
    ("id no", "idNumber"),
    ("cedula", "idNumber"),
    ("birth certificate", "idNumber"),
    ("social security", "idNumber"),
    ("residency", "idNumber"),
    ("electoral", "idNumber"),
    ("immigration", "idNumber"),
    ("travel document", "idNumber"),
)
# The CSV remarks parser's labels come first, so a record gets the same properties
# from sdn.csv as from the XML files.
_CSV_LABELS = {label.lower().replace("\u2019", "'"): p for label, p in ID_LABELS.items()}
COUNTRY_PROPS = {"nationality", "citizenship", "jurisdiction", "country", "flag", "pastFlags"}
DATE_PROPS = {"birthDate", "incorporationDate", "buildDate"}
TEXT_PROPS = {
    "birthPlace",
    "title",
    "address",
    "type",
    "tonnage",
    "grossRegisteredTonnage",
    "model",
    "sector",
}


def period_dates(start: tuple[int, int, int] | None, end: tuple[int, int, int] | None) -> list[str]:
    """ISO prefixes for a date period as the advanced/enhanced XML write them.

    OFAC writes a birth year as 1 January to 31 December of that year, a month as its
    first to last day; a span of whole years gives each year, like "1958 to 1959" would.
    """
    start = start or end
    end = end or start
    if start is None or end is None:
        return []
    (y1, m1, d1), (y2, m2, d2) = start, end
    if start == end:
        out = [iso(y1, m1, d1)]
    elif (m1, d1, m2, d2) == (1, 1, 12, 31) and 0 <= y2 - y1 <= 20:
        out = [iso(y) for y in range(y1, y2 + 1)]
    elif (y1, m1) == (y2, m2) and d1 == 1 and d2 >= 28:
        out = [iso(y1, m1)]
    else:
        out = [iso(y1, m1, d1), iso(y2, m2, d2)]
    return [d for d in out if d]


def iso_tuple(value: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) from 'YYYY-MM-DD[T...]', or None."""
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def ensure_name(entity: Entity) -> bool:
    """Give an entity whose names are all aliases (e.g. only non-Latin) its first alias as
    name, so it stays screenable; False when it has no name at all."""
    if entity.get("name"):
        return True
    for prop in ("alias", "weakAlias", "previousName"):
        if entity.get(prop):
            entity.add("name", entity.get(prop)[0])
            return True
    return False


def clean_name(value: str | None) -> str | None:
    """A name without the bidi control marks OFAC wraps Arabic-script names in."""
    return _BIDI.sub("", value) if value else value


def id_prop(kind: str, number: str, country: str | None) -> tuple[str, bool]:
    """FtM property for an OFAC identifier type, and whether the type was recognised.

    Russian tax numbers are INNs; Russian 13/15-digit registration numbers are OGRNs;
    the Russian "Government Gazette Number" is the OKPO code.
    """
    key = kind.lower().replace("\u2019", "'")
    prop = _CSV_LABELS.get(key) or DETAIL_PROPS.get(key)
    if prop is None:
        prop = next((p for word, p in _KEYWORDS if word in key), None)
    if prop is None:
        return "idNumber", False
    if country == "ru":
        digits = _DIGITS.sub("", number)
        if prop == "taxNumber" and len(digits) in (10, 12) and digits == number:
            return "innCode", True
        if prop == "registrationNumber" and len(digits) in (13, 15) and digits == number:
            return "ogrnCode", True
        if "government gazette" in key:
            return "okpoCode", True
    return prop, True


def split_country(number: str) -> tuple[str, str | None]:
    """OFAC sometimes writes the country into the number: '1026303117642 (Russia)'."""
    m = _TRAILING_COUNTRY.match(number)
    if m and to_code(m.group(2)):
        return m.group(1), m.group(2)
    return number, None


def note_text(kind: str, value: str, bits: Sequence[str] = ()) -> str:
    """'Type: value (bits)', in OFAC's own style when the type ends in ':' or '-'."""
    label = f"{kind} {value}" if kind.rstrip()[-1:] in (":", "-") else f"{kind}: {value}"
    extra = [b for b in bits if b]
    return f"{label} ({'; '.join(extra)})" if extra else label


def add_detail(
    entity: Entity,
    kind: str,
    value: str | None,
    *,
    country: str | None = None,
    country_code: str | None = None,
    dates: Sequence[str] = (),
    bits: Sequence[str] = (),
) -> None:
    """Add one OFAC identifier or feature to an entity, under the property its type means.

    `country` is the issuing country as written, `country_code` its ISO code when the file
    gives one, `dates` ISO dates already parsed by the caller (for date features), `bits`
    extra facts (issue/expiry dates, validity) that go into the note with the value.
    Anything without a property of its own is kept in `notes`.
    """
    value = (clean_name(value) or "").strip()
    kind = " ".join(kind.split())
    if not value and not dates:
        return
    key = kind.lower().replace("\u2019", "'")
    if key in NOTE_TYPES or (key not in DETAIL_PROPS and _NOTE_ONLY.search(key)):
        entity.add("notes", note_text(kind, value, bits))
        return
    prop = DETAIL_PROPS.get(key)
    if prop in COUNTRY_PROPS:
        add_country(entity, prop, kind, value, country_code)
    elif prop in DATE_PROPS:
        add_dates(entity, prop, kind, value, dates)
    elif prop == "gender":
        _add_gender(entity, kind, value)
    elif prop in TEXT_PROPS:
        entity.add(prop, value)
    else:
        _add_identifier(entity, kind, value, country, country_code, bits)


def add_country(entity: Entity, prop: str, kind: str, value: str, code: str | None) -> None:
    resolved = (code or "").lower() or to_code(value)
    if resolved:
        entity.add(prop, resolved)
    else:
        entity.add("notes", note_text(kind, value))


def add_dates(entity: Entity, prop: str, kind: str, value: str, dates: Sequence[str]) -> None:
    found = list(dates) or parse_dates(value, day_first=DAY_FIRST)
    if found:
        entity.add_all(prop, found)
    else:
        entity.add("notes", note_text(kind, value))


def _add_gender(entity: Entity, kind: str, value: str) -> None:
    gender = value.strip().lower()
    if gender in ("male", "female"):
        entity.add("gender", gender)
    else:
        entity.add("notes", note_text(kind, value))


def _add_identifier(
    entity: Entity,
    kind: str,
    number: str,
    country: str | None,
    country_code: str | None,
    bits: Sequence[str],
) -> None:
    number, inline_country = split_country(number)
    country = country or inline_country
    bits = [b for b in bits if b]
    code = (country_code or "").lower() or to_code(country)
    prop, known = id_prop(kind, number, code)
    if prop == "imoNumber":
        m = re.search(r"\b(\d{7})\b", number)
        if m:
            number = m.group(1)
        else:
            prop, known = "idNumber", False
    elif prop == "phone":
        number = phone_number(number) or number
    entity.add(prop, number)
    if not known or country or bits:
        entity.add("notes", note_text(kind, number, [country or "", *bits]))


# What the OFAC readers share besides the types.

__all__ = ["DAY_FIRST"]  # re-exported: the OFAC XML readers take the order from here

SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
TITLES = {
    "ofac-sdn": "OFAC Specially Designated Nationals (SDN) List",
    "ofac-cons": "OFAC Consolidated Sanctions List (non-SDN)",
}
SDN_LIST = "SDN List"  # the list name the newer formats give SDN entries
# Address parts, as the newer formats name them, in the order the classic XML and the CSV
# write them.
ADDRESS_ORDER = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "POSTAL CODE",
                 "REGION")  # fmt: skip
# Programs and id types of the non-SDN lists (PLC, FSE, CMIC, SSI, MBS, CAPTA, Part 561).
