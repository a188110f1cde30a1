"""Policy sources: the real order loads; each malformed source fails with file:line: field."""
import os

import pytest
import yaml

from build_scripts import policy_source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES_FILE = os.path.join(ROOT, "tests", "cases", "malformed_sources.yaml")

MINIMAL = """\
# A minimal valid order: each malformed case edits one thing in it.
series: DGO
number: X-1
title: Test Order
status: draft
date_signed: null
signature:
  preface: By order of
  name: A. Chief
  title: Chief of Police
  date_label: 'Date Signed: ____'
purpose:
  - The purpose of this test order.
parts:
  - id: A
    title: FIRST PART
    sections:
      - id: A-1
        title: First Section
        body:
          - First paragraph of A-1.
      - id: A-2
        title: Second Section
        body:
          - Second section; see [[A-1]] above and [[DGO Z-1]].
          - list:
              - Item one.
              - Item two.
  - id: B
    title: SECOND PART
    sections:
      - id: B-1
        title: Only Section
        body:
          - The only paragraph of B-1, with four randomly selected[^1] phones and the ITU.
footnotes:
  - id: 1
    text: A footnote.
abbreviations:
  - abbr: ITU
    meaning: Information Technology Unit
references:
  - id: DGO Z-1
    kind: order
    note: Cited nowhere yet
"""


def load_cases():
    with open(CASES_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def write(tmp_path, text, name="dgo-x-1.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_minimal_source_is_valid(tmp_path):
    order = policy_source.load_order(write(tmp_path, MINIMAL))
    assert order["_slug"] == "dgo-x-1"
    assert [s["id"] for _, s in policy_source.iter_sections(order)] == ["A-1", "A-2", "B-1"]


def test_there_are_at_least_twenty_distinct_malformed_cases():
    cases = load_cases()
    assert len({c["name"] for c in cases}) == len(cases) >= 20
    assert len({c["error"] for c in cases}) >= 20


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c["name"])
def test_malformed_source_names_file_line_and_field(tmp_path, case):
    assert case["find"] in MINIMAL, f"case {case['name']!r} does not apply to MINIMAL"
    path = write(tmp_path, MINIMAL.replace(case["find"], case["replace"], 1))
    with pytest.raises(policy_source.SourceError) as raised:
        policy_source.load_order(path)
    expected_start = f"{path}:{case['line']}: {case['field']}: "
    matching = [e for e in raised.value.errors if e.startswith(expected_start)]
    assert matching, f"no error starts with {expected_start!r}; got {raised.value.errors}"
    assert any(case["error"] in e for e in matching), raised.value.errors


def test_real_order_loads_with_every_subsection():
    orders = policy_source.load_orders(os.path.join(ROOT, "policies"))
    data = policy_source.order_data(orders[0])
    expected = [f"{p}-{n}" for p, count in zip("ABCDE", (7, 4, 7, 6, 1)) for n in range(1, count + 1)]
    assert sorted(data["sections"]) == sorted(expected) and len(expected) == 25
    assert (data["series"], data["number"], data["status"]) == ("DGO", "I-19", "draft")
    assert orders[0]["date_signed"] is None


def test_version_changes_with_any_edit(tmp_path):
    first = policy_source.load_order(write(tmp_path, MINIMAL))
    edited = policy_source.load_order(write(tmp_path, MINIMAL.replace("Item two.", "Item 2."), "b.yaml"))
    assert policy_source.order_version(first) != policy_source.order_version(edited)
    assert len(policy_source.order_version(first)) == 12


def test_two_files_with_the_same_order_number_are_rejected(tmp_path):
    write(tmp_path, MINIMAL, "a.yaml")
    write(tmp_path, MINIMAL, "b.yaml")
    with pytest.raises(policy_source.SourceError, match="is also defined in"):
        policy_source.load_orders(str(tmp_path))


def test_plain_text_keeps_reference_labels_and_drops_footnote_markers():
    assert policy_source.plain_text("see [[A-5]] and media[^1] accounts") == "see A-5 and media accounts"
