"""The sources file: checked whole before any download, and shown by `lists sources`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import orjson
import pytest
from click.testing import CliRunner

from caspian import data
from caspian.cli import main
from caspian.lists.base import ListFormatError
from caspian.lists.sources import (
    DEFAULT_MAX_BYTES,
    file_name_problem,
    load_sources,
    parse_size,
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _one(files: str, extra: str = "", key: str = "un-sc") -> str:
    return f'[sources.{key}]\ntitle = "UN"\nfiles = {{ {files} }}\n{extra}'


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../x.csv", "is a path"),
        ("../../etc/cron.d/x", "is a path"),
        ("/etc/passwd", "is a path"),
        ("lists/sdn.csv", "is a path"),
        ("..\\\\x.csv", "is a path"),
        ("C:x.csv", "is a path"),
        ("C:\\\\Windows\\\\x.csv", "is a path"),
        ("", "is empty"),
        ("  ", "is empty"),
        (".", "is not a file name"),
        ("..", "is not a file name"),
        ("...", "is not a file name"),
        ("sdn\\n.csv", "control character"),
        ("sdn\\u0000.csv", "control character"),
    ],
)
def test_a_file_name_that_leaves_its_folder_is_refused(
    tmp_path: Path, name: str, problem: str
) -> None:
    path = _write(tmp_path, _one(f'"{name}" = "https://example.org/x.csv"'))
    with pytest.raises(ListFormatError) as info:
        load_sources(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "source 'un-sc'" in message
    assert problem in message
    # The command refuses it before downloading anything, with exit 2.
    code, output = run(tmp_path, "lists", "update", "--sources", str(path))
    assert code == 2 and "source 'un-sc'" in output and problem in output
    assert not (tmp_path / "d" / "caspian.sqlite").exists()


@pytest.mark.parametrize("name", ["sdn.csv", "SDN_ENHANCED.XML", "cons prim.csv", "données.xml"])
def test_plain_file_names_pass(name: str) -> None:
    assert file_name_problem(name) is None


@pytest.mark.parametrize(
    ("files", "extra", "key", "words"),
    [
        ('"a.csv" = "ftp://example.org/a.csv"', "", "un-sc", "is not an http or https URL"),
        ('"a.csv" = "file:///etc/passwd"', "", "un-sc", "is not an http or https URL"),
        ('"a.csv" = "a.csv"', "", "un-sc", "is not an http or https URL"),
        ('"a.csv" = "https://"', "", "un-sc", "has no host"),
        ('"a.csv" = "https://x/a", "A.CSV" = "https://x/b"', "", "un-sc", "differ only in case"),
        ('"a.csv" = "https://x/a"', "", '"../evil"', "source key '../evil' is refused"),
        ('"a.csv" = "https://x/a"', "", '"a/b"', "source key 'a/b' is refused"),
        ('"a.csv" = "https://x/a"', "", '""', "source key '' is refused"),
        ('"a.csv" = "https://x/a"', "max_byte = 10\n", "un-sc", "unknown key(s) 'max_byte'"),
        ('"a.csv" = "https://x/a"', "max_bytes = 0\n", "un-sc", "more than 0 bytes"),
        ('"a.csv" = "https://x/a"', "max_bytes = -5\n", "un-sc", "max_bytes"),
        ('"a.csv" = "https://x/a"', 'max_bytes = "lots"\n', "un-sc", "'lots' is not a size"),
        ('"a.csv" = "https://x/a"', "max_bytes = true\n", "un-sc", "True is not a size"),
        ('"a.csv" = "https://x/a"', "format = 3\n", "un-sc", "format must be"),
        ('"a.csv" = "https://x/a"', 'format = ""\n', "un-sc", "format must be"),
        ('"a.csv" = "https://x/a"', 'format = "un_xml"\n', "un-sc", "'un_xml' is not a format"),
        ('"a.csv" = "https://x/a"', 'max_shrink = "lots"\n', "un-sc", "max_shrink 'lots'"),
        ('"a.csv" = "https://x/a"', "max_shrink = 5\n", "un-sc", "between 0% and 100%"),
        ('"a.csv" = "https://x/a"', 'max_shrink = "150%"\n', "un-sc", "between 0% and 100%"),
        ('"a.csv" = "https://x/a"', "max_shrink = true\n", "un-sc", "max_shrink True"),
        ('"a.csv" = "https://x/a"', "deadline = 0\n", "un-sc", "more than 0 seconds"),
        ('"a.csv" = "https://x/a"', 'deadline = "soon"\n', "un-sc", "deadline 'soon'"),
        ('"a.csv" = "https://x/a"', "deadline = [1]\n", "un-sc", "deadline [1]"),
    ],
)
def test_bad_sources_are_refused_naming_file_and_source(
    tmp_path: Path, files: str, extra: str, key: str, words: str
) -> None:
    path = _write(tmp_path, _one(files, extra, key))
    with pytest.raises(ListFormatError) as info:
        load_sources(path)
    assert str(info.value).startswith(str(path))
    assert words in str(info.value)


def test_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, 'mirror = "https://x"\n' + _one('"a.csv" = "https://x/a"'))
    with pytest.raises(ListFormatError, match="unknown top-level key"):
        load_sources(path)


def test_format_and_max_bytes_are_read(tmp_path: Path) -> None:
    text = (
        _one('"consolidated.xml" = "https://x/un.xml"', 'format = "un-xml"\nmax_bytes = "64M"\n')
        + _one('"dpl.txt" = "http://127.0.0.1:8000/dpl.txt"', "max_bytes = 200000\n", "bis-dpl")
        + '[sources.plain]\nfiles = { "a.csv" = "https://x/a.csv" }\n'
    )
    un, dpl, plain = load_sources(_write(tmp_path, text))
    assert (un.format, un.max_bytes) == ("un-xml", 64 * 1024 * 1024)
    assert (un.max_shrink, un.deadline) == (None, None)
    assert (dpl.format, dpl.max_bytes) == (None, 200000)
    assert (plain.title, plain.format, plain.max_bytes) == ("plain", None, None)


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1048576), ("512M", 512 * 1024**2), ("512 MiB", 512 * 1024**2),
     ("2G", 2 * 1024**3), ("64kb", 64 * 1024), ("100B", 100), (" 7 ", 7)],
)  # fmt: skip
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "M", "1.5G", "-1", "0", "12 apples", "1T"])
def test_bad_sizes(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


def test_packaged_sources_are_safe() -> None:
    sources = load_sources(data.path("sources.toml"))
    assert len({s.key for s in sources}) == len(sources) >= 6
    for source in sources:
        assert source.title and source.title != source.key
        for name, url in source.files.items():
            assert file_name_problem(name) is None
            assert urlsplit(url).scheme == "https", f"{source.key}: {url}"
        assert source.max_bytes is None or source.max_bytes <= DEFAULT_MAX_BYTES * 4


def test_lists_sources_table_and_json(tmp_path: Path) -> None:
    text = _one(
        '"consolidated.xml" = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"',
        'format = "un-xml"\n',
    ) + _one('"dpl.txt" = "https://www.bis.doc.gov/dpl/dpl.txt"', 'max_bytes = "10M"\n', "bis-dpl")
    path = _write(tmp_path, text)
    code, output = run(tmp_path, "lists", "sources", "--sources", str(path))
    assert code == 0, output
    for word in ("un-sc", "un-xml", "bis-dpl", "(detected)", "consolidated.xml",
                 "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
                 "https://www.bis.doc.gov/dpl/dpl.txt", "max 10 MiB per file"):  # fmt: skip
        assert word in output, word
    code, output = run(tmp_path, "lists", "sources", "--sources", str(path), "--json")
    assert code == 0, output
    payload = orjson.loads(output)
    assert payload["file"] == str(path)
    assert payload["sources"] == [
        {"key": "un-sc", "title": "UN", "format": "un-xml", "max_bytes": None,
         "max_shrink": None, "deadline": None,
         "files": {"consolidated.xml":
                   "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
        {"key": "bis-dpl", "title": "UN", "format": None, "max_bytes": 10 * 1024 * 1024,
         "max_shrink": None, "deadline": None,
         "files": {"dpl.txt": "https://www.bis.doc.gov/dpl/dpl.txt"}},
    ]  # fmt: skip


def test_lists_sources_shows_the_packaged_file_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASPIAN_SOURCES", raising=False)
    code, output = run(tmp_path, "lists", "sources", "--json")
    assert code == 0, output
    payload = orjson.loads(output)
    assert payload["file"] == str(data.path("sources.toml"))
    assert [s["key"] for s in payload["sources"]] == [
        s.key for s in load_sources(data.path("sources.toml"))
    ]


def test_lists_sources_refuses_a_bad_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _one('"../x.csv" = "https://x/a"'))
    code, output = run(tmp_path, "lists", "sources", "--sources", str(path))
    assert code == 2 and "sources.toml" in output and "'../x.csv'" in output


@pytest.mark.parametrize(
    ("extra", "shrink", "deadline"),
    [('max_shrink = "20%"\ndeadline = "10m"\n', 0.2, 600.0),
     ("max_shrink = 0.5\ndeadline = 2.5\n", 0.5, 2.5),
     ('max_shrink = "0 %"\ndeadline = "1h"\n', 0.0, 3600.0),
     ("max_shrink = 1\ndeadline = 90\n", 1.0, 90.0)],
)  # fmt: skip
def test_guards_of_a_source_are_read(
    tmp_path: Path, extra: str, shrink: float, deadline: float
) -> None:
    (un,) = load_sources(_write(tmp_path, _one('"a.xml" = "https://x/a"', extra)))
    assert (un.max_shrink, un.deadline) == (shrink, deadline)
