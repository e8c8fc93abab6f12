"""Junk names never match: one letter held down, a short unit repeated, no letters.

Two defences, each tested on its own: the romanisation key never merges a run of one
letter (or doubled letters) into an acronym's or an initial's shape, so the matcher
itself finds nothing for junk; and `match` and `screen` refuse junk as an input error
before matching. Both are checked against every name of the shared official lists:
no listed acronym breaks, no listed name is refused.
"""

from __future__ import annotations

import string
from pathlib import Path

import orjson
import pytest

from caspian.jsonl_contract import match_line
from caspian.lists.active import from_files
from caspian.lists.bundled import bundled_list
from caspian.match import Matcher, Query
from caspian.match.align import is_acronym, pair_key
from caspian.match.keys import indexable_names
from caspian.match.query import QueryError, name_problem
from caspian.model import Entity
from caspian.names import analyze, romanize
from caspian.names.analyze import INITIAL
from caspian.names.junk import junk_reason
from caspian.order import parse_order
from caspian.rules import default_policy
from caspian.screen import Screener, screen_line

REVIEW = default_policy().review_threshold


@pytest.fixture(scope="module")
def entities(lists_dir: Path) -> list[Entity]:
    return from_files([lists_dir], allow_truncated=True).entities + bundled_list().entities


@pytest.fixture(scope="module")
def matcher(entities: list[Entity]) -> Matcher:
    return Matcher(entities)


JUNK_WORDS = ["SSSSSSSS", "QQQQQQ", "BBBB", "Zzzzzz", "KKKKKKKBC", "SSBBKK", "Kkkk",
              "AAAA", "ССССССС", "سسسسسس", "ΣΣΣΣΣΣ"]  # fmt: skip


@pytest.mark.parametrize("word", JUNK_WORDS)
def test_repeated_letters_never_collapse_into_an_acronym_or_an_initial(word: str) -> None:
    (token,) = analyze(word).tokens
    assert len(token.key) >= 4, token  # no run or pair of letters merged away
    assert not (romanize.acronym_shaped(token.key) and not is_acronym(token)), token
    initials = {t.key for t in analyze("E. S. K. Q. Z. B. A.").tokens if t.kind == INITIAL}
    assert pair_key(token) not in initials and token.key not in initials


@pytest.mark.parametrize("letter", string.ascii_lowercase)
def test_a_run_of_any_letter_is_never_an_initial_or_an_acronym(letter: str) -> None:
    for size in range(2, 13):
        word = letter * size
        key = romanize.key(word)
        assert len(key) >= 2, (word, key)
        if not romanize.acronym_shaped(word):
            assert not romanize.acronym_shaped(key), (word, key)
        if letter not in "aeiouyx":  # vowel rules merge ee, oo; x is ks
            assert len(key) == size, (word, key)  # c -> k, w -> v: the same length


def test_doubled_letters_still_merge_in_real_names() -> None:
    assert romanize.key("hassan") == romanize.key("hasan")
    assert romanize.key("abbas") == romanize.key("abas")
    assert romanize.key("muhammad") == romanize.key("muhamad")


@pytest.mark.parametrize(
    "name", ["SSSSSSSS", "QQQQQQ", "BBBB", "Zzzzzz", "AAAA Trading", "E E E", "Q" * 1000,
             "KKKKKKKBC", "SSBBKK", "Qqqqqq Qqqqqq"],
)  # fmt: skip
def test_the_matcher_finds_nothing_for_junk(matcher: Matcher, name: str) -> None:
    """Without the input rule (a Query built directly), junk still meets no listed name:
    before, SSSSSSSS met "E. S. Co." at 0.88 and QQQQQQ met "K.A.S." at 1.0."""
    for schema in ("Thing", "Person", "Company"):
        results = matcher.match(Query("q", schema, {"name": [name]}), limit=3)
        assert all(r.score < REVIEW for r in results), [r.explanation for r in results]


def test_no_listed_acronym_breaks(matcher: Matcher, entities: list[Entity]) -> None:
    """Every listed name written as acronyms alone (KBC, CCCC, SSSR, NIIIT...) still finds
    its own entity as a match."""
    names = {(analysis.original, entities[position].id)
             for position, _prop, analysis in indexable_names(entities)
             if analysis.tokens and all(is_acronym(t) for t in analysis.tokens)}  # fmt: skip
    assert len(names) > 200
    missed = []
    for name, entity_id in sorted(names):
        query = Query("q", "Thing", {"name": [name]})
        found = {r.entity.id for r in matcher.match(query, limit=50) if r.match}
        if entity_id not in found:
            missed.append((name, entity_id))
    assert not missed, missed[:20]


