"""The audit package gives identical results under MicroPython (the browser's runtime).

One MicroPython run computes draws, record errors and memo Markdown; CPython computes the
same and the two must match exactly (the draw a page makes must be the draw the CLI makes).
"""
import json
import os

import pytest

import audit
from audit.tools import site_data as site_build
from tests.mpy import run_micropython
from tests.test_audit import BAD_RECORDS as ALL_BAD_RECORDS

# Every bad record but the 2 MB one (a length check; shipping it to Node costs seconds).
BAD_RECORDS = [case for case in ALL_BAD_RECORDS if case[0] != "too big"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "tests", "data", "audit", "work-phone-record.csv")
BAD = ("Phone,Serial,Member,Unit\n510-555-0100,,A,x\n510-555-0100,S1,,y\n"
       "510 555 0101,s1,B\n(510) 555-0102,S9,C,z\n")
SEEDS = ["demo-2026-Q4", "0123456789abcdef0123456789abcdef", "a", "repeat-3", "Z.z_9-"]

# Prints one JSON line per result so CPython can compare them value by value.
SCRIPT = """
import json
import audit
data = open("record.csv", "rb").read()
record = audit.read_record(data, "work-phone-record.csv")
policy = json.load(open("policy.json"))
for seed in json.loads(open("seeds.json").read()):
    for count in (4, 7):
        selection = audit.select(record, seed, "2026-11-29", count, policy["roles"]["selection"])
        print(json.dumps({"seed": seed, "count": count, "selection": selection,
                          "markdown": audit.to_markdown(audit.selection_memo(selection, policy))}))
generator = audit.Generator("abc")
print(json.dumps({"numbers": [generator.randint(1, 3 * 2 ** 30) for _ in range(50)]}))
try:
    audit.read_record(open("bad.csv", "rb").read(), "bad.csv")
except audit.RecordError as exc:
    print(json.dumps({"errors": exc.errors}))
import binascii
for name, data in json.loads(open("bad_records.json").read()):
    try:
        audit.read_record(binascii.unhexlify(data), name)
        print(json.dumps({name: "valid"}))
    except audit.RecordError as exc:
        print(json.dumps({name: exc.errors}))
inspection = audit.check_inspection(json.loads(open("inspection.json").read()), "2026-11-29")
print(json.dumps({"inspection": audit.to_html(audit.inspection_memo(inspection, policy))}))
"""
INSPECTION = {"inspector": "Lt. C. Example", "member": "D. Example", "device": "S1",
              "date": "2026-11-01", "reason": "Reason.", "outcome": "Outcome <b>", "memo_date": ""}


@pytest.fixture(scope="module")
def both():
    """(MicroPython lines, CPython lines) of SCRIPT's results."""
    policy = site_build.load_policy()
    with open(SAMPLE, encoding="utf-8") as handle:
        sample = handle.read()
    files = {"record.csv": sample, "bad.csv": BAD, "policy.json": json.dumps(policy),
             "seeds.json": json.dumps(SEEDS), "inspection.json": json.dumps(INSPECTION),
             "bad_records.json": json.dumps([(n, d.hex()) for n, d, _ in BAD_RECORDS])}
    micro = [json.loads(line) for line in
             run_micropython(SCRIPT, packages=("audit",), files=files).splitlines()]
    return micro, cpython_lines(sample, policy)


def cpython_lines(sample, policy):
    record = audit.read_record(sample.encode(), "work-phone-record.csv")
    lines = []
    for seed in SEEDS:
        for count in (4, 7):
            selection = audit.select(record, seed, "2026-11-29", count, policy["roles"]["selection"])
            lines.append({"seed": seed, "count": count, "selection": selection,
                          "markdown": audit.to_markdown(audit.selection_memo(selection, policy))})
    generator = audit.Generator("abc")
    lines.append({"numbers": [generator.randint(1, 3 * 2 ** 30) for _ in range(50)]})
    lines.append({"errors": pytest.raises(audit.RecordError, audit.read_record, BAD.encode(),
                                          "bad.csv").value.errors})
    for name, data, _ in BAD_RECORDS:
        lines.append({name: pytest.raises(audit.RecordError, audit.read_record, data,
                                          name).value.errors})
    inspection = audit.check_inspection(INSPECTION, "2026-11-29")
    lines.append({"inspection": audit.to_html(audit.inspection_memo(inspection, policy))})
    return json.loads(json.dumps(lines))      # tuples -> lists, as MicroPython's JSON has them


