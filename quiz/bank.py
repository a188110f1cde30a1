"""Read-only helpers over a question bank in its JSON form (what the browser loads).

The bank JSON is built from quiz/bank/<slug>.yaml by cli_bank.build_bank; its shape:
    slug, order {series, number, title, version, url}, parts {A: title}, sections
    {id: {heading, url}}, pass_mark, draw {size, per_part},
    attempts {allowed, wait_minutes, later_wait_minutes} (quiz/attempts.py), attestation,
    questions [{id, kind, style, cites, prompt, options [{id, text, correct}],
                explanation, quotes [{section, text}]}], version
"""
from model.canonical import version_id, without

KINDS = ("single", "multiple", "true_false")
TRUE_FALSE_OPTIONS = (("true", "True"), ("false", "False"))


def bank_version(bank):
    """12-hex digest of everything in the bank except its own version field and the date an
    archive copy records (quiz/tools/archive.py)."""
    return version_id(without(without(bank, "version"), "archived_at"))


def question_map(bank):
    questions = {}
    for question in bank["questions"]:
        questions[question["id"]] = question
    return questions


def correct_ids(question):
    return sorted(option["id"] for option in question["options"] if option["correct"])


def option_text(question, option_id):
    for option in question["options"]:
        if option["id"] == option_id:
            return option["text"]
    return None


def question_parts(question):
    """The parts a question tests: 'C-7' -> 'C'. A question may test more than one part."""
    return sorted(set(cite.split("-")[0] for cite in question["cites"]))


def part_ids(bank):
    return sorted(bank["parts"])
