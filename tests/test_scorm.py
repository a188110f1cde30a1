"""The quiz's SCORM conversation in CPython and MicroPython, against a fake learning system
(tests/scorm_fake.py): the data model's values and checks (quiz/scorm.py), the progress text
(quiz/suspend.py) and the session (web/lms.py). The real learning-system side, scorm-again,
is in tests/test_scorm_lms.py."""
import json

import pytest

from quiz import scorm, session, suspend
from quiz.bank import correct_ids
from quiz.grade import passes
from scorm_fake import FakeLms, play
from test_quiz_helpers import current_bank, take_quiz
from tests.mpy import run_micropython
from web import lms as lms_module

BANK = current_bank()
LEARNER = {"1.2": {"cmi.core.student_id": "9123", "cmi.core.student_name": "Doe, Alex",
                   "cmi.core.entry": "ab-initio", "cmi.core.lesson_mode": "normal"},
           "2004": {"cmi.learner_id": "9123", "cmi.learner_name": "Doe, Alex",
                    "cmi.entry": "ab-initio", "cmi.mode": "normal"}}
STATUS = {"1.2": lambda data: data["cmi.core.lesson_status"],
          "2004": lambda data: (data["cmi.completion_status"], data["cmi.success_status"])}
PASSED = {"1.2": "passed", "2004": ("completed", "passed")}
FAILED = {"1.2": "failed", "2004": ("completed", "failed")}
INCOMPLETE = {"1.2": "incomplete", "2004": ("incomplete", "unknown")}
ALL_RIGHT = ["start"] + ["right"] * 15


# ---------------------------------------------------------------- data-model values

@pytest.mark.parametrize("version", scorm.VERSIONS)
def test_every_question_answered_either_way_gives_valid_values(version):
    for n, question in enumerate(BANK["questions"]):
        right = correct_ids(question)
        wrong = [o["id"] for o in question["options"] if [o["id"]] != right][:2]
        for chosen in (right, wrong):
            values = scorm.interaction_values(version, n, 3, 15, question, chosen,
                                              "2026-11-29T16:30:17Z")
            assert [p for e, v in values for p in scorm.problems(version, e, v)] == []
            elements = [e for e, _ in values]
            assert elements.index(f"cmi.interactions.{n}.type") < min(
                i for i, e in enumerate(elements) if "response" in e)


@pytest.mark.parametrize("version,element,value,ok", [
    ("1.2", "cmi.interactions.0.id", "attempt1_q01_a2-x", True),
    ("1.2", "cmi.interactions.0.id", "a.b", False),           # 1.2: no periods
    ("1.2", "cmi.interactions.0.id", "a b", False),
    ("1.2", "cmi.interactions.0.student_response", "a,c", True),
    ("1.2", "cmi.interactions.0.student_response", "ab", False),  # one character per option
    ("1.2", "cmi.interactions.0.student_response", "t", True),
    ("1.2", "cmi.interactions.0.result", "incorrect", False),     # 1.2 says "wrong"
    ("1.2", "cmi.interactions.0.time", "16:30:17", True),
    ("1.2", "cmi.interactions.0.time", "24:00:00", False),
    ("1.2", "cmi.core.session_time", "0012:05:09", True),
    ("1.2", "cmi.core.session_time", "PT1S", False),
    ("1.2", "cmi.core.score.raw", "86.66", True),
    ("1.2", "cmi.core.score.raw", "100.01", False),
    ("1.2", "cmi.core.lesson_status", "not attempted", False),    # the SCO never sets it
    ("1.2", "cmi.suspend_data", "x" * 4000, True),
    ("1.2", "cmi.suspend_data", "x" * 4001, False),
    ("2004", "cmi.interactions.0.timestamp", "2026-11-29T16:30:17.0Z", True),
    ("2004", "cmi.interactions.0.timestamp", "2026-11-29T16:30:17Z", False),  # zone needs .s
    ("2004", "cmi.interactions.0.learner_response", "a[,]c", True),
    ("2004", "cmi.interactions.0.learner_response", "a,c", False),
    ("2004", "cmi.interactions.0.learner_response", "a[,]a", False),
    ("2004", "cmi.interactions.0.learner_response", "true", True),
    ("2004", "cmi.interactions.0.description", "x" * 250, True),
    ("2004", "cmi.interactions.0.description", "x" * 251, False),
    ("2004", "cmi.interactions.0.description", "{lang=en}x", False),
    ("2004", "cmi.session_time", "PT1H2M3.5S", True),
    ("2004", "cmi.session_time", "PT1M2H", False),
    ("2004", "cmi.score.scaled", "-1", True),
    ("2004", "cmi.score.scaled", "1.0000001", False),
    ("2004", "cmi.score.raw", "1e2", False),
    ("2004", "cmi.success_status", "completed", False),
    ("2004", "cmi.core.lesson_status", "passed", False),          # another version's element
])
def test_type_checks_follow_the_standard(version, element, value, ok):
    assert (scorm.problems(version, element, value) == []) is ok


