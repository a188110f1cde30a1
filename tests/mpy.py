"""Run Python under MicroPython (the npm build the site ships) from CPython tests.

The same portable packages the browser loads are copied into MicroPython's file system, so a
test can prove that a module behaves identically in both runtimes.
"""
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNNER = os.path.join(ROOT, "tests", "mpy_runner.mjs")
CPYTHON_ONLY = ("__main__.py", "site_build.py")


class MicroPythonError(AssertionError):
    """The script raised under MicroPython; the message holds its traceback."""


def package_files(package):
    """{relative path: text} of the portable modules of a repo package (as the site ships them)."""
    files = {}
    base = os.path.join(ROOT, package)
    for folder, _dirs, names in os.walk(base):
        for name in names:
            if name.endswith(".py") and not _cpython_only(name):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    files[os.path.relpath(path, ROOT).replace(os.sep, "/")] = handle.read()
    return files


def _cpython_only(name):
    return name in CPYTHON_ONLY or name.startswith("cli")


def run_micropython(script, packages=("checker",), files=None, timeout=120):
    """stdout of script run under MicroPython with packages importable and files written."""
    all_files = {}
    for package in packages:
        all_files.update(package_files(package))
    all_files.update(files or {})
    job = json.dumps({"files": all_files, "script": script})
    done = subprocess.run(["node", RUNNER], input=job, capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)
    if done.returncode != 0:
        raise MicroPythonError(f"MicroPython failed:\n{done.stderr}\n--- stdout ---\n{done.stdout}")
    return done.stdout
