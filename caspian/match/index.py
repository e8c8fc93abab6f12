"""The name index: every name and alias of the active entities, and candidate search.

Names are filed under their tokens' romanisation keys (Qods = Ghods), consonant
skeletons (so a name written without short vowels meets its Latin form) and adjacent
tokens joined (Abdul Rahman = Abdulrahman). Typos are found one level up: the distinct
keys and skeletons form a vocabulary indexed by character trigrams, and a query token
with no exact key borrows the postings of its nearest vocabulary words. A query sums
the rarity of what it shares with each name; the best few dozen names go on to full
scoring. Postings are numpy arrays, so a search is a few concatenations and a bincount.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from caspian.bulk import gc_paused
from caspian.match.align import PreparedName, prepare
from caspian.match.commonness import commonness
from caspian.match.config import MatchConfig
from caspian.match.keys import blocking_tokens, indexable_names, name_keys
from caspian.match.word_table import WordTable
from caspian.model import Entity
from caspian.names.analyze import (
    HONORIFIC,
    INITIAL,
    LEGAL,
    NUMBER,
    TERM,
    WORD,
    NameAnalysis,
    Token,
)

IntArray = npt.NDArray[np.int32]
MIN_GRAM_TOKEN = 4  # shorter words are too short to say which typo they hide
NEAREST_WORDS = 8  # vocabulary words a typo'd token borrows postings from
MAX_EDIT_TOKEN = 6  # longer words have trigrams enough to find their typos
MAX_EDIT_SHARED = 12  # a shorter spelling many words share says nothing of which is meant
TIE_BREAK = 1e-3  # blocking score a name loses per token, to rank equal ones by length


@dataclass(frozen=True, slots=True)
class IndexedName:
    entity: int  # position of the entity in the index (-1: scored outside the index)
    prop: str  # name, alias, previousName, weakAlias
    prepared: PreparedName

    @property
    def analysis(self) -> NameAnalysis:
        return self.prepared.analysis


def _deletions(word: str) -> set[str]:
    """The word and its spellings one letter shorter."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _grams(text: str) -> list[str]:
    padded = f"^{text}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


class _Vocabulary:
    """Distinct words with their name postings, searchable by trigram for typos."""

    def __init__(self, postings: dict[str, list[int]], cap: int) -> None:
        # Sorted: word positions break ties among near words (`nearest`), so they must
        # not follow the hash order in which a name's keys were filed.
        self.words = sorted(postings)
        self.position = {w: i for i, w in enumerate(self.words)}
        self.df = np.asarray([len(postings[w]) for w in self.words], dtype=np.int32)
        self.postings: list[IntArray | None] = [
            np.asarray(postings[w], dtype=np.int32) if len(postings[w]) <= cap else None
            for w in self.words
        ]
        gram_postings: dict[str, list[int]] = defaultdict(list)
        gram_count = np.zeros(len(self.words), dtype=np.int32)
        for i, word in enumerate(self.words):
            if len(word) >= MIN_GRAM_TOKEN:
                grams = set(_grams(word))
                gram_count[i] = len(grams)
                for gram in grams:
                    gram_postings[gram].append(i)
        self.grams = {g: np.asarray(v, dtype=np.int32) for g, v in gram_postings.items()}
        self.gram_count = gram_count
        self._deletions: dict[str, list[int]] | None = None  # built on the first typo

    def _deletion_index(self) -> dict[str, list[int]]:
        """Each short word under itself and under every spelling one letter shorter: a
        word one edit from another (delete, insert, substitute) shares one of them with
        it, where a short word's trigrams are too few to say (Zeht / Zest: "zet")."""
        if self._deletions is None:
            found: dict[str, list[int]] = defaultdict(list)
            with gc_paused():  # many small lists: a collection would walk the whole index
                for i, word in enumerate(self.words):
                    if MIN_GRAM_TOKEN <= len(word) <= MAX_EDIT_TOKEN:
                        for variant in _deletions(word):
                            found[variant].append(i)
            self._deletions = dict(found)
        return self._deletions

    def one_edit(self, word: str, limit: int = NEAREST_WORDS) -> list[int]:
        """Vocabulary words one edit from `word` (the few that a variant does not have
        in common with too many words), not itself."""
        if not MIN_GRAM_TOKEN <= len(word) <= MAX_EDIT_TOKEN:
            return []
        index = self._deletion_index()
        out: dict[int, None] = {}
        for variant in sorted(_deletions(word)):  # in a set's order, the cut would vary
            ids = index.get(variant, ())
            if len(ids) <= MAX_EDIT_SHARED:
                out.update(dict.fromkeys(ids))
        own = self.position.get(word)
        return [i for i in out if i != own][:limit]

    def nearest(self, word: str, limit: int = NEAREST_WORDS) -> list[tuple[int, float]]:
        """Vocabulary words sharing most trigrams with `word` (Dice >= 0.5), not itself."""
        grams = set(_grams(word))
        arrays = [a for g in grams if (a := self.grams.get(g)) is not None]
        if not arrays:
            return []
        ids, counts = np.unique(np.concatenate(arrays), return_counts=True)
        # Dice >= 0.5 needs at least a quarter of the word's trigrams in common.
        keep = counts * 4 >= len(grams)
        ids, counts = ids[keep], counts[keep]
        dice = 2 * counts / (len(grams) + self.gram_count[ids])
        good = dice >= 0.5
        ids, dice = ids[good], dice[good]
        if len(ids) > limit:
            best = np.argpartition(-dice, limit)[:limit]
            ids, dice = ids[best], dice[best]
        own = self.position.get(word)
        return [(int(i), float(d)) for i, d in zip(ids, dice, strict=True) if i != own]


