"""What keeps a wrong, partial or future list from being put in charge: the activation
rule as a table (shrink, future dates), future dates from every source, and `lists load`
refusing a list under another list's key. `lists update` faults: test_update_faults.py.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.freshness import ListVersion, future_problem, in_future, warnings
from caspian.lists.base import ListData
from caspian.lists.guards import parse_seconds, parse_share, percent
from caspian.lists.store import Store, StoreError, activation
from caspian.model import Entity
from tests.http_lists import cut_at_line_end

TODAY = date(2026, 12, 3)
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"
SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
CSL = "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE/csl.csv"


def _active(
    snapshot_id: int = 1, published: str | None = "2026-01-01", count: int = 1000,
    bundled: bool = False,
) -> ListVersion:  # fmt: skip
    return ListVersion(source="ofac-sdn", title="SDN", format="ofac-csv", published=published,
                       published_from="file", content_hash=f"sha256:{snapshot_id:064x}",
                       loaded_at="2026-01-01T00:00:00+00:00", entity_count=count,
                       snapshot_id=snapshot_id, bundled=bundled)  # fmt: skip


# active (published, entities) or None, new (published, entities), stored id, max share,
# force -> status, words in the message.
SHRINK_TABLE = [
    (("2026-01-01", 1000), ("2026-02-01", 950), None, 0.05, False, "activated", "loaded"),
    (("2026-01-01", 1000), ("2026-02-01", 949), None, 0.05, False, "held",
     "stored, not activated: 949 entities against 1,000 active (-5%), more than the 5%"),
    (("2026-01-01", 14965), ("2026-02-01", 8077), None, 0.05, False, "held",
     "8,077 entities against 14,965 active (-46%)"),
    (("2026-01-01", 14965), ("2026-02-01", 8077), None, 0.05, True, "activated",
     "loaded (forced: 8,077 entities against 14,965 active (-46%))"),
    (("2026-01-01", 1000), ("2026-02-01", 500), 4, 0.05, False, "held",
     "already stored, not activated"),
    (("2026-01-01", 1000), ("2026-02-01", 500), 4, 0.05, True, "activated", "re-activated"),
    (("2026-01-01", 1000), ("2026-02-01", 500), None, 0.5, False, "activated", "loaded"),
    (("2026-01-01", 1000), ("2026-02-01", 499), None, 0.5, False, "held", "more than the 50%"),
    (("2026-01-01", 1000), ("2026-02-01", 1), None, 1.0, False, "activated", "loaded"),
    (("2026-01-01", 1000), ("2026-02-01", 999), None, 0.0, False, "held", "(-0%)"),
    (("2026-01-01", 1000), ("2026-02-01", 5000), None, 0.0, False, "activated", "loaded"),
    # An older publication is history whatever its size; the same content is unchanged.
    (("2026-01-01", 1000), ("2025-01-01", 10), None, 0.05, False, "stored-inactive", "is newer"),
    (("2026-01-01", 1000), ("2026-01-01", 10), 1, 0.05, False, "unchanged", "already the active"),
    # Nothing active yet: nothing to lose.
    (None, ("2026-02-01", 1), None, 0.05, False, "activated", "loaded"),
    # An active list dated in the future counts as undated: a real list replaces it.
    (("2099-01-01", 1000), ("2026-02-01", 1000), None, 0.05, False, "activated",
     "the active snapshot #1 is dated 2099-01-01, in the future: its date was not counted"),
    (("2026-12-04", 1000), ("2026-12-03", 1000), None, 0.05, False, "stored-inactive", "newer"),
    (("2099-01-01", 1000), ("2026-02-01", 10), None, 0.05, False, "held", "-99%"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("active", "new", "stored", "share", "force", "status", "words"), SHRINK_TABLE
)
def test_activation_rule_with_shrink_and_future_dates(
    active: tuple[str, int] | None, new: tuple[str, int], stored: int | None, share: float,
    force: bool, status: str, words: str,
) -> None:  # fmt: skip
    current = _active(published=active[0], count=active[1]) if active else None
    decision = activation(current, new[0], stored, entities=new[1], max_shrink=share,
                          force=force, today=TODAY)  # fmt: skip
    assert (decision.status, words in decision.message) == (status, True), decision.message


def test_the_bundled_snapshot_never_holds_a_list_back() -> None:
    bundled = _active(count=104, bundled=True)
    assert activation(bundled, "2026-02-01", None, entities=1, today=TODAY).status == "activated"


@pytest.mark.parametrize(
    ("published", "future"),
    [("2026-12-03", False), ("2026-12-04", False), ("2026-12-04T23:59:59", False),
     ("2026-12-05", True), ("2099-01-01", True), (None, False), ("not a date", False),
     ("2026-01-01", False)],
)  # fmt: skip
def test_a_date_more_than_a_day_ahead_is_the_future(published: str | None, future: bool) -> None:
    assert in_future(published, TODAY) is future
    problem = future_problem(published, TODAY, "the file says it was published")
    assert (problem is not None) is future
    if problem:
        assert problem.startswith(f"the file says it was published {published}, more than 1 day")


def test_any_negative_age_warns() -> None:
    for published, days in (("2026-12-04", "1 day"), ("2099-01-01", "26327 days")):
        version = _active(published=published)
        (text,) = warnings([version], today=TODAY)
        assert f"dated {days} in the future" in text and "check the clock" in text


@pytest.mark.parametrize(
    ("text", "share"), [("5%", 0.05), ("12.5 %", 0.125), ("0.2", 0.2), ("0", 0.0), ("100%", 1.0)]
)
def test_shares(text: str, share: float) -> None:
    assert parse_share(text) == share
    assert parse_share(percent(share)) == pytest.approx(share)


@pytest.mark.parametrize("text", ["", "five", "-5%", "101%", "1.5", "5%%"])
def test_bad_shares(text: str) -> None:
    with pytest.raises(ValueError):
        parse_share(text)


@pytest.mark.parametrize(
    ("text", "seconds"), [("600", 600.0), ("2.5", 2.5), ("90s", 90.0), ("10m", 600.0),
                          ("1h", 3600.0), ("2 min", 120.0)],
)  # fmt: skip
def test_durations(text: str, seconds: float) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "-1", "soon", "1d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_seconds(text)


def test_the_store_refuses_a_future_date_whoever_asks(tmp_path: Path) -> None:
    file = tmp_path / "x.txt"
    file.write_text("x")
    entity = Entity(id="x-1", schema="Person", source="x", source_id="1")
    entity.add("name", "Somebody Listed")
    data = ListData(source="x", format="test", title="x", entities=[entity], files=[file],
                    published="2099-01-01")  # fmt: skip
    with Store(tmp_path / "d") as store:
        with pytest.raises(StoreError, match="refused: x: published 2099-01-01"):
            store.add(data, origin="t")
        assert store.snapshots("x") == []


# -- lists load ------------------------------------------------------------------------


def _run(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def _counts(data_dir: Path) -> dict[str, int]:
    with Store(data_dir) as store:
        return {v.source: v.entity_count for v in store.active()}


def test_load_refuses_a_future_date_from_every_source(tmp_path: Path, lists_dir: Path) -> None:
    data_dir = tmp_path / "d"
    # --published
    code, output = _run(data_dir, "lists", "load", "--published", "2099-01-01",
                        str(lists_dir / SDN_2021))  # fmt: skip
    assert code == 2 and "--published is 2099-01-01, more than 1 day after today" in output
    # inside the file
    future = tmp_path / "consolidated.xml"
    future.write_bytes((lists_dir / UN).read_bytes().replace(
        b'dateGenerated="2026-02-27', b'dateGenerated="2099-02-27'))  # fmt: skip
    code, output = _run(data_dir, "lists", "load", str(future))
    assert code == 2 and "the file says it was published 2099-02-27" in output
    # the file time of a list without a date of its own
    folder = tmp_path / "sdn"
    shutil.copytree(lists_dir / SDN_2021, folder)
    stamp = 4070908800  # 2099-01-01
    for path in folder.iterdir():
        os.utime(path, (stamp, stamp))
    code, output = _run(data_dir, "lists", "load", str(folder))
    assert code == 2 and "its file time is 2099-01-01" in output
    assert "give --published YYYY-MM-DD" in output and "nothing was loaded" in output
    assert "ofac-sdn" not in _counts(data_dir)
    # ... which --published settles
    code, output = _run(data_dir, "lists", "load", "--published", "2021-07-07", str(folder))
    assert code == 0, output
    assert _counts(data_dir)["ofac-sdn"] == 8976


@pytest.mark.parametrize(
    ("key", "path", "refused"),
    [("un-sc", DPL, "holds US BIS Denied Persons List (list bis-dpl), not the un-sc list"),
     ("ofac-sdn", UN, "not the ofac-sdn list"),
     ("ofac-sls-irgc", UN, "not the ofac-sls-irgc list"),
     ("caspian-snapshot", UN, "the key of Caspian's bundled snapshot"),
     ("un-sc", UN, None),  # its own key
     ("my-copy", DPL, None)],  # a key of one's own
)  # fmt: skip
def test_load_under_a_key_only_of_that_list(
    tmp_path: Path, lists_dir: Path, key: str, path: str, refused: str | None
) -> None:
    code, output = _run(tmp_path / "d", "lists", "load", "--source", key, str(lists_dir / path))
    if refused is None:
        assert code == 0, output
        assert key in _counts(tmp_path / "d")
        return
    assert code == 2 and refused in output and "nothing was loaded" in output
    assert key not in _counts(tmp_path / "d") or key == "caspian-snapshot"


def _whole_csl(lists_dir: Path, tmp_path: Path) -> Path:
    data = (lists_dir / CSL).read_bytes()
    path = tmp_path / "whole" / "csl.csv"
    path.parent.mkdir()
    path.write_bytes(data[: data.rindex(b"\n") + 1])
    return path


@pytest.mark.parametrize(
    ("name", "held"),
    [(DPL, False), ("uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv", True),
     ("opensanctions/yente_fixture_zala/entities.ftm.json", True), ("csl", True)],
)  # fmt: skip
def test_a_list_cut_where_its_format_cannot_tell_is_never_activated(
    tmp_path: Path, lists_dir: Path, name: str, held: bool
) -> None:
    """Cut at a line end, a tab-separated, CSV or JSON-lines list is whole by its format's
    rule: what it lost keeps it from being activated (the DPL, dated by its newest row,
    lost its newest rows: an older publication, stored as history)."""
    whole = _whole_csl(lists_dir, tmp_path) if name == "csl" else lists_dir / name
    data_dir = tmp_path / "d"
    code, output = _run(data_dir, "lists", "load", str(whole))
    assert code == 0, output
    before = _counts(data_dir)
    cut = tmp_path / "cut" / whole.name
    cut.parent.mkdir()
    cut.write_bytes(cut_at_line_end(whole.read_bytes()))
    code, output = _run(data_dir, "lists", "load", str(cut))
    assert _counts(data_dir) == before
    if not held:
        assert code == 0 and "stored but not activated: the active snapshot" in output, output
        return
    assert code == 2, output
    assert "held" in output and "stored, not activated" in output and "--force" in output
    code, output = _run(data_dir, "lists", "status", "--json")
    (entry,) = orjson.loads(output)["not_in_force"]
    assert "stored, not activated" in entry["message"]
    code, output = _run(data_dir, "lists", "load", "--force", str(cut))
    assert code == 0 and "forced:" in output, output
    assert _counts(data_dir) != before
    code, output = _run(data_dir, "lists", "status", "--json")
    assert orjson.loads(output)["not_in_force"] == []


def test_status_says_a_list_is_dated_in_the_future(tmp_path: Path, lists_dir: Path) -> None:
    """A store from before future dates were refused: status and results warn."""
    data_dir = tmp_path / "d"
    code, output = _run(data_dir, "lists", "load", str(lists_dir / UN))
    assert code == 0, output
    with Store(data_dir) as store:
        store.db.execute("UPDATE snapshots SET published = '2099-02-27' WHERE source = 'un-sc'")
    code, output = _run(data_dir, "lists", "status", "--json")
    payload = orjson.loads(output)
    (row,) = [r for r in payload["lists"] if r["source"] == "un-sc"]
    assert row["state"] == "active, DATED IN THE FUTURE" and row["age_days"] < 0
    assert any("dated" in w and "in the future" in w for w in payload["warnings"])
    # A real list then replaces it: the future date does not freeze the store.
    shutil.copy(lists_dir / UN, tmp_path / "un.xml")
    (tmp_path / "un.xml").write_bytes((lists_dir / UN).read_bytes() + b"\n")
    code, output = _run(data_dir, "lists", "load", str(tmp_path / "un.xml"))
    assert code == 0 and "in the future: its date was not counted" in output, output
