"""Reader for the trade.gov Consolidated Screening List CSV (29 columns, one row per listing).

The CSL gathers 13 US lists (OFAC SDN and non-SDN lists, BIS Entity List, DPL, UVL, MEU,
State ISN and DTC). `_id` is not unique across them: OFAC reuses its entity number when one
party is on two OFAC lists (SSI and NS-MBS, SDN and PLC), so the Caspian id carries the list
code: ``csl-<code>-<_id>``, e.g. ``csl-sdn-11474``, ``csl-el-<hash>``; it stays stable across
versions and unique in the file.

BIS and State rows have no `type`; those lists mix people and companies, so such rows are
`Company` when the name has a legal-form word and `LegalEntity` otherwise (see bis_dpl).

A last record cut off by the end of the file makes the list incomplete (`ListData.incomplete`):
`read_paths` refuses it unless its caller allows truncated files, and then the cut record
is skipped with a warning (the public sample is known to be truncated); a malformed record
anywhere else is an error.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from caspian.dates import parse_dates
from caspian.geo.countries import to_code
from caspian.lists.base import ListData, ListFormatError, Row
from caspian.lists.bis_dpl import US_STATES, looks_like_company
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits, over
from caspian.lists.text import cell_too_long, file_date, read_lines
from caspian.model import Entity, slug_id

SOURCE = "trade-csl"
FORMAT = "trade-csl"
TITLE = "US trade.gov Consolidated Screening List"
ID_PREFIX = "csl"

COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)

TYPE_SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}

# CSL `ids` entry types ("Passport, A123, IR") -> property. Types are matched lower case,
# without a trailing ":" or "-". Types not here go to `notes` as "Type: value".
ID_PROPERTIES = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "british national overseas passport": "passportNumber",
    "travel document number": "passportNumber",
    "tax id no.": "taxNumber",  # innCode when Russian, see _id_property
    "nit #": "taxNumber",
    "r.f.c.": "taxNumber",
    "rfc": "taxNumber",
    "ruc #": "taxNumber",
    "c.u.i.t.": "taxNumber",
    "c.u.i.p.": "taxNumber",
    "us fein": "taxNumber",
    "italian fiscal code": "taxNumber",
    "paraguayan tax identification number": "taxNumber",
    "v.a.t. number": "vatCode",
    "registration id": "registrationNumber",  # ogrnCode when Russian, see _id_property
    "registration number": "registrationNumber",
    "public registration number": "registrationNumber",
    "business registration document #": "registrationNumber",
    "business registration number": "registrationNumber",
    "c.r. no.": "registrationNumber",
    "company number": "registrationNumber",
    "uk company number": "registrationNumber",
    "certificate of incorporation number": "registrationNumber",
    "unified social credit code (uscc)": "registrationNumber",
    "registered charity no.": "registrationNumber",
    "le number": "registrationNumber",
    "bik (ru)": "registrationNumber",
    "government gazette number": "okpoCode",  # OFAC's name for the Russian OKPO code
    "legal entity number": "leiCode",
    "swift/bic": "swiftBic",
    "website": "website",
    "email address": "email",
    "phone number": "phone",
    "vessel registration identification": "imoNumber",
    "mmsi": "mmsi",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "aircraft construction number (also called l/n or s/n or f/n)": "serialNumber",
    "aircraft tail number": "registrationNumber",
    "aircraft model": "model",
    "cedula no.": "idNumber",
    "national id no.": "idNumber",
    "d.n.i.": "idNumber",
    "c.u.r.p.": "idNumber",
    "identification number": "idNumber",
    "electoral registry no.": "idNumber",
    "credencial electoral": "idNumber",
    "driver's license no.": "idNumber",
    "kenyan id no.": "idNumber",
    "moroccan personal id no.": "idNumber",
    "bosnian personal id no.": "idNumber",
    "personal id card": "idNumber",
    "national foreign id number": "idNumber",
    "immigration no.": "idNumber",
    "public security and immigration no.": "idNumber",
    "visanumberid": "idNumber",
    "ssn": "idNumber",
    "serial no.": "idNumber",
}
# Entry types that describe the party rather than number it.
ID_COUNTRIES = {
    "nationality country": "nationality",
    "citizenship country": "citizenship",
    "nationality of registration": "country",
}

# trade.gov writes ISO dates, and slashed ones (in its OFAC and BIS rows) month first.
DAY_FIRST = False

_LIST_CODE = re.compile(r"\(([^()]+)\)")
_RU_OGRN = re.compile(r"^\d{13}$|^\d{15}$")
_US_ZIP = re.compile(r"^\d{4,6}(?:-\d{4})?$")  # BIS rows drop leading zeros


def _split(value: str, sep: str = ";") -> list[str]:
    return [p.strip() for p in value.split(sep) if p.strip()]


def list_code(source: str) -> str:
    """'Entity List (EL) - Bureau of Industry and Security' -> 'EL'."""
    m = _LIST_CODE.search(source)
    if not m:
        return source.strip()
    return m.group(1).strip().removesuffix(" List").strip()


# -- parsing the CSV into records ----------------------------------------------------


@dataclass(slots=True)
class CutRecord:
    """A last record that the end of the file cut off."""

    line: int
    record_id: str
    detail: str


class _KeptLines:
    """The lines a csv reader takes, kept since the current record began (to look at the
    rest of a file that ends inside a quote; the csv module bounds a cell's length)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.kept: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.kept.append(line)
        return line


def _raw_records(path: Path, lines: Iterable[str]) -> Iterator[tuple[int, list[str]] | CutRecord]:
    """(first line, cells) of each record; last, a CutRecord if the file ends inside one."""
    source = _KeptLines(lines)
    reader = csv.reader(source, strict=True)
    start = 1
    while True:
        source.kept.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" not in str(exc):
                at = f" (at line {reader.line_num})" if reader.line_num != start else ""
                raise cell_too_long(path, exc, start) or ListFormatError(
                    path,
                    f"bad CSV quoting in the record starting here: {exc}{at}",
                    line=start,
                    expected='RFC 4180 CSV: quoted cells with every " inside a cell doubled',
                ) from None
            tail = source.kept or [""]
            _check_cut_tail(path, tail, start)
            head = re.match(r'"?([^",]*)', tail[0])
            yield CutRecord(start, head.group(1) if head else "", "the file ends inside it")
            return
        if any(c.strip() for c in cells):
            yield start, cells
        start = reader.line_num + 1


def _check_cut_tail(path: Path, tail: list[str], line: int) -> None:
    """An unclosed quote is only a cut-off last record if no whole record follows it.
    tail: the file's lines from `line` on."""
    for offset, tail_line in enumerate(tail[1:], start=1):
        try:
            cells = next(csv.reader([tail_line], strict=True), [])
        except csv.Error:
            continue
        if len(cells) == len(COLUMNS):
            raise ListFormatError(
                path,
                f"a quote opened in this record is never closed (line {line + offset} "
                "looks like a whole record)",
                line=line,
                expected='quoted cells with every " doubled inside a cell',
            )


def _check_header(path: Path, first: tuple[int, list[str]] | CutRecord | None) -> None:
    if not isinstance(first, tuple) or tuple(c.strip() for c in first[1]) != COLUMNS:
        raise ListFormatError(
            path,
            "not the trade.gov Consolidated Screening List header",
            line=1,
            expected="the 29 CSL columns: " + ",".join(COLUMNS),
        )


def _records(
    path: Path, lines: Iterable[str], warnings: list[str], limits: ListLimits, cuts: list[str]
) -> Iterator[Row]:
    """The data rows, streamed; a short or cut-off last record is skipped with a warning,
    and said in `cuts`."""
    items = _raw_records(path, lines)
    _check_header(path, next(items, None))
    cut: CutRecord | None = None
    count = 0
    current = next(items, None)
    while current is not None:
        following = next(items, None)
        if isinstance(current, CutRecord):
            cut = current
            break
        line, cells = current
        if tuple(c.strip() for c in cells) == COLUMNS:
            warnings.append(f"line {line}: repeats the header row; skipped")
        elif len(cells) != len(COLUMNS):
            if following is None and len(cells) < len(COLUMNS):
                detail = f"it has {len(cells)} of {len(COLUMNS)} columns"
                cut = CutRecord(line, cells[0].strip(), detail)
                break
            raise ListFormatError(
                path,
                f"{len(cells)} columns instead of {len(COLUMNS)}",
                line=line,
                record=cells[0].strip() or None,
                expected="29 comma-separated cells",
            )
        else:
            count += 1
            if count > limits.max_records:
                raise ListFormatError(
                    path,
                    over(f"more than {limits.max_records:,} records", limits.max_records),
                    line=line,
                )
            yield Row(line, dict(zip(COLUMNS, (c.strip() for c in cells), strict=True)))
        current = following
    if cut is not None:
        what = f"line {cut.line}: the last record (_id {cut.record_id or '?'}) is incomplete"
        cuts.append(f"{what}: {cut.detail}")
        warnings.append(
            f"{what}: {cut.detail} (truncated file); skipped it and loaded the {count} "
            "complete records before it"
        )


# -- one record to one entity ----------------------------------------------------------


def _schema(record: Row) -> str:
    kind = record["type"].lower()
    if kind in TYPE_SCHEMAS:
        return TYPE_SCHEMAS[kind]
    return "Company" if looks_like_company(record["name"]) else "LegalEntity"


def _add_country(entity: Entity, prop: str, text: str, label: str) -> None:
    code = to_code(text)
    if code:
        entity.add(prop, code)
    else:
        entity.add("notes", f"{label}: {text}")


def address_country(address: str) -> str | None:
    """The country that ends an address; 'EL PASO, TX, 79905' (BIS rows) is the US."""
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if not parts:
        return None
    code = to_code(parts[-1])
    if code is None and len(parts) > 1:
        last_two = {parts[-2].upper(), parts[-1].upper()}
        if last_two & US_STATES and any(_US_ZIP.match(p) for p in last_two):
            return "us"
    return code


def _add_addresses(entity: Entity, value: str) -> None:
    """Each address is 'street, city, state, postal code, country'."""
    for address in _split(value):
        entity.add("address", address)
        entity.add("country", address_country(address))


def _add_birth_dates(entity: Entity, value: str) -> None:
    for text in _split(value):
        dates = parse_dates(text, day_first=DAY_FIRST)
        entity.add_all("birthDate", dates)
        if not dates or re.search(r"[A-Za-z]", text):
            entity.add("notes", f"Date of birth: {text}")


def _id_property(kind: str, number: str, country: str | None) -> str | None:
    prop = ID_PROPERTIES.get(kind)
    if prop is None:
        for word, fallback in (("passport", "passportNumber"), ("tax", "taxNumber")):
            if word in kind:
                return fallback
        return None
    if country == "ru" and prop == "taxNumber":
        return "innCode"
    if country == "ru" and prop == "registrationNumber" and _RU_OGRN.match(number):
        return "ogrnCode"
    return prop


def _add_id(entity: Entity, entry: str) -> None:
    """One `ids` entry: 'Type, value[, country[, issue date]]'."""
    parts = [p.strip() for p in entry.split(", ")]
    kind = parts[0].rstrip(" :-").lower()
    rest = ", ".join(parts[1:])
    if len(parts) < 2 or not rest:
        entity.add("notes", entry)
        return
    if kind in ID_COUNTRIES:
        _add_country(entity, ID_COUNTRIES[kind], rest, parts[0].rstrip(" :-"))
        return
    if kind == "gender" and rest.lower() in ("male", "female"):
        entity.add("gender", rest.lower())
        return
    if kind == "organization established date" and (
        dates := parse_dates(rest, day_first=DAY_FIRST)
    ):
        entity.add_all("incorporationDate", dates)
        return
    number = parts[1]
    country = to_code(parts[2]) if len(parts) > 2 else None
    prop = _id_property(kind, number, country)
    if prop is None:
        entity.add("notes", f"{parts[0].rstrip(' :-')}: {rest}")
        return
    if prop == "imoNumber":
        number = re.sub(r"^IMO\s*", "", number, flags=re.IGNORECASE)
    entity.add(prop, number)
    entity.add("country", country)
    if len(parts) > 3 or (len(parts) == 3 and not country):
        entity.add("notes", entry)  # issue dates or a qualifier we cannot place


def _add_vessel(entity: Entity, record: Row) -> None:
    entity.add("callSign", record["call_sign"])
    entity.add("type", record["vessel_type"])
    entity.add("tonnage", record["gross_tonnage"])
    entity.add("grossRegisteredTonnage", record["gross_registered_tonnage"])
    if record["vessel_flag"]:
        _add_country(entity, "flag", record["vessel_flag"], "Flag")
    if record["vessel_owner"]:
        entity.add("notes", f"Owner: {record['vessel_owner']}")


NOTE_COLUMNS = (
    ("federal_register_notice", "Federal Register"),
    ("end_date", "End date"),
    ("standard_order", "Standard order"),
    ("license_requirement", "License requirement"),
    ("license_policy", "License policy"),
)


def _add_notes(entity: Entity, record: Row) -> None:
    entity.add("notes", record["remarks"])
    for column, label in NOTE_COLUMNS:
        if record[column]:
            entity.add("notes", f"{label}: {record[column]}")
    if record["entity_number"] and record["entity_number"] != record["_id"]:
        entity.add("notes", f"Entity number: {record['entity_number']}")


def _entity(path: Path, record: Row) -> Entity:
    record_id, name = record["_id"], record["name"]
    if not record_id or not name or not record["source"]:
        raise ListFormatError(
            path, "record without _id, source or name", line=record.line, record=record_id or None
        )
    code = list_code(record["source"])
    entity = Entity(
        id=slug_id(f"{ID_PREFIX}-{code.lower()}", record_id),
        schema=_schema(record),
        source=SOURCE,
        source_id=record_id,
    )
    entity.add("name", name)
    entity.add_all("alias", _split(record["alt_names"]))
    entity.add("program", code)
    entity.add_all("program", _split(record["programs"]))
    entity.add("position", record["title"])
    _add_addresses(entity, record["addresses"])
    entity.add_all("createdAt", parse_dates(record["start_date"], day_first=DAY_FIRST)[:1])
    _add_birth_dates(entity, record["dates_of_birth"])
    entity.add_all("birthPlace", _split(record["places_of_birth"]))
    for text in _split(record["nationalities"]):
        _add_country(entity, "nationality", text, "Nationality")
    for text in _split(record["citizenships"]):
        _add_country(entity, "citizenship", text, "Citizenship")
    for entry in _split(record["ids"]):
        _add_id(entity, entry)
    _add_vessel(entity, record)
    _add_notes(entity, record)
    entity.add("sourceUrl", record["source_list_url"])
    entity.add("sourceUrl", record["source_information_url"])
    return entity


def read(path: Path | str, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read a CSL CSV. It carries no date: the publication date is the file time."""
    path = Path(path)
    lines = read_lines(path, limits=limits)
    warnings: list[str] = []
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    cuts: list[str] = []
    for record in _records(path, lines, warnings, limits, cuts):
        entity = _entity(path, record)
        if entity.id in seen:
            raise ListFormatError(
                path,
                f"_id {record['_id']} appears twice in one list (first on line {seen[entity.id]})",
                line=record.line,
                expected="one row per _id and list",
            )
        seen[entity.id] = record.line
        entities.append(entity)
    if not entities:
        raise ListFormatError(path, "no records after the header", line=2, expected="CSL rows")
    published = file_date(path)
    latest = max((d for e in entities for d in e.get("createdAt")), default=None)
    warnings.append(
        f"the CSL file carries no publication date; using the file time {published}"
        + (f" (latest start_date in the file: {latest})" if latest else "")
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
        incomplete=cuts[0] if cuts else None,
    )
