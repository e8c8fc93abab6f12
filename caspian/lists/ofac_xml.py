"""OFAC's classic XML (SDN.XML and CONSOLIDATED.XML, root `<sdnList>`).

This module also holds what the three OFAC XML readers share: streaming the XML with
errors that name the line, and turning OFAC's identifier and feature types ("Tax ID No.",
"Vessel Registration Identification", "Gender", ...) into FtM properties. The types are
the same strings in all OFAC formats, so one mapping keeps a record's properties the same
whichever file it was read from.

Elements are matched by local name, so the current namespace
(https://sanctionslistservice.ofac.treas.gov/.../exports/XML), the old
`http://tempuri.org/sdnList.xsd` one and namespace-less copies all read the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from lxml import etree

from caspian.dates import iso, parse_dates, parse_slashed
from caspian.geo.countries import to_code
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.ofac_remarks import ID_LABELS, phone_number
from caspian.lists.text import BOM, decode
from caspian.model import Entity, slug_id

FORMAT = "ofac-xml"
ROOT = "sdnList"
EXPECTED = "an OFAC classic XML list (SDN.XML or CONSOLIDATED.XML, root <sdnList>)"

Element = etree._Element

# --------------------------------------------------------------------------------------
# XML plumbing shared by the OFAC readers


def local(tag: object) -> str:
    """Local name of an element tag ('' for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def children(elem: Element, name: str | None = None) -> Iterator[Element]:
    """Child elements, optionally only those with a given local name."""
    for child in elem:
        if isinstance(child.tag, str) and (name is None or local(child.tag) == name):
            yield child


def line_of(elem: Element) -> int | None:
    """Source line of an element (the stubs type it loosely)."""
    line = elem.sourceline
    return line if isinstance(line, int) else None


def child(elem: Element, name: str) -> Element | None:
    return next(children(elem, name), None)


def text(elem: Element | None) -> str | None:
    """Stripped text of an element, None when absent or blank."""
    if elem is None or elem.text is None:
        return None
    value = elem.text.strip()
    return value or None


def child_text(elem: Element, name: str) -> str | None:
    return text(child(elem, name))


def fields(elem: Element) -> dict[str, str]:
    """Leaf children by local name (first one wins): the shape of most OFAC records."""
    out: dict[str, str] = {}
    for sub in children(elem):
        value = text(sub)
        if value is not None:
            out.setdefault(local(sub.tag), value)
    return out


def _parser_kwargs() -> dict[str, bool]:
    # No entity expansion or network access: list files come from outside.
    return {"resolve_entities": False, "no_network": True, "huge_tree": True}


def _syntax_error(path: Path, exc: etree.XMLSyntaxError, expected: str) -> ListFormatError:
    message = str(exc.msg or exc).split(", line ")[0]
    if "encoding" in message.lower() or "utf-8" in message.lower():
        # The decoder names the byte and the line better than libxml2 does.
        try:
            decode(path, path.read_bytes())
        except ListFormatError as err:
            return err
    return ListFormatError(
        path, f"malformed XML: {message}", line=exc.lineno or None, expected=expected
    )


def _check_not_empty(path: Path, fh: IO[bytes]) -> None:
    head = fh.read(4096)
    if not head.strip(b" \t\r\n" + BOM) and not fh.read(1):
        raise ListFormatError(path, "file is empty", expected="list records")
    fh.seek(0)


def check_root(path: Path, root: str, expected: str) -> str:
    """Namespace URI ('' if none) of a file whose root element must be `root`."""
    try:
        with path.open("rb") as fh:
            _check_not_empty(path, fh)
            for _event, elem in etree.iterparse(fh, events=("start",), **_parser_kwargs()):
                found = local(elem.tag)
                if found != root:
                    raise ListFormatError(
                        path,
                        f"root element is <{found}>, not <{root}>",
                        line=line_of(elem),
                        expected=expected,
                    )
                return etree.QName(elem).namespace or ""
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc, expected) from None
    raise ListFormatError(path, "no XML element found", line=1, expected=expected)


