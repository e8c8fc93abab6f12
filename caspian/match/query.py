"""A screening query in the yente `/match` shape: a schema and FtM properties."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from caspian.clean import json_kind
from caspian.match.identifier_kinds import IDENTIFIER_PROPS, WEAK_IDENTIFIERS
from caspian.model import NAME_PROPERTIES, SCREENABLE_SCHEMAS, parse_properties
from caspian.names.junk import junk_reason
from caspian.record_limits import DEFAULT_RECORD_LIMITS, RecordLimits

MAX_NAME_LENGTH = DEFAULT_RECORD_LIMITS.name_chars
QUERY_SCHEMAS = SCREENABLE_SCHEMAS | {"Thing"}
# FtM's name parts of a person, in the order people write them (given names, then the
# patronymic, then the surname); lists write the surname first, so both orders are tried.
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
LISTED_ORDER = ("lastName", "firstName", "secondName", "middleName", "fatherName")
MAX_PART_VALUES = 2  # values of one part combined (a query may give two spellings)


def name_parts_names(props: Mapping[str, list[str]]) -> list[str]:
    """The names a person's parts make, in both orders ("Ivan Petrovich Sidorov",
    "Sidorov Ivan Petrovich"); none without a first or last name."""
    parts = {p: [v for v in props.get(p, []) if v.strip()][:MAX_PART_VALUES] for p in NAME_PARTS}
    if not parts["firstName"] and not parts["lastName"]:
        return []
    out: dict[str, None] = {}
    for order in (NAME_PARTS, LISTED_ORDER):
        combos: list[list[str]] = [[]]
        for prop in order:
            values = parts[prop]
            if values:
                combos = [[*c, v] for c in combos for v in values]
        for combo in combos:
            out.setdefault(" ".join(" ".join(combo).split()), None)
    return [name for name in out if name]


class QueryError(ValueError):
    """A query that cannot be screened; names the field at fault."""


def name_problem(
    name: str, schema: str = "Thing", limits: RecordLimits = DEFAULT_RECORD_LIMITS
) -> str | None:
    """Why `name` cannot be screened (too long, too short, no name at all), or None.

    The one rule of every surface: `caspian match` refuses the query, `caspian screen`
    leaves the party unscreened and REVIEWs the order."""
    if len(name) > limits.name_chars:
        return f"name of {len(name):,} characters; at most {limits.name_chars:,} are screened"
    if sum(ch.isalnum() for ch in name) < 2:
        return f"{name!r} has fewer than 2 letters or digits"
    junk = junk_reason(name, schema)
    if junk is not None:
        shown = name if len(name) <= 40 else f"{name[:37]}..."
        return f"{shown!r} {junk}"
    return None


def _check_sizes(raw: Mapping[Any, Any], limits: RecordLimits) -> None:
    """Refuse a query past the limits before any of it is read (read, it would cost its
    size in time and memory)."""
    if len(raw) > limits.properties_per_query:
        raise QueryError(f"field 'properties': {len(raw):,} properties; at most "
                         f"{limits.properties_per_query:,} are screened")  # fmt: skip
    names = 0
    for key, values in raw.items():
        count = len(values) if isinstance(values, list) else 1
        if key in NAME_PROPERTIES:
            names += count
        elif count > limits.values_per_property:
            raise QueryError(f"field 'properties.{key}': {count:,} values; at most "
                             f"{limits.values_per_property:,} are screened")  # fmt: skip
    if names > limits.names_per_query:
        raise QueryError(f"field 'properties.name': {names:,} names; at most "
                         f"{limits.names_per_query:,} are screened")  # fmt: skip


@dataclass(slots=True)
class Query:
    id: str
    schema: str = "Thing"
    properties: dict[str, list[str]] = field(default_factory=dict)

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    @property
    def names(self) -> list[str]:
        return [n for p in NAME_PROPERTIES for n in self.get(p)]

    @classmethod
    def from_json(
        cls, data: Any, *, default_id: str = "", limits: RecordLimits = DEFAULT_RECORD_LIMITS
    ) -> Query:
        """Validate one query object; raises QueryError naming the bad field."""
        if not isinstance(data, Mapping):
            raise QueryError("a query must be a JSON object")
        query_id = data.get("id", default_id)
        if not isinstance(query_id, str | int) or isinstance(query_id, bool):
            raise QueryError("field 'id' must be a string")
        schema = data.get("schema", "Thing")
        if not isinstance(schema, str) or schema not in QUERY_SCHEMAS:  # a list is unhashable
            known = ", ".join(sorted(QUERY_SCHEMAS))
            shown = repr(schema) if isinstance(schema, str) else json_kind(schema)
            raise QueryError(
                f"field 'schema': unknown schema {shown[:60]}; expected one of {known}"
            )
        raw = data.get("properties", {})
        if isinstance(raw, Mapping):
            _check_sizes(raw, limits)
        try:
            props = parse_properties(raw)
        except ValueError as exc:
            raise QueryError(str(exc)) from None
        query = cls(id=str(query_id), schema=str(schema), properties=props)
        names = query.names + name_parts_names(props)
        if not names:
            given = [p for p in IDENTIFIER_PROPS if props.get(p)]
            if not given:
                raise QueryError("field 'properties.name': no name to screen (nor name "
                                 "parts, nor an identifier)")  # fmt: skip
            if all(p in WEAK_IDENTIFIERS for p in given):
                raise QueryError(f"field 'properties.name': no name to screen, and "
                                 f"{', '.join(given)} identify no one alone")  # fmt: skip
        for name in names:
            problem = name_problem(name, query.schema, limits)
            if problem is not None:
                raise QueryError(f"field 'properties.name': {problem}")
        total = sum(map(len, names))
        if total > limits.name_chars_per_record:
            raise QueryError(f"field 'properties.name': names of {total:,} characters in all; "
                             f"at most {limits.name_chars_per_record:,} are screened")  # fmt: skip
        return query
