"""The JSON-lines contracts of `caspian screen` and `caspian match`, one line at a time.

One line in, one JSON object out: a result, or an error object naming the line (and the
field) when the line cannot be used, so a batch never stops on a bad line and the output
has exactly one line per non-blank input line. Nothing here reads files or starts
processes: `caspian.io.jsonl_runner` and `caspian.io.worker_pool` feed it lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

import orjson

from caspian import provenance
from caspian.match.matcher import Matcher
from caspian.match.query import Query, QueryError
from caspian.match.word_table import WordTable
from caspian.model import Entity

Record = tuple[int, bytes]  # (line number, the line's bytes)
RecordFn = Callable[[int, bytes], dict[str, Any]]  # never raises on bad input
UTF8_BOM = b"\xef\xbb\xbf"
# One order or query per line: a line this long is no order, and would cost its weight
# in memory (and more) in every worker it passes through. Readers cut longer lines here.
MAX_LINE_BYTES = 4 << 20


def is_blank(line: bytes) -> bool:
    """A line with nothing but whitespace (and perhaps a byte order mark) owes no result."""
    return not line.removeprefix(UTF8_BOM).strip()


def numbered_lines(lines: Iterable[bytes]) -> Iterator[Record]:
    """The non-blank lines, numbered from 1 as an editor numbers them."""
    for number, line in enumerate(lines, start=1):
        if not is_blank(line):
            yield number, line


def error_line(number: int, record_id: Any, message: str) -> dict[str, Any]:
    """The error object a contract writes in place of a result."""
    return {"id": record_id, "line": number, "error": f"line {number}: {message}"}


def record_id(data: Any) -> str | int | None:
    """The id a broken record claims, for its error line: only a string or a number is
    echoed, never a nested value."""
    value = data.get("id") if isinstance(data, dict) else None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value if isinstance(value, str | int) else str(value)
    return None


def parse_line(number: int, line: bytes) -> tuple[Any, dict[str, Any] | None]:
    """The line's JSON value, or None and the error object to write instead.

    A byte order mark is dropped from any line, not only the first: files joined with
    `cat` carry one where each began.
    """
    if len(line) > MAX_LINE_BYTES:
        return None, error_line(
            number, None, f"more than {MAX_LINE_BYTES:,} bytes on one line; one order or "
            "query per line, each on its own line"
        )  # fmt: skip
    try:
        return orjson.loads(line.removeprefix(UTF8_BOM)), None
    except orjson.JSONDecodeError as exc:
        return None, error_line(number, None, f"invalid JSON: {exc}")


def match_line(
    matcher: Matcher, number: int, line: bytes, *, limit: int, threshold: float | None,
    lists: list[str],
) -> dict[str, Any]:  # fmt: skip
    """One line of the `caspian match` contract: a yente `/match` query in, its results out."""
    data, error = parse_line(number, line)
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


def matching_function(
    entities: Sequence[Entity],
    *,
    limit: int,
    threshold: float | None,
    lists: list[str],
    words: WordTable | None = None,
) -> RecordFn:
    """`match_line` over an index of `entities`: what a worker process builds (or
    inherits) to answer `caspian match --input`."""
    matcher = Matcher(entities, threshold=threshold, words=words)
    return partial(match_line, matcher, limit=limit, threshold=threshold, lists=lists)
