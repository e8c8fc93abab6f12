"""The `caspian lists` and `caspian export` commands on the real shared files."""

from __future__ import annotations

import csv
import io
import tomllib
from collections import Counter
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists import detect
from caspian.lists.store import Store

UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
SDN_2024 = "ofac/sdn_csv_2024-05-03/sdn.csv"


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def test_fresh_store_reports_the_bundled_snapshot(tmp_path: Path) -> None:
    code, output = run(tmp_path, "lists", "status", "--json")
    assert code == 0, output
    status = orjson.loads(output)
    (row,) = status["lists"]
    assert row["source"] == "caspian-snapshot" and row["bundled"]
    assert row["state"] == "active (bundled snapshot)"
    assert "snapshot as of" in row["date"]
    assert any("bundled snapshot as of" in w for w in status["warnings"])


def test_load_status_and_stale_warning(tmp_path: Path, lists_dir: Path) -> None:
    code, output = run(tmp_path, "lists", "load", str(lists_dir / UN))
    assert code == 0, output
    assert "un-sc" in output and "1,003 entities" in output
    code, output = run(tmp_path, "--max-age-days", "7", "lists", "status", "--json")
    rows = {r["source"]: r for r in orjson.loads(output)["lists"]}
    assert rows["un-sc"]["state"] == "active, STALE"
    assert rows["un-sc"]["published"] == "2026-02-27"
    assert rows["caspian-snapshot"]["state"] == "standby (official lists active)"
    code, output = run(tmp_path, "lists", "status")
    assert "un-sc" in output and "older than the maximum of 7 days" in output


def test_load_garbage_is_an_error_and_changes_nothing(tmp_path: Path, lists_dir: Path) -> None:
    run(tmp_path, "lists", "load", str(lists_dir / UN))
    bad = tmp_path / "orders.csv"
    bad.write_text("order,customer\n1,ACME\n")
    code, output = run(tmp_path, "lists", "load", str(lists_dir / SDN_2024), str(bad))
    assert code == 2
    assert "orders.csv:1" in output and "nothing was loaded" in output
    with Store(tmp_path) as store:
        assert [v.source for v in store.active()] == ["un-sc"]


def test_published_date_override_for_undated_lists(tmp_path: Path, lists_dir: Path) -> None:
    code, output = run(
        tmp_path, "lists", "load", "--published", "2024-05-03", str(lists_dir / SDN_2024)
    )
    assert code == 0, output
    with Store(tmp_path) as store:
        (sdn,) = store.active()
    assert (sdn.published, sdn.published_from, sdn.entity_count) == ("2024-05-03", "user", 14965)


def test_diff_between_two_sdn_versions(tmp_path: Path, lists_dir: Path) -> None:
    run(tmp_path, "lists", "load", "--published", "2021-07-07", str(lists_dir / SDN_2021))
    run(tmp_path, "lists", "load", "--published", "2024-05-03", str(lists_dir / SDN_2024))
    code, output = run(
        tmp_path, "lists", "diff", "ofac-sdn@2021-07-07", "ofac-sdn@2024-05-03", "--json"
    )
    assert code == 0, output
    diff = orjson.loads(output)
    added = {e["id"]: e["name"] for e in diff["added"]}
    removed = {e["id"] for e in diff["removed"]}
    # The Alabuga SEZ was designated in 2024; Qods Aviation was listed in both.
    assert added["ofac-sdn-45708"].upper().startswith("JOINT STOCK COMPANY SPECIAL ECONOMIC ZONE")
    assert "ofac-sdn-16418" not in added and "ofac-sdn-16418" not in removed
    # 2021 set has add/alt files joined, 2024 sdn.csv stands alone: addresses disappear.
    changed = {c["id"]: c["fields"] for c in diff["changed"]}
    assert "address" in changed["ofac-sdn-306"]
    assert len(added) > 5000 and len(diff["added"]) + len(diff["changed"]) > 6000
    code, text = run(tmp_path, "lists", "diff", "ofac-sdn@2021-07-07", "ofac-sdn@2024-05-03")
    assert "+ ofac-sdn-" in text and "added" in text


def test_export_ftm_and_csv_round_trip(tmp_path: Path, lists_dir: Path) -> None:
    run(tmp_path, "lists", "load", str(lists_dir / UN))
    out_ftm = tmp_path / "out.ftm.jsonl"
    code, output = run(tmp_path, "export", "--format", "ftm", "--output", str(out_ftm))
    assert code == 0, output
    lines = out_ftm.read_bytes().splitlines()
    assert len(lines) == 1003
    first = orjson.loads(lines[0])
    assert set(first) >= {"id", "schema", "properties", "datasets"}
    assert all(orjson.loads(line)["id"].startswith("un-") for line in lines)
    code, output = run(tmp_path, "lists", "load", str(out_ftm), "--source", "un-copy")
    assert code == 0 and "1,003 entities" in output
    code, output = run(tmp_path, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(output)))
    assert len(rows) == 1003  # the copy carries the same ids: one entity per id
    iran = [r for r in rows if r["id"] == "un-IRe.001"]
    assert iran and iran[0]["program"] == "Iran"
    assert not any(r["name"].startswith(("=", "+", "@")) for r in rows)


