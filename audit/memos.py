"""The two memoranda of section D, as document blocks (see audit.document).

- selection_memo: the random selection for the quarterly Integrity Unit inspection (D-2,
  footnote 2), for the quarterly memorandum to the IAD Commander.
- inspection_memo: an inspection by a supervisor or commander outside planned/ordered audits
  or investigations, documented in a memorandum to the Captain of Internal Affairs (D-1).
Policy wording is quoted from the policy data; the rest is Policy Desk's own wording.
"""
from audit.dates import quarter
from audit.policy import footnote_quotes, order_label, order_name, role_section, section_quote
from audit.selection import repeats

PHONE_HEADERS = ["Draw", "Row", "File line", "Phone number", "Serial / identifying number",
                 "Assigned member"]
RESULT_HEADERS = ["Row", "Inspected on", "Inspected by", "Result"]


def selection_memo(selection, policy):
    record, section = selection["record"], role_section(policy, "selection")
    blocks = [
        ("title", "Memorandum: quarterly random selection of work cell phones"),
        ("fields", [("To", "IAD Commander"), ("From", "IAD Integrity Unit"),
                    ("Date", selection["date"]),
                    ("Subject", f"Work cell phones selected for the {quarter(selection['date'])} "
                                f"Integrity Unit inspection ({order_name(policy)}, {section})")]),
        ("heading", "Phones selected"),
        ("para", _selection_summary(selection)),
        ("table", PHONE_HEADERS, [_phone_cells(p) for p in selection["selected"]]),
        ("heading", "How they were selected"),
    ]
    blocks += _draw_blocks(selection)
    blocks += [
        ("heading", f"Work phone record ({role_section(policy, 'record')})"),
        ("fields", [("File", record["name"]), ("Rows (phones)", str(record["rows"])),
                    ("SHA-256 of the file", record["sha256"])]),
        ("heading", "Reproducing this draw"),
        ("fields", [("Seed", selection["seed"]), ("Generator", selection["generator"]),
                    ("Command", reproduce_command(selection))]),
        ("para", "The same file (same SHA-256), seed and number of phones always give the same "
                 "numbers, on the Policy Desk audit page or with the command above."),
        ("heading", "Inspection results"),
        ("table", RESULT_HEADERS, [[str(p["row"]), "", "", ""] for p in selection["selected"]]),
        ("signature", ["Prepared by (name, serial number)", "Date"]),
        ("heading", "Policy"),
        section_quote(policy, section),
    ]
    return blocks + footnote_quotes(policy, section) + [("para", "Quoted from " + order_label(policy) + ".")]


def _selection_summary(selection):
    count, rows = selection["count_requested"], selection["record"]["rows"]
    if selection["all_selected"]:
        return (f"{count} phones were requested and the record has {rows} rows, so every phone "
                "in the record is selected; no random numbers were needed.")
    return f"{count} phones selected at random from the {rows} rows of the work phone record."


def _phone_cells(phone):
    draw = str(phone["draw"]) if phone["draw"] else "all"
    return [draw, str(phone["row"]), str(phone["line"]), phone["phone"] or "(none)",
            phone["serial"], phone["member"]]


def _draw_blocks(selection):
    if selection["all_selected"]:
        return [("para", "No numbers were drawn: the record has no more rows than the number of "
                         "phones requested.")]
    drawn = selection["numbers_drawn"]
    repeated = repeats(selection)
    items = [f"Draw {i}: {n}" + (" (repeat: row already selected, so another number was drawn)"
                                 if i in repeated else "")
             for i, n in enumerate(drawn, 1)]
    return [
        ("para", f"Random whole numbers between 1 and {selection['record']['rows']} (the number of "
                 "rows in the work phone record) were generated and each was matched to that row, "
                 f"until {selection['count_requested']} different phones were selected. "
                 f"Numbers drawn, in order: {', '.join(str(n) for n in drawn)}."),
        ("list", items),
    ]


def reproduce_command(selection):
    return (f"python -m audit select {shell_word(selection['record']['name'])} --count "
            f"{selection['count_requested']} --seed {selection['seed']} --date {selection['date']}")


def inspection_memo(inspection, policy):
    """inspection: the dict from audit.inspection.check_inspection (not a planned audit)."""
    return [
        ("title", "Memorandum: inspection of a work cell phone or electronic device"),
        ("fields", [("To", "Captain of Internal Affairs"), ("From", inspection["inspector"]),
                    ("Date", inspection["memo_date"]),
                    ("Subject", "Inspection outside a planned or ordered audit or investigation "
                                "(" + order_name(policy) + ", " + role_section(policy, "inspection")
                                + ")")]),
        ("heading", "Inspection"),
        ("fields", [("Inspected by", inspection["inspector"]),
                    ("Member assigned the device", inspection["member"]),
                    ("Device", inspection["device"]),
                    ("Date of the inspection", inspection["date"]),
                    ("Planned or ordered audit or investigation", "No")]),
        ("heading", "Reason and grounds for the inspection"),
        ("para", inspection["reason"]),
        ("heading", "Outcome"),
        ("para", inspection["outcome"]),
        ("signature", ["Signature", "Date"]),
        ("heading", "Policy"),
        section_quote(policy, role_section(policy, "inspection")),
        ("para", "Quoted from " + order_label(policy) + "."),
    ]


def shell_word(text):
    """text as one shell word: file names with spaces or quotes still paste correctly."""
    safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./"
    if text and all(c in safe for c in text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def planned_notice(policy):
    """What to show instead of a memo when the inspection was part of a planned audit."""
    return [
        ("title", "No memorandum needed"),
        ("para", "This inspection was part of a planned or ordered audit or investigation. "
                 + role_section(policy, "inspection") + " asks for a memorandum to the Captain "
                 "of Internal Affairs for inspections by supervisors or commanders \"outside of "
                 "planned/ordered audits or investigations\", so none is required for this one."),
        section_quote(policy, role_section(policy, "inspection")),
    ]
