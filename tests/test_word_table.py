"""Word weights come from one table over all official lists, never from what was loaded.

The same query against the same listed entity must score the same in an index of every
list, in an index of that one entity, through `--dataset` with one file and under
`--since-lists`; the store's table follows its active lists.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.lists.active import from_files
from caspian.lists.store import Store
from caspian.lists.word_store import refresh, signature
from caspian.match import Matcher, Query
from caspian.match.word_table import WordTable, packaged_table

SDN_2024 = "ofac/sdn_csv_2024-05-03/sdn.csv"
SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
UN = "un/consolidated_xml_2026-02-27/consolidated.xml"
# (schema, query, listed entity): REVIEW-range, match-range and typo'd names, from
# several lists, so that rarity matters to each score.
CASES = [
    ("Organization", "Ghods Aviation Services", "ofac-sdn-16418"),
    ("Organization", "Shahed Aviation Industries", "ofac-sdn-39637"),
    ("Organization", "Kimia Part Sivan Co", "ofac-sdn-33575"),
    ("Organization", "Iran Aircraft Manufacturing Industries", "ofac-sdn-11195"),
    ("Person", "Fereydoun Abbasi Davani", "un-IRi.001"),
    ("Person", "Haleh Bakhtiyar", "un-IRi.010"),
    ("Organization", "Korea Mining Developmnt Trading Corp", "un-KPe.001"),
]


@pytest.fixture(scope="module")
def full(lists_dir: Path) -> Matcher:
    data = from_files([lists_dir], allow_truncated=True)
    return Matcher(data.entities, words=data.words)


def _score(matcher: Matcher, schema: str, name: str, entity_id: str) -> float:
    results = matcher.match(Query("q", schema, {"name": [name]}), limit=10, threshold=0.5)
    found = [r.score for r in results if r.entity.id == entity_id]
    assert found, f"{entity_id} not found for {name!r}: {[r.entity.id for r in results]}"
    return found[0]


def test_the_packaged_table_is_counted_over_the_shared_lists(lists_dir: Path) -> None:
    data = from_files([lists_dir], allow_truncated=True)
    counted = WordTable.count(data.entities)
    shipped = packaged_table()
    assert (counted.names, counted.keys, counted.skeletons) == (
        shipped.names, shipped.keys, shipped.skeletons
    ), "run scripts/build_word_table.py"  # fmt: skip
    assert len(shipped.built_from) == len(data.versions)


@pytest.mark.parametrize(("schema", "name", "entity_id"), CASES)
def test_a_score_does_not_depend_on_the_index(
    full: Matcher, schema: str, name: str, entity_id: str
) -> None:
    entity = next(e for e in full.entities if e.id == entity_id)
    whole = _score(full, schema, name, entity_id)
    alone = _score(Matcher([entity]), schema, name, entity_id)
    with_one_more = _score(Matcher([entity, full.entities[0]]), schema, name, entity_id)
    assert whole == alone == with_one_more
    assert full.score(Query("q", schema, {"name": [name]}), entity).score == whole


def test_counted_over_few_entities_the_same_query_would_score_otherwise(full: Matcher) -> None:
    """Why the table exists: rarity counted in a small index inflates every word."""
    entity = next(e for e in full.entities if e.id == "ofac-sdn-16418")
    small = WordTable.count([entity, *full.entities[:3]])
    own = Matcher([entity, *full.entities[:3]], words=small)
    assert _score(own, "Organization", "Ghods Aviation Services", entity.id) != _score(
        full, "Organization", "Ghods Aviation Services", entity.id
    )


def _screen(tmp_path: Path, *args: str) -> dict[str, float]:
    source = tmp_path / "orders.jsonl"
    source.write_bytes(b"\n".join(
        orjson.dumps({"id": f"o{i}", "parties": [{"role": "buyer", "name": name}]})
        for i, (_s, name, _e) in enumerate(CASES[:4])
    ))  # fmt: skip
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "screen",
                                       str(source), "--output", str(out), *args])  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    scores = {}
    for line in out.read_bytes().splitlines():
        for match in orjson.loads(line)["parties"][0]["matches"]:
            scores[match["id"]] = match["score"]
    return scores


def test_the_same_score_through_the_store_one_file_and_since_lists(
    tmp_path: Path, lists_dir: Path
) -> None:
    runner = CliRunner()
    data_dir = str(tmp_path / "data")
    for published, path in (("2021-07-07", SDN_2021), ("2024-05-03", SDN_2024)):
        result = runner.invoke(main, ["--data-dir", data_dir, "lists", "load", "--published",
                                      published, str(lists_dir / path)])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "word table:" in result.output
    store_scores = _screen(tmp_path)
    one_file = _screen(tmp_path, "--dataset", str(lists_dir / SDN_2024))
    since = _screen(tmp_path, "--since-lists", "ofac-sdn@2021-07-07")
    # 16418 (Qods) and 11195 (HESA) were listed before 2021; Shahed and Kimia Part Sivan after
    assert {"ofac-sdn-39637", "ofac-sdn-33575"} <= since.keys()
    for entity_id, score in since.items():
        assert store_scores[entity_id] == one_file[entity_id] == score, entity_id
    assert store_scores["ofac-sdn-16418"] == one_file["ofac-sdn-16418"]


def test_the_store_table_follows_the_active_lists(tmp_path: Path, lists_dir: Path) -> None:
    from caspian.lists.detect import read_paths

    with Store(tmp_path) as store:
        assert signature(store) is None and refresh(store) is packaged_table()
        (un,) = read_paths([lists_dir / UN]).lists
        store.add(un, origin="un")
        first = refresh(store)
        assert first.names == WordTable.count(un.entities).names
        assert len(first.built_from) == 1
        (sdn,) = read_paths([lists_dir / SDN_2024]).lists
        store.add(sdn, origin="sdn")
        # a run killed between the load and the rebuild: the stale table is not used
        second = refresh(store)
        assert second.names == WordTable.count(store.active_entities()).names > first.names
    with Store(tmp_path) as store:
        assert refresh(store) == second
