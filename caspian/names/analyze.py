"""Name analysis: a name as written -> tokens a matcher compares across scripts.

The pipeline: Unicode NFKC and case folding; words split at punctuation (apostrophes join,
hyphens split); each word romanised by its script; Arabic articles and Persian ezafe set
apart; abbreviations written out (U.S., НПО: caspian.names.abbreviations) and numbers
written as words read as numbers (caspian.names.number_words); each word given a
romanisation key and consonant skeleton; legal forms, titles and generic organisation
words recognised across languages; numbers and initials marked.
Pure and deterministic: the only input besides the name is the package's own tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from caspian.names import romanize
from caspian.names.abbreviations import expand, has_abbreviation
from caspian.names.honorifics import honorific_entries
from caspian.names.kinds import HONORIFIC, INITIAL, LEGAL, NUMBER, TERM, WORD
from caspian.names.legal_forms import legal_entries
from caspian.names.lexicon import Entry, Lexicon
from caspian.names.number_words import has_number_word, read_numbers
from caspian.names.org_terms import term_entries
from caspian.names.scripts import name_script
from caspian.names.tokenize import (
    CJK,
    Piece,
    ascii_piece,
    clear_piece_cache,
    plain_words,
    split_name,
)

__all__ = [
    "HONORIFIC",
    "INITIAL",
    "LEGAL",
    "NUMBER",
    "TERM",
    "WORD",
    "NameAnalysis",
    "Token",
    "analyze",
    "joined_keys",
    "word_token",
]

# English, French, German and Dutch ordinal suffixes: 44th, 44e, 1er, 2eme, 4te, 3de.
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th|e|er|re|ere|eme|te|ste|de)")
# Roman numerals that are not also common name syllables (Vi, Xi, Li, Di, Mi are).
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vii": "7", "viii": "8", "xii": "12", "xiv": "14"}
_NOT_CORE = frozenset({LEGAL, HONORIFIC})
# Cache sizes: bounded, since names and words come from users (see romanize.WORD_CACHE).
# A name is analysed again within its own query (scoring, explanation), and an order book
# names its customers again and again; a name is rarely seen again after thousands of
# others, and the index keeps its listed names' analyses itself.
MAX_NAMES = 1 << 14
MAX_WORDS = romanize.WORD_CACHE


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # normalised Latin text, lower-case ASCII ("ghods"; "qds" for قدس)
    key: str  # romanisation-canonical key: equal keys mean the same word ("kods")
    skeleton: str  # consonant skeleton of the key ("kds"); what abjad scripts can be met on
    kind: str  # WORD | LEGAL | HONORIFIC | TERM | NUMBER | INITIAL
    concept: str | None = None  # for LEGAL, HONORIFIC, TERM: a language-independent id
    abjad: bool = False  # written in a script that omits short vowels (Arabic, Persian)
    article: str = ""  # the Arabic article written before the word ("al" in al-Tikriti)


@dataclass(frozen=True, slots=True)
class NameAnalysis:
    original: str
    script: str  # "latin" | "cyrillic" | "arabic" | "han" | "hangul" | "greek" | ... | "mixed"
    tokens: tuple[Token, ...]

    @property
    def core(self) -> tuple[Token, ...]:
        """Tokens that identify (not legal forms or honorifics)."""
        return tuple(t for t in self.tokens if t.kind not in _NOT_CORE)


_LEXICONS: dict[bool, Lexicon] = {}


def lexicon(cjk: bool = False) -> Lexicon:
    """Legal forms, honorifics and generic terms, built once from the tables.

    cjk: the forms written in Han, kana or Hangul, built on the first CJK word (they need
    pypinyin, which takes a quarter of a second to load).
    """
    found = _LEXICONS.get(cjk)
    if found is None:
        entries = legal_entries(cjk=cjk) + honorific_entries(cjk=cjk) + term_entries(cjk=cjk)
        found = _LEXICONS[cjk] = Lexicon(entries)
    return found


@lru_cache(maxsize=MAX_NAMES)
def analyze(name: str) -> NameAnalysis:
    """Analyse a name as written, in any script."""
    tokens: list[Token] = []
    starts: list[tuple[Entry, ...]] = []
    plain = plain_words(name)
    if plain is not None and (has_abbreviation(plain) or has_number_word(plain)):
        plain = None  # abbreviations written out, number words read as numbers
    if plain is not None:
        for i, word in enumerate(plain):
            token, start = _plain_word(word, i == 0)
            tokens.append(token)
            starts.append(start)
    else:
        for i, piece in enumerate(read_numbers(expand(split_name(name)))):
            token, start = _word(piece, i == 0)
            tokens.append(token)
            starts.append(start)
    if any(starts):
        tokens = _tagged(tokens, starts)
    return NameAnalysis(original=name, script=name_script(name), tokens=tuple(tokens))


def _tagged(tokens: list[Token], starts: list[tuple[Entry, ...]]) -> list[Token]:
    """Mark legal forms, titles and terms; unless nothing else would be left of the name
    ("OOO" alone is still a name: legal forms and titles are never required)."""
    tags = Lexicon.tag([t.key for t in tokens], [t.text for t in tokens], starts)
    if all(tag is not None and tag[0].kind != TERM for tag in tags):
        return tokens
    return [
        tok if tag is None else _tagged_token(tok, tag[0].kind, tag[0].concepts[tag[1]])
        for tok, tag in zip(tokens, tags, strict=True)
    ]


@lru_cache(maxsize=MAX_WORDS)
def _plain_word(word: str, first: bool) -> tuple[Token, tuple[Entry, ...]]:
    """_word for a plain lower-case ASCII word, cached on the string (the common case)."""
    return _word(ascii_piece(word), first)


@lru_cache(maxsize=MAX_WORDS)
def _word(piece: Piece, first: bool) -> tuple[Token, tuple[Entry, ...]]:
    """A word's token, and the table forms that may start at it."""
    token = _word_token(piece, first)
    if token.kind not in (WORD, INITIAL):
        return token, ()
    starts = lexicon(piece.family == CJK).starting(token.key, token.text, piece.family)
    if piece.article:  # El-Sayed is a surname, Sayed a title
        starts = tuple(e for e in starts if e.kind != HONORIFIC)
    return token, starts


