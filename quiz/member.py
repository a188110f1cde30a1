"""The member's identity as typed on the quiz page: cleaned and checked, with clear messages.

One set of rules for the page and the Training Division's tools: the page refuses what
check_member refuses, and `python -m quiz verify` / `report` refuse a record whose member
details these rules refuse or that is not in the form the page saves (record_problems), each
message naming the rule (e.g. "name.characters").
"""

FIELDS = ("name", "id", "unit")
LABELS = {"name": "Full name", "id": "Serial / ID number", "unit": "Unit or assignment"}
# Per field: length limits, allowed punctuation, digits allowed, ASCII letters only, and the
# message for each way of getting it wrong (shown beside the field on the page). The keys
# "too_short", "too_long", "characters", "digit" are the rule names messages cite.
RULES = {
    "name": {"min": 2, "max": 80, "punctuation": " -'.\u2019", "digits": False, "ascii": False,
             "too_short": "Enter your full name as it appears on the roster.",
             "too_long": "The name is too long (80 characters at most).",
             "characters": "Use letters, spaces, hyphens, apostrophes and periods only."},
    "id": {"min": 1, "max": 20, "punctuation": "-", "digits": True, "ascii": True,
           "too_short": "Enter your serial or ID number.",
           "too_long": "Use letters, digits and hyphens only (20 at most), e.g. 9123 or PS-0456.",
           "characters": "Use letters, digits and hyphens only (20 at most), e.g. 9123 or PS-0456.",
           "digit": "A serial or ID number contains at least one digit."},
    "unit": {"min": 2, "max": 60, "punctuation": " -'.,&/()#\u2019", "digits": True, "ascii": False,
             "too_short": "Enter your unit or assignment, e.g. Patrol Area 2.",
             "too_long": "The unit is too long (60 characters at most).",
             "characters": "Use letters, digits, spaces and - ' . , & / ( ) # only."},
}
# What the page saves is the cleaned form: a record with other spacing or a lower-case ID
# was not made by the page.
FORM = {"name": "the page saves names trimmed, with single spaces",
        "id": "the page saves IDs trimmed and in capitals",
        "unit": "the page saves units trimmed, with single spaces"}
# Spaces a phone or a copy-paste may put in; each becomes a plain space. Listed explicitly
# because str.split() knows Unicode spaces in CPython and only ASCII ones in MicroPython.
_SPACES = "\t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
          "\u2009\u200a\u202f\u205f\u3000"
# Above U+009F every character is accepted as a letter (MicroPython's isalpha() knows ASCII
# only), except these invisible or direction-changing ones, which can make a name look
# like another (or hide text) on screen and in a terminal: (first, last) code points.
_INVISIBLE = ((0xAD, 0xAD), (0x115F, 0x1160), (0x180E, 0x180E), (0x200B, 0x200F),
              (0x2028, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xD800, 0xF8FF),
              (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFF0, 0xFFFF), (0xE0000, 0x10FFFF))


def clean(text):
    """Trim and collapse runs of spaces (phones add them after autocomplete)."""
    text = str(text or "")
    for space in _SPACES:
        text = text.replace(space, " ")
    return " ".join(part for part in text.split(" ") if part)


def member_rules(fields):
    """(member, broken): member {name, id, unit} cleaned; broken {field: rule name}."""
    member = {}
    for field in FIELDS:
        member[field] = clean(fields.get(field))
    member["id"] = member["id"].upper()
    broken = {}
    for field in FIELDS:
        rule = _broken_rule(member[field], RULES[field])
        if rule:
            broken[field] = rule
    return member, broken


def check_member(fields):
    """(member, errors): member {name, id, unit} cleaned; errors {field: message}, empty if ok.
    What the page calls when the member presses "Start the quiz"."""
    member, broken = member_rules(fields)
    errors = {}
    for field in broken:
        errors[field] = RULES[field][broken[field]]
    return member, errors


def record_problems(member):
    """[(field, rule, message)] for member details as saved in a record: every rule the page
    applies, plus "form" when the text is not what the page would have saved."""
    cleaned, broken = member_rules(member)
    problems = []
    for field in FIELDS:
        if field in broken:
            problems.append((field, broken[field], RULES[field][broken[field]]))
        elif cleaned[field] != member[field]:
            problems.append((field, "form", FORM[field]))
    return problems


def _broken_rule(text, rule):
    if len(text) < rule["min"]:
        return "too_short"
    if len(text) > rule["max"]:
        return "too_long"
    if not _only(text, rule["punctuation"], rule["digits"], rule["ascii"]):
        return "characters"
    if "digit" in rule and not any(ch.isdigit() for ch in text):
        return "digit"
    return None


def _only(text, punctuation, digits, letters_ascii):
    for ch in text:
        code = ord(ch)
        if ch in punctuation or (code < 0x80 and (ch.isalpha() or (digits and ch.isdigit()))):
            continue
        # Other printable letters (José, Nguyễn) unless the field is restricted to ASCII.
        if not letters_ascii and code > 0x9F and not _invisible(code):
            continue
        return False
    return True


def _invisible(code):
    for first, last in _INVISIBLE:
        if first <= code <= last:
            return True
    return False
