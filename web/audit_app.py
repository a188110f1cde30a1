"""Entry point of the audit page (docs/audit.md): the audit package, wired to the page.

The work phone record is read from the file input in this browser; nothing is sent anywhere.
Wording and HTML come from web/audit_view.py and audit/; this module only moves data between
them and the page (through web/browser.py).
"""
import asyncio

import audit
from web import audit_view as view
from web import browser
from web import runner

BUTTONS = ("#audit-draw", "#audit-write-memo")
# memos: kind -> (blocks, date, title); policy: the text the memos quote (audit.make_policy);
# reading: counts files chosen, so a read overtaken by a newer choice is dropped
state = {"record": None, "memos": {}, "policy": None, "reading": 0}


# --- the work phone record (D-4) ---

async def on_record_chosen(event):
    """Check the chosen file's size before reading a byte, read it in chunks with progress
    (the tab stays responsive), then check the record. A file chosen while another is still
    being read wins: the older read stops at its next chunk."""
    state["reading"] += 1
    reading = state["reading"]
    forget_memo("selection")
    state["record"] = None
    browser.set_attribute("#audit-record", "aria-invalid", None)
    chosen = browser.chosen_file("#audit-record")
    if chosen is None:
        browser.set_html("#audit-record-status", "")
        return
    name, size = chosen
    too_big = audit.size_problem(size)
    if too_big:
        show_record_problems(name, [too_big])
        return

    shown = [view.reading_text(name, 0, size)]

    def progress(done, total):
        text = view.reading_text(name, done, total)
        if state["reading"] == reading and text != shown[0]:   # a live region: say changes only
            shown[0] = text
            browser.set_text("#audit-record-status", text)
    browser.set_text("#audit-record-status", shown[0])
    try:
        data = await browser.read_file_chunks("#audit-record", size, progress)
    except Exception as exc:  # the browser lost the file (moved, changed, or unreadable)
        browser.log_exception(exc)
        if state["reading"] == reading:
            show_record_problems(name, [view.UNREADABLE])
        return
    if state["reading"] != reading:
        return
    await browser.set_text_and_paint("#audit-record-status", view.checking_text(name))
    if state["reading"] != reading:
        return
    try:
        state["record"] = audit.read_record(data, name)
    except audit.RecordError as exc:
        show_record_problems(name, exc.errors)
        return
    browser.set_html("#audit-record-status", view.record_summary_html(state["record"]))


def show_record_problems(name, errors):
    browser.set_attribute("#audit-record", "aria-invalid", "true")
    browser.set_html("#audit-record-status", view.record_problems_html(name, errors))


# --- the quarterly random selection (D-2, footnote 2) ---

DRAW_INPUTS = {"SelectionError": "#audit-count", "SeedError": "#audit-seed",
               "DateError": "#audit-date"}


def on_draw(event):
    browser.cancel(event)
    for selector in DRAW_INPUTS.values():
        browser.set_attribute(selector, "aria-invalid", None)
    if state["record"] is None:
        draw_problem(view.message_html("Choose the work phone record (a CSV file) first."),
                     "#audit-record")
        return
    try:
        selection = draw_selection()
    except (audit.SelectionError, audit.SeedError, audit.DateError) as exc:
        selector = DRAW_INPUTS[type(exc).__name__]
        browser.set_attribute(selector, "aria-invalid", "true")
        draw_problem(view.problems_html("The selection was not drawn.", [str(exc)]), selector)
        return
    blocks = audit.selection_memo(selection, state["policy"])
    browser.set_value("#audit-seed", selection["seed"])
    show_memo("selection", blocks, selection["date"], "Quarterly random selection")
    browser.set_text("#audit-selection-status", view.selection_summary(selection))


def draw_selection():
    seed = browser.value("#audit-seed").strip() or audit.new_seed(browser.random_bytes)
    date = audit.check_date(browser.value("#audit-date") or browser.local_date(), "the memo date")
    return audit.select(state["record"], seed, date, browser.value("#audit-count"),
                        state["policy"]["roles"]["selection"])