def test_the_score_never_crosses_the_pass_mark():
    # A learning system compares raw (1.2) or scaled (2004) with the mastery score: it must
    # reach the same verdict as the quiz for every draw size and pass mark.
    for total in range(1, 101):
        for pass_mark in range(1, 101):
            boundary = pass_mark * total // 100
            for correct in range(max(0, boundary - 1), min(total, boundary + 1) + 1):
                values = dict(scorm.score_values("2004", correct, total))
                raw, scaled = values["cmi.score.raw"], values["cmi.score.scaled"]
                passed = passes(correct, total, pass_mark)
                assert (_hundredths(raw) >= pass_mark * 100) is passed, (correct, total, pass_mark)
                assert (_hundredths(scaled) * 100 >= pass_mark * 100) is passed
                assert dict(scorm.score_values("1.2", correct, total))["cmi.core.score.raw"] == raw


def _hundredths(text):
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def test_learner_names_written_last_first_are_turned_round():
    assert scorm.learner("9123", "Doe, Alex") == {"name": "Alex Doe", "id": "9123"}
    assert scorm.learner(" PS-0456 ", "José  Nguyễn") == {"name": "José Nguyễn", "id": "PS-0456"}
    assert scorm.learner("1", "Doe, Alex, Jr")["name"] == "Doe, Alex, Jr"  # not a clear order
    assert scorm.learner(None, None) == {"name": "", "id": ""}


def test_session_time_in_each_format():
    assert scorm.session_time("1.2", 3725) == "01:02:05"
    assert scorm.session_time("2004", 3725) == "PT1H2M5S"
    assert scorm.session_time("1.2", 10 ** 9) == "9999:46:40"  # hours capped at four digits
    assert scorm.problems("1.2", "cmi.core.session_time", scorm.session_time("1.2", 10 ** 9)) == []


def test_the_sign_off_comment_names_the_record():
    record = take_quiz(BANK, wrong=1)["record"]
    text = scorm.sign_off_text(record)
    for part in (record["digest"], record["order"]["version"], record["bank_version"],
                 record["member"]["id"], record["attestation"]["text"]):
        assert part in text
    assert len(text) <= 4000


# ---------------------------------------------------------------- the progress text

def states():
    """A state in every phase, for a member whose details need escaping."""
    member = {"name": "José Nguyễn-O’Brien", "id": "PS-0456", "unit": "Records & ID (Day)"}
    fresh = session.new_state(BANK)
    asking = session.new_state(BANK)
    session.start(asking, BANK, member, "2026-11-02T09:00:00Z", 3)
    answered = json.loads(json.dumps(asking))
    question, _ = session.current(answered, BANK)
    session.answer(answered, BANK, correct_ids(question))
    failed = take_quiz(BANK, wrong=6, member=member)
    unsigned = take_quiz(BANK, wrong=0, member=member, sign_at=None)
    signed = take_quiz(BANK, wrong=2, member=member)
    return {"member": fresh, "question": asking, "feedback": answered, "failed": failed,
            "passed": unsigned, "signed": signed}