def _word_token(piece: Piece, first: bool) -> Token:
    text, _, initial, article, number = piece
    abjad = piece.abjad
    if number:  # written as words: "forty four"
        return Token(text, number, number, NUMBER, abjad=abjad, article=article)
    if text.isdigit():
        return Token(text, text, text, NUMBER, abjad=abjad, article=article)
    ordinal = _ORDINAL.fullmatch(text)
    if ordinal:
        number = ordinal.group(1)
        return Token(text, number, number, NUMBER, abjad=abjad, article=article)
    if not first and text in _ROMAN:
        return Token(text, _ROMAN[text], _ROMAN[text], NUMBER, article=article)
    if initial:
        return Token(text, text, text, INITIAL, abjad=abjad, article=article)
    key = romanize.key(text, abjad)
    return Token(text, key, romanize.skeleton(key), WORD, abjad=abjad, article=article)


def word_token(text: str) -> Token:
    """The token of a lower-case ASCII word standing alone, first in its name (so never
    a roman numeral): how a run of initials reads as the acronym it spells."""
    return _plain_word(text, True)[0]


@lru_cache(maxsize=MAX_WORDS)
def _tagged_token(token: Token, kind: str, concept: str) -> Token:
    """A legal form, title or term: key and skeleton are its concept, across languages."""
    return Token(token.text, concept, concept, kind, concept, token.abjad, token.article)


def joined_keys(analysis: NameAnalysis) -> set[str]:
    """Keys of adjacent word pairs written as one word ("abdul" + "rahman" -> abdrahman).

    With the article when the second word had one ("nur" + "ad" + "din" -> "nurudin"
    for Nooruddin), since joined spellings keep it.
    """
    out: set[str] = set()
    tokens = analysis.tokens
    for left, right in pairwise(tokens):
        if left.kind != WORD or right.kind != WORD or left.abjad != right.abjad:
            continue
        abjad = left.abjad or right.abjad
        out.add(romanize.key(left.text + right.text, abjad))
        if right.article:
            out.add(romanize.key(left.text + right.article + right.text, abjad))
    return out


def clear_caches() -> None:
    """Forget every analysed name and word (for benchmarks; analysis is pure)."""
    analyze.cache_clear()
    _clear_word_caches()


def _clear_word_caches() -> None:
    for cached in (
        _plain_word,
        _word,
        _tagged_token,
        romanize.key,
        romanize.skeleton,
        romanize.loose,
        romanize.letter_key,
    ):
        cached.cache_clear()
    for built in _LEXICONS.values():
        built.starting.cache_clear()
    clear_piece_cache()
