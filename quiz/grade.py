"""Grading: a question counts only when exactly the correct options are chosen."""
from quiz.bank import correct_ids, question_map


def is_correct(question, chosen):
    return sorted(chosen) == correct_ids(question)


def passes(correct, total, pass_mark):
    """Whole-number arithmetic, so 12/15 against 80 % is exact in every runtime."""
    return total > 0 and correct * 100 >= pass_mark * total


def percent_text(correct, total):
    """'93.3': one decimal, rounded half up, without floats (records must be float-free)."""
    if total <= 0:
        return "0.0"
    tenths = (correct * 1000 + total // 2) // total
    return "%d.%d" % (tenths // 10, tenths % 10)


def grade(bank, drawn, answers):
    """{"marks": [bool per question], "correct", "total", "percent", "passed"}."""
    questions = question_map(bank)
    marks = [is_correct(questions[item["id"]], answer) for item, answer in zip(drawn, answers)]
    correct = len([mark for mark in marks if mark])
    total = len(drawn)
    return {"marks": marks, "correct": correct, "total": total,
            "percent": percent_text(correct, total),
            "passed": passes(correct, total, bank["pass_mark"])}
