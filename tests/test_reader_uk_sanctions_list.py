"""UK Sanctions List (FCDO) readers: the XML on the real 2026-09-07 excerpt, the CSV on its
published layout (a real line of the official file, and lines built from the excerpt)."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists import detect, uk_sanctions_list, uk_sanctions_list_csv
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.uk_ofsi import un_reference
from caspian.match import Matcher, Query
from caspian.model import Entity

UK_XML = Path("uk/uk_sanctions_list_xml_2026-09-07_EXCERPT/UK-Sanctions-List.xml")
# SOURCES.md, "Added 2026-12-03".
UNIQUE_IDS = [
    "AFG0001",
    "AFG0006",
    "AFG0007",
    "AFG0009",
    "AFG0038",
    "AFG0043",
    "AQD0030",
    "AQD0190",
    "AQD0260",
    "AQD0262",
    "BEL0004",
    "BEL0108",
    "BEL0174",
    "DPR0075",
    "DPR0076",
    "GAC0072",
    "GIM0029",
    "GUB0009",
    "RUS1683",
    "RUS2701",
    "RUS3379",
]


@pytest.fixture(scope="module")
def xml_path(lists_dir: Path) -> Path:
    return lists_dir / UK_XML


@pytest.fixture(scope="module")
def data(xml_path: Path) -> ListData:
    return uk_sanctions_list.read(xml_path)


@pytest.fixture(scope="module")
def by_id(data: ListData) -> dict[str, Entity]:
    return {e.source_id: e for e in data.entities}


# -- the XML file ------------------------------------------------------------------------


def test_counts(data: ListData, xml_path: Path) -> None:
    raw = xml_path.read_bytes()
    assert raw.count(b"<Designation>") == 21
    assert raw.count(b"<Name>") == 95 and raw.count(b"<NonLatinName>") == 21
    assert Counter(e.schema for e in data.entities) == {
        "Person": 14, "Organization": 5, "Vessel": 2}  # fmt: skip
    names = Counter(p for e in data.entities for p, _ in e.names())
    # 95 <Name>: one is empty (BEL0174), one repeats a name of its designation (BEL0004);
    # the 21 names in another script are aliases.
    assert names == {"name": 22, "alias": 83, "weakAlias": 9}
    assert sum(names.values()) == 95 - 1 - 1 + 21


def test_metadata_ids_and_warnings(data: ListData, xml_path: Path) -> None:
    assert (data.source, data.format) == ("uk-sanctions-list", "uk-sanctions-list-xml")
    assert data.title == "UK Sanctions List (FCDO)"
    assert (data.published, data.published_from) == ("2026-09-07", "file")
    assert sorted(e.source_id for e in data.entities) == UNIQUE_IDS
    assert all(e.id == f"uk-sanctions-list-{e.source_id}" for e in data.entities)
    assert all(e.source == "uk-sanctions-list" for e in data.entities)
    assert data.warnings == [
        f"{xml_path}:1388: BEL0174: empty <Name> (Primary Name) skipped",
        f"{xml_path}:1950: RUS2701: date of birth '15/08/19yy' kept in notes",
    ]


def test_person_with_cyrillic_name(by_id: dict[str, Entity]) -> None:
    baranov = by_id["RUS1683"]
    assert baranov.schema == "Person"
    assert baranov.get("name") == ["Robert Petrovich BARANOV"]
    assert (baranov.get("firstName"), baranov.get("secondName"), baranov.get("lastName")) == (
        ["Robert"], ["Petrovich"], ["BARANOV"])  # fmt: skip
    assert baranov.get("alias") == ["Роберт Петрович Баранов"]
    assert "Name in non-Latin script (Cyrillic, Russian): Роберт Петрович Баранов" in baranov.get(
        "notes"
    )
    assert baranov.get("birthDate") == ["1975"]  # written 00/00/1975
    assert baranov.get("title") == ["Major General"]
    assert baranov.get("program") == ["The Russia (Sanctions) (EU Exit) Regulations 2019"]
    assert baranov.get("address") == ["Znamenka Street 19, Moscow, Russia"]
    assert (baranov.get("country"), baranov.get("nationality")) == (["ru"], ["ru"])
    assert baranov.get("gender") == ["male"]
    assert baranov.get("position") == [
        "Director of the Main Computation Centre of the Armed Forces of Russia"]  # fmt: skip
    assert (baranov.get("createdAt"), baranov.get("modifiedAt")) == (["2022-12-13"], ["2025-04-09"])
    notes = baranov.get("notes")
    assert "OFSI Group ID: 15689" in notes and "Designation source: UK" in notes
    assert (
        "Sanctions imposed: Asset freeze; Travel Ban; Trust Services Sanctions; "
        "Director Disqualification Sanction"
    ) in notes
    assert any(n.startswith("UK statement of reasons: Major General Robert") for n in notes)


def test_two_scripts_and_languages(by_id: dict[str, Entity]) -> None:
    kazakov = by_id["BEL0174"]
    assert kazakov.get("name") == ["Pavel Ivanovich KAZAKOV"]
    assert kazakov.get("alias") == [
        "Pavel Ivanavich KAZAKOU", "Павел Іванавіч Казакоў", "Павел Иванович Казаков"]  # fmt: skip
    assert kazakov.get("notes")[:2] == [
        "Name in non-Latin script (Cyrillic, Belarusian): Павел Іванавіч Казакоў",
        "Name in non-Latin script (Cyrillic, Russian): Павел Иванович Казаков",
    ]
    assert kazakov.get("birthDate") == ["1977-06-11"]
    assert kazakov.get("birthPlace") == ["Grodno, Belarus"]


def test_un_designation_dates_documents_and_reference(by_id: dict[str, Entity]) -> None:
    akhund = by_id["AFG0006"]
    assert akhund.get("alias") == ["محمد حسن آخوند"]
    assert akhund.get("title") == ["Mullah", "Haji"]
    # "dd/mm/1945" ... : a year whose day and month are unknown.
    assert akhund.get("birthDate") == [
        "1945", "1946", "1947", "1948", "1949", "1950", "1955", "1956", "1958", "1957"]  # fmt: skip
    assert akhund.get("passportNumber") == ["P04581926"]  # listed five times
    assert akhund.get("birthPlace") == [
        "Pashmul village, Panjwai District, Kandahar Province, Afghanistan"]  # fmt: skip
    assert akhund.get("notes")[0] == "UN Ref TAi.002"
    assert un_reference(akhund) == "TAi.002"
    assert by_id["AQD0262"].get("birthDate") == ["1958-09"]  # dd/09/1958
    assert by_id["AQD0262"].get("idNumber") == ["3311092409580002", "3311092409580003"]
    assert by_id["AQD0190"].get("idNumber") == ["260012001546"]  # "Kuwait, number 2600..."
    assert by_id["AFG0038"].get("birthDate") == ["1964-01-01", "1955"]
    assert "Date of birth: 15/08/19yy" in by_id["RUS2701"].get("notes")
    assert not by_id["RUS2701"].get("birthDate")


def test_name_types_and_alias_strength(by_id: dict[str, Entity]) -> None:
    al_ali = by_id["AQD0190"]
    assert al_ali.get("name") == ["HAMID ABDALLAH AHMAD AL-ALI"]
    assert "Hamed bin 'Abdallah Al-'Ali" in al_ali.get("alias")  # Primary Name Variation
    assert al_ali.get("weakAlias") == ["Abu Salim"]  # Low quality a.k.a
    assert by_id["AFG0009"].get("weakAlias") == ["Mudir"]
    assert "Mohammad Taher Anwari" in by_id["AFG0009"].get("alias")  # Good quality a.k.a
    # Two "Primary Name" entries are both names.
    assert by_id["AFG0038"].get("name") == ["DIN MOHAMMAD HANIF", "IADENA MOHAMMAD"]
    assert by_id["AFG0043"].get("name") == ["MOHAMMAD YAQOUB"]  # Name1 alone
    assert by_id["BEL0004"].get("position") == [
        "Former Minister of Tourism and Sports", "Former Minister of Interior",
        "Former Deputy Head of the Presidential Administration"]  # fmt: skip


def test_entities_registration_numbers_and_details(by_id: dict[str, Entity]) -> None:
    evrazia = by_id["GAC0072"]
    assert evrazia.schema == "Organization"
    assert (evrazia.get("ogrnCode"), evrazia.get("kppCode"), evrazia.get("innCode")) == (
        ["1247700291200"], ["770701001"], ["9707028663"])  # fmt: skip
    assert evrazia.get("address") == [
        "Krasnoproletarskaya Street 7, office 4/P, Moscow, 127006, Russia"
    ]
    assert evrazia.get("website") == ["evrazia.su"]
    stupino = by_id["RUS3379"]
    assert (stupino.get("innCode"), stupino.get("ogrnCode")) == (["5045023416"], ["1025005917551"])
    assert stupino.get("legalForm") == ["Joint Stock Company"]
    assert "Акционерное общество СМК" in stupino.get("alias")
    assert stupino.get("email") == ["info@cmk-group.com", "info@smk.ru"]
    belaero = by_id["BEL0108"]
    assert belaero.get("legalForm") == ["State-Owned Enterprise"]
    assert "Subsidiary: Gomel branch" in belaero.get("notes")
    exchange = by_id["AFG0001"]
    assert len(exchange.get("address")) == 16 and exchange.get("country") == ["af", "ae", "ir"]
    assert "Branch Office 15, Zahedan, Iran" in exchange.get("address")


def test_ships(by_id: dict[str, Entity]) -> None:
    petrel = by_id["DPR0075"]
    assert petrel.schema == "Vessel"
    assert petrel.get("name") == ["Petrel 8"]
    assert petrel.get("alias") == ["Jal Vahini", "Jal_Vahini", "Tian Tai 36"]
    assert petrel.get("imoNumber") == ["9562233"]  # written IMO9562233
    assert (petrel.get("flag"), petrel.get("pastFlags")) == (["km"], ["in"])
    assert (petrel.get("type"), petrel.get("tonnage"), petrel.get("buildDate")) == (
        ["Bulk Carrier"], ["7078"], ["2011"])  # fmt: skip
    assert "Current owner/operator: Global United Shipping India" in petrel.get("notes")
    assert "Length of ship: 134.5" in petrel.get("notes")
    hao_fan = by_id["DPR0076"]
    assert hao_fan.get("imoNumber") == ["8628597"]
    assert (hao_fan.get("flag"), hao_fan.get("pastFlags")) == (["kn"], ["ki", "cn"])
    assert un_reference(hao_fan) == "KPe.073"  # "UN Ref KPe.073" in its other information


def test_un_references_pair_with_the_un_list(data: ListData, lists_dir: Path) -> None:
    refs = {e.source_id: un_reference(e) for e in data.entities}
    assert sum(1 for r in refs.values() if r) == 12  # 11 <UNReferenceNumber>, 1 in the text
    un_ids = {e.source_id for e in detect.read_paths([lists_dir / "un"]).lists[0].entities}
    assert {"TAi.002", "QDi.236", "GBi.005", "TAe.010"} <= un_ids
    assert refs["GUB0009"] == "GBi.005" and refs["AQD0030"] == "QDe.146"


# -- detection, errors ---------------------------------------------------------------------


def test_detected_by_content_under_any_name(tmp_path: Path, xml_path: Path) -> None:
    renamed = tmp_path / "download-0912"
    shutil.copyfile(xml_path, renamed)
    assert detect.sniff(renamed) == "uk-sanctions-list-xml"
    (found,) = detect.read_paths([renamed]).lists
    assert (found.source, len(found.entities), found.published) == (
        "uk-sanctions-list", 21, "2026-09-07")  # fmt: skip


def test_truncated_file(tmp_path: Path, xml_path: Path) -> None:
    raw = xml_path.read_bytes()
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_bytes(raw[: len(raw) * 2 // 3])
    with pytest.raises(ListFormatError) as err:
        uk_sanctions_list.read(path)
    assert str(err.value).startswith(f"{path}:")
    assert err.value.line is not None and err.value.line > 1000
    assert "malformed XML" in str(err.value)


def test_wrong_root_and_bad_records(tmp_path: Path, lists_dir: Path) -> None:
    eu = lists_dir / "eu/fsf_xml_1_1_2026-08-05_EXCERPT/fsf.xml"
    with pytest.raises(ListFormatError) as err:
        uk_sanctions_list.read(eu)
    assert str(err.value).startswith(f"{eu}:2: root element is <export>, not <Designations>")
    path = tmp_path / "x.xml"
    path.write_text(
        "<Designations>\n<DateGenerated>07/09/2026</DateGenerated>\n<Designation>\n"
        "<Names><Name><Name6>X</Name6><NameType>Primary Name</NameType></Name></Names>\n"
        "<OFSIGroupID>77</OFSIGroupID></Designation>\n</Designations>\n"
    )
    with pytest.raises(ListFormatError) as err:
        uk_sanctions_list.read(path)
    assert str(err.value) == (
        f"{path}:3: <Designation> without a <UniqueID> (record OFSI group 77); "
        "expected a UK Unique ID such as RUS1683"
    )
    path.write_text(
        "<Designations><DateGenerated>31/02/2026</DateGenerated><Designation>"
        "<UniqueID>X1</UniqueID><IndividualEntityShip>Ship</IndividualEntityShip>"
        "<Names><Name><Name6>A</Name6><NameType>Primary Name</NameType></Name></Names>"
        "<ShipDetails><Ship><CallSigns><CallSign>ABCD</CallSign></CallSigns>"
        "<Draught>9 m</Draught></Ship></ShipDetails></Designation></Designations>"
    )
    data = uk_sanctions_list.read(path)
    (ship,) = data.entities
    assert data.published is None  # 31 February does not exist
    assert ship.get("callSign") == ["ABCD"] and "Draught: 9 m" in ship.get("notes")
    assert any("no usable <DateGenerated> ('31/02/2026'" in w for w in data.warnings)
    assert any("unknown element <Draught> kept in notes" in w for w in data.warnings)


# -- screening -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("Robert Petrovitch Baranov", "Person", "RUS1683"),
        ("Павел Казаков", "Person", "BEL0174"),
        ("Hamid Abdullah Al Ali", "Person", "AQD0190"),
        ("Stupino Metallurgical Company JSC", "Company", "RUS3379"),
        ("Haji Khairullah Haji Sattar Money Exchange", "Organization", "AFG0001"),
        ("Yuri Sivakov", "Person", "BEL0004"),
    ],
)
def test_listed_names_are_found_by_variant_spellings(
    data: ListData, name: str, schema: str, expected: str
) -> None:
    (best, *_) = Matcher(data.entities).match(Query("q", schema, {"name": [name]}))
    assert best.entity.id == f"uk-sanctions-list-{expected}" and best.match, best.explanation


def test_cli_load_status_and_match(tmp_path: Path, xml_path: Path) -> None:
    def run(*args: str) -> str:
        result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args])
        assert result.exit_code in (0, 1), result.output
        return result.output

    assert "21 entities" in run("lists", "load", str(xml_path))
    rows = {r["source"]: r for r in orjson.loads(run("lists", "status", "--json"))["lists"]}
    row = rows["uk-sanctions-list"]
    assert (row["published"], row["published_from"], row["entity_count"]) == (
        "2026-09-07",
        "file",
        21,
    )
    assert row["state"].startswith("active")
    output = run("match", "Ekaterina Romanova", "--schema", "Person")
    assert "uk-sanctions-list-RUS2701" in output and "MATCH" in output


# -- the CSV -------------------------------------------------------------------------------

HEADER = ",".join(uk_sanctions_list_csv.HEADER)
# A real line of the official file of 8 October 2026, as published in a public test fixture
# (see the reader's docstring): it has exactly the header's 58 fields.
KOROLEV_PROSPECT = (
    "31/07/2024,RUS2176,,,KOROLEV PROSPECT,,,,,,Primary Name,,,,,,The Russia (Sanctions) (EU Ex"
    "it) Regulations 2019,Ship,UK,Shipping sanctions: (see 'Other information')|Shipping sancti"
    "ons: (see 'Other information'),\"Shipping sanctions: a specified ship is prohibited from be"
    "ing provided with access to or having its master or pilot cause it to enter a port in the "
    "UK, may have its registration on the UK Ship Register terminated, and a master or pilot of"
    " a specified ship may be given a port barring direction, a detention direction, and a port"
    ' entry direction or a movement direction. "," KOROLEV PROSPECT (IMO 9826902) is involved i'
    "n activity whose object or effect is to destabilise Ukraine or undermine or threaten the t"
    "erritorial integrity, sovereignty or independence of Ukraine or to obtain a benefit from o"
    "r support the Government of Russia. Namely, KOROLEV PROSPECT is involved in carrying oil o"
    'r oil related products that originated in Russia from Russia to a third country. ",,,,,,,,'
    ",,,,31/07/2024,,,,,,,,,,,,,,,IMO9826902,Stream Ship Management FZCO,,Gabon,,Oil Tanker,,,2"
    "019,"
)


def _line(**values: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(
        [values.get(c, "") for c in uk_sanctions_list_csv.HEADER]
    )
    return buffer.getvalue()


def _csv(tmp_path: Path, *lines: str, report: str = "Report Date: 08-Oct-2026") -> Path:
    path = tmp_path / "UK-Sanctions-List.csv"
    path.write_text("\n".join([*([report] if report else []), HEADER, *lines]) + "\n")
    return path


# RUS1683 and BEL0174 of the XML excerpt, written one line per name as the CSV does.
BARANOV = dict(
    **{"Last Updated": "09/04/2025", "Unique ID": "RUS1683", "OFSI Group ID": "15689",
       "Name 6": "BARANOV", "Name 1": "Robert", "Name 2": "Petrovich", "Name type": "Primary Name",
       "Title": "Major General", "Name non-latin script": "Роберт Петрович Баранов ",
       "Non-latin script type": "Cyrillic", "Non-latin script language": "Russian",
       "Regime Name": "The Russia (Sanctions) (EU Exit) Regulations 2019",
       "Designation Type": "Individual", "Designation source": "UK",
       "Sanctions Imposed": "Asset freeze|Travel Ban|Trust Services Sanctions|"
                            "Director Disqualification Sanction",
       "Other Information": "The Director Disqualification Sanction was imposed on 09/04/2025.",
       "Address Line 1": "Znamenka Street 19", "Address Line 6": "Moscow",
       "Address Country": "Russia", "Date Designated": "13/12/2022", "D.O.B": "00/00/1975",
       "Nationality(/ies)": "Russia", "Gender": "Male",
       "Position": "Director of the Main Computation Centre of the Armed Forces of Russia"},
)  # fmt: skip


def test_csv_real_line_of_the_official_file(tmp_path: Path) -> None:
    assert len(next(csv.reader([KOROLEV_PROSPECT]))) == len(uk_sanctions_list_csv.HEADER) == 58
    path = _csv(tmp_path, KOROLEV_PROSPECT)
    assert detect.sniff(path) == "uk-sanctions-list-csv"
    data = uk_sanctions_list_csv.read(path)
    assert (data.source, data.format, data.published) == (
        "uk-sanctions-list", "uk-sanctions-list-csv", "2026-10-08")  # fmt: skip
    (ship,) = data.entities
    assert (ship.id, ship.schema, ship.get("name")) == (
        "uk-sanctions-list-RUS2176", "Vessel", ["KOROLEV PROSPECT"])  # fmt: skip
    assert ship.get("imoNumber") == ["9826902"] and ship.get("flag") == ["ga"]
    assert (ship.get("type"), ship.get("buildDate")) == (["Oil Tanker"], ["2019"])
    assert (ship.get("createdAt"), ship.get("modifiedAt")) == (["2024-07-31"], ["2024-07-31"])
    assert "Current owner/operator: Stream Ship Management FZCO" in ship.get("notes")
    assert not ship.get("birthDate")
    assert data.warnings == []


def test_csv_reads_a_designation_as_the_xml_does(tmp_path: Path, by_id: dict[str, Entity]) -> None:
    alias = {**{k: "" for k in BARANOV}, "Unique ID": "RUS1683", "Name 6": "BARANOV",
             "Name 1": "Robert", "Name 2": "Petrovich", "Name type": "Primary Name"}  # fmt: skip
    path = _csv(tmp_path, _line(**BARANOV), _line(**alias))
    (from_csv,) = uk_sanctions_list_csv.read(path).entities
    from_xml = by_id["RUS1683"]
    assert from_csv.id == from_xml.id and from_csv.schema == from_xml.schema
    reasons = [n for n in from_xml.get("notes") if n.startswith("UK statement of reasons")]
    assert {k: sorted(v) for k, v in from_csv.properties.items()} == {
        k: sorted(n for n in v if n not in reasons) for k, v in from_xml.properties.items()
    }


def test_csv_detection_and_layout_errors(tmp_path: Path, lists_dir: Path) -> None:
    no_report = _csv(tmp_path, _line(**BARANOV), report="")
    assert detect.sniff(no_report) == "uk-sanctions-list-csv"
    data = uk_sanctions_list_csv.read(no_report)
    assert data.published is None and "no 'Report Date: dd-Mon-yyyy' line 1" in data.warnings[0]
    ofsi = lists_dir / "uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv"
    assert detect.sniff(ofsi) == "uk-ofsi-csv"  # the archived OFSI file is still told apart
    shifted = _csv(tmp_path, _line(**BARANOV) + ",")
    with pytest.raises(ListFormatError) as err:
        uk_sanctions_list_csv.read(shifted)
    assert str(err.value).startswith(f"{shifted}:3: line has 59 fields; expected 58 fields")
    missing = tmp_path / "m.csv"
    missing.write_text("Report Date: 08-Oct-2026\nLast Updated,Unique ID,Name 6\n1,2,3\n")
    with pytest.raises(ListFormatError) as err:
        uk_sanctions_list_csv.read(missing)
    assert str(err.value).startswith(
        f"{missing}:2: header is missing column(s) Name type, Designation Type"
    )
    quoted = _csv(tmp_path, 'x,"RUS1,' + ",".join([""] * 56))
    with pytest.raises(ListFormatError) as err:
        uk_sanctions_list_csv.read(quoted)
    assert str(err.value).startswith(f"{quoted}:3: malformed CSV")
