"""EU Financial Sanctions Files XML 1.1 reader, on the real 2026-08-05 excerpt."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists import detect, eu_fsf
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.uk_ofsi import un_reference
from caspian.match import Matcher, Query
from caspian.model import Entity

EU_XML = Path("eu/fsf_xml_1_1_2026-08-05_EXCERPT/fsf.xml")


@pytest.fixture(scope="module")
def xml_path(lists_dir: Path) -> Path:
    return lists_dir / EU_XML


@pytest.fixture(scope="module")
def data(xml_path: Path) -> ListData:
    return eu_fsf.read(xml_path)


@pytest.fixture(scope="module")
def by_ref(data: ListData) -> dict[str, Entity]:
    return {e.source_id: e for e in data.entities}


def test_counts(data: ListData, xml_path: Path) -> None:
    raw = xml_path.read_bytes()
    assert raw.count(b"<sanctionEntity ") == 17 and raw.count(b"<nameAlias ") == 45
    assert Counter(e.schema for e in data.entities) == {"Person": 10, "Organization": 7}
    names = Counter(p for e in data.entities for p, _ in e.names())
    assert names == {"name": 17, "alias": 22, "weakAlias": 5, "previousName": 1}
    assert sum(names.values()) == 45  # every nameAlias, once


def test_metadata_and_ids(data: ListData) -> None:
    assert (data.source, data.format) == ("eu-fsf", "eu-fsf-xml")
    assert (data.published, data.published_from) == ("2026-08-05", "file")  # generationDate
    assert data.warnings == []
    assert all(e.id == f"eu-fsf-{e.source_id}" for e in data.entities)
    assert all(e.source_id.startswith("EU.") for e in data.entities)
    assert "EU FSF logical id: 13" in {e.source_id: e for e in data.entities}["EU.27.28"].get(
        "notes"
    )


def test_person_with_birth_date_citizenship_and_regulation(by_ref: dict[str, Entity]) -> None:
    saddam = by_ref["EU.27.28"]
    assert saddam.schema == "Person"
    assert saddam.get("name") == ["Saddam Hussein Al-Tikriti"]
    assert (saddam.get("firstName"), saddam.get("lastName")) == (["Saddam"], ["Hussein Al-Tikriti"])
    assert saddam.get("alias") == ["Abu Ali", "Abou Ali"]
    assert "Name (FR): Abou Ali" in saddam.get("notes")
    assert saddam.get("birthDate") == ["1937-04-28"]
    assert saddam.get("birthPlace") == ["al-Awja, near Tikrit, IRAQ"]
    assert saddam.get("citizenship") == ["iq"] and saddam.get("gender") == ["male"]
    assert saddam.get("program") == ["IRQ"]
    assert (
        "Regulation 1210/2003 (OJ L169) (regulation, commission, published 2003-07-08, "
        "in force 2003-07-07)"
    ) in saddam.get("notes")
    assert saddam.get("sourceUrl") == [
        "http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2003:169:0006:0023:EN:PDF"
    ]
    assert "UNSC RESOLUTION 1483" in saddam.get("notes")


def test_main_name_is_latin_and_english(by_ref: dict[str, Entity]) -> None:
    qusay = by_ref["EU.39.56"]  # its French spelling comes first in the file
    assert qusay.get("name") == ["Qusay Saddam Hussein Al-Tikriti"]
    assert qusay.get("alias") == ["Qoussaï Saddam Hussein Al-Tikriti"]
    assert qusay.get("birthDate") == ["1966", "1965"]
    assert qusay.get("position") == [
        "Oversaw Special Republican Guard, Special Security Organisation, and Republican Guard"
    ]
    sidorov = by_ref["EU.2797.3"]
    assert sidorov.get("name") == ["Anatoliy Alekseevich SIDOROV"]
    assert sidorov.get("alias") == ["Анатолий Алексеевич СИДОРОВ"]
    assert sidorov.get("birthDate") == ["1958-07-02"]
    assert sidorov.get("birthPlace") == ["Siva, Perm region, RUSSIAN FEDERATION"]
    assert "none" not in sidorov.get("notes")


def test_weak_aliases_calendars_and_documents(by_ref: dict[str, Entity]) -> None:
    asiri = by_ref["EU.3092.36"]
    assert asiri.get("name") == ["Ibrahim al-'Asiri"]
    # strong="true" everywhere; the EU's remark says which are weak, once as "aliias".
    assert asiri.get("weakAlias") == ["Abu-Salaah", "Abosslah", "Abu Saleh"]
    assert "إبراهيم حسن طالع عسيري" in asiri.get("alias") and len(asiri.get("alias")) == 11
    # Gregorian 1982-04-18 and -19; the Islamic date's Gregorian equivalent, not 1402.
    assert asiri.get("birthDate") == ["1982-04-18", "1982-04-19"]
    assert "Date of birth (islamic calendar): 24/6/1402" in asiri.get("notes")
    assert (asiri.get("passportNumber"), asiri.get("idNumber")) == (["F654645"], ["1028745097"])
    passport = next(n for n in asiri.get("notes") if n.startswith("National passport"))
    assert passport.startswith(
        "National passport: F654645 (SAUDI ARABIA; issued 2005-04-30; valid to 2010-03-07; "
        "known expired; Saudi Arabian passport number"
    )
    assert asiri.get("citizenship") == ["sa"] and asiri.get("country") == ["ye"]
    soleimani = by_ref["EU.6131.26"]
    assert soleimani.get("birthDate") == ["1965", "1964"]  # not the Hijri year 1343
    assert "Date of birth (islamic calendar): 1343" in soleimani.get("notes")
    assert by_ref["EU.2909.48"].get("birthDate") == ["1960", "1961-08"]  # month and year only
    years = by_ref["EU.10436.68"].get("birthDate")  # yearRangeFrom 1960, yearRangeTo 1979
    assert years == [str(y) for y in range(1960, 1980)]
    assert by_ref["EU.367.96"].get("weakAlias") == ["Saiyid Abd al-Man", "Abdul Man’am Saiyid"]
    assert by_ref["EU.367.96"].get("title") == ["Haji"]


def test_enterprises(by_ref: dict[str, Entity]) -> None:
    sovcombank = by_ref["EU.8060.95"]
    assert sovcombank.schema == "Organization"
    assert sovcombank.get("previousName") == ["Buycombank"]  # "former name of Sovcombank"
    assert (sovcombank.get("taxNumber"), sovcombank.get("registrationNumber")) == (
        ["4401116480"], ["1144400000425"])  # fmt: skip
    assert sovcombank.get("address") == [
        "Prospekt Tekstilshchikov, 46, Kostroma, 156000, Kostroma Oblast, RUSSIAN FEDERATION"
    ]
    assert sovcombank.get("country") == ["ru"] and sovcombank.get("program") == ["UKR"]
    assert "Function: a Russian bank" in sovcombank.get("notes")
    shipping = by_ref["EU.4198.83"]
    assert shipping.get("imoNumber") == ["5342883"] and shipping.get("country") == ["kp"]
    assert len(shipping.get("address")) == 2 and shipping.get("program") == ["PRK"]
    taghtiran = by_ref["EU.2417.3"]
    assert not taghtiran.get("registrationNumber")  # number="-"
    assert "Registration Number: Place of registration: Tehran, Iran" in taghtiran.get("notes")
    assert taghtiran.get("address") == [
        "Unit 2, No. 3, 2nd Alley, Asad Abadi St., Vali-e asr St., PO Box 14316, Teheran, "
        "IRAN (ISLAMIC REPUBLIC OF)"
    ]
    assert by_ref["EU.3672.18"].get("phone") == ["+253 (0) 99 983 784"]  # contactInfo PHONE
    assert by_ref["EU.9786.78"].get("idNumber") == ["06513574"]  # "Government gazette number"
    assert by_ref["EU.9786.78"].get("createdAt") == ["2023-02-25"]  # designationDate


def test_un_reference(by_ref: dict[str, Entity]) -> None:
    badi = by_ref["EU.4801.12"]
    assert badi.get("notes")[0] == "UN Ref LYi.28"
    assert un_reference(badi) == "LYi.028"  # as the UN list writes it


def test_detected_by_content_under_any_name(tmp_path: Path, xml_path: Path) -> None:
    renamed = tmp_path / "content"  # the EU serves the file from .../content?token=...
    shutil.copyfile(xml_path, renamed)
    assert detect.sniff(renamed) == "eu-fsf-xml"
    (found,) = detect.read_paths([renamed]).lists
    assert (found.source, len(found.entities), found.published) == ("eu-fsf", 17, "2026-08-05")
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?>\n<export><row>1</row></export>\n')
    assert detect.sniff(other) is None  # an "export" root alone is not the EU list


def test_truncated_and_wrong_root(tmp_path: Path, xml_path: Path, lists_dir: Path) -> None:
    raw = xml_path.read_bytes()
    path = tmp_path / "fsf.xml"
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ListFormatError) as err:
        eu_fsf.read(path)
    assert str(err.value).startswith(f"{path}:") and "malformed XML" in str(err.value)
    assert err.value.line is not None and err.value.line > 100
    uk = lists_dir / "uk/uk_sanctions_list_xml_2026-09-07_EXCERPT/UK-Sanctions-List.xml"
    with pytest.raises(ListFormatError) as err:
        eu_fsf.read(uk)
    assert str(err.value).startswith(f"{uk}:2: root element is <Designations>, not <export>")


def test_odd_records(tmp_path: Path) -> None:
    path = tmp_path / "fsf.xml"
    path.write_text(
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-08-05T1:00">\n'
        '<sanctionEntity euReferenceNumber="EU.1.1" logicalId="1"><subjectType code="person"/>'
        '<nameAlias wholeName="A B" strong="false"/></sanctionEntity>\n'
        '<sanctionEntity euReferenceNumber="EU.1.1" logicalId="2"><subjectType code="vessel"/>'
        '<nameAlias wholeName="C D"/><sanction kind="x"/></sanctionEntity>\n'
        '<sanctionEntity euReferenceNumber="EU.2.2" logicalId="3"><subjectType code="person"/>'
        "</sanctionEntity>\n</export>\n"
    )
    with pytest.raises(ListFormatError) as err:
        eu_fsf.read(path)
    assert str(err.value) == (
        f"{path}:4: sanctionEntity without a name (record EU.2.2); "
        'expected a <nameAlias wholeName="...">'
    )
    path.write_text(path.read_text().split("\n<sanctionEntity euReferenceNumber=\"EU.2.2\"")[0]
                    + "\n</export>\n")  # fmt: skip
    data = eu_fsf.read(path)
    first, second = data.entities
    assert (first.get("name"), first.get("weakAlias")) == (["A B"], ["A B"])
    assert (second.id, second.schema) == ("eu-fsf-logical-2", "LegalEntity")
    assert "sanction: kind=x" in second.get("notes")
    assert [w.split(": ", 1)[1] for w in data.warnings] == [
        "logical-2: repeated euReferenceNumber EU.1.1; read as eu-fsf-logical-2",
        "logical-2: unknown subjectType 'vessel'; read as LegalEntity",
        "logical-2: unknown element <sanction> kept in notes",
    ]


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("Sadek Laridjani", "Person", "EU.2909.48"),
        ("Kussai Saddam Hussein", "Person", "EU.39.56"),
        ("Анатолий Сидоров", "Person", "EU.2797.3"),
        ("Sovkombank", "Company", "EU.8060.95"),
        ("Gholam Reza Soleymani", "Person", "EU.6131.26"),
        ("Chong Chon Gang Shipping Co", "Company", "EU.4198.83"),
    ],
)
def test_listed_names_are_found_by_variant_spellings(
    data: ListData, name: str, schema: str, expected: str
) -> None:
    (best, *_) = Matcher(data.entities).match(Query("q", schema, {"name": [name]}))
    assert best.entity.id == f"eu-fsf-{expected}" and best.match, best.explanation


def test_cli_load_status_and_match(tmp_path: Path, xml_path: Path) -> None:
    def run(*args: str) -> str:
        result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args])
        assert result.exit_code in (0, 1), result.output
        return result.output

    assert "17 entities" in run("lists", "load", str(xml_path))
    rows = {r["source"]: r for r in orjson.loads(run("lists", "status", "--json"))["lists"]}
    row = rows["eu-fsf"]
    assert (row["published"], row["published_from"], row["entity_count"]) == (
        "2026-08-05", "file", 17)  # fmt: skip
    output = run("match", "Salah Badi", "--schema", "Person")
    assert "eu-fsf-EU.4801.12" in output and "MATCH" in output
