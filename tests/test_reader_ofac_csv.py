"""OFAC legacy CSV reader on the real sdn.csv / cons_prim.csv sets in ../shared."""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from caspian.lists import ofac_csv
from caspian.lists.base import ListData, ListFormatError
from caspian.model import Entity

SDN_2024 = "ofac/sdn_csv_2024-05-03"
SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
SDN_2025_COMPANIONS = "ofac/sdn_csv_2025-12-24_add_alt_comments_only"
CONS = "ofac/cons_csv_2025-12-19"

# One data row of the primary file, told apart without the csv module: quoted name, then type.
_ROW = re.compile(rb'^(\d+),"(?:[^"]|"")*",("individual"|"vessel"|"aircraft"|-0- ),', re.M)


def independent_types(path: Path) -> Counter[str]:
    return Counter(m.group(2).decode().strip('"') for m in _ROW.finditer(path.read_bytes()))


@pytest.fixture(scope="module")
def sdn_2024(lists_dir: Path) -> ListData:
    return ofac_csv.read({"primary": lists_dir / SDN_2024 / "sdn.csv"}, source="ofac-sdn")


@pytest.fixture(scope="module")
def sdn_2021(lists_dir: Path) -> ListData:
    folder = lists_dir / SDN_2021
    files = {
        "primary": folder / "sdn.csv",
        "add": folder / "add.csv",
        "alt": folder / "alt.csv",
        "comments": folder / "sdn_comments.csv",
    }
    return ofac_csv.read(files, source="ofac-sdn")


def cons_files(lists_dir: Path) -> dict[str, Path]:
    folder = lists_dir / CONS
    return {
        "primary": folder / "cons_prim.csv",
        "add": folder / "cons_add.csv",
        "alt": folder / "cons_alt.csv",
        "comments": folder / "cons_comments.csv",
    }


@pytest.fixture(scope="module")
def cons(lists_dir: Path) -> ListData:
    return ofac_csv.read(cons_files(lists_dir), source="ofac-cons")


def by_id(data: ListData) -> dict[str, Entity]:
    return {e.source_id: e for e in data.entities}


# -- counts -------------------------------------------------------------------------------


def test_sdn_2024_counts(sdn_2024: ListData, lists_dir: Path) -> None:
    schemas = Counter(e.schema for e in sdn_2024.entities)
    # SOURCES.md: 14,965 rows; entity 6,884; individual 6,854; vessel 851; aircraft 376
    assert len(sdn_2024.entities) == 14965
    assert schemas == {"Organization": 6884, "Person": 6854, "Vessel": 851, "Airplane": 376}
    types = independent_types(lists_dir / SDN_2024 / "sdn.csv")
    assert types == {"-0- ": 6884, "individual": 6854, "vessel": 851, "aircraft": 376}
    assert max(int(e.source_id) for e in sdn_2024.entities) == 48907


def test_sdn_2021_counts(sdn_2021: ListData, lists_dir: Path) -> None:
    schemas = Counter(e.schema for e in sdn_2021.entities)
    assert len(sdn_2021.entities) == 8976
    assert schemas == {"Organization": 3673, "Person": 4620, "Vessel": 406, "Airplane": 277}
    assert sum(independent_types(lists_dir / SDN_2021 / "sdn.csv").values()) == 8976
    # the consistent set joins completely: no orphan warning, only the date warning
    assert sdn_2021.warnings == [ofac_csv.MTIME_WARNING]


def test_cons_counts(cons: ListData, lists_dir: Path) -> None:
    schemas = Counter(e.schema for e in cons.entities)
    assert len(cons.entities) == 442
    assert schemas == {"Person": 79, "Organization": 363}
    assert sum(independent_types(lists_dir / CONS / "cons_prim.csv").values()) == 442
    assert cons.warnings == [ofac_csv.MTIME_WARNING]


