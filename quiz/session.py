"""One member's way through the quiz, as a JSON-able state the page saves after every step.

phases: member (enter name, ID, unit) -> question -> feedback -> … -> result
        result (passed) -> sign -> signed
        result (did not pass) -> [waiting time] -> retake -> question …
        member -> review (a member with earlier attempts: the sections missed, the waiting
                  time, or "no attempts left") -> retake -> question …
The page (web/quiz_app.py) and any other front end (an LMS adapter) render a state and call
one of these steps: start, answer, next_step, retake, sign, start_over, mark_downloaded, and
restore_text when loading saved progress. Each step changes the state in place and raises
QuizError with a message fit for the member when the step is not possible. Times are ISO
UTC texts passed in by the caller ("now"), so the steps are plain, testable functions.

The state is compact, versioned (SCHEMA) and checked on load (quiz.state_check): saved
progress that fails is set aside whole for the member to download, and the quiz starts
fresh, keeping what still checks (the attempt ledger, the member's details, a signed record).
The attempt ledger (quiz.attempts) survives every step, including start_over: attempts used
and the waiting time do not reset when the member reloads, starts over or clears a record.
"""
import json

from quiz import attempts, changes, state_check
from quiz.bank import question_map
from quiz.clock import epoch_seconds
from quiz.grade import grade
from quiz.member import check_member
from quiz.record import attest, build_record, seal
from quiz.rng import Random

SCHEMA = state_check.SCHEMA
MAX_LEDGER = state_check.MAX_LEDGER
# Saved progress is a few kilobytes; anything far larger is not ours and is not parsed.
MAX_SAVED_CHARS = 300000
DOWNLOAD_KINDS = ("json", "csv", "xapi")


class QuizError(Exception):
    """A step that cannot be taken now; str() is shown to the member."""


def new_state(bank, member=None, ledger=None):
    return {"schema": SCHEMA, "slug": bank["slug"], "bank_version": bank["version"],
            "phase": "member", "member": member, "attempt": 0, "drawn": [], "answers": [],
            "index": 0, "started_at": None, "finished_at": None, "record": None,
            "downloaded": [], "ledger": ledger or {}, "scope": None}


# ---------------------------------------------------------------- the ledger

def entry(state, bank):
    """The ledger entry of the state's member (created, or renewed for a new order version)."""
    member_id = state["member"]["id"]
    ledger = state["ledger"]
    found = ledger.get(member_id)
    if found is None or found["order"] != bank["order"]["version"]:
        _make_room(ledger, member_id)
        found = attempts.new_entry(bank)
        ledger[member_id] = found
    return found


def _make_room(ledger, keep):
    # A shared station computer sees many members; the oldest entries go first.
    while len(ledger) >= MAX_LEDGER:
        oldest = sorted((ledger[mid]["ended"] or "", mid) for mid in ledger if mid != keep)
        if not oldest:
            return
        del ledger[oldest[0][1]]


def attempts_left(state, bank):
    return attempts.left(entry(state, bank), bank)


def attempts_used(state, bank):
    """Attempts the state's member has begun on this order version (0 before the details)."""
    return entry(state, bank)["used"] if state["member"] is not None else 0


def wait_left(state, bank, now):
    """Seconds before the member may begin the next attempt (0: now)."""
    return attempts.waiting(entry(state, bank), bank, now)


def held_back(state, bank):
    """Ids of the current attempt's questions whose answers are held back until the end
    because they can come back in the next draw (quiz.attempts explains "can come back")."""
    if not state["drawn"] or state["member"] is None:
        return []
    known = entry(state, bank)
    next_possible = state["attempt"] < attempts.settings(bank)[0]
    return attempts.returning(changes.pool(bank, state.get("scope")), known["seen"],
                              [item["id"] for item in state["drawn"]], next_possible)


def finished(state, bank):
    """True when the quiz is over for this member: passed, or no attempt left after one
    that did not pass. Then every answer and explanation is shown."""
    if state["phase"] == "signed":
        return True
    if state["phase"] not in ("result", "review") or state["member"] is None:
        return False
    known = entry(state, bank)
    return known["passed"] or attempts.left(known, bank) == 0


# ---------------------------------------------------------------- the steps

def start(state, bank, fields, now, seed, since=None):
    """Check the member's details; begin an attempt, or show a returning member the sections
    to review first (and any waiting time). Returns {field: message} (empty when done).
    since: the order version the member signed before (a changes attempt), or None."""
    _expect(state, ("member",))
    member, errors = check_member(fields)
    if errors:
        return errors
    scope = changes.scope_for(bank, since)
    if scope is None:
        raise QuizError("That earlier version is not offered any more; choose again.")
    state["member"] = member
    state["scope"] = scope
    known = entry(state, bank)
    if (known["used"] and not known["passed"]) or not attempts.left(known, bank):
        state["phase"] = "review"
    else:
        _begin_attempt(state, bank, now, seed)
    return {}


