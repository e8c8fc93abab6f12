"""UK OFSI Consolidated List of Financial Sanctions Targets, CSV (`sanctionsconlist.csv`,
later `ConList.csv`): the archived list.

OFSI retired the Consolidated List on 28 January 2026; the UK Sanctions List (FCDO) is
the only UK list since (`uk_sanctions_list`, key `uk-sanctions-list`). This reader stays
for archived files: screening history and older snapshots still cite `uk-ofsi`.

OFSI writes one row per alias, cross-joined with addresses and dates of birth, and ties
them together with a Group ID: a group is one listed person, organisation or ship. Row 1
is `Last Updated,dd/mm/yyyy`, row 2 the header. Older files are Windows-1252.

Full names are built as "Name 1 Name 2 Name 3 Name 4 Name 5 Name 6": given names, then
the surname (or an organisation's name) from Name 6, in reading order, which is how the
UN list writes the same people. The parts are kept as firstName, secondName,
middleName and lastName.

`un_reference` finds the UN Security Council reference a UK entry cites ("UN Ref
QDe.004", or the pre-2014 "QE.A.4.01"), so UK entries can be paired with UN entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from caspian.dates import parse_slashed
from caspian.geo.countries import from_demonym, to_code
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits, over
from caspian.lists.text import csv_records, read_lines
from caspian.model import Entity, slug_id

FORMAT = "uk-ofsi-csv"
SOURCE = "uk-ofsi"
TITLE = (
    "UK OFSI Consolidated List of Financial Sanctions Targets (archived: retired 28 January 2026)"
)
ID_PREFIX = "uk-ofsi"

NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_COLUMNS = (
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
)
# The 2018 header. Later ConList files add columns, read below when present.
HEADER_2018 = (
    "Name 6",
    *NAME_COLUMNS[:5],
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    *ADDRESS_COLUMNS[:7],
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
)
REQUIRED = ("Name 6", "Name 1", "Group Type", "Alias Type", "Regime", "Group ID")
# Columns read explicitly; any other non-empty column goes into notes as "Column: value".
KNOWN = frozenset(
    {
        *HEADER_2018,
        "Name Non-Latin Script",
        "Non-Latin Script Type",
        "Non-Latin Script Language",
        "Passport Number",
        "National Identification Number",
        "National Identification Details",
        "Alias Quality",
    }
)

# OFSI writes dates day first: "Last Updated,13/04/2018", DOB "28/02/1966".
DAY_FIRST = True

SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
PRIMARY_ALIAS_TYPES = {"prime alias", "primary name"}
PREVIOUS_ALIAS_TYPES = {"fka"}

# UK ConList 2018 files DPRK and Libya ships as "Entity"; these phrases mark a ship.
_VESSEL_HINT = re.compile(r"\bAnnex XIV\b|\bFlag State\s*:", re.I)
IMO_NUMBER = re.compile(r"\bIMO(?:\s+number)?\s*:?\s*(\d{7})\b", re.I)
_MMSI = re.compile(r"\bMMSI\s*:?\s*(\d{9})\b", re.I)
_FLAG = re.compile(r"\bFlag State\s*:\s*([^.;]+)", re.I)


# -- identifiers in free text ---------------------------------------------------------

_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|"
    r"april|june|july|august|september|october|november|december)\.?"
)
_DATE_TEXT = re.compile(
    rf"\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    rf"|\b(?:\d{{1,2}}\s+)?{_MONTH}\s+\d{{4}}\b"
    rf"|\b(?:19|20)\d\d\s*-\s*(?:19|20)\d\d\b",
    re.I,
)
_LIST_MARKER = re.compile(r"\(\s*(?:\d{1,2}|[A-Za-z])\s*\)|(?<![\w.])[A-Za-z]\)")
_NO_DOT = re.compile(r"\b(no|nr|num)\.(?=\S)", re.I)
_TOKEN = re.compile(r"[^\s,;:()\[\]]+|[,;:()\[\]]")
_PREFIX = re.compile(r"^(?!(?:ID|NO|NR|NI|UN|US|UK|EU)$)[A-Z]{1,2}(?:-[A-Z]{1,2})?-?$")
# Italian fiscal codes are sometimes written in groups: "JMM MDI 68A25 Z352D".
_FISCAL_CODE = re.compile(r"\b([A-Z]{3}) ([A-Z]{3}) (\d\d[A-Z]\d\d) ([A-Z]\d{3}[A-Z])\b")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def extract_ids(text: str | None) -> list[str]:
    """Document numbers in free text ("Passport No: 592667 (Qatari ...)" -> "592667").

    Lists write identifiers inside prose with dates, countries and list markers around
    them; a matcher needs the bare numbers. A number is a run of tokens holding digits
    (with a short letter prefix such as "OB 0243318" or "TR-P 614 166"), at least three
    digits long, that is not a date or a lone year. The full text stays in notes.
    """
    return list(_extract_ids(text)) if text else []


@lru_cache(maxsize=4096)
def _extract_ids(text: str) -> tuple[str, ...]:
    text = _FISCAL_CODE.sub(r"\1\2\3\4", text)
    text = _DATE_TEXT.sub(" ; ", text)
    text = _LIST_MARKER.sub(" ; ", text)
    text = _NO_DOT.sub(r"\1. ", text)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        value = " ".join(run).strip(" .-/")
        run.clear()
        digits = sum(c.isdigit() for c in value)
        if digits >= 3 and not _YEAR.match(value) and "E+" not in value and value not in out:
            out.append(value)

    tokens = [t.strip(".") or t for t in _TOKEN.findall(text)]
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        has_digit = any(c.isdigit() for c in token)
        starts = has_digit or (_PREFIX.match(token) and any(c.isdigit() for c in nxt))
        if has_digit and _continues(run, token):
            run.append(token)
        elif starts:
            flush()
            run.append(token)
        else:
            flush()
    flush()
    return tuple(out)


def _continues(run: list[str], token: str) -> bool:
    """Whether a digit token continues the number being read ("96 03 464086")."""
    if not run:
        return False
    last = run[-1]
    if _PREFIX.match(last) or last.endswith("-"):
        return True
    return len(last) <= 3 and last.isdigit() and (token[0].isdigit())


# -- UN references --------------------------------------------------------------------

UN_REGIMES = ("QD", "TA", "KP", "IR", "IQ", "CD", "LY", "SO", "CF", "GB", "YE", "HT", "SD", "SS")
_REGIME_ALT = "|".join(UN_REGIMES)
_UN_MODERN = re.compile(rf"\b({_REGIME_ALT})\s?([ie])\s?\.?\s?(\d{{3}})\b", re.I)
# Right after "UN Ref", typos are read too: "KPe.23" (two digits), "QD1.410" (1 for i).
_UN_MODERN_ANCHORED = re.compile(rf"({_REGIME_ALT})\s?([ie1])\s?\.?\s?(\d{{2,3}})\b", re.I)
# Before 2014 the Al-Qaida and Taliban lists used QI.A.6.01 / TE.H.19.01 style numbers;
# the number part carried over (QI.A.6.01 -> QDi.006).
_UN_OLD_QT = re.compile(r"\b(Q|T)\.?([IE])\.[A-Z]\.(\d{1,3})\.\d{2}\b")
# Old Iran and Iraq numbers (E.29.II.11, I.47.C.1, I.AC.50.20.12.12) have no modern form.
_UN_OLD_OTHER = re.compile(r"([EI]\.(?:\d{2}\.[A-Z]{1,3}\.\d{1,2}|AC\.\d{2}(?:\.\d{2}){3}))\b")
_UN_REF_ANCHOR = re.compile(r"\bUN\s*Ref(?:erence)?(?:\s*No)?[\s.:#]*", re.I)
_BARE_NUMBER = re.compile(r"(\d{3})\b")
# OFSI regime names -> UN list prefix, for "UN Ref.077" written without its prefix.
UK_REGIME_UN_PREFIX = {
    "north korea (democratic people's republic of korea)": "KP",
    "iran (nuclear proliferation)": "IR",
    "the isil (da'esh) and al-qaida organisations": "QD",
    "afghanistan": "TA",
    "libya": "LY",
    "somalia": "SO",
    "central african republic": "CF",
    "democratic republic of the congo": "CD",
    "iraq": "IQ",
    "yemen": "YE",
    "south sudan": "SS",
    "sudan": "SD",
    "republic of guinea-bissau": "GB",
}


def _modern(regime: str, kind: str, number: str) -> str:
    kind = "i" if kind == "1" else kind.lower()
    return f"{regime.upper()}{kind}.{int(number):03d}"


def _anchored_reference(rest: str, regime: str | None, kind: str | None) -> str | None:
    """The reference written right after "UN Ref"."""
    m = _UN_MODERN_ANCHORED.match(rest)
    if m:
        return _modern(m.group(1), m.group(2), m.group(3))
    m = _UN_OLD_QT.match(rest)
    if m:
        return _modern("QD" if m.group(1) == "Q" else "TA", m.group(2), m.group(3))
    m = _UN_OLD_OTHER.match(rest)
    if m:
        return m.group(1)
    m = _BARE_NUMBER.match(rest)
    if m and regime and kind:
        return _modern(regime, kind, m.group(1))
    return None


def find_un_references(
    text: str, *, regime: str | None = None, kind: str | None = None
) -> list[str]:
    """UN Security Council references in a note, normalised ("KPI.067" -> "KPi.067").

    The one written after "UN Ref" comes first (it is the entry's own; others are usually
    associates). Old Al-Qaida/Taliban numbers become the modern form; old Iran/Iraq ones
    are returned as written (the UN file keeps them as "Old Reference # E.29.II.11").
    `regime` ("KP") and `kind` ("i"/"e") complete a bare "UN Ref.077".
    """
    text = " ".join(text.split())
    refs: list[str] = []
    for anchor in _UN_REF_ANCHOR.finditer(text):
        ref = _anchored_reference(text[anchor.end() : anchor.end() + 40], regime, kind)
        if ref:
            refs.append(ref)
    refs.extend(_modern(*m.groups()) for m in _UN_MODERN.finditer(text))
    for m in _UN_OLD_QT.finditer(text):
        refs.append(_modern("QD" if m.group(1) == "Q" else "TA", m.group(2), m.group(3)))
    return list(dict.fromkeys(refs))


def un_references(entity: Entity) -> list[str]:
    """Every UN reference an entity carries, its own first: its id on the UN list (and the
    old numbers in its comments), or the ones its notes cite ("UN Ref QDe.004")."""
    refs: list[str] = []
    if entity.source == "un-sc":
        refs.append(entity.source_id)
        for note in entity.get("notes"):
            refs.extend(re.findall(r"Old Reference\s*#\s*([A-Z][\w.]*\w)", note))
        return list(dict.fromkeys(refs))
    programs = [UK_REGIME_UN_PREFIX.get(p.casefold()) for p in entity.get("program")]
    regime = next((p for p in programs if p), None)
    kind = "i" if entity.schema == "Person" else "e"
    for note in entity.get("notes"):
        refs.extend(find_un_references(note, regime=regime, kind=kind))
    return list(dict.fromkeys(refs))


def un_reference(entity: Entity) -> str | None:
    """The UN reference that pairs a UK (or other) entry with its UN entry, if any."""
    refs = un_references(entity)
    return refs[0] if refs else None


# -- countries ------------------------------------------------------------------------

_ENUM_MARK = re.compile(
    r"(?:(?<=\s)|^)\(?(\d{1,2}|[a-hA-H])\)\s*(?:(?:-|to)\s*\(?(\d{1,2}|[a-hA-H])\)\s*)?"
)
_PARENS = re.compile(r"\(.*?\)|\([^)]*$")
_LEAD = re.compile(r"^(?:in|now|possibly|also believed to hold|believed to be in)\s+", re.I)
_TRAIL = re.compile(
    r"\s+(?:as at|as of|since|from|until|citizenship|citizen|nationality|nationalities|"
    r"national|by birth|withdrawn)\b.*$",
    re.I,
)
_NOT_CURRENT = re.compile(r"withdrawn|revoked|former|until|previous", re.I)


def _country_code(text: str, *, loose: bool = True) -> str | None:
    """ISO code of one country written as a name, code or adjective, or None; `loose`
    also drops qualifiers ("Syria as at June 2013", "Kuwaiti citizenship")."""
    text = " ".join(text.replace("’", "'").split()).strip(" .,;-")
    if not text or text.casefold() in {"na", "n/a", "none", "unknown"}:
        return None
    code = to_code(text) or from_demonym(text)
    if code or not loose:
        return code
    clean = _TRAIL.sub("", _LEAD.sub("", _PARENS.sub(" ", text).strip())).strip(" .,;-")
    if clean and clean != text:
        return to_code(clean) or from_demonym(clean)
    return None


def _part_codes(part: str) -> list[str | None]:
    """Codes in one enumerated part: the whole ("Trinidad and Tobago"), else each of its
    pieces split at commas, slashes and "and" ("Iranian national and US national")."""
    whole = _country_code(part, loose=False)
    if whole:
        return [whole]
    pieces = [
        p
        for p in re.split(r",|/|\band\b|\.\s", part)
        if p.strip(" .-") and not re.fullmatch(r"\s*(?:citizens?|nationals?)\s*", p)
    ]
    codes = [_country_code(p) for p in pieces]
    if len(pieces) > 1 and not any(codes):
        return [_country_code(part)]
    return codes


@lru_cache(maxsize=4096)
def country_codes(text: str) -> tuple[tuple[str, ...], bool]:
    """Codes of every country in "1) Saudi Arabia 2) Qatar"-style text, and whether the
    text was fully understood (if not, the caller keeps it in notes)."""
    complete = not _NOT_CURRENT.search(text)
    codes: list[str] = []
    for part in _ENUM_MARK.sub(" ; ", text).split(";"):
        if not part.strip(" .,-"):
            continue
        for code in _part_codes(part):
            if code is None:
                complete = False
            elif code not in codes:
                codes.append(code)
    return tuple(codes), complete


# -- rows and groups ------------------------------------------------------------------


class Row:
    """One CSV row: its first line and its cells in the header's order, as a tuple (a
    file's rows are all kept until grouped, so a row must be small)."""

    __slots__ = ("cells", "index", "line")

    def __init__(self, line: int, cells: tuple[str, ...], index: dict[str, int]) -> None:
        self.line = line
        self.cells = cells
        self.index = index  # column -> position, shared by all rows of a file

    def get(self, column: str) -> str:
        position = self.index.get(column)
        return self.cells[position] if position is not None else ""


