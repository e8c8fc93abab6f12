"""One item classified from everything a trader wrote about it.

HS-6: a given valid HS code wins ("given"), else a recognised part family's usual code
("part_number"), else what the description's strong words name ("description"). UAV group: the
part family, else the description, else the given HS-6 when it defines one group. Against a
declared HS code, generic description words (processor, capacitor, GPS) only agree: they do not
place the item in a group the code does not define. A part number written inside the
description counts as the item's own unless the description strongly names another group (a
"flight controller with STM32F405" is a flight controller). Signals that disagree stay visible
in the evidence and lower the confidence; malformed fields are reported by name, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from caspian.items import parts
from caspian.items.description_terms import ANY_GROUP, Reading, read_description
from caspian.items.eccn import Eccn, explain, parse_eccn
from caspian.items.groups import UavGroup, defining_group, group, groups_listing
from caspian.items.hs import ChplEntry, HsCode, chpl_entry, chpl_in_heading, dotted, parse_hs

# How sure each source makes the classification (0..1), and the adjustments.
CONF_GIVEN_HS = 0.95
CONF_FAMILY = 0.9
CONF_FAMILY_IN_TEXT = 0.85
CONF_STRONG_WORD = 0.75
CONF_WEAK_WORD = 0.6
CONF_WORDS_MAX = 0.85
CONF_PER_EXTRA_WORD = 0.05
AGREE_BONUS = 0.03
DISAGREE_PENALTY = 0.3
COMPETING_PENALTY = 0.1
CONF_CAP = 0.99
CONF_FLOOR = 0.05

# Semiconductor devices are declared under either heading (MEMS sensors: 8541.51 or 8542.39).
_SEMICONDUCTOR_HEADINGS = frozenset({"8541", "8542"})


class ItemInputError(NamedTuple):
    """A malformed field, named as in the order (hs_code, eccn, part_number)."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class ItemClass:
    hs6: str | None
    hs6_source: str | None
    chpl_tier: str | None
    uav_group: str | None
    uav_group_name: str | None
    confidence: float
    eccn: Eccn | None
    evidence: tuple[str, ...]
    errors: tuple[ItemInputError, ...]


@dataclass(slots=True)
class _Notes:
    evidence: list[str] = field(default_factory=list)
    errors: list[ItemInputError] = field(default_factory=list)
    delta: float = 0.0


@dataclass(frozen=True, slots=True)
class _Family:
    part: parts.PartMatch
    in_description: bool

    @property
    def family(self) -> parts.PartFamily:
        return self.part.family

    @property
    def base(self) -> float:
        return CONF_FAMILY_IN_TEXT if self.in_description else CONF_FAMILY

    def label(self) -> str:
        where = "description: part number" if self.in_description else "part number"
        return f"{where} {self.part.part_number!r}"


def classify_item(
    *,
    description: str | None = None,
    hs_code: str | None = None,
    eccn: str | None = None,
    part_number: str | None = None,
    manufacturer: str | None = None,
) -> ItemClass:
    """HS-6 (given or inferred, and which), CHPL tier, UAV item group and how sure."""
    notes = _Notes()
    hs = _read_hs(hs_code, notes)
    eccn_value = _read_eccn(eccn, notes)
    reading = read_description(description) if description and description.strip() else None
    family = _read_part_number(part_number, manufacturer, notes)
    if family is None and description:
        family = _family_in_text(description, reading, manufacturer, notes)
    _note_reading(reading, notes)

    hs6, source, base = _choose_hs6(hs, family, reading)
    entry = _note_hs6(hs6, source, notes) if hs6 and source else None
    chosen, group_source = _choose_group(hs, family, reading, notes)
    if hs and hs.hs6 and chosen and group_source != "hs":
        _check_hs(hs.hs6, chosen, family, notes)
    if hs and not hs.hs6:
        _note_heading(hs, chosen, notes)
    if family and reading and reading.group and reading.group != family.family.uav_group:
        notes.evidence.append(
            f"disagreement: {family.label()} is {family.family.uav_group} but the description "
            f"says {reading.group} ({_quotes(reading)})"
        )
        notes.delta -= COMPETING_PENALTY

    return ItemClass(
        hs6=hs6,
        hs6_source=source,
        chpl_tier=entry.tier if entry else None,
        uav_group=chosen.id if chosen else None,
        uav_group_name=chosen.name if chosen else None,
        confidence=_confidence(base, chosen, family, reading, notes.delta),
        eccn=eccn_value,
        evidence=tuple(notes.evidence),
        errors=tuple(notes.errors),
    )


