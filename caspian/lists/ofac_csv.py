"""OFAC's legacy CSV files: sdn.csv / cons_prim.csv with their add, alt and comments files.

The format predates the XML: no header row, `-0- ` for an empty cell, CRLF lines and a
Ctrl-Z at the end. The primary file holds one row per entity; addresses (add.csv) and
strong aliases (alt.csv) sit in companion files joined on ent_num, and remarks longer
than OFAC's 1,000-character column continue in sdn_comments.csv. Everything else
(dates of birth, passports, weak aliases) is packed into the remarks text, which
`ofac_remarks` parses.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from caspian.geo.countries import to_code
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits, over
from caspian.lists.ofac_fields import TITLES
from caspian.lists.ofac_remarks import parse_remarks
from caspian.lists.text import cell_too_long, file_date, read_lines
from caspian.model import Entity, slug_id

FORMAT = "ofac-csv"
NULL = "-0-"
ROLES = ("primary", "add", "alt", "comments")
COLUMNS: dict[str, tuple[str, ...]] = {
    "primary": (
        "ent_num",
        "SDN_Name",
        "SDN_Type",
        "Program",
        "Title",
        "Call_Sign",
        "Vess_type",
        "Tonnage",
        "GRT",
        "Vess_flag",
        "Vess_owner",
        "Remarks",
    ),
    "add": (
        "ent_num",
        "Add_num",
        "Address",
        "City/State/Province/Postal Code",
        "Country",
        "Add_remarks",
    ),
    "alt": ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"),
    "comments": ("ent_num", "Remarks_Extended"),
}
SCHEMAS = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "": "Organization",  # OFAC writes -0- for entities
}
ALT_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}
MTIME_WARNING = "OFAC legacy CSV carries no publication date; using the file's modification time"
ORPHAN_EXAMPLES = 5

# (line number, cells stripped with nulls as "", cells as written)
Row = tuple[int, list[str], list[str]]


@dataclass(slots=True)
class _Record:
    """One primary row while its companion rows are joined onto it."""

    line: int
    cells: list[str]
    remarks: str
    addresses: list[list[str]]
    alts: list[list[str]]


def read(
    files: Mapping[str, Path], *, source: str, limits: ListLimits = DEFAULT_LIMITS
) -> ListData:
    """Read one OFAC legacy CSV set; only the primary file is required."""
    unknown = sorted(set(files) - set(ROLES))
    if unknown:
        raise ValueError(f"unknown OFAC CSV file role(s): {', '.join(unknown)}")
    if "primary" not in files:
        some = next(iter(files.values()), Path("."))
        raise ListFormatError(
            some,
            "OFAC companion file without its primary file",
            expected="sdn.csv or cons_prim.csv",
        )
    primary = files["primary"]
    records = _read_primary(primary, limits)
    warnings: list[str] = []
    for role in ("comments", "add", "alt"):
        path = files.get(role)
        if path is not None:
            orphans = _join(role, path, records, limits)
            if orphans:
                warnings.append(_orphan_warning(role, path, primary, orphans))
    # Each record is dropped as its entity is built: never both for the whole file.
    entities = [_entity(ent_num, records.pop(ent_num), source) for ent_num in list(records)]
    warnings.append(MTIME_WARNING)
    return ListData(
        source=source,
        format=FORMAT,
        title=TITLES.get(source, "OFAC sanctions list"),
        entities=entities,
        files=[files[role] for role in ROLES if role in files],
        published=file_date(primary),
        published_from="mtime",
        warnings=warnings,
    )


# -- reading rows ---------------------------------------------------------------------


def _rows(path: Path, role: str, limits: ListLimits) -> Iterator[Row]:
    """Data rows of one file, checked for column count and a numeric ent_num."""
    columns = COLUMNS[role]
    reader = csv.reader(read_lines(path, eof_mark=True, limits=limits), strict=True)
    line = count = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            count += 1
            if count > limits.max_records:
                raise ListFormatError(
                    path,
                    over(f"more than {limits.max_records:,} rows", limits.max_records),
                    line=line,
                )
            if len(cells) != len(columns):
                raise ListFormatError(
                    path,
                    f"row has {len(cells)} column{'s' if len(cells) != 1 else ''}",
                    line=line,
                    expected=f"{len(columns)} columns ({', '.join(columns)})",
                )
            values = [_cell(c) for c in cells]
            if not _is_number(values[0]):
                raise ListFormatError(
                    path,
                    f"ent_num {values[0]!r} is not a number",
                    line=line,
                    expected="a numeric ent_num in the first column",
                )
            yield line, values, cells
    except csv.Error as exc:
        message = str(exc)
        if "unexpected end of data" in message:
            message = "file ends inside a quoted field (truncated file?)"
        where = reader.line_num or line + 1
        raise cell_too_long(path, exc, line + 1) or ListFormatError(
            path, f"malformed CSV: {message}", line=where
        ) from None


def _is_number(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _cell(raw: str) -> str:
    value = raw.strip()
    return "" if value == NULL else value


def _read_primary(path: Path, limits: ListLimits) -> dict[str, _Record]:
    records: dict[str, _Record] = {}
    for line, cells, raw in _rows(path, "primary", limits):
        ent_num, name, kind = cells[0], cells[1], cells[2].lower()
        if not name:
            raise ListFormatError(path, "entry has no name", line=line, record=ent_num)
        if kind not in SCHEMAS:
            raise ListFormatError(
                path,
                f"unknown SDN_Type {cells[2]!r}",
                line=line,
                record=ent_num,
                expected="individual, vessel, aircraft or -0- (entity)",
            )
        if ent_num in records:
            raise ListFormatError(
                path,
                f"ent_num {ent_num} appears twice (first on line {records[ent_num].line})",
                line=line,
            )
        remarks = raw[11] if cells[11] else ""
        records[ent_num] = _Record(line, cells, remarks, [], [])
    if not records:
        raise ListFormatError(path, "no entries found", expected="OFAC primary rows")
    return records


def _join(
    role: str, path: Path, records: dict[str, _Record], limits: ListLimits
) -> list[tuple[int, str]]:
    """Attach a companion file's rows to their entities; return the orphans (line, ent_num)."""
    orphans: list[tuple[int, str]] = []
    for line, cells, raw in _rows(path, role, limits):
        record = records.get(cells[0])
        if record is None:
            orphans.append((line, cells[0]))
            continue
        if role == "comments":
            # The primary remarks were cut mid-word: the continuation follows directly.
            record.remarks += raw[1] if cells[1] else ""
        elif role == "add":
            if not _is_number(cells[1]):
                raise ListFormatError(path, f"Add_num {cells[1]!r} is not a number", line=line)
            record.addresses.append(cells)
        else:
            if cells[2].lower() not in ALT_PROPS:
                raise ListFormatError(
                    path,
                    f"unknown alt_type {cells[2]!r}",
                    line=line,
                    record=cells[0],
                    expected="aka, fka or nka",
                )
            record.alts.append(cells)
    return orphans