class Group:
    """The rows of one Group ID; most columns repeat on every row, so fields are read
    from each column's distinct values."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.id = rows[0].get("Group ID")
        self.line = rows[0].line
        self._distinct: dict[str, list[str]] = {}

    def values(self, column: str) -> list[str]:
        """Distinct non-empty values of a column, in file order."""
        found = self._distinct.get(column)
        if found is None:
            found = list(dict.fromkeys(v for r in self.rows if (v := r.get(column))))
            self._distinct[column] = found
        return found

    def first(self, column: str) -> str:
        values = self.values(column)
        return values[0] if values else ""


def _header(path: Path, records: Iterator[tuple[int, list[str]]]) -> tuple[list[str], str | None]:
    """The header (read from `records`), and the `Last Updated` date of row 1."""
    found = next(records, None)
    if found is None:
        raise ListFormatError(path, "no CSV records", expected="a UK OFSI consolidated list")
    line, first = found
    published = None
    expected = f"the OFSI header row ({', '.join(HEADER_2018)})"
    if first and first[0].strip().lower() == "last updated":
        published = parse_slashed(first[1] if len(first) > 1 else "", day_first=DAY_FIRST)
        found = next(records, None)
        if found is None:
            raise ListFormatError(path, "no header row", line=line + 1, expected=expected)
    hline, header = found
    names = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ListFormatError(
            path,
            f"header row is missing column(s) {', '.join(missing)}",
            line=hline,
            expected=expected,
        )
    return names, published


def _rows(
    path: Path, records: Iterator[tuple[int, list[str]]], header: list[str], limits: ListLimits
) -> list[Row]:
    rows: list[Row] = []
    width = len(header)
    index = {column: i for i, column in enumerate(header)}  # the last of a repeated name
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= limits.max_records:
            raise ListFormatError(
                path, over(f"more than {limits.max_records:,} rows", limits.max_records), line=line
            )
        if len(cells) < width or any(c.strip() for c in cells[width:]):
            raise ListFormatError(
                path,
                f"row has {len(cells)} fields",
                line=line,
                expected=f"{width} fields as in the header (a truncated or misquoted row?)",
            )
        row = Row(line, tuple(c.strip() for c in cells[:width]), index)
        if not row.get("Group ID"):
            raise ListFormatError(path, "row has no Group ID", line=line, expected="a Group ID")
        rows.append(row)
    return rows


def _full_name(row: Row) -> str:
    return " ".join(" ".join(row.get(c) for c in NAME_COLUMNS).split())


def _schema(group: Group, warnings: list[str], path: Path) -> str:
    group_type = group.first("Group Type")
    schema = SCHEMAS.get(group_type.lower())
    if schema is None:
        warnings.append(
            f"{path}:{group.line}: unknown Group Type {group_type!r} for group {group.id}; "
            "read as LegalEntity"
        )
        return "LegalEntity"
    if len(group.values("Group Type")) > 1:
        warnings.append(f"{path}:{group.line}: group {group.id} mixes Group Types")
    if schema == "Organization" and _VESSEL_HINT.search(group.first("Other Information")):
        return "Vessel"
    return schema


def _add_names(entity: Entity, group: Group, warnings: list[str], path: Path) -> None:
    rows = group.rows
    primary = [r for r in rows if r.get("Alias Type").lower() in PRIMARY_ALIAS_TYPES]
    if not primary:
        primary = [rows[0]]
        warnings.append(
            f"{path}:{group.line}: group {group.id} has no primary name; "
            "its first row's name is used"
        )
    for row in primary:
        entity.add("name", _full_name(row))
        if entity.schema == "Person":
            entity.add("firstName", row.get("Name 1"))
            entity.add("secondName", row.get("Name 2"))
            entity.add_all("middleName", [row.get(c) for c in ("Name 3", "Name 4", "Name 5")])
            entity.add("lastName", row.get("Name 6"))
    names = set(entity.get("name"))
    primary_ids = {id(r) for r in primary}
    for row in rows:
        if id(row) in primary_ids:
            continue
        kind = row.get("Alias Type").lower()
        prop = "previousName" if kind in PREVIOUS_ALIAS_TYPES else "alias"
        if row.get("Alias Quality").lower() == "low":
            prop = "weakAlias"
        full = _full_name(row)
        if full not in names:
            entity.add(prop, full)
    entity.add_all("alias", group.values("Name Non-Latin Script"))


def _enumerated(text: str) -> dict[int, str] | None:
    """ "(1) Tiaret (2)-(3) Algiers" -> {1: "Tiaret", 2: "Algiers", 3: "Algiers"}."""
    marks = list(_ENUM_MARK.finditer(text))
    if not marks:
        return None
    out: dict[int, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end() : end].strip(" ,;-")
        first = _ordinal(m.group(1))
        last = _ordinal(m.group(2)) if m.group(2) else first
        for n in range(first, max(first, last) + 1):
            out[n] = value
    return out


def _ordinal(mark: str) -> int:
    return int(mark) if mark.isdigit() else ord(mark.lower()) - ord("a") + 1


@lru_cache(maxsize=4096)
def birth_places(town: str, country: str) -> tuple[str, ...]:
    """Place-of-birth strings, pairing OFSI's numbered towns with numbered countries."""
    towns, countries = _enumerated(town), _enumerated(country)
    if towns is None and countries is None:
        return (_join(town, country),) if town or country else ()
    if towns is None:
        single = [_join(town)] if town.strip(" -") else []
        return (*single, *(c for c in dict.fromkeys((countries or {}).values()) if c))
    out: list[str] = []
    for n in sorted(towns.keys() | (countries or {}).keys()):
        place = _join(towns.get(n, ""), countries.get(n, "") if countries else country)
        if place and place not in out:
            out.append(place)
    return tuple(out)


