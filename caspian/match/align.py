"""Comparing two analysed names token by token, the way a reviewer would read them.

Tokens are aligned regardless of order (lists write "LAST, First", people write "First
Last"); each pair says why it matched (same word, romanisation variant, consonant
skeleton, typo, initial, joined words; initials in their order, see `initials`; words
joined in several parts, see `joins`). The name score is a weighted Dice coefficient:
matched weight over total weight, where a token weighs its kind times its rarity, so
"Qods" counts and "Industries" barely does, and legal forms and honorifics not at all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from caspian.match import initials, joins
from caspian.match.company_words import per_million
from caspian.match.config import TokenConfig
from caspian.match.distinct_names import distinct_names
from caspian.match.typos import confusable, typo_cost, typo_similarity
from caspian.names import abjad as abjad_script
from caspian.names import cjk, korean, nicknames, romanize
from caspian.names.analyze import INITIAL, LEGAL, NUMBER, TERM, WORD, NameAnalysis, Token
from caspian.names.vowel_variants import spelling_variant

# A token's (weight when paired, cost when missing): see NameIndex.weigh.
Weigh = Callable[[Token], tuple[float, float]]

SAME, ROMANISATION, TERM_HOW, SKELETON, FUZZY, INITIAL_HOW, JOINED, ABBREVIATION = (
    "same", "romanisation", "same meaning", "consonants", "typo", "initial", "joined",
    "abbreviation",
)  # fmt: skip
VARIANT = "spelling variant"
ABJAD_HOW = "written without vowels"
SPELLED_APART = "one name spelled apart"  # caspian.names.vowel_variants
CHARACTERS = "other characters"  # CJK names alike in Latin letters, written apart
NICKNAME = "nickname"
ACRONYM = "acronym"
MIN_ABJAD_JOIN = 5  # letters of an abjad word two Latin words may be joined to meet
MIN_ACRONYM, MAX_ACRONYM = 3, 5  # letters of an acronym read as the initials of words


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
    generic: bool = False  # only generic words paired ("Bank Melli" / "Banco National")

    def describe(self) -> str:
        parts = []
        for p in self.pairs:
            if p.how in (SAME, TERM_HOW) and p.query == p.candidate:
                parts.append(p.candidate)
            else:
                parts.append(f"{p.query}={p.candidate} ({p.how})")
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_candidate:
            parts.append("list only: " + " ".join(self.unmatched_candidate))
        return "; ".join(parts)


VOWELS = frozenset("aeiouy")
# Kinds whose neighbours may be written as one word ("Sky One" / "Skyone").
JOINABLE = frozenset({WORD, TERM, NUMBER})
# ...and a letter before them, in a firm's name ("E-Sail" / "Esail"; not "A. Li" / "Ali").
JOINABLE_FIRST = JOINABLE | {INITIAL}
# Consonant classes of Arabic-script letters (caspian.names.abjad): the index blocks on them.
ABJAD_CLASSES = abjad_script.CLASSES
# Can a Latin spelling be written as an abjad word by dropping short vowels only?
abjad_fits = abjad_script.fits


_SUN_ARTICLE = re.compile(r"(?<=[a-z])al([tdrzsnl])")


@lru_cache(maxsize=romanize.WORD_CACHE)
def latin_fits(abjad: str, latin_key: str, latin_text: str) -> bool:
    """abjad_fits, also with و read as the consonant w where transliteration made it the
    vowel u (Jawhar and جوهر, read juhr; as a vowel, v already fits u and o), and for the
    Latin letters as written (Saleh's final h, which its key drops, is صالح's ح; Lakhal's
    k and h are لكحل's ك and ح), with a French final e silent."""
    readings = {abjad, abjad.replace("u", "v")}
    if "al" in abjad[1:]:  # the article before a sun letter, said and often written
        readings.add(_SUN_ARTICLE.sub(r"a\1\1", abjad))  # as it: نورالدین Nooruddin
    written = {romanize.letter_key(latin_text), latin_text}
    latins = {latin_key} | written
    for lat in written:  # French silent final e: Djermane, Rouine / جرمان, روين
        if len(lat) > 3 and lat[-1] == "e" and lat[-2] not in VOWELS:
            latins.add(lat[:-1])
    return any(abjad_fits(r, lat) for r in readings for lat in latins)


def _fuzzy(a: str, b: str, cfg: TokenConfig, person: bool = True, slip: float = 1.0) -> float:
    """Typo similarity of two Latin keys or texts, 0 when too far. `slip`: what a
    neighbouring key or an OCR confusion costs, for words as typed (a key has lost the
    letters as typed: kh is h, ou is o)."""
    la, lb = len(a), len(b)
    if la == lb == 3 and not person:  # a firm's short word: one slip or swap (Ait, Iar)
        if typo_cost(a, b, slip) <= cfg.slip or (a != b and sorted(a) == sorted(b)):
            sim = typo_similarity(a, b, slip, 1, 0.0)
            return float(sim**cfg.fuzzy_power) if sim >= cfg.min_fuzzy else 0.0
        return 0.0
    if min(la, lb) < 4 or abs(la - lb) > (1 - cfg.min_fuzzy) * max(la, lb):
        return 0.0  # too short, or lengths too far apart for the least similarity
    sim = typo_similarity(a, b, slip, cfg.typo_edits, cfg.min_fuzzy)
    if a[0] != b[0] and (slip >= 1 or (a[0], b[0]) not in confusable()):
        sim *= cfg.first_letter  # the start of a name is rarely misspelt but by a slip
    if sim < cfg.min_fuzzy:
        return 0.0
    # A misspelt word is weaker evidence than the word itself: Applied is not Allied.
    return float(sim**cfg.fuzzy_power)


def is_acronym(token: Token) -> bool:
    """A short word without vowels (KBC, KKBC, SGM): letters, not a spelling to vary."""
    return not token.abjad and romanize.acronym_shaped(token.text)


def pair_key(token: Token) -> str:
    """What two tokens must share to pair outright: the romanisation key, or for an
    acronym its letters as written (KBC is not KKBC)."""
    return token.text if is_acronym(token) else token.key


def _abbreviation(a: Token, b: Token, cfg: TokenConfig) -> tuple[float, str]:
    """A firm's word cut short ("Serv" for "Service"): four letters or more, never for
    people's names (Martin is not Martinez)."""
    short, full = (a, b) if len(a.text) < len(b.text) else (b, a)
    if len(short.text) >= 4 and full.text.startswith(short.text):
        return cfg.abbreviation, ABBREVIATION
    return 0.0, ""


def _is_subsequence(short: str, full: str) -> bool:
    letters = iter(full)
    return all(ch in letters for ch in short)


def _consonants_of(a: Token, b: Token, cfg: TokenConfig) -> tuple[float, str]:
    """A generic word written as its consonants ("Shpg" for "Shipping", "Mfg", "Intl"):
    first and last letters kept, the rest in order, and never for a distinctive word,
    whose acronym (KBC) is a name of its own."""
    short, full = (a, b) if b.kind == TERM else (b, a)
    s, f = short.text, full.text
    if (
        full.kind == TERM
        and len(s) >= 3
        and len(f) >= len(s) + 3
        and s[0] == f[0]
        and s[-1] == f[-1]
        and _is_subsequence(s, f)
    ):
        return cfg.abbreviation, ABBREVIATION
    return 0.0, ""


def token_similarity(
    a: Token, b: Token, cfg: TokenConfig, *, person: bool = False
) -> tuple[float, str]:
    """How alike two tokens are, in [0, 1], and why."""
    if a.kind == NUMBER or b.kind == NUMBER:
        return (1.0, SAME) if a.key == b.key else (0.0, "")
    if (is_acronym(a) and a.kind == WORD) or (is_acronym(b) and b.kind == WORD):
        if a.text == b.text:
            return 1.0, SAME
        return _consonants_of(a, b, cfg) if not person else (0.0, "")
    if a.key == b.key:
        if a.text == b.text:
            return 1.0, SAME
        return 1.0, TERM_HOW if a.kind == TERM else ROMANISATION
    if (a.article and a.article + a.key == b.key) or (b.article and b.article + b.key == a.key):
        return 1.0, JOINED  # "Al Mahdi" / "Almahdi"
    if a.kind == INITIAL or b.kind == INITIAL:
        short, full = (a, b) if a.kind == INITIAL else (b, a)
        if person and full.kind == WORD and full.text[:1] == short.text[:1]:
            return cfg.initial_match, INITIAL_HOW
        return 0.0, ""
    if a.abjad != b.abjad:
        abjad, latin = (a, b) if a.abjad else (b, a)
        # The key merges doubled letters; ش then ح (sh, h) are not one h: the text too.
        if latin_fits(abjad.key, latin.key, latin.text) or (
            abjad.kind == WORD
            and abjad.text != abjad.key
            and latin_fits(abjad.text, latin.key, latin.text)
        ):
            return cfg.abjad_skeleton, ABJAD_HOW
        return 0.0, ""
    if a.kind in (TERM, LEGAL) or b.kind in (TERM, LEGAL):
        # A misspelt or cut-short generic word or legal form ("Internatjonal", "Serv").
        sim = _fuzzy(a.text, b.text, cfg, person, cfg.slip)
        if sim:
            return sim, FUZZY
        return _abbreviation(a, b, cfg) if not person else (0.0, "")
    if a.abjad:
        sim = Levenshtein.normalized_similarity(a.key, b.key)
        return (sim, FUZZY) if sim >= cfg.min_fuzzy else (0.0, "")
    if romanize.loose(a.text) == romanize.loose(b.text):
        return cfg.variant, VARIANT  # Aksyonov/Aksenov, Korean Jo/Cho
    if spelling_variant(a.key, b.key, person=person):
        return cfg.skeleton_equal, SPELLED_APART  # Ahmad/Ahmed, Mehmet/Muhammad, bin/ibn
    if person and korean.same_surname(a.key, b.key):
        return cfg.variant, VARIANT  # Park/Pak/Bak, Lee/Ri/Yi
    if person and korean.one_vowel_off(a.text, b.text):
        return cfg.skeleton_equal, SKELETON  # Korean syllables: Jong Un / Jong On
    if person and nicknames.same_name(a.key, b.key):
        return cfg.nickname, NICKNAME  # Patty/Patricia, Sasha/Aleksandr
    if person and distinct_names(a, b, cfg.distinct_name_level, cfg.distinct_surname_level):
        return 0.0, ""  # Bashar/Bushra, Castillo/Castro: two names, not a typo
    # On keys (Qods = Ghods) and on the words as typed, where a slip is half an edit.
    if a.text == a.key and b.text == b.key:
        sim = _fuzzy(a.key, b.key, cfg, person, cfg.slip)
    else:
        sim = max(_fuzzy(a.key, b.key, cfg, person), _fuzzy(a.text, b.text, cfg, person, cfg.slip))
    if not person:  # a word cut short may also look like a typo (Nocturn, Nocturnum)
        cut = _abbreviation(a, b, cfg)
        return cut if cut[0] > sim else (sim, FUZZY) if sim else (0.0, "")
    if sim:
        return sim, FUZZY
    # Same consonants, vowels apart ("Hosseini"/"Husseini"): only when the words are
    # still close letter by letter.
    if (
        len(a.skeleton) >= 3
        and a.skeleton == b.skeleton
        and OSA.normalized_similarity(a.key, b.key) >= cfg.skeleton_floor
    ):
        return cfg.skeleton_equal, SKELETON
    return 0.0, ""


@dataclass(slots=True)
class _Side:
    """One name's tokens as a comparison works on them (joined words merged)."""

    tokens: list[Token]
    weights: list[float]
    misses: list[float]
    pair_keys: list[str]
    used: set[int]
    # Words this comparison joined, as written: {"abdulrahman": "abdul rahman"}.
    merged: dict[str, str]

    @classmethod
    def of(cls, name: PreparedName) -> _Side:
        return cls(
            list(name.tokens),
            list(name.weights),
            list(name.misses),
            list(name.pair_keys),
            set(),
            {},
        )

    def join(self, other: PreparedName, weigh: Weigh, *, person: bool) -> None:
        """Merge adjacent words written as one word on the other side, by key or by
        letters ("Rah Negar" / "Rahnegar", where the keys of the parts differ)."""
        first = JOINABLE if person else JOINABLE_FIRST
        by_text = {t.text: t.key for t in other.tokens}
        i = 0
        while i + 1 < len(self.tokens):
            a, b = self.tokens[i], self.tokens[i + 1]
            key = a.key + b.key
            if key not in other.keys:
                key = by_text.get(a.text + b.text, "")
            if not key and (a.abjad or b.abjad):  # هدايت الله / Hidayatullah
                key = _latin_join(a, b, other)
            elif not key and other.abjad:  # Abdul Rahman / عبدالرحمان, Abd-al-Khaliq / عبدالخالق
                key = _abjad_join(a, b, other)
            if a.kind in first and b.kind in JOINABLE and key:
                token = Token(
                    text=a.text + b.text,
                    key=key,
                    skeleton=a.skeleton + b.skeleton,
                    kind=WORD,
                    abjad=a.abjad or b.abjad,
                )
                weight, miss = weigh(token)
                self.tokens[i : i + 2] = [token]
                self.weights[i : i + 2] = [weight]
                self.misses[i : i + 2] = [miss]
                self.pair_keys[i : i + 2] = [pair_key(token)]
                self.merged[token.text] = f"{self.merged.get(a.text, a.text)} {b.text}"
            i += 1

    def join_runs(self, own: PreparedName, other: PreparedName, weigh: Weigh) -> None:
        """Merge runs of words written as one word on the other side, exactly or with a
        typo ("van der bilt" / "vanderbilt"; see caspian.match.joins)."""
        texts = {t.text for t in self.tokens}
        targets = [t for t in other.long if t.text not in texts]
        targets = joins.targets(targets, frozenset(t.key for t in self.tokens), own.starts)
        while targets and (found := joins.find_run(self.tokens, targets, JOINABLE, other.keys)):
            start, end, target, exact = found
            parts = [t.text for t in self.tokens[start:end]]
            text = target.text if exact else "".join(parts)
            key = target.key if exact else romanize.key(text)
            token = Token(text=text, key=key, skeleton=romanize.skeleton(key), kind=WORD)
            weight, miss = weigh(token)
            self.tokens[start:end] = [token]
            self.weights[start:end] = [weight]
            self.misses[start:end] = [miss]
            self.pair_keys[start:end] = [pair_key(token)]
            self.merged[text] = " ".join(parts)
            targets.remove(target)

    def merge_initials(self, weigh: Weigh, wanted: frozenset[str]) -> None:
        """Read each run of initials spelling a word of the other name (`wanted`: its
        words as written) as that acronym ("A.B.C." -> abc for "ABC")."""
        for start, end in reversed(initials.runs(self.tokens)):
            letters = initials.letters(self.tokens, start, end)
            if letters not in wanted:
                continue
            token = initials.acronym(self.tokens, start, end)
            weight, miss = weigh(token)
            self.tokens[start:end] = [token]
            self.weights[start:end] = [weight]
            self.misses[start:end] = [miss]
            self.pair_keys[start:end] = [pair_key(token)]
            self.merged[token.text] = " ".join(letters)

    def copy(self) -> _Side:
        """The same tokens with a used set of their own, to try another alignment."""
        return _Side(self.tokens, self.weights, self.misses, self.pair_keys, set(self.used),
                     self.merged)  # fmt: skip

    def paired(self) -> float:
        return sum(self.weights[i] for i in self.used)

    def missing(self) -> float:
        return sum(m for i, m in enumerate(self.misses) if i not in self.used)

    def unpaired(self) -> tuple[str, ...]:
        return tuple(
            t.text for i, t in enumerate(self.tokens) if i not in self.used and self.weights[i]
        )


def _latin_join(a: Token, b: Token, other: PreparedName) -> str:
    """The key of a Latin word on the other side that two words written without short
    vowels fit when joined: هدايت الله / Hidayatullah; with the second word's article,
    whole or assimilated to a sun letter, as Latin spellings keep it (صلاح الدين /
    Salahaldin, نور الدين / Nooruddin)."""
    joined = [a.key + b.key]
    if b.article and b.text:
        joined += [a.text + "al" + b.text, a.text + "a" + b.text[0] + b.text]
    for t in other.tokens:
        if not t.abjad and any(latin_fits(j, t.key, t.text) for j in joined):
            return t.key
    return ""


def _abjad_join(a: Token, b: Token, other: PreparedName) -> str:
    """The key of a word written without short vowels on the other side that two Latin
    words fit when joined, with the article between them if the second had one."""
    spellings = {romanize.letter_key(a.text + b.text), a.key + b.key}
    if b.article:
        spellings.add(romanize.letter_key(a.text + b.article + b.text))
    for t in other.tokens:
        if (
            t.abjad
            and len(t.key) >= MIN_ABJAD_JOIN
            and any(latin_fits(t.key, s, s) or latin_fits(t.text, s, s) for s in spellings)
        ):
            return t.key
    return ""


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name's identifying tokens with their weights, computed once per name."""

    analysis: NameAnalysis
    tokens: tuple[Token, ...]
    weights: tuple[float, ...]
    misses: tuple[float, ...]  # what each token costs when unpaired
    pair_keys: tuple[str, ...]  # what each token must share to pair outright (pair_key)
    keys: frozenset[str]
    joined: frozenset[str]  # keys and letters of adjacent word pairs written as one
    texts: frozenset[str]
    abjad: bool  # written without short vowels (Arabic, Persian, Hebrew script)
    initials: int = 0  # single-letter initials among the tokens
    long: tuple[Token, ...] = ()  # words long enough to be several written as one
    starts: frozenset[str] = frozenset()  # how its words begin (joins.beginnings)


def prepare(analysis: NameAnalysis, weigh: Weigh) -> PreparedName:
    # Legal forms and honorifics stay, weighing nothing, so a misspelt word can still
    # pair with one ("Compayn" with "Company") instead of counting as a stray word.
    tokens = analysis.tokens
    pairs = [
        (a, b)
        for a, b in itertools.pairwise(tokens)
        if a.kind in JOINABLE_FIRST and b.kind in JOINABLE
    ]
    joined = frozenset(a.key + b.key for a, b in pairs) | {a.text + b.text for a, b in pairs}
    weights = [weigh(t) for t in tokens]
    return PreparedName(
        analysis,
        tokens,
        tuple(w for w, _ in weights),
        tuple(m for _, m in weights),
        tuple(pair_key(t) for t in tokens),
        frozenset(t.key for t in tokens),
        joined,
        frozenset(t.text for t in tokens),
        any(t.abjad for t in tokens),
        initials.count(tokens),
        tuple(joins.long_words(tokens, JOINABLE)),
        joins.beginnings(tokens, JOINABLE),
    )


def _how_same(a: Token, b: Token) -> str:
    if a.text == b.text:
        return SAME
    return TERM_HOW if a.kind == TERM else ROMANISATION


def compare_names(
    query: PreparedName,
    candidate: PreparedName,
    weigh: Weigh,
    cfg: TokenConfig,
    *,
    person: bool = False,
) -> NameComparison:
    """Align the two names' tokens, same keys first, then the best remaining pairs."""
    q, c = _Side.of(query), _Side.of(candidate)
    # Runs of initials: one spelling a word of the other name is that word ("A.B.C." /
    # "ABC"); runs left on both sides pair in their order ("C.B.A." is not "A.B.C.").
    ordered: list[tuple[int, int]] | None = None
    if query.initials > 1 or candidate.initials > 1:
        q.merge_initials(weigh, candidate.texts)
        c.merge_initials(weigh, query.texts)
        if initials.runs(q.tokens) and initials.runs(c.tokens):
            ordered = initials.ordered_pairs(q.tokens, c.tokens, whole=person)
    if len(query.tokens) > 1 and joins.targets(candidate.long, query.keys, query.starts):
        q.join_runs(query, candidate, weigh)
    if len(candidate.tokens) > 1 and joins.targets(query.long, candidate.keys, candidate.starts):
        c.join_runs(candidate, query, weigh)
    mixed = query.abjad != candidate.abjad
    if mixed or not (
        query.joined.isdisjoint(candidate.keys) and query.joined.isdisjoint(candidate.texts)
    ):
        q.join(candidate, weigh, person=person)
    if mixed or not (
        candidate.joined.isdisjoint(query.keys) and candidate.joined.isdisjoint(query.texts)
    ):
        c.join(query, weigh, person=person)
    pairs: list[TokenPair] = []
    matched = 0.0
    free: dict[str, list[int]] = {}
    for i, j in ordered or ():
        q.used.add(i)
        c.used.add(j)
        matched += q.weights[i] + c.weights[j]
        pairs.append(TokenPair(q.tokens[i].text, c.tokens[j].text, 1.0, SAME))
    for j, k in enumerate(c.pair_keys):
        if j not in c.used and not (ordered is not None and c.tokens[j].kind == INITIAL):
            free.setdefault(k, []).append(j)
    for i, a in enumerate(q.tokens):
        if ordered is not None and a.kind == INITIAL:
            continue
        slots = free.get(q.pair_keys[i])
        if slots:
            j = slots.pop(0)
            q.used.add(i)
            c.used.add(j)
            matched += q.weights[i] + c.weights[j]
            b = c.tokens[j]
            if a.text in q.merged or b.text in c.merged:
                shown = (q.merged.get(a.text, a.text), c.merged.get(b.text, b.text))
                how = SAME if shown[0] == shown[1] else JOINED  # "A.B.C." and "A B C"
                pairs.append(TokenPair(*shown, 1.0, how))
            else:
                pairs.append(TokenPair(a.text, b.text, 1.0, _how_same(a, b)))
    scored: list[tuple[float, int, int, str]] = []
    if len(q.used) < len(q.tokens) and len(c.used) < len(c.tokens):
        for i, a in enumerate(q.tokens):
            if i in q.used:
                continue
            for j, b in enumerate(c.tokens):
                if j not in c.used and not (ordered is not None and a.kind == b.kind == INITIAL):
                    sim, how = token_similarity(a, b, cfg, person=person)
                    if sim > 0:
                        scored.append((sim, i, j, how))
    # Several alignments, the best kept: the closest pairs first, and, when tokens compete
    # for one another, the pairs that carry most weight first (a rare surname's typo
    # before a common given name's near neighbour).
    orders = [sorted(scored, key=lambda s: -s[0])]
    rows, cols = {s[1] for s in scored}, {s[2] for s in scored}
    if len(rows) < len(scored) or len(cols) < len(scored):  # tokens compete
        heaviest = sorted(scored, key=lambda s: -s[0] * (q.weights[s[1]] + c.weights[s[2]]))
        if heaviest != orders[0]:
            orders.append(heaviest)
    best: NameComparison | None = None
    for order in orders:
        found = _aligned(q.copy(), c.copy(), list(pairs), matched, order, cfg, person)
        if best is None or found.score > best.score:
            best = found
    assert best is not None
    agree = cjk.character_agreement(query.analysis.original, candidate.analysis.original)
    if agree < 1.0:  # 高石早苗 / 高市早苗: alike in pinyin, other characters
        shown = (query.analysis.original, candidate.analysis.original)
        best = replace(best, score=best.score * agree,
                       pairs=(*best.pairs, TokenPair(*shown, agree, CHARACTERS)))  # fmt: skip
    return best


def _aligned(
    q: _Side, c: _Side, pairs: list[TokenPair], matched: float,
    order: list[tuple[float, int, int, str]], cfg: TokenConfig, person: bool,
) -> NameComparison:  # fmt: skip
    """The comparison when the remaining pairs are taken greedily in `order`."""
    for sim, i, j, how in order:
        if i in q.used or j in c.used:
            continue
        q.used.add(i)
        c.used.add(j)
        matched += sim * (q.weights[i] + c.weights[j])
        pairs.append(TokenPair(q.tokens[i].text, c.tokens[j].text, sim, how))
    if not person and any(q.tokens[i].kind == WORD for i in q.used):
        matched += _pair_acronyms(q, c, pairs, cfg) + _pair_acronyms(c, q, pairs, cfg)
    score = _score(matched, pairs, q, c, cfg, person)
    if _numbers_differ(q, c):  # 77th Division is not 78th Division: at most a review
        score = min(score, cfg.single_part_cap)
    generic = bool(pairs) and all(q.tokens[i].kind in (TERM, LEGAL) for i in q.used)
    return NameComparison(score, tuple(pairs), q.unpaired(), c.unpaired(), generic)


def _pair_acronyms(short: _Side, full: _Side, pairs: list[TokenPair], cfg: TokenConfig) -> float:
    """A firm's acronym against the words it stands for, all still unpaired ("PIJ" and
    "Palestine Islamic Jihad", "Real IRA" and "Real Irish Republican Army"), once the names
    share a distinctive word besides; the matched weight it adds."""
    matched = 0.0
    for i, token in enumerate(short.tokens):
        n = len(token.text)
        if i in short.used or token.kind != WORD or not MIN_ACRONYM <= n <= MAX_ACRONYM:
            continue
        for start in range(len(full.tokens) - n + 1):
            run = range(start, start + n)
            if all(
                j not in full.used
                and full.tokens[j].kind in JOINABLE
                and full.tokens[j].text[:1] == token.text[k]
                for k, j in enumerate(run)
            ):
                sim = cfg.acronym
                short.used.add(i)
                full.used.update(run)
                matched += sim * (short.weights[i] + sum(full.weights[j] for j in run))
                words = " ".join(full.tokens[j].text for j in run)
                pairs.append(TokenPair(token.text, words, sim, ACRONYM))
                break
    return matched


def _score(
    matched: float, pairs: list[TokenPair], q: _Side, c: _Side, cfg: TokenConfig,
    person: bool,
) -> float:  # fmt: skip
    """Weighted Dice, where a name part present on one side only (an omission: a
    missing middle name, a longer formal name) costs less than a part that differs
    on both sides (a conflict: Mikhail vs Sergey), scaled down when all the matched
    evidence of a person's name is common names (Juan Garcia) that many people share.
    A person matched on a single common name part (Lucas, H. Farahani) is at most
    worth a review; a single rare one (a mononym alias) may match."""
    if not pairs:
        return 0.0
    miss_q, miss_c = q.missing(), c.missing()
    if person:  # Hans O. Friedrich is not Hans Joachim Friedrich
        miss_q, miss_c = miss_q + _contradicted(q, c), miss_c + _contradicted(c, q)
    conflict = min(miss_q, miss_c)
    omitted = miss_q + miss_c - 2 * conflict
    omission = cfg.omission_person if person else cfg.omission
    if person and not miss_q and all(p.similarity == 1.0 for p in pairs):
        # The query word for word inside the listed name, which has more given names, a
        # middle name or a patronymic (Boris Johnson); not when a word fits only nearly.
        omission = cfg.extra_names
    q_paired = q.paired()
    total = q_paired + c.paired() + 2 * conflict * cfg.conflict + omitted * omission
    if total <= 0:
        return 0.0
    score = min(1.0, matched / total)
    # Every part paired, each the same word or the Latin spelling of a name written
    # without short vowels (محمد احمدی / Mohammad Ahmadi): the listed name itself.
    exact = (
        not omitted
        and not conflict
        and all(p.similarity == 1.0 or p.how in (ABJAD_HOW, SPELLED_APART) for p in pairs)
    )
    if person and not exact:  # the listed name itself, word for word, needs no discount
        floor = cfg.evidence_floor
        score *= min(1.0, floor + (1 - floor) * q_paired / cfg.evidence_full)
        parts = sum(1 for p in pairs if p.how != INITIAL_HOW and p.similarity >= 0.5)
        longest = max(_words(q.tokens), _words(c.tokens))
        if parts < 2 <= longest and q_paired < cfg.single_part_evidence:
            score = min(score, cfg.single_part_cap)
    elif (
        not person
        and sum(1 for i in q.used if q.misses[i]) == 1
        and (max(_named(q), _named(c)) >= 3)
    ):
        # A firm's one-word name inside a longer one ("Al Qods" in "Qods Aviation
        # Services") says the word is shared, not that the firm is the same.
        score = min(score, cfg.single_part_cap)
    if not person:
        score = min(score, _short_name_cap(q, c, pairs, cfg))
    return score


def _numbers_differ(q: _Side, c: _Side) -> bool:
    """Both names carry a number the other lacks: different units, offices, vessels."""
    return any(t.kind == NUMBER and i not in q.used for i, t in enumerate(q.tokens)) and any(
        t.kind == NUMBER and j not in c.used for j, t in enumerate(c.tokens)
    )


def _short_name_cap(q: _Side, c: _Side, pairs: list[TokenPair], cfg: TokenConfig) -> float:
    """The most a firm's name may score against a listed name of one word (see
    _short_name_shared): a review, less when the word itself is only nearly met (Ofis
    Mebel / MEGEL), so that a shared country cannot lift it to a match; 1 otherwise."""
    if not _short_name_shared(q, c, pairs, cfg):
        return 1.0
    word = c.tokens[next(j for j, miss in enumerate(c.misses) if miss)]
    if any(p.candidate == word.text and p.how == FUZZY for p in pairs):
        return cfg.short_name_typo_cap
    return cfg.single_part_cap


def _short_name_shared(q: _Side, c: _Side, pairs: list[TokenPair], cfg: TokenConfig) -> bool:
    """Is the listed name one word and legal forms ("EMERALD FZE", "JOINT STOCK COMPANY
    STAR"), that word the only thing the query shares with it, and the query more than
    it: words of its own besides (Emerald Logistics GmbH) when the word is common in
    company names or on the lists, or met only by a typo; distinctive words of its own
    when it is rare?"""
    named = [j for j, miss in enumerate(c.misses) if miss]
    if len(named) != 1 or named[0] not in c.used or c.tokens[named[0]].kind != WORD:
        return False
    extra = [i for i, miss in enumerate(q.misses) if miss and i not in q.used]
    if not extra:
        return False  # the listed name itself, legal form aside
    word = c.tokens[named[0]]
    if per_million(word.key) >= cfg.short_name_common or c.misses[named[0]] < cfg.short_name_rare:
        return True
    if any(p.candidate == word.text and p.how == FUZZY for p in pairs):
        return True  # the word itself only nearly (Mada Transport / NADA)
    # Words of the query's own that name (Fregat Baltika), not those common in company
    # names (Profinet Agency, Irasco Italy).
    return any(
        q.tokens[i].kind == WORD and per_million(q.tokens[i].key) < cfg.short_name_common
        for i in extra
    )


def _contradicted(side: _Side, other: _Side) -> float:
    """What the unpaired initials of `side` cost as the words they contradict: an initial
    against unpaired names of the other side, none with its letter, is a different name
    (O. against Joachim), not a missing one; 0 when there is no such initial."""
    words = [(t.text[:1], other.misses[j]) for j, t in enumerate(other.tokens)
             if j not in other.used and t.kind == WORD and other.misses[j]]  # fmt: skip
    if not words:
        return 0.0
    extra = 0.0
    for i, t in enumerate(side.tokens):
        if i in side.used or t.kind != INITIAL or not side.misses[i]:
            continue
        if all(letter != t.text[:1] for letter, _ in words):
            extra += max(miss for _, miss in words) - side.misses[i]
    return max(0.0, extra)


def _named(side: _Side) -> int:
    """Tokens that name (not legal forms or titles)."""
    return sum(1 for w in side.misses if w)


def _words(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.kind in (WORD, INITIAL))
