"""`caspian compare`: one pair, or a file of pairs, scored as `caspian match` scores them."""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from caspian.lists.detect import read_paths
from caspian.match.compare import Comparer, name_pair
from caspian.match.config import default_config
from tests.test_cli_match import _run, _write

UN = "un/consolidated_xml_2026-02-27/consolidated.xml"


def _pair(pair_id: str, schema: str, query: str, listed: str) -> dict[str, object]:
    return {
        "id": pair_id,
        "query": {"schema": schema, "properties": {"name": [query]}},
        "candidate": {"schema": schema, "properties": {"name": [listed]}},
    }


def test_two_names_print_score_and_explanation(tmp_path: Path) -> None:
    code, output = _run(tmp_path, "compare", "Ghods Aviation Industry Co",
                        "QODS AVIATION INDUSTRIES", "--schema", "Organization")  # fmt: skip
    assert code == 0, output
    first, explanation = output.strip().splitlines()[:2]
    score, verdict = first.split(" ", 1)
    assert float(score) >= 0.72 and verdict == "MATCH"
    assert "ghods=qods" in explanation and "QODS AVIATION INDUSTRIES" in explanation
    code, output = _run(tmp_path, "compare", "Nordic Precision Components GmbH",
                        "QODS AVIATION INDUSTRIES", "--schema", "Organization")  # fmt: skip
    assert code == 0, output
    assert output.split()[1] == "no"
    assert float(output.split()[0]) < 0.72


def test_compare_needs_two_names_or_a_file(tmp_path: Path) -> None:
    code, output = _run(tmp_path, "compare", "Only One Name")
    assert code == 2 and "LISTED_NAME" in output
    code, output = _run(tmp_path, "compare", "A B", "X", "--schema", "Person")
    assert code == 2 and "fewer than 2 letters" in output
    code, output = _run(tmp_path, "compare", "Ali Hassan", "Ali Hasan", "--schema", "Spaceship")
    assert code == 2 and "unknown schema" in output


def test_batch_contract_in_input_order_with_error_lines(tmp_path: Path) -> None:
    pairs = _write(tmp_path / "pairs.jsonl", [
        _pair("p1", "Organization", "Ghods Aviation Industry Co", "QODS AVIATION INDUSTRIES"),
        b"{not json",
        {"id": "p3", "query": {"schema": "Person", "properties": {"name": ["Ali Hassan"]}}},
        _pair("p4", "Spaceship", "Ali Hassan", "Ali Hasan"),
        {"id": "p5", "query": {"schema": "Person", "properties": {"name": ["Ali Hassan"]}},
         "candidate": {"schema": "Person", "properties": {"name": [""]}}},
        b"",
        _pair("p7", "Person", "Olaf Scholze", "Olaf Scholz"),
        {"id": {"nested": 1}, **{k: v for k, v in _pair("x", "Person", "A Bc", "A Bc").items()
                                  if k != "id"}},
        [1, 2],
        _pair("p10", "Company", "Nordic Precision Components GmbH", "Siemens AG"),
        {"query": {"schema": "Person", "properties": {"name": ["Olaf Scholz"]}},
         "candidate": {"schema": "Person", "properties": {"name": ["Olaf Scholz"]}}},
    ])  # fmt: skip
    out = tmp_path / "out.jsonl"
    code, output = _run(tmp_path, "compare", "--input", str(pairs), "--output", str(out))
    assert code == 1, output  # pairs matched, and lines that could not be used
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(lines) == 10  # one per non-blank input line, in input order
    assert [line.get("id") for line in lines] == [
        "p1", None, "p3", "p4", "p5", "p7", None, None, "p10", "line-11",
    ]  # fmt: skip
    ok = lines[0]
    assert set(ok) == {"id", "score", "match", "explanation", "features"}
    assert ok["match"] is True and ok["score"] >= 0.72 and ok["features"]["name"] > 0
    assert "line 2: invalid JSON" in lines[1]["error"]
    assert "field 'candidate'" in lines[2]["error"]
    assert "field 'query.schema'" in lines[3]["error"]
    assert "field 'candidate.properties.name'" in lines[4]["error"]
    assert lines[5]["match"] is True and "typo" in lines[5]["explanation"]
    assert "field 'id'" in lines[6]["error"]
    assert "JSON object" in lines[7]["error"]
    assert lines[8]["match"] is False
    assert lines[9]["score"] == 1.0
    assert "3 matched, 6 with errors" in output