def _read_hs(hs_code: str | None, notes: _Notes) -> HsCode | None:
    if hs_code is None:
        return None
    try:
        return parse_hs(hs_code)
    except ValueError as error:
        notes.errors.append(ItemInputError("hs_code", str(error)))
        return None


def _read_eccn(eccn: str | None, notes: _Notes) -> Eccn | None:
    if eccn is None:
        return None
    try:
        value = parse_eccn(eccn)
    except ValueError as error:
        notes.errors.append(ItemInputError("eccn", str(error)))
        return None
    notes.evidence.append(f"ECCN {explain(value)}")
    return value


def _read_part_number(
    part_number: str | None, manufacturer: str | None, notes: _Notes
) -> _Family | None:
    if part_number is None:
        return None
    written = part_number.strip()
    if not any(char.isalnum() for char in written):
        message = f"part number {part_number!r} has no letters or digits"
        notes.errors.append(ItemInputError("part_number", message))
        return None
    family = parts.match_part(written)
    if family is None:
        notes.evidence.append(f"part number {written!r} is of no known family")
        return None
    found = _Family(parts.PartMatch(written, family), in_description=False)
    _adopt_family(found, manufacturer, notes)
    return found


def _family_in_text(
    description: str, reading: Reading | None, manufacturer: str | None, notes: _Notes
) -> _Family | None:
    """The first part number in the description whose group the description does not
    strongly contradict; the others are only noted."""
    chosen: _Family | None = None
    named = reading.group if reading and reading.strong else None
    for match in parts.find_parts(description):
        found = _Family(match, in_description=True)
        if chosen is None and named in (None, match.family.uav_group):
            chosen = found
            _adopt_family(found, manufacturer, notes)
        else:
            notes.evidence.append(
                f"{found.label()}: {match.family.family} ({match.family.uav_group}), "
                "a component named in the description"
            )
    return chosen


def _adopt_family(found: _Family, manufacturer: str | None, notes: _Notes) -> None:
    """Note the part family an item is read as, and whether its stated maker agrees."""
    family = found.family
    likely = f", likely HS {dotted(family.hs6)}" if family.hs6 else ""
    notes.evidence.append(
        f"{found.label()}: {family.family} ({family.manufacturer}) -> {family.uav_group}{likely}"
    )
    if manufacturer and manufacturer.strip():
        _check_manufacturer(family, manufacturer.strip(), notes)


def _check_manufacturer(family: parts.PartFamily, manufacturer: str, notes: _Notes) -> None:
    agrees = parts.manufacturer_agrees(family, manufacturer)
    if agrees is False:
        notes.evidence.append(
            f"manufacturer {manufacturer!r} is not the maker of {family.family} "
            f"({family.manufacturer}): relabelled, second-source or mistyped part?"
        )
        notes.delta -= COMPETING_PENALTY
    elif agrees:
        notes.evidence.append(f"manufacturer {manufacturer!r} agrees with the part family")


def _quotes(reading: Reading) -> str:
    return ", ".join(f"'{hit.quote}'" for hit in reading.hits)


def _note_reading(reading: Reading | None, notes: _Notes) -> None:
    if reading is None:
        return
    for hit in reading.vetoes:
        what = "a finished product" if hit.term.group == ANY_GROUP else f"not {hit.term.group}"
        notes.evidence.append(f"description: '{hit.quote}' is {what}")
    if reading.group:
        weight = "" if reading.strong else " (generic words)"
        notes.evidence.append(f"description: {_quotes(reading)} -> {reading.group}{weight}")
    for hit in reading.others:
        notes.evidence.append(f"description also: '{hit.quote}' -> {hit.term.group}")


def _choose_hs6(
    hs: HsCode | None, family: _Family | None, reading: Reading | None
) -> tuple[str | None, str | None, float]:
    """The HS-6, its source and the confidence that source gives."""
    if hs and hs.hs6:
        return hs.hs6, "given", CONF_GIVEN_HS
    if family and family.family.hs6:
        return family.family.hs6, "part_number", family.base
    if reading and reading.hs6:
        return reading.hs6, "description", _reading_confidence(reading)
    return None, None, 0.0


def _note_hs6(hs6: str, source: str, notes: _Notes) -> ChplEntry | None:
    """Note where the HS-6 comes from and its CHPL tier; the CHPL entry, if any."""
    if source == "given":
        notes.evidence.append(f"HS {dotted(hs6)} given")
    else:
        notes.evidence.append(f"likely HS {dotted(hs6)} from the {source.replace('_', ' ')}")
    entry = chpl_entry(hs6)
    if entry:
        notes.evidence.append(f"HS {dotted(hs6)} is CHPL tier {entry.tier} ({entry.description})")
    else:
        notes.evidence.append(f"HS {dotted(hs6)} is not on the CHPL")
    return entry


