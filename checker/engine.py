"""Facts in, determination out: every rule of the rulebook is tried against the situation.

- A rule's conditions are (fact, allowed values) pairs. It fires when all hold, fails when
  one does not, and is blocked while a fact it needs is missing.
- Labelled exceptions (Catala's `exception`): a rule is live when it fires and none of its
  direct exceptions is live. An exception of role "provision" only lifts its rule (C-2's
  "unless hands-free") and is listed beside the answer.
- The verdict on the question asked comes from the live verdict rules (the build refuses two
  that can disagree without an exception between them); a fallback rule decides only when
  none is live; with none at all the order does not cover the situation.
- Every live provision (a duty such as C-5's charges, a limit such as C-1) is listed too, so
  one situation gives everything the order says about it, whatever topic it was entered by:
  rules read facts, never the topic.
- Nothing is guessed: a blocked rule whose outcome could change the determination makes its
  missing fact the next question (the earliest in the vocabulary's order). A blocked rule that
  could only repeat the verdict already reached is not asked about, nor is a provision that
  carries no duty (a note); a provision with a duty always is.
- A judgement fact answered "not sure" is tried both ways; if the answers differ the verdict
  is "conditional", naming the fact and giving the answer for each value.
"""
from checker.facts import check_facts, offered, situation_of
from checker.quotes import quotes_for
from checker.verdicts import NOT_SURE, NOT_SURE_LABEL, VERDICT_LABELS

FIRES, FAILS, BLOCKED = 0, 1, 2
LIVE, DEAD, UNKNOWN = 0, 1, 2
MAX_BRANCHES = 16
NOT_COVERED_ANSWER = "This order does not address that."


class RuleConflict(RuntimeError):
    """Two live rules decide differently: the rule data is wrong (the build should catch it)."""


class _Evaluation:
    """The state of every rule for one situation."""

    def __init__(self, situation, book):
        self.book = book
        self.situation = situation
        self.read = {}
        self.status = []
        self.blocking = []
        for rule in book.rules:
            status, blocking = _conditions(rule, situation, self.read)
            self.status.append(status)
            self.blocking.append(blocking)
        self.live = _liveness(self.status, book)
        self.question = _next_question(self, _matters(self))

    def live_rules(self, role):
        return [rule for index, rule in enumerate(self.book.rules)
                if self.live[index] == LIVE and rule["role"] == role]


def _conditions(rule, situation, read):
    """(FIRES | FAILS | BLOCKED, first missing fact). Conditions are read in order; a missing
    fact is skipped so that a later condition that fails still settles the rule."""
    blocking = None
    for name, values in rule["when"]:
        if name not in situation:
            if blocking is None:
                blocking = name
            continue
        read[name] = True
        if situation[name] not in values:
            return FAILS, None
    return (BLOCKED, blocking) if blocking else (FIRES, None)


def _liveness(status, book):
    live = [DEAD] * len(status)
    for index in book.exceptions_first:
        if status[index] == FAILS:
            live[index] = DEAD
        elif status[index] == BLOCKED:
            live[index] = UNKNOWN
        else:
            states = [live[e] for e in book.exceptions[index]]
            live[index] = DEAD if LIVE in states else (UNKNOWN if UNKNOWN in states else LIVE)
    return live


def _matters(ev):
    """Which rules of unknown state could still change the determination."""
    rules, live, book = ev.book.rules, ev.live, ev.book
    verdicts = []
    for rule in ev.live_rules("verdict"):
        if rule["verdict"] not in verdicts:
            verdicts.append(rule["verdict"])
    single = verdicts[0] if len(verdicts) == 1 else None
    matter = [False] * len(rules)
    for index, rule in enumerate(rules):
        if live[index] != UNKNOWN:
            continue
        if rule["role"] == "verdict":
            matter[index] = not (single is not None and rule["verdict"] == single and all(
                live[b] == DEAD or (rules[b]["role"] == "verdict" and rules[b]["verdict"] == single)
                for b in book.bases[index]))
        elif rule["role"] == "fallback":
            matter[index] = not verdicts
    # a provision that puts a duty on someone is always settled (a duty is never dropped); a
    # note (no duties) is shown when its facts are known; a lifting exception matters when
    # its rule does
    for index in reversed(book.exceptions_first):  # a rule before its exceptions
        if live[index] == UNKNOWN and rules[index]["role"] == "provision":
            bases = book.bases[index]
            matter[index] = any(live[b] == LIVE or (live[b] == UNKNOWN and matter[b])
                                for b in bases) if bases else bool(rules[index]["duties"])
    # a rule that fires but waits on its exceptions is settled by them: they matter too
    todo = [i for i in range(len(rules)) if matter[i] and ev.status[i] == FIRES]
    while todo:
        for child in book.exceptions[todo.pop()]:
            if live[child] == UNKNOWN and not matter[child]:
                matter[child] = True
                if ev.status[child] == FIRES:
                    todo.append(child)
    return matter


def _next_question(ev, matter):
    best = None
    for index, needed in enumerate(matter):
        if needed and ev.status[index] == BLOCKED:
            name = ev.blocking[index]
            if best is None or ev.book.fact_index[name] < ev.book.fact_index[best]:
                best = name
    return best


