"""What the rules read about one order: parties with their list matches and places,
items with their classification, the route, the destination.

Computed once per order by `screen`, then every rule (policy check or red flag) reads
the same facts, so a rule is a small pure function over them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caspian.geo.places import PlaceHit, find_places
from caspian.geo.risk import country_groups
from caspian.items import ItemClass
from caspian.match import MatchResult
from caspian.order import Item, Order, Party

DESTINATION_ROLES = ("consignee", "end_user", "intermediate_consignee")
SENSITIVE_CONFIDENCE = 0.7


@dataclass(slots=True)
class Subject:
    """Anything with a location the rules look at: a party or a stop of the route."""

    label: str  # how a reviewer reads it: "consignee 'ACME LLC' (AE)"
    kind: str  # "party" | "route"
    role: str | None
    country: str | None
    groups: frozenset[str]
    places: list[PlaceHit]
    ref: str  # where it is in the order: "parties[1]", "route[2]"
    destination: bool = False


@dataclass(slots=True)
class PartyFacts:
    party: Party
    subject: Subject
    matches: list[MatchResult] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return self.subject.ref


@dataclass(slots=True)
class ItemFacts:
    item: Item
    cls: ItemClass

    @property
    def sensitive(self) -> bool:
        """On the Common High Priority List, or in a UAV item group on more than a weak
        word ("engine" alone could be anything)."""
        strong = self.cls.uav_group is not None and self.cls.confidence >= SENSITIVE_CONFIDENCE
        return bool(self.cls.chpl_tier) or strong

    @property
    def ref(self) -> str:
        """Where it is in the order: "items[0]"."""
        return f"items[{self.item.index}]"

    @property
    def label(self) -> str:
        text = self.item.description or self.item.part_number or self.item.hs_code or "item"
        return f"item {self.item.index + 1} '{text}'"


@dataclass(slots=True)
class Facts:
    order: Order
    parties: list[PartyFacts]
    items: list[ItemFacts]
    route: list[Subject]

    @property
    def subjects(self) -> list[Subject]:
        return [p.subject for p in self.parties] + self.route

    def select(self, which: list[str]) -> list[Subject]:
        """Subjects by name: party, route, destination, or a party role."""
        return [
            subject
            for subject in self.subjects
            if subject.kind in which
            or (subject.destination and "destination" in which)
            or (subject.role is not None and subject.role in which)
        ]

    @property
    def sensitive_items(self) -> list[ItemFacts]:
        return [i for i in self.items if i.sensitive]


LABEL_CHARS = 200  # of a name or place quoted in a label: evidence, not a copy of the input


def _label(kind: str, text: str | None, country: str | None) -> str:
    where = f" ({country.upper()})" if country else ""
    if text and len(text) > LABEL_CHARS:
        text = f"{text[: LABEL_CHARS - 1]}…"
    return f"{kind} '{text}'{where}" if text else f"{kind}{where}"


def party_subject(party: Party) -> Subject:
    """A party where its country and its address put it. Only the address is read for
    places: a name ("Port Olya-3", a vessel) is not a location."""
    places = [
        h for h in find_places(party.address, country=party.country) if h.place.kind != "country"
    ]
    countries = {party.country} | {h.place.country for h in places if h.place.country}
    groups = frozenset(g for c in countries if c for g in country_groups(c))
    return Subject(
        label=_label(party.role.replace("_", " "), party.name, party.country),
        kind="party",
        role=party.role,
        country=party.country,
        groups=groups,
        places=places,
        ref=f"parties[{party.index}]",
        destination=party.role in DESTINATION_ROLES,
    )


def route_subjects(order: Order) -> list[Subject]:
    out = []
    last = len(order.route) - 1
    for pos, stop in enumerate(order.route):  # stop.index counts skipped non-objects too
        places = find_places(stop.place, country=stop.country)
        country = stop.country or next((h.place.country for h in places if h.place.country), None)
        out.append(
            Subject(
                label=_label(f"route stop {stop.index + 1}", stop.place, country),
                kind="route",
                role=None,
                country=country,
                groups=country_groups(country) if country else frozenset(),
                places=[h for h in places if h.place.kind != "country"],
                ref=f"route[{stop.index}]",
                destination=pos == last,
            )
        )
    return out
