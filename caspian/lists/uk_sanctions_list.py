"""UK Sanctions List (FCDO), XML (`UK-Sanctions-List.xml`, root `<Designations>`).

Since OFSI's Consolidated List was retired on 28 January 2026 this is the only UK list.
Each `<Designation>` is one person, entity or ship, keyed by its UK Unique ID
(`RUS1683`), which becomes the Caspian id `uk-sanctions-list-RUS1683`; the OFSI Group ID
(the key of the retired list, `uk-ofsi-<id>`) and the UN reference are kept in notes.
The publication date is `<DateGenerated>` (day first).

Names: "Primary Name" is the name, "Primary Name Variation" and good-quality aliases are
aliases, low-quality aliases weak aliases; names in another script are aliases with
their script and language in notes. `SanctionsImposedIndicators` repeats
`SanctionsImposed` as booleans and is not read. Any element this reader does not know
is kept in notes as "Element: text", with one warning per element name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from caspian.lists import uk_fields as uk
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.xml_stream import (
    Element,
    check_root,
    child_text,
    children,
    iter_elements,
    line_of,
    local,
    text,
)
from caspian.model import Entity

FORMAT = "uk-sanctions-list-xml"
ROOT = "Designations"
EXPECTED = "a UK Sanctions List XML file (root <Designations> of <Designation> records)"
TAGS = ("DateGenerated", "Designation")
NAME_PARTS = tuple(f"Name{i}" for i in range(1, 7))
ADDRESS_LINES = tuple(f"AddressLine{i}" for i in range(1, 7))

# Children of <Designation> read below (a few only for the id or type).
KNOWN = frozenset(
    {
        "LastUpdated", "DateDesignated", "UniqueID", "OFSIGroupID", "UNReferenceNumber",
        "Names", "NonLatinNames", "Titles", "RegimeName", "IndividualEntityShip",
        "DesignationSource", "SanctionsImposed", "SanctionsImposedIndicators",
        "OtherInformation", "UKStatementofReasons", "Addresses", "PhoneNumbers",
        "EmailAddresses", "Websites", "IndividualDetails", "EntityDetails", "ShipDetails",
    }
)  # fmt: skip


def _texts(elem: Element, group: str, item: str) -> list[str]:
    """Texts of `<Group><Item>..</Item>...</Group>` lists."""
    return [t for g in children(elem, group) for i in children(g, item) if (t := text(i))]


def _leaf_texts(elem: Element) -> list[str]:
    """Texts of an element or its children (`<CallSigns><CallSign>..` or `<CallSign>..`)."""
    return [t for t in (" ".join(x.split()) for x in elem.itertext() if isinstance(x, str)) if t]


def _all_text(elem: Element) -> str:
    return " ".join(" ".join(t for t in elem.itertext() if isinstance(t, str)).split())


class _Reader:
    """One file's state: its path, warnings and the unknown elements already reported."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[str] = []
        self.unknown: set[str] = set()

    def warn(self, elem: Element, record: str, message: str) -> None:
        self.warnings.append(f"{self.path}:{line_of(elem)}: {record}: {message}")

    # -- sections ------------------------------------------------------------------------

    def names(self, entity: Entity, elem: Element) -> None:
        for group in children(elem, "Names"):
            for name in children(group, "Name"):
                parts = [child_text(name, p) for p in NAME_PARTS]
                kind = child_text(name, "NameType") or ""
                strength = child_text(name, "AliasStrength") or ""
                if not uk.add_name(entity, parts, kind, strength):
                    self.warn(name, entity.source_id, f"empty <Name> ({kind or 'no type'}) skipped")
        for group in children(elem, "NonLatinNames"):
            for name in children(group, "NonLatinName"):
                uk.add_non_latin_name(
                    entity,
                    child_text(name, "NameNonLatinScript") or "",
                    child_text(name, "NonLatinScriptType") or "",
                    child_text(name, "NonLatinScriptLanguage") or "",
                )

    def addresses(self, entity: Entity, elem: Element) -> None:
        for group in children(elem, "Addresses"):
            for address in children(group, "Address"):
                uk.add_address(
                    entity,
                    [child_text(address, line) for line in ADDRESS_LINES],
                    child_text(address, "AddressPostalCode") or "",
                    child_text(address, "AddressCountry") or "",
                )

    def individual(self, entity: Entity, elem: Element) -> None:
        for details in children(elem, "IndividualDetails"):
            for person in children(details, "Individual"):
                for dob in _texts(person, "DOBs", "DOB"):
                    if not uk.add_birth_date(entity, dob):
                        self.warn(person, entity.source_id, f"date of birth {dob!r} kept in notes")
                for group in children(person, "PassportDetails"):
                    for doc in children(group, "Passport"):
                        uk.add_document(
                            entity,
                            "passportNumber",
                            "Passport",
                            child_text(doc, "PassportNumber") or "",
                            child_text(doc, "PassportAdditionalInformation") or "",
                        )
                for group in children(person, "NationalIdentifierDetails"):
                    for doc in children(group, "NationalIdentifier"):
                        uk.add_document(
                            entity,
                            "idNumber",
                            "National identifier",
                            child_text(doc, "NationalIdentifierNumber") or "",
                            child_text(doc, "NationalIdentifierAdditionalInformation") or "",
                        )
                for nationality in _texts(person, "Nationalities", "Nationality"):
                    uk.add_country(entity, "nationality", nationality, "Nationality")
                for position in _texts(person, "Positions", "Position"):
                    uk.add_positions(entity, position)
                for gender in _texts(person, "Genders", "Gender"):
                    value = uk.GENDERS.get(gender.lower())
                    entity.add("gender" if value else "notes", value or f"Gender: {gender}")
                for group in children(person, "BirthDetails"):
                    for place in children(group, "Location"):
                        uk.add_birth_place(
                            entity,
                            child_text(place, "TownOfBirth") or "",
                            child_text(place, "CountryOfBirth") or "",
                        )
                self.rest(entity, person, frozenset({
                    "DOBs", "PassportDetails", "NationalIdentifierDetails", "Nationalities",
                    "Positions", "Genders", "BirthDetails"}))  # fmt: skip

    def entity_details(self, entity: Entity, elem: Element) -> None:
        for details in children(elem, "EntityDetails"):
            for org in children(details, "Entity"):
                entity.add_all("legalForm", _texts(org, "TypeOfEntities", "TypeOfEntity"))
                for number in _texts(
                    org, "BusinessRegistrationNumbers", "BusinessRegistrationNumber"
                ):
                    uk.add_registration(entity, number)
                for sub in _texts(org, "Subsidiaries", "Subsidiary"):
                    entity.add("notes", f"Subsidiary: {sub}")
                for parent in _texts(org, "ParentCompanies", "ParentCompany"):
                    entity.add("notes", f"Parent company: {parent}")
                self.rest(entity, org, frozenset({
                    "TypeOfEntities", "BusinessRegistrationNumbers", "Subsidiaries",
                    "ParentCompanies"}))  # fmt: skip

    def ship(self, entity: Entity, elem: Element) -> None:
        for details in children(elem, "ShipDetails"):
            for ship in children(details, "Ship"):
                for imo in _texts(ship, "IMONumbers", "IMONumber"):
                    if not uk.add_imo(entity, imo):
                        entity.add("notes", f"IMO number: {imo}")
                        self.warn(ship, entity.source_id, f"IMO number {imo!r} has no 7 digits")
                for flag in _texts(ship, "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip"):
                    uk.add_country(entity, "flag", flag, "Flag")
                for flag in _texts(ship, "PreviousFlags", "PreviousFlag"):
                    uk.add_country(entity, "pastFlags", flag, "Previous flag")
                entity.add_all("type", _texts(ship, "TypeOfShipDetails", "TypeOfShip"))
                entity.add_all("tonnage", _texts(ship, "TonnageOfShipDetails", "TonnageOfShip"))
                for year in _texts(ship, "YearsBuilt", "YearBuilt"):
                    entity.add("buildDate", year if year.isdigit() and len(year) == 4 else None)
                    if not (year.isdigit() and len(year) == 4):
                        entity.add("notes", f"Year built: {year}")
                for length in _texts(ship, "LengthOfShipDetails", "LengthOfShip"):
                    entity.add("notes", f"Length of ship: {length}")
                for owner in _texts(ship, "CurrentOwnerOperators", "CurrentOwnerOperator"):
                    entity.add("notes", f"Current owner/operator: {owner}")
                for owner in _texts(ship, "PreviousOwnerOperators", "PreviousOwnerOperator"):
                    entity.add("notes", f"Previous owner/operator: {owner}")
                for sub in children(ship):
                    name = local(sub.tag)
                    if "callsign" in name.lower():
                        entity.add_all("callSign", _leaf_texts(sub))
                    elif "hullidentification" in name.lower():
                        entity.add_all("idNumber", _leaf_texts(sub))
                        entity.add("notes", f"Hull identification number: {_all_text(sub)}")
                self.rest(
                    entity,
                    ship,
                    frozenset(
                        {
                            "IMONumbers",
                            "CurrentBelievedFlagOfShips",
                            "PreviousFlags",
                            "TypeOfShipDetails",
                            "TonnageOfShipDetails",
                            "YearsBuilt",
                            "LengthOfShipDetails",
                            "CurrentOwnerOperators",
                            "PreviousOwnerOperators",
                        }
                    ),
                    skip=lambda n: "callsign" in n.lower() or "hullidentification" in n.lower(),
                )

    def rest(
        self,
        entity: Entity,
        elem: Element,
        known: frozenset[str],
        skip: Callable[[str], bool] = lambda _name: False,
    ) -> None:
        """Elements this reader does not know: their text into notes, one warning each."""
        for sub in children(elem):
            name = local(sub.tag)
            if name in known or skip(name):
                continue
            value = _all_text(sub)
            if value:
                entity.add("notes", f"{name}: {value}")
            if name not in self.unknown:
                self.unknown.add(name)
                self.warn(sub, entity.source_id, f"unknown element <{name}> kept in notes")

    # -- one designation -----------------------------------------------------------------

    def designation(self, elem: Element) -> Entity:
        unique_id = child_text(elem, "UniqueID")
        group_id = child_text(elem, "OFSIGroupID")
        if not unique_id:
            raise ListFormatError(
                self.path,
                "<Designation> without a <UniqueID>",
                line=line_of(elem),
                record=f"OFSI group {group_id}" if group_id else None,
                expected="a UK Unique ID such as RUS1683",
            )
        kind = child_text(elem, "IndividualEntityShip") or ""
        schema = uk.schema_of(kind)
        if schema is None:
            self.warn(
                elem, unique_id, f"unknown IndividualEntityShip {kind!r}; read as LegalEntity"
            )
            schema = "LegalEntity"
        entity = Entity(uk.record_id(unique_id), schema, uk.SOURCE, unique_id)
        uk.add_un_reference(entity, child_text(elem, "UNReferenceNumber") or "")
        self.names(entity, elem)
        if not entity.get("name"):
            fallback = entity.first("alias") or entity.first("weakAlias")
            if fallback is None:
                raise ListFormatError(
                    self.path,
                    "designation without a name",
                    line=line_of(elem),
                    record=unique_id,
                    expected="a <Names><Name> with Name1..Name6",
                )
            entity.add("name", fallback)
            self.warn(elem, unique_id, f"no primary name; {fallback!r} used")
        entity.add_all("title", _texts(elem, "Titles", "Title"))
        entity.add("program", child_text(elem, "RegimeName"))
        if group_id:
            entity.add("notes", f"OFSI Group ID: {group_id}")
        source = child_text(elem, "DesignationSource")
        if source:
            entity.add("notes", f"Designation source: {source.replace('|', ', ')}")
        uk.add_sanctions_imposed(entity, child_text(elem, "SanctionsImposed") or "")
        entity.add("notes", child_text(elem, "OtherInformation"))
        reasons = child_text(elem, "UKStatementofReasons")
        if reasons:
            entity.add("notes", f"UK statement of reasons: {reasons}")
        self.addresses(entity, elem)
        entity.add_all("phone", _texts(elem, "PhoneNumbers", "PhoneNumber"))
        entity.add_all("email", _texts(elem, "EmailAddresses", "EmailAddress"))
        entity.add_all("website", _texts(elem, "Websites", "Website"))
        self.individual(entity, elem)
        self.entity_details(entity, elem)
        self.ship(entity, elem)
        entity.add("createdAt", uk.uk_date(child_text(elem, "DateDesignated")))
        entity.add("modifiedAt", uk.uk_date(child_text(elem, "LastUpdated")))
        self.rest(entity, elem, KNOWN)
        return entity


