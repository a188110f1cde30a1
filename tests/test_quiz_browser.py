"""The quiz page in Chromium (390 px wide, a phone): a member fails, retakes with a new draw,
passes, signs off, downloads the record and the command-line tool accepts it; a reload or a
closed tab mid-quiz resumes; a finished record not yet downloaded survives going offline and
a closed tab; abandoning needs confirmation; each screen passes an axe WCAG A/AA scan.

The test answers through the UI: it reads which question is shown (data-question) and looks
its answer up in the bank the site publishes, then ticks the options and presses the buttons.
"""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, page_errors

READY = '#quiz-app[data-state="ready"]'
OFFLINE_READY = '.policy-desk-offline[data-offline="ready"]'
MEMBER = {"name": "Dana Q. O'Brien", "id": "8123", "unit": "Patrol Area 5"}


@pytest.fixture(scope="module")
def bank(site_dir):
    with open(f"{site_dir}/data/quiz/dgo-i-19.json", encoding="utf-8") as handle:
        data = json.load(handle)
    return {q["id"]: q for q in data["questions"]}


def open_quiz(page, url, query="?seed=11"):
    page.goto(url + "quiz/" + query)
    page.wait_for_selector(READY, state="attached")


def enter_member(page, member=MEMBER):
    for field, value in member.items():
        page.fill(f"#quiz-{field}", value)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("form[data-question]")


def shown_question(page):
    return page.get_attribute("form[data-question]", "data-question")


def answer(page, bank, right):
    """Answer the question on screen rightly or wrongly, check it, and return its id."""
    question = bank[shown_question(page)]
    correct = [o["id"] for o in question["options"] if o["correct"]]
    wrong = [o["id"] for o in question["options"] if not o["correct"]][:1]
    for option in (correct if right else wrong):
        page.check(f'input[name="quiz-answer"][value="{option}"]')
    page.get_by_role("button", name="Check answer").click()
    verdict = page.wait_for_selector(".quiz-verdict")
    assert verdict.inner_text().endswith("Correct" if right else "Not quite")
    return question["id"]


def advance(page):
    page.locator('[data-action="next"]').click()


def take_attempt(page, bank, wrong, stop_after=None):
    """Answer the attempt's questions (the first `wrong` ones wrongly); ids in order."""
    ids = []
    while page.locator("form[data-question]").count():
        if stop_after is not None and len(ids) == stop_after:
            return ids
        ids.append(answer(page, bank, right=len(ids) >= wrong))
        advance(page)
    return ids


