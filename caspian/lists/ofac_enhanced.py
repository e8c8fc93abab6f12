"""OFAC Sanctions List Service ENHANCED_XML (SDN_ENHANCED.XML and custom exports).

Root `<sanctionsData>`. Each `<entity>` is self-contained (names with their script
translations, addresses, features, identity documents, relationships); reference values
(countries with ISO codes, ...) are listed once by `refId`.

SDN_ENHANCED.XML loads as `ofac-sdn` and CONS_ENHANCED.XML as `ofac-cons`, told from the
export's list filter. The SLS web UI also exports program-filtered subsets across all
OFAC lists; those get their own list key (e.g. `ofac-sls-irgc`) so a subset never
replaces a full list. Entity ids stay `ofac-sdn-<id>` / `ofac-cons-<id>`: the OFAC entity
number, so the same record gets the same Caspian id as in the CSV and the other XML
formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from caspian.dates import iso, parse_dates
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits
from caspian.lists.ofac_fields import (
    ADDRESS_ORDER,
    DAY_FIRST,
    SCHEMAS,
    SDN_LIST,
    TITLES,
    add_detail,
    clean_name,
    ensure_name,
    iso_tuple,
    note_text,
    period_dates,
)
from caspian.lists.xml_stream import (
    Element,
    check_root,
    child,
    child_text,
    children,
    iter_elements,
    line_of,
    local,
    text,
)
from caspian.model import Entity, slug_id

FORMAT = "ofac-enhanced-xml"
ROOT = "sanctionsData"
EXPECTED = "an OFAC Sanctions List Service ENHANCED_XML file (root <sanctionsData>)"
TAGS = ("publicationInfo", "referenceValues", "entity")
CONSOLIDATED_LIST = "Consolidated List"  # the list name of CONS_ENHANCED.XML's filter


@dataclass
class Publication:
    """publicationInfo: the data date and the export's filters."""

    published: str | None = None
    lists: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Record:
    entity: Entity
    lists: list[str]
    links: list[tuple[str, str, str]]  # (related entity id, its name, relationship type)


def read_publication(elem: Element) -> Publication:
    info = Publication()
    day = iso_tuple(child_text(elem, "dataAsOf"))
    info.published = iso(*day) if day else None
    filters = child(elem, "filters")
    if filters is not None:
        for group, target in (("sanctionsLists", info.lists), ("sanctionsPrograms", info.programs)):
            section = child(filters, group)
            if section is not None:
                target.extend(v for v in (text(x) for x in children(section)) if v)
    return info


def read_refs(elem: Element) -> dict[str, str]:
    """refId -> ISO code (lower case), for the COUNTRY reference values."""
    codes: dict[str, str] = {}
    for ref in children(elem, "referenceValue"):
        code = child_text(ref, "isoCode")
        if code and ref.get("refId"):
            codes[ref.get("refId") or ""] = code.lower()
    return codes


def _date_value(elem: Element | None) -> list[str]:
    if elem is None:
        return []
    start = iso_tuple(child_text(elem, "fromDateBegin"))
    end = iso_tuple(child_text(elem, "toDateEnd"))
    return period_dates(start, end)


def _is_latin(translation: Element) -> bool:
    script = child_text(translation, "script")
    return script is None or script.lower() == "latin"


def _name_prop(name: Element, translation: Element) -> str:
    latin = _is_latin(translation)
    primary = child_text(name, "isPrimary") == "true"
    if primary and latin and child_text(translation, "isPrimary") == "true":
        return "name"
    alias_type = (child_text(name, "aliasType") or "").upper()
    if alias_type.startswith("F.K.A"):
        return "previousName"
    if child_text(name, "isLowQuality") == "true" and latin:
        return "weakAlias"
    return "alias"


def add_names(entity: Entity, elem: Element) -> None:
    for name in children(elem, "name"):
        translations = child(name, "translations")
        if translations is None:
            continue
        for translation in children(translations, "translation"):
            full = clean_name(child_text(translation, "formattedFullName"))
            prop = _name_prop(name, translation)
            entity.add(prop, full)
            if prop == "name" and entity.schema == "Person":
                entity.add("firstName", child_text(translation, "formattedFirstName"))
                entity.add("lastName", child_text(translation, "formattedLastName"))


def _address_text(translation: Element, country: str | None) -> str | None:
    parts: list[tuple[int, str]] = []
    section = child(translation, "addressParts")
    for part in children(section, "addressPart") if section is not None else ():
        kind = (child_text(part, "type") or "").upper()
        value = child_text(part, "value")
        if value:
            rank = ADDRESS_ORDER.index(kind) if kind in ADDRESS_ORDER else len(ADDRESS_ORDER)
            parts.append((rank, value))
    if not parts:
        return None
    values = [v for _, v in sorted(parts, key=lambda p: p[0])]
    return ", ".join([*values, country] if country else values)


