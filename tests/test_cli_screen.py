"""The `caspian screen` contract: JSON lines in, one result line per order, exit codes."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from caspian.cli import main

SDN = "ofac/sdn_csv_2024-05-03/sdn.csv"

CLEAR_ORDER = {"id": "PO-1", "parties": [{"role": "buyer", "name": "Bayerische Antriebstechnik AG",
               "country": "DE"}], "items": [{"description": "resistor", "hs_code": "8533.21"}]}  # fmt: skip
BLOCK_ORDER = {"id": "PO-2", "parties": [{"role": "buyer", "name": "Ghods Aviation Industry Co",
               "country": "AE"}], "items": [{"hs_code": "8542.31"}]}  # fmt: skip
RUSSIA_ORDER = {"id": "PO-3", "parties": [{"role": "consignee", "name": "Tekhnoservis LLC",
                "country": "RU"}], "items": [{"part_number": "STM32F405RGT6"}]}  # fmt: skip


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def _orders(path: Path, lines: list[object]) -> Path:
    path.write_bytes(
        b"\n".join(x if isinstance(x, bytes) else orjson.dumps(x) for x in lines) + b"\n"
    )
    return path


def test_screen_contract_and_broken_lines(tmp_path: Path, lists_dir: Path) -> None:
    source = _orders(tmp_path / "orders.jsonl",
                     [CLEAR_ORDER, b"{broken", BLOCK_ORDER, {"parties": []}, RUSSIA_ORDER])  # fmt: skip
    out = tmp_path / "results.jsonl"
    code, output = _run(tmp_path, "screen", str(source), "--output", str(out),
                        "--dataset", str(lists_dir / SDN))  # fmt: skip
    assert code == 1, output  # something to block or review
    lines = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [x.get("id") for x in lines] == ["PO-1", None, "PO-2", None, "PO-3"]
    assert lines[0]["decision"] == "CLEAR" and lines[0]["risk"] == 0
    assert lines[1]["line"] == 2 and "invalid JSON" in lines[1]["error"]
    assert lines[2]["decision"] == "BLOCK"
    assert lines[2]["parties"][0]["matches"][0]["id"] == "ofac-sdn-16418"
    assert "field 'id' is required" in lines[3]["error"] and lines[3]["line"] == 4
    assert lines[4]["decision"] == "BLOCK"
    assert lines[4]["reasons"][0]["code"] == "ITEM-TO-RUSSIA-BELARUS"
    (version,) = lines[0]["lists"]
    assert version["source"] == "ofac-sdn" and version["version"]
    assert "BLOCK" in output and "errors" in output


def test_all_clear_exits_zero(tmp_path: Path, lists_dir: Path) -> None:
    source = _orders(tmp_path / "orders.jsonl", [CLEAR_ORDER])
    code, output = _run(tmp_path, "screen", str(source), "--output", str(tmp_path / "r.jsonl"),
                        "--dataset", str(lists_dir / SDN))  # fmt: skip
    assert code == 0, output


def test_a_byte_order_mark_does_not_cost_the_first_order(tmp_path: Path, lists_dir: Path) -> None:
    source = _orders(tmp_path / "orders.jsonl", [CLEAR_ORDER, BLOCK_ORDER])
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())  # as Windows tools write it
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "screen", str(source), "--output", str(out),
                        "--dataset", str(lists_dir / SDN))  # fmt: skip
    lines = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [x.get("decision") for x in lines] == ["CLEAR", "BLOCK"], output
    assert code == 1


def test_a_policy_file_replaces_the_default(tmp_path: Path, lists_dir: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[policy]\nname = "strict-review"\nred_flags = false\nreview_threshold = 0.6\n'
        'risk_points = { high = 90, medium = 45, low = 25 }\n\n'
        '[[rule]]\nid = "CHPL-ANYWHERE"\nkind = "item"\ndecision = "REVIEW"\nseverity = "low"\n'
        'description = "Any CHPL item"\nguidance = "house rule"\ncheck = "sensitive_items_in_group"\n'
        'params = { group = "russia_belarus", subjects = ["destination"] }\n'
    )
    source = _orders(tmp_path / "orders.jsonl", [RUSSIA_ORDER, CLEAR_ORDER])
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "screen", str(source), "--output", str(out), "--policy",
                        str(policy), "--dataset", str(lists_dir / SDN))  # fmt: skip
    assert code == 1, output
    first, second = (orjson.loads(x) for x in out.read_bytes().splitlines())
    assert first["decision"] == "REVIEW" and [r["code"] for r in first["reasons"]] == [
        "CHPL-ANYWHERE"
    ]
    assert second["decision"] == "CLEAR"


def test_a_broken_policy_file_is_a_clear_error(tmp_path: Path) -> None:
    policy = tmp_path / "bad.toml"
    policy.write_text('[policy]\nname = "x"\n[[rule]]\nid = "A"\nkind = "item"\ncheck = "nope"\n')
    source = _orders(tmp_path / "orders.jsonl", [CLEAR_ORDER])
    code, output = _run(tmp_path, "screen", str(source), "--output", str(tmp_path / "r.jsonl"),
                        "--policy", str(policy))  # fmt: skip
    assert code == 2
    assert "bad.toml" in output and "rule[1] 'A'.check: unknown check 'nope'" in output


# -- classes of bad lines the fuzzing found (tests/test_fuzz_jsonl.py) -------------------

BAD_FIRST_LINES = [b"\x00\x00\x00", b"\xff\xfe{", b"%PDF-1.7", b"garbage, not JSON", b"[1, 2]",
                   b'{"id": "PO-9", "notes": "\xc3\x28"}', b"\x1f\x8b\x08\x00", b"<html>"]  # fmt: skip


def test_a_bad_line_never_condemns_a_json_lines_file(tmp_path: Path) -> None:
    """Named .jsonl, the file is read line by line whatever its first bytes: a NUL, bytes
    that are not UTF-8, or what looks like another format costs that line only. (Screened
    against the bundled snapshot, where Ghods Aviation is listed too.)"""
    for i, bad in enumerate(BAD_FIRST_LINES):
        source = _orders(tmp_path / f"orders{i}.jsonl", [bad, CLEAR_ORDER, b"\x00", BLOCK_ORDER])
        out = tmp_path / f"r{i}.jsonl"
        code, output = _run(tmp_path, "screen", str(source), "--output", str(out))
        assert code == 1, (bad, output)
        lines = [orjson.loads(x) for x in out.read_bytes().splitlines()]
        assert [x.get("decision") for x in lines] == [None, "CLEAR", None, "BLOCK"], bad
        assert lines[0]["line"] == 1 and lines[2]["line"] == 3
        assert lines[0]["error"].startswith("line 1: ") and lines[2]["error"].startswith("line 3: ")


def test_byte_order_marks_inside_a_joined_file_and_blank_lines(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    # Two files joined with `cat`, each with a byte order mark; blank lines owe nothing.
    source = tmp_path / "joined.jsonl"
    source.write_bytes(bom + orjson.dumps(CLEAR_ORDER) + b"\n\n  \r\n" + bom + b"\n" + bom
                       + orjson.dumps(BLOCK_ORDER) + b"\r\n")  # fmt: skip
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "screen", str(source), "--output", str(out))
    assert code == 1, output
    lines = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [x["decision"] for x in lines] == ["CLEAR", "BLOCK"]
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n \n" + bom + b"\r\n")
    code, output = _run(tmp_path, "screen", str(blank), "--output", str(out))
    assert code == 2 and "no order in it" in output


def test_a_line_too_long_is_refused_alone(tmp_path: Path) -> None:
    from caspian.jsonl_contract import MAX_LINE_BYTES

    huge = orjson.dumps({"id": "PO-BIG", "notes": "x" * MAX_LINE_BYTES})
    source = _orders(tmp_path / "orders.jsonl", [CLEAR_ORDER, huge, BLOCK_ORDER])
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "screen", str(source), "--output", str(out))
    assert code == 1, output
    first, big, last = (orjson.loads(x) for x in out.read_bytes().splitlines())
    assert first["decision"] == "CLEAR" and last["decision"] == "BLOCK"
    assert big["line"] == 2 and f"more than {MAX_LINE_BYTES:,} bytes on one line" in big["error"]


def test_a_party_name_too_long_to_be_a_name_is_not_screened_and_says_so(tmp_path: Path) -> None:
    long_names = ["Ghods Aviation Industry Co " * 40, "Алабуга " * 200, "x" * 100_000]
    orders = [{"id": f"PO-{i}", "parties": [{"role": "buyer", "name": name, "country": "DE"},
                                            {"role": "consignee", "name": "Bayerische Antriebstechnik AG"}]}
              for i, name in enumerate(long_names)]  # fmt: skip
    source = _orders(tmp_path / "orders.jsonl", orders)
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "screen", str(source), "--output", str(out))
    assert code == 1, output
    for line, name in zip(
        map(orjson.loads, out.read_bytes().splitlines()), long_names, strict=True
    ):
        assert line["decision"] == "REVIEW"  # not CLEAR: a party went unscreened
        (reason,) = [r for r in line["reasons"] if r["kind"] == "input"]
        assert reason["evidence"] == [
            f"parties[0].name: name of {len(name.strip()):,} characters; at most 1,000 are screened"
        ]
        assert line["parties"][0]["matches"] == []
