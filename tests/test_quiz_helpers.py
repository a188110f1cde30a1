"""Shared helpers for the quiz tests: the current bank and records made the way the page
makes them (quiz.session), so tests exercise real records rather than hand-written JSON."""
import copy
import functools
import json
import os
import shutil

from model.tools.orders import load_orders
from quiz import session
from quiz.bank import correct_ids
from quiz.bank import bank_version
from quiz.record import seal
from quiz.tools.archive import archive_bank
from quiz.tools.bank import load_banks

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEMBER = {"name": "Jane Doe", "id": "9123", "unit": "Patrol Area 2"}
# The checking computer's clock in CLI tests: after every record they make.
NOW = "2026-12-31T00:00:00Z"
# The banks "exist" from before the records the tests make (2026-11-02).
ARCHIVED_AT = "2026-10-01T00:00:00Z"


@functools.lru_cache(maxsize=1)
def _banks():
    return load_banks(load_orders(os.path.join(ROOT, "policies")))


def current_bank():
    return copy.deepcopy(_banks()["dgo-i-19"])


def wrong_answer(question, item):
    """A wrong choice: the first displayed option that is not exactly the correct set."""
    correct = correct_ids(question)
    return [option for option in item["options"] if [option] != correct][:1]


def signed_policies(folder, date_signed):
    """A copy of the policy sources with DGO I-19 signed, and in force, on date_signed (the
    real order is a draft, which has no due dates); its text and version are the real ones."""
    shutil.copytree(os.path.join(ROOT, "policies"), str(folder), dirs_exist_ok=True)
    path = os.path.join(str(folder), "dgo-i-19.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert "status: draft\ndate_signed: null" in text
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace("status: draft\ndate_signed: null",
                                  f"status: effective\ndate_signed: {date_signed}"))
    return str(folder)


def take_quiz(bank, wrong=0, seed=1, member=MEMBER, start="2026-11-02T09:00:00Z",
              finish="2026-11-02T09:14:05Z", sign_at="2026-11-02T09:15:00Z", since=None):
    """A session state after answering every question, the first `wrong` ones wrongly,
    signed when it passed; since: the order version signed before (a changes attempt)."""
    state = session.new_state(bank)
    assert session.start(state, bank, member, start, seed, since=since) == {}
    for i in range(len(state["drawn"])):
        question, item = session.current(state, bank)
        session.answer(state, bank, wrong_answer(question, item) if i < wrong else correct_ids(question))
        session.next_step(state, bank, finish)
    if state["record"]["result"] == "passed" and sign_at:
        session.sign(state, bank, True, sign_at)
    return state


def make_record(bank=None, **options):
    return take_quiz(bank or current_bank(), **options)["record"]


def reseal(record):
    """A tampered record with a freshly computed digest: only re-grading can catch it."""
    unsealed = {key: value for key, value in record.items() if key != "digest"}
    return seal(unsealed)


def save(folder, name, data):
    path = os.path.join(str(folder), name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(data if isinstance(data, str) else json.dumps(data))
    return path


def old_bank():
    """The current bank as if made for an earlier order version."""
    old = current_bank()
    old["order"]["version"] = "0123456789ab"
    old["version"] = bank_version(old)
    return old


def make_archive(folder, archived_at=ARCHIVED_AT):
    """An archive holding the current bank and an earlier one (another order version)."""
    archive_bank(current_bank(), str(folder), archived_at)
    archive_bank(old_bank(), str(folder), archived_at)
    return str(folder)


def test_made_record_is_sealed_and_passed():
    record = make_record(wrong=1)
    assert record["result"] == "passed" and record["digest"].startswith("sha256:")
    assert record["score"]["correct"] == 14
