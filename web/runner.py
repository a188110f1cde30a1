"""Starting a browser app: the one way every page runs its Python (web/<name>_app.py).

The build writes the app's settings into the page as a JSON data block (build_scripts/apps.py):
which app, which order, its data files (data/<kind>/<order>.json) and the way back to the
site root. run(start) reads them, calls start(app), and sets `data-state` on the app's root
element (#<name>-app) to "ready" — the one ready signal tests and bench/ wait for — or, if
start fails, to "failed" with one plain message in #<name>-app-status. Handlers registered
through app.on() / app.on_async() are guarded the same way: a Python traceback never reaches
the page (it goes to the browser console for whoever debugs).
"""
import json

from web import browser

SETTINGS = "#policy-desk-app"
UNEXPECTED = ("Sorry, something went wrong on this page. Reload the page to try again; if it "
              "keeps happening, tell the Policy Desk maintainers.")


class App:
    """What an app's start(app) receives: its settings, its data, guarded event wiring."""

    def __init__(self, settings):
        self.name = settings["app"]
        self.order = settings["order"]
        self.site_root = settings["site_root"]
        self.root = "#" + self.name + "-app"
        self.status = self.root + "-status"
        self._paths = settings["data"]
        self._data = {}

    def data(self, kind):
        """The parsed data file of kind ("orders", "quiz", …) the page's marker lists."""
        if kind not in self._data:
            with open(self._paths[kind]) as handle:
                self._data[kind] = json.load(handle)
        return self._data[kind]

    def on(self, selector, event, handler, status=None):
        """handler(event) on every event at selector; a failure is shown in status (a
        selector; default: the app's status line)."""
        browser.on(selector, event, self.guarded(handler, status))

    def on_async(self, selector, event, handler, status=None):
        browser.on_async(selector, event, self.guarded_async(handler, status))

    def guarded(self, handler, status=None):
        def run_guarded(event):
            try:
                handler(event)
            except Exception as exc:
                self.fail(exc, status)
        return run_guarded

    def guarded_async(self, handler, status=None):
        async def run_guarded(event):
            try:
                await handler(event)
            except Exception as exc:
                self.fail(exc, status)
        return run_guarded

    def fail(self, exc, status=None):
        """Log exc for developers; show people one plain sentence instead."""
        browser.log_exception(exc)
        status = status or self.status
        browser.set_text(status, UNEXPECTED)
        browser.set_attribute(status, "role", "alert")
        browser.show(status, True)


def settings():
    return json.loads(browser.text(SETTINGS))


def run(start):
    """Start the page's app with start(app); set the ready (or failed) signal."""
    try:
        app = App(settings())
    except Exception as exc:  # no settings: the page was not built by our hook
        browser.log_exception(exc)
        return
    try:
        start(app)
    except Exception as exc:
        app.fail(exc)
        browser.set_attribute(app.root, "data-state", "failed")
        return
    browser.show(app.status, False)
    browser.set_attribute(app.root, "data-state", "ready")