def _orphan_warning(role: str, path: Path, primary: Path, orphans: list[tuple[int, str]]) -> str:
    """One warning per companion file, however many rows: the usual cause is files
    from different downloads, which one line explains better than thousands."""
    examples = ", ".join(f"line {line} ent_num {num}" for line, num in orphans[:ORPHAN_EXAMPLES])
    more = ", ..." if len(orphans) > ORPHAN_EXAMPLES else ""
    rows = "row" if len(orphans) == 1 else "rows"
    distinct = len({num for _line, num in orphans})
    return (
        f"{path.name}: {len(orphans)} {role} {rows} ({distinct} distinct ent_num) name an "
        f"ent_num not in {primary.name} and were skipped (e.g. {examples}{more}); "
        "are the files from the same download?"
    )


# -- building entities ----------------------------------------------------------------


def _entity(ent_num: str, rec: _Record, source: str) -> Entity:
    cells = rec.cells
    schema = SCHEMAS[cells[2].lower()]
    entity = Entity(id=slug_id(source, ent_num), schema=schema, source=source, source_id=ent_num)
    name = cells[1]
    entity.add("name", name)
    if schema == "Person" and name.count(", ") >= 1:
        last, first = name.split(", ", 1)
        entity.add("lastName", last)
        entity.add("firstName", first)
    entity.add_all("program", programs(cells[3]))
    _add_columns(entity, cells)
    for alt in rec.alts:
        entity.add(ALT_PROPS[alt[2].lower()], alt[3])
        if alt[4]:
            entity.add("notes", f"{alt[3]}: {alt[4]}")
    for add in rec.addresses:
        _add_address(entity, add)
    if rec.remarks:
        entity.add("notes", rec.remarks)
        for prop, value in parse_remarks(rec.remarks).props:
            entity.add(prop, value)
    return entity


def programs(cell: str) -> list[str]:
    """Split a cell that holds several programs: "SDGT] [IRGC" -> ["SDGT", "IRGC"]."""
    parts = (p.strip(" []") for p in cell.split("] ["))
    return [p for p in parts if p]


def _add_columns(entity: Entity, cells: list[str]) -> None:
    """Title and the vessel columns."""
    title, call_sign, vess_type, tonnage, grt, flag, owner = cells[4:11]
    # "title" as the SDN.XML reader has it, so both formats of one list compare equal
    entity.add("title", title)
    entity.add("callSign", call_sign)
    entity.add("type", vess_type)
    entity.add("tonnage", tonnage.replace(",", ""))
    entity.add("grossRegisteredTonnage", grt.replace(",", ""))
    if flag:
        code = to_code(flag)
        if code:
            entity.add("flag", code)
        else:
            entity.add("notes", f"Vessel flag: {flag}")
    if owner:
        entity.add("notes", f"Vessel owner: {owner}")


def _add_address(entity: Entity, cells: list[str]) -> None:
    _ent, _num, street, city, country, remarks = cells
    entity.add("address", ", ".join(p for p in (street, city, country) if p))
    if country:
        entity.add("country", to_code(country))
    if remarks:
        entity.add("notes", f"Address remarks: {remarks}")
