"""Unit tests of the portable quiz engine in CPython: drawing, grading, records, exports,
the page's state machine and the canonical JSON behind record digests.
(tests/test_quiz_mpy.py runs the same engine under MicroPython and compares.)"""
import collections
import json

import pytest

import quiz
from quiz import session
from quiz.bank import correct_ids, question_map, question_parts
from model.canonical import canonical_json, digest
from quiz.clock import civil_from_days, epoch_seconds, iso_duration, normalize_iso, parse_date
from quiz.draw import draw_questions
from quiz.export import CSV_COLUMNS, csv_text, xapi_statement
from quiz.grade import grade, passes, percent_text
from quiz.member import check_member
from quiz.record import record_digest
from quiz.rng import Random
from test_quiz_helpers import MEMBER, current_bank, make_record, take_quiz, wrong_answer

BANK = current_bank()


def test_public_api():
    assert sorted(quiz.__all__) == sorted(["Random", "draw_questions", "grade", "passes",
                                           "build_record", "attest", "seal", "record_digest",
                                           "csv_text", "xapi_statement", "xapi_json"])


# ---------------------------------------------------------------- random source and drawing

def test_random_is_reproducible_and_in_range():
    first, second = Random(42), Random(42)
    values = [first.randint(3, 9) for _ in range(500)]
    assert values == [second.randint(3, 9) for _ in range(500)]
    assert set(values) == set(range(3, 10))
    assert [Random(1).randint(0, 10**6) for _ in range(3)] != [Random(2).randint(0, 10**6)]


def test_fisher_yates_gives_every_order_about_equally():
    counts = collections.Counter(tuple(Random(seed).shuffled("abc")) for seed in range(6000))
    assert len(counts) == 6 and min(counts.values()) > 850  # 1000 expected each


@pytest.mark.parametrize("seed", range(40))
def test_draw_covers_every_part_without_repeats(seed):
    drawn = draw_questions(BANK, Random(seed))
    questions = question_map(BANK)
    ids = [item["id"] for item in drawn]
    assert len(ids) == BANK["draw"]["size"] == len(set(ids))
    for part in "ABCDE":
        assert len([i for i in ids if part in question_parts(questions[i])]) >= BANK["draw"]["per_part"]
    for item in drawn:
        assert sorted(item["options"]) == sorted(o["id"] for o in questions[item["id"]]["options"])


def test_draw_shuffles_questions_and_options_but_keeps_true_false_order():
    draws = [draw_questions(BANK, Random(seed)) for seed in range(20)]
    assert len({tuple(i["id"] for i in d) for d in draws}) == 20
    kinds = {q["id"]: q["kind"] for q in BANK["questions"]}
    orders = {}
    for draw in draws:
        for item in draw:
            orders.setdefault(item["id"], []).append(tuple(item["options"]))
    # Every option-shuffled question drawn three times or more was shown in more than one order.
    repeated = [qid for qid, seen in orders.items() if kinds[qid] != "true_false" and len(seen) >= 3]
    assert repeated and all(len(set(orders[qid])) > 1 for qid in repeated)
    assert all(i["options"] == ["true", "false"] for d in draws for i in d
               if kinds[i["id"]] == "true_false")


def test_retake_prefers_questions_not_seen():
    first = [i["id"] for i in draw_questions(BANK, Random(3))]
    second = [i["id"] for i in draw_questions(BANK, Random(4), avoid=first)]
    # Every part has enough questions for two draws, so a retake repeats none.
    assert not set(first) & set(second)


# ---------------------------------------------------------------- grading

def test_grading_is_all_or_nothing_for_multiple_answers():
    question = next(q for q in BANK["questions"] if q["id"] == "c2-driving-exceptions")
    drawn = [{"id": question["id"], "options": ["a", "b", "c", "d"]}]
    assert grade(BANK, drawn, [["a", "b"]])["correct"] == 1
    assert grade(BANK, drawn, [["b", "a"]])["correct"] == 1
    assert grade(BANK, drawn, [["a"]])["correct"] == 0
    assert grade(BANK, drawn, [["a", "b", "c"]])["correct"] == 0


@pytest.mark.parametrize("correct,total,mark,expected", [
    (12, 15, 80, True), (11, 15, 80, False), (15, 15, 80, True), (0, 15, 80, False),
    (4, 5, 80, True), (0, 0, 80, False)])
def test_pass_mark_uses_exact_arithmetic(correct, total, mark, expected):
    assert passes(correct, total, mark) is expected


@pytest.mark.parametrize("correct,total,text", [(14, 15, "93.3"), (12, 15, "80.0"),
                                                (2, 3, "66.7"), (15, 15, "100.0"), (0, 15, "0.0")])
def test_percent_text(correct, total, text):
    assert percent_text(correct, total) == text