def test_join_counts_match_companion_files(sdn_2021: ListData, lists_dir: Path) -> None:
    """Every non-empty add.csv row becomes an address, every alt.csv row a name, on its entity."""
    folder = lists_dir / SDN_2021
    adds = _csv_rows(folder / "add.csv")
    alts = _csv_rows(folder / "alt.csv")
    assert len(adds) == 13837 and len(alts) == 11910
    entities = by_id(sdn_2021)
    with_address = {r[0] for r in adds if any(c.strip() != "-0-" for c in r[2:5])}
    assert {e.source_id for e in sdn_2021.entities if e.get("address")} == with_address
    prop = {"aka": "alias", "fka": "previousName", "nka": "alias"}
    for ent_num, _num, kind, name, _remarks in alts:
        assert " ".join(name.split()) in entities[ent_num].get(prop[kind]), (ent_num, name)
    kinds = Counter(r[2] for r in alts)
    assert kinds == {"aka": 11523, "fka": 369, "nka": 18}


def _csv_rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8").rstrip("\x1a\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


# -- list metadata ---------------------------------------------------------------------------


def test_list_metadata(sdn_2024: ListData, lists_dir: Path) -> None:
    primary = lists_dir / SDN_2024 / "sdn.csv"
    assert sdn_2024.source == "ofac-sdn"
    assert sdn_2024.format == "ofac-csv"
    assert sdn_2024.title == "OFAC Specially Designated Nationals (SDN) List"
    assert sdn_2024.files == [primary]
    assert sdn_2024.published_from == "mtime"
    mtime = datetime.fromtimestamp(primary.stat().st_mtime, tz=UTC).date().isoformat()
    assert sdn_2024.published == mtime
    assert sdn_2024.warnings == [
        "OFAC legacy CSV carries no publication date; using the file's modification time"
    ]


def test_published_is_the_file_mtime(lists_dir: Path, tmp_path: Path) -> None:
    primary = tmp_path / "cons_prim.csv"
    primary.write_bytes((lists_dir / CONS / "cons_prim.csv").read_bytes())
    stamp = datetime(2025, 12, 19, 12, 0, tzinfo=UTC).timestamp()
    os.utime(primary, (stamp, stamp))
    data = ofac_csv.read({"primary": primary}, source="ofac-cons")
    assert (data.published, data.published_from) == ("2025-12-19", "mtime")
    assert data.title == "OFAC Consolidated Sanctions List (non-SDN)"
    assert data.entities[0].id == "ofac-cons-9639"


# -- entities: sdn.csv 2024 -------------------------------------------------------------------


def test_qods_aviation_industries(sdn_2024: ListData) -> None:
    qods = by_id(sdn_2024)["16418"]
    assert qods.id == "ofac-sdn-16418"
    assert (qods.schema, qods.source, qods.source_id) == ("Organization", "ofac-sdn", "16418")
    assert qods.properties == {
        "name": ["QODS AVIATION INDUSTRIES"],
        "program": ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO", "RUSSIA-EO14024"],
        "notes": [
            "Additional Sanctions Information - Subject to Secondary Sanctions; National ID No. "
            "14005441856 (Iran); Registration Number 483250 (Iran); Linked To: MINISTRY OF "
            "DEFENSE AND ARMED FORCES LOGISTICS."
        ],
        "idNumber": ["14005441856"],
        "registrationNumber": ["483250"],
    }


def test_vessel_with_imo_number(sdn_2024: ListData) -> None:
    ebano = by_id(sdn_2024)["4243"]
    assert ebano.schema == "Vessel"
    assert ebano.get("name") == ["EBANO"]
    assert ebano.get("imoNumber") == ["7406784"]
    assert ebano.get("previousName") == ["ANA I", "SAND SWAN"]
    assert ebano.get("flag") == ["pa"]
    assert ebano.get("type") == ["General Cargo"]
    assert ebano.get("tonnage") == ["2595"]
    assert ebano.get("grossRegisteredTonnage") == ["1865"]
    assert ebano.get("program") == ["CUBA"]
    vessels = [e for e in sdn_2024.entities if e.schema == "Vessel"]
    assert all(re.fullmatch(r"\d{7}", imo) for e in vessels for imo in e.get("imoNumber"))


def test_vessel_owner_and_call_sign(sdn_2024: ListData) -> None:
    mar_azul = by_id(sdn_2024)["4238"]
    assert mar_azul.get("callSign") == ["CL2192"]
    assert mar_azul.get("type") == ["Tug"]
    assert mar_azul.get("grossRegisteredTonnage") == ["212"]
    assert mar_azul.get("flag") == ["cu"]
    assert mar_azul.get("notes") == ["Vessel owner: Samir de Navegacion S.A."]


