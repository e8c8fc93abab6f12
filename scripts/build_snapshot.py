"""Build Caspian's bundled snapshot from the project's reference facts.

The snapshot is the dataset Caspian screens against when no official list has been
loaded (no network). It is written from `shared/reference/uav_entities.csv`, which has
one row per designation (entity x authority); rows that designate the same real
entity are merged so that a hit shows every authority at once.

Usage: python scripts/build_snapshot.py [CSV] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson
from anyascii import anyascii

from caspian.geo.countries import to_code
from caspian.lists.base import ListFormatError
from caspian.lists.text import read_text
from caspian.model import Entity

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CASPIAN_SHARED", REPO.parent / "shared"))
DEFAULT_CSV = SHARED / "reference" / "uav_entities.csv"
DEFAULT_OUT = REPO / "caspian" / "data" / "snapshot"
ENTITIES_FILE = "uav_entities.ftm.jsonl"
INDEX_FILE = "index.json"

SOURCE = "caspian-snapshot"
TITLE = "Caspian bundled snapshot: Iran UAV programme and Russian counterparts"
NOTE = (
    "A small snapshot written by the Caspian project from public designation facts; "
    "not an official list. Run `caspian lists update` for the official lists."
)
COLUMNS = ("name", "aliases", "country", "authority", "program", "date", "source")

# What the reference README's verification tags mean, so each note explains itself.
TAG_MEANINGS = {
    "V": "seen in a primary source",
    "V-secondary": "primary text seen through a secondary copy",
    "S": "secondary reporting only",
    "A": "project inference",
    "M": "unverified lead",
}
_TAG = re.compile(r"\[(V-secondary|[VSAM])\]")
_ANNOTATION = re.compile(r"^(.*?)\s*\((.*)\)\s*$")
_OFAC_CODES = re.compile(r"\[([A-Z0-9,\- ]+)\]")
_ENT_NUM = re.compile(r"\bent_num\s+(\d+)\b")
_IMO = re.compile(r"^IMO\s*(\d{7})$")
_WEAK_MARK = re.compile(r"\[[AM]\]")
# "alias 'Amir Khajehfard' (...) is an unverified identity match [M]" in a source column.
_UNVERIFIED_ALIAS = re.compile(r"alias '([^']+)'[^;|]*\[[AM]\]")
_UPPER_BOUND = re.compile(r"^<=\s*(\d{4}-\d{2}-\d{2})")
# A plain ISO date, or one whose only qualifier is that a finer part is unknown.
_CREATED = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s*\(exact (?:day|date) unverified\))?$")
_FULL_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_LEGAL_FORM = re.compile(
    r"\b(company|co|ltd|llc|limited|ooo|oao|ao|jsc|pjsc|sdn bhd|cv|inc|corporation|"
    r"anonim sirketi|limited sirketi|pty)\b",
    re.IGNORECASE,
)
_COMPANY_WORDS = re.compile(r"\b(company|firm|airline)\b", re.IGNORECASE)
# Trailing legal forms dropped when comparing two organisation names.
_LEGAL_SUFFIXES = frozenset({"company", "co", "llc", "ltd", "limited", "inc", "corporation"})
# Acronyms the lists use inside names for the same body ("IRGC Aerospace Force").
_EXPANSIONS = {"irgc": "islamic revolutionary guard corps"}
_SAME_AS_ABOVE = "same as above"

# Same entity, but spelled too differently for the automatic rules; each pair was
# checked by hand against the rows' own text.
MANUAL_MERGES: tuple[tuple[str, str, str], ...] = (
    (
        "GHOREISHI, Seyed Hojatollah",
        "Qureishi, Seyed Hojjatollah",
        "UK spelling; the UK row's alias is 'Ghoreishi' and the OFAC row cites the UK's "
        "'key negotiator' description",
    ),
)


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    annotation: str | None = None  # e.g. "BIS spelling"; kept in notes
    weak: bool = False  # the file marks it as an inference [A] or unverified [M]


@dataclass(frozen=True, slots=True)
class Row:
    """One designation row, cleaned but not yet interpreted."""

    line: int
    name: str
    aliases: tuple[Alias, ...]
    country: str
    authority: str
    summary: str
    date: str
    source: str  # "same as above" resolved to the row above's source

    @property
    def label(self) -> str:
        return authority_label(self)

    @property
    def imo_numbers(self) -> list[str]:
        return [m.group(1) for a in self.aliases if (m := _IMO.match(a.text))]

    @property
    def is_person(self) -> bool:
        return self.summary.startswith("(individual)")

    @property
    def is_vessel(self) -> bool:
        return bool(self.imo_numbers) or self.summary.casefold().startswith("vessel")


# -- reading -------------------------------------------------------------------------


def read_rows(path: Path) -> list[Row]:
    """Parse the reference CSV; raises ListFormatError naming the line on bad input."""
    text, _ = read_text(path)
    records = list(csv.reader(io.StringIO(text)))
    if not records or tuple(c.strip() for c in records[0]) != COLUMNS:
        raise ListFormatError(path, "unexpected header", line=1, expected=",".join(COLUMNS))
    rows: list[Row] = []
    for line, fields in enumerate(records[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        previous = rows[-1].source if rows else None
        rows.append(parse_row(path, line, fields, previous))
    if not rows:
        raise ListFormatError(path, "no rows", expected="designation rows")
    return rows


def parse_row(path: Path, line: int, fields: list[str], previous_source: str | None) -> Row:
    if len(fields) < len(COLUMNS):
        raise ListFormatError(
            path, f"{len(fields)} fields", line=line, expected=f"{len(COLUMNS)} fields"
        )
    # An unquoted comma can only sit in the free-text program column: rejoin it there.
    extra = len(fields) - len(COLUMNS)
    name, aliases, country, authority = (f.strip() for f in fields[:4])
    summary = ",".join(fields[4 : 5 + extra]).strip()
    date, source = (f.strip() for f in fields[5 + extra :])
    if not name or not authority:
        raise ListFormatError(path, "empty name or authority", line=line)
    if source.casefold().startswith(_SAME_AS_ABOVE):
        if previous_source is None:
            raise ListFormatError(path, "'same as above' on the first row", line=line)
        source = resolve_same_as_above(source, previous_source)
    if (created := _CREATED.match(date)) and not is_real_date(created.group(1)):
        raise ListFormatError(path, f"not a real date: {date!r}", line=line, expected="YYYY-MM-DD")
    row = Row(line, name, parse_aliases(aliases, source), country, authority, summary, date, source)
    try:
        authority_label(row)  # fail early on an authority this script does not know
    except ValueError as exc:
        raise ListFormatError(path, str(exc), line=line) from None
    return row


def is_real_date(value: str) -> bool:
    """'2024-02-30' and '2024-13' are not dates."""
    try:
        dt.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def parse_aliases(text: str, source: str = "") -> tuple[Alias, ...]:
    """';'-separated aliases; '(note)' after an alias is its annotation."""
    unverified = {token_set(a) for a in _UNVERIFIED_ALIAS.findall(source)}
    aliases: list[Alias] = []
    for part in split_outside_parentheses(text, ";"):
        part = " ".join(part.split())
        match = _ANNOTATION.match(part)
        text, note = (match.group(1), match.group(2)) if match and match.group(1) else (part, None)
        if text:
            weak = bool(note and _WEAK_MARK.search(note)) or token_set(text) in unverified
            aliases.append(Alias(text, note, weak))
    return tuple(aliases)


def split_outside_parentheses(text: str, sep: str) -> list[str]:
    """'Mado (engine brand; inferred);OPMN' -> ['Mado (engine brand; inferred)', 'OPMN']."""
    parts: list[str] = []
    depth = start = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == sep and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def token_set(text: str) -> frozenset[str]:
    """Word set of a name, so 'Khajehfard, Amir' equals 'Amir Khajehfard'."""
    return frozenset(fold(text).split())


def resolve_same_as_above(source: str, previous: str) -> str:
    """'same as above [S]; X' -> the row above's source, plus '; X'."""
    rest = source[len(_SAME_AS_ABOVE) :].strip()
    tag = _TAG.match(rest)
    if tag and previous.endswith(tag.group(0)):
        rest = rest[tag.end() :].strip()  # the row above already carries this tag
    if not rest:
        return previous
    return previous + rest if rest.startswith(";") else f"{previous} {rest}"