def iter_elements(
    path: Path, namespace: str, tags: Sequence[str], expected: str
) -> Iterator[tuple[str, Element]]:
    """Yield (local name, element) as each element in `tags` ends, freeing it afterwards.

    Streaming keeps memory flat on sdn_advanced.xml (~120 MB); a syntax error anywhere,
    including a truncated end, raises before the caller returns anything.
    """
    wanted = [f"{{{namespace}}}{t}" if namespace else t for t in tags]
    try:
        with path.open("rb") as fh:
            context = etree.iterparse(fh, events=("end",), tag=wanted, **_parser_kwargs())
            for _event, elem in context:
                yield local(elem.tag), elem
                elem.clear(keep_tail=False)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc, expected) from None


# --------------------------------------------------------------------------------------
# OFAC identifier and feature types -> FtM properties (shared by all OFAC XML readers)

_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_TRAILING_COUNTRY = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_DIGITS = re.compile(r"\D")

# Exact OFAC type names (lower case, straight apostrophes).
DETAIL_PROPS: dict[str, str] = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "national id no.": "idNumber",
    "identification number": "idNumber",
    "tax id no.": "taxNumber",
    "v.a.t. number": "vatCode",
    "registration id": "registrationNumber",
    "registration number": "registrationNumber",
    "swift/bic": "swiftBic",
    "email address": "email",
    "website": "website",
    "phone number": "phone",
    "legal entity number": "leiCode",
    "d-u-n-s number": "dunsCode",
    "vessel registration identification": "imoNumber",
    "mmsi": "mmsi",
    "vessel call sign": "callSign",
    "other vessel call sign": "callSign",
    "vessel flag": "flag",
    "other vessel flag": "flag",
    "former vessel flag": "pastFlags",
    "vessel type": "type",
    "other vessel type": "type",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "grossRegisteredTonnage",
    "vessel year of build": "buildDate",
    "aircraft model": "model",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "aircraft construction number (also called l/n or s/n or f/n)": "serialNumber",
    "aircraft tail number": "registrationNumber",
    "previous aircraft tail number": "registrationNumber",
    "aircraft manufacture date": "buildDate",
    "birthdate": "birthDate",
    "place of birth": "birthPlace",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
    "nationality of registration": "country",
    "registration country": "country",
    "organization type:": "sector",
    "organization established date": "incorporationDate",
    "gender": "gender",
    "title": "title",
    "location": "address",
}
# Values that describe the record but are not a property of their own.
NOTE_TYPES = {"vessel owner", "aircraft operator"}
# Sanctions information (directives, risk, CMIC dates, securities): notes only.
_NOTE_ONLY = re.compile(
    r"directive|sanction|target type|organization type|caatsa|ifca|peesa|executive order|"
    r"listing date|effective date|purchase/sales|\bisin\b|ticker|issuer name|micex|"
    r"transactions prohibited|un/locode",
    re.I,
)
# Keyword fallbacks for the many national identifier types, checked in order.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("passport", "passportNumber"),
    ("driver", "idNumber"),
    ("government gazette", "registrationNumber"),
    ("tax", "taxNumber"),
    ("fiscal", "taxNumber"),
    ("v.a.t", "vatCode"),
    ("registration", "registrationNumber"),
    ("registry", "registrationNumber"),
    ("register", "registrationNumber"),
    ("company number", "registrationNumber"),
    ("business number", "registrationNumber"),
    ("enterprise number", "registrationNumber"),
    ("incorporation", "registrationNumber"),
    ("chamber of commerce", "registrationNumber"),
    ("trade license", "registrationNumber"),
    ("c.r. no", "registrationNumber"),
    ("credit code", "registrationNumber"),
    ("matricula", "registrationNumber"),
    ("national id", "idNumber"),
    ("identification", "idNumber"),
    ("identity", "idNumber"),
    ("id card", "idNumber"),
    ("id no", "idNumber"),
    ("cedula", "idNumber"),
    ("birth certificate", "idNumber"),
    ("social security", "idNumber"),
    ("residency", "idNumber"),
    ("electoral", "idNumber"),
    ("immigration", "idNumber"),
    ("travel document", "idNumber"),
)
# The CSV remarks parser's labels come first, so a record gets the same properties
# from sdn.csv as from the XML files.
_CSV_LABELS = {label.lower().replace("\u2019", "'"): p for label, p in ID_LABELS.items()}
COUNTRY_PROPS = {"nationality", "citizenship", "jurisdiction", "country", "flag", "pastFlags"}
DATE_PROPS = {"birthDate", "incorporationDate", "buildDate"}
TEXT_PROPS = {
    "birthPlace",
    "title",
    "address",
    "type",
    "tonnage",
    "grossRegisteredTonnage",
    "model",
    "sector",
}