def test_individual_with_identity_details(sdn_2024: ListData) -> None:
    wong = by_id(sdn_2024)["9340"]
    assert wong.schema == "Person"
    assert wong.get("name") == ["WONG, Moon Chi"]
    assert wong.get("lastName") == ["WONG"]
    assert wong.get("firstName") == ["Moon Chi"]
    assert wong.get("birthDate") == [
        "1961-03-18",
        "1945-04-21",
        "1947-01-25",
        "1955-02-08",
        "1958-08-03",
        "1958-08-08",
    ]
    assert wong.get("birthPlace") == ["China"]
    assert wong.get("nationality") == ["cn"]
    assert wong.get("citizenship") == ["cn", "kh"]
    assert wong.get("passportNumber") == ["611657479", "2355009C", "750200421"]
    assert wong.get("idNumber") == ["D489833(9)"]
    assert wong.get("weakAlias") == ["CHI BANG"]
    assert wong.get("program") == ["SDNTK"]
    # "(Hong Kong)" and "(United Kingdom)" qualify documents, not the person
    assert "hk" not in wong.get("nationality") and "gb" not in wong.get("nationality")


def test_individual_title(sdn_2024: ListData) -> None:
    mujil = by_id(sdn_2024)["9932"]
    assert mujil.get("title") == ["Doctor"]
    assert mujil.get("birthDate") == ["1949-04-28", "1949-04-29"]
    assert mujil.get("passportNumber") == ["F 137998"]
    assert mujil.get("weakAlias") == ["ABDALLAH, Abu"]


def test_aircraft(sdn_2024: ListData) -> None:
    entities = by_id(sdn_2024)
    msn = entities["18150"]
    assert msn.schema == "Airplane"
    assert msn.get("name") == ["MSN 391"]
    assert msn.get("model") == ["Airbus A340-642"]
    assert msn.get("serialNumber") == ["391"]
    assert msn.get("registrationNumber") == ["EP-MMH"]
    assert msn.get("buildDate") == ["2002"]
    assert msn.get("program") == ["SDGT", "NPWMD", "IFSR"]
    ep_gom = entities["15431"]
    assert ep_gom.get("model") == ["IL76-TD"]
    assert ep_gom.get("serialNumber") == ["1023409321"]


def test_multi_program_cells_are_split(sdn_2024: ListData) -> None:
    programs = Counter(p for e in sdn_2024.entities for p in e.get("program"))
    assert not any("[" in p or "]" in p for p in programs)
    assert programs["SDGT"] > 1000
    assert ofac_csv.programs("SDGT] [IRGC") == ["SDGT", "IRGC"]
    assert ofac_csv.programs("CUBA") == ["CUBA"]


def test_every_entity_keeps_its_remarks_in_notes(sdn_2024: ListData, lists_dir: Path) -> None:
    rows = _csv_rows(lists_dir / SDN_2024 / "sdn.csv")
    with_remarks = {r[0] for r in rows if r[11].strip() != "-0-"}
    assert len(with_remarks) > 10000
    for e in sdn_2024.entities:
        if e.source_id in with_remarks:
            assert e.get("notes"), e.id


# -- joins: 2021 consistent set ---------------------------------------------------------------


def test_banco_nacional_de_cuba_joined(sdn_2021: ListData) -> None:
    bnc = by_id(sdn_2021)["306"]
    assert bnc.get("name") == ["BANCO NACIONAL DE CUBA"]
    assert bnc.get("alias") == ["NATIONAL BANK OF CUBA"]
    assert bnc.get("weakAlias") == ["BNC"]
    assert bnc.get("address") == [
        "Zweierstrasse 35, Zurich CH-8022, Switzerland",
        "Avenida de Concha Espina 8, Madrid E-28036, Spain",
        "Dai-Ichi Bldg. 6th Floor, 10-2 Nihombashi, 2-chome, Chuo-ku, Tokyo 103, Japan",
        "Federico Boyd Avenue & 51 Street, Panama City, Panama",
    ]
    assert bnc.get("country") == ["ch", "es", "jp", "pa"]


