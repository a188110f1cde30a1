"""The verdicts a determination can give, their labels and what each one means.

Engine-level (the same for every order): the readings page prints the meanings, the helper
page shows the labels. A list, not a dict: MicroPython dicts do not keep order.
"""

VERDICT_TABLE = [
    ("required", "Required",
     "The order requires it: of you (carry the phone) or of the Department for you (issue you "
     "a phone)."),
    ("not_required", "Not required",
     "The order does not require it in the situation you described; it may still allow it."),
    ("permitted", "Permitted",
     "The order allows it on the facts you gave: a section allows it in words, or the sections "
     "that reach your situation forbid nothing you described. Other orders and the law may "
     "still limit it."),
    ("prohibited", "Prohibited",
     "The order forbids it on the facts you gave. A permission in one section does not lift a "
     "prohibition in another unless the order says so."),
    ("obligation", "You must act",
     "The situation puts a duty on you (report a loss, sign off, follow a device's own policy)."),
    ("conditional", "It depends",
     "You answered “I’m not sure” to a question that decides the answer. The helper names it "
     "and shows the answer for each way it can go; answer it to settle the verdict."),
    ("not_covered", "Not covered by this order",
     "The order does not address your situation. Where a section comes close, it is quoted so "
     "you can see why; check other orders or ask your supervisor. The helper never guesses."),
]

VERDICTS = tuple(row[0] for row in VERDICT_TABLE)
VERDICT_LABELS = {}
VERDICT_MEANINGS = {}
for _name, _label, _meaning in VERDICT_TABLE:
    VERDICT_LABELS[_name] = _label
    VERDICT_MEANINGS[_name] = _meaning

# The answer a judgement fact may also take: the member cannot tell (see conditional).
NOT_SURE = "not_sure"
NOT_SURE_LABEL = "I’m not sure"