def period_dates(start: tuple[int, int, int] | None, end: tuple[int, int, int] | None) -> list[str]:
    """ISO prefixes for a date period as the advanced/enhanced XML write them.

    OFAC writes a birth year as 1 January to 31 December of that year, a month as its
    first to last day; a span of whole years gives each year, like "1958 to 1959" would.
    """
    start = start or end
    end = end or start
    if start is None or end is None:
        return []
    (y1, m1, d1), (y2, m2, d2) = start, end
    if start == end:
        out = [iso(y1, m1, d1)]
    elif (m1, d1, m2, d2) == (1, 1, 12, 31) and 0 <= y2 - y1 <= 20:
        out = [iso(y) for y in range(y1, y2 + 1)]
    elif (y1, m1) == (y2, m2) and d1 == 1 and d2 >= 28:
        out = [iso(y1, m1)]
    else:
        out = [iso(y1, m1, d1), iso(y2, m2, d2)]
    return [d for d in out if d]


def iso_tuple(value: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) from 'YYYY-MM-DD[T...]', or None."""
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def ensure_name(entity: Entity) -> bool:
    """Give an entity whose names are all aliases (e.g. only non-Latin) its first alias as
    name, so it stays screenable; False when it has no name at all."""
    if entity.get("name"):
        return True
    for prop in ("alias", "weakAlias", "previousName"):
        if entity.get(prop):
            entity.add("name", entity.get(prop)[0])
            return True
    return False


def clean_name(value: str | None) -> str | None:
    """A name without the bidi control marks OFAC wraps Arabic-script names in."""
    return _BIDI.sub("", value) if value else value


def id_prop(kind: str, number: str, country: str | None) -> tuple[str, bool]:
    """FtM property for an OFAC identifier type, and whether the type was recognised.

    Russian tax numbers are INNs; Russian 13/15-digit registration numbers are OGRNs;
    the Russian "Government Gazette Number" is the OKPO code.
    """
    key = kind.lower().replace("\u2019", "'")
    prop = _CSV_LABELS.get(key) or DETAIL_PROPS.get(key)
    if prop is None:
        prop = next((p for word, p in _KEYWORDS if word in key), None)
    if prop is None:
        return "idNumber", False
    if country == "ru":
        digits = _DIGITS.sub("", number)
        if prop == "taxNumber" and len(digits) in (10, 12) and digits == number:
            return "innCode", True
        if prop == "registrationNumber" and len(digits) in (13, 15) and digits == number:
            return "ogrnCode", True
        if "government gazette" in key:
            return "okpoCode", True
    return prop, True


def split_country(number: str) -> tuple[str, str | None]:
    """OFAC sometimes writes the country into the number: '1026303117642 (Russia)'."""
    m = _TRAILING_COUNTRY.match(number)
    if m and to_code(m.group(2)):
        return m.group(1), m.group(2)
    return number, None


def note_text(kind: str, value: str, bits: Sequence[str] = ()) -> str:
    """'Type: value (bits)', in OFAC's own style when the type ends in ':' or '-'."""
    label = f"{kind} {value}" if kind.rstrip()[-1:] in (":", "-") else f"{kind}: {value}"
    extra = [b for b in bits if b]
    return f"{label} ({'; '.join(extra)})" if extra else label


