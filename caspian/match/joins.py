"""Words written as one on one side and as several on the other ("vanderbilt" / "van der
bilt", "alexandervyacheslavovichzakharov" / "Alexander Vyacheslavovich Zakharov"),
also with a typo in the joined word.

Adjacent pairs are joined by `align._Side.join`; this finds longer runs. Bounded: runs
of at most MAX_PARTS words, tried only against the other name's long words (LONG_WORD
letters or more) that this name does not already hold, and compared letter by letter
only when the lengths are within MAX_EDITS: a few string comparisons per name pair,
never a split of a word into every possible parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA

from caspian.names import romanize
from caspian.names.analyze import Token

MAX_PARTS = 6  # words a run may join (a full name with patronymic and two surnames)
LONG_WORD = 8  # letters of a word that may be several written as one
MAX_EDITS = 2  # letters a joined run and the long word may differ by
MIN_SIMILARITY = 0.9  # OSA similarity of a joined run and the long word, to be a typo


PREFIX = 2  # letters a run's first word and the long word must begin with alike


def long_words(tokens: Sequence[Token], kinds: frozenset[str]) -> list[Token]:
    return [t for t in tokens if t.kind in kinds and len(t.text) >= LONG_WORD]


def beginnings(tokens: Sequence[Token], kinds: frozenset[str]) -> frozenset[str]:
    """How the words that may start a run begin, as written and with their article."""
    out = {t.text[:PREFIX] for t in tokens if t.kind in kinds}
    out.update((t.article + t.text)[:PREFIX] for t in tokens if t.article and t.kind in kinds)
    return frozenset(out)


def targets(long: Sequence[Token], keys: frozenset[str], starts: frozenset[str]) -> list[Token]:
    """The other name's long words this name may hold as a run: not one of its words
    already, and beginning as one of its words does."""
    return [t for t in long if t.key not in keys and t.text[:PREFIX] in starts]


def find_run(
    tokens: Sequence[Token],
    targets: Sequence[Token],
    kinds: frozenset[str],
    other_keys: frozenset[str] = frozenset(),
) -> tuple[int, int, Token, bool] | None:
    """The first run of 2 to MAX_PARTS adjacent joinable tokens whose letters, joined, are
    one of the target words, as written or by romanisation key: (start, end, target,
    exact), exact False for a typo (two words written as one exactly are joined by
    `align._Side.join` already). A run whose every word is in the other name too
    (other_keys) stays apart: it pairs word by word."""
    total = len(tokens)
    longest = max(len(t.text) for t in targets) + MAX_EDITS
    begins = {t.text[:PREFIX] for t in targets}
    for start in range(total - 1):
        first = tokens[start]
        if first.kind not in kinds or not (
            first.text[:PREFIX] in begins or (first.article + first.text)[:PREFIX] in begins
        ):
            continue
        # As the words are written, and with the Arabic articles set apart ("al noor al
        # mubin": "noormubin" and "alnooralmubin").
        text, written = first.text, first.article + first.text
        for end in range(start + 1, min(total, start + MAX_PARTS)):
            if tokens[end].kind not in kinds or len(text) > longest:
                break
            text += tokens[end].text
            written += tokens[end].article + tokens[end].text
            if all(t.key in other_keys for t in tokens[start : end + 1]):
                continue
            for joined in dict.fromkeys((text, written)):
                found = _fits(joined, targets)
                if found is not None:
                    return start, end + 1, found[0], found[1]
    return None


def _fits(joined: str, targets: Sequence[Token]) -> tuple[Token, bool] | None:
    """The target the joined letters are (exact True) or nearly are (a typo)."""
    key = ""
    for target in targets:
        if abs(len(target.text) - len(joined)) > MAX_EDITS:
            continue
        key = key or romanize.key(joined)
        if target.text == joined or target.key == key:
            return target, True
        if not joined.isalpha():  # a typo in letters, never a number joined on
            continue
        similarity = max(
            OSA.normalized_similarity(target.text, joined),
            OSA.normalized_similarity(target.key, key),
        )
        if similarity >= MIN_SIMILARITY:
            return target, False
    return None
