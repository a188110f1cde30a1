"""CPython only: an order's decision rules, read from the data files beside its source.

    policies/<slug>.facts.yaml   the questions: the entry topics and every fact with its
                                 wording and values (wording only; no logic)
    policies/<slug>.rules.yaml   the rules (conditions on facts, outcome, quotes, labelled
                                 exceptions) and the readings they rest on

load_rulebook(order) validates both with the line-aware loader (model.tools.yaml_source) and
returns the rulebook data (checker.Book's shape, shipped as data/checker/<slug>.json). Every
problem is a SourceError line `file:line: field: message`, and stops the build:
unknown facts or values, quotes not verbatim (model.quotes), exceptions to rules that do not
exist or that can never apply together, and two rules that can decide the same facts
differently with no exception between them (checker.tools.overlap).
"""
import os
import re
from typing import Any

from checker.tools import overlap
from checker.verdicts import NOT_SURE, VERDICTS
from model import quotes
from model.tools.orders import Order
from model.tools.yaml_source import (Located, Problem, SourceError, check_keys, raise_problems,
                                     read_source)

READINGS_PAGE_URL = "helper/readings/"   # site-relative: the page "How the helper reads the order"
ROLES = ("verdict", "provision", "fallback")
RULE_VERDICTS = tuple(v for v in VERDICTS if v != "conditional")  # conditional is the engine's
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
YES_NO = {"yes": "Yes", "no": "No"}

FACTS_KEYS = ("entry", "facts")
ENTRY_KEYS = ("name", "stands_for", "question", "meaning", "topics")
TOPIC_KEYS = ("value", "label", "sets", "offers")
FACT_KEYS = ("name", "question", "meaning", "judgement", "values")
RULES_KEYS = ("readings", "rules")
READING_KEYS = ("id", "title", "quotes", "reading")
RULE_KEYS = ("id", "role", "sections", "when", "exception_to", "label", "verdict", "answer",
             "why", "quotes", "conditions", "duties", "readings")
QUOTE_KEYS = ("section", "text")


def rules_paths(order: Order) -> tuple[str, str]:
    """(facts file, rules file) of an order: beside its source, named after its slug."""
    folder = os.path.dirname(order.path)
    return (os.path.join(folder, f"{order.slug}.facts.yaml"),
            os.path.join(folder, f"{order.slug}.rules.yaml"))


def has_rules(order: Order) -> bool:
    return os.path.exists(rules_paths(order)[1])


def load_rulebook(order: Order) -> dict[str, Any]:
    """The validated rulebook data of order (SourceError: file:line: field: message)."""
    facts_path, rules_path = rules_paths(order)
    if not os.path.exists(facts_path):
        raise SourceError([f"{rules_path}:1: (file): the rules need their questions in "
                           f"{os.path.basename(facts_path)} beside them"])
    facts_src = read_source(facts_path)
    raise_problems(facts_src, _facts_problems(facts_src.data))
    vocabulary = _vocabulary(facts_src.data)
    rules_src = read_source(rules_path)
    stands_for = facts_src.data["entry"]["stands_for"]
    raise_problems(rules_src, _rules_problems(rules_src.data, vocabulary, stands_for, order.data))
    data = _rulebook(order.slug, facts_src.data, rules_src.data, vocabulary)
    raise_problems(rules_src, _overlap_problems(data, rules_src))
    raise_problems(facts_src, _unread_facts(facts_src.data, data))
    return data


def _overlap_problems(data: dict[str, Any], located: Located) -> list[Problem]:
    return [(("rules", index), f"{message} (the other rule is at line "
                               f"{located.line(('rules', other))})")
            for index, other, message in overlap.conflicts(data)]


# --- the questions ---------------------------------------------------------------------------

