"""Usable before Python starts (issue 15): each app page shows its first screen from the
build (web/first_screen.py), what a reader does with it before the interpreter is ready is
held with a visible "Working…" and answered once it is, the app takes over the page's
elements instead of drawing them again, and Material's script waits until the reader
reaches for search.

Python is held back by holding the request for MicroPython (the page's early script
loads it after the first paint); releasing it lets the app start.
"""
import re

import pytest

from app_flows import HELPER_ANSWERS
from conftest import page_errors

RUNTIME = "**/_runtime/micropython/micropython.mjs"
SAMPLE = "tests/data/audit/work-phone-record.csv"
QUESTION_2 = "document.querySelector('#helper-question').textContent.includes('Question 2')"
THEME = re.compile(r"/assets/javascripts/bundle\.\w+\.min\.js$")


class HeldPython:
    """The page's interpreter, held until release() (its runtime's request is not answered)."""

    def __init__(self, page):
        self.page, self.requests, self.released = page, [], False
        page.route(RUNTIME, self.hold)

    def hold(self, route):
        if self.released:
            route.continue_()
        else:
            self.requests.append(route)

    def release(self):
        deadline = 100
        while not self.requests and deadline:
            self.page.wait_for_timeout(100)
            deadline -= 1
        assert self.requests, "the page never asked for MicroPython"
        self.released = True
        for request in self.requests:
            request.continue_()


def ready(page, app):
    page.wait_for_selector(f'#{app}-app[data-state="ready"]', state="attached")


def state(page, app):
    return page.get_attribute(f"#{app}-app", "data-state")


def open_held(page, url):
    held = HeldPython(page)
    page.goto(url)
    return held


# --- the decision helper ---

