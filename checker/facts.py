"""Facts as people and programs give them: checked against a rulebook, merged with the
chosen topic's presets, read from JSON text within bounds.

Every message names what is allowed and never echoes more than a short piece of what was
given (a value of 100 MB is shown as its first characters and its length), so a page or a
terminal can always show it.
"""
import json

from checker.verdicts import NOT_SURE

MAX_FACTS_BYTES = 65536     # a full set of facts is well under 2 kB of JSON
MAX_FACTS_DEPTH = 8         # facts are a flat object; nothing real nests
MAX_PROBLEMS = 12           # messages listed before "… and N more"
SHOWN_CHARS = 40            # characters of a given name or value a message repeats


class FactError(ValueError):
    """Facts that cannot be used; .problems lists one bounded message per problem."""

    def __init__(self, problems):
        problems = list(problems)
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS] + ["… and " + str(rest) + " more problems"]
        self.problems = problems
        super().__init__("\n".join(self.problems))


def shown(value):
    """A given name or value as a message repeats it: JSON-like, cut to SHOWN_CHARS."""
    if isinstance(value, str):
        if len(value) > SHOWN_CHARS:
            return repr(value[:SHOWN_CHARS]) + "… (" + str(len(value)) + " characters)"
        return repr(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = str(value)
        return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
    return "a " + ("list" if isinstance(value, list) else "JSON object")


def fact_problems(facts, book):
    """Messages for unknown names, values not allowed and topic conflicts (sorted by name:
    MicroPython dicts have no order)."""
    if not isinstance(facts, dict):
        return ["facts must be a JSON object of fact names to values, e.g. {\""
                + book.entry["name"] + "\": \"" + book.values(book.entry["name"])[0] + "\"}"]
    problems = []
    for name in sorted(facts, key=str):
        problems += _problem(name, facts[name], book)
    return problems or _topic_problems(facts, book)


def _problem(name, value, book):
    if not isinstance(name, str) or name not in book.names():
        return ["unknown fact " + shown(name) + "; allowed facts: " + ", ".join(book.names())]
    allowed = allowed_values(name, book)
    if value not in allowed:
        return ["fact " + repr(name) + " cannot be " + shown(value) + "; allowed values: "
                + ", ".join(allowed)]
    return []


def allowed_values(name, book):
    """The values name may take, "not_sure" included for a judgement fact."""
    values = book.values(name)
    if name != book.entry["name"] and book.fact(name)["judgement"]:
        values = values + [NOT_SURE]
    return values


def _topic_problems(facts, book):
    topic = book.topic_by_value.get(facts.get(book.entry["name"]))
    if topic is None:
        return []
    problems = []
    for name, value in topic["sets"]:
        if name in facts and facts[name] != value:
            problems.append("topic " + repr(topic["value"]) + " means " + name + "=" + value
                            + ", but " + name + "=" + facts[name] + " was given")
    for name, values in topic["offers"]:
        if name in facts and facts[name] not in values:
            problems.append("topic " + repr(topic["value"]) + " asks " + name + " only as one "
                            "of: " + ", ".join(values) + "; " + facts[name] + " was given")
    return problems


def check_facts(facts, book):
    """Raise FactError listing every problem; return facts when all are usable."""
    problems = fact_problems(facts, book)
    if problems:
        raise FactError(problems)
    return facts


def situation_of(facts, book):
    """The facts with the chosen topic's presets filled in (the topic itself removed): what
    the rules read. The same situation reached from any topic is the same dict."""
    situation = {}
    for name in facts:
        if name != book.entry["name"]:
            situation[name] = facts[name]
    topic = book.topic_by_value.get(facts.get(book.entry["name"]))
    if topic is not None:
        for name, value in topic["sets"]:
            situation[name] = value
    return situation


def offered(name, facts, book):
    """The options to show for name: all its values, or those the chosen topic offers."""
    topic = book.topic_by_value.get(facts.get(book.entry["name"]))
    if topic is not None:
        for offered_name, values in topic["offers"]:
            if offered_name == name:
                return values
    return allowed_values(name, book)


def normalize_facts(facts, book):
    """Facts as a person or a script may type them, made exact: JSON true/false for a yes/no
    fact, and any letter case of an allowed value. Anything else is left for check_facts to
    refuse."""
    if not isinstance(facts, dict):
        return facts
    exact = {}
    for name in facts:
        value = facts[name]
        if isinstance(name, str) and name in book.names():
            value = _exact_value(value, allowed_values(name, book))
        exact[name] = value
    return exact


def _exact_value(value, allowed):
    if value is True and "yes" in allowed:
        return "yes"
    if value is False and "no" in allowed:
        return "no"
    if isinstance(value, str) and value not in allowed and len(value) <= 200:
        wanted = value.strip().lower()
        for candidate in allowed:
            if candidate.lower() == wanted:
                return candidate
    return value


def facts_from_json(text, max_bytes=MAX_FACTS_BYTES, max_depth=MAX_FACTS_DEPTH):
    """The facts object in JSON text, or FactError with one bounded message: too long,
    nested too deep (5,000 brackets would exhaust the parser's recursion) or not JSON."""
    if len(text) > max_bytes:
        raise FactError(["facts are " + str(len(text)) + " characters long; at most "
                         + str(max_bytes) + " are read (a full set of facts is under 2000)"])
    depth = nesting_depth(text)
    if depth > max_depth:
        raise FactError(["facts are nested " + str(depth) + " levels deep; at most "
                         + str(max_depth) + " are read (facts are one flat JSON object)"])
    try:
        return json.loads(text)
    except ValueError as exc:
        message = str(exc)
        raise FactError(["facts are not valid JSON (" + message[:120] + "); give an object "
                         "such as {\"topic\": \"carry\"}"])


def nesting_depth(text):
    """The deepest bracket nesting in JSON text, strings skipped (linear, no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in "]}":
            depth -= 1
    return deepest
