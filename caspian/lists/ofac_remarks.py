"""The OFAC legacy remarks field, turned into FtM properties.

OFAC's legacy files (sdn.csv, cons_prim.csv) have no columns for birth dates, passports
or registration numbers: everything is packed into one free-text "remarks" field as
`;`-separated clauses such as ``DOB 10 Dec 1948; POB Tehran, Iran; Passport A123
(Iran)``. Each clause follows a small fixed grammar, so each gets a small regex here.
Every function is pure: the reader decides what to do with the result, and keeps the
full remarks text in `notes` so that a clause no regex knows is never lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from caspian.dates import parse_dates
from caspian.geo.countries import to_code

Prop = tuple[str, str]

# OFAC writes slashed dates month first in every format ("DOB 06/19/2003" in remarks,
# Publish_Date "05/06/2024" in the classic XML): the one place all OFAC readers take it from.
DAY_FIRST = False

# Identifier clauses: "<label> <value> (<country>) issued <date> expires <date>".
# label -> property; the Russian special cases are decided on the value and country.
ID_LABELS: dict[str, str] = {
    # travel documents
    "Passport": "passportNumber",
    "Diplomatic Passport": "passportNumber",
    "Passport Booklet": "passportNumber",
    "Travel Document Number": "passportNumber",
    "British National Overseas Passport": "passportNumber",
    "Stateless Person Passport": "passportNumber",
    # personal and national ids
    "National ID No.": "idNumber",
    "Identification Number": "idNumber",
    "Personal ID Card": "idNumber",
    "Cedula No.": "idNumber",
    "C.U.R.P.": "idNumber",
    "C.U.R.P. #": "idNumber",
    "C.U.I.P.": "idNumber",
    "C.U.I.": "idNumber",
    "D.N.I.": "idNumber",
    "Citizen's Card Number": "idNumber",
    "Kenyan ID No.": "idNumber",
    "Turkish Identification Number": "idNumber",
    "Numero de Identidad": "idNumber",
    "Electoral Registry No.": "idNumber",
    "Credencial electoral": "idNumber",
    "I.F.E.": "idNumber",
    "SSN": "idNumber",
    "National Foreign ID Number": "idNumber",
    "Residency Number": "idNumber",
    "Birth Certificate Number": "idNumber",
    "Driver's License No.": "idNumber",
    "Cartilla de Servicio Militar Nacional": "idNumber",
    "VisaNumberID": "idNumber",
    "Tazkira National ID Card": "idNumber",
    "Moroccan Personal ID No.": "idNumber",
    "Bosnian Personal ID No.": "idNumber",
    "Stateless Person ID Card": "idNumber",
    "Refugee ID Card": "idNumber",
    "Immigration No.": "idNumber",
    "CNP": "idNumber",
    # tax ids
    "Tax ID No.": "taxNumber",
    "R.F.C.": "taxNumber",
    "R.F.C. #": "taxNumber",
    "RFC": "taxNumber",
    "NIT #": "taxNumber",
    "RUC #": "taxNumber",
    "RIF #": "taxNumber",
    "C.U.I.T.": "taxNumber",
    "RTN": "taxNumber",
    "Italian Fiscal Code": "taxNumber",
    "US FEIN": "taxNumber",
    "Fiscal Code": "taxNumber",
    "Romanian Tax Registration": "taxNumber",
    "V.A.T. Number": "vatCode",
    # company registers
    "Registration Number": "registrationNumber",
    "Registration ID": "registrationNumber",
    "Business Registration Number": "registrationNumber",
    "Business Registration Document #": "registrationNumber",
    "Company Number": "registrationNumber",
    "UK Company Number": "registrationNumber",
    "Commercial Registry Number": "registrationNumber",
    "Chamber of Commerce Number": "registrationNumber",
    "Unified Social Credit Code (USCC)": "registrationNumber",
    "United Social Credit Code Certificate (USCCC)": "registrationNumber",
    "Certificate of Incorporation Number": "registrationNumber",
    "Trade License No.": "registrationNumber",
    "Public Registration Number": "registrationNumber",
    "Folio Mercantil No.": "registrationNumber",
    "Matricula Mercantil No": "registrationNumber",
    "C.R. No.": "registrationNumber",
    "Enterprise Number": "registrationNumber",
    "Business Number": "registrationNumber",
    "Central Registration System Number": "registrationNumber",
    "Economic Register Number (CBLS)": "registrationNumber",
    "Istanbul Chamber of Comm. No.": "registrationNumber",
    "Dubai Chamber of Commerce Membership No.": "registrationNumber",
    "Registered Charity No.": "registrationNumber",
    "LE Number": "registrationNumber",
    "Branch Unit Number": "registrationNumber",
    "Government Gazette Number": "registrationNumber",
    "Organization Code": "registrationNumber",
    "MSB Registration Number": "registrationNumber",
    "Registration Certificate Number (Dubai)": "registrationNumber",
    "Russian State Individual Business Registration Number Pattern (OGRNIP)": "registrationNumber",
    "D-U-N-S Number": "dunsCode",
    "Legal Entity Number": "leiCode",
    "SWIFT/BIC": "swiftBic",
    # vessels and aircraft
    "Vessel Registration Identification": "imoNumber",
    "International Maritime Organization No.": "imoNumber",
    "MMSI": "mmsi",
    "Aircraft Manufacturer's Serial Number (MSN)": "serialNumber",
    "Aircraft Tail Number": "registrationNumber",
}

# Clauses that say how the entity is sanctioned: kept in notes, never a property.
SANCTIONS_PREFIXES = (
    "Additional Sanctions Information",
    "Secondary sanctions risk",
    "Executive Order",
    "CAATSA Section",
    "Transactions Prohibited For Persons Owned or Controlled By",
    "Listing Date",
    "Effective Date",
    "Purchase/Sales For Divestment Date",
    "For more information",
    "IFCA Determination",
)

_SANCTIONS = tuple(p.casefold() for p in SANCTIONS_PREFIXES)
_ALT = r"(?:alt\.\s+)?"
_ALT_PREFIX = re.compile(r"^alt\.\s+", re.IGNORECASE)
_ID_CLAUSE = re.compile(
    rf"^{_ALT}(?P<label>"
    + "|".join(re.escape(label) for label in sorted(ID_LABELS, key=len, reverse=True))
    + r")(?:\s*:\s*|\s+)(?P<value>.+?)"
    r"(?:\s*\((?P<country>[^()]*)\))?"
    r"(?:\s+(?:issued|expires)\b.*)?$",
    re.IGNORECASE,
)
_LABEL_PROP = {label.casefold(): prop for label, prop in ID_LABELS.items()}
_ALIAS = re.compile(r"^(?P<kind>[afn])\.k\.a\.?\s+(?P<name>.+)$", re.IGNORECASE)
_ALIAS_PROPS = {"a": "weakAlias", "f": "previousName", "n": "alias"}
_LINKED = re.compile(r"^Linked To:\s*(?P<name>.+)$", re.IGNORECASE)
_IMO = re.compile(r"^\(?(?:IMO\s*)?(\d{7})\)?$", re.IGNORECASE)
# "Passport No.: 0310857": a second "number" word before the value
_NUMBER_WORD = re.compile(r"^(?:No\.|No(?=\s*[:\d])|Number(?=\s)|#)\s*:?\s*", re.IGNORECASE)
_IMO_PREFIXED = re.compile(r"^IMO\s*\d{7}$", re.IGNORECASE)
_PROSE = re.compile(r"^[a-z]+\b")
_PHONE_JUNK = re.compile(r"[^\d+]")


@dataclass(slots=True)
class Remarks:
    """What the remarks say: properties, plus the clauses that stay as notes only."""

    props: list[Prop] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    sanctions: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def split_clauses(text: str | None) -> list[str]:
    """`;`-separated clauses, without the period OFAC ends the whole field with.

    The final period is kept when the last word is an abbreviation that owns it
    ("... S.A.", "Washington, D.C."), since there the two periods were merged.
    """
    if not text:
        return []
    clauses = [c.strip() for c in text.split(";")]
    clauses = [c for c in clauses if c]
    if clauses and clauses[-1].endswith("."):
        last = clauses[-1]
        word = last.rsplit(None, 1)[-1]
        if "." not in word[:-1] or word.endswith("'."):
            clauses[-1] = last[:-1].rstrip()
    return clauses


@cache
def country_code(name: str) -> str | None:
    """Cached `to_code`: the same few hundred country names repeat thousands of times."""
    return to_code(name.strip().rstrip("."))


def unquote(text: str) -> str:
    """A name from remarks without its quotes: 'ABU ALI'. -> ABU ALI.

    OFAC sometimes doubles the quotes (''FOOPIE''); a name may start with an apostrophe
    (''ABD-AL-'IZ'), so only balanced outer pairs are removed.
    """
    text = text.strip()
    if text.endswith("'."):
        text = text[:-1]
    while len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        text = text[1:-1].strip()
    return text


def parse_dob(value: str) -> list[str]:
    """ISO prefixes for a DOB value: "10 Dec 1948", "circa 1960", "1958 to 1959" ..."""
    value = value.strip().rstrip(".")
    value = re.sub(r"^circa\s+", "", value, flags=re.IGNORECASE)
    if " to " not in value:
        return parse_dates(value, day_first=DAY_FIRST)
    left, right = value.split(" to ", 1)
    start, end = parse_dates(left, day_first=DAY_FIRST), parse_dates(right, day_first=DAY_FIRST)
    if not start or not end:
        return start + end
    return date_range(start[0], end[0])


def date_range(start: str, end: str) -> list[str]:
    """A birth date range as the coarsest prefixes that cover it.

    "01 Jan 1960 to 31 Dec 1961" -> 1960, 1961; "01 Feb 1960 to 29 Feb 1960" -> 1960-02.
    """
    if start == end:
        return [start]
    sy, ey = int(start[:4]), int(end[:4])
    if sy == ey:
        same_month = len(start) >= 7 and start[:7] == end[:7]
        return [start[:7] if same_month else start[:4]]
    if sy < ey <= sy + 20:
        return [str(year) for year in range(sy, ey + 1)]
    return [start, end]


def phone_number(value: str) -> str | None:
    """The bare number: "(98)(21)(66153220)" -> "982166153220"."""
    number = _PHONE_JUNK.sub("", value)
    if number.startswith("+"):
        number = "+" + number[1:].replace("+", "")
    else:
        number = number.replace("+", "")
    return number if sum(ch.isdigit() for ch in number) >= 5 else None


def _label_prop(label: str) -> str:
    """The property of a label as the clause regex matched it. The regex ignores case
    character by character ("NATİONAL" matches "National"), which casefold() does not
    always reproduce ("natİonal".casefold() has a combining dot), so fall back to the
    regex's own comparison."""
    prop = _LABEL_PROP.get(label.casefold())
    if prop is None:
        prop = next(
            p for known, p in ID_LABELS.items() if re.fullmatch(re.escape(known), label, re.I)
        )
    return prop


