"""Phrase tables (legal forms, honorifics, generic terms) matched against a name's words.

Every form is analysed like a name (same transliteration and romanisation keys), so a
table row written once in its own script also matches its romanisations: "ООО" and "OOO",
"промышленность" and "promyshlennost". Stems ("prefix" rows) are expanded with the endings
of caspian/data/name_endings.csv into the set of words they stand for, so matching is a
set lookup. At each word the longest matching form wins; on a tie a legal form beats an
honorific, which beats a generic term.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from caspian import data
from caspian.names import romanize
from caspian.names.scripts import CJK as CJK_SCRIPTS
from caspian.names.scripts import CYRILLIC, char_script
from caspian.names.tokenize import ALPHABET, Piece, split_name

ANY, START, END, EDGE, BEFORE = "any", "start", "end", "edge", "before"
_POSITIONS = frozenset({ANY, START, END, EDGE, BEFORE})
EXACT, PREFIX, SPELLING = "exact", "prefix", "spelling"
_MATCHES = frozenset({EXACT, PREFIX, SPELLING})
_STEM_MIN = 3  # words of a prefix form shorter than this are not stems ("с" in a phrase)
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # caspian.names.kinds: LEGAL, HONORIFIC or TERM
    concepts: tuple[str, ...]  # one per word
    words: tuple[frozenset[str], ...]  # per word, the keys (or spellings) it matches
    spelled: bool  # matched on the words' spelling rather than their keys
    position: str  # where in the name the form may stand
    rank: int  # tie-break between kinds: lower wins
    family: str  # writing family of the form: only words of that family match it

    def fits(self, start: int, total: int) -> bool:
        end = start + len(self.words) == total
        if self.position == START:
            return start == 0
        if self.position == END:
            return end
        if self.position == EDGE:
            return start == 0 or end
        if self.position == BEFORE:
            return not end
        return True


def entries(
    rows: Iterable[dict[str, str]],
    kind: str,
    rank: int,
    *,
    cjk: bool,
    ezafe: bool = False,
    match: str | None = None,
    position: str | None = None,
) -> list[Entry]:
    """Entries for table rows (columns form, concept; optional match, position, lang).

    cjk: build the rows written in Han, kana or Hangul, or the others (the CJK ones need
    pypinyin, which takes a quarter of a second to load: only when a CJK name comes).
    ezafe: Persian forms in Latin letters also match with the ezafe joined ("nafte").
    match, position: the same for every row of the table (else read from each row).
    """
    out = []
    for row in rows:
        if _is_cjk(row["form"]) != cjk:
            continue
        how = match or row.get("match") or EXACT
        where = position or row.get("position") or ANY
        if how not in _MATCHES or where not in _POSITIONS:
            raise ValueError(f"form {row['form']!r}: bad match {how!r} or position {where!r}")
        forms = [row["form"]]
        if ezafe and row.get("lang") == "fa-Latn" and " " not in row["form"]:
            forms.append(row["form"] + ("ye" if row["form"][-1] in _VOWELS else "e"))
        for form in forms:
            entry = _entry(form, row["concept"], kind, rank, how, where)
            if entry is not None:
                out.append(entry)
    return out


def _entry(form: str, concept: str, kind: str, rank: int, how: str, where: str) -> Entry | None:
    variants = [_word_variants(word, how == PREFIX) for word in form.split()]
    # Words are analysed one by one, but a written word may give several (hyphens, CJK).
    words: list[frozenset[Piece]] = []
    families: set[str] = set()
    for options in variants:
        analysed = [split_name(option) for option in options]
        width = len(analysed[0])
        if any(len(pieces) != width for pieces in analysed):
            raise ValueError(f"form {form!r}: inflected forms split differently")
        for i in range(width):
            pieces = [p[i] for p in analysed]
            families.update(p.family for p in pieces)
            words.append(frozenset(pieces))
    if not words:
        return None
    if len(families) != 1:
        raise ValueError(f"form {form!r} mixes writing systems")
    family = families.pop()
    # Abjad and CJK transliterations are already one spelling per written word; their
    # keys (vowels and doubled letters gone) would merge words: مؤسسة with موسى (Musa).
    spelled = how == SPELLING or family != ALPHABET
    concepts = tuple(concept.split())
    if len(concepts) == 1:
        concepts *= len(words)
    if len(concepts) != len(words):
        raise ValueError(f"form {form!r}: {len(concepts)} concepts for {len(words)} words")
    values = tuple(frozenset(_value(p, spelled) for p in pieces) for pieces in words)
    return Entry(kind, concepts, values, spelled, where, rank, family)


def _is_cjk(form: str) -> bool:
    return any(char_script(ch) in CJK_SCRIPTS for ch in form)


def _word_variants(word: str, stem: bool) -> list[str]:
    if not stem or len(word) < _STEM_MIN:
        return [word]
    group = "cyrillic" if char_script(word[0]) == CYRILLIC else "latin"
    return [word + ending for ending in endings()[group]]


def _value(piece: Piece, spelled: bool) -> str:
    if spelled:
        return piece.text
    return romanize.word_key(piece.text, abjad=piece.abjad, initial=piece.initial)


@cache
def endings() -> dict[str, tuple[str, ...]]:
    """Endings a stem may take, per group (caspian/data/name_endings.csv)."""
    out: dict[str, list[str]] = defaultdict(list)
    for row in data.csv_rows("name_endings.csv"):
        out[row["group"]].append(row["ending"] or "")
    return {group: tuple(values) for group, values in out.items()}


class Lexicon:
    """Entries indexed by the keys (or spellings) of their first word.

    A form only matches words of its writing family (Latin and other alphabets, abjads,
    CJK): the consonant keys of Arabic-script words and the pinyin of Han words are too
    short to be compared with Latin words (ذر "dr" is not Dr; 制药 "zhiyao" is not Jiao).
    """

    def __init__(self, all_entries: Iterable[Entry]) -> None:
        self._first: dict[tuple[str, str, bool], list[Entry]] = defaultdict(list)
        for entry in all_entries:
            for value in entry.words[0]:
                self._first[(value, entry.family, entry.spelled)].append(entry)
        self.starting = lru_cache(maxsize=romanize.WORD_CACHE)(self._starting)

    def _starting(self, key: str, text: str, family: str) -> tuple[Entry, ...]:
        """Entries whose first word matches a word with this key and spelling."""
        found = self._first.get((key, family, False), []) + self._first.get(
            (text, family, True), []
        )
        found.sort(key=lambda e: (-len(e.words), e.rank))
        return tuple(found)

    @staticmethod
    def tag(
        keys: Sequence[str], texts: Sequence[str], starts: Sequence[tuple[Entry, ...]]
    ) -> list[tuple[Entry, int] | None]:
        """For each word, the entry covering it and the word's index in that entry.

        starts: self.starting(...) of each word, or () for words that cannot start a form.
        """
        total = len(keys)
        out: list[tuple[Entry, int] | None] = [None] * total
        i = 0
        while i < total:
            entry = _match_at(keys, texts, i, starts[i])
            if entry is None:
                i += 1
                continue
            for offset in range(len(entry.words)):
                out[i + offset] = (entry, offset)
            i += len(entry.words)
        return out


def _match_at(
    keys: Sequence[str], texts: Sequence[str], start: int, candidates: tuple[Entry, ...]
) -> Entry | None:
    total = len(keys)
    for entry in candidates:
        size = len(entry.words)
        if start + size > total:
            continue
        if entry.position != ANY and not entry.fits(start, total):
            continue
        values = texts if entry.spelled else keys
        if size == 1 or all(values[start + n] in entry.words[n] for n in range(1, size)):
            return entry
    return None
