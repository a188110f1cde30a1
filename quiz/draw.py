"""Drawing an attempt's questions: every part represented, shuffled, options shuffled."""
from quiz.bank import part_ids, question_parts


def draw_questions(bank, rng, avoid=()):
    """[{"id", "options": [option ids in display order]}] for one attempt.

    At least bank["draw"]["per_part"] questions test each part, the rest are drawn from the
    whole bank; questions in `avoid` (seen in earlier attempts) are used only when a part
    has no fresh ones left, so a retake is a new draw.
    """
    size = bank["draw"]["size"]
    chosen = _cover_parts(bank, rng, avoid)
    while len(chosen) < size:
        pick = _pick([q for q in bank["questions"] if q["id"] not in chosen], avoid, rng)
        if pick is None:
            break
        chosen.append(pick)
    by_id = {}
    for question in bank["questions"]:
        by_id[question["id"]] = question
    return [{"id": qid, "options": option_order(by_id[qid], rng)} for qid in rng.shuffled(chosen)]


def _cover_parts(bank, rng, avoid):
    chosen = []
    for part in part_ids(bank):
        testing = [q for q in bank["questions"] if part in question_parts(q)]
        needed = bank["draw"]["per_part"] - len([q for q in testing if q["id"] in chosen])
        for _ in range(needed):
            pick = _pick([q for q in testing if q["id"] not in chosen], avoid, rng)
            if pick is not None:
                chosen.append(pick)
    return chosen


def _pick(candidates, avoid, rng):
    """A random candidate id, preferring ones not in avoid; None when there are none."""
    if not candidates:
        return None
    fresh = [q for q in candidates if q["id"] not in avoid]
    return rng.choice(fresh or candidates)["id"]


def option_order(question, rng):
    # True/False stays in its familiar order; shuffling it only confuses.
    ids = [option["id"] for option in question["options"]]
    return ids if question["kind"] == "true_false" else rng.shuffled(ids)
