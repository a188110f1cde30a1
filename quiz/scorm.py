"""What the quiz tells a learning system, as SCORM 1.2 and SCORM 2004 (3rd edition) data-model
values, each checked against its version's types and limits (portable: CPython + MicroPython).

web/lms.py sends these values through the learning system's API; this module only says what
they are. Every builder returns [(element, value)] in the order they must be set (an
interaction's type before its responses). problems(version, element, value) checks a value
against the data model as the standard defines it, stricter than many systems: an identifier
of SCORM 1.2 is letters, digits, "-" and "_" only; a SCORM 2004 time carries its zone only
after fractional seconds; suspend data stays within 4,000 characters, the smaller of SCORM
1.2's 4,096 and SCORM 2004 3rd edition's 4,000, so a package of either format resumes.

What is reported (docs/quiz-lms.md explains it to the Training Division):
- status: SCORM 1.2 cmi.core.lesson_status; SCORM 2004 cmi.completion_status and
  cmi.success_status. "incomplete" while questions are answered and while a passed attempt
  awaits the attestation; "failed" when an attempt does not pass; "passed" only once the
  member has confirmed the attestation (the sign-off E-1 asks for).
- score: raw = the percentage correct, min 0, max 100 (SCORM 1.2 compares raw with the mastery
  score as a percentage); scaled (2004) = raw / 100. Both are truncated, never rounded up, so a
  learning system comparing them with the pass mark can never turn a fail into a pass. Set
  only with a result that is final (failed, or passed and signed): a system that derives
  "passed" from the score cannot record a pass the member has not signed.
- one interaction per question answered (see interaction_values), the attestation with the
  record's digest and versions as a comment (see sign_off_text), the session time.
"""
from quiz.bank import correct_ids
from quiz.clock import iso_duration

VERSIONS = ("1.2", "2004")
SUSPEND_LIMIT = 4000   # characters; SCORM 1.2: 4096, SCORM 2004 3rd edition: 4000
NAMES = {
    "1.2": {"learner_id": "cmi.core.student_id", "learner_name": "cmi.core.student_name",
            "entry": "cmi.core.entry", "mode": "cmi.core.lesson_mode",
            "suspend_data": "cmi.suspend_data", "exit": "cmi.core.exit",
            "session_time": "cmi.core.session_time", "interactions": "cmi.interactions._count"},
    "2004": {"learner_id": "cmi.learner_id", "learner_name": "cmi.learner_name",
             "entry": "cmi.entry", "mode": "cmi.mode", "suspend_data": "cmi.suspend_data",
             "exit": "cmi.exit", "session_time": "cmi.session_time",
             "interactions": "cmi.interactions._count",
             "comments": "cmi.comments_from_learner._count"},
}
# cmi.exit when the member leaves with the quiz unfinished (resume next time) or done.
EXIT = {"1.2": {"suspend": "suspend", "done": ""}, "2004": {"suspend": "suspend", "done": "normal"}}
STATUS = {
    "1.2": {"incomplete": [("cmi.core.lesson_status", "incomplete")],
            "failed": [("cmi.core.lesson_status", "failed")],
            "passed": [("cmi.core.lesson_status", "passed")]},
    "2004": {"incomplete": [("cmi.completion_status", "incomplete"),
                            ("cmi.success_status", "unknown")],
             "failed": [("cmi.completion_status", "completed"), ("cmi.success_status", "failed")],
             "passed": [("cmi.completion_status", "completed"), ("cmi.success_status", "passed")]},
}
DESCRIPTION_LIMIT = 250
DIGITS = "0123456789"
LOWER = "abcdefghijklmnopqrstuvwxyz"
LETTERS = LOWER + LOWER.upper()


# ---------------------------------------------------------------- values the quiz sends

def status_values(version, status):
    """status: "incomplete", "failed" or "passed"."""
    return list(STATUS[version][status])


def fraction_text(numerator, denominator, places):
    """numerator / denominator truncated to places decimals, from integers (the same text in
    both runtimes), without trailing zeros: (13, 15, 2) -> "0.86"."""
    scale = 10 ** places
    units = numerator * scale // denominator
    whole, part = units // scale, units % scale
    if not part:
        return str(whole)
    digits = str(scale + part)[1:]
    while digits.endswith("0"):
        digits = digits[:-1]
    return "%d.%s" % (whole, digits)


def score_values(version, correct, total):
    percent = fraction_text(correct * 100, total, 2)
    prefix = "cmi.core.score." if version == "1.2" else "cmi.score."
    values = [(prefix + "min", "0"), (prefix + "max", "100"), (prefix + "raw", percent)]
    if version == "2004":
        values.append(("cmi.score.scaled", fraction_text(correct, total, 4)))
    return values


