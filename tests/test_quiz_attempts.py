"""Attempts like a real assessment (issue 11, item 3), in the engine (quiz.attempts,
quiz.session) and the bank loader: the settings are checked with file:line, the number of
attempts and the waiting time hold across every step, and what "can come back" means is
exactly what quiz.draw can do."""
import json
import os

import pytest

from model.tools.orders import SourceError, load_orders
from quiz import attempts, session
from quiz.bank import question_parts
from quiz.draw import draw_questions
from quiz.rng import Random
from quiz.tools.bank import BANK_DIR, load_bank
from test_quiz_helpers import MEMBER, ROOT, current_bank, take_quiz, wrong_answer
from web import quiz_view

BANK = current_bank()
ORDERS = load_orders(os.path.join(ROOT, "policies"))
FINISHED = "2026-11-02T09:14:05Z"  # when take_quiz's attempts end
HOUR = 3600


def iso(seconds_after_finish):
    from quiz.clock import epoch_seconds, iso_from_epoch
    return iso_from_epoch(epoch_seconds(FINISHED) + seconds_after_finish)


# ---------------------------------------------------------------- the bank's settings

def bank_with(tmp_path, settings):
    with open(os.path.join(BANK_DIR, "dgo-i-19.yaml"), encoding="utf-8") as handle:
        text = handle.read()
    start = text.index("attempts:\n")
    end = text.index("\n", text.index("later_wait_minutes")) + 1
    path = tmp_path / "dgo-i-19.yaml"
    path.write_text(text[:start] + settings + text[end:], encoding="utf-8")
    return str(path)


def test_the_real_bank_states_its_attempt_settings():
    assert BANK["attempts"] == {"allowed": 3, "wait_minutes": 60, "later_wait_minutes": 1440}


@pytest.mark.parametrize("settings,message", [
    ("attempts: 3\n", r"attempts: must be a mapping with allowed, wait_minutes, later_wait_minutes"),
    ("attempts:\n  allowed: 0\n  wait_minutes: 60\n  later_wait_minutes: 60\n",
     r"attempts\.allowed: must be a whole number of attempts from 1 to 10, got 0"),
    ("attempts:\n  allowed: 3\n  wait_minutes: -5\n  later_wait_minutes: 60\n",
     r"attempts\.wait_minutes: must be a whole number of minutes \(a week at most\) from 0 to 10080"),
    ("attempts:\n  allowed: 3\n  wait_minutes: 60\n  later_wait_minutes: 1.5\n",
     r"attempts\.later_wait_minutes: must be a whole number"),
    ("attempts:\n  allowed: true\n  wait_minutes: 60\n  later_wait_minutes: 60\n",
     r"attempts\.allowed: must be a whole number"),
    ("attempts:\n  allowed: 3\n  wait_minutes: 60\n", r"attempts\.later_wait_minutes: missing required field"),
    ("attempts:\n  allowed: 3\n  wait_minutes: 60\n  later_wait_minutes: 60\n  unlimited: yes\n",
     r"attempts\.unlimited: unknown key"),
])
def test_bad_attempt_settings_fail_with_file_line_and_field(tmp_path, settings, message):
    with pytest.raises(SourceError, match=r"dgo-i-19\.yaml:\d+: " + message):
        load_bank(bank_with(tmp_path, settings), ORDERS)


# ---------------------------------------------------------------- "can come back"

def next_draw_repeats(bank, seen, seeds=range(200)):
    """Every seen question some next draw (over many seeds) actually takes again."""
    repeats = set()
    for seed in seeds:
        repeats |= {item["id"] for item in draw_questions(bank, Random(seed), avoid=seen)} & set(seen)
    return repeats


@pytest.mark.parametrize("attempt_seeds", [(1,), (2, 3), (4, 5, 6), (7, 8, 9, 10)])
def test_returning_covers_every_question_the_next_draw_can_repeat(attempt_seeds):
    seen = []
    for seed in attempt_seeds:
        drawn = [item["id"] for item in draw_questions(BANK, Random(seed), avoid=seen)]
        seen += [qid for qid in drawn if qid not in seen]
    returning = attempts.returning(BANK, seen, drawn, next_possible=True)
    repeats = next_draw_repeats(BANK, seen)
    assert repeats & set(drawn) <= set(returning)       # sound: nothing comes back unannounced
    # questions come back only once a part has fewer unseen questions than a draw needs
    short = [part for part in BANK["parts"]
             if len([q for q in BANK["questions"] if part in question_parts(q)
                     and q["id"] not in seen]) < BANK["draw"]["per_part"]]
    assert bool(returning) == bool(short), (short, returning)
    assert attempts.returning(BANK, seen, drawn, next_possible=False) == []


