"""`lists update` against a local server misbehaving in every way a download site or a
proxy can: after each fault the previous snapshot stays active, the message says why,
the exit code is 2, and nothing outside the data directory grew.

The servers bind loopback addresses only (tests/http_lists.py); the store starts from
one real update of the OFAC SDN 2021 set and the UN list, copied for each test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists.store import Store
from tests.http_lists import serve

SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
SDN_FILES = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"
IRGC = "ofac/sls_custom_enhanced_xml_irgc_2024-08-28/IRGC_sanctions.xml"
SDN_COUNT, UN_COUNT = 8976, 1003


@pytest.fixture(scope="module")
def server(lists_dir: Path) -> Iterator[str]:
    with serve(lists_dir) as url:
        yield url


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Iterator[str]:
    """A server of files made here from the shared ones (a half list, a future date)."""
    root = tmp_path_factory.mktemp("made")
    sdn = root / "shrunk" / "sdn.csv"
    sdn.parent.mkdir()
    lines = (lists_dir / SDN_2021 / "sdn.csv").read_bytes().rstrip(b"\x1a").splitlines(True)
    sdn.write_bytes(b"".join(lines[: len(lines) // 2]) + b"\x1a")  # whole, half the list
    for name in SDN_FILES[1:]:
        (root / "shrunk" / name).write_bytes((lists_dir / SDN_2021 / name).read_bytes())
    un = (lists_dir / UN).read_bytes()
    assert un.count(b'dateGenerated="2026-02-27') == 1
    (root / "future").mkdir()
    (root / "future" / "consolidated.xml").write_bytes(
        un.replace(b'dateGenerated="2026-02-27', b'dateGenerated="2099-02-27')
    )
    with serve(root) as url:
        yield url


def _toml(sources: dict[str, dict[str, str]], extra: dict[str, str] | None = None) -> str:
    text = ""
    for key, files in sources.items():
        body = ", ".join(f'"{name}" = "{url}"' for name, url in files.items())
        text += f'[sources.{key}]\ntitle = "{key}"\nfiles = {{ {body} }}\n'
        text += (extra or {}).get(key, "")
    return text


def _sdn(base: str, **routes: str) -> dict[str, str]:
    """The SDN set's URLs, each file by its route (`ok` unless named)."""
    return {n: f"{base}/{routes.get(n.removesuffix('.csv'), 'ok')}/{SDN_2021}/{n}"
            for n in SDN_FILES}  # fmt: skip


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, server: str) -> Path:
    data_dir = tmp_path_factory.mktemp("baseline") / "d"
    sources = data_dir.parent / "sources.toml"
    sources.write_text(_toml({"ofac-sdn": _sdn(server),
                              "un-sc": {"consolidated.xml": f"{server}/ok/{UN}"}}))  # fmt: skip
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "lists", "update",
                                       "--sources", str(sources)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return data_dir


class Sandbox:
    """A copy of the baseline store, an empty temporary folder and an empty working
    folder: an update may write in the data directory and nowhere else."""

    def __init__(self, root: Path, baseline: Path) -> None:
        self.root = root
        self.data_dir = root / "data"
        shutil.copytree(baseline, self.data_dir)
        self.temp = root / "temp"
        self.cwd = root / "cwd"
        self.temp.mkdir()
        self.cwd.mkdir()
        self.before = self.active()

    def update(self, sources: str, *args: str) -> tuple[int, str]:
        path = self.root / f"sources-{len(list(self.root.glob('sources-*')))}.toml"
        path.write_text(sources)
        cmd = ["--data-dir", str(self.data_dir), "lists", "update", "--sources", str(path)]
        result = CliRunner().invoke(main, [*cmd, *args])
        assert not list(self.temp.iterdir()), "the update wrote to the temporary folder"
        assert not list(self.cwd.iterdir()), "the update wrote to the working folder"
        left = sorted(p.name for p in self.data_dir.rglob("*"))
        assert set(left) <= {"caspian.sqlite", "caspian.sqlite-wal", "caspian.sqlite-shm",
                             "downloads"}, left  # fmt: skip
        return result.exit_code, result.output

    def active(self) -> dict[str, tuple[int | None, int, str]]:
        with Store(self.data_dir) as store:
            out = {}
            for v in store.active():
                (origin,) = store.db.execute(
                    "SELECT origin FROM snapshots WHERE id = ?", (v.snapshot_id,)
                ).fetchone()
                out[v.source] = (v.snapshot_id, v.entity_count, origin)
            return out

    def status(self) -> dict[str, object]:
        result = CliRunner().invoke(
            main, ["--data-dir", str(self.data_dir), "lists", "status", "--json"]
        )
        assert result.exit_code == 0, result.output
        payload: dict[str, object] = orjson.loads(result.output)
        return payload

    def kept(self, code: int, output: str, *words: str) -> None:
        """The update failed as it must: exit 2, the reason said, nothing changed."""
        assert code == 2, output
        for word in words:
            assert word in output, (word, output)
        assert "previous snapshot kept" in output or "stays" in output, output
        assert self.active() == self.before