def test_remarks_continue_in_sdn_comments(sdn_2021: ListData) -> None:
    """sdn.csv cuts 28264's remarks after "...; P"; sdn_comments.csv goes on "hone Number ..."."""
    li = by_id(sdn_2021)["28264"]
    assert li.get("phone") == ["8613314257947", "8618004121000"]
    assert li.get("idNumber") == ["210302198701102136"]
    assert li.get("weakAlias") == ["blackjack1987", "khaleesi"]
    assert li.get("program") == ["DPRK3", "CYBER2"]
    assert li.get("address") == ["Anshan, Liaoning, China"]
    notes = li.get("notes")[0]
    assert "510.210; Phone Number 8613314257947;" in notes
    assert notes.endswith("Linked To: LAZARUS GROUP.")
    cifuentes = by_id(sdn_2021)["12300"]
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL" in cifuentes.get("notes")[0]
    assert len(cifuentes.get("address")) == 11
    assert cifuentes.get("alias") == ["LOPEZ SALAZAR, Elkin de Jesus", "OSUNA VILLARREAL, Sergio"]


# -- consolidated list ------------------------------------------------------------------------


def test_cons_russian_bank(cons: ListData) -> None:
    gpb = by_id(cons)["17016"]
    assert gpb.id == "ofac-cons-17016"
    assert gpb.schema == "Organization"
    assert gpb.get("name") == ["GAZPROMBANK JOINT STOCK COMPANY"]
    assert gpb.get("program") == ["UKRAINE-EO13662", "RUSSIA-EO14024"]
    # these three sit past the 1,000-character cut, in cons_comments.csv
    assert gpb.get("innCode") == ["7744001497"]
    assert gpb.get("ogrnCode") == ["1027700167110"]
    assert gpb.get("leiCode") == ["253400WSS48YWMBUA688"]
    assert gpb.get("swiftBic") == ["GAZPRUMM"]
    assert gpb.get("incorporationDate") == ["1990-07-31"]
    assert gpb.get("alias") == ["BANK GPB JSC"]
    assert gpb.get("previousName") == [
        "GAZPROMBANK OPEN JOINT STOCK COMPANY",
        "JOINT STOCK BANK OF THE GAS INDUSTRY GAZPROMBANK",
    ]
    assert gpb.get("address")[0] == "16 Nametkina Street, Bldg. 1, Moscow 117420, Russia"
    assert gpb.get("country") == ["ru", "mn", "kz", "in", "cn"]


def test_cons_without_comments_loses_the_continuation(lists_dir: Path) -> None:
    files = cons_files(lists_dir)
    del files["comments"]
    gpb = by_id(ofac_csv.read(files, source="ofac-cons"))["17016"]
    assert gpb.get("innCode") == []
    assert gpb.get("swiftBic") == ["GAZPRUMM"]


def test_cons_individual(cons: ListData) -> None:
    haniya = by_id(cons)["9639"]
    assert haniya.schema == "Person"
    assert haniya.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert haniya.get("birthDate") == ["1962"]
    assert haniya.get("birthPlace") == ["Shati"]
    assert haniya.get("program") == ["NS-PLC"]
    assert haniya.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]


# -- orphans ------------------------------------------------------------------------------------


def test_orphan_companion_rows_give_one_warning(lists_dir: Path) -> None:
    """The 2025-12 add.csv against the 2024-05 sdn.csv: newer designations have no entity."""
    primary = lists_dir / SDN_2024 / "sdn.csv"
    add = lists_dir / SDN_2025_COMPANIONS / "add.csv"
    data = ofac_csv.read({"primary": primary, "add": add}, source="ofac-sdn")
    known = {r[0] for r in _csv_rows(primary)}
    orphan_rows = [r for r in _csv_rows(add) if r[0] not in known]
    assert len({r[0] for r in orphan_rows}) == 4253  # SOURCES.md
    assert len(data.entities) == 14965
    assert len(data.warnings) == 2
    warning = data.warnings[0]
    assert warning.startswith(
        f"add.csv: {len(orphan_rows)} add rows (4253 distinct ent_num) name an ent_num "
        "not in sdn.csv and were skipped (e.g. line "
    )
    assert data.warnings[1] == ofac_csv.MTIME_WARNING


# -- bad input ------------------------------------------------------------------------------------


def _copy(lists_dir: Path, tmp_path: Path, name: str = "sdn.csv") -> tuple[Path, bytes]:
    raw = (lists_dir / SDN_2021 / "sdn.csv").read_bytes()
    return tmp_path / name, raw


def _read_primary(path: Path) -> ListData:
    return ofac_csv.read({"primary": path}, source="ofac-sdn")


