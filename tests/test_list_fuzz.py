"""Fuzzing every list reader with mutated real files (hypothesis).

Each file of ../shared/data/lists (its first records, so that each case is fast) is
mutated: bytes flipped, cut short, lines and records inserted, deleted and duplicated,
quotes, delimiters, NULs, BOMs and invalid UTF-8 put in, required fields removed, the
root or namespace changed, numbers made huge, the whole file re-encoded. Each mutant is
read through detection (`read_paths`) and through its format's own reader. The only
outcomes allowed are a result or a clean `ListFormatError` that names the file (and a
line inside it, when it gives one): any other exception fails the test.

Every file in the shared folder is picked up, so a file added there (and the reader for
it) is fuzzed without a change here. Cases: `EXAMPLES` per file, derandomized (the same
cases on every run); the count goes into the README's reliability section.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from caspian.lists import detect
from caspian.lists.base import ListFormatError
from tests.conftest import LISTS
from tests.list_samples import Sample, first_xml_records, list_files, make_sample, sample_bytes

# Cases per file; each reads the mutant twice (detection, own reader). A deeper hunt:
# CASPIAN_FUZZ_EXAMPLES=2000 CASPIAN_FUZZ_SEED=1 pytest tests/test_list_fuzz.py
EXAMPLES = int(os.environ.get("CASPIAN_FUZZ_EXAMPLES", "200"))
SEED = os.environ.get("CASPIAN_FUZZ_SEED")
KEEP = 3  # records kept of each section (XML) or tens of lines (text)

FILES = list_files(LISTS) if LISTS.is_dir() else []
IDS = [str(p.relative_to(LISTS)) for p in FILES]

TOKENS = [
    b'"',
    b'""',
    b",",
    b"\t",
    b";",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # a UTF-16 surrogate, invalid in UTF-8
    b"\x1a",
    b"\r",
    b"\n",
    b"\r\n",
    b"-0- ",
    b"<",
    b">",
    b"</",
    b"&",
    b"&amp;",
    b"&e;",
    b"&#0;",
    b"&#x110000;",
    b"<![CDATA[x]]>",
    b"<!-- c -->",
    b"<?pi x?>",
    b"<!DOCTYPE x>",
    b'xmlns="urn:other"',
    b"{",
    b"}",
    b"[",
    b"]",
    b"null",
    b'"id":',
    b"\\",
    b"\\u0000",
    b"9" * 40,
    b"-1",
    b"1e999",
    b"NaN",
    b"02/31/1960",
    b"1960-13-45",
    b"\xe2\x80\x8f",  # right-to-left mark
    "²³".encode(),  # digits to isdigit(), not to int()
    "١٩٦٠".encode(),  # Arabic-Indic digits
    "½".encode(),
    "İ".encode(),  # Turkish dotted capital I: matches "i" ignoring case, casefolds to two
    "\u212a".encode(),  # Kelvin sign, "k" ignoring case
    "ß".encode(),
]
ROOT_NAMES = ["sdnList", "Sanctions", "sanctionsData", "CONSOLIDATED_LIST", "x", "a:b"]

KINDS = [
    "flip",
    "truncate",
    "insert",
    "insert_line",
    "delete_line",
    "duplicate_line",
    "duplicate_record",
    "remove_element",
    "delete_range",
    "huge_number",
    "rename_root",
    "change_namespace",
    "encode",
    "bom",
    "replace_value",
    "replace_value",
]
# (kind, where in the file as a fraction, a second fraction, bytes to put in)
Mutation = tuple[str, float, float, bytes]
mutation = st.tuples(
    st.sampled_from(KINDS),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.one_of(st.sampled_from(TOKENS), st.binary(max_size=12)),
)


def random_mutations(seed: int) -> list[Mutation]:
    """1 to 4 mutations drawn uniformly from a seed: hypothesis favours the ends of its
    ranges, which finds edge cases; uniform draws reach the middle of a file too."""
    rnd = random.Random(seed)
    out: list[Mutation] = []
    for _ in range(rnd.randint(1, 4)):
        if rnd.random() < 0.7:
            token = rnd.choice(TOKENS)
        else:
            token = bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 12)))
        out.append((rnd.choice(KINDS), rnd.random(), rnd.random(), token))
    return out


mutations_strategy = st.one_of(
    st.lists(mutation, min_size=1, max_size=4),
    st.integers(min_value=0, max_value=2**32).map(random_mutations),
)
_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)[^<>]*>[^<]*</\1>")
_RECORD = re.compile(rb"<([A-Za-z_][\w.:-]*)[^<>]*>.*?</\1>", re.S)
_DIGITS = re.compile(rb"\d+")
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_VALUE = re.compile(rb'>([^<>\n]+)</|="([^"]*)"|"([^"\n]*)"(?=[,\t\r\n])')


def _at(data: bytes, fraction: float) -> int:
    return min(len(data), int(fraction * len(data)))


def _line_bounds(data: bytes, pos: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    return start, len(data) if end < 0 else end + 1


def _near(pattern: re.Pattern[bytes], data: bytes, pos: int) -> re.Match[bytes] | None:
    return pattern.search(data, pos) or pattern.search(data)


def mutate(data: bytes, m: Mutation) -> bytes:
    kind, a, b, token = m
    pos = _at(data, a)
    if kind == "flip" and data:
        i = min(pos, len(data) - 1)
        return data[:i] + bytes([data[i] ^ (1 << int(b * 7.99))]) + data[i + 1 :]
    if kind == "truncate":
        return data[:pos]
    if kind == "insert":
        return data[:pos] + token + data[pos:]
    if kind == "insert_line":
        start, _ = _line_bounds(data, pos)
        return data[:start] + token + b"\n" + data[start:]
    if kind == "delete_line":
        start, end = _line_bounds(data, pos)
        return data[:start] + data[end:]
    if kind == "duplicate_line":
        start, end = _line_bounds(data, pos)
        return data[:end] + data[start:end] * (1 + int(b * 3)) + data[end:]
    if kind == "duplicate_record":
        found = _near(_RECORD, data, pos)
        if found is None:
            start, end = _line_bounds(data, pos)
            return data[:end] + data[start:end] + data[end:]
        return data[: found.end()] + found.group(0) + data[found.end() :]
    if kind == "remove_element":
        found = _near(_ELEMENT, data, pos)
        if found is None:  # text: empty one cell
            start, end = _line_bounds(data, pos)
            cells = data[start:end].split(b",")
            cells[int(b * (len(cells) - 1))] = b""
            return data[:start] + b",".join(cells) + data[end:]
        return data[: found.start()] + data[found.end() :]
    if kind == "delete_range":
        return data[:pos] + data[_at(data, min(1.0, a + b / 10)) :]
    if kind == "huge_number":
        found = _near(_DIGITS, data, pos)
        if found is None:
            return data
        big = b"9" * (20 + int(b * 400))
        return data[: found.start()] + big + data[found.end() :]
    if kind == "rename_root":
        found = _ROOT.search(data.lstrip(b"\xef\xbb\xbf"))
        if found is None or found.group(1).startswith((b"?", b"!")):
            return data
        name = found.group(1)
        new = ROOT_NAMES[int(b * (len(ROOT_NAMES) - 1))].encode()
        return data.replace(b"<" + name, b"<" + new, 1).replace(
            b"</" + name + b">", b"</" + new + b">"
        )
    if kind == "change_namespace":
        if b'xmlns="' in data:
            value = b'xmlns="' + token.replace(b'"', b"") + b'"'
            return re.sub(rb'xmlns="[^"]*"', lambda _m: value, data, count=1)
        return data.replace(b">", b' xmlns="urn:x">', 1)
    if kind == "encode":
        text = data.decode("utf-8", errors="replace")
        codec = ["latin-1", "utf-16", "cp1251", "utf-32"][int(b * 3.99)]
        return text.encode(codec, errors="replace")
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "replace_value":  # a value (XML text or attribute, CSV cell) replaced
        found = _near(_VALUE, data, pos)
        if found is None:
            return data
        group = next(i for i in (1, 2, 3) if found.group(i) is not None)
        start, end = found.span(group)
        value = token if b < 0.5 else data[start:end] + token
        return data[:start] + value + data[end:]
    return data


@dataclass
class FuzzTarget:
    sample: Sample
    pristine: bytes
    files: list[Path]  # every file a read may name
    folder_read: bool  # OFAC CSV sets are read as a folder (the files join)


# Built once per module by the `targets` fixture; read by the fuzz test through this dict
# rather than as an argument, so that a failing case prints only the file and mutations.
TARGETS: dict[Path, FuzzTarget] = {}


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, FuzzTarget]:
    if TARGETS:
        return TARGETS
    root = tmp_path_factory.mktemp("fuzz")
    primaries = [p for p in FILES if detect.sniff(p) == "ofac-csv:primary"]
    out: dict[Path, FuzzTarget] = {}
    for index, original in enumerate(FILES):
        sample = make_sample(original, root / str(index), KEEP)
        folder = bool(sample.fmt and sample.fmt.startswith("ofac-csv:"))
        if (
            folder
            and primaries
            and not any(detect.sniff(p) == "ofac-csv:primary" for p in sample.path.parent.iterdir())
        ):
            # companions published without their primary: joined to another set's, so
            # that they are read at all (their rows are orphans: warnings only)
            (sample.path.parent / "sdn.csv").write_bytes(sample_bytes(primaries[0], KEEP))
        files = sorted(sample.path.parent.iterdir())
        out[original] = FuzzTarget(sample, sample.path.read_bytes(), files, folder)
    TARGETS.update(out)
    return TARGETS


def test_samples_read_cleanly(targets: dict[Path, FuzzTarget]) -> None:
    """The unmutated samples read (where Caspian knows the format): mutants start valid."""
    for original, target in targets.items():
        if target.sample.fmt is None:
            continue
        paths = [target.sample.path.parent] if target.folder_read else [target.sample.path]
        result = detect.read_paths(paths)
        assert result.lists and all(data.entities for data in result.lists), original


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1


def _check_error(err: ListFormatError, target: FuzzTarget) -> None:
    named = Path(err.path)
    assert named in target.files, f"error names {named}, not a file read: {err}"
    assert str(err).startswith(err.path)
    if err.line is not None:
        assert 1 <= err.line <= _lines(named) + 1, f"line {err.line} outside the file: {err}"


def _read_all(target: FuzzTarget) -> None:
    sample = target.sample
    paths = [sample.path.parent] if target.folder_read else [sample.path]
    try:
        detect.read_paths(paths)
    except ListFormatError as err:
        _check_error(err, target)
    try:
        sample.read_own()
    except ListFormatError as err:
        _check_error(err, target)


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=SEED is None,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.mark.usefixtures("targets")
@pytest.mark.parametrize("original", FILES, ids=IDS)
@FUZZ_SETTINGS
@given(mutations=mutations_strategy)
@(seed(int(SEED)) if SEED is not None else (lambda f: f))
def test_mutated_files_read_or_fail_cleanly(original: Path, mutations: list[Mutation]) -> None:
    target = TARGETS[original]
    data = target.pristine
    for m in mutations:
        data = mutate(data, m)
    target.sample.path.write_bytes(data)
    try:
        _read_all(target)
    finally:
        target.sample.path.write_bytes(target.pristine)


# -- crash classes the fuzzing found, each fixed and kept here with new examples -----------

XML_SOURCES = {
    "ofac-xml": "ofac/consolidated_xml_2024-05-06/consolidated.xml",
    "ofac-advanced-xml": "ofac/cons_advanced_xml_2020-03-17/cons_advanced.xml",
    "ofac-enhanced-xml": "ofac/cons_enhanced_xml_2025-01-10/CONS_ENHANCED.XML",
    "un-xml": "un/consolidated_xml_2026-02-27/consolidated.xml",
}


@pytest.mark.parametrize("namespace", ["a{b", "a}b", "{urn:x}", "}", "urn:x{1}"])
@pytest.mark.parametrize("fmt", list(XML_SOURCES))
def test_namespace_with_a_brace_is_refused(
    tmp_path: Path, lists_dir: Path, fmt: str, namespace: str
) -> None:
    """libxml2 takes any text as a namespace URI; lxml cannot name an element in one
    holding a brace (it raised ValueError from deep inside the readers)."""
    data = first_xml_records((lists_dir / XML_SOURCES[fmt]).read_bytes(), 2)
    if b' xmlns="' in data:
        data = re.sub(
            rb' xmlns="[^"]*"', lambda _m: f' xmlns="{namespace}"'.encode(), data, count=1
        )
    else:
        data = re.sub(
            rb"<([A-Za-z_]\w*)",
            lambda m: m.group(0) + f' xmlns="{namespace}"'.encode(),
            data,
            count=1,
        )
    path = tmp_path / Path(XML_SOURCES[fmt]).name
    path.write_bytes(data)
    for read in (detect.SINGLE_READERS[fmt], lambda p: detect.read_paths([p])):
        with pytest.raises(ListFormatError) as info:
            read(path)
        assert info.value.path == str(path)
        assert f"namespace {namespace!r} is not a URI" in str(info.value)
        assert info.value.line is not None


@pytest.mark.parametrize("digits", ["²", "¹⁹⁶⁰", "①", "٣"])
def test_digits_int_refuses_are_not_numbers(tmp_path: Path, digits: str) -> None:
    """str.isdigit() is true for "²" and "①", which int() refuses (ValueError from the
    classic XML's Record_Count and the UN's birth years)."""
    classic = tmp_path / "sdn.xml"
    classic.write_text(
        "<sdnList><publshInformation><Publish_Date>05/06/2024</Publish_Date>"
        f"<Record_Count>{digits}</Record_Count></publshInformation><sdnEntry><uid>1</uid>"
        "<lastName>A</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>",
        encoding="utf-8",
    )
    data = detect.read_paths([classic]).lists[0]
    assert [e.get("name") for e in data.entities] == [["A"]]
    assert not any("Record_Count" in w for w in data.warnings)
    un = tmp_path / "consolidated.xml"
    un.write_text(
        '<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL>'
        "<DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>"
        f"<INDIVIDUAL_DATE_OF_BIRTH><YEAR>{digits}</YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
        f"<INDIVIDUAL_DATE_OF_BIRTH><FROM_YEAR>{digits}</FROM_YEAR><TO_YEAR>1961</TO_YEAR>"
        "</INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DATE_OF_BIRTH><YEAR>1962</YEAR>"
        "</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    [person] = detect.read_paths([un]).lists[0].entities
    assert person.get("birthDate") == ["1962"]
