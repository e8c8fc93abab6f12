"""Transliteration of one word to lower-case Latin letters, by script.

Cyrillic, Arabic, Hebrew, Greek and kana have tables of their own
(caspian/data/translit_*.csv) where letter-by-letter romanisation would not meet the Latin
spellings on the lists (Ukrainian г is h; Arabic و is w or u by position and the article
ال is split off; Greek ου is ou; キャ is kya). Other scripts go through anyascii. Han, kana
and Hangul are segmented first, in caspian.names.cjk.
"""

from __future__ import annotations

import re
from functools import cache

from anyascii import anyascii

from caspian import data
from caspian.names import romanize

_NOT_LATIN = re.compile(r"[^a-z0-9]+")


def latin(text: str) -> str:
    """Any text as lower-case ASCII letters and digits (accents, marks and signs dropped)."""
    if not text.isascii():
        text = anyascii(text).lower()
    return _NOT_LATIN.sub("", text)


# -- Cyrillic -------------------------------------------------------------------------


@cache
def _cyrillic_tables() -> tuple[dict[str, str], list[tuple[frozenset[str], dict[str, str]]]]:
    """The Russian table, and (marker letters, table) per other variant, in trial order."""
    base: dict[str, str] = {}
    overrides: dict[str, dict[str, str]] = {}
    markers: dict[str, set[str]] = {}
    for row in data.csv_rows("translit_cyrillic.csv"):
        letter, value, variant = row["letter"], row["latin"], row["variant"]
        if not variant:
            base[letter] = value
            continue
        overrides.setdefault(variant, {})[letter] = value
        marks = markers.setdefault(variant, set())
        if row["marker"] == "yes":
            marks.add(letter)
    variants = [(frozenset(markers[v]), base | overrides[v]) for v in markers if markers[v]]
    return base, variants


def cyrillic(word: str) -> str:
    """Romanise a Cyrillic word (BGN/PCGN for Russian; Ukrainian etc. by their own letters)."""
    base, variants = _cyrillic_tables()
    table = base
    for marks, variant_table in variants:
        if not marks.isdisjoint(word):
            table = variant_table
            break
    return latin("".join(table.get(ch, ch) for ch in word))


# -- Arabic script ----------------------------------------------------------------------

ARTICLE = "ال"
ALLAH = "الله"
URDU_ALLAH = "اللہ"
# Letters only Persian, Urdu or Pashto writing uses (their own letters, and their forms of
# ی, ک and ه): a name holding one is read the Persian way (see arabic).
PERSIAN_SCRIPT_LETTERS = frozenset("پچژگکیہےھٹڈڑںځښږډړټڼۀ")
_ALIFS = frozenset("اأإآٱ")
_ZWNJ = "\u200c"  # zero-width non-joiner: ends a morpheme inside a Persian word
_SEMIVOWELS = frozenset("ويی")
# Letters only Persian writes (not its spellings of Arabic letters, ی for ي and ک for ك,
# which Dari and Pashto lists use in Arabic names: عبد البصیر is Abd al-Basir).
_PERSIAN_LETTERS = frozenset("پچژگ")
# Persian and Arabic words that begin with ال but where it is not the article.
_NOT_ARTICLE = frozenset(
    {"الهام", "الیاس", "الياس", "الماس", "البرز", "الوند", "الیکا", "الکترونیک"}
)


@cache
def _arabic_table() -> tuple[dict[str, str], dict[str, str]]:
    rows = data.csv_rows("translit_arabic.csv")
    consonant = {r["letter"]: romanize.letter_key(r["consonant"]) for r in rows}
    vowel = {r["letter"]: r["vowel"] for r in rows if r["vowel"]}
    return consonant, vowel


def arabic(word: str, *, persian: bool = False) -> tuple[str, str]:
    """(Latin consonant spelling, article) of a word in Arabic script.

    persian: the name is written the Persian, Urdu or Pashto way, where ث is said and
    romanised s (ثناء اللہ Sanaullah, ثاقب Saqib), not th as in Arabic.

    The spelling is already in key form letter by letter (خ is h, ق is k, و is v or u).
    The article ال is split off ("الرحمن" -> ("rhmn", "al")), except in Persian words and
    in الله, which is spelt out so that its compounds meet their Latin forms
    ("عبدالله" -> "abdallah", "نصرالله" -> "nsrallah").
    """
    article = ""
    if persian:
        word = word.replace("ث", "س")
    if word.endswith(URDU_ALLAH):  # Urdu and Pashto write its final he as ہ
        word = word[: -len(URDU_ALLAH)] + ALLAH
    if _has_article(word):
        article, word = "al", word[2:]
    if word.endswith(ALLAH) and word != ALLAH:
        return _arabic_letters(word[: -len(ALLAH)]) + "allah", article
    if word == ALLAH:
        return "allah", article
    return _arabic_letters(word), article


