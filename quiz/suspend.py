"""A quiz state as a short text and back: the progress a learning system keeps for the member
(SCORM cmi.suspend_data, quiz.scorm.SUSPEND_LIMIT characters at most), so a member who closes
the window resumes where they were (portable: CPython + MicroPython).

The state (quiz.session) is what the site keeps in localStorage; as it is, it is too long for
a learning system (a finished attempt's record repeats every question's prompt). The text
keeps all of it, shortened without loss:
- every text in the state that is a question id of the bank is written "~" and the question's
  index in the bank, in base 36 (a text that really starts with "~" is written "~~…");
- the record is replaced by how to make it again from the state's own draw, answers and times
  (quiz.record: built, sealed, or attested at a time and sealed), with the first 16 hex digits
  of its digest, checked when it is made again; a record that cannot be remade so is kept whole.
The text is canonical JSON (quiz's digests use the same form), so it is ASCII only and the
same in both runtimes. It names the bank version: an index means nothing in another bank, so
progress saved with another bank version is refused (decode raises ValueError), and the page
treats it as saved progress it cannot use.
"""
import json

from model.canonical import canonical_json, digest
from quiz import changes
from quiz.record import attest, build_record, seal

PREFIX = "pd1:"
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
CHECK_CHARS = 16


def encode(state, bank):
    """The text of state (saved with bank)."""
    ids = {}
    for n, question in enumerate(bank["questions"]):
        ids[question["id"]] = "~" + _base36(n)
    rest = {}
    for key in state:
        if key != "record":
            rest[key] = state[key]
    payload = {"bank": bank["version"], "state": _compact(rest, ids),
               "record": _recipe(state, bank, ids)}
    return PREFIX + canonical_json(payload)


def decode(text, bank):
    """The state a text from encode() holds; ValueError says why it cannot be read."""
    if not isinstance(text, str) or not text.startswith(PREFIX):
        raise ValueError("not saved progress of this quiz")
    try:
        payload = json.loads(text[len(PREFIX):])
        if payload["bank"] != bank["version"]:
            raise ValueError("saved with another version of the questions")
        questions = bank["questions"]
        state = _expand(payload["state"], questions)
        state["record"] = _remake(payload["record"], state, bank, questions)
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ValueError("saved progress is damaged (%s)" % type(exc).__name__)
    return state


def _base36(number):
    text = BASE36[number % 36]
    while number >= 36:
        number //= 36
        text = BASE36[number % 36] + text
    return text


def _compact(value, ids):
    def shorten(text):
        if text in ids:
            return ids[text]
        return "~" + text if text.startswith("~") else text
    return _map_texts(value, shorten)


def _expand(value, questions):
    def restore(text):
        if text.startswith("~~"):
            return text[1:]
        return questions[int(text[1:], 36)]["id"] if text.startswith("~") else text
    return _map_texts(value, restore)


def _map_texts(value, change):
    """value (JSON-like) with every text t replaced by change(t), at any depth."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, (list, tuple)):
        return [_map_texts(item, change) for item in value]
    if isinstance(value, dict):
        result = {}
        for key in value:
            result[key] = _map_texts(value[key], change)
        return result
    return value


def _recipe(state, bank, ids):
    """How to make state's record again ({"how", "at", "check"}), or the record itself."""
    record = state.get("record")
    if not isinstance(record, dict):
        return record
    check = digest(record)[:CHECK_CHARS]
    for how, at in _ways(record):
        try:
            if _make(how, at, state, bank) == record:
                return {"how": how, "at": at, "check": check}
        except (KeyError, TypeError, ValueError, IndexError):
            break
    return {"how": "kept", "record": _compact(record, ids)}


def _ways(record):
    attestation = record.get("attestation")
    if isinstance(attestation, dict):
        return [("attested", attestation.get("confirmed_at"))]
    return [("built", None), ("sealed", None)]


def _make(how, at, state, bank):
    built = build_record(bank, state["member"], state["attempt"], state["drawn"],
                         state["answers"], state["started_at"], state["finished_at"])
    if "scope" in state:  # as quiz.session makes it: the record says which sign-off it is
        built = changes.stamp(built, state["scope"])
    if how == "built":
        return built
    if how == "sealed":
        return seal(built)
    if how == "attested":
        return seal(attest(built, bank["attestation"], at))
    raise ValueError("unknown way to make a record: %r" % how)


def _remake(recipe, state, bank, questions):
    if not isinstance(recipe, dict):
        return recipe
    if recipe["how"] == "kept":
        return _expand(recipe["record"], questions)
    record = _make(recipe["how"], recipe["at"], state, bank)
    if digest(record)[:CHECK_CHARS] != recipe["check"]:
        raise ValueError("the saved record could not be made again exactly")
    return record
