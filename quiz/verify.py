"""Verify sign-off records (portable): check shape, digest, version, re-grade, and that the
record is one the quiz page could have made.

check_record returns every reason a record cannot be trusted, in words a Training Division
clerk can act on. A digest alone proves nothing against someone who recomputes it, so the
record is re-graded from its answers against the bank version it names: an edited score,
result, answer or question is caught even with a fresh digest. And what the page would never
produce is refused: member details the page refuses (quiz.member, the same rules), an attempt
beyond the bank's limit, a record completed in the future or started before its bank existed
(both with a clock-skew allowance of SKEW_MINUTES).
"""
from quiz import changes
from quiz.attempts import settings as attempt_settings
from quiz.bank import correct_ids, option_text, question_map, question_parts
from quiz.clock import epoch_seconds, iso_from_epoch, wait_text
from quiz.grade import grade
from quiz.member import record_problems as member_rule_problems
from quiz.record import DIGEST_PREFIX, FORMAT, FORMAT_VERSION, completed_at, record_digest

# Device clocks drift; a record made on a phone a few minutes fast is still genuine.
SKEW_MINUTES = 10
# A record is 4 levels deep; far deeper JSON is not a record (and would exhaust recursion in
# the digest), so it is refused before anything walks it.
MAX_DEPTH = 16

TEXT, WHOLE, LIST, MAPPING, FLAG = "text", "whole number", "list", "object", "true/false"
RECORD_FIELDS = (("format", TEXT), ("format_version", WHOLE), ("member", MAPPING),
                 ("order", MAPPING), ("bank_version", TEXT), ("attempt", WHOLE),
                 ("questions", LIST), ("score", MAPPING), ("pass_mark", WHOLE), ("result", TEXT),
                 ("started_at", TEXT), ("finished_at", TEXT), ("digest", TEXT))
NESTED_FIELDS = {
    "member": (("name", TEXT), ("id", TEXT), ("unit", TEXT)),
    "order": (("series", TEXT), ("number", TEXT), ("title", TEXT), ("slug", TEXT),
              ("version", TEXT)),
    "score": (("correct", WHOLE), ("total", WHOLE), ("percent", TEXT)),
}
ITEM_FIELDS = (("id", TEXT), ("cites", LIST), ("prompt", TEXT), ("options", LIST),
               ("answer", LIST), ("answer_text", LIST), ("correct", FLAG))
ATTESTATION_FIELDS = (("text", TEXT), ("confirmed_at", TEXT))


# ---------------------------------------------------------------- shape

def too_deep(value, limit=MAX_DEPTH):
    """True when value nests lists/objects more than limit levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack += [(child, depth + 1) for child in children if isinstance(child, (dict, list))]
    return False


def shape_problems(data):
    if too_deep(data):
        return [f"the JSON is nested more than {MAX_DEPTH} levels deep; a sign-off record is "
                "not (the file is damaged or not a record)"]
    if not isinstance(data, dict):
        return ["the JSON is not an object; a sign-off record is an object with member, "
                "order, questions, score …"]
    if data.get("format") != FORMAT:
        return [f"not a Policy Desk sign-off record (format is {data.get('format')!r}, "
                f"expected {FORMAT!r})"]
    problems = field_problems(data, RECORD_FIELDS, "")
    for name, spec in NESTED_FIELDS.items():
        if isinstance(data.get(name), dict):
            problems += field_problems(data[name], spec, name + ".", name == "member")
    if data.get("format_version") not in (None, FORMAT_VERSION) and not problems:
        problems.append(f"record format version {data['format_version']!r} is not supported "
                        f"(this tool reads version {FORMAT_VERSION})")
    problems += _attestation_shape(data.get("attestation", "missing"))
    problems += _items_shape(data.get("questions"))
    return problems


def field_problems(mapping, spec, prefix, may_be_empty=False):
    """Missing fields and wrong kinds; empty text too unless may_be_empty (member details,
    where the page's own rule says what is wrong with an empty one)."""
    problems = []
    for name, kind in spec:
        if name not in mapping or mapping[name] is None:
            problems.append(f"missing field {prefix}{name}")
        elif not is_kind(mapping[name], kind):
            problems.append(f"field {prefix}{name} must be {kind}, got {kind_of(mapping[name])}")
        elif kind == TEXT and not mapping[name].strip() and not may_be_empty:
            problems.append(f"field {prefix}{name} is empty")
    return problems


def is_kind(value, kind):
    return {TEXT: isinstance(value, str), LIST: isinstance(value, list),
            MAPPING: isinstance(value, dict), FLAG: isinstance(value, bool),
            WHOLE: isinstance(value, int) and not isinstance(value, bool)}[kind]


def kind_of(value):
    for kind in (FLAG, WHOLE, TEXT, LIST, MAPPING):
        if is_kind(value, kind):
            return kind
    return "a fraction" if isinstance(value, float) else "null"


def _attestation_shape(attestation):
    if attestation == "missing":
        return ["missing field attestation (null when not signed)"]
    if attestation is None:
        return []
    if not isinstance(attestation, dict):
        return [f"field attestation must be an object or null, got {kind_of(attestation)}"]
    return field_problems(attestation, ATTESTATION_FIELDS, "attestation.")


def _items_shape(items):
    if not isinstance(items, list):
        return []
    if not items:
        return ["the record lists no questions"]
    problems = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"question {n} must be an object")
            continue
        problems += field_problems(item, ITEM_FIELDS, f"questions[{n}].")
        for name in ("options", "answer", "answer_text", "cites"):
            if isinstance(item.get(name), list) and not all(isinstance(x, str) for x in item[name]):
                problems.append(f"field questions[{n}].{name} must list text only")
    return problems


