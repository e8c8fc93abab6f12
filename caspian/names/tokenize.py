"""A name as written -> its words in Latin letters, with articles and ezafe set apart.

Punctuation separates words, except apostrophes and their look-alikes, which join
(Ja'far = Jafar, Ch'oe = Choe: they stand for a glottal stop, an ayn or an aspirate that
other spellings leave out). Dotted abbreviations that are legal forms are joined
("L.L.C." -> llc), other initials stay apart ("J. R." -> j, r). Each word is romanised
by its script (caspian.names.translit, caspian.names.cjk).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from caspian import data
from caspian.names import cjk, romanize, scripts, translit

# Writing families: words are only compared with table forms of their own family.
ALPHABET, ABJAD, CJK = "alphabet", "abjad", "cjk"


class Piece(NamedTuple):
    """One word of a name, in lower-case Latin letters."""

    text: str
    family: str = ALPHABET  # ALPHABET (Latin, Cyrillic, Greek...), ABJAD or CJK
    initial: bool = False  # a single letter in an alphabetic script
    article: str = ""  # the Arabic article written before it ("al", "ad", "el"...)
    number: str = ""  # the digits of a number written as words ("44" for forty-four)

    @property
    def abjad(self) -> bool:
        """Written in a script without short vowels (Arabic, Persian, Hebrew)."""
        return self.family == ABJAD


_APOSTROPHES = frozenset("'`´‘’‛′ʹʻʼʽʾʿˈ׳״")
_HYPHENS = frozenset("-‐‑‒–—―−﹘﹣")
_JOINERS = frozenset("\u00ad\u200d\u2060\ufeff")  # soft hyphen, ZWJ, word joiner, BOM
_HYPHEN = " - "
ZWNJ = "\u200c"


MAX_CHARS = 1 << 16  # characters the table keeps: every script a list writes in


class _CharMap(dict[int, str]):
    """str.translate table built on demand: letters and marks kept, digits to ASCII,
    apostrophes and joiners removed, hyphens and "&" spelled out, the rest a space.
    Bounded: past MAX_CHARS distinct characters (names in every Unicode block), the
    rest are worked out each time instead of kept."""

    def __missing__(self, code: int) -> str:
        value = _char_value(chr(code))
        if len(self) < MAX_CHARS:
            self[code] = value
        return value


def _char_value(ch: str) -> str:
    if ch in _APOSTROPHES or ch in _JOINERS:
        return ""
    if ch == ZWNJ:
        return ch  # inside a word (Persian خامنه‌ای); the transliteration reads it
    if ch in _HYPHENS:
        return _HYPHEN
    if ch == "&":
        return " and "
    category = unicodedata.category(ch)
    if category[0] in "LM":
        return ch
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    return " "


_CHARS = _CharMap()
# Single letters joined by dots: "l.l.c.", "s. a.", "o.o."
_DOTTED = re.compile(r"\b[^\W\d_](?:\.\s?[^\W\d_]\b)+\.?")


@cache
def _dotted_forms() -> frozenset[str]:
    """Legal-form abbreviations that may be written with dots (from legal_forms.csv)."""
    words = set()
    for row in data.csv_rows("legal_forms.csv"):
        for word in row["form"].casefold().split():
            word = word.replace(".", "")
            if word.isalpha() and len(word) <= 6:
                words.add(word)
    return frozenset(words)


def _join_dotted(match: re.Match[str]) -> str:
    letters = "".join(ch for ch in match.group() if ch.isalpha())
    return f" {letters} " if letters in _dotted_forms() else match.group()


@cache
def particle_roles() -> dict[str, str]:
    """Particle spelling -> role (article | sun_article | ezafe), from name_particles.csv."""
    return {row["form"]: row["role"] for row in data.csv_rows("name_particles.csv")}


@cache
def particles() -> frozenset[str]:
    return frozenset(particle_roles())


def split_name(name: str) -> list[Piece]:
    """The words of a name, romanised, with particles removed (see name_particles.csv)."""
    words = _words(name)
    if _plain(words):
        return [ascii_piece(word) for word in words]
    raw: list[tuple[Piece, bool]] = []  # (piece, a hyphen follows)
    whole = len(words) == 1
    persian = not translit.PERSIAN_SCRIPT_LETTERS.isdisjoint(name)
    for word in words:
        if word == "-":
            if raw:
                raw[-1] = (raw[-1][0], True)
        elif word.isascii():
            raw.append((ascii_piece(word), False))
        else:
            raw.extend((p, False) for p in _romanise_word(word, whole, persian))
    return _drop_particles(raw)


def plain_words(name: str) -> list[str] | None:
    """The words of a name that needs no more than lower-casing and splitting (most Latin
    names: ASCII, no hyphen, no particle), or None. A fast path for the analysis."""
    words = _words(name)
    return words if _plain(words) else None


def _words(name: str) -> list[str]:
    text = name.lower() if name.isascii() else unicodedata.normalize("NFKC", name).casefold()
    if "." in text:
        text = _DOTTED.sub(_join_dotted, text)
    return text.translate(_CHARS).split()


def _plain(words: list[str]) -> bool:
    return "-" not in words and particles().isdisjoint(words) and all(map(str.isascii, words))


@lru_cache(maxsize=romanize.WORD_CACHE)
def ascii_piece(word: str) -> Piece:
    """A Latin word as it is (lower-case ASCII letters and digits)."""
    return Piece(word, initial=len(word) == 1 and word.isalpha())


def _romanise_word(word: str, whole_name: bool, persian: bool = False) -> list[Piece]:
    """persian: the name is written the Persian, Urdu or Pashto way (see translit.arabic)."""
    runs = list(scripts.runs(word))
    whole_name = whole_name and len(runs) == 1
    out: list[Piece] = []
    for script, run in runs:
        if script in (scripts.HAN, scripts.HANGUL):
            out.extend(Piece(t, CJK) for t in cjk.romanise(run, whole_name=whole_name))
            continue
        if script == scripts.ARABIC:
            text, article = translit.arabic(run, persian=persian)
            piece = Piece(text, ABJAD, article=article)
        elif script == scripts.CYRILLIC:
            piece = Piece(translit.cyrillic(run), initial=_one_letter(run))
        elif script == scripts.HEBREW:
            piece = Piece(translit.hebrew(run), ABJAD)
        elif script == scripts.GREEK:
            piece = Piece(translit.greek(run), initial=_one_letter(run))
        elif script in scripts.ABJADS:
            piece = Piece(translit.latin(run), ABJAD)
        else:
            piece = Piece(translit.latin(run), initial=_one_letter(run))
        if piece.text:
            out.append(piece)
    return out


def _one_letter(run: str) -> bool:
    return sum(1 for ch in run if ch.isalpha()) == 1


def _drop_particles(raw: list[tuple[Piece, bool]]) -> list[Piece]:
    """Remove Arabic articles (kept on the next word) and Persian ezafe particles."""
    roles = particle_roles()
    out: list[Piece] = []
    article = ""
    last = len(raw) - 1
    for i, (piece, hyphen_after) in enumerate(raw):
        role = None if piece.abjad else roles.get(piece.text)
        if role is not None:
            after_hyphen = i > 0 and raw[i - 1][1]
            if role == "ezafe" and after_hyphen:
                continue
            if i < last and _is_article(role, piece.text, raw[i + 1][0], i, hyphen_after):
                article = piece.text
                continue
        if article:
            piece = piece._replace(article=article)
            article = ""
        out.append(piece)
    return out


def _is_article(role: str, text: str, following: Piece, index: int, hyphen_after: bool) -> bool:
    if following.abjad or not following.text.isalpha():
        return False
    if role == "article":
        return True
    if role == "sun_article":
        # ad-Din, ar-Rahman: the article's consonant is the next word's first letter(s).
        return (hyphen_after or index > 0) and following.text.startswith(text[1:])
    return False


def clear_piece_cache() -> None:
    ascii_piece.cache_clear()
