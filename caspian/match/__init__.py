"""Matching a query (a name and what else is known) against listed entities.

`Matcher(entities)` builds the index; `matcher.match(query)` returns scored, explained
results, best first; `matcher.candidates(query)` is the retrieval step alone.
"""

from caspian.match.matcher import DEFAULT_THRESHOLD, Matcher, MatchResult
from caspian.match.query import Query, QueryError

__all__ = ["DEFAULT_THRESHOLD", "MatchResult", "Matcher", "Query", "QueryError"]
