"""python -m quiz: verify catches every kind of bad record with a clear reason, and report
lists passed / late / pending / overdue / outdated / not in force / academy from a roster,
keeping history in SQLite. Fixture roster: tests/data/quiz/roster.csv (its README says what
each row stands for). The record rules of issue 11 (future, bank existence, member rules,
time zone, late, effective date, draft, CSV cells, exit status) are in test_quiz_records.py."""
import contextlib
import copy
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest

from quiz.tools.cli import main
from test_quiz_helpers import (NOW, ROOT, current_bank, make_archive, make_record, old_bank,
                               reseal, save, signed_policies)

BANK = current_bank()
ROSTER = os.path.join(ROOT, "tests", "data", "quiz", "roster.csv")
AS_OF = "2026-12-01"


@pytest.fixture
def archive(tmp_path):
    return make_archive(tmp_path / "archive")


@pytest.fixture(scope="module")
def in_force(tmp_path_factory):
    """The policy sources with DGO I-19 signed on 2026-01-01 (the real one is a draft, and a
    draft's 90 days do not run): same text, so the same order and bank versions."""
    return signed_policies(tmp_path_factory.mktemp("policies"), "2026-01-01")


def verify(paths, archive, capsys, *extra):
    code = main(["verify", "--archive", archive, "--now", NOW] + list(extra) + [str(p) for p in paths])
    return code, capsys.readouterr().out


def test_a_genuine_record_is_accepted(tmp_path, archive, capsys):
    path = save(tmp_path, "r.json", make_record(wrong=2))
    code, out = verify([path], archive, capsys)
    assert code == 0 and out.startswith(f"ACCEPTED {path}: Jane Doe (9123, Patrol Area 2) passed 13/15")
    assert "OUTDATED" not in out


def test_a_record_on_an_archived_earlier_version_is_accepted_but_outdated(tmp_path, archive, capsys):
    path = save(tmp_path, "old.json", make_record(old_bank()))
    code, out = verify([path], archive, capsys)
    assert code == 0 and "ACCEPTED" in out
    assert f"OUTDATED: signed on an earlier version of the order; the current version is {BANK['order']['version']}" in out


def tamper(edit, seal=True, **options):
    """A record edited by `edit(record)`; resealed so the digest alone cannot catch it."""
    record = make_record(**options)
    edit(record)
    return reseal(record) if seal else record


def edit_question(n, **changes):
    return lambda r: r["questions"][n].update(changes)


def first_wrong_option(record):
    return [o for o in record["questions"][0]["options"] if o not in record["questions"][0]["answer"]][:1]


