"""Invariants over the whole fact space the engine accepts.

Two enumerations, both exhaustive:
- every path of questions and answers from an empty start (what the page can ever show);
- per topic, the full product of the values of every fact its rules mention, including facts
  the question flow would never ask together (what the CLI can ever be given).
"""
import itertools
import os

import pytest

import checker
from model.tools.orders import load_orders
from checker.engine import deciding_rule
from checker.rules import topic_facts

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTIONS = load_orders(os.path.join(ROOT, "policies"))[0].data["sections"]


def question_paths():
    """Every complete determination reachable by answering the questions, with its facts."""
    finished, pending = [], [{}]
    while pending:
        facts = pending.pop()
        result = checker.decide(facts, SECTIONS)
        if result["complete"]:
            finished.append((facts, result))
            continue
        assert len(result["questions"]) == 1
        question = result["questions"][0]
        assert question["fact"] not in facts, "asked a fact already given"
        pending += [dict(facts, **{question["fact"]: o["value"]}) for o in question["options"]]
    return finished


def full_product(topic):
    names = topic_facts(topic)
    for values in itertools.product(*[checker.allowed_values(n) for n in names]):
        yield dict(zip(names, values), topic=topic)


def assert_well_formed(result):
    assert result["complete"] and result["verdict"] in checker.VERDICTS
    assert result["questions"] == []
    assert all(cite in SECTIONS for cite in result["cites"])
    assert (result["verdict"] == "not_covered") == (result["cites"] == [])
    assert [q["id"] for q in result["quotes"]] == result["cites"]
    for quote in result["quotes"]:
        paragraphs = SECTIONS[quote["id"]]["paragraphs"]
        assert all(any(text in p for p in paragraphs) for text in quote["excerpts"])
    assert result["answer"] and result["why"]


def test_every_question_path_ends_in_an_answer():
    paths = question_paths()
    assert len(paths) > 100
    for facts, result in paths:
        assert_well_formed(result)
        # asked only what mattered: every fact given was one the decision read
        assert sorted(facts) == sorted(d["fact"] for d in result["decided_by"])


@pytest.mark.parametrize("topic", checker.allowed_values("topic"))
def test_full_fact_space_of_each_topic(topic):
    for facts in full_product(topic):
        result = checker.decide(facts, SECTIONS)
        assert_well_formed(result)
        assert checker.decide(dict(facts), SECTIONS) == result, "not deterministic"
        # the facts it says decided it are enough to reach the same answer
        decisive = {d["fact"]: d["value"] for d in result["decided_by"]}
        assert checker.decide(decisive, SECTIONS) == result
        assert_no_conflicting_exceptions(facts)


def assert_no_conflicting_exceptions(facts):
    """Catala's rule: two exceptions of one rule that hold together must agree on the verdict;
    otherwise the order of the list would be a hidden choice."""
    rule, _ = deciding_rule(facts)
    verdicts = {e["outcome"]["verdict"] for e in rule["exceptions"] if _holds(e["when"], facts)}
    assert len(verdicts) <= 1, (rule["id"], facts)


def _holds(when, facts):
    return all(name in facts and (values is None or facts[name] in values)
               for name, values in when)


def test_every_partial_answer_is_an_answer_or_a_question():
    """Any subset of facts along a question path gives a verdict or exactly one question."""
    for facts, _ in question_paths()[::7]:
        names = sorted(facts)
        for size in range(len(names)):
            for subset in itertools.combinations(names, size):
                result = checker.decide({n: facts[n] for n in subset})
                assert result["complete"] or len(result["questions"]) == 1
                assert result["complete"] or (result["verdict"] is None and result["cites"] == [])
