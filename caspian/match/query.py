"""A screening query in the yente `/match` shape: a schema and FtM properties."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from caspian.model import NAME_PROPERTIES, SCREENABLE_SCHEMAS, parse_properties

MAX_NAME_LENGTH = 1000
QUERY_SCHEMAS = SCREENABLE_SCHEMAS | {"Thing"}


class QueryError(ValueError):
    """A query that cannot be screened; names the field at fault."""


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
    def from_json(cls, data: Any, *, default_id: str = "") -> Query:
        """Validate one query object; raises QueryError naming the bad field."""
        if not isinstance(data, Mapping):
            raise QueryError("a query must be a JSON object")
        query_id = data.get("id", default_id)
        if not isinstance(query_id, str | int) or isinstance(query_id, bool):
            raise QueryError("field 'id' must be a string")
        schema = data.get("schema", "Thing")
        if not isinstance(schema, str) or schema not in QUERY_SCHEMAS:  # a list is unhashable
            known = ", ".join(sorted(QUERY_SCHEMAS))
            raise QueryError(f"field 'schema': unknown schema {schema!r}; expected one of {known}")
        try:
            props = parse_properties(data.get("properties", {}))
        except ValueError as exc:
            raise QueryError(str(exc)) from None
        query = cls(id=str(query_id), schema=str(schema), properties=props)
        names = query.names
        if not names:
            raise QueryError("field 'properties.name': no name to screen")
        for name in names:
            if len(name) > MAX_NAME_LENGTH:
                raise QueryError(
                    f"field 'properties.name': name of {len(name)} characters; "
                    f"at most {MAX_NAME_LENGTH} are screened"
                )
            if sum(ch.isalnum() for ch in name) < 2:
                raise QueryError(
                    f"field 'properties.name': {name!r} has fewer than 2 letters or digits"
                )
        return query