# ---------------------------------------------------------------- canonical JSON and records

CANONICAL_CASES = [{"b": 1, "a": [True, False, None], "c": {"z": "x", "y": -3}},
                   {"name": "José Nguyễn 🚓", "q": 'say "hi"\n\t\\', "ctl": "\x01\x7f"},
                   [], {}, "", 0]


@pytest.mark.parametrize("value", CANONICAL_CASES)
def test_canonical_json_matches_sorted_ascii_json(value):
    text = canonical_json(value)
    assert text == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    assert json.loads(text) == value


def test_canonical_json_refuses_floats():
    with pytest.raises(ValueError, match="whole numbers"):
        canonical_json({"score": 0.9})


def test_record_holds_everything_the_training_division_needs():
    record = make_record(wrong=2)
    assert record["member"] == MEMBER
    assert record["order"]["number"] == "I-19" and record["order"]["version"] == BANK["order"]["version"]
    assert record["bank_version"] == BANK["version"]
    assert record["score"] == {"correct": 13, "total": 15, "percent": "86.7"}
    assert record["pass_mark"] == 80 and record["result"] == "passed"
    assert record["started_at"] < record["finished_at"] <= record["attestation"]["confirmed_at"]
    assert record["attestation"]["text"] == BANK["attestation"]
    assert [q["correct"] for q in record["questions"]].count(False) == 2
    assert all(q["prompt"] and q["answer_text"] for q in record["questions"])
    assert record["digest"] == record_digest(record)


def test_digest_changes_with_any_edit_and_ignores_key_order():
    record = make_record()
    shuffled = dict(reversed(list(record.items())))
    assert record_digest(shuffled) == record["digest"]
    edited = dict(record, attempt=2)
    assert record_digest(edited) != record["digest"]
    assert record["digest"] == "sha256:" + digest({k: v for k, v in record.items() if k != "digest"})


# ---------------------------------------------------------------- exports

def test_csv_row_has_the_guide_columns_and_quotes_commas():
    record = make_record(member={"name": "Ann O'Neil", "id": "ps-0456", "unit": "Records, Day"})
    lines = csv_text(record).split("\r\n")
    assert lines[0].split(",") == list(CSV_COLUMNS)
    assert lines[1].startswith("PS-0456,Ann O'Neil,\"Records, Day\",DGO I-19,")
    assert ",80,yes,\"I have read" in lines[1] and lines[2] == ""


def test_xapi_statement_follows_guide_section_6():
    record = make_record(wrong=3)
    statement = xapi_statement(record, BANK["xapi_home_page"])
    assert statement["actor"]["account"] == {"homePage": BANK["xapi_home_page"], "name": "9123"}
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert statement["object"]["id"].endswith("/dgo-i-19/sign-off/" + BANK["order"]["version"])
    assert statement["result"] == {"score": {"raw": 12, "min": 0, "max": 15, "scaled": 0.8},
                                   "success": True, "completion": True, "duration": "PT14M5S"}
    assert statement["timestamp"] == "2026-11-02T09:15:00Z"


# ---------------------------------------------------------------- dates and members

def test_clock_round_trips_and_rejects_nonsense():
    assert normalize_iso("2026-11-29T16:30:17.123Z") == "2026-11-29T16:30:17Z"
    assert epoch_seconds("1970-01-02T00:00:01Z") == 86401
    assert civil_from_days(parse_date("2024-02-29")) == "2024-02-29"
    assert iso_duration(3723) == "PT1H2M3S" and iso_duration(0) == "PT0S"
    for bad in ("2026-02-30", "2026-13-01", "29/11/2026", "", None):
        with pytest.raises(ValueError):
            parse_date(bad)
    with pytest.raises(ValueError):
        normalize_iso("2026-11-29 16:30:17")


@pytest.mark.parametrize("fields,errors", [
    ({"name": "  Jane   Doe ", "id": " 9123 ", "unit": "Patrol Area 2"}, {}),
    ({"name": "José Nguyễn", "id": "ps-0456", "unit": "Records & ID (Day)"}, {}),
    ({"name": "", "id": "", "unit": ""}, {"name", "id", "unit"}),
    ({"name": "Jane<script>", "id": "12;3", "unit": "Patrol=1"}, {"name", "id", "unit"}),
    ({"name": "Jane Doe", "id": "ABC", "unit": "P"}, {"id", "unit"}),
    ({"name": "Jane\u00a0Doe", "id": "9123", "unit": "Patrol\u2003Area 2"}, {}),
    ({"name": "Jane\x1b[31mDoe", "id": "9123\r\n", "unit": "Patrol"}, {"name"}),
    ({"name": "Jane\u202eeoD", "id": "9123", "unit": "Patrol\u200b2"}, {"name", "unit"}),
])
def test_member_details_are_checked(fields, errors):
    member, found = check_member(fields)
    assert set(found) == set(errors)
    if not errors:  # cleaned: Unicode spaces become one plain space, in both runtimes
        assert member["name"] == " ".join(fields["name"].split())
        assert member["unit"] == " ".join(fields["unit"].split())
        assert member["id"] == fields["id"].strip().upper()


