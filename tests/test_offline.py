"""Offline use (issue 5): after one visit the whole site works with the network off (orders,
search, helper, quiz); a new build served in place replaces the old one whole, also under a
sub-path, and a half-uploaded one is never used; `mkdocs serve` runs without a worker."""
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, build_site, page_errors, serve, stop

READY = '.policy-desk-offline[data-offline="ready"]'
UPDATED_BANNER = "#policy-desk-update"
NEW_TITLE = "Electronic Communication Devices (revised)"


def wait_until_saved(page):
    """The status line says so once the worker controls the page and holds the whole build."""
    page.wait_for_selector(READY, timeout=30000)
    return re.search(r"Build (\w+)", page.inner_text(READY)).group(1)


# The DOM signal each app sets once it can answer (web/helper_app.py, web/quiz_app.py).
APP_READY = {"helper": '#helper-app[data-state="ready"]', "quiz": '#quiz-app[data-state="ready"]'}


def app_ready(page, name):
    page.wait_for_selector(APP_READY[name], state="attached")


def cache_names(page):
    return page.evaluate("caches.keys()")


def go_offline_after_first_visit(page, context, url):
    page.goto(url)
    build = wait_until_saved(page)
    context.set_offline(True)
    return build


def app_page(site_dir, name):
    """Skip (with the reason) while the app's page is not in the site yet."""
    path = pathlib.Path(site_dir, name, "index.html")   # site_dir may be a str (prebuilt)
    if not path.exists() or 'type="mpy"' not in path.read_text(encoding="utf-8"):
        pytest.skip(f"docs/{name}.md has no Python app yet")
    return f"{name}/"


def test_orders_and_search_work_offline_after_one_visit(page, context, site_url):
    build = go_offline_after_first_visit(page, context, site_url)
    assert page.get_attribute(READY, "role") == "status"

    page.goto(site_url + "orders/dgo-i-19/")      # not visited while online
    assert "Electronic Communication Devices" in page.inner_text("h1")
    page.keyboard.press("/")
    # Material reads the query on key-up: type it, do not fill it.
    page.locator(".md-search__input").press_sequentially("phone", delay=30)
    page.wait_for_selector(".md-search-result__item")
    assert build in page.inner_text(READY)
    assert not page_errors(page)


def test_decision_helper_answers_offline(page, context, site_url, site_dir):
    path = app_page(site_dir, "helper")
    go_offline_after_first_visit(page, context, site_url)
    page.goto(site_url + path)
    app_ready(page, "helper")
    for label in ("Using a phone while driving", "My work cell phone", "Yes, a Department vehicle",
                  "No", "Yes", "Department business or other work-related functions", "No"):
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
    assert page.inner_text("#helper-result-heading").startswith("Permitted")
    assert not page_errors(page)


def test_quiz_continues_offline(page, context, site_url, site_dir):
    path = app_page(site_dir, "quiz")
    page.goto(site_url + path)                      # started online, continued offline
    app_ready(page, "quiz")
    for field, value in (("name", "Alex Doe"), ("id", "9123"), ("unit", "Patrol Area 2")):
        page.fill(f"#quiz-{field}", value)
    page.get_by_role("button", name="Start the quiz").click()
    wait_until_saved(page)
    context.set_offline(True)

    page.reload()
    app_ready(page, "quiz")
    assert page.inner_text("#quiz-progress-text") == "Question 1 of " + total_questions(page)
    page.locator('input[name="quiz-answer"]').first.check()
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("button", name="Next question").click()
    assert page.inner_text("#quiz-progress-text").startswith("Question 2 of ")
    assert not page_errors(page)


def total_questions(page):
    return page.inner_text("#quiz-progress-text").rpartition(" ")[2]


@pytest.fixture
def policies_copy(tmp_path):
    """A private copy of policies/ for a build that a test may change."""
    copy = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), copy)
    return copy


def retitle_order(policies, title):
    source = policies / "dgo-i-19.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")


