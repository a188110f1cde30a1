"""Entry point of the quiz page (docs/quiz.md): the quiz package, wired to the page.

Everything the member does is a step of quiz.session; after each step the state is saved
to localStorage (so a reload, a closed tab or a lost signal loses nothing) and the screen is
re-rendered from web/quiz_view.py. Nothing is sent anywhere: the record leaves the device
only as a file the member downloads.

Saved progress is checked on load (quiz.session.restore_text): what fails is set aside under
its own key, offered for download until the member deletes it, and the quiz starts fresh
with a notice. "Start over" is on every screen. A waiting time between attempts re-renders
the screen when it ends, so the retake button appears by itself.

In a SCORM package (the settings name a SCORM version) inside a learning system, web/lms.py
takes the member's name and ID from the system, keeps the progress there instead of in
localStorage, and reports every answer, the result and the sign-off (see its docstring for
the call sites below, marked "LMS").

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
NOT_KEPT = (" It could not be kept on this device (storage full or disabled): download it now "
            "if you need it.")
STARTED_OVER = "Started over. Attempts used and any waiting time are kept on this device."
CLEARED = "The record was cleared from this device."
BROKEN = ("The saved progress could not be shown, so the quiz starts fresh; it has been set "
          "aside and you can download it below.")

app = {"bank": None, "state": None, "key": None, "root": "#quiz-app", "timer": None,
       "lms": None}
ui = {"root": "../", "errors": None, "fields": None, "notice": None, "confirm": None,
      "error": None, "set_aside": None, "now": None, "local_time": browser.local_time_text}


def now():
    return normalize_iso(browser.now_iso())


def seed():
    """Seed for the next attempt: ?seed=N + attempt number, else 4 secure random bytes."""
    for pair in browser.query_string().split("&"):
        key, _, value = pair.partition("=")
        if key == "seed" and value.isdigit():
            return int(value) + session.attempts_used(app["state"], app["bank"])
    data = browser.random_bytes(4)
    return data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3]


# ---------------------------------------------------------------- saving and showing

def save():
    if app["lms"]:  # LMS: progress, answers and result go to the learning system
        app["lms"].sync(app["state"], now())
        return
    if not browser.storage_set(app["key"], json.dumps(app["state"])):
        ui["notice"] = NOT_SAVED


def show(focus="#quiz-heading"):
    ui["now"] = now()
    browser.set_html(app["root"], view.render(app["state"], app["bank"], ui))
    if focus:
        browser.focus(focus)
    wake_when_wait_ends()


def wake_when_wait_ends():
    """While a waiting time runs, show the screen again the moment it ends."""
    if app["timer"] is not None:
        browser.clear_timeout(app["timer"])
        app["timer"] = None
    state = app["state"]
    if state["phase"] in ("result", "review") and state["member"] is not None:
        left = session.wait_left(state, app["bank"], ui["now"])
        if left:  # capped: browsers run a timer of more than 24.8 days at once
            app["timer"] = browser.set_timeout(min(left, 86400) + 1, lambda: show(None))


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


def begin():
    fields = {}
    for field in FIELDS:
        fields[field] = browser.value("#quiz-" + field)
    if app["lms"]:  # LMS: the member is who the learning system says
        fields.update(app["lms"].member_fields())
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


def download_attempt():
    """The record of an attempt that did not pass (not a sign-off; nothing to keep track of)."""
    record = app["state"]["record"]
    browser.download(view.file_stem(record) + "-attempt-%d.json" % record["attempt"],
                     canonical_json(record), MIME["json"])


def confirm():
    ui["confirm"] = "start-over"
    show('[data-action="keep"]')


def start_over():
    """The saved state keeps only the attempt ledger; details, answers and records go."""
    signed = app["state"]["phase"] == "signed"
    session.start_over(app["state"], app["bank"], now())
    discard_set_aside()
    ui["notice"] = CLEARED if signed else STARTED_OVER
    step()


def next_question():
    session.next_step(app["state"], app["bank"], now())
    step()


def retake():
    session.retake(app["state"], app["bank"], now(), seed())
    step()


def keep():
    ui["confirm"] = None
    show()


# ---------------------------------------------------------------- set-aside progress

def set_aside_key():
    return app["key"] + ":set-aside"


def keep_set_aside(text):
    ui["set_aside"] = text
    if not browser.storage_set(set_aside_key(), text):
        ui["notice"] = (ui["notice"] or "") + NOT_KEPT


def download_set_aside():
    text = ui["set_aside"] or ""
    try:
        json.loads(text)
        suffix, mime = ".json", "application/json"
    except ValueError:
        suffix, mime = ".txt", "text/plain"
    name = "%s-quiz-progress-set-aside-%s%s" % (app["bank"]["slug"], now()[:10], suffix)
    browser.download(name, text, mime)


def discard_set_aside():
    browser.storage_remove(set_aside_key())
    ui["set_aside"] = None


def discard_and_show():
    discard_set_aside()
    show('[data-action="start-over"]')


SUBMITS = {"start": begin, "answer": answer, "sign": sign}
ACTIONS = {
    "next": next_question,
    "retake": retake,
    "download-json": lambda: download("json"),
    "download-csv": lambda: download("csv"),
    "download-xapi": lambda: download("xapi"),
    "download-attempt": download_attempt,
    "print": browser.print_page,
    "start-over": confirm,
    "keep": keep,
    "start-over-yes": start_over,
    "download-set-aside": download_set_aside,
    "discard-set-aside": discard_and_show,
}


# ---------------------------------------------------------------- start-up

def guarded(handler):
    """A step the session refuses is shown as a notice; anything else is the runner's (the
    screen, with its "Start over", stays)."""
    def run(event):
        try:
            handler(event)
        except session.QuizError as exc:
            ui["notice"] = str(exc)
            show()
            ui["notice"] = None
    return run


def load(bank):
    """The saved state (or a fresh one) and what the member must be told about it."""
    text = app["lms"].saved_text() if app["lms"] else browser.storage_get(app["key"])
    state, notice, set_aside = session.restore_text(text, bank, now())
    app["state"], ui["notice"] = state, notice
    if set_aside is not None:
        keep_set_aside(set_aside)
        save()  # the fresh state replaces what could not be used
    else:
        ui["set_aside"] = browser.storage_get(set_aside_key())
    return text


def start(page):
    bank = page.data("quiz")
    app.update(bank=bank, key=view.storage_key(bank), root=page.root)
    ui["root"] = page.site_root
    trouble = connect_lms(bank, page)
    text = load(bank)
    ui["notice"] = ui["notice"] or trouble
    page.on(page.root, "submit", guarded(on_submit))
    page.on(page.root, "click", guarded(on_click))
    try:
        show(None)
    except Exception as exc:  # a state that checks but cannot be shown is a bug: never a dead end
        browser.log_exception(exc)
        keep_set_aside(text or "")
        app["state"] = session.new_state(bank, ledger=app["state"]["ledger"])
        ui["notice"] = BROKEN
        save()
        show(None)
    if ui["notice"] != NOT_SAVED:
        ui["notice"] = None


def connect_lms(bank, page):
    """LMS: in a SCORM package, find the learning system and talk to it (web/lms.py);
    returns what the member must be told if it is there but does not answer."""
    version = runner.settings().get("scorm")
    if not version:
        return None
    from web import lms  # only a package talks to a learning system: the site never runs it
    browser.rewrite_links(page.root, lms.file_link)
    app["lms"], trouble = lms.connect(browser.scorm_api(version), bank, now(), browser.log_error)
    if app["lms"]:
        ui.update(fixed=app["lms"].member_fields(), saved_in="in your learning system",
                  recorded=lms.RECORDED)
        browser.on_page_exit(lambda event: app["lms"].leave(app["state"], now()))
        trouble = app["lms"].identity_problem()
    return trouble


runner.run(start)
