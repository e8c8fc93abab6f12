"""The screening report: one self-contained HTML file a reviewer opens offline.

Streaming: each order's HTML is rendered when its result arrives and written to a
temporary file; memory holds only counters and, for the at most `max_details` orders
shown in full (BLOCK first, then REVIEW by risk), their sort key and file offset. The
page is assembled at close and renamed into place. Everything from the input is
escaped: party names come from customers.
"""

from __future__ import annotations

import heapq
import html
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from caspian.freshness import PUBLISHED_FROM_LABELS
from caspian.geo.countries import name as country_name
from caspian.geo.risk import country_groups
from caspian.items.groups import group as uav_group
from caspian.items.hs import chpl_entry

DECISIONS = ("BLOCK", "REVIEW", "CLEAR", "ERROR")
RANK = {"BLOCK": 0, "REVIEW": 1}
COLOURS = {"BLOCK": "#b91c1c", "REVIEW": "#b45309", "CLEAR": "#15803d", "ERROR": "#4b5563"}
# Country groups whose stops are marked on every route, with why.
MARKED_GROUPS = {"russia_belarus": "Russia/Belarus", "embargoed": "embargoed country"}
RECEIVING_ROLES = ("end_user", "consignee", "intermediate_consignee", "buyer")
ERROR_EXAMPLES = 200
SKIPPED_EXAMPLES = 20
TOP_REASONS = 12
COMPACT_FACTOR = 4  # rewrite the detail file when dead fragments outweigh live ones 4:1
COMPACT_MIN_BYTES = 4 << 20
STOP_RE = re.compile(r"route stop (\d+)\b")
COUNTRY_RE = re.compile(r"\(([A-Z]{2})\)")
ITEM_RE = re.compile(r"\bitem (\d+) '")

Obj = Mapping[str, Any]  # one JSON object of an order or a result
Reasons = Sequence[Obj]


def esc(value: object) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def _country(code: str) -> str:
    return country_name(code)


def _badge(decision: str) -> str:
    return f'<span class="badge {esc(decision)}">{esc(decision)}</span>'


def _objects(value: Any) -> list[tuple[int, Obj]]:
    """(position, object) of a JSON list, skipping non-objects as the order parser does."""
    if not isinstance(value, list):
        return []
    return [(i, x) for i, x in enumerate(value) if isinstance(x, Mapping)]


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


# -- what the reasons name ---------------------------------------------------------------


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _reasons_where(
    reasons: Reasons, test: Callable[[str], bool], kind: str | None = None
) -> list[Obj]:
    """The BLOCK/REVIEW reasons (of `kind`, if given) with an evidence line passing `test`."""
    return [
        r
        for r in reasons
        if r.get("decision") in RANK
        and (kind is None or r.get("kind") == kind)
        and any(test(str(e)) for e in r.get("evidence") or ())
    ]


def _named_by(reasons: Reasons, needle: str) -> list[Obj]:
    """The BLOCK/REVIEW reasons whose evidence names `needle` (a party label)."""
    return _reasons_where(reasons, lambda e: needle in e)


def _codes(reasons: Iterable[Obj]) -> list[str]:
    out: list[str] = []
    for r in reasons:
        code = str(r.get("code"))
        if code not in out:
            out.append(code)
    return out


def _level(reasons: Iterable[Obj]) -> str | None:
    decisions = {r.get("decision") for r in reasons}
    return "BLOCK" if "BLOCK" in decisions else "REVIEW" if "REVIEW" in decisions else None


# -- the route ---------------------------------------------------------------------------


@dataclass(slots=True)
class RoutePoint:
    """A point drawn on the route: a stop, or the receiving party after the last stop."""

    label: str
    country: str | None
    caption: str  # "origin", "stop 2", "destination", "consignee"
    party: bool = False
    detail: str = ""  # the party's address
    level: str | None = None  # BLOCK or REVIEW: marked as risky
    why: list[str] = field(default_factory=list)


def _flag(node: RoutePoint, level: str | None, why: str) -> None:
    if level is None:
        return
    node.why.append(why)
    if node.level != "BLOCK":
        node.level = level


def _mark(node: RoutePoint, reasons: Reasons, why: str) -> None:
    """Mark the node when `reasons` (the ones naming it) is not empty."""
    _flag(node, _level(reasons), f"{why} {', '.join(_codes(reasons))}")


def _mark_stop(node: RoutePoint, number: int, reasons: Reasons) -> None:
    """Risky: named in a BLOCK/REVIEW reason's evidence, in a country a geography reason
    names, or in Russia/Belarus or an embargoed country."""
    _mark(node, _reasons_where(reasons, lambda e: str(number) in STOP_RE.findall(e)), "named by")
    if not node.country:
        return
    code = node.country.upper()
    geo = _reasons_where(reasons, lambda e: code in COUNTRY_RE.findall(e), kind="geography")
    _mark(node, geo, f"country {code} named by")
    groups = [MARKED_GROUPS[g] for g in sorted(country_groups(code) & MARKED_GROUPS.keys())]
    _flag(node, "BLOCK" if groups else None, f"{_country(node.country)}: {', '.join(groups)}")


def _party_label(party: Obj) -> str:
    role = _text(party.get("role")).lower().replace("_", " ") or "party"
    return f"{role} '{_text(party.get('name'))}'"


def _party_in(order: Obj, roles: Sequence[str]) -> Obj | None:
    """The first named party of the first role in `roles` the order has."""
    parties = [p for _, p in _objects(order.get("parties"))]
    for role in roles:
        for party in parties:
            if _text(party.get("role")).lower().replace(" ", "_") == role and party.get("name"):
                return party
    return None