def add_detail(
    entity: Entity,
    kind: str,
    value: str | None,
    *,
    country: str | None = None,
    country_code: str | None = None,
    dates: Sequence[str] = (),
    bits: Sequence[str] = (),
) -> None:
    """Add one OFAC identifier or feature to an entity, under the property its type means.

    `country` is the issuing country as written, `country_code` its ISO code when the file
    gives one, `dates` ISO dates already parsed by the caller (for date features), `bits`
    extra facts (issue/expiry dates, validity) that go into the note with the value.
    Anything without a property of its own is kept in `notes`.
    """
    value = (clean_name(value) or "").strip()
    kind = " ".join(kind.split())
    if not value and not dates:
        return
    key = kind.lower().replace("\u2019", "'")
    if key in NOTE_TYPES or (key not in DETAIL_PROPS and _NOTE_ONLY.search(key)):
        entity.add("notes", note_text(kind, value, bits))
        return
    prop = DETAIL_PROPS.get(key)
    if prop in COUNTRY_PROPS:
        _add_country(entity, prop, kind, value, country_code)
    elif prop in DATE_PROPS:
        _add_dates(entity, prop, kind, value, dates)
    elif prop == "gender":
        _add_gender(entity, kind, value)
    elif prop in TEXT_PROPS:
        entity.add(prop, value)
    else:
        _add_identifier(entity, kind, value, country, country_code, bits)


def _add_country(entity: Entity, prop: str, kind: str, value: str, code: str | None) -> None:
    resolved = (code or "").lower() or to_code(value)
    if resolved:
        entity.add(prop, resolved)
    else:
        entity.add("notes", note_text(kind, value))


def _add_dates(entity: Entity, prop: str, kind: str, value: str, dates: Sequence[str]) -> None:
    found = list(dates) or parse_dates(value)
    if found:
        entity.add_all(prop, found)
    else:
        entity.add("notes", note_text(kind, value))


def _add_gender(entity: Entity, kind: str, value: str) -> None:
    gender = value.strip().lower()
    if gender in ("male", "female"):
        entity.add("gender", gender)
    else:
        entity.add("notes", note_text(kind, value))


def _add_identifier(
    entity: Entity,
    kind: str,
    number: str,
    country: str | None,
    country_code: str | None,
    bits: Sequence[str],
) -> None:
    number, inline_country = split_country(number)
    country = country or inline_country
    bits = [b for b in bits if b]
    code = (country_code or "").lower() or to_code(country)
    prop, known = id_prop(kind, number, code)
    if prop == "imoNumber":
        m = re.search(r"\b(\d{7})\b", number)
        if m:
            number = m.group(1)
        else:
            prop, known = "idNumber", False
    elif prop == "phone":
        number = phone_number(number) or number
    entity.add(prop, number)
    if not known or country or bits:
        entity.add("notes", note_text(kind, number, [country or "", *bits]))


# --------------------------------------------------------------------------------------
# The classic <sdnList> reader

SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
ADDRESS_PARTS = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode")
TITLES = {
    "ofac-sdn": "OFAC Specially Designated Nationals (SDN) List",
    "ofac-cons": "OFAC Consolidated Sanctions List (non-SDN)",
}
SDN_LIST = "SDN List"  # the list name the newer formats give SDN entries
# Address parts, as the newer formats name them, in the order the classic XML and the CSV
# write them.
ADDRESS_ORDER = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "POSTAL CODE",
                 "REGION")  # fmt: skip
# Programs and id types of the non-SDN lists (PLC, FSE, CMIC, SSI, MBS, CAPTA, Part 561).
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
            _add_country(entity, prop, kind, value, None)


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
                _add_dates(entity, "birthDate", "DOB", value, ())
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
    date = f.get("Publish_Date")
    published = parse_slashed(date, day_first=False) if date else None
    if date and not published:
        published = next(iter(parse_dates(date)), None)
    count = f.get("Record_Count", "")
    return published, int(count) if count.isdigit() else None


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


def read(path: Path) -> ListData:
    """Read SDN.XML or CONSOLIDATED.XML."""
    path = Path(path)
    namespace = check_root(path, ROOT, EXPECTED)
    published: str | None = None
    declared: int | None = None
    records: list[tuple[Entity, bool]] = []
    warnings: list[str] = []
    seen: set[str] = set()
    tags = ("publshInformation", "publishInformation", "sdnEntry")
    for name, elem in iter_elements(path, namespace, tags, EXPECTED):
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
