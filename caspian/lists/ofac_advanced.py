"""OFAC's Advanced Sanctions Data Model XML (sdn_advanced.xml, cons_advanced.xml).

The file is a small database: reference value sets (alias types, countries, feature
types...), locations, identity documents, parties and sanctions entries, all joined by
numeric ids. It is streamed section by section and the cross references are resolved
in a final pass, so a 120 MB sdn_advanced.xml reads in linear time and flat memory.

A party's id is its Profile's FixedRef, which is OFAC's `ent_num`: the same record gets
`ofac-cons-<ent_num>` (or `ofac-sdn-...`) here as in the CSV and classic XML readers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from caspian.dates import iso
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits
from caspian.lists.ofac_fields import (
    ADDRESS_ORDER,
    COUNTRY_PROPS,
    DETAIL_PROPS,
    SDN_LIST,
    TITLES,
    add_detail,
    clean_name,
    ensure_name,
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

FORMAT = "ofac-advanced-xml"
ROOT = "Sanctions"
EXPECTED = "an OFAC Advanced Sanctions Data Model XML file (root <Sanctions>)"
TAGS = (
    "DateOfIssue",
    "ReferenceValueSets",
    "Location",
    "IDRegDocument",
    "DistinctParty",
    "ProfileRelationship",
    "SanctionsEntry",
)
NAME_PART_PROPS = {
    "Last Name": "lastName",
    "First Name": "firstName",
    "Middle Name": "middleName",
    "Patronymic": "fatherName",
    "Matronymic": "motherName",
}


@dataclass(slots=True)
class Place:
    """A resolved Location: the address text and its country."""

    address: str
    code: str | None
    country: str | None


@dataclass(slots=True)
class Doc:
    """An IDRegDocument, waiting for its identity's party."""

    kind: str
    number: str
    country: str | None
    code: str | None
    bits: list[str]
    location_id: str | None


