"""Policy sources and the order model: the real order loads; each malformed source fails
with file:line: field; the version id follows the text members sign, not the metadata."""
import os

import pytest
import yaml

from model.tools import orders as policy_source

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
    assert order.slug == "dgo-x-1" and order.name == "DGO X-1"
    assert order.data["section_ids"] == ["A-1", "A-2", "B-1"]
    assert [s["id"] for _, s in policy_source.iter_sections(order.source)] == ["A-1", "A-2", "B-1"]


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
    data = orders[0].data
    expected = [f"{p}-{n}" for p, count in zip("ABCDE", (7, 4, 7, 6, 1)) for n in range(1, count + 1)]
    assert sorted(data["sections"]) == sorted(expected) and len(expected) == 25
    assert (data["series"], data["number"], data["status"]) == ("DGO", "I-19", "draft")
    assert data["date_signed"] is None
    # the model keeps which section marks each footnote (the audit memos quote footnote 2)
    assert data["footnotes"]["2"]["section"] == "D-2" and data["sections"]["D-2"]["footnotes"] == [2]
    assert data["footnotes"]["1"]["section"] == "C-4"


def version_of(tmp_path, text, name):
    return policy_source.load_order(write(tmp_path, text, name)).data["version"]


def test_version_changes_with_a_word_of_policy_text(tmp_path):
    first = version_of(tmp_path, MINIMAL, "a.yaml")
    assert len(first) == 12
    for find, replace in (("Item two.", "Item 2."), ("A footnote.", "A note."),
                          ("title: First Section", "title: 1st Section")):
        assert version_of(tmp_path, MINIMAL.replace(find, replace), "b.yaml") != first, find


def test_version_ignores_metadata_members_do_not_sign(tmp_path):
    first = version_of(tmp_path, MINIMAL, "a.yaml")
    signed = "status: effective\ndate_signed: 2026-12-01\neffective_date: 2027-01-01"
    for find, replace in (("status: draft\ndate_signed: null", signed),
                          ("meaning: Information Technology Unit", "meaning: IT Unit"),
                          ("note: Cited nowhere yet", "note: Another note"),
                          ("name: A. Chief", "name: B. Chief")):
        assert version_of(tmp_path, MINIMAL.replace(find, replace), "b.yaml") == first, find


def test_two_files_with_the_same_order_number_are_rejected(tmp_path):
    write(tmp_path, MINIMAL, "a.yaml")
    write(tmp_path, MINIMAL, "b.yaml")
    with pytest.raises(policy_source.SourceError, match="is also defined in"):
        policy_source.load_orders(str(tmp_path))


def test_plain_text_keeps_reference_labels_and_drops_footnote_markers():
    assert policy_source.plain_text("see [[A-5]] and media[^1] accounts") == "see A-5 and media accounts"


# Hostile sources (issue 12): each is refused with file:line: field, quickly, no traceback.
HOSTILE = [
    ("alias bomb", MINIMAL.replace("title: Test Order", "title: &a [x, x, x]\nbomb: [*a, *a]"),
     5, "(syntax)", "aliases (*name) are not allowed"),
    ("complex key", MINIMAL.replace("title: Test Order", "title: Test Order\n? [a, b]\n: c"),
     5, "(document)", "a key must be plain text"),
    ("deep nesting", MINIMAL + "x: " + "[" * 20000 + "]" * 20000 + "\n", MINIMAL.count("\n") + 1,
     "(syntax)",
     "nested more than 40 levels deep"),
    ("newline in a section title", MINIMAL.replace("title: First Section",
                                                   'title: "First\\nSection"'),
     19, "parts[0].sections[0].title", "must be one line"),
    ("escape sequence in the title", MINIMAL.replace("title: Test Order",
                                                     'title: "Test \\e[31mOrder"'),
     4, "title", "control character U+001B"),
    ("python tag", MINIMAL.replace("title: Test Order", "title: !!python/object:os.system x"),
     4, "title", "cannot read this value"),
]


@pytest.mark.parametrize("name,text,line,field,message", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_source_is_refused_with_file_line_field(tmp_path, name, text, line, field, message):
    path = write(tmp_path, text)
    with pytest.raises(policy_source.SourceError) as raised:
        policy_source.load_order(path)
    assert any(e.startswith(f"{path}:{line}: {field}: ") and message in e
               for e in raised.value.errors), raised.value.errors


def test_non_utf8_source_names_the_line(tmp_path):
    path = tmp_path / "dgo-x-1.yaml"
    path.write_bytes(MINIMAL.replace("First Section", "Fïrst Section").encode("latin-1"))
    with pytest.raises(policy_source.SourceError, match=r"dgo-x-1\.yaml:19: \(file\): not UTF-8"):
        policy_source.load_order(str(path))


def test_oversized_fifo_and_device_sources_are_refused_without_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50_000_000)   # sparse: a huge file that costs no disk
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for path, message in ((big, "a source may have at most"), (fifo, "not a regular file"),
                          ("/dev/zero", "not a regular file")):
        with pytest.raises(policy_source.SourceError, match=message):
            policy_source.load_order(str(path))


def test_c_and_python_yaml_parsers_read_sources_alike(tmp_path):
    """Sources are parsed by libyaml when present (fast) or PyYAML's Python parser: the order,
    its lines and its refusals must not depend on which."""
    from model.tools import yaml_source
    if yaml_source.CEvents is None:
        pytest.skip("PyYAML without libyaml here: only the Python parser exists")
    with open(os.path.join(ROOT, "policies", "dgo-i-19.yaml"), encoding="utf-8") as handle:
        texts = [handle.read()]
    texts += [text for _, text, *_ in HOSTILE]
    for text in texts:
        results = []
        for events in (yaml_source.CEvents, yaml_source.PythonEvents):
            try:
                root = yaml_source.loader_class(events)(text).get_single_node()
                lines, problems = {}, []
                results.append((yaml_source._convert(root, (), lines, problems), lines, problems))
            except Exception as exc:  # the same refusal, at the same line
                results.append((type(exc).__name__, exc.problem, exc.problem_mark.line))
        assert results[0] == results[1]
