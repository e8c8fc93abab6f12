"""The three OFAC XML readers, on the real files: classic consolidated.xml (2024-05-06),
cons_advanced.xml (2020-03-17), the IRGC ENHANCED_XML export (2024-08-28) and the
Sanctions List Service's CONS_ENHANCED.XML (2025-01-10)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from caspian.lists import ofac_advanced, ofac_enhanced, ofac_xml
from caspian.lists.base import ListData, ListFormatError
from caspian.model import Entity

CLASSIC = "ofac/consolidated_xml_2024-05-06/consolidated.xml"
ADVANCED = "ofac/cons_advanced_xml_2020-03-17/cons_advanced.xml"
ENHANCED = "ofac/sls_custom_enhanced_xml_irgc_2024-08-28/IRGC_sanctions.xml"
UN_XML = "un/consolidated_xml_2026-02-27/consolidated.xml"

Reader = Callable[[Path], ListData]


@pytest.fixture(scope="module")
def classic(lists_dir: Path) -> ListData:
    return ofac_xml.read(lists_dir / CLASSIC)


@pytest.fixture(scope="module")
def advanced(lists_dir: Path) -> ListData:
    return ofac_advanced.read(lists_dir / ADVANCED)


@pytest.fixture(scope="module")
def enhanced(lists_dir: Path) -> ListData:
    return ofac_enhanced.read(lists_dir / ENHANCED)


def entity(data: ListData, source_id: str) -> Entity:
    [found] = [e for e in data.entities if e.source_id == source_id]
    return found


def raw(lists_dir: Path, rel: str) -> str:
    return (lists_dir / rel).read_text(encoding="utf-8")


# -- classic <sdnList> -----------------------------------------------------------------


def test_classic_counts(classic: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, CLASSIC)
    assert text.count("<sdnEntry>") == 443
    assert "<Record_Count>443</Record_Count>" in text
    assert len(classic.entities) == 443
    assert len({e.id for e in classic.entities}) == 443
    types = Counter(re.findall(r"<sdnType>([^<]+)</sdnType>", text))
    assert types == {"Entity": 364, "Individual": 79}
    assert Counter(e.schema for e in classic.entities) == {"Organization": 364, "Person": 79}
    assert classic.warnings == []  # Record_Count matches


def test_classic_metadata(classic: ListData, lists_dir: Path) -> None:
    assert (classic.source, classic.format) == ("ofac-cons", "ofac-xml")
    assert classic.published == "2024-05-06"
    assert classic.published_from == "file"
    assert classic.files == [lists_dir / CLASSIC]
    assert all(e.source == "ofac-cons" for e in classic.entities)
    assert all(e.id == f"ofac-cons-{e.source_id}" for e in classic.entities)


def test_classic_haniya(classic: ListData) -> None:
    haniya = entity(classic, "9639")
    assert haniya.id == "ofac-cons-9639"
    assert haniya.schema == "Person"
    assert haniya.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert haniya.get("firstName") == ["Ismail Abdul Salah"]
    assert haniya.get("lastName") == ["HANIYA"]
    assert haniya.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    assert haniya.get("birthDate") == ["1962"]
    assert haniya.get("birthPlace") == ["Shati"]
    assert haniya.get("program") == ["NS-PLC"]


def test_classic_russian_bank_ids(classic: ListData) -> None:
    vtb = entity(classic, "17013")
    assert vtb.schema == "Organization"
    assert vtb.get("name") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]
    assert vtb.get("ogrnCode") == ["1027739609391"]  # Registration ID, Russia, 13 digits
    assert vtb.get("innCode") == ["7702070139"]  # Tax ID No., Russia
    assert vtb.get("okpoCode") == ["00032520"]  # Government Gazette Number, Russia
    assert vtb.get("leiCode") == ["253400V1H6ART1UQ0N98"]
    assert vtb.get("swiftBic") == ["VTBRRUMM"]
    assert vtb.get("website") == ["www.vtb.com", "www.vtb.ru"]
    assert vtb.get("incorporationDate") == ["1990-10-17"]
    assert vtb.get("program") == ["UKRAINE-EO13662", "RUSSIA-EO14024"]
    assert vtb.get("country") == ["ru"]
    assert "37 Plyushchikha ul., Moscow, 119121, Russia" in vtb.get("address")
    assert "JSC VTB BANK" in vtb.get("previousName")  # f.k.a.
    assert "VTB BANK PJSC" in vtb.get("alias")
    notes = vtb.get("notes")
    # unknown id types are kept as idNumber with a typed note; sanctions info as notes
    assert "044030707" in vtb.get("idNumber")
    assert "BIK (RU): 044030707" in notes
    assert "Executive Order 13662 Directive Determination - Subject to Directive 1" in notes
    assert "Target Type: Financial Institution" in notes
    assert not any(v.startswith("Subject to") for v in vtb.get("idNumber"))


def test_classic_id_number_with_country_inside(classic: ListData) -> None:
    # <idNumber>1026303117642 (Russia)</idNumber> with no <idCountry>
    [owner] = [e for e in classic.entities if "1026303117642" in e.get("ogrnCode")]
    assert not any("(Russia)" in v for v in owner.get("registrationNumber"))


def test_classic_alias_categories(classic: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, CLASSIC)
    kinds = Counter(re.findall(r"<type>(\S+)</type>\s*<category>(\w+)</category>", text))
    assert kinds == {
        ("a.k.a.", "strong"): 919,
        ("f.k.a.", "strong"): 141,
        ("a.k.a.", "weak"): 63,
        ("f.k.a.", "weak"): 3,
    }

    def total(prop: str) -> int:
        return sum(len(e.get(prop)) for e in classic.entities)

    assert total("alias") == 919
    assert total("weakAlias") == 63
    assert total("previousName") == 141 + 3  # f.k.a. is a previous name, weak or strong


def test_classic_people_details(classic: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, CLASSIC)
    assert text.count("<nationality>") == text.count("<citizenship>") == 1
    zahhar = entity(classic, "9647")
    assert zahhar.get("nationality") == ["ps"]  # "Palestinian"
    assert zahhar.get("gender") == ["male"]  # an idList entry of type Gender
    assert zahhar.get("address") == ["Region: Gaza"]  # not a country: kept as a place
    assert "country" not in zahhar.properties
    assert zahhar.get("weakAlias") == ["ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]
    assert "(Linked To: HAMAS)" in zahhar.get("notes")
    kayakiran = entity(classic, "26182")
    assert kayakiran.get("citizenship") == ["tr"]
    assert kayakiran.get("passportNumber") == ["U00242309"]
    assert "Passport: U00242309 (Turkey)" in kayakiran.get("notes")
    assert kayakiran.get("birthDate") == ["1980-02-08"]
    assert [e.source_id for e in classic.entities if e.get("nationality")] == ["9647"]
    assert [e.source_id for e in classic.entities if e.get("citizenship")] == ["26182"]


@pytest.mark.parametrize("namespace", ["", "http://tempuri.org/sdnList.xsd"])
def test_classic_old_namespaces(tmp_path: Path, lists_dir: Path, namespace: str) -> None:
    text = raw(lists_dir, CLASSIC)
    new = f' xmlns="{namespace}"' if namespace else ""
    text = re.sub(r' xmlns="https://sanctionslistservice[^"]+"', new, text, count=1)
    path = tmp_path / "sdn.xml"
    path.write_text(text, encoding="utf-8")
    data = ofac_xml.read(path)
    assert data.source == "ofac-sdn"  # the file name says SDN
    assert len(data.entities) == 443
    assert entity(data, "9639").get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    assert entity(data, "9639").id == "ofac-sdn-9639"


def test_classic_source_from_content(tmp_path: Path, lists_dir: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes((lists_dir / CLASSIC).read_bytes())
    data = ofac_xml.read(path)
    assert data.source == "ofac-cons"
    assert any("told from the entries" in w for w in data.warnings)


def test_classic_record_count_mismatch_warns(tmp_path: Path, lists_dir: Path) -> None:
    path = tmp_path / "consolidated.xml"
    text = raw(lists_dir, CLASSIC).replace("<Record_Count>443<", "<Record_Count>444<")
    path.write_text(text, encoding="utf-8")
    data = ofac_xml.read(path)
    assert len(data.entities) == 443
    assert data.warnings == ["consolidated.xml: Record_Count says 444 entries, the file has 443"]


def test_classic_vessel_info(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text(
        """<?xml version="1.0"?>
