"""What a name is filed under: its tokens' romanisation keys and consonant skeletons.

The index blocks on these, and the word table counts them across all official lists,
so both see a name the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from caspian.match import initials
from caspian.match.align import ABJAD_CLASSES
from caspian.model import Entity
from caspian.names import romanize
from caspian.names.analyze import HONORIFIC, LEGAL, NameAnalysis, Token
from caspian.names.han_readings import analyses

MIN_WEAK_ALIAS = 5  # letters a weak alias needs to be indexed


def blocking_tokens(name: NameAnalysis) -> list[Token]:
    return [t for t in name.tokens if t.kind not in (LEGAL, HONORIFIC)] or list(name.tokens)


def name_keys(name: NameAnalysis) -> tuple[set[str], set[str]]:
    """(romanisation keys, skeletons) a name is filed under; abjad tokens give skeletons
    only, since their vowels are missing."""
    tokens = blocking_tokens(name)
    keys = {t.key for t in tokens if not t.abjad}
    keys.update(t.article + t.key for t in tokens if t.article and not t.abjad)
    # A run of initials is also filed as the acronym it spells (A.B.C. as ABC).
    keys.update(initials.acronym(tokens, start, end).key for start, end in initials.runs(tokens))
    skeletons = {t.skeleton for t in tokens if len(t.skeleton) >= 2}
    skeletons.update(s for t in tokens if t.abjad for s in _waw_skeletons(t.key) if len(s) >= 2)
    for a, b in itertools.pairwise(tokens):
        if not (a.abjad or b.abjad):
            keys.add(a.key + b.key)
        # Written without short vowels, a joined second part loses its leading-vowel mark
        # (هدايت الله is Hidayatullah).
        tail = (
            b.skeleton[1:]
            if (a.abjad or b.abjad) and b.skeleton[:1] == "a" and b.text[:1] in "aeiou"
            else b.skeleton
        )
        skeletons.add(a.skeleton + tail)
    # Letters Arabic script writes one way and Latin several (ذ: d or z) block together.
    return keys, {s.translate(ABJAD_CLASSES) for s in skeletons}


def _waw_skeletons(key: str) -> tuple[str, ...]:
    """An abjad word's skeletons with و read the other way: و is a consonant (w, v) or a
    long vowel (u, o), and Latin spellings of one name differ (ثروت Tharwat, جوادي Djouadi,
    ولد Ould), so each reading blocks too."""
    if "u" not in key and "v" not in key:
        return ()
    return (romanize.skeleton(key.replace("u", "v")), romanize.skeleton(key.replace("v", "u")))


def too_short(prop: str, text: str) -> bool:
    """Names too short to screen on: a two-letter name, or a weak alias of under five
    letters ("SE"), would meet every query that holds those letters as a word."""
    letters = sum(ch.isalnum() for ch in text)
    return letters < 3 or (prop == "weakAlias" and letters < MIN_WEAK_ALIAS)


def indexable_names(entities: Iterable[Entity]) -> Iterator[tuple[int, str, NameAnalysis]]:
    """(entity position, property, analysis) of every name worth indexing, in order:
    what the index files and the word table counts."""
    for position, entity in enumerate(entities):
        for prop, text in entity.names():
            if too_short(prop, text):
                continue
            for analysis in analyses(text):  # a Han name also in its Korean, Japanese reading
                if analysis.tokens:
                    yield position, prop, analysis
