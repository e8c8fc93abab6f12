"""Hostile records through the core: each gets per-record input errors, no exception, and
costs work in proportion to what is screened.

Orders and queries go through `parse_order`, `Query.from_json`, `screen_line` and
`match_line` as a worker runs them. Cost is measured by counting Python calls (a
profiler hook), never by timing: a record past a limit costs no more than one at the
limit, and within the limits four times the parties, items, stops or names cost about
four times the calls, not sixteen.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import orjson
import pytest

from caspian.io.report import route_drawing
from caspian.jsonl_contract import match_line
from caspian.lists.active import from_files
from caspian.lists.bundled import bundled_list
from caspian.match import Matcher, Query
from caspian.match import matcher as matcher_module
from caspian.match.align import compare_names
from caspian.match.query import QueryError
from caspian.names import analyze
from caspian.names.analyze import clear_caches
from caspian.order import parse_order
from caspian.record_limits import DEFAULT_RECORD_LIMITS as LIMITS
from caspian.rules import default_policy
from caspian.screen import Screener, screen_line

SDN = "ofac/sdn_csv_2024-05-03/sdn.csv"
PLACES = [("Hamburg", "de"), ("Rotterdam", "nl"), ("Antwerp", "be"), ("Genoa", "it")]


@pytest.fixture(scope="module")
def matcher(lists_dir: Path) -> Matcher:
    return Matcher(from_files([lists_dir / SDN]).entities + bundled_list().entities)


@pytest.fixture()
def screener(matcher: Matcher) -> Screener:
    return Screener(matcher, default_policy())


def _firm(i: int) -> str:
    """An ordinary invented firm name, different for each i."""
    syllables = ["ka", "lo", "mi", "ne", "ru", "so", "ta", "vi", "do", "fe"]
    word = "".join(syllables[int(d)] for d in str(i + 10))
    return f"{word.title()} Precision Components GmbH"


def _order(**fields: Any) -> dict[str, Any]:
    body = {"id": "H1", "parties": [{"role": "buyer", "name": "Nordvik Precision Components",
                                     "country": "de"}],
            "items": [{"description": "office chair", "hs_code": "9401.31"}],
            "route": [{"place": "Hamburg", "country": "de"}]}  # fmt: skip
    return body | fields


DEEP = "__deep__"  # stands for a list nested 1,000 deep (orjson reads 1,024, writes 254)
DEEP_JSON = b"[" * 1000 + b"]" * 1000


def _line(body: Any) -> bytes:
    return orjson.dumps(body).replace(b'"__deep__"', DEEP_JSON)


def _screen(screener: Screener, body: dict[str, Any]) -> dict[str, Any]:
    return screen_line(screener, 1, _line(body), lists=[])


def _input_evidence(result: dict[str, Any]) -> list[str]:
    return [e for r in result["reasons"] if r["kind"] == "input" for e in r["evidence"]]


def test_an_ordinary_order_is_clear(screener: Screener) -> None:
    """The baseline the cases below cut: without the cut, they would be CLEAR."""
    assert _screen(screener, _order())["decision"] == "CLEAR"


CUTS: list[tuple[str, dict[str, Any], str, Callable[[Any], int], int]] = [
    ("parties", {"parties": [{"role": "buyer", "name": _firm(i), "country": "de"}
                             for i in range(150)]},
     "parties: 150 parties; at most 100 are screened", lambda o: len(o.parties), 100),
    ("items", {"items": [{"description": "office chair", "hs_code": "9401.31"}] * 1500},
     "items: 1,500 items; at most 1,000 are screened", lambda o: len(o.items), 1000),
    ("route", {"route": [{"place": p, "country": c} for p, c in PLACES] * 2500},
     "route: 10,000 stops; at most 100 are screened", lambda o: len(o.route), 100),
    ("identifiers", {"parties": [{"role": "buyer", "name": "Nordvik Precision Components",
                                  "identifiers": {f"ref{i}": f"R{i:05}" for i in range(50)}}]},
     "parties[0].identifiers: 50 identifiers; at most 20 are screened",
     lambda o: len(o.parties[0].identifiers), 20),
    ("address", {"parties": [{"role": "buyer", "name": "Nordvik Precision Components",
                              "address": "Hafenstrasse 1, Hamburg " * 5000}]},
     "parties[0].address: text of 120,000 characters; at most 32,767 are screened",
     lambda o: len(o.parties[0].address), 32_767),
    ("description", {"items": [{"description": "office chair " * 10_000}]},
     "items[0].description: text of 130,000 characters; at most 32,767 are screened",
     lambda o: len(o.items[0].description) + 1, 32_767),
    ("adapter errors", {"input_errors": [{"field": f"row {i}", "message": "bad"}
                                         for i in range(50_000)]},
     "input_errors: 49,901 more input errors not listed", lambda o: len(o.input_errors), 100),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "fields", "error", "kept", "limit"), CUTS, ids=[c[0] for c in CUTS]
)
def test_an_order_past_a_limit_is_screened_within_it_and_reviewed(
    screener: Screener, what: str, fields: dict[str, Any], error: str,
    kept: Callable[[Any], int], limit: int,
) -> None:  # fmt: skip
    body = _order(**fields)
    order = parse_order(body)
    assert kept(order) == limit
    result = _screen(screener, body)
    assert result["decision"] == "REVIEW", result["reasons"]  # never CLEAR: something was cut
    assert error in _input_evidence(result)


def test_party_names_share_one_budget_per_order(screener: Screener) -> None:
    """Twenty parties of 900-character names: the first eleven (9,900 characters) are
    matched, the rest named as not screened."""
    name = ("Nordvik Precision Components " * 40)[:900]
    body = _order(parties=[{"role": "buyer", "name": f"{name[:-4]}{i:04}"} for i in range(20)])
    result = _screen(screener, body)
    assert result["decision"] == "REVIEW"
    cut = [e for e in _input_evidence(result) if "characters in all" in e]
    assert [e.split(".")[0] for e in cut] == [f"parties[{i}]" for i in range(11, 20)]


QUERY_CUTS = [
    ({"name": [f"Firm {i} Trading" for i in range(100_000)]},
     "field 'properties.name': 100,000 names; at most 100 are screened"),
    ({"name": [_firm(i) for i in range(60)], "alias": [_firm(i) for i in range(60, 101)]},
     "field 'properties.name': 101 names; at most 100 are screened"),
    ({"name": ["Velmoran Optics"], **{f"note{i}": ["x"] for i in range(100)}},
     "field 'properties': 101 properties; at most 100 are screened"),
    ({"name": ["Velmoran Optics"], "country": ["de"] * 101},
     "field 'properties.country': 101 values; at most 100 are screened"),
    ({"name": [("Nordvik Precision " * 60)[:998] + f"{i:02}" for i in range(11)]},
     "field 'properties.name': names of 11,000 characters in all; at most 10,000 are screened"),
]  # fmt: skip


@pytest.mark.parametrize(("props", "error"), QUERY_CUTS)
def test_a_query_past_a_limit_is_an_error_line_before_any_name_is_analysed(
    matcher: Matcher, props: dict[str, Any], error: str
) -> None:
    clear_caches()
    line = orjson.dumps({"id": "q", "schema": "Company", "properties": props})
    out = match_line(matcher, 7, line, limit=3, threshold=None, lists=[])
    assert out == {"id": "q", "line": 7, "error": f"line 7: {error}"}
    assert analyze.cache_info().currsize == 0


WRONG_ORDERS: list[dict[str, Any]] = [
    {"parties": DEEP}, {"parties": [DEEP, {"role": "buyer", "name": DEEP}]},
    {"parties": {"role": "buyer"}}, {"parties": "buyer"}, {"items": {"a": 1}},
    {"items": [{"quantity": DEEP, "unit_value": {"v": 1}, "hs_code": ["8542"]}]},
    {"route": "Hamburg > Moscow"}, {"route": [{"place": DEEP, "country": {"de": 1}}]},
    {"parties": [{"role": DEEP, "name": "Velmoran Optics", "identifiers": DEEP}]},
    {"parties": [{"role": "buyer", "name": "Velmoran Optics", "identifiers": {"imo": DEEP}}]},
    {"payment": DEEP}, {"payment": {"method": {"m": 1}, "payer_country": DEEP}},
    {"date": DEEP, "notes": {"n": 1}, "end_use": [1, 2]},
    {"input_errors": DEEP}, {"input_errors": [{"field": DEEP, "message": DEEP}]},
    {"input_errors": [{"field": "x", "message": {"m": DEEP}}]}, {"input_errors": "bad"},
    {"parties": [{"role": "buyer", "name": "x" * 4_000_000}]},
    {"parties": [{"role": "buyer" * 500_000, "name": "Velmoran Optics"}]},
]  # fmt: skip


@pytest.mark.parametrize("fields", WRONG_ORDERS, ids=range(len(WRONG_ORDERS)))
def test_wrong_types_and_deep_structures_in_orders_are_input_errors(
    screener: Screener, fields: dict[str, Any]
) -> None:
    result = _screen(screener, _order(**fields))
    assert result["decision"] == "REVIEW", result["reasons"]
    evidence = _input_evidence(result)
    assert evidence and all(len(e) < 2_000 for e in evidence), evidence
    orjson.dumps(result)


@pytest.mark.parametrize(
    "body", [DEEP, {"id": DEEP}, {"id": {"a": 1}}, {"id": "x" * 2_000}, {"id": ""}, "PO-1", 7]
)
def test_orders_with_no_id_are_error_lines(screener: Screener, body: Any) -> None:
    out = screen_line(screener, 3, _line(body), lists=[])
    assert set(out) == {"id", "line", "error"} and out["error"].startswith("line 3: ")


WRONG_QUERIES: list[Any] = [
    DEEP, {"schema": ["Person"], "properties": {"name": ["Velmoran Optics"]}},
    {"schema": {}, "properties": {"name": ["Velmoran Optics"]}}, {"schema": DEEP},
    {"properties": DEEP}, {"properties": {"name": DEEP}}, {"properties": {"name": {"a": 1}}},
    {"properties": {"name": [["Velmoran Optics"]]}},
    {"properties": {"name": ["Velmoran Optics"], "country": DEEP}},
    {"id": DEEP, "properties": {"name": ["Velmoran Optics"]}},
    {"id": True, "properties": {"name": ["X"]}},
    {"properties": {"name": ["Velmoran Optics"], "birthDate": [{"d": 1}]}},
]  # fmt: skip


@pytest.mark.parametrize("body", WRONG_QUERIES, ids=range(len(WRONG_QUERIES)))
def test_wrong_types_and_deep_structures_in_queries_are_error_lines(
    matcher: Matcher, body: Any
) -> None:
    line = _line(body)
    out = match_line(matcher, 2, line, limit=3, threshold=None, lists=[])
    assert "results" not in out and out["error"].startswith("line 2: "), out
    assert len(out["error"]) < 2_000
    with pytest.raises(QueryError):
        Query.from_json(orjson.loads(line))


# -- cost: counted in Python calls ---------------------------------------------------


@contextmanager
def counted_calls() -> Iterator[list[int]]:
    """Count every Python and C function call made inside the block."""
    count = [0]

    def hook(_frame: FrameType, event: str, _arg: Any) -> None:
        if event in ("call", "c_call"):
            count[0] += 1

    sys.setprofile(hook)
    try:
        yield count
    finally:
        sys.setprofile(None)


def _calls(fn: Callable[[], object]) -> int:
    clear_caches()
    with counted_calls() as count:
        fn()
    return count[0]


def _stops(n: int, start: int = 0) -> list[dict[str, str]]:
    hubs = [("Dubai", "ae"), ("Jebel Ali", "ae"), ("Istanbul", "tr"), ("Almaty", "kz")]
    return [{"place": hubs[i % 4][0], "country": hubs[i % 4][1]} for i in range(start, start + n)]


def _parties(n: int, start: int) -> list[dict[str, str]]:
    return [{"role": "buyer", "name": _firm(i), "country": "de"} for i in range(start, start + n)]


GROWING: list[tuple[str, Callable[[int, int], dict[str, Any]]]] = [
    ("stops", lambda n, s: {"route": [*_stops(n - 1, s), {"place": "Moscow", "country": "ru"}]}),
    ("parties", lambda n, s: {"parties": _parties(n, s)}),
    ("items", lambda n, s: {"items": [{"description": f"ceramic capacitor {s + i}",
                                       "part_number": f"GRM{s + i:06}"} for i in range(n)]}),
    ("identifiers", lambda n, s: {"parties": [{"role": "vessel", "name": "Nordvik Star",
                                              "identifiers": {f"imo{i}": f"{9_000_000 + s + i}"
                                                              for i in range(n)}}]}),
]  # fmt: skip


@pytest.mark.parametrize(("what", "build"), GROWING, ids=[g[0] for g in GROWING])
def test_screening_work_grows_linearly_within_the_limits(
    matcher: Matcher, what: str, build: Callable[[int, int], dict[str, Any]]
) -> None:
    """A quarter of the limit, then the limit: about four times the calls (a quadratic
    step would make it sixteen). Distinct names each time, caches cleared."""
    limit = {"stops": LIMITS.route_stops, "parties": 40, "items": 400,
             "identifiers": LIMITS.identifiers_per_party}[what]  # fmt: skip

    def screen(n: int, start: int) -> Callable[[], object]:
        line = orjson.dumps(_order(**build(n, start)))
        return lambda: screen_line(Screener(matcher, default_policy()), 1, line, lists=[])

    small, large = _calls(screen(limit // 4, 0)), _calls(screen(limit, 10_000))
    assert large < 5 * small, (small, large)


def test_an_order_past_the_limits_costs_no_more_than_one_at_them(matcher: Matcher) -> None:
    def screen(body: dict[str, Any]) -> Callable[[], object]:
        line = orjson.dumps(body)
        return lambda: screen_line(Screener(matcher, default_policy()), 1, line, lists=[])

    at_limit = _calls(screen(_order(route=_stops(100), parties=_parties(100, 0))))
    past = _calls(screen(_order(route=_stops(100_000), parties=_parties(10_000, 0))))
    assert past < 1.1 * at_limit, (at_limit, past)


def test_matching_work_grows_linearly_with_the_query_names(
    lists_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listed entity with the most names (96) sent whole, as yente clients do: each
    listed name is compared with the query names that retrieved it, so the name
    comparisons grow with the names, not with their square (this took 5 s)."""
    entities = from_files([lists_dir / "us_csl"], allow_truncated=True).entities
    many = max(entities, key=lambda e: len(list(e.names())))
    names = [text for _prop, text in many.names()]
    assert len(names) > 90
    wide = Matcher(entities)
    compared = [0]

    def counting(*args: Any, **kwargs: Any) -> Any:
        compared[0] += 1
        return compare_names(*args, **kwargs)

    monkeypatch.setattr(matcher_module, "compare_names", counting)
    counts = []
    for n in (len(names) // 4, len(names)):
        compared[0] = 0
        found = wide.match(Query("q", many.schema, {"name": names[:n]}))
        assert found[0].entity.id == many.id
        counts.append(compared[0])
    small, large = counts
    per_name = wide.config.retrieval.names_per_query
    assert large < 5 * small and large <= len(names) * per_name + 5 * len(names), counts


def test_the_report_draws_the_screened_stops_only() -> None:
    """The report read every stop of the order as given, and marked each against every
    reason's refs: 40,000 stops took 110 s there."""
    order = _order(route=_stops(40_000))
    reasons = [{"kind": "red_flag", "decision": "REVIEW", "code": "RF-HUB",
                "refs": [f"route[{i}]" for i in range(100)]}]  # fmt: skip
    drawing = route_drawing(order, reasons)
    assert drawing is not None
    stops = [node for node, _x in drawing.points if not node.party]
    assert len(stops) == LIMITS.route_stops
    assert all(node.level == "REVIEW" for node in stops)


def test_evidence_quotes_a_long_name_short(screener: Screener) -> None:
    """A 3.6-million-character consignee in Russia: the geography reason names it, in
    200 characters, not four million."""
    body = _order(parties=[{"role": "consignee", "name": "Velmoran " * 400_000, "country": "ru"}])
    result = _screen(screener, body)
    assert result["decision"] in ("REVIEW", "BLOCK")
    evidence = [e for r in result["reasons"] if r["kind"] != "input" for e in r["evidence"]]
    assert any("consignee 'Velmoran Velmoran" in e for e in evidence), result["reasons"]
    assert all(len(e) < 2_000 for e in evidence)


@pytest.mark.parametrize("body", [
    {"items": [{"a": 1}]}, {"payment": {"a": 1}}, {"route": [{}]},
    {"partys": [{"role": "buyer", "name": "Qods Aviation Industries"}]},
])  # fmt: skip
def test_an_order_with_a_field_nobody_reads_is_never_clear(
    screener: Screener, body: dict[str, Any]
) -> None:
    base = {"id": "o", "parties": [{"role": "buyer", "name": "Hamburg Maschinenbau GmbH",
                                    "country": "DE"}]}  # fmt: skip
    assert screener.screen(parse_order(base)).decision == "CLEAR"
    result = screener.screen(parse_order({**base, **body}))
    assert result.decision == "REVIEW"
    assert any(r.code == "INPUT-UNREADABLE" for r in result.reasons)
