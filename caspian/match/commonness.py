"""How common a name word is among people at large (not on the lists).

A match on "Juan" and "Garcia" says less about identity than a match on "Qods": the
table `caspian/data/common_names.csv` names the very common and common given names
and surnames; their tokens weigh a quarter or a half. Looked up by romanisation key
(and, for names written without short vowels, by consonant skeleton).
"""

from __future__ import annotations

from functools import cache

from caspian import data
from caspian.names.analyze import WORD, Token, analyze

LEVELS = {"very": 0.25, "common": 0.5}


@cache
def _tables() -> tuple[dict[str, float], dict[str, float]]:
    by_key: dict[str, float] = {}
    by_skeleton: dict[str, float] = {}
    for row in data.csv_rows("common_names.csv"):
        factor = LEVELS[row["level"].strip()]
        for token in analyze(row["name"]).tokens:
            by_key[token.key] = min(factor, by_key.get(token.key, 1.0))
            if len(token.skeleton) >= 2:
                by_skeleton[token.skeleton] = min(factor, by_skeleton.get(token.skeleton, 1.0))
    return by_key, by_skeleton


def commonness(token: Token) -> float:
    """1 for a word that identifies; 0.5 or 0.25 for common and very common names."""
    if token.kind != WORD:
        return 1.0
    by_key, by_skeleton = _tables()
    if token.abjad:
        return by_skeleton.get(token.skeleton, 1.0)
    return by_key.get(token.key, 1.0)
