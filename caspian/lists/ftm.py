"""FollowTheMoney (FtM) JSON lines, as OpenSanctions and yente publish them: in and out.

Only screenable schemas (people, organisations, vessels, aircraft) become entities. The
other records of an FtM export are folded into them so that a screener sees what it needs
on the listed entity itself, as OpenSanctions' own flat exports do:

- Sanction: `program`/`programId` -> program, `listingDate` (else `startDate`) -> createdAt,
  authority, reason, provisions and end date -> one note;
- Address: the entity's `addressEntity` -> the Address's `full` text and country;
- Passport / Identification: `holder` -> passportNumber / idNumber, issuing country;
- relationship records (Ownership, Directorship, Family, ...): a "Linked To: <other side>
  (<schema>: <role>)" note on each side when both sides are in the file.

The list key of a file is the most common dataset among its screenable entities (ties: the
alphabetically first), unless the caller names it; each entity keeps its own datasets and
its `source` is its first dataset.

Dates are ISO prefixes; a date property holding a day that does not exist (1960-02-31)
loses that value (kept in notes, with a warning naming the line).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from caspian.dates import parse_iso
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits, over
from caspian.lists.text import file_date, read_lines
from caspian.model import PROPERTY_TYPES, SCREENABLE_SCHEMAS, Entity, PropType

FORMAT = "ftm"
DEFAULT_SOURCE = "ftm"

# Relationship schemas and their two ends.
LINK_ENDS: dict[str, tuple[str, str]] = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Membership": ("member", "organization"),
    "Employment": ("employee", "employer"),
    "Representation": ("agent", "client"),
    "Succession": ("predecessor", "successor"),
    "UnknownLink": ("subject", "object"),
}
LINK_ROLES = ("role", "relationship")
ID_SCHEMAS = {"Passport": "passportNumber", "Identification": "idNumber"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
DATE_PROPS = tuple(p for p, t in PROPERTY_TYPES.items() if t is PropType.DATE)
# Top-level fields that must be lists of strings when present.
LIST_FIELDS = ("datasets", "referents")

Record = dict[str, Any]


@dataclass
class _Folding:
    """Where each record can be found, and what folding did (for the summary warning)."""

    entities: dict[str, Entity] = field(default_factory=dict)  # by id and referent
    captions: dict[str, str] = field(default_factory=dict)
    addresses: dict[str, Record] = field(default_factory=dict)  # by id and referent
    folded: Counter[str] = field(default_factory=Counter)
    ignored: Counter[str] = field(default_factory=Counter)
    missing_refs: int = 0

    def find(self, ref: str) -> Entity | None:
        entity = self.entities.get(ref)
        if entity is None:
            self.missing_refs += 1
        return entity


def _props(record: Record) -> Mapping[str, list[str]]:
    props = record.get("properties")
    return props if isinstance(props, Mapping) else {}


def _values(record: Record, prop: str) -> list[str]:
    values = _props(record).get(prop, [])
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, str) and v.strip()]


def _refs(record: Record) -> list[str]:
    refs = record.get("referents")
    ids = [record["id"]]
    if isinstance(refs, list):
        ids.extend(r for r in refs if isinstance(r, str) and r)
    return ids


# -- parsing --------------------------------------------------------------------------


def _real_date(value: str) -> bool:
    """An ISO date (a prefix, or with a time) of a day that exists."""
    found = parse_iso(value)
    return found is not None and value.startswith(found)


def _parse(path: Path, lines: Iterator[str], limits: ListLimits) -> list[tuple[int, Record]]:
    records: list[tuple[int, Record]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(records) >= limits.max_records:
            raise ListFormatError(
                path,
                over(f"more than {limits.max_records:,} records", limits.max_records),
                line=number,
            )
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ListFormatError(
                path,
                f"not valid JSON ({exc})",
                line=number,
                expected="one FollowTheMoney JSON object per line (a truncated file?)",
            ) from None
        if not isinstance(data, dict):
            raise ListFormatError(
                path,
                f"a JSON {type(data).__name__}, not an object",
                line=number,
                expected="one FollowTheMoney JSON object per line",
            )
        for key in ("id", "schema"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise ListFormatError(
                    path,
                    f"object without a string {key!r}",
                    line=number,
                    expected='FtM entity objects with "id", "schema" and "properties"',
                )
        for key in LIST_FIELDS:
            value = data.get(key)
            if value is not None and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                raise ListFormatError(
                    path,
                    f"{key!r} is not a list of strings",
                    line=number,
                    record=data["id"],
                    expected=f'"{key}": ["..."]',
                )
        records.append((number, data))
    if not records:
        raise ListFormatError(path, "no JSON objects in the file", expected="FtM entities")
    return records


def _check_dates(entity: Entity, path: Path, line: int, warnings: list[str]) -> None:
    """Drop date values of days that do not exist; they stay in notes, as written."""
    for prop in DATE_PROPS:
        values = entity.properties.get(prop)
        bad = [v for v in values or () if not _real_date(v)]
        if not bad:
            continue
        kept = [v for v in entity.properties[prop] if v not in bad]
        if kept:
            entity.properties[prop] = kept
        else:
            del entity.properties[prop]
        for value in bad:
            entity.add("notes", f"{prop} (not a real date, as written): {value}")
            warnings.append(f"{path}:{line}: {prop} {value!r} is not a real date; not stored")


def _entities(
    path: Path, records: list[tuple[int, Record]], state: _Folding, warnings: list[str]
) -> list[Entity]:
    entities: list[Entity] = []
    for number, data in records:
        if data["schema"] not in SCREENABLE_SCHEMAS:
            if data["schema"] == "Address":
                for ref in _refs(data):
                    state.addresses.setdefault(ref, data)
            continue
        try:
            entity = Entity.from_ftm(data)
        except ValueError as exc:
            raise ListFormatError(
                path,
                str(exc),
                line=number,
                record=data["id"],
                expected="FtM properties as lists of strings",
            ) from None
        _check_dates(entity, path, number, warnings)
        if entity.id in state.entities:
            _merge(state.entities[entity.id], entity)
            state.folded["duplicate " + entity.schema] += 1
            continue
        caption = data.get("caption")
        for ref in _refs(data):
            state.entities.setdefault(ref, entity)
            state.captions.setdefault(ref, caption if isinstance(caption, str) else "")
        entities.append(entity)
    return entities


def _merge(into: Entity, other: Entity) -> None:
    into.add_properties(other)
    into.datasets.extend(d for d in other.datasets if d not in into.datasets)


# -- folding the other records into entities ----------------------------------------------


def _fold_sanction(record: Record, state: _Folding) -> bool:
    targets = [e for ref in _values(record, "entity") if (e := state.find(ref))]
    if not targets:
        return False
    dates = _values(record, "listingDate") or _values(record, "startDate")
    dates = [d for d in dates if _real_date(d)]
    note = "; ".join(
        part
        for part in (
            ", ".join(_values(record, "authority")),
            ", ".join(_values(record, "reason")),
            ", ".join(_values(record, "provisions")),
            ", ".join(f"ends {d}" for d in _values(record, "endDate")),
        )
        if part
    )
    for entity in targets:
        entity.add_all("program", _values(record, "program") + _values(record, "programId"))
        entity.add_all("createdAt", dates)
        if note:
            entity.add("notes", f"Sanction: {note}")
    return True


def _fold_identification(record: Record, state: _Folding) -> bool:
    holders = [e for ref in _values(record, "holder") if (e := state.find(ref))]
    for entity in holders:
        entity.add_all(ID_SCHEMAS[record["schema"]], _values(record, "number"))
        entity.add_all("country", _values(record, "country"))
    return bool(holders)


def _caption(state: _Folding, ref: str, entity: Entity) -> str:
    return state.captions.get(ref) or entity.caption


def _fold_link(record: Record, state: _Folding) -> bool:
    first, second = LINK_ENDS[record["schema"]]
    role = ", ".join(v for prop in LINK_ROLES for v in _values(record, prop))
    label = f"{record['schema']}: {role}" if role else record["schema"]
    linked = False
    for ref_a in _values(record, first):
        for ref_b in _values(record, second):
            a, b = state.find(ref_a), state.find(ref_b)
            if a is None or b is None:
                continue
            a.add("notes", f"Linked To: {_caption(state, ref_b, b)} ({label})")
            b.add("notes", f"Linked To: {_caption(state, ref_a, a)} ({label})")
            linked = True
    return linked


def _fold_addresses(entities: list[Entity], state: _Folding) -> None:
    used: set[str] = set()
    for entity in entities:
        for ref in entity.get("addressEntity"):
            address = state.addresses.get(ref)
            if address is None:
                state.missing_refs += 1
                continue
            entity.add_all("address", _values(address, "full"))
            entity.add_all("country", _values(address, "country"))
            used.add(address["id"])
    state.folded["Address"] += len(used)
    unused = {a["id"] for a in state.addresses.values()} - used
    state.ignored["Address (not referenced)"] += len(unused)


def _fold(records: list[tuple[int, Record]], entities: list[Entity], state: _Folding) -> None:
    for _number, record in records:
        schema = record["schema"]
        if schema in SCREENABLE_SCHEMAS or schema == "Address":
            continue
        if schema == "Sanction":
            done = _fold_sanction(record, state)
        elif schema in ID_SCHEMAS:
            done = _fold_identification(record, state)
        elif schema in LINK_ENDS:
            done = _fold_link(record, state)
        else:
            state.ignored[schema] += 1
            continue
        if done:
            state.folded[schema] += 1
        else:
            state.ignored[f"{schema} (unlinked)"] += 1
    _fold_addresses(entities, state)


def _summary(state: _Folding, count: int) -> str | None:
    def listing(counter: Counter[str]) -> str:
        return ", ".join(f"{k} {n}" for k, n in counter.most_common() if n)

    parts = []
    if sum(state.folded.values()):
        parts.append(
            f"folded {sum(state.folded.values())} records into the {count} entities "
            f"({listing(state.folded)})"
        )
    if sum(state.ignored.values()):
        parts.append(f"ignored {sum(state.ignored.values())} records ({listing(state.ignored)})")
    if state.missing_refs:
        parts.append(f"{state.missing_refs} references to records not in the file")
    return "; ".join(parts) if parts else None


# -- the list ----------------------------------------------------------------------------


def list_source(entities: Iterable[Entity]) -> str:
    """The most common dataset among the entities (ties: alphabetical), or 'ftm'."""
    counts = Counter(d for e in entities for d in e.datasets)
    if not counts:
        return DEFAULT_SOURCE
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _published(records: list[tuple[int, Record]]) -> str | None:
    for key in ("last_change", "first_seen"):
        days = [
            value[:10]
            for _n, r in records
            if isinstance(value := r.get(key), str)
            and _ISO_DAY.match(value)
            and parse_iso(value) == value[:10]
        ]
        if days:
            return max(days)
    return None


def read(
    path: Path | str, *, source: str | None = None, limits: ListLimits = DEFAULT_LIMITS
) -> ListData:
    """Read an FtM JSON-lines file; `source` overrides the list key."""
    path = Path(path)
    records = _parse(path, read_lines(path, limits=limits), limits)
    state = _Folding()
    date_warnings: list[str] = []
    entities = _entities(path, records, state, date_warnings)
    if not entities:
        schemas = ", ".join(f"{k} {n}" for k, n in Counter(r["schema"] for _, r in records).items())
        raise ListFormatError(
            path,
            f"no screenable entities (only {schemas})",
            expected="Person, Organization, Company, LegalEntity, PublicBody, Vessel or Airplane",
        )
    _fold(records, entities, state)
    warnings = [*date_warnings, *(w for w in (_summary(state, len(entities)),) if w)]
    published, published_from = _published(records), "file"
    if published is None:
        published, published_from = file_date(path), "mtime"
        warnings.append(
            f"no last_change or first_seen in the file; using the file time {published}"
        )
    key = source or list_source(entities)
    return ListData(
        source=key,
        format=FORMAT,
        title=f"FollowTheMoney entities ({key})",
        entities=entities,
        files=[path],
        published=published,
        published_from=published_from,
        warnings=warnings,
    )


def write_entities(entities: Iterable[Entity], fh: BinaryIO) -> int:
    """Write entities as FtM JSON lines; returns how many were written."""
    count = 0
    for entity in entities:
        fh.write(orjson.dumps(entity.to_ftm()) + b"\n")
        count += 1
    return count
