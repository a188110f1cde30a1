"""The member's identity as typed on the quiz page: cleaned and checked, with clear messages."""

FIELDS = ("name", "id", "unit")
LABELS = {"name": "Full name", "id": "Serial / ID number", "unit": "Unit or assignment"}
# Per field: length limits, allowed punctuation, digits allowed, ASCII letters only, and the
# message for each way of getting it wrong (shown beside the field on the page).
RULES = {
    "name": {"min": 2, "max": 80, "punctuation": " -'.\u2019", "digits": False, "ascii": False,
             "short": "Enter your full name as it appears on the roster.",
             "long": "The name is too long (80 characters at most).",
             "chars": "Use letters, spaces, hyphens, apostrophes and periods only."},
    "id": {"min": 1, "max": 20, "punctuation": "-", "digits": True, "ascii": True,
           "short": "Enter your serial or ID number.",
           "long": "Use letters, digits and hyphens only (20 at most), e.g. 9123 or PS-0456.",
           "chars": "Use letters, digits and hyphens only (20 at most), e.g. 9123 or PS-0456.",
           "no_digit": "A serial or ID number contains at least one digit."},
    "unit": {"min": 2, "max": 60, "punctuation": " -'.,&/()#\u2019", "digits": True, "ascii": False,
             "short": "Enter your unit or assignment, e.g. Patrol Area 2.",
             "long": "The unit is too long (60 characters at most).",
             "chars": "Use letters, digits, spaces and - ' . , & / ( ) # only."},
}


def clean(text):
    """Trim and collapse runs of spaces (phones add them after autocomplete)."""
    return " ".join(str(text or "").split())


def check_member(fields):
    """(member, errors): member {name, id, unit} cleaned; errors {field: message}, empty if ok."""
    member = {}
    for field in FIELDS:
        member[field] = clean(fields.get(field))
    member["id"] = member["id"].upper()
    errors = {}
    for field in FIELDS:
        problem = _problem(member[field], RULES[field])
        if problem:
            errors[field] = problem
    return member, errors


def _problem(text, rule):
    if len(text) < rule["min"]:
        return rule["short"]
    if len(text) > rule["max"]:
        return rule["long"]
    if not _only(text, rule["punctuation"], rule["digits"], rule["ascii"]):
        return rule["chars"]
    if "no_digit" in rule and not any(ch.isdigit() for ch in text):
        return rule["no_digit"]
    return None


def _only(text, punctuation, digits, letters_ascii):
    for ch in text:
        ascii_char = ord(ch) < 0x80
        if ch in punctuation or (ascii_char and (ch.isalpha() or (digits and ch.isdigit()))):
            continue
        # MicroPython's isalpha() knows ASCII only: accept other printable letters (José, Nguyễn)
        # unless the field is restricted to ASCII.
        if not letters_ascii and ord(ch) > 0x9F:
            continue
        return False
    return True
