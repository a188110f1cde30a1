"""Run Python under MicroPython (the npm build the site ships) from CPython tests.

The same portable packages the browser loads are copied into MicroPython's file system, so a
test can prove that a module behaves identically in both runtimes.
"""
import base64
import json
import os
import subprocess

from model.tools.layout import read_modules

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNNER = os.path.join(ROOT, "tests", "mpy_runner.mjs")


class MicroPythonError(AssertionError):
    """The script raised under MicroPython; the message holds its traceback."""


def run_micropython(script, packages=("checker",), files=None, timeout=120, binary_files=None):
    """stdout of script run under MicroPython with packages (and model, which every package
    uses) importable, as the site ships them (model.tools.layout), and files ({path: text})
    and binary_files ({path: bytes}, e.g. compiled .mpy modules) written."""
    all_files = read_modules(tuple(dict.fromkeys(("model",) + tuple(packages))))
    all_files.update(files or {})
    binary = {path: base64.b64encode(data).decode("ascii") for path, data in (binary_files or {}).items()}
    job = json.dumps({"files": all_files, "binary": binary, "script": script})
    done = subprocess.run(["node", RUNNER], input=job, capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)
    if done.returncode != 0:
        raise MicroPythonError(f"MicroPython failed:\n{done.stderr}\n--- stdout ---\n{done.stdout}")
    return done.stdout
