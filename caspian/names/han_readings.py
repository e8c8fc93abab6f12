"""Han names read in their own language: Korean and Japanese names are not Mandarin.

Korean and Japanese names are written in Han characters too, and pinyin alone reads
金正恩 as Jin Zhengen where every list writes Kim Jong Un, and 山田太郎 as Shan Tiantailang
for Yamada Taro. A name is read the Korean way when its shape is a Korean name's (a
surname of caspian/data/korean_surnames.csv, then one or two characters: Hanja read in
Hangul by the `hanja` package, then McCune-Reischauer), the Japanese way when it could be
a Japanese one (four characters or more, kana, or a two-character word first: readings
by `pykakasi`, modified Hepburn without macrons). Pinyin stays the first reading; the
others are alternatives the matcher also tries. A Korean name in Hangul is also read with
its given name split into syllables (Kim Jong Un beside Kim Jongun).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from caspian import data
from caspian.names import cjk, scripts
from caspian.names.analyze import NameAnalysis, analyze

SURNAMES = "korean_surnames.csv"
MAX_NAMES = 1 << 14  # bounded, since names come from users (see caspian.names.analyze)
MAX_NAME = 6  # characters of a whole name read as a person's name
KOREAN_GIVEN = range(1, 3)  # characters of a Korean given name
JAPANESE_FROM = 4  # characters from which a name may be Japanese whatever its first word
_SEPARATORS = re.compile(r"[\s\u30fb\u00b7]+")  # spaces and middle dots between the parts
# Hepburn without macrons writes a long vowel once (Taro, Shinzo, Ono; not Tarou, Oono).
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))
_NOT_LETTER = re.compile(r"[^a-z]")


@cache
def korean_surnames() -> dict[str, str]:
    """Hanja of a Korean surname -> its Hangul (the first form of the table)."""
    out: dict[str, str] = {}
    for row in data.csv_rows(SURNAMES):
        hangul = row["hangul"].split(";")[0]
        if not row["hanja"] or not hangul or not row["spellings"]:
            raise ValueError(f"{SURNAMES}: bad row {row!r}")
        for hanja in row["hanja"].split():
            out[hanja] = hangul
    return out


def _han_name(text: str) -> str | None:
    """The characters of a name written only in Han (and kana), or None."""
    run = _SEPARATORS.sub("", text)
    if not 2 <= len(run) <= MAX_NAME:
        return None
    found = {scripts.char_script(ch) for ch in run}
    return run if scripts.HAN in found and found <= {scripts.HAN, scripts.KANA} else None


def korean_split(run: str) -> tuple[str, str] | None:
    """(surname, given name) when a Han run has a Korean name's shape."""
    surnames = korean_surnames()
    for size in (2, 1):
        if run[:size] in surnames and len(run) - size in KOREAN_GIVEN:
            return run[:size], run[size:]
    return None


def korean(run: str) -> str | None:
    """The Korean reading of a Han name in Latin letters ("金正恩" -> "kim jongun")."""
    split = korean_split(run)
    if split is None or not all(scripts.char_script(ch) == scripts.HAN for ch in run):
        return None
    hanja = _hanja()
    if hanja is None:
        return None
    surname, given = split
    # Read with the surname before it, so the given name keeps the sound it has inside
    # a word, as DPRK names are written (崔龍海 Choe Ryong Hae, not Yong Hae).
    read = str(hanja.translate(run, "substitution"))[len(surname) :]
    if len(read) != len(given) or any(scripts.char_script(c) != scripts.HANGUL for c in read):
        return None  # a character the table cannot read
    return _korean_words(korean_surnames()[surname], read)


def _korean_words(surname: str, given: str) -> str:
    """A Korean surname and given name in Hangul, one word per syllable of the given name,
    as lists and people write them (Kim Jong Un, Lee Myung-bak), each as it sounds after
    the one before (명박: myong bak, not pak)."""
    syllables = [
        cjk.hangul(given[: i + 1])[len(cjk.hangul(given[:i])) :] for i in range(len(given))
    ]
    return " ".join([cjk.hangul(surname, surname=True), *syllables])


def hangul_syllables(text: str) -> str | None:
    """A Korean name in Hangul with its given name split into syllables ("김정은" ->
    "kim jong un"): the analysis writes the given name as one word (jongun), which
    misses the hyphenated and spaced spellings (Gim Jeong-eun, Kim Jong Un)."""
    run = _SEPARATORS.sub("", text)
    if not 3 <= len(run) <= 4 or any(scripts.char_script(c) != scripts.HANGUL for c in run):
        return None
    if len(cjk.segment(run)) > 1:
        return None  # a firm's words (조선, 회사)
    size = 2 if run[:2] in hangul_surnames() else 1  # 남궁, 선우
    return _korean_words(run[:size], run[size:])


@cache
def hangul_surnames() -> frozenset[str]:
    """Hangul forms of the surnames of caspian/data/korean_surnames.csv."""
    return frozenset(h for row in data.csv_rows(SURNAMES) for h in row["hangul"].split(";"))


@cache
def _hanja() -> Any:
    """The `hanja` package (extra `cjk`), imported on first use; None where it is not
    installed: a Han name is then read in Mandarin only."""
    try:
        import hanja
    except ModuleNotFoundError:
        return None
    return hanja


@cache
def _kakasi() -> Any:
    """pykakasi's converter (extra `cjk`: it is GPL-3.0, so it is not installed by
    default), or None where it is not installed."""
    try:
        import pykakasi
    except ModuleNotFoundError:
        return None
    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def japanese(run: str) -> str | None:
    """The Japanese reading of a Han name in Latin letters ("山田太郎" -> "yamada taro")."""
    kakasi = _kakasi()
    if kakasi is None:
        return None
    parts: list[dict[str, str]] = kakasi.convert(run)
    if "".join(p["orig"] for p in parts) != run:
        return None
    words = [_hepburn(p["hepburn"]) for p in parts]
    if not all(words):
        return None  # a character Japanese does not read (simplified Chinese 习)
    has_kana = any(scripts.char_script(ch) == scripts.KANA for ch in run)
    first_word = len(parts[0]["orig"]) >= 2
    if len(run) >= JAPANESE_FROM or has_kana or first_word:
        return " ".join(words)
    return None


def _hepburn(text: str) -> str:
    text = _NOT_LETTER.sub("", text.lower())
    for long, short in _LONG_VOWELS:
        text = text.replace(long, short)
    return text


def readings(text: str) -> list[str]:
    """Other readings of a person's name written in Han characters, in Latin letters:
    the Korean and the Japanese one where the name could be either (none for other
    names; pinyin is the analysis's own reading)."""
    if text.isascii():
        return []
    syllables = hangul_syllables(text)
    if syllables is not None:
        return [syllables]
    run = _han_name(text)
    if run is None or len(cjk.segment(run)) > 1:
        return []  # not a Han name, or one holding a firm's words (公司, 银行)
    out = [r for r in (korean(run), japanese(run)) if r]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=MAX_NAMES)
def analyses(text: str) -> tuple[NameAnalysis, ...]:
    """A name's analysis, then one per other reading (see readings): the same name as
    written, with the tokens of that reading. What the index files and a query tries."""
    first = analyze(text)
    others = readings(text)
    if not others:
        return (first,)
    return (first, *(NameAnalysis(text, first.script, analyze(r).tokens) for r in others))
