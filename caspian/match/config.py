"""The matcher's weights and thresholds: typed, described, read from `matching.toml`.

The values live in one place, `caspian/data/matching.toml`; this module says what each
one is and which values make sense. An unknown or mistyped key is refused with the file
and key named (see `caspian.typed_config`).
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Annotated

from pydantic import Field

from caspian import data
from caspian.typed_config import Strict, parse_toml

MATCHING_FILE = "matching.toml"

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]


class RetrievalConfig(Strict):
    """Candidate search: which names go on to full scoring."""

    names_per_query: int = Field(gt=0, description="names scored in full per query name")
    max_df_share: Share = Field(description="keys on more names than this share are not "
                                            "blocked on (too common)")  # fmt: skip
    key_weight: Weight = Field(description="blocking score of an exact romanisation key")
    skeleton_weight: Weight = Field(description="blocking score of a consonant skeleton")
    gram_weight: Weight = Field(description="blocking score of a trigram neighbour (typos)")
    edit_weight: Share = Field(description="a short word one edit away, as a trigram Dice")
    other_names_from: Share = Field(description="entities scoring this or more have all "
                                                "their names compared")  # fmt: skip


class TokenConfig(Strict):
    """How name tokens count in the name comparison, and what each kind of fit is worth."""

    word: Weight = Field(description="an ordinary word, times its rarity")
    term: Weight = Field(description="a generic organisation word (industry, bank)")
    number: Weight = Field(description="a number in a name (7th Brigade)")
    initial: Weight = Field(description="an initial (C. Smith)")
    legal: Weight = Field(description="a legal form: recognised, never required")
    honorific: Weight = Field(description="an honorific (Dr, Haji, Sheikh): never required")
    term_unmatched: Weight = Field(description="cost of a generic word missing or different")
    omission: Weight = Field(description="cost of a name part on one side only")
    omission_person: Weight = Field(description="... a person's missing middle name")
    extra_names: Weight = Field(description="... the listed person's extra names, the query "
                                            "whole inside (Boris / Alexander Boris)")  # fmt: skip
    conflict: Weight = Field(description="cost of a part that differs on both sides")
    evidence_full: Weight = Field(description="a person's matched weight that is full evidence")
    evidence_floor: Share = Field(description="score factor when the match carries no evidence")
    single_part_cap: Share = Field(description="most a one-common-part person match scores")
    single_part_evidence: Weight = Field(description="below this weight a part is 'common'")
    short_name_common: Weight = Field(
        description="company names per million holding a word that make it common"
    )
    short_name_rare: Share = Field(
        description="least rarity on the lists of a one-word firm name to match a longer one"
    )
    short_name_typo_cap: Share = Field(
        description="most a firm scores against a one-word listed name it meets by a typo"
    )
    fuzzy_power: Weight = Field(description="a typo pair counts its similarity to this power")
    min_fuzzy: Share = Field(description="least typo similarity (1 - edits/length) that counts")
    first_letter: Share = Field(description="typo similarity factor when first letters differ")
    typo_edits: Weight = Field(description="edits a typo may carry; more count only in words "
                                           "long enough to stay min_fuzzy similar")  # fmt: skip
    slip: Share = Field(description="cost of a substitution between neighbouring keys or "
                                    "letters OCR confuses, in edits")  # fmt: skip
    skeleton_equal: Share = Field(description="same consonants, vowels apart")
    skeleton_floor: Share = Field(description="... when at least this close letter by letter")
    distinct_name_level: Weight = Field(description="two names this common or more, apart in "
                                                    "more than vowels, are no typo")  # fmt: skip
    distinct_surname_level: Weight = Field(description="... the same for two surnames")
    nickname: Share = Field(description="a familiar form of a given name (Patty/Patricia)")
    variant: Share = Field(description="a near spelling (Aksyonov/Aksenov, Jo/Cho)")
    abjad_skeleton: Share = Field(description="a name without short vowels fits its Latin form")
    abbreviation: Share = Field(description="a firm's word cut short (Serv for Service)")
    acronym: Share = Field(description="an acronym against the words it stands for")
    initial_match: Share = Field(description="an initial against a name with that letter")


class FeatureConfig(Strict):
    """Weights of the features that adjust the name score (see `features.FEATURES`)."""

    schema_mismatch: Weight = Field(description="Person vs Organization: subtracted")
    weak_alias: Weight = Field(description="best name is a weak alias: x name score, off")
    country: Weight = Field(description="+ countries overlap, - both known and disjoint")
    birth_date: Weight = Field(description="+ a birth date agrees, - years 2+ apart")
    identifier: Weight = Field(description="+ an identical identifier of the same kind")
    identifier_mismatch: Weight = Field(description="- same kind on both sides, none shared")
    legal_form_mismatch: Weight = Field(description="- both name a legal form of other kinds")
    identified: Share = Field(description="score of a party an identifying identifier "
                                          "names, with no name or one that agrees")  # fmt: skip
    identified_name: Share = Field(description="least name score that agrees with it")
    identified_review: Share = Field(description="score when the name differs: a review")

    def weight(self, feature: str) -> float:
        value = getattr(self, feature)
        assert isinstance(value, float)
        return value


class MatchConfig(Strict):
    """Everything the matcher is tuned by; `digest` identifies it in every result."""

    threshold: Share = Field(description="score at or above which a result is a match")
    retrieval: RetrievalConfig = Field(description="candidate search")
    tokens: TokenConfig = Field(description="the name comparison")
    features: FeatureConfig = Field(description="the features beside the name")

    @property
    def digest(self) -> str:
        """sha256 of the configuration's values (not of the file's layout or comments)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def parse_config(text: str, source: str = f"caspian/data/{MATCHING_FILE}") -> MatchConfig:
    return parse_toml(MatchConfig, text, source)


@cache
def default_config() -> MatchConfig:
    return parse_config(data.text(MATCHING_FILE))
