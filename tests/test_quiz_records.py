"""Records that can be relied on (issue 11, item 4): one bad-input test per rule that
`python -m quiz verify` and `report` apply, each checking the message names the rule.

    completed in the future (beyond the clock-skew allowance) · started before the bank
    existed · the page's member-detail rules · due dates and "late" in the Department's time
    zone · late counted apart · due date from the effective date · a draft is not in force ·
    CSV cells never start a formula · exit status for invalid records and failed attempts
"""
import csv
import io
import os
import re

import pytest

from quiz.tools.cli import main
from quiz.tools.dates import order_dates
from quiz.verify import SKEW_MINUTES
from test_quiz_helpers import (NOW, current_bank, make_archive, make_record, reseal, save,
                               signed_policies)

BANK = current_bank()


@pytest.fixture
def archive(tmp_path):
    return make_archive(tmp_path / "archive")


def verify(capsys, archive, records, *extra):
    code = main(["verify", "--archive", archive] + list(extra) + [str(r) for r in records])
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def one(tmp_path, record, name="r.json"):
    return save(tmp_path, name, record)


# ---------------------------------------------------------------- completed in the future

def test_a_record_completed_in_the_future_is_refused_naming_the_allowance(tmp_path, archive, capsys):
    record = one(tmp_path, make_record(start="2026-12-05T09:00:00Z", finish="2026-12-05T09:10:00Z",
                                       sign_at="2026-12-05T09:11:00Z"))
    code, out, _ = verify(capsys, archive, [record], "--now", "2026-12-01T00:00:00Z")
    assert code == 1 and "REJECTED" in out
    assert "completed at 2026-12-05T09:11:00Z, 4 days 9 hours 11 minutes ahead of this computer's clock" in out
    assert f"at most {SKEW_MINUTES} minutes ahead (clock-skew allowance)" in out


def test_a_record_a_few_minutes_ahead_is_within_the_allowance(tmp_path, archive, capsys):
    record = one(tmp_path, make_record())  # signed 2026-11-02T09:15:00Z
    assert verify(capsys, archive, [record], "--now", "2026-11-02T09:06:00Z")[0] == 0
    assert verify(capsys, archive, [record], "--now", "2026-11-02T09:04:59Z")[0] == 1


# ---------------------------------------------------------------- started before the bank existed

def test_a_record_started_before_its_bank_was_archived_is_refused(tmp_path, capsys):
    archive = make_archive(tmp_path / "archive", archived_at="2026-11-10T00:00:00Z")
    record = one(tmp_path, make_record())  # started 2026-11-02T09:00:00Z
    code, out, _ = verify(capsys, archive, [record], "--now", NOW)
    assert code == 1
    assert (f"started at 2026-11-02T09:00:00Z, 7 days 15 hours before bank version "
            f"{BANK['version']} existed (archived 2026-11-10T00:00:00Z; clock-skew allowance "
            f"{SKEW_MINUTES} minutes)") in out


def test_within_the_allowance_of_the_archive_date_is_accepted(tmp_path, capsys):
    archive = make_archive(tmp_path / "archive", archived_at="2026-11-02T09:09:00Z")
    record = one(tmp_path, make_record())
    assert verify(capsys, archive, [record], "--now", NOW)[0] == 0


def test_an_unarchived_bank_is_not_date_checked_and_the_tool_says_so(tmp_path, capsys):
    record = one(tmp_path, make_record())
    code, _out, err = verify(capsys, str(tmp_path / "empty-archive"), [record], "--now", NOW)
    assert code == 0 and "is not archived, so when it came into use is unknown" in err


# ---------------------------------------------------------------- the page's member-detail rules

def with_member(**changes):
    record = make_record()
    record["member"].update(changes)
    return reseal(record)


@pytest.mark.parametrize("changes,rule", [
    ({"name": "J"}, "name.too_short"),
    ({"name": "J" * 81}, "name.too_long"),
    ({"name": "Jane Doe 2"}, "name.characters"),
    ({"name": "=HYPERLINK(\"http://x\")"}, "name.characters"),
    ({"name": "Jane\x1b]0;pwned\x07Doe"}, "name.characters"),
    ({"name": "Jane\u202eeoD"}, "name.characters"),
    ({"name": "Jane  Doe"}, "name.form"),
    ({"name": "Jane\r\nDoe"}, "name.form"),
    ({"id": ""}, "id.too_short"),
    ({"id": "ABC"}, "id.digit"),
    ({"id": "91 23"}, "id.characters"),
    ({"id": "ps-0456"}, "id.form"),
    ({"id": "9123" * 6}, "id.too_long"),
    ({"unit": "P"}, "unit.too_short"),
    ({"unit": "Patrol;DROP"}, "unit.characters"),
    ({"unit": " Patrol"}, "unit.form"),
])
def test_member_details_the_page_refuses_are_refused_naming_the_rule(tmp_path, archive, capsys,
                                                                      changes, rule):
    record = one(tmp_path, with_member(**changes))
    code, out, _ = verify(capsys, archive, [record], "--now", NOW)
    assert code == 1 and f"(the quiz page refuses this: rule {rule})" in out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out  # shown escaped