@pytest.mark.parametrize("phase", ["member", "question", "feedback", "failed", "passed", "signed"])
def test_progress_text_round_trips_in_every_phase(phase):
    state = states()[phase]
    text = suspend.encode(state, BANK)
    assert suspend.decode(text, BANK) == json.loads(json.dumps(state))
    assert text.isascii() and len(text) <= scorm.SUSPEND_LIMIT


def test_texts_like_the_shortened_question_ids_survive():
    state = states()["signed"]
    state["downloaded"] = ["~1", "~~", "~", BANK["questions"][3]["id"]]
    text = suspend.encode(state, BANK)
    assert '"~~1","~~~","~~","~3"' in text
    assert suspend.decode(text, BANK) == state


def test_progress_of_another_bank_or_damaged_is_refused():
    text = suspend.encode(states()["signed"], BANK)
    other = dict(BANK, version="000000000000")
    for bad, bank in ((text, other), (text[:-5], BANK), ("{}", BANK), (None, BANK),
                      (text.replace('"check":"', '"check":"0'), BANK)):
        with pytest.raises(ValueError):
            suspend.decode(bad, bank)


def largest_state():
    """The longest progress the quiz can save: the longest details the member form allows, all
    non-ASCII (each character escaped in six), attempts that do not pass (each multiple-answer
    question answered with every option but one) until the last attempt the bank allows or
    every question has been drawn, then a pass, signed off."""
    member = {"name": "é" * 80, "id": "PS-" + "9" * 17, "unit": "é" * 60}
    state = session.new_state(BANK)
    assert session.start(state, BANK, member, month(0), 1) == {}

    def attempt(right, when):
        for _ in range(len(state["drawn"])):
            question, item = session.current(state, BANK)
            most = item["options"][:-1] if question["kind"] == "multiple" else item["options"][:1]
            wrong = most if sorted(most) != correct_ids(question) else item["options"][1:2]
            session.answer(state, BANK, correct_ids(question) if right else wrong)
            session.next_step(state, BANK, when)
    drawn, n = set(), 0
    while session.attempts_left(state, BANK) > 0:          # the last attempt passes
        drawn.update(item["id"] for item in state["drawn"])
        if len(drawn) == len(BANK["questions"]):
            break
        attempt(False, month(n))
        n += 1
        session.retake(state, BANK, month(n), n + 1)       # a month later: past any wait
    attempt(True, month(n))
    session.sign(state, BANK, True, month(n))
    return state


