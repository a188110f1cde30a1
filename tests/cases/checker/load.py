"""Load the checker's case files (the YAML beside this module) for the CPython, MicroPython
and browser tests, which must all replay the very same cases."""
import glob
import os

import yaml

FOLDER = os.path.dirname(os.path.abspath(__file__))


def load_cases(folder=FOLDER):
    """[{name, facts, verdict?, cites?, rules?, provisions?, asks?, file}] from every *.yaml in
    folder, in file order."""
    cases = []
    for path in sorted(glob.glob(os.path.join(folder, "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            for case in yaml.safe_load(handle)["cases"]:
                cases.append(dict(case, file=os.path.basename(path)))
    return cases


def expected(case):
    """What a determination must show for case: verdict, cited sections (as a set), the
    rules that decide, the provisions listed (when the case names them), or the question."""
    if "asks" in case:
        return {"verdict": None, "cites": [], "rules": [], "asks": case["asks"]}
    shown = {"verdict": case["verdict"], "cites": sorted(case["cites"]),
             "rules": sorted(case.get("rules", [])), "asks": None}
    if "provisions" in case:
        shown["provisions"] = sorted(case["provisions"])
    return shown


def observed(determination, case):
    """The same keys, read from a determination (in any runtime)."""
    questions = determination["questions"]
    shown = {"verdict": determination["verdict"], "cites": sorted(determination["cites"]),
             "rules": sorted(f["rule"] for f in determination["findings"]),
             "asks": questions[0]["fact"] if questions else None}
    if "provisions" in case and "asks" not in case:
        shown["provisions"] = sorted(p["rule"] for p in determination["provisions"])
    return shown


_CACHE = {}


def real_rulebook():
    """(order, rulebook data) of DGO I-19, the order these cases are written from (loaded
    once per test process: the YAML loader is pure Python)."""
    if "real" not in _CACHE:
        from checker.tools.rules_source import load_rulebook
        from model.tools.orders import load_orders
        order = [o for o in load_orders() if o.slug == "dgo-i-19"][0]
        _CACHE["real"] = (order, load_rulebook(order))
    return _CACHE["real"]
