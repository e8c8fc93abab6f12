"""The bundled snapshot: committed files match the build script, and the merges are right."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest

from caspian import data
from caspian.lists.base import ListFormatError
from caspian.model import Entity

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Path(data.path("snapshot"))


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_snapshot", ROOT / "scripts" / "build_snapshot.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build_snapshot = _load_script()


@pytest.fixture(scope="module")
def csv_path(reference_dir: Path) -> Path:
    return reference_dir / "uav_entities.csv"


@pytest.fixture(scope="module")
def built(csv_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("snapshot")
    _, log = build_snapshot.write_snapshot(csv_path, out)
    return out, log


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    lines = (SNAPSHOT / "uav_entities.ftm.jsonl").read_bytes().splitlines()
    result = {}
    for line in lines:
        entity = Entity.from_ftm(orjson.loads(line))
        result[entity.id] = entity
    assert len(result) == len(lines), "duplicate ids"
    return result


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    value: dict[str, Any] = orjson.loads((SNAPSHOT / "index.json").read_bytes())
    return value


def by_name(entities: dict[str, Entity], name: str) -> Entity:
    found = [e for e in entities.values() if name in e.get("name")]
    assert len(found) == 1, f"{name}: {len(found)} entities"
    return found[0]


@pytest.mark.parametrize("name", ["uav_entities.ftm.jsonl", "index.json"])
def test_committed_snapshot_is_what_the_script_builds(
    built: tuple[Path, list[str]], name: str
) -> None:
    out, _ = built
    assert (SNAPSHOT / name).read_bytes() == (out / name).read_bytes(), (
        f"caspian/data/snapshot/{name} is stale: run .venv/bin/python scripts/build_snapshot.py"
    )


def test_counts(csv_path: Path, built: tuple[Path, list[str]], entities: dict[str, Entity]) -> None:
    assert len(build_snapshot.read_rows(csv_path)) == 123
    # 123 designation rows, 19 of them designate an entity already seen in the file.
    _, log = built
    assert len(log) == 19
    assert len(entities) == 104
    schemas = [e.schema for e in entities.values()]
    assert schemas.count("Vessel") == 9
    assert schemas.count("Person") == 16


def test_every_line_reads_back(entities: dict[str, Entity]) -> None:
    for line in (SNAPSHOT / "uav_entities.ftm.jsonl").read_bytes().splitlines():
        raw = orjson.loads(line)
        assert Entity.from_ftm(raw).to_ftm() == raw


def test_every_entity_is_well_formed(entities: dict[str, Entity], index: dict[str, Any]) -> None:
    for entity in entities.values():
        assert entity.get("name") and all(n.strip() for n in entity.get("name")), entity.id
        assert len(entity.get("name")) == 1
        assert entity.id == f"caspian-{entity.source_id}"
        assert entity.datasets == ["caspian-snapshot"]
        assert entity.last_change == index["as_of"]
        assert entity.get("program") and entity.get("notes")
        assert all(len(c) == 2 and c.islower() for c in entity.get("country"))


def test_qods_aviation_industries(entities: dict[str, Entity]) -> None:
    qai = entities["caspian-qods-aviation-industries"]
    assert qai.get("name") == ["QODS AVIATION INDUSTRIES"]
    assert qai.get("alias") == ["Qods Aviation Industry", "QAI"]
    assert qai.get("program") == [
        "OFAC SDN",
        "NPWMD",
        "IFSR",
        "IRAN-CON-ARMS-EO",
        "RUSSIA-EO14024",
        "BIS Entity List",
    ]
    assert qai.get("country") == ["ir"]
    assert "OFAC ent_num 16418" in qai.get("notes")
    assert "Alias 'Qods Aviation Industry': BIS spelling" in qai.get("notes")
    # Listed by OFAC before 2021-08-18 (day unknown): the BIS date would be wrong.
    assert qai.get("createdAt") == []
    assert any(n.startswith("US OFAC SDN [NPWMD") and "<=2021-08-18" in n for n in qai.get("notes"))


def test_alabuga_sez(entities: dict[str, Entity]) -> None:
    sez = by_name(
        entities, "JOINT STOCK COMPANY SPECIAL ECONOMIC ZONE OF INDUSTRIAL PRODUCTION ALABUGA"
    )
    assert (
        sez.id
        == "caspian-joint-stock-company-special-economic-zone-of-industrial-production-alabuga"
    )
    assert sez.schema == "Company"
    assert sez.get("country") == ["ru"]
    assert sez.get("alias") == ["JSC SEZ Alabuga", "OEZ Alabuga"]
    assert sez.get("program") == ["OFAC SDN", "RUSSIA-EO14024"]
    assert sez.get("createdAt") == ["2024-02-23"]
    assert "OFAC ent_num 45708" in sez.get("notes")


def test_vessels_have_imo_numbers(entities: dict[str, Entity]) -> None:
    vessels = [e for e in entities.values() if e.schema == "Vessel"]
    assert len(vessels) == 9
    for vessel in vessels:
        (imo,) = vessel.get("imoNumber")
        assert len(imo) == 7 and imo.isdigit()
        assert not any("IMO" in a for a in vessel.get("alias") + vessel.get("weakAlias"))
    olya = entities["caspian-port-olya-3"]
    assert olya.get("imoNumber") == ["9481910"]
    assert olya.get("program") == ["OFAC SDN", "UK"]  # the OFAC and UK rows merged
    assert olya.get("createdAt") == ["2024-09-10"]  # the UK "2024-11 (approx...)" stays in notes
    assert "Country as given: Russia (flag not verified)" in olya.get("notes")
    assert entities["caspian-vafa"].get("country") == []  # "not verified"
    assert entities["caspian-vafa-1"].get("imoNumber") == ["8422682"]
    rakhmanin = entities["caspian-kompozitor-rakhmanin"]
    assert rakhmanin.get("weakAlias") == ["Kompozitor Rakhmaninov"]  # spelling inferred [A]


def test_merged_entities(entities: dict[str, Entity]) -> None:
    shahed = entities["caspian-shahed-aviation-industries-research-center"]
    assert shahed.get("program") == [
        "OFAC SDN",
        "NPWMD",
        "IRGC",
        "IFSR",
        "BIS Entity List",
        "EU",
        "UK",
    ]
    assert shahed.get("createdAt") == ["2022-10-20"]  # EU/UK before OFAC's 2022-11-15
    assert shahed.get("alias") == ["SAIRC", "SAIC", "Shahed Aviation Industries"]

    ghoreishi = entities["caspian-ghoreishi-seyed-hojatollah"]
    assert ghoreishi.schema == "Person"
    assert ghoreishi.get("alias") == [
        "Qureishi, Sayed Hojatollah",
        "Qureishi, Seyed Hojjatollah",
        "Ghoreishi",
    ]
    assert ghoreishi.get("program") == [
        "OFAC SDN",
        "NPWMD",
        "IFSR",
        "IRAN-CON-ARMS-EO",
        "EU",
        "UK",
    ]

    kimia = entities["caspian-kimia-part-sivan-company-llc"]
    assert "Kimia Part Sivan Company" in kimia.get("alias")
    assert kimia.get("program")[-1] == "EU"

    irgc_af = entities["caspian-islamic-revolutionary-guard-corps-air-force"]
    assert irgc_af.get("program")[-1] == "BIS Entity List"
    assert "Islamic Revolutionary Guard Corps Aerospace Force" in irgc_af.get("alias")

    bagheri = entities["caspian-bagheri-mohammad-hossein"]
    assert bagheri.get("program") == ["EU", "UK"]
    assert bagheri.get("alias") == []


def test_rows_that_must_stay_apart(entities: dict[str, Entity]) -> None:
    for name in ("Vafa", "Vafa-1", "Omskiy 103", "Omskiy-119", "TN ALABUGA", "ST ALABUGA"):
        by_name(entities, name)
    # The SSJO and the IRGC Aerospace Force are different bodies.
    assert (
        "caspian-islamic-revolutionary-guard-corps-aerospace-force-self-sufficiency-jihad-organization"
        in entities
    )


def test_aliases_split_and_weak(entities: dict[str, Entity]) -> None:
    opmn = entities["caspian-oje-parvaz-mado-nafar-company"]
    # "Mado (engine brand; alias is an inference [A])": the ';' inside the note is not a
    # separator, and the BIS row's plain "Mado" makes it a strong alias.
    assert opmn.get("alias") == ["OPMN", "Mado"]
    assert "Alias 'Mado': engine brand; alias is an inference [A]" in opmn.get("notes")
    # The source column says this alias is an unverified identity match [M].
    khajeh = by_name(entities, "Khajeh Fard, Afshin")
    assert khajeh.get("alias") == []
    assert khajeh.get("weakAlias") == ["Khajehfard, Amir"]


def test_dates_and_notes(entities: dict[str, Entity]) -> None:
    assert by_name(entities, "Saha Airlines").get("createdAt") == ["2024-10"]
    assert by_name(entities, "MG-Flot").get("createdAt") == ["2024"]
    assert entities["caspian-aghajani-saeed"].get("createdAt") == ["2021-10-29"]
    center = entities["caspian-924th-state-center-for-uav-aviation"]
    # The row has an unquoted comma in its program column: rejoined, not shifted.
    assert center.get("createdAt") == ["2022-12-09"]
    assert any(
        "[M], program tag IRAN-CON-ARMS-EO [V] | source: OFAC" in n for n in center.get("notes")
    )
    # "same as above" is resolved to the row above's source.
    bagheri = entities["caspian-bagheri-mohammad-hossein"]
    assert not any("same as above" in n for n in bagheri.get("notes"))
    assert any("EU Council/OJ as reported by telesurenglish" in n for n in bagheri.get("notes"))


def test_index(entities: dict[str, Entity], index: dict[str, Any]) -> None:
    assert index["as_of"] == max(e.last_change or "" for e in entities.values()) == "2024-11-18"
    assert index["entity_count"] == len(entities) == 104
    assert index["source"] == "caspian-snapshot"
    assert index["built_from"] == "shared/reference/uav_entities.csv"
    assert "not an official list" in index["note"]
    assert index["sources"].startswith("123 designation rows (OFAC SDN: 85 rows;")


HEADER = "name,aliases,country,authority,program,date,source\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "file is empty"),
        (b"name,aliases\nX,Y\n", ":1: unexpected header"),
        (HEADER.encode() + b"X,,Iran,UK,summary,2024-02-30,src\n", ":2: not a real date"),
        (HEADER.encode() + b"X,,Iran,UN,summary,2024-02-01,src\n", ":2: unknown authority"),
        (HEADER.encode() + b"X,,Iran,UK,summary\n", ":2: 5 fields"),
        (HEADER.encode() + b"X,,Iran,UK,summary,2024,same as above [S]\n", ":2: 'same as above'"),
        (HEADER.encode() + "Caf\u00e9,,Iran,UK,s,2024,src\n".encode("latin-1"), ":2: byte 0xE9"),
    ],
)
def test_bad_input(tmp_path: Path, body: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(body)
    with pytest.raises(ListFormatError) as info:
        build_snapshot.read_rows(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_bom_and_main(csv_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom = tmp_path / "uav_entities.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + csv_path.read_bytes())
    assert build_snapshot.main([str(bom), "--out", str(tmp_path / "out")]) == 0
    assert "wrote 104 entities" in capsys.readouterr().out
    written = (tmp_path / "out" / "uav_entities.ftm.jsonl").read_bytes()
    assert written == (SNAPSHOT / "uav_entities.ftm.jsonl").read_bytes()
    assert build_snapshot.main([str(tmp_path / "missing.csv"), "--out", str(tmp_path)]) == 1
