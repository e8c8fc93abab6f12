"""UN Security Council Consolidated List, XML (`CONSOLIDATED_LIST`, sc-sanctions.xsd).

One `INDIVIDUAL` (a Person) or `ENTITY` (an Organization) per listing, keyed by its UN
reference number (`IRe.055`, `QDi.001`), which other lists cite ("UN Ref QDe.004") and
which becomes the Caspian id `un-<REFERENCE_NUMBER>`. The file is streamed record by
record (see `xml_stream`), with the checks every XML list gets.

Dates are ISO (`1979-03-03`, `2015-04-07-04:00` with a time-zone offset); the only
slashed dates are in notes, day first ("24/06/1402 (Hijri Calendar)"), and Hijri dates
are never read as Gregorian ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from caspian.dates import iso, parse_dates, parse_iso
from caspian.geo.countries import to_code
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import DEFAULT_LIMITS, ListLimits
from caspian.lists.uk_ofsi import IMO_NUMBER, extract_ids
from caspian.lists.xml_stream import iter_elements, read_root
from caspian.model import Entity, slug_id

FORMAT = "un-xml"
SOURCE = "un-sc"
TITLE = "UN Security Council Consolidated List"
ID_PREFIX = "un"
ROOT = "CONSOLIDATED_LIST"
EXPECTED = f"<{ROOT}> (the UN Security Council consolidated list)"
# Record element -> the section it must sit in.
RECORDS = {"INDIVIDUAL": "INDIVIDUALS", "ENTITY": "ENTITIES"}
# The UN writes slashed dates day first ("24/06/1402" in its Hijri notes).
DAY_FIRST = True

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
BIRTH_PLACE_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")
ALIAS_PROPS = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
GENDERS = {"male": "male", "female": "female"}
# Children read explicitly; the text of any other child goes into notes as "TAG: text".
KNOWN = frozenset(
    {
        "DATAID",
        "VERSIONNUM",
        *NAME_PARTS,
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "GENDER",
        "COMMENTS1",
        "TITLE",
        "DESIGNATION",
        "NATIONALITY",
        "LIST_TYPE",
        "LAST_DAY_UPDATED",
        "NAME_ORIGINAL_SCRIPT",
        "INDIVIDUAL_ALIAS",
        "INDIVIDUAL_ADDRESS",
        "INDIVIDUAL_DATE_OF_BIRTH",
        "INDIVIDUAL_PLACE_OF_BIRTH",
        "INDIVIDUAL_DOCUMENT",
        "ENTITY_ALIAS",
        "ENTITY_ADDRESS",
        "SORT_KEY",
        "SORT_KEY_LAST_MOD",
    }
)
_PASSPORT = re.compile(r"passport|passeport|pasaporte", re.I)
_PASSPORT_WORDS = {"passport", "numéro de passeport", "número de pasaporte"}
_NOT_A_COUNTRY = {"na", "n/a", "none", "unknown"}


def _text(node: etree._Element | None) -> str:
    """An element's text, single-spaced ("" when absent or empty)."""
    if node is None or node.text is None:
        return ""
    return " ".join(node.text.split())


def _child(node: etree._Element, tag: str) -> str:
    return _text(node.find(tag))


def _values(node: etree._Element, tag: str) -> list[str]:
    """Texts of `<TAG><VALUE>..</VALUE></TAG>` lists."""
    return [v for el in node.findall(f"{tag}/VALUE") if (v := _text(el))]


def _join(node: etree._Element, tags: Iterable[str]) -> str:
    return ", ".join(v for tag in tags if (v := _child(node, tag)))


def _line(node: etree._Element | None) -> int | None:
    line = node.sourceline if node is not None else None
    return line if isinstance(line, int) else None


def _iso_date(text: str) -> str | None:
    """`2015-04-07-04:00` (the UN writes time-zone offsets on dates) -> `2015-04-07`;
    `1975` -> `1975`; a date that does not exist (`1960-02-31`) -> None."""
    return parse_iso(text)


def _year(text: str) -> str | None:
    # ASCII digits only: isdigit() also takes "²", which int() refuses
    return iso(int(text)) if re.fullmatch(r"[0-9]{4}", text) else None


def _country(text: str) -> str | None:
    """ISO code of a country name; never a guess from a two-letter word like "na"."""
    key = text.casefold()
    if len(text) < 3 or key in _NOT_A_COUNTRY:
        return None
    return to_code(text.replace("’", "'"))


# -- parsing ---------------------------------------------------------------------------


def _published(attrib: dict[str, str]) -> str | None:
    return _iso_date(attrib.get("dateGenerated", ""))


# -- one record -------------------------------------------------------------------------


