"""One cleaning for order fields, query names and listed names; one FtM property parser."""

from __future__ import annotations

import pytest

from caspian.clean import clean_text
from caspian.match import Query, QueryError
from caspian.model import Entity, parse_properties
from caspian.order import parse_order

WRITTEN = [
    "Qods\tAviation  Industries",
    "Qods\u00a0Aviation\u2003Industries",  # no-break and em spaces
    "Qods\x00Aviation\x1bIndustries\x7f",
    "  Qods\r\nAviation\x85Industries ",
    "Qods\u0090Aviation\u2028Industries",  # a C1 control, a line separator
]


@pytest.mark.parametrize("written", WRITTEN)
def test_every_stage_cleans_a_name_the_same_way(written: str) -> None:
    assert clean_text(written) == "Qods Aviation Industries"
    entity = Entity("x", "Company", "test", "x")
    entity.add("name", written)
    query = Query.from_json({"properties": {"name": [written]}})
    order = parse_order({"id": "o", "parties": [{"role": "buyer", "name": written}]})
    assert entity.get("name") == query.names == [order.parties[0].name]


def test_format_characters_stay_for_the_name_analysis() -> None:
    persian = "صنایع\u200cهوایی"  # a zero-width non-joiner inside a Persian word
    assert clean_text(persian) == persian
    assert clean_text("\u200fقدس\u200e") == "\u200fقدس\u200e"


def test_one_property_parser_for_entities_and_queries() -> None:
    raw = {"name": ["  A\tB ", "A B", ""], "country": "ir", "alias": []}
    assert parse_properties(raw) == {"name": ["A B"], "country": ["ir"]}
    for bad, field in (({"name": 5}, "properties.name"), ({"alias": ["x", 3]}, "properties.alias"),
                       ([1], "properties")):  # fmt: skip
        with pytest.raises(ValueError, match=f"field '{field}'"):
            parse_properties(bad)
        with pytest.raises(QueryError, match=f"field '{field}'"):
            Query.from_json({"properties": bad})
        with pytest.raises(ValueError, match=f"field '{field}'"):
            Entity.from_ftm({"id": "x", "schema": "Person", "properties": bad})
