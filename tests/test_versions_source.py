"""Versions in the source (model.tools.versions): the fixture history of DGO I-19 loads into
the model data; each way of getting a history wrong fails with file:line: field; the
comparison finds the words changed; quotes that no longer match the new text name the
question or rule and the section. The published order has one version, the real one."""
import os
import re
import shutil

import pytest
import yaml

from model.tools import orders as order_model
from model.tools.compare import compare, summary, word_pieces
from model.tools.orders import SourceError, load_orders
from version_fixture import SUMMARY, write_fixture

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
V1_ID = "ca0e5707f907"  # not pinned: checked equal to the real order's version below


@pytest.fixture(scope="module")
def fixture_paths(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def order(fixture_paths):
    return load_orders(fixture_paths["policies"])[0]


def test_the_published_order_has_one_version_and_no_invented_history():
    real = load_orders(os.path.join(ROOT, "policies"))[0]
    assert not os.path.exists(os.path.join(ROOT, "policies", "dgo-i-19", "history"))
    [entry] = real.data["versions"]
    assert (entry["number"], entry["id"], entry["status"], entry["current"]) == (1, real.data["version"], "draft", True)
    assert real.data["changes"] is None and real.data["effective_date"] is None


def test_history_becomes_model_data(order):
    real = load_orders(os.path.join(ROOT, "policies"))[0]
    first, second = order.data["versions"]
    assert first["id"] == real.data["version"]  # version 1 is the real text: same id
    assert (first["status"], first["date_signed"], first["effective_date"]) == ("superseded", "2027-01-04", "2027-02-01")
    assert (second["status"], second["effective_date"], second["current"]) == ("effective", "2027-07-01", True)
    assert second["summary"] == SUMMARY and first["summary"] is None
    assert first["url"] == f"orders/dgo-i-19/versions/{first['id']}/" and second["url"] == "orders/dgo-i-19/"
    assert first["changed_since"] == ["A-4", "D-2", "D-4", "D-7"]
    assert order.data["effective_date"] == "2027-07-01"
    assert order.previous is order.history[-1] and order.previous.data["version"] == first["id"]


def test_change_status_per_section_for_other_tools(order):
    changes = order.data["changes"]
    assert changes["renumbered"] == {"D-4": "D-7"} and changes["removed"] == []
    by_status = {}
    for sid, change in changes["sections"].items():
        by_status.setdefault(change["status"], []).append(sid)
    assert by_status["changed"] == ["A-4", "D-2", "D-7"] and by_status["added"] == ["D-4"]
    assert changes["sections"]["D-7"]["previous"] == "D-4"
    assert changes["sections"]["A-4"]["summary"] == \
        "1 paragraph reworded (“of such calls” inserted); 3 words added, 0 removed."
    assert changes["sections"]["D-2"]["summary"].startswith("1 paragraph reworded; its footnote changed")
    assert changes["sections"]["D-7"]["summary"].startswith("Renumbered from D-4; 1 paragraph reworded")


def test_a_metadata_change_keeps_the_version(fixture_paths, tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(fixture_paths["policies"], policies)
    source = policies / "dgo-i-19.yaml"
    text = source.read_text(encoding="utf-8")
    before = load_orders(str(policies))[0].data["versions"][-1]["id"]
    source.write_text(text.replace("effective_date: 2027-07-01", "effective_date: 2027-08-01")
                      .replace("name: LeRonne L. Armstrong", "name: A. N. Other"), encoding="utf-8")
    after = load_orders(str(policies))[0].data
    assert after["versions"][-1]["id"] == before and after["effective_date"] == "2027-08-01"


# ---------------------------------------------------------------- what the checks refuse

def edited(fixture_paths, tmp_path, current=None, history=None, extra=None):
    """A copy of the fixture's policies with text edits [(find, replace)] applied."""
    policies = tmp_path / "policies"
    shutil.copytree(fixture_paths["policies"], policies)
    for path, edits in ((policies / "dgo-i-19.yaml", current),
                        (policies / "dgo-i-19" / "history" / "1.yaml", history)):
        text = path.read_text(encoding="utf-8")
        for find, replace in edits or ():
            assert find in text, find
            text = text.replace(find, replace, 1)
        path.write_text(text, encoding="utf-8")
    for name, text in (extra or {}).items():
        (policies / "dgo-i-19" / "history" / name).write_text(text, encoding="utf-8")
    return policies


def problems(policies):
    with pytest.raises(SourceError) as raised:
        load_orders(str(policies))
    return raised.value.errors


def line_of(path, needle):
    text = path.read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


CASES = [
    ("signed before the version it replaces", {"current": [("date_signed: 2027-06-01", "date_signed: 2026-12-01"),
                                                           ("effective_date: 2027-07-01", "effective_date: 2026-12-01")]},
     "current", "date_signed: 2026-12-01", "date_signed", "before the version it replaces"),
    ("takes effect before it is signed", {"current": [("effective_date: 2027-07-01", "effective_date: 2027-05-01")]},
     "current", "effective_date: 2027-05-01", "effective_date", "before it is signed"),
    ("an earlier version still in force", {"history": [("status: superseded", "status: effective")]},
     "history", "status: effective", "status", "only the current version can be in force"),
    ("the current version superseded", {"current": [("status: effective", "status: superseded")]},
     "current", "status: superseded", "status", "the current version (the source outside history/)"),
    ("a renumbering not stated", {"current": [("  renumbered:\n    D-4: D-7\n", "")]},
     "current", "summary: Adds the retention", "revision", "section D-4 (Internal Record Keeping and Asset Management) of the "
     "previous version is D-7 in this version: add renumbered: {D-4: D-7}"),
    ("a renumbering to nowhere", {"current": [("D-4: D-7", "D-4: D-9")]},
     "current", "D-4: D-9", "revision.renumbered.D-4", "D-9 is not a section of this version"),
    ("a draft with a date signed", {"history": [("status: superseded", "status: draft")]},
     "history", "date_signed: 2027-01-04", "date_signed", "a draft has no date signed"),
    ("a draft after a signed version", {"current": [("status: effective", "status: draft"),
                                                    ("date_signed: 2027-06-01\n", "date_signed: null\n"),
                                                    ("effective_date: 2027-07-01\n", "")]},
     "current", "status: draft", "status", "a draft cannot replace a version that was signed"),
    ("a malformed revision", {"current": [("renumbered:\n    D-4: D-7", "renumbered: D-4")]},
     "current", "renumbered: D-4", "revision.renumbered", "must map old section ids to new ones"),
]


@pytest.mark.parametrize("name,edits,where,needle,field,message", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_in_a_history_names_file_line_and_field(fixture_paths, tmp_path, name, edits,
                                                             where, needle, field, message):
    policies = edited(fixture_paths, tmp_path, **edits)
    path = policies / "dgo-i-19.yaml" if where == "current" else policies / "dgo-i-19" / "history" / "1.yaml"
    found = problems(policies)
    expected = f"{path}:{line_of(path, needle)}: {field}: "
    assert any(e.startswith(expected) and message in e for e in found), (expected, message, found)


def test_two_versions_with_the_same_text_are_refused(fixture_paths, tmp_path):
    policies = edited(fixture_paths, tmp_path)
    first = policies / "dgo-i-19" / "history" / "1.yaml"
    text = first.read_text(encoding="utf-8").replace("status: superseded", "status: effective")
    text = text.replace("2027-01-04", "2027-06-01").replace("2027-02-01", "2027-07-01")
    (policies / "dgo-i-19.yaml").write_text(text, encoding="utf-8")
    for name in os.listdir(os.path.join(ROOT, "policies")):  # the companions of that text
        if name.startswith("dgo-i-19.") and name != "dgo-i-19.yaml":
            shutil.copy(os.path.join(ROOT, "policies", name), policies / name)
    found = problems(policies)
    assert any(f"the same text as {first}" in e and "version id" in e for e in found), found


def test_history_files_are_numbered_without_gaps(fixture_paths, tmp_path):
    history = tmp_path / "policies" / "dgo-i-19" / "history"
    policies = edited(fixture_paths, tmp_path)
    (history / "1.yaml").rename(history / "2.yaml")
    (history / "first.yaml").write_text("x: 1\n", encoding="utf-8")
    found = problems(policies)
    assert any("first.yaml:1: (file): a history file is named after its version number" in e for e in found)
    assert any("1.yaml is missing" in e for e in found), found


def without_section(fixture_paths, tmp_path, part, keep):
    """The fixture's policies with the current version's sections of part filtered by keep;
    (policies folder, current source, its document)."""
    current = tmp_path / "policies" / "dgo-i-19.yaml"
    policies = edited(fixture_paths, tmp_path)
    source = yaml.safe_load(current.read_text(encoding="utf-8"))
    found = next(p for p in source["parts"] if p["id"] == part)
    found["sections"] = [s for s in found["sections"] if keep(s)]
    dump(source, current)
    return policies, current, source


def dump(source, path):
    path.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")


def test_a_removed_section_must_be_said_removed(fixture_paths, tmp_path):
    policies, current, source = without_section(fixture_paths, tmp_path, "B", lambda s: s["id"] != "B-3")
    found = problems(policies)
    assert any("section B-3 (Devices with Specific Policies) of the previous version" in e
               and "removed: [B-3]" in e for e in found), found
    source["revision"]["removed"] = ["B-3"]
    dump(source, current)
    data = load_orders(str(policies))[0].data
    assert data["changes"]["removed"] == ["B-3"] and "B-3" not in data["versions"][0]["changed_since"]


# ---------------------------------------------------------------- the comparison itself

def test_word_pieces_rebuild_both_texts_and_join_a_change_across_spaces():
    before, after = "at least one (1) week prior", "at least two (2) weeks prior"
    pieces = word_pieces(before, after)
    assert "".join(t for op, t in pieces if op != "+") == before
    assert "".join(t for op, t in pieces if op != "-") == after
    assert pieces == [["=", "at least "], ["-", "one (1) week"], ["+", "two (2) weeks"], ["=", " prior"]]
    assert word_pieces("see D-4 above", "see D-7 above")[1:3] == [["-", "D-4"], ["+", "D-7"]]


def data_of(sections, title="T"):
    return {"title": title, "purpose": ["P."], "section_ids": list(sections), "footnotes": {},
            "sections": {sid: {"title": t, "heading": sid + ". " + t, "paragraphs": ps, "footnotes": []}
                         for sid, (t, ps) in sections.items()}}


def test_comparison_of_sections_added_removed_renumbered_and_reworded():
    old = data_of({"A-1": ("One", ["Keep this.", "Drop this."]), "A-2": ("Two", ["Moves."]),
                   "A-3": ("Three", ["Goes away."])})
    new = data_of({"A-1": ("One", ["Keep this.", "Add this."]), "A-2": ("New", ["Fresh."]),
                   "A-3": ("Two", ["Moves."])}, title="T2")
    found = compare(old, new, {"A-1": "A-1", "A-2": "A-3", "A-3": None})
    by_id = {(s["id"], s["previous"]): s for s in found["sections"]}
    assert [(k, s["status"]) for k, s in by_id.items()] == [
        (("A-1", "A-1"), "changed"), (("A-2", None), "added"), (("A-3", "A-2"), "unchanged"),
        ((None, "A-3"), "removed")]
    assert by_id[("A-3", "A-2")]["summary"] == "Renumbered from A-2; the text is unchanged."
    assert by_id[("A-1", "A-1")]["summary"] == \
        "1 paragraph reworded (“Drop” → “Add”); 1 word added, 1 removed."
    assert by_id[(None, "A-3")]["summary"] == "Removed (was A-3)."
    assert found["title"] == [["-", "T"], ["+", "T2"]] and found["purpose"] is None


def test_summary_counts_paragraphs_added_and_removed():
    section = {"status": "changed", "previous": "B-1", "renumbered": False, "title": None,
               "paragraphs": [{"kind": "added", "footnote": False, "pieces": [["+", "Two new words."]]},
                              {"kind": "removed", "footnote": False, "pieces": [["-", "Old."]]}]}
    assert summary(section) == "1 paragraph added; 1 paragraph removed; 3 words added, 1 removed."


# ---------------------------------------------------------------- quotes that no longer match

def test_a_question_whose_quote_left_the_text_names_question_and_section(fixture_paths, tmp_path):
    from quiz.tools.bank import load_banks
    banks = tmp_path / "banks"
    banks.mkdir()
    shutil.copy(os.path.join(ROOT, "quiz", "bank", "dgo-i-19.yaml"), banks / "dgo-i-19.yaml")
    with pytest.raises(SourceError) as raised:  # the real bank still quotes D-4 as it was
        load_banks(load_orders(fixture_paths["policies"]), str(banks))
    messages = [e for e in raised.value.errors if "question d4-record-items:" in e]
    assert messages and all(re.search(r"dgo-i-19\.yaml:\d+: questions\[\d+\]\.quotes\[\d\]\.text: question "
                                      r"d4-record-items: quote is not verbatim from D-4", e) for e in messages)
    assert "section D-4 of the previous version is D-7 in this version; cite the new id" in messages[0]


def test_a_helper_rule_whose_quote_left_the_text_names_rule_and_section(fixture_paths, tmp_path):
    from checker.tools import site_data
    policies = edited(fixture_paths, tmp_path, current=[("without express written permission",
                                                         "without prior written permission")])
    with pytest.raises(SourceError) as raised:
        site_data.site_files(load_orders(str(policies)))
    c6 = [e for e in raised.value.errors if "not verbatim from C-6" in e]
    assert c6 and all(re.match(r"\S+rules\.yaml:\d+: rules\[\d+\]\.quotes\[\d+\]\.text: rule [\w.-]+: "
                               r"quote is not verbatim from C-6", e) for e in c6), c6
    assert any("rule modify.c6.sim:" in e for e in c6), c6


def test_the_loader_keeps_where_each_value_came_from(order):
    assert order.located is not None and order.located.line(("revision", "summary")) > 1
    assert [o.path for o in order.history] == [os.path.join(os.path.dirname(order.path), "dgo-i-19", "history", "1.yaml")]
    assert order_model.load_order(order.path).history == []  # one file alone has no history


# ---------------------------------------------------------------- python -m model.tools.revise

def test_revise_keeps_the_current_version_in_history(tmp_path, fixture_paths, capsys):
    from model.tools.revise import main
    policies = tmp_path / "real"
    shutil.copytree(os.path.join(ROOT, "policies"), policies)
    assert main([str(policies / "dgo-i-19.yaml")]) == 0
    kept = policies / "dgo-i-19" / "history" / "1.yaml"
    assert kept.read_text(encoding="utf-8") == (policies / "dgo-i-19.yaml").read_text(encoding="utf-8")
    assert "kept as" in capsys.readouterr().out               # a draft stays a draft
    assert any("the same text as" in e for e in problems(policies))  # until the text is edited
    assert main([str(policies / "dgo-i-19.yaml")]) == 2      # refused: it loads no more
    assert "the same text as" in capsys.readouterr().err

    revised = edited(fixture_paths, tmp_path)
    assert main([str(revised / "dgo-i-19.yaml")]) == 0
    second = (revised / "dgo-i-19" / "history" / "2.yaml").read_text(encoding="utf-8")
    assert "\nstatus: superseded\n" in second and "status: effective" not in second


def test_a_renumbered_section_keeps_its_old_anchor_when_the_id_is_free(fixture_paths, tmp_path):
    from build_scripts import render
    policies, _, _ = without_section(fixture_paths, tmp_path, "D",
                                     lambda s: s["title"] != "Retention of Inspection Memoranda")
    notes_file = policies / "dgo-i-19.clauses.yaml"
    notes = yaml.safe_load(notes_file.read_text(encoding="utf-8"))
    notes["clauses"] = [n for n in notes["clauses"] if n["clause"] != "D-4.1"]  # its note goes too
    dump(notes, notes_file)
    order = load_orders(str(policies))[0]              # D-4 moved to D-7, nothing took D-4
    page = render.render_order(render.environment(), order, {"dgo-i-19"}, [])
    anchor = page.index('<div id="d-4" class="old-anchor"')
    assert anchor < page.index("### D \\- 7\\.") and page.index("### D \\- 6\\.") < anchor
    fixture_page = render.render_order(render.environment(), load_orders(fixture_paths["policies"])[0], {"dgo-i-19"}, [])
    assert 'class="old-anchor"' not in fixture_page   # D-4 is a new section there: no alias
