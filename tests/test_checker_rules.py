"""The rules loader (checker/tools/rules_source.py): every mistake an analyst can make in a
rules or facts file stops the build with `file:line: field: message`, including two rules that
can decide the same facts differently with no exception between them (Catala's check)."""
import os
import re
import shutil

import pytest

from model.escape import page_markdown

from checker.tools import site_data
from checker.tools.rules_source import load_rulebook
from model.tools.orders import SourceError, load_orders

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = "dgo-i-19.rules.yaml"
FACTS = "dgo-i-19.facts.yaml"


def broken(tmp_path, name, old, new, count=1):
    """A copy of policies/ with one edit to one file; returns (folder, line of the edit)."""
    folder = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return folder, text[:text.index(old)].count("\n") + 1


def load_error(folder):
    order = [o for o in load_orders(str(folder)) if o.slug == "dgo-i-19"][0]
    with pytest.raises(SourceError) as info:
        load_rulebook(order)
    return str(info.value)


def located(text, name, line, field, message):
    pattern = rf"{re.escape(name)}:{line}: {re.escape(field)}: {message}"
    assert re.search(pattern, text), (pattern, text)


@pytest.mark.parametrize("old, new, field, message", [
    ("        text: unless they are using a hands-free device\n",
     "        text: unless they use a hands-free device\n", "quotes[0].text",
     "rule use.c2.hands-free: quote is not verbatim from C-2: it matches the policy up to 'unless they ' and then "
     "differs at 'use a hands-free dev'"),
    ("    sections: [C-2]\n    when: {activity: use, device: [work_phone, personal_phone], vehicle: department_vehicle}\n",
     "    sections: [C-9]\n    when: {activity: use, device: [work_phone, personal_phone], vehicle: department_vehicle}\n",
     "sections[0]", "cites section C-9, which the order does not have"),
    ("when: {activity: abroad, commander_permission: \"no\"}",
     "when: {activity: abroad, commander_ok: \"no\"}", "when.commander_ok",
     "unknown fact 'commander_ok'"),
    ("when: {activity: abroad, commander_permission: \"no\"}",
     "when: {activity: abroad, commander_permission: maybe}", "when.commander_permission",
     "commander_permission cannot be 'maybe'; allowed: yes, no"),
    ("when: {activity: abroad, commander_permission: \"no\"}",
     "when: {commander_permission: \"no\"}", "when", "every rule names the activity it answers"),
    ("    verdict: obligation\n    answer: \"Handle the material as evidence.\"",
     "    verdict: maybe\n    answer: \"Handle the material as evidence.\"", "verdict",
     "must be one of required, not_required, permitted, prohibited"),
    ("    exception_to: use.c3.department-business\n    label: \"C-3 exception 1: City email\"\n",
     "    exception_to: use.c3.department-busines\n    label: \"C-3 exception 1: City email\"\n",
     "exception_to", "no rule 'use.c3.department-busines' to be an exception to"),
    ("    label: \"C-3 exception 1: City email\"\n", "", "label", "an exception needs a label"),
    ("  - id: use.c3.urgent\n", "  - id: use.c3.city-email\n", "id",
     "rule 'use.c3.city-email' is defined twice"),
    ("    readings: [a6-work-phones-only]\n", "    readings: [a6-work-phone]\n", "readings[0]",
     "no reading 'a6-work-phone'"),
    ("      - \"Ask your first-level commander for permission first.\"\n",
     "      - Ask your commander, your sergeant\n", "duties[0]",
     "each item is a sentence ending with a full stop"),
    ("    answer: \"No: not while operating a Department vehicle.\"\n",
     "    answer: \"No: not while\\u001b[31m operating.\"\n", "answer",
     "must be one paragraph of plain text"),
])
def test_a_broken_rule_is_named_with_its_line(tmp_path, old, new, field, message):
    folder, line = broken(tmp_path, RULES, old, new)
    text = load_error(folder)
    assert "Traceback" not in text
    # the problem is reported on the rule's own lines (the field's line, or its rule's)
    found = re.search(rf"{re.escape(str(folder / RULES))}:(\d+): rules\[\d+\]\.{re.escape(field)}: "
                      rf"{re.escape(message)}", text)
    assert found, (field, message, text)
    assert abs(int(found.group(1)) - line) <= 12, (line, text)