# -- interpreting ----------------------------------------------------------------------


def authority_label(row: Row) -> str:
    """A short, consistent program label for the designating authority."""
    authority = row.authority
    if authority.startswith("US OFAC"):
        return "OFAC SDN"
    if authority.startswith("US BIS Entity List"):
        return "BIS Entity List"
    for label in ("EU", "UK"):
        if authority == label or authority.startswith(label + " "):
            return label
    raise ValueError(f"unknown authority {authority!r}")


def ofac_codes(row: Row) -> list[str]:
    if row.label != "OFAC SDN":
        return []
    match = _OFAC_CODES.search(row.authority)
    return [c.strip() for c in match.group(1).split(",") if c.strip()] if match else []


def ent_num(row: Row) -> str | None:
    match = _ENT_NUM.search(row.authority) if row.label == "OFAC SDN" else None
    return match.group(1) if match else None


def countries(row: Row) -> list[str]:
    """ISO codes of the country column ('China / Hong Kong' gives both)."""
    codes = [to_code(part) for part in row.country.split("/")]
    return [c for c in codes if c]


def earliest_date(rows: Sequence[Row]) -> str | None:
    """createdAt: the earliest real date, unless a row says it was listed even earlier.

    A row dated "<=2021-08-18" was listed on an unknown day before that bound; a later
    date from another authority would then be a wrong designation date, so none is given.
    """
    dates = [d for d in map(created_at, rows) if d]
    bounds = [m.group(1) for r in rows if (m := _UPPER_BOUND.match(r.date))]
    if not dates or (bounds and min(bounds) < min(dates)):
        return None
    return min(dates)


