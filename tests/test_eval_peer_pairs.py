"""bench/eval_peer_pairs.py on pairs written here (the peer pairs themselves are held out:
tests never read them)."""

from __future__ import annotations

from pathlib import Path

import orjson

from bench import eval_peer_pairs as pp
from caspian.match.compare import Comparer


def _pairs(tmp_path: Path, rows: list[dict[str, object]]) -> list[pp.Pair]:
    path = tmp_path / "pairs.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    return pp.read_pairs(path)


ROWS: list[dict[str, object]] = [
    {"id": "t1", "a": "Qods Aviation Industries", "b": "GHODS AVIATION INDUSTRY CO",
     "schema": "Organization", "expected": True, "source": "x/one:a.csv", "category": "c1",
     "quality": "STRONG"},
    {"id": "t2", "a": "Nordic Precision Components GmbH", "b": "Qods Aviation Industries",
     "schema": "Company", "expected": False, "source": "x/one:a.csv", "category": "c1"},
    {"id": "t3", "a": "Ivan Petrov", "b": "Ivan Petrov", "schema": "Person", "expected": True,
     "source": "y/two:b.go", "category": "structured", "a_joined": True,
     "a_props": {"firstName": "Ivan", "lastName": "Petrov"}, "b_props": {"name": ["Ivan Petrov"]}},
    {"id": "t4", "a": "Ivan Petrov", "b": "Ivan Petrov", "schema": "Person", "expected": True,
     "source": "y/two:b.go", "category": "dob", "a_props": {"birthDate": "1970"},
     "b_props": {"birthDate": ["1970-01-02"]}},
]  # fmt: skip


def test_sides_keep_names_unless_they_only_show_parts_joined(tmp_path: Path) -> None:
    pairs = {p.id: p for p in _pairs(tmp_path, ROWS)}
    assert pairs["t1"].query == {"name": ["Qods Aviation Industries"]}
    assert pairs["t3"].query == {"firstName": ["Ivan"], "lastName": ["Petrov"]}  # parts only
    assert pairs["t3"].candidate == {"name": ["Ivan Petrov"]}
    assert pairs["t4"].query == {"name": ["Ivan Petrov"], "birthDate": ["1970"]}
    assert pairs["t2"].quality == "no tier" and pairs["t1"].repo == "x/one"


def test_figures_count_refusals_as_disagreements(tmp_path: Path) -> None:
    pairs = _pairs(tmp_path, ROWS)
    pp.score_caspian(pairs, Comparer())
    by_id = {p.id: p.scores["caspian"] for p in pairs}
    assert by_id["t1"]["match"] and not by_id["t2"]["match"]
    refused = [p.id for p in pairs if "refused" in p.scores["caspian"]]
    summary = pp.summarise(pairs, ["caspian"])
    overall = summary["overall"]["caspian"]
    assert overall["refused"] == len(refused)
    agreed = sum(by_id[i]["match"] == e for i, e in (("t1", True), ("t2", False), ("t3", True),
                                                     ("t4", True)) if i not in refused)  # fmt: skip
    assert overall["agreed"] == agreed
    assert overall["fp_rate"] == 0.0
    assert set(summary["source"]) == {"x/one", "y/two"}
    assert summary["quality"]["STRONG"]["n"] == 1
    assert "STRONG" not in {p.quality for p in pairs if p.id != "t1"}
