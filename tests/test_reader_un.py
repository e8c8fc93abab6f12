"""UN Security Council consolidated list XML reader, on the real 2026-02-27 file."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from caspian.lists import detect, un_xml
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.uk_ofsi import un_reference, un_references
from caspian.model import Entity

UN_FILE = Path("un/consolidated_xml_2026-02-27/consolidated.xml")

# SOURCES.md, "By regime".
REGIMES = {
    "Al-Qaida": 341,
    "DPRK": 155,
    "Taliban": 140,
    "Iran": 121,
    "Iraq": 75,
    "DRC": 53,
    "Libya": 30,
    "Somalia": 24,
    "CAR": 15,
    "Yemen": 11,
    "Haiti": 11,
    "GB": 10,
    "Sudan": 9,
    "SouthSudan": 8,
}


@pytest.fixture(scope="module")
def un_path(lists_dir: Path) -> Path:
    return lists_dir / UN_FILE


@pytest.fixture(scope="module")
def data(un_path: Path) -> ListData:
    return un_xml.read(un_path)


@pytest.fixture(scope="module")
def by_ref(data: ListData) -> dict[str, Entity]:
    return {e.source_id: e for e in data.entities}


# -- the whole file ---------------------------------------------------------------------


def test_counts_match_the_file_and_sources_md(data: ListData, un_path: Path) -> None:
    raw = un_path.read_bytes()
    assert raw.count(b"<INDIVIDUAL>") == 730
    assert raw.count(b"<ENTITY>") == 273
    schemas = Counter(e.schema for e in data.entities)
    assert schemas == {"Person": 730, "Organization": 273}
    assert len(data.entities) == 1003
    assert data.warnings == []


def test_list_metadata(data: ListData, un_path: Path) -> None:
    assert data.source == "un-sc"
    assert data.format == "un-xml"
    assert data.published == "2026-02-27"
    assert data.published_from == "file"
    assert data.files == [un_path]
    assert detect.sniff(un_path) == "un-xml"


def test_ids_are_reference_numbers(data: ListData) -> None:
    ids = [e.id for e in data.entities]
    assert len(set(ids)) == 1003
    assert all(e.id == f"un-{e.source_id}" and e.source == "un-sc" for e in data.entities)
    assert all(re.fullmatch(r"[A-Z]{2}[ie]\.\d{3}", e.source_id) for e in data.entities)


def test_programs_per_regime(data: ListData) -> None:
    programs = Counter(p for e in data.entities for p in e.get("program"))
    assert programs == REGIMES
    iran = [e.source_id for e in data.entities if e.get("program") == ["Iran"]]
    assert len(iran) == 121
    assert sum(r.startswith("IRe.") for r in iran) == 78
    assert sum(r.startswith("IRi.") for r in iran) == 43


# -- records ----------------------------------------------------------------------------


def test_qods_aeronautics_industries(by_ref: dict[str, Entity]) -> None:
    qods = by_ref["IRe.055"]
    assert qods.id == "un-IRe.055"
    assert qods.schema == "Organization"
    assert qods.get("name") == ["QODS AERONAUTICS INDUSTRIES"]
    # The UN lists no a.k.a. for it (its ENTITY_ALIAS is empty).
    assert qods.get("alias") == [] and qods.get("weakAlias") == []
    assert qods.get("program") == ["Iran"]
    assert qods.get("createdAt") == ["2007-03-24"]
    assert qods.get("notes")[0].startswith("Produces unmanned aerial vehicles (UAVs)")
    assert un_references(qods) == ["IRe.055", "E.47.B.1"]


def test_iran_entity_with_aliases(by_ref: dict[str, Entity]) -> None:
    mitec = by_ref["IRe.044"]
    assert mitec.get("name") == ["MODERN INDUSTRIES TECHNIQUE COMPANY (MITEC)"]
    assert mitec.get("alias") == [
        "MITEC",
        "Rahkar Company",
        "Rahkar Industries",
        "Rahkar Sanaye Company",
        "Rahkar Sanaye Novin",
    ]
    assert mitec.get("address") == ["Arak, Iran (Islamic Republic of)"]
    assert mitec.get("country") == ["ir"]


def test_iran_individual_dates_and_place(by_ref: dict[str, Entity]) -> None:
    person = by_ref["IRi.001"]
    assert person.get("name") == ["FEREIDOUN ABBASI-DAVANI"]
    assert person.get("firstName") == ["FEREIDOUN"]
    assert person.get("secondName") == ["ABBASI-DAVANI"]
    assert person.get("birthDate") == ["1958", "1959"]
    assert person.get("birthPlace") == ["Abadan, Iran (Islamic Republic of)"]
    assert person.get("position") == [
        "Senior Ministry of Defence and Armed Forces Logistics (MODAFL) Scientist"
    ]
    # The place of birth is not a nationality.
    assert person.get("nationality") == []


def test_original_script_names_are_aliases(by_ref: dict[str, Entity]) -> None:
    assert by_ref["IQi.001"].get("name") == ["SADDAM HUSSEIN AL-TIKRITI"]
    assert by_ref["IQi.001"].get("alias") == ["صدام حسين التكريتي"]
    assert by_ref["QDi.290"].get("alias")[0] == "Умаров Доку Хаматович"
    # Persian letters (ی, ھ) kept as written, not folded to Arabic.
    assert by_ref["QDe.148"].get("alias")[0] == "تنظیم جیش المھاجرین و الأنصار"


def test_dprk_individual_with_passport(by_ref: dict[str, Entity]) -> None:
    kim = by_ref["KPi.009"]
    assert kim.get("name") == ["KIM KWANG-IL"]
    assert kim.get("passportNumber") == ["PS381420397"]
    assert kim.get("birthDate") == ["1969-09-01"]
    assert kim.get("nationality") == ["kp"]
    assert kim.get("program") == ["DPRK"]
    # The same passport listed in English, French and Spanish is one number and one note.
    paek = by_ref["KPi.006"]
    assert paek.get("passportNumber") == ["381420754"]
    assert [n for n in paek.get("notes") if n.startswith("Passport")] == [
        "Passport: 381420754; issued on 2011-12-07; Expires on 7 Dec. 2016"
    ]


def test_aliases_by_quality(by_ref: dict[str, Entity]) -> None:
    gaston = by_ref["CDi.003"]
    assert gaston.get("weakAlias") == ["Rumuli"]
    assert gaston.get("alias") == ["Byiringiro Victor Rumuli", "Victor Rumuri", "Michel Byiringiro"]
    assert gaston.get("position") == [
        "FDLR Interim President",
        "FDLR-FOCA 1st Vice-President",
        "FDLR-FOCA Major General",
    ]
    assert gaston.get("birthPlace")[0] == "Musanze District, Northern Province, Rwanda"
    assert gaston.get("nationality") == ["rw"]
    assert gaston.get("gender") == ["male"]
    adf = by_ref["CDe.001"]
    assert adf.get("alias") == ["Allied Democratic Forces"]
    assert adf.get("previousName") == [
        "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
        "ADF/NALU",
        "NALU",
    ]


def test_alias_notes_and_between_dates(by_ref: dict[str, Entity]) -> None:
    bosco = by_ref["CDi.030"]
    assert bosco.get("birthDate") == ["1973", "1974"]  # TYPE_OF_DATE BETWEEN
    assert "Alias Tango Romeo: Call sign" in bosco.get("notes")
    assert "Tango Romeo" in bosco.get("weakAlias")


def test_listing_and_update_dates(by_ref: dict[str, Entity]) -> None:
    # LISTED_ON carries a time-zone offset in the file: 2015-04-07-04:00.
    assert by_ref["QDi.352"].get("createdAt") == ["2015-04-07"]
    # Two LAST_DAY_UPDATED values: the latest one is kept.
    assert by_ref["KPi.002"].get("modifiedAt") == ["2023-06-29"]


def test_document_numbers_are_bare(by_ref: dict[str, Entity]) -> None:
    assert by_ref["CFi.006"].get("passportNumber") == ["D00000898"]
    assert by_ref["QDi.290"].get("passportNumber") == ["96 03 464086"]
    # No NUMBER element: the numbers are in TYPE_OF_DOCUMENT2.
    assert by_ref["TAi.165"].get("idNumber") == ["57388", "665"]
    assert by_ref["QDi.356"].get("passportNumber") == ["720134834"]
    assert by_ref["QDi.356"].get("gender") == ["female"]


def test_countries_never_guessed(by_ref: dict[str, Entity]) -> None:
    # NATIONALITY "na" is not Namibia; "former Soviet Union" has no ISO code.
    assert by_ref["SDi.001"].get("nationality") == []
    assert "Nationality: na" in by_ref["SDi.001"].get("notes")
    assert by_ref["QDi.290"].get("nationality") == ["ru"]
    assert "Nationality: former Soviet Union" in by_ref["QDi.290"].get("notes")
    assert by_ref["KPe.017"].get("country") == ["hk"]


def test_company_imo_numbers(by_ref: dict[str, Entity]) -> None:
    assert by_ref["KPe.061"].get("imoNumber") == ["5936312"]


def test_un_reference_of_un_entity(by_ref: dict[str, Entity]) -> None:
    assert un_reference(by_ref["QDe.004"]) == "QDe.004"


# -- bad input ----------------------------------------------------------------------------


def _write(tmp_path: Path, data: bytes, name: str = "consolidated.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_truncated_copy(tmp_path: Path, un_path: Path) -> None:
    raw = un_path.read_bytes()
    path = _write(tmp_path, raw[: len(raw) // 2])
    with pytest.raises(ListFormatError) as err:
        un_xml.read(path)
    assert str(path) in str(err.value)
    assert err.value.line is not None and err.value.line > 1000
    assert "malformed XML" in str(err.value)


def test_latin1_copy_names_the_line(tmp_path: Path, un_path: Path) -> None:
    text = un_path.read_text(encoding="utf-8")
    first = next(i for i, c in enumerate(text) if 127 < ord(c) < 256)
    path = _write(tmp_path, text.encode("latin-1", errors="replace"))
    with pytest.raises(ListFormatError) as err:
        un_xml.read(path)
    assert err.value.line == text.count("\n", 0, first) + 1
    assert f"{path}:{err.value.line}" in str(err.value)
    assert "UTF-8" in str(err.value)


def test_bom_copy_reads(tmp_path: Path, un_path: Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbf" + un_path.read_bytes())
    data = un_xml.read(path)
    assert len(data.entities) == 1003
    assert data.published == "2026-02-27"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"\n  \n", "file is empty"),
        (bytes(range(256)) * 4, "malformed XML: Start tag expected"),
        (b"<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL>Jos\xe9", "0xE9 is not valid UTF-8"),
        (b"<<<>>> not xml at all", "malformed XML"),
        (b'<?xml version="1.0"?><sdnList><sdnEntry/></sdnList>', "root element is <sdnList>"),
        (b"<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>", "no INDIVIDUAL"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(ListFormatError) as err:
        un_xml.read(path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))


def _doc(*records: str) -> bytes:
    body = "".join(records)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z">\n'
        f"<INDIVIDUALS>\n{body}\n</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"
    ).encode()


def _person(data_id: str, ref: str | None, name: str | None = "A") -> str:
    ref_xml = f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>" if ref else ""
    name_xml = f"<FIRST_NAME>{name}</FIRST_NAME>" if name else ""
    return f"<INDIVIDUAL><DATAID>{data_id}</DATAID>{name_xml}{ref_xml}</INDIVIDUAL>\n"


def test_missing_or_duplicate_reference_falls_back_to_dataid(tmp_path: Path) -> None:
    path = _write(
        tmp_path, _doc(_person("1", "XXi.001"), _person("2", "XXi.001"), _person("3", None))
    )
    data = un_xml.read(path)
    assert [e.id for e in data.entities] == ["un-XXi.001", "un-2", "un-3"]
    assert data.published == "2026-01-02"
    assert len(data.warnings) == 2
    assert "duplicate REFERENCE_NUMBER XXi.001" in data.warnings[0]
    assert f"{path}:5:" in data.warnings[0]  # the second record's line
    assert "no REFERENCE_NUMBER" in data.warnings[1]


def test_record_without_name_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, _doc(_person("1", "XXi.001"), _person("2", "XXi.002", name=None)))
    with pytest.raises(ListFormatError) as err:
        un_xml.read(path)
    assert err.value.line == 5
    assert err.value.record == "XXi.002"
    assert "no FIRST_NAME" in str(err.value)


def test_unknown_elements_go_to_notes(tmp_path: Path) -> None:
    record = _person("1", "XXi.001").replace(
        "</INDIVIDUAL>", "<SUBMITTED_BY>Some State</SUBMITTED_BY></INDIVIDUAL>"
    )
    entity = un_xml.read(_write(tmp_path, _doc(record))).entities[0]
    assert "SUBMITTED_BY: Some State" in entity.get("notes")
