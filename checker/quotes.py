"""Quoting the order in determinations; the checking itself is model.quotes (one module for
every consumer that cites a passage).
"""
from model import quotes


def quotes_for(result, sections):
    """[{id, heading, url, excerpts, whole}] for each cited section, in citation order."""
    shown = []
    for section_id in result["cites"]:
        excerpts = [text for sid, text in result["quotes"] if sid == section_id]
        quote = quotes.quoted(sections, section_id, excerpts)
        if quote is not None:
            shown.append(quote)
    return shown


def source_problems(rules, sections):
    """(rule label, section id, excerpt, message) for every cited section id missing from the
    order and every excerpt that is not verbatim in its section: the build fails on these."""
    problems = []
    for rule in rules:
        for label, result in _outcomes(rule):
            for section_id, text in result["quotes"]:
                message = quotes.problem(sections, section_id, text)
                if message:
                    problems.append((label, section_id, text, message))
    return problems


def _outcomes(rule):
    yield rule["id"], rule["outcome"]
    for override in rule["exceptions"]:
        yield rule["id"] + " / " + override["label"], override["outcome"]
