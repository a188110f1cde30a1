"""Hostile and oversized records on the audit page (issue 12), in Chromium.

A file too large is refused from its size before a byte is read; a large record is read in
chunks with progress and checked without freezing the tab; what a record says is shown as
text; the Markdown memo the page downloads is the CLI's, line breaks in cells included; a
memo typed on the page survives a bad file. Case ids: tests/cases/hostile_inputs.yaml.
Speed on a phone's CPU is measured in bench/audit_record.py, not here; the bounds below
only catch a freeze.
"""
import os
import subprocess
import sys
import time

from conftest import ROOT, page_errors
from test_hostile_audit import HEADER, injected_record, markdown_structure, phones

READY = '#audit-app[data-state="ready"]'
VERDICT = "#audit-record-status .audit-ok, #audit-record-status .audit-problems"
SAMPLE = os.path.join(ROOT, "tests", "data", "audit", "work-phone-record.csv")
# Every text the status line shows, in order (installed before the page's scripts).
STATUS_LOG = """
window.__statusLog = [];
new MutationObserver(() => {
  const status = document.querySelector("#audit-record-status");
  const text = status ? status.textContent : "";
  if (text && window.__statusLog[window.__statusLog.length - 1] !== text) window.__statusLog.push(text);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def open_audit(page, site_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(STATUS_LOG)
    page.goto(site_url + "audit/")
    page.wait_for_selector(READY, state="attached")
    return dialogs


def choose(page, name, data):
    page.set_input_files("#audit-record", files=[{"name": name, "mimeType": "text/csv",
                                                  "buffer": data}])


def verdict(page, seconds=30):
    started = time.monotonic()
    page.wait_for_selector(VERDICT, timeout=seconds * 1000)
    return page.inner_text("#audit-record-status"), time.monotonic() - started


def test_audit_page_5mb_file_refused_before_reading(page, site_url):
    open_audit(page, site_url)
    choose(page, "export.csv", b"x" * 5_000_000)
    text, seconds = verdict(page, 10)
    assert "the file is 5000000 bytes; a work phone record is at most 2000000 bytes" in text
    assert not any(s.startswith("Reading") for s in page.evaluate("window.__statusLog"))
    assert page.get_attribute("#audit-record", "aria-invalid") == "true"
    assert seconds < 10 and page_errors(page) == []


def test_audit_page_20000_phones_read_in_chunks_with_progress(page, site_url):
    open_audit(page, site_url)
    choose(page, "big.csv", phones(20000).encode())
    text, _ = verdict(page, 60)
    assert "big.csv is a valid work phone record: 20000 phones." in text
    log = page.evaluate("window.__statusLog")
    assert "Reading big.csv… 50 %" in log and "Checking big.csv…" in log
    assert page_errors(page) == []


def test_audit_page_10000_columns_refused(page, site_url):
    open_audit(page, site_url)
    choose(page, "wide.csv", (",".join(f"c{i}" for i in range(10000)) + "\n1\n").encode())
    text, seconds = verdict(page, 20)
    assert "line 1: 10000 fields on one line; at most 200 are read" in text
    assert page_errors(page) == []


def test_audit_page_a_newer_choice_wins(page, site_url):
    open_audit(page, site_url)
    choose(page, "big.csv", phones(20000).encode())
    page.wait_for_function("window.__statusLog.some((s) => s.startsWith('Reading big.csv'))")
    page.set_input_files("#audit-record", SAMPLE)     # changed their mind while reading
    text, _ = verdict(page, 60)
    page.wait_for_timeout(1500)                        # the older read must not come back
    text = page.inner_text("#audit-record-status")
    assert text.startswith("work-phone-record.csv is a valid work phone record: 24 phones.")


def test_audit_page_markdown_memo_line_break_injection(page, site_url, tmp_path):
    data = injected_record("\r")
    open_audit(page, site_url)
    choose(page, "record.csv", data.encode())
    verdict(page)
    page.fill("#audit-seed", "s")
    page.fill("#audit-date", "2026-11-29")
    page.click("#audit-draw")
    page.wait_for_selector("#audit-selection-memo article")
    with page.expect_download() as download:
        page.click("#audit-selection-md")
    download.value.save_as(tmp_path / "page.md")
    record = tmp_path / "record.csv"
    record.write_bytes(data.encode())
    cli = subprocess.run([sys.executable, "-m", "audit", "select", str(record), "--seed", "s",
                          "--date", "2026-11-29"], cwd=ROOT, capture_output=True, text=True,
                         timeout=30)
    memo = (tmp_path / "page.md").read_text(encoding="utf-8")
    assert memo == cli.stdout                          # the page's memo is the CLI's
    headings, _ = markdown_structure(memo)
    assert not any("Injected" in h for h in headings)


def test_audit_page_markup_in_values_and_file_name(page, site_url):
    dialogs = open_audit(page, site_url)
    markup = "<img src=x onerror=alert(1)>"
    choose(page, markup + ".csv", phones(6, lambda i: f'"{markup}{i}"').encode())
    text, _ = verdict(page)
    assert text.startswith(markup + ".csv is a valid work phone record")
    page.fill("#audit-seed", "s")
    page.click("#audit-draw")
    page.wait_for_selector("#audit-selection-memo article")
    assert markup in page.inner_text("#audit-selection-memo")
    choose(page, markup + ".csv", (HEADER + f"{markup},,M,x\n").encode())
    text, _ = verdict(page)
    assert markup in text
    page.wait_for_timeout(200)
    assert page.locator('img[src="x"]').count() == 0
    assert dialogs == [] and page_errors(page) == []


def test_audit_page_latin1_record(page, site_url):
    open_audit(page, site_url)
    choose(page, "latin1.csv", (HEADER + "510-555-0100,S1,Mu\xf1oz,x\n").encode("latin-1"))
    text, _ = verdict(page)
    assert "line 2: the text is not UTF-8" in text


def test_audit_page_typed_memo_survives_a_bad_file(page, site_url):
    open_audit(page, site_url)
    for field, value in (("inspector", "Sgt. A. Example #1234"), ("member", "B. Example"),
                         ("device", "OPD-1"), ("reason", "Reported lost."),
                         ("outcome", "No violation.")):
        page.fill(f"#audit-{field}", value)
    page.fill("#audit-inspection-date", "2026-11-20")
    page.fill("#audit-memo-date", "2026-11-21")
    page.click("#audit-write-memo")
    page.wait_for_selector("#audit-inspection-memo article")
    choose(page, "huge.csv", b"," * 3_000_000)
    verdict(page)
    assert "Reported lost." in page.inner_text("#audit-inspection-memo")
    assert page.input_value("#audit-reason") == "Reported lost."


def hold_python_back(page, site_url):
    """Open the audit page with the interpreter's download held; returns the held routes."""
    held = []
    page.route("**/_runtime/micropython/micropython.wasm", lambda route: held.append(route))
    page.add_init_script(STATUS_LOG)
    page.goto(site_url + "audit/", wait_until="domcontentloaded")
    deadline = time.monotonic() + 20
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert held, "the interpreter was not held back: the test proves nothing"
    assert page.get_attribute("#audit-app", "data-state") == "loading"
    return held


def test_audit_page_chooser_works_before_python(page, site_url):
    # The file chooser is plain HTML: usable before the interpreter starts, and a file chosen
    # then is read once the app is ready.
    held = hold_python_back(page, site_url)
    assert page.is_enabled("#audit-record")
    page.set_input_files("#audit-record", SAMPLE)      # while Python is still loading
    for route in held:
        route.continue_()
    text, _ = verdict(page, 60)
    assert text.startswith("work-phone-record.csv is a valid work phone record: 24 phones.")


def test_audit_page_file_gone_before_it_is_read(page, site_url, tmp_path):
    record = tmp_path / "record.csv"
    with open(SAMPLE, "rb") as handle:
        record.write_bytes(handle.read())
    held = hold_python_back(page, site_url)
    page.set_input_files("#audit-record", str(record))
    record.unlink()                                    # moved away before it could be read
    for route in held:
        route.continue_()
    text, _ = verdict(page, 60)
    assert "the browser could not read the file" in text and "choose it again" in text
    assert "Something went wrong" not in page.inner_text("body")