def _facts_problems(doc: Any) -> list[Problem]:
    if not isinstance(doc, dict):
        return [((), "must be a mapping with entry and facts")]
    problems = check_keys(doc, (), FACTS_KEYS, FACTS_KEYS)
    facts = doc.get("facts")
    if not isinstance(facts, list):
        return problems + [(("facts",), "must be a list of facts")]
    names: list[Any] = []
    for index, fact in enumerate(facts):
        path = ("facts", index)
        if not isinstance(fact, dict):
            problems.append((path, "must be a mapping with " + ", ".join(FACT_KEYS)))
            continue
        problems += check_keys(fact, path, FACT_KEYS, ("name", "question", "meaning", "values"))
        problems += _name_problems(fact.get("name"), path + ("name",), names)
        problems += _texts(fact, path, ("question", "meaning", "judgement"))
        problems += _values_problems(fact.get("values"), path + ("values",))
        names.append(fact.get("name"))
    if isinstance(doc.get("entry"), dict):
        problems += _entry_problems(doc["entry"], _vocabulary(doc))
    return problems


def _name_problems(name: Any, path: tuple, taken: list) -> list[Problem]:
    if not isinstance(name, str) or not NAME_RE.match(name):
        return [(path, "a name is lower-case letters, digits and _ (e.g. duty_status)")]
    if name in taken:
        return [(path, f"fact {name!r} is defined twice")]
    return []


def _values_problems(values: Any, path: tuple) -> list[Problem]:
    if values == "yes_no":
        return []
    if not isinstance(values, dict) or len(values) < 2:
        return [(path, "must be `yes_no` or a mapping of at least two values to their labels "
                       "(value: label)")]
    problems = []
    for value, label in values.items():
        if not isinstance(value, str) or not NAME_RE.match(value) or value == NOT_SURE:
            problems.append((path + (str(value),), "a value is lower-case letters, digits and _ "
                             f"(not {NOT_SURE!r}, which the helper adds to judgement facts); "
                             "for yes/no write `values: yes_no`"))
        if not isinstance(label, str) or not label.strip():
            problems.append((path + (str(value),), "each value needs a label (what people read)"))
    return problems


def _vocabulary(doc: Any) -> dict[str, list[str]]:
    """{fact name: allowed values} of a facts document (what is well formed of it)."""
    vocabulary = {}
    for fact in doc.get("facts") or []:
        if isinstance(fact, dict) and isinstance(fact.get("name"), str):
            values = fact.get("values")
            if values == "yes_no":
                vocabulary[fact["name"]] = list(YES_NO)
            elif isinstance(values, dict):
                vocabulary[fact["name"]] = [str(v) for v in values]
    return vocabulary


def _entry_problems(entry: dict, vocabulary: dict[str, list[str]]) -> list[Problem]:
    path: tuple = ("entry",)
    problems = check_keys(entry, path, ENTRY_KEYS, ENTRY_KEYS)
    problems += _texts(entry, path, ("question", "meaning"))
    if entry.get("name") in vocabulary:
        problems.append((path + ("name",), "the entry question needs its own name, not a fact's"))
    stands_for = entry.get("stands_for")
    if stands_for not in vocabulary:
        problems.append((path + ("stands_for",), "must name the fact every topic sets (e.g. "
                                                 "activity)"))
    topics = entry.get("topics")
    if not isinstance(topics, list) or not topics:
        return problems + [(path + ("topics",), "must be a list of topics")]
    seen: list = []
    for index, topic in enumerate(topics):
        tpath = path + ("topics", index)
        if not isinstance(topic, dict):
            problems.append((tpath, "must be a mapping with " + ", ".join(TOPIC_KEYS)))
            continue
        problems += check_keys(topic, tpath, TOPIC_KEYS, ("value", "label", "sets"))
        problems += _texts(topic, tpath, ("label",))
        if topic.get("value") in seen or not isinstance(topic.get("value"), str):
            problems.append((tpath + ("value",), "each topic needs its own value"))
        seen.append(topic.get("value"))
        sets = topic.get("sets")
        if not isinstance(sets, dict) or stands_for not in sets:
            problems.append((tpath + ("sets",), f"must be a mapping that sets {stands_for}"))
        else:
            problems += _condition_problems(sets, tpath + ("sets",), vocabulary, single=True)
        if topic.get("offers") is not None:
            problems += _condition_problems(topic["offers"], tpath + ("offers",), vocabulary)
    return problems


