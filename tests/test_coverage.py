"""The coverage matrix's data and the build's honesty: the providers' citations, every normative
clause of DGO I-19 covered or marked, a clause nobody quotes failing the build with file:line,
one-sided coverage as a warning, stale notes, and changed clauses between versions."""
import os
import shutil
import subprocess
import sys
from urllib.parse import parse_qsl, urlparse

import pytest

from build_scripts import coverage, render
from checker import Book, decide
from checker.tools.rules_source import load_rulebook
from model.tools.orders import load_orders
from quiz.tools.bank import load_banks

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def orders():
    return load_orders()


@pytest.fixture(scope="module")
def citations(orders):
    return coverage.collect(orders)


@pytest.fixture(scope="module")
def matrix(orders, citations):
    return coverage.build(orders[0], citations)


def policies_copy(tmp_path):
    copy = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), copy)
    return copy


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


# ---------------------------------------------------------------- the providers

def test_every_helper_link_reaches_the_rule_it_stands_for(orders, citations):
    book = Book(load_rulebook(orders[0]))
    rules = [c for c in citations if c["kind"] == "rule"]
    assert len(rules) > 60
    for citation in rules:
        url = urlparse(citation["href"])
        assert url.path == "helper/"
        result = decide(dict(parse_qsl(url.query)), book)
        assert result["complete"], citation["id"]
        assert citation["id"] in [f["rule"] for f in result["findings"] + result["provisions"]]


def test_every_question_of_the_bank_is_a_citation_with_its_quotes(orders, citations):
    bank = load_banks(orders)["dgo-i-19"]
    questions = {c["id"]: c for c in citations if c["kind"] == "question"}
    assert set(questions) == {q["id"] for q in bank["questions"]}
    for question in bank["questions"]:
        cited = questions[question["id"]]
        assert cited["quotes"] == [(q["section"], q["text"]) for q in question["quotes"]]
        assert cited["href"] is None and ("Question", question["prompt"]) in cited["detail"]


# ---------------------------------------------------------------- DGO I-19 today

def test_every_normative_clause_is_covered_by_both_sides_or_marked_with_a_reason(matrix):
    assert matrix["errors"] == [] and matrix["warnings"] == []
    categories = {row["clause"]["id"]: row["category"] for row in matrix["rows"]}
    assert set(categories.values()) <= {"both", "marked"}
    for row in matrix["rows"]:
        if row["category"] == "marked":
            assert len(row["mark"]["reason"]) >= 20
    totals = matrix["totals"]
    assert totals["clauses"] == len(matrix["rows"]) == totals["both"] + totals["marked"]
    assert totals["neither"] == totals["one"] == 0


def test_the_matrix_reads_the_order_as_counsel_would(matrix):
    rows = {row["clause"]["id"]: row for row in matrix["rows"]}
    others = {clause["id"] for clause in matrix["other"]}
    # a cross-reference and examples are not duties; carve-outs are permissions
    assert {"B-2.3", "A-4.6", "A-4.7", "A-4.8", "A-4.3"} <= others
    assert rows["C-4.3"]["category"] == rows["C-6.5"]["category"] == "both"
    # the audit kit carries the record and the footnote's selection method
    assert rows["fn2.1"]["mark"]["status"] == "implemented_elsewhere"
    assert rows["D-4.1"]["questions"] and not rows["D-4.1"]["rules"]


# ---------------------------------------------------------------- the build keeps it honest

def uncovered_copy(tmp_path):
    """The policies with a duty added to A-7 that no rule or question quotes (A-7: no rule
    quotes it whole, which would cover any sentence in it)."""
    folder = policies_copy(tmp_path)
    source = folder / "dgo-i-19.yaml"
    anchor = ("Department work phones and any confidential material stored therein shall be "
              "treated as sensitive material and shall be secured at all times.")
    text = edit(source, anchor, anchor + " Members shall return the device after the trip.")
    line = text[:text.index(anchor)].count("\n") + 1
    return folder, source, line


def test_a_clause_nobody_quotes_is_an_error_at_its_line(tmp_path):
    folder, source, line = uncovered_copy(tmp_path)
    orders = load_orders(str(folder))
    matrix = coverage.build(orders[0], coverage.collect(orders))
    assert matrix["errors"] == [
        f"{source}:{line}: A-7.2: no helper rule and no quiz question quotes this sentence "
        "(“Members shall return the device after the trip.”); quote it, or note in "
        "dgo-i-19.clauses.yaml why not (not_formalised, implemented_elsewhere, pending), with a "
        "reason"]
    assert {row["clause"]["id"]: row["category"] for row in matrix["rows"]}["A-7.2"] == "neither"


