"""The decision helper's facts in the page URL: ?topic=carry&staff_type=sworn (shareable).

Plain portable Python (MicroPython has no urllib): reading a query never raises; whatever is
wrong with it comes back as sentences for the page, saying what is allowed. A query is
bounded before any work: a link longer than MAX_QUERY_CHARS or with more than MAX_PAIRS answers
is refused in one sentence (20,000 bad pairs used to make 14 MB of notice); each message repeats
at most SHOWN_CHARS of a name or value, and at most MAX_PROBLEMS messages are listed.
"""
from checker.facts import allowed_values

SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."
MAX_QUERY_CHARS = 4000   # a link with every question answered is under 1,000 characters
MAX_PAIRS = 60           # there are fewer questions than this
MAX_PROBLEMS = 8
SHOWN_CHARS = 40


def parse_query(query, book):
    """(facts, problems) from a query string without '?'. Any problem means: start afresh."""
    if len(query) > MAX_QUERY_CHARS:
        return {}, ["The link is " + str(len(query)) + " characters long; a helper link has at "
                    "most " + str(MAX_QUERY_CHARS) + "."]
    if query.count("&") >= MAX_PAIRS:
        return {}, ["The link has more than " + str(MAX_PAIRS) + " answers; a helper link has at "
                    "most " + str(MAX_PAIRS) + "."]
    pairs = [_split(pair) for pair in query.split("&") if pair]
    topic = _known_topic(pairs, book)
    facts, problems = {}, []
    for name, value in pairs:
        problem = _pair_problem(name, value, facts, topic, book, problems)
        if problem:
            problems.append(problem)
        else:
            facts[name] = value
    if len(problems) > MAX_PROBLEMS:
        problems = problems[:MAX_PROBLEMS] + ["… and " + str(len(problems) - MAX_PROBLEMS)
                                              + " more problems."]
    return ({} if problems else facts), problems


def _split(pair):
    name, _, value = pair.partition("=")
    return unquote(name), unquote(value)


def _known_topic(pairs, book):
    entry = book.entry["name"]
    for name, value in pairs:
        if name == entry and value in book.topic_by_value:
            return value
    return None


def _pair_problem(name, value, facts, topic, book, earlier):
    if name in facts:
        return "“" + shown(name) + "” is given twice; each question can have one answer."
    if name not in book.names():
        listed = any("is not a question this helper asks" in p for p in earlier)
        return ("“" + shown(name) + "” is not a question this helper asks (the link may be from "
                "an older version)." + ("" if listed else " " + _questions_allowed(topic, book)))
    if value not in allowed_values(name, book):
        return ("“" + shown(name) + "=" + shown(value) + "” is not an allowed answer to “"
                + book.question_of(name) + "”. Allowed: " + ", ".join(_options(name, book)) + ".")
    return None


def shown(text):
    """A name or value from the link, as a message repeats it (cut to SHOWN_CHARS)."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _questions_allowed(topic, book):
    """The fact names a link may carry: those its topic's rules may ask when it is known."""
    if topic is None:
        return "Questions it asks: " + ", ".join(book.names()) + "."
    wanted = [book.entry["name"]] + book.topic_facts(topic)
    return "Questions for this topic: " + ", ".join(n for n in book.names() if n in wanted) + "."


def _options(name, book):
    return [value + " (" + book.label(name, value) + ")" for value in allowed_values(name, book)]


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