def _texts(mapping: dict, path: tuple, keys: tuple[Any, ...]) -> list[Problem]:
    """Text fields are plain one-paragraph text: no control characters (they reach pages and
    terminals)."""
    problems = []
    for key in keys:
        value = mapping.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append((path + (key,), "must be text"))
        elif CONTROL_RE.search(value.rstrip("\n")):
            problems.append((path + (key,), "must be one paragraph of plain text (no line breaks "
                                            "or control characters; use > for folded text)"))
    return problems


def _condition_problems(mapping: Any, path: tuple, vocabulary: dict[str, list[str]],
                        single: bool = False) -> list[Problem]:
    if not isinstance(mapping, dict) or not mapping:
        return [(path, "must be a mapping of facts to values")]
    problems = []
    for name, values in mapping.items():
        if name not in vocabulary:
            problems.append((path + (str(name),), f"unknown fact {name!r}; facts: "
                                                  + ", ".join(vocabulary)))
            continue
        listed = values if isinstance(values, list) and not single else [values]
        for value in listed:
            value = _yes_no(value)
            if value not in vocabulary[name]:
                problems.append((path + (name,), f"{name} cannot be {value!r}; allowed: "
                                                 + ", ".join(vocabulary[name])))
        if not listed:
            problems.append((path + (name,), "needs at least one value"))
    return problems


