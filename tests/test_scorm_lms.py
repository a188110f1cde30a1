"""The quiz's SCORM packages in Chromium, inside a real LMS runtime: scorm-again plays the
learning system (tests/scorm_host.py) and a local endpoint records its commits. For SCORM 1.2
and 2004: a member passes and the commit shows passed, the score and one interaction per
question; a member fails, retakes, closes the window mid-attempt and resumes from the suspend
data; the name and ID shown and recorded are the learning system's; the record downloaded
inside the package verifies and carries the digest and versions the learning system got;
scorm-again refuses no call (its error code is 0 after every one); every request stays in the
package, and there is no service worker.

Each package is built once (python -m quiz package) and unzipped as a learning system would.
"""
import json
import re
import time
import zipfile

import pytest

from conftest import page_errors
from quiz.tools import cli as quiz_cli
from scorm_host import host_page, serve_lms, stop_lms

FORMATS = {"1.2": "scorm12", "2004": "scorm2004"}
LEARNER = {"1.2": {"core": {"student_id": "9123", "student_name": "Doe, Alex",
                            "entry": "ab-initio"}},
           "2004": {"learner_id": "9123", "learner_name": "Doe, Alex", "entry": "ab-initio"}}
READY = '#quiz-app[data-state="ready"]'


@pytest.fixture(scope="module")
def lms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lms")
    for fmt in FORMATS.values():
        assert quiz_cli.main(["package", "--format", fmt, "--out", str(folder / f"{fmt}.zip")]) == 0
        with zipfile.ZipFile(folder / f"{fmt}.zip") as archive:
            archive.extractall(folder / fmt)
    with open(folder / "scorm12" / "data" / "quiz" / "dgo-i-19.json", encoding="utf-8") as handle:
        bank = {q["id"]: q for q in json.load(handle)["questions"]}
    server, url = serve_lms(folder)
    yield {"folder": folder, "server": server, "url": url, "bank": bank, "launches": 0}
    stop_lms(server)


def launch(page, lms, version, init):
    """Open the learning system's page for version, launching the package with init; returns
    the frame once the quiz is ready."""
    lms["launches"] += 1
    name = host_page(lms["folder"], f"host-{lms['launches']}.html", version,
                     f"/{FORMATS[version]}/index.html", init)
    page.goto(lms["url"] + name)
    frame = page.frame_locator("#sco")
    frame.locator(READY).wait_for(state="attached")
    return frame


def check_answer(frame, bank, right):
    """Answer the question shown as a member does, up to its feedback."""
    question = bank[frame.locator("form[data-question]").get_attribute("data-question")]
    correct = [o["id"] for o in question["options"] if o["correct"]]
    wrong = [o["id"] for o in question["options"] if not o["correct"]][:1]
    for option in (correct if right else wrong):
        frame.locator(f'input[name="quiz-answer"][value="{option}"]').check()
    frame.get_by_role("button", name="Check answer").click()
    frame.locator('[data-action="next"]').wait_for()
    return question


# Answers in the page itself: the same clicks on the same controls (the quiz's handlers run
# synchronously on them), without a round trip to the browser for each one.
ANSWER_IN_PAGE = """([answers, plan]) => {
  for (const right of plan) {
    const form = document.querySelector("form[data-question]");
    const question = answers[form.dataset.question];
    for (const id of (right ? question.correct : question.wrong)) {
      document.querySelector(`input[name="quiz-answer"][value="${id}"]`).click();
    }
    form.querySelector('button[type="submit"]').click();
    document.querySelector('[data-action="next"]').click();
  }
}"""


def answer_all(page, lms, version, plan):
    """Answer len(plan) questions, rightly where plan says True: the first one as a member
    does (Playwright's clicks), the others in the page."""
    frame = page.frame_locator("#sco")
    check_answer(frame, lms["bank"], plan[0])
    frame.locator('[data-action="next"]').click()
    answers = {qid: {"correct": [o["id"] for o in q["options"] if o["correct"]],
                     "wrong": [o["id"] for o in q["options"] if not o["correct"]][:1]}
               for qid, q in lms["bank"].items()}
    sco_frame(page, lms, version).evaluate(ANSWER_IN_PAGE, [answers, plan[1:]])


def sco_frame(page, lms, version):
    return page.frame(url=re.compile(re.escape(lms["url"] + FORMATS[version] + "/")))


def start(frame, unit="Patrol Area 2"):
    frame.locator("#quiz-unit").fill(unit)
    frame.get_by_role("button", name="Start the quiz").click()
    frame.locator("form[data-question]").wait_for()


