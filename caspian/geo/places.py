"""Places that matter for screening, recognised in free text and addresses in any script.

The places (caspian/data/places.csv) are the reference geography's Caspian ports, zones and
cities, free zones used for diversion and the Russian-occupied regions of Ukraine; their
roles (place_roles.csv) are what a policy reads. Matching works on whole words: the text is
cut into word tokens (Chinese into single characters, which has no spaces), each folded with
caspian.geo.normal, and at each token the longest alias of place_aliases.csv wins, so
"Kazanlak" never yields Kazan and "Bandar Anzali Free Zone" yields the zone, not the port.
A name never spans a comma, semicolon, colon, bracket, slash or line break.

Names that are also common words or person names ("Olya", "Kazan", "Amirabad", "SAIF") need
a context word elsewhere in the text, or (for some) the caller's country: "Olya Ivanova" is a
person, "Olya, Astrakhan Oblast" the port. The caller's country never hides a hit: an order
declared as going to the UAE whose address says "Makhachkala" still yields Makhachkala; it only
satisfies such contexts and chooses between namesakes (Astara in Iran or Azerbaijan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from caspian import data
from caspian.geo.countries import to_code
from caspian.geo.normal import fold
from caspian.names.scripts import HAN_RANGE

# Most specific first: hits are ordered by kind, then by the number of words matched.
KINDS = ("port", "sez", "city", "region", "territory", "country")
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_RANK["sez"] = _RANK["port"]

# List separators and brackets, Latin, Arabic and CJK (full-width).
_BREAKS = (
    "[,;:()\\[\\]{}<>/|\n\r\t\u060c\u061b\u3001\u3002\u3010\u3011\uff08\uff09\uff0c\uff1a\uff1b]"
)
# A word (letters, digits and the combining marks \w leaves out), or a break a name never
# spans; findall gives "" for a break, which no alias contains.
_SCAN = re.compile(r"([\w\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670]+)|" + _BREAKS)
_BREAK = re.compile(_BREAKS)
_HAN = re.compile(f"[{HAN_RANGE}]")
_HAN_SPLIT = re.compile(f"[{HAN_RANGE}]|[^{HAN_RANGE}]+")
# Quotes a name is often written in ("ОЭЗ «Алабуга»"): a match that opens one also closes it.
_QUOTES = {"«": "»", "“": "”", "„": "“", "‹": "›"}


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    kind: str
    country: str | None
    roles: frozenset[str]
    lat: float | None
    lon: float | None
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class PlaceHit:
    place: Place
    matched: str  # the words of the text that matched, as written there


@dataclass(frozen=True, slots=True)
class _Alias:
    place: Place
    context: frozenset[str]  # folded words, one of which must be elsewhere in the text
    countries: frozenset[str]  # caller countries that stand in for a context word

    def accepts(self, words: frozenset[str], country: str | None) -> bool:
        if not self.context and not self.countries:
            return True
        return country in self.countries or not self.context.isdisjoint(words)


@dataclass(frozen=True, slots=True)
class _Index:
    aliases: dict[tuple[str, ...], tuple[_Alias, ...]]
    lengths: dict[str, tuple[int, ...]]  # first word -> alias lengths, longest first


_norm = lru_cache(maxsize=1 << 15)(fold)


def _words(text: str) -> list[str]:
    """Words of the text as written, "" at breaks; Chinese one character per word."""
    words: list[str] = _SCAN.findall(text)
    if text.isascii() or not _HAN.search(text):
        return words
    split: list[str] = []
    for word in words:
        if _HAN.search(word):
            split.extend(_HAN_SPLIT.findall(word))
        else:
            split.append(word)
    return split


def _tokens(words: list[str]) -> list[str]:
    return [_norm(word) if word else "" for word in words]


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def place_roles() -> dict[str, str]:
    """The controlled vocabulary of place roles, each with what it means."""
    return {row["role"]: row["meaning"] for row in data.csv_rows("place_roles.csv")}


@cache
def _places() -> dict[str, Place]:
    vocabulary = place_roles()
    places: dict[str, Place] = {}
    for row in data.csv_rows("places.csv"):
        roles = frozenset(row["roles"].split())
        if row["kind"] not in _RANK or not roles <= vocabulary.keys() or row["id"] in places:
            raise ValueError(f"places.csv: bad kind, role or duplicate id in row {row['id']!r}")
        places[row["id"]] = Place(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            country=row["country"] or None,
            roles=roles,
            lat=_float(row["lat"]),
            lon=_float(row["lon"]),
            note=row["note"],
            source=row["source"],
        )
    return places


def _alias(place: Place, context: str) -> _Alias:
    words = [w.strip() for w in context.split("|") if w.strip()]
    return _Alias(
        place=place,
        context=frozenset(_norm(w) for w in words if not w.startswith("@")),
        countries=frozenset(w[1:].lower() for w in words if w.startswith("@")),
    )


@cache
def _index() -> _Index:
    places = _places()
    table: dict[tuple[str, ...], list[_Alias]] = {}
    for row in data.csv_rows("place_aliases.csv"):
        place = places.get(row["place"])
        key = tuple(_tokens(_words(row["alias"])))
        if place is None or not key or "" in key:
            raise ValueError(f"place_aliases.csv: bad row {row['place']!r}, {row['alias']!r}")
        if place.kind == "country":
            continue  # countries are resolved by to_code and caspian.geo.risk, not in free text
        found = table.setdefault(key, [])
        if all(a.place is not place for a in found):
            found.append(_alias(place, row["context"] or ""))
    lengths: dict[str, set[int]] = {}
    for key in table:
        lengths.setdefault(key[0], set()).add(len(key))
    return _Index(
        aliases={key: tuple(value) for key, value in table.items()},
        lengths={word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()},
    )


def places() -> tuple[Place, ...]:
    """Every place of the table, in table order."""
    return tuple(_places().values())


def place_by_id(place_id: str) -> Place:
    """The place with this id; KeyError names an unknown id."""
    try:
        return _places()[place_id]
    except KeyError:
        raise KeyError(f"unknown place id {place_id!r}") from None


class _Text:
    """One text being searched: its words, and what context tests need, built on demand."""

    __slots__ = (
        "_countries", "_haystack", "_pos", "_seen", "_starts", "country", "text", "tokens", "words",
    )  # fmt: skip

    def __init__(self, text: str, country: str | None) -> None:
        self.text = text
        self.country = country
        # An ASCII text is searched lower-cased: the same positions, and words == tokens.
        if text.isascii():
            self.words: list[str] | None = None
            self._haystack = text.lower()
            self.tokens: list[str] = _SCAN.findall(self._haystack)
        else:
            self.words = _words(text)
            self.tokens = _tokens(self.words)
            self._haystack = text
        self._seen: frozenset[str] | None = None
        self._countries: frozenset[str] | None = None
        self._starts: list[int] = []
        self._pos = 0

    def accepts(self, alias: _Alias) -> bool:
        if not alias.context and not alias.countries:
            return True
        if self._seen is None:
            self._seen = frozenset(self.tokens)
        return alias.accepts(self._seen, self.country)

    def matched(self, first: int, last: int) -> str:
        """The text from word `first` to word `last`: found word by word, left to right."""
        words = self.tokens if self.words is None else self.words
        while len(self._starts) <= last:
            word = words[len(self._starts)]
            start = self._haystack.find(word, self._pos) if word else self._pos
            self._starts.append(start)
            self._pos = start + len(word)
        start, end = self._starts[first], self._starts[last] + len(words[last])
        for opening, closing in _QUOTES.items():
            if self.text.startswith(closing, end) and opening in self.text[start:end]:
                end += len(closing)
        return self.text[start:end]

    def countries(self) -> frozenset[str]:
        """The caller's country, else the countries the text names as a whole part."""
        if self._countries is None:
            if self.country:
                self._countries = frozenset({self.country})
            else:
                named = (to_code(part) for part in _BREAK.split(self.text))
                self._countries = frozenset(code for code in named if code)
        return self._countries