def _yes_no(value: Any) -> Any:
    """YAML reads an unquoted yes/no as true/false: take it as the fact's "yes"/"no"."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


# --- the rules ---------------------------------------------------------------------------------

def _rules_problems(doc: Any, vocabulary: dict[str, list[str]], stands_for: str,
                    order: dict[str, Any]) -> list[Problem]:
    if not isinstance(doc, dict):
        return [((), "must be a mapping with readings and rules")]
    problems = check_keys(doc, (), RULES_KEYS, ("rules",))
    sections = order["sections"]
    readings = doc.get("readings") or []
    reading_ids = [r.get("id") for r in readings if isinstance(r, dict)]
    for index, reading in enumerate(readings):
        problems += _reading_problems(reading, ("readings", index), sections, reading_ids[:index])
    rules = doc.get("rules")
    if not isinstance(rules, list) or not rules:
        return problems + [(("rules",), "must be a list of rules")]
    ids = [r.get("id") for r in rules if isinstance(r, dict)]
    for index, rule in enumerate(rules):
        problems += _rule_problems(rule, ("rules", index), vocabulary, sections, ids,
                                   reading_ids, ids[:index])
        if isinstance(rule, dict) and isinstance(rule.get("when"), dict) \
                and stands_for not in rule["when"]:
            problems.append((("rules", index, "when"), f"every rule names the {stands_for} it "
                             f"answers (the fact the entry topics set): add {stands_for} first"))
    problems += _cycle_problems(rules)
    used = {rid for r in rules if isinstance(r, dict) for rid in r.get("readings") or []}
    for index, reading in enumerate(readings):
        if isinstance(reading, dict) and reading.get("id") not in used:
            problems.append((("readings", index, "id"), "no rule links this reading: link it "
                             "from the answers that rest on it (a rule's readings)"))
    return problems


def _reading_problems(reading: Any, path: tuple, sections: dict, taken: list) -> list[Problem]:
    if not isinstance(reading, dict):
        return [(path, "must be a mapping with " + ", ".join(READING_KEYS))]
    problems = check_keys(reading, path, READING_KEYS, READING_KEYS)
    if not isinstance(reading.get("id"), str) or not ID_RE.match(reading["id"]):
        problems.append((path + ("id",), "an id is lower-case letters, digits, '.', '_', '-'"))
    elif reading["id"] in taken:
        problems.append((path + ("id",), f"reading {reading['id']!r} is defined twice"))
    problems += _texts(reading, path, ("title", "reading"))
    return problems + _quotes_problems(reading.get("quotes"), path + ("quotes",), sections, None,
                                       f"reading {reading.get('id')}")


def _rule_problems(rule: Any, path: tuple, vocabulary: dict[str, list[str]], sections: dict,
                   ids: list, reading_ids: list, taken: list) -> list[Problem]:
    if not isinstance(rule, dict):
        return [(path, "must be a mapping with " + ", ".join(RULE_KEYS))]
    problems = check_keys(rule, path, RULE_KEYS, ("id", "when", "verdict", "answer",
                                                  "why"))
    rule_id = rule.get("id")
    if not isinstance(rule_id, str) or not ID_RE.match(rule_id):
        problems.append((path + ("id",), "an id is lower-case letters, digits, '.', '_', '-' "
                                         "(e.g. carry.sworn.on-duty); keep it stable"))
    elif rule_id in taken:
        problems.append((path + ("id",), f"rule {rule_id!r} is defined twice"))
    if rule.get("role", "verdict") not in ROLES:
        problems.append((path + ("role",), "must be one of " + ", ".join(ROLES)))
    if rule.get("verdict") not in RULE_VERDICTS:
        problems.append((path + ("verdict",), "must be one of " + ", ".join(RULE_VERDICTS)))
    problems += _texts(rule, path, ("answer", "why", "label"))
    problems += _condition_problems(rule.get("when"), path + ("when",), vocabulary)
    problems += _section_problems(rule.get("sections"), path + ("sections",), sections,
                                  rule.get("verdict") == "not_covered")
    cited = rule.get("sections") if isinstance(rule.get("sections"), list) else []
    problems += _quotes_problems(rule.get("quotes") or [], path + ("quotes",), sections, cited,
                                 f"rule {rule_id}")
    for key in ("conditions", "duties"):
        problems += _sentences(rule.get(key) or [], path + (key,))
    for index, rid in enumerate(rule.get("readings") or []):
        if rid not in reading_ids:
            problems.append((path + ("readings", index), f"no reading {rid!r}; readings: "
                             + ", ".join(str(r) for r in reading_ids)))
    return problems + _exception_problems(rule, path, ids)


def _sentences(items: Any, path: tuple) -> list[Problem]:
    """A list of whole sentences (each ends with a full stop: in a YAML flow list [a, b] an
    unquoted comma splits a sentence in two, and this catches it)."""
    if not isinstance(items, list):
        return [(path, "must be a list of sentences")]
    problems = _texts(dict(enumerate(items)), path, tuple(range(len(items))))
    return problems + [(path + (index,), "each item is a sentence ending with a full stop "
                        "(quote it if it contains a comma)")
                       for index, item in enumerate(items)
                       if isinstance(item, str) and not item.rstrip().endswith(".")]


def _section_problems(cited: Any, path: tuple, sections: dict, may_be_empty: bool) -> list[Problem]:
    if not isinstance(cited, list) or not (cited or may_be_empty):
        return [(path, "must list the ids of the sections the rule implements (only a "
                       "not_covered rule may cite none)")]
    return [(path + (index,), quotes.problem(sections, sid, None))
            for index, sid in enumerate(cited) if quotes.problem(sections, sid, None)]


def _quotes_problems(items: Any, path: tuple, sections: dict, cited: list | None,
                     owner: str) -> list[Problem]:
    """owner ("rule <id>"): named in a quote's problem, so a revised text fails the build on
    the rule and the section, not on an index."""
    if not isinstance(items, list):
        return [(path, "must be a list of {section, text}")]
    problems = []
    for index, item in enumerate(items):
        ipath = path + (index,)
        if not isinstance(item, dict):
            problems.append((ipath, "must be a mapping with section and text"))
            continue
        problems += check_keys(item, ipath, QUOTE_KEYS, ("section",))
        section_id = item.get("section")
        if cited is not None and section_id not in cited:
            problems.append((ipath + ("section",), f"quotes {section_id}, which the rule's "
                                                   "sections do not list"))
            continue
        message = quotes.problem(sections, section_id, item.get("text"))
        if message:
            problems.append((ipath + ("text",), f"{owner}: {message}"))
    return problems


def _exception_problems(rule: dict, path: tuple, ids: list) -> list[Problem]:
    bases = _bases(rule)
    problems = []
    for base in bases:
        if base not in ids:
            problems.append((path + ("exception_to",), f"no rule {base!r} to be an exception to"))
        elif base == rule.get("id"):
            problems.append((path + ("exception_to",), "a rule cannot be an exception to itself"))
    if bases and not rule.get("label"):
        problems.append((path + ("label",), "an exception needs a label: its name as people "
                                            "will read it beside the answer"))
    if rule.get("label") and not bases:
        problems.append((path + ("label",), "only an exception has a label (add exception_to)"))
    return problems


def _bases(rule: dict) -> list:
    bases = rule.get("exception_to") or []
    return [bases] if isinstance(bases, str) else list(bases)


def _cycle_problems(rules: list) -> list[Problem]:
    graph = {r.get("id"): _bases(r) for r in rules if isinstance(r, dict)}
    problems = []
    for index, rule in enumerate(rules):
        if isinstance(rule, dict) and _reaches(graph, rule.get("id"), rule.get("id")):
            problems.append((("rules", index, "exception_to"), "exceptions go round in a circle "
                             "through this rule; an exception must rank above its rule"))
    return problems


def _reaches(graph: dict, start: Any, target: Any) -> bool:
    seen, todo = set(), list(graph.get(start, []))
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            todo += graph.get(node, [])
    return False


# --- the rulebook data ---------------------------------------------------------------------------

def _rulebook(slug: str, facts_doc: dict, rules_doc: dict,
              vocabulary: dict[str, list[str]]) -> dict[str, Any]:
    entry = facts_doc["entry"]
    return {
        "order": slug,
        "entry": {"name": entry["name"], "stands_for": entry["stands_for"],
                  "question": _text(entry["question"]), "meaning": _text(entry["meaning"]),
                  "topics": [_topic(t) for t in entry["topics"]]},
        "facts": [_fact(f) for f in facts_doc["facts"]],
        "rules": [_rule(r) for r in rules_doc["rules"]],
        "readings": [{"id": r["id"], "title": _text(r["title"]),
                      "url": f"{READINGS_PAGE_URL}#{reading_anchor(slug, r['id'])}"}
                     for r in rules_doc.get("readings") or []],
    }


def reading_anchor(slug: str, reading_id: str) -> str:
    """The anchor of a reading on the readings page (stable: links in answers point to it)."""
    return f"{slug}-{reading_id}".replace(".", "-")


def _text(value: str) -> str:
    return " ".join(value.split())


def _topic(topic: dict) -> dict[str, Any]:
    return {"value": topic["value"], "label": _text(topic["label"]),
            "sets": [[n, _yes_no(v)] for n, v in topic["sets"].items()],
            "offers": [[n, [_yes_no(v) for v in _listed(vs)]]
                       for n, vs in (topic.get("offers") or {}).items()]}


def _listed(values: Any) -> list:
    return values if isinstance(values, list) else [values]


def _fact(fact: dict) -> dict[str, Any]:
    values = YES_NO if fact["values"] == "yes_no" else fact["values"]
    return {"name": fact["name"], "question": _text(fact["question"]),
            "meaning": _text(fact["meaning"]),
            "judgement": _text(fact["judgement"]) if fact.get("judgement") else None,
            "values": [{"value": v, "label": _text(label)} for v, label in values.items()]}


def _rule(rule: dict) -> dict[str, Any]:
    return {
        "id": rule["id"], "role": rule.get("role", "verdict"), "sections": list(rule["sections"]),
        "when": [[n, [_yes_no(v) for v in _listed(vs)]] for n, vs in rule["when"].items()],
        "exception_to": _bases(rule), "label": _text(rule["label"]) if rule.get("label") else None,
        "verdict": rule["verdict"], "answer": _text(rule["answer"]), "why": _text(rule["why"]),
        "quotes": [[q["section"], q.get("text")] for q in rule.get("quotes") or []],
        "conditions": [_text(c) for c in rule.get("conditions") or []],
        "duties": [_text(d) for d in rule.get("duties") or []],
        "readings": list(rule.get("readings") or []),
    }


def _unread_facts(facts_doc: dict, data: dict[str, Any]) -> list[Problem]:
    """Every fact must be read by some rule: a question no rule needs is never asked."""
    read = {name for rule in data["rules"] for name, _ in rule["when"]}
    return [(("facts", index, "name"), f"no rule reads {fact['name']!r}; remove it or use it "
                                       "in a rule's conditions")
            for index, fact in enumerate(facts_doc["facts"]) if fact["name"] not in read]
