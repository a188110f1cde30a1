"""Quoting an order: a passage is cited by section id and a verbatim excerpt, nothing else.

The one place where Policy Desk checks and shows quotes: the build proves every excerpt a
helper rule or a quiz question quotes (problem() names where a mistyped quote leaves the
policy), and the pages show them with "…" where the excerpt leaves its paragraph
(display()). `sections` is an order's model data, {id: {heading, url, paragraphs, ...}}; list
items appear in `paragraphs` as "1. text", and an excerpt may be any substring of one
paragraph (None quotes the whole section).
"""


def found(sections, section_id, text):
    """True when text (None: the whole section) is verbatim in one paragraph of the section."""
    section = sections.get(section_id)
    if section is None:
        return False
    return text is None or any(text in paragraph for paragraph in section["paragraphs"])


def problem(sections, section_id, text):
    """Why the quote cannot be shown, for an author to fix; None when it is verbatim."""
    if section_id not in sections:
        return ("cites section " + str(section_id) + ", which the order does not have ("
                + ", ".join(sorted(sections)) + ")")
    if text is None or found(sections, section_id, text):
        return None
    if not isinstance(text, str) or not text.strip():
        return "the quoted text must be non-empty text"
    return "quote is not verbatim from " + section_id + ": " + _mismatch(
        text, sections[section_id]["paragraphs"])


def _mismatch(text, paragraphs):
    """Where the quote leaves the policy text, so an author can spot a curly quote or typo."""
    best = 0
    for paragraph in paragraphs:
        while best < len(text) and text[:best + 1] in paragraph:
            best += 1
    if best == 0:
        return "no paragraph contains its start " + repr(text[:30])
    return ("it matches the policy up to " + repr(text[max(0, best - 25):best])
            + " and then differs at " + repr(text[best:best + 20]))


def quoted(sections, section_id, excerpts):
    """{id, heading, url, whole, excerpts} of one cited section for a page or a record.

    excerpts: the texts quoted from it (None for the whole section). A section quoted whole,
    or with an excerpt that is not verbatim (never show unverified text), shows every
    paragraph. None when the order has no such section.
    """
    section = sections.get(section_id)
    if section is None:
        return None
    whole = not excerpts or any(not found(sections, section_id, text) or text is None
                                for text in excerpts)
    return {"id": section_id, "heading": section["heading"], "url": section["url"],
            "whole": whole, "excerpts": list(section["paragraphs"]) if whole else list(excerpts)}


def display(text, paragraphs):
    """The excerpt with "… " / " …" on each side where its paragraph goes on (a list item's
    "3. " number aside), as a page shows it."""
    for paragraph in paragraphs:
        at = paragraph.find(text)
        if at < 0:
            continue
        before = "… " if at > _item_number_length(paragraph) else ""
        after = " …" if at + len(text) < len(paragraph) else ""
        return before + text + after
    return text


def _item_number_length(paragraph):
    """Length of a list item's "3. " prefix, 0 for a plain paragraph."""
    number, dot, _ = paragraph.partition(". ")
    return len(number) + 2 if dot and number.isdigit() else 0
