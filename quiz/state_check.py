"""The schema of the quiz page's saved progress, checked before anything uses it.

Saved progress comes back from the browser's storage, which the member (or a broken
extension, or an older version of the page) may have changed. problems(saved, bank) returns
what is wrong in words ("field downloaded must be list, got text"), so quiz.session sets the
saved text aside and starts fresh with a notice instead of failing on it later. Three parts
are also checked on their own, so they can be kept when the rest fails: the attempt ledger,
the member's details and a signed record.

The state (schema 2):
    schema 2, slug, bank_version, phase (PHASES), member null | {name, id, unit},
    attempt (number of the current attempt), drawn [{id, options [option ids]}],
    answers [[option ids] per answered question], index, started_at, finished_at,
    record null | the record, downloaded [json|csv|xapi], ledger {member id: entry},
    scope (optional: absent in progress saved before it existed) null | a full or changes
    scope (quiz.changes)
(entries: quiz.attempts). Beyond the types, each phase has its consistency rules below.
"""
from quiz import changes
from quiz.attempts import ENTRY_KEYS
from quiz.bank import question_map
from quiz.clock import epoch_seconds, is_time
from quiz.member import member_rules, record_problems
from quiz.record import build_record, seal
from model.canonical import canonical_json
from quiz.verify import (FLAG, LIST, MAPPING, TEXT, WHOLE, digest_problems, field_problems,
                         is_kind, regrade_problems, shape_problems, too_deep)

SCHEMA = 2
MAX_LEDGER = 200
PHASES = ("member", "review", "question", "feedback", "result", "signed")
KINDS = ("json", "csv", "xapi")
STATE_FIELDS = (("schema", WHOLE), ("slug", TEXT), ("bank_version", TEXT), ("phase", TEXT),
                ("attempt", WHOLE), ("drawn", LIST), ("answers", LIST), ("index", WHOLE),
                ("downloaded", LIST), ("ledger", MAPPING))
NULLABLE = ("member", "started_at", "finished_at", "record")
OPTIONAL = ("scope",)
ENTRY_FIELDS = (("order", TEXT), ("used", WHOLE), ("review", LIST), ("seen", LIST),
                ("held", LIST), ("passed", FLAG))
# Bounds far above what the page writes (an attempt has tens of questions).
MAX_ITEMS = 500


def problems(saved, bank):
    """Everything wrong with saved progress for this bank, most basic first ([] when usable).
    A state saved for another version of the bank is checked only as far as it can be; the
    caller then starts again keeping the member and the ledger (quiz.session)."""
    if too_deep(saved):
        return ["it is nested far more deeply than saved progress is"]
    if not isinstance(saved, dict):
        return ["it is not an object"]
    found = _shape(saved, bank)
    if found or saved["bank_version"] != bank["version"]:
        return found
    return _consistency(saved, bank)


def _shape(saved, bank):
    names = [name for name, _kind in STATE_FIELDS] + list(NULLABLE) + list(OPTIONAL)
    unexpected = sorted(key for key in saved if key not in names)
    if unexpected:
        return ["unexpected field %s" % str(unexpected[0])[:40]]
    found = field_problems(saved, STATE_FIELDS, "")
    found += ["missing field " + name for name in NULLABLE if name not in saved]
    if found:
        return found
    if saved["schema"] != SCHEMA:
        return ["it was saved by another version of the page (schema %d)" % saved["schema"]]
    if saved["slug"] != bank["slug"]:
        return ["it is for another order's quiz"]
    if saved["phase"] not in PHASES:
        return ["unknown phase"]
    found = ledger_problems(saved["ledger"])
    found += _times(saved, ("started_at", "finished_at"))
    found += _texts_only(saved["downloaded"], "downloaded", KINDS)
    if saved["member"] is not None:
        found += member_problems(saved["member"])
    if saved["record"] is not None and not isinstance(saved["record"], dict):
        found.append("field record must be an object or null")
    if saved.get("scope") is not None and saved["bank_version"] == bank["version"] and changes.scope_for(
            bank, saved["scope"].get("since") if isinstance(saved["scope"], dict) else "?") != saved["scope"]:
        found.append("field scope is not a sign-off this quiz offers")
    return found


def _times(mapping, names):
    found = []
    for name in names:
        value = mapping.get(name)
        if value is not None and not is_time(value):
            found.append("field %s is not a time" % name)
    return found


def _texts_only(items, name, allowed=None):
    if len(items) > MAX_ITEMS or [x for x in items if not isinstance(x, str)]:
        return ["field %s must list text only" % name]
    if allowed is not None and [x for x in items if x not in allowed]:
        return ["field %s lists something unknown" % name]
    if len(set(items)) != len(items):
        return ["field %s repeats an item" % name]
    return []


def member_problems(member):
    """[] when member is details the page would have saved."""
    if not isinstance(member, dict) or sorted(member) != ["id", "name", "unit"]:
        return ["field member must be an object with name, id and unit"]
    if [field for field in member if not isinstance(member[field], str)]:
        return ["field member must hold text only"]
    return ["member %s breaks rule %s" % (field, rule) for field, rule, _m in record_problems(member)]


def ledger_problems(ledger):
    """[] when ledger is a well-formed attempt ledger."""
    if not isinstance(ledger, dict):
        return ["field ledger must be an object"]
    if len(ledger) > MAX_LEDGER:
        return ["the attempt ledger is too long"]
    for member_id in ledger:
        found = _entry_problems(member_id, ledger[member_id])
        if found:
            return found
    return []


