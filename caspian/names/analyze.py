"""PLACEHOLDER being replaced by the names helper: the API is fixed, the body is not."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Token kinds
WORD, LEGAL, HONORIFIC, TERM, NUMBER, INITIAL = (
    "word", "legal", "honorific", "term", "number", "initial"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # normalised Latin text, lower-case ASCII ("ghods")
    key: str  # romanisation-canonical key: equal keys mean the same word ("kods")
    skeleton: str  # consonant skeleton of the key ("kds"); what abjad scripts can be met on
    kind: str  # WORD | LEGAL | HONORIFIC | TERM | NUMBER | INITIAL
    concept: str | None = None  # for LEGAL and TERM: a language-independent id ("llc", "industry")
    abjad: bool = False  # written in a script that omits short vowels (Arabic, Persian)


@dataclass(frozen=True, slots=True)
class NameAnalysis:
    original: str
    script: str  # "latin" | "cyrillic" | "arabic" | "han" | "hangul" | "greek" | ... | "mixed"
    tokens: tuple[Token, ...]

    @property
    def core(self) -> tuple[Token, ...]:
        """Tokens that identify (not legal forms or honorifics)."""
        return tuple(t for t in self.tokens if t.kind not in (LEGAL, HONORIFIC))


_SPLIT = re.compile(r"[^\w]+")
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=200_000)
def analyze(name: str) -> NameAnalysis:
    text = unicodedata.normalize("NFKC", name).casefold()
    latin = text if text.isascii() else anyascii(text).lower()
    tokens = []
    for raw in _SPLIT.split(latin):
        if not raw:
            continue
        kind = NUMBER if raw.isdigit() else WORD
        skel = _VOWELS.sub("", raw) or raw
        tokens.append(Token(text=raw, key=raw, skeleton=skel, kind=kind))
    return NameAnalysis(original=name, script="latin", tokens=tuple(tokens))
