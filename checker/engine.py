"""Facts in, determination out: every rule of the rulebook is tried against the situation.

- A rule's conditions are (fact, allowed values) pairs. It fires when all hold, does not when
  one fails, and is undecided while a fact it needs is missing.
- Labelled exceptions (Catala's `exception`): when an exception applies, on its own
  conditions, the rule it names gives way and the exception's outcome is used instead (unless
  an exception of that exception applies in turn). A "provision" exception only lifts its rule
  (a ban's "unless …" clause): the rule then gives nothing, and whatever it was an exception
  to applies again.
- The verdict on the question asked comes from the verdict rules whose own outcome is used
  (the build refuses two that can disagree with no exception between them); a fallback rule
  decides only when none does; with neither, the order does not cover the situation.
- Every provision whose outcome is used (a duty that survives the verdict, a limit that still applies) is
  listed too, so one situation gives everything the order says about it, whatever topic it
  was entered by: rules read facts, never the topic.
- Nothing is guessed, and nothing is asked that cannot change the answer: while a missing
  fact could change the verdict, or decide whether a duty applies, the earliest such fact (in
  the vocabulary's order) is the next question. A rule that could only repeat the verdict
  already reached, or a note that carries no duty, is not asked about.
- A judgement fact answered "not sure" is tried both ways; if the answers differ the verdict
  is "conditional", naming the fact and giving the answer for each value.
"""
from checker.facts import check_facts, offered, situation_of
from checker.quotes import quotes_for
from checker.verdicts import NOT_SURE, VERDICT_LABELS

NO, MAYBE, YES = 0, 1, 2      # three-valued (Kleene) logic: and = min, or = max, not = 2 - x
MAX_BRANCHES = 16
NOT_COVERED_ANSWER = "This order does not address that."


class RuleConflict(RuntimeError):
    """Two rules decide differently on the same facts: the rule data is wrong (the build and
    the fact-space tests should have caught it)."""


class _Evaluation:
    """Every rule's state for one situation, each NO, MAYBE or YES: fires (its conditions),
    own (fires and no lift of it fires), produces (own, and no exception of it applies on its
    own conditions: its outcome is the one used)."""

    def __init__(self, situation, book):
        self.book = book
        self.situation = situation
        self.read = {}
        rules = book.rules
        self.fires, self.blocking = [], []
        for rule in rules:
            fires, blocking = _conditions(rule, situation, self.read)
            self.fires.append(fires)
            self.blocking.append(blocking)
        fires = self.fires
        self.lifted = [max([fires[e] for e in lifts]) if lifts else NO for lifts in book.lifts]
        self.own = [min(f, YES - lifted) for f, lifted in zip(fires, self.lifted)]
        own = self.own
        self.displaced = [max([own[e] for e in found]) if found else NO
                          for found in book.displacers]
        self.produces = [min(o, YES - d) for o, d in zip(own, self.displaced)]
        self.question = self._next_question()

    def producing(self, role, certainty=YES):
        """Rules of role whose own outcome is used (YES) or might be (MAYBE), in file order;
        a lift is listed when it fires."""
        is_lift = self.book.is_lift
        return [i for i in self.book.by_role[role]
                if (self.fires[i] if is_lift[i] else self.produces[i]) == certainty]

    def verdicts(self, indexes):
        found = []
        for index in indexes:
            if self.book.rules[index]["verdict"] not in found:
                found.append(self.book.rules[index]["verdict"])
        return found

    def _next_question(self):
        rules = self.book.rules
        certain = self.verdicts(self.producing("verdict"))
        if len(certain) > 1:
            raise RuleConflict("rules " + ", ".join(rules[i]["id"] for i in self.producing(
                "verdict")) + " decide " + " and ".join(certain) + " on the same facts")
        wanted = []
        for index in self.producing("verdict", MAYBE):
            if certain != [rules[index]["verdict"]]:
                wanted += self._sources(index)
        if not certain:
            for index in self.producing("fallback", MAYBE):
                wanted += self._sources(index)
        for index in self.producing("provision", MAYBE):
            if rules[index]["duties"] and not self.book.is_lift[index]:
                wanted += self._sources(index)
        best = None
        for name in wanted:
            if best is None or self.book.fact_index[name] < self.book.fact_index[best]:
                best = name
        return best

    def _sources(self, index):
        """The missing facts that leave whether this rule's outcome is used undecided."""
        names = self._own_sources(index) if self.own[index] == MAYBE else []
        if self.displaced[index] == MAYBE:
            for e in self.book.displacers[index]:
                if self.own[e] == MAYBE:
                    names += self._own_sources(e)
        return names

    def _own_sources(self, index):
        names = [self.blocking[index]] if self.fires[index] == MAYBE else []
        if self.lifted[index] == MAYBE:
            names += [self.blocking[e] for e in self.book.lifts[index] if self.fires[e] == MAYBE]
        return names


