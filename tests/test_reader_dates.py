"""Each publisher's order of slashed dates, checked on its real file where the file holds
slashed dates, and on constructed rows (built from a real record) where it does not.

Where the real files show the order:
- BIS DPL (month first): Effective_Date "06/19/2003"; read month first, 662 of the 665
  effective dates fall on or before the row's own ISO Last_Update (the 3 others are the
  Last_Update typos the reader warns about), day first only 159 of them.
- UK OFSI (day first): "Last Updated,13/04/2018"; read day first, all 5,965 birth dates
  parse and every row's Listed On <= Last Updated <= 2018-04-13; month first 4,299 and
  2,064.
- UN (day first): its only slashed dates are Hijri ones in notes ("24/06/1402"), never
  read as Gregorian dates; its date fields are ISO.
- OFAC classic XML (month first): Publish_Date "05/06/2024" of the 2024-05-06 file; the
  OFAC CSVs, advanced and enhanced XML in the folder hold no slashed dates, so OFAC CSV
  remarks are checked on constructed rows ("DOB 06/19/2003" is OFAC's own style).
- trade.gov CSL (month first): its date columns in the sample are ISO; constructed rows.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import orjson
import pytest

from caspian.dates import parse_slashed
from caspian.lists import (
    bis_dpl,
    ftm,
    ofac_advanced,
    ofac_csv,
    ofac_enhanced,
    ofac_xml,
    trade_csl,
    uk_ofsi,
    un_xml,
)
from caspian.lists.base import ListData
from caspian.model import Entity

DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"
UK = "uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv"
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
CLASSIC = "ofac/consolidated_xml_2024-05-06/consolidated.xml"
SDN_CSV = "ofac/sdn_csv_2024-05-03/sdn.csv"
CSL = "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE/csl.csv"
ADVANCED = "ofac/cons_advanced_xml_2020-03-17/cons_advanced.xml"
ENHANCED = "ofac/sls_custom_enhanced_xml_irgc_2024-08-28/IRGC_sanctions.xml"
ZALA = "opensanctions/yente_fixture_zala/entities.ftm.json"


def test_each_reader_states_its_publishers_order() -> None:
    from caspian.lists import ofac_fields, ofac_remarks

    assert ofac_remarks.DAY_FIRST is ofac_fields.DAY_FIRST is False
    assert bis_dpl.DAY_FIRST is False
    assert trade_csl.DAY_FIRST is False
    assert uk_ofsi.DAY_FIRST is True
    assert un_xml.DAY_FIRST is True


# -- BIS Denied Persons List: month first, real file --------------------------------------


def _dpl_rows(lists_dir: Path) -> list[list[str]]:
    with (lists_dir / DPL).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t"))[1:]


def test_bis_month_first_is_consistent_with_its_iso_last_update(lists_dir: Path) -> None:
    rows = _dpl_rows(lists_dir)
    assert len(rows) == 665

    def before_update(day_first: bool) -> int:
        return sum(1 for r in rows if (d := parse_slashed(r[6], day_first=day_first)) and d <= r[9])

    assert before_update(day_first=False) == 662
    assert before_update(day_first=True) == 159


@pytest.fixture(scope="module")
def dpl(lists_dir: Path) -> ListData:
    return bis_dpl.read(lists_dir / DPL)


def _dpl_parties(data: ListData, name: str) -> list[Entity]:
    return [e for e in data.entities if e.first("name") == name]


def _dpl_party(data: ListData, name: str) -> Entity:
    [entity] = _dpl_parties(data, name)
    return entity


def test_bis_real_dates_day_over_12_and_under(dpl: ListData) -> None:
    # I. ASH: denied by two orders, effective 06/19/2003 and 03/04/2002 (one row each
    # address), both expiring 06/29/2056
    ash = {e.first("createdAt"): e for e in _dpl_parties(dpl, "I. ASH")}
    assert sorted(ash, key=str) == ["2002-03-04", "2003-06-19"]
    assert all("Expiration date: 2056-06-29" in e.get("notes") for e in ash.values())
    assert len(ash["2002-03-04"].get("address")) == 2
    madrid = _dpl_party(dpl, "ABDIEL PADRON MADRID")  # Effective 02/10/2022
    assert madrid.get("createdAt") == ["2022-02-10"]
    assert madrid.get("modifiedAt") == ["2022-02-22"]  # Last_Update, after it
    guajardo = _dpl_party(dpl, "ADRIANA GABRIELA GUAJARDO-CAVAZOS")  # 05/08/2023, 11/12/2027
    assert guajardo.get("createdAt") == ["2023-05-08"]
    assert "Expiration date: 2027-11-12" in guajardo.get("notes")


def _write_dpl(path: Path, *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(bis_dpl.COLUMNS)
        writer.writerows(rows)
    return path


def test_bis_constructed_rows(tmp_path: Path, lists_dir: Path) -> None:
    real = [c.strip() for c in _dpl_rows(lists_dir)[0]]  # I. ASH
    ambiguous = [*real[:6], "03/04/1970", "", *real[8:]]
    impossible = ["OTHER PARTY", *real[1:6], "02/31/1960", "04/31/2030", *real[8:]]
    data = bis_dpl.read(_write_dpl(tmp_path / "dpl.txt", ambiguous, impossible))
    first, other = data.entities
    assert first.get("createdAt") == ["1970-03-04"]
    # the impossible dates are not stored; the rest of the record is read
    assert other.get("createdAt") == []
    assert "Effective date: 02/31/1960" in other.get("notes")
    assert "Expiration date: 04/31/2030" in other.get("notes")
    assert other.get("name") == ["OTHER PARTY"]
    assert other.get("address") == first.get("address") != []
    assert other.get("modifiedAt") == ["2007-01-31"]


def test_bis_impossible_last_update_is_refused(tmp_path: Path, lists_dir: Path) -> None:
    real = [c.strip() for c in _dpl_rows(lists_dir)[0]]
    row = [*real[:9], "2020-02-31", *real[10:]]
    data = bis_dpl.read(_write_dpl(tmp_path / "dpl.txt", row))
    [party] = data.entities
    assert party.get("modifiedAt") == []
    assert "Last update (as written): 2020-02-31" in party.get("notes")
    assert data.published_from == "mtime"


# -- UK OFSI: day first, real file ----------------------------------------------------------


def _uk_rows(lists_dir: Path) -> list[dict[str, str]]:
    text = (lists_dir / UK).read_bytes().decode("cp1252")
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    header = next(reader)
    return [dict(zip(header, row, strict=False)) for row in reader]


def test_uk_day_first_is_consistent_with_its_own_dates(lists_dir: Path) -> None:
    rows = _uk_rows(lists_dir)

    def ordered(day_first: bool) -> int:
        return sum(
            1
            for r in rows
            if (a := parse_slashed(r["Listed On"], day_first=day_first))
            and (b := parse_slashed(r["Last Updated"], day_first=day_first))
            and a <= b <= "2018-04-13"
        )

    def births(day_first: bool) -> int:
        return sum(1 for r in rows if r["DOB"] and parse_slashed(r["DOB"], day_first=day_first))

    assert (len(rows), ordered(True), ordered(False)) == (9487, 9487, 2064)
    assert (births(True), births(False)) == (5965, 4299)


@pytest.fixture(scope="module")
def uk(lists_dir: Path) -> dict[str, Entity]:
    return {e.source_id: e for e in uk_ofsi.read(lists_dir / UK).entities}


def test_uk_real_dates_day_over_12_and_under(uk: dict[str, Entity], lists_dir: Path) -> None:
    assert uk_ofsi.read(lists_dir / UK).published == "2018-04-13"  # "Last Updated,13/04/2018"
    rahman = uk["6894"]  # DOB 17/08/1957 and 17/08/1958, Listed On 24/01/2003, ...
    assert rahman.get("birthDate") == ["1957-08-17", "1958-08-17"]
    assert rahman.get("createdAt") == ["2003-01-24"]
    assert rahman.get("modifiedAt") == ["2011-06-23"]
    kim = uk["13562"]  # DOB 01/08/1979, Listed On 22/12/2017, Last Updated 09/01/2018
    assert kim.get("birthDate") == ["1979-08-01"]
    assert kim.get("createdAt") == ["2017-12-22"]
    assert kim.get("modifiedAt") == ["2018-01-09"]
    ansar = uk["13188"]  # Listed On 29/11/2014, Last Updated 02/12/2014
    assert (ansar.get("createdAt"), ansar.get("modifiedAt")) == (["2014-11-29"], ["2014-12-02"])


def test_uk_impossible_birth_date_is_refused(
    tmp_path: Path, lists_dir: Path, uk: dict[str, Entity]
) -> None:
    lines = (lists_dir / UK).read_bytes().decode("cp1252").splitlines(keepends=True)
    group = [line.replace("01/08/1979", "31/02/1979") for line in lines if "13562" in line]
    assert len(group) > 1 and all(",13562" in line for line in group)
    path = tmp_path / "sanctionsconlist.csv"
    path.write_text("".join(lines[:2] + group), encoding="utf-8")
    [kim] = uk_ofsi.read(path).entities
    assert kim.get("birthDate") == []
    assert "DOB: 31/02/1979" in kim.get("notes")
    assert kim.get("name") == uk["13562"].get("name") != []
    assert kim.get("createdAt") == ["2017-12-22"]


# -- UN: ISO dates, Hijri notes never read as Gregorian ------------------------------------


@pytest.fixture(scope="module")
def un(lists_dir: Path) -> dict[str, Entity]:
    return {e.source_id: e for e in un_xml.read(lists_dir / UN).entities}


def test_un_hijri_birth_date_is_not_gregorian(un: dict[str, Entity]) -> None:
    person = un["QDi.291"]  # DOB note "24/06/1402 (Hijri Calendar)"
    assert not any(d.startswith("1402") for d in person.get("birthDate"))
    assert "Date of birth: 24/06/1402 (Hijri Calendar)" in person.get("notes")


def test_un_alias_birth_years_are_kept(un: dict[str, Entity]) -> None:
    # aliases with a year only (<DATE_OF_BIRTH>1955</DATE_OF_BIRTH>), once dropped
    assert "1955" in un["QDi.290"].get("birthDate")
    assert "1984" in un["YEi.008"].get("birthDate")


def test_un_impossible_dates_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        '<CONSOLIDATED_LIST dateGenerated="2026-02-31T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>'
        "<DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>"
        "<LISTED_ON>2001-13-01</LISTED_ON>"
        "<INDIVIDUAL_DATE_OF_BIRTH><DATE>1960-02-31</DATE></INDIVIDUAL_DATE_OF_BIRTH>"
        "<INDIVIDUAL_DATE_OF_BIRTH><YEAR>0000</YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
        "<INDIVIDUAL_DATE_OF_BIRTH><DATE>1961-02-28</DATE></INDIVIDUAL_DATE_OF_BIRTH>"
        "</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    data = un_xml.read(path)
    [person] = data.entities
    assert person.get("birthDate") == ["1961-02-28"]
    assert person.get("createdAt") == []
    assert data.published is None
    assert person.get("name") == ["A"]


# -- OFAC: month first ------------------------------------------------------------------------


def test_ofac_classic_publish_date_is_month_first(lists_dir: Path) -> None:
    assert b"<Publish_Date>05/06/2024</Publish_Date>" in (lists_dir / CLASSIC).read_bytes()
    assert ofac_xml.read(lists_dir / CLASSIC).published == "2024-05-06"


def test_ofac_classic_constructed_publish_dates(tmp_path: Path) -> None:
    def published(value: str) -> str | None:
        path = tmp_path / "sdn.xml"
        path.write_text(
            f"<sdnList><publshInformation><Publish_Date>{value}</Publish_Date>"
            "</publshInformation><sdnEntry><uid>1</uid><lastName>X</lastName>"
            "<sdnType>Entity</sdnType></sdnEntry></sdnList>",
            encoding="utf-8",
        )
        return ofac_xml.read(path).published

    assert published("12/20/2024") == "2024-12-20"
    assert published("03/04/2024") == "2024-03-04"
    assert published("02/30/2024") is None


def _sdn_with_remarks(lists_dir: Path, tmp_path: Path, *remarks: str) -> list[Entity]:
    """The first real sdn.csv individual, once per remarks text."""
    with (lists_dir / SDN_CSV).open(encoding="utf-8", newline="") as fh:
        real = next(r for r in csv.reader(fh) if len(r) == 12 and r[2] == "individual")
    path = tmp_path / "sdn.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        for i, text in enumerate(remarks):
            writer.writerow([str(i + 1), *real[1:11], text])
    return ofac_csv.read({"primary": path}, source="ofac-sdn").entities


def test_ofac_csv_remarks_are_month_first(lists_dir: Path, tmp_path: Path) -> None:
    day_over_12, ambiguous, impossible, text = _sdn_with_remarks(
        lists_dir,
        tmp_path,
        "DOB 06/19/2003; POB Tehran, Iran.",
        "DOB 03/04/1970; alt. DOB 1971.",
        "DOB 02/31/1960; POB Tehran, Iran; Passport A123456 (Iran).",
        "DOB 10 Dec 1948.",
    )
    assert day_over_12.get("birthDate") == ["2003-06-19"]
    assert ambiguous.get("birthDate") == ["1970-03-04", "1971"]
    # refused, not stored; the rest of the record is read
    assert impossible.get("birthDate") == []
    assert impossible.get("birthPlace") == ["Tehran, Iran"]
    assert impossible.get("passportNumber") == ["A123456"]
    assert "DOB 02/31/1960" in impossible.get("notes")[0]
    assert text.get("birthDate") == ["1948-12-10"]


def test_ofac_advanced_impossible_structured_date_is_refused(
    tmp_path: Path, lists_dir: Path
) -> None:
    data = (lists_dir / ADVANCED).read_bytes()
    issue = data[data.index(b"<DateOfIssue") : data.index(b"</DateOfIssue>") + 14]
    path = tmp_path / "cons_advanced.xml"
    path.write_bytes(
        data.replace(
            issue, b"<DateOfIssue><Year>2020</Year><Month>2</Month><Day>31</Day></DateOfIssue>"
        )
    )
    assert ofac_advanced.read(lists_dir / ADVANCED).published == "2020-03-17"
    changed = ofac_advanced.read(path)
    assert changed.published is None
    assert len(changed.entities) == 375


def test_ofac_enhanced_feature_dates_read_as_text_month_first(
    tmp_path: Path, lists_dir: Path
) -> None:
    data = (lists_dir / ENHANCED).read_text(encoding="utf-8")
    base = ofac_enhanced.read(lists_dir / ENHANCED)
    births = Counter(len(e.get("birthDate")) for e in base.entities)
    assert births[0] < len(base.entities)
    first = data.index("<value>", data.index('<type featureTypeId="8">Birthdate</type>'))
    end = data.index("</value>", first)
    original = data[first + 7 : end]
    path = tmp_path / "IRGC_sanctions.xml"
    path.write_text(data[: first + 7] + "03/04/1970" + data[end:], encoding="utf-8")
    changed = {e.source_id: e for e in ofac_enhanced.read(path).entities}
    before = {e.source_id: e for e in base.entities}
    [source_id] = [k for k in before if before[k].get("birthDate") != changed[k].get("birthDate")]
    assert changed[source_id].get("birthDate") == ["1970-03-04"]
    assert original != "03/04/1970"


# -- trade.gov CSL: month first, constructed rows ---------------------------------------------


def test_csl_constructed_rows_are_month_first(tmp_path: Path, lists_dir: Path) -> None:
    with (lists_dir / CSL).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        real = next(r for r in reader if r[1].startswith("Specially") and r[24])
    column = {name: i for i, name in enumerate(header)}

    def row(number: str, start: str, births: str) -> list[str]:
        cells = list(real)
        cells[column["_id"]] = number
        cells[column["start_date"]] = start
        cells[column["dates_of_birth"]] = births
        return cells

    path = tmp_path / "csl.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerow(row("1", "06/19/2003", "03/04/1970"))
        writer.writerow(row("2", "02/31/2003", "02/31/1960; 1961"))
    one, two = trade_csl.read(path).entities
    assert one.get("createdAt") == ["2003-06-19"]
    assert one.get("birthDate") == ["1970-03-04"]
    assert two.get("createdAt") == []
    assert two.get("birthDate") == ["1961"]
    assert "Date of birth: 02/31/1960" in two.get("notes")
    assert two.get("name") == one.get("name") != []


# -- FtM: ISO, impossible days refused -------------------------------------------------------


def test_ftm_impossible_dates_are_refused(tmp_path: Path, lists_dir: Path) -> None:
    records = [orjson.loads(line) for line in (lists_dir / ZALA).read_bytes().splitlines()]
    person = next(r for r in records if r["schema"] == "Person")
    person["properties"]["birthDate"] = ["1960-02-31", "1961-02-28", "1962"]
    person["properties"]["deathDate"] = ["2020-13-01"]
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    data = ftm.read(path)
    [entity] = [e for e in data.entities if e.id == person["id"]]
    assert entity.get("birthDate") == ["1961-02-28", "1962"]
    assert entity.get("deathDate") == []
    assert "birthDate (not a real date, as written): 1960-02-31" in entity.get("notes")
    line = next(i for i, r in enumerate(records, start=1) if r["id"] == person["id"])
    assert f"{path}:{line}: birthDate '1960-02-31' is not a real date; not stored" in (
        data.warnings
    )