def read(path: Path) -> ListData:
    """Read a UK Sanctions List XML file; every designation or none."""
    path = Path(path)
    namespace = check_root(path, ROOT, EXPECTED)
    reader = _Reader(path)
    published: str | None = None
    generated: str | None = None
    entities: dict[str, Entity] = {}
    for name, elem in iter_elements(path, namespace, TAGS, EXPECTED):
        if name == "DateGenerated":
            generated = text(elem)
            published = uk.uk_date(generated)
            continue
        entity = reader.designation(elem)
        first = entities.get(entity.id)
        if first is None:
            entities[entity.id] = entity
        else:
            first.add_properties(entity)
            reader.warn(elem, entity.source_id, "Unique ID repeated; its values merged")
    if not entities:
        raise ListFormatError(path, "no <Designation> records", expected=EXPECTED)
    warnings = reader.warnings
    if published is None:
        found = f" ({generated!r} is not a dd/mm/yyyy date)" if generated else ""
        warnings.append(f"{path}: no usable <DateGenerated>{found}")
    else:
        updated = [d for e in entities.values() for d in e.get("modifiedAt")]
        if updated and max(updated) > published:
            warnings.append(
                f"{path}: a designation was updated on {max(updated)}, after the file's "
                f"DateGenerated {published}"
            )
    return ListData(
        source=uk.SOURCE,
        format=FORMAT,
        title=uk.TITLE,
        entities=list(entities.values()),
        files=[path],
        published=published,
        published_from="file",
        warnings=warnings,
    )
