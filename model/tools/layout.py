"""Which modules of a package are portable (shipped to the browser): the rule, written once.

A package keeps its portable engine at the top and its CPython-only code (command lines,
YAML loaders, site-data builders) under `tools/`; `__main__.py` only starts the command line.
So: every `*.py` of the package except `__main__.py` and anything under `tools/` is shipped.
The build (build_scripts/apps.py), the quiz's SCORM package (quiz/tools/package.py) and the
MicroPython tests (tests/mpy.py) all ask here, and imported_modules says which of them an app
actually loads.
"""
import ast
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


def all_portable_modules() -> set[str]:
    """Every portable module of the project's packages."""
    return {path for package in PACKAGES for path in portable_modules(package)}


def imported_modules(main: str, shipped: set[str]) -> list[str]:
    """Repo paths of the shipped modules that main imports, followed through each module."""
    found: set[str] = set()
    todo = [main]
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        todo += [module for module in _import_targets(path) if module in shipped]
    return sorted(found & (shipped | {main}))


def _import_targets(path: str) -> list[str]:
    """Candidate repo paths of what the module at path imports, at any depth of its code.

    `import a.b` and `from a.b import c` run a/__init__.py and a/b(.py or /__init__.py); c may
    be a module too. Names that are not our modules (json, pyscript…) simply match nothing.
    """
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute_module(path, node)
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    targets = []
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            targets += [prefix + "/__init__.py", prefix + ".py"]
    return targets


def _absolute_module(path: str, node: ast.ImportFrom) -> str:
    """The dotted module a `from … import` names, relative imports resolved against path."""
    if not node.level:
        return node.module or ""
    package = path.split("/")[:-1]
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))