# --- the determination --------------------------------------------------------------------------

def decide(facts, book, sections=None):
    """The determination for facts (a dict of fact name -> value) under book (a checker.Book).
    Raises FactError for unknown facts or values. sections: the order model's sections, for
    the quoted text (without them, quotes is empty).

    Keys: complete; verdict (None until complete), verdict_label, answer, why; findings (the
    live verdict rules: rule, label, verdict, answer, why, sections, conditions, duties,
    readings, judgements); provisions (everything else the order says about the situation,
    same shape); conditions and duties (gathered); cites (section ids); quotes (verbatim, per
    cited section); readings ({id, title, url}); judgements (answers the verdict rests on);
    depends_on and branches (for "conditional"); decided_by ({fact, value, question, answer}
    in vocabulary order, the topic first); unused (facts given that no rule needed);
    questions (the next question while incomplete, else [])."""
    check_facts(facts, book)
    situation = situation_of(facts, book)
    unsure = [entry["name"] for entry in book.facts if situation.get(entry["name"]) == NOT_SURE]
    if unsure:
        return _decide_unsure(facts, situation, unsure, book, sections)
    ev = _Evaluation(situation, book)
    if ev.question is not None:
        return _pending(facts, ev.read, ev.question, book)
    return _settled(facts, ev, book, sections)


def _pending(facts, read, name, book):
    result = _empty(facts, read, book)
    result["questions"] = [question(_asked(name, facts, book), book, facts)]
    return result


def _asked(name, facts, book):
    """The fact to ask: the entry question (the topic) stands in for the fact it sets."""
    entry = book.entry
    if name == entry["stands_for"] and entry["name"] not in facts:
        return entry["name"]
    return name


def _empty(facts, read, book):
    return {
        "complete": False, "order": book.order, "topic": facts.get(book.entry["name"]),
        "verdict": None, "verdict_label": None, "answer": None, "why": None, "rule": None,
        "exception": None, "findings": [], "provisions": [], "conditions": [], "duties": [],
        "cites": [], "quotes": [], "readings": [], "judgements": [], "depends_on": [],
        "branches": [], "decided_by": decided_by(facts, read, book),
        "unused": unused(facts, read, book), "questions": [],
    }


def _settled(facts, ev, book, sections):
    findings = ev.live_rules("verdict") or ev.live_rules("fallback")
    verdicts = []
    for rule in findings:
        if rule["verdict"] not in verdicts:
            verdicts.append(rule["verdict"])
    if len(verdicts) > 1:
        raise RuleConflict("rules " + ", ".join(r["id"] for r in findings) + " decide "
                           + " and ".join(verdicts) + " on the same facts")
    live = findings + ev.live_rules("provision")
    result = _empty(facts, ev.read, book)
    first = findings[0] if findings else None
    result.update({
        "complete": True,
        "verdict": verdicts[0] if verdicts else "not_covered",
        "answer": first["answer"] if first else NOT_COVERED_ANSWER,
        "why": " ".join(rule["why"] for rule in findings),
        "rule": first["id"] if first else None,
        "exception": _first_label(findings),
        "findings": [_finding(rule, ev.situation, book) for rule in findings],
        "provisions": [_finding(rule, ev.situation, book) for rule in ev.live_rules("provision")],
        "conditions": _gathered(findings, "conditions"),
        "duties": _gathered(live, "duties"),
        "cites": _gathered(live, "sections"),
        "quotes": quotes_for(live, sections) if sections else [],
        "readings": _readings(live, book),
        "judgements": _judgements(live, ev.situation, book),
    })
    result["verdict_label"] = VERDICT_LABELS[result["verdict"]]
    return result


def _first_label(rules):
    for rule in rules:
        if rule["exception_to"]:
            return rule["label"]
    return None


def _finding(rule, situation, book):
    return {"rule": rule["id"], "label": rule["label"], "verdict": rule["verdict"],
            "verdict_label": VERDICT_LABELS[rule["verdict"]], "answer": rule["answer"],
            "why": rule["why"], "sections": list(rule["sections"]),
            "conditions": list(rule["conditions"]), "duties": list(rule["duties"]),
            "readings": _readings([rule], book),
            "judgements": _judgements([rule], situation, book)}


def _gathered(rules, key):
    out = []
    for rule in rules:
        for item in rule[key]:
            if item not in out:
                out.append(item)
    return out


def _readings(rules, book):
    return [dict(book.reading_by_id[rid]) for rid in _gathered(rules, "readings")]


def _judgements(rules, situation, book):
    """The judgement facts the rules' conditions read: the verdict rests on those answers."""
    out, seen = [], []
    for rule in rules:
        for name, _ in rule["when"]:
            if book.fact(name)["judgement"] and name not in seen:
                seen.append(name)
                out.append({"fact": name, "question": book.fact(name)["question"],
                            "judgement": book.fact(name)["judgement"],
                            "value": situation[name],
                            "answer": book.label(name, situation[name])})
    return out


# --- "not sure" --------------------------------------------------------------------------------

