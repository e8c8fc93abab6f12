"""FollowTheMoney JSON-lines reader and writer, on the yente fixtures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from caspian.lists import ftm
from caspian.lists.base import ListData, ListFormatError
from caspian.model import Entity

ZALA = "opensanctions/yente_fixture_zala/entities.ftm.json"
T1 = "opensanctions/yente_fixture_t1/entities.ftm.json"
ZALA_AERO = "NK-cPks3aTbes8k4aCerfBAzN"
CST = "NK-abdzbEBkqyT29GyREbiURZ"  # LLC CST, trading as Zala Aero Group
ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"


@pytest.fixture(scope="module")
def zala_path(lists_dir: Path) -> Path:
    return lists_dir / ZALA


@pytest.fixture(scope="module")
def zala(zala_path: Path) -> ListData:
    return ftm.read(zala_path)


@pytest.fixture(scope="module")
def raw_zala(zala_path: Path) -> dict[str, dict[str, Any]]:
    records = [orjson.loads(line) for line in zala_path.read_bytes().splitlines()]
    return {r["id"]: r for r in records}


def by_id(data: ListData, entity_id: str) -> Entity:
    [entity] = [e for e in data.entities if e.id == entity_id]
    return entity


def test_zala_counts(zala: ListData, raw_zala: dict[str, dict[str, Any]]) -> None:
    assert Counter(r["schema"] for r in raw_zala.values()) == {  # SOURCES.md
        "Sanction": 41,
        "Ownership": 14,
        "Company": 11,
        "Address": 11,
        "Person": 6,
        "Family": 4,
        "Directorship": 3,
        "Passport": 1,
    }
    assert len(zala.entities) == 17
    assert Counter(e.schema for e in zala.entities) == {"Company": 11, "Person": 6}
    assert zala.warnings == [
        "folded 74 records into the 17 entities (Sanction 41, Ownership 14, Address 11, "
        "Family 4, Directorship 3, Passport 1); 16 references to records not in the file"
    ]


def test_zala_list_metadata(zala: ListData, zala_path: Path) -> None:
    # ext_ru_egrul is on 16 of the 17 screenable entities, more than any other dataset
    assert zala.source == "ext_ru_egrul"
    assert zala.format == "ftm"
    assert (zala.published, zala.published_from) == ("2026-04-29", "file")
    assert ftm.read(zala_path, source="opensanctions").source == "opensanctions"


def test_zala_aero(zala: ListData) -> None:
    e = by_id(zala, ZALA_AERO)
    assert e.schema == "Company"
    assert e.get("name") == [
        "ZALA AERO JSC",
        'Joint-Stock Company "Zala Aero"',
        'Акціонерне товариство "Зала Аеро"',
        "JOINT-STOCK COMPANY ZALA AERO",
        'Акционерное общество "Зала Аэро"',
    ]
    assert e.get("innCode") == ["9715478507"]
    assert e.get("ogrnCode") == ["1247700258651"]
    assert e.datasets == ["ext_ru_egrul", "ua_nsdc_sanctions", "ua_war_sanctions"]
    assert (e.source, e.source_id) == ("ext_ru_egrul", ZALA_AERO)
    assert (e.first_seen, e.last_change) == ("2025-08-17T00:22:02", "2026-03-23T05:41:01")
    assert e.get("notes") == ["Linked To: Alexander Vyacheslavovich ZAKHAROV (Ownership)"]


def test_programs_and_dates_come_from_sanctions(
    zala: ListData, raw_zala: dict[str, dict[str, Any]]
) -> None:
    e = by_id(zala, CST)
    assert "Zala Aero" in e.get("name")
    assert e.get("innCode") == ["1841015504"]
    assert "program" not in raw_zala[CST]["properties"]
    for program in ("Autonomous (Russia)", "AU-RUSSIA", "CA-SEMA", "US-BIS-EL", "RUSSIA-EO14024"):
        assert program in e.get("program")
    assert len(e.get("program")) == 26
    assert "2026-02-19" in e.get("createdAt")  # ca-sema listingDate
    assert "2026-02-19" not in raw_zala[CST]["properties"]["createdAt"]
    assert "Sanction: Global Affairs Canada; 1, Part 2" in e.get("notes")
    assert "Linked To: JSC Kalashnikov Concern (Ownership: subsidiary of)" in e.get("notes")


def test_links_on_both_sides(zala: ListData) -> None:
    person = by_id(zala, ZAKHAROV)
    assert "Linked To: LLC CST (Directorship: Leader or official of)" in person.get("notes")
    assert "Linked To: Nikita Aleksandrovich Zakharov (Family: Family member of)" in person.get(
        "notes"
    )
    son = by_id(zala, "NK-JseaPJctnK9o8wrmz8xmoT")
    assert "Linked To: Alexander Vyacheslavovich ZAKHAROV (Family: Family member of)" in son.get(
        "notes"
    )


def test_t1(lists_dir: Path) -> None:
    data = ftm.read(lists_dir / T1)
    assert len(data.entities) == 6
    assert Counter(e.schema for e in data.entities) == {"Person": 4, "Organization": 2}
    assert data.source == "eu_fsf"
    assert (data.published, data.published_from) == ("2024-03-28", "file")
    irgc = by_id(data, "NK-2PacmNpiLUmoz4XD2mSt7A")
    assert irgc.get("name") == ["IRGC", "Iranian Revolutionary Guard Corps"]
    assert irgc.get("country") == ["ir"]
    assert data.warnings == [
        "ignored 1 records (Address (not referenced) 1); 2 references to records not in the file"
    ]


def test_round_trip(zala: ListData, zala_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.ftm.json"
    with out.open("wb") as fh:
        assert ftm.write_entities(zala.entities, fh) == 17
    again = ftm.read(out)
    assert again.entities == zala.entities
    assert [e.source for e in again.entities] == [e.source for e in zala.entities]
    assert again.source == zala.source
    assert again.published == "2026-04-29"


# -- folding, on small files ------------------------------------------------------------


def lines(*records: dict[str, Any]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


PERSON = {
    "id": "p1",
    "schema": "Person",
    "properties": {"name": ["Ivan Petrov"], "addressEntity": ["a1"]},
    "datasets": ["test_ds"],
}


def test_passport_address_and_unknown_schemas_fold(tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_bytes(
        lines(
            PERSON,
            {
                "id": "a1",
                "schema": "Address",
                "properties": {"full": ["1 Main St, Minsk"], "country": ["by"]},
            },
            {
                "id": "pp",
                "schema": "Passport",
                "properties": {"holder": ["p1"], "number": ["MP123"], "country": ["by"]},
            },
            {
                "id": "id1",
                "schema": "Identification",
                "properties": {"holder": ["p1"], "number": ["X9"]},
            },
            {"id": "n1", "schema": "Note", "properties": {"entity": ["p1"]}},
            {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["gone"]}},
        )
    )
    data = ftm.read(path)
    [person] = data.entities
    assert person.get("passportNumber") == ["MP123"]
    assert person.get("idNumber") == ["X9"]
    assert person.get("address") == ["1 Main St, Minsk"]
    assert person.get("country") == ["by"]
    assert person.get("notes") == []
    assert data.source == "test_ds"
    assert data.warnings[0] == (
        "folded 3 records into the 1 entities (Passport 1, Identification 1, Address 1); "
        "ignored 2 records (Note 1, Ownership (unlinked) 1); "
        "1 references to records not in the file"
    )
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date().isoformat()
    assert (data.published, data.published_from) == (mtime, "mtime")
    assert data.warnings[1] == (
        f"no last_change or first_seen in the file; using the file time {mtime}"
    )


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"id": "x", "schema": "Person", "prop', "not valid JSON"),
        (b"[1, 2]", "a JSON list, not an object"),
        (b'{"schema": "Person"}', "object without a string 'id'"),
        (b'{"id": "x"}', "object without a string 'schema'"),
        (
            b'{"id": "x", "schema": "Person", "properties": {"name": 5}}',
            "field 'properties.name' must be a list of strings (record x)",
        ),
    ],
)
def test_bad_lines(tmp_path: Path, line: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(lines(PERSON, PERSON | {"id": "p2"}) + line + b"\n")
    with pytest.raises(ListFormatError) as err:
        ftm.read(path)
    assert str(err.value).startswith(f"{path}:3: {message}")


def test_truncated_latin1_bom_empty_garbage(zala_path: Path, tmp_path: Path) -> None:
    raw = zala_path.read_bytes()
    path = tmp_path / "zala.json"
    end_of_line_2 = raw.index(b"\n", raw.index(b"\n") + 1)
    path.write_bytes(raw[: end_of_line_2 - 50])  # line 2 cut off
    with pytest.raises(ListFormatError, match=rf"{path}:2: not valid JSON"):
        ftm.read(path)
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    assert len(ftm.read(path).entities) == 17
    path.write_bytes(
        lines(PERSON)
        + orjson.dumps(PERSON | {"id": "p2"}).replace(b"Ivan", "Iván".encode("latin-1"))
    )
    with pytest.raises(ListFormatError, match=rf"{path}:2: byte 0xE1 is not valid UTF-8"):
        ftm.read(path)
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match="file is empty"):
        ftm.read(path)
    path.write_bytes(b"garbage, not json\n")
    with pytest.raises(ListFormatError, match=rf"{path}:1: not valid JSON"):
        ftm.read(path)
    path.write_bytes(lines({"id": "s", "schema": "Sanction", "properties": {}}))
    with pytest.raises(ListFormatError, match="no screenable entities \\(only Sanction 1\\)"):
        ftm.read(path)
