"""The rules engine: rule packs (YAML data) instantiate rule kinds (code) and judge a model.

load_rules -> apply_overrides -> judge; describe_rule for `archgov rules explain`.
"""

from analyzer.engine.builtin import builtin_rules_dir, load_builtin_rules
from analyzer.engine.describe import describe_rule, rules_markdown
from analyzer.engine.judge import RuleEvaluationError, judge
from analyzer.engine.kinds import KINDS, EvalContext, RuleKind
from analyzer.engine.loader import load_rules
from analyzer.engine.overrides import OverrideError, RuleOverride, apply_overrides, apply_packs
from analyzer.engine.rule import Rule

__all__ = [
    "KINDS",
    "EvalContext",
    "OverrideError",
    "Rule",
    "RuleEvaluationError",
    "RuleKind",
    "RuleOverride",
    "apply_overrides",
    "apply_packs",
    "builtin_rules_dir",
    "describe_rule",
    "judge",
    "load_builtin_rules",
    "load_rules",
    "rules_markdown",
]