def _decide_unsure(facts, situation, unsure, book, sections):
    """Try each value of the facts the member is not sure of; the same answer every way is
    the answer, otherwise "conditional" with the answer for each value."""
    branches, read, pending = [], {}, None
    for values in _combinations([_concrete(name, book) for name in unsure]):
        trial = dict(situation)
        for name, value in zip(unsure, values):
            trial[name] = value
        ev = _Evaluation(trial, book)
        for name in ev.read:
            read[name] = True
        if ev.question is not None:
            if pending is None or book.fact_index[ev.question] < book.fact_index[pending]:
                pending = ev.question
            continue
        branches.append((values, ev))
    for name in unsure:
        read[name] = True
    if pending is not None:
        return _pending(facts, read, pending, book)
    outcomes = [_settled(facts, ev, book, sections) for _, ev in branches]
    if all(_same(outcome, outcomes[0]) for outcome in outcomes):
        result = outcomes[0]
        result["decided_by"], result["unused"] = decided_by(facts, read, book), unused(facts, read, book)
        return result
    return _conditional(facts, unsure, branches, outcomes, read, book, sections)


def _concrete(name, book):
    return [value for value in book.values(name) if value != NOT_SURE]


def _combinations(choices):
    combos = [[]]
    for values in choices:
        combos = [combo + [value] for combo in combos for value in values]
    return combos[:MAX_BRANCHES]


def _same(one, other):
    return (one["verdict"] == other["verdict"]
            and [f["rule"] for f in one["findings"]] == [f["rule"] for f in other["findings"]]
            and [p["rule"] for p in one["provisions"]] == [p["rule"] for p in other["provisions"]])


def _conditional(facts, unsure, branches, outcomes, read, book, sections):
    result = _empty(facts, read, book)
    live = []
    for _, ev in branches:
        for rule in ev.live_rules("verdict") + ev.live_rules("fallback") + ev.live_rules("provision"):
            if rule not in live:
                live.append(rule)
    common = [p for p in outcomes[0]["provisions"]
              if all(p["rule"] in [q["rule"] for q in o["provisions"]] for o in outcomes)]
    result.update({
        "complete": True, "verdict": "conditional", "verdict_label": VERDICT_LABELS["conditional"],
        "answer": "It depends on your answer to: " + " / ".join(
            book.fact(name)["question"] for name in unsure),
        "why": "You were not sure of something the answer turns on; here is the answer for "
               "each way it can go.",
        "depends_on": [{"fact": name, "question": book.fact(name)["question"],
                        "judgement": book.fact(name)["judgement"]} for name in unsure],
        "branches": [_branch(unsure, values, outcome, book)
                     for (values, _), outcome in zip(branches, outcomes)],
        "provisions": common,
        "duties": _gathered([{"duties": p["duties"]} for p in common], "duties"),
        "cites": _gathered(live, "sections"),
        "quotes": quotes_for(live, sections) if sections else [],
        "readings": _readings(live, book),
    })
    return result


def _branch(unsure, values, outcome, book):
    return {"if": [{"fact": name, "value": value, "answer": book.label(name, value)}
                   for name, value in zip(unsure, values)],
            "verdict": outcome["verdict"], "verdict_label": outcome["verdict_label"],
            "answer": outcome["answer"], "why": outcome["why"], "cites": outcome["cites"],
            "duties": outcome["duties"], "rules": [f["rule"] for f in outcome["findings"]]}


# --- facts and questions ------------------------------------------------------------------------

def decided_by(facts, read, book):
    """The answers given that the decision read, the topic first, then in vocabulary order."""
    entry = book.entry["name"]
    out = []
    if entry in facts:
        out.append(_answer(entry, facts[entry], book))
    preset = _preset_names(facts, book)
    for item in book.facts:
        name = item["name"]
        if name in facts and name in read and name not in preset:
            out.append(_answer(name, facts[name], book))
    return out


def _answer(name, value, book):
    return {"fact": name, "value": value, "question": book.question_of(name),
            "answer": book.label(name, value)}


def _preset_names(facts, book):
    topic = book.topic_by_value.get(facts.get(book.entry["name"]))
    return [name for name, _ in topic["sets"]] if topic else []


def unused(facts, read, book):
    """Facts given that no rule read (a link or a script gave more than the answer needs)."""
    return [item["name"] for item in book.facts
            if item["name"] in facts and item["name"] not in read]


def question(name, book, facts=None):
    """A question to ask: the fact, its wording and its options (the topic may narrow them)."""
    facts = facts or {}
    if name == book.entry["name"]:
        return {"fact": name, "question": book.entry["question"],
                "meaning": book.entry["meaning"], "judgement": None,
                "options": [{"value": t["value"], "label": t["label"]}
                            for t in book.entry["topics"]]}
    entry = book.fact(name)
    return {"fact": name, "question": entry["question"], "meaning": entry["meaning"],
            "judgement": entry["judgement"],
            "options": [{"value": value, "label": _option_label(name, value, book)}
                        for value in offered(name, facts, book)]}


def _option_label(name, value, book):
    return NOT_SURE_LABEL if value == NOT_SURE else book.label(name, value)
