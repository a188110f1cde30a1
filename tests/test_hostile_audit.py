"""Hostile and oversized input to the audit kit (issue 12): the command line and the engine.

Each case runs `python -m audit` in a subprocess with a wall-clock timeout and a memory cap
(RLIMIT_AS), and asserts the exit status, one clear message naming the limit or the line,
no traceback, nothing raw written to the terminal, and that a memo already on disk is never
destroyed by a refused run. The page's side is tests/test_hostile_audit_page.py. Every case
id is listed, with what it tried and how it fared before this suite, in
tests/cases/hostile_inputs.yaml.
"""
import os
import re
import resource
import subprocess
import sys
import time

import pytest

import audit
from audit.record import MAX_BYTES, MAX_COLUMNS, MAX_LINES, MAX_PHONES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "tests", "data", "audit", "work-phone-record.csv")
HEADER = "Phone Number,Device Serial Number,Assigned Member,Unit\n"
MEMORY_CAP = 1 << 30          # 1 GiB of address space: a runaway read dies, not the machine
SECONDS = 30                  # generous: the machine is shared; a freeze is minutes


def cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_audit(*args):
    """(exit status, stdout, stderr, seconds) of `python -m audit ARGS`, bounded."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "audit", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=cap_memory)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def assert_refused(status, out, err, message):
    assert status == 2, (status, err)
    assert message in err, err
    assert "Traceback" not in err + out
    assert "\x1b" not in err + out and "\r" not in err


def phones(count, name=lambda i: f'"Member{i}, Name #{8000 + i}"'):
    rows = [f"(510) 555-{i // 10000}{i % 10000:04d},OPD-{i:06d},{name(i)},Unit {i % 7}\n"
            for i in range(count)]
    return HEADER + "".join(rows)


def write(path, text_or_bytes):
    data = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    path.write_bytes(data)
    return path


# --- files that are not files ---

def test_audit_cli_dev_zero_symlink(tmp_path):
    link = tmp_path / "record.csv"
    link.symlink_to("/dev/zero")
    status, out, err, seconds = run_audit("validate", link)
    assert_refused(status, out, err, "is not a regular file (a device, pipe or socket)")
    assert seconds < SECONDS


def test_audit_cli_fifo(tmp_path):
    fifo = tmp_path / "record.csv"
    os.mkfifo(fifo)              # nobody ever writes: opening it would wait forever
    status, out, err, _ = run_audit("select", fifo, "--seed", "s")
    assert_refused(status, out, err, "is not a regular file")


def test_audit_cli_folder(tmp_path):
    status, out, err, _ = run_audit("validate", tmp_path)
    assert_refused(status, out, err, "is a folder, not a work phone record")


def test_audit_cli_sparse_huge_file(tmp_path):
    huge = tmp_path / "record.csv"
    with open(huge, "wb") as handle:
        handle.truncate(50 * MAX_BYTES)     # 100 MB on paper, nothing on disk
    status, out, err, _ = run_audit("validate", huge)
    assert_refused(status, out, err, f"({MAX_BYTES} bytes at most)")


def test_audit_cli_missing_file(tmp_path):
    status, out, err, _ = run_audit("validate", tmp_path / "nope.csv")
    assert_refused(status, out, err, "nope.csv: no such file")


# --- files too big in another way: caps named in the message, checked before the work ---

def test_audit_cli_header_of_50000_columns(tmp_path):
    record = write(tmp_path / "wide.csv", ",".join(f"c{i}" for i in range(50000)) + "\n1\n")
    status, out, err, seconds = run_audit("validate", record)
    assert_refused(status, out, err, f"line 1: 50000 fields on one line; at most {MAX_COLUMNS}")
    assert seconds < 10


def test_audit_cli_one_line_of_commas(tmp_path):
    record = write(tmp_path / "commas.csv", HEADER + "," * (MAX_BYTES - 100) + "\n")
    status, out, err, _ = run_audit("validate", record)
    assert_refused(status, out, err, f"line 2: {MAX_BYTES - 99} fields on one line; at most {MAX_COLUMNS}")


def test_audit_cli_a_million_blank_lines(tmp_path):
    record = write(tmp_path / "blank.csv", HEADER + "\n" * (MAX_BYTES - 100))
    status, out, err, _ = run_audit("validate", record)
    assert_refused(status, out, err, f"line {MAX_LINES + 1}: the file has {MAX_BYTES - 99} lines; "
                                     f"a work phone record has at most {MAX_PHONES} phones")


def test_audit_cli_too_many_phones(tmp_path):
    record = write(tmp_path / "many.csv", HEADER + "".join(f",S{i},M,x\n" for i in range(MAX_PHONES + 5)))
    status, out, err, _ = run_audit("validate", record)
    assert_refused(status, out, err, f"the record has {MAX_PHONES + 5} phones; at most {MAX_PHONES}")


def test_audit_cli_every_row_wrong_and_duplicated(tmp_path):
    # 20,000 problems: listed top to bottom, capped at 50 lines, in linear time.
    rows = "".join("510-555-0100,SAME,,x\n" if i % 2 else "1,2,3,4,5\n" for i in range(MAX_PHONES))
    record = write(tmp_path / "bad.csv", HEADER + rows)
    status, out, err, seconds = run_audit("validate", record)
    assert_refused(status, out, err, "… and ")
    lines = err.splitlines()
    assert len(lines) == 2 + audit.record.MAX_ERRORS
    assert lines[-1].endswith("more problems; fix these first")
    assert seconds < 10


def test_audit_cli_20000_phones_and_a_1000_phone_draw(tmp_path):
    # A large valid record, and the largest draw on it: both linear (the draw was quadratic).
    record = write(tmp_path / "big.csv", phones(MAX_PHONES))
    status, out, err, seconds = run_audit("select", record, "--count", 1000, "--seed", "s",
                                          "--date", "2026-11-29", "--json")
    assert status == 0, err
    assert '"count_requested": 1000' in out
    assert seconds < 20


def test_audit_cli_latin1_record(tmp_path):
    record = write(tmp_path / "latin1.csv", (HEADER + "510-555-0100,S1,Mu\xf1oz,x\n").encode("latin-1"))
    status, out, err, _ = run_audit("validate", record)
    assert_refused(status, out, err, "line 2: the text is not UTF-8")


# --- what the record says, where it goes: the terminal, the memo ---

def test_audit_cli_escape_sequences_in_a_value(tmp_path):
    record = write(tmp_path / "esc.csv", HEADER + "\x1b]0;pwned\x07\x1b[2J,S1,M,x\n")
    status, out, err, _ = run_audit("validate", record)
    assert_refused(status, out, err, "line 2: ")
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in err          # shown, never obeyed


def test_audit_cli_escape_sequences_in_the_file_name(tmp_path):
    record = write(tmp_path / "a\x1b[31mred\rb.csv", HEADER)
    status, out, err, _ = run_audit("validate", record)
    assert_refused(status, out, err, "a\\x1b[31mred\\x0db.csv")


LINE_BREAKS = {"cr": "\r", "lf": "\n", "crlf": "\r\n", "vt": "\x0b", "ff": "\x0c",
               "nel": "\x85", "ls": "\u2028", "ps": "\u2029"}


def injected_record(brk):
    """A valid record whose member and serial cells try to start a heading, a list and a
    table row in the Markdown memo."""
    rows = [f'510-555-01{i:02d},"S{i}{brk}| x | y |","A{i}{brk}# Injected heading{brk}- item{brk}1. one",u\n'
            for i in range(6)]
    return HEADER + "".join(rows)


def markdown_structure(text):
    """The lines of a Markdown memo that start a heading, and the number of table rows."""
    headings = [line for line in text.splitlines() if line.startswith("#")]
    return headings, sum(1 for line in text.splitlines() if line.startswith("|"))


@pytest.mark.parametrize("kind", sorted(LINE_BREAKS))
def test_audit_cli_markdown_memo_line_break_injection(tmp_path, kind):
    record = write(tmp_path / "record.csv", injected_record(LINE_BREAKS[kind]))
    clean = write(tmp_path / "clean.csv", injected_record(" "))
    memo, reference = tmp_path / "memo.md", tmp_path / "reference.md"
    for source, target in ((record, memo), (clean, reference)):
        status, _, err, _ = run_audit("select", source, "--seed", "s", "--date", "2026-11-29",
                                      "--out", target)
        assert status == 0, err
    text = memo.read_text(encoding="utf-8")
    assert not any("Injected" in line for line in markdown_structure(text)[0])
    assert markdown_structure(text) == markdown_structure(reference.read_text(encoding="utf-8"))
    assert "# Injected heading" in text                   # the text is there, as text


def test_audit_cli_html_memo_markup_in_values(tmp_path):
    record = write(tmp_path / "record.csv", phones(6, lambda i: '"<img src=x onerror=alert(1)>"'))
    status, _, err, _ = run_audit("select", record, "--seed", "s", "--out", tmp_path / "memo.html")
    assert status == 0, err
    html = (tmp_path / "memo.html").read_text(encoding="utf-8")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


# --- nothing already stored is lost ---

def test_audit_cli_refused_run_keeps_the_memo_on_disk(tmp_path):
    memo = write(tmp_path / "memo.md", "the memo signed last quarter\n")
    bad = write(tmp_path / "bad.csv", HEADER + "510-555-0100,,M,x\n")
    status, out, err, _ = run_audit("select", bad, "--seed", "s", "--out", memo)
    assert_refused(status, out, err, "line 2: the device serial or identifying number is blank")
    assert memo.read_text(encoding="utf-8") == "the memo signed last quarter\n"
    assert sorted(os.listdir(tmp_path)) == ["bad.csv", "memo.md"]     # no temporary left


def test_audit_cli_out_into_a_missing_folder(tmp_path):
    status, out, err, _ = run_audit("select", SAMPLE, "--seed", "s", "--out",
                                    tmp_path / "no" / "memo.md")
    assert_refused(status, out, err, "cannot be written: No such file or directory")
    assert not (tmp_path / "no").exists()


def test_audit_cli_out_with_an_unknown_extension(tmp_path):
    status, out, err, _ = run_audit("select", SAMPLE, "--seed", "s", "--out", tmp_path / "memo.exe")
    assert_refused(status, out, err, "name the memo file .md (Markdown) or .html")
    assert os.listdir(tmp_path) == []


def test_audit_cli_huge_count_and_seed(tmp_path):
    status, out, err, _ = run_audit("select", SAMPLE, "--count", "9" * 100000)
    assert_refused(status, out, err, "is not a whole number")
    assert len(err) < 2000                                 # echoed, but cut to a line
    status, out, err, _ = run_audit("select", SAMPLE, "--seed", "x" * 100000)
    assert_refused(status, out, err, "the seed is 100000 characters long; at most 64")


def test_audit_cli_memo_with_escape_sequences_and_a_huge_reason(tmp_path):
    status, out, err, _ = run_audit("memo", "--inspector", "Sgt. \x1b[2JX", "--member", "M",
                                    "--device", "D", "--date", "2026-11-01",
                                    "--reason", "r" * 100_000, "--outcome", "o",
                                    "--memo-date", "2026-11-02")
    assert_refused(status, out, err, "--reason: the reason or grounds for the inspection")


# --- the engine, portable: bounds that hold in the browser too ---

def test_audit_engine_whitespace_and_case_rules_are_ascii_only():
    # CPython's str.strip/split/upper also treat U+00A0 and "ß"; MicroPython does not. The
    # record reads alike in both (tests/test_audit_mpy.py runs the same under MicroPython).
    record = audit.read_record((HEADER + "510-555-0100,\u00df1,\u00a0,x\n"
                                "510-555-0101,SS1,B,y\n").encode())
    assert len(record) == 2 and record.rows[0]["member"] == "\u00a0"


def test_audit_engine_quoted_rows_read_as_the_careful_reader_does():
    # The fast paths (whole lines, one quoted field) against rows read byte by byte.
    from audit.csv_reader import _careful_rows, read_rows
    text = ('a,"b,c",d\r\n"x""y",z,""\r\n"multi\nline",2,3\r\nplain,row,here\r\n'
            '"",,"q"\r\nlone\rcr,1,2\n')
    data = text.encode()
    assert read_rows(data) == _careful_rows(data, 1, None)


# Tests here that try no hostile input: the table's own check, and the fast CSV paths checked
# against the careful reader.
NOT_INPUTS = {"test_audit_hostile_table_matches_the_tests",
              "test_audit_engine_quoted_rows_read_as_the_careful_reader_does"}


def test_audit_hostile_table_matches_the_tests():
    """Every case in tests/cases/hostile_inputs.yaml names a test that exists, and every test
    of the files it lists is in it: the table of inputs tried is the suite, not a summary."""
    import yaml
    with open(os.path.join(ROOT, "tests", "cases", "hostile_inputs.yaml"), encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)["cases"]
    named = {}
    for case in cases:
        assert case["before"] in ("held", "broke") and case["now"] in ("held", "fixed"), case
        assert (case["before"] == "held") == (case["now"] == "held"), case
        path, _, function = case["test"].partition("::")
        named.setdefault(path, set()).add(function.split("[")[0])
    for path, functions in named.items():
        with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
            defined = set(re.findall(r"(?m)^def (test_\w+)", handle.read()))
        assert functions <= defined, (path, functions - defined)
        assert defined - functions <= NOT_INPUTS, (path, defined - functions)


# --- model.tools.cli.read_bounded, which every command line reads its files with ---

SWAPPED = """
import os, stat, sys
sys.path.insert(0, {root!r})
from model.tools import cli
fifo = {fifo!r}
real_stat = os.stat
def stat_of_a_regular_file(path, *args, **kwargs):   # the check sees a file; then it is a FIFO
    info = real_stat(path, *args, **kwargs)
    if path == fifo:
        return os.stat_result((stat.S_IFREG | 0o644,) + tuple(info)[1:6] + (10,) + tuple(info)[7:])
    return info
os.stat = stat_of_a_regular_file
try:
    cli.read_bounded(fifo, 1000, "record")
except cli.Refused as exc:
    print(exc.message)
"""


def test_audit_cli_file_swapped_for_a_fifo_after_the_check(tmp_path):
    fifo = tmp_path / "record.csv"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-c", SWAPPED.format(root=ROOT, fifo=str(fifo))],
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=cap_memory)
    assert "is not a regular file (a device, pipe or socket)" in done.stdout, done.stderr