# ---------------------------------------------------------------- meaning

def digest_problems(data):
    claimed = data["digest"]
    if not claimed.startswith(DIGEST_PREFIX) or len(claimed) != len(DIGEST_PREFIX) + 64:
        return [f"malformed digest {claimed[:20]!r}; expected sha256: and 64 hex digits"]
    try:
        actual = record_digest(data)
    except ValueError as exc:
        return [f"cannot compute the digest: {exc}"]
    if actual != claimed:
        return ["digest does not match the record's content: the record was changed after it "
                "was made (or damaged)"]
    return []


def check_record(data, known, current, now=None, existed=None):
    """(reasons, outdated): reasons empty when the record is trustworthy.

    known: {bank version: bank}; current: {order slug: current bank}; now: the checking
    computer's time (epoch seconds; None skips the future check); existed: {bank version:
    ISO time from which the bank existed} (a version not in it is not date-checked).
    outdated is True when the record was signed on an order version other than the current one.
    """
    problems = shape_problems(data)
    if problems:
        return problems, False
    problems = digest_problems(data) + member_problems(data["member"])
    times = _time_problems(data)
    problems += times
    if not times:
        problems += _future_problems(data, now) + _existence_problems(data, existed or {})
    bank = known.get(data["bank_version"])
    if bank is None:
        return problems + [_unknown_version(data, current)], False
    problems += _attempt_problems(data, bank)
    # Re-grading against a bank for another order would only add noise.
    problems += _order_problems(data, bank) or regrade_problems(data, bank)
    latest = current.get(data["order"]["slug"])
    outdated = latest is not None and latest["order"]["version"] != data["order"]["version"]
    return problems, outdated


def _unknown_version(data, current):
    slug = data["order"]["slug"]
    if slug not in current:
        return f"unknown order {slug!r}: no question bank for it here"
    return (f"unknown bank version {data['bank_version']!r} for {slug}: it is neither the "
            f"current bank ({current[slug]['version']}) nor in the archive (quiz/archive/{slug}/)")


def _order_problems(data, bank):
    order, problems = data["order"], []
    expected = bank["order"]
    for field in ("series", "number", "version"):
        if order[field] != expected[field]:
            problems.append(f"order {field} {order[field]!r} does not belong to bank version "
                            f"{bank['version']}, which is for {field} {expected[field]!r}")
    if order["slug"] != bank["slug"]:
        problems.append(f"order {order['slug']!r} does not match the bank's order {bank['slug']!r}")
    return problems


def member_problems(member):
    """The quiz page's member-detail rules (quiz.member), each message naming its rule."""
    return [f"member {field} {_shown(member[field])}: {message} (the quiz page refuses this: "
            f"rule {field}.{rule})" for field, rule, message in member_rule_problems(member)]


def _shown(text):
    # repr() shows control characters as escapes; a long value is cut.
    return repr(text[:60] + "…") if len(text) > 60 else repr(text)


def _attempt_problems(data, bank):
    if data["attempt"] < 1:
        return [f"attempt {data['attempt']}: attempts are numbered from 1"]
    if "attempts" not in bank:  # banks archived before attempts were limited
        return []
    allowed = attempt_settings(bank)[0]
    if data["attempt"] > allowed:
        return [f"attempt {data['attempt']}: bank version {bank['version']} allows {allowed} "
                "attempts, so the quiz page never makes this record"]
    return []


def _future_problems(data, now):
    completed = completed_at(data)
    ahead = epoch_seconds(completed) - now if now is not None else 0
    if ahead <= SKEW_MINUTES * 60:
        return []
    return [f"completed at {completed}, {wait_text(ahead)} ahead of this computer's clock "
            f"({iso_from_epoch(now)}); a record may be at most {SKEW_MINUTES} minutes ahead "
            "(clock-skew allowance): check the clock of the device that made it"]