def _begin_attempt(state, bank, now, seed):
    known = entry(state, bank)
    if not attempts.left(known, bank):
        raise QuizError(_no_attempts_left(bank))
    drawn = changes.draw(bank, Random(seed), state.get("scope"), avoid=known["seen"])
    # Counted when it begins, so closing the tab or starting over cannot give it back.
    known["used"] += 1
    known["passed"] = False
    known["seen"] = known["seen"] + [item["id"] for item in drawn if item["id"] not in known["seen"]]
    state.update({"phase": "question", "attempt": known["used"], "drawn": drawn, "answers": [],
                  "index": 0, "started_at": now, "finished_at": None, "record": None,
                  "downloaded": []})


def _no_attempts_left(bank):
    return ("You have used all %d attempts. The Training Division decides what happens next."
            % attempts.settings(bank)[0])


def current(state, bank):
    """(question, drawn item) being asked or just answered."""
    item = state["drawn"][state["index"]]
    return question_map(bank)[item["id"]], item


def answer(state, bank, chosen):
    """Record the options chosen for the current question and move to its feedback."""
    _expect(state, ("question",))
    question, item = current(state, bank)
    chosen = sorted(set(chosen))
    if not chosen:
        raise QuizError("Choose an answer first." if question["kind"] != "multiple"
                        else "Choose at least one answer.")
    if [option for option in chosen if option not in item["options"]]:
        raise QuizError("That answer is not one of the options; please choose again.")
    if question["kind"] != "multiple" and len(chosen) != 1:
        raise QuizError("Choose exactly one answer.")
    state["answers"] = state["answers"] + [chosen]
    state["phase"] = "feedback"


def next_step(state, bank, now):
    """After feedback: the next question, or the result once all are answered."""
    _expect(state, ("feedback",))
    if state["index"] + 1 < len(state["drawn"]):
        state["index"] += 1
        state["phase"] = "question"
        return
    held = held_back(state, bank)
    state["finished_at"] = now
    # Sealed now, so an attempt that did not pass is a verifiable record too (the member may
    # download it); a pass is sealed again when the attestation is added.
    state["record"] = seal(changes.stamp(build_record(
        bank, state["member"], state["attempt"], state["drawn"], state["answers"],
        state["started_at"], now), state.get("scope")))
    state["phase"] = "result"
    known = entry(state, bank)
    if state["record"]["result"] == "passed":
        known["passed"] = True
    else:
        _close_attempt(known, held, missed_sections(state, bank), now)


def _close_attempt(known, held, review, now):
    """An attempt that did not pass has ended: the waiting time runs from now."""
    known["ended"] = now
    known["review"] = review
    known["held"] = known["held"] + [qid for qid in held if qid not in known["held"]]


def missed_sections(state, bank):
    """Section ids cited by the attempt's questions not answered correctly (or not at all)."""
    questions = question_map(bank)
    marks = grade(bank, state["drawn"][:len(state["answers"])], state["answers"])["marks"]
    missed = []
    for n, item in enumerate(state["drawn"]):
        if n >= len(marks) or not marks[n]:
            missed += [sid for sid in questions[item["id"]]["cites"] if sid not in missed]
    return sorted(missed)


def retake(state, bank, now, seed):
    """A new attempt with a new draw (questions not yet seen come first), once the waiting
    time after the last attempt is over and while attempts are left."""
    _expect(state, ("result", "review"))
    if state["phase"] == "result" and state["record"]["result"] == "passed":
        raise QuizError("You have passed; confirm the attestation to finish.")
    if not attempts_left(state, bank):
        raise QuizError(_no_attempts_left(bank))
    if wait_left(state, bank, now):
        raise QuizError("The waiting time after your last attempt is not over yet; the page "
                        "shows when you can begin the next one.")
    _begin_attempt(state, bank, now, seed)


def sign(state, bank, confirmed, now):
    """The member confirms the attestation: the record is completed and sealed."""
    _expect(state, ("result",))
    if state["record"]["result"] != "passed":
        raise QuizError("Only a passed quiz can be signed off.")
    if not confirmed:
        raise QuizError("Tick the box to confirm the attestation.")
    state["record"] = seal(attest(state["record"], bank["attestation"], now))
    state["phase"] = "signed"


