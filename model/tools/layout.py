"""Which modules of a package are portable (shipped to the browser): the rule, written once.

A package keeps its portable engine at the top and its CPython-only code (command lines,
YAML loaders, site-data builders) under `tools/`; `__main__.py` only starts the command line.
So: every `*.py` of the package except `__main__.py` and anything under `tools/` is shipped.
The build (build_scripts/apps.py) and the MicroPython tests (tests/mpy.py) both ask here.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGES = ("model", "checker", "quiz", "audit", "web")  # the project's Python packages
CPYTHON_ONLY_FOLDER = "tools"
CPYTHON_ONLY_FILES = ("__main__.py",)


def is_portable(path: str) -> bool:
    """path: a repo-relative module path such as 'quiz/tools/cli.py' or 'quiz/grade.py'."""
    parts = path.replace(os.sep, "/").split("/")
    return (parts[-1].endswith(".py") and parts[-1] not in CPYTHON_ONLY_FILES
            and CPYTHON_ONLY_FOLDER not in parts[1:-1] and "__pycache__" not in parts)


def portable_modules(package: str) -> list[str]:
    """Repo-relative paths of the package's portable modules, sorted."""
    base = os.path.join(ROOT, package)
    if not os.path.isdir(base):
        raise FileNotFoundError(f"no package {package!r} in {ROOT}")
    modules = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", CPYTHON_ONLY_FOLDER))
        for name in sorted(names):
            path = os.path.relpath(os.path.join(folder, name), ROOT).replace(os.sep, "/")
            if is_portable(path):
                modules.append(path)
    return modules


def read_modules(packages: list[str] | tuple[str, ...]) -> dict[str, str]:
    """{repo path: source text} of the portable modules of packages."""
    files = {}
    for package in packages:
        for path in portable_modules(package):
            with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
                files[path] = handle.read()
    return files
