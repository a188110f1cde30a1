"""Checking the facts of a D-1 inspection before writing its memorandum."""
from audit.dates import DateError, check_date
from audit.record import SPACE

# (key, label for messages, longest accepted length)
TEXT_FIELDS = (
    ("inspector", "the inspecting supervisor or commander", 200),
    ("member", "the member assigned the device", 200),
    ("device", "the device (phone number, serial or identifying number)", 200),
    ("reason", "the reason or grounds for the inspection", 4000),
    ("outcome", "the outcome of the inspection", 4000),
)


class InspectionError(ValueError):
    """`errors` is [(field key, message), ...] so a form can show each beside its input."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(f"{key}: {message}" for key, message in self.errors))


def check_inspection(facts, today=None):
    """The cleaned facts, or InspectionError listing every problem.

    facts: inspector, member, device, date, reason, outcome (text), planned (bool),
    memo_date (text, defaults to today). today: "YYYY-MM-DD", so a future date is refused.
    """
    if facts.get("planned"):
        return {"planned": True}    # D-1 asks for no memo: nothing else needs checking
    clean, errors = {"planned": False}, []
    for key, label, longest in TEXT_FIELDS:
        clean[key] = _text(key, facts.get(key))
        if not clean[key]:
            errors.append((key, f"{label} is required"))
        elif len(clean[key]) > longest:
            errors.append((key, f"{label} is {len(clean[key])} characters long; at most {longest}"))
    for key, label in (("date", "the date of the inspection"), ("memo_date", "the memo date")):
        value = facts.get(key) or (today if key == "memo_date" else "")
        clean[key], problem = _date(value, label, today)
        if problem:
            errors.append((key, problem))
    if not errors and clean["memo_date"] < clean["date"]:
        errors.append(("memo_date", "the memo date is before the date of the inspection"))
    if errors:
        raise InspectionError(errors)
    return clean


def _text(key, value):
    # Names keep single spaces; the reason and outcome keep their line breaks.
    value = str(value or "")
    if key in ("reason", "outcome"):
        return value.strip(SPACE)
    for mark in SPACE:
        value = value.replace(mark, " ")
    return " ".join(word for word in value.split(" ") if word)


def _date(value, label, today):
    """(date, None) or (None, message)."""
    if not (value or "").strip(SPACE):
        return None, f"{label} is required"
    try:
        date = check_date(value, label)
    except DateError as exc:
        return None, str(exc)
    if today and date > today:
        return None, f"{label} {date} is in the future (today is {today})"
    return date, None