def _existence_problems(data, existed):
    since = existed.get(data["bank_version"])
    if since is None:
        return []
    early = epoch_seconds(since) - epoch_seconds(data["started_at"])
    if early <= SKEW_MINUTES * 60:
        return []
    return [f"started at {data['started_at']}, {wait_text(early)} before bank version "
            f"{data['bank_version']} existed (archived {since}; clock-skew allowance "
            f"{SKEW_MINUTES} minutes): the record's times are wrong or it was not made by the "
            "quiz page"]


def _time_problems(data):
    try:
        started, finished = epoch_seconds(data["started_at"]), epoch_seconds(data["finished_at"])
        confirmed = data["attestation"] and epoch_seconds(data["attestation"]["confirmed_at"])
    except ValueError as exc:
        return [f"a time is malformed ({exc})"]
    problems = []
    if finished < started:
        problems.append("finished_at is before started_at")
    if confirmed and confirmed < finished:
        problems.append("the attestation is dated before the quiz was finished")
    return problems


def regrade_problems(data, bank):
    """Everything the answers contradict: questions, options, marks, score, result, pass mark."""
    scope, problem = changes.record_scope(data)  # a full attempt, or one on what changed
    if problem:
        return [problem]
    if changes.is_changes(scope):
        problems = changes.draw_problems(data, bank)
    else:
        problems = _draw_problems(data["questions"], bank)
    if problems:
        return problems
    for n, item in enumerate(data["questions"], 1):
        problems += _item_problems(n, item, question_map(bank)[item["id"]])
    if problems:
        return problems
    return _score_problems(data, bank)


def _draw_problems(items, bank):
    questions = question_map(bank)
    ids = [item["id"] for item in items]
    problems = [f"question {n}: {qid!r} is not in bank version {bank['version']}"
                for n, qid in enumerate(ids, 1) if qid not in questions]
    problems += [f"question {qid!r} appears more than once" for n, qid in enumerate(ids)
                 if qid in ids[:n]]
    if len(ids) != bank["draw"]["size"]:
        problems.append(f"the record has {len(ids)} questions; an attempt has "
                        f"{bank['draw']['size']}")
    if not problems:
        problems += _coverage_problems(items, questions, bank)
    return problems


def _coverage_problems(items, questions, bank):
    problems = []
    for part in sorted(bank["parts"]):
        count = len([i for i in items if part in question_parts(questions[i["id"]])])
        if count < bank["draw"]["per_part"]:
            problems.append(f"part {part} has {count} questions; every attempt draws at least "
                            f"{bank['draw']['per_part']}")
    return problems


def _item_problems(n, item, question):
    where = f"question {n} ({item['id']})"
    listed = sorted(option["id"] for option in question["options"])
    if sorted(item["options"]) != listed:
        return [f"{where}: its options are not the bank's options"]
    if item["prompt"] != question["prompt"] or item["cites"] != question["cites"]:
        return [f"{where}: its text or citations differ from the bank"]
    if not item["answer"] or len(set(item["answer"])) != len(item["answer"]):
        return [f"{where}: the answer is empty or repeats an option"]
    if [a for a in item["answer"] if a not in listed]:
        return [f"{where}: the answer names an option the question does not have"]
    if question["kind"] != "multiple" and len(item["answer"]) != 1:
        return [f"{where}: a single-answer question has {len(item['answer'])} answers"]
    if item["answer_text"] != [option_text(question, a) for a in sorted(item["answer"])]:
        return [f"{where}: the answer text does not match the options chosen"]
    if item["correct"] != (sorted(item["answer"]) == correct_ids(question)):
        return [f"{where}: marked {'correct' if item['correct'] else 'wrong'}, but the answer "
                f"given is {'wrong' if item['correct'] else 'correct'}"]
    return []


def _score_problems(data, bank):
    drawn = [{"id": item["id"], "options": item["options"]} for item in data["questions"]]
    graded = grade(bank, drawn, [item["answer"] for item in data["questions"]])
    score, problems = data["score"], []
    claimed = (score["correct"], score["total"], score["percent"])
    if claimed != (graded["correct"], graded["total"], graded["percent"]):
        problems.append(f"score says {score['correct']}/{score['total']} ({score['percent']} %) "
                        f"but the answers grade {graded['correct']}/{graded['total']} "
                        f"({graded['percent']} %)")
    if data["pass_mark"] != bank["pass_mark"]:
        problems.append(f"pass mark {data['pass_mark']} % differs from the bank's "
                        f"{bank['pass_mark']} %")
    result = "passed" if graded["passed"] else "failed"
    if data["result"] != result:
        problems.append(f"result says {data['result']!r} but the answers give {result!r}")
    return problems + _attestation_problems(data, bank, result)


def _attestation_problems(data, bank, result):
    attestation = data["attestation"]
    if result == "passed" and attestation is None:
        return ["not signed off: the member did not confirm the attestation"]
    if result == "failed" and attestation is not None:
        return ["a failed attempt carries an attestation; only a pass is signed off"]
    if attestation is not None and attestation["text"] != bank["attestation"]:
        return ["the attestation text differs from the one the member was shown"]
    return []