def _join(*parts: str) -> str:
    clean = [" ".join(p.split()).strip(" ,;") for p in parts]
    return ", ".join(p for p in clean if p and p != "-")


def _add_people_fields(entity: Entity, group: Group) -> None:
    entity.add_all("title", group.values("Title"))
    for dob in group.values("DOB"):
        date = parse_slashed(dob, day_first=DAY_FIRST)
        entity.add("birthDate", date)
        if not date:
            entity.add("notes", f"DOB: {dob}")
    places = {(r.get("Town of Birth"), r.get("Country of Birth")) for r in group.rows}
    for town, country in sorted(places):
        entity.add_all("birthPlace", birth_places(town, country))
    for nationality in group.values("Nationality"):
        codes, complete = country_codes(nationality)
        entity.add_all("nationality", codes)
        if not complete:
            entity.add("notes", f"Nationality: {nationality}")
    entity.add_all("position", group.values("Position"))


def _add_documents(entity: Entity, group: Group) -> None:
    entity.add_all("passportNumber", group.values("Passport Number"))
    for passport in group.values("Passport Details"):
        entity.add_all("passportNumber", extract_ids(passport))
        entity.add("notes", f"Passport details: {passport}")
    for column in ("NI Number", "National Identification Number"):
        for value in group.values(column):
            entity.add_all("idNumber", extract_ids(value))
    for column in ("NI Number", "National Identification Details"):
        for value in group.values(column):
            entity.add("notes", f"National identification: {value}")


