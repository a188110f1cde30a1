"""Invariants over the whole fact space the helper can reach (CPython).

The space is every path of questions and answers from each entry topic (what the page can ever
show; 1,600-odd answers): the engine asks only what can change the answer, so a complete path
is a situation decided on exactly the facts it read. Over it:
- every path ends in an answer, well formed, quoting the order verbatim;
- entry independence: the same situation gives the same verdict, duties, citations and rules
  whichever topic it was entered by, or none;
- every applicable duty is present: the duties the order attaches to a situation, restated
  here from the text, are in every answer whose situation meets them, whatever the verdict;
- no unlabelled overlap: the build's static check finds none, and no path meets two rules
  that decide differently (the engine would raise RuleConflict);
- adding a fact the answer did not read never changes its verdict or duties.
"""
import collections
import os

import pytest

import checker
from checker.facts import situation_of
from checker.tools import overlap
from tests.cases.checker.load import real_rulebook

ORDER, DATA = real_rulebook()
BOOK = checker.Book(DATA)
SECTIONS = ORDER.data["sections"]
MAX_PATHS = 4000   # the space is ~1,600 answers; more means the facts or rules exploded


def walk(start):
    """Every complete determination reachable from start by answering the questions."""
    finished, pending = [], [start]
    while pending:
        facts = pending.pop()
        result = checker.decide(facts, BOOK)
        if result["complete"]:
            finished.append((facts, result))
            continue
        assert len(result["questions"]) == 1
        question = result["questions"][0]
        assert question["fact"] not in facts, "asked a fact already given"
        pending += [dict(facts, **{question["fact"]: o["value"]}) for o in question["options"]]
        assert len(finished) + len(pending) < MAX_PATHS, "the fact space exploded"
    return finished


PATHS = walk({})


def key(result):
    return (result["verdict"], tuple(result["duties"]), tuple(sorted(result["cites"])),
            tuple(f["rule"] for f in result["findings"]),
            tuple(p["rule"] for p in result["provisions"]))


def test_every_path_ends_in_a_well_formed_answer():
    assert 1000 < len(PATHS) < MAX_PATHS
    for facts, result in PATHS[::5]:
        full = checker.decide(facts, BOOK, SECTIONS)
        assert full["complete"] and full["verdict"] in checker.VERDICTS
        assert all(cite in SECTIONS for cite in full["cites"])
        assert [q["id"] for q in full["quotes"]] == full["cites"]
        for quote in full["quotes"]:
            paragraphs = SECTIONS[quote["id"]]["paragraphs"]
            assert all(any(text in p for p in paragraphs) for text in quote["excerpts"])
        assert full["answer"] and (full["why"] or full["verdict"] == "conditional")
    for facts, result in PATHS:
        # asked only what mattered, and every answer is decided by a rule written for it
        assert sorted(facts) == sorted(d["fact"] for d in result["decided_by"]), facts
        assert result["unused"] == []
        assert result["findings"] or result["branches"], facts


def test_every_entry_topic_reaches_its_situations():
    topics = collections.Counter(facts["topic"] for facts, _ in PATHS)
    assert sorted(topics) == sorted(BOOK.topic_by_value)


def test_entry_independence():
    """Defect 4's class: the same situation, entered by any topic, gets the same answer."""
    by_situation = collections.defaultdict(set)
    for facts, result in PATHS:
        situation = situation_of(facts, BOOK)
        by_situation[tuple(sorted(situation.items()))].add(key(result))
        assert key(checker.decide(situation, BOOK)) == key(result), facts
    assert all(len(keys) == 1 for keys in by_situation.values())
    shared = 0
    for items, keys in by_situation.items():
        situation = dict(items)
        for topic in BOOK.entry["topics"]:
            facts = dict(situation, topic=topic["value"])
            if all(name in situation for name, _ in topic["sets"]) \
                    and not checker.fact_problems(facts, BOOK):
                shared += 1
                assert {key(checker.decide(facts, BOOK))} == keys, facts
    assert shared > len(by_situation)   # many situations are reachable from several topics


# Duties and prohibitions the order attaches to a situation, restated from its text: (name,
# when the situation meets this, what every answer to it must contain).
def _has(situation, **wanted):
    return all(situation.get(name) in (values if isinstance(values, tuple) else (values,))
               for name, values in wanted.items())