def month(n):
    return "%04d-%02d-01T09:00:00Z" % (2026 + n // 12, n % 12 + 1)


def test_the_largest_progress_fits_every_version(capsys):
    state = largest_state()
    text = suspend.encode(state, BANK)
    with capsys.disabled():
        print(f"\nlargest suspend data: {len(text)} characters (limit {scorm.SUSPEND_LIMIT}; "
              f"the state as the site saves it: {len(json.dumps(state))})")
    assert len(text) <= scorm.SUSPEND_LIMIT
    assert suspend.decode(text, BANK) == state


# ---------------------------------------------------------------- the session with a learning system

@pytest.mark.parametrize("version", scorm.VERSIONS)
def test_a_pass_is_reported_once_signed(version):
    fake, lms, state = play(version, BANK, ALL_RIGHT, data=LEARNER[version])
    assert state["member"]["id"] == "9123" and state["member"]["name"] == "Alex Doe"
    assert STATUS[version](fake.data) == INCOMPLETE[version]     # passed, not yet signed
    assert not [e for e in fake.data if ".score." in e]           # no score before the attestation
    assert fake.count("cmi.interactions") == 15
    fake2, lms2, state2 = play(version, BANK, ALL_RIGHT + ["sign"], data=LEARNER[version])
    data = fake2.data
    assert STATUS[version](data) == PASSED[version]
    score = "cmi.core.score.raw" if version == "1.2" else "cmi.score.scaled"
    assert data[score] == ("100" if version == "1.2" else "1")
    comment = data.get("cmi.comments") or data["cmi.comments_from_learner.0.comment"]
    assert state2["record"]["digest"] in comment
    assert fake2.phase == "terminated" and not lms2.open
    assert data[scorm.NAMES[version]["exit"]] == scorm.EXIT[version]["done"]
    assert lms2.errors == [] and _invalid(fake2, version) == []


@pytest.mark.parametrize("version", scorm.VERSIONS)
def test_a_fail_then_a_retake(version):
    plan = ["start"] + ["wrong"] * 5 + ["right"] * 10
    fake, lms, state = play(version, BANK, plan, data=LEARNER[version])
    assert STATUS[version](fake.data) == FAILED[version]
    assert fake.commits[-1] == fake.data                       # the fail is committed
    fake, lms, state = play(version, BANK, plan + ["retake", "right"], data=LEARNER[version])
    assert STATUS[version](fake.data) == INCOMPLETE[version]
    fake, lms, state = play(version, BANK, plan + ["retake"] + ["right"] * 15 + ["sign"],
                            data=LEARNER[version])
    assert STATUS[version](fake.data) == PASSED[version] and state["attempt"] == 2
    ids = [fake.data[f"cmi.interactions.{n}.id"] for n in range(fake.count("cmi.interactions"))]
    assert len(ids) == 30 and len(set(ids)) == 30 and ids[15].startswith("attempt2_q01_")
    assert lms.errors == [] and _invalid(fake, version) == []


@pytest.mark.parametrize("version", scorm.VERSIONS)
def test_closed_mid_attempt_resumes_where_it_was(version):
    fake, lms, state = play(version, BANK, ["start", "right", "wrong", "right", "leave"],
                            data=LEARNER[version])
    names = scorm.NAMES[version]
    assert fake.data[names["exit"]] == "suspend" and fake.phase == "terminated"
    assert fake.calls[-1][0] in ("LMSFinish", "Terminate")
    saved = dict(fake.data)
    saved[names["entry"]] = "resume"
    fake2, lms2, state2 = play(version, BANK, ["right"] * 12 + ["sign"], data=saved)
    assert state2["phase"] == "signed" and state2["drawn"] == state["drawn"]
    assert state2["record"]["score"]["correct"] == 14
    assert fake2.count("cmi.interactions") == 15                # none written twice
    assert STATUS[version](fake2.data) == PASSED[version]


@pytest.mark.parametrize("version", scorm.VERSIONS)
def test_another_members_progress_is_not_resumed(version):
    fake, _, _ = play(version, BANK, ["start", "right", "leave"], data=LEARNER[version])
    saved = dict(fake.data)
    saved[scorm.NAMES[version]["entry"]] = "resume"
    saved[scorm.NAMES[version]["learner_id"]] = "7777"
    _, _, state = play(version, BANK, [], data=saved)
    assert state["phase"] == "member"


def test_a_refused_value_is_logged_and_the_quiz_goes_on():
    logged = []
    fake = FakeLms("2004", LEARNER["2004"], refuse=("cmi.interactions.0.description",))
    lms, _ = lms_module.connect(("2004", fake), BANK, "2026-11-02T09:00:00Z", log=logged.append)
    state = session.new_state(BANK)
    session.start(state, BANK, dict(lms.member_fields(), unit="Patrol"), "2026-11-02T09:00:00Z", 1)
    question, _ = session.current(state, BANK)
    session.answer(state, BANK, correct_ids(question))
    lms.sync(state, "2026-11-02T09:01:00Z")
    assert [e for e, _, reason in lms.errors] == ["cmi.interactions.0.description"]
    assert "error 405" in logged[-1] and fake.data["cmi.interactions.0.result"] == "correct"


def test_a_value_the_data_model_refuses_is_never_sent():
    fake = FakeLms("1.2", LEARNER["1.2"])
    lms, _ = lms_module.connect(("1.2", fake), BANK, "2026-11-02T09:00:00Z", log=lambda text: None)
    fake.calls = []
    lms.set_values([("cmi.interactions.0.id", "not an identifier")])
    assert fake.calls == [] and lms.errors[0][0] == "cmi.interactions.0.id"


def test_review_mode_writes_nothing():
    data = dict(LEARNER["2004"], **{"cmi.mode": "review"})
    fake, lms, _ = play("2004", BANK, ALL_RIGHT + ["sign", "leave"], data=data)
    assert not [call for call in fake.calls if call[0] == "SetValue"]
    assert fake.phase == "terminated"


def test_a_system_that_does_not_start_leaves_the_page_on_its_own():
    fake = FakeLms("1.2", LEARNER["1.2"], start=False)
    lms, notice = lms_module.connect(("1.2", fake), BANK, "2026-11-02T09:00:00Z",
                                     log=lambda text: None)
    assert lms is None and "download your record" in notice
    assert lms_module.connect(None, BANK, "2026-11-02T09:00:00Z") == (None, None)


@pytest.mark.parametrize("learner_id,name,problem", [
    ("9123", "Doe, Alex", None), ("jdoe@example.org", "Doe, Jane", "serial or ID number"),
    ("", "Doe, Jane", "serial or ID number"), ("9123", "X", "name")])
def test_an_identity_a_record_cannot_hold_is_said_at_once(learner_id, name, problem):
    fake = FakeLms("2004", dict(LEARNER["2004"], **{"cmi.learner_id": learner_id,
                                                      "cmi.learner_name": name}))
    lms, _ = lms_module.connect(("2004", fake), BANK, "2026-11-02T09:00:00Z")
    found = lms.identity_problem()
    shown = name if problem == "name" else learner_id
    assert (found is None) if problem is None else (problem in found and f"“{shown}”" in found)


def test_a_learning_system_that_throws_does_not_stop_the_quiz():
    def broken(method, *args):
        if method == "SetValue":
            raise RuntimeError("the LMS broke")
        return FakeLms.__call__(fake, method, *args)
    fake = FakeLms("2004", LEARNER["2004"])
    logged = []
    lms, _ = lms_module.connect(("2004", broken), BANK, "2026-11-02T09:00:00Z", log=logged.append)
    state = session.new_state(BANK)
    session.start(state, BANK, dict(lms.member_fields(), unit="Patrol"), "2026-11-02T09:00:00Z", 1)
    lms.sync(state, "2026-11-02T09:01:00Z")
    lms.leave(state, "2026-11-02T09:02:00Z")
    assert lms.errors and "the LMS broke" in logged[0] and fake.phase == "terminated"


def test_review_links_point_at_files():
    assert lms_module.file_link("orders/dgo-i-19/#a-2") == "orders/dgo-i-19/index.html#a-2"
    assert lms_module.file_link("../orders/dgo-i-19/") == "../orders/dgo-i-19/index.html"
    for unchanged in ("orders/dgo-i-19/index.html#a-2", "#top", "https://example.org/x/",
                      "/abs/", "mailto:a@b"):
        assert lms_module.file_link(unchanged) == unchanged


def _invalid(fake, version):
    return [p for call in fake.calls if call[0] in ("LMSSetValue", "SetValue")
            for p in scorm.problems(version, call[1], call[2])]


# ---------------------------------------------------------------- the same in MicroPython

MPY_SCRIPT = r"""
import json
from scorm_fake import FakeLms, play
bank = json.load(open("data/quiz/dgo-i-19.json"))
job = json.load(open("job.json"))
out = []
for version, plan, data in job:
    fake, lms, state = play(version, bank, plan, data=data)
    out.append({"calls": fake.calls, "errors": lms.errors})
print(json.dumps(out))
"""


def test_micropython_says_exactly_what_cpython_says():
    plans = [(v, ["start", "wrong", "wrong", "wrong", "wrong"] + ["right"] * 11 + ["retake", "right", "leave"],
              LEARNER[v]) for v in scorm.VERSIONS]
    plans += [(v, ALL_RIGHT + ["sign"], LEARNER[v]) for v in scorm.VERSIONS]
    with open("tests/scorm_fake.py", encoding="utf-8") as handle:
        fake_source = handle.read()
    files = {"data/quiz/dgo-i-19.json": json.dumps(BANK), "job.json": json.dumps(plans),
             "scorm_fake.py": fake_source}
    got = json.loads(run_micropython(MPY_SCRIPT, packages=("quiz", "web"), files=files))
    for (version, plan, data), result in zip(plans, got):
        fake, lms, _ = play(version, BANK, plan, data=data)
        assert result["calls"] == fake.calls
        assert result["errors"] == [] == lms.errors