# Each shared file (or OFAC CSV set) and the snapshot it loads as: (list, format, count).
# A new file gets its own line here; it can break no other line.
SHARED_FILES = {
    "us_bis/dpl_txt_2023-11-28/dpl.txt": ("bis-dpl", "bis-dpl", 547),
    "opensanctions/yente_fixture_t1/entities.ftm.json": ("eu_fsf", "ftm", 6),
    "opensanctions/yente_fixture_zala/entities.ftm.json": ("ext_ru_egrul", "ftm", 17),
    "ofac/cons_advanced_xml_2020-03-17/cons_advanced.xml": ("ofac-cons", "ofac-advanced-xml", 375),
    "ofac/cons_csv_2025-12-19": ("ofac-cons", "ofac-csv", 442),
    "ofac/consolidated_xml_2024-05-06/consolidated.xml": ("ofac-cons", "ofac-xml", 443),
    "ofac/cons_enhanced_xml_2025-01-10/CONS_ENHANCED.XML": ("ofac-cons", "ofac-enhanced-xml", 443),
    SDN_2021: ("ofac-sdn", "ofac-csv", 8976),
    SDN_2024: ("ofac-sdn", "ofac-csv", 14965),
    "ofac/sls_custom_enhanced_xml_irgc_2024-08-28/IRGC_sanctions.xml": (
        "ofac-sls-irgc", "ofac-enhanced-xml", 293),
    "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE/csl.csv": ("trade-csl", "trade-csl", 4226),
    "uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv": ("uk-ofsi", "uk-ofsi-csv", 2106),
    "uk/uk_sanctions_list_xml_2026-09-07_EXCERPT/UK-Sanctions-List.xml": (
        "uk-sanctions-list", "uk-sanctions-list-xml", 21),
    UN: ("un-sc", "un-xml", 1003),
    "eu/fsf_xml_1_1_2026-08-05_EXCERPT/fsf.xml": ("eu-fsf", "eu-fsf-xml", 17),
    "canada/sema_xml_2026_EXCERPT/sema.xml": ("canada-sema", "canada-sema-xml", 16),
}  # fmt: skip


def _snapshots(data_dir: Path) -> list[tuple[str, str, int]]:
    with Store(data_dir) as store:
        return sorted(
            (v.source, v.format, v.entity_count) for v in store.snapshots() if not v.bundled
        )


@pytest.mark.parametrize("name", sorted(SHARED_FILES))
def test_load_every_shared_file_with_exact_counts(
    tmp_path: Path, lists_dir: Path, name: str
) -> None:
    extra: tuple[str, ...] = ()
    if "TRUNCATED" in name:
        # The CSL sample is known to end inside a record: refused unless asked for.
        code, output = run(tmp_path, "lists", "load", str(lists_dir / name))
        assert code == 2 and "incomplete file" in output and "--allow-truncated" in output
        assert _snapshots(tmp_path) == []
        extra = ("--allow-truncated",)
    code, output = run(tmp_path, "lists", "load", *extra, str(lists_dir / name))
    assert code == 0, output
    assert _snapshots(tmp_path) == [SHARED_FILES[name]]
    code, output = run(tmp_path, "lists", "status", "--json")
    rows = {r["source"]: r for r in orjson.loads(output)["lists"]}
    assert rows[SHARED_FILES[name][0]]["state"].startswith("active")


def test_load_the_whole_shared_folder(tmp_path: Path, lists_dir: Path) -> None:
    # --allow-truncated: the folder holds the CSL sample, known to be cut.
    code, output = run(tmp_path, "lists", "load", "--allow-truncated", str(lists_dir))
    assert code == 0, output
    # The 2025-12 OFAC companion files have no sdn.csv of their own: skipped, said so.
    assert "skipped:" in output and "sdn_csv_2025-12-24_add_alt_comments_only" in output
    # Each file loads in the folder as it loads alone (files added since may add more).
    assert not Counter(SHARED_FILES.values()) - Counter(_snapshots(tmp_path))
    # One active snapshot per list: the newest publication.
    with Store(tmp_path) as store:
        versions = [v for v in store.snapshots() if not v.bundled]
        active = {v.source: v for v in store.active()}
    for source in {v.source for v in versions}:
        newest = max(v.published or "" for v in versions if v.source == source)
        assert active[source].published == newest, source
    assert active["un-sc"].published == "2026-02-27"
    assert "caspian-snapshot" not in active


def test_default_sources_name_known_formats_over_https() -> None:
    path = Path(__file__).resolve().parents[1] / "caspian" / "data" / "sources.toml"
    sources = tomllib.loads(path.read_text(encoding="utf-8"))["sources"]
    assert set(sources) == {"ofac-sdn", "ofac-cons", "un-sc", "uk-sanctions-list", "eu-fsf",
                            "canada-sema", "bis-dpl", "trade-csl"}  # fmt: skip
    assert {s["format"] for s in sources.values()} <= detect.FORMATS
    urls = [u for s in sources.values() for u in s["files"].values()]
    assert all(u.startswith("https://") for u in urls)
    ofac = [u for k in ("ofac-sdn", "ofac-cons") for u in sources[k]["files"].values()]
    assert all(
        u.startswith("https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/")
        for u in ofac
    )