def _record_id(
    path: Path, node: etree._Element, seen: set[str], warnings: list[str]
) -> tuple[str, str]:
    """(Caspian id, source id): the reference number, or the DATAID when it is missing
    or already used by another record."""
    ref = _child(node, "REFERENCE_NUMBER")
    data_id = _child(node, "DATAID")
    if ref and ref not in seen:
        return slug_id(ID_PREFIX, ref), ref
    if not data_id:
        raise ListFormatError(
            path,
            f"<{node.tag}> has neither a unique REFERENCE_NUMBER nor a DATAID",
            line=_line(node),
            record=ref or None,
            expected="a REFERENCE_NUMBER such as IRe.055",
        )
    problem = f"duplicate REFERENCE_NUMBER {ref}" if ref else "no REFERENCE_NUMBER"
    warnings.append(f"{path}:{_line(node)}: {problem}; record read as un-{data_id}")
    return slug_id(ID_PREFIX, data_id), data_id


def _add_names(entity: Entity, node: etree._Element) -> None:
    parts = [_child(node, tag) for tag in NAME_PARTS]
    entity.add("name", " ".join(p for p in parts if p))
    if entity.schema == "Person":
        entity.add("firstName", parts[0])
        entity.add("secondName", parts[1])
        entity.add_all("middleName", parts[2:])
    # Arabic, Persian, Cyrillic, Chinese or Korean spelling, kept as written.
    entity.add("alias", _child(node, "NAME_ORIGINAL_SCRIPT"))


