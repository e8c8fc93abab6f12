"""Which order field each column of a spreadsheet holds, found from its header.

ERP exports name the same column many ways ("Auftrags-Nr.", "N° de commande", "№ заказа")
and in many layouts (a title above the header, a bare "Country" beside each party). The
vocabulary is caspian/data/order_columns.csv; a user's mapping file (TOML) extends and
overrides it. See that file's comment for the field names.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from caspian import data
from caspian.geo.normal import fold
from caspian.model import IDENTIFIER_PROPS
from caspian.order import ROLES

IGNORE = "ignore"
ORDER_FIELDS = ("order.id", "order.date", "order.end_use", "order.notes")
ITEM_ATTRS = ("description", "hs_code", "eccn", "part_number", "manufacturer", "quantity",
              "unit_value", "currency", "total")  # fmt: skip
PARTY_ATTRS = ("name", "country", "address")
STOPS = ("origin", "loading", "transit", "discharge", "destination")  # in route order
PAYMENT_FIELDS = ("payment.payer_country", "payment.method", "payment.currency")
IDENTIFIER_KEYS = tuple(sorted(IDENTIFIER_PROPS))
HEADER_SEARCH_ROWS = 10
MAX_DOUBLES_SAID = 5  # columns that repeat a field, each said in a note; more are counted
# Longer texts are not headers; `_compound` tries every split of a header's words.
MAX_HEADER_CHARS = 200
MAX_HEADER_WORDS = 12
# Rank of a column found through a generic "*.<attr>" header: behind every explicit one.
_CONTEXT_RANK = 100_000
_LINK_WORDS = frozenset({"of", "the", "des", "der", "den", "du", "de", "la", "le", "l", "d"})


class TableError(ValueError):
    """A file that cannot be read as an order table; the message names the file."""


def _party_fields(role: str) -> list[str]:
    return [f"{role}.{a}" for a in PARTY_ATTRS] + [
        f"{role}.identifiers.{k}" for k in IDENTIFIER_KEYS
    ]


@cache
def known_fields() -> frozenset[str]:
    """Every field a column (or a mapping file) may name."""
    fields = {*ORDER_FIELDS, *PAYMENT_FIELDS, "route"}
    fields.update(f"item.{a}" for a in ITEM_ATTRS)
    fields.update(f"route.{s}{c}" for s in STOPS for c in ("", ".country"))
    for role in ROLES:
        fields.update(_party_fields(role))
    return frozenset(fields)


def _generic_fields() -> frozenset[str]:
    return frozenset(_party_fields("*"))


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_WORD = re.compile(r"[\W_]+")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TRAILING_NUMBER = re.compile(r"(?: \d+)+$")


def header_key(text: str) -> str:
    """A header folded for comparison: "Auftrags-Nr." -> "auftrags nr", "OrderID" -> "order id"."""
    return " ".join(_NON_WORD.sub(" ", fold(_CAMEL.sub(" ", text)).lower()).split())


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- vocabulary ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Header keys -> (field, rank); a lower rank wins when two columns hold one field."""

    terms: dict[str, tuple[str, int]]
    mapping: ColumnMapping | None = None

    def lookup(self, key: str) -> tuple[str, int] | None:
        found = self.terms.get(key)
        if found is None and " " in key:
            found = self.terms.get(key.replace(" ", ""))
        return found


@cache
def default_vocabulary() -> Vocabulary:
    terms: dict[str, tuple[str, int]] = {}
    allowed = known_fields() | _generic_fields()
    for rank, row in enumerate(data.csv_rows("order_columns.csv")):
        name, target = row["header"], row["field"]
        if target not in allowed:
            raise ValueError(f"order_columns.csv: unknown field {target!r} for {name!r}")
        for key in {header_key(name), header_key(name).replace(" ", "")}:
            old = terms.get(key)
            if old is not None and old[0] != target:
                raise ValueError(f"order_columns.csv: {name!r} is both {old[0]} and {target}")
            terms.setdefault(key, (target, rank))
    return Vocabulary(terms)


@cache
def _header_langs() -> dict[str, str]:
    return {header_key(r["header"]): r["lang"] for r in data.csv_rows("order_columns.csv")}


def header_language(layout: Layout) -> str | None:
    """The language most of the understood headers are in ("de" for a German export)."""
    langs = _header_langs()
    found = [lang for c in layout.columns if (lang := langs.get(header_key(c.header)))]
    return max(set(found), key=found.count) if found else None


def field_examples(per_field: int = 2) -> dict[str, list[str]]:
    """A few headers for each field, for the message of a table nobody can read."""
    examples: dict[str, list[str]] = {}
    langs: dict[str, set[str]] = {}
    for row in data.csv_rows("order_columns.csv"):
        seen = langs.setdefault(row["field"], set())
        if row["lang"] not in seen and len(examples.get(row["field"], [])) < per_field:
            seen.add(row["lang"])
            examples.setdefault(row["field"], []).append(row["header"])
    return examples


