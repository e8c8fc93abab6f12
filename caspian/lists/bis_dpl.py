"""Reader for the US BIS Denied Persons List (`dpl.txt`, tab-delimited, every cell quoted).

The DPL has no record id, and one denied party takes one row per address (and sometimes
per order). Rows are grouped into one entity per *denial order*: the same name (case and
spacing ignored) with the same effective date. The Federal Register citation is not a
usable key: rows of one order often cite it differently ("88 F.R.30078" / "88 F.R. 30078",
citations missing from one address row). A person denied by two orders (different
effective dates) stays two entities, as the list publishes two denials.

The list does not say whether a party is a person or a company: names with a legal-form
word (LTD, GMBH, S.A., ...) are `Company`, all others `LegalEntity`, the FtM parent of both,
so that a query of either kind still meets them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from caspian import data
from caspian.dates import parse_iso, parse_slashed
from caspian.geo.countries import to_code
from caspian.lists.base import ListData, ListFormatError, Row
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits, over
from caspian.lists.text import cell_too_long, file_date, read_lines
from caspian.model import Entity

SOURCE = "bis-dpl"
FORMAT = "bis-dpl"
TITLE = "US BIS Denied Persons List"
PROGRAM = "DPL"
ID_PREFIX = "bis-dpl"

COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)

# USPS codes of US states, DC and territories: a DPL row with one of these as State and
# no Country is a US address.
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
)
US_STATES = frozenset(_US_STATES.split())

# "SIBERIAN AIRLINES D/B/A S7 AIRLINES": the part after the marker is another name.
_NAME_SPLIT = re.compile(r"\s+(A/K/A|D/B/A|F/K/A)\s+", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD = re.compile(r"[A-Z0-9]+")
# BIS writes Effective_Date and Expiration_Date month first ("06/19/2003"); Last_Update is ISO.
DAY_FIRST = False
OLDEST_UPDATE = "1990-01-01"  # the DPL went electronic in the 1990s; older is a typo


@cache
def legal_form_hints() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Single-word forms, and multi-word forms as word tuples."""
    single: set[str] = set()
    multi: list[tuple[str, ...]] = []
    for line in data.text("legal_form_hints.txt").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = tuple(_WORD.findall(line.upper().replace(".", "")))
        if len(words) == 1:
            single.add(words[0])
        elif words:
            multi.append(words)
    return frozenset(single), tuple(multi)


def looks_like_company(name: str) -> bool:
    """True when the name contains a legal-form word (LTD, GMBH, S.A., ...)."""
    words = _WORD.findall(name.upper().replace(".", ""))
    single, multi = legal_form_hints()
    if any(w in single for w in words):
        return True
    return any(
        tuple(words[i : i + len(form)]) == form
        for form in multi
        for i in range(len(words) - len(form) + 1)
    )


def norm_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _rows(path: Path, lines: Iterable[str], limits: ListLimits) -> Iterator[Row]:
    reader = csv.reader(lines, delimiter="\t", strict=True)
    start, count = 1, 0
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != COLUMNS:
            raise ListFormatError(
                path,
                "not the BIS Denied Persons List header",
                line=1,
                expected="the 12 tab-separated DPL columns: " + ", ".join(COLUMNS),
            )
        start = reader.line_num + 1
        for cells in reader:
            if cells and any(c.strip() for c in cells):
                if len(cells) != len(COLUMNS):
                    raise ListFormatError(
                        path,
                        f"{len(cells)} columns instead of {len(COLUMNS)}",
                        line=start,
                        record=cells[0].strip() or None,
                        expected="12 tab-separated, quoted cells (a truncated or damaged file?)",
                    )
                count += 1
                if count > limits.max_records:
                    raise ListFormatError(
                        path,
                        over(f"more than {limits.max_records:,} rows", limits.max_records),
                        line=start,
                    )
                yield Row(start, dict(zip(COLUMNS, (c.strip() for c in cells), strict=True)))
            start = reader.line_num + 1
    except csv.Error as exc:
        cut = "unexpected end of data" in str(exc)
        raise cell_too_long(path, exc, start) or ListFormatError(
            path,
            "the file ends inside a quoted cell (truncated file)" if cut else f"bad quoting: {exc}",
            line=start if cut else reader.line_num,
            expected='12 quoted cells per line, with every " inside a cell doubled',
        ) from None


def _us_date(text: str) -> str | None:
    return parse_slashed(text, day_first=DAY_FIRST) if text else None


def _address(row: Row) -> str:
    parts = (row[c] for c in ("Street_Address", "City", "State", "Postal_Code", "Country"))
    return ", ".join(p for p in parts if p)


def _fix_shifted_state(row: Row, warnings: list[str]) -> None:
    """A US state written in the Country column (State blank) moves to State."""
    country = row["Country"]
    if country and not row["State"] and country.upper() in US_STATES and not to_code(country):
        warnings.append(
            f"line {row.line}: Country {country!r} is a US state code with State "
            "blank; read as a US address"
        )
        row.cells["State"], row.cells["Country"] = country, ""


