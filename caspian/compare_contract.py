"""The JSON-lines contract of `caspian compare --input`, one line at a time.

A line `{"id", "query": {"schema", "properties"}, "candidate": {"schema", "properties"}}`
in, `{"id", "score", "match", "explanation", "features"}` out; a line that cannot be used
gets an error object naming the line and the field, as `caspian match` writes, so the
output has one line per non-blank input line.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from caspian.jsonl_contract import RecordFn, error_line, parse_line, record_id
from caspian.match.compare import Comparer, candidate_from_json, query_from_json
from caspian.match.query import QueryError
from caspian.match.word_table import WordTable


def compare_line(comparer: Comparer, number: int, line: bytes) -> dict[str, Any]:
    data, error = parse_line(number, line)
    if error:
        return error
    if not isinstance(data, dict):
        return error_line(number, None, "a pair must be a JSON object with 'query' and "
                                        "'candidate'")  # fmt: skip
    pair_id = record_id(data)
    if "id" in data and pair_id is None:
        return error_line(number, None, "field 'id' must be a string or a number")
    try:
        query = query_from_json(data.get("query"))
        candidate = candidate_from_json(data.get("candidate"))
    except QueryError as exc:
        return error_line(number, pair_id, str(exc))
    return comparer.compare(query, candidate).as_dict(
        pair_id if pair_id is not None else f"line-{number}"
    )


def comparing_function(*, threshold: float | None, words: WordTable | None = None) -> RecordFn:
    """`compare_line` with the word table of the store: what a worker builds."""
    return partial(compare_line, Comparer(words, threshold=threshold))