def _entry_problems(member_id, entry):
    cleaned, broken = member_rules({"name": "Xx", "id": member_id, "unit": "Xx"})
    if "id" in broken or cleaned["id"] != member_id:
        return ["the attempt ledger has a malformed member ID"]
    if not isinstance(entry, dict) or sorted(entry) != sorted(ENTRY_KEYS):
        return ["an attempt ledger entry must have " + ", ".join(ENTRY_KEYS)]
    found = field_problems(entry, ENTRY_FIELDS, "ledger entry ")
    if found:
        return found
    if not 0 <= entry["used"] <= MAX_ITEMS:
        return ["ledger entry used is out of range"]
    found = _times(entry, ("ended",))
    for name in ("review", "seen", "held"):
        found += _texts_only(entry[name], "ledger entry " + name)
    return found


def signed_record_problems(record, bank):
    """[] when record is a signed record whose digest checks (and, when it was made on this
    bank version, whose answers grade as it says)."""
    if not isinstance(record, dict):
        return ["the signed record is missing"]
    found = shape_problems(record)
    if found:
        return found
    found = digest_problems(record)
    if record["result"] != "passed" or record["attestation"] is None:
        found.append("the record is not a signed pass")
    if not found and record["bank_version"] == bank["version"]:
        found = regrade_problems(record, bank)
    return found


# ---------------------------------------------------------------- consistency per phase

def _consistency(saved, bank):
    phase = saved["phase"]
    if phase == "signed":
        return signed_record_problems(saved["record"], bank)
    if saved["downloaded"]:
        return ["downloads are listed before anything was signed"]
    if phase == "member":
        return _empty_attempt(saved)
    if saved["member"] is None:
        return ["no member details in phase " + phase]
    entry = saved["ledger"].get(saved["member"]["id"])
    if entry is None or entry["order"] != bank["order"]["version"] or not entry["used"]:
        return ["the attempt ledger has no attempt for this member"]
    if phase == "review":
        return _empty_attempt(saved)
    return _attempt(saved, bank, entry)


def _empty_attempt(saved):
    if saved["drawn"] or saved["answers"] or saved["record"] is not None or saved["index"]:
        return ["an attempt is saved outside an attempt"]
    return []


def _attempt(saved, bank, entry):
    if saved["attempt"] != entry["used"]:
        return ["the attempt number does not match the attempt ledger"]
    if saved["started_at"] is None:
        return ["field started_at is missing"]
    found = _drawn_problems(saved["drawn"], bank, entry, saved.get("scope"))
    if found:
        return found
    drawn, answers, index = saved["drawn"], saved["answers"], saved["index"]
    expected = {"question": index, "feedback": index + 1, "result": len(drawn)}[saved["phase"]]
    if not 0 <= index < len(drawn) or len(answers) != expected:
        return ["the question number or the number of answers is wrong"]
    questions = question_map(bank)
    for n, chosen in enumerate(answers):
        problem = _answer_problem(chosen, drawn[n], questions[drawn[n]["id"]])
        if problem:
            return ["answer %d %s" % (n + 1, problem)]
    if saved["phase"] == "result":
        return _result_problems(saved, bank)
    if saved["record"] is not None or saved["finished_at"] is not None:
        return ["a result is saved before the last answer"]
    return []


def _drawn_problems(drawn, bank, entry, scope=None):
    questions = question_map(bank)
    size = bank["draw"]["size"] if not changes.is_changes(scope) else \
        changes.changes_size(bank, scope["sections"])
    if len(drawn) != min(size, len(questions)):
        return ["the number of questions drawn is wrong"]
    ids = []
    for item in drawn:
        if not isinstance(item, dict) or sorted(item) != ["id", "options"]:
            return ["a drawn question must have id and options"]
        question = questions.get(item["id"]) if isinstance(item["id"], str) else None
        if question is None or item["id"] in ids or item["id"] not in entry["seen"]:
            return ["a drawn question is unknown, repeated or not in the ledger"]
        if not is_kind(item["options"], LIST) or sorted(item["options"]) != sorted(
                option["id"] for option in question["options"]):
            return ["the options of question %s are not the bank's" % item["id"]]
        ids.append(item["id"])
    return []


def _answer_problem(chosen, item, question):
    if not isinstance(chosen, list) or not chosen or [x for x in chosen if not isinstance(x, str)]:
        return "must list option ids"
    if sorted(set(chosen)) != chosen or [x for x in chosen if x not in item["options"]]:
        return "names an unknown option id or repeats one"
    if question["kind"] != "multiple" and len(chosen) != 1:
        return "has more than one option for a one-answer question"
    return None


def _result_problems(saved, bank):
    if saved["finished_at"] is None or \
            epoch_seconds(saved["finished_at"]) < epoch_seconds(saved["started_at"]):
        return ["the finishing time is missing or before the start"]
    expected = build_record(bank, saved["member"], saved["attempt"], saved["drawn"],
                            saved["answers"], saved["started_at"], saved["finished_at"])
    if "scope" in saved:  # progress saved before scopes existed made records without one
        expected = changes.stamp(expected, saved["scope"])
    expected = seal(expected)
    try:
        same = canonical_json(saved["record"]) == canonical_json(expected)
    except ValueError:  # a fraction somewhere: not a record the page made
        same = False
    return [] if same else ["the saved result does not match the saved answers"]
