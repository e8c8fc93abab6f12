"""Fuzzing the JSON-lines readers of `caspian screen` and `caspian match --input`.

Real lines (the example orders; queries in the yente `/match` shape built from the
names, birth dates and nationalities of the UN list) are mutated in their structure
and their bytes (see `jsonl_mutations`). The only outcomes allowed: a result, or an
error object naming the line (and the field, when one is at fault); exactly one output
line per non-blank input line; no traceback, no internal error.

The per-line functions take a few hundred cases each (fixed seed); a few whole files
go through the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from caspian import examples
from caspian.cli import main
from caspian.jsonl_contract import RecordFn, matching_function
from caspian.lists.bundled import bundled_list
from caspian.lists.detect import read_paths
from caspian.rules import default_policy
from caspian.screen import screening_function
from tests.jsonl_mutations import BOM, ORDER_KEYS, QUERY_KEYS, mutated_line

UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
LINE_CASES = 500  # per contract
FILE_CASES = 4  # whole files per command, 20 to 40 lines each
QUERY_PROPS = ("name", "alias", "birthDate", "nationality", "country", "passportNumber")
DECISIONS = {"CLEAR", "REVIEW", "BLOCK"}
FUZZ = settings(max_examples=LINE_CASES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example,
                                       HealthCheck.function_scoped_fixture])  # fmt: skip

ORDERS = [orjson.loads(x) for x in examples.path("orders.jsonl").read_bytes().splitlines()]


def _un_entities(lists_dir: Path) -> list[Any]:
    return [e for data in read_paths([lists_dir / UN]).lists for e in data.entities]


def _queries(lists_dir: Path) -> list[dict[str, Any]]:
    """yente `/match` queries from real listed entities."""
    queries = []
    for entity in _un_entities(lists_dir)[::25][:40]:
        props = {p: entity.get(p)[:2] for p in QUERY_PROPS if entity.get(p)}
        queries.append({"id": f"q-{entity.id}", "schema": entity.schema, "properties": props})
    return queries


@pytest.fixture(scope="module")
def un_entities(lists_dir: Path) -> list[Any]:
    return _un_entities(lists_dir)


@pytest.fixture(scope="module")
def queries(lists_dir: Path) -> list[dict[str, Any]]:
    return _queries(lists_dir)


@pytest.fixture(scope="module")
def screen_fn(un_entities: list[Any]) -> RecordFn:
    entities = bundled_list().entities + un_entities
    return screening_function(entities, policy=default_policy(), lists=[])


@pytest.fixture(scope="module")
def match_fn(un_entities: list[Any]) -> RecordFn:
    return matching_function(un_entities, limit=5, threshold=None, lists=["un-sc@test"])


def check_error(result: dict[str, Any], number: int) -> None:
    """An error object names its line, says why, and names the field where one is at fault."""
    assert set(result) == {"id", "line", "error"}, result
    assert result["line"] == number
    message = result["error"]
    assert isinstance(message, str) and message.startswith(f"line {number}: "), message
    assert "internal error" not in message, message
    assert result["id"] is None or isinstance(result["id"], str | int)
    assert any(why in message for why in ("invalid JSON", "field '", "must be a JSON object",
                                          "bytes on one line")), message  # fmt: skip


def _outcome(result: dict[str, Any]) -> str:
    """For `--hypothesis-show-statistics`: how often each outcome came up."""
    error = result.get("error")
    if not error:
        return str(result.get("decision", "results"))
    return "error: " + str(error).split(": ", 2)[1][:24]


def check_screened(result: dict[str, Any], number: int) -> None:
    orjson.dumps(result)  # what the batch writes must serialise
    if "error" in result:
        check_error(result, number)
        return
    assert result["decision"] in DECISIONS, result
    assert isinstance(result["id"], str) and result["id"]
    assert 0 <= result["risk"] <= 100
    for reason in result["reasons"]:
        if reason["kind"] == "input":
            # Each unreadable field is named: "parties[0].country: ...".
            assert all(": " in e and not e.startswith(":") for e in reason["evidence"]), reason


def check_matched(result: dict[str, Any], number: int) -> None:
    orjson.dumps(result)
    if "error" in result:
        check_error(result, number)
        return
    assert set(result) >= {"id", "results", "lists"} and isinstance(result["id"], str)
    for found in result["results"]:
        assert 0 <= found["score"] <= 1 and isinstance(found["id"], str)


@FUZZ
@given(st.data())
def test_screen_line_on_mutated_orders(screen_fn: RecordFn, data: st.DataObject) -> None:
    line = data.draw(mutated_line(ORDERS, ORDER_KEYS))
    number = data.draw(st.integers(1, 10**7))
    result = screen_fn(number, line)
    event(_outcome(result))
    check_screened(result, number)


@FUZZ
@given(st.data())
def test_match_line_on_mutated_queries(
    match_fn: RecordFn, queries: list[dict[str, Any]], data: st.DataObject
) -> None:
    line = data.draw(mutated_line(queries, QUERY_KEYS))
    number = data.draw(st.integers(1, 10**7))
    result = match_fn(number, line)
    event(_outcome(result))
    check_matched(result, number)


# -- whole files through the commands --------------------------------------------------


def _mutated_file(data: st.DataObject, seeds: list[Any], keys: list[str]) -> bytes:
    lines = data.draw(st.lists(mutated_line(seeds, keys), min_size=20, max_size=40))
    blanks = data.draw(st.lists(st.sampled_from([b"", b"  ", b"\r", b"\t \r", BOM]),
                                max_size=4))  # fmt: skip
    for i, blank in enumerate(blanks):
        lines.insert((i * 7) % (len(lines) + 1), blank)
    # A line never holds a newline of its own: mutations may have put one in.
    text = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    return (BOM if data.draw(st.booleans()) else b"") + text + b"\n" * data.draw(st.integers(0, 2))


def _non_blank(text: bytes) -> list[int]:
    """Numbers of the lines that owe a result: any byte but spaces and a byte order mark."""
    return [
        number
        for number, line in enumerate(text.split(b"\n"), start=1)
        if line.removeprefix(BOM).strip(b" \t\r\n\x0b\x0c")
    ]


def _run_file(tmp_path: Path, args: list[str], out: Path, text: bytes) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    numbers = _non_blank(text)
    assert len(lines) == len(numbers)  # one output line per non-blank input line
    for number, line in zip(numbers, lines, strict=True):
        if "error" in line:
            check_error(line, number)
    return lines


@settings(FUZZ, max_examples=FILE_CASES)
@given(st.data())
def test_screen_command_on_mutated_files(tmp_path: Path, data: st.DataObject) -> None:
    text = _mutated_file(data, ORDERS, ORDER_KEYS)
    source, out = tmp_path / "orders.jsonl", tmp_path / "results.jsonl"
    source.write_bytes(text)
    lines = _run_file(tmp_path, ["screen", str(source), "--output", str(out)], out, text)
    for number, line in zip(_non_blank(text), lines, strict=True):
        check_screened(line, number)


@settings(FUZZ, max_examples=FILE_CASES)
@given(st.data())
def test_match_command_on_mutated_files(
    tmp_path: Path, lists_dir: Path, queries: list[dict[str, Any]], data: st.DataObject
) -> None:
    text = _mutated_file(data, queries, QUERY_KEYS)
    source, out = tmp_path / "queries.jsonl", tmp_path / "results.jsonl"
    source.write_bytes(text)
    args = ["match", "--dataset", str(lists_dir / UN), "--input", str(source), "--output",
            str(out)]  # fmt: skip
    for number, line in zip(_non_blank(text), _run_file(tmp_path, args, out, text), strict=True):
        check_matched(line, number)
