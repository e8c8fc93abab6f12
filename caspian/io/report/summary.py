"""The parts of the report about the whole run: decision counts and their chart, the
reasons that fired most, the lists screened against, the provenance of the results,
and what the input adapter understood.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from caspian.freshness import PUBLISHED_FROM_LABELS
from caspian.io.report.route import Obj
from caspian.io.report.templates import macro

DECISIONS = ("BLOCK", "REVIEW", "CLEAR", "ERROR")
RANK = {"BLOCK": 0, "REVIEW": 1}
TOP_REASONS = 12
TILES = (
    ("BLOCK", "to block"),
    ("REVIEW", "to review"),
    ("CLEAR", "clear"),
    ("ERROR", "could not be screened"),
)
FACTS = ("Orders with a party on a list", "Orders with CHPL or UAV-relevant items")
PROVENANCE_KEYS = {"engine": "Engine", "policy": "Policy (sha256)", "matching": "Matching (sha256)"}


@dataclass(slots=True)
class ReasonCount:
    message: str
    decision: str
    orders: int = 0


@dataclass(frozen=True, slots=True)
class Bar:
    decision: str
    y: int
    width: int
    count: int
    share: str  # percent of all orders, rounded


@dataclass(frozen=True, slots=True)
class Chart:
    height: int
    bars: list[Bar]

    @property
    def label(self) -> str:
        return ", ".join(f"{b.count} {b.decision}" for b in self.bars)


@dataclass(frozen=True, slots=True)
class ReasonRow:
    code: str
    message: str
    decision: str
    orders: int
    bar: int  # percent of the most frequent reason


@dataclass(frozen=True, slots=True)
class ListRow:
    source: str
    title: str
    version: str
    date: str
    entities: int
    bundled: bool
    warnings: list[str]


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def decision_chart(counts: Mapping[str, int]) -> Chart:
    """Horizontal bars, one per decision (ERROR only when there are errors)."""
    total = sum(counts.values()) or 1
    shown = [d for d in DECISIONS if d != "ERROR" or counts.get(d)]
    peak = max((counts.get(d, 0) for d in shown), default=0) or 1
    bars = []
    for i, decision in enumerate(shown):
        count = counts.get(decision, 0)
        share = f"{100 * count / total:.0f}"
        bars.append(Bar(decision, 8 + 36 * i, round(300 * count / peak), count, share))
    return Chart(36 * len(shown) + 8, bars)


def top_reasons(reasons: Mapping[str, ReasonCount]) -> list[ReasonRow]:
    """The reasons in most orders first, BLOCK before REVIEW on a tie."""
    top = sorted(
        reasons.items(), key=lambda kv: (-kv[1].orders, RANK.get(kv[1].decision, 2), kv[0])
    )[:TOP_REASONS]
    peak = (top[0][1].orders if top else 0) or 1
    return [ReasonRow(c, r.message, r.decision, r.orders, 100 * r.orders // peak) for c, r in top]


def describe_list_date(entry: Obj) -> str:
    """'snapshot as of 2024-11-18' for the bundled snapshot, else the date and its origin."""
    published = entry.get("published")
    if not published:
        return "no publication date"
    if entry.get("bundled"):
        return f"bundled snapshot as of {published}"
    how = str(entry.get("published_from") or "")
    return f"{published} ({PUBLISHED_FROM_LABELS.get(how, how)})"


def lists_sentence(lists: Sequence[Obj]) -> str:
    """How many lists, how many entities, published when, which are snapshots."""
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
    return text


def list_rows(lists: Sequence[Obj]) -> list[ListRow]:
    return [
        ListRow(
            source=str(e.get("source") or ""),
            title=str(e.get("title") or ""),
            version=str(e.get("version") or ""),
            date=describe_list_date(e),
            entities=_int(e.get("entity_count")),
            bundled=bool(e.get("bundled")),
            warnings=[str(w) for w in e.get("warnings") or ()],
        )
        for e in lists
    ]


def lists_brief(lists: Sequence[Obj]) -> str:
    """One line for the summary: how many lists, how old, how many warnings."""
    stale = sum(1 for e in lists if e.get("warnings"))
    return str(
        macro("lists.html.j2", "lists_brief")(
            len(lists), lists_sentence(lists) if lists else "", stale
        )
    )


def lists_table(lists: Sequence[Obj]) -> str:
    if not lists:
        return lists_brief(lists)
    return str(macro("lists.html.j2", "lists_table")(list_rows(lists)))


def provenance_rows(provenance: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, value): engine, policy, matching first, then any other key it carries."""
    known = [(label, provenance[k]) for k, label in PROVENANCE_KEYS.items() if k in provenance]
    other = [(k, v) for k, v in provenance.items() if k not in PROVENANCE_KEYS]
    return known + sorted(other)