class NameIndex:
    """Names of a fixed set of entities, searchable by blocking keys."""

    def __init__(self, entities: Sequence[Entity], config: MatchConfig, words: WordTable) -> None:
        self.entities = list(entities)
        self.words = words
        self.retrieval = config.retrieval
        t = config.tokens
        self.kind_weights = {WORD: t.word, TERM: t.term, NUMBER: t.number,
                             INITIAL: t.initial, LEGAL: t.legal,
                             HONORIFIC: t.honorific}  # fmt: skip
        self.term_miss = t.term_unmatched
        by_key: dict[str, list[int]] = defaultdict(list)
        by_skeleton: dict[str, list[int]] = defaultdict(list)
        found: list[tuple[int, str, NameAnalysis]] = []
        with gc_paused():
            for name_id, (position, prop, analysis) in enumerate(indexable_names(self.entities)):
                found.append((position, prop, analysis))
                keys, skeletons = name_keys(analysis)
                for key in keys:
                    by_key[key].append(name_id)
                for skeleton in skeletons:
                    by_skeleton[skeleton].append(name_id)
            self.size = max(len(found), 1)
            self.log_n = math.log(self.size + 1)
            cap = max(50, int(self.retrieval.max_df_share * self.size))
            self.keys = _Vocabulary(by_key, cap)
            self.skeletons = _Vocabulary(by_skeleton, cap)
            self.names = [
                IndexedName(position, prop, prepare(analysis, self.weigh))
                for position, prop, analysis in found
            ]
        self._name_tokens = np.asarray(
            [len(blocking_tokens(a)) for _, _, a in found], dtype=np.float64
        )
        # An entity's names are consecutive: its first name id, and one past its last.
        starts = np.searchsorted([p for p, _, _ in found], np.arange(len(self.entities) + 1))
        self._name_start = starts.astype(np.int32)

    def entity_names(self, position: int) -> range:
        """Ids of the names of the entity at `position`."""
        return range(int(self._name_start[position]), int(self._name_start[position + 1]))

    def _idf(self, df: int) -> float:
        """Rarity among the names searched: ranks candidates only, never scores them."""
        return max(0.05, math.log((self.size + 1) / (df + 0.5)) / self.log_n)

    def weigh(self, token: Token) -> tuple[float, float]:
        """What a token counts when paired, and what it costs when the other name lacks it.

        Paired: its kind times its rarity on all the official lists (the word table,
        not this index: a score must not change with what else was loaded) times its
        commonness among people. Missing: rarity, not commonness (a different surname says "someone
        else" even when both are common), and a generic word nearly as much as any
        word (Green Energy is not Green Shipping).
        """
        idf = self.words.idf(token)
        kind = self.kind_weights.get(token.kind, 1.0)
        miss = self.term_miss if token.kind == TERM else kind
        return kind * idf * commonness(token), miss * idf

    def _postings(self, name: NameAnalysis) -> Iterable[tuple[IntArray, float]]:
        r = self.retrieval
        keys, skeletons = name_keys(name)
        # Without short vowels a name's consonants are all a search has: look for the
        # near ones too, not only when the exact ones are missing.
        abjad = any(t.abjad for t in name.tokens)
        for vocab, words, weight in (
            (self.keys, keys, r.key_weight),
            (self.skeletons, skeletons, r.skeleton_weight),
        ):
            for word in words:
                i = vocab.position.get(word)
                if i is not None:
                    posting = vocab.postings[i]
                    if posting is not None:
                        yield posting, weight * self._idf(int(vocab.df[i]))
                near = i is None or (abjad and vocab is self.skeletons)
                if near and len(word) >= MIN_GRAM_TOKEN:
                    found = dict(vocab.nearest(word))
                    if i is None and vocab is self.keys:
                        for j in vocab.one_edit(word):
                            found[j] = max(found.get(j, 0.0), r.edit_weight)
                    for j, dice in found.items():
                        posting = vocab.postings[j]
                        if posting is not None:
                            idf = self._idf(int(vocab.df[j]))
                            yield posting, r.gram_weight * dice * idf

    def search(self, name: NameAnalysis, limit: int) -> list[int]:
        """Ids of the names sharing the most (and rarest) keys with `name`, best first."""
        arrays, scores = [], []
        for posting, score in self._postings(name):
            arrays.append(posting)
            scores.append(score)
        if not arrays:
            return []
        ids = np.concatenate(arrays)
        weight = np.repeat(np.asarray(scores), [len(a) for a in arrays])
        totals = np.bincount(ids, weights=weight, minlength=len(self.names)).astype(
            np.float64, copy=False
        )
        top = np.flatnonzero(totals)  # ascending ids
        # Among names that share as much, the shorter first: "Gazprom, OAO" before the
        # fifty subsidiaries named "Gazprom ..." (a query's Dice favours them too).
        totals[top] -= TIE_BREAK * self._name_tokens[top]
        # Sums in another order differ in their last bits: rounded, equal scores are
        # equal, and ties go to the lower id, so a query retrieves the same names in
        # every process (not as the hash order of its keys falls).
        scores_top = np.round(totals[top], 9)
        if len(top) > limit:
            kth = -np.partition(-scores_top, limit - 1)[limit - 1]
            above, at = scores_top > kth, np.flatnonzero(scores_top == kth)
            keep = np.concatenate([np.flatnonzero(above), at[: limit - int(above.sum())]])
            top, scores_top = top[keep], scores_top[keep]
        order = top[np.lexsort((top, -scores_top))]
        return [int(i) for i in order]
