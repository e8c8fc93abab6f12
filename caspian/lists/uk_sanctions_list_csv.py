"""UK Sanctions List (FCDO), CSV (`UK-Sanctions-List.csv`).

Where the layout comes from: no copy of the official CSV was available to this project
(SOURCES.md: every copy found was over the size limit). The layout below is the one
published code written against the official file agrees on: moov-io/watchman
(`pkg/sources/csl_uk/reader_uk_test.go`, a "Report Date: 13-Feb-2026" file), a test
fixture that states its header and a ship's line were copied from the official file of
8 October 2026 (58 columns), and several other readers' header constants. Line 1 is
`Report Date: dd-Mon-yyyy`; line 2 the header, from `Last Updated,Unique ID,OFSI Group
ID,UN Reference Number,Name 6,Name 1,...` to `Hull identification number (HIN)`; then
one line per name (and address) of a designation, tied together by the Unique ID. Older
files named the type column `Individual, Entity, Ship` instead of `Designation Type`.

What was not established: how a cell holds several values (dates of birth,
nationalities) beyond one per line, so cells are read whole (only `Sanctions Imposed` is
split at "|"), and each column's distinct values over a designation's lines are taken,
as the XML reader takes each element. A file without the required columns is refused,
never guessed at. Fields map to FtM exactly as in the XML (`uk_fields`).
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

from caspian.dates import iso
from caspian.lists import uk_fields as uk
from caspian.lists.base import ListData, ListFormatError, Row
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits, over
from caspian.lists.text import csv_records, read_lines
from caspian.model import Entity

FORMAT = "uk-sanctions-list-csv"
NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_LINES = tuple(f"Address Line {i}" for i in range(1, 7))
TYPE_COLUMNS = ("Designation Type", "Individual, Entity, Ship")
REQUIRED = ("Unique ID", "Name 6", "Name type")
HEADER = (
    "Last Updated",
    "Unique ID",
    "OFSI Group ID",
    "UN Reference Number",
    "Name 6",
    *NAME_COLUMNS[:5],
    "Name type",
    "Alias strength",
    "Title",
    "Name non-latin script",
    "Non-latin script type",
    "Non-latin script language",
    "Regime Name",
    "Designation Type",
    "Designation source",
    "Sanctions Imposed",
    "Other Information",
    "UK Statement of Reasons",
    *ADDRESS_LINES,
    "Address Postal Code",
    "Address Country",
    "Phone number",
    "Website",
    "Email address",
    "Date Designated",
    "D.O.B",
    "Nationality(/ies)",
    "National Identifier number",
    "National Identifier additional information",
    "Passport number",
    "Passport additional information",
    "Position",
    "Gender",
    "Town of birth",
    "Country of birth",
    "Type of entity",
    "Subsidiaries",
    "Parent company",
    "Business registration number (s)",
    "IMO number",
    "Current owner/operator (s)",
    "Previous owner/operator (s)",
    "Current believed flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year Built",
    "Hull identification number (HIN)",
)
KNOWN = frozenset({*HEADER, *TYPE_COLUMNS})
EXPECTED = "the UK Sanctions List CSV header (Last Updated, Unique ID, ..., Name 6, Name type)"
_REPORT_DATE = re.compile(r"^\s*Report Date:\s*(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{4})", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def report_date(line: str) -> str | None:
    """`Report Date: 08-Oct-2026` -> `2026-10-08` (None if not that line or no real date)."""
    m = _REPORT_DATE.match(line)
    if not m or m.group(2).lower() not in _MONTHS:
        return None
    return iso(int(m.group(3)), _MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))


class _Group:
    """The lines of one Unique ID: each column's distinct values, in file order."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.line = rows[0].line

    def values(self, column: str) -> list[str]:
        return list(dict.fromkeys(v for r in self.rows if (v := uk.clean(r.get(column)))))

    def first(self, column: str) -> str:
        found = self.values(column)
        return found[0] if found else ""