# ---------------------------------------------------------------- session (the page's steps)

def test_fail_then_retake_with_new_draw_after_the_waiting_time():
    state = take_quiz(BANK, wrong=4)
    assert state["phase"] == "result" and state["record"]["result"] == "failed"
    first = [i["id"] for i in state["drawn"]]
    with pytest.raises(session.QuizError):
        session.sign(state, BANK, True, "2026-11-02T09:20:00Z")
    with pytest.raises(session.QuizError, match="waiting time"):
        session.retake(state, BANK, "2026-11-02T09:20:00Z", 99)
    session.retake(state, BANK, "2026-11-02T10:14:05Z", 99)  # 60 minutes after finishing
    assert state["attempt"] == 2 and state["phase"] == "question" and state["answers"] == []
    assert len(set(first) & {i["id"] for i in state["drawn"]}) <= 3


def test_answer_errors_are_messages_for_the_member():
    state = session.new_state(BANK)
    session.start(state, BANK, MEMBER, "2026-11-02T09:00:00Z", 1)
    question, item = session.current(state, BANK)
    with pytest.raises(session.QuizError, match="Choose"):
        session.answer(state, BANK, [])
    with pytest.raises(session.QuizError, match="not one of the options"):
        session.answer(state, BANK, ["zz"])
    if question["kind"] != "multiple":
        with pytest.raises(session.QuizError, match="exactly one"):
            session.answer(state, BANK, item["options"][:2])
    with pytest.raises(session.QuizError, match="not available"):
        session.next_step(state, BANK, "2026-11-02T09:01:00Z")


def test_sign_needs_the_confirmation_box():
    state = take_quiz(BANK, sign_at=None)
    with pytest.raises(session.QuizError, match="Tick the box"):
        session.sign(state, BANK, False, "2026-11-02T09:16:00Z")
    session.sign(state, BANK, True, "2026-11-02T09:16:00Z")
    assert state["phase"] == "signed" and session.pending_downloads(state) == ["json", "csv", "xapi"]
    session.mark_downloaded(state, "json")
    assert session.pending_downloads(state) == ["csv", "xapi"]


def restore(state, bank=BANK, now="2026-11-02T09:30:00Z"):
    return session.restore_text(json.dumps(state), bank, now)


def test_restore_continues_a_saved_attempt_after_json_round_trip():
    state = session.new_state(BANK)
    session.start(state, BANK, MEMBER, "2026-11-02T09:00:00Z", 5)
    question, _ = session.current(state, BANK)
    session.answer(state, BANK, correct_ids(question))
    restored, notice, set_aside = restore(state)
    assert notice is None and set_aside is None and restored == state


@pytest.mark.parametrize("text,reason", [
    ("{not json", "damaged and cannot be read"), ('{"phase": "question"}', "missing field"),
    ('{"schema": 99}', "missing field"), ("[]", "not an object")])
def test_restore_sets_aside_damaged_state(text, reason):
    state, notice, set_aside = session.restore_text(text, BANK, "2026-11-02T09:30:00Z")
    assert state["phase"] == "member" and reason in notice and set_aside == text


def test_restore_after_bank_update_keeps_member_ledger_or_signed_record():
    state = take_quiz(BANK, sign_at=None)
    newer = dict(BANK, version="000000000000")
    restored, notice, _ = restore(state, newer)
    assert restored["phase"] == "member" and restored["member"] == MEMBER and "updated" in notice
    # The passed but unsigned attempt is void: it no longer counts.
    assert restored["ledger"][MEMBER["id"]]["used"] == 0
    signed = take_quiz(BANK)
    kept, notice, _ = restore(signed, newer)
    assert kept["phase"] == "signed" and notice is None


def test_restore_rejects_inconsistent_progress():
    state = session.new_state(BANK)
    session.start(state, BANK, MEMBER, "2026-11-02T09:00:00Z", 5)
    state["answers"] = [["a"], ["b"]]  # two answers while question 1 is still open
    restored, notice, _ = restore(state)
    assert restored["phase"] == "member" and "number of answers" in notice
    assert restored["ledger"][MEMBER["id"]]["used"] == 1  # the begun attempt still counts


def test_wrong_answer_helper_is_wrong():
    for question in BANK["questions"]:
        options = [o["id"] for o in question["options"]]
        assert wrong_answer(question, {"options": options}) != correct_ids(question)
