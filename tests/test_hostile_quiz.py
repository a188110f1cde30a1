"""Hostile and careless input to the quiz (issue 12): tampered saved progress, SQLite trouble,
bad files among good ones, oversized and deeply nested JSON, terminal escape sequences.

Every case asserts a clear message, a bound on time (and, in-process, on memory), and that
nothing already stored is lost: the attempt ledger or a signed record that still checks, the
history database, the report files of the last good run, the other records of the run.
The browser side of tampered progress is in tests/test_quiz_browser.py.
"""
import contextlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
import tracemalloc

import pytest

from quiz import session
from quiz.tools.cli import main
from test_quiz_helpers import (MEMBER, NOW, ROOT, current_bank, make_archive, make_record,
                               reseal, save, signed_policies, take_quiz)
from web import quiz_view

BANK = current_bank()
LATER = "2026-11-02T09:30:00Z"
SECONDS = 2.0          # in-process bound per input (figures under load on a shared machine)
MEGABYTES = 64         # in-process peak allocation bound per input


@contextlib.contextmanager
def bounded(seconds=SECONDS, megabytes=MEGABYTES):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert peak < megabytes * 2 ** 20, f"peak {peak / 2 ** 20:.1f} MB"


def run_cli(args, timeout=60, **options):
    """python -m quiz in a subprocess with an address-space cap (2 GB) and a time limit."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2 ** 30, 2 * 2 ** 30))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "quiz"] + args, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=cap, **options)
    done.elapsed = time.perf_counter() - started
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def no_control_characters(text):
    return not [ch for ch in text if (ord(ch) < 32 and ch not in "\n") or 0x7F <= ord(ch) <= 0x9F]


# ---------------------------------------------------------------- stuck quiz page

def in_attempt(answered=1):
    state = session.new_state(BANK)
    session.start(state, BANK, MEMBER, "2026-11-02T09:00:00Z", 4)
    for _ in range(answered):
        question, item = session.current(state, BANK)
        session.answer(state, BANK, item["options"][:1])
        session.next_step(state, BANK, "2026-11-02T09:01:00Z")
    return state


def tampered(edit, state=None):
    state = state if state is not None else in_attempt()
    edit(state)
    return json.dumps(state)


def signed_with(edit):
    return tampered(edit, take_quiz(BANK))


TAMPERED = {
    # The six kinds issue 12 names, then the classes around them.
    "signed record, bad digest": signed_with(lambda s: s["record"]["score"].update(correct=9)),
    "signed record, string score": signed_with(lambda s: s["record"]["score"].update(correct="15")),
    "downloaded is not a list": signed_with(lambda s: s.update(downloaded="json")),
    "downloaded lists an unknown kind": signed_with(lambda s: s.update(downloaded=["pdf"])),
    "answer names an unknown option": tampered(lambda s: s["answers"].__setitem__(0, ["zz"])),
    "answer is not a list": tampered(lambda s: s["answers"].__setitem__(0, "a")),
    "index out of range": tampered(lambda s: s.update(index=99)),
    "negative index": tampered(lambda s: s.update(index=-1)),
    "unknown phase": tampered(lambda s: s.update(phase="celebrate")),
    "unknown question drawn": tampered(lambda s: s["drawn"][0].update(id="z9-made-up")),
    "options not the bank's": tampered(lambda s: s["drawn"][0].update(options=["a", "a"])),
    "drawn item not an object": tampered(lambda s: s["drawn"].__setitem__(0, 7)),
    "result does not match answers": tampered(lambda s: s["record"]["score"].update(correct=15),
                                              take_quiz(BANK, wrong=5)),
    "result phase without a record": tampered(lambda s: s.update(record=None), take_quiz(BANK, wrong=5)),
    "fraction in the record": tampered(lambda s: s["record"].update(pass_mark=80.5), take_quiz(BANK, wrong=5)),
    "member with escape sequences": tampered(lambda s: s["member"].update(name="Jane\x1b[2JDoe")),
    "member with an extra field": tampered(lambda s: s["member"].update(role="admin")),
    "member is a list": tampered(lambda s: s.update(member=["Jane"])),
    "attempt number is text": tampered(lambda s: s.update(attempt="1")),
    "attempt number is true": tampered(lambda s: s.update(attempt=True)),
    "schema from the future": tampered(lambda s: s.update(schema=99)),
    "another order": tampered(lambda s: s.update(slug="dgo-z-1")),
    "unexpected field": tampered(lambda s: s.update(admin=True)),
    "missing field": tampered(lambda s: s.pop("drawn")),
    "malformed time": tampered(lambda s: s.update(started_at="yesterday")),
    "ledger entry with text count": tampered(lambda s: s["ledger"]["9123"].update(used="0")),
    "ledger with a malformed member ID": tampered(lambda s: s["ledger"].update({"x y": {}})),
    "ledger far too long": tampered(lambda s: s["ledger"].update(
        {"%d" % (10000 + n): s["ledger"]["9123"] for n in range(1000)})),
    "ledger is a list": tampered(lambda s: s.update(ledger=[])),
    "JSON array": "[1, 2, 3]",
    "JSON null": "null",
    "JSON text": '"progress"',
    "not JSON": "{progress: 1}",
    "lone surrogate in a name": tampered(lambda s: s["member"].update(name="Jane \ud800")),
    "deep JSON (5,000 brackets)": "[" * 5000 + "]" * 5000,
    "deep JSON in a field": tampered(lambda s: s.update(record=json.loads("[" * 900 + "]" * 900))),
    "oversized (5 MB)": json.dumps({"schema": 2, "pad": "x" * 5_000_000}),
}


@pytest.mark.parametrize("kind", sorted(TAMPERED))
def test_tampered_progress_is_set_aside_and_the_quiz_starts_fresh(kind):
    text = TAMPERED[kind]
    with bounded():
        state, notice, set_aside = session.restore_text(text, BANK, LATER)
        screen = quiz_view.render(state, BANK, {"root": "../", "now": LATER, "notice": notice,
                                                "set_aside": set_aside})
    assert set_aside == text                                  # kept whole, for download
    assert notice.startswith(("Your saved progress could not be used (",
                              "Part of your saved progress could not be used ("))
    assert "Traceback" not in notice and len(notice) < 600
    assert state["phase"] in ("member", "signed") and 'data-action="start-over"' in screen
    assert json.loads(json.dumps(state)) == state              # the fresh state saves


def test_empty_saved_progress_is_nothing_saved():
    state, notice, set_aside = session.restore_text("  ", BANK, LATER)
    assert state == session.new_state(BANK) and notice is None and set_aside is None


def test_a_signed_record_that_checks_survives_damage_elsewhere():
    text = TAMPERED["downloaded is not a list"]
    state, notice, _ = session.restore_text(text, BANK, LATER)
    assert state["phase"] == "signed" and "Your signed record was checked and is kept" in notice
    assert state["record"] == json.loads(text)["record"] and state["downloaded"] == []


def test_the_attempt_ledger_survives_damage_elsewhere():
    # A damaged attempt must not be a free new draw: the ledger (valid on its own) is kept.
    state, notice, _ = session.restore_text(TAMPERED["index out of range"], BANK, LATER)
    assert state["ledger"][MEMBER["id"]]["used"] == 1 and state["member"] == MEMBER
    session.start(state, BANK, MEMBER, LATER, 5)
    assert state["phase"] == "review"


def test_damage_to_the_ledger_itself_loses_only_the_ledger():
    state, notice, _ = session.restore_text(TAMPERED["ledger entry with text count"], BANK, LATER)
    assert state["ledger"] == {} and state["member"] == MEMBER and "ledger entry used" in notice


# ---------------------------------------------------------------- SQLite history

@pytest.fixture(scope="module")
def in_force(tmp_path_factory):
    return signed_policies(tmp_path_factory.mktemp("policies"), "2026-01-01")


@pytest.fixture
def setup(tmp_path, in_force):
    """Archive, roster, a records folder with one good record, and the report arguments."""
    archive = make_archive(tmp_path / "archive")
    roster = save(tmp_path, "roster.csv", "id,name,unit,appointed,academy\n"
                                          "9123,Jane Doe,Patrol Area 2,2026-10-01,no\n"
                                          "9124,John Roe,Traffic,2026-10-01,no\n")
    records = tmp_path / "records"
    records.mkdir()
    save(records, "jane.json", make_record())
    (tmp_path / "db").mkdir()
    db = str(tmp_path / "db" / "history.sqlite")

    def args(out="out", folder=records, *extra):
        return ["report", "--archive", archive, "--policies", in_force, "--roster", roster,
                "--records", str(folder), "--out", str(tmp_path / out), "--as-of", "2026-12-01",
                "--now", NOW, "--db", db] + list(extra)
    return {"args": args, "db": db, "records": records, "tmp": tmp_path}


def stored_count(db):
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT COUNT(*) FROM records").fetchone()[0]


@contextlib.contextmanager
def read_only(path):
    """path made unwritable even for root (chattr +i), or by permissions for other users."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", path], capture_output=True).returncode:
            pytest.skip("chattr +i is not available here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", path], capture_output=True)
    else:
        mode = os.stat(path).st_mode
        os.chmod(path, 0o555 if os.path.isdir(path) else 0o444)
        try:
            yield
        finally:
            os.chmod(path, mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_history_is_reported_and_the_report_still_written(setup, what):
    first = run_cli(setup["args"]())
    assert first.returncode == 0 and stored_count(setup["db"]) == 1
    save(setup["records"], "john.json", make_record(member={"name": "John Roe", "id": "9124", "unit": "Traffic"}))
    target = setup["db"] if what == "file" else os.path.dirname(setup["db"])
    with read_only(target):
        done = run_cli(setup["args"]("out2"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "this run's records were not saved: " in done.stdout
    assert ("is read-only" in done.stdout or "cannot open the history database" in done.stdout)
    status = (setup["tmp"] / "out2" / "status.csv").read_text(encoding="utf-8")
    assert "9123,Jane Doe" in status and "9124,John Roe" in status and status.count("passed") == 2
    assert stored_count(setup["db"]) == 1                     # history intact, nothing half-added
    assert done.elapsed < 30


def test_a_lock_held_briefly_is_waited_for(setup):
    run_cli(setup["args"]())
    holder = sqlite3.connect(setup["db"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO runs VALUES ('x', 'x', 'x', 'x', 0, 0)")
    report = subprocess.Popen([sys.executable, "-m", "quiz"] + setup["args"]("out2", setup["records"],
                              "--db-timeout", "20"), cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    holder.execute("COMMIT")
    holder.close()
    out, err = report.communicate(timeout=60)
    assert report.returncode == 0, out + err
    with contextlib.closing(sqlite3.connect(setup["db"])) as connection:
        assert connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 3  # both runs and x


def test_a_lock_held_too_long_gives_a_clear_message_and_loses_nothing(setup):
    run_cli(setup["args"]())
    holder = sqlite3.connect(setup["db"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = run_cli(setup["args"]("out2", setup["records"], "--db-timeout", "1"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1
    assert "is in use by another program (waited 1 s for it); run the report again" in done.stdout
    assert "9123,Jane Doe" in (setup["tmp"] / "out2" / "status.csv").read_text(encoding="utf-8")
    assert stored_count(setup["db"]) == 1 and done.elapsed < 30


def test_two_reports_at_once_both_complete_and_both_are_kept(setup):
    other = setup["tmp"] / "other"
    other.mkdir()
    save(other, "john.json", make_record(member={"name": "John Roe", "id": "9124", "unit": "Traffic"}))
    command = [sys.executable, "-m", "quiz"]
    runs = [subprocess.Popen(command + setup["args"](out, folder), cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for out, folder in (("out-a", setup["records"]), ("out-b", other))]
    results = [run.communicate(timeout=90) + (run.returncode,) for run in runs]
    assert [code for _out, _err, code in results] == [0, 0], results
    assert stored_count(setup["db"]) == 2
    with contextlib.closing(sqlite3.connect(setup["db"])) as connection:
        assert connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(setup):
    with open(setup["db"], "wb") as handle:
        handle.write(b"this is not sqlite" * 100)
    done = run_cli(setup["args"]())
    assert done.returncode == 2 and "is not a usable history database" in done.stderr
    with open(setup["db"], "rb") as handle:
        assert handle.read() == b"this is not sqlite" * 100
    assert not (setup["tmp"] / "out").exists()  # a report without its history would mislead


# ---------------------------------------------------------------- CLIs never lose work

@pytest.fixture
def archive(tmp_path):
    return make_archive(tmp_path / "archive")


def hostile_files(folder):
    """Bad record files of every kind, beside which good ones must still be checked."""
    names = {}
    names["deep.json"] = save(folder, "deep.json", "[" * 5000 + "]" * 5000)
    names["deep-field.json"] = save(folder, "deep-field.json", json.dumps(
        dict(make_record(), extra=json.loads("[" * 500 + "]" * 500))))
    names["binary.json"] = str(folder / "binary.json")
    (folder / "binary.json").write_bytes(os.urandom(2000))
    names["big.json"] = str(folder / "big.json")
    (folder / "big.json").write_bytes(b" " * 2_000_001)
    names["zero.json"] = str(folder / "zero.json")
    os.symlink("/dev/zero", names["zero.json"])
    names["fifo.json"] = str(folder / "fifo.json")
    os.mkfifo(names["fifo.json"])
    names["folder.json"] = str(folder / "folder.json")
    os.mkdir(names["folder.json"])
    names["wrong-types.json"] = save(folder, "wrong-types.json", json.dumps(
        dict(make_record(), questions=[{"id": ["x"], "options": {"a": 1}}], member={"name": 5})))
    return names


def test_verify_checks_every_file_past_the_bad_ones(tmp_path, archive):
    folder = tmp_path / "records"
    folder.mkdir()
    bad = hostile_files(folder)
    good = [save(folder, "good-%d.json" % n, make_record(seed=n)) for n in range(3)]
    files = [good[0]] + sorted(bad.values()) + good[1:]
    done = run_cli(["verify", "--archive", archive, "--now", NOW] + files)
    assert done.returncode == 1
    assert done.stdout.count("ACCEPTED") == 3 and done.stdout.count("REJECTED") == len(bad)
    for reason in ("nested", "not UTF-8", "larger than a sign-off record can be",
                   "not a regular file", "is a folder", "must be"):
        assert reason in done.stdout, reason
    assert done.elapsed < 30


def test_report_writes_what_it_can_and_lists_what_it_skipped(setup):
    bad = hostile_files(setup["records"])
    done = run_cli(setup["args"]())
    assert done.returncode == 1 and done.elapsed < 30
    status = (setup["tmp"] / "out" / "status.csv").read_text(encoding="utf-8")
    assert "9123,Jane Doe" in status and "passed" in status
    problems = (setup["tmp"] / "out" / "problems.csv").read_text(encoding="utf-8")
    for name in bad:
        assert name in problems and f"REJECTED {name}" in done.stdout
    assert stored_count(setup["db"]) == 1


def test_report_outputs_are_written_whole_or_not_at_all(setup):
    first = run_cli(setup["args"]())
    out = setup["tmp"] / "out"
    before = {name: (out / name).read_text(encoding="utf-8") for name in os.listdir(out)}
    os.remove(out / "report.html")
    os.mkdir(out / "report.html")                    # the last output cannot be replaced
    done = run_cli(setup["args"]())
    assert first.returncode == 0 and done.returncode == 2
    assert "report.html: cannot be written" in done.stderr
    assert [n for n in os.listdir(out) if n.endswith(".tmp")] == []   # no half-written file
    for name in ("status.csv", "problems.csv"):  # each one whole: the old or the new file
        text = (out / name).read_text(encoding="utf-8")
        assert (out / name).read_bytes().endswith(b"\r\n") and text.splitlines()[0] == before[name].splitlines()[0]
        assert len(text.splitlines()) == len(before[name].splitlines())


# ---------------------------------------------------------------- terminal injection

ESCAPES = "\x1b]0;owned\x07\x1b[2J\r\nACCEPTED fake.json\x9b31m"


def test_a_record_name_with_escape_sequences_is_refused_and_shown_escaped(tmp_path, archive):
    record = make_record()
    record["member"]["name"] = "Jane" + ESCAPES
    path = save(tmp_path, "evil.json", reseal(record))
    done = run_cli(["verify", "--archive", archive, "--now", NOW, path])
    assert done.returncode == 1 and "rule name.characters" in done.stdout
    assert no_control_characters(done.stdout + done.stderr)
    # The forged "ACCEPTED fake.json" stays inside the escaped reason, never a line of its own.
    assert [line for line in done.stdout.splitlines() if line.startswith("ACCEPTED")] == []


def test_file_names_with_escape_sequences_are_shown_escaped(tmp_path, archive, setup):
    name = "rec" + ESCAPES.replace("/", "") + ".json"
    good = save(tmp_path, name, make_record())
    done = run_cli(["verify", "--archive", archive, "--now", NOW, good])
    assert done.returncode == 0 and "\\x1b]0;owned" in done.stdout
    assert no_control_characters(done.stdout + done.stderr)
    save(setup["records"], name, "{}")
    report = run_cli(setup["args"]())
    assert no_control_characters(report.stdout + report.stderr) and "\\x1b[2J" in report.stdout


def test_every_line_printed_about_a_record_is_terminal_safe(tmp_path, archive, capsys):
    # In-process: the accepted line, the outdated line and rejected reasons all pass through
    # model.escape.terminal (a unit (name) that the rules allow may still carry odd text).
    record = make_record(member={"name": "José Nguyễn-O’Brien", "id": "PS-0456", "unit": "Records & ID (Day)"})
    path = save(tmp_path, "ok\x1b.json", record)
    assert main(["verify", "--archive", archive, "--now", NOW, path]) == 0
    printed = capsys.readouterr()
    assert "José Nguyễn-O’Brien" in printed.out and no_control_characters(printed.out)


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "folder"])
def test_a_roster_that_is_not_a_file_is_refused_at_once(setup, kind):
    roster = str(setup["tmp"] / "roster-odd.csv")
    if kind == "fifo":
        os.mkfifo(roster)
    elif kind == "folder":
        os.mkdir(roster)
    else:
        os.symlink(kind, roster)
    args = setup["args"]()
    args[args.index("--roster") + 1] = roster
    done = run_cli(args, timeout=30)
    assert done.returncode == 2 and "cannot read the roster" in done.stderr and done.elapsed < 30
    assert not os.path.exists(setup["db"])  # refused before the history was touched