def draw_problem(html, focus_selector):
    forget_memo("selection")
    browser.set_html("#audit-selection-status", html)
    browser.focus(focus_selector)


# --- the inspection memorandum (D-1) ---

def on_write_memo(event):
    browser.cancel(event)
    facts = view.inspection_facts(browser.value, browser.is_checked("#audit-planned"))
    try:
        inspection = audit.check_inspection(facts, browser.local_date())
    except audit.InspectionError as exc:
        show_field_errors(exc.errors)
        forget_memo("inspection")
        count = len(exc.errors)
        browser.set_text("#audit-memo-status", f"The memo was not written: {count} "
                         f"field{'' if count == 1 else 's'} to correct.")
        browser.focus("#" + view.first_invalid(exc.errors))
        return
    show_field_errors([])
    if inspection["planned"]:
        show_memo("inspection", audit.planned_notice(state["policy"]), None, "")
        browser.show("#audit-inspection-actions", False)
        browser.set_text("#audit-memo-status", "No memorandum is needed for a planned or "
                         "ordered audit or investigation.")
        return
    blocks = audit.inspection_memo(inspection, state["policy"])
    show_memo("inspection", blocks, inspection["date"], "Inspection memorandum")
    browser.set_text("#audit-memo-status", "The memorandum is ready below: print it or "
                     "download it.")


def show_field_errors(errors):
    for input_id, message in view.field_messages(errors):
        browser.set_text(f"#{input_id}-error", message or "")
        browser.set_attribute("#" + input_id, "aria-invalid", "true" if message else None)


# --- memos: show, print, download ---

def show_memo(kind, blocks, date, title):
    state["memos"][kind] = (blocks, date, title)
    browser.set_html(f"#audit-{kind}-memo", audit.to_html(blocks))
    browser.show(f"#audit-{kind}-actions", True)


def forget_memo(kind):
    state["memos"].pop(kind, None)
    browser.set_html(f"#audit-{kind}-memo", "")
    browser.show(f"#audit-{kind}-actions", False)


def print_memo(kind):
    # The page's print stylesheet shows only the memo named by data-audit-print; print()
    # returns when the dialog closes, and printing from the browser menu prints the page.
    browser.set_attribute("body", "data-audit-print", kind)
    try:
        browser.print_page()
    finally:
        browser.set_attribute("body", "data-audit-print", None)


def download_memo(kind, extension):
    blocks, date, title = state["memos"][kind]
    name = view.memo_filename(state["policy"], kind, date, extension)
    if extension == "md":
        browser.download(name, audit.to_markdown(blocks), "text/markdown")
    else:
        browser.download(name, audit.html_document(blocks, title), "text/html")


def wire_memo_buttons(app, kind):
    status = f"#audit-{kind}-status" if kind == "selection" else "#audit-memo-status"
    app.on(f"#audit-{kind}-print", "click", lambda e: print_memo(kind), status)
    for extension in ("md", "html"):
        app.on(f"#audit-{kind}-{extension}", "click",
               lambda e, ext=extension: download_memo(kind, ext), status)


def start(app):
    state["policy"] = audit.make_policy(app.data("orders"), app.data("audit"))
    app.on_async("#audit-record", "change", on_record_chosen, "#audit-record-status")
    app.on("#audit-select-form", "submit", on_draw, "#audit-selection-status")
    app.on("#audit-memo-form", "submit", on_write_memo, "#audit-memo-status")
    wire_memo_buttons(app, "selection")
    wire_memo_buttons(app, "inspection")
    today = browser.local_date()
    for selector in ("#audit-date", "#audit-inspection-date", "#audit-memo-date"):
        if not browser.value(selector):
            browser.set_value(selector, today)
    for selector in BUTTONS:
        browser.set_attribute(selector, "disabled", None)
    # A file chosen while the page was still loading fired its change event too early.
    asyncio.create_task(app.guarded_async(on_record_chosen, "#audit-record-status")(None))


runner.run(start)