def created_at(row: Row) -> str | None:
    """The designation date when it is a real ISO date; qualified dates stay in notes."""
    match = _CREATED.match(row.date)
    return match.group(1) if match else None


def verification(row: Row) -> str:
    tags = list(dict.fromkeys(_TAG.findall(row.source)))
    if not tags:
        return "verification: none given"
    return "verification: " + ", ".join(f"[{t}] {TAG_MEANINGS[t]}" for t in tags)


def designation_note(row: Row) -> str:
    """Everything one row says, so a reviewer sees where each fact comes from."""
    parts = [
        row.authority,
        f"date: {row.date or 'not given'}",
        f"summary (Caspian): {row.summary}" if row.summary else "",
        f"source: {row.source}",
        verification(row),
    ]
    return " | ".join(p for p in parts if p)


def schema(rows: Sequence[Row]) -> str:
    if any(r.is_vessel for r in rows):
        return "Vessel"
    if any(r.is_person for r in rows):
        return "Person"
    says_company = any(_LEGAL_FORM.search(r.name) or _COMPANY_WORDS.search(r.summary) for r in rows)
    return "Company" if says_company else "Organization"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")


# -- merging ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case and punctuation folded; what makes two spellings the same string."""
    return " ".join(re.sub(r"[^\w]+", " ", anyascii(text).casefold()).split())


def norm(text: str) -> str:
    return " ".join(_EXPANSIONS.get(tok, tok) for tok in fold(text).split())


def name_keys(row: Row) -> set[str]:
    key = norm(row.name)
    keys = {key}
    if not row.is_person:
        tokens = key.split()
        while len(tokens) > 2 and tokens[-1] in _LEGAL_SUFFIXES:
            tokens.pop()
        keys.add(" ".join(tokens))
    return keys


def alias_keys(row: Row) -> set[str]:
    return {norm(a.text) for a in row.aliases if not _IMO.match(a.text)}


def kind(row: Row) -> str:
    return "vessel" if row.is_vessel else "person" if row.is_person else "organisation"


def same_entity(a: Row, b: Row) -> str | None:
    """Why two rows designate the same entity, or None. Deliberately strict."""
    if kind(a) != kind(b):
        return None
    ca, cb = set(countries(a)), set(countries(b))
    if ca and cb and not ca & cb:
        return None
    if set(a.imo_numbers) & set(b.imo_numbers):
        return "same IMO number"
    if norm(a.name) == norm(b.name):
        return "same name"
    if name_keys(a) & name_keys(b):
        return "same name apart from a trailing legal form"
    if norm(a.name) in alias_keys(b) or norm(b.name) in alias_keys(a):
        return "name is the other row's alias"
    for first, second, reason in MANUAL_MERGES:
        if {a.name, b.name} == {first, second}:
            return f"manual: {reason}"
    return None


