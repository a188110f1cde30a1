"""Quoting the order: excerpts are shown only if they are verbatim in the section's text.

sections is order_data(order)["sections"]: {id: {heading, paragraphs, url, ...}}. List items
appear there as "1. text"; an excerpt may be any substring of one paragraph.
"""


def excerpt_found(sections, section_id, text):
    section = sections.get(section_id)
    if section is None:
        return False
    return text is None or any(text in paragraph for paragraph in section["paragraphs"])


def quotes_for(result, sections):
    """[{id, heading, url, excerpts, whole}] for each cited section, in citation order.
    A section quoted with None (or an excerpt not found: never show unverified text) is quoted
    whole."""
    quotes = []
    for section_id in result["cites"]:
        section = sections.get(section_id)
        if section is None:
            continue
        excerpts = [text for sid, text in result["quotes"] if sid == section_id]
        whole = any(text is None or not excerpt_found(sections, section_id, text)
                    for text in excerpts)
        quotes.append({"id": section_id, "heading": section["heading"], "url": section["url"],
                       "whole": whole,
                       "excerpts": list(section["paragraphs"]) if whole else excerpts})
    return quotes


def source_problems(rules, sections):
    """(rule label, section id, excerpt, message) for every cited section id missing from the
    order and every excerpt that is not verbatim in its section: the build fails on these."""
    problems = []
    for rule in rules:
        for label, result in _outcomes(rule):
            for section_id, text in result["quotes"]:
                message = _quote_problem(sections, section_id, text)
                if message:
                    problems.append((label, section_id, text, message))
    return problems


def _outcomes(rule):
    yield rule["id"], rule["outcome"]
    for override in rule["exceptions"]:
        yield rule["id"] + " / " + override["label"], override["outcome"]


def _quote_problem(sections, section_id, text):
    if section_id not in sections:
        return "cites section " + section_id + ", which the order does not have"
    if not excerpt_found(sections, section_id, text):
        return "excerpt is not verbatim in section " + section_id + ": " + repr(text)
    return None
