"""Shared fixtures: the site built once per session, served on loopback, and Chromium pages
that fail the test on any request leaving the machine."""
import functools
import http.server
import os
import subprocess
import sys
import threading
from urllib.parse import urlparse

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

CHROMIUM = os.environ.get("POLICY_DESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def build_site(destination, env_extra=None):
    """Run `mkdocs build --strict` into destination; fail the test session with its output."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env_extra or {}))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-d", str(destination)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return destination


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory):
    # While iterating on tests, POLICY_DESK_TEST_SITE may name an already built site.
    prebuilt = os.environ.get("POLICY_DESK_TEST_SITE")
    if prebuilt:
        return prebuilt
    return build_site(tmp_path_factory.mktemp("site"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Python's table lacks these; a module script or wasm served as text/plain fails.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript",
                      ".wasm": "application/wasm", ".json": "application/json",
                      ".webmanifest": "application/manifest+json"}

    def log_message(self, *args):
        pass


def serve(directory):
    """Serve directory on 127.0.0.1 in a thread; returns (server, base URL ending in /)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def stop(server):
    """Stop a server from serve() and close its socket (an open one is a ResourceWarning)."""
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir):
    server, url = serve(site_dir)
    yield url
    stop(server)


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    watch_csp_in_every_context(browser)
    yield browser
    browser.close()


# Content-Security-Policy violations (build_scripts/csp.py): every context of the browser
# fixture reports them here, and any seen during a test fails that test (no_csp_violations).
# Two channels: the `securitypolicyviolation` event (in every frame, from before the page's
# own scripts) and Chromium's console message, which also covers what no event reaches.
CSP_VIOLATIONS = {"current": []}
CSP_EVENT_WATCHER = """addEventListener("securitypolicyviolation", (event) => {
  const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : "";
  window.__policyDeskCsp(`${event.effectiveDirective} refused ${event.blockedURI || "inline code"}` +
                         `${where} on ${location.href}`);
}, true);"""


def watch_csp(context):
    """Record every CSP violation in context's pages into CSP_VIOLATIONS["current"]."""
    def record(text):
        CSP_VIOLATIONS["current"].append(text)

    def watch_page(page):
        page.on("console", lambda msg: record(f"console: {msg.text}")
                if "Content Security Policy" in msg.text else None)

    context.expose_binding("__policyDeskCsp", lambda source, text: record(text))
    context.add_init_script(CSP_EVENT_WATCHER)
    context.on("page", watch_page)
    return context


def watch_csp_in_every_context(browser):
    """Tests also open contexts with browser.new_context(): those are watched too."""
    new_context = browser.new_context
    browser.new_context = lambda *args, **kwargs: watch_csp(new_context(*args, **kwargs))


def csp_violations(clear=False):
    """The violations seen during this test so far (clear: forget them, for a test that
    provokes one on purpose)."""
    seen = list(CSP_VIOLATIONS["current"])
    if clear:
        CSP_VIOLATIONS["current"].clear()
    return seen


@pytest.fixture(autouse=True)
def no_csp_violations():
    CSP_VIOLATIONS["current"] = []
    yield
    # What the browser reported after the test's last call arrives with the next call.
    seen = csp_violations()
    if seen:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(seen), pytrace=False)


def is_loopback(url):
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOOPBACK


def guard_context(context):
    """Abort and record every request to a non-loopback host; returns the record list."""
    outside = []

    def route(route_obj):
        if is_loopback(route_obj.request.url):
            route_obj.continue_()
        else:
            outside.append(route_obj.request.url)
            route_obj.abort()

    context.route("**/*", route)
    return outside


def watch_errors(page):
    """Collect console errors and uncaught exceptions on page (see page_errors)."""
    errors = []
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page._policy_desk_errors = errors
    return errors


def page_errors(page):
    """Console errors and uncaught exceptions seen on page so far."""
    return list(getattr(page, "_policy_desk_errors", []))


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    context._policy_desk_outside = guard_context(context)
    yield context
    outside = context._policy_desk_outside
    context.close()
    assert not outside, f"requests left the site's origin: {outside}"


@pytest.fixture
def page(context):
    page = context.new_page()
    watch_errors(page)
    page.set_default_timeout(20000)
    return page
