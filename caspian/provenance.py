"""What produced a result: the engine, the policy and the matching configuration.

Every screening result and every match result line carries this beside the list
versions, so that a decision can be reproduced years later: the same engine version,
the policy file with this sha256 (and the red flags it merged), and the matcher's
weights with this sha256 give the same decision on the same lists.
"""

from __future__ import annotations

from caspian import __version__
from caspian.match.config import MatchConfig
from caspian.rules.engine import Policy, red_flags_digest

ENGINE = f"caspian {__version__}"


def for_screening(policy: Policy, config: MatchConfig) -> dict[str, str]:
    """Provenance of `caspian screen` results under `policy` and the matcher's `config`."""
    out = {"engine": ENGINE, "policy": policy.digest, "matching": config.digest}
    if any(rule.kind == "red_flag" for rule in policy.rules):
        out["red_flags"] = red_flags_digest()
    if policy.scope:
        out["policy_scope"] = policy.scope
    return out


def for_matching(config: MatchConfig, threshold: float) -> dict[str, object]:
    """Provenance of `caspian match` results: no policy applies, only the matcher (and the
    threshold that marked `match`, which `--threshold` may have changed)."""
    return {"engine": ENGINE, "policy": None, "matching": config.digest, "threshold": threshold}
