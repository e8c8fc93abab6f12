"""The UK Sanctions List's fields as FtM properties: what its XML and CSV readers share.

The FCDO publishes the same designations as XML (one element per designation) and as
CSV (one row per name and address of a designation, tied by the Unique ID). Both carry
the same fields under slightly different names, so the mapping from a field to FtM
properties lives here once and a designation reads the same from either file.

Dates are written day first (`dd/mm/yyyy`), with `dd`/`mm` or `00` for an unknown part
("dd/mm/1945", "dd/09/1958", "00/00/1975").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from caspian.dates import parse_slashed
from caspian.geo.countries import to_code
from caspian.lists.uk_ofsi import extract_ids
from caspian.model import Entity, slug_id

DAY_FIRST = True  # the FCDO writes dd/mm/yyyy (DateGenerated 07/09/2026)

SOURCE = "uk-sanctions-list"
ID_PREFIX = "uk-sanctions-list"
TITLE = "UK Sanctions List (FCDO)"
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
GENDERS = {"male": "male", "female": "female"}

# `dd`, `mm` and `yyyy` placeholders stand for an unknown part, as "00" does.
_PLACEHOLDER_DAY_MONTH = re.compile(r"\b(?:dd|mm)\b", re.I)
_IMO = re.compile(r"(?<!\d)(\d{7})(?!\d)")
# Russian and Belarusian registry labels inside "Business registration number" text.
_LABELLED_ID = re.compile(
    r"\b(INN|OGRNIP|OGRN|KPP|OKPO|TIN|UNP)\b\s*(?:number|no\.?)?\s*[-:.#]?\s*(\d[\d ]{4,}\d)",
    re.I,
)
_LABEL_PROPS = {
    "inn": "innCode",
    "ogrn": "ogrnCode",
    "ogrnip": "ogrnCode",
    "kpp": "kppCode",
    "okpo": "okpoCode",
    "tin": "taxNumber",
    "unp": "taxNumber",
}


def record_id(unique_id: str) -> str:
    """Caspian id of a designation: the UK Unique ID (`RUS1683` -> `uk-sanctions-list-RUS1683`)."""
    return slug_id(ID_PREFIX, unique_id)


def clean(value: str | None) -> str:
    """Single-spaced text ("" when absent)."""
    return " ".join(value.split()) if value else ""


def uk_date(text: str | None) -> str | None:
    """ISO prefix of a UK date: day first, placeholders as unknown parts; None if unusable."""
    value = clean(text)
    if not value:
        return None
    return parse_slashed(_PLACEHOLDER_DAY_MONTH.sub("00", value), day_first=DAY_FIRST)


def schema_of(kind: str) -> str | None:
    return SCHEMAS.get(clean(kind).lower())


def full_name(parts: Iterable[str | None]) -> str:
    """Name 1..5 (given names, in order) then Name 6 (surname or an organisation's name)."""
    return " ".join(p for p in (clean(x) for x in parts) if p)


def name_prop(name_type: str, strength: str) -> str:
    """FtM property for one name: primary name, alias, weak alias or previous name.

    "Primary Name" is the name; a "Primary Name Variation" is another spelling of it
    (an alias); an "Alias" is weak when its strength is "Low quality"; a previous or
    former name (ships renamed) is a previousName.
    """
    kind = clean(name_type).lower()
    if kind == "primary name":
        return "name"
    if "previous" in kind or "former" in kind:
        return "previousName"
    if clean(strength).lower().startswith("low"):
        return "weakAlias"
    return "alias"


def add_name(entity: Entity, parts: list[str | None], name_type: str, strength: str) -> bool:
    """Add one name; False when all its parts are empty (the caller warns)."""
    name = full_name(parts)
    if not name:
        return False
    prop = name_prop(name_type, strength)
    entity.add(prop, name)
    if prop == "name" and entity.schema == "Person":
        first, second, *middle, last = (clean(p) for p in parts)
        entity.add("firstName", first)
        entity.add("secondName", second)
        entity.add_all("middleName", middle)
        entity.add("lastName", last)
    return True


def add_non_latin_name(entity: Entity, name: str, script: str, language: str) -> None:
    """A name in another script is an alias; its script and language go into notes."""
    name = clean(name)
    if not name:
        return
    entity.add("alias", name)
    about = ", ".join(v for v in (clean(script), clean(language)) if v)
    if about:
        entity.add("notes", f"Name in non-Latin script ({about}): {name}")


def add_birth_date(entity: Entity, text: str) -> bool:
    """Add a date of birth; False (and a note) when it cannot be read as a date."""
    value = clean(text)
    if not value:
        return True
    date = uk_date(value)
    if date:
        entity.add("birthDate", date)
        return True
    entity.add("notes", f"Date of birth: {value}")
    return False


def add_birth_place(entity: Entity, town: str, country: str) -> None:
    entity.add("birthPlace", ", ".join(v for v in (clean(town), clean(country)) if v))


def add_country(entity: Entity, prop: str, text: str, label: str) -> None:
    """A country name as its ISO code; kept in notes when it is not a known country."""
    value = clean(text)
    if not value:
        return
    code = to_code(value)
    if code:
        entity.add(prop, code)
    else:
        entity.add("notes", f"{label}: {value}")


def add_address(entity: Entity, lines: Iterable[str | None], postal: str, country: str) -> None:
    parts = [p for p in (clean(x) for x in (*lines, postal, country)) if p]
    entity.add("address", ", ".join(parts))
    add_country(entity, "country", country, "Address country")


def add_document(entity: Entity, prop: str, label: str, number: str, info: str) -> None:
    """A passport or national identifier: the bare number(s), the full text in notes."""
    number, info = clean(number), clean(info)
    numbers = extract_ids(number) or ([number] if any(c.isdigit() for c in number) else [])
    entity.add_all(prop, numbers)
    if not numbers and not info:
        return
    text = f"{label}: {number}" if number else label
    entity.add("notes", f"{text} ({info})" if info else text)


def add_registration(entity: Entity, text: str) -> None:
    """Business registration numbers: labelled Russian codes (INN, OGRN, KPP) to their
    properties, anything else as registrationNumber; the text stays in notes."""
    value = clean(text)
    if not value:
        return
    labelled = list(_LABELLED_ID.finditer(value))
    for m in labelled:
        entity.add(_LABEL_PROPS[m.group(1).lower()], m.group(2).replace(" ", ""))
    if not labelled:
        entity.add_all("registrationNumber", extract_ids(value))
    entity.add("notes", f"Business registration number: {value}")


def add_imo(entity: Entity, text: str) -> bool:
    """IMO number from "IMO9562233" or "8628597"; False when there is no 7-digit number."""
    m = _IMO.search(clean(text))
    if not m:
        return False
    entity.add("imoNumber", m.group(1))
    return True


def add_positions(entity: Entity, text: str) -> None:
    """Positions; the UK joins several in one value with "|"."""
    entity.add_all("position", [clean(p) for p in text.split("|")])


def add_sanctions_imposed(entity: Entity, text: str) -> None:
    measures = [m for m in (clean(p) for p in text.split("|")) if m]
    if measures:
        entity.add("notes", "Sanctions imposed: " + "; ".join(dict.fromkeys(measures)))


def add_un_reference(entity: Entity, ref: str) -> None:
    """Written as the other lists cite it ("UN Ref TAe.010"), so UK and UN entries pair."""
    if clean(ref):
        entity.add("notes", f"UN Ref {clean(ref)}")