def test_returning_is_exactly_the_parts_short_of_unseen_questions():
    seen = [item["id"] for item in draw_questions(BANK, Random(1))]
    unseen = [q for q in BANK["questions"] if q["id"] not in seen]
    short = {p for p in BANK["parts"]
             if len([q for q in unseen if p in question_parts(q)]) < BANK["draw"]["per_part"]}
    questions = {q["id"]: q for q in BANK["questions"]}
    expected = [qid for qid in seen if set(question_parts(questions[qid])) & short]
    assert attempts.returning(BANK, seen, seen, True) == expected


def test_everything_can_come_back_when_too_few_unseen_questions_are_left():
    seen = [q["id"] for q in BANK["questions"]][:-BANK["draw"]["size"] + 1]
    assert attempts.returning(BANK, seen, seen[:15], True) == seen[:15]


# ---------------------------------------------------------------- attempts and waiting

def test_three_attempts_with_a_wait_after_each_failure_then_none():
    state = take_quiz(BANK, wrong=5)
    assert session.attempts_left(state, BANK) == 2
    assert session.wait_left(state, BANK, iso(0)) == HOUR
    with pytest.raises(session.QuizError, match="waiting time"):
        session.retake(state, BANK, iso(HOUR - 1), 2)
    session.retake(state, BANK, iso(HOUR), 2)
    finish_attempt(state, wrong=5, at=iso(HOUR + 600))
    assert session.wait_left(state, BANK, iso(HOUR + 600)) == 24 * HOUR  # later_wait_minutes
    with pytest.raises(session.QuizError, match="waiting time"):
        session.retake(state, BANK, iso(HOUR + 600 + 24 * HOUR - 1), 3)
    session.retake(state, BANK, iso(HOUR + 600 + 24 * HOUR), 3)
    assert session.held_back(state, BANK) == []  # the last attempt: nothing can come back
    finish_attempt(state, wrong=5, at=iso(30 * HOUR))
    assert session.attempts_left(state, BANK) == 0 and session.finished(state, BANK)
    with pytest.raises(session.QuizError, match="used all 3 attempts"):
        session.retake(state, BANK, iso(100 * HOUR), 4)
    assert state["record"]["attempt"] == 3


def finish_attempt(state, wrong, at):
    for i in range(len(state["drawn"])):
        question, item = session.current(state, BANK)
        chosen = wrong_answer(question, item) if i < wrong else [o["id"] for o in question["options"] if o["correct"]]
        session.answer(state, BANK, chosen)
        session.next_step(state, BANK, at)


def test_starting_over_keeps_attempts_and_waiting_time():
    state = take_quiz(BANK, wrong=5)
    session.start_over(state, BANK, iso(60))
    assert state["member"] is None and state["record"] is None
    assert session.start(state, BANK, MEMBER, iso(120), 9) == {}
    assert state["phase"] == "review" and session.wait_left(state, BANK, iso(120)) == HOUR - 120
    with pytest.raises(session.QuizError, match="waiting time"):
        session.retake(state, BANK, iso(120), 9)


def test_starting_over_mid_attempt_counts_it_and_starts_the_wait():
    state = session.new_state(BANK)
    session.start(state, BANK, MEMBER, iso(0), 3)
    session.start_over(state, BANK, iso(30))
    known = state["ledger"][MEMBER["id"]]
    assert known["used"] == 1 and known["ended"] == iso(30) and known["review"]
    session.start(state, BANK, MEMBER, iso(60), 4)
    assert state["phase"] == "review" and session.wait_left(state, BANK, iso(60)) == HOUR - 30


def test_another_member_on_the_same_device_has_their_own_attempts():
    state = take_quiz(BANK, wrong=5)
    session.start_over(state, BANK, iso(60))
    other = {"name": "Sam Other", "id": "7001", "unit": "Traffic"}
    session.start(state, BANK, other, iso(61), 5)
    assert state["phase"] == "question" and state["attempt"] == 1
    assert sorted(state["ledger"]) == ["7001", MEMBER["id"]]


