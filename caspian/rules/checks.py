"""The checks rules are made of: small pure functions over an order's facts.

A rule in a data file (`caspian/data/policy.toml`, `caspian/data/red_flags.toml`) names
a check and its parameters; the check returns its findings, each a line of evidence and
the refs of the order elements it is about (empty: the rule does not apply). Adding a
rule to a jurisdiction's policy needs no code, only a check that already reads what it
needs.

A ref names an element of the order as `caspian/order.py` parses it: `parties[1]`,
`items[0]`, `route[2]` (the index in the order's list), or a top-level field that is no
list (`payment`, `end_use`, `notes`, `date`). Readers of a result (the HTML report) mark
parties, items and route stops from the refs, never from the wording of the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from caspian.facts import Facts, ItemFacts, Subject
from caspian.geo.countries import name as country_name

Params = dict[str, Any]
LIST_FIELDS = ("parties", "items", "route")
ORDER_FIELDS = ("id", "date", "payment", "end_use", "notes")
ELEMENT_RE = re.compile(r"(?<![\w.])(parties|items|route)\[(\d+)\]")
FIELD_RE = re.compile(r"^(" + "|".join(LIST_FIELDS + ORDER_FIELDS) + r")\b")


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of evidence and the refs of the order elements it is about."""

    evidence: str
    refs: tuple[str, ...] = ()


Check = Callable[[Facts, Params, float, float], list[Finding]]  # facts, params, match, review


@lru_cache(maxsize=4096)
def _ref_key(ref: str) -> tuple[int, int, str]:
    element = ELEMENT_RE.fullmatch(ref)
    if element:
        return LIST_FIELDS.index(element.group(1)), int(element.group(2)), ""
    return len(LIST_FIELDS), 0, ref


def sorted_refs(refs: Iterable[str]) -> tuple[str, ...]:
    """Each ref once: parties, items, route by index, then the other fields."""
    return tuple(sorted(set(refs), key=_ref_key))


def field_ref(path: str) -> str | None:
    """The element a field path names: `items[0].hs_code` -> `items[0]`,
    `row 7, column 'Qty' (items[1].quantity)` -> `items[1]`, `payment.method` ->
    `payment`; None for a path outside the order (`line 3`)."""
    element = ELEMENT_RE.search(path)
    if element:
        return element.group(0)
    inner = path.rsplit("(", 1)[-1].rstrip(")") if path.endswith(")") else path
    top = FIELD_RE.match(inner.strip())
    return top.group(1) if top else None


def _refs(*groups: Iterable[Subject | ItemFacts]) -> tuple[str, ...]:
    return sorted_refs(x.ref for group in groups for x in group)


def _subjects_text(subjects: Sequence[Subject]) -> str:
    return ", ".join(s.label for s in subjects)


def _items_text(items: Sequence[ItemFacts]) -> str:
    parts = []
    for item in items:
        what = []
        if item.cls.chpl_tier:
            what.append(f"CHPL tier {item.cls.chpl_tier}")
        if item.cls.uav_group_name:
            what.append(item.cls.uav_group_name)
        parts.append(f"{item.label} ({'; '.join(what)})")
    return ", ".join(parts)