def _choose_group(
    hs: HsCode | None, family: _Family | None, reading: Reading | None, notes: _Notes
) -> tuple[UavGroup | None, str | None]:
    """The group and the signal it came from ("part_number", "description" or "hs")."""
    hs6 = hs.hs6 if hs else None
    by_hs = defining_group(hs6) if hs6 else None
    if family:
        return group(family.family.uav_group), "part_number"
    if reading and reading.group:
        if hs6 and not reading.strong and (by_hs is None or by_hs.id != reading.group):
            return _hs_over_generic_words(hs6, by_hs, reading, notes)
        return group(reading.group), "description"
    if hs6 and by_hs:
        notes.evidence.append(f"HS {dotted(hs6)} defines the group {by_hs.id}")
        return by_hs, "hs"
    return None, None


def _hs_over_generic_words(
    hs6: str, by_hs: UavGroup | None, reading: Reading, notes: _Notes
) -> tuple[UavGroup | None, str | None]:
    """Generic words only agree with a declared HS code; they do not put an item the code
    places elsewhere (or nowhere) into a group."""
    if by_hs:
        notes.evidence.append(
            f"HS {dotted(hs6)} defines {by_hs.id}: it outweighs the generic words "
            f"{_quotes(reading)}"
        )
        return by_hs, "hs"
    notes.evidence.append(
        f"the generic words {_quotes(reading)} are not enough against the declared "
        f"HS {dotted(hs6)}, which defines no UAV item group"
    )
    return None, None


def _check_hs(hs6: str, chosen: UavGroup, family: _Family | None, notes: _Notes) -> None:
    """Does the given HS-6 agree with the group the part number or description chose?"""
    usual = family.family.hs6 if family else None
    if usual == hs6 or chosen.lists(hs6):
        notes.delta += AGREE_BONUS
        return
    codes = [*chosen.hs6s, *([usual] if usual else [])]
    if any(code[:4] == hs6[:4] for code in codes) or (
        hs6[:4] in _SEMICONDUCTOR_HEADINGS
        and any(code[:4] in _SEMICONDUCTOR_HEADINGS for code in codes)
    ):
        notes.evidence.append(f"HS {dotted(hs6)} is not the usual code of {chosen.id} but close")
        return
    listing = ", ".join(grp.id for grp in groups_listing(hs6)) or "no UAV item group"
    source = family.label() if family else "the description"
    expected = f"usually HS {dotted(usual)}" if usual else f"HS {', '.join(chosen.hs6s)}"
    notes.evidence.append(
        f"disagreement: HS {dotted(hs6)} is for {listing} but {source} says {chosen.id} "
        f"({expected})"
    )
    notes.delta -= DISAGREE_PENALTY


def _note_heading(hs: HsCode, chosen: UavGroup | None, notes: _Notes) -> None:
    """A four-digit heading cannot be looked up; when CHPL codes hide under it, that is an
    input problem for a reviewer, reported against the field."""
    inside = chpl_in_heading(hs.heading)
    if inside:
        listed = ", ".join(f"{dotted(entry.hs6)} (tier {entry.tier})" for entry in inside)
        notes.errors.append(
            ItemInputError(
                "hs_code",
                f"HS code {hs.raw!r} is a 4-digit heading; the CHPL needs 6 digits and lists "
                f"{listed} under it",
            )
        )
    else:
        notes.evidence.append(f"HS heading {hs.heading} (4 digits): no CHPL code under it")
    if chosen and chosen.lists_heading(hs.heading):
        notes.evidence.append(f"HS heading {hs.heading} agrees with {chosen.id}")
        notes.delta += AGREE_BONUS


def _reading_confidence(reading: Reading) -> float:
    base = CONF_STRONG_WORD if reading.strong else CONF_WEAK_WORD
    distinct = len({hit.term.text for hit in reading.hits})
    base = min(CONF_WORDS_MAX, base + CONF_PER_EXTRA_WORD * (distinct - 1))
    return base - (COMPETING_PENALTY if reading.others else 0.0)


def _confidence(
    base: float,
    chosen: UavGroup | None,
    family: _Family | None,
    reading: Reading | None,
    delta: float,
) -> float:
    """The base of the source that gave the HS-6 (without one, of the source that gave the
    group), adjusted for the agreements and disagreements noted; 0 when nothing was found."""
    if base == 0.0:
        if family:
            base = family.base
        elif chosen and reading and reading.group:
            base = _reading_confidence(reading)
        else:
            return 0.0
    return round(max(CONF_FLOOR, min(CONF_CAP, base + delta)), 2)
