"""Load the checker's case files (the YAML beside this module) for the CPython, MicroPython
and browser tests, which must all replay the very same cases."""
import glob
import os

import yaml

FOLDER = os.path.dirname(os.path.abspath(__file__))


def load_cases():
    """[{name, facts, verdict?, cites?, asks?, file}] from every *.yaml here, in file order."""
    cases = []
    for path in sorted(glob.glob(os.path.join(FOLDER, "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            for case in yaml.safe_load(handle)["cases"]:
                cases.append(dict(case, file=os.path.basename(path)))
    return cases


def expected(case):
    """What a determination must show for case: verdict and cites, or the question asked."""
    if "asks" in case:
        return {"verdict": None, "cites": [], "asks": case["asks"]}
    return {"verdict": case["verdict"], "cites": case["cites"], "asks": None}


def observed(determination):
    """The same three keys, read from a determination (in any runtime)."""
    questions = determination["questions"]
    return {"verdict": determination["verdict"], "cites": determination["cites"],
            "asks": questions[0]["fact"] if questions else None}