def test_draws_and_memos_are_identical_under_micropython(both):
    micro, cpython = both
    assert len(micro) == len(cpython) == len(SEEDS) * 2 + 3 + len(BAD_RECORDS)
    for got, expected in zip(micro[:len(SEEDS) * 2], cpython):
        assert got["selection"] == expected["selection"], got["seed"]
        assert got["markdown"] == expected["markdown"], got["seed"]


def test_generator_record_errors_and_inspection_memo_are_identical_under_micropython(both):
    micro, cpython = both
    tail = len(SEEDS) * 2
    assert micro[tail:] == cpython[tail:]
    assert micro[tail + 1]["errors"][0].startswith("line 2: the device serial or identifying "
                                                   "number is blank")


# Records that take the reader's and checker's less common paths (issue 12): Unicode spaces
# and letters (CPython's str methods treat them, MicroPython's do not), a NUL inside a value
# (a column cannot be worked out at once), quoted fields over lines, lone CRs, one odd phone
# among many, a header of Unicode look-alikes.
HOSTILE_RECORDS = [
    ("unicode spaces", "Phone,Serial,Member\n510-555-0100,\u00df1,\u00a0\n510-555-0101,SS1,\u2003B\n"),
    ("nul and mixes", "Phone,Serial,Member,U\n510\x00555,S1,A,x\n510-555-0101,s 1,B\n"
                      "(510) 555-0101,S2,,y\n+1 510 555 0100,S3,C,z\n"),
    ("quotes and crs", 'Phone,Serial,Member\r\n510-555-0100,"S\r\n1","A, \r""B"""\r\n'
                       "510-555-0101,S2,C\rx\r\n"),
    ("one odd phone", "Phone,Serial,Member\n" + "".join(f"510-555-{i:04d},S{i},M{i}\n" for i in range(999))
                      + "510-555-x,S999,M\n"),
    ("look-alike header", "Phone,Seria\u217c,Member,\u212a\n510-555-0100,S1,A,x\n"),
]
HOSTILE_SCRIPT = """
import json
import audit
for name, text in json.loads(open("hostile.json").read()):
    try:
        record = audit.read_record(text.encode(), name)
        print(json.dumps({name: [[r["row"], r["line"], r["phone"], r["serial"], r["member"]]
                                 for r in record.rows]}))
    except audit.RecordError as exc:
        print(json.dumps({name: exc.errors}))
for seed in ("abc\\u00a0", " abc ", "\\u2003abc"):
    try:
        print(json.dumps({"seed": audit.check_seed(seed)}))
    except audit.SeedError as exc:
        print(json.dumps({"seed error": str(exc)}))
"""


def hostile_lines_in_cpython():
    lines = []
    for name, text in HOSTILE_RECORDS:
        try:
            record = audit.read_record(text.encode(), name)
            lines.append({name: [[r["row"], r["line"], r["phone"], r["serial"], r["member"]]
                                 for r in record.rows]})
        except audit.RecordError as exc:
            lines.append({name: exc.errors})
    for seed in ("abc\u00a0", " abc ", "\u2003abc"):
        try:
            lines.append({"seed": audit.check_seed(seed)})
        except audit.SeedError as exc:
            lines.append({"seed error": str(exc)})
    return lines


def test_hostile_records_read_alike_under_micropython():
    micro = [json.loads(line) for line in run_micropython(
        HOSTILE_SCRIPT, packages=("audit",),
        files={"hostile.json": json.dumps(HOSTILE_RECORDS)}).splitlines()]
    cpython = hostile_lines_in_cpython()
    assert micro == cpython
    assert cpython[0]["unicode spaces"][0][4] == "\u00a0"      # not blank: only ASCII spaces are
