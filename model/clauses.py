"""Normative clauses of an order: its text cut into sentences and list items, each with a
stable id, and the ones that carry a duty, a permission or a prohibition marked.

Portable (CPython and MicroPython: no regular expressions beyond what both have, no dict
order relied on). Text is the order model's plain text as the page shows it
(`sections[id]["paragraphs"]`, list items as "1. …"); a clause is a slice of one paragraph,
so its text is always verbatim.

    split_sentences(text) -> [(start, end)]    sentence spans in a paragraph
    deontic_word(text) -> word or None         the short rule: what makes a sentence normative
    section_clauses(section) -> [clause]       every clause of a section, in order
    footnote_clauses(footnote) -> [clause]     the same for a footnote's text
    clauses_covered(paragraphs, clauses, text) -> [id]   the clauses an excerpt covers

Clause ids: the section id, a dot and the clause's place in the section counting every
sentence and list item (normative or not), so marking a sentence never renumbers others:
"C-3.2". Footnotes: "fn2.1". Each clause carries the digest of its text, so a later version
can tell which clauses changed.

The rule (`deontic_word`): a sentence is normative when it uses one of DEONTIC_WORDS as a
word ("shall", "shall not", "must", "may", "prohibited"…). A list item is normative when its
own words are, or when the paragraph that introduces the list is (an exception to a duty, an
example of a prohibited act, a field a record must hold belongs to that duty). Everything
else is not. Where this short rule misreads a sentence, the order's companion file
`<slug>.clauses.yaml` overrides it, with a reason (model.tools.clause_notes).
"""
from model.canonical import sha256_hex

# A sentence carrying one of these words (as a whole word, any case) is normative.
DEONTIC_WORDS = ("shall", "must", "may", "prohibited", "prohibits", "prohibit")
# Abbreviations that never end a sentence, however the next word is written.
NEVER_FINAL = ("e.g.", "i.e.", "cf.", "vs.", "viz.", "no.", "nos.", "approx.", "dept.",
               "mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "lt.", "sgt.", "capt.")
CLOSERS = ")]\"'”’"        # may follow a sentence's final stop: 'policy.” Next'
OPENERS = "([\"'“‘"        # may precede a sentence's first letter
DIGEST_CHARS = 16


def split_sentences(text):
    """[(start, end)] of the sentences of a paragraph, stripped of surrounding spaces.

    A sentence ends at ".", "?" or "!" (with any closing quotes or brackets after it) that is
    followed by a space and then a capital letter or a digit, possibly after an opening quote
    or bracket — except after an abbreviation that never ends a sentence ("e.g.", "i.e.")
    or an initial or dotted acronym ("N.", "U.S."; so a sentence ending in one runs on into
    the next). "etc." ends a sentence only where the next word is capitalised.
    A colon never ends a sentence: the list it introduces is cut into clauses of its own.
    """
    spans = []
    start = _skip_spaces(text, 0)
    i = start
    while i < len(text):
        end = _sentence_end(text, i)
        if end is None:
            i += 1
            continue
        spans.append((start, end))
        start = _skip_spaces(text, end)
        i = start
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def _skip_spaces(text, i):
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _sentence_end(text, i):
    """The end (exclusive) of the sentence whose final stop is at i, or None."""
    if text[i] not in ".?!":
        return None
    end = i + 1
    while end < len(text) and text[end] in CLOSERS:
        end += 1
    if end >= len(text) or not text[end].isspace():
        return None
    nxt = _skip_spaces(text, end)
    while nxt < len(text) and text[nxt] in OPENERS:
        nxt += 1
    if nxt >= len(text) or not (text[nxt].isupper() or text[nxt].isdigit()):
        return None
    if text[i] == "." and _is_abbreviation(text, i):
        return None
    return end


def _is_abbreviation(text, i):
    """Whether the "." at i closes an abbreviation or an initial rather than a sentence."""
    word_start = i
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in OPENERS:
        word_start -= 1
    word = text[word_start:i + 1].lower()
    if word in NEVER_FINAL:
        return True
    # "N." in "John N. Smith", "U.S." in "the U.S. Department": one letter before each dot
    return all(len(part) == 1 and part.isalpha() for part in word[:-1].split("."))


def deontic_word(text):
    """The first word of DEONTIC_WORDS the text uses (lower case), or None."""
    words = _words(text.lower())
    for word in words:
        if word in DEONTIC_WORDS:
            if word == "shall" and _followed_by_not(words, word):
                return "shall not"
            return word
    return None


def _words(text):
    words, current = [], []
    for char in text:
        if char.isalpha():
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _followed_by_not(words, word):
    at = words.index(word)
    return at + 1 < len(words) and words[at + 1] == "not"


def text_digest(text):
    """The digest of a clause's text: changes exactly when a word of it does."""
    return sha256_hex(text)[:DIGEST_CHARS]


def is_list_item(paragraph):
    """True for a list item as the model writes it: "3. text"."""
    number, dot, rest = paragraph.partition(". ")
    return bool(dot) and number.isdigit() and bool(rest)


def section_clauses(section):
    """Every clause of a section (model data: {id, paragraphs, ...}), in document order.

    Each clause: {id, section, paragraph (index into paragraphs), start, end, text, kind
    ("sentence" or "item"), word (the deontic word found, or None), normative (the short
    rule's answer), reading (why, in words), digest (of the text)}."""
    return _clauses(section["id"], section["id"], section["paragraphs"])


def footnote_clauses(footnote):
    """The clauses of a footnote ({id, text}); ids "fn2.1", section None."""
    return _clauses("fn" + str(footnote["id"]), None, [footnote["text"]])


def _reading(word, inherits):
    """Why the short rule reads a clause as it does, in words for the matrix page."""
    if word:
        return "the rule: it says “" + word + "”"
    if inherits:
        return "the rule: an item of a list introduced by a normative sentence"
    return "the rule: no word of duty, permission or prohibition"


def _clauses(prefix, section_id, paragraphs):
    clauses = []
    lead_normative = False
    for index, paragraph in enumerate(paragraphs):
        if is_list_item(paragraph):
            spans, kind = [(0, len(paragraph))], "item"
        else:
            spans, kind = split_sentences(paragraph), "sentence"
        own = []
        for start, end in spans:
            text = paragraph[start:end]
            word = deontic_word(text)
            inherits = word is None and kind == "item" and lead_normative
            clauses.append({
                "id": prefix + "." + str(len(clauses) + 1), "section": section_id,
                "paragraph": index, "start": start, "end": end, "text": text, "kind": kind,
                "word": word, "normative": word is not None or inherits,
                "reading": _reading(word, inherits), "digest": text_digest(text)})
            own.append(word is not None)
        if kind == "sentence":
            lead_normative = True in own
    return clauses


def clauses_covered(paragraphs, clauses, text):
    """The ids of the clauses of one section (or footnote) that an excerpt covers: every
    clause it shares a character with, wherever in paragraphs it is verbatim. text None
    quotes the whole section and covers every clause; [] when it is verbatim nowhere."""
    if text is None:
        return [clause["id"] for clause in clauses]
    covered = []
    for index, paragraph in enumerate(paragraphs):
        at = paragraph.find(text) if text else -1
        while at >= 0:
            for clause in clauses:
                if (clause["paragraph"] == index and clause["start"] < at + len(text)
                        and at < clause["end"] and clause["id"] not in covered):
                    covered.append(clause["id"])
            at = paragraph.find(text, at + 1)
    return covered
