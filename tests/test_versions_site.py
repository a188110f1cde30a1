"""The site built from the fixture history of DGO I-19 (tests/version_fixture.py; one build
per test process), in Chromium: the order's page shows the current version and marks what it
changed; every version keeps a permanent page that says whether it is in force; the "What
changed" view compares any two versions word by word; search indexes the current version
only; old versions print; the quiz offers the short changes attempt and its record verifies.
The real site's single-version history is checked on the session's own build."""
import json
import os
import re
import subprocess
import sys

import pytest
from axe_playwright_python.sync_playwright import Axe

from build_scripts import site_check
from conftest import ROOT, page_errors, serve, stop
from version_fixture import versions_site

V1, V2 = "ca0e5707f907", None  # version 2's id is read from the built data
CHANGED = ["A-4", "D-2", "D-4", "D-7"]
READY = '#quiz-app[data-state="ready"]'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site, paths = versions_site(str(tmp_path_factory.getbasetemp() / "versions-site"))
    with open(os.path.join(site, "data", "orders", "dgo-i-19.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    return {"site": site, "paths": paths, "data": data,
            "v1": data["versions"][0]["id"], "v2": data["versions"][1]["id"]}


@pytest.fixture(scope="module")
def url(built):
    server, base = serve(built["site"])
    yield base
    stop(server)


def marked_sections(page):
    """Section ids whose heading is followed by a change mark, with the mark's label."""
    return page.eval_on_selector_all(
        "h3[id]", """hs => hs.filter(h => h.nextElementSibling && h.nextElementSibling.matches('.change-mark'))
                          .map(h => [h.id, h.nextElementSibling.querySelector('.change-mark__label').textContent])""")


def test_order_page_shows_the_current_version_and_marks_what_changed(page, url, built):
    page.goto(url + "orders/dgo-i-19/")
    banner = page.inner_text("#version-banner")
    assert "Version 2, in force from 2027-07-01" in banner and "It replaces version 1" in banner
    assert "“Adds the retention of inspection memoranda" in banner  # the issuer's words, quoted
    meta = page.inner_text(".order-meta")
    assert "In force" in meta and "2027-07-01" in meta and built["v2"] in meta and "2 of 2" in meta
    assert marked_sections(page) == [["a-4", "Changed in version 2"], ["d-2", "Changed in version 2"],
                                     ["d-4", "New in version 2"], ["d-7", "Changed in version 2"]]
    assert "Renumbered from D-4" in page.inner_text("#d-7 + .change-mark")
    # Marks are Policy Desk's words: never inside an element presented as policy text.
    assert page.locator("[data-policy] .change-mark, .change-mark[data-policy]").count() == 0
    page.locator("#d-7 + .change-mark a").click()
    page.wait_for_url(re.compile(rf"changes/{built['v1']}-{built['v2']}/#d-7$"))
    assert page.locator("#d-7").is_visible()
    assert not page_errors(page)


def test_every_version_has_a_permanent_page_saying_whether_it_is_in_force(page, url, built):
    page.goto(url + f"orders/dgo-i-19/versions/{built['v1']}/")
    banner = page.inner_text("#version-banner")
    assert "An earlier version: not the text in force" in banner and "version 1" in banner
    assert page.inner_text(".order-meta .status") == "Superseded"
    text = page.inner_text(".md-content")
    assert "Examples include, but are not limited to:" in text and "Examples of such calls" not in text
    assert "D - 4. Internal Record Keeping and Asset Management" in page.inner_text("#d-4")
    assert page.locator(".change-mark").count() == 0 and page.locator(".order-actions a").count() == 0
    assert page.get_attribute(".xref[href$='#d-4']", "href") == "#d-4"  # links stay on this version
    page.get_by_role("link", name="What changed since this version").click()
    page.wait_for_url(re.compile(rf"changes/{built['v1']}-{built['v2']}/$"))

    page.goto(url + "orders/dgo-i-19/#versions")
    rows = page.eval_on_selector_all(".versions-table tbody tr", "rs => rs.map(r => r.innerText)")
    assert rows[0].startswith("Version 2 (this page)") and "2027-07-01" in rows[0]
    assert rows[1].startswith("Version 1") and "Superseded" in rows[1] and built["v1"] in rows[1]
    page.select_option("#compare-from", built["v2"])
    page.get_by_role("button", name="Compare").click()
    assert page.inner_text(".compare-form__message") == "Choose two different versions."
    page.select_option("#compare-to", built["v1"])   # newer first: the page orders them
    page.select_option("#compare-from", built["v2"])
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(rf"changes/{built['v1']}-{built['v2']}/$"))
    assert not page_errors(page)


def test_what_changed_view_compares_section_by_section_word_by_word(page, url, built):
    page.goto(url + f"orders/dgo-i-19/changes/{built['v1']}-{built['v2']}/")
    headings = page.eval_on_selector_all("h3[id]", "hs => hs.map(h => h.id)")
    assert headings == ["a-4", "d-2", "d-4", "d-7"]
    badges = page.eval_on_selector_all(".change-badge", "bs => bs.map(b => b.textContent)")
    assert badges == ["Changed", "Changed", "Added", "Changed"]
    a4 = page.locator("#a-4 ~ .diff-para--changed").first
    assert a4.locator("ins").inner_text() == "of such calls " and a4.locator("del").count() == 0
    footnote = page.locator("#d-2 ~ .diff-para--footnote").first
    assert footnote.locator("del").all_inner_texts() == ["D-4", "D-4"]
    assert footnote.locator("ins").all_inner_texts() == ["D-7", "D-7"]
    assert "(was D-4)" in page.inner_text("#d-7")
    summary = page.inner_text("#d-7 + .change-summary")
    assert "Renumbered from D-4" in summary and "Policy Desk's summary" in summary
    assert page.locator("#d-4 ~ .diff-para--added").first.inner_text().startswith("Memoranda documenting")
    # deletions and insertions are told apart without colour, and announced to screen readers
    assert page.eval_on_selector("del", "d => getComputedStyle(d).textDecorationLine") == "line-through"
    assert "[inserted:" in page.eval_on_selector("ins", "i => getComputedStyle(i, '::before').content")
    unchanged = page.inner_text(".unchanged-list")
    assert "A-1" in unchanged and "D-4" not in unchanged and "D-7" not in unchanged
    assert "The issuer's summary of version 2" in page.inner_text(".issuer-summary")


