"""One short use of each app — the decision helper, the quiz, the audit kit — for tests that
run the whole site under other conditions (its Content-Security-Policy, real web servers).
Each returns what the app answered, so the caller can assert it; the apps' own tests
(test_checker_page, test_quiz_browser, test_audit_page) cover them in depth."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUDIT_SAMPLE = os.path.join(ROOT, "tests", "data", "audit", "work-phone-record.csv")
MEMBER = {"name": "Alex Doe", "id": "9123", "unit": "Patrol Area 2"}
# The one ready signal every app page sets once its Python can answer (web/runner.py).
READY = {page: f'#{page[:-1]}-app[data-state="ready"]' for page in ("helper/", "quiz/", "audit/")}


def wait_for_app(page, path):
    """Wait until the app on path (a site-relative page URL) has started, if it has one."""
    if path in READY:
        page.wait_for_selector(READY[path], state="attached")


def helper_answer(page, site_url):
    """The helper's verdict heading for a work call, handheld in a Department vehicle, in
    exigent circumstances, not distracting: "Permitted"."""
    page.goto(site_url + "helper/")
    wait_for_app(page, "helper/")
    for label in ("Using a phone while driving", "My work cell phone", "Yes, a Department vehicle",
                  "No", "Yes", "Department business or other work-related functions", "No"):
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
    return page.inner_text("#helper-result-heading")


def quiz_answer(page, site_url):
    """The quiz's verdict on a first answer."""
    page.goto(site_url + "quiz/?seed=11")
    wait_for_app(page, "quiz/")
    for field, value in MEMBER.items():
        page.fill(f"#quiz-{field}", value)
    page.get_by_role("button", name="Start the quiz").click()
    page.locator('input[name="quiz-answer"]').first.check()
    page.get_by_role("button", name="Check answer").click()
    return page.wait_for_selector(".quiz-verdict").inner_text()


def audit_answer(page, site_url):
    """The audit kit's check of the sample record, then its D-2 selection status line."""
    page.goto(site_url + "audit/")
    wait_for_app(page, "audit/")
    page.set_input_files("#audit-record", AUDIT_SAMPLE)
    checked = page.wait_for_selector("#audit-record-status .audit-ok").inner_text()
    page.fill("#audit-count", "4")
    page.fill("#audit-seed", "csp-check")
    page.fill("#audit-date", "2026-11-29")
    page.click("#audit-draw")
    page.wait_for_selector("#audit-selection-memo article")
    return checked, page.inner_text("#audit-selection-status")


def site_pages(manifest_paths):
    """Page URLs (site-relative: '', 'helper/', '404.html') of the site's HTML files."""
    pages = []
    for path in sorted(manifest_paths):
        if path == "index.html":
            pages.append("")
        elif path.endswith("/index.html"):
            pages.append(path[:-len("index.html")])
        elif path.endswith(".html"):
            pages.append(path)
    return pages