@pytest.fixture()
def box(tmp_path: Path, baseline: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    sandbox = Sandbox(tmp_path, baseline)
    monkeypatch.setenv("TMPDIR", str(sandbox.temp))
    monkeypatch.setattr(tempfile, "tempdir", str(sandbox.temp))
    monkeypatch.chdir(sandbox.cwd)
    return sandbox


@pytest.mark.parametrize(
    ("route", "words"),
    [
        # Transport that looks whole: only the list's own end shows the cut.
        ("chunked-cut", "without the Ctrl-Z (0x1A) that ends every OFAC legacy CSV"),
        ("close-cut", "without the Ctrl-Z (0x1A) that ends every OFAC legacy CSV"),
        # Transport that says it was cut.
        ("chunked-abort", "truncated: connection closed early"),
        ("trunc", "truncated"),
    ],
)
def test_a_cut_download_is_never_activated(
    box: Sandbox, server: str, route: str, words: str
) -> None:
    code, output = box.update(_toml({"ofac-sdn": _sdn(server, sdn=route)}))
    box.kept(code, output, "failed ofac-sdn", "sdn.csv", words)
    assert "ok ofac-sdn" not in output


def test_a_cut_companion_file_is_refused_too(box: Sandbox, server: str) -> None:
    code, output = box.update(_toml({"ofac-sdn": _sdn(server, alt="close-cut")}))
    box.kept(code, output, "alt.csv", "incomplete file", "Ctrl-Z")


@pytest.mark.parametrize(
    ("key", "files", "fmt", "words"),
    [
        ("ofac-sdn", {"sdn.csv": UN}, "ofac-csv",
         "sdn.csv: the ofac-sdn URL returned the UN consolidated list (un-xml), not an OFAC "
         "legacy CSV (ofac-csv)"),
        # No format in the sources file: the list key the reader gives must be the source's.
        ("un-sc", {"consolidated.xml": DPL}, None,
         "the un-sc URL returned US BIS Denied Persons List (bis-dpl, list bis-dpl), not the "
         "un-sc list"),
        ("ofac-sdn", {"sdn.xml": IRGC}, "ofac-enhanced-xml", "list ofac-sls-irgc"),
        ("un-sc", {"consolidated.xml": f"{SDN_2021}/sdn.csv"}, "un-xml",
         "returned an OFAC legacy CSV (primary file, ofac-csv), not the UN consolidated list"),
    ],
)  # fmt: skip
def test_the_wrong_list_under_a_key_is_refused(
    box: Sandbox, server: str, key: str, files: dict[str, str], fmt: str | None, words: str
) -> None:
    # As application/octet-stream, which any list file may come as: the content tells.
    urls = {name: f"{server}/octet/{path}" for name, path in files.items()}
    extra = {key: f'format = "{fmt}"\n'} if fmt else {}
    code, output = box.update(_toml({key: urls}, extra))
    box.kept(code, output, f"failed {key}", words)


def test_a_key_of_ones_own_needs_a_format(box: Sandbox, server: str) -> None:
    code, output = box.update(_toml({"my-un": {"consolidated.xml": f"{server}/ok/{UN}"}}))
    box.kept(code, output, "failed my-un", "add format = ")
    own = {"my-un": {"consolidated.xml": f"{server}/ok/{UN}"}}
    code, output = box.update(_toml(own, {"my-un": 'format = "un-xml"\n'}))
    assert code == 0, output
    assert box.active()["my-un"][1] == UN_COUNT


def test_a_future_last_modified_refuses_a_list_it_would_date(box: Sandbox, server: str) -> None:
    # The legacy CSVs carry no date: the server's would date them, and it is in 2099.
    code, output = box.update(_toml({"ofac-sdn": _sdn(server, sdn="future")}))
    box.kept(code, output, "the server dates sdn.csv (Last-Modified) 2099-01-01",
             "more than 1 day after today")  # fmt: skip


def test_a_future_last_modified_beside_the_lists_own_date_is_only_noted(
    box: Sandbox, server: str
) -> None:
    code, output = box.update(_toml({"un-sc": {"consolidated.xml": f"{server}/future/{UN}"}}))
    assert code == 0, output
    assert "Last-Modified 2099-01-01 is in the future; ignored" in output
    assert box.active() == box.before  # the same content: unchanged


def test_a_future_date_inside_the_file_is_refused(box: Sandbox, made: str) -> None:
    code, output = box.update(
        _toml({"un-sc": {"consolidated.xml": f"{made}/ok/future/consolidated.xml"}})
    )
    box.kept(code, output, "the file says it was published 2099-02-27")
    status = box.status()
    assert not [w for w in status["warnings"] if "future" in w]  # type: ignore[attr-defined]


def test_good_gzip_is_read_and_a_gzip_bomb_is_cut_at_the_cap(box: Sandbox, server: str) -> None:
    code, output = box.update(_toml({"un-sc": {"consolidated.xml": f"{server}/gzip/{UN}"}}))
    assert code == 0 and "unchanged" in output, output
    bomb = _toml({"un-sc": {"consolidated.xml": f"{server}/bomb?mib=64"}})
    code, output = box.update(bomb, "--max-bytes", "8M")
    box.kept(code, output, "sent more than 8,388,608 bytes")
    assert not list((box.data_dir / "downloads").iterdir())


@pytest.mark.timeout(60)
@pytest.mark.parametrize("route", ["drip", "drip-headers"])
def test_a_drip_is_ended_by_the_deadline(box: Sandbox, server: str, route: str) -> None:
    # Each read is quick (a few bytes every quarter second): only the deadline ends it.
    sources = _toml({"un-sc": {"consolidated.xml": f"{server}/{route}/{UN}"}})
    code, output = box.update(sources, "--deadline", "2", "--timeout", "5")
    box.kept(code, output, "too slow", "took more than 2 s", "--deadline")
    if route == "drip-headers":
        return
    # A source's own deadline wins over the run's.
    drip = {"un-sc": {"consolidated.xml": f"{server}/drip/{UN}"}}
    own = _toml(drip, {"un-sc": "deadline = 1.5\n"})
    code, output = box.update(own, "--deadline", "10m")
    box.kept(code, output, "took more than 1.5 s")


def test_a_cross_host_redirect_chain_is_refused_or_recorded_hop_by_hop(
    box: Sandbox, server: str, lists_dir: Path
) -> None:
    final = f"{server}/ok/{UN}".replace("127.0.0.1", "localhost")
    with serve(lists_dir, host="127.0.0.2") as other:
        middle = f"{other}/redirect-to?url={quote(final, safe='')}"
        start = f"{server}/redirect-to?url={quote(middle, safe='')}"
        sources = _toml({"un-sc": {"consolidated.xml": start}})
        code, output = box.update(sources)
        box.kept(code, output, f"redirect refused: {start} -> {middle}",
                 "only redirects to https are followed")  # fmt: skip
        fresh = box.root / "fresh"
        box.data_dir, kept_dir = fresh, box.data_dir
        code, output = box.update(sources, "--allow-http-redirects")
        assert code == 0, output
        chain = f"{start} -> {middle} -> {final}"
        assert f"consolidated.xml from {final} (redirected: {chain})" in output
        assert box.active()["un-sc"][1:] == (UN_COUNT, chain)
        box.data_dir = kept_dir


@pytest.mark.parametrize(
    ("route", "words"),
    [("html", "wrong content type text/html (the server sent a web page"),
     ("html-as-list", "not a list format Caspian reads")],
)  # fmt: skip
def test_a_web_page_is_never_a_list(box: Sandbox, server: str, route: str, words: str) -> None:
    code, output = box.update(_toml({"un-sc": {"consolidated.xml": f"{server}/{route}/{UN}"}}))
    box.kept(code, output, words)


def test_a_list_that_lost_half_is_stored_not_activated_until_forced(
    box: Sandbox, made: str
) -> None:
    shrunk = {n: f"{made}/ok/shrunk/{n}" for n in SDN_FILES}
    code, output = box.update(_toml({"ofac-sdn": shrunk}))
    half = f"4,488 entities against {SDN_COUNT:,} active (-50%)"
    box.kept(code, output, "held ofac-sdn", f"stored, not activated: {half}",
             "run with --force to accept", f"the active snapshot #{box.before['ofac-sdn'][0]}")
    (entry,) = box.status()["not_in_force"]  # type: ignore[misc]
    assert entry["source"] == "ofac-sdn" and half in entry["message"]
    text = CliRunner().invoke(main, ["--data-dir", str(box.data_dir), "lists", "status"]).output
    assert "not in force:" in text and "run with --force to accept" in text
    # A share above the loss lets it in, from the command line or from the source.
    code, output = box.update(_toml({"ofac-sdn": shrunk}), "--max-shrink", "40%")
    assert code == 2 and "more than the 40% a list may lose" in output
    code, output = box.update(_toml({"ofac-sdn": shrunk}, {"ofac-sdn": 'max_shrink = "60%"\n'}))
    assert code == 0, output
    assert box.active()["ofac-sdn"][1] == 4488
    assert box.status()["not_in_force"] == []


def test_force_accepts_a_shrunk_list(box: Sandbox, made: str) -> None:
    shrunk = {n: f"{made}/ok/shrunk/{n}" for n in SDN_FILES}
    code, output = box.update(_toml({"ofac-sdn": shrunk}), "--force")
    assert code == 0 and "forced: 4,488 entities against 8,976 active (-50%)" in output, output
    assert box.active()["ofac-sdn"][1] == 4488


def test_a_failed_source_does_not_stop_the_others_and_the_run_exits_2(
    box: Sandbox, server: str
) -> None:
    sources = _toml({"ofac-sdn": _sdn(server, sdn="chunked-cut"),
                     "un-sc": {"consolidated.xml": f"{server}/ok/{UN}"}})  # fmt: skip
    code, output = box.update(sources)
    assert code == 2 and "failed ofac-sdn" in output and "ok un-sc" in output
    assert "not updated: ofac-sdn" in output
    assert box.active() == box.before


def test_a_dead_updates_download_folder_is_cleared(box: Sandbox, server: str) -> None:
    # What kill -9 leaves: a folder named after a process that no longer runs.
    dead = box.data_dir / "downloads" / "update-999999999-un-sc-x"
    dead.mkdir(parents=True)
    (dead / "consolidated.xml").write_bytes(b"<CONSOLIDATED_LIST>")
    mine = box.data_dir / "downloads" / f"update-{os.getpid()}-other-y"
    mine.mkdir()
    sources = box.root / "sources.toml"
    sources.write_text(_toml({"un-sc": {"consolidated.xml": f"{server}/ok/{UN}"}}))
    result = CliRunner().invoke(main, ["--data-dir", str(box.data_dir), "lists", "update",
                                       "--sources", str(sources)])  # fmt: skip
    assert result.exit_code == 0, result.output
    # The dead one is gone; a live process's folder (this one's) stays.
    assert not dead.exists() and mine.exists()
