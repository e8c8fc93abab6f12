"""trade.gov Consolidated Screening List reader, on the truncated 2023-11-30 sample."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from caspian.lists import trade_csl
from caspian.lists.base import ListData, ListFormatError
from caspian.model import Entity

REL = "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE/csl.csv"

# SOURCES.md: complete rows per CSL source in the truncated sample.
EXPECTED = {
    "SDN": 1737,
    "EL": 919,
    "DPL": 577,
    "SSI": 288,
    "UVL": 186,
    "ISN": 144,
    "DTC": 142,
    "PLC": 78,
    "MEU": 71,
    "CMIC": 68,
    "NS-MBS": 14,
    "FSE": 1,
    "CAP": 1,
}


@pytest.fixture(scope="module")
def csl_path(lists_dir: Path) -> Path:
    return lists_dir / REL


@pytest.fixture(scope="module")
def csl(csl_path: Path) -> ListData:
    return trade_csl.read(csl_path)


def by_id(data: ListData, entity_id: str) -> Entity:
    [entity] = [e for e in data.entities if e.id == entity_id]
    return entity


def test_counts_per_source(csl: ListData, csl_path: Path) -> None:
    assert len(csl.entities) == 4226
    assert Counter(e.get("program")[0] for e in csl.entities) == EXPECTED
    # Independent count: record starts by source column; the cut-off last record is SDN.
    text = csl_path.read_text(encoding="utf-8")
    starts = Counter(
        trade_csl.list_code(s) for s in re.findall(r'^"[^"\n]*","([^"\n]+)",', text, re.M)
    )
    starts["SDN"] -= 1
    assert starts == EXPECTED
    assert len({e.id for e in csl.entities}) == 4226
    assert Counter(e.schema for e in csl.entities) == {
        "LegalEntity": 1395,
        "Person": 1124,
        "Organization": 1060,
        "Company": 644,
        "Vessel": 3,
    }


def test_truncated_last_row_and_repeated_header_are_warnings(csl: ListData, csl_path: Path) -> None:
    assert csl.warnings[:2] == [
        "line 2: repeats the header row; skipped",
        "line 4233: the last record (_id 11476) is incomplete: the file ends inside it "
        "(truncated file); skipped it and loaded the 4226 complete records before it",
    ]
    assert not any(e.source_id == "11476" for e in csl.entities)


def test_published_is_file_time(csl: ListData, csl_path: Path) -> None:
    mtime = dt.datetime.fromtimestamp(csl_path.stat().st_mtime, tz=dt.UTC).date().isoformat()
    assert (csl.published, csl.published_from) == (mtime, "mtime")
    assert csl.warnings[2] == (
        f"the CSL file carries no publication date; using the file time {mtime} "
        "(latest start_date in the file: 2023-11-16)"
    )
    assert (csl.source, csl.format) == ("trade-csl", "trade-csl")


def test_entity_list_row(csl: ListData) -> None:
    e = by_id(csl, "csl-el-b6e959b59898e975daaae8fae3a8da1ec522f9f888cafc0e6401a16d")
    assert e.source_id == "b6e959b59898e975daaae8fae3a8da1ec522f9f888cafc0e6401a16d"
    assert e.get("name") == ["Abdul Satar Ghoura"]
    assert e.schema == "LegalEntity"
    assert e.get("program") == ["EL"]
    assert e.get("address") == [
        "501, 5th Floor, Amanullah Sancharaki Market Opp Chaman E Huzuri, Kabul, AF",
        "Flat No. 41 Block No 24 Macroyan 3, Kabul, AF",
        "127-128, Times Center, Saddar Road, Peshawar, PK",
        "House Number 32, F-2, Khusal Khan Khattak Road, University Town, Peshawar, PK",
    ]
    assert e.get("country") == ["af", "pk"]
    assert e.get("createdAt") == ["2011-11-21"]
    assert e.get("notes") == [
        "Federal Register: 76 FR 71867",
        "License requirement: For all items subject to the EAR. (See §744.11 of the EAR).",
        "License policy: Presumption of denial.",
    ]


def test_vessel_with_imo(csl: ListData) -> None:
    e = by_id(csl, "csl-sdn-4243")
    assert e.schema == "Vessel"
    assert e.get("name") == ["EBANO"]
    assert e.get("alias") == ["ANA I", "SAND SWAN"]
    assert e.get("program") == ["SDN", "CUBA"]
    assert e.get("imoNumber") == ["7406784"]
    assert e.get("flag") == ["pa"]
    assert (e.get("type"), e.get("tonnage"), e.get("grossRegisteredTonnage")) == (
        ["General Cargo"],
        ["2595"],
        ["1865"],
    )
    tug = by_id(csl, "csl-sdn-4238")
    assert tug.get("callSign") == ["CL2192"]
    assert tug.get("notes") == ["Owner: Samir de Navegacion S.A."]


def test_sdn_individual(csl: ListData) -> None:
    e = by_id(csl, "csl-sdn-11474")
    assert e.schema == "Person"
    assert e.get("name") == ["DURAN PORRAS, Gloria Amparo"]
    assert e.get("birthDate") == ["1968-02-11", "1968-11-02"]
    assert e.get("idNumber") == ["42895110"]
    assert e.get("country") == ["co"]
    fse = by_id(csl, "csl-fse-26182")
    assert fse.get("passportNumber") == ["U00242309"]
    assert (fse.get("gender"), fse.get("citizenship")) == (["male"], ["tr"])
    assert fse.get("program") == ["FSE", "FSE-IR"]


def test_shared_ofac_id_gives_two_entities(csl: ListData) -> None:
    ssi, mbs = by_id(csl, "csl-ssi-17016"), by_id(csl, "csl-ns-mbs-17016")
    assert ssi.source_id == mbs.source_id == "17016"
    assert ssi.get("program") == ["SSI", "UKRAINE-EO13662", "RUSSIA-EO14024"]
    for e in (ssi, mbs):
        assert e.get("innCode") == ["7744001497"]
        assert e.get("ogrnCode") == ["1027700167110"]
        assert e.get("okpoCode") == ["09807684"]
        assert e.get("swiftBic") == ["GAZPRUMM"]
        assert e.get("incorporationDate") == ["1990-07-31"]
        assert e.schema == "Organization"


def test_list_code() -> None:
    assert trade_csl.list_code("Entity List (EL) - Bureau of Industry and Security") == "EL"
    assert (
        trade_csl.list_code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department")
        == "NS-MBS"
    )
    assert trade_csl.list_code(
        "Military End User (MEU) List - Bureau of Industry and Security"
    ) == ("MEU")


# -- bad input ------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "csl.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_truncated_copy_is_a_warning(csl_path: Path, tmp_path: Path) -> None:
    lines = csl_path.read_text(encoding="utf-8").split("\n")
    cut = "\n".join(lines[:3000]) + "\n" + lines[3000][:120]
    data = trade_csl.read(write(tmp_path, cut))
    # lines 3..3000 hold 2,994 records (three records span 4 extra lines)
    assert len(data.entities) == 2994
    assert data.warnings[1] == (
        "line 3001: the last record (_id fb8deb72dc124de7862277c820dfd463bbf0dcf0f834d6a676c82794)"
        " is incomplete: it has 5 of 29 columns (truncated file); skipped it and loaded the "
        "2994 complete records before it"
    )


def test_short_last_record_is_a_warning(csl_path: Path, tmp_path: Path) -> None:
    lines = csl_path.read_text(encoding="utf-8").split("\n")
    data = trade_csl.read(write(tmp_path, "\n".join([*lines[:9], '"1","x","y"\n'])))
    assert len(data.entities) == 7
    assert data.warnings[1].startswith("line 10: the last record (_id 1) is incomplete: it has 3")


def test_malformed_middle_row_is_an_error(csl_path: Path, tmp_path: Path) -> None:
    lines = csl_path.read_text(encoding="utf-8").split("\n")
    # drop the second cell of physical line 1000 (after the multi-line records)
    lines[999] = re.sub(r'^("[^"]*"),"[^"]*",', r"\1,", lines[999])
    with pytest.raises(ListFormatError) as err:
        trade_csl.read(write(tmp_path, "\n".join(lines)))
    assert str(err.value).startswith(f"{tmp_path / 'csl.csv'}:1000: 28 columns instead of 29")


def test_bad_quoting_in_the_middle_is_an_error(csl_path: Path, tmp_path: Path) -> None:
    lines = csl_path.read_text(encoding="utf-8").split("\n")
    lines[99] = lines[99][:-1]  # line 100 loses the closing quote of its last cell
    path = write(tmp_path, "\n".join(lines))
    with pytest.raises(ListFormatError) as err:
        trade_csl.read(path)
    assert str(err.value).startswith(
        f"{path}:100: bad CSV quoting in the record starting here: "
        "',' expected after '\"' (at line 101)"
    )


def test_unclosed_quote_is_not_mistaken_for_a_cut_record(csl_path: Path, tmp_path: Path) -> None:
    lines = csl_path.read_text(encoding="utf-8").split("\n")
    unquoted = ",".join(f"cell{i}" for i in range(29))
    path = write(tmp_path, "\n".join([lines[0], lines[2][:-1], unquoted, ""]))
    with pytest.raises(ListFormatError) as err:
        trade_csl.read(path)
    assert str(err.value).startswith(
        f"{path}:2: a quote opened in this record is never closed (line 3 looks like a whole"
    )


def test_bom_latin1_empty_garbage(csl_path: Path, tmp_path: Path) -> None:
    raw = csl_path.read_bytes()
    path = tmp_path / "csl.csv"
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    assert len(trade_csl.read(path).entities) == 4226
    head = "\n".join(raw.decode("utf-8").split("\n")[:3])  # ASCII lines
    path.write_bytes(head.replace("China Telecom", "Chin\u00e1 Telecom", 1).encode("latin-1"))
    with pytest.raises(ListFormatError, match=rf"{path}:3: byte 0xE1 is not valid UTF-8"):
        trade_csl.read(path)
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match="file is empty"):
        trade_csl.read(path)
    path.write_bytes(b"<html><body>502 Bad Gateway</body></html>\n")
    with pytest.raises(ListFormatError, match=rf"{path}:1: not the trade.gov Consolidated"):
        trade_csl.read(path)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")
    with pytest.raises(ListFormatError, match=rf"{path}:1: byte 0x89 is not valid UTF-8"):
        trade_csl.read(path)
    path.write_bytes(raw.split(b"\n")[0] + b"\n")
    with pytest.raises(ListFormatError, match="no records after the header"):
        trade_csl.read(path)


def test_duplicate_id_in_one_list_is_an_error(csl_path: Path, tmp_path: Path) -> None:
    lines = csl_path.read_text(encoding="utf-8").split("\n")
    with pytest.raises(ListFormatError, match=r":4: _id 30882 appears twice .* line 3"):
        trade_csl.read(write(tmp_path, "\n".join([*lines[:3], lines[2]])))


def test_address_country() -> None:
    assert trade_csl.address_country("c/o FRANZUL S.A., Medellin, CO") == "co"
    assert trade_csl.address_country("3415 RIVERA AVENUE, EL PASO, TX, 79905") == "us"
    assert trade_csl.address_country("399 MAPLEWOOD AVENUE, PORTSMOUTH, NH, 3801") == "us"
    assert trade_csl.address_country("P.O. Box 3000, ANTHONY, 88021, NM") == "us"
    assert trade_csl.address_country("Room 402-403, 161-167 Des Voeux Road, Hong Kong,") == "hk"
    assert trade_csl.address_country("Gaza Strip, undetermined") is None
    assert trade_csl.address_country("No. 6 Yong Xin Street, Chengdu") is None