def identifier(label: str, value: str, country: str | None) -> Prop | None:
    """The property for one identifier clause; Russian INN/OGRN/OKPO get their own."""
    prop = _label_prop(label)
    value = _NUMBER_WORD.sub("", value.strip().rstrip(".").strip())
    if not value or _PROSE.match(value):
        return None  # "Passport issued in Sarajevo": prose, not a number
    if _IMO_PREFIXED.match(value):
        prop = "imoNumber"  # "Company Number IMO 1234567": a shipping company's IMO number
    russia = country is not None and country_code(country) == "ru"
    digits = value.isdigit()
    if prop == "imoNumber":
        m = _IMO.search(value)
        return ("imoNumber", m.group(1)) if m else ("registrationNumber", value)
    if russia and digits:
        label_key = label.casefold()
        if prop == "taxNumber" and len(value) in (10, 12):
            return ("innCode", value)
        if prop == "registrationNumber" and label_key == "government gazette number":
            return ("okpoCode", value)
        if prop == "registrationNumber" and len(value) in (13, 15):
            return ("ogrnCode", value)
    return (prop, value)


def _id_clause(clause: str) -> list[Prop] | None:
    m = _ID_CLAUSE.match(clause)
    if m is None:
        return None
    prop = identifier(m.group("label"), m.group("value"), m.group("country"))
    return [prop] if prop else []


