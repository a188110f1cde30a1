"""python -m checker: facts in, determination out; the exit status tells an answer (0) from a
question (4) and refused input (2); JSON booleans and any letter case; unused facts listed;
the vocabulary says which topics ask each fact; --ask interviews in a terminal."""
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli(*args, stdin="", timeout=60):
    return subprocess.run([sys.executable, "-m", "checker", *args], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_facts_from_an_argument_and_from_stdin():
    facts = '{"topic": "social_media", "device": "work_phone", "purpose": "personal_social_media"}'
    for done in (cli(facts), cli(stdin=facts)):
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert (result["verdict"], result["cites"]) == ("prohibited", ["C-4"])


def test_json_booleans_and_any_letter_case():
    done = cli('{"topic": "TRAVEL", "commander_permission": false, "travel_purpose": "Personal"}')
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "prohibited"
    assert [d["value"] for d in result["decided_by"]] == ["travel", "no", "personal"]


def test_more_facts_needed_has_its_own_exit_status():
    done = cli('{"topic": "driving"}')
    assert done.returncode == 4
    result = json.loads(done.stdout)
    assert result["complete"] is False and result["questions"][0]["fact"] == "device"
    assert "still to answer: device (work_phone, personal_phone)" in done.stderr


def test_unused_facts_are_listed_not_silently_accepted():
    done = cli('{"topic": "lost_device", "device": "work_phone", "staff_type": "sworn"}')
    assert done.returncode == 0
    assert json.loads(done.stdout)["unused"] == ["staff_type"]
    assert "not needed for this answer, so not used: staff_type" in done.stderr


@pytest.mark.parametrize("facts, message", [
    ('{"topic": "carry", "rank": "captain"}', "unknown fact 'rank'; allowed facts: topic,"),
    ('{"topic": "parking"}', "fact 'topic' cannot be 'parking'; allowed values: carry,"),
    ('{"topic": ', "facts are not valid JSON"),
    ('["carry"]', "facts must be a JSON object"),
    ('{"topic": "personal_phone_business", "device": "work_phone"}',
     "topic 'personal_phone_business' means device=personal_phone"),
])
def test_bad_input_is_explained_without_traceback(facts, message):
    done = cli(facts)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_vocabulary_lists_facts_values_meaning_and_topics():
    done = cli("--vocabulary")
    assert done.returncode == 0
    assert "carry_exception: Which exception to the carry requirements of A-2 and A-3" in done.stdout
    assert "    - permitted_not_to: " in done.stdout
    data = json.loads(cli("--vocabulary", "--json").stdout)
    facts = {f["name"]: f for f in data["facts"]}
    assert {"name", "question", "meaning", "values", "topics", "judgement"} <= set(facts["vehicle"])
    assert facts["vehicle"]["topics"] == ["personal_use", "social_media", "personal_phone_business",
                                          "driving", "distraction", "content", "evidence"]
    assert facts["carry_exception"]["topics"] == ["carry"]
    assert facts["exigent"]["judgement"] == "whether exigent circumstances exist"


def test_the_order_is_chosen_among_those_with_rules(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), policies)
    done = cli("--policies", str(policies), "--order", "dgo-x-9", '{"topic": "other"}')
    assert done.returncode == 2 and "no order 'dgo-x-9' with decision rules; orders with " \
                                   "rules: dgo-i-19" in done.stderr
    for name in ("dgo-i-19.rules.yaml", "dgo-i-19.facts.yaml"):
        os.remove(policies / name)
    done = cli("--policies", str(policies), '{"topic": "other"}')
    assert done.returncode == 2
    assert "no order in the policies folder has decision rules" in done.stderr


def test_ask_from_a_script_of_answers():
    answers = "\n".join(["8", "2", "2", "1"]) + "\n"   # travel; no permission; personal
    done = cli("--ask", stdin=answers)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Question 1: What do you want to check?" in out
    assert "Question 2: Do you have permission from your first-level commander?" in out
    assert "Prohibited: No: not without your first-level commander's permission." in out
    assert "    - Pay any surcharges, fees, or increased data or calling charges" in out


def test_ask_takes_values_labels_back_and_stops_at_the_end_of_input():
    answers = "lost_device\nnonsense\nback\n11\nMy work cell phone\n"
    done = cli("--ask", stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "Answer with a number from 1 to 4, 'back' or 'quit'." in done.stdout
    assert done.stdout.count("Question 1: What do you want to check?") == 2
    assert "You must act: Report it under DGO N-05" in done.stdout
    done = cli("--ask", '{"topic": "carry"}', stdin="1\n")
    assert done.returncode == 4
    assert "stopped before the answer; still to answer: has_work_phone" in done.stderr


def test_ask_with_json_prints_the_determination():
    done = cli("--ask", "--json", '{"topic": "lost_device"}', stdin="1\n")
    assert done.returncode == 0
    result = json.loads(done.stdout[done.stdout.index("{"):])
    assert result["verdict"] == "obligation" and result["cites"] == ["A-7"]


def test_ask_in_a_terminal():
    """A real pseudo-terminal: the questions appear one at a time, the answer at the end."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command line, on the terminal
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "checker", "--ask"])
    try:
        screen = ""
        for answer in ("11", "1"):              # a lost or stolen device; my work phone
            screen += read_until(fd, "Your answer")
            os.write(fd, (answer + "\n").encode())
        screen += read_until(fd, "Sections:")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert "Question 2: Which device?" in screen
    assert "You must act: Report it under DGO N-05 and send an information copy to ITU." in screen
    assert os.waitstatus_to_exitcode(status) == 0


def read_until(fd, marker, timeout=60):
    text, deadline = "", time.monotonic() + timeout
    while marker not in text and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                text += os.read(fd, 4096).decode(errors="replace")
            except OSError:
                break
    assert marker in text, text
    return text
