"""Build-time data for the quiz page (called by build_scripts/hooks.py, CPython only).

site_files(orders) -> {"data/quiz/<slug>.json": bank JSON}; a bank that does not validate
raises SourceError (file:line: field: message) and fails the build. The banks are read from
quiz/bank/, or from the folder POLICY_DESK_BANKS names (a test site built from a fixture
history of an order needs the bank written for it, as POLICY_DESK_POLICIES names its sources).
"""
import json
import os

from model.tools.yaml_source import SourceError
from quiz.tools.bank import BANK_DIR, load_banks


def site_files(orders):
    banks = load_banks(orders, os.environ.get("POLICY_DESK_BANKS") or BANK_DIR)
    published = {order.slug for order in orders}
    missing = [slug for slug in banks if slug not in published]
    if missing:  # load_banks matched each bank to an order, so this is a guard, not a case
        raise SourceError([f"quiz/bank/{slug}.yaml:1: order: order {slug} is not published"
                           for slug in missing])
    return {f"data/quiz/{slug}.json": json.dumps(bank, ensure_ascii=False, sort_keys=True)
            for slug, bank in banks.items()}
