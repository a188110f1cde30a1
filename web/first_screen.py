"""Each app's first screen, as the build writes it into the page: readable and answerable
before Python has started in the browser (issue 15).

build_scripts/apps.py runs this module in CPython at build time; the browser never imports it.
It calls the same view functions the apps call for their first render, with the same data,
so the HTML is the app's own. When the app starts, its first render of those elements is the
same HTML (a digest in the page's settings says so) and web/runner.py keeps the elements in
the page, with whatever the reader chose or typed in them, instead of writing them again.

first_screen(app, data, root) -> {"html": {element id: inner HTML}, "unless": {...}}, or None
for an app without one. data: {kind: parsed data file}, the files the page's marker lists,
as the app reads them; root: the page's way back to the site root. "unless" names what makes
the first screen not this visit's (the page's early script then hides it until the app has
drawn its own, model/tools/app_page.js):
    "query": True    the address has a query: the helper opens on the facts of a shared link;
    "storage": key   localStorage holds key: the quiz resumes saved progress.
"""
import checker
from quiz import session
from web import helper_view, quiz_view


def helper(data, root):
    """The first question, as web/helper_app.show({}) draws it."""
    result = checker.decide({}, checker.Book(data["checker"]), data["orders"]["sections"])
    return {"html": {"helper-step": helper_view.question_html(result["questions"][0], 1, False)},
            "unless": {"query": True}}


def quiz(data, root):
    """The member-details form of a fresh attempt, as web/quiz_app.start draws it."""
    bank = data["quiz"]
    ui = {"root": root, "errors": None, "fields": None, "notice": None, "confirm": None,
          "error": None}
    return {"html": {"quiz-app": quiz_view.render(session.new_state(bank), bank, ui)},
            "unless": {"storage": quiz_view.storage_key(bank)}}


def audit(data, root):
    """The audit page is its own first screen: plain HTML forms and a file chooser."""
    return {"html": {}, "unless": {}}


SCREENS = {"helper": helper, "quiz": quiz, "audit": audit}


def first_screen(app, data, root):
    return SCREENS[app](data, root) if app in SCREENS else None
