"""The audit page (docs/audit.md + web/audit_app.py) in Chromium, with the sample record.

The page runs the same audit package under MicroPython; the rows it selects for a seed must
be the rows `python -m audit select` selects for that seed, and its memo the same memo.
"""
import json
import os
import subprocess
import sys

from tests.conftest import page_errors
from audit.tools import site_data
from web import audit_view

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "tests", "data", "audit", "work-phone-record.csv")
SEED, DATE = "demo-2026-Q4", "2026-11-29"


def cli(*args):
    done = subprocess.run([sys.executable, "-m", "audit", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


def open_audit_page(page, site_url):
    # Stub printing: a real print dialog would block; the test only needs to see it asked for.
    page.add_init_script("window.__printed = []; window.print = () => "
                         "window.__printed.push(document.body.dataset.auditPrint);")
    page.goto(site_url + "audit/")
    page.wait_for_selector("#audit-app[data-state=\"ready\"]")
    assert page.is_hidden("#audit-app-status")


def draw(page, seed, count="4"):
    page.fill("#audit-count", count)
    page.fill("#audit-seed", seed)
    page.fill("#audit-date", DATE)
    page.click("#audit-draw")


def test_selection_on_the_page_matches_the_cli(page, site_url, tmp_path):
    expected = json.loads(cli("select", SAMPLE, "--seed", SEED, "--date", DATE, "--json"))
    open_audit_page(page, site_url)
    page.set_input_files("#audit-record", SAMPLE)
    page.wait_for_selector("#audit-record-status .audit-ok")
    assert expected["record"]["sha256"] in page.inner_text("#audit-record-status")

    draw(page, SEED)
    page.wait_for_selector("#audit-selection-memo article")
    rows = ", ".join(str(p["row"]) for p in expected["selected"])
    assert page.inner_text("#audit-selection-status") == \
        f"Rows selected, in the order drawn: {rows}. Seed: {SEED}."
    table_rows = page.locator("#audit-selection-memo table.memo-table").first.locator("tbody tr")
    assert [table_rows.nth(i).locator("td").nth(1).inner_text() for i in range(4)] == rows.split(", ")

    with page.expect_download() as download:
        page.click("#audit-selection-md")
    assert download.value.suggested_filename == f"dgo-i-19-d2-selection-{DATE}.md"
    saved = tmp_path / "memo.md"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == cli("select", SAMPLE, "--seed", SEED, "--date", DATE)

    page.click("#audit-selection-print")
    assert page.evaluate("window.__printed") == ["selection"]     # only the memo is printed
    assert page.get_attribute("body", "data-audit-print") is None
    assert page_errors(page) == []


def test_new_seed_refused_count_and_bad_record(page, site_url, tmp_path):
    open_audit_page(page, site_url)
    assert page.is_hidden("#audit-selection-actions") and page.is_hidden("#audit-inspection-actions")
    page.click("#audit-draw")                                      # no record yet
    assert page.inner_text("#audit-selection-status") == \
        "Choose the work phone record (a CSV file) first."
    page.set_input_files("#audit-record", SAMPLE)
    page.wait_for_selector("#audit-record-status .audit-ok")

    draw(page, SEED, count="3")
    assert "must be at least 4" in page.inner_text("#audit-selection-status")
    assert page.get_attribute("#audit-count", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "audit-count"

    draw(page, "")                                                 # a fresh cryptographic seed
    page.wait_for_selector("#audit-selection-memo article")
    seed = page.input_value("#audit-seed")
    assert len(seed) == 32 and all(c in "0123456789abcdef" for c in seed)
    assert f"--seed {seed}" in page.inner_text("#audit-selection-memo")
    assert page.get_attribute("#audit-count", "aria-invalid") is None

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Phone,Serial,Member\n510-555-0100,,A\n510-555-0100,S1,B\n")
    page.set_input_files("#audit-record", str(bad))
    page.wait_for_selector("#audit-record-status .audit-problems")
    text = page.inner_text("#audit-record-status")
    assert "bad.csv cannot be used: 2 problems to fix" in text
    assert "line 2: the device serial or identifying number is blank" in text
    assert 'line 3: phone number "510-555-0100" is also on line 2' in text
    assert page.inner_text("#audit-selection-memo") == ""          # the old memo is gone
    assert page_errors(page) == []


def test_inspection_memo_form(page, site_url):
    open_audit_page(page, site_url)
    page.fill("#audit-inspection-date", "")
    page.click("#audit-write-memo")
    assert page.inner_text("#audit-memo-status") == "The memo was not written: 6 fields to correct."
    assert page.inner_text("#audit-inspector-error") == \
        "The inspecting supervisor or commander is required."
    assert page.get_attribute("#audit-inspector", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "audit-inspector"

    facts = {"inspector": "Sgt. A. Example #1234", "member": "Officer B. Example #5678",
             "device": "OPD-07259-H", "inspection-date": "2026-11-20", "memo-date": "2026-11-21",
             "reason": "Reported lost, then found.", "outcome": "No violation found."}
    for name, text in facts.items():
        page.fill(f"#audit-{name}", text)
    page.click("#audit-write-memo")
    page.wait_for_selector("#audit-inspection-memo article")
    memo = page.inner_text("#audit-inspection-memo")
    for text in ("Captain of Internal Affairs", "Sgt. A. Example #1234", "Officer B. Example #5678",
                 "OPD-07259-H", "2026-11-20", "Reported lost, then found.", "No violation found.",
                 "shall be documented in a memorandum to the Captain of Internal Affairs, no "
                 "matter the outcome of the inspection."):
        assert text in memo
    assert page.inner_text("#audit-inspector-error") == ""
    assert page.get_attribute("#audit-inspector", "aria-invalid") is None
    with page.expect_download() as download:
        page.click("#audit-inspection-html")
    assert download.value.suggested_filename == "dgo-i-19-d1-inspection-2026-11-20.html"

    page.check("#audit-planned")
    page.click("#audit-write-memo")
    assert "No memorandum is needed" in page.inner_text("#audit-memo-status")
    assert "No memorandum needed" in page.inner_text("#audit-inspection-memo")
    assert page.is_hidden("#audit-inspection-actions")
    assert page_errors(page) == []


def test_page_with_memo_and_errors_passes_axe(page, site_url):
    from axe_playwright_python.sync_playwright import Axe
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    for scheme in ("light", "dark"):          # Material picks its slate scheme for "dark"
        page.emulate_media(color_scheme=scheme)
        open_audit_page(page, site_url)
        page.set_input_files("#audit-record", SAMPLE)
        page.wait_for_selector("#audit-record-status .audit-ok")
        draw(page, SEED)
        page.wait_for_selector("#audit-selection-memo article")
        page.click("#audit-write-memo")                            # every field in error
        page.wait_for_selector("#audit-inspector[aria-invalid=true]")
        results = Axe().run(page, context=".md-content", options=options)
        assert results.violations_count == 0, (scheme, json.dumps(
            [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in results.response["violations"]]))


# --- the page's plain helpers (no browser) ---

def test_view_helpers():
    facts = audit_view.inspection_facts(lambda selector: selector, True)
    assert facts["inspector"] == "#audit-inspector" and facts["planned"] is True
    messages = dict(audit_view.field_messages([("reason", "the reason is required")]))
    assert messages["audit-reason"] == "The reason is required." and messages["audit-member"] is None
    assert audit_view.first_invalid([("date", "x"), ("member", "y")]) == "audit-member"
    policy = site_data.load_policy()
    assert audit_view.memo_filename(policy, "selection", "2026-11-29", "html") == \
        "dgo-i-19-d2-selection-2026-11-29.html"
    assert audit_view.memo_filename(policy, "inspection", "2026-11-29", "md") == \
        "dgo-i-19-d1-inspection-2026-11-29.md"
    html = audit_view.problems_html("<b>", ["line 2: <x>"])
    assert "&lt;b&gt;" in html and "line 2: &lt;x&gt;" in html
