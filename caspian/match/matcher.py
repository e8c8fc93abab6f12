"""PLACEHOLDER matcher (API fixed; the lead is replacing the internals)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from caspian.match.query import Query
from caspian.model import Entity
from caspian.names import analyze

DEFAULT_THRESHOLD = 0.7


@dataclass(slots=True)
class MatchResult:
    entity: Entity
    score: float
    match: bool
    name: str  # the entity's name that matched best
    query_name: str = ""  # the query's name it was compared with
    features: dict[str, float] = field(default_factory=dict)
    explanation: str = ""


class Matcher:
    def __init__(self, entities: Sequence[Entity], *, threshold: float = DEFAULT_THRESHOLD):
        self.entities = list(entities)
        self.threshold = threshold
        self._postings: dict[str, set[int]] = defaultdict(set)
        for i, entity in enumerate(self.entities):
            for _prop, name in entity.names():
                for token in analyze(name).tokens:
                    self._postings[token.key].add(i)

    def candidates(self, query: Query, limit: int = 30) -> list[Entity]:
        counts: dict[int, int] = defaultdict(int)
        for name in query.names:
            for token in analyze(name).tokens:
                for i in self._postings.get(token.key, ()):
                    counts[i] += 1
        best = sorted(counts, key=lambda i: -counts[i])[:limit]
        return [self.entities[i] for i in best]

    def score(self, query: Query, entity: Entity) -> MatchResult:
        best = (0.0, "", "")
        for qname in query.names:
            for _prop, name in entity.names():
                s = fuzz.token_set_ratio(qname.lower(), name.lower()) / 100
                if s > best[0]:
                    best = (s, name, qname)
        score, name, qname = best
        return MatchResult(entity, score, score >= self.threshold, name, qname, {"name": score})

    def match(
        self, query: Query, limit: int = 5, threshold: float | None = None
    ) -> list[MatchResult]:
        results = [self.score(query, e) for e in self.candidates(query)]
        results.sort(key=lambda r: -r.score)
        cut = self.threshold if threshold is None else threshold
        for r in results:
            r.match = r.score >= cut
        return results[:limit]
