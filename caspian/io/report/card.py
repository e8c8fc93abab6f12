"""One order in the report: its full card (BLOCK/REVIEW), its row in the index, or its
row among the clear orders.

The functions here read an order and its result (plain JSON objects, as written to the
JSON lines output) into what the templates show; the templates hold the markup. Parties
and items are flagged from the reasons' refs (`parties[1]`, `items[0]`), never from the
wording of their evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from caspian.io.report.route import Obj, about, codes, objects, route_drawing, text
from caspian.io.report.templates import render
from caspian.items.groups import group as uav_group
from caspian.items.hs import chpl_entry


@dataclass(frozen=True, slots=True)
class ReasonView:
    decision: str
    severity: str
    message: str
    code: str
    evidence: list[str]
    guidance: str


@dataclass(frozen=True, slots=True)
class MatchView:
    name: str
    matched_name: str  # the alias matched on, when not the main name
    lists: str
    id: str
    score: float
    match: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class PartyRow:
    role: str
    name: str
    address: str
    country: str
    flags: list[str]  # codes of the BLOCK/REVIEW reasons about the party
    matches: list[MatchView]

    @property
    def hit(self) -> bool:
        return any(m.match for m in self.matches)


@dataclass(frozen=True, slots=True)
class ItemRow:
    number: int  # 1-based, as the evidence says "item 1"
    description: str
    part_number: str
    manufacturer: str
    hs_given: str
    quantity: str
    flags: list[str]
    evidence: list[str]  # how it was classified
    hs6: str
    hs6_source: str
    tier: str
    tier_title: str
    group_id: str
    group_label: str
    eccn: str
    confidence: float

    @property
    def sensitive(self) -> bool:
        return bool(self.tier or self.group_id)

    @property
    def described(self) -> list[tuple[str, str]]:
        """The item as ordered, in parts the template shows one after the other."""
        parts = [
            ("description", self.description),
            ("part_number", self.part_number),
            ("hs_given", self.hs_given),
            ("quantity", self.quantity),
        ]
        return [(kind, value) for kind, value in parts if value]


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _float(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def reasons_of(result: Obj) -> list[Obj]:
    return [r for _, r in objects(result.get("reasons"))]


def reason_view(reason: Obj) -> ReasonView:
    return ReasonView(
        decision=text(reason.get("decision")),
        severity=text(reason.get("severity")),
        message=text(reason.get("message")),
        code=text(reason.get("code")),
        evidence=[str(e) for e in reason.get("evidence") or ()],
        guidance=text(reason.get("guidance")),
    )


def _match_view(match: Obj) -> MatchView:
    name, matched = text(match.get("name")), text(match.get("matched_name"))
    return MatchView(
        name=name,
        matched_name=matched if matched != name else "",
        lists=", ".join(str(x) for x in match.get("lists") or ()),
        id=text(match.get("id")),
        score=_float(match.get("score")),
        match=bool(match.get("match", True)),
        explanation=text(match.get("explanation")),
    )


def party_rows(result: Obj, order: Obj | None, reasons: Sequence[Obj]) -> list[PartyRow]:
    """The screened parties with their matches; each knows its index in the order (the
    result says it; older results without it are in the order's own sequence)."""
    given = objects((order or {}).get("parties"))
    by_index = dict(given)
    rows = []
    for n, party in objects(result.get("parties")):
        index = _int(party["index"]) if "index" in party else (given[n][0] if n < len(given) else n)
        source = by_index.get(index, {})
        rows.append(
            PartyRow(
                role=text(party.get("role")),
                name=text(party.get("name")),
                address=text(source.get("address")),
                country=text(party.get("country")).upper(),
                flags=codes(about(reasons, f"parties[{index}]")),
                matches=[_match_view(m) for _, m in objects(party.get("matches"))],
            )
        )
    return rows


def _group_label(group_id: str) -> str:
    try:
        return uav_group(group_id).name
    except KeyError:
        return group_id


def item_rows(result: Obj, order: Obj | None, reasons: Sequence[Obj]) -> list[ItemRow]:
    given = dict(objects((order or {}).get("items")))
    rows = []
    for _, item in objects(result.get("items")):
        index = _int(item.get("index"))
        source = given.get(index, {})
        hs6, tier = text(item.get("hs6")), text(item.get("chpl_tier"))
        group_id = text(item.get("uav_group"))
        entry = chpl_entry(hs6) if tier else None
        quantity = source.get("quantity")
        rows.append(
            ItemRow(
                number=index + 1,
                description=text(source.get("description")),
                part_number=text(source.get("part_number")),
                manufacturer=text(source.get("manufacturer")),
                hs_given=text(source.get("hs_code")),
                quantity="" if quantity is None else str(quantity),
                flags=codes(about(reasons, f"items[{index}]")),
                evidence=[str(e) for e in item.get("evidence") or ()],
                hs6=hs6,
                hs6_source=text(item.get("hs6_source")).replace("_", " "),
                tier=tier,
                tier_title=entry.description if entry else "",
                group_id=group_id,
                group_label=_group_label(group_id) if group_id else "",
                eccn=text(item.get("eccn")),
                confidence=_float(item.get("confidence")),
            )
        )
    return rows


def render_card(anchor: str, order: Obj | None, result: Obj) -> str:
    """The full detail of one BLOCK/REVIEW order: why first, then route, parties, items."""
    reasons = reasons_of(result)
    return (
        render(
            "card.html.j2",
            anchor=anchor,
            decision=text(result.get("decision")),
            id=text(result.get("id")),
            risk=text(result.get("risk")),
            date=text((order or {}).get("date")),
            reasons=[reason_view(r) for r in reasons],
            route=route_drawing(order or {}, reasons),
            parties=party_rows(result, order, reasons),
            items=item_rows(result, order, reasons),
        )
        + "\n"
    )


def render_index_row(anchor: str, result: Obj) -> str:
    reasons = reasons_of(result)
    top = reason_view(reasons[0]) if reasons else None
    return (
        render(
            "index_row.html.j2",
            anchor=anchor,
            id=text(result.get("id")),
            decision=text(result.get("decision")),
            risk=text(result.get("risk")),
            top=top,
            count=len(reasons),
        )
        + "\n"
    )


def render_clear_row(order: Obj | None, result: Obj) -> str:
    parties = [p for _, p in objects(result.get("parties"))]
    names = "; ".join(
        f"{text(p.get('role'))}: {text(p.get('name'))}"
        for p in parties
        if p.get("role") != "seller"
    )
    route = " → ".join(
        text(s.get("place")) or text(s.get("country")).upper()
        for _, s in objects((order or {}).get("route"))
    )
    return (
        render(
            "clear_row.html.j2",
            id=text(result.get("id")),
            risk=text(result.get("risk")),
            names=names,
            route=route,
            items=len(objects(result.get("items"))),
        )
        + "\n"
    )