def _dates(prop: str) -> Callable[[str], list[Prop]]:
    return lambda value: [(prop, d) for d in parse_dob(value)]


def _country(prop: str) -> Callable[[str], list[Prop]]:
    def parse(value: str) -> list[Prop]:
        code = country_code(value)
        return [(prop, code)] if code else []

    return parse


def _text(prop: str) -> Callable[[str], list[Prop]]:
    return lambda value: [(prop, value.rstrip(".").strip())]


def _phone(value: str) -> list[Prop]:
    number = phone_number(value)
    return [("phone", number)] if number else []


def _token(prop: str) -> Callable[[str], list[Prop]]:
    """Emails and URLs have no spaces: anything after the first one is prose."""

    def parse(value: str) -> list[Prop]:
        token = value.split()[0].rstrip(".,") if value.split() else ""
        return [(prop, token)] if token else []

    return parse


def _gender(value: str) -> list[Prop]:
    gender = value.strip().rstrip(".").lower()
    return [("gender", gender)] if gender in ("male", "female") else []


def _alias(clause: str) -> list[Prop] | None:
    m = _ALIAS.match(clause)
    if m is None:
        return None
    name = unquote(m.group("name"))
    return [(_ALIAS_PROPS[m.group("kind").lower()], name)] if name else []


