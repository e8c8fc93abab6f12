"""Queries without a name: a person's name parts (firstName, lastName, fatherName...) make
the names screened, and an identifier alone finds the party; an identifying identifier (IMO,
BIC, INN, OGRN) names it outright, a contradicting name keeps it a review, and a weak one
(phone, e-mail, web site) identifies no one."""

from __future__ import annotations

from pathlib import Path

import pytest

from caspian.lists.active import from_files
from caspian.match import DEFAULT_THRESHOLD, Matcher, Query
from caspian.match.query import QueryError, name_parts_names
from caspian.model import Entity
from caspian.rules.engine import default_policy

REVIEW = default_policy().review_threshold


@pytest.fixture(scope="module")
def matcher(lists_dir: Path) -> Matcher:
    return Matcher(from_files([lists_dir], allow_truncated=True).entities)


def _entity(eid: str, schema: str, **props: list[str]) -> Entity:
    entity = Entity(id=eid, schema=schema, source="test", source_id=eid)
    for prop, values in props.items():
        for value in values:
            entity.add(prop, value)
    return entity


@pytest.fixture(scope="module")
def small() -> Matcher:
    return Matcher(
        [
            _entity("v1", "Vessel", name=["NORTHERN LIGHT"], imoNumber=["IMO 9187629"]),
            _entity("b1", "Company", name=["SAMPLE TRADE BANK"], swiftBic=["SMPLIRTH"]),
            _entity(
                "c1",
                "Company",
                name=["OOO KRASNY LUCH"],
                innCode=["7701234567"],
                phone=["+7 495 123 45 67"],
                registrationNumber=["123456789"],
            ),
        ]
    )


def test_name_parts_make_names_in_both_orders() -> None:
    names = name_parts_names(
        {"firstName": ["Olga"], "fatherName": ["Petrovna"], "lastName": ["Smirnova"]}
    )
    assert names == ["Olga Petrovna Smirnova", "Smirnova Olga Petrovna"]
    assert name_parts_names({"middleName": ["Lee"]}) == []  # no first or last name


def test_query_of_name_parts_alone_is_accepted() -> None:
    query = Query.from_json(
        {"schema": "Person", "properties": {"firstName": ["Olga"], "lastName": ["Smirnova"]}}
    )
    assert query.get("firstName") == ["Olga"]


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({}, "no name to screen"),
        ({"phone": ["+98 21 1234 5678"]}, "identify no one alone"),
        ({"email": ["sales@example.com"], "website": ["example.com"]}, "identify no one alone"),
    ],
)
def test_queries_with_nothing_to_screen_are_refused(props: dict[str, list[str]],
                                                    message: str) -> None:  # fmt: skip
    with pytest.raises(QueryError, match=message):
        Query.from_json({"schema": "Company", "properties": props})


@pytest.mark.parametrize(
    ("parts", "listed"),
    [
        ({"firstName": ["Vladimir"], "lastName": ["Putin"]}, "PUTIN, Vladimir Vladimirovich"),
        (
            {"lastName": ["Putin"], "firstName": ["Vladimir"], "fatherName": ["Vladimirovich"]},
            "PUTIN, Vladimir Vladimirovich",
        ),
    ],
)
def test_name_parts_alone_find_the_listed_person(
    matcher: Matcher, parts: dict[str, list[str]], listed: str
) -> None:
    query = Query.from_json({"schema": "Person", "properties": parts})
    results = matcher.match(query, limit=3)
    assert results and results[0].match and results[0].name == listed, results[:1]
    assert "built from the name parts" in results[0].explanation


def test_name_parts_given_with_a_name_are_used(matcher: Matcher) -> None:
    """A name field of the surname alone is one common part; the parts make the full name."""
    alone = Query.from_json({"schema": "Person", "properties": {"name": ["Putin"]}})
    both = Query.from_json(
        {"schema": "Person",
         "properties": {"name": ["Putin"], "firstName": ["Vladimir"], "lastName": ["Putin"]}}
    )  # fmt: skip
    best_alone = max((r.score for r in matcher.match(alone, limit=3)), default=0.0)
    [top, *_] = matcher.match(both, limit=3)
    assert top.match and top.score > best_alone


def test_imo_alone_identifies_the_vessel(small: Matcher) -> None:
    query = Query.from_json({"schema": "Vessel", "properties": {"imoNumber": ["9187629"]}})
    [top] = small.match(query)
    assert (top.entity.id, top.match) == ("v1", True)
    assert top.score >= DEFAULT_THRESHOLD and "imoNumber identifies" in top.explanation


def test_branch_bic_finds_the_bank_by_its_eight_characters(small: Matcher) -> None:
    query = Query.from_json({"schema": "Company", "properties": {"swiftBic": ["SMPLIRTH123"]}})
    [top] = small.match(query)
    assert (top.entity.id, top.match) == ("b1", True)


def test_identifier_with_a_compatible_name_matches(small: Matcher) -> None:
    query = Query.from_json(
        {"schema": "Company", "properties": {"name": ["Krasny Luch"], "innCode": ["7701234567"]}}
    )
    [top, *_] = small.match(query)
    assert (top.entity.id, top.match) == ("c1", True)


def test_identifier_with_a_contradicting_name_is_a_review(small: Matcher) -> None:
    """Vessels are renamed, numbers mistyped: a review, never a match on the number alone."""
    query = Query.from_json(
        {"schema": "Vessel", "properties": {"name": ["Blue Dolphin"], "imoNumber": ["9187629"]}}
    )
    [top, *_] = small.match(query)
    assert top.entity.id == "v1" and not top.match
    assert REVIEW <= top.score < DEFAULT_THRESHOLD
    assert "name differs" in top.explanation


def test_weak_and_supporting_identifiers_never_identify_alone(small: Matcher) -> None:
    phone = Query.from_json(
        {"schema": "Company",
         "properties": {"name": ["Zarya Logistics"], "phone": ["+7 495 123 45 67"]}}
    )  # fmt: skip
    assert not any(r.match for r in small.match(phone))
    register = Query.from_json(
        {"schema": "Company", "properties": {"registrationNumber": ["123456789"]}}
    )
    found = small.match(register)
    assert found and found[0].entity.id == "c1" and not found[0].match


def test_identifier_alone_on_the_real_lists(matcher: Matcher) -> None:
    """Every listed vessel with an IMO number is found by it alone (a sample)."""
    vessels = [e for e in matcher.entities if e.schema == "Vessel" and e.get("imoNumber")][:25]
    assert vessels
    for vessel in vessels:
        query = Query.from_json(
            {"schema": "Vessel", "properties": {"imoNumber": [vessel.get("imoNumber")[0]]}}
        )
        results = matcher.match(query, limit=5)
        assert any(r.entity.id == vessel.id and r.match for r in results), vessel.id


def test_score_of_one_entity_by_identifier(small: Matcher) -> None:
    query = Query.from_json({"schema": "Vessel", "properties": {"imoNumber": ["IMO9187629"]}})
    vessel = small.entities[0]
    assert small.score(query, vessel).match


def test_every_identifier_has_a_strength_with_a_source() -> None:
    from caspian.match.identifier_kinds import IDENTIFIER_PROPS, identifier_strengths

    strengths = identifier_strengths()
    assert set(strengths) == set(IDENTIFIER_PROPS)
    assert {"imoNumber", "swiftBic", "innCode", "ogrnCode"} <= {
        p for p, s in strengths.items() if s == "identifying"
    }
    assert {"phone", "email", "website"} <= {p for p, s in strengths.items() if s == "weak"}