WORK_DEVICES = ("work_phone", "unit_computer", "other_work_device")
PHONES = ("work_phone", "personal_phone")
DUTIES = [
    ("C-5: whoever brings a device abroad owes the charges (defect 2)",
     lambda s: _has(s, activity="abroad"),
     lambda r: any("surcharges" in d for d in r["duties"]) and "C-5" in r["cites"]),
    ("A-5: official travellers with mobile data contact the ITU a week ahead",
     lambda s: _has(s, activity="abroad", travel_purpose="official_business", mobile_data="yes"),
     lambda r: "Contact the ITU at least one week before your departure date." in r["duties"]),
    ("A-7/B-4: a lost work phone or device is reported under DGO N-05 with a copy to ITU",
     lambda s: _has(s, activity="lost", device=WORK_DEVICES),
     lambda r: {"Report the loss or theft pursuant to DGO N-05.",
                "Send an information copy to ITU."} <= set(r["duties"])),
    ("A-7: a work phone one carries is kept secured",
     lambda s: _has(s, activity="carry", has_work_phone="yes"),
     lambda r: "Keep your work phone secured at all times." in r["duties"]),
    ("A-1/A-2: no carry duty without a phone (defect 1)",
     lambda s: _has(s, activity="carry", has_work_phone="no"),
     lambda r: r["verdict"] == "not_required"),
    ("A-6: material on a work phone that may relate to an investigation is evidence",
     lambda s: _has(s, activity="use", device="work_phone", purpose="evidence",
                    investigation_related="yes"),
     lambda r: "Handle the pictures, audio or messages as evidence." in r["duties"]),
    ("D-1: a supervisor's inspection outside a planned audit is documented",
     lambda s: _has(s, activity="inspect", device=WORK_DEVICES, examination="inspection",
                    examiner="supervisor_or_commander", planned_audit="no"),
     lambda r: any("memorandum to the Captain of Internal Affairs" in d for d in r["duties"])),
    ("D-2: the Integrity Unit documents its results in a quarterly memorandum",
     lambda s: _has(s, activity="inspect", device=WORK_DEVICES, examination="inspection",
                    examiner="iad_integrity_unit"),
     lambda r: any("quarterly memorandum to the IAD Commander" in d for d in r["duties"])),
    ("E-1: members joining outside the Academy sign off within 90 days",
     lambda s: _has(s, activity="training", joined_before_order="no", joined_via="outside_academy"),
     lambda r: any("PowerDMS within 90 days" in d for d in r["duties"])),
    ("E-1 says nothing of members serving before it (defect 6)",
     lambda s: _has(s, activity="training", joined_before_order="yes"),
     lambda r: r["verdict"] == "not_covered" and r["duties"] == []),
    ("C-1: no device to the point of distraction, any device, any vehicle",
     lambda s: _has(s, activity="use", distracting="yes"),
     lambda r: r["verdict"] == "prohibited"),
    ("C-1 reaches phones in any vehicle (defect 3)",
     lambda s: _has(s, activity="use", device=PHONES, vehicle="other_vehicle"),
     lambda r: r["verdict"] != "not_covered" and "C-1" in r["cites"] + [
         c for b in r["branches"] for c in b["cites"]]),
    ("C-2: no handheld phone driving a Department vehicle without exigent circumstances",
     lambda s: _has(s, activity="use", device=PHONES, vehicle="department_vehicle",
                    hands_free="no", exigent="no"),
     lambda r: r["verdict"] == "prohibited" and "C-2" in r["cites"]),
    ("C-3: Department business on a personal phone is limited to three exceptions",
     lambda s: _has(s, activity="use", device="personal_phone", purpose=("work", "evidence"))
     and not _has(s, business_activity="city_email")
     and not _has(s, business_activity="urgent_call_or_text", work_phone_access="no")
     and not _has(s, business_activity="administrative_business", has_work_phone="no"),
     lambda r: r["verdict"] == "prohibited"),
    ("C-4: never personal social media on a work device",
     lambda s: _has(s, activity="use", device=WORK_DEVICES, purpose="personal_social_media"),
     lambda r: r["verdict"] == "prohibited" and "C-4" in r["cites"]),
    ("C-4/B-2: no personal business on a work tablet, break or not (defect 5)",
     lambda s: _has(s, activity="use", device="other_work_device",
                    purpose=("personal_call", "personal_business")),
     lambda r: r["verdict"] == "prohibited" and "A-4" not in r["cites"]),
    ("C-5: no device abroad without the first-level commander's permission",
     lambda s: _has(s, activity="abroad", commander_permission="no"),
     lambda r: r["verdict"] == "prohibited"),
]


@pytest.mark.parametrize("name, applies, holds", DUTIES, ids=[d[0] for d in DUTIES])
def test_every_applicable_duty_is_present(name, applies, holds):
    met = [(facts, result) for facts, result in PATHS
           if applies(situation_of(facts, BOOK)) and result["verdict"] != "conditional"]
    assert met, "no path reaches this situation"
    assert [facts for facts, result in met if not holds(result)] == []


def test_no_unlabelled_overlap():
    assert overlap.conflicts(DATA) == []
    verdicts = {r["verdict"] for _, r in PATHS}
    assert {"required", "not_required", "permitted", "prohibited", "obligation", "conditional",
            "not_covered"} == verdicts


def test_a_fact_the_answer_did_not_read_changes_no_verdict_or_duty():
    checked = 0
    for facts, result in PATHS[::40]:
        situation = situation_of(facts, BOOK)
        for name in BOOK.topic_facts(facts["topic"]):
            if name in situation:
                continue
            for value in checker.allowed_values(name, BOOK):
                more = checker.decide(dict(facts, **{name: value}), BOOK)
                checked += 1
                if more["complete"] and more["verdict"] != "conditional" \
                        and result["verdict"] != "conditional":
                    assert (more["verdict"], more["duties"]) == \
                        (result["verdict"], result["duties"]), (facts, name, value)
    assert checked > 300
