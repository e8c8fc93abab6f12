"""OFAC's classic XML (SDN.XML and CONSOLIDATED.XML, root `<sdnList>`).

The current namespace (https://sanctionslistservice.ofac.treas.gov/.../exports/XML), the
old `http://tempuri.org/sdnList.xsd` one and namespace-less copies all read the same
(see `xml_stream`); identifier and feature types become FtM properties as in every OFAC
format (see `ofac_fields`).
"""

from __future__ import annotations

import re
from pathlib import Path

from caspian.dates import parse_dates
from caspian.geo.countries import to_code
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits
from caspian.lists.ofac_fields import (
    DAY_FIRST,
    SCHEMAS,
    TITLES,
    add_country,
    add_dates,
    add_detail,
    note_text,
)
from caspian.lists.xml_stream import (
    Element,
    check_root,
    child_text,
    children,
    fields,
    iter_elements,
    line_of,
    local,
    text,
)
from caspian.model import Entity, slug_id

FORMAT = "ofac-xml"
ROOT = "sdnList"
EXPECTED = "an OFAC classic XML list (SDN.XML or CONSOLIDATED.XML, root <sdnList>)"

ADDRESS_PARTS = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode")
NON_SDN_PROGRAMS = re.compile(r"^(NS-PLC|FSE-|CMIC-|NS-MBS|CAPTA|561-Related)", re.I)
NON_SDN_ID_TYPES = re.compile(
    r"^(Executive Order \d+ Directive|Listing Date \(|Effective Date \()", re.I
)
VESSEL_FIELDS = {
    "callSign": "Vessel Call Sign",
    "vesselType": "Vessel Type",
    "vesselFlag": "Vessel Flag",
    "vesselOwner": "Vessel Owner",
    "tonnage": "Vessel Tonnage",
    "grossRegisteredTonnage": "Vessel Gross Registered Tonnage",
}


def source_from_name(path: Path) -> str | None:
    """List key from the file name: 'cons' (CONSOLIDATED.XML) or 'sdn' (SDN.XML)."""
    name = path.name.lower()
    if "cons" in name:
        return "ofac-cons"
    if "sdn" in name:
        return "ofac-sdn"
    return None


def full_name(last: str | None, first: str | None) -> str | None:
    """OFAC writes people as 'LAST, First' and entities as the last name alone."""
    if last and first:
        return f"{last}, {first}"
    return last or first


def _aka_prop(aka: dict[str, str]) -> str:
    kind = aka.get("type", "").lower()
    if kind.startswith("f.k.a"):
        return "previousName"
    if aka.get("category", "").lower() == "weak":
        return "weakAlias"
    return "alias"


def _add_address(entity: Entity, addr: dict[str, str]) -> None:
    parts = [addr[p] for p in ADDRESS_PARTS if p in addr]
    country = addr.get("country")
    code = to_code(country)
    if code:
        entity.add("country", code)
    if parts:
        entity.add("address", ", ".join([*parts, country] if country else parts))
    elif country and not code:
        entity.add("address", country)  # "Region: Gaza": a place, not a country


def _add_list_countries(entity: Entity, elem: Element, prop: str, kind: str) -> None:
    for item in children(elem):
        value = child_text(item, "country")
        if value:
            add_country(entity, prop, kind, value, None)


def _add_ids(entity: Entity, elem: Element) -> bool:
    """Add an <idList>; True when an id type marks a non-SDN list (SSI, MBS, CMIC)."""
    non_sdn = False
    for item in children(elem, "id"):
        f = fields(item)
        kind, number = f.get("idType"), f.get("idNumber")
        if not kind or not number:
            continue
        non_sdn = non_sdn or bool(NON_SDN_ID_TYPES.match(kind))
        bits = [
            f"issued {f['issueDate']}" if "issueDate" in f else "",
            f"expires {f['expirationDate']}" if "expirationDate" in f else "",
        ]
        add_detail(entity, kind, number, country=f.get("idCountry"), bits=bits)
    return non_sdn


def _add_vessel(entity: Entity, elem: Element) -> None:
    for name, value in fields(elem).items():
        add_detail(entity, VESSEL_FIELDS.get(name, name), value)


def _entry_names(path: Path, entity: Entity, f: dict[str, str], line: int | None) -> None:
    name = full_name(f.get("lastName"), f.get("firstName"))
    if not name:
        raise ListFormatError(
            path,
            "<sdnEntry> without a name",
            line=line,
            record=entity.source_id,
            expected="a <lastName>",
        )
    entity.add("name", name)
    if entity.schema == "Person":
        entity.add("firstName", f.get("firstName"))
        entity.add("lastName", f.get("lastName"))


