"""The decision helper's facts in the page URL: ?topic=carry&staff_type=sworn (shareable).

Plain portable Python (MicroPython has no urllib): reading a query never raises; whatever is
wrong with it comes back as sentences for the page, saying what is allowed.
"""
import checker

SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."


def parse_query(query):
    """(facts, problems) from a query string without '?'. Any problem means: start afresh."""
    pairs = [_split(pair) for pair in query.split("&") if pair]
    topic = _known_topic(pairs)
    facts, problems = {}, []
    for name, value in pairs:
        problem = _pair_problem(name, value, facts, topic)
        if problem:
            problems.append(problem)
        else:
            facts[name] = value
    return ({} if problems else facts), problems


def _split(pair):
    name, _, value = pair.partition("=")
    return unquote(name), unquote(value)


def _known_topic(pairs):
    for name, value in pairs:
        if name == "topic" and value in checker.allowed_values("topic"):
            return value
    return None


def _pair_problem(name, value, facts, topic):
    if name in facts:
        return "“" + name + "” is given twice; each question can have one answer."
    try:
        entry = checker.fact(name)
    except KeyError:
        return ("“" + name + "” is not a question this helper asks (the link may be from an "
                "older version). " + _questions_allowed(topic))
    if value not in checker.allowed_values(name):
        return ("“" + name + "=" + value + "” is not an allowed answer to “" + entry["question"]
                + "”. Allowed: " + ", ".join(_options(entry)) + ".")
    return None


def _questions_allowed(topic):
    """The fact names a link may carry: those of its topic when the topic is known."""
    names = [entry["name"] for entry in checker.FACTS]
    if topic is None:
        return "Questions it asks: " + ", ".join(names) + "."
    wanted = ["topic"] + checker.topic_facts(topic)
    return "Questions for this topic: " + ", ".join(n for n in names if n in wanted) + "."


def _options(entry):
    return [option["value"] + " (" + option["label"] + ")" for option in entry["values"]]


def unquote(text):
    """Percent-decoding as browsers write query strings ('+' is a space); bad escapes stay."""
    raw = text.replace("+", " ").encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i] == 37 and _is_hex(raw[i + 1:i + 3]):  # 37 is "%"
            out.append(int(raw[i + 1:i + 3].decode(), 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    try:
        return bytes(out).decode("utf-8")
    except UnicodeError:  # not UTF-8 after all: show it as it came, the check will refuse it
        return text


def _is_hex(pair):
    return len(pair) == 2 and all(chr(b) in "0123456789abcdefABCDEF" for b in pair)


def quote(text):
    out = []
    for char in text:
        if char in SAFE:
            out.append(char)
        else:
            out += ["%%%02X" % b for b in char.encode("utf-8")]
    return "".join(out)


def build_query(facts, order):
    """The query for facts, in the given order of fact names (the order they were asked), so
    the same answers always give the same link."""
    return "&".join(quote(name) + "=" + quote(facts[name]) for name in order if name in facts)
