"""Starting a browser app: the one way every page runs its Python (web/<name>_app.py).

The build writes the app's settings into the page as a JSON data block (build_scripts/apps.py):
which app, which order, its data files (data/<kind>/<order>.json) and the way back to the
site root. run(start) reads them, calls start(app), and sets `data-state` on the app's root
element (#<name>-app) to "ready" — the one ready signal tests and bench/ wait for — or, if
start fails, to "failed" with one plain message in #<name>-app-status — after taking over
the first screen the build wrote into the page (run). Handlers registered
through app.on() / app.on_async() are guarded the same way: a Python traceback never reaches
the page (it goes to the browser console for whoever debugs).
"""
import asyncio
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
        self._running = 0   # async handlers still running (on_async)

    def kinds(self):
        """The kinds of data file the page's marker lists."""
        return list(self._paths)

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
        """Like on(), for an `async def` handler. While one runs the app root is
        aria-busy="true": assistive technology waits for its result, and the page's early
        script waits for it before doing the next thing the reader did before ready (a file
        read to the end before the draw that needs it)."""
        run = self.guarded_async(handler, status)

        async def run_busy(event):
            try:
                await run(event)
            finally:
                self._busy(-1)

        def start(event):  # at once, in the event: the busy mark must not wait for the task
            self._busy(1)
            asyncio.create_task(run_busy(event))
        browser.on(selector, event, start)

    def _busy(self, change):
        self._running += change
        browser.set_attribute(self.root, "aria-busy", "true" if self._running else None)

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
    """Start the page's app with start(app); set the ready (or failed) signal.

    The page may already show the app's first screen, written by the build
    (web/first_screen.py), and the reader may have used it: start's first render of those
    elements keeps them when it is the same HTML (browser.take_over), and once the app is
    ready the page's early script does again what the reader did meanwhile, through the
    handlers start registered (browser.hand_over).

    The start runs in steps, each in a task of its own (a data file read, then start): on a
    mid-range phone reading the helper's rulebook and its order takes as long as the rest of
    the start together, and a reader's tap must not wait for all of it (issue 15: no task
    over 50 ms while the page loads)."""
    try:
        page_settings = settings()
        app = App(page_settings)
    except Exception as exc:  # no settings: the page was not built by our hook
        browser.log_exception(exc)
        return
    first = page_settings.get("first_screen") or {}
    asyncio.create_task(_start_in_steps(app, start, first.get("digests")))


async def _start_in_steps(app, start, first_screen):
    try:
        for kind in sorted(app.kinds()):
            await browser.next_task()
            app.data(kind)
        await browser.next_task()
        browser.take_over(first_screen)
        start(app)
    except Exception as exc:
        app.fail(exc)
        browser.set_attribute(app.root, "data-state", "failed")
        browser.hand_over("failed")
        return
    browser.show(app.status, False)
    browser.set_attribute(app.root, "data-state", "ready")
    browser.hand_over("ready")
