"""Configuration files are validated on load: a typo is refused, never a silent default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caspian import data
from caspian.match import Matcher, Query
from caspian.match.config import (
    FeatureConfig,
    MatchConfig,
    RetrievalConfig,
    TokenConfig,
    parse_config,
)
from caspian.rules import RuleError, default_policy, load_policy
from caspian.rules.engine import PolicySettings, RiskPoints, Rule
from caspian.typed_config import ConfigError

MATCHING = data.text("matching.toml")
POLICY = data.text("policy.toml")


def test_the_shipped_files_load_and_every_setting_is_described() -> None:
    config = parse_config(MATCHING)
    assert 0 < config.threshold < 1 and config.retrieval.names_per_query == 30
    models = (MatchConfig, RetrievalConfig, TokenConfig, FeatureConfig, PolicySettings,
              RiskPoints, Rule)  # fmt: skip
    for model in models:
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
    policy = default_policy()
    assert policy.review_threshold == 0.6 and policy.risk_points["high"] == 90
    assert len(policy.digest) == 64


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("conflict = 1.5", "conflct = 1.5", r"tokens\.conflct: unknown key"),
        ("conflict = 1.5", "", r"tokens\.conflict: required key missing"),
        ("names_per_query = 30", 'names_per_query = "thirty"', r"retrieval\.names_per_query"),
        ("threshold = 0.72", "threshold = 1.72", r"threshold: Input should be less than"),
        ("[features]", "[feature]", r"feature: unknown key"),
        ("min_fuzzy = 0.66", "min_fuzzy = -0.1", r"tokens\.min_fuzzy"),
    ],
)
def test_a_bad_matching_file_names_the_file_and_the_key(old: str, new: str, expected: str) -> None:
    assert old in MATCHING
    with pytest.raises(ConfigError) as info:
        parse_config(MATCHING.replace(old, new, 1), "my/matching.toml")
    assert str(info.value).startswith("my/matching.toml: ")
    assert re.search(expected, str(info.value)), str(info.value)


def test_the_dead_review_threshold_is_gone_from_matching() -> None:
    assert "review_threshold" not in MATCHING
    with pytest.raises(ConfigError, match="review_threshold: unknown key"):
        parse_config("review_threshold = 0.6\n" + MATCHING)


def test_a_changed_weight_changes_scores_and_the_digest() -> None:
    strict = parse_config(MATCHING.replace("threshold = 0.72", "threshold = 0.99", 1))
    assert strict.digest != parse_config(MATCHING).digest
    assert parse_config(MATCHING + "\n# a comment\n").digest == parse_config(MATCHING).digest
    from caspian.lists.bundled import bundled_list

    entities = bundled_list().entities
    query = Query("q", "Organization", {"name": ["Ghods Aviaton Industries"]})
    loose = Matcher(entities).match(query, limit=1)[0]
    tight = Matcher(entities, config=strict).match(query, limit=1)[0]
    assert loose.entity.id == tight.entity.id and loose.match and loose.score < 0.99
    assert not tight.match


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('decision = "BLOCK"', 'decision = "BLOK"', r"rule\[1\] 'PARTY-LISTED'\.decision"),
        ('check = "party_listed"', 'check = "party_lsted"', r"unknown check 'party_lsted'"),
        ('check = "party_listed"', 'check = "party_listed"\nchecks = 1', r"\.checks: unknown key"),
        ("review_threshold = 0.6", "review_threshld = 0.6", r"policy\.review_threshld: unknown"),
        ("high = 90", "high = 190", r"policy\.risk_points\.high"),
        ('id = "GEO-EMBARGOED"', 'id = "PARTY-LISTED"', r"rule id 'PARTY-LISTED' appears twice"),
    ],
)
def test_a_bad_policy_file_names_the_file_and_the_key(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in POLICY
    path = _policy(tmp_path, POLICY.replace(old, new, 1))
    with pytest.raises(RuleError) as info:
        load_policy(path)
    assert str(path) in str(info.value) and re.search(expected, str(info.value)), info.value


def test_a_policy_that_is_not_text_or_toml_is_refused(tmp_path: Path) -> None:
    binary = tmp_path / "policy.toml"
    binary.write_bytes(b"\xff\xfe[policy]")
    with pytest.raises(RuleError, match="not UTF-8"):
        load_policy(binary)
    with pytest.raises(RuleError, match="not valid TOML"):
        load_policy(_policy(tmp_path, "[policy\n"))


def test_the_policy_digest_is_the_files_sha256(tmp_path: Path) -> None:
    import hashlib

    path = _policy(tmp_path, POLICY.replace("review_threshold = 0.6", "review_threshold = 0.65"))
    policy = load_policy(path)
    assert policy.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert policy.digest != default_policy().digest and policy.review_threshold == 0.65


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('group = "diversion_hub", subjects', 'group = "diversion_hubs", subjects',
         r"'ITEM-VIA-HUB'\.params: group: 'diversion_hubs' is not a country group"),
        ('roles = ["uav_production"]', 'roles = ["uav_factory"]',
         r"params: roles\[1\]: 'uav_factory' is not a place role"),
        ('subjects = ["destination"] }', 'subjects = ["destinaton"] }',
         r"params: subjects\[1\]: 'destinaton' is not a subject"),
        ('params = { group = "embargoed", subjects = ["destination", "party"] }',
         'params = { group = "embargoed", subject = ["destination"] }',
         r"params: subjects: required key missing; subject: unknown key"),
        ('check = "party_listed"', 'check = "party_listed"\nparams = { threshold = 0.9 }',
         r"'PARTY-LISTED'\.params: threshold: unknown key"),
    ],
)  # fmt: skip
def test_a_check_parameter_that_names_nothing_is_refused(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    """A misspelt group or role would make its rule silently never fire."""
    assert old in POLICY
    with pytest.raises(RuleError) as info:
        load_policy(_policy(tmp_path, POLICY.replace(old, new, 1)))
    assert re.search(expected, str(info.value)), info.value


def test_the_red_flags_parameters_are_checked_too() -> None:
    from caspian.rules.engine import RedFlagsFile
    from caspian.typed_config import parse_toml

    text = data.text("red_flags.toml")
    assert 'methods = ["cash", "crypto"]' in text
    with pytest.raises(ConfigError, match=r"'bitcoin' is not a payment method"):
        parse_toml(RedFlagsFile, text.replace('"cash", "crypto"', '"cash", "bitcoin"'), "rf")
