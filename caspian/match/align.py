"""Comparing two analysed names token by token, the way a reviewer would read them.

Tokens are aligned regardless of order (lists write "LAST, First", people write "First
Last"); each pair says why it matched (same word, romanisation variant, consonant
skeleton, typo, initial, joined words). The name score is a weighted Dice coefficient:
matched weight over total weight, where a token weighs its kind times its rarity, so
"Qods" counts and "Industries" barely does, and legal forms and honorifics not at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from caspian.names.analyze import HONORIFIC, INITIAL, LEGAL, NUMBER, TERM, WORD, NameAnalysis, Token

Weigh = Callable[[Token], float]  # a token's weight: its kind times its rarity

SAME, ROMANISATION, TERM_HOW, SKELETON, FUZZY, INITIAL_HOW, JOINED = (
    "same", "romanisation", "same meaning", "consonants", "typo", "initial", "joined"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    candidate: str
    similarity: float
    how: str


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_candidate: tuple[str, ...]

    def describe(self) -> str:
        parts = []
        for p in self.pairs:
            if p.how == SAME:
                parts.append(p.candidate)
            else:
                parts.append(f"{p.query}={p.candidate} ({p.how})")
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_candidate:
            parts.append("list only: " + " ".join(self.unmatched_candidate))
        return "; ".join(parts)


def token_similarity(a: Token, b: Token, cfg: dict[str, float]) -> tuple[float, str]:
    """How alike two tokens are, in [0, 1], and why."""
    if a.kind == NUMBER or b.kind == NUMBER:
        return (1.0, SAME) if a.key == b.key else (0.0, "")
    if a.key == b.key:
        if a.text == b.text:
            return 1.0, SAME
        return 1.0, TERM_HOW if a.kind == TERM else ROMANISATION
    if a.kind == TERM or b.kind == TERM:
        return 0.0, ""
    if a.kind == INITIAL or b.kind == INITIAL:
        short, full = (a, b) if a.kind == INITIAL else (b, a)
        if full.kind != INITIAL and full.text[:1] == short.text[:1]:
            return cfg["initial_match"], INITIAL_HOW
        return 0.0, ""
    if a.abjad or b.abjad:
        if a.skeleton and a.skeleton == b.skeleton:
            return cfg["abjad_skeleton"], SKELETON
        if min(len(a.skeleton), len(b.skeleton)) >= 3:
            sim = Levenshtein.normalized_similarity(a.skeleton, b.skeleton)
            if sim >= cfg["min_fuzzy"]:
                return sim * cfg["abjad_skeleton"], SKELETON
        return 0.0, ""
    if len(a.skeleton) >= 2 and a.skeleton == b.skeleton:
        return cfg["skeleton_equal"], SKELETON
    if min(len(a.key), len(b.key)) >= 4:
        sim = OSA.normalized_similarity(a.key, b.key)
        if sim >= cfg["min_fuzzy"]:
            return sim, FUZZY
    return 0.0, ""


def _join(
    tokens: list[Token], weights: list[float], other_keys: frozenset[str], weigh: Weigh
) -> tuple[list[Token], list[float]]:
    """Merge adjacent tokens whose joined key is a single token on the other side."""
    out: list[Token] = []
    out_w: list[float] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            a, b = tokens[i], tokens[i + 1]
            joined = a.key + b.key
            if a.kind == WORD and b.kind == WORD and joined in other_keys:
                token = Token(
                    text=a.text + b.text,
                    key=joined,
                    skeleton=a.skeleton + b.skeleton,
                    kind=WORD,
                    abjad=a.abjad or b.abjad,
                )
                out.append(token)
                out_w.append(weigh(token))
                i += 2
                continue
        out.append(tokens[i])
        out_w.append(weights[i])
        i += 1
    return out, out_w


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name's identifying tokens with their weights, computed once per name."""

    analysis: NameAnalysis
    tokens: tuple[Token, ...]
    weights: tuple[float, ...]
    keys: frozenset[str]
    joined: frozenset[str]  # keys of adjacent word pairs written as one


def prepare(analysis: NameAnalysis, weigh: Weigh) -> PreparedName:
    tokens = tuple(t for t in analysis.tokens if t.kind not in (LEGAL, HONORIFIC))
    tokens = tokens or analysis.tokens
    joined = frozenset(
        a.key + b.key for a, b in itertools.pairwise(tokens) if a.kind == b.kind == WORD
    )
    return PreparedName(
        analysis, tokens, tuple(weigh(t) for t in tokens), frozenset(t.key for t in tokens), joined
    )


def _how_same(a: Token, b: Token) -> str:
    if a.text == b.text:
        return SAME
    return TERM_HOW if a.kind == TERM else ROMANISATION


def compare_names(
    query: PreparedName,
    candidate: PreparedName,
    weigh: Weigh,
    cfg: dict[str, float],
    *,
    person: bool = False,
) -> NameComparison:
    """Align the two names' tokens, same keys first, then the best remaining pairs."""
    qt, wq = list(query.tokens), list(query.weights)
    ct, wc = list(candidate.tokens), list(candidate.weights)
    if query.joined & candidate.keys:
        qt, wq = _join(qt, wq, candidate.keys, weigh)
    if candidate.joined & query.keys:
        ct, wc = _join(ct, wc, query.keys, weigh)
    if not qt or not ct:
        return NameComparison(0.0, (), tuple(t.text for t in qt), tuple(t.text for t in ct))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[TokenPair] = []
    matched = 0.0
    free: dict[str, list[int]] = {}
    for j, t in enumerate(ct):
        free.setdefault(t.key, []).append(j)
    for i, a in enumerate(qt):
        slots = free.get(a.key)
        if slots:
            j = slots.pop(0)
            used_q.add(i)
            used_c.add(j)
            matched += wq[i] + wc[j]
            pairs.append(TokenPair(a.text, ct[j].text, 1.0, _how_same(a, ct[j])))
    if len(used_q) < len(qt) and len(used_c) < len(ct):
        scored = []
        for i, a in enumerate(qt):
            if i in used_q:
                continue
            for j, b in enumerate(ct):
                if j not in used_c:
                    sim, how = token_similarity(a, b, cfg)
                    if sim > 0:
                        scored.append((sim, i, j, how))
        scored.sort(key=lambda s: -s[0])
        for sim, i, j, how in scored:
            if i in used_q or j in used_c:
                continue
            used_q.add(i)
            used_c.add(j)
            matched += sim * (wq[i] + wc[j])
            pairs.append(TokenPair(qt[i].text, ct[j].text, sim, how))
    extra = cfg["unmatched_extra_person"] if person and used_q else 1.0
    total = sum(wq) + sum(w for j, w in enumerate(wc) if j in used_c)
    total += extra * sum(w for j, w in enumerate(wc) if j not in used_c)
    score = matched / total if total > 0 else 0.0
    return NameComparison(
        score=min(1.0, score),
        pairs=tuple(pairs),
        unmatched_query=tuple(t.text for i, t in enumerate(qt) if i not in used_q),
        unmatched_candidate=tuple(t.text for j, t in enumerate(ct) if j not in used_c),
    )