def test_a_new_order_version_starts_a_new_count():
    state = take_quiz(BANK, wrong=5)
    newer = json.loads(json.dumps(BANK))
    newer["order"]["version"] = "111111111111"
    session.start_over(state, newer, iso(60))
    session.start(state, newer, MEMBER, iso(61), 5)
    assert state["phase"] == "question" and state["attempt"] == 1


def test_the_ledger_keeps_the_most_recent_members_of_a_shared_device():
    ledger = {}
    for n in range(session.MAX_LEDGER + 5):
        entry = attempts.new_entry(BANK)
        entry.update(used=1, ended=iso(n))
        ledger["%d" % (1000 + n)] = entry
        if len(ledger) > session.MAX_LEDGER:
            ledger.pop(sorted(ledger, key=lambda k: ledger[k]["ended"])[0])
    state = session.new_state(BANK, ledger=dict(ledger))
    session.start(state, BANK, MEMBER, iso(10 ** 6), 1)
    assert len(state["ledger"]) == session.MAX_LEDGER and MEMBER["id"] in state["ledger"]
    assert "1005" not in state["ledger"] and "1006" in state["ledger"]  # the oldest went


def test_a_clock_set_back_neither_skips_nor_blocks_the_wait():
    state = take_quiz(BANK, wrong=5)
    text = json.dumps(state)
    earlier = iso(-10 * HOUR)  # the device clock was set back ten hours
    restored, notice, _ = session.restore_text(text, BANK, earlier)
    assert notice is None and restored["ledger"][MEMBER["id"]]["ended"] == earlier
    assert session.wait_left(restored, BANK, earlier) == HOUR


# ---------------------------------------------------------------- what the page shows

def ui(now):
    return {"root": "../", "now": now}


def test_feedback_holds_back_answers_that_can_come_back():
    state = session.new_state(BANK)
    # as after earlier attempts that used up all but one of part E's questions: this draw
    # has to take seen E questions, and the next one will take them again
    part_e = [q["id"] for q in BANK["questions"] if "E" in question_parts(q)]
    state["member"] = dict(MEMBER)
    session.entry(state, BANK)["seen"] = part_e[:-1]
    session.start(state, BANK, MEMBER, iso(0), 7)
    held = session.held_back(state, BANK)
    assert held
    shown = 0
    for _ in range(len(state["drawn"])):
        question, item = session.current(state, BANK)
        session.answer(state, BANK, wrong_answer(question, item))
        screen = quiz_view.render(state, BANK, ui(iso(0)))
        correct_texts = [o["text"] for o in question["options"] if o["correct"]]
        if question["id"] in held:
            assert "Answer saved" in screen and "Correct answer" not in screen
            assert question["explanation"] not in screen
        else:
            shown += 1
            assert "Not quite" in screen and "Correct answer" in screen
            assert any(quiz_view.esc(text) in screen for text in correct_texts)
        session.next_step(state, BANK, iso(600))
    assert shown == len(state["drawn"]) - len(held)
    result = quiz_view.render(state, BANK, ui(iso(600)))
    assert result.count("Held back") == len(held) and "You can begin attempt 2 of 3" in result


def test_the_end_shows_every_answer_including_earlier_held_ones():
    state = take_quiz(BANK, wrong=15)
    held_first = list(session.held_back(state, BANK))
    session.retake(state, BANK, iso(HOUR), 2)
    finish_attempt(state, wrong=15, at=iso(2 * HOUR))
    session.retake(state, BANK, iso(27 * HOUR), 3)
    finish_attempt(state, wrong=15, at=iso(28 * HOUR))
    screen = quiz_view.render(state, BANK, ui(iso(28 * HOUR)))
    assert "Held back" not in screen and "You have used all 3 attempts" in screen
    questions = {q["id"]: q for q in BANK["questions"]}
    for qid in held_first:
        assert quiz_view.esc(questions[qid]["explanation"]) in screen


def test_the_member_screen_renders_at_build_time_with_the_attempt_rules():
    screen = quiz_view.member_screen(session.new_state(BANK), BANK, {})
    assert 'data-form="start"' in screen and "You have 3 attempts" in screen
    assert "1 hour later (24 hours after a second one)" in screen
    assert "Start over" not in screen
