"""Bounded resources on hostile list files: each read in a child process, which must end
in a clean `ListFormatError` naming the file (or a result) with its peak memory under
1 GB; and each limit of `ListLimits`, checked on the real files with small limits.

Measured on these files before the bounds (peak resident memory of the child): 25 million
tiny elements 3.2 GB (now under 300 MB, refused after 8 MiB); a 200 MB text node 430 MB to
1 GB (refused); a 300 MB CSV line 1.8 GB (refused after 10 MB); see the README.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from caspian.lists import detect, ofac_csv
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.limits import ListLimits
from tests.hostile_lists import XML_FORMATS, build_text, build_xml, read_in_child

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="peak memory of a child needs the resource module"
)

MAX_PEAK_MIB = 1024

# case -> what the refusal says (None: the file is read)
XML_OUTCOMES: dict[str, str | None] = {
    "tiny-elements-in-a-record": "bytes of XML after line",
    "tiny-elements-between-records": "bytes of XML after line",
    "tiny-elements-spread-between-records": None,
    "many-elements-in-a-record": "elements (limit 100,000",
    "long-text": "characters (limit 1,000,000",
    "enormous-text": "bytes of XML after line",
    "deep-nesting": "elements nested more than 256 levels deep",
    "many-attributes": "bytes of XML after line",
}
# Every case on the classic OFAC XML; the cases that cost most, on every XML format (the
# readers share xml_stream, and each reads its records its own way).
XML_RUNS = [("ofac-xml", case) for case in XML_OUTCOMES] + [
    (fmt, case)
    for fmt in XML_FORMATS
    if fmt != "ofac-xml"
    for case in ("tiny-elements-in-a-record", "tiny-elements-spread-between-records")
]
TEXT_OUTCOMES = {
    "long-line": "line is too long (limit 10,000,000",
    "long-cell": "a cell longer than 131,072 characters",
    "endless-quoted-cell": "a cell longer than 131,072 characters",
    "deep-json": "not valid JSON (depth limit exceeded",
}
TEXT_RUNS = [
    ("ofac-csv", "long-line"),
    ("bis-dpl", "long-line"),
    ("trade-csl", "long-line"),
    ("uk-ofsi-csv", "long-line"),
    ("ftm", "long-line"),
    ("ofac-csv", "long-cell"),
    ("trade-csl", "endless-quoted-cell"),
    ("uk-ofsi-csv", "endless-quoted-cell"),
    ("ftm", "deep-json"),
]


def _check(out: dict[str, object], path: Path, expected: str | None) -> None:
    assert "crash" not in out, out
    peak = out["peak_mib"]
    assert isinstance(peak, float) and peak < MAX_PEAK_MIB, out
    if expected is None:
        assert "error" not in out, out
        assert isinstance(out["entities"], int) and out["entities"] > 0
    else:
        message = out.get("error")
        assert isinstance(message, str) and expected in message, out
        assert out["path"] == str(path)
        assert isinstance(out["line"], int) and out["line"] >= 1


@pytest.mark.parametrize(("fmt", "case"), XML_RUNS, ids=[f"{f}-{c}" for f, c in XML_RUNS])
def test_hostile_xml_in_bounded_memory(
    tmp_path: Path, lists_dir: Path, fmt: str, case: str
) -> None:
    path = build_xml(lists_dir, fmt, case, tmp_path / Path(XML_FORMATS[fmt][0]).name)
    _check(
        read_in_child(path, "detect" if case.startswith("tiny") else fmt), path, XML_OUTCOMES[case]
    )


@pytest.mark.parametrize(("fmt", "case"), TEXT_RUNS, ids=[f"{f}-{c}" for f, c in TEXT_RUNS])
def test_hostile_text_in_bounded_memory(
    tmp_path: Path, lists_dir: Path, fmt: str, case: str
) -> None:
    path = build_text(lists_dir, fmt, case, tmp_path / "list.txt")
    _check(read_in_child(path, fmt), path, TEXT_OUTCOMES[case])


# -- each limit, on the real files ------------------------------------------------------------

READ_WITH_LIMITS = {
    "ofac/consolidated_xml_2024-05-06/consolidated.xml": "ofac-xml",
    "ofac/cons_advanced_xml_2020-03-17/cons_advanced.xml": "ofac-advanced-xml",
    "ofac/sls_custom_enhanced_xml_irgc_2024-08-28/IRGC_sanctions.xml": "ofac-enhanced-xml",
    "un/consolidated_xml_2026-02-27/consolidated.xml": "un-xml",
    "uk/ofsi_conlist_csv_2018-04-13/sanctionsconlist.csv": "uk-ofsi-csv",
    "us_bis/dpl_txt_2023-11-28/dpl.txt": "bis-dpl",
    "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE/csl.csv": "trade-csl",
    "opensanctions/yente_fixture_zala/entities.ftm.json": "ftm",
    "ofac/sdn_csv_2021-07-07_consistent_set/sdn.csv": "ofac-csv",
}
XML_FILES = [rel for rel, fmt in READ_WITH_LIMITS.items() if fmt.endswith("xml")]
TEXT_FILES = [rel for rel, fmt in READ_WITH_LIMITS.items() if not fmt.endswith("xml")]


def _read(path: Path, fmt: str, limits: ListLimits) -> ListData:
    if fmt == "ofac-csv":
        return ofac_csv.read({"primary": path}, source="ofac-sdn", limits=limits)
    reader = detect.SINGLE_READERS[fmt]
    return reader(path, limits=limits)  # type: ignore[call-arg]


@pytest.mark.parametrize("rel", list(READ_WITH_LIMITS))
def test_file_size_limit(lists_dir: Path, rel: str) -> None:
    path = lists_dir / rel
    size = path.stat().st_size
    with pytest.raises(ListFormatError) as info:
        _read(path, READ_WITH_LIMITS[rel], ListLimits(max_file_bytes=size - 1))
    assert info.value.path == str(path)
    assert f"file is {size:,} bytes (limit {size - 1:,}" in str(info.value)
    assert _read(path, READ_WITH_LIMITS[rel], ListLimits(max_file_bytes=size)).entities


@pytest.mark.parametrize("rel", list(READ_WITH_LIMITS))
def test_records_limit(lists_dir: Path, rel: str) -> None:
    path = lists_dir / rel
    with pytest.raises(ListFormatError) as info:
        _read(path, READ_WITH_LIMITS[rel], ListLimits(max_records=5))
    assert info.value.path == str(path)
    assert "more than 5 " in str(info.value) and "(limit 5:" in str(info.value)
    assert info.value.line is not None and info.value.line > 1


@pytest.mark.parametrize("rel", XML_FILES)
def test_xml_record_limits(lists_dir: Path, rel: str) -> None:
    path, fmt = lists_dir / rel, READ_WITH_LIMITS[rel]
    cases = {
        ListLimits(max_record_bytes=2000): "bytes of XML after line",
        ListLimits(max_elements_per_record=3): "elements (limit 3:",
        ListLimits(max_value_chars=5): "characters (limit 5:",
    }
    for limits, message in cases.items():
        with pytest.raises(ListFormatError) as info:
            _read(path, fmt, limits)
        assert info.value.path == str(path)
        assert message in str(info.value), limits
        assert info.value.line is not None


@pytest.mark.parametrize("rel", TEXT_FILES)
def test_line_limit(lists_dir: Path, rel: str) -> None:
    path = lists_dir / rel
    # a line's length without its \n (a \r counts)
    longest = max(len(line) for line in path.read_bytes().split(b"\n"))
    with pytest.raises(ListFormatError) as info:
        _read(path, READ_WITH_LIMITS[rel], ListLimits(max_line_bytes=longest - 1))
    assert "line is too long" in str(info.value)
    assert info.value.path == str(path) and info.value.line is not None
    assert _read(path, READ_WITH_LIMITS[rel], ListLimits(max_line_bytes=longest)).entities


def test_real_files_read_within_the_default_limits(lists_dir: Path) -> None:
    result = detect.read_paths([lists_dir], allow_truncated=True)
    assert len(result.lists) >= len(READ_WITH_LIMITS) - 1
