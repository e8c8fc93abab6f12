"""Hypothesis strategies that mutate real JSON lines: their structure (wrong types in
every field, huge and non-finite numbers, deep nesting, very long and hostile strings,
unknown keys and schemas) and their bytes (invalid UTF-8, byte order marks, NULs, stray
quotes and brackets, truncation)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from hypothesis import strategies as st

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Raw:
    """JSON text written as it is: what no encoder would write."""

    text: bytes


RAW_TOKENS = [Raw(t) for t in (
    b"NaN", b"-NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400", b"1e-400", b"-0",
    b"123456789012345678901234567890", b"-98765432109876543210987654321", b"1E+2", b"0.0",
    b"[" * 3000 + b"]" * 3000, b'{"a":' * 1500 + b"1" + b"}" * 1500, b"[" * 1000 + b"]" * 1000,
    b'"\\ud800"', b'"\\udc00\\ud800"', b'"\\u0000"', b'"\\ud83d\\ude81"', b"01", b"+1", b".5",
    b'"' + b"\xff" * 3 + b'"', b'"\xed\xa0\x80"', b"true", b"null", b'""',
)]  # fmt: skip
HOSTILE = [
    "", " ", "\x00", "X", "--", "\u202eevil", "²³", "٨٥٤٢٣١", "８５４２．３１", "Ⅻ",
    "e\u0301" * 300, "a" * 5000, "Ghods Aviation Industry " * 1200, "\ufeffAlabuga", "🚁" * 200,
    "=cmd|'/C calc'!A0",
    "<script>alert(1)</script>", "../../etc/passwd", "NaN", "Infinity", "1e400", "-1", "0x10",
    "8542.31.00.00.00.00", "RU;IR", "Côte d'Ivoire", "XK", "ZZ", "EU", "\t\n\r", "null\x00byte",
    "ООО Алабуга", "قدس", "김정은", "習近平", "Port Olya-3", "IMO 9481910", "9481910", "1960-02-31",
    "06/19/2003", "99999999", "\u0085\u2028\u2029", "\U0010ffff", "Ǆ" * 50, "ß" * 100,
]  # fmt: skip
ORDER_KEYS = ["id", "date", "parties", "items", "route", "payment", "end_use", "notes", "role",
              "name", "country", "address", "identifiers", "description", "hs_code", "eccn",
              "part_number", "manufacturer", "quantity", "unit_value", "currency", "place",
              "payer_country", "method", "input_errors", "field", "message"]  # fmt: skip
QUERY_KEYS = ["id", "schema", "properties", "name", "alias", "weakAlias", "previousName",
              "birthDate", "nationality", "country", "imoNumber", "passportNumber", "innCode",
              "swiftBic", "Thing", "Person", "Company", "Vessel", "Spaceship", ""]  # fmt: skip



def _pick(values: list[Any]) -> st.SearchStrategy[Any]:
    """One of `values`, drawn by index: a failing case's report stays short."""
    return st.integers(0, len(values) - 1).map(values.__getitem__)


LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    _pick(HOSTILE), _pick(RAW_TOKENS),
)  # fmt: skip
SPECIAL_BYTES = [b"\x00", b"\xff", b"\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                 b"\xc0\xaf", BOM, b"\r", b'"', b"\\", b",", b"}", b"{", b"[", b"]", b":",
                 b"NaN", b"\x1a", b"\x7f", b"\t"]  # fmt: skip


def values(keys: list[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        LEAVES,
        lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), inner, max_size=4),
        max_leaves=10,
    )


def encode(value: Any) -> bytes:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        fields = (orjson.dumps(str(k)) + b":" + encode(v) for k, v in value.items())
        return b"{" + b",".join(fields) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(encode(v) for v in value) + b"]"
    return orjson.dumps(value)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _paths(inner, (*prefix, i))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated_json(draw: st.DrawFn, seeds: list[Any], keys: list[str]) -> Any:
    """A seed with one to three structural mutations."""
    value = orjson.loads(orjson.dumps(draw(st.sampled_from(seeds))))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(value))))
        op = draw(st.sampled_from(["replace", "replace", "delete", "add", "wrap", "repeat"]))
        if not path:
            if op in ("replace", "wrap"):
                value = draw(values(keys)) if op == "replace" else [value]
            continue
        parent, step = _get(value, path[:-1]), path[-1]
        if op == "replace":
            parent[step] = draw(values(keys))
        elif op == "delete":
            del parent[step]
        elif op == "wrap":
            parent[step] = draw(st.sampled_from([[parent[step]], {"value": parent[step]}]))
        elif op == "add" and isinstance(parent[step], dict):
            parent[step][draw(st.sampled_from(keys) | st.text(max_size=6))] = draw(values(keys))
        elif op == "repeat" and isinstance(parent[step], list) and parent[step]:
            parent[step] = parent[step] * draw(st.integers(2, 60))
    return value


@st.composite
def mutated_line(draw: st.DrawFn, seeds: list[Any], keys: list[str]) -> bytes:
    """A seed line with structural mutations, then none to three byte mutations."""
    line = encode(draw(mutated_json(seeds, keys))) if draw(st.booleans()) else encode(
        draw(st.sampled_from(seeds))
    )
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        at = draw(st.integers(0, len(line)))
        op = draw(st.sampled_from(["insert", "insert", "flip", "truncate", "cut", "bom"]))
        if op == "insert":
            extra = draw(_pick(SPECIAL_BYTES) | st.binary(min_size=1, max_size=4))
            line = line[:at] + extra + line[at:]
        elif op == "flip" and at < len(line):
            line = line[:at] + bytes([draw(st.integers(0, 255))]) + line[at + 1 :]
        elif op == "truncate":
            line = line[:at]
        elif op == "cut":
            line = line[:at] + line[at + draw(st.integers(1, 40)) :]
        elif op == "bom":
            line = BOM + line
    return line
