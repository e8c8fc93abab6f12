"""EU Financial Sanctions Files (FSF), consolidated list XML 1.1 (root `<export>`).

Each `<sanctionEntity>` is one person or enterprise (`subjectType` person/enterprise ->
Person/Organization). Its id is the EU reference number (`EU.27.28` ->
`eu-fsf-EU.27.28`): the reference the EU publishes with every listing and that its
Sanctions Map and other lists cite; the FSF database's `logicalId` is kept in notes and
is the fallback when a record has no reference number or repeats one (with a warning).
The publication date is the root's `generationDate`.

Names: every `<nameAlias>` is a name of the subject; the first strong one in Latin
script (in English or no stated language, when there is one) is the name, the other
strong ones aliases, a weak one (`strong="false"`, or the EU's own remark "low quality
alias") a weak alias, and one the EU remarks is a former name a previousName. FtM keeps
a language per statement, not per property value, so a name's `nameLanguage` goes into
notes ("Name (FR): Abou Ali"). Birth dates: the Gregorian `birthdate`, else the year,
month and day given, else a year range; dates in the Islamic calendar are kept in notes
only (their `birthdate` attribute, when present, is the Gregorian equivalent and is
read). Country code "00" means unknown.
"""

from __future__ import annotations

import re
from pathlib import Path

from caspian.dates import iso
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.xml_stream import (
    Element,
    check_root,
    children,
    iter_elements,
    line_of,
    local,
    text,
)
from caspian.model import Entity, slug_id
from caspian.names.scripts import LATIN, name_script

FORMAT = "eu-fsf-xml"
SOURCE = "eu-fsf"
TITLE = "EU Financial Sanctions Files (FSF) consolidated list"
ID_PREFIX = "eu-fsf"
ROOT = "export"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
EXPECTED = "an EU FSF XML 1.1 file (root <export> of <sanctionEntity> records)"
TAGS = ("sanctionEntity",)

