"""Free-text item descriptions (English, Russian, Chinese) classified to a UAV item group by
the words of caspian/data/item_terms.csv, keeping the words that decided it.

Text is split into words of one script each (Han runs apart from Latin and Cyrillic ones), case
folded, ё read as е. Terms match whole words, word prefixes (Russian stems, plurals) or, for
Chinese, substrings. Overlapping matches keep the longest ("GNSS antenna" over "GNSS"); a "not"
phrase (engine oil, memory foam) vetoes its group, and a finished product (laptop) mutes the
weak words of every group.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from caspian import data
from caspian.items.groups import group
from caspian.names.scripts import HAN_RANGE

TABLE = "item_terms.csv"

_TOKEN = re.compile(rf"[{HAN_RANGE}]+|[^\W_{HAN_RANGE}]+")
STRONG, WEAK, NOT = "strong", "weak", "not"
ANY_GROUP = "*"
_SCORE = {STRONG: 2, WEAK: 1}


@dataclass(frozen=True, slots=True)
class Term:
    group: str
    lang: str
    text: str
    tokens: tuple[str, ...]
    match: str
    weight: str
    hs6_cell: str

    @property
    def hs6(self) -> str | None:
        """The HS-6 a strong term implies: its own, else its group's typical one."""
        if self.weight != STRONG or self.hs6_cell == "-":
            return None
        return self.hs6_cell or group(self.group).typical_hs6


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in the text: `quote` as written, `start`/`end` in the normalised text."""

    quote: str
    term: Term
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Reading:
    """What a description says: the group it names (None if none), whether a strong term
    names it, the HS-6 its strong terms agree on, the decisive hits, the hits of other
    groups and the vetoes."""

    group: str | None
    strong: bool
    hs6: str | None
    hits: tuple[Hit, ...]
    others: tuple[Hit, ...]
    vetoes: tuple[Hit, ...]


def _normalize(word: str) -> str:
    return word.casefold().replace("ё", "е")


class _Text:
    """Words of a text with their places in the original and in the normalised string."""

    def __init__(self, original: str) -> None:
        self.original = original
        found = list(_TOKEN.finditer(original))
        self.words = [_normalize(m.group()) for m in found]
        self.spans = [m.span() for m in found]
        self.starts: list[int] = []
        position = 0
        for word in self.words:
            self.starts.append(position)
            position += len(word) + 1
        self.norm = " ".join(self.words)

    def quote(self, start: int, end: int) -> str:
        """The original text of a normalised span."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, end - 1) - 1
        return self.original[self._place(first, start, 0) : self._place(last, end, 1)]

    def _place(self, index: int, offset: int, side: int) -> int:
        begin, finish = self.spans[index]
        if finish - begin == len(self.words[index]):
            return begin + offset - self.starts[index]
        return (begin, finish)[side]


@dataclass(frozen=True, slots=True)
class _Index:
    words: dict[str, tuple[Term, ...]]
    prefixes: dict[str, tuple[Term, ...]]
    prefix_lengths: tuple[int, ...]
    substrings: tuple[tuple[str, Term], ...]


@cache
def terms() -> tuple[Term, ...]:
    return tuple(
        Term(
            group=row["group"],
            lang=row["lang"],
            text=row["term"],
            tokens=tuple(_normalize(m.group()) for m in _TOKEN.finditer(row["term"])),
            match=row["match"],
            weight=row["weight"],
            hs6_cell=row["hs6"].strip(),
        )
        for row in data.csv_rows(TABLE)
    )


@cache
def _index() -> _Index:
    words: dict[str, list[Term]] = {}
    prefixes: dict[str, list[Term]] = {}
    substrings: list[tuple[str, Term]] = []
    for term in terms():
        if term.match == "word":
            words.setdefault(term.tokens[0], []).append(term)
        elif term.match == "prefix":
            prefixes.setdefault(term.tokens[0], []).append(term)
        else:
            substrings.append((" ".join(term.tokens), term))
    return _Index(
        words={key: tuple(value) for key, value in words.items()},
        prefixes={key: tuple(value) for key, value in prefixes.items()},
        prefix_lengths=tuple(sorted({len(key) for key in prefixes})),
        substrings=tuple(substrings),
    )


def _word_hits(text: _Text, index: _Index) -> Iterator[tuple[int, int, Term]]:
    words = text.words
    for i, word in enumerate(words):
        candidates = list(index.words.get(word, ()))
        for length in index.prefix_lengths:
            if length > len(word):
                break
            candidates.extend(index.prefixes.get(word[:length], ()))
        for term in candidates:
            n = len(term.tokens)
            if i + n > len(words) or not _fits(term, words[i : i + n]):
                continue
            yield text.starts[i], text.starts[i + n - 1] + len(words[i + n - 1]), term


def _fits(term: Term, words: list[str]) -> bool:
    if term.match == "word":
        return list(term.tokens) == words
    return all(word.startswith(stem) for stem, word in zip(term.tokens, words, strict=True))


def _substring_hits(text: _Text, index: _Index) -> Iterator[tuple[int, int, Term]]:
    for needle, term in index.substrings:
        start = text.norm.find(needle)
        while start >= 0:
            yield start, start + len(needle), term
            start = text.norm.find(needle, start + 1)


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """Drop hits overlapping a longer one (ties: the earlier one wins)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def read_description(description: str) -> Reading:
    """The UAV item group a description names, with the words that decided it."""
    text = _Text(description)
    index = _index()
    raw = [*_word_hits(text, index), *_substring_hits(text, index)]
    hits = [Hit(text.quote(start, end), term, start, end) for start, end, term in raw]
    vetoes = sorted((hit for hit in hits if hit.term.weight == NOT), key=lambda h: h.start)
    vetoed = {hit.term.group for hit in vetoes}
    mute_weak = ANY_GROUP in vetoed
    positive = [
        hit
        for hit in hits
        if hit.term.weight != NOT
        and hit.term.group not in vetoed
        and not (mute_weak and hit.term.weight == WEAK)
    ]
    return _decide(_longest_first(positive), tuple(vetoes))


def _decide(hits: list[Hit], vetoes: tuple[Hit, ...]) -> Reading:
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for hit in hits:
        key = (hit.term.group, hit.term.text)
        first.setdefault(hit.term.group, hit.start)
        if key not in seen:
            seen.add(key)
            scores[hit.term.group] = scores.get(hit.term.group, 0) + _SCORE[hit.term.weight]
    if not scores:
        return Reading(None, False, None, (), (), vetoes)
    winner = max(scores, key=lambda g: (scores[g], -first[g]))
    mine = tuple(hit for hit in hits if hit.term.group == winner)
    strong = [hit for hit in mine if hit.term.weight == STRONG]
    codes = {hit.term.hs6 for hit in strong} - {None}
    return Reading(
        group=winner,
        strong=bool(strong),
        hs6=codes.pop() if len(codes) == 1 else None,
        hits=mine,
        others=tuple(hit for hit in hits if hit.term.group != winner),
        vetoes=vetoes,
    )