# "<prefix> <value>" clauses: prefix regex -> handler of the value. Order matters where
# one prefix starts another ("Nationality of Registration" before "nationality").
PREFIXED: tuple[tuple[str, Callable[[str], list[Prop]]], ...] = (
    ("DOB", _dates("birthDate")),
    ("Nationality of Registration", _country("country")),
    ("POB", _text("birthPlace")),
    ("nationality", _country("nationality")),
    ("citizen", _country("citizenship")),
    ("Gender", _gender),
    ("Organization Established Date", _dates("incorporationDate")),
    ("Organization Type", _text("sector")),
    ("Vessel Year of Build", _dates("buildDate")),
    ("Aircraft Manufacture Date", _dates("buildDate")),
    ("Aircraft Model", _text("model")),
    ("Former Vessel Flag", _country("pastFlags")),
    ("Other Vessel Type", _text("type")),
    ("Position", _text("position")),
    ("Email Address", _token("email")),
    ("Website", _token("website")),
    (r"Phone Number|Phone No\.|Telephone", _phone),
)
# One regex for all prefixes (one match per clause instead of one per prefix).
_PREFIXED = re.compile(
    rf"^{_ALT}(?:"
    + "|".join(f"(?P<p{i}>{prefix})" for i, (prefix, _h) in enumerate(PREFIXED))
    + r")\s*:?\s+(?P<value>.+)$",
    re.IGNORECASE,
)


def _prefixed_clause(clause: str) -> list[Prop] | None:
    m = _PREFIXED.match(clause)
    if m is None:
        return None
    index = next(i for i in range(len(PREFIXED)) if m.group(f"p{i}") is not None)
    return PREFIXED[index][1](m.group("value").strip())


def parse_clause(clause: str) -> list[Prop] | None:
    """Properties for one clause; None when no parser knows the clause."""
    for parser in (_prefixed_clause, _alias, _id_clause):
        props = parser(clause)
        if props is not None:
            return props
    return None


def parse_remarks(text: str | None) -> Remarks:
    """Everything the remarks field says that has an FtM property."""
    out = Remarks()
    for clause in split_clauses(text):
        m = _LINKED.match(clause)
        if m:
            out.linked_to.append(m.group("name").strip())
            continue
        if _ALT_PREFIX.sub("", clause).casefold().startswith(_SANCTIONS):
            out.sanctions.append(clause)
            continue
        props = parse_clause(clause)
        if props is None:
            out.other.append(clause)
            continue
        for prop in props:
            if prop not in out.props:
                out.props.append(prop)
    return out