def test_version_pages_pass_axe(page, url, built):
    # An old version's page is the order page's template (test_site_pages scans it, with the
    # Versions section) plus a banner; the comparison has its own, and colours in both schemes.
    changes = f"orders/dgo-i-19/changes/{built['v1']}-{built['v2']}/"
    for target, scheme in ((changes, "light"), (changes, "dark")):
        page.emulate_media(color_scheme=scheme)
        page.goto(url + target)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values":
                                                       ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        blocking = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
                    if v["impact"] in ("serious", "critical")]
        assert not blocking, (target, scheme, blocking)


def test_search_indexes_the_current_version_only(built):
    with open(os.path.join(built["site"], "search", "search_index.json"), encoding="utf-8") as handle:
        docs = json.load(handle)["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert "orders/dgo-i-19/" in locations
    assert not [loc for loc in locations if "/versions/" in loc or "/changes/" in loc], locations
    assert not [d for d in docs if d["location"].endswith("#versions")]  # the table of versions
    text = " ".join(d["text"] for d in docs)
    assert "shall keep a current record" in text and "shall keep a record of issued" not in text


def test_every_version_prints_with_its_banner(page, url, built):
    page.goto(url + f"orders/dgo-i-19/versions/{built['v1']}/")
    page.emulate_media(media="print")
    assert page.locator("#version-banner").is_visible() and not page.locator(".md-sidebar").first.is_visible()
    assert page.pdf(format="Letter").startswith(b"%PDF")


def test_the_published_site_shows_the_draft_with_its_one_version_history(site_dir):
    """The real build (conftest's site_dir): I-19 as it is, a draft, one version."""
    def read(path):
        with open(os.path.join(site_dir, path), encoding="utf-8") as handle:
            return handle.read()
    order = read("orders/dgo-i-19/index.html")
    assert "Draft: not in force" in order and 'href="#versions">Versions</a>' in order
    assert "1 of 1" in order and 'class="change-mark"' not in order
    history = order[order.index('id="versions"'):]
    assert history.count("<tr") == 2 and "Version 1 (this page)" in history and "Draft" in history
    assert "This is the only version published on Policy Desk" in history and "compare-form" not in history
    for folder in ("versions", "changes"):  # no page more for an order with one version
        assert not os.path.exists(os.path.join(site_dir, "orders", "dgo-i-19", folder))


def test_the_fixture_site_has_no_broken_link(built):
    assert site_check.check_site(built["site"], "http://x/") == []


def test_changes_attempt_in_the_page_and_its_record_verifies(page, url, built, tmp_path):
    with open(os.path.join(built["site"], "data", "quiz", "dgo-i-19.json"), encoding="utf-8") as handle:
        bank = {q["id"]: q for q in json.load(handle)["questions"]}
    page.goto(url + "quiz/?seed=3")
    page.wait_for_selector(READY, state="attached")
    assert f"You sign version 2 of DGO I-19" in page.inner_text(".quiz-binding")
    assert built["v2"] in page.inner_text(".quiz-binding")
    page.get_by_label(re.compile(r"^I signed version 1 .*5 questions on A-4, D-2, D-4, D-7$")).check()
    for field, value in {"name": "Jane Doe", "id": "9123", "unit": "Patrol Area 2"}.items():
        page.fill(f"#quiz-{field}", value)
    page.get_by_role("button", name="Start the quiz").click()
    assert page.inner_text("#quiz-progress-text") == "Question 1 of 5"
    while page.locator("form[data-question]").count():
        question = bank[page.get_attribute("form[data-question]", "data-question")]
        assert set(question["cites"]) & set(CHANGED), question["id"]
        for option in question["options"]:
            if option["correct"]:
                page.check(f'input[name="quiz-answer"][value="{option["id"]}"]')
        page.get_by_role("button", name="Check answer").click()
        page.locator('[data-action="next"]').click()
    assert page.inner_text("#quiz-heading") == "Passed: 5 of 5 (100.0 %)"
    page.get_by_label("I confirm the statement above.").check()
    page.get_by_role("button", name="Sign off").click()
    assert f"changes since order version {built['v1']}" in page.inner_text(".quiz-certificate")
    with page.expect_download() as download:
        page.locator('[data-action="download-json"]').click()
    path = tmp_path / "record.json"
    download.value.save_as(path)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["scope"] == {"kind": "changes", "since": built["v1"], "sections": CHANGED}
    paths = built["paths"]
    done = subprocess.run([sys.executable, "-m", "quiz", "verify", "--policies", paths["policies"],
                           "--banks", paths["banks"], str(path)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "(changes since" in done.stdout, done.stdout + done.stderr
    assert not page_errors(page)
