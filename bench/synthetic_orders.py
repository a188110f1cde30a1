"""Synthetic General Orders for the benchmark: a department has hundreds, the repo has one.

`write_orders(folder, count)` writes the real DGO I-19 source plus count-1 invented orders
(same schema: five parts of six sections, ~30 subsections, paragraphs, lists, internal
references) into folder. Their words are drawn from I-19's own vocabulary with a fixed seed,
so the search index grows like a real manual's and every run builds the same site. They are
only ever built into temporary folders (POLICY_DESK_POLICIES); never into policies/.

    .venv/bin/python -m bench.synthetic_orders 100 /tmp/orders-100
"""
import glob
import os
import random
import re
import shutil
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL_ORDER = os.path.join(ROOT, "policies", "dgo-i-19.yaml")
PART_IDS = "ABCDE"
SECTIONS_PER_PART = 6
WORD = re.compile(r"[A-Za-z][a-z]{2,}")


def write_orders(folder, count, seed=19):
    """The real order plus count-1 synthetic ones in folder (created); returns the folder."""
    os.makedirs(folder, exist_ok=True)
    for path in [REAL_ORDER] + companion_files():
        shutil.copy(path, os.path.join(folder, os.path.basename(path)))
    words = vocabulary()
    rng = random.Random(seed)
    for number in range(1, count):
        order = synthetic_order(number, words, rng)
        with open(os.path.join(folder, f"dgo-x-{number}.yaml"), "w", encoding="utf-8") as handle:
            yaml.safe_dump(order, handle, sort_keys=False, allow_unicode=True, width=100)
    return folder


def companion_files():
    """The real order's companion data (<slug>.<kind>.yaml: its rules, its audit settings…),
    which its helper, quiz and audit pages need."""
    stem = os.path.splitext(REAL_ORDER)[0]
    return sorted(glob.glob(glob.escape(stem) + ".*.yaml"))


def vocabulary():
    with open(REAL_ORDER, encoding="utf-8") as handle:
        return sorted(set(WORD.findall(handle.read())))


def synthetic_order(number, words, rng):
    return {
        "series": "DGO",
        "number": f"X-{number}",
        "title": f"Synthetic Order {number}: {phrase(words, rng, 3).title()}",
        "status": "draft",
        # Optional in the schema, but templates/order.md.j2 reads them (StrictUndefined).
        "date_signed": None,
        "signature": {"preface": "By order of", "name": "Benchmark Generator",
                      "title": "Chief of Police", "date_label": "Date Signed: _____________"},
        "purpose": [sentence(words, rng)],
        "parts": [synthetic_part(part_id, words, rng) for part_id in PART_IDS],
        "footnotes": [], "abbreviations": [], "references": [],
    }


def synthetic_part(part_id, words, rng):
    sections = []
    for index in range(1, SECTIONS_PER_PART + 1):
        body = [sentence(words, rng) for _ in range(rng.randint(1, 3))]
        if index > 1 and rng.random() < 0.3:
            body.append(f"{sentence(words, rng)[:-1]}, as set out in [[{part_id}-{index - 1}]].")
        if rng.random() < 0.25:
            body.append({"list": [sentence(words, rng) for _ in range(rng.randint(2, 4))]})
        sections.append({"id": f"{part_id}-{index}", "title": phrase(words, rng, 3).title(),
                         "body": body})
    return {"id": part_id, "title": phrase(words, rng, 2).upper(), "sections": sections}


def phrase(words, rng, length):
    return " ".join(rng.choice(words).lower() for _ in range(length))


def sentence(words, rng):
    text = phrase(words, rng, rng.randint(12, 40))
    return text[0].upper() + text[1:] + "."


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bench.synthetic_orders COUNT FOLDER")
    print(write_orders(sys.argv[2], int(sys.argv[1])))