def _header(path: Path, records: list[tuple[int, list[str]]]) -> tuple[int, list[str], str | None]:
    if not records:
        raise ListFormatError(path, "file has no CSV records", expected=EXPECTED)
    published = report_date(",".join(records[0][1]))
    index = 1 if published or records[0][1][0].lower().startswith("report date") else 0
    if index >= len(records):
        raise ListFormatError(path, "no header line", line=records[0][0] + 1, expected=EXPECTED)
    line, cells = records[index]
    header = [c.strip().lstrip("\ufeff") for c in cells]
    missing = [c for c in REQUIRED if c not in header]
    if not any(c in header for c in TYPE_COLUMNS):
        missing.append(TYPE_COLUMNS[0])
    if missing:
        raise ListFormatError(
            path, f"header is missing column(s) {', '.join(missing)}", line=line, expected=EXPECTED
        )
    return index, header, published


def _rows(
    path: Path, records: list[tuple[int, list[str]]], start: int, header: list[str]
) -> list[Row]:
    rows: list[Row] = []
    width = len(header)
    for line, cells in records[start + 1 :]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != width:
            # Even an empty extra field shifts every column after it: refused, not guessed.
            raise ListFormatError(
                path,
                f"line has {len(cells)} fields",
                line=line,
                expected=f"{width} fields as in the header (truncated, shifted or misquoted?)",
            )
        row = Row(line, dict(zip(header, cells, strict=False)))
        if not uk.clean(row.get("Unique ID")):
            raise ListFormatError(
                path, "line without a Unique ID", line=line, expected="a Unique ID"
            )
        rows.append(row)
    return rows


