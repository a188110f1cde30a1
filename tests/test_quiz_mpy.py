"""The quiz engine and page view under MicroPython (the runtime the site ships), compared
with CPython: same draws for a seed, same grades, byte-identical canonical JSON and record
digests, and every screen of the page renders."""
import json

import pytest

from quiz import session
from model.canonical import canonical_json
from quiz.draw import draw_questions
from quiz.rng import Random
from test_quiz_helpers import current_bank, take_quiz
from tests.mpy import run_micropython
from web import quiz_view

BANK = current_bank()
SEEDS = (0, 1, 7, 123456789)
MEMBERS = [{"name": "Jane Doe", "id": "9123", "unit": "Patrol Area 2"},
           {"name": "José Nguyễn-O’Brien", "id": "PS-0456", "unit": "Records & ID (Day)"}]
TRICKY = {"quote": 'he said "stop" \\ “curly” — ñ 🚓', "ctl": "\x00\x1f\n\r\t\b\f",
          "nested": [{"b": 2, "a": 1}, None, True, False, -7, ""]}

# The MicroPython side of the comparison; it mirrors tests/test_quiz_helpers.take_quiz.
SCRIPT = r"""
import json
from quiz import session
from quiz.bank import correct_ids
from model.canonical import canonical_json
from quiz.draw import draw_questions
from quiz.export import csv_text, xapi_statement
from quiz.rng import Random
from web import quiz_view

bank = json.load(open("data/quiz/dgo-i-19.json"))
job = json.load(open("job.json"))
out = {"draws": [], "records": [], "screens": {}}
for seed in job["seeds"]:
    out["draws"].append(draw_questions(bank, Random(seed)))

def wrong_answer(question, item):
    correct = correct_ids(question)
    return [o for o in item["options"] if [o] != correct][:1]

def take(member, wrong, seed, screens):
    state = session.new_state(bank)
    ui = {"root": "../"}
    screens["member"] = quiz_view.render(state, bank, ui)
    session.start(state, bank, member, "2026-11-02T09:00:00Z", seed)
    for i in range(len(state["drawn"])):
        question, item = session.current(state, bank)
        screens["question"] = quiz_view.render(state, bank, ui)
        session.answer(state, bank, wrong_answer(question, item) if i < wrong else correct_ids(question))
        screens["feedback"] = quiz_view.render(state, bank, ui)
        session.next_step(state, bank, "2026-11-02T09:14:05Z")
    screens["result"] = quiz_view.render(state, bank, ui)
    if state["record"]["result"] == "passed":
        session.sign(state, bank, True, "2026-11-02T09:15:00Z")
        screens["signed"] = quiz_view.render(state, bank, ui)
    return state["record"]

for n, member in enumerate(job["members"]):
    for wrong in (0, 4):
        record = take(member, wrong, 10 + n, out["screens"])
        out["records"].append({"digest": record.get("digest"), "canonical": canonical_json(record),
                               "csv": csv_text(record) if "digest" in record else None,
                               "xapi_result": xapi_statement(record, bank["xapi_home_page"])["result"]
                               if "digest" in record else None})
out["tricky"] = canonical_json(job["tricky"])

# Saved progress as the page loads it, and records as verify checks them.
from quiz import verify
out["restored"] = []
for text in job["saved"]:
    state, notice, set_aside = session.restore_text(text, bank, "2026-11-02T09:30:00Z")
    out["restored"].append([canonical_json(state), notice, set_aside is not None,
                            quiz_view.render(state, bank, {"root": "../", "now": "2026-11-02T09:30:00Z"})])
known, current = {bank["version"]: bank}, {bank["slug"]: bank}
out["checked"] = [verify.check_record(record, known, current, job["now"], job["existed"])
                  for record in job["records"]]
print(json.dumps(out))
"""


