"""Re-sign-off scoped to a change, end to end on the command line (python -m quiz), with the
fixture history of DGO I-19 (tests/version_fixture.py): a record signed on the draft still
verifies after the order is signed; after the text changes it is outdated and the report
says per member which version they signed and what is due now; the short "changes" attempt
is drawn from the questions on changed sections, says so in its record, and verify checks it.
E-1's 90 days count from the effective date; a draft has no due dates."""
import csv
import json

import pytest

from model.tools.orders import load_orders
from quiz import changes
from quiz.tools.archive import archive_bank
from quiz.tools.bank import load_banks
from quiz.tools.cli import main
from test_quiz_helpers import (ROOT, current_bank, make_archive, make_record, reseal,
                               signed_policies)
from version_fixture import write_fixture

AS_OF = "2027-08-01"
NOW = "2027-08-01T12:00:00Z"      # the checking computer's clock: after every record made here
ARCHIVED_AT = "2027-01-04T00:00:00Z"  # version 1's bank, released when it was signed
JANE = {"name": "Jane Doe", "id": "9123", "unit": "Patrol Area 2"}
OMAR = {"name": "Omar Once", "id": "9200", "unit": "Traffic"}
V1_TIMES = dict(start="2027-03-01T09:00:00Z", finish="2027-03-01T09:10:00Z", sign_at="2027-03-01T09:11:00Z")
V2_TIMES = dict(start="2027-07-10T09:00:00Z", finish="2027-07-10T09:05:00Z", sign_at="2027-07-10T09:06:00Z")
ROSTER = """id,name,unit,appointed,academy
9123,Jane Doe,Patrol Area 2,2026-05-01,no
9200,Omar Once,Traffic,2026-05-01,no
9300,Nora New,Records,2026-06-01,no
9400,Lee Later,Patrol Area 1,2027-07-15,no
9500,Ada Academy,Patrol Area 3,2026-06-01,yes
"""


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    """The fixture's folders, version 1's bank archived (as `python -m quiz archive` does
    before the revision is published), and the banks of both versions."""
    root = tmp_path_factory.mktemp("resign")
    paths = write_fixture(root)
    v1 = load_banks(load_orders(paths["v1_policies"]))["dgo-i-19"]
    v2 = load_banks(load_orders(paths["policies"]), paths["banks"])["dgo-i-19"]
    paths["archive"] = str(root / "archive")
    archive_bank(v1, paths["archive"], ARCHIVED_AT)
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return dict(paths, v1=v1, v2=v2, roster=str(root / "roster.csv"))


def options(fixture):
    return ["--policies", fixture["policies"], "--banks", fixture["banks"], "--archive", fixture["archive"],
            "--now", NOW]


def save(folder, name, record):
    path = folder / name
    path.write_text(json.dumps(record), encoding="utf-8")
    return str(path)


def test_a_record_on_the_draft_still_verifies_once_the_order_is_signed(tmp_path, capsys):
    record = make_record(current_bank(), member=JANE)          # signed on the draft
    assert record["scope"] == {"kind": "full"}
    signed = signed_policies(tmp_path / "signed", "2027-01-04")  # metadata only: same text
    archive = make_archive(tmp_path / "archive")   # banks archived before the record's date
    code = main(["verify", "--policies", signed, "--archive", archive, "--now", NOW,
                 save(tmp_path, "jane.json", record)])
    out = capsys.readouterr().out
    assert code == 0 and "ACCEPTED" in out and "(full sign-off)" in out and "OUTDATED" not in out


def test_the_bank_offers_changes_since_version_one(fixture):
    v1, v2 = fixture["v1"], fixture["v2"]
    assert "versions" not in v1 and "versions" not in current_bank()  # no history: bank unchanged
    assert v2["versions"] == {"number": 2, "earlier": [
        {"id": v1["order"]["version"], "number": 1, "changed": ["A-4", "D-2", "D-4", "D-7"]}]}
    scope = changes.scope_for(v2, v1["order"]["version"])
    assert scope["kind"] == "changes" and changes.scope_for(v2, "0123456789ab") is None
    assert changes.changes_size(v2, scope["sections"]) == 5


def test_changes_attempt_draws_only_changed_sections_and_verifies(fixture, tmp_path, capsys):
    v1_id = fixture["v1"]["order"]["version"]
    record = make_record(fixture["v2"], member=JANE, since=v1_id, **V2_TIMES)
    assert record["scope"] == {"kind": "changes", "since": v1_id, "sections": ["A-4", "D-2", "D-4", "D-7"]}
    assert len(record["questions"]) == 5 and record["result"] == "passed"
    cited = [set(q["cites"]) for q in record["questions"]]
    assert all(c & {"A-4", "D-2", "D-4", "D-7"} for c in cited)
    assert {"A-4", "D-2", "D-4", "D-7"} <= set().union(*cited)  # each changed section asked
    code = main(["verify"] + options(fixture) + [save(tmp_path, "jane-v2.json", record)])
    out = capsys.readouterr().out
    assert code == 0 and f"(changes since {v1_id} (A-4, D-2, D-4, D-7) sign-off)" in out, out


