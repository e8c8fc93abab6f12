"""Canada consolidated autonomous sanctions list (SEMA, JVCFOA) XML reader, on the real
2026 excerpt."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists import canada_sema, detect
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.text import file_date
from caspian.match import Matcher, Query
from caspian.model import Entity

SEMA_XML = Path("canada/sema_xml_2026_EXCERPT/sema.xml")


@pytest.fixture(scope="module")
def xml_path(lists_dir: Path) -> Path:
    return lists_dir / SEMA_XML


@pytest.fixture(scope="module")
def data(xml_path: Path) -> ListData:
    return canada_sema.read(xml_path)


@pytest.fixture(scope="module")
def by_key(data: ListData) -> dict[str, Entity]:
    return {e.source_id: e for e in data.entities}


def test_counts_and_ids(data: ListData, xml_path: Path) -> None:
    assert xml_path.read_bytes().count(b"<record>") == 16
    assert Counter(e.schema for e in data.entities) == {
        "Person": 11, "Organization": 2, "Vessel": 3}  # fmt: skip
    assert sorted(e.source_id for e in data.entities) == [
        "belarus-1-part-1-1", "belarus-1-part-1-2", "belarus-1-part-1-3", "iran-1-part-1-136",
        "iran-1-part-2-3", "jvcfor-54", "russia-1-part-1-1114", "russia-1-part-1-1520",
        "russia-1-part-2-401", "russia-1.1-1", "russia-1.1-278", "russia-1.1-634",
        "sudan-part-1-1", "syria-part-2-60", "ukraine-part-1-1", "venezuela-1",
    ]  # fmt: skip
    assert all(e.id == f"canada-sema-{e.source_id}" for e in data.entities)


def test_no_date_inside_the_file(data: ListData, xml_path: Path) -> None:
    assert (data.source, data.format) == ("canada-sema", "canada-sema-xml")
    # Dated by the file's time; the latest date of listing is only said.
    assert (data.published, data.published_from) == (file_date(xml_path), "mtime")
    assert data.warnings == [
        f"{xml_path}:63: russia-1-part-1-1114: date 'Sep-99' not read; kept in notes",
        f"{xml_path}:113: sudan-part-1-1: date 'born in the early 1970s' not read; kept in notes",
        f"{xml_path}: no publication date inside the file; dated by the file's time "
        f"{file_date(xml_path)} (latest date of listing 2026-06-12)",
    ]


def test_listing_after_the_file_time_is_said(tmp_path: Path, xml_path: Path) -> None:
    path = tmp_path / "sema.xml"
    shutil.copyfile(xml_path, path)
    os.utime(path, (1735689600, 1735689600))  # 2025-01-01
    data = canada_sema.read(path)
    assert data.published == "2025-01-01"
    assert data.warnings[-1].endswith(
        "the latest date of listing 2026-06-12 is after the file's time 2025-01-01"
    )


def test_people(by_key: dict[str, Entity]) -> None:
    trotsenko = by_key["russia-1-part-1-1520"]
    assert trotsenko.schema == "Person"
    assert trotsenko.get("name") == ["Roman Viktorovich TROTSENKO"]
    assert (trotsenko.get("firstName"), trotsenko.get("lastName")) == (
        ["Roman Viktorovich"], ["TROTSENKO"])  # fmt: skip
    assert trotsenko.get("alias") == ["Roman Victorovich Trocenko", "Роман Викторович Троценко"]
    assert trotsenko.get("birthDate") == ["1970-09-12"]
    assert trotsenko.get("program") == ["Russia"]  # the regulation, not a country
    assert not trotsenko.get("country") and not trotsenko.get("nationality")
    assert trotsenko.get("createdAt") == ["2025-06-13"]
    assert "Listed under Russia / Russie, schedule 1, Part 1, item 1520" in trotsenko.get("notes")
    assert by_key["belarus-1-part-1-2"].get("birthDate") == ["1972"]
    assert by_key["jvcfor-54"].get("birthDate") == ["1972-08-10", "1972-08-11"]
    assert by_key["jvcfor-54"].get("program") == [
        "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)"]  # fmt: skip
    mordashov = by_key["russia-1-part-1-1114"]
    assert mordashov.get("alias") == ["Кирилл Алексеевич Мордашов"]
    assert not mordashov.get("birthDate") and "Date of birth: Sep-99" in mordashov.get("notes")
    dagalo = by_key["sudan-part-1-1"]
    assert dagalo.get("alias") == [
        "Abdel Rahim Hamdan Dagalo", "Abdelrahim Dagalo", "Abdul Rahim Dagalo",
        "Abdelrahim Hamdan Dagalo Mousa", "عبدالرحيم دقلو"]  # fmt: skip
    assert by_key["syria-part-2-60"].get("title") == ["Major General"]
    assert by_key["venezuela-1"].get("name") == ["Nicolás MADURO MOROS"]
    assert by_key["iran-1-part-2-3"].get("name") == ["Ali Fazli"]  # "Ali " trimmed


def test_entities_and_ships(by_key: dict[str, Entity]) -> None:
    irgc = by_key["iran-1-part-1-136"]
    assert irgc.schema == "Organization"
    assert irgc.get("name") == ["Islamic Revolutionary Guard Corps"]
    aliases = irgc.get("alias")
    assert aliases[:3] == ["Corps des Gardiens de la Révolution islamique", "IRGC",
                           "Army of the Guardians of the Islamic Revolution"]  # fmt: skip
    assert {"Sepah-e Pasdaran-e Enghelab-e Eslami", "CGRI", "Pasdaran"} <= set(aliases)
    assert any(n.startswith("Aliases: IRGC, Army of the Guardians") for n in irgc.get("notes"))
    lakhta = by_key["russia-1-part-2-401"]
    assert lakhta.get("alias") == [
        "Lakhta Plaza Limited Liability Company", "Lakhta Plaza LLC",
        'Общество c Ограниченной Ответственностью "Лахта Плаза"']  # fmt: skip
    premier = by_key["russia-1.1-278"]
    assert premier.schema == "Vessel"
    assert premier.get("name") == ["Premier"]  # ends in a non-breaking space in the file
    assert premier.get("imoNumber") == ["9577082"] and premier.get("buildDate") == ["2011"]
    assert premier.get("type") == ["Oil Products Tanker"]
    mendeleev = by_key["russia-1.1-634"]
    assert mendeleev.get("imoNumber") == ["9888182"]  # " 9888182"
    assert mendeleev.get("type") == ["Bunkering Tanker (LNG)"]  # written over three lines
    assert mendeleev.get("createdAt") == ["2026-06-12"]


def test_alias_splitting() -> None:
    split = canada_sema.split_aliases
    assert split("A B, C D and E F") == ["A B", "C D", "E F"]
    assert split("A, B et C") == ["A", "B", "C"]
    assert split("Acme Trading and Shipping LLC") == ["Acme Trading and Shipping LLC"]
    assert split("X Y; Z, W") == ["X Y", "Z, W"]
    assert split("Ivan Ivanov Russian: Иван Иванов") == ["Ivan Ivanov", "Иван Иванов"]
    assert canada_sema.split_name("Maersk A/S") == ["Maersk A/S"]


def test_detected_by_content_and_refused_when_broken(
    tmp_path: Path, xml_path: Path, lists_dir: Path
) -> None:
    renamed = tmp_path / "sema-lmes (1).xml"
    shutil.copyfile(xml_path, renamed)
    assert detect.sniff(renamed) == "canada-sema-xml"
    (found,) = detect.read_paths([renamed]).lists
    assert (found.source, len(found.entities)) == ("canada-sema", 16)
    other = tmp_path / "other.xml"
    other.write_text("<data-set><record><a>1</a></record></data-set>")
    assert detect.sniff(other) is None  # a <data-set> of other records is not this list
    truncated = tmp_path / "sema.xml"
    raw = xml_path.read_bytes()
    truncated.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ListFormatError) as err:
        canada_sema.read(truncated)
    assert str(err.value).startswith(f"{truncated}:") and "malformed XML" in str(err.value)
    assert err.value.line is not None and err.value.line > 50
    un = lists_dir / "un/consolidated_xml_2026-02-27/consolidated.xml"
    with pytest.raises(ListFormatError) as err:
        canada_sema.read(un)
    assert f"{un}:" in str(err.value) and "root element is <CONSOLIDATED_LIST>" in str(err.value)
    nameless = tmp_path / "nameless.xml"
    nameless.write_text(
        "<data-set>\n<record><Country-Pays>Iran</Country-Pays>"
        "<Item-NumeroDarticle>9</Item-NumeroDarticle></record>\n</data-set>"
    )
    with pytest.raises(ListFormatError) as err:
        canada_sema.read(nameless)
    assert str(err.value) == (
        f"{nameless}:2: record without a name (record item 9); "
        "expected LastName/GivenName or EntityOrShip"
    )


def test_repeated_keys_and_unknown_fields(tmp_path: Path) -> None:
    path = tmp_path / "sema.xml"
    record = (
        "<record><Country-Pays>Iran</Country-Pays><EntityOrShip-EntiteOuNavire>{}"
        "</EntityOrShip-EntiteOuNavire><Item-NumeroDarticle>7</Item-NumeroDarticle>"
        "<Remarks-Remarques>r</Remarks-Remarques></record>\n"
    )
    path.write_text("<data-set>\n" + record.format("A Co") + record.format("B Co") + "</data-set>")
    data = canada_sema.read(path)
    assert [e.id for e in data.entities] == ["canada-sema-iran-7", "canada-sema-iran-7-2"]
    assert "Remarks-Remarques: r" in data.entities[1].get("notes")
    assert any("unknown field kept in notes" in w for w in data.warnings)
    assert any("read as iran-7-2" in w for w in data.warnings)


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("Kirill Alexeyevich Mordashov", "Person", "russia-1-part-1-1114"),
        ("Serhii Valeriiovych Aksionov", "Person", "ukraine-part-1-1"),
        ("Islamic Revolutionary Guards Corps", "Organization", "iran-1-part-1-136"),
        ("Abdul Rahim Hamdan Dagalo", "Person", "sudan-part-1-1"),
        ("Dmitriy Mendeleyev", "Vessel", "russia-1.1-634"),
        ("Nicolas Maduro", "Person", "venezuela-1"),
    ],
)
def test_listed_names_are_found_by_variant_spellings(
    data: ListData, name: str, schema: str, expected: str
) -> None:
    (best, *_) = Matcher(data.entities).match(Query("q", schema, {"name": [name]}))
    assert best.entity.id == f"canada-sema-{expected}" and best.match, best.explanation


def test_cli_load_status_and_match(tmp_path: Path, xml_path: Path) -> None:
    def run(*args: str) -> str:
        result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args])
        assert result.exit_code in (0, 1), result.output
        return result.output

    assert "16 entities" in run("lists", "load", str(xml_path))
    rows = {r["source"]: r for r in orjson.loads(run("lists", "status", "--json"))["lists"]}
    assert (rows["canada-sema"]["published_from"], rows["canada-sema"]["entity_count"]) == (
        "mtime", 16)  # fmt: skip
    assert "no date in the list" in rows["canada-sema"]["date"]
    output = run("match", "Aleksandr Barsukov", "--schema", "Person")
    assert "canada-sema-belarus-1-part-1-3" in output and "MATCH" in output