def sign(frame):
    frame.locator("#quiz-confirm").check()
    frame.get_by_role("button", name="Sign off").click()
    frame.get_by_role("heading", name=re.compile("Signed off")).wait_for()


AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(target, selector="body"):
    """WCAG 2.1 A/AA violations axe finds in target (a page or a frame)."""
    from axe_playwright_python.sync_playwright import Axe
    target.evaluate(Axe().axe_script)
    found = target.evaluate("([s, o]) => axe.run(s, o)", [selector, AXE_TAGS])
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found["violations"]]


def calls(page):
    return page.evaluate("window.lmsCalls")


def refused(page):
    """Calls scorm-again answered with an error (none expected)."""
    return [call for call in calls(page) if call["error"] != "0"]


def last_commit(lms, until=lambda cmi: True, timeout=10):
    """The newest commit's CMI once one satisfies until (the one at Terminate comes by
    sendBeacon, after the call returns)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        commits = lms["server"].commits
        if commits and until(commits[-1]["cmi"]):
            return commits[-1]["cmi"]
        time.sleep(0.05)
    raise AssertionError(f"no such commit; last: {lms['server'].commits[-1:]}")


def status(version, cmi):
    if version == "1.2":
        return cmi["core"]["lesson_status"]
    return cmi["completion_status"], cmi["success_status"]


def score(version, cmi):
    raw = cmi["core"]["score"] if version == "1.2" else cmi["score"]
    return {key: raw[key] for key in raw if raw[key] != ""}


def comment(version, cmi):
    return cmi["comments"] if version == "1.2" else cmi["comments_from_learner"]["0"]["comment"]


def exit_value(version, cmi):
    return cmi["core"]["exit"] if version == "1.2" else cmi["exit"]


def terminated(page):
    return any(call["name"] in ("LMSFinish", "Terminate") for call in calls(page))


@pytest.mark.parametrize("version", FORMATS)
def test_a_member_passes_and_the_learning_system_records_it(page, lms, version, tmp_path):
    requests = []
    page.context.on("request", lambda request: requests.append(request.url))
    frame = launch(page, lms, version, LEARNER[version])
    # The learning system's identity, shown and not asked for.
    assert frame.locator("#quiz-name-value").inner_text() == "Alex Doe"
    assert frame.locator("#quiz-id-value").inner_text() == "9123"
    assert frame.locator('input#quiz-name[type="text"]').count() == 0
    assert axe_violations(sco_frame(page, lms, version)) == []
    start(frame)
    # A review link opens the package's own copy of the order, at the section, in a new window
    # (leaving the quiz's frame would end the session).
    question = check_answer(frame, lms["bank"], True)
    link = frame.locator(".quiz-quote-intro a").first
    assert link.get_attribute("target") == "_blank"
    with page.expect_popup() as popup:
        link.click()
    order_page = popup.value
    order_page.wait_for_load_state()
    anchor = order_page.url.split("#")[1]
    assert order_page.url.startswith(lms["url"] + FORMATS[version] + "/orders/dgo-i-19/index.html#")
    assert anchor == question["cites"][0].lower() and order_page.locator(f"#{anchor}").count() == 1
    assert axe_violations(order_page) == [] and axe_violations(sco_frame(page, lms, version)) == []
    order_page.close()
    frame.locator('[data-action="next"]').click()
    answer_all(page, lms, version, [True] * 14)
    sign(frame)
    assert "sent to your learning system" in frame.locator("#quiz-app .quiz-notice").first.inner_text()
    assert axe_violations(sco_frame(page, lms, version)) == []
    cmi = last_commit(lms, lambda cmi: exit_value(version, cmi) in ("", "normal")
                      and status(version, cmi) in ("passed", ("completed", "passed")))
    assert terminated(page) and refused(page) == []
    expected = {"min": "0", "max": "100", "raw": "100"}
    assert score(version, cmi) == (expected if version == "1.2" else dict(expected, scaled="1"))
    interactions = [cmi["interactions"][str(n)] for n in range(len(cmi["interactions"]))]
    assert len(interactions) == 15 and all(i["result"] == "correct" for i in interactions)
    for item in interactions:
        question = lms["bank"][item["id"].split("_", 2)[2]]
        response = item["student_response" if version == "1.2" else "learner_response"]
        assert response == item["correct_responses"]["0"]["pattern"]
        assert [o["id"] for o in item["objectives"].values()] == question["cites"]
        assert item["type"] == ("true-false" if question["kind"] == "true_false" else "choice")
        if version == "2004":
            assert item["description"].startswith("Cites " + ", ".join(question["cites"]))
    # The record the member downloads is the one the learning system was told about.
    with page.expect_download() as download:
        frame.locator('[data-action="download-json"]').click()
    path = tmp_path / "record.json"
    download.value.save_as(path)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["member"]["id"] == "9123" and record["member"]["name"] == "Alex Doe"
    for field in (record["digest"], record["order"]["version"], record["bank_version"]):
        assert field in comment(version, cmi)
    assert quiz_cli.main(["verify", str(path)]) == 0
    package = lms["url"] + FORMATS[version] + "/"
    # Every file of the package is used: the quiz, its runtime, its data and the order's text.
    assert {url[len(package):] for url in requests if url.startswith(package)} == set(
        zipfile.ZipFile(lms["folder"] / f"{FORMATS[version]}.zip").namelist()) - {"imsmanifest.xml"}
    host = [lms["url"] + "host-", lms["url"] + "scorm-again/", lms["url"] + "commit"]
    assert [url for url in requests if not url.startswith(package)
            and not any(url.startswith(h) for h in host)] == []
    assert sco_frame(page, lms, version).evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert page_errors(page) == []


@pytest.mark.parametrize("version", FORMATS)
def test_a_member_fails_retakes_closes_the_window_and_resumes(page, lms, version):
    # The page's clock runs as usual but can be moved on: a retake comes after any waiting time
    # the bank sets between attempts.
    page.clock.install()
    frame = launch(page, lms, version, LEARNER[version])
    start(frame)
    answer_all(page, lms, version, [False] * 5 + [True] * 10)
    cmi = last_commit(lms, lambda cmi: status(version, cmi) in ("failed", ("completed", "failed")))
    assert score(version, cmi)["raw"] == "66.66"
    page.clock.fast_forward("48:00:00")
    frame.locator('[data-action="retake"]').click()
    answer_all(page, lms, version, [True] * 3)
    shown = frame.locator("form[data-question]").get_attribute("data-question")
    page.evaluate("document.querySelector('#sco').remove()")   # the member closes the window
    cmi = last_commit(lms, lambda cmi: exit_value(version, cmi) == "suspend")
    assert terminated(page) and refused(page) == []
    assert status(version, cmi) in ("incomplete", ("incomplete", "unknown"))
    assert len(cmi["interactions"]) == 18
    # The learning system launches the same attempt again with what it kept.
    frame = launch(page, lms, version, resume_data(version, cmi))
    assert frame.locator("#quiz-progress-text").inner_text() == "Question 4 of 15"
    assert frame.locator("form[data-question]").get_attribute("data-question") == shown
    answer_all(page, lms, version, [True] * 12)
    sign(frame)
    cmi = last_commit(lms, lambda cmi: status(version, cmi) in ("passed", ("completed", "passed")))
    ids = [cmi["interactions"][str(n)]["id"] for n in range(len(cmi["interactions"]))]
    assert len(ids) == 30 and len(set(ids)) == 30
    assert [i[:9] for i in ids] == ["attempt1_"] * 15 + ["attempt2_"] * 15
    assert refused(page) == [] and page_errors(page) == []


def resume_data(version, cmi):
    """What a learning system hands the package when the member comes back: the learner,
    entry "resume", the suspend data, the status and the interactions it holds."""
    keep = {"suspend_data": cmi["suspend_data"], "interactions": cmi["interactions"]}
    if version == "1.2":
        core = dict(LEARNER[version]["core"], entry="resume",
                    lesson_status=cmi["core"]["lesson_status"])
        return dict(keep, core=core)
    return dict(keep, **dict(LEARNER[version], entry="resume",
                             completion_status=cmi["completion_status"],
                             success_status=cmi["success_status"]))


def test_without_a_learning_system_the_package_is_the_sites_quiz(page, lms):
    page.goto(lms["url"] + "scorm12/index.html")
    page.wait_for_selector(READY, state="attached")
    assert page.locator('#quiz-app input[type="text"]').count() == 3   # name, ID, unit asked
    page.fill("#quiz-name", "Dana O'Brien")
    page.fill("#quiz-id", "8123")
    page.fill("#quiz-unit", "Patrol Area 5")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("form[data-question]")
    saved = page.evaluate("localStorage.getItem('policy-desk:quiz:dgo-i-19')")
    assert json.loads(saved)["member"]["id"] == "8123"
    assert page_errors(page) == []
