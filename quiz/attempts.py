"""Attempts like a real assessment (as Moodle's quiz offers them): a number of attempts per
member, a waiting time after an attempt that did not pass, and answers held back while they
could still help in a later attempt.

The bank's settings (quiz/bank/<slug>.yaml, checked by quiz/tools/bank_settings.py):
    attempts: {allowed: 3, wait_minutes: 60, later_wait_minutes: 1440}
wait_minutes follows the first attempt that did not pass, later_wait_minutes every later one.

The ledger: what the device keeps of each member's attempts (state["ledger"], keyed by
member ID) so that reloading, closing the tab, starting over or clearing a record changes
nothing: {"order": order version, "used": attempts begun, "ended": when the last attempt
that did not pass ended (or null), "review": section ids missed then, "seen": question ids
drawn so far (the draw's `avoid`), "held": ids whose answers were held back, "passed"}.
A new order version (new text to sign) starts a new ledger entry.

"Can come back": quiz.draw prefers questions not yet seen, and takes a seen one only when
(a) a part has fewer unseen questions than the draw's per_part, for a question testing that
part, or (b) fewer unseen questions are left than an attempt's size. So a question of the
current attempt can come back in the next draw exactly when a next attempt is possible and
(a) or (b) holds for it, with every question drawn so far counted as seen (returning below).
The page holds back the right answer and explanation of those questions until the end (a
pass, or the last attempt used); the others are explained as the member goes. In the last
attempt nothing can come back, so everything is explained at once.

What a member can and cannot get around on their own device (there is no server: nothing
leaves the device, by design):
- Holds: reloading, closing the tab, going offline, a new version of the site, "Start over"
  (mid-attempt it counts as an attempt that did not pass, and the wait runs), clearing a
  signed record, damaged or edited saved progress (the ledger is kept when it checks on its
  own; a damaged attempt stays counted), setting the device clock back (the wait then runs
  from the new "now"). Members sharing a device each have their own count (by member ID).
- Does not hold: clearing the site's data, a private window, another browser or device, or
  editing the ledger with developer tools starts a fresh count; setting the clock forward
  shortens the wait; another member ID gives another count (but the record then names
  someone else, and the report matches records to the roster); the bank the page loads
  contains the answers, readable by a member who goes looking.
What the Training Division can rely on is the record: `python -m quiz verify` refuses an
attempt number beyond the limit and tells a failed attempt from a pass. The settings make
guessing and rapid retakes cost time for a member acting in good faith; they are not a lock.
"""
from quiz.bank import question_parts
from quiz.clock import epoch_seconds

ENTRY_KEYS = ("order", "used", "ended", "review", "seen", "held", "passed")


def settings(bank):
    """(allowed, wait_minutes, later_wait_minutes) of the bank."""
    rules = bank["attempts"]
    return rules["allowed"], rules["wait_minutes"], rules["later_wait_minutes"]


def new_entry(bank):
    return {"order": bank["order"]["version"], "used": 0, "ended": None, "review": [],
            "seen": [], "held": [], "passed": False}


def left(entry, bank):
    """Attempts the member may still begin."""
    return max(0, settings(bank)[0] - entry["used"])


def wait_seconds(entry, bank):
    """Seconds to wait after the last attempt that did not pass (0 when none did)."""
    if entry["ended"] is None or entry["passed"] or not entry["used"]:
        return 0
    _allowed, first, later = settings(bank)
    return 60 * (first if entry["used"] == 1 else later)


def retake_at(entry, bank):
    """Epoch seconds from which the next attempt may begin (None: no waiting time)."""
    wait = wait_seconds(entry, bank)
    return epoch_seconds(entry["ended"]) + wait if wait else None


def waiting(entry, bank, now):
    """Seconds still to wait at now (an ISO time); 0 when a retake may begin."""
    at = retake_at(entry, bank)
    return 0 if at is None else max(0, at - epoch_seconds(now))


def returning(bank, seen, drawn_ids, next_possible):
    """The ids among drawn_ids that can come back in the next draw (see the module notes)."""
    if not next_possible:
        return []
    unseen = [q for q in bank["questions"] if q["id"] not in seen]
    if len(unseen) < bank["draw"]["size"]:
        return list(drawn_ids)
    per_part = bank["draw"]["per_part"]
    short = [part for part in bank["parts"]
             if len([q for q in unseen if part in question_parts(q)]) < per_part]
    by_id = {}
    for question in bank["questions"]:
        by_id[question["id"]] = question
    return [qid for qid in drawn_ids if qid in by_id
            and [part for part in question_parts(by_id[qid]) if part in short]]