def test_the_build_fails_on_an_uncovered_clause_naming_file_and_line(tmp_path):
    folder, source, line = uncovered_copy(tmp_path)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=str(folder))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                           str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True, text=True)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert f"{source}:{line}: A-7.2: no helper rule and no quiz question quotes this sentence" in output
    assert "Traceback" not in output


def test_a_clause_quoted_by_one_side_is_a_warning(tmp_path):
    folder = policies_copy(tmp_path)
    notes = folder / "dgo-i-19.clauses.yaml"
    text = notes.read_text(encoding="utf-8")        # drop the note on D-4.1 (implemented elsewhere)
    notes.write_text(text[:text.index("- clause: D-4.1")] + text[text.index("- clause: D-4.2"):],
                     encoding="utf-8")
    orders = load_orders(str(folder))
    matrix = coverage.build(orders[0], coverage.collect(orders))
    assert matrix["errors"] == []
    line = orders[0].clause_line("D-4.1")
    assert len(matrix["warnings"]) == 1
    assert matrix["warnings"][0].startswith(
        f"{orders[0].path}:{line}: D-4.1: quoted by the quiz only, not by the helper (“The ITU "
        "shall keep a record of issued work cell phones")
    assert matrix["warnings"][0].endswith("; cover it, or note why not in dgo-i-19.clauses.yaml")


def test_a_note_must_link_to_a_page_of_the_site(orders):
    assert coverage.link_problems(orders[0], {"audit/", "helper/"}) == []
    problems = coverage.link_problems(orders[0], {"helper/"})
    mark = orders[0].clause_marks["D-2.2"]
    assert f"{mark['file']}:{mark['line']}: D-2.2: link 'audit/' is not a page of the site" in problems[0]
    assert len(problems) == len([m for m in orders[0].clause_marks.values() if m["link"]])


def test_a_pending_note_outliving_its_gap_is_a_warning(tmp_path, citations):
    folder = policies_copy(tmp_path)
    with open(folder / "dgo-i-19.clauses.yaml", "a", encoding="utf-8") as handle:
        handle.write("- clause: A-1.5\n  text: Work cell phones are property of the Department\n"
                     "  status: pending\n  reason: The helper does not say yet who issues work "
                     "phones.\n")
    order = load_orders(str(folder))[0]
    assert any(c["kind"] == "rule" and c["quotes"] and "A-1" in [q[0] for q in c["quotes"]]
               for c in citations)
    matrix = coverage.build(order, citations)
    mark = order.clause_marks["A-1.5"]
    assert matrix["warnings"] == [f"{mark['file']}:{mark['line']}: A-1.5: marked pending for the "
                                  "helper, which now quotes it; remove the note"]
    assert {row["clause"]["id"]: row["category"] for row in matrix["rows"]}["A-1.5"] == "both"
    assert matrix["totals"]["by_status"]["pending"] == 0   # the breakdown counts marked rows only


def test_only_the_sides_that_serve_an_order_are_expected(orders, citations):
    questions = [c for c in citations if c["kind"] == "question"]
    matrix = coverage.build(orders[0], questions)
    assert matrix["serving"] == ["quiz"] and matrix["warnings"] == [] and matrix["errors"] == []
    assert coverage.build(orders[0], []) is None      # an order served by neither has no matrix


# ---------------------------------------------------------------- versions

def test_changed_clauses_and_who_points_at_them(tmp_path, citations):
    before = load_orders()[0]
    folder = policies_copy(tmp_path)
    edit(folder / "dgo-i-19.yaml", "and the appropriate use of work cell phones and electronic devices.",
         "and the appropriate use of work devices.")
    after = load_orders(str(folder))[0]
    after.previous = before                     # what version history (issue 14) will provide
    assert coverage.changed_clauses(after) == {"E-1.1"}
    matrix = coverage.build(after, citations)
    assert matrix["changes"]["since"] == before.data["version"]
    assert matrix["changes"]["clauses"] == ["E-1.1"]
    # a quote that no longer matches fails the build (the providers' check); one that still
    # matches a changed clause is what a reviewer must look at again
    assert [c["id"] for c in matrix["changes"]["citations"]] == ["training.e1.academy"]
    assert [row["clause"]["id"] for row in matrix["rows"] if row["changed"]] == ["E-1.1"]
    page = coverage.pages(render.environment(), after, matrix)[coverage.page_path(after)]
    assert page.count('class="coverage-changed-badge"') == 1
    assert "Changed since version " + before.data["version"] in page


def test_version_data_is_read_defensively(orders):
    order = orders[0]
    assert coverage.previous_data(order) is None and coverage.changed_clauses(order) == set()
    order.previous = "not a version"
    try:
        assert coverage.previous_data(order) is None
        order.previous = {"version": "x", "sections": {}}   # model data without clauses
        assert coverage.changed_clauses(order) == set(order.data["clauses"])
    finally:
        del order.previous