def _conditions(rule, situation, read):
    """(YES | NO | MAYBE, first missing fact). Conditions are read in order; a missing fact is
    skipped so that a later condition that fails still settles the rule."""
    blocking = None
    for name, values in rule["when"]:
        if name not in situation:
            if blocking is None:
                blocking = name
            continue
        read[name] = True
        if situation[name] not in values:
            return NO, None
    return (MAYBE, blocking) if blocking else (YES, None)


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
    rules = book.rules
    chosen = ev.producing("verdict") or ev.producing("fallback")
    if len(ev.verdicts(chosen)) > 1:
        raise RuleConflict("rules " + ", ".join(rules[i]["id"] for i in chosen) + " decide "
                           + " and ".join(ev.verdicts(chosen)) + " on the same facts")
    return _answer_of(facts, [rules[i] for i in chosen],
                      [rules[i] for i in ev.producing("provision")], ev.situation, ev.read,
                      book, sections)


def _answer_of(facts, findings, provisions, situation, read, book, sections):
    """The complete determination of the rules whose outcomes are used."""
    live = findings + provisions
    result = _empty(facts, read, book)
    first = findings[0] if findings else None
    result.update({
        "complete": True,
        "verdict": first["verdict"] if first else "not_covered",
        "answer": first["answer"] if first else NOT_COVERED_ANSWER,
        "why": " ".join(rule["why"] for rule in findings),
        "rule": first["id"] if first else None,
        "exception": _first_label(findings),
        "findings": [_finding(rule, situation, book) for rule in findings],
        "provisions": [_finding(rule, situation, book) for rule in provisions],
        "conditions": _gathered(findings, "conditions"),
        "duties": _gathered(live, "duties"),
        "cites": _gathered(live, "sections"),
        "quotes": quotes_for(live, sections) if sections else [],
        "readings": _readings(live, book),
        "judgements": _judgements(live, situation, book),
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
    findings = _common(branches, ["verdict", "fallback"])
    if findings and all(_same(outcome, outcomes[0]) for outcome in outcomes):
        # the verdict and every duty are the same either way: that is the answer, on the
        # rules that apply whichever way the unsure fact goes
        return _answer_of(facts, findings, _common(branches, ["provision"]), situation, read,
                          book, sections)
    return _conditional(facts, unsure, branches, outcomes, read, book, sections)


def _common(branches, roles):
    """The rules whose outcome is used in every branch (the first role that has any)."""
    book = branches[0][1].book
    for role in roles:
        sets = [ev.producing(role) for _, ev in branches]
        common = [book.rules[i] for i in sets[0] if all(i in other for other in sets)]
        if common or role == roles[-1]:
            return common
    return []


def _concrete(name, book):
    return [value for value in book.values(name) if value != NOT_SURE]


def _combinations(choices):
    combos = [[]]
    for values in choices:
        combos = [combo + [value] for combo in combos for value in values]
    return combos[:MAX_BRANCHES]


def _same(one, other):
    return one["verdict"] == other["verdict"] and one["duties"] == other["duties"]


def _conditional(facts, unsure, branches, outcomes, read, book, sections):
    result = _empty(facts, read, book)
    live = []
    for _, ev in branches:
        used = ev.producing("verdict") or ev.producing("fallback")
        for index in used + ev.producing("provision"):
            if book.rules[index] not in live:
                live.append(book.rules[index])
    common = [p for p in outcomes[0]["provisions"]
              if all(p["rule"] in [q["rule"] for q in o["provisions"]] for o in outcomes)]
    result.update({
        "complete": True, "verdict": "conditional", "verdict_label": VERDICT_LABELS["conditional"],
        "answer": "Your answer to “" + "” and “".join(
            book.fact(name)["question"] for name in unsure) + "” decides it.",
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
            "options": [{"value": value, "label": book.label(name, value)}
                        for value in offered(name, facts, book)]}