def start_over(state, bank, now):
    """The member's "Start over" (always offered): the details, answers and any record are
    dropped from the state; the ledger is kept. An attempt in progress ends and counts as one
    that did not pass (its waiting time runs from now), as an abandoned attempt does in an
    assessment: otherwise starting over would be a free new draw."""
    if state["phase"] in ("question", "feedback") and state["member"] is not None:
        _close_attempt(entry(state, bank), held_back(state, bank), missed_sections(state, bank), now)
    fresh = new_state(bank, ledger=state["ledger"])
    state.clear()
    state.update(fresh)


def mark_downloaded(state, kind):
    if kind not in state["downloaded"]:
        state["downloaded"] = state["downloaded"] + [kind]


def pending_downloads(state, kinds=DOWNLOAD_KINDS):
    return [kind for kind in kinds if kind not in state["downloaded"]]


def progress(state):
    """(number of the question shown, questions in the attempt, answered so far)."""
    return state["index"] + 1, len(state["drawn"]), len(state["answers"])


def _expect(state, phases):
    if state["phase"] not in phases:
        raise QuizError("That step is not available now; the page has been refreshed.")


# ---------------------------------------------------------------- loading saved progress

UPDATED = ("The quiz was updated since you started, so it starts again with the new "
           "questions; the attempt you had begun does not count.")
SET_ASIDE = ("Your saved progress could not be used (%s), so the quiz starts fresh. The saved "
             "data has been set aside: you can download it below (for example to send it to "
             "the Training Division).")
SALVAGED = ("Part of your saved progress could not be used (%s) and has been set aside: you "
            "can download it below. Your signed record was checked and is kept.")


def restore_text(text, bank, now):
    """(state, notice, set_aside) from the text the page saved (None when nothing was saved).

    notice is None when the saved progress continues as it was; set_aside is the saved text
    when it could not be used as it was (the caller keeps it for the member to download).
    Never raises on bad input: everything that fails is a reason in the notice.
    """
    if text is None or not text.strip():  # nothing saved (or nothing worth keeping)
        return new_state(bank), None, None
    if len(text) > MAX_SAVED_CHARS:
        return _set_aside(None, bank, now, "it is larger than saved progress can be", text)
    try:
        saved = json.loads(text)
    except ValueError:  # MicroPython raises ValueError for every malformed text
        return _set_aside(None, bank, now, "it is damaged and cannot be read", text)
    except RuntimeError:  # CPython's RecursionError on deep nesting (MicroPython's parser copes)
        return _set_aside(None, bank, now, "it is nested far more deeply than saved progress is", text)
    problems = state_check.problems(saved, bank)
    if problems:
        return _set_aside(saved, bank, now, problems[0], text)
    _clock_went_back(saved["ledger"], now)
    return _continue(saved, bank)


def _clock_went_back(ledger, now):
    """An attempt that "ended" after now means the device clock was set back: the waiting
    time then runs from now, so setting the clock back neither skips it nor blocks forever."""
    for member_id in ledger:
        ended = ledger[member_id]["ended"]
        if ended is not None and epoch_seconds(ended) > epoch_seconds(now):
            ledger[member_id]["ended"] = now


def _continue(saved, bank):
    if saved["bank_version"] == bank["version"] or saved["phase"] == "signed":
        return saved, None, None
    # The bank changed under the saved state (a new version of the site): its questions may
    # be gone. A begun or passed-but-unsigned attempt is void; one that ended stays counted.
    state = new_state(bank, saved["member"], saved["ledger"])
    if saved["phase"] in ("question", "feedback") or (
            saved["phase"] == "result" and saved["record"]["result"] == "passed"):
        known = entry(state, bank)
        known["used"] = max(0, known["used"] - 1)
        known["passed"] = False
    return state, UPDATED, None


def _set_aside(saved, bank, now, reason, text):
    """A fresh state keeping what still checks on its own; the notice names the reason."""
    ledger = {}
    member = None
    if isinstance(saved, dict):
        if not state_check.ledger_problems(saved.get("ledger")):
            ledger = saved["ledger"]
        if not state_check.member_problems(saved.get("member")):
            member = saved["member"]
    # An attempt that was in progress stays counted (no free new draw); its entry keeps
    # "ended" null, so no waiting time applies to it.
    if ledger:
        _clock_went_back(ledger, now)
    state = new_state(bank, member, ledger)
    record = saved.get("record") if isinstance(saved, dict) else None
    if isinstance(saved, dict) and saved.get("phase") == "signed" and \
            not state_check.signed_record_problems(record, bank):
        state.update({"phase": "signed", "record": record})
        return state, SALVAGED % reason, text
    return state, SET_ASIDE % reason, text

