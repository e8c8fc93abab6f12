"""The route of one order as a reviewer sees it: its stops, then the receiving party,
each marked when a BLOCK/REVIEW reason is about it.

Pure: built from the order (as given to `caspian screen`) and its result's reasons,
nothing read or written. A point is marked from the reasons' refs ("route[2]",
"parties[1]"), never from the wording of a message or its evidence, so rewording a
rule cannot unmark a stop. The HTML report draws it; a web UI can draw the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from caspian.geo.countries import name as country_name
from caspian.geo.countries import to_code
from caspian.geo.risk import country_groups
from caspian.record_limits import DEFAULT_RECORD_LIMITS

Obj = Mapping[str, Any]  # one JSON object of an order or a result
FLAGGING = ("BLOCK", "REVIEW")  # the decisions that mark what their reasons are about
# Country groups whose stops are marked on every route, with why.
MARKED_GROUPS = {"russia_belarus": "Russia/Belarus", "embargoed": "embargoed country"}
RECEIVING_ROLES = ("end_user", "consignee", "intermediate_consignee", "buyer")
STEP, MARGIN, MIN_WIDTH = 200, 110, 360  # the drawing, in SVG units


@dataclass(slots=True)
class RoutePoint:
    """A point of the route: a stop, or the receiving party after the last stop."""

    ref: str  # "route[2]", "parties[1]"
    label: str
    country: str | None  # ISO alpha-2, lower case
    caption: str  # "origin", "stop 2", "destination", "consignee"
    party: bool = False
    detail: str = ""  # the party's address
    level: str | None = None  # BLOCK or REVIEW: marked as risky
    why: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RouteDrawing:
    """Where each point goes, left (origin) to right (destination)."""

    width: int
    points: tuple[tuple[RoutePoint, int], ...]  # (point, x)
    given: bool  # False: no route in the order, seller to receiving party

    @property
    def segments(self) -> list[tuple[int, int, bool]]:
        """(x1, x2, dashed): dashed to a party, which is no stop of the route."""
        pts = self.points
        return [(pts[i - 1][1], pts[i][1], pts[i][0].party) for i in range(1, len(pts))]

    @property
    def marked(self) -> list[RoutePoint]:
        return [p for p, _ in self.points if p.level]


def text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def objects(value: Any) -> list[tuple[int, Obj]]:
    """(index, object) of a JSON list, skipping non-objects as the order parser does."""
    if not isinstance(value, list):
        return []
    return [(i, x) for i, x in enumerate(value) if isinstance(x, Mapping)]


def flagging(reasons: Iterable[Obj]) -> list[Obj]:
    return [r for r in reasons if r.get("decision") in FLAGGING]


def refs_of(reason: Obj) -> list[str]:
    refs = reason.get("refs")
    return [str(r) for r in refs] if isinstance(refs, list) else []


def about(reasons: Iterable[Obj], ref: str) -> list[Obj]:
    """The BLOCK/REVIEW reasons whose refs include `ref`."""
    return [r for r in flagging(reasons) if ref in refs_of(r)]


def codes(reasons: Iterable[Obj]) -> list[str]:
    """Each reason code once, in order."""
    return list(dict.fromkeys(str(r.get("code")) for r in reasons))


def level(reasons: Iterable[Obj]) -> str | None:
    decisions = {r.get("decision") for r in reasons}
    return "BLOCK" if "BLOCK" in decisions else "REVIEW" if "REVIEW" in decisions else None


def _flag(node: RoutePoint, level_: str | None, why: str) -> None:
    if level_ is None:
        return
    node.why.append(why)
    if node.level != "BLOCK":
        node.level = level_


def _mark(node: RoutePoint, reasons: Sequence[Obj], why: str) -> None:
    """Mark the node when `reasons` (the ones about it) is not empty."""
    _flag(node, level(reasons), f"{why} {', '.join(codes(reasons))}")


def _country(value: Any) -> str | None:
    return to_code(text(value)) if value is not None else None


def _element_countries(order: Obj) -> dict[str, str]:
    """The country of each party and stop of the order, by ref."""
    out: dict[str, str] = {}
    for key in ("parties", "route"):
        for i, obj in objects(order.get(key)):
            code = _country(obj.get("country"))
            if code:
                out[f"{key}[{i}]"] = code
    return out


def _mark_stop(node: RoutePoint, reasons: Sequence[Obj], countries: Mapping[str, str]) -> None:
    """Risky: a BLOCK/REVIEW reason is about it, a geography reason is about an element
    of the order in its country, or it is in Russia/Belarus or an embargoed country."""
    _mark(node, about(reasons, node.ref), "named by")
    if not node.country:
        return
    geo = [
        r
        for r in flagging(reasons)
        if r.get("kind") == "geography" and node.country in {countries.get(x) for x in refs_of(r)}
    ]
    _mark(node, geo, f"country {node.country.upper()} named by")
    groups = [MARKED_GROUPS[g] for g in sorted(country_groups(node.country) & MARKED_GROUPS.keys())]
    _flag(node, "BLOCK" if groups else None, f"{country_name(node.country)}: {', '.join(groups)}")


def _party_in(order: Obj, roles: Sequence[str]) -> tuple[int, Obj] | None:
    """The first named party of the first role in `roles` the order has."""
    parties = objects(order.get("parties"))
    for role in roles:
        for i, party in parties:
            if text(party.get("role")).lower().replace(" ", "_") == role and party.get("name"):
                return i, party
    return None


def _party_node(index: int, party: Obj, reasons: Sequence[Obj]) -> RoutePoint:
    role = text(party.get("role")).lower().replace("_", " ") or "party"
    node = RoutePoint(
        f"parties[{index}]",
        text(party.get("name")),
        _country(party.get("country")),
        role,
        party=True,
        detail=text(party.get("address")),
    )
    _mark(node, about(reasons, node.ref), "named by")
    return node


def route_nodes(order: Obj, reasons: Sequence[Obj]) -> list[RoutePoint]:
    """The order's route stops, then its receiving party, each marked when risky; with no
    route, the seller then the receiving party. Only the stops screening read are drawn
    (`RecordLimits.route_stops`): 40,000 stops took 110 s to mark, for a drawing no one
    could read."""
    route = order.get("route")
    if isinstance(route, list):
        route = route[: DEFAULT_RECORD_LIMITS.route_stops]
    stops = objects(route)
    countries = _element_countries(order)
    nodes: list[RoutePoint] = []
    seller = None if stops else _party_in(order, ("seller",))
    if seller is not None:
        nodes.append(_party_node(*seller, reasons))
    for pos, (i, stop) in enumerate(stops):
        country = _country(stop.get("country"))
        caption = (
            "origin"
            if pos == 0 and len(stops) > 1
            else "destination"
            if pos == len(stops) - 1
            else f"stop {i + 1}"
        )
        place = text(stop.get("place")) or text(stop.get("country")).upper() or "?"
        node = RoutePoint(f"route[{i}]", place, country, caption)
        _mark_stop(node, reasons, countries)
        nodes.append(node)
    receiver = _party_in(order, RECEIVING_ROLES)
    if receiver is not None and receiver != seller:
        nodes.append(_party_node(*receiver, reasons))
    return nodes


def route_drawing(order: Obj, reasons: Sequence[Obj]) -> RouteDrawing | None:
    """The points laid out on one line; None when the order has neither a route nor a
    receiving party."""
    nodes = route_nodes(order, reasons)
    if not nodes:
        return None
    width = max(2 * MARGIN + (len(nodes) - 1) * STEP, MIN_WIDTH)
    xs = [width // 2] if len(nodes) == 1 else [MARGIN + i * STEP for i in range(len(nodes))]
    return RouteDrawing(width, tuple(zip(nodes, xs, strict=True)), any(not n.party for n in nodes))
