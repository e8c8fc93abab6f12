"""`caspian lists update` against a local HTTP server serving the shared files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists.store import Store
from tests.http_lists import serve

SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"


@pytest.fixture(scope="module")
def server(lists_dir: Path) -> Iterator[str]:
    with serve(lists_dir) as url:
        yield url


def _sources(tmp_path: Path, base: str, un_mode: str = "ok", sdn_mode: str = "ok") -> Path:
    sdn = ", ".join(
        f'"{name}" = "{base}/{sdn_mode}/{SDN_2021}/{name}"'
        for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
    )
    text = f"""
[sources.un-sc]
title = "UN Security Council Consolidated List"
files = {{ "consolidated.xml" = "{base}/{un_mode}/{UN}" }}

[sources.ofac-sdn]
title = "OFAC SDN"
files = {{ {sdn} }}

[sources.bis-dpl]
title = "BIS Denied Persons List"
files = {{ "dpl.txt" = "{base}/ok/{DPL}" }}
"""
    path = tmp_path / f"sources-{un_mode}-{sdn_mode}.toml"
    path.write_text(text)
    return path


def _run(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def test_update_downloads_parses_and_activates(tmp_path: Path, server: str) -> None:
    code, output = _run(
        tmp_path / "d", "lists", "update", "--sources", str(_sources(tmp_path, server))
    )
    assert code == 0, output
    with Store(tmp_path / "d") as store:
        active = {v.source: v for v in store.active()}
    assert set(active) == {"un-sc", "ofac-sdn", "bis-dpl"}
    assert active["un-sc"].entity_count == 1003
    assert active["un-sc"].published == "2026-02-27"
    assert active["un-sc"].published_from == "file"
    assert active["ofac-sdn"].entity_count == 8976
    # The legacy CSV carries no date: the server's Last-Modified is used and labelled.
    assert (active["ofac-sdn"].published, active["ofac-sdn"].published_from) == (
        "2026-11-03",
        "http",
    )
    assert active["ofac-sdn"].title == "OFAC SDN"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("html", "wrong content type text/html"),
        ("trunc", "truncated"),
        ("missing", "HTTP 404"),
    ],
)
def test_failed_download_keeps_previous_snapshot(
    tmp_path: Path, server: str, mode: str, reason: str
) -> None:
    data_dir = tmp_path / "d"
    code, output = _run(data_dir, "lists", "update", "--only", "un-sc", "--sources",
                        str(_sources(tmp_path, server)))  # fmt: skip
    assert code == 0, output
    with Store(data_dir) as store:
        before = {v.source: v.snapshot_id for v in store.active()}
    bad = _sources(tmp_path, server, un_mode=mode)
    code, output = _run(data_dir, "lists", "update", "--only", "un-sc", "--sources", str(bad))
    assert code == 2
    assert "failed" in output and reason in output and "previous snapshot kept" in output
    with Store(data_dir) as store:
        assert {v.source: v.snapshot_id for v in store.active()} == before
        assert len(store.snapshots("un-sc")) == 1
        assert any(not ok and reason in msg for _, _, _, ok, msg in store.events())


def test_one_failing_source_does_not_stop_the_others(tmp_path: Path, server: str) -> None:
    sources = _sources(tmp_path, server, sdn_mode="html")
    code, output = _run(tmp_path / "d", "lists", "update", "--sources", str(sources))
    assert code == 2
    assert "ok un-sc" in output and "ok bis-dpl" in output and "failed ofac-sdn" in output
    with Store(tmp_path / "d") as store:
        assert {v.source for v in store.active()} == {"un-sc", "bis-dpl"}


def test_file_that_fails_to_parse_keeps_previous(
    tmp_path: Path, server: str, lists_dir: Path
) -> None:
    data_dir = tmp_path / "d"
    _run(
        data_dir, "lists", "update", "--only", "un-sc", "--sources", str(_sources(tmp_path, server))
    )
    # A whole, well-served file of the wrong format in place of the UN list.
    broken = tmp_path / "srv"
    (broken / "un").mkdir(parents=True)
    (broken / "un" / "consolidated.xml").write_text("<html><p>not a list</p></html>")
    with serve(broken) as url:
        sources = tmp_path / "s.toml"
        sources.write_text(
            '[sources.un-sc]\ntitle = "UN"\n'
            f'files = {{ "consolidated.xml" = "{url}/ok/un/consolidated.xml" }}\n'
        )
        code, output = _run(data_dir, "lists", "update", "--sources", str(sources))
    assert code == 2
    assert "consolidated.xml" in output and "previous snapshot kept" in output
    with Store(data_dir) as store:
        (un,) = store.active()
        assert un.entity_count == 1003


def test_bad_sources_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[sources.x]\nfiles = 3\n")
    code, output = _run(tmp_path / "d", "lists", "update", "--sources", str(bad))
    assert code == 2
    assert "bad.toml" in output and "source 'x' has no files" in output
