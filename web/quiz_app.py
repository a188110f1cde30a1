"""Entry point of the quiz page (docs/quiz.md): the quiz package, wired to the page.

Everything the member does is a step of quiz.session; after each step the state is saved
to localStorage (so a reload, a closed tab or a lost signal loses nothing) and the screen is
re-rendered from web/quiz_view.py. Nothing is sent anywhere: the record leaves the device
only as a file the member downloads.

URL option for support and tests: ?seed=N makes the draws reproducible (attempt k uses
seed N + k); without it each draw is seeded from the browser's secure random source.
"""
import json

from model.canonical import canonical_json
from quiz import session
from quiz.clock import normalize_iso
from quiz.export import csv_text, xapi_json
from quiz.member import FIELDS
from web import browser
from web import quiz_view as view
from web import runner

MIME = {"json": "application/json", "csv": "text/csv", "xapi": "application/json"}
SUFFIX = {"json": ".json", "csv": ".csv", "xapi": "-xapi.json"}
NOT_SAVED = ("This browser is not saving your progress (private browsing or storage full): "
             "keep this page open until you have downloaded your record.")

app = {"bank": None, "state": None, "key": None, "root": "#quiz-app"}
ui = {"root": "../", "errors": None, "fields": None, "notice": None, "confirm": None, "error": None}


def now():
    return normalize_iso(browser.now_iso())


def seed():
    """Seed for the next attempt: ?seed=N + attempt number, else 4 secure random bytes."""
    for pair in browser.query_string().split("&"):
        key, _, value = pair.partition("=")
        if key == "seed" and value.isdigit():
            return int(value) + app["state"]["attempt"]
    data = browser.random_bytes(4)
    return data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3]


# ---------------------------------------------------------------- saving and showing

def save():
    if not browser.storage_set(app["key"], json.dumps(app["state"])):
        ui["notice"] = NOT_SAVED


def show(focus="#quiz-heading"):
    browser.set_html(app["root"], view.render(app["state"], app["bank"], ui))
    browser.focus(focus)


def step(focus="#quiz-heading"):
    """After a state change: forget one-shot messages, save, show."""
    ui.update(errors=None, fields=None, error=None, confirm=None)
    save()
    show(focus)
    if ui["notice"] != NOT_SAVED:  # that warning stays; others are shown once
        ui["notice"] = None


# ---------------------------------------------------------------- what the member does

def on_submit(event):
    browser.cancel(event)
    form = browser.event_data(event, "data-form")
    if form in SUBMITS:
        SUBMITS[form]()


def on_click(event):
    action = browser.event_data(event, "data-action")
    if action in ACTIONS:
        ACTIONS[action]()


def start():
    fields = {}
    for field in FIELDS:
        fields[field] = browser.value("#quiz-" + field)
    since = browser.checked_values("quiz-scope")  # the version signed before, if any
    errors = session.start(app["state"], app["bank"], fields, now(), seed(),
                           since=since[0] if since else None)
    if errors:
        ui.update(errors=errors, fields=fields)
        first = [f for f in FIELDS if f in errors][0]
        show("#quiz-" + first)
        return
    step()


def answer():
    chosen = browser.checked_values("quiz-answer")
    refusable(lambda: session.answer(app["state"], app["bank"], chosen),
              "#quiz-answer-error", 'input[name="quiz-answer"]')


def sign():
    confirmed = browser.is_checked("#quiz-confirm")
    refusable(lambda: session.sign(app["state"], app["bank"], confirmed, now()),
              "#quiz-sign-error", "#quiz-confirm")


def refusable(take_step, error_selector, focus_selector):
    """Take a step the session may refuse; a refusal is shown beside the form, unsaved."""
    try:
        take_step()
    except session.QuizError as exc:
        browser.set_text(error_selector, str(exc))
        browser.focus(focus_selector)
        return
    step()


def download(kind):
    record = app["state"]["record"]
    texts = {"json": canonical_json, "csv": csv_text,
             "xapi": lambda r: xapi_json(r, app["bank"]["xapi_home_page"])}
    browser.download(view.file_stem(record) + SUFFIX[kind], texts[kind](record), MIME[kind])
    session.mark_downloaded(app["state"], kind)
    step('[data-action="download-%s"]' % kind)


def confirm(what):
    ui["confirm"] = what
    show('[data-action="keep"]')


def forget(notice):
    """Abandon or clear: the saved state is deleted (not replaced by an empty one), so the
    device keeps nothing of this member; the quiz starts again for the next one."""
    browser.storage_remove(app["key"])
    app["state"] = session.new_state(app["bank"])
    ui.update(errors=None, fields=None, error=None, confirm=None, notice=notice)
    show()
    ui["notice"] = None


def next_question():
    session.next_step(app["state"], app["bank"], now())
    step()


def retake():
    session.retake(app["state"], app["bank"], now(), seed())
    step()


def keep():
    ui["confirm"] = None
    show()


SUBMITS = {"start": start, "answer": answer, "sign": sign}
ACTIONS = {
    "next": next_question,
    "retake": retake,
    "download-json": lambda: download("json"),
    "download-csv": lambda: download("csv"),
    "download-xapi": lambda: download("xapi"),
    "print": browser.print_page,
    "abandon": lambda: confirm("abandon"),
    "clear": lambda: confirm("clear"),
    "keep": keep,
    "abandon-yes": lambda: forget("The attempt was abandoned and deleted from this device."),
    "clear-yes": lambda: forget("The record was cleared from this device."),
}


# ---------------------------------------------------------------- start-up

def guarded(handler):
    """A step the session refuses is shown as a notice; anything else is the runner's."""
    def run(event):
        try:
            handler(event)
        except session.QuizError as exc:
            ui["notice"] = str(exc)
            show()
    return run


def load_state(bank):
    text = browser.storage_get(app["key"])
    try:
        saved = None if text is None else json.loads(text)
    except ValueError:
        saved = "unreadable"
    return session.restore(saved, bank)


def start(page):
    bank = page.data("quiz")
    app.update(bank=bank, key="policy-desk:quiz:" + bank["slug"], root=page.root)
    ui["root"] = page.site_root
    app["state"], ui["notice"] = load_state(bank)
    page.on(page.root, "submit", guarded(on_submit))
    page.on(page.root, "click", guarded(on_click))
    browser.set_html(page.root, view.render(app["state"], bank, ui))
    ui["notice"] = None


runner.run(start)
