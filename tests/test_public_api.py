"""Each package's public API is spelled out in its __init__.py's __all__ (httpx's habit): every
name there exists, and nothing public beyond it leaks (submodules aside: importing one makes it
an attribute of its package)."""
import importlib
import inspect

import pytest

from model.tools.layout import PACKAGES


@pytest.mark.parametrize("name", PACKAGES)
def test_public_names_equal_all(name):
    package = importlib.import_module(name)
    declared = list(getattr(package, "__all__", []))
    assert len(declared) == len(set(declared)), "a name is listed twice"
    assert all(hasattr(package, n) for n in declared), [n for n in declared if not hasattr(package, n)]
    public = {n for n, value in vars(package).items()
              if not n.startswith("_") and not inspect.ismodule(value)}
    assert public == {n for n in declared if not inspect.ismodule(getattr(package, n))}
