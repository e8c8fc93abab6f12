"""A list file that ends before its format does is refused, by every path that reads it.

Each rule of caspian/lists/completeness.py is checked on every real file of its format in
../shared/data/lists (all of them pass), then on cuts of those files: at a line end half
way (what a chunked or connection-close download leaves), inside the last line, and just
before the end. XML files are also read cut with their own reader alone, without the
completeness rule: the streaming parser refuses them too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists import completeness, detect, trade_csl
from caspian.lists.base import ListFormatError
from caspian.lists.completeness import IncompleteFile
from tests.http_lists import cut_at_line_end
from tests.list_samples import list_files

CSL = "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE/csl.csv"


def _shared(lists_dir: Path, kind: Callable[[str], bool]) -> list[tuple[Path, str]]:
    out = []
    for path in list_files(lists_dir):
        fmt = detect.sniff(path)
        if fmt is not None and kind(fmt):
            out.append((path, fmt))
    return out


def _cut(tmp_path: Path, path: Path, data: bytes) -> Path:
    cut = tmp_path / path.name
    cut.write_bytes(data)
    return cut


def test_every_shared_file_but_the_known_cut_sample_is_whole(lists_dir: Path) -> None:
    problems = {
        str(path.relative_to(lists_dir)): completeness.problem(path, fmt)
        for path, fmt in _shared(lists_dir, lambda f: True)
    }
    assert len(problems) == 25
    cut = {name: why for name, why in problems.items() if why}
    assert cut == {CSL: "the file ends inside its last line (no line end, no closing quote)"}


def test_every_ofac_csv_ends_as_its_role_says(lists_dir: Path) -> None:
    files = _shared(lists_dir, lambda f: f.startswith("ofac-csv:"))
    assert len(files) == 12
    for path, fmt in files:
        data = path.read_bytes()
        role = fmt.partition(":")[2]
        # What SOURCES.md says: every file ends with CRLF and Ctrl-Z but the 2021
        # sdn_comments.csv, which ends with CRLF alone.
        if path.name == "sdn_comments.csv" and "2021" in str(path):
            assert data.endswith(b"\r\n") and not data.endswith(b"\x1a")
        else:
            assert data.endswith(b"\r\n\x1a"), path
        assert completeness.ofac_csv(path, role) is None


@pytest.mark.parametrize("role", ["primary", "add", "alt", "comments"])
def test_a_cut_ofac_csv_is_refused(tmp_path: Path, lists_dir: Path, role: str) -> None:
    files = [p for p, f in _shared(lists_dir, lambda f: f == f"ofac-csv:{role}")]
    for path in files:
        data = path.read_bytes()
        at_line_end = completeness.ofac_csv(_cut(tmp_path, path, cut_at_line_end(data)), role)
        inside = completeness.ofac_csv(_cut(tmp_path, path, data[: len(data) // 2 + 7]), role)
        if role == "comments":
            # Comments may end without Ctrl-Z (2021): a cut at a line end looks whole, and
            # only costs remarks; the shrink rule guards the primary file's entities.
            assert at_line_end is None
        else:
            assert at_line_end is not None and "Ctrl-Z" in at_line_end, path
        assert inside == "the file ends inside a line", path


def test_a_cut_ofac_set_is_refused_by_lists_load(tmp_path: Path, lists_dir: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    source = lists_dir / "ofac/sdn_csv_2021-07-07_consistent_set"
    for path in source.iterdir():
        data = path.read_bytes()
        (folder / path.name).write_bytes(cut_at_line_end(data) if path.name == "sdn.csv" else data)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), "lists", "load",
                                       str(folder)])  # fmt: skip
    assert result.exit_code == 2
    assert "sdn.csv: incomplete file: the file ends without the Ctrl-Z" in result.output
    assert "nothing was loaded" in result.output


def _xml_cuts(data: bytes, root: str) -> dict[str, bytes]:
    """Where an XML list may be cut: half way at a line end, right after a record's end
    tag (every record before it whole), and inside the root's own end tag."""
    end_tag = data.rindex(b"</")
    last_record = data.rindex(b"</", 0, end_tag)
    after_record = data.index(b">", last_record) + 1
    return {
        "line end half way": cut_at_line_end(data),
        "after the last record": data[:after_record] + b"\n",
        "inside the root end tag": data[: end_tag + 2 + len(root) // 2],
    }


def test_every_xml_reader_refuses_a_cut_file(tmp_path: Path, lists_dir: Path) -> None:
    files = _shared(lists_dir, lambda f: f in completeness.XML_ROOT_OF)
    assert {f for _p, f in files} == set(completeness.XML_ROOT_OF)
    for path, fmt in files:
        root = completeness.XML_ROOT_OF[fmt]
        data = path.read_bytes()
        assert completeness.xml(_cut(tmp_path, path, data + b"\r\n \n"), root) is None
        for where, cut in _xml_cuts(data, root).items():
            cut_path = _cut(tmp_path, path, cut)
            assert completeness.problem(cut_path, fmt) == (
                f"the file ends before the end tag </{root}> of its root element"
            ), (path, where)
            # The reader alone, without the rule: the parser fails at the end too.
            with pytest.raises(ListFormatError):
                detect.SINGLE_READERS[fmt](cut_path)
            with pytest.raises(IncompleteFile, match="incomplete file: the file ends before"):
                detect.read_paths([cut_path])


def test_an_xml_root_with_a_prefix_and_utf16_are_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text('<?xml version="1.0"?>\n<x:export xmlns:x="u"><x:a/></x:export >\n')
    assert completeness.xml(path, "export") is None
    path.write_bytes('<export><a/></export>\n'.encode("utf-16"))
    assert completeness.xml(path, "export") is None
    path.write_bytes('<export><a/></exp'.encode("utf-16"))
    assert completeness.xml(path, "export") is not None
    path.write_text("<export><a/></export><!-- more -->")
    assert completeness.xml(path, "export") is not None  # only blanks may follow


@pytest.mark.parametrize(
    "name",
    ["us_bis/dpl_txt_2023-11-28/dpl.txt", "uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv"],
)
def test_a_tabular_list_cut_inside_its_last_line_is_refused(
    tmp_path: Path, lists_dir: Path, name: str
) -> None:
    path = lists_dir / name
    data = path.read_bytes()
    fmt = detect.sniff(path)
    assert fmt is not None and completeness.problem(path, fmt) is None
    # Cut inside the last line, wherever: never a line end, never a closing quote.
    last = data.rindex(b"\n", 0, len(data) - 1) + 1
    for end in range(last + 1, len(data) - 1, 7):
        if data[end - 1 : end] in (b'"', b"\n"):
            continue
        cut = _cut(tmp_path, path, data[:end])
        with pytest.raises(IncompleteFile, match="ends inside its last line"):
            detect.read_paths([cut])


def _whole_csl(lists_dir: Path) -> bytes:
    data = (lists_dir / CSL).read_bytes()
    return data[: data.rindex(b"\n") + 1]  # the sample without its cut last record


def test_a_csl_record_cut_short_is_refused_unless_allowed(tmp_path: Path, lists_dir: Path) -> None:
    whole = _whole_csl(lists_dir)
    path = _cut(tmp_path, lists_dir / CSL, whole)
    assert completeness.problem(path, "trade-csl") is None
    (data,) = detect.read_paths([path]).lists
    assert data.incomplete is None
    # A last record cut after a closing quote: the end looks whole, the record is short.
    last = whole.rindex(b"\n", 0, len(whole) - 1) + 1
    record = whole[last:]
    short = whole[:last] + record[: record.index(b'",') + 1]
    path = _cut(tmp_path, lists_dir / CSL, short)
    line = whole[:last].count(b"\n") + 1
    record_id = record[1:].split(b'"')[0].decode()
    assert trade_csl.read(path).incomplete == (
        f"line {line}: the last record (_id {record_id}) is incomplete: it has 1 of 29 columns"
    )
    with pytest.raises(IncompleteFile, match="it has 1 of 29 columns"):
        detect.read_paths([path])
    (allowed,) = detect.read_paths([path], allow_truncated=True).lists
    assert len(allowed.entities) == len(data.entities) - 1
    assert any("is incomplete" in w for w in allowed.warnings)


def test_the_shared_csl_sample_loads_only_when_allowed(tmp_path: Path, lists_dir: Path) -> None:
    with pytest.raises(IncompleteFile, match="ends inside its last line"):
        detect.read_paths([lists_dir / CSL])
    (data,) = detect.read_paths([lists_dir / CSL], allow_truncated=True).lists
    assert len(data.entities) == 4226
    assert data.warnings[0].startswith("csl.csv: incomplete file (the file ends inside")


@pytest.mark.parametrize(
    "name",
    ["opensanctions/yente_fixture_zala/entities.ftm.json",
     "opensanctions/yente_fixture_t1/entities.ftm.json"],
)  # fmt: skip
def test_ftm_lines_cut_anywhere_inside_are_refused(
    tmp_path: Path, lists_dir: Path, name: str
) -> None:
    data = (lists_dir / name).read_bytes()
    last = data.rstrip(b"\n").rindex(b"\n") + 1
    for end in range(last + 1, len(data.rstrip(b"\n")), 97):
        with pytest.raises(ListFormatError, match="line"):
            detect.read_paths([_cut(tmp_path, lists_dir / name, data[:end])])
    # At a line end, JSON lines cannot tell: what the shrink rule is for.
    assert detect.read_paths([_cut(tmp_path, lists_dir / name, data[:last])]).lists