def interaction_id(attempt, number, question_id):
    """'attempt1_q03_a2-lieutenant-leave': unique within the learning system's attempt (a
    retake adds new ones), valid in both versions, and sorted by attempt and question."""
    return "attempt%d_q%02d_%s" % (attempt, number, question_id)


def response_text(version, question, chosen):
    """The member's options (or the correct ones) in each version's format for the kind."""
    chosen = sorted(chosen)
    if question["kind"] == "true_false":
        value = chosen[0] if chosen else ""
        return value[:1] if version == "1.2" else value
    return ("," if version == "1.2" else "[,]").join(chosen)


def description(question):
    """The cited sections, then the question (SCORM 2004 only; 250 characters at most)."""
    text = "Cites %s. %s" % (", ".join(question["cites"]), " ".join(question["prompt"].split()))
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "\u2026"


def interaction_values(version, index, attempt, number, question, chosen, when):
    """Elements of cmi.interactions.<index> for question number `number` of `attempt`,
    answered with chosen (option ids) at when (UTC, "2026-11-29T16:30:17Z")."""
    base = "cmi.interactions.%d." % index
    right = sorted(chosen) == correct_ids(question)
    values = [(base + "id", interaction_id(attempt, number, question["id"])),
              (base + "type", "true-false" if question["kind"] == "true_false" else "choice")]
    for k, section in enumerate(question["cites"]):
        values.append((base + "objectives.%d.id" % k, section))
    if version == "1.2":
        values += [(base + "time", when[11:19]), (base + "weighting", "1"),
                   (base + "correct_responses.0.pattern",
                    response_text(version, question, correct_ids(question))),
                   (base + "student_response", response_text(version, question, chosen)),
                   (base + "result", "correct" if right else "wrong")]
        return values
    return values + [
        (base + "timestamp", time_2004(when)), (base + "weighting", "1"),
        (base + "correct_responses.0.pattern", response_text(version, question, correct_ids(question))),
        (base + "learner_response", response_text(version, question, chosen)),
        (base + "result", "correct" if right else "incorrect"),
        (base + "description", description(question))]


def time_2004(when):
    """'2026-11-29T16:30:17Z' -> '2026-11-29T16:30:17.0Z' (SCORM 2004 allows the zone only
    after fractional seconds)."""
    return when[:19] + ".0Z"


def sign_off_text(record):
    """The sign-off as the learning system keeps it (a comment): the record's digest, order and
    bank versions, and the attestation the member confirmed, as in the record they download."""
    order, member, score = record["order"], record["member"], record["score"]
    attestation = record["attestation"]
    return ("Policy Desk sign-off record %s; %s %s %s, order version %s; question bank version "
            "%s; member %s (%s, %s); %s %d of %d (%s %%), pass mark %d %%, attempt %d; "
            "attestation confirmed %s: %s"
            % (record["digest"], order["series"], order["number"], order["title"],
               order["version"], record["bank_version"], member["id"], member["name"],
               member["unit"], record["result"], score["correct"], score["total"],
               score["percent"], record["pass_mark"], record["attempt"],
               attestation["confirmed_at"], attestation["text"]))


def comment_values(version, index, record):
    text = sign_off_text(record)
    if version == "1.2":
        return [("cmi.comments", text)]
    base = "cmi.comments_from_learner.%d." % index
    return [(base + "comment", text), (base + "location", "sign-off"),
            (base + "timestamp", time_2004(record["attestation"]["confirmed_at"]))]