# ---------------------------------------------------------------- the report's dates

def report(tmp_path, capsys, archive, roster_text, records, *extra, policies=None):
    os.makedirs(tmp_path, exist_ok=True)
    roster = save(tmp_path, "roster.csv", roster_text)
    folder = tmp_path / "records"
    folder.mkdir(exist_ok=True)
    for name, record in records.items():
        save(folder, name, record)
    out = tmp_path / "out"
    code = main(["report", "--archive", archive, "--roster", roster, "--records", str(folder),
                 "--out", str(out), "--now", NOW] + (["--policies", policies] if policies else [])
                + list(extra))
    printed = capsys.readouterr()
    with open(out / "status.csv", encoding="utf-8") as handle:
        rows = {row["member_id"]: row for row in csv.DictReader(handle)}
    return code, rows, printed, out


def signed_at(moment):
    """A record of Jane's attempt on 2026-11-20, signed off at moment."""
    return make_record(start="2026-11-20T09:00:00Z", finish="2026-11-20T09:10:00Z", sign_at=moment)


JANE = "id,name,unit,appointed,academy\n9123,Jane Doe,Patrol Area 2,2026-08-27,no\n"  # due 2026-11-25


@pytest.fixture(scope="module")
def in_force(tmp_path_factory):
    return signed_policies(tmp_path_factory.mktemp("policies"), "2026-01-01")


@pytest.mark.parametrize("zone,moment,status", [
    # 18:30 in Oakland on the due day is 02:30 UTC the next day: on time.
    ("America/Los_Angeles", "2026-11-26T02:30:00Z", "passed"),
    ("America/Los_Angeles", "2026-11-26T07:59:59Z", "passed"),   # 23:59:59 local
    ("America/Los_Angeles", "2026-11-26T08:00:00Z", "late"),     # 00:00 local, a day late
    # The same moment counted in UTC would be late: the zone decides.
    ("UTC", "2026-11-26T02:30:00Z", "late"),
])
def test_due_dates_and_late_are_in_the_departments_time_zone(tmp_path, capsys, archive, in_force,
                                                             zone, moment, status):
    code, rows, printed, _ = report(tmp_path, capsys, archive, JANE, {"jane.json": signed_at(moment)},
                                    "--as-of", "2026-12-01", "--time-zone", zone, policies=in_force)
    assert code == 0, printed.out + printed.err
    assert rows["9123"]["due"] == "2026-11-25" and rows["9123"]["status"] == status
    assert f"({zone})" in printed.out


def test_a_late_sign_off_is_counted_apart_never_as_passed(tmp_path, capsys, archive, in_force):
    roster = JANE + "9200,Pat Prompt,Traffic,2026-10-01,no\n"
    records = {"jane.json": signed_at("2026-11-28T17:00:00Z"),
               "pat.json": reseal(dict(signed_at("2026-11-28T17:00:00Z"),
                                       member={"name": "Pat Prompt", "id": "9200", "unit": "Traffic"}))}
    code, rows, printed, out = report(tmp_path, capsys, archive, roster, records,
                                      "--as-of", "2026-12-01", policies=in_force)
    assert code == 0
    assert rows["9123"]["status"] == "late" and rows["9200"]["status"] == "passed"
    assert "late, not within E-1's 90 days" in rows["9123"]["notes"]
    assert "passed 1, late 1," in printed.out
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Signed off late (after the due date): <strong>1</strong>" in html
    assert "Signed off on time: <strong>1</strong>" in html
    assert "Signed off late (after the due date): 1" in html  # the chart's description


def test_members_appointed_before_the_order_took_effect_count_from_the_effective_date(
        tmp_path, capsys, archive, tmp_path_factory):
    policies = signed_policies(tmp_path_factory.mktemp("late-policies"), "2026-09-01")
    roster = "id,name,unit,appointed,academy\n9123,Jane Doe,Patrol Area 2,2026-03-01,no\n"
    code, rows, _, _ = report(tmp_path, capsys, archive, roster, {}, "--as-of", "2026-11-15",
                              policies=policies)
    assert rows["9123"]["due"] == "2026-11-30" and rows["9123"]["status"] == "pending"
    assert "appointed before the order took effect (2026-09-01)" in rows["9123"]["notes"]


def test_the_effective_date_is_read_defensively():
    assert order_dates({"date_signed": "2026-09-01"}) == ("2026-09-01", "2026-09-01")
    assert order_dates({"date_signed": "2026-09-01", "effective_date": "2026-10-01"}) == (
        "2026-09-01", "2026-10-01")
    assert order_dates({"date_signed": None, "effective_date": "2026-10-01"}) == (None, "2026-10-01")
    assert order_dates({"date_signed": "2026-09-01", "effective_date": "soon"}) == (
        "2026-09-01", "2026-09-01")
    assert order_dates({}) == (None, None)