def test_an_answer_chosen_before_python_is_ready_gets_its_verdict(page, site_url):
    held = open_held(page, site_url + "helper/")
    question = page.locator("#helper-question")
    assert question.inner_text().endswith("What do you want to check?")
    assert not page.is_visible("#helper-app-status")           # no "Loading…" beside it
    page.get_by_label("Using a phone while driving", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    assert state(page, "helper") == "loading"
    assert page.inner_text("#helper-app-status") == "Working…"
    assert page.is_visible("#helper-app-status")
    assert page.get_attribute("#helper-app", "aria-busy") == "true"
    assert page.url == site_url + "helper/"                     # held, not sent natively

    held.release()
    ready(page, "helper")
    page.wait_for_function(QUESTION_2)                          # the held answer was taken
    assert page.get_attribute("#helper-app", "aria-busy") is None
    assert "topic=driving" in page.url
    for label in HELPER_ANSWERS[1:]:
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
    assert page.inner_text("#helper-result-heading").startswith("Permitted")
    assert page_errors(page) == []


def test_the_app_takes_over_the_first_screen_and_keeps_the_choice(page, site_url):
    held = open_held(page, site_url + "helper/")
    page.get_by_label("Using a phone while driving", exact=True).check()
    page.evaluate("document.getElementById('helper-form').policyDeskMark = 'from the build'")
    held.release()
    ready(page, "helper")
    # The same element, not a copy drawn again: the reader's choice is still there.
    assert page.evaluate("document.getElementById('helper-form').policyDeskMark") == "from the build"
    assert page.get_by_label("Using a phone while driving", exact=True).is_checked()
    assert not page.is_visible("#helper-app-status")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_function(QUESTION_2)
    assert page_errors(page) == []


def test_a_shared_link_waits_for_its_own_question(page, site_url):
    held = open_held(page, site_url + "helper/?topic=driving")
    # The first question is not this visit's: hidden, and "Loading…" says why nothing shows.
    assert not page.is_visible("#helper-form")
    assert "Loading the decision helper" in page.inner_text("#helper-app-status")
    held.release()
    ready(page, "helper")
    page.wait_for_function(QUESTION_2)                          # the link's next question
    assert page.is_visible("#helper-form")
    assert page_errors(page) == []


# --- the quiz ---

def test_member_details_typed_before_python_is_ready_are_kept(page, site_url):
    held = open_held(page, site_url + "quiz/")
    assert not page.is_visible("#quiz-app-status")
    page.fill("#quiz-name", "Dana Q. O'Brien")
    page.fill("#quiz-id", "8123")
    held.release()
    ready(page, "quiz")
    assert page.input_value("#quiz-name") == "Dana Q. O'Brien"
    assert page.input_value("#quiz-id") == "8123"
    page.fill("#quiz-unit", "Patrol Area 5")
    page.get_by_role("button", name="Start the quiz").click()
    assert page.inner_text("#quiz-progress-text").startswith("Question 1 of ")
    assert page_errors(page) == []


def test_the_quiz_started_before_python_is_ready_starts(page, site_url):
    held = open_held(page, site_url + "quiz/?seed=11")
    for field, value in (("name", "Alex Doe"), ("id", "9123"), ("unit", "Patrol Area 2")):
        page.fill(f"#quiz-{field}", value)
    page.get_by_role("button", name="Start the quiz").click()
    assert page.inner_text("#quiz-app-status") == "Working…"
    held.release()
    page.wait_for_selector("form[data-question]")
    assert page.inner_text("#quiz-progress-text").startswith("Question 1 of ")
    assert "Alex" not in page.url and "9123" not in page.url
    assert page_errors(page) == []


def test_a_quiz_in_progress_does_not_flash_the_member_form(browser, site_url):
    # A fresh context each visit: a held request must not be answered from a memory cache.
    first = browser.new_context()
    try:
        page = first.new_page()
        page.goto(site_url + "quiz/?seed=3")
        ready(page, "quiz")
        for field, value in (("name", "Alex Doe"), ("id", "9123"), ("unit", "Patrol Area 2")):
            page.fill(f"#quiz-{field}", value)
        page.get_by_role("button", name="Start the quiz").click()
        page.wait_for_selector("form[data-question]")
        saved = first.storage_state()
    finally:
        first.close()
    second = browser.new_context(storage_state=saved)
    try:
        page = second.new_page()
        held = open_held(page, site_url + "quiz/?seed=3")
        assert not page.is_visible("#quiz-name")
        assert "Loading the quiz" in page.inner_text("#quiz-app-status")
        held.release()
        ready(page, "quiz")
        assert page.inner_text("#quiz-progress-text").startswith("Question 1 of ")
        assert page_errors(page) == []
    finally:
        second.close()


# --- the audit kit ---

def test_a_record_chosen_and_a_draw_asked_before_python_is_ready(page, site_url):
    held = open_held(page, site_url + "audit/")
    assert page.is_enabled("#audit-draw")           # enabled by the page's script, held
    page.set_input_files("#audit-record", SAMPLE)
    page.fill("#audit-seed", "demo-2026-Q4")
    page.fill("#audit-date", "2026-11-29")
    page.click("#audit-draw")
    assert page.inner_text("#audit-app-status") == "Working…"
    held.release()
    ready(page, "audit")
    # The file is read to the end before the draw that needs it is made.
    page.wait_for_selector("#audit-selection-memo article")
    assert "is a valid work phone record" in page.inner_text("#audit-record-status")
    assert page.inner_text("#audit-selection-status").startswith("Rows selected")
    assert page_errors(page) == []


# --- without JavaScript: forms land on addresses the apps understand ---

@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_javascript_the_forms_land_on_app_addresses(no_script_page, site_url):
    page = no_script_page
    page.goto(site_url + "helper/")
    page.get_by_label("Using a phone while driving", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/helper/?topic=driving")          # the helper's own link

    page.goto(site_url + "quiz/")
    for field, value in (("name", "Alex Doe"), ("id", "9123"), ("unit", "Patrol Area 2")):
        page.fill(f"#quiz-{field}", value)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_load_state()
    # Nothing typed goes into an address (server logs, history): the quiz page again.
    assert page.url.split("?")[0] == site_url + "quiz/"
    assert "Alex" not in page.url and "9123" not in page.url and "Patrol" not in page.url

    page.goto(site_url + "audit/")
    # The memo form would put names into an address: its button stays off without a script.
    assert page.is_disabled("#audit-write-memo") and page.is_disabled("#audit-draw")


# --- Material's script waits for the app ---

def theme_requests(page):
    found = []
    page.on("request", lambda request: found.append(request.url) if THEME.search(request.url) else None)
    return found


def test_material_script_waits_for_the_reader_and_the_header_still_works(page, site_url):
    requested = theme_requests(page)
    held = open_held(page, site_url + "helper/")
    held.release()
    ready(page, "helper")
    page.wait_for_timeout(1500)
    # Evaluating it is a long task on a phone: not loaded until the reader reaches for it.
    assert requested == [], "Material's script was loaded though nothing asked for it"
    # The theme toggle works without it, and the choice holds on the next page.
    scheme = page.get_attribute("body", "data-md-color-scheme")
    page.locator("[data-md-component=palette] label:not([hidden])").click()
    switched = page.get_attribute("body", "data-md-color-scheme")
    assert switched != scheme and requested == []
    # Search loads it at once.
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("gambling", delay=60)
    page.wait_for_selector(".md-search-result__link[href*='#c-7']", timeout=20000)
    assert len(requested) == 1
    page.goto(site_url + "orders/dgo-i-19/")
    assert page.get_attribute("body", "data-md-color-scheme") == switched
    assert page_errors(page) == []


def test_search_works_before_the_app_is_ready(page, site_url):
    requested = theme_requests(page)
    held = open_held(page, site_url + "helper/")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator(".md-search__input").press_sequentially("gambling", delay=60)
    page.wait_for_selector(".md-search-result__link[href*='#c-7']", timeout=20000)
    assert state(page, "helper") == "loading" and len(requested) == 1
    held.release()
    ready(page, "helper")
    assert page_errors(page) == []


def test_a_reader_who_prefers_dark_gets_it_before_material_script(page, site_url):
    page.emulate_media(color_scheme="dark")
    held = open_held(page, site_url + "quiz/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    held.release()
    ready(page, "quiz")
    assert page_errors(page) == []