def test_two_rules_that_disagree_with_no_exception_between_them_stop_the_build(tmp_path):
    """C-3's first exception no longer names the rule it excepts: City email on a personal
    phone is then both prohibited (C-3) and permitted (exception 1), and the build says so."""
    folder, _ = broken(tmp_path, RULES,
                       "    exception_to: use.c3.department-business\n    label: \"C-3 exception 1: City email\"\n", "")
    text = load_error(folder)
    assert re.search(r"rules\[\d+\]: use.c3.city-email and use.c3.department-business can both "
                     r"decide the same facts \(activity=use, device=personal_phone, purpose=work, "
                     r"business_activity=city_email\) with different verdicts \(permitted vs "
                     r"prohibited\) and neither is an exception to the other: add exception_to "
                     r"\(with a label\)", text), text
    assert "the other rule is at line" in text


def test_an_exception_that_can_never_apply_is_refused(tmp_path):
    folder, _ = broken(tmp_path, RULES,
                       "when: {activity: use, device: personal_phone, purpose: work, business_activity: city_email}",
                       "when: {activity: use, device: work_phone, purpose: work, business_activity: city_email}")
    assert "exception use.c3.city-email can never apply where use.c3.department-business " \
           "applies" in load_error(folder)


def test_exceptions_in_a_circle_are_refused(tmp_path):
    folder, _ = broken(tmp_path, RULES, "  - id: use.c3.department-business\n",
                       "  - id: use.c3.department-business\n    exception_to: use.c3.city-email\n"
                       "    label: loop\n")
    assert "exceptions go round in a circle through this rule" in load_error(folder)


def test_an_unused_reading_is_refused(tmp_path):
    folder, _ = broken(tmp_path, RULES, "    readings: [permitted-not-to-by-whom]\n", "", count=4)
    text = load_error(folder)
    assert re.search(r"readings\[\d+\]\.id: no rule links this reading", text), text


@pytest.mark.parametrize("old, new, field, message", [
    ("  - name: mobile_data\n", "  - name: spare\n    question: Q?\n    meaning: M.\n"
     "    values: yes_no\n\n  - name: mobile_data\n", "facts[", "no rule reads 'spare'"),
    ("      sets: {activity: abroad}", "      sets: {activity: travel}", "entry.topics[7].sets.activity",
     "activity cannot be 'travel'"),
    ("    values: yes_no\n", "    values:\n      yes: Yes\n      no: No\n", "facts[3].values",
     "a value is lower-case letters"),
])
def test_a_broken_fact_is_named_with_its_line(tmp_path, old, new, field, message):
    folder, line = broken(tmp_path, FACTS, old, new)
    text = load_error(folder)
    assert re.search(rf"{re.escape(str(folder / FACTS))}:\d+: {re.escape(field)}.*{message}", text), text


def test_rules_without_their_questions_are_refused(tmp_path):
    folder = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), folder)
    os.remove(folder / FACTS)
    assert f"{folder / RULES}:1: (file): the rules need their questions in {FACTS}" in \
        load_error(folder)


def test_the_build_fails_on_a_broken_rule(tmp_path):
    folder, line = broken(tmp_path, RULES, "unless they are using a hands-free device",
                          "unless hands-free")
    with pytest.raises(SourceError) as info:
        site_data.site_files(load_orders(str(folder)))
    assert re.search(rf"{re.escape(str(folder / RULES))}:\d+: rules\[\d+\]\.quotes\[0\]\.text: "
                     r"rule [\w.-]+: quote is not verbatim from C-2", str(info.value))


def test_the_site_ships_the_rulebook_and_the_readings_page():
    files = site_data.site_files(load_orders())
    assert set(files) == {"data/checker/dgo-i-19.json", "helper/readings.md"}
    page = files["helper/readings.md"]
    assert "# How the helper reads the order" in page
    assert "{#dgo-i-19-c4-points-to-a5}" in page
    # the quote is verbatim, escaped only so that Markdown shows it as written
    assert "> " + page_markdown("Except for permissible brief personal use (see sections A-5 and "
                                "B-2, above)") in page
    assert "(../orders/dgo-i-19.md#c-4)" in page
