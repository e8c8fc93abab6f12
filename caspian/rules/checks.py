"""The checks rules are made of: small pure functions over an order's facts.

A rule in a data file (`caspian/data/policy.toml`, `caspian/data/red_flags.toml`) names
a check and its parameters; the check returns the evidence that fired it (empty: the
rule does not apply). Adding a rule to a jurisdiction's policy needs no code, only a
check that already reads what it needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from caspian.facts import Facts, ItemFacts, Subject
from caspian.geo.countries import name as country_name

Params = dict[str, Any]
Check = Callable[[Facts, Params, float, float], list[str]]  # facts, params, match, review


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


def party_listed(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """A party matches a listed entity."""
    out = []
    for pf in facts.parties:
        for m in pf.matches:
            if m.score >= match:
                out.append(f"{pf.subject.label} matches {m.entity.id} '{m.entity.caption}' "
                           f"({', '.join(m.entity.datasets or [m.entity.source])}), score "
                           f"{m.score:.2f}: {m.explanation}")  # fmt: skip
                break
    return out


def party_near_listed(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """A party resembles a listed entity without matching it."""
    out = []
    for pf in facts.parties:
        best = pf.matches[0] if pf.matches else None
        if best is not None and review <= best.score < match:
            out.append(
                f"{pf.subject.label} resembles {best.entity.id} '{best.entity.caption}', "
                f"score {best.score:.3f} (match at {match:g}): {best.explanation}"
            )
    return out


def party_name_has(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """A party in the given roles has one of the terms in its name."""
    pattern = _words(tuple(params["terms"]))
    out = []
    for pf in facts.parties:
        if pf.party.role in params["roles"] and pf.party.name:
            found = pattern.search(pf.party.name)
            if found:
                out.append(f"{pf.subject.label}: the name says '{found.group(0)}'")
    return out


def party_name_has_with_items(
    facts: Facts, params: Params, match: float, review: float
) -> list[str]:
    """As party_name_has, when the order holds items of the given UAV groups."""
    items = [i for i in facts.items if i.cls.uav_group in params["groups"]]
    if not items:
        return []
    hits = party_name_has(facts, params, match, review)
    return [f"{hit}; ordering {_items_text(items)}" for hit in hits]


# -- places -----------------------------------------------------------------------------


def subject_in_group(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """A subject (destination, party, route stop) is in a country of the group."""
    group = params["group"]
    found = [s for s in facts.select(params["subjects"]) if group in s.groups]
    if not found:
        return []
    countries = sorted({country_name(s.country) for s in found if s.country})
    return [f"{_subjects_text(found)}: {', '.join(countries)} ({group.replace('_', ' ')})"]


def subject_at_place(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """A subject's address or route stop is a place with one of the roles."""
    roles = set(params["roles"])
    out = []
    for s in facts.select(params["subjects"]):
        for hit in s.places:
            if roles & hit.place.roles:
                which = ", ".join(sorted(roles & hit.place.roles)).replace("_", " ")
                out.append(f"{s.label}: '{hit.matched}' is {hit.place.name} ({which})")
                break
    return out


# -- items ------------------------------------------------------------------------------


def sensitive_items_and(inner: Check) -> Check:
    """A place check that counts only when the order holds CHPL or UAV items."""

    def check(facts: Facts, params: Params, match: float, review: float) -> list[str]:
        items = facts.sensitive_items
        if not items:
            return []
        hits = inner(facts, params, match, review)
        return [f"{_items_text(items)} -> {hit}" for hit in hits]

    check.__doc__ = f"CHPL or UAV items, and: {inner.__doc__}"
    return check


def other_items_and(inner: Check) -> Check:
    """A place check that counts for items not on the CHPL or UAV lists."""

    def check(facts: Facts, params: Params, match: float, review: float) -> list[str]:
        items = [i for i in facts.items if not i.sensitive]
        if not items:
            return []
        names = ", ".join(i.label for i in items)
        return [f"{names} -> {hit}" for hit in inner(facts, params, match, review)]

    check.__doc__ = f"items not on the CHPL or UAV lists, and: {inner.__doc__}"
    return check


def vague_end_use(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """CHPL or UAV items with no end use, or one that says nothing."""
    items = facts.sensitive_items
    if not items:
        return []
    end_use = (facts.order.end_use or "").strip()
    if not end_use:
        return [f"{_items_text(items)}: no end use given"]
    vague = _words(tuple(params["vague"]))
    if len(end_use) < int(params.get("min_length", 0)) or vague.fullmatch(end_use.strip(" .")):
        return [f"{_items_text(items)}: end use '{end_use}' says nothing about the use"]
    return []


# -- route ------------------------------------------------------------------------------


def route_hub_to(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """The route passes a country of one group to reach a destination in another."""
    hubs = [s for s in facts.route if params["via"] in s.groups and not s.destination]
    if not hubs:
        return []
    targets = [s for s in facts.select(["destination"]) if set(params["to"]) & s.groups]
    if not targets:
        return []
    return [f"via {_subjects_text(hubs)} to {_subjects_text(targets)}"]


# -- payment and notes ------------------------------------------------------------------


def payment_method(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """The order is paid in one of the methods."""
    payment = facts.order.payment
    method = payment.method if payment else None
    if method and method in params["methods"]:
        return [f"payment in {method.replace('_', ' ')}"]
    return []


def payer_third_country(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """Payment comes from a country where no buyer, consignee or end user is."""
    payment = facts.order.payment
    if not payment or not payment.payer_country:
        return []
    known = {p.country for p in facts.order.parties_in(*params["roles"]) if p.country}
    if not known or payment.payer_country in known:
        return []
    them = ", ".join(sorted(country_name(c) for c in known))
    return [f"payer in {country_name(payment.payer_country)}; parties in {them}"]


def text_has(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """The order's notes or end use say one of the terms."""
    pattern = _words(tuple(params["terms"]))
    out = []
    for label, text in (("notes", facts.order.notes), ("end use", facts.order.end_use)):
        found = pattern.search(text or "")
        if found:
            out.append(f"{label} say '{found.group(0)}'")
    return out


def input_errors(facts: Facts, params: Params, match: float, review: float) -> list[str]:
    """A field could not be read: never screen a gap as clear."""
    return [f"{e.field}: {e.message}" for e in facts.order.input_errors]


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
