"""Decision helper engine: "may I carry / use this here?", answered from an order's rules.

Portable (CPython and MicroPython). The rules are data (per order: `<slug>.facts.yaml` and
`<slug>.rules.yaml` beside the policy source, shipped as data/checker/<slug>.json); nothing
here knows any order. Public API:
    Book(data)                               a rulebook, from the shipped JSON
    decide(facts, book, sections=None)       -> determination dict (see engine.decide)
    question(name, book, facts=None)         -> the question for a fact
    FactError, check_facts, fact_problems, normalize_facts, facts_from_json, allowed_values
    VERDICTS, VERDICT_LABELS, VERDICT_MEANINGS, NOT_SURE, RuleConflict
"""
from checker.book import Book
from checker.engine import RuleConflict, decide, question
from checker.facts import (FactError, allowed_values, check_facts, fact_problems,
                           facts_from_json, normalize_facts)
from checker.verdicts import NOT_SURE, VERDICT_LABELS, VERDICT_MEANINGS, VERDICTS

__all__ = ["Book", "decide", "question", "FactError", "check_facts", "fact_problems",
           "normalize_facts", "facts_from_json", "allowed_values", "VERDICTS",
           "VERDICT_LABELS", "VERDICT_MEANINGS", "NOT_SURE", "RuleConflict"]
