"""Rules over a whole order: the policy's checks and the red flags of the guidance.

Both are declared in data files (one rule each: id, description, the guidance it comes
from, what it reads, the check it runs and the decision it implies); `checks` holds
the small pure functions they name.
"""

from caspian.rules.engine import Policy, Reason, Rule, RuleError, default_policy, load_policy

__all__ = ["Policy", "Reason", "Rule", "RuleError", "default_policy", "load_policy"]
