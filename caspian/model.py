"""The one entity model that every reader produces and every later stage consumes.

Entities follow FollowTheMoney (FtM), the format of OpenSanctions and yente: a schema
name and multi-valued string properties with FtM property names. Caspian adds the list
it came from (`source`) and the record id inside the official file (`source_id`), and
gives each entity a stable id such as ``ofac-sdn-16418`` or ``un-IRe.001``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson

from caspian.clean import clean_text

# Screenable schemas and their FtM parents: a query for an Organization may meet a
# Company, and a LegalEntity may be a person or a company.
SCHEMA_PARENTS: dict[str, tuple[str, ...]] = {
    "Thing": (),
    "LegalEntity": ("Thing",),
    "Person": ("LegalEntity", "Thing"),
    "Organization": ("LegalEntity", "Thing"),
    "Company": ("Organization", "LegalEntity", "Thing"),
    "PublicBody": ("Organization", "LegalEntity", "Thing"),
    "Vessel": ("Thing",),
    "Airplane": ("Thing",),
}
SCREENABLE_SCHEMAS = frozenset(SCHEMA_PARENTS) - {"Thing"}


class PropType(StrEnum):
    """What a property holds; matchers compare properties of the same type."""

    NAME = "name"
    DATE = "date"
    COUNTRY = "country"
    IDENTIFIER = "identifier"
    ADDRESS = "address"
    TEXT = "text"
    GENDER = "gender"


# FtM property names Caspian knows, with their type. Unknown properties from FtM input
# are kept, so nothing is lost.
PROPERTY_TYPES: dict[str, PropType] = {
    # names
    "name": PropType.NAME,
    "alias": PropType.NAME,
    "weakAlias": PropType.NAME,
    "previousName": PropType.NAME,
    "firstName": PropType.NAME,
    "middleName": PropType.NAME,
    "lastName": PropType.NAME,
    "fatherName": PropType.NAME,
    "motherName": PropType.NAME,
    "secondName": PropType.NAME,
    "title": PropType.TEXT,
    # dates
    "birthDate": PropType.DATE,
    "deathDate": PropType.DATE,
    "incorporationDate": PropType.DATE,
    "dissolutionDate": PropType.DATE,
    "buildDate": PropType.DATE,
    "createdAt": PropType.DATE,
    "modifiedAt": PropType.DATE,
    # countries
    "country": PropType.COUNTRY,
    "nationality": PropType.COUNTRY,
    "citizenship": PropType.COUNTRY,
    "jurisdiction": PropType.COUNTRY,
    "mainCountry": PropType.COUNTRY,
    "flag": PropType.COUNTRY,
    "pastFlags": PropType.COUNTRY,
    # identifiers
    "idNumber": PropType.IDENTIFIER,
    "passportNumber": PropType.IDENTIFIER,
    "taxNumber": PropType.IDENTIFIER,
    "registrationNumber": PropType.IDENTIFIER,
    "innCode": PropType.IDENTIFIER,
    "ogrnCode": PropType.IDENTIFIER,
    "kppCode": PropType.IDENTIFIER,
    "okpoCode": PropType.IDENTIFIER,
    "leiCode": PropType.IDENTIFIER,
    "dunsCode": PropType.IDENTIFIER,
    "swiftBic": PropType.IDENTIFIER,
    "imoNumber": PropType.IDENTIFIER,
    "mmsi": PropType.IDENTIFIER,
    "callSign": PropType.IDENTIFIER,
    "serialNumber": PropType.IDENTIFIER,
    "vatCode": PropType.IDENTIFIER,
    "email": PropType.IDENTIFIER,
    "phone": PropType.IDENTIFIER,
    "website": PropType.IDENTIFIER,
    # other
    "address": PropType.ADDRESS,
    "birthPlace": PropType.ADDRESS,
    "gender": PropType.GENDER,
    "program": PropType.TEXT,
    "notes": PropType.TEXT,
    "position": PropType.TEXT,
    "topics": PropType.TEXT,
    "sourceUrl": PropType.TEXT,
    "legalForm": PropType.TEXT,
    "type": PropType.TEXT,
    "model": PropType.TEXT,
    "tonnage": PropType.TEXT,
    "grossRegisteredTonnage": PropType.TEXT,
    "summary": PropType.TEXT,
}
IDENTIFIER_PROPS = tuple(p for p, t in PROPERTY_TYPES.items() if t is PropType.IDENTIFIER)

NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")


def schema_is_a(schema: str, other: str) -> bool:
    """True when `schema` is `other` or one of its descendants."""
    return schema == other or other in SCHEMA_PARENTS.get(schema, ())


def schemas_compatible(a: str, b: str) -> bool:
    """Two schemas can describe the same real thing (one descends from the other)."""
    return schema_is_a(a, b) or schema_is_a(b, a)


@dataclass(slots=True)
class Entity:
    """One listed person, organisation, vessel or aircraft."""

    id: str
    schema: str
    source: str
    source_id: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    # FtM top-level fields kept through a round trip (OpenSanctions data carries them).
    datasets: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_change: str | None = None

    def add(self, prop: str, value: str | None) -> None:
        """Add a value once, trimmed; empty values are ignored."""
        if value is None:
            return
        value = clean_text(value)
        if not value:
            return
        values = self.properties.setdefault(prop, [])
        if value not in values:
            values.append(value)

    def add_all(self, prop: str, values: Iterable[str | None]) -> None:
        for value in values:
            self.add(prop, value)

    def add_properties(self, other: Entity) -> None:
        """Take in another record's values (a list repeating an id describes one entity)."""
        for prop, values in other.properties.items():
            self.add_all(prop, values)

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    @property
    def caption(self) -> str:
        return self.first("name") or self.first("alias") or self.id

    def names(self, props: Iterable[str] = NAME_PROPERTIES) -> Iterator[tuple[str, str]]:
        """Every (property, name) pair, primary names first."""
        for prop in props:
            for value in self.properties.get(prop, ()):
                yield prop, value

    # -- FollowTheMoney JSON ------------------------------------------------------

    def to_ftm(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema,
            "caption": self.caption,
            "properties": {k: list(v) for k, v in self.properties.items() if v},
            "datasets": self.datasets or [self.source],
            "source_id": self.source_id,
        }
        if self.first_seen:
            data["first_seen"] = self.first_seen
        if self.last_change:
            data["last_change"] = self.last_change
        return data

    @classmethod
    def from_ftm(cls, data: Mapping[str, Any], *, source: str | None = None) -> Entity:
        """Build from one FtM JSON object; raises ValueError naming the bad field."""
        entity_id = data.get("id")
        if not isinstance(entity_id, str) or not entity_id:
            raise ValueError("field 'id' must be a non-empty string")
        schema = data.get("schema")
        if not isinstance(schema, str) or not schema:
            raise ValueError("field 'schema' must be a non-empty string")
        props = parse_properties(data.get("properties", {}))
        datasets = [d for d in data.get("datasets") or [] if isinstance(d, str)]
        src = source or (datasets[0] if datasets else "ftm")
        source_id = data.get("source_id")
        return cls(
            id=entity_id,
            schema=schema,
            source=src,
            source_id=source_id if isinstance(source_id, str) else entity_id,
            properties=props,
            datasets=datasets,
            first_seen=_opt_str(data.get("first_seen")),
            last_change=_opt_str(data.get("last_change")),
        )

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Entity:
        """Rebuild an entity the store wrote itself (already validated): the fast path."""
        datasets = data.get("datasets") or []
        return cls(
            id=data["id"],
            schema=data["schema"],
            source=datasets[0] if datasets else "ftm",
            source_id=data.get("source_id") or data["id"],
            properties=data["properties"],
            datasets=datasets,
            first_seen=data.get("first_seen"),
            last_change=data.get("last_change"),
        )

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_ftm())


def parse_properties(raw: Any) -> dict[str, list[str]]:
    """FtM `properties` (each a list of strings, or one string), cleaned; empty values
    dropped. Raises ValueError naming the field at fault (`properties.name`)."""
    if not isinstance(raw, Mapping):
        raise ValueError("field 'properties' must be an object of lists of strings")
    props: dict[str, list[str]] = {}
    for key, values in raw.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"field 'properties.{key}' must be a list of strings")
        clean = [c for v in values if (c := clean_text(v))]
        if clean:
            props[str(key)] = list(dict.fromkeys(clean))
    return props


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def slug_id(prefix: str, record_id: str) -> str:
    """A stable Caspian id from a list prefix and the official record id."""
    return f"{prefix}-{'-'.join(str(record_id).split())}"
