"""What the audit page shows, as plain functions of plain data (testable in CPython).

web/audit_app.py wires these to the page through web/browser.py; nothing here touches the DOM.
"""
from audit.policy import role_section
from model.escape import html as escape_html

# The D-1 form: (key, id of its input on the page). Errors show in "#<id>-error".
INSPECTION_FIELDS = (
    ("inspector", "audit-inspector"),
    ("member", "audit-member"),
    ("device", "audit-device"),
    ("date", "audit-inspection-date"),
    ("reason", "audit-reason"),
    ("outcome", "audit-outcome"),
    ("memo_date", "audit-memo-date"),
)
UNEXPECTED = ("Something went wrong on this page, and nothing was produced. Reload the page "
              "and try again; if it happens again, use the command-line tool "
              "(python -m audit) and report the problem.")


def record_summary_html(record):
    """The status shown once a record is valid."""
    phones = len(record)
    html = (f'<p class="audit-ok"><strong>{escape_html(record.name)}</strong> is a valid work '
            f'phone record: {phones} phone{"" if phones == 1 else "s"}.<br>'
            f'SHA-256 <code class="audit-digest">{record.digest}</code></p>')
    if record.skipped_lines:
        lines = ", ".join(str(n) for n in record.skipped_lines)
        html += f"<p>Blank lines skipped: {lines}.</p>"
    return html


UNREADABLE = ("the browser could not read the file (it may have been moved, changed or "
              "deleted since it was chosen); choose it again")


def reading_text(name, done, total):
    """The status line while a chosen file is read, in tenths (each change is announced)."""
    tenths = 10 * done // total if total else 10
    return f"Reading {name}… {10 * tenths} %"


def checking_text(name):
    return f"Checking {name}…"


def problems_html(heading, messages):
    """A list of problems (e.g. a record's line-numbered errors) with its heading."""
    items = "".join(f"<li>{escape_html(m)}</li>" for m in messages)
    return f'<div class="audit-problems"><p><strong>{escape_html(heading)}</strong></p><ul>{items}</ul></div>'


def message_html(text):
    return f"<p>{escape_html(text)}</p>"


def record_problems_html(name, errors):
    count = len(errors)
    heading = (f"{name} cannot be used: {count} problem{'' if count == 1 else 's'} to fix "
               "(line numbers count from the top of the file, header included).")
    return problems_html(heading, errors)


def selection_summary(selection):
    """One line a screen reader announces after a draw: the rows, in the order drawn."""
    rows = ", ".join(str(p["row"]) for p in selection["selected"])
    if selection["all_selected"]:
        return f"Every phone is selected (rows {rows}): the record has no more rows than requested."
    return f"Rows selected, in the order drawn: {rows}. Seed: {selection['seed']}."


def memo_filename(policy, kind, date, extension):
    """'selection', '2026-11-29', 'md' -> 'dgo-i-19-d2-selection-2026-11-29.md'."""
    section = role_section(policy, kind).lower().replace("-", "")
    return f"{policy['order']['slug']}-{section}-{kind}-{date}.{extension}"


def inspection_facts(read, planned):
    """The D-1 form's values as audit.check_inspection facts; read(CSS selector) -> text."""
    facts = {key: read("#" + input_id) for key, input_id in INSPECTION_FIELDS}
    facts["planned"] = planned
    return facts


def field_messages(errors):
    """[(input id, message or None)] for every D-1 input, from InspectionError.errors."""
    by_key = dict(errors)
    return [(input_id, _sentence(by_key[key]) if key in by_key else None)
            for key, input_id in INSPECTION_FIELDS]


def first_invalid(errors):
    """The input to move focus to: the first field (in form order) with a problem."""
    keys = [key for key, _ in errors]
    for key, input_id in INSPECTION_FIELDS:
        if key in keys:
            return input_id
    return None


def _sentence(message):
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