@dataclass
class Refs:
    """ReferenceValueSets: each value's text and attributes, by kind and ID."""

    values: dict[str, dict[str, tuple[str, dict[str, str]]]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def load(self, elem: Element) -> None:
        for value_set in children(elem):
            for item in children(value_set):
                ref_id = item.get("ID")
                if ref_id:
                    attrs = {str(k): str(v) for k, v in item.attrib.items()}
                    self.values[local(item.tag)][ref_id] = (text(item) or "", attrs)

    def name(self, kind: str, ref_id: str | None) -> str:
        value = self.values[kind].get(ref_id or "")
        return value[0] if value else ""

    def attr(self, kind: str, ref_id: str | None, attr: str) -> str:
        value = self.values[kind].get(ref_id or "")
        return value[1].get(attr, "") if value else ""

    def country(self, country_id: str | None) -> tuple[str | None, str | None]:
        """(ISO2 lower case, name) of a CountryID."""
        name = self.name("Country", country_id) or None
        code = self.attr("Country", country_id, "ISO2").lower() or None
        return code, name


@dataclass(slots=True)
class Party:
    """A DistinctParty read into an entity, with the references still to resolve."""

    entity: Entity
    line: int | None
    identities: list[str]
    places: list[tuple[str, str]]  # (feature type, LocationID)
    lists: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Sections


def read_location(refs: Refs, elem: Element) -> Place:
    parts: dict[str, list[str]] = defaultdict(list)
    for part in children(elem, "LocationPart"):
        kind = refs.name("LocPartType", part.get("LocPartTypeID"))
        values = [text(child(v, "Value")) for v in children(part, "LocationPartValue")]
        parts[kind].extend(v for v in values if v)
    ordered = [v for k in ADDRESS_ORDER for v in parts.pop(k, [])]
    ordered += [v for values in parts.values() for v in values]
    code = name = None
    country = child(elem, "LocationCountry")
    if country is not None:
        code, name = refs.country(country.get("CountryID"))
    area = child(elem, "LocationAreaCode")
    if area is not None and not code:
        area_id = area.get("AreaCodeID")
        code = refs.name("AreaCode", area_id).lower() or None
        name = name or refs.attr("AreaCode", area_id, "Description") or None
    if name == "undetermined":
        name = None
    address = ", ".join([*ordered, name] if ordered and name else ordered)
    return Place(address=address, code=code, country=name)


def read_document(refs: Refs, elem: Element) -> tuple[str, Doc] | None:
    number = child_text(elem, "IDRegistrationNo")
    identity = elem.get("IdentityID")
    if not number or not identity:
        return None
    code, country = refs.country(elem.get("IssuedBy-CountryID"))
    bits: list[str] = []
    for date in children(elem, "IDRegDocDate"):
        label = refs.name("IDRegDocDateType", date.get("IDRegDocDateTypeID")) or "Date"
        period = child(date, "DatePeriod")
        dates = _period(period) if period is not None else []
        if dates:
            bits.append(f"{label.lower()} {' to '.join(dates)}")
    validity = refs.name("Validity", elem.get("ValidityID"))
    if validity and validity != "Valid":
        bits.append(validity.lower())
    for name in ("IssuingAuthority", "Comment"):
        value = child_text(elem, name)
        if value:
            bits.append(value)
    doc = Doc(
        kind=refs.name("IDRegDocType", elem.get("IDRegDocTypeID")) or "ID",
        number=number,
        country=country,
        code=code,
        bits=bits,
        location_id=elem.get("IssuedIn-LocationID"),
    )
    return identity, doc


def _ymd(elem: Element | None) -> tuple[int, int, int] | None:
    if elem is None:
        return None
    try:
        year = int(child_text(elem, "Year") or "")
        return year, int(child_text(elem, "Month") or 1), int(child_text(elem, "Day") or 1)
    except ValueError:
        return None


def _period(elem: Element) -> list[str]:
    start, end = child(elem, "Start"), child(elem, "End")
    first = _ymd(child(start, "From")) if start is not None else None
    last = _ymd(child(end, "To")) if end is not None else None
    return period_dates(first, last)


def _schema(refs: Refs, profile: Element) -> str:
    sub_id = profile.get("PartySubTypeID")
    sub = refs.name("PartySubType", sub_id)
    party = refs.name("PartyType", refs.attr("PartySubType", sub_id, "PartyTypeID"))
    if party == "Individual":
        return "Person"
    if sub == "Vessel":
        return "Vessel"
    if sub == "Aircraft":
        return "Airplane"
    return "Organization"


# --------------------------------------------------------------------------------------
# Names


def _alias_prop(refs: Refs, alias: Element, latin: bool) -> str:
    kind = refs.name("AliasType", alias.get("AliasTypeID")).upper()
    if alias.get("Primary") == "true" and latin:
        return "name"
    if kind.startswith("F.K.A"):
        return "previousName"
    if alias.get("LowQuality") == "true":
        return "weakAlias"
    return "alias"


def _name_parts(
    refs: Refs, doc_name: Element, groups: dict[str, str]
) -> tuple[list[tuple[str, str]], bool]:
    """(part type, value) in NamePartGroup order, and whether all parts are Latin script."""
    parts: list[tuple[str, str, int]] = []
    latin = True
    order = {group_id: i for i, group_id in enumerate(groups)}
    for part in children(doc_name, "DocumentedNamePart"):
        for value in children(part, "NamePartValue"):
            content = clean_name(text(value))
            if not content:
                continue
            group = value.get("NamePartGroupID") or ""
            script = refs.attr("Script", value.get("ScriptID"), "ScriptCode")
            latin = latin and script in ("", "Latin")
            parts.append((groups.get(group, ""), content, order.get(group, len(order))))
    parts.sort(key=lambda p: p[2])
    return [(kind, value) for kind, value, _ in parts], latin


def format_name(parts: list[tuple[str, str]]) -> str:
    """OFAC's 'LAST, First Middle' for people; other names joined in order."""
    last = [v for k, v in parts if k == "Last Name"]
    rest = [v for k, v in parts if k != "Last Name"]
    if last and rest:
        return f"{' '.join(last)}, {' '.join(rest)}"
    return " ".join(v for _, v in parts)


def _add_names(refs: Refs, entity: Entity, identity: Element) -> None:
    groups: dict[str, str] = {}
    for group in identity.iter("{*}NamePartGroup"):
        groups[group.get("ID") or ""] = refs.name("NamePartType", group.get("NamePartTypeID"))
    for alias in children(identity, "Alias"):
        for doc_name in children(alias, "DocumentedName"):
            parts, latin = _name_parts(refs, doc_name, groups)
            if not parts:
                continue
            prop = _alias_prop(refs, alias, latin)
            entity.add(prop, format_name(parts))
            if prop == "name" and entity.schema == "Person":
                for kind, value in parts:
                    if kind in NAME_PART_PROPS:
                        entity.add(NAME_PART_PROPS[kind], value)


# --------------------------------------------------------------------------------------
# Features


def _feature(refs: Refs, party: Party, elem: Element) -> None:
    kind = refs.name("FeatureType", elem.get("FeatureTypeID")) or "Feature"
    for version in children(elem, "FeatureVersion"):
        values: list[str] = []
        dates: list[str] = []
        for sub in children(version):
            name = local(sub.tag)
            if name == "VersionDetail":
                ref = sub.get("DetailReferenceID")
                value = refs.name("DetailReference", ref) if ref else text(sub)
                if value:
                    values.append(value)
            elif name == "DatePeriod":
                dates.extend(_period(sub))
            elif name == "VersionLocation" and sub.get("LocationID"):
                party.places.append((kind, sub.get("LocationID") or ""))
        for value in values:
            add_detail(party.entity, kind, value)
        if dates:
            add_detail(party.entity, kind, ", ".join(dates), dates=dates)


def _add_place(entity: Entity, kind: str, place: Place) -> None:
    prop = DETAIL_PROPS.get(kind.lower())
    if prop in COUNTRY_PROPS:
        add_detail(entity, kind, place.country or place.code, country_code=place.code)
    elif prop == "address":
        if place.code:
            entity.add("country", place.code)
        entity.add("address", place.address if place.address != place.country else None)
    else:
        add_detail(entity, kind, place.address or place.country)


def read_party(refs: Refs, path: Path, elem: Element) -> Party:
    fixed_ref = elem.get("FixedRef")
    profile = child(elem, "Profile")
    if not fixed_ref or profile is None:
        raise ListFormatError(
            path,
            "<DistinctParty> without FixedRef or Profile",
            line=line_of(elem),
            expected="a FixedRef attribute and a <Profile>",
        )
    entity = Entity(id="", schema=_schema(refs, profile), source="", source_id=fixed_ref)
    party = Party(entity=entity, line=line_of(elem), identities=[], places=[])
    entity.add("notes", child_text(elem, "Comment"))
    identities = sorted(children(profile, "Identity"), key=lambda i: i.get("Primary") != "true")
    for identity in identities:
        party.identities.append(identity.get("ID") or "")
        _add_names(refs, entity, identity)
    for feature in children(profile, "Feature"):
        _feature(refs, party, feature)
    if not ensure_name(entity):
        raise ListFormatError(
            path,
            "party without a name",
            line=party.line,
            record=fixed_ref,
            expected="an <Alias> with a <DocumentedName>",
        )
    return party


# --------------------------------------------------------------------------------------
# Sanctions entries and relationships


@dataclass(slots=True)
class Listing:
    profile: str
    list_name: str
    created: list[str]
    programs: list[str]


def read_entry(refs: Refs, elem: Element) -> Listing | None:
    profile = elem.get("ProfileID")
    if not profile:
        return None
    created: list[str] = []
    for event in children(elem, "EntryEvent"):
        day = _ymd(child(event, "Date"))
        if day and (value := iso(*day)):
            created.append(value)
    programs = [
        child_text(measure, "Comment") or ""
        for measure in children(elem, "SanctionsMeasure")
        if refs.name("SanctionsType", measure.get("SanctionsTypeID")) == "Program"
    ]
    list_name = refs.name("List", elem.get("ListID"))
    return Listing(profile, list_name, created, [p for p in programs if p])


def _apply_listing(party: Party, listing: Listing) -> None:
    party.entity.add_all("program", listing.programs)
    if listing.list_name:
        party.lists.append(listing.list_name)
        party.entity.add("notes", note_text("Sanctions list", listing.list_name))
    party.created.extend(listing.created)


# --------------------------------------------------------------------------------------
# The reader


@dataclass
class _State:
    refs: Refs = field(default_factory=Refs)
    published: str | None = None
    places: dict[str, Place] = field(default_factory=dict)
    docs: dict[str, list[Doc]] = field(default_factory=lambda: defaultdict(list))
    parties: dict[str, Party] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _handle(state: _State, path: Path, name: str, elem: Element) -> None:
    refs = state.refs
    if name == "DateOfIssue":
        day = _ymd(elem)
        state.published = iso(*day) if day else None
    elif name == "ReferenceValueSets":
        refs.load(elem)
    elif name == "Location" and elem.get("ID"):
        state.places[elem.get("ID") or ""] = read_location(refs, elem)
    elif name == "IDRegDocument":
        found = read_document(refs, elem)
        if found:
            state.docs[found[0]].append(found[1])
    elif name == "DistinctParty":
        party = read_party(refs, path, elem)
        if party.entity.source_id in state.parties:
            state.warnings.append(
                f"line {party.line}: duplicate party {party.entity.source_id} skipped"
            )
        else:
            state.parties[party.entity.source_id] = party
    elif name == "ProfileRelationship":
        kind = refs.name("RelationType", elem.get("RelationTypeID"))
        state.relations.append(
            (elem.get("From-ProfileID") or "", elem.get("To-ProfileID") or "", kind)
        )
    elif name == "SanctionsEntry":
        listing = read_entry(refs, elem)
        if listing:
            state.listings.append(listing)


def _resolve(state: _State) -> None:
    """Join documents, places, listings and relationships to their parties."""
    by_identity = {i: p for p in state.parties.values() for i in p.identities}
    for identity, docs in state.docs.items():
        party = by_identity.get(identity)
        if party is None:
            state.warnings.append(f"identity document for unknown identity {identity}")
            continue
        for doc in docs:
            place = state.places.get(doc.location_id or "")
            where = place.address if place and place.address != doc.country else ""
            bits = [*doc.bits, f"issued in {where}" if where else ""]
            add_detail(
                party.entity,
                doc.kind,
                doc.number,
                country=doc.country,
                country_code=doc.code,
                bits=bits,
            )
    for party in state.parties.values():
        for kind, location_id in party.places:
            place = state.places.get(location_id)
            if place is not None:
                _add_place(party.entity, kind, place)
    for listing in state.listings:
        target = state.parties.get(listing.profile)
        if target is None:
            state.warnings.append(f"sanctions entry for unknown profile {listing.profile}")
            continue
        _apply_listing(target, listing)
    for from_id, to_id, kind in state.relations:
        source, other = state.parties.get(from_id), state.parties.get(to_id)
        if source is not None:
            name = other.entity.caption if other else f"OFAC entry {to_id}"
            source.entity.add("notes", f"Linked To: {name}" + (f" ({kind})" if kind else ""))


def _finish(parties: Iterable[Party], source: str) -> list[Entity]:
    entities = []
    for party in parties:
        entity = party.entity
        entity.source = source
        entity.id = slug_id(source, entity.source_id)
        if party.created:
            entity.add("createdAt", min(party.created))
        entities.append(entity)
    return entities


def read(path: Path, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read sdn_advanced.xml or cons_advanced.xml.

    The list key is "ofac-sdn" when every party is on the SDN List (sdn_advanced.xml),
    otherwise "ofac-cons": cons_advanced.xml holds the non-SDN lists, and its few parties
    that are also on the SDN List keep the file's key (their lists are in `notes`).
    """
    path = Path(path)
    namespace = check_root(path, ROOT, EXPECTED, limits=limits)
    state = _State()
    for name, elem in iter_elements(path, namespace, TAGS, EXPECTED, limits=limits):
        _handle(state, path, name, elem)
    if not state.parties:
        raise ListFormatError(path, "no <DistinctParty> records", expected=EXPECTED)
    _resolve(state)
    parties = list(state.parties.values())
    unlisted = [p.entity.source_id for p in parties if not p.lists]
    if unlisted:
        state.warnings.append(
            f"{len(unlisted)} parties without a sanctions entry (e.g. {unlisted[0]})"
        )
    all_sdn = all(SDN_LIST in p.lists for p in parties)
    source = "ofac-sdn" if all_sdn else "ofac-cons"
    return ListData(
        source=source,
        format=FORMAT,
        title=TITLES[source],
        entities=_finish(parties, source),
        files=[path],
        published=state.published,
        published_from="file",
        warnings=state.warnings,
    )