def test_a_draft_order_is_not_in_force_and_counts_no_days(tmp_path, capsys, archive):
    roster = JANE + "9400,Olive Old,Traffic,2025-01-01,no\n9500,Al Academy,Patrol,2026-01-01,yes\n"
    code, rows, printed, out = report(tmp_path, capsys, archive, roster,
                                      {"jane.json": signed_at("2026-11-28T17:00:00Z")},
                                      "--as-of", "2026-12-01")  # the real, draft order
    assert rows["9400"]["status"] == "not_in_force" and rows["9400"]["due"] == ""
    assert "not yet in force" in rows["9400"]["notes"] and "pending 0, overdue 0, not in force 1" in printed.out
    assert rows["9123"]["status"] == "passed" and rows["9500"]["status"] == "academy"
    assert "The order is a draft (no date signed): it is not yet in force" in printed.out
    assert "it is not yet in force" in (out / "report.html").read_text(encoding="utf-8")


def test_an_order_signed_but_not_yet_effective_is_not_in_force(tmp_path, capsys, archive, tmp_path_factory):
    policies = signed_policies(tmp_path_factory.mktemp("future-policies"), "2027-01-01")
    _code, rows, printed, _ = report(tmp_path, capsys, archive, JANE, {}, "--as-of", "2026-12-01",
                                     policies=policies)
    assert rows["9123"]["status"] == "not_in_force" and rows["9123"]["due"] == "2027-04-01"
    assert "takes effect on 2027-01-01" in printed.out


# ---------------------------------------------------------------- CSV cells

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def test_no_csv_cell_starts_a_formula_whatever_its_source(tmp_path, capsys, archive, in_force):
    # Sources: roster cells (name, unit, appointed), a file name, and reasons that quote them.
    roster = ("id,name,unit,appointed,academy\n"
              '9123,=cmd|\' /C calc\'!A0,+Patrol,2026-10-01,no\n'
              '9200,@SUM(1+1),-Unit,2026-10-01,no\n'
              '9300,"\tTabbed","\rReturn",2026-10-01,no\n'
              "9400,Bad Date,Unit,=2026-13-01,no\n")
    records = {"=HYPERLINK(evil).json": "{}", "+1.json": "[", "-x.json": "",
               "@x.json": make_record(), "\tx.json": "{}", "\rx.json": "{}"}
    _code, _rows, _printed, out = report(tmp_path, capsys, archive, roster, records, "--as-of",
                                         "2026-12-01", policies=in_force)
    seen = 0
    for name in ("status.csv", "problems.csv"):
        with open(out / name, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(FORMULA_LEADS), (name, cell)
                    seen += cell.startswith("'")
    assert seen >= 10  # the hostile cells were written, neutralised with a leading '


def test_the_record_csv_export_neutralises_every_lead_character():
    from model.escape import csv_cell
    for lead in FORMULA_LEADS + ("\n",):
        cell = csv_cell(lead + "1+1")
        parsed = next(csv.reader(io.StringIO(cell)))[0]
        assert parsed.startswith("'" + lead), repr(cell)


# ---------------------------------------------------------------- exit status

def test_exit_status_separates_rejected_failed_and_passed(tmp_path, archive, capsys):
    passed = one(tmp_path, make_record(), "passed.json")
    failed = one(tmp_path, make_record(wrong=5), "failed.json")
    bad = one(tmp_path, "{", "bad.json")
    assert verify(capsys, archive, [passed], "--now", NOW)[0] == 0
    code, out, _ = verify(capsys, archive, [passed, failed], "--now", NOW)
    assert code == 4 and "FAILED ATTEMPT" in out
    assert verify(capsys, archive, [passed, failed], "--now", NOW, "--allow-failed")[0] == 0
    assert verify(capsys, archive, [failed, bad], "--now", NOW, "--allow-failed")[0] == 1
    assert verify(capsys, archive, [bad, failed], "--now", NOW)[0] == 1


def test_report_exit_status_for_a_failed_attempt(tmp_path, capsys, archive, in_force):
    records = {"jane-failed.json": make_record(wrong=5)}
    code = report(tmp_path, capsys, archive, JANE, records, "--as-of", "2026-12-01",
                  policies=in_force)[0]
    assert code == 4
    again = report(tmp_path / "again", capsys, archive, JANE, records, "--as-of", "2026-12-01",
                   "--allow-failed", policies=in_force)
    assert again[0] == 0 and again[1]["9123"]["status"] == "overdue"  # a failed attempt is no sign-off


def test_the_cli_documents_every_exit_status():
    from quiz.tools import cli
    for status in range(5):
        assert re.search(rf"^  {status}  ", cli.__doc__, re.M)
    assert os.path.basename(cli.__file__) == "cli.py"
