"""Writing entities as CSV that a spreadsheet opens safely."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from caspian.model import Entity

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MULTI_SEPARATOR = " | "

ENTITY_COLUMNS = (
    "name", "alias", "weakAlias", "previousName", "birthDate", "birthPlace", "nationality",
    "citizenship", "country", "address", "gender", "passportNumber", "idNumber", "taxNumber",
    "innCode", "ogrnCode", "registrationNumber", "leiCode", "swiftBic", "imoNumber", "mmsi",
    "callSign", "flag", "program", "createdAt", "modifiedAt", "notes",
)  # fmt: skip


def safe_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def write_entities_csv(entities: Iterable[Entity], fh: TextIO) -> int:
    writer = csv.writer(fh)
    writer.writerow(("id", "schema", "source", "source_id", *ENTITY_COLUMNS))
    count = 0
    for entity in entities:
        row = [entity.id, entity.schema, entity.source, entity.source_id]
        row += [MULTI_SEPARATOR.join(entity.get(prop)) for prop in ENTITY_COLUMNS]
        writer.writerow([safe_cell(cell) for cell in row])
        count += 1
    return count
