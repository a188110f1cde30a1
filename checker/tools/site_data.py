"""CPython only: what the site build needs from the checker, and the checks that fail it.

The build hook calls site_files(orders) with the order model. The helper page itself runs
the shipped checker package against data/orders/<slug>.json; the vocabulary file written
here is for integrations (the same content as `python -m checker --vocabulary`).
"""
import json
import os

from checker.facts import FACTS
from checker.tools.citations import citations  # noqa: F401  the coverage matrix's provider
from checker.quotes import source_problems
from checker.rules import all_rules
from model.tools.yaml_source import SourceError

ORDER_SLUG = "dgo-i-19"  # the order these rules implement
RULES_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules.py")
RULES_SHOWN = "checker/rules.py"  # as errors name it: relative to the repository, like sources


def site_files(orders):
    """{site path: text}; raises SourceError when a rule cites a section the order lacks or
    quotes text that is not verbatim in it."""
    sections = order_sections(orders)
    problems = source_problems(all_rules(), sections)
    if problems:
        raise SourceError(_located(problem) for problem in problems)
    return {"data/checker/vocabulary.json": vocabulary_json()}


def order_sections(orders):
    """The sections of the order the rules implement (SourceError if it is missing)."""
    for order in orders:
        if order.slug == ORDER_SLUG:
            return order.data["sections"]
    raise SourceError([f"{RULES_SHOWN}:1: order: the checker's rules implement {ORDER_SLUG}, "
                       "which is not among the policy sources"])


def vocabulary_json():
    return json.dumps({"facts": FACTS}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _located(problem):
    """'checker/rules.py:LINE: rule: message', the line being where the excerpt (or rule) is."""
    label, _section_id, text, message = problem
    return f"{RULES_SHOWN}:{_line_of(text or label)}: {label}: {message}"


def _line_of(text):
    # excerpts may wrap across source lines: look for their first few words
    needle = text[:24]
    with open(RULES_FILE, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if needle in line:
                return number
    return 1