def _add_addresses(entity: Entity, group: Group) -> None:
    addresses = dict.fromkeys(tuple(r.get(c) for c in ADDRESS_COLUMNS) for r in group.rows)
    for parts in addresses:
        entity.add("address", _join(*parts))
    for country in group.values("Country"):
        entity.add_all("country", country_codes(country)[0])


def _add_vessel_fields(entity: Entity, info: str) -> None:
    for m in IMO_NUMBER.finditer(info):
        entity.add("imoNumber", m.group(1))
    if entity.schema == "Vessel":
        for m in _MMSI.finditer(info):
            entity.add("mmsi", m.group(1))
        for m in _FLAG.finditer(info):
            code = _country_code(m.group(1))
            if code:
                entity.add("flag", code)


def _add_listing(entity: Entity, group: Group) -> None:
    entity.add_all("program", group.values("Regime"))
    listed = {parse_slashed(v, day_first=DAY_FIRST) for v in group.values("Listed On")}
    entity.add_all("createdAt", sorted(d for d in listed if d))
    for value in group.values("Last Updated"):
        entity.add("modifiedAt", parse_slashed(value, day_first=DAY_FIRST))


def _add_other_columns(entity: Entity, group: Group, header: Sequence[str]) -> None:
    for column in header:
        if column and column not in KNOWN:
            for value in group.values(column):
                entity.add("notes", f"{column}: {value}")


