"""The audit kit (audit/): the work phone record, the footnote 2 draw, the memos, the CLI.

The sample record tests/data/audit/work-phone-record.csv is made up (555-01xx numbers,
invented names); docs/audit/work-phone-record-example.csv is the same file for the page.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

import audit
from audit.tools import cli
from audit.tools import site_data as site_build
from audit.prng import Generator
from model.tools.orders import SourceError, load_orders, plain_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "tests", "data", "audit", "work-phone-record.csv")
HEADER = b"Phone number,Serial number,Member assigned\n"


def sample_bytes():
    with open(SAMPLE, "rb") as handle:
        return handle.read()


def make_record(rows, header=HEADER):
    """A record of `rows` made-up phones."""
    lines = [f"510-555-{1000 + i},SN{i:04d},Member {i}\n".encode() for i in range(1, rows + 1)]
    return audit.read_record(header + b"".join(lines), "made-up.csv")


POLICY = site_build.load_policy()
RULE = POLICY["roles"]["selection"]   # D-2's minimum, with the words that set it


@pytest.fixture(scope="module")
def policy():
    return POLICY


@pytest.fixture(scope="module")
def order():
    return [o for o in load_orders(os.path.join(ROOT, "policies")) if o.slug == "dgo-i-19"][0]


# --- the public API ---

def test_public_api_is_importable():
    for name in audit.__all__:
        assert hasattr(audit, name), name


# --- footnote 2: range, matching, redraws, count ---

def test_numbers_stay_between_1_and_the_number_of_rows_and_reach_every_row():
    generator = Generator("range-check")
    numbers = [generator.randint(1, 7) for _ in range(2000)]
    assert set(numbers) == set(range(1, 8))


def test_each_number_drawn_selects_that_row_of_the_record():
    record = make_record(30)
    selection = audit.select(record, "match", "2026-11-29", None, RULE)
    for phone in selection["selected"]:
        row = record.rows[phone["row"] - 1]
        assert (phone["serial"], phone["member"]) == (row["serial"], row["member"])
        assert selection["numbers_drawn"][phone["draw"] - 1] == phone["row"]


def test_repeated_numbers_are_recorded_and_more_are_drawn_until_four_distinct():
    record = make_record(5)     # 4 of 5 rows: a repeat is almost certain
    seeds = [f"repeat-{i}" for i in range(50)]
    selections = [audit.select(record, s, "2026-11-29", None, RULE) for s in seeds]
    with_repeats = [s for s in selections if len(s["numbers_drawn"]) > 4]
    assert with_repeats, "no seed among 50 produced a repeat"
    for selection in selections:
        drawn = selection["numbers_drawn"]
        distinct = []
        for n in drawn:
            if n not in distinct:
                distinct.append(n)
        assert [p["row"] for p in selection["selected"]] == distinct
        assert len(distinct) == 4 and drawn[-1] not in drawn[:-1]   # stops at the 4th new row
        assert all(1 <= n <= 5 for n in drawn)


def test_repeats_are_spelled_out_in_the_memo(policy):
    record = make_record(5)
    selection = next(s for s in (audit.select(record, f"repeat-{i}", "2026-11-29", None, RULE)
                                 for i in range(50)) if len(s["numbers_drawn"]) > 4)
    markdown = audit.to_markdown(audit.selection_memo(selection, policy))
    assert "repeat: row already selected, so another number was drawn" in markdown
    assert ", ".join(str(n) for n in selection["numbers_drawn"]) in markdown


@pytest.mark.parametrize("count", [4, 5, 9])
def test_the_requested_count_is_selected(count):
    selection = audit.select(make_record(40), "count", "2026-11-29", count, RULE)
    assert len(selection["selected"]) == count == selection["count_requested"]


def test_default_count_is_four():
    assert len(audit.select(make_record(40), "default", "2026-11-29", None, RULE)["selected"]) == 4


@pytest.mark.parametrize("count, message", [
    (3, "the number of phones must be at least 4 (D-2: \"no less than four (4) randomly "
        "selected work cell phones\"); asked for 3"),
    ("0", "must be at least 4"),
    ("-2", "must be at least 4"),
    ("four", "the number of phones \"four\" is not a whole number"),
    ("4.5", "is not a whole number"),
    (1001, "the number of phones must be at most 1000"),
])
def test_counts_below_four_or_not_numbers_are_refused(count, message):
    with pytest.raises(audit.SelectionError) as caught:
        audit.select(make_record(40), "x", "2026-11-29", count, RULE)
    assert message in str(caught.value)


@pytest.mark.parametrize("rows, count", [(3, 4), (4, 4), (5, 6)])
def test_a_record_with_no_more_rows_than_requested_selects_all_and_says_so(rows, count, policy):
    selection = audit.select(make_record(rows), "small", "2026-11-29", count, RULE)
    assert selection["all_selected"] and selection["numbers_drawn"] == []
    assert [p["row"] for p in selection["selected"]] == list(range(1, rows + 1))
    markdown = audit.to_markdown(audit.selection_memo(selection, policy))
    assert f"the record has {rows} rows, so every phone in the record is selected" in markdown


# --- the generator: documented, reproducible, unbiased ---

def reference_numbers(seed, low, high, count):
    """The algorithm as documented in audit/prng.py, written independently."""
    key = hashlib.sha256(("policy-desk/audit/v1:" + seed).encode()).digest()
    words, counter, numbers = [], 0, []
    span = high - low + 1
    while len(numbers) < count:
        if not words:
            block = hashlib.sha256(key + counter.to_bytes(8, "big")).digest()
            words = [int.from_bytes(block[i:i + 4], "big") for i in range(0, 32, 4)]
            counter += 1
        word = words.pop(0)
        if word < 2**32 - 2**32 % span:
            numbers.append(low + word % span)
    return numbers


@pytest.mark.parametrize("seed, high", [("abc", 7), ("0123456789abcdef0123456789abcdef", 24),
                                        ("2026-Q4", 1000), ("x", 3 * 2**30)])
def test_the_generator_follows_its_documented_algorithm(seed, high):
    generator = Generator(seed)
    assert [generator.randint(1, high) for _ in range(40)] == reference_numbers(seed, 1, high, 40)


def test_known_answer_pins_the_generator_across_versions():
    generator = Generator("abc")
    assert [generator.randint(1, 7) for _ in range(20)] == \
        [2, 4, 6, 4, 4, 5, 6, 4, 7, 2, 1, 1, 1, 4, 6, 7, 6, 3, 7, 1]


def test_words_at_or_above_the_last_full_multiple_are_rejected():
    generator = Generator("reject")
    scripted = [2**32 - 1, 3 * 2**30, 5]       # span 3 * 2**30: both first words are too big
    generator._next_word = lambda: scripted.pop(0)
    assert generator.randint(1, 3 * 2**30) == 6


def test_the_same_seed_reproduces_the_draw_and_other_seeds_differ():
    record = make_record(200)
    first = audit.select(record, "q4-2026", "2026-11-29", None, RULE)
    assert audit.select(record, "q4-2026", "2026-11-29", None, RULE) == first
    others = {tuple(audit.select(record, f"other-{i}", "2026-11-29", None, RULE)["numbers_drawn"])
              for i in range(5)}
    assert tuple(first["numbers_drawn"]) not in others and len(others) == 5


def test_default_seeds_come_from_the_injected_cryptographic_source():
    assert audit.new_seed(lambda n: bytes(range(n))) == "000102030405060708090a0b0c0d0e0f"
    with pytest.raises(ValueError):
        audit.new_seed(lambda n: b"short")


@pytest.mark.parametrize("seed, message", [
    ("", "the seed is empty"),
    ("   ", "the seed is empty"),
    ("a" * 65, "the seed is 65 characters long; at most 64"),
    ("q4 2026", "the seed contains \" \""),
    ("é", "the seed contains \"é\""),
])
def test_bad_seeds_are_refused(seed, message):
    with pytest.raises(audit.SeedError) as caught:
        audit.check_seed(seed)
    assert message in str(caught.value)


def test_the_selection_records_everything_needed_to_audit_it():
    record = audit.read_record(sample_bytes(), "work-phone-record.csv")
    selection = audit.select(record, "demo-2026-Q4", "2026-11-29", None, RULE)
    assert selection["record"] == {"name": "work-phone-record.csv", "rows": 24,
                                   "sha256": hashlib.sha256(sample_bytes()).hexdigest()}
    assert selection["seed"] == "demo-2026-Q4" and selection["date"] == "2026-11-29"
    assert selection["generator"] == "sha256-ctr-v1"
    assert selection["numbers_drawn"] == [7, 4, 1, 12]
    assert [p["serial"] for p in selection["selected"]] == \
        ["OPD-07259-H", "OPD-07148-E", "OPD-07037-B", "OPD-07444-M"]


# --- the work phone record (D-4) ---

def test_the_sample_record_is_valid_and_read_in_file_order():
    record = audit.read_record(sample_bytes(), "work-phone-record.csv")
    assert len(record) == 24 and record.rows[0]["row"] == 1 and record.rows[0]["line"] == 2
    assert record.rows[0]["member"] == "Chen, Avery #8003"
    assert record.rows[6]["phone"] == ""                       # D-4: "if applicable"
    assert record.rows[0]["extra"] == [("Unit", "Criminal Investigation Division")]


def test_the_docs_example_is_the_sample_record():
    with open(os.path.join(ROOT, "docs", "audit", "work-phone-record-example.csv"), "rb") as handle:
        assert handle.read() == sample_bytes()


@pytest.mark.parametrize("header, fields", [
    (b"PHONE,serial_no.,Assigned To", ("phone", "serial", "member")),
    (b"Phone #,Device-ID,member name", ("phone", "serial", "member")),
    (b"Member,IMEI,Serial,Number", ("member", "imei", "serial", "phone")),
])
def test_header_names_match_case_insensitively_with_aliases(header, fields):
    data = header + b"\n" + ",".join({"phone": "510-555-0100", "serial": "S1", "imei": "I1",
                                      "member": "M1"}[f] for f in fields).encode() + b"\n"
    row = audit.read_record(data).rows[0]
    assert (row["phone"], row["serial"], row["member"]) == ("510-555-0100", "S1", "M1")


def test_quoted_fields_commas_quotes_newlines_bom_and_line_ends():
    data = (b'\xef\xbb\xbfPhone,Serial,Member,Notes\r\n'
            b'510-555-0100,S1,"Doe, Jane","said ""hi""\nnext line"\r\n'
            b'\r\n'
            b'510-555-0101,S2,Roe,\r')
    record = audit.read_record(data)
    assert [r["line"] for r in record.rows] == [2, 5]
    assert record.rows[0]["member"] == "Doe, Jane"
    assert record.rows[0]["extra"] == [("Notes", 'said "hi"\nnext line')]
    assert record.skipped_lines == [4]


# Each kind of bad record and the message it gets (line numbers count the header as line 1).
BAD_RECORDS = [
    ("empty file", b"", ["line 1: the file is empty; it needs a header line naming the columns "
                         "and one line per work cell phone"]),
    ("blank lines only", b"\n \n,,\n", ["line 1: the file is empty"]),
    ("header only", HEADER, ["line 1: the record has a header but no phones"]),
    ("missing serial column", b"Phone,Member\n510-555-0100,A\n",
     ["line 1: no column for the device serial or identifying number; name one \"Device serial "
      "number\" (also accepted: serial number, serial,"]),
    ("missing two columns", b"Serial\nS1\n",
     ["line 1: no column for the phone number", "line 1: no column for the assigned member"]),
    ("semicolons", b"Phone;Serial;Member\n1;2;3\n",
     ["line 1: the columns are separated by semicolons or tabs, not commas; save the file as "
      "comma-separated values (CSV UTF-8)"]),
    ("repeated column", b"Phone,Serial,Member,serial\n510-555-0100,S1,A,S1\n",
     ["line 1: column 4 (\"serial\") repeats column 2 (\"Serial\"); each column name must be unique"]),
    ("blank serial", HEADER + b"510-555-0100,,A\n",
     ["line 2: the device serial or identifying number is blank; every phone in the record needs one"]),
    ("blank member", HEADER + b"510-555-0100,S1,\n",
     ["line 2: the assigned member is blank; name the member assigned the device"]),
    ("duplicate serial", HEADER + b"510-555-0100,ab 12,A\n510-555-0101,AB12,B\n",
     ["line 3: device serial or identifying number \"AB12\" is also on line 2; each phone and "
      "device must appear once in the record"]),
    ("duplicate phone", HEADER + b"(510) 555-0100,S1,A\n+1 510 555 0100,S2,B\n",
     ["line 3: phone number \"+1 510 555 0100\" is also on line 2"]),
    ("not a phone number", HEADER + b"ext. 12,S1,A\n",
     ["line 2: \"ext. 12\" is not a phone number; use digits"]),
    ("too many fields", HEADER + b"510-555-0100,S1,Doe, Jane\n",
     ["line 2: 4 fields, but the header on line 1 has 3; every line needs one value per column "
      "(check for an unquoted comma in a value)"]),
    ("too few fields", HEADER + b"510-555-0100,S1\n", ["line 2: 2 fields, but the header"]),
    ("unclosed quote", HEADER + b'510-555-0100,S1,"Doe\n510-555-0101,S2,B\n',
     ["line 2: a quoted field that starts on this line is never closed (missing \")"]),
    ("text after a closing quote", HEADER + b'510-555-0100,"S1"x,A\n',
     ["line 2: text after the closing quote of a field"]),
    ("stray quote", HEADER + b'510-555-0100,S"1,A\n',
     ["line 2: a double quote (\") inside a field that does not start with one"]),
    ("too big", b"x" * 2000001, ["line 1: the file is 2000001 bytes; a work phone record is at "
                                 "most 2000000 bytes: is this the right file?"]),
    ("not UTF-8", HEADER + b"510-555-0100,S1,Mu\xf1oz\n",
     ["line 2: the text is not UTF-8; save the file as \"CSV UTF-8\""]),
]


@pytest.mark.parametrize("data, expected", [(d, e) for _, d, e in BAD_RECORDS],
                         ids=[name for name, _, _ in BAD_RECORDS])
def test_bad_records_get_line_numbered_messages(data, expected):
    with pytest.raises(audit.RecordError) as caught:
        audit.read_record(data, "bad.csv")
    assert len(caught.value.errors) == len(expected)
    for message, start in zip(caught.value.errors, expected):
        assert message.startswith(start)


def test_problems_are_all_listed_top_to_bottom_and_capped():
    rows = b"".join(b",,M%d\n" % i for i in range(80))      # 80 blank serials
    errors = pytest.raises(audit.RecordError, audit.read_record, HEADER + rows).value.errors
    assert len(errors) == 51 and errors[-1] == "… and 30 more problems; fix these first"
    assert [int(e.split(":")[0][5:]) for e in errors[:-1]] == list(range(2, 52))


# --- the memos ---

def test_selection_memo_quotes_d2_and_footnote_2_verbatim(policy, order):
    record = audit.read_record(sample_bytes(), "work-phone-record.csv")
    blocks = audit.selection_memo(audit.select(record, "demo-2026-Q4", "2026-11-29", None, RULE), policy)
    quotes = [b for b in blocks if b[0] == "quote"]
    d2 = [s for p in order.source["parts"] for s in p["sections"] if s["id"] == "D-2"][0]
    note = [n for n in order.source["footnotes"] if n["id"] == 2][0]
    assert quotes[0][1] == [plain_text(d2["body"][0])]
    assert quotes[1][1] == [plain_text(note["text"])]
    assert quotes[1][1][0].startswith("Random selection shall be accomplished by using a random "
                                      "number generator, with a minimum of 1")


def test_selection_memo_has_what_the_iad_commander_needs(policy):
    record = audit.read_record(sample_bytes(), "work-phone-record.csv")
    markdown = audit.to_markdown(audit.selection_memo(
        audit.select(record, "demo-2026-Q4", "2026-11-29", None, RULE), policy))
    for text in ("**To:** IAD Commander", "**Date:** 2026-11-29", "2026 Q4",
                 "| 1 | 7 | 8 | (none) | OPD-07259-H | Patel, Jamie #8021 |",
                 "Numbers drawn, in order: 7, 4, 1, 12.", "**Seed:** demo-2026-Q4",
                 hashlib.sha256(sample_bytes()).hexdigest(),
                 "python -m audit select work-phone-record.csv --count 4 --seed demo-2026-Q4 "
                 "--date 2026-11-29", "## Inspection results"):
        assert text in markdown, text


def test_memo_html_escapes_what_the_record_says(policy):
    data = HEADER + b'510-555-0100,S1,"<script>alert(1)</script> & *Smith_Jr*"\n' + \
        b"".join(b"510-555-02%02d,T%d,M\n" % (i, i) for i in range(5))
    blocks = audit.selection_memo(audit.select(audit.read_record(data), "s", "2026-11-29", 6, RULE), policy)
    html = audit.html_document(blocks, "memo")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *Smith_Jr*" in html
    assert "\\*Smith\\_Jr\\*" in audit.to_markdown(blocks)
    assert html.startswith("<!DOCTYPE html>") and "@media print" in html and "http" not in html


INSPECTION = {"inspector": "Sgt. A. Example #1234", "member": "Officer B. Example #5678",
              "device": "OPD-07259-H", "date": "2026-11-20", "reason": "Reported lost, then found.",
              "outcome": "No violation found.", "memo_date": "2026-11-21"}


def test_inspection_memo_goes_to_the_captain_with_every_fact_and_d1_verbatim(policy, order):
    inspection = audit.check_inspection(INSPECTION, "2026-11-29")
    blocks = audit.inspection_memo(inspection, policy)
    markdown = audit.to_markdown(blocks)
    for text in ("**To:** Captain of Internal Affairs", "**From:** Sgt. A. Example #1234",
                 "**Member assigned the device:** Officer B. Example #5678",
                 "**Device:** OPD-07259-H", "**Date of the inspection:** 2026-11-20",
                 "Reported lost, then found.", "No violation found.", "**Date:** 2026-11-21"):
        assert text in markdown, text
    d1 = [s for p in order.source["parts"] for s in p["sections"] if s["id"] == "D-1"][0]
    assert [b for b in blocks if b[0] == "quote"][0][1] == [plain_text(t) for t in d1["body"]]


def test_a_planned_audit_needs_no_memo(policy):
    assert audit.check_inspection({"planned": True}) == {"planned": True}
    markdown = audit.to_markdown(audit.planned_notice(policy))
    assert "so none is required for this one" in markdown
    assert "outside of planned/ordered audits or investigations shall be documented" in markdown


@pytest.mark.parametrize("change, field, message", [
    ({"inspector": "  "}, "inspector", "the inspecting supervisor or commander is required"),
    ({"reason": ""}, "reason", "the reason or grounds for the inspection is required"),
    ({"outcome": "x" * 4001}, "outcome", "the outcome of the inspection is 4001 characters long; at most 4000"),
    ({"date": "11/20/2026"}, "date", "the date of the inspection \"11/20/2026\" is not a date "
                                     "written YYYY-MM-DD (e.g. 2026-01-31)"),
    ({"date": "2026-02-29"}, "date", "the date of the inspection \"2026-02-29\" does not exist in the calendar"),
    ({"date": "2026-12-01"}, "date", "the date of the inspection 2026-12-01 is in the future (today is 2026-11-29)"),
    ({"memo_date": "2026-11-19"}, "memo_date", "the memo date is before the date of the inspection"),
])
def test_inspection_facts_are_checked_with_clear_messages(change, field, message):
    with pytest.raises(audit.InspectionError) as caught:
        audit.check_inspection(dict(INSPECTION, **change), "2026-11-29")
    assert caught.value.errors == [(field, message)]


def test_dates_and_quarters():
    assert audit.check_date("2024-02-29") == "2024-02-29"
    with pytest.raises(audit.DateError):
        audit.check_date("1900-02-29")
    assert [audit.quarter(d) for d in ("2026-01-01", "2026-03-31", "2026-04-01", "2026-12-31")] == \
        ["2026 Q1", "2026 Q1", "2026 Q2", "2026 Q4"]


# --- site data ---

def test_site_data_names_the_sections_the_kit_rests_on(order):
    files = site_build.site_files([order])
    data = json.loads(files["data/audit/dgo-i-19.json"])
    assert {role: data[role]["section"] for role in ("inspection", "selection", "record")} == \
        {"inspection": "D-1", "selection": "D-2", "record": "D-4"}
    assert data["selection"]["minimum"] == 4
    # the memos take footnote 2 from the order model, which knows the section marking it
    assert order.data["footnotes"]["2"]["section"] == "D-2"


@pytest.mark.parametrize("find, replace, field, message", [
    ("section: D-1", "section: D-9", "inspection.section", "cites section D-9, which the order does not have"),
    ("quote: no less than four (4) randomly selected work cell phones", "quote: at least four phones",
     "selection.quote", "quote is not verbatim from D-2"),
    ("minimum: 4", "minimum: four", "selection.minimum", "must be a whole number"),
    ("section: D-2", "section: D-1", "selection.section", "D-1 marks no footnote"),
    ("record:", "recrod:", "recrod", "unknown key 'recrod'"),
])
def test_the_build_fails_on_bad_audit_settings(tmp_path, order, find, replace, field, message):
    with open(site_build.audit_path(order), encoding="utf-8") as handle:
        text = handle.read()
    assert find in text
    copy = load_orders_copy(tmp_path, text.replace(find, replace, 1))
    with pytest.raises(SourceError) as caught:
        site_build.audit_data(copy)
    assert any(f"dgo-i-19.audit.yaml:" in e and f": {field}: " in e and message in e
               for e in caught.value.errors), caught.value.errors


def load_orders_copy(folder, audit_text):
    """The real order, loaded from a copy of policies/ whose audit settings are audit_text."""
    shutil.copy(os.path.join(ROOT, "policies", "dgo-i-19.yaml"), folder)
    (folder / "dgo-i-19.audit.yaml").write_text(audit_text, encoding="utf-8")
    return load_orders(str(folder))[0]


# --- the command line ---

def run_cli(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_validate(capsys):
    code, out, _ = run_cli(capsys, "validate", SAMPLE)
    assert code == 0 and "a valid work phone record: 24 phones, SHA-256 " in out


def test_cli_select_json_and_memo_files(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "select", SAMPLE, "--seed", "demo-2026-Q4", "--date",
                           "2026-11-29", "--json", "--out", str(tmp_path / "memo.html"))
    assert code == 0
    assert json.loads(out)["numbers_drawn"] == [7, 4, 1, 12]
    assert "Patel, Jamie #8021" in (tmp_path / "memo.html").read_text()
    code, out, _ = run_cli(capsys, "select", SAMPLE, "--date", "2026-11-29", "--json")
    seed = json.loads(out)["seed"]
    assert len(seed) == 32 and all(c in "0123456789abcdef" for c in seed)


def test_cli_memo(capsys, tmp_path):
    args = [f"--{k.replace('_', '-')}={v}" for k, v in INSPECTION.items()]
    code, out, _ = run_cli(capsys, "memo", *args)
    assert code == 0 and "**To:** Captain of Internal Affairs" in out
    code, out, _ = run_cli(capsys, "memo", "--planned")
    assert code == 0 and "No memorandum needed" in out


@pytest.mark.parametrize("args, message", [
    (["validate", "nope.csv"], "python -m audit: nope.csv: no such file"),
    (["validate", "tests"], "python -m audit: tests: is a folder, not a work phone record (CSV)"),
    (["select", SAMPLE, "--count", "3"], "python -m audit: the number of phones must be at least 4"),
    (["select", SAMPLE, "--seed", "a b"], "python -m audit: the seed contains \" \""),
    (["select", SAMPLE, "--date", "2026-13-01"], "python -m audit: --date \"2026-13-01\" does not exist"),
    (["select", SAMPLE, "--out", "memo.pdf"], "python -m audit: --out memo.pdf: name the memo file .md"),
    (["memo", "--member", "X"], "  --inspector: the inspecting supervisor or commander is required"),
])
def test_cli_refuses_bad_input_with_exit_2(capsys, args, message):
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_cli_lists_a_bad_records_problems(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(HEADER + b"510-555-0100,,A\n")
    code, _, err = run_cli(capsys, "validate", str(bad))
    assert code == 2 and "line 2: the device serial or identifying number is blank" in err


def test_python_dash_m_audit_runs_without_traceback():
    done = subprocess.run([sys.executable, "-m", "audit", "select", "missing.csv"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr == "python -m audit: missing.csv: no such file\n"
