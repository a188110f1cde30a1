"""The changes attempt under MicroPython (the runtime the quiz page ships): the same draw and
the same sealed record as CPython for a seed, the page's choice of sign-off and certificate
render, and the record passes the portable checks there too."""
import json

import pytest

from model.canonical import canonical_json
from model.tools.orders import load_orders
from quiz.tools.bank import load_banks
from test_quiz_helpers import take_quiz
from tests.mpy import run_micropython
from version_fixture import write_fixture

SCRIPT = r"""
import json
from quiz import session
from quiz.bank import correct_ids
from quiz.verify import check_record
from model.canonical import canonical_json
from web import quiz_view

bank = json.load(open("data/quiz/dgo-i-19.json"))
job = json.load(open("job.json"))
out = {}
state = session.new_state(bank)
out["member_screen"] = quiz_view.render(state, bank, {"root": "../"})
session.start(state, bank, job["member"], "2027-07-10T09:00:00Z", job["seed"], since=job["since"])
while state["phase"] != "result":
    question, item = session.current(state, bank)
    session.answer(state, bank, correct_ids(question))
    session.next_step(state, bank, "2027-07-10T09:05:00Z")
session.sign(state, bank, True, "2027-07-10T09:06:00Z")
out["signed_screen"] = quiz_view.render(state, bank, {"root": "../"})
out["canonical"] = canonical_json(state["record"])
out["check"] = check_record(state["record"], {bank["version"]: bank}, {bank["slug"]: bank})
print(json.dumps(out))
"""
MEMBER = {"name": "Jane Doe", "id": "9123", "unit": "Patrol Area 2"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    paths = write_fixture(tmp_path_factory.mktemp("mpy-history"))
    bank = load_banks(load_orders(paths["policies"]), paths["banks"])["dgo-i-19"]
    since = bank["versions"]["earlier"][0]["id"]
    job = {"member": MEMBER, "seed": 21, "since": since}
    files = {"data/quiz/dgo-i-19.json": json.dumps(bank), "job.json": json.dumps(job)}
    micro = json.loads(run_micropython(SCRIPT, packages=("quiz", "web"), files=files))
    cpython = take_quiz(bank, seed=21, member=MEMBER, since=since, start="2027-07-10T09:00:00Z",
                        finish="2027-07-10T09:05:00Z", sign_at="2027-07-10T09:06:00Z")["record"]
    return micro, cpython, since


def test_same_changes_record_in_both_runtimes(runs):
    micro, cpython, since = runs
    assert micro["canonical"] == canonical_json(cpython)
    assert cpython["scope"]["kind"] == "changes" and cpython["scope"]["since"] == since
    assert micro["check"] == [[], False]


def test_page_offers_the_choice_and_the_certificate_names_the_change(runs):
    micro, _, since = runs
    assert 'name="quiz-scope" value=""' in micro["member_screen"]
    assert f'name="quiz-scope" value="{since}"' in micro["member_screen"]
    assert "5 questions on A-4, D-2, D-4, D-7" in micro["member_screen"]
    assert f"changes since order version <code>{since}</code>" in micro["signed_screen"]