def test_batch_without_match_or_error_exits_0(tmp_path: Path) -> None:
    pairs = _write(tmp_path / "pairs.jsonl", [
        _pair("a", "Company", "Nordic Precision Components GmbH", "Siemens AG"),
        _pair("b", "Person", "Ivan Petrov", "Wang Wei"),
    ])  # fmt: skip
    out = tmp_path / "out.jsonl"
    code, output = _run(tmp_path, "compare", "--input", str(pairs), "--output", str(out))
    assert code == 0, output
    assert [orjson.loads(line)["match"] for line in out.read_bytes().splitlines()] == [
        False, False,
    ]  # fmt: skip
    code, output = _run(tmp_path, "compare", "--input", str(pairs), "--output", str(pairs))
    assert code == 2  # an output that would overwrite its input


def _typo(name: str, rng: random.Random) -> str:
    words = name.split()
    k = rng.randrange(len(words))
    word = words[k]
    if len(word) >= 4:
        i = rng.randrange(1, len(word))
        words[k] = word[:i] + word[i + 1 :]
    return " ".join(words)


def test_compare_and_match_agree_on_every_pair(tmp_path: Path, lists_dir: Path) -> None:
    """The same query against the same listed entity: the score `match` gives it among
    its results is the score `compare` gives the pair (both weigh words by the store's
    table, not by the index or the pair), for every candidate `match` scores in full."""
    entities = read_paths([lists_dir / UN]).lists[0].entities
    by_id = {e.id: e for e in entities}
    rng = random.Random(11)
    sample = rng.sample([e for e in entities if e.schema in ("Person", "Organization")], 60)
    queries = []
    for n, entity in enumerate(sample):
        name = _typo(entity.caption, rng) if n % 2 else entity.caption
        props: dict[str, list[str]] = {"name": [name]}
        if entity.get("birthDate") and n % 3 == 0:
            props["birthDate"] = entity.get("birthDate")[:1]
        queries.append({"id": f"q{n}", "schema": entity.schema, "properties": props})
    qfile = _write(tmp_path / "q.jsonl", queries)
    results = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "match", "--dataset", str(lists_dir / UN), "--input",
                        str(qfile), "--output", str(results), "--limit", "3")  # fmt: skip
    assert code in (0, 1), output
    pairs, expected = [], []
    for query, line in zip(queries, results.read_bytes().splitlines(), strict=True):
        for result in orjson.loads(line)["results"]:
            entity = by_id[result["id"]]
            pairs.append({"id": f"{query['id']}/{entity.id}",
                          "query": {"schema": query["schema"], "properties": query["properties"]},
                          "candidate": {"schema": entity.schema,
                                        "properties": entity.properties}})  # fmt: skip
            expected.append((result["score"], result["match"], result["features"]))
    assert len(pairs) > 100
    pfile = _write(tmp_path / "pairs.jsonl", pairs)
    out = tmp_path / "out.jsonl"
    code, output = _run(tmp_path, "compare", "--input", str(pfile), "--output", str(out))
    assert code in (0, 1), output
    got = [(g["score"], g["match"], g["features"]) for g in
           (orjson.loads(line) for line in out.read_bytes().splitlines())]  # fmt: skip
    # `match` compares every name of the entities it brings closest (name score from
    # `retrieval.other_names_from`); below that it ranks by the names retrieval found,
    # so a weak candidate may score lower there than its best name does here.
    floor = default_config().retrieval.other_names_from
    close = [(g, e) for g, e in zip(got, expected, strict=True) if e[2]["name"] >= floor]
    assert len(close) > 60
    assert [g for g, _e in close] == [e for _g, e in close]
    assert all(g[0] >= e[0] for g, e in zip(got, expected, strict=True))


def test_core_uses_the_word_table_of_the_lists_not_the_pair() -> None:
    """A pair of common trade words scores as those words weigh on the lists: with the
    packaged table the same as `Matcher.score` on a one-entity index."""
    from caspian.match import Matcher

    query, candidate = name_pair("Golden Star Trading Company", "Golden Star Trading LLC",
                                 "Company")  # fmt: skip
    comparison = Comparer().compare(query, candidate)
    alone = Matcher([candidate]).score(query, candidate)
    assert comparison.score == alone.score and comparison.explanation == alone.explanation
    assert Comparer(threshold=0.99).compare(query, candidate).match is (alone.score >= 0.99)
