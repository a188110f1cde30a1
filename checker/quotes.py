"""Quoting the order in determinations; the checking itself is model.quotes (one module for
every consumer that cites a passage)."""
from model import quotes


def quotes_for(rules, sections):
    """[{id, heading, url, excerpts, whole}] for each section the rules cite, in citation
    order: the excerpts the rules quote from it (a section cited without one is quoted whole)."""
    order, excerpts = [], {}
    for rule in rules:
        for section_id in rule["sections"]:
            if section_id not in excerpts:
                order.append(section_id)
                excerpts[section_id] = []
        for section_id, text in rule["quotes"]:
            if text not in excerpts[section_id]:
                excerpts[section_id].append(text)
    shown = []
    for section_id in order:
        quote = quotes.quoted(sections, section_id, excerpts[section_id])
        if quote is not None:
            shown.append(quote)
    return shown