def _entity(path: Path, group: Group, header: Sequence[str], warnings: list[str]) -> Entity:
    schema = _schema(group, warnings, path)
    entity = Entity(slug_id(ID_PREFIX, group.id), schema, SOURCE, group.id)
    _add_names(entity, group, warnings, path)
    entity.add_all("notes", group.values("Other Information"))
    _add_people_fields(entity, group)
    _add_documents(entity, group)
    _add_addresses(entity, group)
    for info in group.values("Other Information"):
        _add_vessel_fields(entity, info)
    _add_listing(entity, group)
    _add_other_columns(entity, group, header)
    return entity


def read(path: Path, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read one OFSI consolidated list CSV into one entity per Group ID."""
    path = Path(path)
    records = csv_records(path, read_lines(path, fallback="cp1252", limits=limits))
    header, published = _header(path, records)
    rows = _rows(path, records, header, limits)
    if not rows:
        raise ListFormatError(path, "no data rows after the header", expected="list records")
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.get("Group ID"), []).append(row)
    warnings: list[str] = []
    del rows
    # Each group's rows are dropped as its entity is built (see bis_dpl).
    entities = [_entity(path, Group(grouped.pop(g)), header, warnings) for g in list(grouped)]
    if published is None:
        warnings.append(f"{path}: no 'Last Updated' date in row 1")
    return ListData(
        source=SOURCE,
        format=FORMAT,
        title=TITLE,
        entities=entities,
        files=[path],
        published=published,
        published_from="file",
        warnings=warnings,
    )
