"""UK OFSI consolidated list CSV reader, on the real 2018-04-13 file (Windows-1252)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from caspian.lists import detect, uk_ofsi, un_xml
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.uk_ofsi import (
    birth_places,
    country_codes,
    extract_ids,
    find_un_references,
    un_reference,
)
from caspian.model import Entity

UK_FILE = Path("uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv")
UN_FILE = Path("un/consolidated_xml_2026-02-27/consolidated.xml")


@pytest.fixture(scope="module")
def uk_path(lists_dir: Path) -> Path:
    return lists_dir / UK_FILE


@pytest.fixture(scope="module")
def data(uk_path: Path) -> ListData:
    return uk_ofsi.read(uk_path)


@pytest.fixture(scope="module")
def by_group(data: ListData) -> dict[str, Entity]:
    return {e.source_id: e for e in data.entities}


@pytest.fixture(scope="module")
def raw_rows(uk_path: Path) -> list[dict[str, str]]:
    """The data rows, read independently of the reader."""
    lines = uk_path.read_bytes().decode("cp1252").splitlines()
    return list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))


# -- the whole file ---------------------------------------------------------------------


def test_row_and_group_counts(data: ListData, raw_rows: list[dict[str, str]]) -> None:
    assert len(raw_rows) == 9487
    assert Counter(r["Group Type"] for r in raw_rows) == {"Individual": 6857, "Entity": 2630}
    groups = {r["Group ID"]: r["Group Type"] for r in raw_rows}
    assert len(groups) == 2106
    assert len(data.entities) == 2106
    assert len({r["Regime"].strip() for r in raw_rows}) == 26
    assert len({p for e in data.entities for p in e.get("program")}) == 26
    # Individuals are people; OFSI "Entity" groups are organisations, except ships.
    individuals = sum(t == "Individual" for t in groups.values())
    schemas = Counter(e.schema for e in data.entities)
    assert schemas == {"Person": individuals, "Organization": 655, "Vessel": 25}
    assert individuals == 1426
    assert data.warnings == []


def test_list_metadata(data: ListData, uk_path: Path) -> None:
    assert data.source == "uk-ofsi"
    assert data.format == "uk-ofsi-csv"
    assert data.published == "2018-04-13"
    assert data.files == [uk_path]
    assert detect.sniff(uk_path) == "uk-ofsi-csv"
    assert all(e.id == f"uk-ofsi-{e.source_id}" and e.source == "uk-ofsi" for e in data.entities)


# -- groups -----------------------------------------------------------------------------


def test_al_qahtani_group(by_group: dict[str, Entity]) -> None:
    group = by_group["13349"]
    assert group.id == "uk-ofsi-13349"
    assert group.schema == "Person"
    assert group.get("name") == ["Nayef Salam Muhammad Ujaym AL-HABABI"]
    assert group.get("firstName") == ["Nayef"]
    assert group.get("lastName") == ["AL-HABABI"]
    # The file's first row: "Sheikh" is in Name 1, not in Title.
    assert group.get("alias")[0] == "Sheikh Farooq AL-QAHTANI"
    assert "Imran Farouk SHAYKH" in group.get("alias")
    assert group.get("title") == []
    assert group.get("birthDate") == ["1980", "1981"]
    assert group.get("nationality") == ["sa", "qa"]
    assert group.get("birthPlace") == ["Saudi Arabia"]
    assert group.get("passportNumber") == ["592667"]
    assert group.get("address") == ["Afghanistan (since 2009)"]
    assert group.get("country") == ["af"]
    assert group.get("program") == ["The ISIL (Da'esh) and Al-Qaida organisations"]
    assert group.get("createdAt") == ["2016-04-01"]
    assert group.get("notes")[0].startswith("UN Ref QDe.004. Emir for the eastern zone")
    assert un_reference(group) == "QDe.004"


def test_iran_aircraft_manufacturing_group(by_group: dict[str, Entity]) -> None:
    hesa = by_group["11199"]
    assert hesa.schema == "Organization"
    assert hesa.get("name") == ["IRAN AIRCRAFT MANUFACTURING COMPANY (IAMCO)"]
    assert "IRAN AIRCRAFT MANUFACTURING INDUSTRIES (IAMI)" in hesa.get("alias")
    assert "HESA" in hesa.get("alias")
    assert len(hesa.get("alias")) == 8
    assert len(hesa.get("address")) == 5
    assert hesa.get("address")[0] == (
        "PO Box 14155-5568, No 27 Ahahamat Ave, Vallie Asr Square, Tehran 15946, Iran"
    )
    assert hesa.get("country") == ["ir"]
    assert un_reference(hesa) is None  # "EU listing. Not UN."


def test_cp1252_accents_decode(by_group: dict[str, Entity]) -> None:
    assert "GROUPE ISLAMIQUE ARMÉ" in by_group["6963"].get("alias")
    assert "Protégé of Russia's Deputy Prime Minister" in by_group["13098"].get("notes")[0]
    assert "People´s Council" in by_group["13171"].get("notes")[0]


def test_vessels_and_ship_ids(by_group: dict[str, Entity], raw_rows: list[dict[str, str]]) -> None:
    # The 2018 file has no "Ship" Group Type: ships are "Entity" rows in Annex XIV.
    assert "Ship" not in {r["Group Type"] for r in raw_rows}
    tong_san = by_group["13556"]
    assert tong_san.schema == "Vessel"
    assert tong_san.get("name") == ["TONG SAN 2"]
    assert tong_san.get("imoNumber") == ["8937675"]
    assert tong_san.get("mmsi") == ["445539000"]
    nadine = by_group["13519"]
    assert nadine.schema == "Vessel"
    assert nadine.get("flag") == ["pw"]
    assert nadine.get("imoNumber") == ["8900878"]
    # A shipping company keeps its schema and its company IMO number.
    company = by_group["13340"]
    assert company.schema == "Organization"
    assert company.get("imoNumber") == ["5342883"]
    # Other vessels named in an operator's note are not its identifiers.
    assert by_group["13143"].get("imoNumber") == []


def test_previous_names_and_several_regimes(by_group: dict[str, Entity]) -> None:
    aqim = by_group["7247"]
    assert aqim.get("name") == ["THE ORGANIZATION OF AL-QAIDA IN THE ISLAMIC MAGHREB"]
    assert aqim.get("previousName") == [
        "LE GROUPE SALAFISTE POUR LA PREDICATION ET LE COMBAT (GSPC)",
        "SALAFIST GROUP FOR CALL AND COMBAT",
    ]
    jafari = by_group["10638"]
    assert jafari.get("program") == ["Syria", "Iran (nuclear proliferation)", "Iran (human rights)"]
    assert jafari.get("createdAt") == ["2008-06-24", "2011-04-14", "2011-06-24"]
    assert jafari.get("title") == ["Brigadier Commander"]
    assert jafari.get("birthDate") == ["1957-09-01"]


def test_numbered_birth_places(by_group: dict[str, Entity]) -> None:
    assert by_group["13344"].get("birthPlace") == [
        "Palaro Village, Palaro Parish, Omoro County, Gulu District, Uganda",
        "Odek, Omoro, Gulu, Uganda",
        "Atyak, Uganda",
    ]


def test_pairs_with_un_entries(by_group: dict[str, Entity], lists_dir: Path) -> None:
    un = {e.source_id: e for e in un_xml.read(lists_dir / UN_FILE).entities}
    qods = by_group["9046"]
    assert qods.get("name") == ["QODS AERONAUTICS INDUSTRIES"]
    assert un_reference(qods) == "IRe.055"
    assert un["IRe.055"].get("name") == qods.get("name")
    # An old-style Al-Qaida reference (QE.A.6.01) pairs with its modern number.
    gia = by_group["6963"]
    assert un_reference(gia) == "QDe.006"
    assert un["QDe.006"].get("name") == gia.get("name") == ["ARMED ISLAMIC GROUP"]


# -- helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Passport No: 592667 (Qatari passport issued on 3 May 2007).", ["592667"]),
        ("D 000974 (Afghan)", ["D 000974"]),
        ("TR-P 614 166 (Turkish). Issued on 22 Mar 2006", ["TR-P 614 166"]),
        ("Kuwaiti passport no. (A)001714467 (B)101505554", ["001714467", "101505554"]),
        ("British passport no.205939411 (issued 21.07.2004 expired 21.04.2015)", ["205939411"]),
        (
            "(1) MM611523 (Filipino) (2004) (2) EE947317 (Filipino) (2000-2001)",
            ["MM611523", "EE947317"],
        ),
        (
            "(1) Italian Fiscal Code JMM MDI 68A25 Z352D (2) 01846592",
            ["JMMMDI68A25Z352D", "01846592"],
        ),
        ("Military ID 1-69-09-51400-64", ["1-69-09-51400-64"]),
        ("Reference 62. Passport no. 9632078. issued 17/08/2006", ["9632078"]),
        ("Uganda Passport.", []),
        ("2.81083E+11", []),
    ],
)
def test_extract_ids(text: str, expected: list[str]) -> None:
    assert extract_ids(text) == expected


@pytest.mark.parametrize(
    ("text", "codes", "complete"),
    [
        ("1) Saudi Arabia 2) Qatar", ("sa", "qa"), True),
        ("Iranian national and US national/citizen", ("ir", "us"), True),
        ("a) Syrian Arab Republic b) State of Palestine", ("sy", "ps"), True),
        ("United States of America. Also believed to hold Syrian nationality", ("us", "sy"), True),
        ("Democratic People’s Republic of Korea", ("kp",), True),
        ("Congolese", (), False),
        ("(1) Russian (2) USSR (until 1991)", ("ru",), False),
        ("In Syria as at June 2013", ("sy",), True),
    ],
)
def test_country_codes(text: str, codes: tuple[str, ...], complete: bool) -> None:
    assert country_codes(text) == (codes, complete)


def test_birth_places_pair_numbered_towns_and_countries() -> None:
    assert birth_places(
        "(1) Manzil Tmim (2)-(6) -", "(1)-(2) Tunisia (3) Libya (4) Algeria (5) Morocco"
    ) == ("Manzil Tmim, Tunisia", "Tunisia", "Libya", "Algeria", "Morocco")
    assert birth_places("Artemivsk, Donetsk Oblast", "Ukraine") == (
        "Artemivsk, Donetsk Oblast, Ukraine",
    )
    assert birth_places("", "") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UN Ref QI.Z.187.05. Also referred to as Murshid.", ["QDi.187"]),
        ("Annex XIII. UN Listing. UN Ref.KPI.067.", ["KPi.067"]),
        ("UN Ref E.29.I.5. Owned or controlled by ...", ["E.29.I.5"]),
        ("UN REF: QDi.345", ["QDi.345"]),
        (
            "EU and UN listed. UN Ref: QD1.410. Member of Al-Qaida in Iraq (QDe.115)",
            ["QDi.410", "QDe.115"],
        ),
        ("A financier for Al-Qaida (QE.A.4.01)", ["QDe.004"]),
        ("EU listing. Not UN.", []),
    ],
)
def test_find_un_references(text: str, expected: list[str]) -> None:
    assert find_un_references(text) == expected


def test_bare_un_number_takes_the_regime_prefix() -> None:
    assert find_un_references("UN Ref.077. Alternate Member", regime="KP", kind="i") == ["KPi.077"]
    assert find_un_references("UN Ref.077. Alternate Member") == []


# -- other shapes of the file ---------------------------------------------------------------


def _lines(uk_path: Path) -> list[str]:
    return uk_path.read_bytes().decode("cp1252").splitlines(keepends=True)


def test_utf8_with_bom_copy_reads_the_same(tmp_path: Path, uk_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(_lines(uk_path)).encode("utf-8"))
    data = uk_ofsi.read(path)
    assert len(data.entities) == 2106
    assert data.published == "2018-04-13"
    gia = next(e for e in data.entities if e.source_id == "6963")
    assert "GROUPE ISLAMIQUE ARMÉ" in gia.get("alias")


def test_header_without_date_row(tmp_path: Path, uk_path: Path) -> None:
    path = tmp_path / "no-date.csv"
    path.write_text("".join(_lines(uk_path)[1:]), encoding="utf-8")
    data = uk_ofsi.read(path)
    assert len(data.entities) == 2106
    assert data.published is None
    assert data.warnings == [f"{path}: no 'Last Updated' date in row 1"]


def test_2022_columns_and_ship_type(tmp_path: Path) -> None:
    header = (
        "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,DOB,"
        "Passport Number,Group Type,Alias Type,Alias Quality,Regime,Listed On,"
        "UK Sanctions List Ref,Last Updated,Group ID\n"
    )
    rows = (
        "SHIP ONE,,,,,,,,,,Ship,Primary name,,Russia,01/02/2023,RUS0001,02/02/2023,900\n"
        "SHIP 1,,,,,,,,,,Ship,Primary name variation,,Russia,01/02/2023,RUS0001,02/02/2023,900\n"
        "DOE,John,,,,,,Джон Доу,00/05/1970,AB123456,Individual,Primary name,,Russia,"
        "01/02/2023,RUS0002,02/02/2023,901\n"
        "DOE,Jack,,,,,,,,,Individual,AKA,Low,Russia,01/02/2023,RUS0002,02/02/2023,901\n"
    )
    path = tmp_path / "ConList.csv"
    path.write_text("Last Updated,02/02/2023\n" + header + rows, encoding="utf-8")
    ship, person = uk_ofsi.read(path).entities
    assert ship.schema == "Vessel"
    assert ship.get("name") == ["SHIP ONE"] and ship.get("alias") == ["SHIP 1"]
    assert "UK Sanctions List Ref: RUS0001" in ship.get("notes")
    assert person.get("name") == ["John DOE"]
    assert person.get("alias") == ["Джон Доу"]
    assert person.get("weakAlias") == ["Jack DOE"]
    assert person.get("birthDate") == ["1970-05"]
    assert person.get("passportNumber") == ["AB123456"]


def test_missing_header_row(tmp_path: Path, uk_path: Path) -> None:
    lines = _lines(uk_path)
    path = tmp_path / "sanctionsconlist.csv"
    path.write_text(lines[0] + "".join(lines[2:50]), encoding="utf-8")
    with pytest.raises(ListFormatError) as err:
        uk_ofsi.read(path)
    assert err.value.line == 2
    assert str(err.value).startswith(f"{path}:2: header row is missing column(s)")
    assert "Name 6, Name 1, Name 2" in str(err.value) and "Group ID" in str(err.value)


def test_truncated_quoted_field(tmp_path: Path, uk_path: Path) -> None:
    lines = _lines(uk_path)
    line_no = next(i for i, line in enumerate(lines, 1) if i > 10 and ',"' in line)
    cut = lines[line_no - 1]
    path = tmp_path / "sanctionsconlist.csv"
    path.write_text("".join(lines[: line_no - 1]) + cut[: cut.index(',"') + 10], "utf-8")
    with pytest.raises(ListFormatError) as err:
        uk_ofsi.read(path)
    assert err.value.line == line_no
    assert "malformed CSV" in str(err.value) and str(path) in str(err.value)


def test_truncated_row(tmp_path: Path, uk_path: Path) -> None:
    lines = _lines(uk_path)
    path = tmp_path / "sanctionsconlist.csv"
    path.write_text("".join(lines[:99]) + lines[99].split(",")[0] + ",x\n", encoding="utf-8")
    with pytest.raises(ListFormatError) as err:
        uk_ofsi.read(path)
    assert err.value.line == 100
    assert "row has 2 fields" in str(err.value)
    assert "29 fields" in str(err.value)


def test_row_without_group_id(tmp_path: Path, uk_path: Path) -> None:
    lines = _lines(uk_path)
    broken = lines[5].rstrip("\n").rsplit(",", 1)[0] + ",\n"
    path = tmp_path / "sanctionsconlist.csv"
    path.write_text("".join(lines[:5]) + broken, encoding="utf-8")
    with pytest.raises(ListFormatError) as err:
        uk_ofsi.read(path)
    assert err.value.line == 6
    assert "no Group ID" in str(err.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"\r\n\r\n", "file is empty"),
        (b"Last Updated,13/04/2018\n", "no header row"),
        (bytes(range(1, 256)) * 8, "header row is missing"),
        (b"\x00\x01garbage\x00", "header row is missing"),
        (b'Last Updated,13/04/2018\n"Name 6,Name 1\n', "malformed CSV"),
        (b"Last Updated,13/04/2018\n" + ",".join(uk_ofsi.HEADER_2018).encode() + b"\n", "no data"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "sanctionsconlist.csv"
    path.write_bytes(content)
    with pytest.raises(ListFormatError) as err:
        uk_ofsi.read(path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))


def test_group_without_primary_name_warns(tmp_path: Path) -> None:
    header = ",".join(uk_ofsi.HEADER_2018)
    cells = ["" for _ in uk_ofsi.HEADER_2018]
    cells[0], cells[23], cells[24], cells[25], cells[28] = "X CORP", "Entity", "AKA", "Iraq", "5"
    path = tmp_path / "sanctionsconlist.csv"
    path.write_text(f"Last Updated,01/01/2018\n{header}\n{','.join(cells)}\n", encoding="utf-8")
    data = uk_ofsi.read(path)
    assert data.entities[0].get("name") == ["X CORP"]
    assert data.warnings == [f"{path}:3: group 5 has no primary name; its first row's name is used"]