def saved_texts():
    """Saved progress the page may find: good states of each phase and tampered ones."""
    from test_hostile_quiz import TAMPERED
    mid = take_quiz(BANK, wrong=5)
    session.retake(mid, BANK, "2026-11-02T10:20:00Z", 5)
    good = [json.dumps(take_quiz(BANK, wrong=w, sign_at=s)) for w, s in ((5, None), (0, None))]
    good += [json.dumps(mid), json.dumps(take_quiz(BANK))]
    tampered = [TAMPERED[kind] for kind in sorted(TAMPERED) if len(TAMPERED[kind]) < 100000]
    return good + tampered


def records():
    import copy
    good = take_quiz(BANK, wrong=1)["record"]
    odd = copy.deepcopy(good)
    odd["member"].update(name="Jane\x1b[2J", id="ps-1")
    return [good, take_quiz(BANK, wrong=5)["record"], odd, {"format": 7}, [1], "x"]


NOW_SECONDS, EXISTED = 1790000000, {BANK["version"]: "2026-11-02T09:30:00Z"}


@pytest.fixture(scope="module")
def micropython():
    job = {"seeds": list(SEEDS), "members": MEMBERS, "tricky": TRICKY, "saved": saved_texts(),
           "records": records(), "now": NOW_SECONDS, "existed": EXISTED}
    files = {"data/quiz/dgo-i-19.json": json.dumps(BANK), "job.json": json.dumps(job)}
    return json.loads(run_micropython(SCRIPT, packages=("quiz", "web"), files=files))


def test_same_draw_for_the_same_seed(micropython):
    assert micropython["draws"] == [draw_questions(BANK, Random(seed)) for seed in SEEDS]


def test_records_are_byte_identical_with_equal_digests(micropython):
    expected = []
    for n, member in enumerate(MEMBERS):
        for wrong in (0, 4):
            record = take_quiz(BANK, wrong=wrong, seed=10 + n, member=member,
                               start="2026-11-02T09:00:00Z", finish="2026-11-02T09:14:05Z",
                               sign_at="2026-11-02T09:15:00Z")["record"]
            expected.append((record.get("digest"), canonical_json(record)))
    assert [(r["digest"], r["canonical"]) for r in micropython["records"]] == expected
    # Every finished attempt is sealed, passed or not (a failed one is a record too).
    assert all(r["digest"].startswith("sha256:") for r in micropython["records"])


def test_exports_agree(micropython):
    from quiz.export import csv_text, xapi_statement
    record = take_quiz(BANK, wrong=0, seed=10, member=MEMBERS[0])["record"]
    assert micropython["records"][0]["csv"] == csv_text(record)
    assert micropython["records"][0]["xapi_result"] == xapi_statement(record, BANK["xapi_home_page"])["result"]


def test_canonical_json_of_tricky_text(micropython):
    assert micropython["tricky"] == canonical_json(TRICKY)


def test_every_screen_renders_the_same_in_both(micropython):
    state = session.new_state(BANK)
    assert micropython["screens"]["member"] == quiz_view.render(state, BANK, {"root": "../"})
    assert set(micropython["screens"]) == {"member", "question", "feedback", "result", "signed"}
    assert 'data-form="sign"' not in micropython["screens"]["result"]  # last take failed
    assert "Certificate of sign-off" in micropython["screens"]["signed"]


def test_saved_progress_is_restored_the_same_in_both(micropython):
    expected = []
    for text in saved_texts():
        state, notice, set_aside = session.restore_text(text, BANK, "2026-11-02T09:30:00Z")
        expected.append([canonical_json(state), notice, set_aside is not None,
                         quiz_view.render(state, BANK, {"root": "../", "now": "2026-11-02T09:30:00Z"})])
    assert len(expected) > 30
    for got, want in zip(micropython["restored"], expected):
        assert got == want


def test_records_are_checked_the_same_in_both(micropython):
    from quiz.verify import check_record
    known, current = {BANK["version"]: BANK}, {BANK["slug"]: BANK}
    expected = [list(check_record(r, known, current, NOW_SECONDS, EXISTED)) for r in records()]
    assert micropython["checked"] == expected
    assert any("rule name.characters" in reason for reason in expected[2][0])
