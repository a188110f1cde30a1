"""A rulebook: one order's facts, entry topics, rules and readings, indexed for the engine.

The data is what checker/tools/rules_source.py builds from `<slug>.facts.yaml` and
`<slug>.rules.yaml` (validated) and what the site ships as data/checker/<slug>.json:

    order     the order's slug
    entry     {name, question, meaning, stands_for, topics: [{value, label, sets: [[fact, value]],
              offers: [[fact, [values]]]}]}: the quick-entry question ("What do you want to
              check?"); each topic sets facts (always the fact it stands for) and may narrow
              the options shown for others. Rules never read the topic, only facts.
    facts     [{name, question, meaning, judgement, values: [{value, label}]}], in the order
              they are asked; a judgement fact (a call the order leaves to people) also takes
              "not_sure".
    rules     [{id, role, sections, when: [[fact, [values]]], exception_to: [ids], label,
              verdict, answer, why, quotes: [[section, excerpt or None]], conditions, duties,
              readings: [ids]}]; role is "verdict" (decides the answer to the question
              asked), "provision" (listed beside it) or "fallback" (decides only when no
              verdict rule does).
    readings  [{id, title, url}]: how the helper reads a passage the order leaves open.

Portable: plain classes and lists (MicroPython dicts do not keep order).
"""
from checker.verdicts import NOT_SURE, NOT_SURE_LABEL


class Book:
    def __init__(self, data):
        self.order = data["order"]
        self.entry = data["entry"]
        self.facts = data["facts"]
        self.rules = data["rules"]
        self.readings = data["readings"]
        self.fact_by_name = {}
        self.fact_index = {}
        for index, entry in enumerate(self.facts):
            self.fact_by_name[entry["name"]] = entry
            self.fact_index[entry["name"]] = index
        self.topic_by_value = {}
        for topic in self.entry["topics"]:
            self.topic_by_value[topic["value"]] = topic
        self.reading_by_id = {}
        for reading in self.readings:
            self.reading_by_id[reading["id"]] = reading
        self.rule_index = {}
        for index, rule in enumerate(self.rules):
            self.rule_index[rule["id"]] = index
        self.bases = [[self.rule_index[base] for base in rule["exception_to"]]
                      for rule in self.rules]
        self.exceptions = [[] for _ in self.rules]
        for index, bases in enumerate(self.bases):
            for base in bases:
                self.exceptions[base].append(index)
        # a provision that is an exception only lifts its rule (a ban's "unless …" clause)
        self.is_lift = [rule["role"] == "provision" and bool(rule["exception_to"])
                        for rule in self.rules]
        self.lifts = [[e for e in found if self.is_lift[e]] for found in self.exceptions]
        self.displacers = [[e for e in found if not self.is_lift[e]] for found in self.exceptions]
        self.by_role = {"verdict": [], "provision": [], "fallback": []}
        for index, rule in enumerate(self.rules):
            self.by_role[rule["role"]].append(index)

    def fact(self, name):
        """The vocabulary entry of a fact (KeyError if there is none)."""
        return self.fact_by_name[name]

    def values(self, name):
        """The values a fact (or the entry question) may take."""
        if name == self.entry["name"]:
            return [topic["value"] for topic in self.entry["topics"]]
        return [option["value"] for option in self.fact_by_name[name]["values"]]

    def label(self, name, value):
        """The wording of an answer, for people."""
        if name == self.entry["name"]:
            topic = self.topic_by_value.get(value)
            return topic["label"] if topic else value
        for option in self.fact_by_name[name]["values"]:
            if option["value"] == value:
                return option["label"]
        return NOT_SURE_LABEL if value == NOT_SURE else value

    def question_of(self, name):
        if name == self.entry["name"]:
            return self.entry["question"]
        return self.fact_by_name[name]["question"]

    def topic_facts(self, topic):
        """The facts a topic may ask: those read by the rules whose conditions agree with what
        the topic sets (less what it sets), in vocabulary order."""
        sets = self.topic_by_value[topic]["sets"]
        wanted = {}
        for rule in self.rules:
            if all(value in values for name, values in rule["when"]
                   for set_name, value in sets if name == set_name):
                for name, _ in rule["when"]:
                    wanted[name] = True
        preset = [name for name, _ in sets]
        return [entry["name"] for entry in self.facts
                if entry["name"] in wanted and entry["name"] not in preset]

    def names(self):
        """Every name a fact dict may use: the entry question first, then the facts."""
        return [self.entry["name"]] + [entry["name"] for entry in self.facts]

