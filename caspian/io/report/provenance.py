"""What produced the results of one run: the engine's version and the hashes of the
policy and matching configuration each result carries (`"provenance"`).

One run has one provenance. The report shows it and warns when results disagree (a
results file stitched together from runs of different configurations cannot be
reproduced as one). Memory stays bounded: at most `KEPT` distinct provenances are
told apart; any further ones are only counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KEPT = 10

Provenance = tuple[tuple[str, str], ...]  # sorted (key, value) pairs


def provenance_of(value: Any) -> Provenance | None:
    """A result's provenance as a hashable value; None when it has none (or no mapping)."""
    if not isinstance(value, Mapping) or not value:
        return None
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in value.items()))


@dataclass(slots=True)
class Provenances:
    """The provenances the results of one run carry, with how many results carry each."""

    seen: Counter[Provenance] = field(default_factory=Counter)
    first: list[Provenance] = field(default_factory=list)  # in order of arrival
    others: int = 0  # results with a provenance beyond the KEPT distinct ones
    missing: int = 0  # results without one

    def add(self, value: Any) -> None:
        found = provenance_of(value)
        if found is None:
            self.missing += 1
        elif found in self.seen or len(self.seen) < KEPT:
            if found not in self.seen:
                self.first.append(found)
            self.seen[found] += 1
        else:
            self.others += 1

    def shown(self, given: Mapping[str, str] | None) -> dict[str, str] | None:
        """The run's provenance: the one the caller gives, else the first results carried."""
        if given:
            return {str(k): str(v) for k, v in given.items()}
        return dict(self.first[0]) if self.first else None

    def warnings(self, given: Mapping[str, str] | None) -> list[str]:
        """Why the results may not all come from the provenance shown."""
        out = []
        expected = provenance_of(given) if given else None
        if expected is not None:
            others = [p for p in self.first if p != expected]
            count = sum(self.seen[p] for p in others) + self.others
            if count:
                out.append(
                    f"{_results(count)} {_carry(count)} another provenance than this run's "
                    f"({_describe(expected)}), so another engine, policy or matching "
                    f"configuration produced them: {self._listing(others)}."
                )
        elif len(self.first) > 1 or self.others:
            many = f"more than {len(self.first)}" if self.others else str(len(self.first))
            out.append(
                f"The results of this run carry {many} different provenances: they were not "
                f"all produced by the same engine, policy and matching configuration "
                f"({self._listing(self.first)})."
            )
        if self.missing and (self.seen or self.others):
            out.append(f"{_results(self.missing)} {_carry(self.missing)} no provenance.")
        return out

    def _listing(self, provenances: list[Provenance]) -> str:
        parts = [f"{_describe(p)}: {_results(self.seen[p])}" for p in provenances]
        if self.others:
            parts.append(f"{_results(self.others)} with yet other provenances")
        return "; ".join(parts)


def _carry(n: int) -> str:
    return "carries" if n == 1 else "carry"


def _results(n: int) -> str:
    return f"{n:,} result{'s' if n != 1 else ''}"


def _describe(provenance: Provenance) -> str:
    """'caspian 0.1.0, policy 3f2a9c01d4e8, matching 77b1c0a9e2f3': hashes cut short."""
    values = dict(provenance)
    parts = [values.pop("engine", "unknown engine")]
    for key in ("policy", "matching", *sorted(set(values) - {"policy", "matching"})):
        if key in values:
            parts.append(f"{key} {values[key][:12]}")
    return ", ".join(parts)