def add_addresses(entity: Entity, elem: Element, codes: dict[str, str]) -> None:
    for address in children(elem, "address"):
        country_el = child(address, "country")
        country = text(country_el)
        code = codes.get(country_el.get("refId") or "") if country_el is not None else None
        entity.add("country", code)
        texts = [
            _address_text(translation, country)
            for group in children(address, "translations")
            for translation in children(group, "translation")
        ]
        if not any(texts) and country and not code:
            texts = [country]  # "Region: Gaza": a place, not a country
        entity.add_all("address", texts)


def add_features(entity: Entity, elem: Element, codes: dict[str, str]) -> None:
    """Features: the text `value` is OFAC's own wording ("circa 1960"), so dates are read
    from it as the CSV reader does, and from the structured valueDate only as a fallback."""
    for feature in children(elem, "feature"):
        kind = child_text(feature, "type") or "Feature"
        value = child_text(feature, "value")
        date_el = child(feature, "valueDate")
        dates: list[str] = []
        if date_el is not None:
            dates = parse_dates(value, day_first=DAY_FIRST) or _date_value(date_el)
        code = codes.get(child_text(feature, "valueRefId") or "")
        add_detail(entity, kind, value or ", ".join(dates), country_code=code, dates=dates)


def _document_bits(doc: Element) -> list[str]:
    bits: list[str] = []
    location = child_text(doc, "issuingLocation")
    if location and location != child_text(doc, "issuingCountry"):
        bits.append(f"issued in {location}")
    for tag, label in (("issueDate", "issued"), ("expirationDate", "expires")):
        dates = _date_value(child(doc, tag))
        if dates:
            bits.append(f"{label} {' to '.join(dates)}")
    if child_text(doc, "isValid") == "false":
        bits.append("not valid")
    features = child(doc, "idFeatures")
    if features is not None:
        bits.extend(t for t in (text(f) for f in children(features)) if t)
    return bits


def add_documents(entity: Entity, elem: Element, codes: dict[str, str]) -> None:
    for doc in children(elem, "identityDocument"):
        number = child_text(doc, "documentNumber")
        if not number:
            continue
        country_el = child(doc, "issuingCountry")
        code = codes.get(country_el.get("refId") or "") if country_el is not None else None
        kind = child_text(doc, "type") or "ID"
        add_detail(
            entity,
            kind,
            number,
            country=text(country_el),
            country_code=code,
            bits=_document_bits(doc),
        )


def _links(elem: Element) -> list[tuple[str, str, str]]:
    links = []
    for rel in children(elem, "relationship"):
        related = child(rel, "relatedEntity")
        if related is not None:
            kind = child_text(rel, "type") or ""
            links.append((related.get("entityId") or "", text(related) or "", kind))
    return links


def _general(path: Path, elem: Element, entity_id: str) -> Entity:
    info = child(elem, "generalInfo")
    if info is None:
        raise ListFormatError(
            path,
            "<entity> without <generalInfo>",
            line=line_of(elem),
            record=entity_id,
            expected="<generalInfo> with <entityType>",
        )
    kind = child_text(info, "entityType") or ""
    entity = Entity(
        id="", schema=SCHEMAS.get(kind.lower(), "Organization"), source="", source_id=entity_id
    )
    if kind and kind.lower() not in SCHEMAS:
        entity.add("notes", note_text("Type", kind))
    entity.add("title", child_text(info, "title"))
    entity.add("notes", child_text(info, "remarks"))
    return entity


def _listings(entity: Entity, elem: Element) -> list[str]:
    """Programs, list names (into notes) and the earliest listing date."""
    lists: list[str] = []
    created: list[str] = []
    section = child(elem, "sanctionsLists")
    for item in children(section, "sanctionsList") if section is not None else ():
        name = text(item)
        if name:
            lists.append(name)
            entity.add("notes", note_text("Sanctions list", name))
        day = iso_tuple(item.get("datePublished"))
        value = iso(*day) if day else None
        if value:
            created.append(value)
    if created:
        entity.add("createdAt", min(created))
    section = child(elem, "sanctionsPrograms")
    for item in children(section, "sanctionsProgram") if section is not None else ():
        entity.add("program", text(item))
    return lists