def _entity(path: Path, group: _Group, header: list[str], warnings: list[str]) -> Entity:
    unique_id = uk.clean(group.rows[0].get("Unique ID"))
    kind = next((group.first(c) for c in TYPE_COLUMNS if group.first(c)), "")
    schema = uk.schema_of(kind)
    if schema is None:
        warnings.append(
            f"{path}:{group.line}: {unique_id}: unknown type {kind!r}; read as LegalEntity"
        )
        schema = "LegalEntity"
    entity = Entity(uk.record_id(unique_id), schema, uk.SOURCE, unique_id)
    for ref in group.values("UN Reference Number"):
        uk.add_un_reference(entity, ref)
    names = dict.fromkeys(
        (
            tuple(uk.clean(r.get(c)) for c in NAME_COLUMNS),
            uk.clean(r.get("Name type")),
            uk.clean(r.get("Alias strength")),
        )
        for r in group.rows
    )
    primary = [n for n in names if uk.name_prop(n[1], n[2]) == "name"]
    for parts, kind_, strength in [*primary, *(n for n in names if n not in primary)]:
        uk.add_name(entity, list(parts), kind_, strength)
    scripts = dict.fromkeys(
        (
            uk.clean(r.get("Name non-latin script")),
            uk.clean(r.get("Non-latin script type")),
            uk.clean(r.get("Non-latin script language")),
        )
        for r in group.rows
    )
    for name, script, language in scripts:
        uk.add_non_latin_name(entity, name, script, language)
    if not entity.get("name"):
        fallback = entity.first("alias") or entity.first("weakAlias")
        if fallback is None:
            raise ListFormatError(
                path,
                "designation without a name",
                line=group.line,
                record=unique_id,
                expected="Name 1..Name 6 on at least one line",
            )
        entity.add("name", fallback)
        warnings.append(f"{path}:{group.line}: {unique_id}: no primary name; {fallback!r} used")
    entity.add_all("title", group.values("Title"))
    entity.add_all("program", group.values("Regime Name"))
    for value in group.values("OFSI Group ID"):
        entity.add("notes", f"OFSI Group ID: {value}")
    for value in group.values("Designation source"):
        entity.add("notes", f"Designation source: {value.replace('|', ', ')}")
    for value in group.values("Sanctions Imposed"):
        uk.add_sanctions_imposed(entity, value)
    entity.add_all("notes", group.values("Other Information"))
    for value in group.values("UK Statement of Reasons"):
        entity.add("notes", f"UK statement of reasons: {value}")
    addresses = dict.fromkeys(
        (
            tuple(uk.clean(r.get(c)) for c in ADDRESS_LINES),
            uk.clean(r.get("Address Postal Code")),
            uk.clean(r.get("Address Country")),
        )
        for r in group.rows
    )
    for lines, postal, country in addresses:
        uk.add_address(entity, lines, postal, country)
    entity.add_all("phone", group.values("Phone number"))
    entity.add_all("website", group.values("Website"))
    entity.add_all("email", group.values("Email address"))
    for dob in group.values("D.O.B"):
        if not uk.add_birth_date(entity, dob):
            warnings.append(
                f"{path}:{group.line}: {unique_id}: date of birth {dob!r} kept in notes"
            )
    for value in group.values("Nationality(/ies)"):
        uk.add_country(entity, "nationality", value, "Nationality")
    documents = (
        (
            "National Identifier number",
            "National Identifier additional information",
            "idNumber",
            "National identifier",
        ),
        ("Passport number", "Passport additional information", "passportNumber", "Passport"),
    )
    for number_col, info_col, prop, label in documents:
        pairs = dict.fromkeys((r.get(number_col), r.get(info_col)) for r in group.rows)
        for number, info in pairs:
            uk.add_document(entity, prop, label, number, info)
    for position in group.values("Position"):
        uk.add_positions(entity, position)
    for gender in group.values("Gender"):
        known = uk.GENDERS.get(gender.lower())
        entity.add("gender" if known else "notes", known or f"Gender: {gender}")
    births = dict.fromkeys((r.get("Town of birth"), r.get("Country of birth")) for r in group.rows)
    for town, country in births:
        uk.add_birth_place(entity, town, country)
    entity.add_all("legalForm", group.values("Type of entity"))
    for value in group.values("Business registration number (s)"):
        uk.add_registration(entity, value)
    for column, label in (
        ("Subsidiaries", "Subsidiary"),
        ("Parent company", "Parent company"),
        ("Current owner/operator (s)", "Current owner/operator"),
        ("Previous owner/operator (s)", "Previous owner/operator"),
        ("Length of ship", "Length of ship"),
    ):
        for value in group.values(column):
            entity.add("notes", f"{label}: {value}")
    for value in group.values("IMO number"):
        if not uk.add_imo(entity, value):
            entity.add("notes", f"IMO number: {value}")
    for value in group.values("Current believed flag of ship"):
        uk.add_country(entity, "flag", value, "Flag")
    for value in group.values("Previous flags"):
        uk.add_country(entity, "pastFlags", value, "Previous flag")
    entity.add_all("type", group.values("Type of ship"))
    entity.add_all("tonnage", group.values("Tonnage of ship"))
    for year in group.values("Year Built"):
        entity.add(
            "buildDate" if re.fullmatch(r"\d{4}", year) else "notes",
            year if re.fullmatch(r"\d{4}", year) else f"Year built: {year}",
        )
    for value in group.values("Hull identification number (HIN)"):
        entity.add("idNumber", value)
        entity.add("notes", f"Hull identification number: {value}")
    entity.add_all(
        "createdAt", [d for v in group.values("Date Designated") if (d := uk.uk_date(v))]
    )
    updated = [d for v in group.values("Last Updated") if (d := uk.uk_date(v))]
    if updated:
        entity.add("modifiedAt", max(updated))
    for column in header:
        if column and column not in KNOWN:
            for value in group.values(column):
                entity.add("notes", f"{column}: {value}")
    return entity


def read(path: Path, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read a UK Sanctions List CSV into one entity per Unique ID."""
    path = Path(path)
    records = list(islice(csv_records(path, read_lines(path, limits=limits)),
                          limits.max_records + 2))  # the report date and header lines too
    if len(records) > limits.max_records + 1:
        raise ListFormatError(path, over(f"more than {limits.max_records:,} lines",
                                         limits.max_records), line=records[-1][0])  # fmt: skip
    index, header, published = _header(path, records)
    rows = _rows(path, records, index, header)
    if not rows:
        raise ListFormatError(path, "no data lines after the header", expected="list records")
    unknown = [c for c in header if c and c not in KNOWN]
    warnings = [f"{path}: unknown column(s) {', '.join(unknown)} kept in notes"] if unknown else []
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(uk.clean(row.get("Unique ID")), []).append(row)
    entities = [_entity(path, _Group(g), header, warnings) for g in grouped.values()]
    if published is None:
        warnings.append(f"{path}: no 'Report Date: dd-Mon-yyyy' line 1")
    return ListData(
        source=uk.SOURCE,
        format=FORMAT,
        title=uk.TITLE,
        entities=entities,
        files=[path],
        published=published,
        published_from="file",
        warnings=warnings,
    )