def _has_article(word: str) -> bool:
    return (
        word.startswith(ARTICLE)
        and len(word) > 3
        and word != ALLAH
        and word not in _NOT_ARTICLE
        and _PERSIAN_LETTERS.isdisjoint(word)
    )


def _arabic_letters(word: str) -> str:
    consonant, vowel = _arabic_table()
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch in _SEMIVOWELS:
            out.append(consonant[ch] if _consonantal(word, i) else vowel[ch])
        elif ch == "ه" and i >= 2 and word[i - 1] not in _ALIFS and _ends_morpheme(word, i):
            out.append("e")  # Persian silent he: زاده -> zade, خامنه‌ای -> khamneai
        else:
            out.append(consonant.get(ch, ch))
    return latin("".join(out))


def _consonantal(word: str, i: int) -> bool:
    """و / ي is a consonant at the start of a word or morpheme, or next to an alif."""
    if i == 0 or word[i - 1] == _ZWNJ:
        return True
    return (i + 1 < len(word) and word[i + 1] in _ALIFS) or word[i - 1] in _ALIFS


def _ends_morpheme(word: str, i: int) -> bool:
    return i == len(word) - 1 or word[i + 1] == _ZWNJ


# -- Hebrew -----------------------------------------------------------------------------

_HEBREW_SEMIVOWELS = frozenset("וי")
_HEBREW_FINAL_VOWEL = "ה"


@cache
def _hebrew_table() -> dict[str, tuple[str, str, str]]:
    table = {}
    for row in data.csv_rows("translit_hebrew.csv"):
        consonant = romanize.letter_key(row["consonant"])
        initial = romanize.letter_key(row["initial"]) if row["initial"] else consonant
        table[row["letter"]] = (consonant, row["vowel"] or consonant, initial)
    return table


def hebrew(word: str) -> str:
    """Consonant spelling of a Hebrew word ("משה" -> "mshe", "יוסף" -> "yosf")."""
    table = _hebrew_table()
    out: list[str] = []
    last = len(word) - 1
    for i, ch in enumerate(word):
        if ch not in table:
            out.append(ch)
            continue
        consonant, vowel, initial = table[ch]
        if i == 0:
            out.append(initial)
        elif ch in _HEBREW_SEMIVOWELS and word[i - 1] != ch:
            out.append(vowel)
        elif ch == _HEBREW_FINAL_VOWEL and i == last:
            out.append("e")
        else:
            out.append(consonant)
    return latin("".join(out))


# -- Greek and kana: letter pairs, then anyascii ------------------------------------------


@cache
def _greek_pairs() -> tuple[dict[str, str], dict[str, str]]:
    """(pairs valid anywhere, pairs at the start of a word)."""
    anywhere: dict[str, str] = {}
    start: dict[str, str] = {}
    for row in data.csv_rows("translit_greek.csv"):
        (start if row["position"] == "start" else anywhere)[row["pair"]] = row["latin"]
    return anywhere, start


def greek(word: str) -> str:
    """ELOT 743 romanisation of a Greek word ("Παπαδόπουλος" -> "papadopoulos")."""
    anywhere, start = _greek_pairs()
    return latin(_replace_pairs(word, anywhere, start))


_HIRAGANA_FIRST, _HIRAGANA_LAST, _TO_KATAKANA = 0x3041, 0x3096, 0x60


@cache
def _kana_pairs() -> dict[str, str]:
    return {row["pair"]: row["latin"] for row in data.csv_rows("translit_kana.csv")}


def kana(text: str) -> str:
    """Modified Hepburn for kana ("キャノン" -> "kyanon")."""
    katakana = "".join(
        chr(ord(ch) + _TO_KATAKANA) if _HIRAGANA_FIRST <= ord(ch) <= _HIRAGANA_LAST else ch
        for ch in text
    )
    return latin(_replace_pairs(katakana, _kana_pairs(), {}))


def _replace_pairs(text: str, anywhere: dict[str, str], start: dict[str, str]) -> str:
    """Replace the table's one- and two-letter sequences, left to right."""
    out: list[str] = []
    i = 0
    while i < len(text):
        for size in (2, 1):
            chunk = text[i : i + size]
            found = start.get(chunk) if i == 0 else None
            if found is None:
                found = anywhere.get(chunk)
            if found is not None:
                out.append(found)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