def tampered(record, **edits):
    changed = json.loads(json.dumps(record))
    for key, value in edits.items():
        changed["scope"][key] = value
    return reseal(changed)


def test_verify_refuses_a_changes_record_the_bank_would_not_draw(fixture, tmp_path, capsys):
    v1_id = fixture["v1"]["order"]["version"]
    record = make_record(fixture["v2"], member=JANE, since=v1_id, **V2_TIMES)
    short = json.loads(json.dumps(record))
    short["questions"] = short["questions"][:4]
    cases = {
        "sections.json": (tampered(record, sections=["A-4"]), "not the ones changed since"),
        "since.json": (tampered(record, since="0123456789ab"), "does not offer"),
        "kind.json": (tampered(record, kind="partial"), "field scope must be an object"),
        "short.json": (reseal(short), "a changes attempt since this version has 5"),
    }
    for name, (data, reason) in cases.items():
        code = main(["verify"] + options(fixture) + [save(tmp_path, name, data)])
        out = capsys.readouterr().out
        assert code == 1 and "REJECTED" in out and reason in out, (name, out)


def report(fixture, tmp_path, records, capsys, argv=None):
    folder = tmp_path / "records"
    folder.mkdir(exist_ok=True)
    for name, record in records.items():
        save(folder, name, record)
    code = main(["report"] + (argv or options(fixture)) + ["--roster", fixture["roster"], "--records", str(folder),
                                     "--out", str(tmp_path / "out"), "--as-of", AS_OF])
    capsys.readouterr()
    with open(tmp_path / "out" / "status.csv", encoding="utf-8") as handle:
        return code, {row["member_id"]: row for row in csv.DictReader(handle)}, \
            (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_report_lists_version_signed_and_what_is_due_now(fixture, tmp_path, capsys):
    v1_id, v2_id = fixture["v1"]["order"]["version"], fixture["v2"]["order"]["version"]
    records = {
        "jane-v1.json": make_record(fixture["v1"], member=JANE, **V1_TIMES),
        "jane-v2.json": make_record(fixture["v2"], member=JANE, since=v1_id, **V2_TIMES),
        "omar-v1.json": make_record(fixture["v1"], member=OMAR, **V1_TIMES),
        # a changes sign-off by someone with no sign-off on version 1: not counted
        "nora-v2.json": make_record(fixture["v2"], member={"name": "Nora New", "id": "9300", "unit": "Records"},
                                    since=v1_id, **V2_TIMES),
    }
    code, rows, html = report(fixture, tmp_path, records, capsys)
    assert code == 0
    jane, omar, nora, lee, ada = (rows[i] for i in ("9123", "9200", "9300", "9400", "9500"))
    assert (jane["status"], jane["version_signed"]) == ("passed", f"version 2 ({v2_id})")
    assert jane["due_now"] == "nothing: signed the current version"
    # Omar signed version 1 only: the changes (or the full quiz) are due 90 days from 2027-07-01.
    assert (omar["status"], omar["version_signed"], omar["due"]) == ("outdated", f"version 1 ({v1_id})", "2027-09-29")
    assert omar["due_now"] == "sign version 2: the changes since version 1 (A-4, D-2, D-4, D-7) or the full quiz"
    assert "sign-off on version 2 due 2027-09-29 (59 days left)" in omar["notes"]
    # Nora was appointed before the order took effect: her 90 days ran from 2027-02-01.
    assert (nora["status"], nora["due"], nora["version_signed"]) == ("overdue", "2027-05-02", "")
    assert "with no sign-off on that version on record: not counted" in nora["notes"]
    assert nora["due_now"] == "sign version 2: the full quiz"
    assert (lee["status"], lee["due"]) == ("pending", "2027-10-13")  # appointed after: from appointment
    assert (ada["status"], ada["due"]) == ("academy", "")
    assert "Version signed" in html and "Due now" in html and f"version 1 ({v1_id})" in html
    assert "How due dates are counted" in html and "E-1 is silent on members appointed before" in html


def test_a_draft_has_no_due_dates(fixture, tmp_path, capsys):
    real = ["--policies", ROOT + "/policies", "--banks", ROOT + "/quiz/bank", "--archive", fixture["archive"],
            "--now", NOW]
    code, rows, html = report(fixture, tmp_path, {}, capsys, real)
    for member in ("9123", "9200", "9300", "9400"):
        assert (rows[member]["status"], rows[member]["due"]) == ("not_in_force", ""), rows[member]
        assert rows[member]["due_now"] == "nothing yet: the order is a draft, not in force"
    assert "Not yet due (order not in force)" in html
