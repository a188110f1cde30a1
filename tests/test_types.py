"""Habits of the CPython-only code: the pinned type checker passes, and every public function
says what it takes and returns (so a reader of a tool need not read its body)."""
import ast
import glob
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# CPython-only code (model.tools.layout's rule): the build and every package's tools/.
TYPED = ["build_scripts/*.py", "model/tools/*.py", "checker/tools/*.py", "quiz/tools/*.py",
         "audit/tools/*.py"]


def test_mypy_passes():
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", "mypy.ini"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def public_functions(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            yield node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            yield from (item for item in node.body if isinstance(item, ast.FunctionDef)
                        and (not item.name.startswith("_") or item.name == "__init__"))


def unannotated(function):
    args = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
    missing = [a.arg for a in args if a.annotation is None and a.arg not in ("self", "cls")]
    if function.returns is None:
        missing.append("return")
    return missing


def typed_files():
    return sorted(p for pattern in TYPED for p in glob.glob(os.path.join(ROOT, pattern)))


@pytest.mark.parametrize("path", typed_files(), ids=lambda p: os.path.relpath(p, ROOT))
def test_public_functions_of_cpython_only_code_have_type_hints(path):
    missing = {f"{f.name} (line {f.lineno})": unannotated(f) for f in public_functions(path)
               if unannotated(f)}
    assert not missing, missing


def test_the_checker_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f(x: int) -> str:\n    return x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(bad)], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "Incompatible return value" in done.stdout
