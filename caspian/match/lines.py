"""One line of the `caspian match` contract: a JSON query in, a JSON result out.

A line never stops the batch: bad JSON, a bad field or an unscreenable name becomes an
error object naming the line and the field.
"""

from __future__ import annotations

from typing import Any

from caspian import provenance
from caspian.json_lines import error_line, load_line, record_id
from caspian.match.matcher import Matcher
from caspian.match.query import Query, QueryError


def match_line(
    matcher: Matcher, number: int, line: bytes, *, limit: int, threshold: float | None,
    lists: list[str],
) -> dict[str, Any]:  # fmt: skip
    data, error = load_line(number, line)
    if error:
        return error
    try:
        query = Query.from_json(data, default_id=f"line-{number}")
    except QueryError as exc:
        return error_line(number, record_id(data), str(exc))
    results = matcher.match(query, limit=limit, threshold=threshold)
    cut = matcher.threshold if threshold is None else threshold
    return {"id": query.id, "results": [r.as_dict() for r in results], "lists": lists,
            "provenance": provenance.for_matching(matcher.config, cut)}  # fmt: skip