def _add_aliases(entity: Entity, node: etree._Element, tag: str) -> None:
    for alias in node.findall(tag):
        name = _child(alias, "ALIAS_NAME")
        if not name:
            continue
        quality = _child(alias, "QUALITY").lower()
        entity.add(ALIAS_PROPS.get(quality, "alias"), name)
        birth = _iso_date(_child(alias, "DATE_OF_BIRTH"))
        entity.add("birthDate", birth)
        entity.add("birthPlace", _join(alias, ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH")))
        note = _child(alias, "NOTE")
        if note:
            entity.add("notes", f"Alias {name}: {note}")


def _birth_dates(dob: etree._Element) -> list[str]:
    date = _iso_date(_child(dob, "DATE"))
    if date:
        return [date]
    year = _year(_child(dob, "YEAR"))
    if year:
        return [year]
    start, end = _year(_child(dob, "FROM_YEAR")), _year(_child(dob, "TO_YEAR"))
    if start and end:
        first, last = int(start), int(end)
        if first <= last <= first + 30:
            return [str(y) for y in range(first, last + 1)]
        return [start, end]
    note = _child(dob, "NOTE")
    if note and "hijri" not in note.lower():
        found = parse_dates(note, day_first=DAY_FIRST)
        return [d[:4] for d in found] if "between" in note.lower() else found
    return []


def _add_birth_dates(entity: Entity, node: etree._Element) -> None:
    for dob in node.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        dates = _birth_dates(dob)
        entity.add_all("birthDate", dates)
        kind = _child(dob, "TYPE_OF_DATE").lower()
        note = _child(dob, "NOTE")
        if note or (kind == "approximately" and dates):
            qualifier = " approximately" if kind == "approximately" else ""
            text = " ".join(p for p in (", ".join(dates), note) if p)
            entity.add("notes", f"Date of birth{qualifier}: {text}")


def _add_birth_places(entity: Entity, node: etree._Element) -> None:
    for place in node.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        text = _join(place, BIRTH_PLACE_PARTS)
        note = _child(place, "NOTE")
        entity.add("birthPlace", text or note)
        if text and note:
            entity.add("notes", f"Place of birth {text}: {note}")


def _add_addresses(entity: Entity, node: etree._Element, tag: str) -> None:
    for address in node.findall(tag):
        text = _join(address, ADDRESS_PARTS)
        note = _child(address, "NOTE")
        entity.add("address", text or note)
        if text and note:
            entity.add("notes", f"Address {text}: {note}")
        entity.add("country", _country(_child(address, "COUNTRY")))


def _add_nationalities(entity: Entity, node: etree._Element) -> None:
    for value in _values(node, "NATIONALITY"):
        code = _country(value)
        if code:
            entity.add("nationality", code)
        else:
            entity.add("notes", f"Nationality: {value}")


def _document_number(doc: etree._Element) -> list[str]:
    """Bare document numbers: from NUMBER, else from the type or note text."""
    number = _child(doc, "NUMBER")
    if number:
        found = extract_ids(number)
        return found or ([number] if any(c.isdigit() for c in number) else [])
    for tag in ("TYPE_OF_DOCUMENT2", "NOTE"):
        found = extract_ids(_child(doc, tag))
        if found:
            return found
    return []


def _document_kind(doc: etree._Element) -> str:
    """The document type in English (the UN repeats some passports in French and Spanish)."""
    kind = (_child(doc, "TYPE_OF_DOCUMENT2") or _child(doc, "TYPE_OF_DOCUMENT")).rstrip(" :")
    if not kind:
        return "Document"
    return "Passport" if kind.casefold() in _PASSPORT_WORDS else kind


def _document_note(doc: etree._Element) -> str:
    kind = _document_kind(doc)
    parts = [f"{kind}: {_child(doc, 'NUMBER')}".rstrip(": ")]
    for tag, label in (
        ("ISSUING_COUNTRY", "issued by"),
        ("COUNTRY_OF_ISSUE", "country of issue"),
        ("CITY_OF_ISSUE", "city of issue"),
        ("DATE_OF_ISSUE", "issued on"),
        ("NOTE", ""),
    ):
        value = _child(doc, tag)
        if value:
            parts.append(f"{label} {value}".strip())
    return "; ".join(parts)


def _add_documents(entity: Entity, node: etree._Element) -> None:
    notes: list[str] = []
    for doc in node.findall("INDIVIDUAL_DOCUMENT"):
        if not any(_text(child) for child in doc):
            continue
        kinds = f"{_child(doc, 'TYPE_OF_DOCUMENT')} {_child(doc, 'TYPE_OF_DOCUMENT2')}"
        prop = "passportNumber" if _PASSPORT.search(kinds) else "idNumber"
        entity.add_all(prop, _document_number(doc))
        notes.append(_document_note(doc))
    # The same document repeated with less detail adds nothing.
    entity.add_all(
        "notes", [n for n in notes if not any(o != n and o.startswith(n) for o in notes)]
    )


def _add_listing(entity: Entity, node: etree._Element) -> None:
    entity.add("program", _child(node, "UN_LIST_TYPE"))
    entity.add("createdAt", _iso_date(_child(node, "LISTED_ON")))
    updated = [d for v in _values(node, "LAST_DAY_UPDATED") if (d := _iso_date(v))]
    if updated:
        entity.add("modifiedAt", max(updated))
    comments = _child(node, "COMMENTS1")
    entity.add("notes", comments)
    if entity.schema != "Person":
        entity.add_all("imoNumber", IMO_NUMBER.findall(comments))


def _add_other_children(entity: Entity, node: etree._Element) -> None:
    for child in node:
        if isinstance(child.tag, str) and child.tag not in KNOWN:
            text = " ".join(" ".join(t for t in child.itertext() if isinstance(t, str)).split())
            if text:
                entity.add("notes", f"{child.tag}: {text}")


def _entity(path: Path, node: etree._Element, seen: set[str], warnings: list[str]) -> Entity:
    entity_id, source_id = _record_id(path, node, seen, warnings)
    seen.add(source_id)
    person = node.tag == "INDIVIDUAL"
    entity = Entity(entity_id, "Person" if person else "Organization", SOURCE, source_id)
    _add_names(entity, node)
    if not entity.get("name"):
        raise ListFormatError(
            path,
            f"<{node.tag}> has no FIRST_NAME",
            line=_line(node),
            record=source_id,
            expected="a name in FIRST_NAME",
        )
    prefix = "INDIVIDUAL" if person else "ENTITY"
    _add_aliases(entity, node, f"{prefix}_ALIAS")
    _add_addresses(entity, node, f"{prefix}_ADDRESS")
    if person:
        entity.add_all("title", _values(node, "TITLE"))
        entity.add_all("position", _values(node, "DESIGNATION"))
        _add_nationalities(entity, node)
        _add_birth_dates(entity, node)
        _add_birth_places(entity, node)
        _add_documents(entity, node)
        entity.add("gender", GENDERS.get(_child(node, "GENDER").lower()))
    _add_listing(entity, node)
    entity.add("notes", f"UN DATAID {_child(node, 'DATAID')}" if _child(node, "DATAID") else None)
    _add_other_children(entity, node)
    return entity


def read(path: Path, *, limits: ListLimits = DEFAULT_LIMITS) -> ListData:
    """Read a UN consolidated list XML file; every record or none."""
    path = Path(path)
    root = read_root(path, ROOT, EXPECTED, limits=limits)
    if root.namespace:
        raise ListFormatError(
            path,
            f"root element is <{{{root.namespace}}}{ROOT}>",
            line=root.line,
            expected=f"{EXPECTED}, without a namespace",
        )
    warnings: list[str] = []
    seen: set[str] = set()
    entities: list[Entity] = []
    for tag, node in iter_elements(path, "", tuple(RECORDS), EXPECTED, limits=limits):
        parent = node.getparent()
        if parent is None or parent.tag != RECORDS[tag]:
            where = f"<{parent.tag}>" if parent is not None else "the root"
            warnings.append(f"{path}:{_line(node)}: <{tag}> inside {where}, not read")
            continue
        entities.append(_entity(path, node, seen, warnings))
    if not entities:
        raise ListFormatError(
            path,
            "no INDIVIDUAL or ENTITY records",
            line=root.line,
            expected="<INDIVIDUALS><INDIVIDUAL> and <ENTITIES><ENTITY> records",
        )
    published = _published(root.attrib)
    if published is None:
        warnings.append(f"{path}: no dateGenerated on <{ROOT}>")
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