# -- mapping file ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """A user's mapping file: column headers to fields, and how to read the table."""

    path: Path
    columns: dict[str, str]  # header as written -> field or "ignore"
    header_row: int | None = None
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None


_TABLE_OPTIONS = {"header_row", "delimiter", "encoding", "decimal"}


def load_mapping(path: Path) -> ColumnMapping:
    """Read a mapping file; any unknown field or option is an error naming it."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise TableError(f"{path}: cannot read the mapping file ({exc.strerror})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TableError(f"{path}: not a valid TOML mapping file: {exc}") from exc
    extra = set(doc) - {"columns", "table"}
    if extra:
        raise TableError(f"{path}: unknown section(s) {sorted(extra)}; expected [columns], [table]")
    columns = doc.get("columns", {})
    if not isinstance(columns, dict):
        raise TableError(f'{path}: [columns] must be a table of "Header" = "field"')
    known = known_fields()
    for header, target in columns.items():
        if not isinstance(target, str) or (target != IGNORE and target not in known):
            raise TableError(
                f"{path}: column {header!r} is mapped to {target!r}, which is not a field. "
                f'Known fields: {describe_fields()}; or "{IGNORE}"'
            )
    return ColumnMapping(path, dict(columns), **_table_options(path, doc.get("table", {})))


def _table_options(path: Path, table: Any) -> dict[str, Any]:
    if not isinstance(table, dict) or set(table) - _TABLE_OPTIONS:
        raise TableError(f"{path}: [table] accepts only {', '.join(sorted(_TABLE_OPTIONS))}")
    row = table.get("header_row")
    if row is not None and (not isinstance(row, int) or isinstance(row, bool) or row < 1):
        raise TableError(f"{path}: [table] header_row must be a row number (1 or more)")
    delimiter = table.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        raise TableError(f"{path}: [table] delimiter must be one character")
    decimal = table.get("decimal")
    if decimal is not None and decimal not in (",", "."):
        raise TableError(f'{path}: [table] decimal must be "," or "."')
    encoding = table.get("encoding")
    if encoding is not None and not isinstance(encoding, str):
        raise TableError(f'{path}: [table] encoding must be text, e.g. "cp1252"')
    return {"header_row": row, "delimiter": delimiter, "encoding": encoding, "decimal": decimal}


def describe_fields() -> str:
    """Field names, with the per-role and per-stop ones written as patterns."""
    return ", ".join([
        *ORDER_FIELDS,
        f"<role>.name|country|address|identifiers.<{'|'.join(IDENTIFIER_KEYS)}> "
        f"(role: {'|'.join(sorted(ROLES))})",
        *(f"item.{a}" for a in ITEM_ATTRS),
        "route", f"route.<{'|'.join(STOPS)}>[.country]", *PAYMENT_FIELDS,
    ])  # fmt: skip


def with_mapping(vocab: Vocabulary, mapping: ColumnMapping) -> Vocabulary:
    terms = dict(vocab.terms)
    for header, target in mapping.columns.items():
        terms[header_key(header)] = (target, -1)
    return Vocabulary(terms, mapping)


# -- one header row --------------------------------------------------------------------


@dataclass(slots=True)
class Column:
    index: int
    header: str  # as written, made unique ("Country (column E)") when repeated
    field: str


@dataclass(slots=True)
class Layout:
    """What a header row says: the columns read, the ones ignored and why."""

    columns: list[Column] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unnamed: list[int] = field(default_factory=list)  # header cells left empty
    keys: set[str] = field(default_factory=set)  # header_key of every header cell
    width: int = 0  # cells in the header row

    def score(self) -> int:
        return len(self.columns)


def _compound(vocab: Vocabulary, key: str) -> tuple[str, int] | None:
    """ "consignee country", "country of consignee", "land des kunden" -> a party field."""
    words = key.split()
    if len(words) > MAX_HEADER_WORDS:
        return None
    for cut in range(1, len(words)):
        left, right = words[:cut], words[cut:]
        while len(right) > 1 and right[0] in _LINK_WORDS:
            right = right[1:]
        while len(left) > 1 and left[-1] in _LINK_WORDS:
            left = left[:-1]
        for role_words, attr_words in ((left, right), (right, left)):
            role = _role_of(vocab, role_words)
            attr = vocab.lookup(" ".join(attr_words))
            if role and attr and attr[0].startswith("*."):
                return f"{role[0]}{attr[0][1:]}", max(role[1], attr[1])
    return None


def _role_of(vocab: Vocabulary, words: list[str]) -> tuple[str, int] | None:
    text = " ".join(words)
    candidates = [text]
    if text[-1:] in ("s", "n"):  # German genitive: "des Kunden", "des Spediteurs"
        candidates.append(text[:-1])
    for candidate in candidates:
        found = vocab.lookup(candidate)
        if found and found[0].endswith(".name") and not found[0].startswith("*"):
            return found[0].removesuffix(".name"), found[1]
    return None


def resolve(vocab: Vocabulary, header: str) -> tuple[str, int] | None:
    """(field, rank) of one header, or None when it is not understood (a text longer than
    any header, such as a whole line that was not split, is not one)."""
    if len(header) > MAX_HEADER_CHARS:
        return None
    key = header_key(header)
    bare = (
        header_key(_BRACKETS.sub(" ", header)),  # "Menge (Stk.)"
        header_key(header.split(",")[0]),  # "Цена, руб."
        _TRAILING_NUMBER.sub("", key),  # "Name 1", "Address line 2"
    )
    for candidate in dict.fromkeys((key, *bare)):
        if candidate:
            found = vocab.lookup(candidate) or _compound(vocab, candidate)
            if found:
                return found
    return None


def _in_context(generic: str, rank: int, party: str | None, stop: str | None,
                last_was_stop: bool) -> tuple[str, int]:  # fmt: skip
    attr = generic[2:]
    if attr == "country" and stop and last_was_stop:
        return f"{stop}.country", rank + _CONTEXT_RANK
    return f"{party or 'buyer'}.{attr}", rank + _CONTEXT_RANK


def analyse(cells: Sequence[Any], vocab: Vocabulary) -> Layout:
    """Read one candidate header row."""
    layout = Layout(width=len(cells))
    party: str | None = None
    stop: str | None = None
    last_was_stop = False
    found: list[tuple[int, str, str, int]] = []  # index, header, field, rank
    headers = _unique_headers(cells)
    layout.keys = {header_key(str(c)) for c in cells if c is not None}
    for index, header in enumerate(headers):
        if header is None:
            layout.unnamed.append(index)
            continue
        hit = resolve(vocab, header)
        if hit is None or hit[0] == IGNORE:
            layout.ignored.append(header)
            continue
        target, rank = hit
        if target.startswith("*."):
            target, rank = _in_context(target, rank, party, stop, last_was_stop)
        elif target.startswith("route.") and target.count(".") == 1:
            stop, last_was_stop = target, True
        elif target.split(".", 1)[0] in ROLES:
            party, last_was_stop = target.split(".", 1)[0], False
        found.append((index, header, target, rank))
    _keep_best(found, layout)
    return layout


def _unique_headers(cells: Sequence[Any]) -> list[str | None]:
    texts = [str(c).strip() if c is not None and str(c).strip() else None for c in cells]
    counts: dict[str, int] = {}
    for text in texts:
        if text:
            counts[text] = counts.get(text, 0) + 1
    return [t if t is None or counts[t] == 1 else f"{t} (column {column_letter(i)})"
            for i, t in enumerate(texts)]  # fmt: skip


def _keep_best(found: list[tuple[int, str, str, int]], layout: Layout) -> None:
    """One column per field (the best ranked), except addresses: all their parts."""
    best: dict[str, tuple[int, str]] = {}
    for _, header, target, rank in found:
        if target not in best or rank < best[target][0]:
            best[target] = (rank, header)
    doubles = 0
    for index, header, target, _ in found:
        if target.endswith(".address") or best[target][1] == header:
            layout.columns.append(Column(index, header, target))
            continue
        layout.ignored.append(header)
        doubles += 1
        if doubles <= MAX_DOUBLES_SAID:
            layout.notes.append(
                f"column {header!r} also means {target}; {best[target][1]!r} is read instead"
            )
    if doubles > MAX_DOUBLES_SAID:
        layout.notes.append(f"and {doubles - MAX_DOUBLES_SAID:,} more columns mean a field "
                            f"another column gives: not read")  # fmt: skip


def find_header(
    rows: Sequence[Sequence[Any]], vocab: Vocabulary, header_row: int | None = None
) -> tuple[int, Layout] | None:
    """The row (0-based) among the first few that reads as the most columns."""
    if header_row is not None:
        if header_row > len(rows):
            return None
        layout = analyse(rows[header_row - 1], vocab)
        return (header_row - 1, layout) if layout.columns else None
    best: tuple[int, Layout] | None = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        layout = analyse(row, vocab)
        if layout.columns and (best is None or layout.score() > best[1].score()):
            best = (i, layout)
    return best


def screenable(layout: Layout) -> bool:
    """Whether any column holds something to screen (not only ids, dates and notes)."""
    return any(not c.field.startswith("order.") for c in layout.columns)