def _longest(
    index: _Index, text: _Text, i: int, lengths: tuple[int, ...]
) -> tuple[int, list[_Alias]]:
    """Number of words matched at token i (0 if none) and the places they name."""
    tokens = text.tokens
    for length in lengths:
        if i + length <= len(tokens):
            aliases = index.aliases.get(tuple(tokens[i : i + length]))
            if aliases:
                accepted = [a for a in aliases if text.accepts(a)]
                if accepted:
                    return length, accepted
    return 0, []


def _namesakes(aliases: list[_Alias], text: _Text) -> list[_Alias]:
    """Of places sharing a name, those in the text's country (all when none or unknown)."""
    if len(aliases) < 2:
        return aliases
    countries = text.countries()
    return [a for a in aliases if a.place.country in countries] or aliases


def find_places(text: str | None, *, country: str | None = None) -> list[PlaceHit]:
    """Places named in the text, most specific and longest first, each place once.

    `country` (a code or a name) is the country the text is known to be about: it satisfies
    the context some ambiguous names need and chooses between namesakes, never hides a hit.
    """
    if not text:
        return []
    index = _index()
    search = _Text(text, to_code(country) if country else None)
    ranked: list[tuple[int, int, int, PlaceHit]] = []
    tokens, first = search.tokens, index.lengths
    i, n = 0, len(tokens)
    while i < n:
        lengths = first.get(tokens[i])
        length, aliases = _longest(index, search, i, lengths) if lengths else (0, [])
        if not length:
            i += 1
            continue
        matched = search.matched(i, i + length - 1)
        for alias in _namesakes(aliases, search):
            ranked.append((_RANK[alias.place.kind], -length, i, PlaceHit(alias.place, matched)))
        i += length
    ranked.sort(key=lambda r: r[:3])
    seen: set[str] = set()
    hits: list[PlaceHit] = []
    for *_, hit in ranked:
        if hit.place.id not in seen:
            seen.add(hit.place.id)
            hits.append(hit)
    return hits