def group_rows(rows: Sequence[Row]) -> tuple[list[list[Row]], list[str]]:
    """Rows per real entity, in file order, and a log line per merge."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    log: list[str] = []
    for j, b in enumerate(rows):
        for i in range(j):
            reason = same_entity(rows[i], b)
            if reason and root(i) != root(j):
                parent[root(j)] = root(i)
                log.append(
                    f"line {b.line} {b.name!r} ({b.label}) + line {rows[i].line} "
                    f"{rows[i].name!r} ({rows[i].label}): {reason}"
                )
    check_manual_merges(rows)
    groups: dict[int, list[Row]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(root(i), []).append(row)
    return list(groups.values()), log


def check_manual_merges(rows: Sequence[Row]) -> None:
    names = {r.name for r in rows}
    for first, second, _ in MANUAL_MERGES:
        missing = {first, second} - names
        if missing:
            raise ValueError(f"MANUAL_MERGES names not in the file: {sorted(missing)}")


# -- building --------------------------------------------------------------------------


def primary(rows: Sequence[Row]) -> Row:
    """The OFAC row names the entity when there is one (its names are verified)."""
    ofac = [r for r in rows if r.label == "OFAC SDN"]
    return next((r for r in ofac if ent_num(r)), ofac[0] if ofac else rows[0])


def build_entity(rows: Sequence[Row], as_of: str) -> Entity:
    main = primary(rows)
    key = slug(main.name)
    entity = Entity(
        id=f"caspian-{key}",
        schema=schema(rows),
        source=SOURCE,
        source_id=key,
        datasets=[SOURCE],
        last_change=as_of,
    )
    rows = [main, *(r for r in rows if r is not main)]
    entity.add("name", main.name)
    add_names(entity, rows)
    for row in rows:
        entity.add_all("country", countries(row))
        entity.add_all("imoNumber", row.imo_numbers)
        entity.add("program", row.label)
        entity.add_all("program", ofac_codes(row))
    entity.add("createdAt", earliest_date(rows))
    add_notes(entity, rows)
    return entity


def add_names(entity: Entity, rows: Sequence[Row]) -> None:
    """Other rows' names and all aliases; inferred ([A]/[M]) spellings are weak aliases."""
    seen = {fold(n) for n in entity.get("name")}
    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    for row in rows:
        for alias in (Alias(row.name), *row.aliases):
            if not _IMO.match(alias.text) and fold(alias.text) not in seen:
                (weak if alias.weak else strong).setdefault(fold(alias.text), alias.text)
    entity.add_all("alias", strong.values())
    entity.add_all("weakAlias", (t for k, t in weak.items() if k not in strong))


def add_notes(entity: Entity, rows: Sequence[Row]) -> None:
    for row in rows:
        if num := ent_num(row):
            entity.add("notes", f"OFAC ent_num {num}")
    for row in rows:
        entity.add("notes", designation_note(row))
    for row in rows:
        for alias in row.aliases:
            if alias.annotation:
                entity.add("notes", f"Alias '{alias.text}': {alias.annotation}")
        if row.country and not is_plain_country(row):
            entity.add("notes", f"Country as given: {row.country}")


def is_plain_country(row: Row) -> bool:
    """True when the country column is just resolvable names, with no qualifier."""
    return "(" not in row.country and len(countries(row)) == len(row.country.split("/"))


def snapshot_date(rows: Iterable[Row]) -> str:
    """The latest full ISO date in the date column: no designation in the file is later."""
    dates: list[str] = [d for r in rows for d in _FULL_DATE.findall(r.date)]
    if not dates:
        raise ValueError("no full ISO date in the date column")
    return max(dates)


def build(rows: Sequence[Row]) -> tuple[list[Entity], list[str]]:
    """Entities in file order (by each entity's first row), and the merge log."""
    as_of = snapshot_date(rows)
    groups, log = group_rows(rows)
    entities = [build_entity(g, as_of) for g in groups]
    ids = [e.id for e in entities]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"entity ids collide: {duplicates}")
    return entities, log


def sources_summary(rows: Sequence[Row]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.label] = counts.get(row.label, 0) + 1
    with_num = sum(1 for r in rows if ent_num(r))
    parts = [f"{label}: {n} rows" for label, n in counts.items()]
    return (
        f"{len(rows)} designation rows ({'; '.join(parts)}). {with_num} OFAC rows were read "
        "from OFAC's sdn.csv (daily git-scrape, 2021-08-18 to 2024-05-03) [V]; OFAC vessel "
        "rows (2024-09-10 action), BIS, EU and UK rows come from secondary reporting of "
        "official releases [S]; countries of OFAC rows are inferred from SDN registration "
        "numbers [A]. Each entity's notes give every row's authority, date, source and "
        "verification tag."
    )


def index(rows: Sequence[Row], entities: Sequence[Entity], csv_path: Path) -> dict[str, object]:
    return {
        "source": SOURCE,
        "title": TITLE,
        "as_of": snapshot_date(rows),
        "entity_count": len(entities),
        "built_from": f"shared/reference/{csv_path.name}",
        "sources": sources_summary(rows),
        "note": NOTE,
    }


def write_snapshot(csv_path: Path, out_dir: Path) -> tuple[list[Entity], list[str]]:
    """Read the CSV and write both snapshot files; returns the entities and merge log."""
    rows = read_rows(csv_path)
    entities, log = build(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = b"".join(e.to_json() + b"\n" for e in entities)
    (out_dir / ENTITIES_FILE).write_bytes(lines)
    meta = orjson.dumps(index(rows, entities, csv_path), option=orjson.OPT_INDENT_2)
    (out_dir / INDEX_FILE).write_bytes(meta + b"\n")
    return entities, log


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        entities, log = write_snapshot(args.csv, args.out)
    except ValueError as exc:  # ListFormatError included
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"merged ({len(log)}):")
    for line in log:
        print(f"  {line}")
    print(f"wrote {len(entities)} entities to {args.out / ENTITIES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
