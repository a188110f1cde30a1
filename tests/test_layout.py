"""The import graph goes one way (DEVELOPING.md): model imports nothing of ours but itself;
the engines import model; CPython-only tools/ import their engine and model.tools; web imports
the engines and model; no package imports build_scripts; portable code never imports tools/
(it would not be shipped to the browser)."""
import ast
import json
import os
import subprocess
import sys

import pytest

from model.tools.layout import PACKAGES, ROOT, is_portable

OURS = set(PACKAGES) | {"build_scripts", "bench", "tests"}


def modules():
    for package in PACKAGES:
        for folder, dirs, names in os.walk(os.path.join(ROOT, package)):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in names:
                if name.endswith(".py"):
                    yield os.path.relpath(os.path.join(folder, name), ROOT).replace(os.sep, "/")


def imported(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def allowed(path, name):
    top = name.split(".")[0]
    package = path.split("/")[0]
    if top not in OURS:
        return True                      # the standard library, PyYAML, js, pyscript…
    if top in ("build_scripts", "bench", "tests"):
        return False
    if ".tools" in "." + name.partition(".")[2] + "." or name.endswith(".tools"):
        return not is_portable(path)      # only CPython-only code uses tools
    order = {"model": 0, "checker": 1, "quiz": 1, "audit": 1, "web": 2}
    return top == package or order[top] < order[package]


@pytest.mark.parametrize("path", sorted(modules()))
def test_imports_go_one_way(path):
    wrong = [name for name in imported(path) if not allowed(path, name)]
    assert not wrong, f"{path} imports {wrong}"


def test_the_rule_can_fail():
    assert not allowed("model/quotes.py", "quiz.bank")            # model is the bottom
    assert not allowed("quiz/verify.py", "quiz.tools.records")    # portable code, tools
    assert not allowed("checker/tools/cli.py", "build_scripts.render")
    assert allowed("quiz/tools/cli.py", "model.tools.cli")


# The loader imports an app's modules one per task (model.tools.layout.import_order). Here
# CPython does those imports, in that order, in a fresh interpreter (js and jsffi stand-ins,
# which nothing runs at import), and reports what each step loaded: importing a module first
# runs its package's __init__, so a step that loads another package's modules too means that
# package came too late, and a longer task on the phone.
STEPS = """
import sys, types
class Stand(types.ModuleType):
    def __getattr__(self, name):
        return lambda *args, **kwargs: None
sys.modules["js"], sys.modules["jsffi"] = Stand("js"), Stand("jsffi")
import importlib, json
ours = lambda: {name for name in sys.modules if name.split(".")[0] in %(packages)r}
for name in %(steps)r:
    before = ours()
    importlib.import_module(name)
    print(json.dumps([name, sorted(ours() - before)]))
"""


def loaded_per_step(steps):
    script = STEPS % {"packages": list(PACKAGES), "steps": steps}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def other_packages(name, loaded):
    package = name.rsplit(".", 1)[0] if name not in PACKAGES else name
    return [module for module in loaded
            if (module.rsplit(".", 1)[0] if module not in PACKAGES else module) != package]


@pytest.mark.parametrize("app", ["helper", "quiz", "audit"])
def test_each_start_up_step_loads_one_package(app):
    from model.tools.runtime import module_imports
    steps = module_imports(f"web/{app}_app.py")
    per_step = loaded_per_step(steps)
    assert [name for name, _ in per_step] == steps
    assert all(name in loaded or not loaded for name, loaded in per_step)
    assert {name: other_packages(name, loaded) for name, loaded in per_step
            if other_packages(name, loaded)} == {}


def test_a_step_that_loads_two_packages_is_found():
    per_step = loaded_per_step(["checker.verdicts"])    # before model: checker's __init__ loads it
    assert other_packages(*per_step[0])