def test_truncated_copy(lists_dir: Path, tmp_path: Path) -> None:
    path, raw = _copy(lists_dir, tmp_path)
    cut = raw[:5000]
    path.write_bytes(cut)
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert err.value.path == str(path)
    assert err.value.line == cut.count(b"\n") + 1
    assert "ends inside a quoted field" in str(err.value)


def test_truncated_outside_quotes(lists_dir: Path, tmp_path: Path) -> None:
    path, raw = _copy(lists_dir, tmp_path)
    lines = raw.split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[:40]) + b"\r\n" + lines[40].split(b",-0- ")[0])
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert err.value.line == 41
    assert str(err.value).startswith(f"{path}:41: row has ")
    assert "expected 12 columns (ent_num, SDN_Name, SDN_Type, Program" in str(err.value)


def test_latin1_copy(lists_dir: Path, tmp_path: Path) -> None:
    path, raw = _copy(lists_dir, tmp_path)
    text = raw.decode("utf-8").replace("BANCO NACIONAL DE CUBA", "BANCO NACIONAL DE CUBA É", 1)
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert str(err.value).startswith(f"{path}:3: byte 0xC9 is not valid UTF-8")


def test_utf8_bom_copy(lists_dir: Path, tmp_path: Path) -> None:
    path, raw = _copy(lists_dir, tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    data = _read_primary(path)
    assert len(data.entities) == 8976
    assert data.entities[0].id == "ofac-sdn-36"
    assert data.entities[0].get("name") == ["AEROCARIBBEAN AIRLINES"]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"\x1a")
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert str(err.value).startswith(f"{path}: file is empty")


def test_garbage_bytes(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\n\x00\x08\x00\x91\xb3garbage")
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert str(err.value).startswith(f"{path}:2: byte 0x91 is not valid UTF-8")


def test_text_that_is_not_ofac_csv(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_text("name,country\nSomebody,Iran\n", encoding="utf-8")
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert str(err.value) == (
        f"{path}:1: row has 2 columns; expected 12 columns (ent_num, SDN_Name, SDN_Type, "
        "Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks)"
    )


def test_non_numeric_ent_num(lists_dir: Path, tmp_path: Path) -> None:
    path, raw = _copy(lists_dir, tmp_path)
    lines = raw.split(b"\r\n")
    lines[99] = b"X" + lines[99]
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert err.value.line == 100
    assert "is not a number" in str(err.value)


def test_unknown_type(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    row = '7,"SHIP",{kind},"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    path.write_text(row.format(kind='"vessel"') + row.format(kind='"submarine"'), encoding="utf-8")
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert err.value.line == 2
    assert "unknown SDN_Type 'submarine'" in str(err.value)


def test_duplicate_ent_num(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    row = '7,"ACME",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    path.write_text(row + row, encoding="utf-8")
    with pytest.raises(ListFormatError) as err:
        _read_primary(path)
    assert str(err.value) == f"{path}:2: ent_num 7 appears twice (first on line 1)"


def test_bad_companion_rows(lists_dir: Path, tmp_path: Path) -> None:
    primary = lists_dir / SDN_2021 / "sdn.csv"
    alt = tmp_path / "alt.csv"
    alt.write_text('36,12,"aka","AERO-CARIBBEAN",-0- \r\n36,13,"xyz","OTHER",-0- \r\n')
    with pytest.raises(ListFormatError) as err:
        ofac_csv.read({"primary": primary, "alt": alt}, source="ofac-sdn")
    assert str(err.value).startswith(f"{alt}:2: unknown alt_type 'xyz'")
    add = tmp_path / "add.csv"
    add.write_text('36,25,-0- ,"Havana","Cuba"\r\n')
    with pytest.raises(ListFormatError) as err:
        ofac_csv.read({"primary": primary, "add": add}, source="ofac-sdn")
    assert str(err.value) == (
        f"{add}:1: row has 5 columns; expected 6 columns (ent_num, Add_num, Address, "
        "City/State/Province/Postal Code, Country, Add_remarks)"
    )


def test_companions_without_primary(lists_dir: Path) -> None:
    add = lists_dir / SDN_2021 / "add.csv"
    with pytest.raises(ListFormatError) as err:
        ofac_csv.read({"add": add}, source="ofac-sdn")
    assert "without its primary file" in str(err.value)
