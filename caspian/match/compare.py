"""One query against one given entity: "is this the same party as that listed one?".

`caspian match` searches an index; `compare` scores a pair the user names. Both weigh
name words by one table of the official lists (`WordTable`: the active store's, or the
packaged one), never by the pair itself: counted over two names, every word would be
"rare", and the same pair would score one way here and another in `match`. So a pair
scores the same here as the listed entity does in `match` for the same query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from caspian.match.config import MatchConfig
from caspian.match.matcher import Matcher
from caspian.match.query import Query, QueryError
from caspian.match.word_table import WordTable
from caspian.model import Entity
from caspian.record_limits import DEFAULT_RECORD_LIMITS, RecordLimits

CANDIDATE_ID = "candidate"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The score of a query against one candidate, and why."""

    score: float
    match: bool
    explanation: str
    features: dict[str, float] = field(default_factory=dict)
    query_name: str = ""
    candidate_name: str = ""

    def as_dict(self, pair_id: str | int | None = None) -> dict[str, Any]:
        return {
            "id": pair_id,
            "score": round(self.score, 4),
            "match": self.match,
            "explanation": self.explanation,
            "features": {k: round(v, 4) for k, v in self.features.items()},
        }


class Comparer:
    """Scores pairs with the word weights, configuration and threshold `match` uses."""

    def __init__(
        self,
        words: WordTable | None = None,
        *,
        threshold: float | None = None,
        config: MatchConfig | None = None,
    ) -> None:
        # An empty index: `Matcher.score` needs no candidates, only the weights.
        self.matcher = Matcher([], threshold=threshold, config=config, words=words)

    @property
    def threshold(self) -> float:
        return self.matcher.threshold

    def compare(self, query: Query, candidate: Entity) -> Comparison:
        result = self.matcher.score(query, candidate)
        explanation = result.explanation or (
            f"no name of the query meets a name of the candidate; score 0.000 "
            f"(no match at {self.threshold:g})"
        )
        return Comparison(
            score=result.score,
            match=result.match,
            explanation=explanation,
            features=dict(result.features),
            query_name=result.query_name,
            candidate_name=result.name,
        )


def candidate_from_json(data: Any, limits: RecordLimits = DEFAULT_RECORD_LIMITS) -> Entity:
    """The listed side of a pair, `{"schema", "properties"}`, validated as a query is
    (the same schemas, sizes and name rules); raises QueryError naming the field."""
    if not isinstance(data, Mapping):
        raise QueryError("field 'candidate' must be an object with 'schema' and 'properties'")
    try:
        query = Query.from_json({**data, "id": CANDIDATE_ID}, limits=limits)
    except QueryError as exc:
        raise QueryError(str(exc).replace("field '", "field 'candidate.", 1)) from None
    return Entity(CANDIDATE_ID, query.schema, "compare", CANDIDATE_ID, query.properties)


def query_from_json(data: Any, limits: RecordLimits = DEFAULT_RECORD_LIMITS) -> Query:
    """The query side of a pair, `{"schema", "properties"}`; raises QueryError."""
    if not isinstance(data, Mapping):
        raise QueryError("field 'query' must be an object with 'schema' and 'properties'")
    try:
        return Query.from_json({**data, "id": "query"}, limits=limits)
    except QueryError as exc:
        raise QueryError(str(exc).replace("field '", "field 'query.", 1)) from None


def name_pair(query_name: str, candidate_name: str, schema: str = "Thing",
              candidate_schema: str | None = None) -> tuple[Query, Entity]:  # fmt: skip
    """Two names as a query and a candidate (the command line's `compare "A" "B"`)."""
    query = query_from_json({"schema": schema, "properties": {"name": [query_name]}})
    candidate = candidate_from_json(
        {"schema": candidate_schema or schema, "properties": {"name": [candidate_name]}}
    )
    return query, candidate