BAD = {
    "malformed JSON": ('{"format": "policy-desk/sign-off-record", "member": ', "not valid JSON"),
    "not UTF-8": (b"\xff\xfe\x00bad", "not UTF-8 text"),
    "empty file": ("", "the file is empty"),
    "JSON array": ("[1, 2]", "not an object"),
    "other format": ({"format": "something-else"}, "not a Policy Desk sign-off record"),
    "missing field": (tamper(lambda r: r.pop("member"), seal=False), "missing field member"),
    "missing nested field": (tamper(lambda r: r["member"].pop("id"), seal=False), "missing field member.id"),
    "wrong type": (tamper(lambda r: r["score"].update(correct="15"), seal=False),
                   "field score.correct must be whole number, got text"),
    "fraction": (tamper(lambda r: r.update(pass_mark=80.5), seal=False), "must be whole number, got a fraction"),
    "unsupported format version": (tamper(lambda r: r.update(format_version=9), seal=False),
                                   "format version 9 is not supported"),
    "edited score, old digest": (tamper(lambda r: r["score"].update(correct=15), seal=False, wrong=3),
                                 "digest does not match the record's content"),
    "edited score, new digest": (tamper(lambda r: r["score"].update(correct=15, percent="100.0"), wrong=3),
                                 "score says 15/15 (100.0 %) but the answers grade 12/15 (80.0 %)"),
    "edited answer": (tamper(lambda r: r["questions"][0].update(answer=sorted(first_wrong_option(r)))),
                      "question 1 (.*): the answer text does not match|marked correct, but the answer given is wrong"),
    "edited mark": (tamper(edit_question(0, correct=True), wrong=1), "marked correct, but the answer given is wrong"),
    "attempt beyond the limit": (tamper(lambda r: r.update(attempt=4)),
                                 "attempt 4: bank version .* allows 3 attempts"),
    "attempt zero": (tamper(lambda r: r.update(attempt=0)), "attempts are numbered from 1"),
    "failed turned passed": (tamper(lambda r: r.update(result="passed"), wrong=5, sign_at=None),
                             "result says 'passed' but the answers give 'failed'"),
    "malformed digest": (tamper(lambda r: r.update(digest="md5:abc"), seal=False), "malformed digest"),
    "unknown bank version": (tamper(lambda r: r.update(bank_version="ffffffffffff")), "unknown bank version 'ffffffffffff'"),
    "unknown order": (tamper(lambda r: r.update(bank_version="ffffffffffff") or r["order"].update(slug="dgo-z-1")),
                      "unknown order 'dgo-z-1'"),
    "order version not of the bank": (tamper(lambda r: r["order"].update(version="aaaaaaaaaaaa")),
                                      "order version 'aaaaaaaaaaaa' does not belong to bank version"),
    "question not in bank": (tamper(edit_question(0, id="z9-made-up")), "'z9-made-up' is not in bank version"),
    "question repeated": (tamper(lambda r: r["questions"].__setitem__(1, copy.deepcopy(r["questions"][0]))),
                          "appears more than once"),
    "too few questions": (tamper(lambda r: r.update(questions=r["questions"][:5])),
                          "the record has 5 questions; an attempt has 15"),
    "option not in question": (tamper(edit_question(0, answer=["zz"], answer_text=["?"])),
                               "the answer names an option the question does not have"),
    "options swapped": (tamper(edit_question(0, options=["x", "y"])), "its options are not the bank's options"),
    "prompt edited": (tamper(edit_question(0, prompt="Is this easy?")), "its text or citations differ"),
    "empty answer": (tamper(edit_question(0, answer=[], answer_text=[])), "the answer is empty"),
    "pass mark lowered": (tamper(lambda r: r.update(pass_mark=50)), "pass mark 50 % differs from the bank's 80 %"),
    "not signed": (tamper(lambda r: r.update(attestation=None)), "not signed off"),
    "attestation edited": (tamper(lambda r: r["attestation"].update(text="I read it.")),
                           "attestation text differs"),
    "finished before started": (tamper(lambda r: r.update(started_at="2026-11-03T00:00:00Z")),
                                "finished_at is before started_at"),
    "malformed time": (tamper(lambda r: r.update(finished_at="yesterday")), "a time is malformed"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_each_kind_of_bad_record_is_rejected_with_its_reason(tmp_path, archive, capsys, kind):
    data, reason = BAD[kind]
    path = os.path.join(str(tmp_path), "bad.json")
    if isinstance(data, bytes):
        with open(path, "wb") as handle:
            handle.write(data)
    else:
        save(tmp_path, "bad.json", data)
    code, out = verify([path], archive, capsys)
    assert code == 1 and out.startswith(f"REJECTED {path}\n  - ")
    assert reason in out or re.search(reason, out), out


def test_unreadable_paths_are_rejected_not_crashed(tmp_path, archive, capsys):
    code, out = verify([tmp_path / "missing.json", tmp_path], archive, capsys)
    assert code == 1
    assert "no such file" in out and "is a folder" in out


def test_damaged_archive_stops_with_exit_2(tmp_path, capsys):
    folder = tmp_path / "archive" / "dgo-i-19"
    folder.mkdir(parents=True)
    bad = dict(BANK, pass_mark=10)  # content no longer matches its version
    save(folder, BANK["version"] + ".json", bad)
    assert main(["verify", "--archive", str(tmp_path / "archive"), "--now", NOW, ROSTER]) == 2
    assert "archived banks must never be edited" in capsys.readouterr().err


def test_command_line_exit_codes_and_no_traceback(tmp_path, archive):
    good = save(tmp_path, "good.json", make_record())
    bad = save(tmp_path, "bad.json", BAD["edited score, new digest"][0])
    # the test archive (banks archived before the records' dates), not the repository's
    command = [sys.executable, "-m", "quiz", "verify", "--archive", archive, "--now", NOW]
    done = subprocess.run(command + [good, bad], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and "ACCEPTED" in done.stdout and "REJECTED" in done.stdout
    usage = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode == 2 and "RECORD" in usage.stderr
    for run in (done, usage):
        assert "Traceback" not in run.stdout + run.stderr


# ---------------------------------------------------------------- report

def roster_records(folder):
    """Record files for the fixture roster (see tests/data/quiz/README.md)."""
    def member(mid, name, unit):
        return {"name": name, "id": mid, "unit": unit}
    nov = dict(start="2026-11-02T09:00:00Z", finish="2026-11-02T09:10:00Z", sign_at="2026-11-02T09:11:00Z")
    save(folder, "jane.json", make_record(member=member("9123", "Jane Doe", "Patrol Area 2"), **nov))
    shutil.copy(os.path.join(str(folder), "jane.json"), os.path.join(str(folder), "jane-copy.json"))
    save(folder, "larry.json", make_record(member=member("9200", "Larry Late", "Patrol Area 4"), **nov))
    save(folder, "jose.json", make_record(member=member("PS-0456", "José Nguyễn", "Records & ID"), **nov))
    save(folder, "otto.json", make_record(old_bank(), member=member("9600", "Otto Old", "Property"), **nov))
    pat = make_record(member=member("9300", "Pat Pending", "Records Division"), wrong=5, sign_at=None)
    pat["score"].update(correct=15, percent="100.0")
    pat["result"] = "passed"
    save(folder, "pat-edited.json", reseal(pat))
    save(folder, "olive-later.json", make_record(member=member("9400", "Olive Overdue", "Traffic"),
                                                 start="2026-12-05T09:00:00Z", finish="2026-12-05T09:10:00Z",
                                                 sign_at="2026-12-05T09:11:00Z"))
    save(folder, "stranger.json", make_record(member=member("9999", "Sam Stranger", "Traffic"), **nov))
    save(folder, "notes.txt", "not a record")


def run_report(tmp_path, archive, records, capsys, *extra, policies=None, roster=ROSTER):
    out = tmp_path / "out"
    code = main(["report", "--archive", archive, "--roster", roster, "--records", str(records),
                 "--out", str(out), "--as-of", AS_OF, "--now", NOW]
                + (["--policies", policies] if policies else []) + list(extra))
    printed = capsys.readouterr()
    return code, out, printed


def read_csv(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_report_lists_every_status_and_every_problem(tmp_path, archive, in_force, capsys):
    records = tmp_path / "records"
    records.mkdir()
    roster_records(records)
    code, out, printed = run_report(tmp_path, archive, records, capsys, policies=in_force)
    assert code == 1  # written, but records were rejected and roster rows are unusable
    status = {row["member_id"]: row for row in read_csv(out / "status.csv")}
    assert {k: v["status"] for k, v in status.items()} == {
        "9123": "passed", "9200": "late", "9300": "pending", "9400": "overdue",
        "9500": "academy", "9600": "outdated", "PS-0456": "passed"}
    assert status["9123"]["due"] == "2026-12-30" and status["9123"]["signed_at"] == "2026-11-02T09:11:00Z"
    assert status["9123"]["signed_local_date"] == "2026-11-02"
    assert "signed 64 days after the due date" in status["9200"]["notes"]
    assert "63 days past the 90-day deadline" in status["9400"]["notes"]
    assert status["9300"]["notes"] == "43 days left" and status["9500"]["due"] == ""
    problems = read_csv(out / "problems.csv")
    reasons = {(p["kind"], p["source"]): p["reason"] for p in problems}
    assert "duplicate: the same record as" in (reasons.get(("record", "jane-copy.json")) or reasons[("record", "jane.json")])
    assert "score says 15/15" in reasons[("record", "pat-edited.json")]
    assert "member ID 9999 is not on the roster" in reasons[("record", "stranger.json")]
    assert "not a .json file" in reasons[("record", "notes.txt")]
    assert "signed on order version 0123456789ab" in reasons[("outdated", "otto.json")]
    assert "2026-02-30" in reasons[("roster", "line 9")] and "listed twice" in reasons[("roster", "line 10")]
    assert "no member id" in reasons[("roster", "line 11")] and "yes or no" in reasons[("roster", "line 12")]
    assert len([p for p in problems if p["kind"] == "record"]) == 4
    assert "passed 2, late 1," in printed.out and "rejected records 4; roster problems 4" in printed.out
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Overdue" in html and "olive-later.json: completed after 2026-12-01" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html) and "<script" not in html
    assert "José Nguyễn" in html and "Rejected records (4)" in html


def test_report_history_accumulates_in_sqlite(tmp_path, archive, in_force, capsys):
    db = str(tmp_path / "history.sqlite")
    first = tmp_path / "first"
    first.mkdir()
    save(first, "jane.json", make_record())
    code, out, _ = run_report(tmp_path, archive, first, capsys, "--db", db, policies=in_force)
    assert code == 1  # the roster fixture has bad rows
    again, out, printed = run_report(tmp_path, archive, first, capsys, "--db", db, policies=in_force)
    assert "jane.json: already in the database" in (out / "report.html").read_text(encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    run_report(tmp_path, archive, empty, capsys, "--db", db, policies=in_force)
    status = {row["member_id"]: row["status"] for row in read_csv(out / "status.csv")}
    assert status["9123"] == "passed"  # from history, no file this time
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        assert connection.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 1
        assert connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 3
        connection.execute("UPDATE records SET record = replace(record, '\"correct\": 15', '\"correct\": 14')")
    run_report(tmp_path, archive, empty, capsys, "--db", db, policies=in_force)
    problems = read_csv(out / "problems.csv")
    assert any(p["source"].startswith("database: jane.json") and "digest does not match" in p["reason"]
               for p in problems)


@pytest.mark.parametrize("args,message", [
    (["--as-of", "2026-13-01"], "--as-of '2026-13-01' is not a date"),
    (["--roster", "/nonexistent/roster.csv"], "cannot read the roster"),
    (["--records", "/nonexistent/records"], "records folder /nonexistent/records does not exist"),
    (["--order", "dgo-z-1"], "choose an order with --order"),
    (["--time-zone", "Mars/Olympus_Mons"], "--time-zone 'Mars/Olympus_Mons' is not a time zone"),
    (["--time-zone", "../../etc/passwd"], "is not a time zone"),
    (["--now", "yesterday"], "--now 'yesterday' is not a UTC time"),
])
def test_report_cannot_run_exits_2_with_a_reason(tmp_path, archive, capsys, args, message):
    records = tmp_path / "records"
    records.mkdir()
    argv = {"--roster": ROSTER, "--records": str(records), "--out": str(tmp_path / "out"),
            "--as-of": AS_OF, "--now": NOW}
    argv.update(dict(zip(args[::2], args[1::2])))
    code = main(["report", "--archive", archive] + [x for pair in argv.items() for x in pair])
    assert code == 2 and message in capsys.readouterr().err


def test_roster_without_required_columns_exits_2(tmp_path, archive, capsys):
    roster = save(tmp_path, "roster.csv", "id,name\n1,A\n")
    records = tmp_path / "records"
    records.mkdir()
    code = main(["report", "--archive", archive, "--roster", roster, "--records", str(records),
                 "--out", str(tmp_path / "out")])
    assert code == 2 and "has no column unit, appointed, academy" in capsys.readouterr().err


def test_clean_report_exits_0(tmp_path, archive, in_force, capsys):
    roster = save(tmp_path, "roster.csv", "ID,Name,Unit,Appointment_Date,Academy\n9123,Jane Doe,Patrol,2026-10-01,No\n")
    records = tmp_path / "records"
    records.mkdir()
    save(records, "jane.json", make_record())
    code, _out, printed = run_report(tmp_path, archive, records, capsys, policies=in_force, roster=roster)
    assert code == 0 and "passed 1" in printed.out


def test_the_repository_archive_is_intact():
    from quiz.tools.archive import archived_banks
    banks = archived_banks()
    assert banks and all(bank["slug"] == "dgo-i-19" for bank in banks.values())
