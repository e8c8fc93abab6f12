"""Each check's parameters as a typed model, checked against the vocabularies they name.

A policy that names a country group, place role, party role or item group that does not
exist ("diversion_hubs") would otherwise make its rule silently never fire: a missed
BLOCK that nobody sees. Every value is checked when the policy is loaded, with the rule
and key named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, Field

from caspian.geo.places import place_roles
from caspian.geo.risk import groups as country_groups
from caspian.items.groups import all_groups
from caspian.order import PAYMENT_METHODS, ROLES
from caspian.typed_config import Strict

SUBJECT_KINDS = frozenset({"party", "route", "destination"})


def _known(what: str, vocabulary: Callable[[], frozenset[str] | set[str]]) -> AfterValidator:
    def check(value: str) -> str:
        known = vocabulary()
        if value not in known:
            raise ValueError(f"{value!r} is not a {what}; known: {', '.join(sorted(known))}")
        return value

    return AfterValidator(check)


CountryGroup = Annotated[str, _known("country group (country_risk.csv)", country_groups)]
PlaceRole = Annotated[str, _known("place role (place_roles.csv)", lambda: set(place_roles()))]
PartyRole = Annotated[str, _known("party role", lambda: ROLES)]
ItemGroup = Annotated[str, _known("UAV item group (uav_item_groups.csv)",
                                  lambda: {g.id for g in all_groups()})]  # fmt: skip
Method = Annotated[str, _known("payment method", lambda: PAYMENT_METHODS)]
SubjectName = Annotated[str, _known("subject (party, route, destination or a party role)",
                                    lambda: SUBJECT_KINDS | ROLES)]  # fmt: skip
Terms = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]


class NoParams(Strict):
    """The check takes no parameters."""


class NameTerms(Strict):
    roles: list[PartyRole] = Field(min_length=1, description="the parties whose names count")
    terms: Terms = Field(description="words (a stem ends in '*')")


class NameTermsWithItems(NameTerms):
    groups: list[ItemGroup] = Field(min_length=1, description="when items of these groups")


class InGroup(Strict):
    group: CountryGroup = Field(description="the country group")
    subjects: list[SubjectName] = Field(min_length=1, description="whose country counts")


class AtPlace(Strict):
    roles: list[PlaceRole] = Field(min_length=1, description="the place roles")
    subjects: list[SubjectName] = Field(min_length=1, description="whose place counts")


class VagueEndUse(Strict):
    min_length: int = Field(default=0, ge=0, description="an end use shorter says nothing")
    vague: Terms = Field(description="end uses that say nothing by themselves")


class HubTo(Strict):
    via: CountryGroup = Field(description="the group the route passes through")
    to: list[CountryGroup] = Field(min_length=1, description="the destination's groups")


class Methods(Strict):
    methods: list[Method] = Field(min_length=1, description="the payment methods")


class PayerRoles(Strict):
    roles: list[PartyRole] = Field(min_length=1, description="whose countries the payer's "
                                                              "may be")  # fmt: skip


class TextTerms(Strict):
    terms: Terms = Field(description="words in the notes or end use (a stem ends in '*')")


CHECK_PARAMS: dict[str, type[Strict]] = {
    "party_listed": NoParams,
    "party_near_listed": NoParams,
    "party_name_has": NameTerms,
    "party_name_has_with_items": NameTermsWithItems,
    "subject_in_group": InGroup,
    "subject_at_place": AtPlace,
    "sensitive_items_in_group": InGroup,
    "sensitive_items_at_place": AtPlace,
    "other_items_in_group": InGroup,
    "vague_end_use": VagueEndUse,
    "route_hub_to": HubTo,
    "payment_method": Methods,
    "payer_third_country": PayerRoles,
    "text_has": TextTerms,
    "input_errors": NoParams,
}
