"""BIS Denied Persons List reader, on the real 2023-11-28 dpl.txt."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from caspian.lists import bis_dpl
from caspian.lists.base import ListData, ListFormatError
from caspian.model import Entity

REL = "us_bis/dpl_txt_2023-11-28/dpl.txt"


@pytest.fixture(scope="module")
def dpl_path(lists_dir: Path) -> Path:
    return lists_dir / REL


@pytest.fixture(scope="module")
def dpl(dpl_path: Path) -> ListData:
    return bis_dpl.read(dpl_path)


def by_name(data: ListData, name: str) -> list[Entity]:
    return [e for e in data.entities if e.first("name") == name]


def test_counts_rows_and_grouped_parties(dpl: ListData, dpl_path: Path) -> None:
    # Independent count: raw rows, and distinct (name, effective date) pairs.
    lines = dpl_path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines[1:] if line]
    assert len(rows) == 665  # SOURCES.md
    keys = {(" ".join(r[0].strip('"').split()).casefold(), r[6]) for r in rows}
    assert len(keys) == 547
    assert len(dpl.entities) == 547
    assert len({e.id for e in dpl.entities}) == 547
    assert Counter(e.schema for e in dpl.entities) == {"LegalEntity": 477, "Company": 70}


def test_list_metadata(dpl: ListData, dpl_path: Path) -> None:
    assert (dpl.source, dpl.format) == ("bis-dpl", "bis-dpl")
    assert dpl.published == "2023-11-28"
    assert dpl.published_from == "file"
    assert dpl.files == [dpl_path]
    assert all(e.source == "bis-dpl" and e.get("program") == ["DPL"] for e in dpl.entities)


def test_party_with_two_addresses_is_grouped(dpl: ListData) -> None:
    [zimo] = by_name(dpl, "ZIMO SHENG")
    digest = hashlib.sha1(b"zimo sheng|2020-03-16").hexdigest()[:12]
    assert zimo.id == f"bis-dpl-{digest}" == "bis-dpl-79feac808746"
    assert zimo.source_id == digest
    assert zimo.schema == "LegalEntity"
    assert zimo.get("address") == [
        "3975 N. CRAMER STREET, UNIT 204, MILWAUKEE, WI, 53211",
        "JINXIUYUAN 17-403, CHANGSHU, JIANGSU, 215500, CN",
    ]
    assert zimo.get("country") == ["us", "cn"]
    assert zimo.get("createdAt") == ["2020-03-16"]
    assert zimo.get("modifiedAt") == ["2020-03-20"]
    assert "Expiration date: 2028-12-13" in zimo.get("notes")
    assert "Federal Register: 85 F.R. 16054 3/20/2020" in zimo.get("notes")


def test_company_with_four_addresses(dpl: ListData) -> None:
    [air] = by_name(dpl, "AIR FREIGHT LTD")
    assert air.schema == "Company"
    assert len(air.get("address")) == 4
    assert air.get("address")[2] == "P.O. BOX 28360, DUBAI, AE"
    assert air.get("country") == ["iq", "ae", "jo"]
    assert air.get("createdAt") == ["2023-10-31"]
    assert "Expiration date: 2024-10-30" in air.get("notes")


def test_same_person_under_two_orders_stays_two_parties(dpl: ListData) -> None:
    ash = by_name(dpl, "I. ASH")
    assert sorted(e.first("createdAt") or "" for e in ash) == ["2002-03-04", "2003-06-19"]
    assert len({e.id for e in ash}) == 2


def test_names_aliases_and_quotes(dpl: ListData) -> None:
    [s7] = by_name(dpl, "SIBERIAN AIRLINES D/B/A S7 AIRLINES")
    assert s7.get("alias") == ["S7 AIRLINES"]
    [fuyi] = by_name(dpl, "FUYI SUN A/K/A FRANK SUN")
    assert fuyi.get("alias") == ["FRANK SUN"]
    assert by_name(dpl, 'IHSAN MEDHAT "SAMMY" ELASHI')
    [aeroflot] = by_name(dpl, "PJSC AEROFLOT")
    assert aeroflot.schema == "Company"
    assert aeroflot.get("country") == ["ru"]


def test_list_typos_are_warnings(dpl: ListData) -> None:
    [garcia] = by_name(dpl, "JOSE ERNESTO GARCIA")
    assert garcia.get("modifiedAt") == []
    assert "Last update (as written): 3033-09-30" in garcia.get("notes")
    assert any(w.startswith("line 316: Last_Update '3033-09-30'") for w in dpl.warnings)
    [smith] = by_name(dpl, "STEPHEN EDWARD SMITH")
    assert smith.get("country") == ["us"]
    assert smith.get("address") == [
        "INMATE NUMBER: 30819-408, FCI LA TUNA, P.O. Box 3000, ANTHONY, NM, 88021"
    ]
    assert any(w.startswith("line 593: Country 'NM'") for w in dpl.warnings)
    assert len(dpl.warnings) == 4


def test_looks_like_company() -> None:
    assert bis_dpl.looks_like_company("COTRICOM S.A.")
    assert bis_dpl.looks_like_company("WELL BEING ENTERPRISE CO., LTD.")
    assert bis_dpl.looks_like_company("SUNTRONIC F.Z.E.")
    assert not bis_dpl.looks_like_company("MARCO POLO")
    assert not bis_dpl.looks_like_company("AZUR AIR")


# -- bad input ------------------------------------------------------------------------


def test_bom_copy_reads(dpl_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_bytes(b"\xef\xbb\xbf" + dpl_path.read_bytes())
    assert len(bis_dpl.read(path).entities) == 547


def test_truncated_copy(dpl_path: Path, tmp_path: Path) -> None:
    raw = dpl_path.read_bytes()
    path = tmp_path / "dpl.txt"
    path.write_bytes(raw[: raw.rindex(b"\n", 0, len(raw) - 1) + 60])
    with pytest.raises(ListFormatError) as err:
        bis_dpl.read(path)
    assert str(err.value).startswith(
        f"{path}:666: the file ends inside a quoted cell (truncated file)"
    )
    # cut between two cells: too few columns
    path.write_bytes(raw[: raw.rindex(b"\t", 0, len(raw) - 1)])
    with pytest.raises(ListFormatError, match=rf"{path}:666: 11 columns instead of 12"):
        bis_dpl.read(path)


def test_latin1_copy(dpl_path: Path, tmp_path: Path) -> None:
    text = dpl_path.read_text(encoding="utf-8").replace("ZIMO SHENG", "ZIMO SHÉNG")
    path = tmp_path / "dpl.txt"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(ListFormatError) as err:
        bis_dpl.read(path)
    assert f"{path}:665:" in str(err.value)
    assert "not valid UTF-8" in str(err.value)


def test_wrong_column_count_in_the_middle(dpl_path: Path, tmp_path: Path) -> None:
    lines = dpl_path.read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9].rsplit("\t", 1)[0]
    path = tmp_path / "dpl.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ListFormatError) as err:
        bis_dpl.read(path)
    assert f"{path}:10:" in str(err.value)
    assert "11 columns instead of 12" in str(err.value)


def test_empty_garbage_and_header_only(dpl_path: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match="file is empty"):
        bis_dpl.read(empty)
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x00\x01garbage\xff\xfe\n")
    with pytest.raises(ListFormatError, match=rf"{garbage}:1: byte 0xFF is not valid UTF-8"):
        bis_dpl.read(garbage)
    text = tmp_path / "text.txt"
    text.write_text("hello, world\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=rf"{text}:1: not the BIS Denied Persons List"):
        bis_dpl.read(text)
    header = tmp_path / "header.txt"
    header.write_text(dpl_path.read_text(encoding="utf-8").split("\n")[0] + "\n")
    with pytest.raises(ListFormatError, match="no rows after the header"):
        bis_dpl.read(header)


def test_unclosed_quote_is_an_error(dpl_path: Path, tmp_path: Path) -> None:
    lines = dpl_path.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4].replace('"ABDUL MAJID SAIDI"', '"ABDUL "MAJID" SAIDI"')
    path = tmp_path / "dpl.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ListFormatError, match=rf"{path}:5: bad quoting"):
        bis_dpl.read(path)


ACME = ["ACME GMBH", "1 MAIN ST", "BERLIN", "", "DE", "10115", "01/02/2020", "", "Y"]


def write_unquoted(path: Path, *rows: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(bis_dpl.COLUMNS)
        writer.writerows(rows)


def test_unquoted_variant(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    write_unquoted(path, [*ACME, "2020-01-03", "NEW", "85 F.R. 1 1/3/2020"])
    data = bis_dpl.read(path)
    [acme] = data.entities
    assert (acme.schema, acme.get("country"), acme.get("createdAt")) == (
        "Company",
        ["de"],
        ["2020-01-02"],
    )
    assert (data.published, data.published_from, data.warnings) == ("2020-01-03", "file", [])


def test_no_last_update_falls_back_to_file_time(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    write_unquoted(path, [*ACME, "", "NEW", ""])
    data = bis_dpl.read(path)
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date().isoformat()
    assert (data.published, data.published_from) == (mtime, "mtime")
    assert data.warnings == [f"no usable Last_Update; publication date from file time {mtime}"]
