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