def test_no_listed_name_is_refused(entities: list[Entity]) -> None:
    """The input rule holds for every name the index files, under its entity's schema:
    CCCC (China Communications Construction), the vessel 7-28, ISIS, Junjun, Dah Dah."""
    refused = []
    for position, _prop, analysis in indexable_names(entities):
        problem = name_problem(analysis.original, entities[position].schema)
        if problem:
            refused.append((analysis.original, entities[position].schema, problem))
    assert not refused, refused[:20]
    assert name_problem("CCCC", "Company") is None and name_problem("7-28", "Vessel") is None


@pytest.mark.parametrize(
    ("name", "schema", "why"),
    [
        ("QQQQQQ", "Thing", "one letter repeated"),
        ("SSSSSSSS", "Company", "one letter repeated"),
        ("Zzzzzz", "Person", "one letter repeated"),
        ("E E E E E E", "Person", "one letter repeated"),
        ("Q-Q-Q-Q-Q-Q-Q", "Company", "one letter repeated"),
        ("一一一一一一", "Person", "one letter repeated"),
        ("ABABABAB", "Company", "'ab' repeated 4 times"),
        ("ISISISIS", "Organization", "'is' repeated 4 times"),
        ("xyz xyz xyz xyz", "Company", "'xyz' repeated 4 times"),
        ("12345", "Company", "has no letters"),
        ("4711 0815", "Person", "has no letters"),
        ("----", "Thing", "fewer than 2 letters"),
    ],
)
def test_junk_is_refused_naming_the_field(name: str, schema: str, why: str) -> None:
    with pytest.raises(QueryError) as raised:
        Query.from_json({"schema": schema, "properties": {"name": [name]}})
    assert str(raised.value).startswith("field 'properties.name': "), raised.value
    assert why in str(raised.value)


@pytest.mark.parametrize(
    ("name", "schema"),
    [("CCCC", "Company"), ("BBBB", "Thing"), ("AAA", "Company"), ("Aaa", "Person"),
     ("Xi", "Person"), ("Li Li", "Person"), ("ISIS", "Organization"), ("Lalala", "Company"),
     ("Dah Dah", "Person"), ("E E E", "Person"), ("AAAA Trading", "Company"),
     ("7-28", "Vessel"), ("4711", "Airplane"), ("Unit 8200", "Organization")],
)  # fmt: skip
def test_names_that_may_be_names_are_screened(name: str, schema: str) -> None:
    assert junk_reason(name, schema) is None
    Query.from_json({"schema": schema, "properties": {"name": [name]}})


def test_match_line_gives_an_error_line_for_junk(matcher: Matcher) -> None:
    for number, name in enumerate(["QQQQQQ", "Q" * 1_000_000, "SSSSSSSS"], start=1):
        line = orjson.dumps({"id": f"j{number}", "properties": {"name": [name]}})
        out = match_line(matcher, number, line, limit=3, threshold=None, lists=[])
        assert "results" not in out, out
        assert out["error"].startswith(f"line {number}: field 'properties.name': ")


def test_screen_reviews_a_junk_party_and_never_blocks_it(matcher: Matcher) -> None:
    """A buyer named a million Q's was BLOCKed; now the party is not screened, the order
    says why on parties[i].name, and it is REVIEWed."""
    screener = Screener(matcher, default_policy())
    for name in ["Q" * 1_000_000, "QQQQQQ", "SSSSSSSS", "Zzzzzz Zzzzzz", "ABABABAB", "12345"]:
        body = {"id": "J", "parties": [{"role": "buyer", "name": name, "country": "de"}]}
        result = screen_line(screener, 1, orjson.dumps(body), lists=[])
        assert result["decision"] == "REVIEW", (name[:20], result["reasons"])
        assert result["parties"][0]["matches"] == []
        (reason,) = [r for r in result["reasons"] if r["kind"] == "input"]
        assert reason["refs"] == ["parties[0]"]
        assert reason["evidence"][0].startswith("parties[0].name: ")
    # A vessel may be named by digits, and is screened as one.
    order = parse_order({"id": "V", "parties": [{"role": "vessel", "name": "7-28"}]})
    assert not screener.screen(order).order.input_errors