def session_time(version, seconds):
    """The session's length: SCORM 1.2 HHHH:MM:SS (at most 9999 hours), 2004 PT#H#M#S."""
    seconds = max(0, int(seconds))
    if version == "2004":
        return iso_duration(seconds)
    hours = min(seconds // 3600, 9999)
    return "%02d:%02d:%02d" % (hours, seconds // 60 % 60, seconds % 60)


def learner(learner_id, learner_name):
    """{"name", "id"} from the learning system's learner id and name. A name written
    "Last, First" (SCORM 1.2's convention, common in 2004 too) becomes "First Last"."""
    name = " ".join(str(learner_name or "").split())
    parts = name.split(",")
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        name = parts[1].strip() + " " + parts[0].strip()
    return {"name": name, "id": " ".join(str(learner_id or "").split())}


# ---------------------------------------------------------------- the data model's types

def problems(version, element, value):
    """Why value cannot be set on element in version ([] when it is valid)."""
    if not isinstance(value, str):
        return ["%s: value must be text" % element]
    kind = element_type(version, element)
    if kind is None:
        return ["%s: not an element the quiz writes in SCORM %s" % (element, version)]
    check, arg = kind
    found = check(value, arg)
    return ["%s: %s (%r)" % (element, found, value[:60])] if found else []


def element_type(version, element):
    """(check, argument) for element, its indexes replaced by n; None when unknown."""
    parts = element.split(".")
    generic = ".".join("n" if part.isdigit() else part for part in parts)
    types = TYPES_12 if version == "1.2" else TYPES_2004
    return types.get(generic)


def _identifier_12(value, _=None):
    if not 1 <= len(value) <= 255:
        return "an identifier has 1 to 255 characters"
    if [ch for ch in value if ch not in LETTERS + DIGITS + "-_"]:
        return "a SCORM 1.2 identifier has letters, digits, '-' and '_' only"
    return None


def _identifier_2004(value, limit):
    # long_identifier_type / short_identifier_type: a URI, so no white space or control
    # characters; the quiz's ids are plain ASCII letters, digits and - _ . : / #.
    if not 1 <= len(value) <= limit:
        return "an identifier has 1 to %d characters" % limit
    if [ch for ch in value if ch not in LETTERS + DIGITS + "-_.:/#"]:
        return "an identifier here has letters, digits and - _ . : / # only"
    return None


def _characters(value, limit):
    return None if len(value) <= limit else "longer than %d characters" % limit


def _localized(value, limit):
    # localized_string_type: "{lang=…}" would be read as a language tag, so never start so.
    if value.startswith("{"):
        return "a localized string must not start with '{'"
    return _characters(value, limit)


def _vocabulary(value, words):
    return None if value in words else "not one of " + ", ".join(repr(w) for w in words)


def _decimal(value, bounds):
    """A decimal number written without exponent, between bounds (low, high) in hundredths
    of a unit when given."""
    digits = value[1:] if value.startswith("-") else value
    whole, dot, part = digits.partition(".")
    if not whole.isdigit() or (dot and not part.isdigit()):
        return "not a decimal number"
    if len(whole) > 10 or len(part) > 7:
        return "more digits than real(10,7) allows"
    if bounds is None:
        return None
    scaled = int(whole) * 10000000 + int((part + "0000000")[:7])
    scaled = -scaled if value.startswith("-") else scaled
    low, high = bounds
    if not low * 10000000 <= scaled <= high * 10000000:
        return "outside %s to %s" % (low, high)
    return None


def _clock(value, _=None):
    # SCORM 1.2 CMITime: HH:MM:SS(.SS), a time of day.
    parts = value.split(":")
    if len(parts) != 3 or [p for p in parts[:2] if len(p) != 2 or not p.isdigit()]:
        return "not a time of day HH:MM:SS"
    second = parts[2].split(".")
    if len(second[0]) != 2 or not second[0].isdigit() or len(second) > 2 or (
            len(second) == 2 and not (1 <= len(second[1]) <= 2 and second[1].isdigit())):
        return "not a time of day HH:MM:SS"
    if int(parts[0]) > 23 or int(parts[1]) > 59 or int(second[0]) > 59:
        return "no such time of day"
    return None


def _timespan_12(value, _=None):
    # SCORM 1.2 CMITimespan: HHHH:MM:SS(.SS), 2 to 4 digits of hours.
    parts = value.split(":")
    if len(parts) != 3 or not 2 <= len(parts[0]) <= 4 or not parts[0].isdigit():
        return "not a time span HHHH:MM:SS"
    return _clock("00:" + parts[1] + ":" + parts[2]) and "not a time span HHHH:MM:SS"


def _timeinterval(value, _=None):
    # SCORM 2004 timeinterval (second,10,2) as the quiz writes it: PT[nH][nM][n[.nn]S].
    bad = "not a time interval like PT1H2M3S"
    if not value.startswith("PT") or len(value) < 4:
        return bad
    units, number, last = "HMS", "", -1
    for ch in value[2:]:
        if ch in DIGITS or ch == ".":
            number += ch
        elif ch in units and units.index(ch) > last and _amount(number, ch == "S"):
            last, number = units.index(ch), ""
        else:
            return bad
    return bad if number else None


def _amount(text, fraction):
    whole, dot, part = text.partition(".")
    return whole.isdigit() and (not dot or (fraction and part.isdigit() and len(part) <= 2))


def _time_2004(value, _=None):
    # The quiz writes YYYY-MM-DDThh:mm:ss.sZ (time (second,10,0), zone after the fraction).
    shape = "dddd-dd-ddTdd:dd:dd.dZ"
    if len(value) != len(shape):
        return "not a time like 2026-11-29T16:30:17.0Z"
    for ch, want in zip(value, shape):
        if (want == "d" and ch not in DIGITS) or (want != "d" and ch != want):
            return "not a time like 2026-11-29T16:30:17.0Z"
    month, day = int(value[5:7]), int(value[8:10])
    hour, minute, second = int(value[11:13]), int(value[14:16]), int(value[17:19])
    if not (1970 <= int(value[:4]) <= 2038 and 1 <= month <= 12 and 1 <= day <= 31
            and hour < 24 and minute < 60 and second < 60):
        return "no such time (SCORM 2004 years run 1970 to 2038)"
    return None


def _response_12(value, _=None):
    # CMIFeedback (255 characters) as the quiz writes it: "t"/"f" for true-false, single
    # characters 0-9 a-z separated by commas for choice.
    if not value or len(value) > 255:
        return "a response has 1 to 255 characters"
    if value in ("t", "f"):
        return None
    items = value.split(",")
    if [item for item in items if len(item) != 1 or item not in DIGITS + LOWER]:
        return "a SCORM 1.2 choice response is single characters 0-9 a-z separated by commas"
    return None


def _response_2004(value, _=None):
    # learner_response / pattern: "true"/"false", or short_identifier_types joined by "[,]",
    # no repeats, at most 36 (the smallest number a system must keep).
    if value in ("true", "false"):
        return None
    items = value.split("[,]")
    if len(items) > 36 or len(set(items)) != len(items):
        return "a choice response lists 1 to 36 different options"
    for item in items:
        problem = _identifier_2004(item, 250)
        if problem:
            return problem
    return None


TYPES_12 = {
    "cmi.core.lesson_status": (_vocabulary, ("passed", "completed", "failed", "incomplete",
                                             "browsed")),
    "cmi.core.exit": (_vocabulary, ("time-out", "suspend", "logout", "")),
    "cmi.core.session_time": (_timespan_12, None),
    "cmi.core.score.raw": (_decimal, (0, 100)),
    "cmi.core.score.min": (_decimal, (0, 100)),
    "cmi.core.score.max": (_decimal, (0, 100)),
    "cmi.suspend_data": (_characters, SUSPEND_LIMIT),
    "cmi.comments": (_characters, 4096),
    "cmi.interactions.n.id": (_identifier_12, None),
    "cmi.interactions.n.objectives.n.id": (_identifier_12, None),
    "cmi.interactions.n.time": (_clock, None),
    "cmi.interactions.n.type": (_vocabulary, ("true-false", "choice")),
    "cmi.interactions.n.weighting": (_decimal, (-100, 100)),
    "cmi.interactions.n.correct_responses.n.pattern": (_response_12, None),
    "cmi.interactions.n.student_response": (_response_12, None),
    "cmi.interactions.n.result": (_vocabulary, ("correct", "wrong", "unanticipated", "neutral")),
}
TYPES_2004 = {
    "cmi.completion_status": (_vocabulary, ("completed", "incomplete", "not attempted",
                                            "unknown")),
    "cmi.success_status": (_vocabulary, ("passed", "failed", "unknown")),
    "cmi.exit": (_vocabulary, ("time-out", "suspend", "logout", "normal", "")),
    "cmi.session_time": (_timeinterval, None),
    "cmi.score.raw": (_decimal, None),
    "cmi.score.min": (_decimal, None),
    "cmi.score.max": (_decimal, None),
    "cmi.score.scaled": (_decimal, (-1, 1)),
    "cmi.suspend_data": (_characters, SUSPEND_LIMIT),
    "cmi.comments_from_learner.n.comment": (_localized, 4000),
    "cmi.comments_from_learner.n.location": (_characters, 250),
    "cmi.comments_from_learner.n.timestamp": (_time_2004, None),
    "cmi.interactions.n.id": (_identifier_2004, 4000),
    "cmi.interactions.n.objectives.n.id": (_identifier_2004, 4000),
    "cmi.interactions.n.timestamp": (_time_2004, None),
    "cmi.interactions.n.type": (_vocabulary, ("true-false", "choice")),
    "cmi.interactions.n.weighting": (_decimal, None),
    "cmi.interactions.n.correct_responses.n.pattern": (_response_2004, None),
    "cmi.interactions.n.learner_response": (_response_2004, None),
    "cmi.interactions.n.result": (_vocabulary, ("correct", "incorrect", "unanticipated",
                                                "neutral")),
    "cmi.interactions.n.description": (_localized, DESCRIPTION_LIMIT),
}