@cache
def _words(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Terms as whole words (or word starts, for stems ending in '*'), any script."""
    parts = []
    for term in terms:
        body = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if term.endswith("*") else r"(?!\w)"))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


# -- parties --------------------------------------------------------------------------


def party_listed(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """A party matches a listed entity."""
    out = []
    for pf in facts.parties:
        for m in pf.matches:
            if m.score >= match:
                out.append(Finding(
                    f"{pf.subject.label} matches {m.entity.id} '{m.entity.caption}' "
                    f"({', '.join(m.entity.datasets or [m.entity.source])}), score "
                    f"{m.score:.2f}: {m.explanation}", (pf.ref,)))  # fmt: skip
                break
    return out


def party_near_listed(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """A party resembles a listed entity without matching it."""
    out = []
    for pf in facts.parties:
        best = pf.matches[0] if pf.matches else None
        if best is not None and review <= best.score < match:
            text = (
                f"{pf.subject.label} resembles {best.entity.id} '{best.entity.caption}', "
                f"score {best.score:.3f} (match at {match:g}): {best.explanation}"
            )
            out.append(Finding(text, (pf.ref,)))
    return out


def party_name_has(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """A party in the given roles has one of the terms in its name."""
    pattern = _words(tuple(params["terms"]))
    out = []
    for pf in facts.parties:
        if pf.party.role in params["roles"] and pf.party.name:
            found = pattern.search(pf.party.name)
            if found:
                out.append(
                    Finding(f"{pf.subject.label}: the name says '{found.group(0)}'", (pf.ref,))
                )
    return out


def party_name_has_with_items(
    facts: Facts, params: Params, match: float, review: float
) -> list[Finding]:
    """As party_name_has, when the order holds items of the given UAV groups."""
    items = [i for i in facts.items if i.cls.uav_group in params["groups"]]
    if not items:
        return []
    hits = party_name_has(facts, params, match, review)
    return [
        Finding(
            f"{hit.evidence}; ordering {_items_text(items)}", sorted_refs(hit.refs + _refs(items))
        )
        for hit in hits
    ]


# -- places -----------------------------------------------------------------------------


def subject_in_group(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """A subject (destination, party, route stop) is in a country of the group."""
    group = params["group"]
    found = [s for s in facts.select(params["subjects"]) if group in s.groups]
    if not found:
        return []
    countries = sorted({country_name(s.country) for s in found if s.country})
    text = f"{_subjects_text(found)}: {', '.join(countries)} ({group.replace('_', ' ')})"
    return [Finding(text, _refs(found))]


def subject_at_place(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """A subject's address or route stop is a place with one of the roles."""
    roles = set(params["roles"])
    out = []
    for s in facts.select(params["subjects"]):
        for hit in s.places:
            if roles & hit.place.roles:
                which = ", ".join(sorted(roles & hit.place.roles)).replace("_", " ")
                out.append(
                    Finding(f"{s.label}: '{hit.matched}' is {hit.place.name} ({which})", (s.ref,))
                )
                break
    return out


# -- items ------------------------------------------------------------------------------


def _with_items(items: Sequence[ItemFacts], text: str, hits: list[Finding]) -> list[Finding]:
    return [Finding(f"{text} -> {h.evidence}", sorted_refs(h.refs + _refs(items))) for h in hits]


def sensitive_items_and(inner: Check) -> Check:
    """A place check that counts only when the order holds CHPL or UAV items."""

    def check(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
        items = facts.sensitive_items
        if not items:
            return []
        return _with_items(items, _items_text(items), inner(facts, params, match, review))

    check.__doc__ = f"CHPL or UAV items, and: {inner.__doc__}"
    return check


def other_items_and(inner: Check) -> Check:
    """A place check that counts for items not on the CHPL or UAV lists."""

    def check(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
        items = [i for i in facts.items if not i.sensitive]
        if not items:
            return []
        names = ", ".join(i.label for i in items)
        return _with_items(items, names, inner(facts, params, match, review))

    check.__doc__ = f"items not on the CHPL or UAV lists, and: {inner.__doc__}"
    return check


def vague_end_use(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """CHPL or UAV items with no end use, or one that says nothing."""
    items = facts.sensitive_items
    if not items:
        return []
    refs = sorted_refs([*_refs(items), "end_use"])
    end_use = (facts.order.end_use or "").strip()
    if not end_use:
        return [Finding(f"{_items_text(items)}: no end use given", refs)]
    vague = _words(tuple(params["vague"]))
    if len(end_use) < int(params.get("min_length", 0)) or vague.fullmatch(end_use.strip(" .")):
        return [
            Finding(f"{_items_text(items)}: end use '{end_use}' says nothing about the use", refs)
        ]
    return []


# -- route ------------------------------------------------------------------------------


def route_hub_to(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """The route passes a country of one group to reach a destination in another."""
    hubs = [s for s in facts.route if params["via"] in s.groups and not s.destination]
    if not hubs:
        return []
    targets = [s for s in facts.select(["destination"]) if set(params["to"]) & s.groups]
    if not targets:
        return []
    return [
        Finding(f"via {_subjects_text(hubs)} to {_subjects_text(targets)}", _refs(hubs, targets))
    ]


# -- payment and notes ------------------------------------------------------------------


def payment_method(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """The order is paid in one of the methods."""
    payment = facts.order.payment
    method = payment.method if payment else None
    if method and method in params["methods"]:
        return [Finding(f"payment in {method.replace('_', ' ')}", ("payment",))]
    return []


def payer_third_country(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """Payment comes from a country where no buyer, consignee or end user is."""
    payment = facts.order.payment
    if not payment or not payment.payer_country:
        return []
    known = {p.country for p in facts.order.parties_in(*params["roles"]) if p.country}
    if not known or payment.payer_country in known:
        return []
    them = ", ".join(sorted(country_name(c) for c in known))
    payers = [pf.ref for pf in facts.parties if pf.party.role == "payer"]
    return [Finding(f"payer in {country_name(payment.payer_country)}; parties in {them}",
                    sorted_refs([*payers, "payment"]))]  # fmt: skip


def text_has(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """The order's notes or end use say one of the terms."""
    pattern = _words(tuple(params["terms"]))
    out = []
    for label, ref, text in (("notes", "notes", facts.order.notes),
                             ("end use", "end_use", facts.order.end_use)):  # fmt: skip
        found = pattern.search(text or "")
        if found:
            out.append(Finding(f"{label} say '{found.group(0)}'", (ref,)))
    return out


def input_errors(facts: Facts, params: Params, match: float, review: float) -> list[Finding]:
    """A field could not be read: never screen a gap as clear."""
    out = []
    for e in facts.order.input_errors:
        ref = field_ref(e.field)
        out.append(Finding(f"{e.field}: {e.message}", (ref,) if ref else ()))
    return out


CHECKS: dict[str, Check] = {
    "party_listed": party_listed,
    "party_near_listed": party_near_listed,
    "party_name_has": party_name_has,
    "party_name_has_with_items": party_name_has_with_items,
    "subject_in_group": subject_in_group,
    "subject_at_place": subject_at_place,
    "sensitive_items_in_group": sensitive_items_and(subject_in_group),
    "sensitive_items_at_place": sensitive_items_and(subject_at_place),
    "other_items_in_group": other_items_and(subject_in_group),
    "vague_end_use": vague_end_use,
    "route_hub_to": route_hub_to,
    "payment_method": payment_method,
    "payer_third_country": payer_third_country,
    "text_has": text_has,
    "input_errors": input_errors,
}
