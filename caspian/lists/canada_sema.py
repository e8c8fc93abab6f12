"""Canada, Consolidated Canadian Autonomous Sanctions List, XML (`sema-lmes.xml`).

Global Affairs Canada lists the designations under the Special Economic Measures Act
(SEMA) and the Justice for Victims of Corrupt Foreign Officials Act (JVCFOA) as flat
`<record>` elements of bilingual fields (`LastName-NomDeFamille`, `Country-Pays`...):
a person has a last and given name, an entity or ship a name in `EntityOrShip`.

`Country-Pays` is the regulation a record is listed under ("Russia / Russie", or the
JVCFOR), not where the subject lives, so it is the `program` and never a country. The
file has no record id: a record is identified by its regulation, schedule and item
(`canada-sema-russia-1-part-1-1520`), which is how the regulations themselves number
it. Aliases are one free-text field ("A, B and C", "A; B", "Arabic:..."), split into
names; the field is kept whole in notes. Dates are ISO (`1965-04-29`, or a year); the
file has no slashed dates, and any would be read day first as Canada writes them.

The file carries no publication date: it is dated like the other undated lists (the
file's time, or the server's Last-Modified when downloaded). The latest date of listing
is only a lower bound and is said in a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from caspian.dates import parse_dates
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.text import file_date
from caspian.lists.xml_stream import (
    Element,
    check_root,
    children,
    iter_elements,
    line_of,
    local,
    text,
)
from caspian.model import Entity, slug_id

FORMAT = "canada-sema-xml"
SOURCE = "canada-sema"
TITLE = "Canada Consolidated Autonomous Sanctions List (SEMA, JVCFOA)"
ID_PREFIX = "canada-sema"
ROOT = "data-set"
EXPECTED = "a Canada consolidated sanctions XML file (root <data-set> of <record>s)"
TAGS = ("record",)
DAY_FIRST = True  # Global Affairs Canada writes dd/mm/yyyy where it slashes a date

# Field names in English (the part before "-" in each bilingual tag).
COUNTRY = "Country"
LAST_NAME = "LastName"
GIVEN_NAME = "GivenName"
ENTITY = "EntityOrShip"
ALIASES = "Aliases"
BIRTH_OR_BUILD = "DateOfBirthOrShipBuildDate"
SCHEDULE = "Schedule"
ITEM = "Item"
LISTED = "DateOfListing"
TITLE_OR_TYPE = "TitleOrShipType"
IMO = "ShipIMONumber"
KNOWN = frozenset(
    {
        COUNTRY,
        LAST_NAME,
        GIVEN_NAME,
        ENTITY,
        ALIASES,
        BIRTH_OR_BUILD,
        SCHEDULE,
        ITEM,
        LISTED,
        TITLE_OR_TYPE,
        IMO,
    }
)

_SCRIPT_LABEL = re.compile(
    r"\s*\b(?:Arabic|Persian|Farsi|Russian|Cyrillic|Ukrainian|Belarusian|Chinese|Korean|"
    r"Burmese|Hebrew)\s*:\s*",
    re.I,
)
_FINAL_AND = re.compile(r"\s+(?:and|et)\s+")
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)")
_SLUG = re.compile(r"[^a-z0-9.]+")


def _field(elem: Element) -> str:
    """English name of a bilingual field: `LastName-NomDeFamille` -> `LastName`."""
    return local(elem.tag).split("-", 1)[0]


def _english(value: str) -> str:
    """The English half of a bilingual value ("Belarus / Bélarus", "Tanker | Navire")."""
    for sep in (" | ", " / "):
        if sep in value:
            return value.split(sep, 1)[0].strip()
    return value


def _slug(value: str) -> str:
    return _SLUG.sub("-", value.lower()).strip("-.")


def split_aliases(value: str) -> list[str]:
    """Names in the alias field: split at script labels ("Arabic:"), then at ";" (or,
    when there is none, at "," and "/") and at the final "and"/"et" of an enumeration."""
    names: list[str] = []
    for chunk in _SCRIPT_LABEL.split(" ".join(value.split())):
        if ";" in chunk:
            parts = chunk.split(";")
        else:
            parts = re.split(r",|/", chunk)
            if len(parts) > 1:
                parts[-1:] = _FINAL_AND.split(parts[-1])
        names.extend(p.strip(" .,") for p in parts if p.strip(" .,"))
    return list(dict.fromkeys(names))


def split_name(value: str) -> list[str]:
    """A bilingual name "English/French" as its halves, each of two words or more (so
    "Maersk A/S" stays whole)."""
    parts = [p.strip() for p in value.split("/")]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return parts
    return [value]


def _dates(value: str) -> list[str]:
    return parse_dates(value, day_first=DAY_FIRST) if value else []


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[str] = []
        self.keys: dict[str, int] = {}
        self.unknown: set[str] = set()

    def warn(self, elem: Element, record: str, message: str) -> None:
        self.warnings.append(f"{self.path}:{line_of(elem)}: {record}: {message}")

    def record_key(self, elem: Element, values: dict[str, str], name: str) -> str:
        country = _english(values.get(COUNTRY, ""))
        acronym = _ACRONYM.search(country)
        regime = _slug(acronym.group(1) if acronym else country) or "no-regime"
        schedule = _slug(values.get(SCHEDULE, ""))
        item = values.get(ITEM, "")
        parts = [regime, schedule] if schedule else [regime]
        if item:
            parts.append(_slug(item))
        else:
            parts.append(_slug(name))
            self.warn(elem, name, "no item number; the record is keyed by its name")
        key = "-".join(p for p in parts if p)
        count = self.keys.get(key, 0) + 1
        self.keys[key] = count
        if count > 1:
            self.warn(elem, key, f"regulation, schedule and item repeated; read as {key}-{count}")
            key = f"{key}-{count}"
        return key

    def entity(self, elem: Element) -> Entity:
        values: dict[str, str] = {}
        for sub in children(elem):
            field = _field(sub)
            value = " ".join((text(sub) or "").split())
            if field not in KNOWN:
                if field not in self.unknown:
                    self.unknown.add(field)
                    self.warn(sub, local(sub.tag), "unknown field kept in notes")
                values.setdefault(f"?{local(sub.tag)}", value)
            elif value:
                values.setdefault(field, value)
        given, last = values.get(GIVEN_NAME, ""), values.get(LAST_NAME, "")
        person = bool(given or last)
        name = " ".join(p for p in (given, last) if p) if person else values.get(ENTITY, "")
        if not name:
            raise ListFormatError(
                self.path,
                "record without a name",
                line=line_of(elem),
                record=f"item {values.get(ITEM, '?')}",
                expected="LastName/GivenName or EntityOrShip",
            )
        ship = not person and bool(values.get(IMO) or values.get(TITLE_OR_TYPE))
        schema = "Person" if person else "Vessel" if ship else "Organization"
        key = self.record_key(elem, values, name)
        entity = Entity(slug_id(ID_PREFIX, key), schema, SOURCE, key)
        names = [name] if person else split_name(name)
        entity.add("name", names[0])
        entity.add_all("alias", names[1:])
        if len(names) > 1:
            entity.add("notes", f"Name: {name}")
        if person:
            entity.add("firstName", given)
            entity.add("lastName", last)
            if values.get(ENTITY):
                entity.add("alias", values[ENTITY])
        self.aliases(entity, values.get(ALIASES, ""))
        country = values.get(COUNTRY, "")
        entity.add("program", _english(country))
        where = ", ".join(
            p
            for p in (
                f"schedule {values[SCHEDULE]}" if values.get(SCHEDULE) else "",
                f"item {values[ITEM]}" if values.get(ITEM) else "",
            )
            if p
        )
        entity.add("notes", f"Listed under {country}" + (f", {where}" if where else ""))
        self.birth_or_build(entity, elem, values.get(BIRTH_OR_BUILD, ""), ship)
        kind = values.get(TITLE_OR_TYPE, "")
        if kind:
            entity.add("type" if ship else "title", _english(kind))
            if _english(kind) != kind:
                entity.add("notes", f"{'Type' if ship else 'Title'}: {kind}")
        if values.get(IMO):
            m = re.search(r"(?<!\d)(\d{7})(?!\d)", values[IMO])
            if m:
                entity.add("imoNumber", m.group(1))
            else:
                entity.add("notes", f"IMO number: {values[IMO]}")
                self.warn(elem, key, f"IMO number {values[IMO]!r} has no 7 digits")
        listed = _dates(values.get(LISTED, ""))
        entity.add_all("createdAt", listed)
        if values.get(LISTED) and not listed:
            entity.add("notes", f"Date of listing: {values[LISTED]}")
        for field, value in values.items():
            if field.startswith("?") and value:
                entity.add("notes", f"{field[1:]}: {value}")
        return entity

    def aliases(self, entity: Entity, value: str) -> None:
        if not value:
            return
        names = split_aliases(value)
        for alias in names:
            # A person's one-word alias ("Andrei") is weak evidence on its own.
            weak = entity.schema == "Person" and len(alias.split()) == 1
            entity.add("weakAlias" if weak else "alias", alias)
        if names != [" ".join(value.split())]:
            entity.add("notes", f"Aliases: {value}")

    def birth_or_build(self, entity: Entity, elem: Element, value: str, ship: bool) -> None:
        if not value:
            return
        dates = _dates(value)
        prop = "buildDate" if ship else "birthDate" if entity.schema == "Person" else None
        if dates and prop:
            entity.add_all(prop, dates)
            if len(dates) > 1 or dates[0] != value:
                entity.add("notes", f"{'Built' if ship else 'Date of birth'}: {value}")
            return
        entity.add("notes", f"{'Built' if ship else 'Date of birth'}: {value}")
        self.warn(elem, entity.source_id, f"date {value!r} not read; kept in notes")


def read(path: Path) -> ListData:
    """Read a Canada consolidated sanctions XML file; every record or none."""
    path = Path(path)
    namespace = check_root(path, ROOT, EXPECTED)
    reader = _Reader(path)
    entities = [reader.entity(elem) for _n, elem in iter_elements(path, namespace, TAGS, EXPECTED)]
    if not entities:
        raise ListFormatError(path, "no <record> elements", expected=EXPECTED)
    published = file_date(path)
    listed = max((d for e in entities for d in e.get("createdAt")), default=None)
    warnings = reader.warnings
    warnings.append(
        f"{path}: no publication date inside the file; dated by the file's time {published}"
        + (f" (latest date of listing {listed})" if listed else "")
    )
    if listed and listed > published:
        warnings.append(
            f"{path}: the latest date of listing {listed} is after the file's time {published}"
        )
    return ListData(
        source=SOURCE,
        format=FORMAT,
        title=TITLE,
        entities=entities,
        files=[path],
        published=published,
        published_from="mtime",
        warnings=warnings,
    )
