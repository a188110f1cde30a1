"""CPython only: the decision helper's side of the coverage matrix (build_scripts/coverage.py).

The matrix knows no engine's format; each package's site_data offers

    citations(orders) -> [{"id", "kind": "rule", "order": slug, "title", "quotes":
                           [(section id, excerpt or None)], "href": site-relative URL}]

Here: every rule of checker.rules and every labelled exception, with the quotes its outcome
shows, and a link to the helper pre-filled with a situation that reaches it (found by asking
the engine, so the link is right by construction: decide() on those facts returns that rule).
This is the one adapter to change when the rules move to per-order data (issue 10).
"""
from typing import Any
from urllib.parse import urlencode

from checker.engine import decide
from checker.facts import allowed_values
from checker.rules import TOPIC_RULES, all_rules

ORDER_SLUG = "dgo-i-19"   # the order today's rules implement (as checker.tools.site_data)
HELPER_PAGE = "helper/"   # site-relative


def citations(orders: list[Any]) -> list[dict[str, Any]]:
    """The helper's citations of the order its rules implement (none if it is not built)."""
    if ORDER_SLUG not in [order.slug for order in orders]:
        return []
    found = []
    for rule in all_rules():
        for label, override, result in _outcomes(rule):
            if not result["quotes"]:
                continue   # "not covered" answers cite nothing
            facts = situation(rule, override)
            found.append({"id": label, "kind": "rule", "order": ORDER_SLUG,
                          "title": result["answer"],
                          "quotes": [(sid, text) for sid, text in result["quotes"]],
                          "href": HELPER_PAGE + "?" + urlencode(facts) if facts else HELPER_PAGE})
    return found


def _outcomes(rule: dict[str, Any]) -> list[tuple[str, Any, dict[str, Any]]]:
    return [(rule["id"], None, rule["outcome"])] + [
        (rule["id"] + " / " + ex["label"], ex, ex["outcome"]) for ex in rule["exceptions"]]


def situation(rule: dict[str, Any], override: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(fact, value) pairs, in the order the helper asks them, on which decide() reaches rule
    (and override, if given); [] if no answers reach it (a rule shadowed by an earlier one)."""
    topic = topic_of(rule)
    wanted: dict[str, tuple[str, ...]] = {}
    for part in [rule] + ([override] if override else []):
        for name, values in part["when"]:
            if values is not None:
                wanted[name] = tuple(values)
    target = (rule["id"], override["label"] if override else None)
    return _search([("topic", topic)], wanted, target)


def topic_of(rule: dict[str, Any]) -> str:
    for topic, rules in TOPIC_RULES.items():
        if any(candidate is rule for candidate in rules):
            return topic
    raise ValueError("rule " + rule["id"] + " belongs to no topic")


def _search(asked: list[tuple[str, str]], wanted: dict[str, tuple[str, ...]],
            target: tuple[str, Any]) -> list[tuple[str, str]]:
    """Depth-first over the helper's own questions, trying the values the rule names first."""
    result = decide(dict(asked))
    if result["complete"]:
        return asked if (result["rule"], result["exception"]) == target else []
    name = result["questions"][0]["fact"]
    preferred = wanted.get(name, ())
    for value in list(preferred) + [v for v in allowed_values(name) if v not in preferred]:
        found = _search(asked + [(name, value)], wanted, target)
        if found:
            return found
    return []
