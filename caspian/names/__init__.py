"""Name analysis (pure, no I/O): scripts, transliteration, romanisation, legal forms.

`analyze(name)` turns a name as written anywhere (Latin, Cyrillic, Arabic, Persian,
Chinese, Korean) into tokens a matcher compares: each token's normalised Latin text,
a romanisation-canonical key (Qods and Ghods share one), a consonant skeleton (so محمد
meets Mohammad), and its kind (word, legal form, honorific, generic term, number,
initial). Generic organisation words (industries, صنایع, промышленность) carry a
language-independent concept, so names meet across languages.
"""

from caspian.names.analyze import (
    HONORIFIC,
    INITIAL,
    LEGAL,
    NUMBER,
    TERM,
    WORD,
    NameAnalysis,
    Token,
    analyze,
    joined_keys,
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
]