def test_fail_retake_pass_sign_download_and_verify(page, site_url, bank, tmp_path):
    open_quiz(page, site_url)
    page.get_by_role("button", name="Start the quiz").click()
    assert page.get_attribute("#quiz-name", "aria-invalid") == "true"
    assert "Enter your full name" in page.inner_text("#quiz-name-error")
    enter_member(page)
    assert page.inner_text("#quiz-progress-text") == "Question 1 of 15"

    # Feedback quotes the policy and links the cited section relative to the page.
    first_try = [answer(page, bank, right=False)]
    link = page.locator(".quiz-quote a").first
    assert link.get_attribute("href").startswith("../orders/dgo-i-19/#")
    advance(page)
    first_try += take_attempt(page, bank, wrong=3)
    assert page.inner_text("#quiz-heading").startswith("Not passed yet")
    assert page.locator("text=Sections to review").count() == 1

    page.get_by_role("button", name="Retake with new questions").click()
    second_try = take_attempt(page, bank, wrong=1, stop_after=6)
    page.reload()                                          # mid-quiz: resumes where it was
    page.wait_for_selector(READY, state="attached")
    assert page.inner_text("#quiz-progress-text") == "Question 7 of 15"
    second_try += take_attempt(page, bank, wrong=0)
    assert len(set(second_try) - set(first_try)) >= 10     # a new draw, not the same questions
    assert page.inner_text("#quiz-heading") == "Passed: 14 of 15 (93.3 %)"

    page.get_by_role("button", name="Sign off").click()
    assert "Tick the box" in page.inner_text("#quiz-sign-error")
    page.get_by_label("I confirm the statement above.").check()
    page.get_by_role("button", name="Sign off").click()
    page.wait_for_selector(".quiz-certificate")
    assert MEMBER["name"] in page.inner_text(".quiz-certificate")

    files = {}
    for kind in ("json", "csv", "xapi"):
        with page.expect_download() as download:
            page.locator(f'[data-action="download-{kind}"]').click()
        files[kind] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[kind])
    assert files["json"].name.startswith("dgo-i-19-sign-off-8123-")
    assert "not yet downloaded" not in page.inner_text("#quiz-app .quiz-notice")

    record = json.loads(files["json"].read_text(encoding="utf-8"))
    assert record["attempt"] == 2 and record["score"]["correct"] == 14 and record["member"]["id"] == "8123"
    assert files["csv"].read_text(encoding="utf-8").splitlines()[1].startswith("8123,Dana Q. O'Brien,")
    assert json.loads(files["xapi"].read_text(encoding="utf-8"))["result"]["success"] is True
    done = subprocess.run([sys.executable, "-m", "quiz", "verify", str(files["json"])], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("ACCEPTED"), done.stdout + done.stderr

    page.reload()                                          # the record stays until cleared
    page.wait_for_selector(READY, state="attached")
    assert page.locator(".quiz-certificate").count() == 1
    page.get_by_role("button", name="Clear this record from the device").click()
    page.get_by_role("button", name="Yes, clear it").click()
    assert "cleared" in page.inner_text("#quiz-app .quiz-notice")
    assert page.locator("#quiz-name").input_value() == ""
    assert not page_errors(page)


def test_closed_tab_and_offline_lose_nothing(page, context, site_url, bank):
    open_quiz(page, site_url, query="")
    enter_member(page)
    asked = take_attempt(page, bank, wrong=0, stop_after=2)
    page.wait_for_selector(OFFLINE_READY, timeout=30000)   # the site is saved for offline use
    context.set_offline(True)
    page.close()                                           # closed tab, no signal

    page = context.new_page()
    open_quiz(page, site_url, query="")
    assert page.inner_text("#quiz-progress-text") == "Question 3 of 15"
    asked += take_attempt(page, bank, wrong=0)
    assert len(set(asked)) == 15
    page.get_by_label("I confirm the statement above.").check()
    page.get_by_role("button", name="Sign off").click()
    page.wait_for_selector(".quiz-certificate")
    page.close()                                           # signed, nothing downloaded yet

    page = context.new_page()
    open_quiz(page, site_url, query="")
    assert "not yet downloaded: record (JSON), CSV row, xAPI statement" in page.inner_text("#quiz-app")
    with page.expect_download() as download:
        page.locator('[data-action="download-json"]').click()
    with open(download.value.path(), encoding="utf-8") as handle:
        assert json.load(handle)["result"] == "passed"
    assert not page_errors(page)


def test_abandon_needs_confirmation(page, site_url, bank):
    open_quiz(page, site_url)
    enter_member(page)
    take_attempt(page, bank, wrong=0, stop_after=1)
    page.get_by_role("button", name="Abandon this attempt").click()
    assert page.evaluate("document.activeElement.textContent") == "Keep going"
    page.get_by_role("button", name="Keep going").click()
    assert page.inner_text("#quiz-progress-text") == "Question 2 of 15"
    page.get_by_role("button", name="Abandon this attempt").click()
    page.get_by_role("button", name="Yes, abandon").click()
    assert "abandoned" in page.inner_text("#quiz-app .quiz-notice")
    page.reload()
    page.wait_for_selector(READY, state="attached")
    assert page.locator("#quiz-name").count() == 1 and page.locator("#quiz-name").input_value() == ""
    assert page.evaluate("localStorage.getItem('policy-desk:quiz:dgo-i-19')") is None


def test_damaged_saved_progress_starts_again_with_a_message(page, site_url):
    open_quiz(page, site_url)
    page.evaluate("localStorage.setItem('policy-desk:quiz:dgo-i-19', '{not json')")
    page.reload()
    page.wait_for_selector(READY, state="attached")
    assert "could not be read" in page.inner_text("#quiz-app .quiz-notice")
    assert "Traceback" not in page.inner_text("body")
    assert not page_errors(page)


def saved_states():
    """One saved state per screen, made by the engine in CPython (the page restores them):
    the axe scans need each screen, not another click-through."""
    from quiz import session
    from test_quiz_helpers import current_bank, take_quiz
    bank = current_bank()
    question = session.new_state(bank)
    session.start(question, bank, MEMBER, "2026-11-02T09:00:00Z", 4)
    feedback = json.loads(json.dumps(question))
    session.answer(feedback, bank, session.current(feedback, bank)[1]["options"][:1])
    return {"question": question, "feedback": feedback,
            "failed result": take_quiz(bank, wrong=5), "passed result": take_quiz(bank, sign_at=None),
            "signed": take_quiz(bank)}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_screen_passes_axe(browser, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    found = {}

    def scan(name):
        page.evaluate(Axe().axe_script)
        results = page.evaluate("opts => axe.run('#quiz-app', opts)", options)
        found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]

    open_quiz(page, site_url)
    page.get_by_role("button", name="Start the quiz").click()  # with field errors shown
    scan("member form")
    for name, state in saved_states().items():
        page.evaluate("s => localStorage.setItem('policy-desk:quiz:dgo-i-19', s)", json.dumps(state))
        page.reload()
        page.wait_for_selector(READY, state="attached")
        assert page.locator("#quiz-app .quiz-notice").count() == 0 or name == "signed"
        scan(name)
    context.close()
    assert all(not violations for violations in found.values()), found
