"""`caspian lists prune`: old snapshots go, active and bundled ones stay, in one transaction."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists.store import BUNDLED_SOURCE, STORE_FILE, Store

SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
SDN_2021_ALONE = "ofac/sdn_csv_2021-07-07_consistent_set/sdn.csv"
SDN_2024 = "ofac/sdn_csv_2024-05-03/sdn.csv"
CONS_ADVANCED = "ofac/cons_advanced_xml_2020-03-17/cons_advanced.xml"
CONS_XML = "ofac/consolidated_xml_2024-05-06/consolidated.xml"
CONS_CSV = "ofac/cons_csv_2025-12-19"
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"

# (path, --published for lists with no date inside, entities): loaded in this order.
LOADS = [
    (SDN_2021, "2021-07-07", 8976),
    (SDN_2024, "2024-05-03", 14965),
    (SDN_2021_ALONE, "2022-06-01", 8976),  # older than the active one: stored, inactive
    (CONS_ADVANCED, None, 375),
    (CONS_CSV, "2025-12-19", 442),
    (CONS_XML, None, 443),
    (UN, None, 1003),
]


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Path:
    data_dir = tmp_path_factory.mktemp("loaded")
    for path, published, count in LOADS:
        extra = ("--published", published) if published else ()
        code, output = run(data_dir, "lists", "load", *extra, str(lists_dir / path))
        assert code == 0 and f"{count:,} entities" in output, output
    assert not (data_dir / f"{STORE_FILE}-wal").exists()  # closed: the file is whole
    return data_dir / STORE_FILE


@pytest.fixture()
def store_dir(tmp_path: Path, loaded: Path) -> Path:
    shutil.copyfile(loaded, tmp_path / STORE_FILE)
    return tmp_path


def _state(data_dir: Path) -> dict[str, object]:
    with Store(data_dir) as store:
        snapshots = {
            v.snapshot_id: (v.source, v.published, v.entity_count) for v in store.snapshots()
        }
        active = {v.source: v.snapshot_id for v in store.all_active()}
        ids = sorted(e.id for e in store.active_entities())
    db = sqlite3.connect(data_dir / STORE_FILE)
    rows = dict(db.execute("SELECT snapshot_id, count(*) FROM entities GROUP BY snapshot_id"))
    checks = (
        db.execute("PRAGMA integrity_check").fetchall(),
        db.execute("PRAGMA foreign_key_check").fetchall(),
    )
    db.close()
    return {"snapshots": snapshots, "active": active, "ids": ids, "rows": rows, "checks": checks}


def _published(state: dict[str, object], source: str) -> list[str | None]:
    snapshots = state["snapshots"]
    assert isinstance(snapshots, dict)
    return sorted(p or "" for s, p, _ in snapshots.values() if s == source)


def test_prune_keeps_the_newest_per_list_and_every_active_one(store_dir: Path) -> None:
    before = _state(store_dir)
    assert _published(before, "ofac-sdn") == ["2021-07-07", "2022-06-01", "2024-05-03"]
    assert _published(before, "ofac-cons") == ["2020-03-17", "2024-05-06", "2025-12-19"]
    code, output = run(store_dir, "lists", "prune", "--keep", "2", "--json")
    assert code == 0, output
    report = orjson.loads(output)
    removed = {(r["source"], r["published"], r["entity_count"]) for r in report["removed"]}
    assert removed == {("ofac-sdn", "2021-07-07", 8976), ("ofac-cons", "2020-03-17", 375)}
    assert report["entities_removed"] == 8976 + 375
    after = _state(store_dir)
    assert _published(after, "ofac-sdn") == ["2022-06-01", "2024-05-03"]
    assert _published(after, "ofac-cons") == ["2024-05-06", "2025-12-19"]
    assert _published(after, "un-sc") == ["2026-02-27"]
    assert _published(after, BUNDLED_SOURCE) == _published(before, BUNDLED_SOURCE)
    # Screening sees the same thing; the entities of removed snapshots are gone with them.
    assert after["active"] == before["active"] and after["ids"] == before["ids"]
    snapshots = after["snapshots"]
    assert isinstance(snapshots, dict)
    assert after["rows"] == {sid: count for sid, (_, _, count) in snapshots.items()}
    assert after["checks"] == ([("ok",)], [])
    with Store(store_dir) as store:
        assert any(action == "prune" and ok for _, _, action, ok, _ in store.events())


def test_keep_0_leaves_only_the_active_and_bundled_snapshots(store_dir: Path) -> None:
    before = _state(store_dir)
    code, output = run(store_dir, "lists", "prune", "--keep", "0")
    assert code == 0, output
    assert "removed 4 snapshots (18,770 entities)" in output
    assert "ofac-sdn #" in output and "2022-06-01 (set by user)" in output
    after = _state(store_dir)
    active = after["active"]
    assert isinstance(active, dict)
    assert set(after["snapshots"]) == set(active.values())  # type: ignore[arg-type]
    assert after["active"] == before["active"] and after["ids"] == before["ids"]
    assert after["checks"] == ([("ok",)], [])
    code, output = run(store_dir, "lists", "prune", "--keep", "0")
    assert "removed 0 snapshots" in output


def test_dry_run_removes_nothing(store_dir: Path) -> None:
    before = _state(store_dir)
    code, output = run(store_dir, "lists", "prune", "--keep", "1", "--dry-run")
    assert code == 0, output
    assert "would remove 4 snapshots" in output
    assert _state(store_dir) == before


def test_vacuum_gives_the_space_back(store_dir: Path) -> None:
    code, output = run(store_dir, "lists", "prune", "--keep", "1", "--vacuum", "--json")
    assert code == 0, output
    sizes = orjson.loads(output)["vacuum"]
    assert sizes["bytes_after"] < sizes["bytes_before"]
    assert (store_dir / STORE_FILE).stat().st_size == sizes["bytes_after"]
    assert _state(store_dir)["checks"] == ([("ok",)], [])


def test_keep_must_be_given_and_not_negative(tmp_path: Path) -> None:
    assert run(tmp_path, "lists", "prune")[0] == 2
    code, output = run(tmp_path, "lists", "prune", "--keep", "-1")
    assert code == 2 and "--keep" in output
