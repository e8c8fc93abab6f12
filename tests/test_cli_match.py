"""The `caspian match` contract, on real lists, with bad lines that never stop a batch."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from caspian.cli import main

UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
SDN = "ofac/sdn_csv_2024-05-03/sdn.csv"


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def _write(path: Path, lines: list[object]) -> Path:
    path.write_bytes(
        b"\n".join(line if isinstance(line, bytes) else orjson.dumps(line) for line in lines)
    )
    return path


def test_batch_contract_with_bad_lines(tmp_path: Path, lists_dir: Path) -> None:
    queries = _write(
        tmp_path / "q.jsonl",
        [
            {
                "id": "q1",
                "schema": "Organization",
                "properties": {"name": ["Ghods Aviation Industry Co"], "country": ["ir"]},
            },
            b"{not json",
            {"id": "q3", "schema": "Spaceship", "properties": {"name": ["Qods"]}},
            {"id": "q4", "schema": "Person", "properties": {"name": [""]}},
            {"id": "q5", "schema": "Person", "properties": {"name": ["X"]}},
            {"id": "q6", "schema": "Person", "properties": {"name": ["A" * 10_000]}},
            {"id": "q7", "schema": "Company", "properties": {"name": ["Kimia\x00 Part\x07 Sivan"]}},
            {"id": "q8", "schema": "Company", "properties": {"name": ["Kimia Part Сиван LLC"]}},
            {"id": "q9", "schema": "Company", "properties": {"name": "Siemens AG"}},
            {"id": "q10", "properties": {"name": [3]}},
        ],
    )
    out = tmp_path / "r.jsonl"
    code, output = _run(
        tmp_path, "match", "--dataset", str(lists_dir / SDN), "--dataset", str(lists_dir / UN),
        "--input", str(queries), "--output", str(out), "--limit", "3",
    )  # fmt: skip
    assert code == 1, output  # matches to review, and lines that could not be used
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(lines) == 10  # one line per input line, in order
    by_id = {line["id"]: line for line in lines if line["id"]}
    first = by_id["q1"]["results"][0]
    assert set(first) >= {"id", "score", "match", "name", "features", "explanation"}
    assert (first["id"], first["match"], first["name"]) == (
        "ofac-sdn-16418",
        True,
        "QODS AVIATION INDUSTRIES",
    )
    assert 0 <= first["score"] <= 1 and len(by_id["q1"]["results"]) <= 3
    assert lines[1] == {"id": None, "line": 2, "error": lines[1]["error"]}
    assert "line 2: invalid JSON" in lines[1]["error"]
    assert "unknown schema 'Spaceship'" in by_id["q3"]["error"]
    assert "no name to screen" in by_id["q4"]["error"]
    assert "fewer than 2 letters" in by_id["q5"]["error"]
    assert "10,000 characters" in by_id["q6"]["error"]
    assert by_id["q7"]["results"][0]["id"] == "ofac-sdn-33575"  # control characters dropped
    assert by_id["q8"]["results"][0]["id"] == "ofac-sdn-33575"  # mixed scripts
    assert not any(r["match"] for r in by_id["q9"]["results"])
    assert "properties.name" in lines[9]["error"]
    assert "5 with errors" in output or "6 with errors" in output
    assert all(line.get("lists") for line in lines if "results" in line)


def test_batch_uses_both_cores_and_keeps_order(tmp_path: Path, lists_dir: Path) -> None:
    names = ["QODS AVIATION INDUSTRIES", "Nordic Precision Components GmbH"] * 400
    queries = _write(
        tmp_path / "q.jsonl",
        [{"id": f"q{i}", "schema": "Organization", "properties": {"name": [n]}}
         for i, n in enumerate(names)],
    )  # fmt: skip
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "match", "--dataset", str(lists_dir / SDN), "--input",
                        str(queries), "--output", str(out), "--workers", "2")  # fmt: skip
    assert code == 1, output  # 400 matches to review
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [line["id"] for line in lines] == [f"q{i}" for i in range(800)]
    assert all(bool(line["results"]) and line["results"][0]["match"] for line in lines[::2])


def test_single_name_prints_a_table_with_explanation(tmp_path: Path, lists_dir: Path) -> None:
    datasets = ["--dataset", str(lists_dir / UN), "--dataset", str(lists_dir / SDN)]
    code, output = _run(
        tmp_path, "match", "HOSSEINI, Seyed Mohamad", "--schema", "Person", *datasets
    )
    assert code == 0, output
    assert "score" in output and "listed name" in output
    assert '"HOSSEINI, Seyed Mohamad" vs' in output


def test_default_store_is_the_bundled_snapshot(tmp_path: Path) -> None:
    code, output = _run(tmp_path, "match", "Ghods Aviation Industry", "--schema", "Organization")
    assert code == 0, output
    assert "caspian-qods-aviation-industries" in output and "MATCH" in output
    assert "bundled snapshot" in output


def test_missing_arguments_are_clear(tmp_path: Path) -> None:
    code, output = _run(tmp_path, "match")
    assert code == 2 and "either NAME or --input" in output
    code, output = _run(tmp_path, "match", "--input", __file__)
    assert code == 2 and "--output" in output


def test_a_schema_of_the_wrong_type_is_an_error_line(tmp_path: Path) -> None:
    """Found by fuzzing: a list as schema crashed the batch (unhashable); every JSON type
    where a string belongs is an error naming the field."""
    wrong = ["[b]Person[/b]", [], ["Person"], {"a": 1}, 5, 1.5, True, None]
    name = {"name": ["Qods Aviation"]}
    queries = _write(
        tmp_path / "q.jsonl",
        [{"id": f"q{i}", "schema": schema, "properties": name} for i, schema in enumerate(wrong)]
        + [{"id": "ok", "schema": "Organization", "properties": name}],
    )
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "match", "--input", str(queries), "--output", str(out))
    assert code == 1, output  # lines that could not be used
    printed = " ".join(output.split())
    assert "unknown schema a list" in printed  # a value's type, not a copy of it
    assert "unknown schema '[b]Person[/b]'" in printed, output  # printed as written
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [x["id"] for x in lines] == [f"q{i}" for i in range(len(wrong))] + ["ok"]
    for number, line in enumerate(lines[:-1], start=1):
        assert line["error"].startswith(f"line {number}: field 'schema': unknown schema"), line
    assert lines[-1]["results"][0]["match"]