def _country(row: Row, warnings: list[str]) -> str | None:
    """ISO code of a row; blank Country with a US State means the US."""
    country, state = row["Country"], row["State"]
    if country:
        code = to_code(country)
        if not code:
            warnings.append(
                f"line {row.line}: unknown country {country!r}; kept in the address only"
            )
        return code
    return "us" if state.upper() in US_STATES else None


def _last_update(row: Row, today: str, warnings: list[str]) -> str | None:
    value = row["Last_Update"]
    if not value:
        return None
    if _ISO_DAY.match(value) and parse_iso(value) == value and OLDEST_UPDATE <= value <= today:
        return value
    warnings.append(
        f"line {row.line}: Last_Update {value!r} is not a plausible date "
        "(typo in the list); ignored for the publication date"
    )
    return None


def _add_names(entity: Entity, name: str) -> None:
    entity.add("name", name)
    parts = _NAME_SPLIT.split(name)
    for marker, other in zip(parts[1::2], parts[2::2], strict=True):
        entity.add("previousName" if marker.upper() == "F/K/A" else "alias", other)


def _add_row(entity: Entity, row: Row, today: str, warnings: list[str]) -> str | None:
    """Fold one row into its party; returns the row's plausible Last_Update."""
    _add_names(entity, row["Name"])
    entity.add("address", _address(row))
    entity.add("country", _country(row, warnings))
    effective = _us_date(row["Effective_Date"])
    entity.add("createdAt", effective)
    if row["Effective_Date"] and not effective:
        entity.add("notes", f"Effective date: {row['Effective_Date']}")
    expiration = row["Expiration_Date"]
    if expiration:
        entity.add("notes", f"Expiration date: {_us_date(expiration) or expiration}")
    if row["Standard_Order"]:
        entity.add("notes", f"Standard order: {row['Standard_Order'].upper()}")
    if row["Action"]:
        entity.add("notes", f"Action: {row['Action']}")
    if row["FR_Citation"]:
        entity.add("notes", f"Federal Register: {row['FR_Citation']}")
    updated = _last_update(row, today, warnings)
    if row["Last_Update"] and not updated:
        entity.add("notes", f"Last update (as written): {row['Last_Update']}")
    return updated


def party_key(row: Row) -> tuple[str, str]:
    """Rows with the same key are one denied party (same name, same denial order)."""
    return norm_name(row["Name"]), _us_date(row["Effective_Date"]) or row["Effective_Date"]


def party_hash(key: tuple[str, str]) -> str:
    return hashlib.sha1("|".join(key).encode("utf-8")).hexdigest()[:12]


def _group(
    path: Path, rows: Iterator[Row], warnings: list[str]
) -> dict[tuple[str, str], list[Row]]:
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if not row["Name"]:
            raise ListFormatError(path, "row without a Name", line=row.line, expected="a name")
        _fix_shifted_state(row, warnings)
        groups.setdefault(party_key(row), []).append(row)
    return groups


def _entity(key: tuple[str, str], rows: list[Row], today: str, warnings: list[str]) -> Entity:
    digest = party_hash(key)
    name = " ".join(rows[0]["Name"].split())
    entity = Entity(
        id=f"{ID_PREFIX}-{digest}",
        schema="Company" if looks_like_company(name) else "LegalEntity",
        source=SOURCE,
        source_id=digest,
    )
    entity.add("program", PROGRAM)
    updates = [u for u in (_add_row(entity, row, today, warnings) for row in rows) if u]
    if updates:
        entity.add("modifiedAt", max(updates))
    return entity


def read(path: Path | str, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read `dpl.txt`; the publication date is the latest plausible Last_Update."""
    path = Path(path)
    lines = read_lines(path, limits=limits)
    warnings: list[str] = []
    today = dt.date.today().isoformat()
    groups = _group(path, _rows(path, lines, limits), warnings)
    if not groups:
        raise ListFormatError(path, "no rows after the header", line=2, expected="DPL rows")
    # Each group's rows are dropped as its entity is built: the file's rows and its
    # entities are never all in memory at once.
    entities = [_entity(key, groups.pop(key), today, warnings) for key in list(groups)]
    if len({e.id for e in entities}) != len(entities):  # a 48-bit hash collision
        raise ListFormatError(path, "two parties hash to the same id; widen party_hash")
    updates = [u for e in entities for u in e.get("modifiedAt")]
    published, published_from = max(updates, default=None), "file"
    if published is None:
        published, published_from = file_date(path), "mtime"
        warnings.append(f"no usable Last_Update; publication date from file time {published}")
    return ListData(
        source=SOURCE,
        format=FORMAT,
        title=TITLE,
        entities=entities,
        files=[path],
        published=published,
        published_from=published_from,
        warnings=warnings,
    )