SCHEMAS = {"person": "Person", "enterprise": "Organization"}
GENDERS = {"m": "male", "f": "female"}
# identificationTypeCode -> FtM property; anything else is an idNumber.
ID_PROPS = {
    "passport": "passportNumber",
    "id": "idNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "tin": "taxNumber",
    "imo": "imoNumber",
    "swiftbic": "swiftBic",
    "swift": "swiftBic",
}
CONTACT_PROPS = {"phone": "phone", "fax": "phone", "email": "email", "web": "website"}
_LOW_QUALITY = re.compile(r"\blow\s+quality\s+al+i+as\b", re.I)  # "aliias" is in the file
_FORMER = re.compile(r"\s*(?:former|previous|formerly known as)\b", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_FLAGS = ("diplomatic", "knownExpired", "knownFalse", "reportedLost", "revokedByIssuer")
_FLAG_WORDS = {
    "diplomatic": "diplomatic",
    "knownExpired": "known expired",
    "knownFalse": "known false",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by issuer",
}


def _attr(elem: Element, name: str) -> str:
    return " ".join((elem.get(name) or "").split())


def _remarks(elem: Element) -> list[str]:
    """Remarks, without the ones that say nothing ("none")."""
    return [t for r in children(elem, "remark") if (t := text(r)) and t.lower() != "none"]


def _code(elem: Element) -> str | None:
    """ISO code of the element's countryIso2Code (None for "00", unknown)."""
    code = _attr(elem, "countryIso2Code").lower()
    return code if len(code) == 2 and code.isalpha() else None


def _country_name(elem: Element) -> str:
    name = _attr(elem, "countryDescription")
    return "" if name.upper() == "UNKNOWN" else name


def _iso_day(value: str) -> str | None:
    m = _ISO.match(value)
    return iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _true(elem: Element, name: str) -> bool:
    return _attr(elem, name).lower() == "true"


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[str] = []
        self.seen: set[str] = set()

    def warn(self, elem: Element, record: str, message: str) -> None:
        self.warnings.append(f"{self.path}:{line_of(elem)}: {record}: {message}")

    def record_id(self, elem: Element) -> tuple[str, str]:
        ref = _attr(elem, "euReferenceNumber")
        logical = _attr(elem, "logicalId")
        if ref and ref not in self.seen:
            return slug_id(ID_PREFIX, ref), ref
        if not logical:
            raise ListFormatError(
                self.path,
                "<sanctionEntity> has neither a unique euReferenceNumber nor a logicalId",
                line=line_of(elem),
                record=ref or None,
                expected='euReferenceNumber="EU.27.28" and logicalId="13"',
            )
        problem = f"repeated euReferenceNumber {ref}" if ref else "no euReferenceNumber"
        record = f"logical-{logical}"
        self.warn(elem, record, f"{problem}; read as {ID_PREFIX}-{record}")
        return slug_id(ID_PREFIX, record), record

    # -- sections ------------------------------------------------------------------------

    def names(self, entity: Entity, elem: Element) -> None:
        strong: list[tuple[str, str]] = []  # (name, language)
        for alias in children(elem, "nameAlias"):
            whole = _attr(alias, "wholeName")
            first, middle, last = (_attr(alias, a) for a in ("firstName", "middleName", "lastName"))
            whole = whole or " ".join(p for p in (first, middle, last) if p)
            remarks = _remarks(alias)
            if not whole:
                self.warn(alias, entity.source_id, "<nameAlias> without a name skipped")
                continue
            weak = _attr(alias, "strong").lower() == "false" or any(
                _LOW_QUALITY.search(r) for r in remarks
            )
            language = _attr(alias, "nameLanguage")
            if weak:
                entity.add("weakAlias", whole)
            elif any(_FORMER.match(r) for r in remarks):
                entity.add("previousName", whole)
            else:
                strong.append((whole, language))
            if language:
                entity.add("notes", f"Name ({language}): {whole}")
            if entity.schema == "Person":
                if not weak:
                    entity.add("firstName", first)
                    entity.add("middleName", middle)
                    entity.add("lastName", last)
                entity.add("gender", GENDERS.get(_attr(alias, "gender").lower()))
                entity.add("position", _attr(alias, "function"))
            elif _attr(alias, "function"):
                entity.add("notes", f"Function: {_attr(alias, 'function')}")
            entity.add("title", _attr(alias, "title"))
            for remark in remarks:
                entity.add("notes", f"Name {whole}: {remark}")
        # The name: in Latin script, in English or no stated language if there is one.
        ranked = sorted(
            strong, key=lambda n: (name_script(n[0]) != LATIN, n[1].upper() not in ("", "EN"))
        )
        candidates = [n for n, _ in ranked] or entity.get("previousName") or entity.get("weakAlias")
        if not candidates:
            raise ListFormatError(
                self.path,
                "sanctionEntity without a name",
                line=line_of(elem),
                record=entity.source_id,
                expected='a <nameAlias wholeName="...">',
            )
        main = candidates[0]
        entity.add("name", main)
        entity.add_all("alias", [n for n, _ in strong if n != main])

    def regulations(self, entity: Entity, elem: Element) -> None:
        for reg in children(elem, "regulation"):
            entity.add("program", _attr(reg, "programme"))
            bits = [
                _attr(reg, "regulationType"),
                _attr(reg, "organisationType"),
                f"published {_attr(reg, 'publicationDate')}"
                if _attr(reg, "publicationDate")
                else "",
                f"in force {_attr(reg, 'entryIntoForceDate')}"
                if _attr(reg, "entryIntoForceDate")
                else "",
            ]
            title = _attr(reg, "numberTitle") or "(no number)"
            extra = ", ".join(b for b in bits if b)
            entity.add("notes", f"Regulation {title}" + (f" ({extra})" if extra else ""))
            for url in children(reg, "publicationUrl"):
                entity.add("sourceUrl", text(url))

    def birth_dates(self, entity: Entity, elem: Element) -> None:
        for birth in children(elem, "birthdate"):
            calendar = _attr(birth, "calendarType").upper() or "GREGORIAN"
            full = _iso_day(_attr(birth, "birthdate"))
            year, month, day = (_attr(birth, a) for a in ("year", "monthOfYear", "dayOfMonth"))
            dates: list[str] = []
            if full:
                dates = [full]
            elif calendar == "GREGORIAN" and year.isdigit():
                found = iso(
                    int(year),
                    int(month) if month.isdigit() else None,
                    int(day) if day.isdigit() and month.isdigit() else None,
                )
                dates = [found] if found else []
            elif calendar == "GREGORIAN":
                start, end = _attr(birth, "yearRangeFrom"), _attr(birth, "yearRangeTo")
                if start.isdigit() and end.isdigit() and int(start) <= int(end) <= int(start) + 30:
                    dates = [y for y in (iso(n) for n in range(int(start), int(end) + 1)) if y]
            entity.add_all("birthDate", dates)
            if calendar != "GREGORIAN":
                written = "/".join(p for p in (day, month, year) if p)
                if written:
                    entity.add("notes", f"Date of birth ({calendar.lower()} calendar): {written}")
            if _true(birth, "circa") and dates:
                entity.add("notes", f"Date of birth circa {', '.join(dates)}")
            if not dates and calendar == "GREGORIAN" and (year or _attr(birth, "birthdate")):
                self.warn(birth, entity.source_id, "birth date not read")
            place = ", ".join(
                v
                for v in (
                    *(_attr(birth, a) for a in ("place", "city", "zipCode", "region")),
                    _country_name(birth),
                )
                if v
            )
            entity.add("birthPlace", place)
            for remark in _remarks(birth):
                entity.add("notes", f"Birth: {remark}")

    def citizenships(self, entity: Entity, elem: Element) -> None:
        for cit in children(elem, "citizenship"):
            code = _code(cit)
            if code:
                entity.add("citizenship", code)
            elif _country_name(cit) or _attr(cit, "region"):
                entity.add("notes", f"Citizenship: {_country_name(cit) or _attr(cit, 'region')}")
            for remark in _remarks(cit):
                entity.add("notes", f"Citizenship: {remark}")

    def addresses(self, entity: Entity, elem: Element) -> None:
        for addr in children(elem, "address"):
            parts = [
                _attr(addr, a) for a in ("street", "poBox", "city", "zipCode", "region", "place")
            ]
            if parts[1]:
                parts[1] = f"PO Box {parts[1]}"
            parts = [p.strip(" ,") for p in (*parts, _country_name(addr))]
            entity.add("address", ", ".join(p for p in parts if p))
            entity.add("country", _code(addr))
            for contact in children(addr, "contactInfo"):
                key, value = _attr(contact, "key").lower(), _attr(contact, "value")
                prop = CONTACT_PROPS.get(key)
                if prop:
                    entity.add(prop, value)
                elif value:
                    entity.add("notes", f"{_attr(contact, 'key') or 'Contact'}: {value}")
            if _true(addr, "asAtListingTime"):
                entity.add("notes", "Address as at listing time")
            for remark in _remarks(addr):
                entity.add("notes", f"Address: {remark}")

    def identifications(self, entity: Entity, elem: Element) -> None:
        for doc in children(elem, "identification"):
            number = _attr(doc, "number") or _attr(doc, "latinNumber")
            code = _attr(doc, "identificationTypeCode").lower()
            kind = _attr(doc, "identificationTypeDescription") or code or "Identification"
            if not any(c.isalnum() for c in number):
                if _remarks(doc):
                    entity.add("notes", f"{kind}: {'; '.join(_remarks(doc))}")
                continue
            prop = ID_PROPS.get(code, "idNumber")
            if prop == "imoNumber":
                m = re.search(r"(?<!\d)(\d{7})(?!\d)", number)
                if m:
                    number = m.group(1)
                else:
                    prop = "idNumber"
            entity.add(prop, number)
            if _attr(doc, "latinNumber") and _attr(doc, "latinNumber") != number:
                entity.add(prop, _attr(doc, "latinNumber"))
            bits = [_country_name(doc), _attr(doc, "region")]
            bits += [f"issued by {_attr(doc, 'issuedBy')}" if _attr(doc, "issuedBy") else ""]
            bits += [f"issued {_attr(doc, 'issueDate')}" if _attr(doc, "issueDate") else ""]
            bits += [f"valid to {_attr(doc, 'validTo')}" if _attr(doc, "validTo") else ""]
            bits += [
                f"name on document {_attr(doc, 'nameOnDocument')}"
                if _attr(doc, "nameOnDocument")
                else ""
            ]
            bits += [_FLAG_WORDS[f] for f in _FLAGS if _true(doc, f)]
            bits += _remarks(doc)
            extra = "; ".join(b for b in bits if b)
            entity.add("notes", f"{kind}: {number}" + (f" ({extra})" if extra else ""))

    # -- one record ----------------------------------------------------------------------

    def entity(self, elem: Element) -> Entity:
        entity_id, source_id = self.record_id(elem)
        self.seen.add(source_id)
        subject = next(children(elem, "subjectType"), None)
        code = _attr(subject, "code").lower() if subject is not None else ""
        schema = SCHEMAS.get(code)
        if schema is None:
            self.warn(elem, source_id, f"unknown subjectType {code!r}; read as LegalEntity")
            schema = "LegalEntity"
        entity = Entity(entity_id, schema, SOURCE, source_id)
        un_ref = _attr(elem, "unitedNationId")
        if un_ref:
            entity.add("notes", f"UN Ref {un_ref}")
        self.names(entity, elem)
        self.regulations(entity, elem)
        for remark in _remarks(elem):
            entity.add("notes", remark)
        entity.add("notes", _attr(elem, "designationDetails"))
        self.birth_dates(entity, elem)
        self.citizenships(entity, elem)
        self.addresses(entity, elem)
        self.identifications(entity, elem)
        entity.add("createdAt", _iso_day(_attr(elem, "designationDate")))
        if _attr(elem, "logicalId"):
            entity.add("notes", f"EU FSF logical id: {_attr(elem, 'logicalId')}")
        known = {
            "remark",
            "regulation",
            "subjectType",
            "nameAlias",
            "birthdate",
            "citizenship",
            "address",
            "identification",
        }
        for sub in children(elem):
            name = local(sub.tag)
            if name not in known:
                value = " ".join(" ".join(t for t in sub.itertext() if isinstance(t, str)).split())
                attrs = "; ".join(f"{k!s}={v!s}" for k, v in sub.attrib.items() if v)
                entity.add("notes", f"{name}: {value or attrs}" if value or attrs else None)
                self.warn(sub, source_id, f"unknown element <{name}> kept in notes")
        return entity


def read(path: Path) -> ListData:
    """Read an EU FSF XML 1.1 file; every record or none."""
    path = Path(path)
    namespace = check_root(path, ROOT, EXPECTED)
    reader = _Reader(path)
    entities: list[Entity] = []
    generated = ""
    for _name, elem in iter_elements(path, namespace, TAGS, EXPECTED):
        if not entities:
            root = elem.getparent()
            generated = _attr(root, "generationDate") if root is not None else ""
        entities.append(reader.entity(elem))
    if not entities:
        raise ListFormatError(path, "no <sanctionEntity> records", expected=EXPECTED)
    published = _iso_day(generated)
    warnings = reader.warnings
    if namespace != NAMESPACE:
        warnings.append(f"{path}: namespace {namespace or '(none)'!r}, not {NAMESPACE!r}")
    if published is None:
        warnings.append(f"{path}: no usable generationDate on <{ROOT}>")
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
