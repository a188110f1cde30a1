"""One member's way through the quiz, as a JSON-able state the page saves after every step.

phases: member (enter name, ID, unit) -> question -> feedback -> … -> result
        result (failed) -> retake -> question …;  result (passed) -> sign -> signed
The page renders a state and calls one of these steps; each step changes the state in place
and raises QuizError with a message fit for the member when the step is not possible.
A signed record stays in the state until the member clears it, so it survives reloads,
closed tabs and updates of the bank (the record is self-contained).
"""
from quiz import changes
from quiz.bank import question_map
from quiz.member import check_member
from quiz.record import attest, build_record, seal
from quiz.rng import Random

SCHEMA = 1
PHASES = ("member", "question", "feedback", "result", "signed")
STATE_KEYS = ("schema", "slug", "bank_version", "phase", "member", "attempt", "seen", "drawn",
              "answers", "index", "started_at", "finished_at", "record", "downloaded")


class QuizError(Exception):
    """A step that cannot be taken now; str() is shown to the member."""


def new_state(bank, member=None):
    return {"schema": SCHEMA, "slug": bank["slug"], "bank_version": bank["version"],
            "phase": "member", "member": member, "attempt": 0, "seen": [], "drawn": [],
            "answers": [], "index": 0, "started_at": None, "finished_at": None,
            "record": None, "downloaded": [], "scope": None}


def start(state, bank, fields, now, seed, since=None):
    """Check the member's details and draw the first attempt; returns {field: message}.
    since: the order version the member signed before (a changes attempt), or None."""
    _expect(state, ("member",))
    member, errors = check_member(fields)
    scope = changes.scope_for(bank, since)
    if scope is None:
        raise QuizError("That earlier version is not offered any more; choose again.")
    if not errors:
        state["member"] = member
        state["scope"] = scope
        _begin_attempt(state, bank, now, seed)
    return errors


def _begin_attempt(state, bank, now, seed):
    drawn = changes.draw(bank, Random(seed), state.get("scope"), avoid=state["seen"])
    state["attempt"] += 1
    state["seen"] = state["seen"] + [item["id"] for item in drawn if item["id"] not in state["seen"]]
    state.update({"phase": "question", "drawn": drawn, "answers": [], "index": 0,
                  "started_at": now, "finished_at": None, "record": None})


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
    state["finished_at"] = now
    state["record"] = changes.stamp(build_record(bank, state["member"], state["attempt"],
                                                 state["drawn"], state["answers"],
                                                 state["started_at"], now), state.get("scope"))
    state["phase"] = "result"


def retake(state, bank, now, seed):
    """A failed attempt starts again with a new draw (questions not yet seen come first)."""
    _expect(state, ("result",))
    if state["record"]["result"] == "passed":
        raise QuizError("You have passed; confirm the attestation to finish.")
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


def mark_downloaded(state, kind):
    if kind not in state["downloaded"]:
        state["downloaded"] = state["downloaded"] + [kind]


def pending_downloads(state, kinds=("json", "csv", "xapi")):
    return [kind for kind in kinds if kind not in state["downloaded"]]


def progress(state):
    """(number of the question shown, questions in the attempt, answered so far)."""
    return state["index"] + 1, len(state["drawn"]), len(state["answers"])


def _expect(state, phases):
    if state["phase"] not in phases:
        raise QuizError("That step is not available now; the page has been refreshed.")


def restore(saved, bank):
    """(state, notice): a saved state made safe to continue, or a fresh one with the reason.

    notice is None when the saved state continues as it was.
    """
    if saved is None:
        return new_state(bank), None
    if not _well_formed(saved, bank):
        return new_state(bank), "Your saved progress could not be read, so the quiz starts again."
    if saved["phase"] == "signed" or saved["bank_version"] == bank["version"]:
        return saved, None
    # The bank changed under an unfinished attempt (a new version of the site): its questions
    # may be gone, so start again, keeping who the member is.
    return (new_state(bank, saved["member"]),
            "The quiz was updated since you started, so it starts again with the new questions.")


def _well_formed(saved, bank):
    if not isinstance(saved, dict) or [key for key in STATE_KEYS if key not in saved]:
        return False
    if saved["schema"] != SCHEMA or saved["slug"] != bank["slug"] or saved["phase"] not in PHASES:
        return False
    if saved["phase"] == "signed":
        return isinstance(saved["record"], dict) and "digest" in saved["record"]
    if saved["phase"] == "member" or saved["bank_version"] != bank["version"]:
        return True
    return _attempt_consistent(saved, bank)


def _attempt_consistent(saved, bank):
    questions = question_map(bank)
    drawn, answers, index = saved["drawn"], saved["answers"], saved["index"]
    if not isinstance(drawn, list) or not drawn or not isinstance(index, int):
        return False
    if [item for item in drawn if not isinstance(item, dict) or item.get("id") not in questions]:
        return False
    if not 0 <= index < len(drawn) or not isinstance(saved["member"], dict):
        return False
    answered = {"question": index, "feedback": index + 1, "result": len(drawn)}[saved["phase"]]
    return isinstance(answers, list) and len(answers) == answered and (
        saved["phase"] != "result" or isinstance(saved["record"], dict))