def read_entity(path: Path, elem: Element, codes: dict[str, str]) -> Record:
    entity_id = elem.get("id")
    if not entity_id:
        raise ListFormatError(
            path, "<entity> without an id", line=line_of(elem), expected='<entity id="...">'
        )
    entity = _general(path, elem, entity_id)
    lists = _listings(entity, elem)
    sections = {
        "names": lambda e: add_names(entity, e),
        "addresses": lambda e: add_addresses(entity, e, codes),
        "features": lambda e: add_features(entity, e, codes),
        "identityDocuments": lambda e: add_documents(entity, e, codes),
    }
    links: list[tuple[str, str, str]] = []
    for section in children(elem):
        name = local(section.tag)
        if name in sections:
            sections[name](section)
        elif name == "relationships":
            links = _links(section)
    if not ensure_name(entity):
        raise ListFormatError(
            path,
            "entity without a name",
            line=line_of(elem),
            record=entity_id,
            expected="a <name> with a <formattedFullName>",
        )
    return Record(entity=entity, lists=lists, links=links)


def decide_source(info: Publication, records: list[Record]) -> str:
    """List key, from the export's own filters (else from its records' lists).

    A program-filtered export is its own list, e.g. "ofac-sls-irgc", so a subset never
    replaces a full list. An export of the SDN List alone (SDN_ENHANCED.XML) is
    "ofac-sdn"; of the Consolidated List alone (CONS_ENHANCED.XML, where entries also on
    the SDN List or the SSI, PLC, CMIC... lists say so) "ofac-cons"; any other mix of
    lists is "ofac-sls".
    """
    if info.programs:
        slugs = (re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in info.programs)
        return "ofac-sls-" + "-".join(s for s in slugs if s)
    if info.lists:
        lists = set(info.lists)
        if lists == {SDN_LIST}:
            return "ofac-sdn"
        return "ofac-cons" if lists == {CONSOLIDATED_LIST} else "ofac-sls"
    record_lists = [set(r.lists) for r in records]
    if all(SDN_LIST in lists for lists in record_lists):
        return "ofac-sdn"
    if all(CONSOLIDATED_LIST in lists for lists in record_lists):
        return "ofac-cons"
    return "ofac-sls"


def entity_prefix(source: str, record: Record) -> str:
    """Id prefix: the list's own for the SDN and consolidated lists (an entry of
    CONS_ENHANCED.XML gets the `ofac-cons-<id>` it has in cons_prim.csv), else the SDN
    or consolidated prefix by the entry's lists."""
    if source in ("ofac-sdn", "ofac-cons"):
        return source
    return "ofac-sdn" if SDN_LIST in record.lists else "ofac-cons"


def _title(source: str, info: Publication) -> str:
    if source in TITLES:
        return TITLES[source]
    if info.programs:
        return f"OFAC Sanctions List Service export, programs {', '.join(info.programs)}"
    return "OFAC Sanctions List Service export"


def _link_notes(records: list[Record]) -> None:
    names = {r.entity.source_id: r.entity.caption for r in records}
    for record in records:
        for related_id, name, kind in record.links:
            label = name or names.get(related_id) or f"OFAC entry {related_id}"
            record.entity.add("notes", f"Linked To: {label}" + (f" ({kind})" if kind else ""))


def read(path: Path, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read SDN_ENHANCED.XML or a Sanctions List Service ENHANCED_XML export."""
    path = Path(path)
    namespace = check_root(path, ROOT, EXPECTED, limits=limits)
    info = Publication()
    codes: dict[str, str] = {}
    records: list[Record] = []
    seen: set[str] = set()
    warnings: list[str] = []
    for name, elem in iter_elements(path, namespace, TAGS, EXPECTED, limits=limits):
        if name == "publicationInfo":
            info = read_publication(elem)
        elif name == "referenceValues":
            codes = read_refs(elem)
        else:
            record = read_entity(path, elem, codes)
            if record.entity.source_id in seen:
                warnings.append(
                    f"line {line_of(elem)}: duplicate entity {record.entity.source_id} skipped"
                )
                continue
            seen.add(record.entity.source_id)
            records.append(record)
    if not records:
        raise ListFormatError(path, "no <entity> records", expected=EXPECTED)
    _link_notes(records)
    source = decide_source(info, records)
    for record in records:
        record.entity.source = source
        record.entity.id = slug_id(entity_prefix(source, record), record.entity.source_id)
    return ListData(
        source=source,
        format=FORMAT,
        title=_title(source, info),
        entities=[r.entity for r in records],
        files=[path],
        published=info.published,
        published_from="file",
        warnings=warnings,
    )