def test_new_build_in_place_replaces_the_old_one_under_a_sub_path(page, context, tmp_path, policies_copy):
    env = {"POLICY_DESK_POLICIES": str(policies_copy)}
    site = build_site(tmp_path / "host" / "sub", env)
    server, host_url = serve(tmp_path / "host")
    try:
        url = host_url + "sub/"
        page.goto(url + "orders/dgo-i-19/")
        old_build = wait_until_saved(page)

        context.set_offline(True)
        page.goto(url + "glossary/")          # a page not visited online
        assert page.inner_text("h1")
        context.set_offline(False)

        retitle_order(policies_copy, NEW_TITLE)
        build_site(site, env)
        # The next navigation makes the browser fetch sw.js again: the new build installs,
        # takes over and the page reloads itself from it.
        page.goto(url + "orders/dgo-i-19/")
        page.wait_for_selector(UPDATED_BANNER, timeout=30000)
        new_build = wait_until_saved(page)
        assert new_build != old_build
        assert new_build in page.inner_text(UPDATED_BANNER)
        assert NEW_TITLE in page.inner_text("h1")
        assert [name for name in cache_names(page) if "policy-desk" in name] == [f"policy-desk /sub/ {new_build}"]

        context.set_offline(True)
        page.goto(url + "orders/")
        assert NEW_TITLE in page.inner_text("article")
        assert not page_errors(page)
    finally:
        stop(server)



# Record every install the registration starts, and how it ends. Watching from before the
# new files arrive means a check the browser starts by itself (after a navigation, or the
# page's own update check) is seen too, however quickly it fails.
WATCH_INSTALLS = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  window.__installs = [];
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    const entry = {state: worker.state};
    window.__installs.push(entry);
    worker.addEventListener("statechange", () => { entry.state = worker.state; });
  });
}"""

# Ask the browser to look for a new sw.js now; the final state of the first install seen.
CHECK_FOR_UPDATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  await registration.update().catch(() => {});
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const ended = window.__installs.find((entry) => entry.state !== "installing");
    if (ended) return ended.state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return window.__installs.length ? "still installing" : "no install";
}"""


def test_a_half_uploaded_build_is_never_used(page, context, tmp_path, policies_copy):
    env = {"POLICY_DESK_POLICIES": str(policies_copy)}
    live = build_site(tmp_path / "live", env)
    retitle_order(policies_copy, NEW_TITLE)
    upload = build_site(tmp_path / "next", env)
    server, url = serve(live)
    try:
        page.goto(url + "orders/dgo-i-19/")
        old_build = wait_until_saved(page)
        page.evaluate(WATCH_INSTALLS)
        # The new build arrives except one file: the worker must refuse to install it.
        late = pathlib.Path("orders", "dgo-i-19", "index.html")
        # Copied files get the time of the copy, as an upload would: both builds may fall in
        # one second, and with the build's own times a conditional request for sw.js could
        # be answered "304 Not Modified" by this test server.
        shutil.copytree(upload, live, dirs_exist_ok=True, copy_function=shutil.copy,
                        ignore=lambda folder, names: [n for n in names if pathlib.Path(folder, n) == upload / late])
        assert page.evaluate(CHECK_FOR_UPDATE) == "redundant"
        page.goto(url + "orders/dgo-i-19/")
        assert old_build in page.inner_text(READY)
        assert NEW_TITLE not in page.inner_text("h1")
        # (The files it did verify stay in a cache of their own, unused, for its next try.)
        assert f"policy-desk / {old_build}" in cache_names(page)

        shutil.copy(upload / late, live / late)   # the upload completes
        page.goto(url + "glossary/")
        page.wait_for_selector(UPDATED_BANNER, timeout=30000)
        assert wait_until_saved(page) != old_build
        page.goto(url + "orders/dgo-i-19/")
        assert NEW_TITLE in page.inner_text("h1")
    finally:
        stop(server)

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mkdocs_serve():
    """`mkdocs serve` (with its livereload) on a free loopback port; yields its URL."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-q", "-a", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def wait_for_http(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("mkdocs serve exited before serving")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"mkdocs serve did not answer at {url}")


def test_mkdocs_serve_preview_runs_without_a_worker(page, mkdocs_serve):
    # A worker there would keep serving the pages from before the last edit.
    page.goto(mkdocs_serve + "orders/dgo-i-19/")
    page.wait_for_selector('.policy-desk-offline[data-offline="off"]', state="attached")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
