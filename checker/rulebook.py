"""Building blocks of the rule data: outcomes, rules and exceptions as plain dicts.

A rule applies when every condition in its `when` holds; each condition is (fact, values)
where values is a tuple of allowed values, or ANY (the fact must be known, any value will do:
it is asked here so that later exceptions can use it). Exceptions are labelled overrides of
their rule, tried in order; `check_conflicts` (run by the tests over the whole fact space)
proves that no two exceptions with different verdicts can fire together, as Catala demands.
"""

ANY = None

VERDICTS = ("required", "not_required", "permitted", "conditional", "prohibited",
            "obligation", "not_covered")


def outcome(verdict, answer, why, quotes=(), conditions=(), duties=()):
    """What a rule decides. quotes: (section id, verbatim excerpt or None for the whole section)
    pairs; the cited ids are the quoted ids, in order of first appearance."""
    if verdict not in VERDICTS:
        raise ValueError("unknown verdict " + repr(verdict))
    cites = []
    for section_id, _ in quotes:
        if section_id not in cites:
            cites.append(section_id)
    if verdict == "not_covered" and cites:
        raise ValueError("a not_covered outcome cites nothing")
    return {"verdict": verdict, "answer": answer, "why": why, "cites": cites,
            "quotes": [[sid, text] for sid, text in quotes],
            "conditions": list(conditions), "duties": list(duties)}


def rule(rule_id, when, result, exceptions=()):
    return {"id": rule_id, "when": [[name, values] for name, values in when],
            "outcome": result, "exceptions": list(exceptions)}


def exception(label, when, result):
    """A labelled override: when its conditions hold (and its rule applies), result wins."""
    return {"label": label, "when": [[name, values] for name, values in when], "outcome": result}


def not_covered(rule_id, when, why):
    """The order does not address this situation: say so, cite nothing, never guess."""
    return rule(rule_id, when, outcome(
        "not_covered", "This order does not address that.", why))


def judgement(what):
    """A condition the order leaves to human judgement ("not formalised" in Catala's words)."""
    return ("Whether " + what + " is a matter of judgement: the order does not define it, "
            "and this helper does not decide it.")
