"""Facts in, determination out: the rules of a topic are tried in order, asking only for facts
that the next step of the evaluation actually reads.

The evaluation never guesses: the first fact it needs and does not have becomes the question
to ask, and the answer is withheld until it is given. It records which facts it read, so the
determination says what decided it (docassemble's explain()).
"""
from checker.facts import check_facts, fact, value_label
from checker.quotes import quotes_for
from checker.rules import TOPIC_RULES

VERDICT_LABELS = {
    "required": "Required", "not_required": "Not required", "permitted": "Permitted",
    "conditional": "Permitted with conditions", "prohibited": "Prohibited",
    "obligation": "You must act", "not_covered": "Not covered by this order",
}


class _Needs(Exception):
    """Raised inside the evaluation when it reads a fact that has not been given."""

    def __init__(self, name):
        super().__init__(name)
        self.name = name


class _Reader:
    """Facts as the rules see them: reading a fact records it, reading a missing one asks it."""

    def __init__(self, facts):
        self.facts = facts
        self.read = []

    def value(self, name):
        if name not in self.facts:
            raise _Needs(name)
        if name not in self.read:
            self.read.append(name)
        return self.facts[name]

    def holds(self, when):
        for name, values in when:
            value = self.value(name)
            if values is not None and value not in values:
                return False
        return True


def evaluate(reader):
    """(rule, exception or None, outcome) for the facts behind reader; raises _Needs(name) at
    the first fact it needs and lacks. reader.read lists the facts consulted, in order."""
    for candidate in TOPIC_RULES[reader.value("topic")]:
        if reader.holds(candidate["when"]):
            return _apply(candidate, reader)
    # every topic ends in rules that cover all values; reaching here is a bug in the rule data
    raise RuntimeError("no rule of topic " + reader.facts["topic"] + " applies to these facts")


def deciding_rule(facts):
    """(rule, exception or None) that decides complete facts: for tests and tooling."""
    candidate, override, _ = evaluate(_Reader(facts))
    return candidate, override


def _apply(candidate, reader):
    for override in candidate["exceptions"]:
        if reader.holds(override["when"]):
            return candidate, override, override["outcome"]
    return candidate, None, candidate["outcome"]


def decide(facts, sections=None):
    """The determination for facts (a dict of fact name -> value). Raises FactError for unknown
    facts or values. sections: order_data(order)["sections"], for the quoted text.

    Keys: complete; verdict (one of VERDICTS, None until complete) and verdict_label; answer and
    why (plain words, not policy); conditions; duties; cites (section ids); quotes ({id,
    heading, url, whole, excerpts} per cited section, verbatim); rule and exception (what
    decided); decided_by ({fact, value, question, answer} in the order read); questions (the
    next question to ask, with its options, while incomplete; else [])."""
    check_facts(facts)
    reader = _Reader(facts)
    try:
        candidate, override, result = evaluate(reader)
    except _Needs as needs:
        return _pending(facts, reader.read, needs.name)
    return _determination(facts, candidate, override, result, reader.read, sections)


def _determination(facts, candidate, override, result, read, sections):
    return {
        "complete": True,
        "topic": facts["topic"],
        "rule": candidate["id"],
        "exception": override["label"] if override else None,
        "verdict": result["verdict"],
        "verdict_label": VERDICT_LABELS[result["verdict"]],
        "answer": result["answer"],
        "why": result["why"],
        "conditions": list(result["conditions"]),
        "duties": list(result["duties"]),
        "cites": list(result["cites"]),
        "quotes": quotes_for(result, sections) if sections else [],
        "decided_by": decided_by(facts, read),
        "questions": [],
    }


def _pending(facts, read, missing):
    """Not enough facts yet: no verdict, and the question whose answer is needed next."""
    return {
        "complete": False, "topic": facts.get("topic"), "rule": None, "exception": None,
        "verdict": None, "verdict_label": None, "answer": None, "why": None,
        "conditions": [], "duties": [], "cites": [], "quotes": [],
        "decided_by": decided_by(facts, read),
        "questions": [question(missing)],
    }


def decided_by(facts, names):
    """The facts that decided, in the order they were consulted, with their wording."""
    return [{"fact": name, "value": facts[name], "question": fact(name)["question"],
             "answer": value_label(name, facts[name])} for name in names]


def question(name):
    """A question to ask: the fact, its wording and its options (in vocabulary order)."""
    entry = fact(name)
    return {"fact": name, "question": entry["question"], "meaning": entry["meaning"],
            "options": [dict(option) for option in entry["values"]]}
