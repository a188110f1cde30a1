"""The quarterly random selection, done exactly as the order's footnote describes (DGO I-19
D-2, footnote 2).

The footnote: random numbers between 1 and the number of rows in the work phone record are
generated and matched to rows; numbers keep being generated until the requisite number of
phones is gathered. So a number that repeats an already-selected row is recorded and another
is drawn. The requisite number comes from the order through the audit data (`rule`: the
selection entry of data/audit/<slug>.json: {section, minimum, quote}).
"""
from audit.prng import GENERATOR, Generator
from audit.record import SPACE

MAXIMUM_COUNT = 1000    # a typing slip, not a plan; the memo would be unreadable


class SelectionError(ValueError):
    pass


def check_count(count, rule):
    """count as an int when the order allows it (None: its minimum); raises SelectionError
    with the reason."""
    if count is None:
        return rule["minimum"]
    text = str(count).strip(SPACE)
    try:
        # A long text is no count: not parsed (MicroPython would read 100,000 digits), and
        # only its start is quoted, so the reason stays readable.
        if len(text) > 20:
            raise ValueError(text)
        number = int(text)
    except ValueError:
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise SelectionError(f"the number of phones \"{shown}\" is not a whole number")
    if number < rule["minimum"]:
        raise SelectionError(f"the number of phones must be at least {rule['minimum']} "
                             f"({rule['section']}: \"{rule['quote']}\"); asked for {number}")
    if number > MAXIMUM_COUNT:
        raise SelectionError(f"the number of phones must be at most {MAXIMUM_COUNT}; asked for "
                             f"{number}")
    return number


def select(record, seed, date, count, rule):
    """The selection as data (see the keys below); record is an audit.record.Record.

    When the record has no more rows than requested every phone is selected and no number
    is drawn (drawing could only end with all of them, in some order).
    """
    count = check_count(count, rule)
    generator = Generator(seed)
    total = len(record.rows)
    if total <= count:
        drawn, chosen = [], list(range(1, total + 1))
    else:
        drawn, chosen = draw(generator, total, count)
    return {
        "generator": GENERATOR,
        "seed": generator.seed,
        "date": date,
        "record": {"name": record.name, "sha256": record.digest, "rows": total},
        "count_requested": count,
        "all_selected": total <= count,
        "numbers_drawn": drawn,
        "selected": [_selected_row(record.rows[n - 1], drawn) for n in chosen],
    }


def draw(generator, total, count):
    """(numbers drawn in order, distinct numbers in the order first drawn) per footnote 2."""
    drawn, chosen, taken = [], [], {}     # taken: a dict, so each draw costs one step
    while len(chosen) < count:
        number = generator.randint(1, total)
        drawn.append(number)
        if number not in taken:
            taken[number] = True
            chosen.append(number)
    return drawn, chosen


def _selected_row(row, drawn):
    draw_number = drawn.index(row["row"]) + 1 if row["row"] in drawn else None
    return {"row": row["row"], "line": row["line"], "draw": draw_number, "phone": row["phone"],
            "serial": row["serial"], "member": row["member"], "extra": row["extra"]}


def repeats(selection):
    """Positions (1-based) in numbers_drawn that repeat an earlier number."""
    seen, positions = {}, []
    for i, number in enumerate(selection["numbers_drawn"]):
        if number in seen:
            positions.append(i + 1)
        seen[number] = True
    return positions
