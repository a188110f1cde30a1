"""The member's identity as typed on the quiz page: cleaned and checked, with clear messages."""

FIELDS = ("name", "id", "unit")
LABELS = {"name": "Full name", "id": "Serial / ID number", "unit": "Unit or assignment"}
_NAME_PUNCT = " -'.’"
_UNIT_PUNCT = " -'.,&/()#’"


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
    for field, problem in (("name", _name_problem(member["name"])),
                           ("id", _id_problem(member["id"])),
                           ("unit", _unit_problem(member["unit"]))):
        if problem:
            errors[field] = problem
    return member, errors


def _name_problem(name):
    if len(name) < 2:
        return "Enter your full name as it appears on the roster."
    if len(name) > 80:
        return "The name is too long (80 characters at most)."
    if not _only(name, _NAME_PUNCT, digits=False):
        return "Use letters, spaces, hyphens, apostrophes and periods only."
    return None


def _id_problem(serial):
    if not serial:
        return "Enter your serial or ID number."
    if len(serial) > 20 or not _only(serial, "-", digits=True, letters_ascii=True):
        return "Use letters, digits and hyphens only (20 at most), e.g. 9123 or PS-0456."
    if not any(ch.isdigit() for ch in serial):
        return "A serial or ID number contains at least one digit."
    return None


def _unit_problem(unit):
    if len(unit) < 2:
        return "Enter your unit or assignment, e.g. Patrol Area 2."
    if len(unit) > 60:
        return "The unit is too long (60 characters at most)."
    if not _only(unit, _UNIT_PUNCT, digits=True):
        return "Use letters, digits, spaces and - ' . , & / ( ) # only."
    return None


def _only(text, punctuation, digits, letters_ascii=False):
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
