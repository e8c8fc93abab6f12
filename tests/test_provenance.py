"""Every result says what produced it: engine, policy file and matching configuration."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
from click.testing import CliRunner

from caspian import __version__, data
from caspian.cli import main
from caspian.match.config import default_config

SDN = "ofac/sdn_csv_2024-05-03/sdn.csv"
ORDERS = [
    {"id": "PO-1", "parties": [{"role": "buyer", "name": "Ghods Aviation Industry Co"}]},
    {"id": "PO-2", "parties": [{"role": "buyer", "name": "Bayerische Antriebstechnik AG",
                                "country": "DE"}], "items": [{"hs_code": "8533.21"}]},
]  # fmt: skip


def _run(tmp_path: Path, *args: str) -> int:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code


def _lines(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]


def _sha(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def test_screening_results_cite_engine_policy_red_flags_and_matching(
    tmp_path: Path, lists_dir: Path
) -> None:
    source = tmp_path / "orders.jsonl"
    source.write_bytes(b"\n".join(orjson.dumps(o) for o in ORDERS))
    out = tmp_path / "r.jsonl"
    _run(tmp_path, "screen", str(source), "--output", str(out), "--dataset", str(lists_dir / SDN))
    expected = {
        "engine": f"caspian {__version__}",
        "policy": _sha(data.path("policy.toml").read_bytes()),
        "red_flags": _sha(data.path("red_flags.toml").read_bytes()),
        "matching": default_config().digest,
    }
    results = _lines(out)
    assert [r["provenance"] for r in results] == [expected, expected]
    # a user's policy is cited by its own file's hash, and without red flags none is cited
    policy = tmp_path / "policy.toml"
    text = data.text("policy.toml").replace("red_flags = true", "red_flags = false")
    policy.write_text(text, encoding="utf-8")
    _run(tmp_path, "screen", str(source), "--output", str(out), "--dataset",
         str(lists_dir / SDN), "--policy", str(policy))  # fmt: skip
    (first, _) = _lines(out)
    assert first["provenance"] == {**{k: v for k, v in expected.items() if k != "red_flags"},
                                   "policy": _sha(policy.read_bytes())}  # fmt: skip


def test_match_lines_cite_the_matching_configuration_and_the_threshold(
    tmp_path: Path, lists_dir: Path
) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(orjson.dumps({"id": "q", "properties": {"name": ["Qods Aviation"]}}))
    out = tmp_path / "r.jsonl"
    for args, threshold in (((), default_config().threshold), (("--threshold", "0.9"), 0.9)):
        _run(tmp_path, "match", "--dataset", str(lists_dir / SDN), "--input", str(queries),
             "--output", str(out), *args)  # fmt: skip
        (line,) = _lines(out)
        assert line["provenance"] == {"engine": f"caspian {__version__}", "policy": None,
                                      "matching": default_config().digest,
                                      "threshold": threshold}  # fmt: skip


def test_a_narrowed_policy_says_so(tmp_path: Path, lists_dir: Path) -> None:
    old = lists_dir / "ofac/sdn_csv_2021-07-07_consistent_set"
    _run(tmp_path, "lists", "load", "--published", "2021-07-07", str(old))
    _run(tmp_path, "lists", "load", "--published", "2024-05-03", str(lists_dir / SDN))
    source = tmp_path / "orders.jsonl"
    source.write_bytes(b"\n".join(orjson.dumps(o) for o in ORDERS))
    out = tmp_path / "r.jsonl"
    _run(tmp_path, "screen", str(source), "--output", str(out),
         "--since-lists", "ofac-sdn@2021-07-07")  # fmt: skip
    scopes = {r["provenance"]["policy_scope"] for r in _lines(out)}  # type: ignore[index]
    assert scopes == {"party rules only (--since-lists)"}
