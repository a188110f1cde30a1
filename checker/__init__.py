"""Decision helper for DGO I-19: "may I carry / use this here?", answered from the order.

Portable (CPython and MicroPython). Public API:
    decide(facts, sections=None) -> determination dict (verdict, cites, quotes, questions, …)
    FACTS, fact(name), allowed_values(name), check_facts(facts), FactError
    VERDICTS, TOPIC_RULES, all_rules(), topic_facts(topic), source_problems(rules, sections)
"""
from checker.engine import VERDICT_LABELS, decide, question
from checker.facts import FACTS, FactError, allowed_values, check_facts, fact, fact_problems
from checker.quotes import source_problems
from checker.rulebook import VERDICTS
from checker.rules import TOPIC_RULES, all_rules, topic_facts

__all__ = ["decide", "question", "VERDICT_LABELS", "FACTS", "FactError", "allowed_values",
           "check_facts", "fact", "fact_problems", "source_problems", "VERDICTS",
           "TOPIC_RULES", "all_rules", "topic_facts"]