def _party_node(party: Obj, reasons: Reasons) -> RoutePoint:
    country = _text(party.get("country")).lower()
    label = _party_label(party)
    node = RoutePoint(
        _text(party.get("name")),
        country if len(country) == 2 else None,
        label.split(" '")[0],
        party=True,
        detail=_text(party.get("address")),
    )
    _mark(node, _named_by(reasons, label), "named by")
    return node


def route_nodes(order: Obj, reasons: Reasons) -> list[RoutePoint]:
    """The order's route stops, then its receiving party, each marked when risky; with no
    route, the seller then the receiving party."""
    stops = _objects(order.get("route"))
    nodes: list[RoutePoint] = []
    seller = None if stops else _party_in(order, ("seller",))
    if seller is not None:
        nodes.append(_party_node(seller, reasons))
    for pos, (i, stop) in enumerate(stops):
        country = _text(stop.get("country")).lower() or None
        caption = (
            "origin"
            if pos == 0 and len(stops) > 1
            else "destination"
            if pos == len(stops) - 1
            else f"stop {i + 1}"
        )
        node = RoutePoint(
            _text(stop.get("place")) or (country or "?").upper(),
            country if country and len(country) == 2 else None,
            caption,
        )
        _mark_stop(node, i + 1, reasons)
        nodes.append(node)
    receiver = _party_in(order, RECEIVING_ROLES)
    if receiver is not None and receiver is not seller:
        nodes.append(_party_node(receiver, reasons))
    return nodes


ROUTE_STEP, ROUTE_MARGIN, ROUTE_Y = 200, 110, 34


def _node_svg(node: RoutePoint, x: int) -> str:
    colour = COLOURS.get(node.level or "", "#fff")
    stroke = COLOURS.get(node.level or "", "#475569")
    title = f"{node.caption}: {node.label}" + (f" ({node.country.upper()})" if node.country else "")
    title += f", {node.detail}" if node.detail else ""
    if node.why:
        title += " — " + "; ".join(node.why)
    parts = [f"<g><title>{esc(title)}</title>"]
    if node.level:
        parts.append(
            f'<circle cx="{x}" cy="{ROUTE_Y}" r="15" fill="none" stroke="{stroke}" '
            'stroke-width="2"/>'
        )
    dash = ' stroke-dasharray="3 2"' if node.party else ""
    parts.append(
        f'<circle cx="{x}" cy="{ROUTE_Y}" r="9" fill="{colour}" stroke="{stroke}" '
        f'stroke-width="2.5"{dash}/>'
    )
    if node.level:
        parts.append(f'<text x="{x}" y="{ROUTE_Y + 4}" class="bang">!</text>')
    weight = ' class="risky"' if node.level else ""
    country = (
        f"{node.country.upper()} · {_short(_country(node.country), 20)}" if node.country else ""
    )
    parts.append(
        f'<text x="{x}" y="{ROUTE_Y + 34}"{weight}>{esc(_short(node.label, 24))}</text>'
        f'<text x="{x}" y="{ROUTE_Y + 50}" class="sub">{esc(country)}</text>'
        f'<text x="{x}" y="{ROUTE_Y + 66}" class="cap">{esc(node.caption)}</text></g>'
    )
    return "".join(parts)


def _segment_svg(x1: int, x2: int, dashed: bool) -> str:
    dash = ' stroke-dasharray="6 5"' if dashed else ""
    mid = (x1 + x2) // 2
    y = ROUTE_Y
    return (
        f'<line x1="{x1 + 16}" y1="{y}" x2="{x2 - 16}" y2="{y}" stroke="#64748b" '
        f'stroke-width="2.5"{dash}/><path d="M{mid - 5},{y - 6} L{mid + 6},{y} '
        f'L{mid - 5},{y + 6} z" fill="#64748b"/>'
    )