def _add_section(entity: Entity, name: str, elem: Element) -> bool:
    """Add one list section of an entry; True when it marks a non-SDN list entry."""
    if name == "programList":
        programs = [p for p in (text(x) for x in children(elem, "program")) if p]
        entity.add_all("program", programs)
        return any(NON_SDN_PROGRAMS.match(p) for p in programs)
    if name == "idList":
        return _add_ids(entity, elem)
    if name == "akaList":
        for aka in children(elem, "aka"):
            a = fields(aka)
            entity.add(_aka_prop(a), full_name(a.get("lastName"), a.get("firstName")))
    elif name == "addressList":
        for addr in children(elem, "address"):
            _add_address(entity, fields(addr))
    elif name == "dateOfBirthList":
        for item in children(elem):
            value = child_text(item, "dateOfBirth")
            if value:
                add_dates(entity, "birthDate", "DOB", value, ())
    elif name == "placeOfBirthList":
        for item in children(elem):
            entity.add("birthPlace", child_text(item, "placeOfBirth"))
    elif name == "nationalityList":
        _add_list_countries(entity, elem, "nationality", "Nationality")
    elif name == "citizenshipList":
        _add_list_countries(entity, elem, "citizenship", "Citizenship")
    elif name == "vesselInfo":
        _add_vessel(entity, elem)
    return False


def read_entry(path: Path, elem: Element) -> tuple[Entity, bool]:
    """One <sdnEntry> as an entity (id and source set later), and whether it is non-SDN."""
    f = fields(elem)
    uid = f.get("uid")
    if not uid:
        raise ListFormatError(
            path, "<sdnEntry> without <uid>", line=line_of(elem), expected="a <uid>"
        )
    kind = f.get("sdnType", "")
    entity = Entity(
        id="", schema=SCHEMAS.get(kind.lower(), "Organization"), source="", source_id=uid
    )
    _entry_names(path, entity, f, line_of(elem))
    if kind and kind.lower() not in SCHEMAS:
        entity.add("notes", note_text("Type", kind))
    entity.add("title", f.get("title"))
    entity.add("notes", f.get("remarks"))
    non_sdn = False
    for sub in children(elem):
        non_sdn = _add_section(entity, local(sub.tag), sub) or non_sdn
    return entity, non_sdn


def _publication(elem: Element) -> tuple[str | None, int | None]:
    f = fields(elem)
    # "05/06/2024" is 6 May 2024: OFAC writes month first.
    published = next(iter(parse_dates(f.get("Publish_Date"), day_first=DAY_FIRST)), None)
    count = f.get("Record_Count", "")
    # isdigit() alone would let through digits int() refuses ("²")
    return published, int(count) if count.isascii() and count.isdigit() else None


def decide_source(path: Path, non_sdn: list[bool]) -> tuple[str, str | None]:
    """List key: from the file name first, else from the entries themselves.

    SDN.XML and CONSOLIDATED.XML share the schema and say nothing about which list they
    are, so: a name containing "cons" is the consolidated (non-SDN) list, "sdn" the SDN
    list; failing that, a file where most entries carry a non-SDN program (NS-PLC, FSE-*,
    CMIC-*, NS-MBS, CAPTA, 561-Related) or SSI/MBS/CMIC directive information is the
    consolidated list, anything else the SDN list (a few SDN entries are also on SSI, so
    "most", not "all"). Returns (key, warning or None).
    """
    by_name = source_from_name(path)
    if by_name:
        return by_name, None
    source = "ofac-cons" if sum(non_sdn) * 2 > len(non_sdn) else "ofac-sdn"
    return source, (
        f"{path.name}: list told from the entries (file name has neither 'sdn' nor 'cons'): "
        f"{source}"
    )


def read(path: Path, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read SDN.XML or CONSOLIDATED.XML."""
    path = Path(path)
    namespace = check_root(path, ROOT, EXPECTED, limits=limits)
    published: str | None = None
    declared: int | None = None
    records: list[tuple[Entity, bool]] = []
    warnings: list[str] = []
    seen: set[str] = set()
    tags = ("publshInformation", "publishInformation", "sdnEntry")
    for name, elem in iter_elements(path, namespace, tags, EXPECTED, limits=limits):
        if name != "sdnEntry":
            published, declared = _publication(elem)
            continue
        entity, non_sdn = read_entry(path, elem)
        if entity.source_id in seen:
            warnings.append(f"line {line_of(elem)}: duplicate uid {entity.source_id} skipped")
            continue
        seen.add(entity.source_id)
        records.append((entity, non_sdn))
    if not records:
        raise ListFormatError(path, "no <sdnEntry> records", expected=EXPECTED)
    if declared is not None and declared != len(records):
        warnings.append(
            f"{path.name}: Record_Count says {declared} entries, the file has {len(records)}"
        )
    source, note = decide_source(path, [n for _, n in records])
    if note:
        warnings.append(note)
    entities = [e for e, _ in records]
    for entity in entities:
        entity.source = source
        entity.id = slug_id(source, entity.source_id)
    return ListData(
        source=source,
        format=FORMAT,
        title=TITLES[source],
        entities=entities,
        files=[path],
        published=published,
        published_from="file",
        warnings=warnings,
    )
