"""Downloads: a cap on what one file may weigh, and redirects followed only where safe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists.download import DownloadError, check_redirect
from caspian.lists.store import Store
from tests.http_lists import serve

UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
DPL = "us_bis/dpl_txt_2023-11-28/dpl.txt"


@pytest.fixture(scope="module")
def server(lists_dir: Path) -> Iterator[str]:
    with serve(lists_dir) as url:
        yield url


def _sources(tmp_path: Path, key: str, name: str, url: str, extra: str = "") -> Path:
    path = tmp_path / f"sources-{len(list(tmp_path.glob('sources-*')))}.toml"
    path.write_text(f'[sources.{key}]\ntitle = "{key}"\nfiles = {{ "{name}" = "{url}" }}\n{extra}')
    return path


def _update(data_dir: Path, sources: Path, *args: str) -> tuple[int, str]:
    cmd = ["--data-dir", str(data_dir), "lists", "update", "--sources", str(sources), *args]
    result = CliRunner().invoke(main, cmd)
    return result.exit_code, result.output


def _active(data_dir: Path) -> dict[str, tuple[int | None, int, str]]:
    with Store(data_dir) as store:
        out = {}
        for v in store.active():
            (origin,) = store.db.execute(
                "SELECT origin FROM snapshots WHERE id = ?", (v.snapshot_id,)
            ).fetchone()
            out[v.source] = (v.snapshot_id, v.entity_count, origin)
        return out


@pytest.fixture()
def dpl_store(tmp_path: Path, server: str) -> Path:
    """A store whose bis-dpl list is active, downloaded with no cap in the way."""
    data_dir = tmp_path / "d"
    code, output = _update(data_dir, _sources(tmp_path, "bis-dpl", "dpl.txt", f"{server}/ok/{DPL}"))
    assert code == 0, output
    return data_dir


DPL_BYTES = 170_618


@pytest.mark.parametrize(
    ("route", "max_bytes", "words"),
    [
        ("ok", DPL_BYTES - 1, f"declares {DPL_BYTES:,} bytes, over the limit of 170,617 bytes"),
        ("ok", 100_000, "over the limit of 100,000 bytes (97.66 KiB)"),
        ("nolength", 100_000, "sent more than 100,"),
        ("nolength", DPL_BYTES - 1, "over the limit of 170,617 bytes"),
        # A gzip body declares its compressed length; what it unpacks to is what counts.
        ("gzip", 100_000, "sent more than 100,"),
    ],
)
def test_a_body_over_the_cap_fails_and_keeps_the_previous_snapshot(
    tmp_path: Path, server: str, dpl_store: Path, route: str, max_bytes: int, words: str
) -> None:
    before = _active(dpl_store)
    sources = _sources(tmp_path, "bis-dpl", "dpl.txt", f"{server}/{route}/{DPL}")
    code, output = _update(dpl_store, sources, "--max-bytes", str(max_bytes))
    assert code == 2
    assert "failed bis-dpl" in output and "previous snapshot kept" in output
    assert "dpl.txt: too large" in output and words in output
    assert "raise max_bytes for this source in sources.toml, or --max-bytes" in output
    assert _active(dpl_store) == before
    with Store(dpl_store) as store:
        assert len(store.snapshots("bis-dpl")) == 1


@pytest.mark.parametrize("route", ["ok", "nolength", "gzip"])
def test_a_body_at_the_cap_is_read_whole(tmp_path: Path, server: str, route: str) -> None:
    sources = _sources(tmp_path, "bis-dpl", "dpl.txt", f"{server}/{route}/{DPL}")
    code, output = _update(tmp_path / "d", sources, "--max-bytes", str(DPL_BYTES))
    assert code == 0, output
    assert _active(tmp_path / "d")["bis-dpl"][1] == 547


def test_the_cap_of_a_source_wins_over_the_command_line(tmp_path: Path, server: str) -> None:
    url = f"{server}/nolength/{DPL}"
    small = _sources(tmp_path, "bis-dpl", "dpl.txt", url, "max_bytes = 100000\n")
    code, output = _update(tmp_path / "d", small)  # the default cap is 512 MiB
    assert code == 2 and "over the limit of 100,000 bytes" in output
    large = _sources(tmp_path, "bis-dpl", "dpl.txt", url, 'max_bytes = "1M"\n')
    code, output = _update(tmp_path / "d", large, "--max-bytes", "1000")
    assert code == 0, output


def test_bad_max_bytes_option_is_exit_2(tmp_path: Path, server: str) -> None:
    sources = _sources(tmp_path, "bis-dpl", "dpl.txt", f"{server}/ok/{DPL}")
    code, output = _update(tmp_path / "d", sources, "--max-bytes", "lots")
    assert code == 2 and "'lots' is not a size" in output


def test_a_gzip_body_is_not_mistaken_for_a_truncated_one(tmp_path: Path, server: str) -> None:
    code, output = _update(tmp_path / "d", _sources(tmp_path, "un-sc", "consolidated.xml",
                                                    f"{server}/gzip/{UN}"))  # fmt: skip
    assert code == 0, output
    assert _active(tmp_path / "d")["un-sc"][1] == 1003


def test_redirects_are_followed_only_when_allowed_and_the_end_is_said(
    tmp_path: Path, server: str, dpl_store: Path
) -> None:
    start = f"{server}/redirect/3/ok/{DPL}"
    final = f"{server}/ok/{DPL}"
    before = _active(dpl_store)
    sources = _sources(tmp_path, "bis-dpl", "dpl.txt", start)
    code, output = _update(dpl_store, sources)
    assert code == 2
    assert "redirect refused" in output and "only redirects to https are followed" in output
    assert _active(dpl_store) == before
    # Allowed: the same content comes from the end of the chain, and every hop is said.
    code, output = _update(dpl_store, sources, "--allow-http-redirects")
    assert code == 0, output
    chain = " -> ".join([start, f"{server}/redirect/2/ok/{DPL}", f"{server}/redirect/1/ok/{DPL}",
                         final])  # fmt: skip
    assert f"dpl.txt from {final} (redirected: {chain})" in output
    fresh = tmp_path / "fresh"
    code, output = _update(fresh, sources, "--allow-http-redirects")
    assert code == 0, output
    assert _active(fresh)["bis-dpl"][1:] == (547, chain)
    assert _active(dpl_store)["bis-dpl"][2] == final  # no redirect: the URL alone


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("ftp://127.0.0.1/dpl.txt", "not an http or https URL"),
        ("file:///etc/passwd", "not an http or https URL"),
        ("data:text/plain,hello", "not an http or https URL"),
        ("http://[::1", "not a URL"),
    ],
)
def test_a_redirect_to_another_scheme_is_refused(
    tmp_path: Path, server: str, dpl_store: Path, target: str, words: str
) -> None:
    before = _active(dpl_store)
    sources = _sources(tmp_path, "bis-dpl", "dpl.txt", f"{server}/redirect-to?url={target}")
    code, output = _update(dpl_store, sources, "--allow-http-redirects")
    assert code == 2
    assert f"redirect refused: {server}/redirect-to?url={target} -> {target}" in output
    assert words in output and "previous snapshot kept" in output
    assert _active(dpl_store) == before


def test_a_redirect_to_https_is_followed(tmp_path: Path, server: str) -> None:
    # The local server speaks plain http: following the redirect fails at the TLS
    # handshake, which shows the redirect itself was taken, not refused.
    target = server.replace("http://", "https://") + f"/ok/{DPL}"
    sources = _sources(tmp_path, "bis-dpl", "dpl.txt", f"{server}/redirect-to?url={target}")
    code, output = _update(tmp_path / "d", sources)
    assert code == 2
    assert "redirect refused" not in output and "download failed" in output


def test_endless_redirects_stop(tmp_path: Path, server: str) -> None:
    sources = _sources(tmp_path, "bis-dpl", "dpl.txt", f"{server}/loop/{DPL}")
    code, output = _update(tmp_path / "d", sources, "--allow-http-redirects")
    assert code == 2 and "too many redirects: more than 10" in output


@pytest.mark.parametrize(
    ("current", "target", "allow_http", "refused"),
    [
        ("https://treasury.gov/sdn.csv", "https://sanctionslistservice.ofac.treas.gov/x", False,
         None),
        ("http://treasury.gov/sdn.csv", "https://treasury.gov/sdn.csv", False, None),
        ("https://treasury.gov/sdn.csv", "http://treasury.gov/sdn.csv", False, "a downgrade"),
        ("https://treasury.gov/sdn.csv", "http://treasury.gov/sdn.csv", True, "a downgrade"),
        ("https://treasury.gov/sdn.csv", "HTTP://evil.example/sdn.csv", True, "a downgrade"),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", False, "only redirects to https"),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", True, None),
        ("https://treasury.gov/sdn.csv", "ftp://treasury.gov/sdn.csv", True, "not an http"),
        ("http://127.0.0.1:8000/a", "file:///etc/passwd", True, "not an http"),
        ("https://treasury.gov/sdn.csv", "javascript:alert(1)", True, "not an http"),
    ],
)  # fmt: skip
def test_redirect_rule(current: str, target: str, allow_http: bool, refused: str | None) -> None:
    if refused is None:
        check_redirect(current, target, allow_http=allow_http)
        return
    with pytest.raises(DownloadError) as info:
        check_redirect(current, target, allow_http=allow_http)
    assert refused in str(info.value) and f"{current} -> {target}" in str(info.value)