<sdnList><publshInformation><Publish_Date>12/31/2023</Publish_Date>
<Record_Count>1</Record_Count></publshInformation>
<sdnEntry><uid>9999</uid><lastName>SEA STAR</lastName><sdnType>Vessel</sdnType>
<programList><program>IRAN</program></programList>
<idList><id><uid>1</uid><idType>Vessel Registration Identification</idType>
<idNumber>IMO 9187629</idNumber></id>
<id><uid>2</uid><idType>MMSI</idType><idNumber>572469210</idNumber></id>
<id><uid>3</uid><idType>Made Up Number</idType><idNumber>X-1</idNumber></id></idList>
<vesselInfo><callSign>9HOM9</callSign><vesselType>Crude Oil Tanker</vesselType>
<vesselFlag>Panama</vesselFlag><vesselOwner>NITC</vesselOwner><tonnage>150000</tonnage>
<grossRegisteredTonnage>81000</grossRegisteredTonnage></vesselInfo></sdnEntry></sdnList>
""",
        encoding="utf-8",
    )
    data = ofac_xml.read(path)
    assert (data.source, data.published) == ("ofac-sdn", "2023-12-31")
    [ship] = data.entities
    assert (ship.id, ship.schema) == ("ofac-sdn-9999", "Vessel")
    assert ship.get("imoNumber") == ["9187629"]
    assert ship.get("mmsi") == ["572469210"]
    assert ship.get("callSign") == ["9HOM9"]
    assert ship.get("type") == ["Crude Oil Tanker"]
    assert ship.get("flag") == ["pa"]
    assert ship.get("tonnage") == ["150000"]
    assert ship.get("grossRegisteredTonnage") == ["81000"]
    assert ship.get("idNumber") == ["X-1"]
    assert ship.get("notes") == ["Made Up Number: X-1", "Vessel Owner: NITC"]


# -- advanced (Sanctions) ----------------------------------------------------------------


def test_advanced_counts(advanced: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, ADVANCED)
    assert text.count("<DistinctParty ") == 375
    assert text.count("<SanctionsEntry ") == 759
    assert len(advanced.entities) == 375
    assert len({e.id for e in advanced.entities}) == 375
    # PartySubType 4 is an Individual, 3 an Entity (ReferenceValueSets)
    assert '<PartySubType ID="4" PartyTypeID="1">Unknown' in text
    subtypes = Counter(re.findall(r'<Profile ID="\d+" PartySubTypeID="(\d+)"', text))
    assert subtypes == {"3": 293, "4": 82}
    assert Counter(e.schema for e in advanced.entities) == {"Organization": 293, "Person": 82}
    # every SanctionsEntry became one "Sanctions list" note on its party
    listed = sum(
        1 for e in advanced.entities for n in e.get("notes") if n.startswith("Sanctions list: ")
    )
    assert listed == 759
    assert advanced.warnings == []


def test_advanced_metadata(advanced: ListData) -> None:
    assert (advanced.source, advanced.format) == ("ofac-cons", "ofac-advanced-xml")
    assert advanced.published == "2020-03-17"
    assert all(e.id == f"ofac-cons-{e.source_id}" for e in advanced.entities)


def test_advanced_haniya(advanced: ListData) -> None:
    haniya = entity(advanced, "9639")
    assert haniya.schema == "Person"
    assert haniya.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert haniya.get("lastName") == ["HANIYA"]
    assert haniya.get("firstName") == ["Ismail Abdul Salah"]
    assert haniya.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    assert haniya.get("birthDate") == ["1962"]  # DatePeriod 1962-01-01 .. 1962-12-31
    assert haniya.get("birthPlace") == ["Shati"]
    assert haniya.get("program") == ["NS-PLC"]
    assert haniya.get("createdAt") == ["2006-04-12"]  # earliest EntryEvent
    assert "address" not in haniya.properties  # its only Location is "undetermined"


def test_advanced_russian_bank(advanced: ListData) -> None:
    vtb = entity(advanced, "17013")
    assert vtb.get("name") == ["VTB BANK OAO"]  # the 2020 primary name
    assert vtb.get("ogrnCode") == ["1027739609391"]
    assert vtb.get("innCode") == ["7702070139"]
    assert vtb.get("okpoCode") == ["00032520"]
    assert vtb.get("swiftBic") == ["VTBRRUMM"]
    assert vtb.get("website") == ["www.vtb.com"]
    assert vtb.get("program") == ["UKRAINE-EO13662"]
    assert vtb.get("country") == ["ru"]
    assert vtb.get("createdAt") == ["2014-07-29"]
    assert "37 Plyushchikha ul., Moscow, 119121, Russia" in vtb.get("address")
    assert "VNESHTORGBANK" in vtb.get("previousName")  # AliasType F.K.A.
    assert "JSC VTB BANK" in vtb.get("alias")
    assert "Executive Order 13662 Directive Determination - Subject to Directive 1" in vtb.get(
        "notes"
    )
    assert "Sanctions list: Sectoral Sanctions Identifications List" in vtb.get("notes")


def test_advanced_relationships_and_weak_aliases(advanced: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, ADVANCED)
    assert text.count('To-ProfileID="17013"') == 22
    link = "Linked To: VTB BANK OAO (Owned or Controlled By)"
    assert sum(link in e.get("notes") for e in advanced.entities) == 22
    kinds = Counter(re.findall(r'AliasTypeID="(\d+)" Primary="false" LowQuality="(\w+)"', text))
    assert kinds == {
        ("1400", "false"): 801,
        ("1400", "true"): 30,
        ("1401", "false"): 83,
        ("1401", "true"): 1,
    }

    def total(prop: str) -> int:
        return sum(len(e.get(prop)) for e in advanced.entities)

    assert total("alias") == 801
    # party 18769 lists the weak a.k.a. "VYSOKOTOCHNYE KOMPLEKSY" twice: kept once
    assert total("weakAlias") == 29
    assert entity(advanced, "18769").get("weakAlias").count("VYSOKOTOCHNYE KOMPLEKSY") == 1
    assert total("previousName") == 84


def test_same_record_same_id_across_formats(classic: ListData, advanced: ListData) -> None:
    classic_ids = {e.id for e in classic.entities}
    advanced_ids = {e.id for e in advanced.entities}
    assert {"ofac-cons-9639", "ofac-cons-17013"} <= classic_ids & advanced_ids
    assert len(classic_ids & advanced_ids) > 300
    assert entity(classic, "9639").get("name") == entity(advanced, "9639").get("name")
    assert entity(classic, "9639").get("alias") == entity(advanced, "9639").get("alias")


def test_advanced_sdn_file_is_ofac_sdn(tmp_path: Path, lists_dir: Path) -> None:
    # A file whose every SanctionsEntry is on the SDN List reads as ofac-sdn.
    text = re.sub(r'ListID="\d+"', 'ListID="1550"', raw(lists_dir, ADVANCED))
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text, encoding="utf-8")
    data = ofac_advanced.read(path)
    assert data.source == "ofac-sdn"
    assert entity(data, "9639").id == "ofac-sdn-9639"


# -- enhanced (sanctionsData) ------------------------------------------------------------


def test_enhanced_counts(enhanced: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, ENHANCED)
    assert text.count("<entity id=") == 293
    assert len(enhanced.entities) == 293
    assert len({e.id for e in enhanced.entities}) == 293
    types = Counter(re.findall(r">(\w+)</entityType>", text))
    assert types == {"Individual": 165, "Entity": 84, "Aircraft": 44}
    assert Counter(e.schema for e in enhanced.entities) == {
        "Person": 165,
        "Organization": 84,
        "Airplane": 44,
    }
    assert enhanced.warnings == []


def test_enhanced_metadata(enhanced: ListData) -> None:
    assert (enhanced.source, enhanced.format) == ("ofac-sls-irgc", "ofac-enhanced-xml")
    assert enhanced.published == "2024-08-28"
    assert "IRGC" in enhanced.title
    # every entity of this export is on the SDN List
    assert all(e.id == f"ofac-sdn-{e.source_id}" for e in enhanced.entities)
    assert all("IRGC" in e.get("program") for e in enhanced.entities)


def test_enhanced_shahed(enhanced: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, ENHANCED)
    assert text.upper().count("SHAHED AVIATION INDUSTRIES") == 15  # SOURCES.md
    [shahed] = [
        e for e in enhanced.entities if any("SHAHED AVIATION INDUSTRIES" in n for _, n in e.names())
    ]
    assert shahed.id == "ofac-sdn-39637"
    assert shahed.schema == "Organization"
    assert shahed.get("name") == ["SHAHED AVIATION INDUSTRIES RESEARCH CENTER"]
    assert shahed.get("alias") == [
        "SHAHED AVIATION INDUSTRIES RESEARCH CENTRE",
        "SHAHED AVIATION INDUSTRIES RESEARCH",
        "تحقیقات صنایع هوایی شاهد",  # Arabic-script translation, bidi marks removed
        "SHAHED AVIATION INDUSTRIES",
        "SHAHED AVIATION",
        "SHAHED AVIATION INDUSTRIES COMPLEX",
    ]
    assert shahed.get("weakAlias") == ["SAIRC", "SAIC"]
    assert shahed.get("address") == ["Shahid Lavi Street, Sajad Street, Isfahan, Iran"]
    assert shahed.get("country") == ["ir"]
    assert shahed.get("program") == ["IFSR", "IRGC", "NPWMD"]
    assert shahed.get("website") == ["http://www.shahedaviation.com"]
    assert shahed.get("createdAt") == ["2022-11-15"]
    assert (
        "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS AIR FORCE (Providing support to)"
        in shahed.get("notes")
    )


def test_enhanced_kimia_part_sivan_links(enhanced: ListData, lists_dir: Path) -> None:
    text = raw(lists_dir, ENHANCED)
    assert text.upper().count("KIMIA PART SIVAN") == 7  # SOURCES.md: all in relationships
    linked = [
        e.source_id
        for e in enhanced.entities
        if any(n.startswith("Linked To: KIMIA PART SIVAN COMPANY LLC") for n in e.get("notes"))
    ]
    assert len(linked) == 7
    fatehi = entity(enhanced, "48672")
    assert fatehi.get("name") == ["FATEHI, Mohammad Sadegh"]
    assert fatehi.get("idNumber") == ["1288345801"]
    assert fatehi.get("birthDate") == ["1982-09-21"]
    assert fatehi.get("gender") == ["male"]
    assert fatehi.get("nationality") == ["ir"]


def test_enhanced_qods_force(enhanced: ListData) -> None:
    qods = entity(enhanced, "10465")
    assert qods.get("name") == ["ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"]
    assert {"QODS FORCE", "IRGC-QF", "SEPAH-E QODS"} <= set(qods.get("alias"))
    assert qods.get("country") == ["ir", "sy"]
    assert qods.get("createdAt") == ["2007-10-25"]
    assert "FTO" in qods.get("program")


def test_enhanced_person_with_passport(enhanced: ListData) -> None:
    osanloo = entity(enhanced, "40016")
    assert osanloo.get("name") == ["OSANLOO, Mohammad Taghi"]
    assert osanloo.get("title") == ["IRGC Brigadier General"]
    assert osanloo.get("alias")[0] == "محمد تقی اصانلو"  # non-Latin primary -> alias
    assert "OSANLU, Mohammad Taqi" in osanloo.get("alias")
    assert osanloo.get("passportNumber") == ["G10512748"]
    assert "Passport: G10512748 (Iran; expires 2024-04-13)" in osanloo.get("notes")
    assert osanloo.get("birthDate") == ["1962-11-30"]
    assert osanloo.get("birthPlace") == ["Zanjan, Iran"]


def test_enhanced_aircraft(enhanced: ListData) -> None:
    plane = entity(enhanced, "24475")
    assert plane.schema == "Airplane"
    assert plane.get("name") == ["EP-PUL"]
    assert plane.get("model") == ["IL-76"]
    assert plane.get("serialNumber") == ["33448393"]
    assert plane.get("buildDate") == ["1983"]
    assert "Aircraft Operator: Pouya Air" in plane.get("notes")


def test_enhanced_unfiltered_sdn_export_is_ofac_sdn(tmp_path: Path, lists_dir: Path) -> None:
    text = re.sub(r"<filters>.*?</filters>", "", raw(lists_dir, ENHANCED), flags=re.S)
    path = tmp_path / "SDN_ENHANCED.XML"
    path.write_text(text, encoding="utf-8")
    assert ofac_enhanced.read(path).source == "ofac-sdn"


# -- bad input -------------------------------------------------------------------------

READERS: list[tuple[str, Reader, str, str]] = [
    ("classic", ofac_xml.read, CLASSIC, "sdnList"),
    ("advanced", ofac_advanced.read, ADVANCED, "Sanctions"),
    ("enhanced", ofac_enhanced.read, ENHANCED, "sanctionsData"),
]
IDS = [r[0] for r in READERS]


@pytest.mark.parametrize(("name", "reader", "rel", "root"), READERS, ids=IDS)
def test_truncated_file_names_line(
    tmp_path: Path, lists_dir: Path, name: str, reader: Reader, rel: str, root: str
) -> None:
    data = (lists_dir / rel).read_bytes()
    cut = data[: len(data) // 2]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(cut)
    with pytest.raises(ListFormatError) as info:
        reader(path)
    err = info.value
    assert err.path == str(path)
    assert err.line is not None and err.line >= cut.count(b"\n")
    assert "malformed XML" in str(err)
    assert f"<{root}>" in str(err)


@pytest.mark.parametrize(("name", "reader", "rel", "root"), READERS, ids=IDS)
def test_wrong_schema_names_expected_root(
    lists_dir: Path, name: str, reader: Reader, rel: str, root: str
) -> None:
    with pytest.raises(ListFormatError) as info:
        reader(lists_dir / UN_XML)
    message = str(info.value)
    assert "root element is <CONSOLIDATED_LIST>" in message
    assert f"not <{root}>" in message
    assert str(lists_dir / UN_XML) in message


@pytest.mark.parametrize(("name", "reader", "rel", "root"), READERS, ids=IDS)
def test_empty_and_garbage(tmp_path: Path, name: str, reader: Reader, rel: str, root: str) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"\xef\xbb\xbf \r\n")
    with pytest.raises(ListFormatError, match="file is empty") as info:
        reader(empty)
    assert info.value.path == str(empty)
    garbage = tmp_path / "garbage.xml"
    garbage.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ListFormatError) as info:
        reader(garbage)
    assert info.value.path == str(garbage)
    assert info.value.line == 1
    assert f"<{root}>" in str(info.value)


@pytest.mark.parametrize(("name", "reader", "rel", "root"), READERS, ids=IDS)
def test_bom_reads_the_same(
    tmp_path: Path, lists_dir: Path, name: str, reader: Reader, rel: str, root: str
) -> None:
    path = tmp_path / Path(rel).name
    path.write_bytes(b"\xef\xbb\xbf" + (lists_dir / rel).read_bytes())
    plain = reader(lists_dir / rel)
    with_bom = reader(path)
    assert [e.to_ftm() for e in with_bom.entities] == [e.to_ftm() for e in plain.entities]


def test_latin1_byte_names_line(tmp_path: Path, lists_dir: Path) -> None:
    data = (lists_dir / CLASSIC).read_bytes()
    pos = data.index(b"<placeOfBirth>Shati<")
    line = data.count(b"\n", 0, pos) + 1
    path = tmp_path / "consolidated.xml"
    path.write_bytes(data.replace(b">Shati<", ">Shatí<".encode("latin-1"), 1))
    with pytest.raises(ListFormatError) as info:
        ofac_xml.read(path)
    assert info.value.line == line
    assert "0xED is not valid UTF-8" in str(info.value)
    assert str(path) in str(info.value)


def test_entry_without_uid_names_line(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(
        "<sdnList>\n<sdnEntry>\n<lastName>X</lastName>\n</sdnEntry>\n</sdnList>\n",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="without <uid>") as info:
        ofac_xml.read(path)
    assert info.value.line == 2


def test_enhanced_entity_without_id_names_line(tmp_path: Path) -> None:
    path = tmp_path / "enhanced.xml"
    path.write_text(
        "<sanctionsData>\n<entities>\n<entity>\n<generalInfo/>\n</entity>\n</entities>\n"
        "</sanctionsData>\n",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="without an id") as info:
        ofac_enhanced.read(path)
    assert info.value.line == 3


def test_advanced_party_without_name_names_record(tmp_path: Path) -> None:
    path = tmp_path / "advanced.xml"
    path.write_text(
        '<Sanctions xmlns="http://www.un.org/sanctions/1.0">\n<DistinctParties>\n'
        '<DistinctParty FixedRef="77">\n<Profile ID="77" PartySubTypeID="3"/>\n'
        "</DistinctParty>\n</DistinctParties>\n</Sanctions>\n",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="party without a name") as info:
        ofac_advanced.read(path)
    assert (info.value.line, info.value.record) == (3, "77")


# -- CONS_ENHANCED.XML: the Sanctions List Service's consolidated list -------------------

CONS_ENHANCED = "ofac/cons_enhanced_xml_2025-01-10/CONS_ENHANCED.XML"


@pytest.fixture(scope="module")
def cons_enhanced(lists_dir: Path) -> ListData:
    return ofac_enhanced.read(lists_dir / CONS_ENHANCED)


def test_cons_enhanced_is_the_consolidated_list(cons_enhanced: ListData, lists_dir: Path) -> None:
    assert raw(lists_dir, CONS_ENHANCED).count("<entity id=") == 443
    assert (cons_enhanced.source, cons_enhanced.format) == ("ofac-cons", "ofac-enhanced-xml")
    assert cons_enhanced.title == "OFAC Consolidated Sanctions List (non-SDN)"
    assert (cons_enhanced.published, cons_enhanced.published_from) == ("2025-01-10", "file")
    assert Counter(e.schema for e in cons_enhanced.entities) == {"Organization": 363, "Person": 80}
    assert cons_enhanced.warnings == []
    # Its 77 entries that are also on the SDN List keep the consolidated list's id, as in
    # cons_prim.csv and consolidated.xml.
    on_sdn = [e for e in cons_enhanced.entities if "Sanctions list: SDN List" in e.get("notes")]
    assert len(on_sdn) == 77
    assert all(e.id == f"ofac-cons-{e.source_id}" for e in cons_enhanced.entities)


def test_cons_enhanced_reads_as_the_classic_file(
    cons_enhanced: ListData, classic: ListData
) -> None:
    ids = {e.id for e in cons_enhanced.entities} & {e.id for e in classic.entities}
    assert len(ids) == 442  # 2025-01 against 2024-05: one entry out, one in
    haniya = entity(cons_enhanced, "9639")
    old = entity(classic, "9639")
    for prop in ("name", "firstName", "lastName", "alias", "program"):
        assert haniya.get(prop) == old.get(prop), prop
    assert haniya.get("birthDate") == ["1962"] and haniya.get("createdAt") == ["2006-04-12"]


@pytest.mark.parametrize(
    ("filters", "source"),
    [
        ("<sanctionsList>SDN List</sanctionsList>", "ofac-sdn"),
        ("<sanctionsList>Consolidated List</sanctionsList>", "ofac-cons"),
        ("<sanctionsList>FSE List</sanctionsList>", "ofac-sls"),
        ("", "ofac-cons"),  # no filter: every entry is on the Consolidated List
    ],
)
def test_enhanced_list_key_from_the_content(
    tmp_path: Path, lists_dir: Path, filters: str, source: str
) -> None:
    text = raw(lists_dir, CONS_ENHANCED)
    text = re.sub(r"<sanctionsList refId=\"91512\">Consolidated List</sanctionsList>", filters,
                  text, count=1)  # fmt: skip
    path = tmp_path / "export.xml"  # the name says nothing
    path.write_text(text, encoding="utf-8")
    data = ofac_enhanced.read(path)
    assert data.source == source and len(data.entities) == 443


def test_cons_enhanced_truncated(tmp_path: Path, lists_dir: Path) -> None:
    data = (lists_dir / CONS_ENHANCED).read_bytes()
    path = tmp_path / "CONS_ENHANCED.XML"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListFormatError) as err:
        ofac_enhanced.read(path)
    assert str(err.value).startswith(f"{path}:") and "malformed XML" in str(err.value)
    assert err.value.line is not None and err.value.line > 1000