def route_svg(nodes: Sequence[RoutePoint]) -> str:
    """Origin to destination left to right; risky points filled red/amber with a '!'."""
    width = max(2 * ROUTE_MARGIN + (len(nodes) - 1) * ROUTE_STEP, 360)
    xs = [ROUTE_MARGIN + i * ROUTE_STEP for i in range(len(nodes))]
    if len(nodes) == 1:
        xs = [width // 2]
    names = " → ".join(n.label + (" (risky)" if n.level else "") for n in nodes)
    out = [
        f'<svg class="route" viewBox="0 0 {width} 110" width="{width}" role="img" '
        f'aria-label="Route: {esc(names)}">'
    ]
    for i in range(1, len(nodes)):
        out.append(_segment_svg(xs[i - 1], xs[i], nodes[i].party))
    out += [_node_svg(node, x) for node, x in zip(nodes, xs, strict=True)]
    out.append("</svg>")
    return "".join(out)


def route_html(order: Obj | None, reasons: Reasons) -> str:
    nodes = route_nodes(order or {}, reasons)
    if not nodes:
        return '<p class="muted">No route and no receiving party given.</p>'
    note = "" if any(not n.party for n in nodes) else " (none given: seller to receiving party)"
    legend = "".join(
        f'<li><span class="dot {esc(n.level)}"></span><b>{esc(n.label)}</b>'
        f"{esc(f' ({n.country.upper()})' if n.country else '')}"
        f"{esc(f', {n.detail}' if n.detail else '')}: {esc('; '.join(n.why))}</li>"
        for n in nodes
        if n.level
    )
    legend = f'<ul class="marks">{legend}</ul>' if legend else ""
    return f'<div class="routebox"><h4>Route{esc(note)}</h4>{route_svg(nodes)}{legend}</div>'


# -- one order ---------------------------------------------------------------------------


def _evidence(reason: Obj) -> str:
    items = "".join(f"<li>{esc(e)}</li>" for e in reason.get("evidence") or ())
    return f'<ul class="evidence">{items}</ul>' if items else ""


def _top_reason(reasons: Reasons) -> str:
    if not reasons:
        return ""
    top = reasons[0]
    decision = str(top.get("decision"))
    return (
        f'<div class="why {esc(decision)}"><div class="whyhead">{_badge(decision)} '
        f"<b>{esc(top.get('message'))}</b> <code>{esc(top.get('code'))}</code></div>"
        f'{_evidence(top)}<p class="guide">{esc(top.get("guidance"))}</p></div>'
    )


def _other_reasons(reasons: Reasons) -> str:
    if len(reasons) < 2:
        return ""
    rows = "".join(
        f'<li>{_badge(str(r.get("decision")))} <span class="sev">{esc(r.get("severity"))}</span> '
        f"<b>{esc(r.get('message'))}</b> <code>{esc(r.get('code'))}</code>{_evidence(r)}"
        f'<p class="guide">{esc(r.get("guidance"))}</p></li>'
        for r in reasons[1:]
    )
    return f'<h4>Other reasons ({len(reasons) - 1})</h4><ol class="reasons">{rows}</ol>'


def _match_cells(match: Obj) -> str:
    listed = esc(match.get("name"))
    if match.get("matched_name") and match.get("matched_name") != match.get("name"):
        listed += f'<div class="muted">matched on “{esc(match.get("matched_name"))}”</div>'
    lists = ", ".join(str(x) for x in match.get("lists") or ())
    score = float(match.get("score") or 0)
    verdict = "" if match.get("match", True) else '<div class="muted">below threshold</div>'
    return (
        f'<td class="listed">{listed}</td><td>{esc(lists)}<div class="muted">'
        f'{esc(match.get("id"))}</div></td><td class="num"><b>{score:.2f}</b>{verdict}</td>'
        f'<td class="expl">{esc(match.get("explanation"))}</td>'
    )


def _flags(reasons: Reasons) -> str:
    return "".join(f' <code class="flag">{esc(c)}</code>' for c in _codes(reasons))


def _party_cells(party: Obj, address: str, reasons: Reasons, span: int) -> str:
    """Role, name (with address and the codes of the reasons naming it), country."""
    td = f'<td rowspan="{span}">' if span > 1 else "<td>"
    address = f'<div class="muted">{esc(address)}</div>' if address else ""
    return (
        f'{td}<span class="role">{esc(party.get("role"))}</span></td>{td}'
        f"<b>{esc(party.get('name'))}</b>{address}"
        f"{_flags(_named_by(reasons, _party_label(party)))}</td>"
        f"{td}{esc(_text(party.get('country')).upper())}</td>"
    )


def _parties(result: Obj, order: Obj | None, reasons: Reasons) -> str:
    parties = [p for _, p in _objects(result.get("parties"))]
    if not parties:
        return ""
    given = [p for _, p in _objects((order or {}).get("parties"))]
    addresses = [_text(p.get("address")) for p in given] if len(given) == len(parties) else []
    rows = []
    for n, party in enumerate(parties):
        matches = [m for _, m in _objects(party.get("matches"))]
        who = _party_cells(party, addresses[n] if addresses else "", reasons, len(matches))
        if not matches:
            rows.append(f'<tr>{who}<td colspan="4" class="muted">no listed match</td></tr>')
            continue
        hit = ' class="hit"' if any(m.get("match", True) for m in matches) else ""
        for k, m in enumerate(matches):
            rows.append(f"<tr{hit}>{who if k == 0 else ''}{_match_cells(m)}</tr>")
    return (
        '<h4>Parties</h4><table class="parties"><thead><tr><th>Role</th><th>Party as ordered'
        "</th><th>Country</th><th>Listed as</th><th>List / id</th><th>Score</th>"
        f"<th>Why it matches</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _describe_item(given: Obj | None) -> str:
    if not given:
        return ""
    parts = [esc(_text(given.get("description")))]
    if given.get("part_number"):
        maker = f" ({esc(_text(given.get('manufacturer')))})" if given.get("manufacturer") else ""
        parts.append(f"<code>{esc(_text(given.get('part_number')))}</code>{maker}")
    if given.get("hs_code"):
        parts.append(f'<span class="muted">HS given {esc(_text(given.get("hs_code")))}</span>')
    if given.get("quantity") is not None:
        parts.append(f"× {esc(given.get('quantity'))}")
    return " ".join(p for p in parts if p)


def _hs_cell(item: Obj) -> str:
    hs6 = _text(item.get("hs6"))
    if not hs6:
        return '<span class="muted">unknown</span>'
    source = _text(item.get("hs6_source")).replace("_", " ")
    return f'{esc(hs6[:4])}.{esc(hs6[4:])}<div class="muted">{esc(source)}</div>'


def _tier_cell(item: Obj) -> str:
    tier = item.get("chpl_tier")
    if not tier:
        return '<span class="muted">not on CHPL</span>' if item.get("hs6") else "—"
    entry = chpl_entry(str(item.get("hs6") or ""))
    title = f' title="{esc(entry.description)}"' if entry else ""
    return f'<span class="tier"{title}>Tier {esc(tier)}</span>'


def _group_cell(item: Obj) -> str:
    group_id = item.get("uav_group")
    if not group_id:
        return "—"
    try:
        label = uav_group(str(group_id)).name
    except KeyError:
        label = str(group_id)
    return f'{esc(label)}<div class="muted">{esc(group_id)}</div>'


def _names_item(number: int) -> Callable[[str], bool]:
    return lambda evidence: str(number) in ITEM_RE.findall(evidence)


def _items(result: Obj, order: Obj | None, reasons: Reasons) -> str:
    items = [x for _, x in _objects(result.get("items"))]
    if not items:
        return ""
    given = dict(_objects((order or {}).get("items")))
    rows = []
    for item in items:
        index = _int(item.get("index"))
        flags = _reasons_where(reasons, _names_item(index + 1))
        sensitive = ' class="sensitive"' if item.get("chpl_tier") or item.get("uav_group") else ""
        evidence = "".join(f"<li>{esc(e)}</li>" for e in item.get("evidence") or ())
        how = (
            f'<details><summary>how classified</summary><ul class="evidence">{evidence}'
            "</ul></details>"
            if evidence
            else ""
        )
        rows.append(
            f'<tr{sensitive}><td class="num">{index + 1}</td><td>{_describe_item(given.get(index))}'
            + _flags(flags)
            + f"{how}</td><td>{_hs_cell(item)}</td><td>{_tier_cell(item)}</td>"
            f"<td>{_group_cell(item)}</td><td>{esc(item.get('eccn') or '—')}</td>"
            f'<td class="num">{float(item.get("confidence") or 0):.2f}</td></tr>'
        )
    return (
        '<h4>Items</h4><table class="items"><thead><tr><th>#</th><th>Item as ordered</th>'
        "<th>HS-6</th><th>CHPL</th><th>UAV item group</th><th>ECCN</th><th>Confidence</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_card(anchor: str, order: Obj | None, result: Obj) -> str:
    """The full detail of one BLOCK/REVIEW order: why first, then route, parties, items."""
    decision = str(result.get("decision"))
    reasons = [r for _, r in _objects(result.get("reasons"))]
    date = _text((order or {}).get("date"))
    return (
        f'<article class="order {esc(decision)}" id="{anchor}"><header>{_badge(decision)}'
        f'<h3>{esc(result.get("id"))}</h3><span class="risk">risk {esc(result.get("risk"))}'
        f"/100</span>"
        + (f'<span class="muted">{esc(date)}</span>' if date else "")
        + f"{_reason_count(reasons)}</header>{_top_reason(reasons)}{route_html(order, reasons)}"
        f"{_parties(result, order, reasons)}{_items(result, order, reasons)}"
        f'{_other_reasons(reasons)}<a class="top" href="#index">back to the list</a></article>\n'
    )


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _reason_count(reasons: Reasons) -> str:
    return f'<span class="muted">{_plural(len(reasons), "reason")}</span>'


def render_index_row(anchor: str, result: Obj) -> str:
    reasons = [r for _, r in _objects(result.get("reasons"))]
    top = reasons[0] if reasons else {}
    evidence = next(iter(top.get("evidence") or ()), "")
    return (
        f'<tr><td><a href="#{anchor}">{esc(result.get("id"))}</a></td>'
        f'<td>{_badge(str(result.get("decision")))}</td><td class="num">'
        f"{esc(result.get('risk'))}</td><td><b>{esc(top.get('message'))}</b>"
        f'<div class="muted">{esc(_short(str(evidence), 220))}</div></td>'
        f'<td class="num">{len(reasons)}</td></tr>\n'
    )


def render_clear_row(order: Obj | None, result: Obj) -> str:
    parties = [p for _, p in _objects(result.get("parties"))]
    names = "; ".join(
        f"{_text(p.get('role'))}: {_text(p.get('name'))}"
        for p in parties
        if p.get("role") != "seller"
    )
    route = " → ".join(
        _text(s.get("place")) or _text(s.get("country")).upper()
        for _, s in _objects((order or {}).get("route"))
    )
    return (
        f'<tr><td>{esc(result.get("id"))}</td><td class="num">{esc(result.get("risk"))}</td>'
        f"<td>{esc(_short(names, 160))}</td><td>{esc(_short(route, 120))}</td>"
        f'<td class="num">{len(_objects(result.get("items")))}</td></tr>\n'
    )


# -- the summary -------------------------------------------------------------------------


def decision_chart(counts: Mapping[str, int]) -> str:
    """Horizontal bars, one per decision, each labelled with its name, count and share."""
    total = sum(counts.values()) or 1
    shown = [d for d in DECISIONS if d != "ERROR" or counts.get(d)]
    peak = max((counts.get(d, 0) for d in shown), default=0) or 1
    height = 36 * len(shown) + 8
    rows = []
    for i, decision in enumerate(shown):
        count = counts.get(decision, 0)
        y = 8 + 36 * i
        width = round(300 * count / peak)
        rows.append(
            f'<text x="0" y="{y + 18}" class="lbl">{decision}</text>'
            f'<rect x="80" y="{y}" width="{max(width, 2)}" height="26" rx="3" '
            f'fill="{COLOURS[decision]}"/><text x="{86 + width}" y="{y + 18}">{count:,} '
            f"({100 * count / total:.0f}%)</text>"
        )
    label = ", ".join(f"{counts.get(d, 0)} {d}" for d in shown)
    return (
        f'<svg class="chart" viewBox="0 0 470 {height}" width="470" role="img" '
        f'aria-label="Decisions: {esc(label)}"><title>Decisions: {esc(label)}</title>'
        f"{''.join(rows)}</svg>"
    )


def _tiles(counts: Mapping[str, int], skipped: int) -> str:
    tiles = [
        f'<div class="tile {d}"><div class="n">{counts.get(d, 0):,}</div><div>{label}</div></div>'
        for d, label in (
            ("BLOCK", "to block"),
            ("REVIEW", "to review"),
            ("CLEAR", "clear"),
            ("ERROR", "could not be screened"),
        )
    ]
    tiles.append(
        f'<div class="tile SKIP"><div class="n">{skipped:,}</div>'
        "<div>input rows skipped</div></div>"
    )
    return f'<div class="tiles">{"".join(tiles)}</div>'


@dataclass(slots=True)
class ReasonCount:
    message: str
    decision: str
    orders: int = 0


def reasons_table(reasons: Mapping[str, ReasonCount]) -> str:
    if not reasons:
        return '<p class="muted">No reason fired: every order is clear.</p>'
    top = sorted(
        reasons.items(), key=lambda kv: (-kv[1].orders, RANK.get(kv[1].decision, 2), kv[0])
    )[:TOP_REASONS]
    peak = top[0][1].orders or 1
    rows = "".join(
        f"<tr><td>{_badge(r.decision)}</td><td>{esc(r.message)} <code>{esc(code)}</code></td>"
        f'<td class="num">{r.orders:,}</td><td class="barcell">'
        f'<span class="bar {esc(r.decision)}" style="width:{100 * r.orders // peak}%"></span>'
        "</td></tr>"
        for code, r in top
    )
    more = (
        f'<p class="muted">{_plural(len(reasons) - len(top), "more reason")} fired less often.</p>'
        if len(reasons) > len(top)
        else ""
    )
    return (
        f'<table class="reasonstbl"><thead><tr><th></th><th>Reason</th>'
        f"<th>Orders</th><th></th></tr></thead><tbody>{rows}</tbody></table>{more}"
    )


def describe_list_date(entry: Obj) -> str:
    """'snapshot as of 2024-11-18' for the bundled snapshot, else the date and its origin."""
    published = entry.get("published")
    if not published:
        return "no publication date"
    if entry.get("bundled"):
        return f"bundled snapshot as of {published}"
    how = str(entry.get("published_from") or "")
    return f"{published} ({PUBLISHED_FROM_LABELS.get(how, how)})"


def lists_brief(lists: Sequence[Obj]) -> str:
    """One line for the summary: how many lists, how old, how many warnings."""
    if not lists:
        return (
            '<p class="alert">⚠ No list was loaded: nothing was screened against any '
            "sanctions list.</p>"
        )
    dates = sorted(str(e["published"]) for e in lists if e.get("published"))
    entities = sum(_int(e.get("entity_count")) for e in lists)
    text = (
        f"Screened against {len(lists)} list version{'s' if len(lists) != 1 else ''} "
        f"({entities:,} entities)"
    )
    if dates:
        text += f", published {dates[0]}" + (f" to {dates[-1]}" if dates[-1] != dates[0] else "")
    bundled = [e for e in lists if e.get("bundled")]
    if bundled:
        text += "; " + ", ".join(
            f"{e.get('source')} is Caspian's bundled snapshot as of "
            f"{e.get('published')}, not the official list"
            for e in bundled
        )
    stale = sum(1 for e in lists if e.get("warnings"))
    if stale:
        return (
            f'<p class="alert">⚠ {esc(text)}. {stale} of {len(lists)} carry a warning (stale, '
            'undated or a snapshot): see <a href="#lists">Lists used</a>.</p>'
        )
    return f'<p>{esc(text)}: see <a href="#lists">Lists used</a>.</p>'


def lists_table(lists: Sequence[Obj]) -> str:
    if not lists:
        return lists_brief(lists)
    rows = []
    for entry in lists:
        warnings = "".join(
            f'<div class="warn">⚠ {esc(w)}</div>' for w in entry.get("warnings") or ()
        )
        snapshot = ' <span class="snap">bundled snapshot</span>' if entry.get("bundled") else ""
        rows.append(
            f'<tr><td><b>{esc(entry.get("source"))}</b>{snapshot}<div class="muted">'
            f"{esc(entry.get('title'))}</div></td><td><code>{esc(entry.get('version'))}</code>"
            f'</td><td>{esc(describe_list_date(entry))}</td><td class="num">'
            f"{_int(entry.get('entity_count')):,}</td><td>{warnings}</td></tr>"
        )
    return (
        '<table class="lists"><thead><tr><th>List</th><th>Version</th><th>Date</th>'
        f"<th>Entities</th><th>Warnings</th></tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table>"
    )


def input_section(
    columns: Mapping[str, str] | None, skipped: int, examples: Sequence[str], notes: Sequence[str]
) -> str:
    """What the input adapter understood, ignored and skipped; notes from the caller."""
    parts = []
    if columns:
        used = [(c, f) for c, f in columns.items() if f and f != "ignored"]
        ignored = [c for c, f in columns.items() if not f or f == "ignored"]
        parts.append(
            "<p>Columns understood: "
            + ", ".join(f"<code>{esc(c)}</code> → {esc(f)}" for c, f in used)
            + "</p>"
        )
        if ignored:
            parts.append(
                "<p>Columns ignored: "
                + ", ".join(f"<code>{esc(c)}</code>" for c in ignored)
                + "</p>"
            )
    if skipped:
        shown = "".join(f"<li>{esc(x)}</li>" for x in examples)
        parts.append(
            f"<p>{skipped:,} input rows or lines could not be used"
            + (f", for example:</p><ul>{shown}</ul>" if shown else ".</p>")
        )
    parts += [f"<p>{esc(n)}</p>" for n in notes]
    return "".join(parts)


def errors_section(total: int, examples: Sequence[tuple[str, str, str]]) -> str:
    if not total:
        return ""
    rows = "".join(
        f"<tr><td>{esc(line)}</td><td>{esc(oid)}</td><td>{esc(msg)}</td></tr>"
        for line, oid, msg in examples
    )
    more = (
        f'<p class="muted">{total - len(examples):,} more are only in the JSON lines output.</p>'
        if total > len(examples)
        else ""
    )
    return (
        f'<section><h2 id="errors">Orders that could not be screened ({total:,})</h2>'
        "<p>Nothing was decided for these lines: fix them and screen them again.</p>"
        "<table><thead><tr><th>Line</th><th>Id</th><th>Problem</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{more}</section>"
    )


CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;
 margin:0;background:#f3f4f6;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:1280px;margin:0 auto;padding:20px 28px 60px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:30px 0 10px;
 border-bottom:2px solid #d1d5db;padding-bottom:4px}h3{display:inline;font-size:18px;margin:0 8px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#4b5563;margin:16px 0 6px}
code{font:12px ui-monospace,Menlo,Consolas,monospace;background:#eef2f7;padding:1px 4px;
 border-radius:3px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:5px 8px;vertical-align:top;text-align:left}
th{background:#f9fafb;font-weight:600}td code,.index td:first-child{white-space:nowrap}
td.num{text-align:right;white-space:nowrap}
.muted{color:#6b7280;font-size:12px}.meta{color:#4b5563;margin:0}
.badge{display:inline-block;color:#fff;font-weight:700;font-size:12px;padding:2px 8px;
 border-radius:4px;letter-spacing:.03em}
.badge.BLOCK{background:#b91c1c}.badge.REVIEW{background:#b45309}.badge.CLEAR{background:#15803d}
.badge.ERROR{background:#4b5563}
.tiles{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}
.tile{background:#fff;border-radius:8px;padding:10px 16px;min-width:150px;
 border-left:6px solid #9ca3af}.tile .n{font-size:28px;font-weight:700}
.tile.BLOCK{border-color:#b91c1c}.tile.BLOCK .n{color:#b91c1c}
.tile.REVIEW{border-color:#b45309}.tile.REVIEW .n{color:#b45309}
.tile.CLEAR{border-color:#15803d}.tile.CLEAR .n{color:#15803d}
.summary{display:grid;grid-template-columns:480px 1fr;gap:20px;align-items:start}
.panel{background:#fff;border-radius:8px;padding:12px 16px}
.chart text{font-size:13px;dominant-baseline:auto}.chart .lbl{font-weight:700}
.facts{list-style:none;padding:0;margin:10px 0 0;font-size:13px}.facts li{margin:2px 0}
.barcell{width:22%}.bar{display:inline-block;height:10px;border-radius:2px;background:#9ca3af}
.bar.BLOCK{background:#b91c1c}.bar.REVIEW{background:#b45309}
.alert{background:#fef3c7;border:1px solid #f59e0b;padding:8px 12px;border-radius:6px}
.warn{color:#92400e;font-size:12px}.snap{background:#fde68a;font-size:11px;padding:1px 5px;
 border-radius:3px}
.order{background:#fff;border-radius:8px;margin:18px 0;padding:14px 18px;
 border-left:8px solid #9ca3af;break-inside:auto}
.order.BLOCK{border-color:#b91c1c}.order.REVIEW{border-color:#b45309}
.order>header{display:flex;align-items:baseline;gap:10px;flex-wrap:wrap}
.risk{font-weight:700}
.why{margin:10px 0;padding:10px 14px;border-radius:6px;background:#fef2f2;
 border:1px solid #fecaca;break-inside:avoid}
.why.REVIEW{background:#fffbeb;border-color:#fde68a}.whyhead{font-size:15px}
.evidence{margin:6px 0 2px 0;padding-left:20px}.evidence li{margin:2px 0}
.guide{color:#4b5563;font-size:12px;margin:4px 0 0}.guide:before{content:"Guidance: ";
 font-weight:600}
.reasons{padding-left:22px}.reasons>li{margin:8px 0}
.sev{font-size:11px;text-transform:uppercase;color:#6b7280}
.routebox{break-inside:avoid}svg.route{max-width:100%;height:auto;display:block}
svg.route text{font-size:13px;text-anchor:middle;fill:#111827}
svg.route text.sub{font-size:11px;fill:#4b5563}svg.route text.cap{font-size:11px;fill:#6b7280;
 font-style:italic}svg.route text.risky{font-weight:700;fill:#991b1b}
svg.route text.bang{fill:#fff;font-weight:800;font-size:13px}
.marks{list-style:none;padding:0;margin:4px 0;font-size:12px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.dot.BLOCK{background:#b91c1c}.dot.REVIEW{background:#b45309}
tr.hit td{background:#fef2f2}td.listed{font-weight:700;color:#991b1b}
td.expl{font-size:12px;color:#374151;max-width:420px}
.role{font-size:12px;text-transform:uppercase;color:#4b5563}
.flag{background:#fee2e2;color:#991b1b;font-size:11px}
tr.sensitive td{background:#fffbeb}.tier{font-weight:700;color:#92400e}
details summary{cursor:pointer;color:#4b5563;font-size:12px}
a.top{font-size:12px;display:block;text-align:right;margin-top:6px}
footer{color:#6b7280;font-size:12px;margin-top:30px}
@media print{body{background:#fff}main{padding:0}a.top{display:none}
 .order{border:1px solid #d1d5db;border-left-width:8px}.summary{grid-template-columns:1fr}}
@media (max-width:900px){.summary{grid-template-columns:1fr}}
"""


# -- the writer --------------------------------------------------------------------------


@dataclass(slots=True)
class _Kept:
    """Where a detailed order's index row and card are in the detail file."""

    offset: int
    row_len: int
    card_len: int


class ReportWriter:
    """Collects results one at a time; writes the HTML report at close."""

    def __init__(self, path: Path, *, title: str, source: str, max_details: int = 2000) -> None:
        self.path = path
        self.title = title
        self.source = source
        self.max_details = max_details
        self.counts: Counter[str] = Counter()
        self.reasons: dict[str, ReasonCount] = {}
        self.facts: Counter[str] = Counter()
        self.errors: list[tuple[str, str, str]] = []
        self.skipped_rows = 0
        self.skipped_examples: list[str] = []
        self.clear_rows = 0
        self._seq = 0
        # Max-heap on (rank, -risk, seq) via negation: heap[0] is the detail to drop first.
        self._heap: list[tuple[int, int, int, _Kept]] = []
        self._live_bytes = 0
        self._first_lists: list[dict[str, Any]] | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._details: IO[bytes] = tempfile.TemporaryFile(dir=path.parent, prefix=".report-")  # noqa: SIM115
        self._clear: IO[bytes] = tempfile.TemporaryFile(dir=path.parent, prefix=".report-")  # noqa: SIM115

    @property
    def detailed(self) -> int:
        """How many orders are kept for full detail (never more than max_details)."""
        return len(self._heap)

    def add(self, order: dict[str, Any] | None, result: dict[str, Any]) -> None:
        self._seq += 1
        decision = str(result.get("decision"))
        if decision not in RANK and decision != "CLEAR":
            self._add_error(result)
            return
        self.counts[decision] += 1
        if self._first_lists is None and isinstance(result.get("lists"), list):
            self._first_lists = result["lists"]
        self._count_reasons(result)
        self._count_facts(result)
        if decision in RANK:
            self._keep_detail(decision, order, result)
        elif self.clear_rows < self.max_details:
            self._clear.write(render_clear_row(order, result).encode())
            self.clear_rows += 1

    def skipped(self, count: int, examples: list[str]) -> None:
        self.skipped_rows += count
        room = SKIPPED_EXAMPLES - len(self.skipped_examples)
        self.skipped_examples += [str(x) for x in examples[: max(room, 0)]]

    def _add_error(self, result: Obj) -> None:
        self.counts["ERROR"] += 1
        if len(self.errors) < ERROR_EXAMPLES:
            self.errors.append(
                (
                    _text(result.get("line")),
                    _text(result.get("id")),
                    _text(result.get("error")) or "no decision in the result",
                )
            )

    def _count_reasons(self, result: Obj) -> None:
        """Each code once per order, described by its first reason ever seen."""
        counted: set[str] = set()
        for _, reason in _objects(result.get("reasons")):
            code = str(reason.get("code"))
            if code in counted:
                continue
            counted.add(code)
            if code not in self.reasons:
                self.reasons[code] = ReasonCount(
                    _text(reason.get("message")), _text(reason.get("decision"))
                )
            self.reasons[code].orders += 1

    def _count_facts(self, result: Obj) -> None:
        parties = [p for _, p in _objects(result.get("parties"))]
        if any(m.get("match", True) for p in parties for _, m in _objects(p.get("matches"))):
            self.facts["Orders with a party on a list"] += 1
        items = [x for _, x in _objects(result.get("items"))]
        if any(x.get("chpl_tier") or x.get("uav_group") for x in items):
            self.facts["Orders with CHPL or UAV-relevant items"] += 1

    def _keep_detail(self, decision: str, order: Obj | None, result: Obj) -> None:
        risk = _int(result.get("risk"))
        key = (-RANK[decision], risk, -self._seq)
        if self.max_details <= 0:
            return
        if len(self._heap) >= self.max_details and key <= self._heap[0][:3]:
            return  # worse than every detail kept
        anchor = f"o{self._seq}"
        row = render_index_row(anchor, result).encode()
        card = render_card(anchor, order, result).encode()
        self._details.seek(0, 2)
        kept = _Kept(self._details.tell(), len(row), len(card))
        self._details.write(row + card)
        self._live_bytes += len(row) + len(card)
        if len(self._heap) < self.max_details:
            heapq.heappush(self._heap, (*key, kept))
        else:
            _, _, _, dropped = heapq.heapreplace(self._heap, (*key, kept))
            self._live_bytes -= dropped.row_len + dropped.card_len
            self._maybe_compact()

    def _maybe_compact(self) -> None:
        """Copy the live fragments to a fresh file when dropped ones dominate the disk."""
        size = self._details.seek(0, 2)
        if size < COMPACT_MIN_BYTES or size < COMPACT_FACTOR * self._live_bytes:
            return
        fresh: IO[bytes] = tempfile.TemporaryFile(dir=self.path.parent, prefix=".report-")  # noqa: SIM115
        for *_, kept in self._heap:
            self._details.seek(kept.offset)
            blob = self._details.read(kept.row_len + kept.card_len)
            kept.offset = fresh.tell()
            fresh.write(blob)
        self._details.close()
        self._details = fresh

    def _sorted_kept(self) -> list[_Kept]:
        return [k for *_, k in sorted(self._heap, key=lambda h: (-h[0], -h[1], -h[2]))]

    def close(
        self,
        *,
        seconds: float,
        lists: list[dict[str, Any]],
        columns: dict[str, str] | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        """Assemble the page into `<path>.partial` and rename it into place."""
        tmp = self.path.with_name(self.path.name + ".partial")
        try:
            with tmp.open("w", encoding="utf-8") as out:
                self._write(out, seconds, lists or self._first_lists or [], columns, notes)
            tmp.replace(self.path)
        finally:
            self.discard()
            tmp.unlink(missing_ok=True)

    def discard(self) -> None:
        """Free the temporary files without writing the report (close does this too)."""
        self._details.close()
        self._clear.close()

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.discard()

    def _write(
        self,
        out: IO[str],
        seconds: float,
        lists: Sequence[Obj],
        columns: Mapping[str, str] | None,
        notes: Sequence[str],
    ) -> None:
        out.write(self._head(seconds))
        out.write(self._summary(lists, columns, notes))
        kept = self._sorted_kept()
        self._write_details(out, kept)
        out.write(self._clear_section())
        self._copy(self._clear, out)
        out.write("</tbody></table></section>" if self.counts["CLEAR"] else "")
        out.write(errors_section(self.counts["ERROR"], self.errors))
        out.write(f'<section><h2 id="lists">Lists used</h2>{lists_table(lists)}</section>')
        out.write(
            f"<footer>Caspian screening report · {esc(self.source)}</footer></main></body></html>\n"
        )

    def _head(self, seconds: float) -> str:
        screened = sum(v for k, v in self.counts.items() if k != "ERROR")
        rate = f", {screened / seconds:,.0f} orders/s" if seconds > 0 and screened else ""
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{esc(self.title)}</title><style>{CSS}</style></head><body><main>"
            f'<h1>{esc(self.title)}</h1><p class="meta">Input <b>{esc(self.source)}</b> · '
            f"{sum(self.counts.values()):,} orders · {self.skipped_rows:,} rows skipped · "
            f"screened in {seconds:,.1f} s{rate} · report written {now}</p>"
        )

    def _summary(
        self,
        lists: Sequence[Obj],
        columns: Mapping[str, str] | None,
        notes: Sequence[str],
    ) -> str:
        inputs = input_section(columns, self.skipped_rows, self.skipped_examples, notes)
        return (
            f'<section><h2 id="summary">Summary</h2>{_tiles(self.counts, self.skipped_rows)}'
            f'<div class="summary"><div class="panel"><h4>Decisions</h4>'
            f"{decision_chart(self.counts)}{self._facts_list()}</div>"
            f'<div class="panel"><h4>Reasons that fired most</h4>{reasons_table(self.reasons)}'
            f"</div></div>{lists_brief(lists)}"
            + (f'<h2 id="input">Input</h2>{inputs}' if inputs else "")
            + "</section>"
        )

    def _facts_list(self) -> str:
        screened = sum(v for k, v in self.counts.items() if k != "ERROR")
        rows = "".join(
            f"<li>{k}: <b>{self.facts[k]:,}</b></li>"
            for k in ("Orders with a party on a list", "Orders with CHPL or UAV-relevant items")
        )
        return f'<ul class="facts"><li>Orders screened: <b>{screened:,}</b></li>{rows}</ul>'

    def _write_details(self, out: IO[str], kept: Sequence[_Kept]) -> None:
        flagged = self.counts["BLOCK"] + self.counts["REVIEW"]
        if not flagged:
            return
        more = flagged - len(kept)
        note = (
            f'<p class="alert">Only the {len(kept):,} highest-risk orders are shown; '
            f"{more:,} more BLOCK/REVIEW orders are only in the JSON lines output.</p>"
            if more
            else ""
        )
        out.write(
            f'<section><h2 id="index">Orders to block or review ({flagged:,})</h2>{note}'
            '<table class="index"><thead><tr><th>Order</th><th>Decision</th><th>Risk</th>'
            "<th>Top reason and evidence</th><th>Reasons</th></tr></thead><tbody>"
        )
        for k in kept:
            out.write(self._fragment(k.offset, k.row_len))
        out.write(
            '</tbody></table></section><section><h2 id="details">Why each order was stopped</h2>'
        )
        for k in kept:
            out.write(self._fragment(k.offset + k.row_len, k.card_len))
        out.write(f"{note}</section>")

    def _fragment(self, offset: int, length: int) -> str:
        self._details.seek(offset)
        return self._details.read(length).decode()

    def _clear_section(self) -> str:
        total = self.counts["CLEAR"]
        if not total:
            return ""
        more = total - self.clear_rows
        note = (
            f'<p class="muted">The first {self.clear_rows:,} are listed; {more:,} more are '
            "only in the JSON lines output.</p>"
            if more
            else ""
        )
        return (
            f'<section><h2 id="clear">Clear orders ({total:,})</h2>{note}<table '
            'class="clear"><thead><tr><th>Order</th><th>Risk</th><th>Parties</th>'
            "<th>Route</th><th>Items</th></tr></thead><tbody>"
        )

    @staticmethod
    def _copy(src: IO[bytes], out: IO[str]) -> None:
        src.seek(0)
        for line in src:  # each fragment ends with a newline: never splits a character
            out.write(line.decode())
