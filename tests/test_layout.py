"""The import graph goes one way (DEVELOPING.md): model imports nothing of ours but itself;
the engines import model; CPython-only tools/ import their engine and model.tools; web imports
the engines and model; no package imports build_scripts; portable code never imports tools/
(it would not be shipped to the browser)."""
import ast
import os

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
