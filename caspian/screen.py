"""One order through all of it: parties against the lists, items, route, red flags,
and one explained decision.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from caspian import provenance
from caspian.decide import decide, ordered
from caspian.facts import Facts, ItemFacts, PartyFacts, party_subject, route_subjects
from caspian.items import classify_item
from caspian.jsonl_contract import RecordFn, error_line, parse_line, record_id
from caspian.match import Matcher, MatchResult, Query
from caspian.match.query import name_problem
from caspian.match.word_table import WordTable
from caspian.model import Entity
from caspian.order import InputError, Order, OrderError, Party, capped_errors, parse_order
from caspian.record_limits import DEFAULT_RECORD_LIMITS, RecordLimits
from caspian.rules.engine import Policy, Reason

# Which FtM schema a party of each role is screened as. Buyers, consignees and end users
# may be people or companies: LegalEntity meets both.
ROLE_SCHEMAS = {"vessel": "Vessel", "bank": "Organization", "carrier": "Organization"}
IDENTIFIER_PROPS = {"imo": "imoNumber", "imonumber": "imoNumber", "mmsi": "mmsi",
                    "registrationnumber": "registrationNumber", "taxnumber": "taxNumber",
                    "inn": "innCode", "inncode": "innCode", "ogrn": "ogrnCode",
                    "ogrncode": "ogrnCode", "swift": "swiftBic", "swiftbic": "swiftBic",
                    "bic": "swiftBic", "lei": "leiCode", "leicode": "leiCode",
                    "passport": "passportNumber", "passportnumber": "passportNumber",
                    "idnumber": "idNumber", "vat": "vatCode"}  # fmt: skip
MATCHES_PER_PARTY = 3
PARTY_CACHE_SIZE = 50_000


@dataclass(slots=True)
class ScreenResult:
    order: Order
    decision: str
    risk: int
    reasons: list[Reason]
    facts: Facts

    def as_dict(
        self, lists: list[dict[str, Any]], provenance: dict[str, str] | None = None
    ) -> dict[str, Any]:
        return {
            "id": self.order.id,
            "decision": self.decision,
            "risk": self.risk,
            "reasons": [r.as_dict() for r in self.reasons],
            "parties": [
                {
                    "role": pf.party.role,
                    "name": pf.party.name,
                    "country": pf.party.country,
                    "matches": [
                        {
                            "id": m.entity.id,
                            "name": m.entity.caption,
                            "matched_name": m.name,
                            "score": round(m.score, 4),
                            "match": m.match,
                            "lists": m.entity.datasets or [m.entity.source],
                            "explanation": m.explanation,
                        }
                        for m in pf.matches
                    ],
                }
                for pf in self.facts.parties
            ],
            "items": [
                {
                    "index": i.item.index,
                    "hs6": i.cls.hs6,
                    "hs6_source": i.cls.hs6_source,
                    "chpl_tier": i.cls.chpl_tier,
                    "uav_group": i.cls.uav_group,
                    "confidence": round(i.cls.confidence, 2),
                    "eccn": i.cls.eccn.code if i.cls.eccn else None,
                    "evidence": list(i.cls.evidence),
                }
                for i in self.facts.items
            ],
            "lists": lists,
            "provenance": provenance,
        }


def party_schema(party: Party) -> str:
    return ROLE_SCHEMAS.get(party.role, "LegalEntity")


def party_query(party: Party) -> Query | None:
    if not party.name:
        return None
    props: dict[str, list[str]] = {"name": [party.name]}
    if party.country:
        props["country"] = [party.country]
    for key, value in party.identifiers.items():
        prop = IDENTIFIER_PROPS.get(key.replace("_", "").lower(), key)
        props.setdefault(prop, []).append(value)
    return Query(f"party-{party.index}", party_schema(party), props)


class Screener:
    """Screens orders against one set of lists under one policy."""

    def __init__(
        self, matcher: Matcher, policy: Policy, limits: RecordLimits = DEFAULT_RECORD_LIMITS
    ) -> None:
        self.matcher = matcher
        self.policy = policy
        self.limits = limits
        self.match_threshold = (
            policy.match_threshold if policy.match_threshold is not None else matcher.threshold
        )
        self.provenance = provenance.for_screening(policy, matcher.config)
        # Order books name the same customers again and again.
        self._party_cache: OrderedDict[tuple[Any, ...], list[MatchResult]] = OrderedDict()

    def _matches(self, party: Party) -> list[MatchResult]:
        query = party_query(party)
        if query is None:
            return []
        key = (query.schema, tuple(sorted((k, tuple(v)) for k, v in query.properties.items())))
        cached = self._party_cache.get(key)
        if cached is not None:
            self._party_cache.move_to_end(key)
            return cached
        found = self.matcher.match(query, limit=MATCHES_PER_PARTY, threshold=self.match_threshold)
        results = [r for r in found if r.score >= self.policy.review_threshold]
        self._party_cache[key] = results
        if len(self._party_cache) > PARTY_CACHE_SIZE:
            self._party_cache.popitem(last=False)
        return results

    def facts(self, order: Order) -> Facts:
        items = []
        for item in order.items:
            cls = classify_item(description=item.description, hs_code=item.hs_code,
                                eccn=item.eccn, part_number=item.part_number,
                                manufacturer=item.manufacturer)  # fmt: skip
            for error in cls.errors:
                order.input_errors.append(
                    InputError(f"items[{item.index}].{error.field}", error.message)
                )
            items.append(ItemFacts(item, cls))
        parties = []
        budget = self.limits.name_chars_per_record
        for party in order.parties:
            matches: list[MatchResult] = []
            problem = party.name and name_problem(party.name, party_schema(party), self.limits)
            if party.name and not problem:
                budget -= len(party.name)
                if budget < 0:
                    problem = (f"the parties' names pass {self.limits.name_chars_per_record:,} "
                               "characters in all here; the rest are not screened")  # fmt: skip
            if problem:
                # The rule of `caspian match`: a name too long to match in bounded time,
                # or no name at all (QQQQQQ). The party is not screened (never matched,
                # so never BLOCKed on junk), and the order says so: it is REVIEWed.
                order.input_errors.append(InputError(f"parties[{party.index}].name", problem))
            else:
                matches = self._matches(party)
            parties.append(PartyFacts(party, party_subject(party), matches))
        order.input_errors = capped_errors(order.input_errors, self.limits)
        return Facts(order, parties, items, route_subjects(order))

    def screen(self, order: Order) -> ScreenResult:
        facts = self.facts(order)
        reasons = ordered(self.policy.evaluate(facts, self.match_threshold))
        decision, risk = decide(reasons, self.policy.risk_points)
        return ScreenResult(order, decision, risk, reasons, facts)


def screen_line(
    screener: Screener, number: int, line: bytes, *, lists: list[dict[str, Any]]
) -> dict[str, Any]:
    """One line of the `caspian screen` contract; a broken line becomes an error line."""
    data, error = parse_line(number, line)
    if error:
        return error
    try:
        order = parse_order(data, screener.limits)
    except OrderError as exc:
        return error_line(number, record_id(data), str(exc))
    return screener.screen(order).as_dict(lists, screener.provenance)


def screening_function(
    entities: Sequence[Entity],
    *,
    policy: Policy,
    lists: list[dict[str, Any]],
    words: WordTable | None = None,
) -> RecordFn:
    """`screen_line` with a screener over `entities`: what a worker process builds (or
    inherits) to answer `caspian screen`."""
    return partial(screen_line, Screener(Matcher(entities, words=words), policy), lists=lists)
