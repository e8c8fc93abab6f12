"""The matcher's features beyond the name: each a small pure function with a weight.

A feature reads the query and the candidate entity and returns a value in [-1, 1] and
the evidence a reviewer can check; its part in the score is weight x value. Weights
live in `caspian/data/matching.toml`. Grouped by kind, as a reviewer reads them:
schema, countries, dates, identifiers, legal form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from caspian.geo.countries import to_code
from caspian.match.identifier_kinds import (
    IDENTIFIER_PROPS,
    IDENTIFYING_IDENTIFIERS,
    WEAK_IDENTIFIERS,
)
from caspian.match.query import Query
from caspian.match.query_names import name_countries, reading_notes
from caspian.model import Entity, schemas_compatible
from caspian.names.analyze import LEGAL, NameAnalysis

COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry", "flag")
BIC_INSTITUTION = 8  # a BIC's first 8 characters name the institution, the rest a branch
_NON_ALNUM = re.compile(r"[^0-9A-Z]")
_ID_PREFIX = re.compile(r"^(IMO|MMSI|INN|OGRN|NO|NR)(?=\d)")


@dataclass(slots=True)
class Side:
    """What the features read of one side, computed once."""

    schema: str
    countries: frozenset[str]
    birth_dates: tuple[str, ...]
    identifiers: dict[str, frozenset[str]]
    legal_forms: frozenset[str] = field(default_factory=frozenset)
    # Query only: countries of places read in a name field ("X, Dubai branch"): evidence
    # for a listed country, never against one (a branch abroad is the party's own).
    name_countries: frozenset[str] = field(default_factory=frozenset)
    # Query only: a name compared -> how it was read from the query (caspian.match.query_names).
    readings: Mapping[str, str] = field(default_factory=dict)


def normalise_identifier(value: str) -> str:
    return _ID_PREFIX.sub("", _NON_ALNUM.sub("", value.upper()))


def _countries(values: Iterable[str]) -> frozenset[str]:
    codes = set()
    for value in values:
        code = value.lower() if len(value) == 2 and value.isalpha() else to_code(value)
        if code:
            codes.add(code)
    return frozenset(codes)


def side_identifiers(props: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    """Property -> its values normalised (a BIC also by its institution's 8 characters)."""
    identifiers = {}
    for prop in IDENTIFIER_PROPS:
        values = frozenset(
            n for n in (normalise_identifier(v) for v in props.get(prop, ())) if len(n) >= 4
        )
        if prop == "swiftBic":  # a branch's BIC11 names the bank of its BIC8
            values |= {v[:BIC_INSTITUTION] for v in values if len(v) > BIC_INSTITUTION}
        if values:
            identifiers[prop] = values
    return identifiers


def side_of(schema: str, props: dict[str, list[str]]) -> Side:
    identifiers = side_identifiers(props)
    return Side(
        schema=schema,
        countries=_countries(v for p in COUNTRY_PROPS for v in props.get(p, ())),
        birth_dates=tuple(props.get("birthDate", ())),
        identifiers=identifiers,
    )


def query_side(query: Query) -> Side:
    side = side_of(query.schema, query.properties)
    side.name_countries = name_countries(query)
    side.readings = reading_notes(query)
    return side


def entity_side(entity: Entity) -> Side:
    return side_of(entity.schema, entity.properties)


def legal_forms(name: NameAnalysis) -> frozenset[str]:
    return frozenset(t.concept for t in name.tokens if t.kind == LEGAL and t.concept)


# -- features: (value in [-1, 1], evidence) -----------------------------------------

Evidence = tuple[float, str]


def schema_mismatch(q: Side, e: Side) -> Evidence:
    if schemas_compatible(q.schema, e.schema):
        return 0.0, ""
    return -1.0, f"{q.schema} query vs listed {e.schema}"


def country(q: Side, e: Side) -> Evidence:
    if not e.countries:
        return 0.0, ""
    common = q.countries & e.countries
    if common:
        return 1.0, "same country " + ", ".join(sorted(common))
    named = q.name_countries & e.countries
    if named:
        return 1.0, "same country " + ", ".join(sorted(named)) + " (a place in the name)"
    if not q.countries:
        return 0.0, ""
    return (
        -1.0,
        f"countries differ: {', '.join(sorted(q.countries))} vs {', '.join(sorted(e.countries))}",
    )


def _compatible_dates(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def birth_date(q: Side, e: Side) -> Evidence:
    if not q.birth_dates or not e.birth_dates:
        return 0.0, ""
    for a in q.birth_dates:
        for b in e.birth_dates:
            if _compatible_dates(a, b):
                return 1.0, f"birth date {a} ~ {b}"
    years_q = {int(d[:4]) for d in q.birth_dates if d[:4].isdigit()}
    years_e = {int(d[:4]) for d in e.birth_dates if d[:4].isdigit()}
    if years_q and years_e and min(abs(x - y) for x in years_q for y in years_e) > 1:
        return -1.0, f"birth dates differ: {', '.join(q.birth_dates)} vs {', '.join(e.birth_dates)}"
    return 0.0, ""


def identifier(q: Side, e: Side) -> Evidence:
    theirs = {v: p for p, vs in e.identifiers.items() for v in vs}
    for prop, values in q.identifiers.items():
        if prop in WEAK_IDENTIFIERS:
            continue
        for value in values:
            if value in theirs:
                return 1.0, f"same identifier {value} ({prop} = listed {theirs[value]})"
    return 0.0, ""


def identifying(q: Side, e: Side) -> str | None:
    """The property of an identifying identifier (IMO, BIC, INN...) both sides share, if any."""
    for prop in IDENTIFYING_IDENTIFIERS & q.identifiers.keys() & e.identifiers.keys():
        if q.identifiers[prop] & e.identifiers[prop]:
            return prop
    return None


def identifier_mismatch(q: Side, e: Side) -> Evidence:
    strong = [p for p in q.identifiers if p in e.identifiers and p not in WEAK_IDENTIFIERS]
    if strong and not any(q.identifiers[p] & e.identifiers[p] for p in strong):
        return -1.0, f"different {', '.join(strong)}"
    return 0.0, ""


def legal_form_mismatch(q: Side, e: Side) -> Evidence:
    if q.legal_forms and e.legal_forms and not q.legal_forms & e.legal_forms:
        forms_q, forms_e = ", ".join(sorted(q.legal_forms)), ", ".join(sorted(e.legal_forms))
        return -1.0, f"legal forms differ: {forms_q} vs {forms_e}"
    return 0.0, ""


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    kind: str
    fn: Callable[[Side, Side], Evidence]


# The declared algorithm beyond the name: order is the order of the explanation.
FEATURES: tuple[Feature, ...] = (
    Feature("schema_mismatch", "schema", schema_mismatch),
    Feature("identifier", "identifiers", identifier),
    Feature("identifier_mismatch", "identifiers", identifier_mismatch),
    Feature("birth_date", "dates", birth_date),
    Feature("country", "countries", country),
    Feature("legal_form_mismatch", "names", legal_form_mismatch),
)
